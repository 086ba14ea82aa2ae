"""Ilford's declared ties (fictional), so that its network before and after the day differs.

Before the day (12 March 2026) teams worked in silos: housing, police and community safety,
children's services, domestic abuse and mental health each tied within, joined to the others
by one team at a time. The day's tables and check-ins add ties across those silos; a few teams
declared new ties in the months after. Idempotent: one declared tie per pair of teams.
"""

import datetime
import logging

from joinedup.core.demo import register_demo_loader
from joinedup.directory.models import Service
from joinedup.network.models import DeclaredTie

logger = logging.getLogger(__name__)
W, M, N = (DeclaredTie.HowOften.WEEKLY, DeclaredTie.HowOften.MONTHLY, "now_and_then")
BEFORE = datetime.date(2026, 1, 20)
AFTER = datetime.date(2026, 5, 6)
IDVA = "Independent Domestic Violence Advisers (IDVA)"
CMHT = "Redbridge Community Mental Health Team"

# (team, works with, how often, declared on)
DECLARED = [
    # housing
    ("Housing Options and Homelessness Prevention", "Tenancy Sustainment Team", W, BEFORE),
    ("Housing Options and Homelessness Prevention", "Rough Sleeping Outreach", W, BEFORE),
    ("Rough Sleeping Outreach", "Homelessness and Rough Sleeping Strategy", M, BEFORE),
    # police and community safety
    ("Ilford Neighbourhood Policing Team", "Violence Suppression Unit", W, BEFORE),
    ("Ilford Neighbourhood Policing Team", "Safer Schools Officers", W, BEFORE),
    ("Ilford Neighbourhood Policing Team", "Anti-social Behaviour Team", W, BEFORE),
    ("Anti-social Behaviour Team", "Community Safety Partnership", M, BEFORE),
    ("Community Safety Partnership", "Violence Reduction and Safeguarding Strategy", M, BEFORE),
    # the one bridge between housing and the police
    ("Anti-social Behaviour Team", "Tenancy Sustainment Team", N, BEFORE),
    # children
    ("Multi-Agency Safeguarding Hub (MASH)", "Children's Assessment Service", W, BEFORE),
    ("Multi-Agency Safeguarding Hub (MASH)", "Early Help Family Support", W, BEFORE),
    ("Children's Assessment Service", "Children Looked After and Care Leavers", M, BEFORE),
    ("Multi-Agency Safeguarding Hub (MASH)", "Child Abuse Investigation Team", W, BEFORE),
    ("Child Abuse Investigation Team", "Ilford Neighbourhood Policing Team", M, BEFORE),
    # domestic abuse
    (IDVA, "Domestic Abuse and MARAC Coordination", W, BEFORE),
    ("Domestic Abuse and MARAC Coordination", "Domestic Abuse Investigation Unit", W, BEFORE),
    (IDVA, "Safe Haven Refuge", M, BEFORE),
    ("Domestic Abuse Investigation Unit", "Ilford Neighbourhood Policing Team", M, BEFORE),
    # mental health
    (CMHT, "Crisis Resolution and Home Treatment Team", W, BEFORE),
    ("Crisis Resolution and Home Treatment Team", "Mental Health Street Triage", W, BEFORE),
    ("Mental Health Street Triage", "Ilford Neighbourhood Policing Team", M, BEFORE),
    ("Mental Health and Addiction Policy", CMHT, N, BEFORE),
    # after the day: what people said they now do together
    ("Housing Options and Homelessness Prevention", "Jobcentre Plus Ilford Work Coaches", M, AFTER),
    ("Youth Justice Service", "School Inclusion and Attendance", M, AFTER),
    ("Safe Haven Refuge", "Housing Options and Homelessness Prevention", M, AFTER),
    ("Adult Drug and Alcohol Treatment", "Rough Sleeping Outreach", W, AFTER),
]  # fmt: skip


@register_demo_loader
def load_network_demo(demo) -> None:
    place = demo.places["ilford"]
    convenor = demo.users.get("convenor")
    teams = {s.name: s for s in Service.objects.filter(place=place)}
    missing = sorted({n for row in DECLARED for n in row[:2] if n not in teams})
    if missing:
        logger.warning("Network demo: no team named %s in Ilford; skipped.", ", ".join(missing))
    for team, works_with, how_often, day in DECLARED:
        if team in teams and works_with in teams:
            DeclaredTie.objects.update_or_create(
                team=teams[team],
                works_with=teams[works_with],
                defaults={
                    "place": place,
                    "how_often": how_often,
                    "how_useful": DeclaredTie.HowUseful.USEFUL,
                    "declared_by": convenor,
                    "declared_on": day,
                },
            )
