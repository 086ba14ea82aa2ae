"""Running an event again: agenda, tables without people, last time's list (those who came
first, then those who did not reply; never those who declined), a preview, nothing sent."""

import datetime

import pytest
from django.urls import reverse

from joinedup.cafe.models import CafeTable
from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.events.models import AgendaItem, Event, Invitation
from joinedup.followup.run_again import preview, run_again
from tests.events.factories import InvitationFactory

NEW_DATE = datetime.date(2027, 3, 27)


@pytest.fixture
def last_time(held_event, study):
    AgendaItem.objects.filter(event=held_event).delete()
    AgendaItem.objects.create(event=held_event, kind="opening", order=1, title="Welcome")
    AgendaItem.objects.create(
        event=held_event, kind="cafe_round", order=2, title="Round 1", question="Where?"
    )
    people = {}
    for email, status in [
        ("pending@housing.example", Invitation.Status.PENDING),
        ("came@police.example", Invitation.Status.ATTENDED),
        ("declined@fire.example", Invitation.Status.DECLINED),
        ("noshow@dwp.example", Invitation.Status.NO_SHOW),
        ("came2@schools.example", Invitation.Status.ATTENDED),
        ("nominated@yot.example", Invitation.Status.NOMINATED),
    ]:
        people[email] = InvitationFactory(
            event=held_event,
            email=email,
            status=status,
            access_needs="Step-free access",
            sector="housing",
        )
    table = CafeTable.objects.create(
        event=held_event, place=held_event.place, label="T01", seats=7, case_study=study
    )
    table.hosts.add(people["came@police.example"])
    return held_event


def test_preview_orders_came_first_then_no_reply_and_leaves_out_declined(last_time):
    plan = preview(source=last_time)
    assert [i.email for i in plan.invite] == [
        "came@police.example",
        "came2@schools.example",
        "pending@housing.example",
        "noshow@dwp.example",
    ]
    assert plan.left_out == 2
    assert plan.tables == ["T01 (7 seats)"]
    assert plan.agenda == ["Opening perspective: Welcome", "Café round: Round 1"]


def test_run_again_copies_setup_and_list_and_sends_nothing(last_time, convenor):
    before = OutboxMessage.objects.count()
    event = run_again(source=last_time, actor=convenor, title="Spring day", date=NEW_DATE)
    assert (event.title, event.date, event.status) == ("Spring day", NEW_DATE, Event.Status.DRAFT)
    assert event.venue_name == last_time.venue_name
    assert list(event.agenda_items.values_list("title", "question")) == [
        ("Welcome", ""),
        ("Round 1", "Where?"),
    ]
    table = CafeTable.objects.get(event=event)
    assert (table.label, table.seats, table.case_study_id, table.hosts.count()) == (
        "T01",
        7,
        CafeTable.objects.get(event=last_time).case_study_id,
        0,
    )
    new = list(Invitation.objects.filter(event=event).order_by("pk"))
    assert [(i.email, i.status, i.sent_at, i.access_needs) for i in new] == [
        ("came@police.example", "pending", None, ""),
        ("came2@schools.example", "pending", None, ""),
        ("pending@housing.example", "pending", None, ""),
        ("noshow@dwp.example", "pending", None, ""),
    ]
    assert OutboxMessage.objects.count() == before
    assert AuditEntry.objects.get(action="events.event.run_again").data == {
        "from_event": last_time.pk,
        "agenda": 2,
        "tables": 1,
        "invitations": 4,
    }


def test_an_event_with_nothing_runs_again_empty(held_event, convenor):
    held_event.agenda_items.all().delete()
    event = run_again(source=held_event, actor=convenor, title="Again", date=NEW_DATE)
    assert (event.agenda_items.count(), event.invitations.count()) == (0, 0)


def test_run_again_page_previews_then_creates(convenor_client, place, last_time):
    url = reverse("followup:run_again", args=[place.slug, last_time.pk])
    page = convenor_client.get(url).content.decode()
    assert "What will be created" in page
    assert "The 2 who declined or nominated a colleague are left out" in page
    bad = convenor_client.post(
        url, {"title": "Spring day", "day": "31", "month": "2", "year": "2027"}
    )
    assert bad.status_code == 400
    assert "The date of the new event must be a real date" in bad.content.decode()
    assert Event.objects.filter(title="Spring day").count() == 0
    response = convenor_client.post(
        url, {"title": "Spring day", "day": "27", "month": "3", "year": "2027"}
    )
    event = Event.objects.get(title="Spring day")
    assert response["Location"] == reverse("events:detail", args=[place.slug, event.pk])
    assert event.date == NEW_DATE
