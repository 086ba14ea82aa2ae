"""The café planner in the app: instances built from the database, plain reasons, plans,
re-plans on the day and the room."""

import datetime

import pytest
from django.utils import timezone

from joinedup.cafe.app_planning import build_instance, describe_measures, person_id
from joinedup.cafe.domain import plans, room
from joinedup.cafe.instance import Infeasible
from joinedup.cafe.models import CafeTable, Plan, Seat
from joinedup.core.models import AuditEntry, Job
from joinedup.events.checkin import add_walk_in, check_in
from joinedup.events.models import Invitation
from tests.cafe.permissions import make_cafe
from tests.casestudies.factories import CaseStudyFactory
from tests.events.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_build_instance_seats_hosts_and_people_who_accepted(place):
    cafe = make_cafe(place, tables=2, rounds=3, people=4)
    InvitationFactory(event=cafe.event, name="Declined", status=Invitation.Status.DECLINED)
    InvitationFactory(event=cafe.event, name="No reply", status=Invitation.Status.PENDING)

    built = build_instance(cafe.event, basis="expected")

    data = built.data
    assert data["rounds"] == 3
    assert data["revisits_allowed"] is False
    assert [t["id"] for t in data["tables"]] == ["T01", "T02"]
    assert data["tables"][0] == {
        "id": "T01",
        "case_study": f"CS{cafe.case_studies[0].pk}",
        "hosts": [person_id(cafe.hosts[0].pk)],
        "seats": 5,
    }
    seated = {built.name_of(p["id"]) for p in data["participants"]}
    assert seated == {"Host 1", "Host 2", "Person 01", "Person 02", "Person 03", "Person 04"}
    first = next(p for p in data["participants"] if p["id"] == person_id(cafe.people[0].pk))
    assert first == {
        "id": person_id(cafe.people[0].pk),
        "organisation": "organisation 1",
        "sector": "housing",
        "tier": "frontline",
        "wants": [f"CS{cafe.case_studies[0].pk}"],
        "present": [0, 1, 2],
    }
    third = next(p for p in data["participants"] if p["id"] == person_id(cafe.people[4 - 1].pk))
    assert third["sector"] == "social_care"
    assert built.problems == []


def test_build_instance_on_the_day_seats_only_people_checked_in(place, convenor):
    cafe = make_cafe(place, tables=2, rounds=2, people=4)
    for invitation in [*cafe.hosts, cafe.people[0], cafe.people[2]]:
        check_in(invitation=invitation, actor=convenor)

    built = build_instance(cafe.event, basis="arrived")

    names = sorted(built.name_of(p["id"]) for p in built.data["participants"])
    assert names == ["Host 1", "Host 2", "Person 01", "Person 03"]


def test_build_instance_leaves_out_wants_no_table_discusses(place):
    cafe = make_cafe(place, tables=2, rounds=2, people=1)
    elsewhere = CaseStudyFactory(place=place, title="Not at a table")
    person = cafe.people[0]
    person.wanted_case_studies = [
        str(elsewhere.pk),
        str(cafe.case_studies[1].pk),
        "not a number",
        str(cafe.case_studies[1].pk),
    ]
    person.save()

    built = build_instance(cafe.event)

    wants = next(p["wants"] for p in built.data["participants"] if p["id"] == person_id(person.pk))
    assert wants == [f"CS{cafe.case_studies[1].pk}"]


def test_build_instance_host_who_declined_leaves_the_table_without_a_host(place):
    cafe = make_cafe(place, tables=2, rounds=2, people=2)
    host = cafe.hosts[1]
    host.status = Invitation.Status.DECLINED
    host.save()

    built = build_instance(cafe.event)

    assert built.data["tables"][1]["hosts"] == []
    assert person_id(host.pk) not in {p["id"] for p in built.data["participants"]}
    assert built.warnings == [
        "Host 2 is not coming, so does not host T02.",
        "T02 has no host present.",
    ]


def test_build_instance_counts_people_without_a_sector_as_front_line_and_says_so(place):
    cafe = make_cafe(place, tables=2, rounds=2, people=1)
    InvitationFactory(
        event=cafe.event,
        name="Walk In",
        status=Invitation.Status.ACCEPTED,
        sector="",
        tier="",
        organisation="",
    )

    built = build_instance(cafe.event)

    walk_in = next(p for p in built.data["participants"] if built.name_of(p["id"]) == "Walk In")
    assert walk_in["tier"] == "frontline"
    assert walk_in["sector"] == f"unknown-{walk_in['id']}"
    assert walk_in["organisation"] == f"unknown-{walk_in['id']}"
    assert built.warnings == [
        "1 person has no sector in the directory and is counted as front line: Walk In."
    ]


def test_check_possible_explains_too_few_seats_in_plain_words(place):
    cafe = make_cafe(place, tables=2, rounds=2, people=10, seats=4)

    built = plans.check_possible(cafe.event, basis="expected", revisits_allowed=False)

    assert built.problems == [
        "There are 12 people to seat but only 8 seats. Add 4 seats (2 more at each table "
        "would do), or add another table."
    ]


