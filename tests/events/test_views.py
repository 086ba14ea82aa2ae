"""Convenor pages: create and edit events, build the list, preview and send, remind."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.core.models import Job, OutboxMessage
from joinedup.events.models import Event, Invitation, Reminder
from tests.directory.factories import ContactFactory, ServiceFactory, sector
from tests.events.factories import AgendaItemFactory, EventFactory, InvitationFactory


def _url(event, path=""):
    return f"/p/{event.place.slug}/events/{event.pk}/{path}"


def test_create_event_form_shows_govuk_errors(convenor_client, place):
    response = convenor_client.post(
        f"/p/{place.slug}/events/new/",
        {"title": "", "date": "not a date", "starts_at": "16:00", "ends_at": "09:00"},
    )

    assert response.status_code == 200
    for message in [
        "Enter the event name",
        "Enter a real date, like 10 2 2027",
        "The end time must be after the start time",
    ]:
        assert message in response.text
    assert Event.objects.count() == 0


def test_create_event_then_page_shows_agenda(convenor_client, place):
    response = convenor_client.post(
        f"/p/{place.slug}/events/new/",
        {
            "title": "Spring day",
            "date": "2027-02-10",
            "starts_at": "09:30",
            "ends_at": "16:00",
            "format": "world_cafe",
            "min_per_sector": "1",
            "capacity": "80",
            "answers_close_on": "2027-02-03",
        },
    )

    event = Event.objects.get()
    assert response["Location"] == _url(event)
    assert event.rsvp_closes_at.date().isoformat() == "2027-02-03"
    page = convenor_client.get(_url(event))
    assert "Round 1" in page.text and "Summary discussion" in page.text


def test_draft_event_is_hidden_from_practitioners(client, place, make_member):
    event = EventFactory(place=place, status=Event.Status.DRAFT)
    client.force_login(make_member(place, "practitioner"))

    assert client.get(_url(event)).status_code == 404
    assert event.title not in client.get(f"/p/{place.slug}/events/").text


def test_agenda_cafe_round_needs_a_question(convenor_client, event):
    response = convenor_client.post(
        _url(event, "agenda/new/"), {"kind": "cafe_round", "title": "Round 4", "minutes": "40"}
    )

    assert "Enter the question the tables discuss in this round" in response.text
    assert event.agenda_items.count() == 0


def test_agenda_item_edit_changes_it(convenor_client, event):
    item = AgendaItemFactory(event=event, title="Round 1")

    convenor_client.post(
        _url(event, f"agenda/{item.pk}/"),
        {
            "kind": "cafe_round",
            "title": "Round one",
            "minutes": "35",
            "question": "Q?",
            "order": "1",
        },
    )

    item.refresh_from_db()
    assert (item.title, item.minutes) == ("Round one", 35)


def test_list_builder_adds_the_chosen_contacts(convenor_client, event):
    police = ServiceFactory(
        place=event.place, terms=[sector("police")], name="Safer Neighbourhoods"
    )
    chosen, other = ContactFactory(service=police), ContactFactory(service=police)

    page = convenor_client.get(
        _url(event, "invitations/directory/"), {"sector": str(sector("police").pk)}
    )
    response = convenor_client.post(
        _url(event, "invitations/directory/"), {"contact": [str(chosen.pk)], "query": ""}
    )

    assert chosen.name in page.text and other.name in page.text
    assert response.status_code == 302
    assert list(event.invitations.values_list("email", "sector")) == [(chosen.email, "police")]


def test_invitation_page_shows_forecast_interval_and_how_many_more(convenor_client, event):
    event.target_attendance = 30
    event.save()
    InvitationFactory.create_batch(10, event=event)

    page = convenor_client.get(_url(event, "invitations/"))

    figure = re.search(r"80% likely between <strong>(\d+) and (\d+)</strong>", page.text)
    assert figure is not None
    low, high = map(int, figure.groups())
    assert 0 <= low <= high <= 10
    assert "Invite " in page.text and "more" in page.text
    assert "Nobody is invited from 19 sectors" in page.text


def test_invitation_page_with_every_place_taken_forecasts_no_more_than_capacity(
    convenor_client, event
):
    event.capacity, event.target_attendance = 3, 20
    event.save()
    InvitationFactory.create_batch(3, event=event, status="accepted")
    InvitationFactory.create_batch(40, event=event)

    page = convenor_client.get(_url(event, "invitations/"))

    expected = int(re.search(r"Expected attendance: <strong>(\d+) people", page.text).group(1))
    high = int(re.search(r"80% likely between <strong>\d+ and (\d+)</strong>", page.text).group(1))
    assert (expected <= 3, high) == (True, 3)
    assert "The target of 20 is more than the 3 places." in page.text
    assert re.search(r"Invite \d+ more", page.text) is None


def test_forecast_on_the_page_updates_as_replies_arrive(convenor_client, event):
    invitations = InvitationFactory.create_batch(20, event=event)

    def expected():
        text = convenor_client.get(_url(event, "invitations/")).text
        return int(re.search(r"Expected attendance: <strong>(\d+) people", text).group(1))

    before = expected()
    Invitation.objects.filter(pk__in=[i.pk for i in invitations[:15]]).update(status="declined")

    assert expected() < before


def test_send_page_previews_and_asks_to_confirm_the_count(convenor_client, event):
    InvitationFactory.create_batch(3, event=event, name="Ann Other")

    page = convenor_client.get(_url(event, "send/"))

    assert "Send 3 invitations?" in page.text
    assert "Dear Ann Other" in page.text
    assert "invitation.ics" in page.text
    assert OutboxMessage.objects.count() == 0


def test_send_confirmed_starts_the_job_and_sends(
    convenor_client, event, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(3, event=event)

    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(_url(event, "send/"), {"count": "3"})

    job = Job.objects.get()
    assert response["Location"] == f"/p/{event.place.slug}/jobs/{job.pk}/"
    assert OutboxMessage.objects.count() == 3


def test_send_with_a_stale_count_sends_nothing(convenor_client, event):
    InvitationFactory.create_batch(3, event=event)

    response = convenor_client.post(_url(event, "send/"), {"count": "2"})

    assert response["Location"] == _url(event, "send/")
    assert OutboxMessage.objects.count() == 0


def test_add_by_email_form(convenor_client, event):
    bad = convenor_client.post(_url(event, "invitations/by-email/"), {"name": "A", "email": "nope"})
    good = convenor_client.post(
        _url(event, "invitations/by-email/"), {"name": "Ann", "email": "ann@charity.example"}
    )

    assert "Enter an email address in the correct format, like name@example.com" in bad.text
    assert good.status_code == 302
    assert event.invitations.get().email == "ann@charity.example"


def test_import_page_reports_problems_by_row(convenor_client, event):
    upload = SimpleUploadedFile("list.csv", b"Name,Email\nAnn,ann@x.example\nBob,bob\n", "text/csv")

    page = convenor_client.post(_url(event, "invitations/import/"), {"file": upload})

    assert "Nobody was added" in page.text
    assert '<td class="govuk-table__cell">3</td>' in page.text
    assert event.invitations.count() == 0


def test_remove_unsent_invitation(convenor_client, event):
    invitation = InvitationFactory(event=event)

    convenor_client.post(_url(event, f"invitations/{invitation.pk}/remove/"))

    assert event.invitations.count() == 0


def test_reminder_form_schedules_for_later(convenor_client, event):
    response = convenor_client.post(
        _url(event, "reminders/"),
        {"group": "no_reply", "when": "later", "send_on": "2099-01-01", "send_time": "09:00"},
    )

    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.group, reminder.started_at, reminder.send_at.year) == ("no_reply", None, 2099)


def test_reminder_form_in_the_past_is_refused(convenor_client, event):
    response = convenor_client.post(
        _url(event, "reminders/"), {"group": "accepted", "when": "later", "send_on": "2001-01-01"}
    )

    assert "The date and time must be in the future" in response.text
    assert Reminder.objects.count() == 0


def test_status_change_by_form(convenor_client, event):
    convenor_client.post(_url(event, "status/"), {"status": "closed"})

    event.refresh_from_db()
    assert event.status == "closed"


def test_dashboard_shows_the_next_event(convenor_client, event):
    InvitationFactory(event=event, status="accepted")

    page = convenor_client.get(f"/p/{event.place.slug}/")

    assert f"accepted for {event.title}" in page.text


def test_list_builder_ignores_tampered_contact_ids(convenor_client, event, other_place):
    foreign = ContactFactory(service=ServiceFactory(place=other_place))

    response = convenor_client.post(
        _url(event, "invitations/directory/"), {"contact": ["not-a-uuid", str(foreign.pk)]}
    )

    assert response.status_code == 302
    assert event.invitations.count() == 0
