"""Permissions table rows for the café planner's URLs, and `make_cafe`, the café these tests
share (an event with café rounds, tables with hosts, and people who accepted)."""

from dataclasses import dataclass, field

from joinedup.cafe.domain.plans import make_plan
from joinedup.cafe.models import CafeTable
from joinedup.casestudies.models import CaseStudy
from joinedup.events.models import AgendaItem, Invitation
from tests.casestudies.factories import CaseStudyFactory
from tests.events.factories import AgendaItemFactory, EventFactory, InvitationFactory
from tests.permissions_table import Row, roles

SECTORS = [
    ("housing", "frontline"),
    ("police", "frontline"),
    ("schools", "frontline"),
    ("social_care", "frontline"),
    ("home_office", "central"),
    ("dhsc", "central"),
]


@dataclass
class Cafe:
    event: object
    tables: list = field(default_factory=list)
    hosts: list = field(default_factory=list)
    people: list = field(default_factory=list)
    case_studies: list = field(default_factory=list)


def make_cafe(place, *, tables=4, rounds=3, people=12, seats=5, title="Ilford café") -> Cafe:
    """Return an event of the place with café rounds, tables with one host each, and people
    who accepted: every third one from central government, all from different organisations."""
    event = EventFactory(place=place, title=title)
    AgendaItemFactory(event=event, kind=AgendaItem.Kind.OPENING, order=0, title="Welcome")
    for r in range(rounds):
        AgendaItemFactory(event=event, order=r + 1, title=f"Round {r + 1}")
    cafe = Cafe(event=event)
    for t in range(tables):
        case_study = CaseStudyFactory(
            place=place, title=f"Story {t + 1}", state=CaseStudy.State.APPROVED
        )
        host = InvitationFactory(
            event=event,
            name=f"Host {t + 1}",
            status=Invitation.Status.ACCEPTED,
            organisation=f"Host org {t + 1}",
        )
        table = CafeTable.objects.create(
            event=event, place=place, label=f"T{t + 1:02d}", case_study=case_study, seats=seats
        )
        table.hosts.set([host])
        cafe.case_studies.append(case_study)
        cafe.hosts.append(host)
        cafe.tables.append(table)
    for i in range(people):
        sector, tier = SECTORS[i % len(SECTORS)]
        cafe.people.append(
            InvitationFactory(
                event=event,
                name=f"Person {i + 1:02d}",
                status=Invitation.Status.ACCEPTED,
                organisation=f"Organisation {i + 1}",
                sector=sector,
                sector_name=sector.replace("_", " ").capitalize(),
                tier=tier,
                wanted_case_studies=[str(cafe.case_studies[i % tables].pk)],
            )
        )
    return cafe


def setup(world) -> None:
    cafe = make_cafe(world.place, tables=2, rounds=2, people=4)
    world.objects["cafe"] = cafe
    world.objects["cafe_plan"] = make_plan(
        event=cafe.event, actor=world.users["convenor"], max_iterations=50
    )
    other = make_cafe(world.other_place, tables=2, rounds=2, people=4, title="Exeter café")
    world.objects["foreign_cafe"] = other
    world.objects["foreign_cafe_plan"] = make_plan(event=other.event, actor=None, max_iterations=50)
    # The practitioner's own invitation (its address in another case): their own card.
    world.objects["own_card"] = InvitationFactory(
        event=cafe.event,
        name="Pat Practitioner",
        email="Practitioner@Council.example",
        status=Invitation.Status.ACCEPTED,
    )


CAFE_VIEW = {"convenor", "host"}
CAFE_PLAN = {"convenor"}


def _kw(key, **extra):
    def kwargs(w):
        cafe = w.objects[key]
        out = {"place_slug": w.place.slug, "event_id": cafe.event.pk}
        for name, getter in extra.items():
            out[name] = getter(w, key)
        return out

    return kwargs


def _table(w, key):
    return w.objects[key].tables[0].pk


def _plan(w, key):
    return w.objects[f"{key}_plan"].pk


def _person(w, key):
    return w.objects[key].people[0].pk


def _row(expect, method="get", data=None, **extra) -> Row:
    return Row(
        expect=expect,
        method=method,
        data=data,
        kwargs=_kw("cafe", **extra),
        foreign_kwargs=_kw("foreign_cafe", **extra),
    )


EXPECTATIONS = {
    "cafe:event": _row(roles(CAFE_VIEW)),
    "cafe:table_add": _row(roles(CAFE_PLAN)),
    "cafe:table": _row(roles(CAFE_VIEW), table_id=_table),
    "cafe:table_edit": _row(roles(CAFE_PLAN), table_id=_table),
    "cafe:table_delete": _row(roles(CAFE_PLAN), table_id=_table),
    "cafe:plan_start": _row(roles(CAFE_PLAN)),
    "cafe:replan": _row(roles(CAFE_PLAN)),
    "cafe:room": _row(roles(CAFE_PLAN)),
    "cafe:plan": _row(roles(CAFE_VIEW), plan_id=_plan),
    "cafe:cards": _row(roles(CAFE_VIEW), plan_id=_plan),
    "cafe:cards_pdf": _row(roles(CAFE_VIEW), plan_id=_plan),
    "cafe:rosters": _row(roles(CAFE_VIEW), plan_id=_plan),
    "cafe:rosters_pdf": _row(roles(CAFE_VIEW), plan_id=_plan),
    # anyone in the place may open their own card's page; hosts and convenors anyone's
    "cafe:person": _row(roles(CAFE_VIEW), invitation_id=_person),
    "cafe:person#own": Row(
        kwargs=lambda w: {
            "place_slug": w.place.slug,
            "event_id": w.objects["cafe"].event.pk,
            "invitation_id": w.objects["own_card"].pk,
        },
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 200,
            "host": 200,
            "practitioner": 200,
            "strategist": 403,
            "receiver": 403,
            "admin": 200,
        },
    ),
}