def test_check_possible_names_people_and_counts_rounds_from_one(place):
    cafe = make_cafe(place, tables=2, rounds=3, people=2)

    built = plans.check_possible(cafe.event, basis="expected", revisits_allowed=False)

    assert (
        "Person 01 is present in 3 rounds but can see only 2 different case studies with a "
        "free seat, and nobody may see a case study twice."
    ) in built.problems
    assert all("P" + str(cafe.people[0].pk) not in p for p in built.problems)
    revisits = plans.check_possible(cafe.event, basis="expected", revisits_allowed=True)
    assert revisits.problems == []


def test_check_possible_without_cafe_rounds_or_tables(place):
    cafe = make_cafe(place, tables=1, rounds=0, people=1)
    CafeTable.objects.filter(event=cafe.event).delete()

    built = plans.check_possible(cafe.event, basis="expected", revisits_allowed=False)

    assert built.problems == [
        "The agenda has no café rounds. Add the café rounds to the event's agenda first.",
        "The event has no tables yet. Add a table for each case study.",
    ]


def test_make_plan_raises_infeasible_with_plain_reasons(place, convenor):
    cafe = make_cafe(place, tables=2, rounds=2, people=10, seats=4)

    with pytest.raises(Infeasible) as raised:
        plans.make_plan(event=cafe.event, actor=convenor, max_iterations=10)

    assert raised.value.reasons[0].startswith("There are 12 people to seat but only 8 seats.")
    assert Plan.objects.count() == 0


def test_make_plan_stores_the_plan_its_seats_and_an_audit_entry(place, convenor):
    cafe = make_cafe(place, tables=4, rounds=3, people=12)

    plan = plans.make_plan(event=cafe.event, actor=convenor, seed=3, max_iterations=2000)

    assert plan.is_current
    assert plan.score is not None
    assert set(plan.measures) == {
        "repeat_pairs",
        "missing_mix",
        "missed_wants",
        "same_org_pairs",
        "duplicate_sectors",
        "empty_seats_spread",
    }
    assert len(plan.assignments) == 16
    assert Seat.objects.filter(plan=plan).count() == 16 * 3
    host_seats = Seat.objects.filter(plan=plan, invitation=cafe.hosts[0])
    assert sorted(host_seats.values_list("round", "table__label")) == [
        (1, "T01"),
        (2, "T01"),
        (3, "T01"),
    ]
    assert all(s.is_host for s in host_seats)
    entry = AuditEntry.objects.get(action="cafe.plan.made")
    assert entry.data["plan"] == plan.pk
    assert entry.data["score"] == plan.score
    assert entry.actor == convenor


def test_a_new_plan_replaces_the_current_one(place, convenor):
    cafe = make_cafe(place, tables=2, rounds=2, people=4)

    first = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=100)
    second = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=100)

    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert plans.current_plan(cafe.event) == second


def _on_the_day(cafe, convenor):
    """Two people do not come and one walks in."""
    absent = cafe.people[:2]
    room.mark_no_shows(event=cafe.event, invitation_ids=[p.pk for p in absent], actor=convenor)
    walk_in, _ = add_walk_in(
        event=cafe.event, actor=convenor, name="Wendy Walkin", email="wendy@council.example"
    )
    return absent, walk_in


def test_replan_keeps_every_seat_of_the_kept_rounds(place, convenor):
    cafe = make_cafe(place, tables=4, rounds=3, people=12)
    first = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=2000)
    absent, walk_in = _on_the_day(cafe, convenor)

    second = plans.make_plan(
        event=cafe.event,
        actor=convenor,
        kept_rounds=[1],
        replan_from=first,
        seconds=0.5,
    )

    gone = {person_id(p.pk) for p in absent}
    assert gone.isdisjoint(second.assignments)
    assert person_id(walk_in.pk) in second.assignments
    for pid, row in first.assignments.items():
        if pid not in gone:
            assert second.assignments[pid][0] == row[0], pid
    assert second.kept_rounds == [1]
    assert second.replanned_from == first


def test_replan_counts_the_itineraries_that_changed(place, convenor):
    cafe = make_cafe(place, tables=4, rounds=3, people=12)
    first = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=2000)
    _absent, walk_in = _on_the_day(cafe, convenor)

    second = plans.make_plan(
        event=cafe.event, actor=convenor, kept_rounds=[1, 2, 3], replan_from=first, seconds=0.5
    )

    changed = [pid for pid, row in second.assignments.items() if first.assignments.get(pid) != row]
    assert second.itineraries_changed == len(changed)
    assert person_id(walk_in.pk) in changed
    assert "Wendy Walkin" in plans.changed_people(second)
    entry = AuditEntry.objects.get(action="cafe.plan.replanned")
    assert entry.data["itineraries_changed"] == second.itineraries_changed
    assert entry.data["kept_rounds"] == [1, 2, 3]


