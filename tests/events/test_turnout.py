"""The forecast's inputs come from the place's past events; the demo is as it happened."""

from joinedup.core.demo import load_demo
from joinedup.events.models import Event, Invitation
from joinedup.events.turnout import event_forecast, history, invitees
from tests.events.factories import EventFactory, InvitationFactory


def test_history_reads_past_events_and_leaves_out_walk_ins_and_the_waiting_list(place):
    past = EventFactory(place=place, status=Event.Status.HELD)
    InvitationFactory(event=past, status=Invitation.Status.ATTENDED)
    InvitationFactory(event=past, status=Invitation.Status.NO_SHOW)
    InvitationFactory(event=past, status=Invitation.Status.DECLINED)
    InvitationFactory(event=past, status=Invitation.Status.ATTENDED, walk_in=True)
    InvitationFactory(event=past, status=Invitation.Status.WAITING)
    InvitationFactory(event=EventFactory(place=place), status=Invitation.Status.ACCEPTED)

    rows = history(place)

    assert sorted((r.accepted, r.attended) for r in rows) == [
        (False, False),
        (True, False),
        (True, True),
    ]


def test_invitees_map_statuses_for_the_forecast(event):
    InvitationFactory(event=event, status=Invitation.Status.NOMINATED, sector="")

    (person,) = invitees(event)

    assert (person.sector, person.tier, person.status) == ("unassigned", "frontline", "declined")


def test_demo_has_ilford_as_it_happened_and_an_upcoming_event(db):
    load_demo()
    load_demo()  # idempotent

    held = Event.objects.get(title="Ilford joined-up day")
    statuses = list(held.invitations.values_list("status", flat=True))
    assert (len(statuses), statuses.count("attended")) == (100, 60)
    assert held.status in ("held", "outputs_published")  # follow-up's demo publishes it
    assert held.invitations.values("sector").distinct().count() == 20
    upcoming = Event.objects.get(status="invitations_open")
    assert upcoming.date.isoformat() == "2027-02-10"
    assert upcoming.invitations.filter(sent_at__isnull=False).count() == 45
    forecast = event_forecast(upcoming)
    assert forecast.forecast.low <= forecast.forecast.expected <= forecast.forecast.high
    assert forecast.advice
