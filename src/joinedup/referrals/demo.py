"""Demo referrals in Ilford: one in every state, some overdue, one escalated, one erased.

Idempotent: each demo referral has a fixed reference and is made only when missing; nothing a
person changed is touched. The people are fictional.
"""

import datetime

from django.utils import timezone

from joinedup.core.demo import register_demo_loader
from joinedup.pathways import demo as _pathways_demo  # noqa: F401  (the pathways load first)
from joinedup.pathways.models import PathwayVersion, Step
from joinedup.referrals import services
from joinedup.referrals.models import ReceiverTeam, Referral

# reference, person, contact, hours ago sent, what happened (with hours after sending)
DEMO = [
    ("R-DEMO01", "Tariq Example", "07700 900101", 2, []),
    # 72 working hours is 9 working days: two weeks ago is overdue
    ("R-DEMO02", "Bella Sample", "07700 900102", 24 * 14, [("open", 5)]),
    ("R-DEMO03", "Kofi Placeholder", "07700 900103", 24 * 16, [("sweep", 24 * 15)]),
    ("R-DEMO04", "Mina Fiction", "07700 900104", 24 * 4, [("open", 3), ("accept", 20)]),
    ("R-DEMO05", "Owen Madeup", "07700 900105", 24 * 6, [("open", 2), ("decline", 6)]),
    ("R-DEMO06", "Sofia Invented", "07700 900106", 24 * 20, [("accept", 8), ("complete", 24 * 12)]),
    ("R-DEMO07", "Leo Notreal", "07700 900107", 24 * 3, [("withdraw", 4)]),
    ("R-DEMO08", "Nia Pretend", "07700 900108", 24 * 40, [("sweep", 24 * 31)]),
    ("R-DEMO09", "Hugo Imaginary", "07700 900109", 24 * 130, [("accept", 6), ("complete", 48)]),
]


def _early_help_step(place):
    return (
        Step.objects.filter(
            place=place,
            route_how=Step.How.JOINEDUP,
            version__status=PathwayVersion.Status.PUBLISHED,
            version__pathway__need__code="child-at-risk",
        )
        .select_related("version__pathway__need", "escalate_to")
        .first()
    )


@register_demo_loader
def load_referrals_demo(demo) -> None:
    """Link the demo receiver to Ilford Early Help and send the demo referrals that are missing."""
    place = demo.places.get("ilford")
    referrer, receiver = demo.users.get("practitioner"), demo.users.get("receiver")
    if place is None or referrer is None or receiver is None:
        return
    step = _early_help_step(place)
    if step is None or not step.services.exists():
        return  # someone changed the demo pathway: leave it be
    team = step.services.order_by("name").first()
    ReceiverTeam.objects.get_or_create(place=place, user=receiver, service=team)
    school = (
        Step.objects.filter(place=place, version=step.version, level=1)
        .first()
        .services.order_by("name")
        .first()
    )
    existing = set(Referral.objects.filter(place=place).values_list("reference", flat=True))
    now = timezone.now()
    for reference, name, contact, hours_ago, story in DEMO:
        if reference in existing:
            continue
        sent = now - datetime.timedelta(hours=hours_ago)
        referral = services.send_referral(
            place=place,
            referrer=referrer,
            to_service=team,
            need=step.version.pathway.need,
            level=step.level,
            step=step,
            source=Referral.Source.PLAN,
            person_name=name,
            person_contact=contact,
            person_age="11",
            consent=Referral.Consent.GIVEN,
            referrer_contact="020 7946 0321",
            reason="Attendance has fallen below 80% this term; the parent asked for help "
            "with morning routines.",
            how_to_engage="Call the parent after 3pm; they prefer a home visit to the office.",
            from_service=school,
            now=sent,
        )
        Referral.objects.filter(pk=referral.pk).update(reference=reference)
        referral.reference = reference
        for what, after in story:
            at = sent + datetime.timedelta(hours=after)
            if what == "sweep":
                services.send_due_referral_reminders(now=at)
            elif what == "open":
                services.open_referral(referral=referral, actor=receiver, now=at)
            elif what == "accept":
                services.accept_referral(referral=referral, actor=receiver, now=at)
            elif what == "decline":
                services.decline_referral(
                    referral=referral, actor=receiver, reason="below-threshold", now=at
                )
            elif what == "complete":
                services.complete_referral(
                    referral=referral, actor=receiver, outcome="got-help", now=at
                )
            elif what == "withdraw":
                services.withdraw_referral(referral=referral, actor=referrer, now=at)
    # R-DEMO09 closed long ago: its details go as they would in production
    services.erase_referral_details(now=now)
