"""The turnout forecast for an event's invitation page: builds the pure forecast module's
inputs from the database (past events of the place, the current list) and labels its outputs
with sector names."""

import dataclasses
from dataclasses import dataclass

from joinedup.events import turnout_model as model
from joinedup.events.invitations import expected_sectors
from joinedup.events.models import Event, Invitation

UNKNOWN_SECTOR = ("unassigned", "frontline")
PAST = (Event.Status.HELD, Event.Status.OUTPUTS_PUBLISHED)
# How the forecast reads our statuses: a nominated person's place is taken by their nominee.
FORECAST_STATUS = {
    Invitation.Status.PENDING: "pending",
    Invitation.Status.ACCEPTED: "accepted",
    Invitation.Status.ATTENDED: "attended",
    Invitation.Status.WAITING: "waiting",
    Invitation.Status.DECLINED: "declined",
    Invitation.Status.NOMINATED: "declined",
    Invitation.Status.NO_SHOW: "declined",
}


def _sector(code: str, tier: str) -> tuple[str, str]:
    return (code, tier or "frontline") if code else UNKNOWN_SECTOR


def history(place, *, exclude: Event | None = None) -> list[model.PastInvitation]:
    """Invitations to the place's past events and what came of them; walk-ins and the waiting
    list are left out (they were not offered a place by invitation)."""
    rows = Invitation.objects.filter(event__place=place, event__status__in=PAST, walk_in=False)
    if exclude is not None:
        rows = rows.exclude(event=exclude)
    past = []
    for sector, tier, status in rows.exclude(status=Invitation.Status.WAITING).values_list(
        "sector", "tier", "status"
    ):
        code, tier = _sector(sector, tier)
        past.append(
            model.PastInvitation(
                sector=code,
                tier=tier,
                accepted=status
                in (
                    Invitation.Status.ACCEPTED,
                    Invitation.Status.ATTENDED,
                    Invitation.Status.NO_SHOW,
                ),
                attended=status == Invitation.Status.ATTENDED,
            )
        )
    return past


def invitees(event: Event) -> list[model.Invitee]:
    """The current list as the forecast sees it."""
    return [
        model.Invitee(sector=code, tier=tier, status=FORECAST_STATUS[status])
        for code, tier, status in (
            (*_sector(s, t), status)
            for s, t, status in event.invitations.values_list("sector", "tier", "status")
        )
    ]


@dataclass
class SectorRow:
    code: str
    name: str
    tier: str
    invited: int
    accepted: int
    likely: float
    low: int
    high: int

    @property
    def missing(self) -> bool:
        return self.invited == 0


@dataclass
class EventForecast:
    """What the invitation page shows: the forecast, coverage per sector, the advice."""

    forecast: model.Forecast | None
    rows: list[SectorRow]
    target: int | None
    advice: str
    recommendation: model.Recommendation | None
    extra_by_name: list[tuple[str, int]]
    # "The target of 20 is more than the 3 places." when it is, else "".
    capacity_warning: str = ""

    @property
    def missing(self) -> list[SectorRow]:
        return [r for r in self.rows if r.missing]


def event_forecast(event: Event, *, draws: int = 2000) -> EventForecast:
    """Forecast attendance for the event's list with its 80% interval, the coverage of every
    expected sector, and how many more to invite from which sectors to reach the target; both
    respect the event's capacity (nobody past the last place comes) and say when the target is
    more than the places."""
    fitted = model.fit_model(history(event.place, exclude=event))
    people = invitees(event)
    sectors = expected_sectors(event.place)
    names = {t.code: t.name for t in sectors}
    names[UNKNOWN_SECTOR[0]] = "No sector given"
    counts: dict[str, list[int]] = {}
    for code, status in event.invitations.values_list("sector", "status"):
        row = counts.setdefault(code or UNKNOWN_SECTOR[0], [0, 0])
        row[0] += 1
        row[1] += status in (Invitation.Status.ACCEPTED, Invitation.Status.ATTENDED)
    result = (
        model.forecast_turnout(fitted, people, level=0.8, draws=draws, capacity=event.capacity)
        if people
        else None
    )
    by_sector = result.by_sector if result else {}
    rows = []
    listed = [(t.code, t.tier) for t in sectors]
    if UNKNOWN_SECTOR[0] in counts:
        listed.append(UNKNOWN_SECTOR)
    for code, tier in listed:
        invited, accepted = counts.get(code, [0, 0])
        f = by_sector.get(code)
        rows.append(
            SectorRow(
                code=code,
                name=names.get(code, code),
                tier=tier,
                invited=invited,
                accepted=accepted,
                likely=f.expected if f else 0.0,
                low=f.low if f else 0,
                high=f.high if f else 0,
            )
        )
    target = event.target_attendance or event.capacity
    recommendation, advice, extra, warning = None, "", [], ""
    if target:
        expected = [(t.code, t.tier) for t in sectors]
        recommendation = model.invitations_needed(
            fitted,
            people,
            target=target,
            min_per_sector=dict.fromkeys((c for c, _ in expected), event.min_per_sector),
            sectors=expected,
            draws=draws,
            capacity=event.capacity,
        )
        named = dataclasses.replace(
            recommendation,
            extra={names.get(s, s): n for s, n in recommendation.extra.items()},
            min_per_sector={names.get(s, s): n for s, n in recommendation.min_per_sector.items()},
        )
        # The page shows the capacity note as a warning of its own, above the advice.
        warning = named.capacity_note().strip()
        advice = named.explain().removeprefix(named.capacity_note())
        extra = sorted(named.extra.items(), key=lambda item: (-item[1], item[0]))
    return EventForecast(
        forecast=result,
        rows=rows,
        target=target,
        advice=advice,
        recommendation=recommendation,
        extra_by_name=extra,
        capacity_warning=warning,
    )
