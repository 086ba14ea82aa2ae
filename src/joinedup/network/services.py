"""Ties between a place's teams, from what Joinedup has seen, and their analysis.

A team is a directory service with a sector. Ties are team to team only: the people through
whom two teams met never leave this module. Each source below reads one app's records:

- `same_table`: people of two teams seated at one café table in one round of the current plan
  of an event, both checked in (cafe);
- `co_attendance`: two teams with people checked in at one event (events);
- `action`: an action's owner team and the team of whoever proposed it (followup);
- `declared`: a team's own word that it works with another (this app).

- `referral`: an accepted (or then completed) referral from the referrer's team to the
  receiving team (`referral_ties`, reading the referrals app).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from joinedup.cafe.models import Plan, Seat
from joinedup.core.audit import log_action
from joinedup.directory.models import (
    NEEDS_TAXONOMY,
    SECTORS_TAXONOMY,
    Attribute,
    Contact,
    Service,
    TaxonomyTerm,
)
from joinedup.events.models import Event, Invitation
from joinedup.followup.models import Action
from joinedup.network import analysis, introductions
from joinedup.network.models import DeclaredTie
from joinedup.pathways.models import PathwayVersion, Step, Threshold
from joinedup.referrals.models import Referral

DECLARED_WEIGHT = {
    DeclaredTie.HowOften.WEEKLY: 4,
    DeclaredTie.HowOften.MONTHLY: 3,
    DeclaredTie.HowOften.NOW_AND_THEN: 2,
    DeclaredTie.HowOften.RARELY: 1,
}


SECTOR_COLOURS = 12  # the map's palette has this many sector colours (network/map.css)


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


def declarable_teams(*, place):
    """Return the place's services a declared tie can join: not defunct, with a sector."""
    return (
        Service.objects.filter(
            place=place, attributes__taxonomy_term__taxonomy__key=SECTORS_TAXONOMY
        )
        .exclude(status=Service.Status.DEFUNCT)
        .distinct()
        .order_by("name")
    )


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


def _ids_as_read(known: set[str]) -> dict[str, str]:
    """Team ids by the text the database gives for a UUID cast to text (SQLite keeps 32 hex
    digits, PostgreSQL the usual form), so reading 40,000 ids makes no UUID objects."""
    return {**{k: k for k in known}, **{k.replace("-", ""): k for k in known}}


def declared_ties(*, place, known: set[str], until: datetime.date) -> list[analysis.Tie]:
    """Rows for the ties teams declared, weighted by how often they work together."""
    ids = _ids_as_read(known)
    weights = {often: float(weight) for often, weight in DECLARED_WEIGHT.items()}
    rows = (
        DeclaredTie.objects.filter(place=place, declared_on__lte=until)
        .values_list(
            Cast("team_id", CharField()),
            Cast("works_with_id", CharField()),
            "declared_on",
            "how_often",
        )
        .order_by("declared_on", "pk")
    )
    return [
        analysis.Tie(ids[a], ids[b], "declared", day, weights[often])
        for a, b, day, often in rows
        if a in ids and b in ids
    ]


def referral_ties(*, place, known: set[str], until: datetime.date) -> list[analysis.Tie]:
    """Rows for an accepted or completed referral between the referrer's team and the team
    that accepted it, dated when it was accepted (first answered)."""
    rows: list[analysis.Tie] = []
    accepted = (
        Referral.objects.filter(
            place=place,
            state__in=[Referral.State.ACCEPTED, Referral.State.COMPLETED],
            from_service__isnull=False,
            responded_at__isnull=False,
        )
        .values_list("from_service_id", "to_service_id", "responded_at")
        .order_by("responded_at", "pk")
    )
    for from_id, to_id, responded_at in accepted:
        a, b, when = str(from_id), str(to_id), timezone.localdate(responded_at)
        if a != b and a in known and b in known and when <= until:
            rows.append(analysis.Tie(a, b, "referral", when, 1.0))
    return rows


