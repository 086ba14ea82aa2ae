"""The national view: every place side by side, for strategists, as aggregates only.

It gathers from every app below it (events and attendance, sectors present and missing,
actions, pathway alignment findings, referral loop figures, the network), so
it lives here in network, the highest app layer that needs them all. Counts from 1 to 4 are
withheld ("fewer than 5"): at that size a count can point at a person or a story. Nothing
here names a person, a team or a case study; sector and finding kinds are categories.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from joinedup.directory.models import TaxonomyTerm
from joinedup.events.models import Event, Invitation
from joinedup.followup.models import Action
from joinedup.network import services
from joinedup.pathways.checks import KINDS
from joinedup.pathways.kits import findings_for_place
from joinedup.referrals.figures import loop_figures
from joinedup.referrals.models import Referral

SUPPRESS_BELOW = 5
WITHHELD = "fewer than 5"
KIND_LABELS = {
    "bounce": "Bounces between services",
    "escalation_bounce": "Escalations that bounce back",
    "dead_end": "Dead ends",
    "inactive_service": "Inactive services in a pathway",
    "no_escalation": "Steps with no escalation",
    "escalation_cycle": "Escalation cycles",
    "level_gap": "Levels of need with no step",
    "no_response_target": "Steps with no response target",
    "slower_when_worse": "Slower when the need is worse",
}


def withhold(value: int) -> int | None:
    """The count, or None when it is 1 to 4."""
    return None if 0 < value < SUPPRESS_BELOW else value


@dataclass
class Measure:
    group: str
    label: str
    values: list = field(default_factory=list)  # one per place: int, None (withheld) or text


def _referral_figures(place) -> dict:
    """The loop figures of a place's referrals (referrals/figures.py), none from fewer than 5
    referrals: how many were sent, hours to the first answer, answered in time, loops closed."""
    figures = loop_figures(Referral.objects.filter(place=place), withhold=True)

    def percent(share):
        return None if share is None else round(100 * share)

    return {
        "Referrals sent": withhold(figures.referrals),
        "Median hours to the first answer": (
            None if figures.median_hours is None else round(figures.median_hours, 1)
        ),
        "Answered in time (%)": percent(figures.in_time_share),
        "Loops closed (%)": percent(figures.closed_share),
    }


def national_view(*, places, today=None) -> tuple[list, list[Measure]]:
    """Return (places, measures): each measure holds one value per place, in the order given."""
    places = list(places)
    today = today or timezone.localdate()
    sectors = list(TaxonomyTerm.objects.sectors().exclude(code="").values_list("code", "name"))
    measures: dict[tuple[str, str], Measure] = {}

    def put(group: str, label: str, index: int, value) -> None:
        measure = measures.setdefault((group, label), Measure(group, label, [0] * len(places)))
        measure.values[index] = value

    network = services.across_places(places=places)
    for index, place in enumerate(places):
        events = Event.objects.filter(place=place)
        put("Events", "Events", index, events.count())
        put(
            "Events",
            "Events held",
            index,
            events.filter(status__in=[Event.Status.HELD, Event.Status.OUTPUTS_PUBLISHED]).count(),
        )
        invitations = Invitation.objects.filter(place=place)
        put("Events", "People invited", index, withhold(invitations.count()))
        came = invitations.filter(status=Invitation.Status.ATTENDED)
        put("Events", "People who came", index, withhold(came.count()))

        present = set(came.exclude(sector="").values_list("sector", flat=True).distinct())
        put("Sectors", "Sectors that came", index, len(present & {c for c, _ in sectors}))
        missing = [name for code, name in sectors if code not in present]
        put("Sectors", "Sectors missing", index, "; ".join(missing) or "None")

        actions = Action.objects.filter(place=place).aggregate(
            open=Count("pk", filter=Q(status__in=["not_started", "in_progress"])),
            done=Count("pk", filter=Q(status="done")),
            overdue=Count(
                "pk",
                filter=Q(status__in=["not_started", "in_progress"], due_date__lt=today),
            ),
        )
        put("Actions", "Actions open", index, withhold(actions["open"]))
        put("Actions", "Actions done", index, withhold(actions["done"]))
        put("Actions", "Actions overdue", index, withhold(actions["overdue"]))

        found: dict[str, int] = {}
        for finding in findings_for_place(place=place):
            found[finding.kind] = found.get(finding.kind, 0) + 1
        for kind in KINDS:
            put(
                "Pathway alignment findings", KIND_LABELS.get(kind, kind), index, found.get(kind, 0)
            )

        for label, value in _referral_figures(place).items():
            put("Referrals", label, index, value)

        figures = network[index]
        put("Network", "Teams", index, figures.teams)
        put("Network", "Tied pairs of teams", index, figures.ties)
        put("Network", "Teams with no tie", index, figures.isolated)
        put("Network", "Frontline–central ties", index, figures.cross_tier_ties)
        put("Network", "Single points of failure", index, figures.single_points_of_failure)
    return places, list(measures.values())


def _safe(value: str) -> str:
    """Stop a spreadsheet treating a cell as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _cell(value) -> str:
    if value is None:
        return WITHHELD
    return _safe(str(value))


def to_csv(places, measures: list[Measure]) -> bytes:
    """The national view as UTF-8 CSV (with a byte order mark for Excel), formula-escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Group", "Measure", *[_safe(p.name) for p in places]])
    for m in measures:
        writer.writerow([m.group, m.label, *[_cell(v) for v in m.values]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
