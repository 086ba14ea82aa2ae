"""One way into every personal-link page: one check, one problem page, one set of limits."""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

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
