"""Events and their agenda: creating, editing, moving through statuses."""

import datetime

import pytest
from django.http import Http404

from joinedup.core.models import AuditEntry
from joinedup.events import services
from joinedup.events.models import AccessToken, AgendaItem, Event, Invitation
from tests.events.factories import AgendaItemFactory, EventFactory, InvitationFactory

FIELDS = {
    "title": "Joined-up day",
    "purpose": "Three stories",
    "date": datetime.date(2027, 2, 10),
    "starts_at": datetime.time(9, 30),
    "ends_at": datetime.time(16, 0),
    "capacity": 80,
}


def test_create_event_world_cafe_gets_default_agenda_with_three_rounds(place, convenor):
    event = services.create_event(place=place, actor=convenor, fields=FIELDS)

    assert [i.kind for i in event.agenda_items.all()] == [
        "opening",
        "cafe_round",
        "cafe_round",
        "cafe_round",
        "summary",
    ]
    assert [r.title for r in event.cafe_rounds()] == ["Round 1", "Round 2", "Round 3"]
    assert event.status == Event.Status.DRAFT
    assert AuditEntry.objects.filter(action="events.event.created").count() == 1


def test_cafe_rounds_follow_agenda_order(event):
    AgendaItemFactory(event=event, order=3, title="Third")
    AgendaItemFactory(event=event, order=1, title="First")
    AgendaItemFactory(event=event, order=2, kind=AgendaItem.Kind.SUMMARY, title="Talk")

    assert [r.title for r in event.cafe_rounds()] == ["First", "Third"]


def test_update_event_logs_only_what_changed(event, convenor):
    changed = services.update_event(event=event, actor=convenor, fields={"capacity": 50})

    assert changed == {"capacity": [None, "50"]}
    entry = AuditEntry.objects.get(action="events.event.updated")
    assert entry.data == {"changed": {"capacity": [None, "50"]}}


def test_change_status_to_held_marks_accepted_people_who_did_not_come(event, convenor):
    came = InvitationFactory(event=event, status=Invitation.Status.ATTENDED)
    missed = InvitationFactory(event=event, status=Invitation.Status.ACCEPTED)
    services.change_status(event=event, actor=convenor, status=Event.Status.CLOSED)

    services.change_status(event=event, actor=convenor, status=Event.Status.HELD)

    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.status, missed.status) == ("attended", "no_show")
    assert (
        AuditEntry.objects.filter(action="events.event.status_changed").first().data["no_shows"]
        == 1
    )


def test_change_status_refuses_a_jump(event, convenor):
    with pytest.raises(ValueError, match="cannot become held"):
        services.change_status(event=event, actor=convenor, status=Event.Status.HELD)
    event.refresh_from_db()
    assert event.status == Event.Status.INVITATIONS_OPEN


def test_moving_the_event_moves_the_expiry_of_personal_links(event, convenor, rsvp_link):
    invitation = InvitationFactory(event=event)
    rsvp_link(invitation)
    later = event.date + datetime.timedelta(days=7)

    services.update_event(event=event, actor=convenor, fields={"date": later})

    assert AccessToken.objects.get().expires_at == event.ends
    assert event.ends.date() == later


def test_event_of_place_or_404_finds_only_the_places_own_event(event, other_place):
    elsewhere = EventFactory(place=other_place)

    assert services.event_of_place_or_404(place=event.place, event_id=str(event.pk)) == event
    for event_id in (elsewhere.pk, "not-a-number", None, ""):
        with pytest.raises(Http404):
            services.event_of_place_or_404(place=event.place, event_id=event_id)