# Each source gives the rows of one kind.
TIE_SOURCES: tuple[Callable[..., list[analysis.Tie]], ...] = (
    same_table_ties,
    co_attendance_ties,
    action_ties,
    declared_ties,
    referral_ties,
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


@dataclass(frozen=True)
class MapTeam:
    id: str
    name: str
    sector: str
    tier: str
    ties: int
    betweenness: float
    constraint: float | None
    community: int
    single_point_of_failure: bool


@dataclass(frozen=True)
class MapTie:
    a: str
    b: str
    a_name: str
    b_name: str
    weight: float
    kinds: tuple[str, ...]
    cross_sector: bool
    cross_tier: bool


@dataclass(frozen=True)
class NetworkMap:
    """Every figure the map shows, for the map's JSON and for the table alternative."""

    summary: dict
    teams: list[MapTeam]
    ties: list[MapTie]

    def sector_colours(self) -> dict[str, int]:
        """Return each sector's colour number on the map and its legend, sectors in order."""
        sectors = sorted({t.sector for t in self.teams})
        return {s: i % SECTOR_COLOURS for i, s in enumerate(sectors)}

    def as_json(self) -> dict:
        """Return the nodes and edges the map script draws (no person, team level only).

        Ties are `[a, b, weight, kinds]` with `a` and `b` indexes into `teams`: at 20,000
        ties this is a quarter of the size of objects keyed by team id.
        """
        index = {t.id: i for i, t in enumerate(self.teams)}
        return {
            "teams": [
                {
                    "id": t.id,
                    "name": t.name,
                    "sector": t.sector,
                    "tier": t.tier,
                    "ties": t.ties,
                    "spof": t.single_point_of_failure,
                }
                for t in self.teams
            ],
            "ties": [[index[t.a], index[t.b], t.weight, list(t.kinds)] for t in self.ties],
        }


def network_map(
    *,
    place,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    kinds: Iterable[str] | None = None,
    network: PlaceNetwork | None = None,
) -> NetworkMap:
    """Return the place's network between `since` and `until`, of the given kinds of tie.

    `since` here keeps only rows on or after that date (a window), unlike the command's
    before/after comparison; the summary holds the command's figures for the same rows.
    `network` is `place_network(place=place, until=until)` when the caller has read it.
    """
    network = network or place_network(place=place, until=until)
    wanted = set(kinds) if kinds else set(analysis.KINDS)
    rows = tuple(
        t for t in network.ties.ties if t.kind in wanted and (since is None or t.date >= since)
    )
    ties = analysis.Ties(network.ties.place, network.ties.teams, rows)
    measured = analysis.measure(
        ties, exact_limit=analysis.PAGE_EXACT_LIMIT, sample=analysis.PAGE_SAMPLE
    )
    summary, graph, between = measured.result, measured.graph, measured.betweenness
    constraints = analysis.constraint(graph, graph.ids)
    community_of = {
        team: number
        for number, group in enumerate(summary["communities"], start=1)
        for team in group
    }
    cut = set(summary["single_points_of_failure"])
    degrees = graph.degrees()
    teams = [
        MapTeam(
            id=team.id,
            name=team.name,
            sector=team.sector,
            tier=team.tier,
            ties=degree,
            betweenness=round(between.get(team.id, 0.0), 4),
            constraint=None if constraints[team.id] is None else round(constraints[team.id], 3),
            community=community_of[team.id],
            single_point_of_failure=team.id in cut,
        )
        for team, degree in zip(graph.teams, degrees, strict=True)
    ]
    teams.sort(key=lambda t: (t.name, t.id))
    kinds_of: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        if row.a != row.b:
            pair = (row.a, row.b) if row.a < row.b else (row.b, row.a)
            kinds_of.setdefault(pair, set()).add(row.kind)
    map_ties = []
    for (i, j), weight in sorted(graph.pairs.items()):
        a, b = graph.teams[i], graph.teams[j]
        if (b.name, b.id) < (a.name, a.id):
            a, b = b, a
        map_ties.append(
            MapTie(
                a=a.id,
                b=b.id,
                a_name=a.name,
                b_name=b.name,
                weight=weight,
                kinds=tuple(sorted(kinds_of[(a.id, b.id) if a.id < b.id else (b.id, a.id)])),
                cross_sector=a.sector != b.sector,
                cross_tier=a.tier != b.tier,
            )
        )
    map_ties.sort(key=lambda t: (t.a_name, t.b_name))
    return NetworkMap(summary=summary, teams=teams, ties=map_ties)


@dataclass(frozen=True)
class DayChange:
    """What one event's day changed in the place's network."""

    new_cross_silo: list[tuple[str, str]]
    new_ties: int
    no_longer_single: list[str]
    newly_tied: list[str]
    components_before: int
    components_after: int


def what_the_day_changed(*, place, day: datetime.date) -> DayChange:
    """Compare the network of rows before `day` with the network up to and including it."""
    network = place_network(place=place, until=day)
    names = network.names
    before = analysis.build_graph(network.ties.teams, network.ties.ties, before=day)
    after = analysis.build_graph(network.ties.teams, network.ties.ties, until=day)
    by_id = {t.id: t for t in network.ties.teams}
    new = analysis.new_ties(before, after)
    cross = [
        tuple(sorted((names[a], names[b])))
        for a, b in new
        if by_id[a].sector != by_id[b].sector or by_id[a].tier != by_id[b].tier
    ]
    degree_before = dict(zip(before.ids, before.degrees(), strict=True))
    degree_after = dict(zip(after.ids, after.degrees(), strict=True))
    return DayChange(
        new_cross_silo=sorted(cross),
        new_ties=len(new),
        no_longer_single=sorted(names[t] for t in analysis.no_longer_single(before, after)),
        newly_tied=sorted(
            names[t] for t in after.ids if degree_before[t] == 0 and degree_after[t] > 0
        ),
        components_before=analysis.components(before),
        components_after=analysis.components(after),
    )


@dataclass(frozen=True)
class PlaceFigures:
    """One place's network as aggregates only: counts, no team or person named."""

    name: str
    teams: int
    ties: int
    components: int
    isolated: int
    cross_tier_ties: int
    single_points_of_failure: int
    communities: int


def across_places(*, places) -> list[PlaceFigures]:
    """Return each place's network figures side by side, in the order given."""
    rows = []
    for place in places:
        network = place_network(place=place)
        summary = analysis.measure(
            network.ties, exact_limit=analysis.PAGE_EXACT_LIMIT, sample=analysis.PAGE_SAMPLE
        ).result
        rows.append(
            PlaceFigures(
                name=place.name,
                teams=summary["teams"],
                ties=summary["ties"],
                components=summary["components"],
                isolated=len(summary["isolated"]),
                cross_tier_ties=summary["cross_tier_ties"],
                single_points_of_failure=len(summary["single_points_of_failure"]),
                communities=len(summary["communities"]),
            )
        )
    return rows


def shared_work(*, place, known: set[str]) -> list[tuple[str, list[str]]]:
    """Return (reason, team ids) groups: teams serving one need, teams in one published pathway.

    A team serves a need when the directory tags it with the need's term or it has a pathway
    threshold for the need; a team sits in a pathway when a step of its published version
    names it as a service or as the team to escalate to.
    """
    needs: dict[str, set[str]] = {}
    for service_id, name in Attribute.objects.filter(
        place=place, service__isnull=False, taxonomy_term__taxonomy__key=NEEDS_TAXONOMY
    ).values_list("service_id", "taxonomy_term__name"):
        needs.setdefault(name, set()).add(str(service_id))
    for service_id, name in Threshold.objects.filter(place=place).values_list(
        "service_id", "need__name"
    ):
        needs.setdefault(name, set()).add(str(service_id))
    pathways: dict[str, set[str]] = {}
    steps = Step.objects.filter(
        place=place, version__status=PathwayVersion.Status.PUBLISHED
    ).select_related("version")
    for step in steps.prefetch_related("services"):
        teams = pathways.setdefault(step.version.title, set())
        teams.update(str(s.pk) for s in step.services.all())
        if step.escalate_to_id:
            teams.add(str(step.escalate_to_id))
    groups = [(f"Both serve {name.lower()}", teams) for name, teams in sorted(needs.items())]
    groups += [(f"Both in the {title} pathway", teams) for title, teams in sorted(pathways.items())]
    return [(reason, sorted(t for t in teams if t in known)) for reason, teams in groups]


def suggested_introductions(
    *,
    place,
    until: datetime.date | None = None,
    limit: int = introductions.LIMIT,
    network: PlaceNetwork | None = None,
) -> list[introductions.Introduction]:
    """Return "introduce X to Y" for the place's teams, most useful first, at most `limit`.

    `network` is `place_network(place=place, until=until)` when the caller has read it.
    """
    network = network or place_network(place=place, until=until)
    graph = analysis.build_graph(network.ties.teams, network.ties.ties)
    groups = shared_work(place=place, known=set(network.names))
    sector_names = dict(TaxonomyTerm.objects.sectors().exclude(code="").values_list("code", "name"))
    return introductions.introductions(graph, groups, limit=limit, sector_names=sector_names)
