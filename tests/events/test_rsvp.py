"""RSVP links: GET shows, POST answers; problem links change nothing; capacity, waiting list
and offers."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.events import ratelimit, rsvp
from joinedup.events.models import AccessToken, Invitation
from joinedup.events.tokens import hash_token
from tests.directory.factories import ContactFactory, ServiceFactory
from tests.events.factories import EventFactory, InvitationFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _state(invitation):
    invitation.refresh_from_db()
    return (invitation.status, invitation.responded_at, invitation.access_needs)


def test_rsvp_get_shows_the_invitation_and_changes_nothing(client, invite, rsvp_link):
    invitation = invite(name="Ann Other")
    _, path = rsvp_link(invitation)
    before = _state(invitation)

    response = client.get(path)

    assert response.status_code == 200
    assert "Invitation for Ann Other" in response.text
    assert response["Cache-Control"] == "no-store"
    assert _state(invitation) == before
    assert OutboxMessage.objects.count() == 0


def test_rsvp_accept_with_access_needs_sends_confirmation_with_qr_code(
    client, invite, rsvp_link, django_capture_on_commit_callbacks
):
    invitation = invite()
    _, path = rsvp_link(invitation)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"answer": "accept", "access_needs": "Step-free access"})

    assert response.status_code == 302
    status, responded_at, needs = _state(invitation)
    assert (status, needs, responded_at is not None) == ("accepted", "Step-free access", True)
    message = OutboxMessage.objects.get()
    assert message.subject.startswith("You have a place")
    assert invitation.checkin_code[:4] in message.body_text
    assert [a["filename"] for a in message.attachments] == ["check-in-code.png", "event.ics"]
    page = client.get(response["Location"])
    assert "You are coming" in page.text
    assert 'src="data:image/png;base64,' in page.text
    entry = AuditEntry.objects.get(action="events.rsvp.accepted")
    assert entry.data == {
        "event": invitation.event_id,
        "from": "pending",
        "to": "accepted",
        "access_needs": True,
    }


def test_rsvp_decline_then_change_to_accept_before_cut_off(client, invite, rsvp_link):
    invitation = invite()
    _, path = rsvp_link(invitation)

    client.post(path, {"answer": "decline"})
    assert _state(invitation)[0] == "declined"
    client.post(path, {"answer": "accept", "dietary": "Vegetarian"})

    invitation.refresh_from_db()
    assert (invitation.status, invitation.dietary) == ("accepted", "Vegetarian")


def test_rsvp_after_cut_off_changes_nothing(client, place, rsvp_link):
    event = EventFactory(place=place, rsvp_closes_at=timezone.now() - datetime.timedelta(hours=1))
    invitation = InvitationFactory(event=event, sent_at=timezone.now())
    _, path = rsvp_link(invitation)
    before = _state(invitation)

    response = client.post(path, {"answer": "accept"})

    assert response.status_code == 200
    assert "Replies closed" in response.text
    assert _state(invitation) == before


def test_rsvp_nominate_invites_the_colleague_who_gets_their_own_email(
    client, place, invite, rsvp_link, django_capture_on_commit_callbacks
):
    # police.example is a domain the place knows (a directory contact), so nothing is held.
    ContactFactory(service=ServiceFactory(place=place), email="desk@police.example")
    invitation = invite(name="Ann Other", sector="police", sector_name="Police")
    _, path = rsvp_link(invitation)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            path,
            {
                "answer": "nominate",
                "nominee_name": "Bob Deputy",
                "nominee_email": "BOB@police.example",
            },
        )

    nominee = Invitation.objects.get(email="bob@police.example")
    assert (nominee.nominated_by, nominee.sector, nominee.status) == (
        invitation,
        "police",
        "pending",
    )
    assert _state(invitation)[0] == "nominated"
    message = OutboxMessage.objects.get(to=["bob@police.example"])
    assert "Ann Other suggested you come in their place" in message.body_text
    nominee.refresh_from_db()
    assert nominee.sent_at is not None


def test_rsvp_nominate_needs_the_colleagues_details(client, invite, rsvp_link):
    invitation = invite()
    _, path = rsvp_link(invitation)

    response = client.post(path, {"answer": "nominate", "nominee_email": invitation.email})

    assert response.status_code == 200
    assert "Enter your colleague&#x27;s full name" in response.text
    assert "not your own" in response.text
    assert _state(invitation)[0] == "pending"


@pytest.mark.parametrize("method", ["get", "post"])
def test_rsvp_random_token_gets_a_clear_page_and_changes_nothing(client, invite, method):
    invitation = invite()
    before = _state(invitation)

    response = getattr(client, method)(
        f"/rsvp/{invitation.event_id}/{'x' * 43}/", {"answer": "accept"}
    )

    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert "Nothing has been changed" in response.text
    assert _state(invitation) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_rsvp_altered_token_gets_a_clear_page_and_changes_nothing(
    client, invite, rsvp_link, method
):
    invitation = invite()
    token, _ = rsvp_link(invitation)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    before = _state(invitation)

    response = getattr(client, method)(
        f"/rsvp/{invitation.event_id}/{altered}/", {"answer": "accept"}
    )

    assert response.status_code == 404
    assert "This link does not work" in response.text
    assert _state(invitation) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_rsvp_token_reused_for_another_event_changes_nothing(
    client, place, invite, rsvp_link, method
):
    invitation = invite()
    other = EventFactory(place=place)
    token, _ = rsvp_link(invitation)
    before = _state(invitation)

    response = getattr(client, method)(f"/rsvp/{other.pk}/{token}/", {"answer": "accept"})

    assert response.status_code == 404
    assert "This link is for a different event" in response.text
    assert _state(invitation) == before
    assert other.invitations.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_rsvp_expired_token_changes_nothing(client, invite, rsvp_link, method):
    invitation = invite()
    token, _ = rsvp_link(invitation, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    before = _state(invitation)

    response = getattr(client, method)(
        f"/rsvp/{invitation.event_id}/{token}/", {"answer": "accept"}
    )

    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert _state(invitation) == before


def test_rsvp_offer_token_does_not_open_the_rsvp_page(client, invite, rsvp_link):
    invitation = invite(status=Invitation.Status.WAITING)
    token, _ = rsvp_link(invitation, purpose=AccessToken.Purpose.OFFER)

    response = client.post(f"/rsvp/{invitation.event_id}/{token}/", {"answer": "decline"})

    assert response.status_code == 404
    assert _state(invitation)[0] == "waiting"


def test_rsvp_rate_limit_per_link(client, invite, rsvp_link, monkeypatch):
    monkeypatch.setattr(ratelimit, "PER_LINK", 3)
    _, path = rsvp_link(invite())

    codes = [client.get(path).status_code for _ in range(5)]

    assert codes == [200, 200, 200, 429, 429]


def test_rsvp_bad_links_over_the_address_limit_are_refused_but_good_links_still_open(
    client, invite, rsvp_link, monkeypatch
):
    monkeypatch.setattr(ratelimit, "BAD_LINKS_PER_ADDRESS", 3)
    invitation = invite()
    _, good = rsvp_link(invitation)

    bad = [client.get(f"/rsvp/{invitation.event_id}/{'y' * 43}/").status_code for _ in range(4)]
    after = client.get(good).status_code

    assert (bad, after) == ([404, 404, 404, 429], 200)


def test_rsvp_shared_address_is_not_locked_out_by_many_people_answering(client, event, rsvp_link):
    # A venue's guest network: 150 people each open their link twice from one address.
    paths = [rsvp_link(InvitationFactory(event=event))[1] for _ in range(150)]

    codes = {client.get(path).status_code for path in paths for _ in range(2)}

    assert codes == {200}


def test_rsvp_tokens_are_not_logged(client, invite, rsvp_link, caplog):
    invitation = invite()
    token, path = rsvp_link(invitation)

    with caplog.at_level("DEBUG"):
        client.get(path)
        client.get(f"/rsvp/{invitation.event_id}/{'z' * 43}/")
        client.post(path, {"answer": "accept"})

    assert token not in caplog.text
    assert "z" * 43 not in caplog.text


# --- capacity, waiting list and offers -------------------------------------------------------


def _full_event(place, capacity=2):
    event = EventFactory(place=place, capacity=capacity)
    holders = InvitationFactory.create_batch(
        capacity, event=event, status=Invitation.Status.ACCEPTED, sent_at=timezone.now()
    )
    return event, holders


def test_accepting_past_capacity_puts_people_on_the_waiting_list(place):
    event, _ = _full_event(place)
    late = InvitationFactory(event=event, sent_at=timezone.now())

    outcome = rsvp.answer(invitation=late, choice=rsvp.ACCEPT)

    assert outcome.invitation.status == Invitation.Status.WAITING
    assert OutboxMessage.objects.get().subject.startswith("Waiting list")


def test_decline_offers_the_place_to_the_first_person_waiting(
    place, django_capture_on_commit_callbacks
):
    event, (holder, _) = _full_event(place)
    first = InvitationFactory(event=event, sent_at=timezone.now())
    second = InvitationFactory(event=event, sent_at=timezone.now())
    rsvp.answer(invitation=first, choice=rsvp.ACCEPT)
    rsvp.answer(invitation=second, choice=rsvp.ACCEPT)

    with django_capture_on_commit_callbacks(execute=True):
        rsvp.answer(invitation=holder, choice=rsvp.DECLINE)

    offer = AccessToken.objects.get(purpose=AccessToken.Purpose.OFFER)
    assert offer.invitation == first
    assert offer.expires_at <= timezone.now() + datetime.timedelta(hours=rsvp.OFFER_HOURS)
    assert (
        OutboxMessage.objects.filter(to=[first.email], subject__startswith="A place").count() == 1
    )
    # The offered place is held: the second person waiting cannot take it by accepting again.
    assert rsvp.answer(invitation=second, choice=rsvp.ACCEPT).invitation.status == "waiting"


def test_offer_link_takes_the_place_once(
    client, place, rsvp_link, django_capture_on_commit_callbacks
):
    event, (holder, _) = _full_event(place)
    waiting = InvitationFactory(event=event, status=Invitation.Status.WAITING)
    _, path = rsvp_link(waiting, purpose=AccessToken.Purpose.OFFER)
    holder.status = Invitation.Status.DECLINED
    holder.save()

    assert client.get(path).status_code == 200
    assert _state(waiting)[0] == "waiting"  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"take": "yes"})
    again = client.post(path, {"take": "no"})

    assert "You are coming" in response.text
    assert again.status_code == 410
    assert _state(waiting)[0] == "accepted"
    assert OutboxMessage.objects.filter(subject__startswith="You have a place").count() == 1


def test_lapsed_offer_passes_the_place_to_the_next_person(
    place, django_capture_on_commit_callbacks
):
    event, (holder, _) = _full_event(place)
    first = InvitationFactory(event=event, sent_at=timezone.now())
    second = InvitationFactory(event=event, sent_at=timezone.now())
    rsvp.answer(invitation=first, choice=rsvp.ACCEPT)
    rsvp.answer(invitation=second, choice=rsvp.ACCEPT)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp.answer(invitation=holder, choice=rsvp.DECLINE)

    later = timezone.now() + datetime.timedelta(hours=rsvp.OFFER_HOURS + 1)
    made = rsvp.expire_offers(now=later)

    assert made == 1
    offers = AccessToken.objects.filter(purpose="offer").order_by("created_at")
    assert [o.invitation for o in offers] == [first, second]


def test_token_hash_is_what_is_stored(invite, rsvp_link):
    token, _ = rsvp_link(invite())

    assert AccessToken.objects.filter(token_hash=hash_token(token)).count() == 1
    assert not AccessToken.objects.filter(token_hash=token).exists()


def test_rsvp_asks_which_case_studies_when_the_event_has_some(client, invite, rsvp_link):
    invitation = invite()
    _, path = rsvp_link(invitation)
    source = rsvp.register_case_study_source(lambda event: [(7, "Amira's story"), (9, "Leon")])
    try:
        page = client.get(path)
        client.post(path, {"answer": "accept", "case_studies": ["9"]})
    finally:
        rsvp.CASE_STUDY_SOURCES.remove(source)

    assert "Which case studies would you like to hear?" in page.text
    assert "Amira&#x27;s story" in page.text
    invitation.refresh_from_db()
    assert invitation.wanted_case_studies == ["9"]


def test_rsvp_without_case_studies_does_not_ask(client, invite, rsvp_link):
    _, path = rsvp_link(invite())

    assert "Which case studies" not in client.get(path).text


def test_more_places_are_offered_to_people_waiting(
    place, convenor, django_capture_on_commit_callbacks
):
    from joinedup.events import services

    event, _ = _full_event(place)
    waiting = InvitationFactory(event=event, sent_at=timezone.now())
    rsvp.answer(invitation=waiting, choice=rsvp.ACCEPT)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_event(event=event, actor=convenor, fields={"capacity": 3})

    assert AccessToken.objects.get(purpose="offer").invitation == waiting
