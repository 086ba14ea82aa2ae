"""Pages of the café planner: tables, planning as a job, the plan grid, re-planning, the room."""

import re

import pytest
from django.urls import reverse

from joinedup.cafe.app_planning import person_id
from joinedup.cafe.domain import plans
from joinedup.cafe.models import CafeTable, Plan
from joinedup.core.models import AuditEntry, Job
from joinedup.events.checkin import add_walk_in
from joinedup.events.models import Invitation
from tests.cafe.permissions import make_cafe
from tests.casestudies.factories import CaseStudyFactory
from tests.events.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def _url(name, cafe, **extra):
    return reverse(
        f"cafe:{name}",
        kwargs={"place_slug": cafe.event.place.slug, "event_id": cafe.event.pk, **extra},
    )


def _text(response) -> str:
    """The page's visible text with tags dropped and spaces squeezed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_plan_tables_runs_as_a_job_then_shows_measures_and_the_grid(
    place, convenor_client, django_capture_on_commit_callbacks
):
    cafe = make_cafe(place, tables=4, rounds=3, people=12)

    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(
            _url("plan_start", cafe), {"basis": "expected", "seconds": "0.3"}
        )

    job = Job.objects.get(kind="cafe.plan")
    assert response.status_code == 302
    assert response["Location"] == reverse("job", kwargs={"place_slug": "ilford", "job_id": job.pk})
    assert job.status == Job.Status.DONE
    plan = Plan.objects.get(event=cafe.event)
    assert job.result_url == _url("plan", cafe, plan_id=plan.pk)
    page = convenor_client.get(job.result_url)
    text = _text(page)
    for line in plans.measures_of(plan):
        assert line["text"] in text
    assert f"Score {plan.score} (lower is better; 0 is perfect)" in text
    html = page.content.decode()
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m" id="grid-caption">' in html
    )
    assert 'role="region" aria-labelledby="grid-caption" tabindex="0"' in html
    assert html.count('<th scope="col" class="govuk-table__header">Round') == 3
    row = plan.assignments[person_id(cafe.people[0].pk)]
    cells = re.search(
        rf'{row[0]}</a><br><span class="govuk-body-s">[^<]*</span></th>(.*?)</tr>', html, re.S
    )
    assert "Person 01" in cells.group(1).split("</td>")[0]
    assert "<strong>Host 1</strong> (host)" in html


def test_plan_tables_explains_why_no_plan_can_be_made(
    place, convenor_client, django_capture_on_commit_callbacks
):
    cafe = make_cafe(place, tables=2, rounds=2, people=10, seats=4)

    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(
            _url("plan_start", cafe), {"basis": "expected", "seconds": "0.3"}
        )

    assert response.status_code == 200
    assert "No plan can seat everyone yet" in _text(response)
    assert "There are 12 people to seat but only 8 seats." in _text(response)
    assert Job.objects.count() == 0


def test_plan_form_checks_the_time_given(place, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=2)

    response = convenor_client.post(_url("plan_start", cafe), {"basis": "expected", "seconds": "0"})

    assert "Enter a time of at least 0.1 seconds" in _text(response)


def test_replan_after_no_shows_and_a_walk_in_reports_changed_itineraries(
    place, convenor, convenor_client, django_capture_on_commit_callbacks
):
    cafe = make_cafe(place, tables=4, rounds=3, people=12)
    first = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=2000)
    convenor_client.post(_url("room", cafe), {"people": [cafe.people[0].pk, cafe.people[1].pk]})
    add_walk_in(event=cafe.event, actor=convenor, name="Wendy Walkin", email="w@council.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(
            _url("replan", cafe), {"kept_rounds": ["1"], "basis": "expected", "seconds": "0.3"}
        )

    assert response.status_code == 302
    second = plans.current_plan(cafe.event)
    assert second.replanned_from == first
    for pid, row in first.assignments.items():
        if pid in second.assignments:
            assert second.assignments[pid][0] == row[0]
    text = _text(convenor_client.get(_url("plan", cafe, plan_id=second.pk)))
    assert "Re-planned on the day, keeping the seats of round 1." in text
    n = second.itineraries_changed
    assert f"{n} {'person' if n == 1 else 'people'}'s itinerar" in text
    assert "Wendy Walkin" in text


def test_replan_form_keeps_rounds_under_way_by_default(place, convenor, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=2)
    plan = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=50)
    plans.mark_printed(plan=plan, actor=convenor, what="cards")

    html = convenor_client.get(_url("replan", cafe)).content.decode()

    assert re.findall(r'name="kept_rounds" type="checkbox" value="(\d)" checked', html) == [
        "1",
        "2",
    ]
    assert "were printed at" in html


def test_replan_without_a_plan_sends_the_convenor_to_plan_first(place, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=2)

    response = convenor_client.get(_url("replan", cafe))

    assert response["Location"] == _url("plan_start", cafe)


def test_room_marks_people_who_did_not_come(place, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=3)

    response = convenor_client.post(_url("room", cafe), {"people": [cafe.people[2].pk]})

    assert response.status_code == 302
    cafe.people[2].refresh_from_db()
    assert cafe.people[2].status == Invitation.Status.NO_SHOW
    assert "Person 03" in _text(convenor_client.get(_url("room", cafe)))


def test_room_asks_whom_to_mark(place, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=3)

    response = convenor_client.post(_url("room", cafe), {})

    assert "Select the people who have not come" in _text(response)


def test_add_a_table_with_its_case_study_and_host(place, convenor_client):
    cafe = make_cafe(place, tables=1, rounds=2, people=1)
    story = CaseStudyFactory(place=place, title="A family in temporary housing")
    host = InvitationFactory(event=cafe.event, name="Hana Host", status=Invitation.Status.PENDING)

    response = convenor_client.post(
        _url("table_add", cafe),
        {"label": "T02", "case_study": story.pk, "hosts": [host.pk], "seats": "6"},
    )

    assert response.status_code == 302
    table = CafeTable.objects.get(event=cafe.event, label="T02")
    assert (table.case_study, list(table.hosts.all()), table.seats) == (story, [host], 6)
    assert AuditEntry.objects.filter(action="cafe.table.added").count() == 1


def test_table_form_refuses_a_taken_name_and_a_host_of_another_table(place, convenor_client):
    cafe = make_cafe(place, tables=1, rounds=2, people=1)

    response = convenor_client.post(
        _url("table_add", cafe),
        {
            "label": "t01",
            "case_study": cafe.case_studies[0].pk,
            "hosts": [cafe.hosts[0].pk],
            "seats": "6",
        },
    )

    text = _text(response)
    assert "There is already a table called t01" in text
    assert "Host 1 already hosts T01; a host sits at one table" in text


def test_table_form_refuses_another_places_case_study(place, other_place, convenor_client):
    cafe = make_cafe(place, tables=1, rounds=2, people=1)
    theirs = CaseStudyFactory(place=other_place)

    response = convenor_client.post(
        _url("table_add", cafe), {"label": "T09", "case_study": theirs.pk, "seats": "6"}
    )

    assert "Select the case study the table discusses" in _text(response)
    assert not CafeTable.objects.filter(label="T09").exists()


def test_remove_a_table(place, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=1)

    response = convenor_client.post(_url("table_delete", cafe, table_id=cafe.tables[1].pk))

    assert response.status_code == 302
    assert list(CafeTable.objects.filter(event=cafe.event).values_list("label", flat=True)) == [
        "T01"
    ]


def test_another_places_plan_answers_404(place, other_place, convenor, convenor_client):
    ours = make_cafe(place, tables=2, rounds=2, people=2)
    theirs = make_cafe(other_place, tables=2, rounds=2, people=2, title="Exeter café")
    their_plan = plans.make_plan(event=theirs.event, actor=None, max_iterations=50)

    # their plan through our event, and their event through our place's address
    assert convenor_client.get(_url("plan", ours, plan_id=their_plan.pk)).status_code == 404
    url = reverse(
        "cafe:plan",
        kwargs={"place_slug": "ilford", "event_id": theirs.event.pk, "plan_id": their_plan.pk},
    )
    assert convenor_client.get(url).status_code == 404
    assert convenor_client.get(_url("cards_pdf", ours, plan_id=their_plan.pk)).status_code == 404


def test_event_page_lists_tables_and_the_current_plan(place, convenor, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=2)
    plan = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=50)

    text = _text(convenor_client.get(_url("event", cafe)))

    assert "T01 Story 1 Host 1 5" in text
    assert f"It seats {len(plan.assignments)} people." in text
    assert "Re-plan on the day" in text


def test_person_page_is_open_to_the_person_themselves(place, make_member, client, convenor):
    cafe = make_cafe(place, tables=2, rounds=2, people=2)
    plans.make_plan(event=cafe.event, actor=convenor, max_iterations=50)
    person = cafe.people[0]
    user = make_member(place, "practitioner", email=person.email)
    client.force_login(user)

    response = client.get(_url("person", cafe, invitation_id=person.pk))
    other = client.get(_url("person", cafe, invitation_id=cafe.people[1].pk))

    assert response.status_code == 200
    assert f"Tables for {person.name}" in _text(response)
    assert other.status_code == 403


def test_table_page_lists_each_rounds_people_and_links_to_live_capture(
    place, convenor, convenor_client
):
    cafe = make_cafe(place, tables=2, rounds=2, people=2)
    plan = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=50)
    table = cafe.tables[0]

    response = convenor_client.get(_url("table", cafe, table_id=table.pk))

    text = _text(response)
    seated = sorted(
        p.name for p in cafe.people if plan.assignments[person_id(p.pk)][1] == table.label
    )
    assert "Round 2" in text
    for name in seated:
        assert name in text
    capture = reverse(
        "capture:table_capture",
        kwargs={"place_slug": "ilford", "table_id": table.pk, "round": 2},
    )
    assert f'href="{capture}"' in response.content.decode()


def test_dashboard_shows_the_next_cafe_and_its_plan(place, convenor, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=2)
    plan = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=50)

    response = convenor_client.get(reverse("place_home", kwargs={"place_slug": "ilford"}))

    html = response.content.decode()
    assert "World café" in html
    assert _url("plan", cafe, plan_id=plan.pk) in html
