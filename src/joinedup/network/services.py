"""Ties between a place's teams, from what Joinedup has seen, and their analysis.

A team is a directory service with a sector. Ties are team to team only: the people through
whom two teams met never leave this module. Each source below reads one app's records:

- `same_table`: people of two teams seated at one café table in one round of the current plan
  of an event, both checked in (cafe);
- `co_attendance`: two teams with people checked in at one event (events);
- `action`: an action's owner team and the team of whoever proposed it (followup);
- `declared`: a team's own word that it works with another (this app).

Referral ties (`referral`: an accepted referral between two teams) come from the referrals app
once it exists: add a `referral_ties(place=...)` source to `TIE_SOURCES` then. Until then the
network has no referral rows, and says so on the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

from django.db import transaction
from django.utils import timezone

from joinedup.cafe.models import Plan, Seat
from joinedup.core.audit import log_action
from joinedup.directory.models import SECTORS_TAXONOMY, Attribute, Contact, Service
from joinedup.events.models import Event, Invitation
from joinedup.followup.models import Action
from joinedup.network import analysis
from joinedup.network.models import DeclaredTie

DECLARED_WEIGHT = {
    DeclaredTie.HowOften.WEEKLY: 4,
    DeclaredTie.HowOften.MONTHLY: 3,
    DeclaredTie.HowOften.NOW_AND_THEN: 2,
    DeclaredTie.HowOften.RARELY: 1,
}


class DeclaredTieRefused(ValueError):
    """A declared tie that cannot be recorded (a team with itself, or another place's team)."""


@dataclass(frozen=True)
class PlaceNetwork:
    """A place's teams and tie rows, ready for the analysis."""

    ties: analysis.Ties
    names: dict[str, str]

    def as_document(self) -> dict:
        """Return the network as a `joinedup-ties/1` document."""
        return {
            "format": analysis.FORMAT,
            "place": self.ties.place,
            "teams": [
                {"id": t.id, "name": t.name, "sector": t.sector, "tier": t.tier}
                for t in self.ties.teams
            ],
            "ties": [
                {
                    "a": t.a,
                    "b": t.b,
                    "kind": t.kind,
                    "date": t.date.isoformat(),
                    "weight": int(t.weight) if t.weight == int(t.weight) else t.weight,
                }
                for t in self.ties.ties
            ],
        }


def teams_of(*, place) -> list[analysis.Team]:
    """Return the place's teams that carry a sector (not defunct), each with its first sector."""
    sectors: dict = {}
    for service_id, code, name, tier in (
        Attribute.objects.filter(
            place=place,
            service__isnull=False,
            taxonomy_term__taxonomy__key=SECTORS_TAXONOMY,
            taxonomy_term__parent__isnull=False,
        )
        .values_list(
            "service_id",
            "taxonomy_term__code",
            "taxonomy_term__name",
            "taxonomy_term__parent__code",
        )
        .order_by("service_id", "taxonomy_term__name")
    ):
        if tier in analysis.TIERS:
            sectors.setdefault(service_id, (code or name, tier))
    teams = []
    for service in (
        Service.objects.filter(place=place)
        .exclude(status=Service.Status.DEFUNCT)
        .order_by("name")
        .only("id", "name")
    ):
        if service.pk in sectors:
            sector, tier = sectors[service.pk]
            teams.append(analysis.Team(str(service.pk), service.name, sector, tier))
    return teams


def _team_by_invitation(invitations: Iterable[Invitation]) -> dict[int, str]:
    return {
        i.pk: str(i.contact.service_id) for i in invitations if i.contact and i.contact.service_id
    }


def _pairs(teams: Iterable[str]) -> Iterable[tuple[str, str]]:
    return combinations(sorted(set(teams)), 2)


def same_table_ties(*, place, known: set[str], until: datetime.date) -> list[analysis.Tie]:
    """Rows for teams seated at one table in one round of an event's current plan."""
    rows: list[analysis.Tie] = []
    plans = Plan.objects.filter(place=place, is_current=True, event__date__lte=until)
    for plan in plans.select_related("event"):
        seats = (
            Seat.objects.filter(plan=plan, invitation__checked_in_at__isnull=False)
            .select_related("invitation__contact")
            .order_by("table_id", "round")
        )
        tables: dict[tuple, list[str]] = {}
        for seat in seats:
            contact = seat.invitation.contact
            if contact is not None and contact.service_id is not None:
                tables.setdefault((seat.table_id, seat.round), []).append(str(contact.service_id))
        for teams in tables.values():
            for a, b in _pairs(t for t in teams if t in known):
                rows.append(analysis.Tie(a, b, "same_table", plan.event.date, 1.0))
    return rows


def co_attendance_ties(*, place, known: set[str], until: datetime.date) -> list[analysis.Tie]:
    """Rows for teams with people checked in at one event (one row per pair per event)."""
    rows: list[analysis.Tie] = []
    for event in Event.objects.filter(place=place, date__lte=until).order_by("date", "pk"):
        came = Invitation.objects.filter(event=event, checked_in_at__isnull=False)
        teams = _team_by_invitation(came.select_related("contact")).values()
        for a, b in _pairs(t for t in teams if t in known):
            rows.append(analysis.Tie(a, b, "co_attendance", event.date, 1.0))
    return rows


def action_ties(*, place, known: set[str], until: datetime.date) -> list[analysis.Tie]:
    """Rows for an action's owner team and the team of the person who proposed it.

    The proposer is whoever wrote the table's proposal, or else whoever recorded the action;
    their team is the service of the place's contact with their email address.
    """
    actions = list(
        Action.objects.filter(place=place, owner_team__isnull=False)
        .select_related("created_by", "proposed_action__created_by")
        .order_by("created_at", "pk")
    )
    emails = set()
    for action in actions:
        proposer = _proposer(action)
        if proposer is not None and proposer.email:
            emails.add(proposer.email.lower())
    team_of_email: dict[str, str] = {}
    for email, service_id in (
        Contact.objects.filter(place=place, service__isnull=False)
        .values_list("email", "service_id")
        .order_by("email", "pk")
    ):
        if email and email.lower() in emails:
            team_of_email.setdefault(email.lower(), str(service_id))
    rows: list[analysis.Tie] = []
    for action in actions:
        proposer = _proposer(action)
        owner = str(action.owner_team_id)
        when = timezone.localdate(action.created_at)
        if proposer is None or when > until:
            continue
        other = team_of_email.get((proposer.email or "").lower())
        if other and other != owner and other in known and owner in known:
            rows.append(analysis.Tie(owner, other, "action", when, 1.0))
    return rows


def _proposer(action: Action):
    if action.proposed_action is not None and action.proposed_action.created_by is not None:
        return action.proposed_action.created_by
    return action.created_by


def declared_ties(*, place, known: set[str], until: datetime.date) -> list[analysis.Tie]:
    """Rows for the ties teams declared, weighted by how often they work together."""
    return [
        analysis.Tie(str(a), str(b), "declared", day, float(DECLARED_WEIGHT[often]))
        for a, b, day, often in DeclaredTie.objects.filter(place=place, declared_on__lte=until)
        .values_list("team_id", "works_with_id", "declared_on", "how_often")
        .order_by("declared_on", "pk")
        if str(a) in known and str(b) in known
    ]


# Each source gives the rows of one kind. Referrals: add `referral_ties` here (see above).
TIE_SOURCES: tuple[Callable[..., list[analysis.Tie]], ...] = (
    same_table_ties,
    co_attendance_ties,
    action_ties,
    declared_ties,
)


def place_network(*, place, until: datetime.date | None = None) -> PlaceNetwork:
    """Return the place's teams and every tie row Joinedup has seen up to `until` (today)."""
    until = until or timezone.localdate()
    teams = teams_of(place=place)
    known = {t.id for t in teams}
    rows: list[analysis.Tie] = []
    for source in TIE_SOURCES:
        rows.extend(source(place=place, known=known, until=until))
    rows.sort(key=lambda t: (t.date, t.kind, t.a, t.b))
    return PlaceNetwork(
        ties=analysis.Ties(place=place.slug, teams=tuple(teams), ties=tuple(rows)),
        names={t.id: t.name for t in teams},
    )


def export_ties(*, place, actor) -> dict:
    """Return the place's ties as `joinedup-ties/1`; the export is written to the audit log."""
    network = place_network(place=place)
    log_action(
        "network.ties.exported",
        actor=actor,
        target=place,
        data={"teams": len(network.ties.teams), "rows": len(network.ties.ties)},
    )
    return network.as_document()


@transaction.atomic
def declare_tie(
    *, place, actor, team: Service, works_with: Service, how_often: str, how_useful: str
) -> DeclaredTie:
    """Record (or update) that `team` works with `works_with`; both must be the place's teams."""
    if team.place_id != place.pk or works_with.place_id != place.pk:
        raise DeclaredTieRefused("Choose teams from this place")
    if team.pk == works_with.pk:
        raise DeclaredTieRefused("Choose a team other than your own")
    tie, created = DeclaredTie.objects.update_or_create(
        team=team,
        works_with=works_with,
        defaults={
            "place": place,
            "how_often": how_often,
            "how_useful": how_useful,
            "declared_by": actor,
            "updated_at": timezone.now(),
        },
    )
    log_action(
        "network.tie.declared" if created else "network.tie.updated",
        actor=actor,
        target=tie,
        data={
            "team": team.name,
            "works_with": works_with.name,
            "how_often": how_often,
            "how_useful": how_useful,
        },
    )
    return tie