def test_replan_refuses_when_the_agenda_changed_its_rounds(place, convenor):
    cafe = make_cafe(place, tables=4, rounds=3, people=4)
    first = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=100)
    cafe.event.agenda_items.filter(kind="cafe_round").last().delete()

    built = plans.check_possible(
        cafe.event, basis="expected", revisits_allowed=False, replan_from=first
    )

    assert built.problems == [
        "The agenda now has 2 café rounds but the plan has 3. Make a new plan instead of "
        "re-planning."
    ]


def test_mark_no_shows_leaves_people_who_checked_in_alone(place, convenor):
    cafe = make_cafe(place, tables=2, rounds=2, people=3)
    here, away = cafe.people[0], cafe.people[1]
    check_in(invitation=here, actor=convenor)

    marked = room.mark_no_shows(event=cafe.event, invitation_ids=[here.pk, away.pk], actor=convenor)

    assert [i.pk for i in marked] == [away.pk]
    here.refresh_from_db()
    away.refresh_from_db()
    assert (here.status, away.status) == (Invitation.Status.ATTENDED, Invitation.Status.NO_SHOW)
    assert room.figures(cafe.event) == {"expected": 3, "arrived": 1, "walk_ins": 0, "no_shows": 1}
    assert AuditEntry.objects.filter(action="cafe.room.no_show").count() == 1


def test_default_kept_rounds_are_those_under_way_or_all_once_printed(place, convenor):
    cafe = make_cafe(place, tables=2, rounds=3, people=2)
    event = cafe.event
    # Welcome (40 minutes) from 09:30, then rounds of 40 minutes: 10:10, 10:50, 11:30.
    during_round_two = timezone.make_aware(datetime.datetime.combine(event.date, datetime.time(11)))
    plan = plans.make_plan(event=event, actor=convenor, revisits_allowed=True, max_iterations=50)

    assert plans.default_kept_rounds(event, plan, now=during_round_two) == [1, 2]
    plans.mark_printed(plan=plan, actor=convenor, what="cards")
    assert plans.default_kept_rounds(event, plan, now=during_round_two) == [1, 2, 3]
    assert AuditEntry.objects.filter(action="cafe.plan.printed_cards").count() == 1


def _tiny(tiers):
    return {
        "rounds": 2,
        "tables": [
            {"id": "T01", "case_study": "CS1", "hosts": [], "seats": 3},
            {"id": "T02", "case_study": "CS2", "hosts": [], "seats": 3},
        ],
        "participants": [
            {"id": p, "organisation": p, "sector": p, "tier": tier, "wants": [], "present": [0, 1]}
            for p, tier in tiers.items()
        ],
    }


def test_describe_measures_says_how_many_people_meet_someone_twice():
    instance = _tiny({"A": "central", "B": "frontline", "C": "central", "D": "frontline"})
    assignments = {
        "A": ["T01", "T02"],
        "B": ["T01", "T02"],
        "C": ["T02", "T01"],
        "D": ["T02", "T01"],
    }
    measures = {"repeat_pairs": 2, "missing_mix": 0}

    lines = {m["measure"]: m for m in describe_measures(instance, assignments, measures)}

    assert lines["repeat_pairs"]["text"] == "4 people meet someone twice."
    assert lines["repeat_pairs"]["ok"] is False
    assert lines["missing_mix"]["text"] == (
        "Every table has someone from central government and someone from the front line in "
        "every round."
    )
    assert lines["empty_seats_spread"]["text"] == "Tables fill evenly in every round."


def test_describe_measures_says_who_misses_a_case_study_and_unmixed_tables():
    instance = _tiny({"A": "frontline", "B": "frontline", "C": "central", "D": "frontline"})
    instance["participants"][0]["wants"] = ["CS9"]
    assignments = {
        "A": ["T01", "T02"],
        "B": ["T01", "T02"],
        "C": ["T02", "T01"],
        "D": ["T02", "T01"],
    }

    lines = {
        m["measure"]: m
        for m in describe_measures(instance, assignments, {"missed_wants": 1, "missing_mix": 1})
    }

    assert lines["missed_wants"]["text"] == (
        "1 person misses one of the case studies they asked for."
    )
    assert lines["missing_mix"]["text"] == "2 table-rounds have nobody from central government."


def test_planning_job_fails_with_the_reasons_when_the_room_changed_meanwhile(place, convenor):
    cafe = make_cafe(place, tables=2, rounds=2, people=10, seats=4)
    job = Job.objects.create(place=place, started_by=convenor, kind="cafe.plan", title="Plan")

    plans.plan_tables_task.enqueue(
        job_id=str(job.pk),
        event_id=cafe.event.pk,
        actor_id=convenor.pk,
        basis="expected",
        revisits_allowed=False,
        seconds=0.2,
        seed=0,
        kept_rounds=[],
        replan_from_id=None,
    )

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("There are 12 people to seat but only 8 seats.")
