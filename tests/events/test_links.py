"""One way into every personal-link page: one check, one problem page, one set of limits."""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from joinedup.core.tokens import new_token
from joinedup.events import ratelimit
from joinedup.events.models import AccessToken, Invitation
from joinedup.events.tokens import issue_token
from joinedup.followup.models import FeedbackResponse
from tests.events.factories import InvitationFactory


def _feedback_path(invitation, token):
    event = invitation.event
    return reverse("followup:feedback", args=[event.place.slug, event.pk, token])


def test_feedback_token_on_an_rsvp_page_does_not_work_here(client, event):
    invitation = InvitationFactory(event=event)
    token, _ = issue_token(
        invitation=invitation, purpose=AccessToken.Purpose.FEEDBACK, expires_at=event.ends
    )
    response = client.get(f"/rsvp/{event.pk}/{token}/")
    assert response.status_code == 404
    assert "This link does not work here" in response.text
    assert "Nothing has been changed" in response.text


def test_rsvp_token_on_the_feedback_page_does_not_work_here(client, event):
    invitation = InvitationFactory(event=event, status=Invitation.Status.ATTENDED)
    token, _ = issue_token(
        invitation=invitation, purpose=AccessToken.Purpose.RSVP, expires_at=event.ends
    )
    response = client.post(_feedback_path(invitation, token), {"come_again": "yes"})
    assert response.status_code == 404
    assert "This link does not work here" in response.text
    assert FeedbackResponse.objects.count() == 0


def test_feedback_link_under_another_place_does_not_work(client, event):
    invitation = InvitationFactory(event=event, status=Invitation.Status.ATTENDED)
    token, _ = issue_token(
        invitation=invitation, purpose=AccessToken.Purpose.FEEDBACK, expires_at=event.ends
    )
    path = reverse("followup:feedback", args=["elsewhere", event.pk, token])
    response = client.get(path)
    assert response.status_code == 404
    assert "This link does not work" in response.text


def test_expired_feedback_link_says_the_survey_has_closed(client, event):
    invitation = InvitationFactory(event=event, status=Invitation.Status.ATTENDED)
    token, _ = issue_token(
        invitation=invitation,
        purpose=AccessToken.Purpose.FEEDBACK,
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    response = client.get(_feedback_path(invitation, token))
    assert response.status_code == 410
    assert "This survey has closed" in response.text
    assert response["Cache-Control"] == "no-store"


def test_feedback_page_over_the_link_limit_answers_429(client, event, monkeypatch):
    invitation = InvitationFactory(event=event, status=Invitation.Status.ATTENDED)
    token, _ = issue_token(
        invitation=invitation, purpose=AccessToken.Purpose.FEEDBACK, expires_at=event.ends
    )
    cache.clear()
    monkeypatch.setattr(ratelimit, "PER_LINK", 2)
    statuses = [client.get(_feedback_path(invitation, token)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_guessing_from_one_address_never_locks_out_valid_links(client, event, rsvp_link):
    # Issue 16, finding 1: 200 random tokens from one address used to lock every link out.
    invitee = InvitationFactory(event=event, sent_at=timezone.now())
    _, rsvp_path = rsvp_link(invitee)
    attendee = InvitationFactory(event=event, status=Invitation.Status.ATTENDED)
    feedback_token, _ = issue_token(
        invitation=attendee, purpose=AccessToken.Purpose.FEEDBACK, expires_at=event.ends
    )
    cache.clear()
    guesses = [client.get(f"/rsvp/{event.pk}/{new_token()}/").status_code for _ in range(200)]
    valid_rsvp = client.get(rsvp_path)
    valid_feedback = client.get(_feedback_path(attendee, feedback_token))
    guess_201 = client.get(f"/rsvp/{event.pk}/{new_token()}/")
    cache.clear()
    assert (guesses.count(404), guesses.count(429)) == (60, 140)
    assert (valid_rsvp.status_code, valid_feedback.status_code) == (200, 200)
    assert "This link does not work" not in valid_feedback.text
    assert (guess_201.status_code, guess_201["Retry-After"]) == (429, "600")
    assert "Too many attempts" in guess_201.text


def test_guessing_on_the_feedback_page_counts_towards_the_same_address_limit(
    client, event, monkeypatch
):
    monkeypatch.setattr(ratelimit, "BAD_LINKS_PER_ADDRESS", 2)
    cache.clear()
    path = reverse("followup:feedback", args=[event.place.slug, event.pk, new_token()])
    statuses = [client.get(path).status_code for _ in range(3)]
    cache.clear()
    assert statuses == [404, 404, 429]


def test_real_link_over_its_own_limit_is_refused_but_does_not_count_as_guessing(
    client, event, rsvp_link, monkeypatch
):
    monkeypatch.setattr(ratelimit, "PER_LINK", 1)
    monkeypatch.setattr(ratelimit, "BAD_LINKS_PER_ADDRESS", 1)
    _, path = rsvp_link(InvitationFactory(event=event, sent_at=timezone.now()))
    cache.clear()
    statuses = [client.get(path).status_code for _ in range(3)]
    first_guess = client.get(f"/rsvp/{event.pk}/{new_token()}/").status_code
    cache.clear()
    assert (statuses, first_guess) == ([200, 429, 429], 404)
