"""Feedback after an event: personal links (hashed, expiring), the survey, the requests."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import OutboxMessage
from joinedup.core.tokens import hash_token
from joinedup.events.models import AccessToken, Invitation
from joinedup.followup import feedback
from joinedup.followup.models import FeedbackResponse
from tests.events.factories import EventFactory, InvitationFactory


@pytest.fixture
def attendee(held_event):
    return InvitationFactory(
        event=held_event, name="Ada Attendee", status=Invitation.Status.ATTENDED
    )


def _url(invitation, token):
    return reverse(
        "followup:feedback", args=[invitation.event.place.slug, invitation.event_id, token]
    )


def test_token_is_stored_only_as_a_hash(attendee):
    token, record = feedback.issue_token(invitation=attendee)
    assert len(token) == 43
    assert record.token_hash == hash_token(token) != token
    assert not AccessToken.objects.filter(token_hash=token).exists()


def test_get_shows_the_survey_and_changes_nothing(client, attendee):
    token, _ = feedback.issue_token(invitation=attendee)
    response = client.get(_url(attendee, token))
    assert response.status_code == 200
    assert "Hello Ada Attendee" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert FeedbackResponse.objects.count() == 0


def test_post_records_answers_and_answering_again_replaces_them(client, attendee):
    token, _ = feedback.issue_token(invitation=attendee)
    url = _url(attendee, token)
    response = client.post(
        url, {"gained": ["insight", "partnership"], "what_next": "Meet again", "come_again": "yes"}
    )
    assert response.status_code == 302
    client.post(url, {"gained": ["ideas"], "come_again": "maybe", "comments": "Good lunch"})
    answer = FeedbackResponse.objects.get()
    assert (answer.gained, answer.come_again, answer.what_next, answer.comments) == (
        ["ideas"],
        "maybe",
        "",
        "Good lunch",
    )


def test_survey_needs_an_answer_about_coming_again(client, attendee):
    token, _ = feedback.issue_token(invitation=attendee)
    response = client.post(_url(attendee, token), {"gained": ["ideas"]})
    assert "Select whether you would come again" in response.content.decode()
    assert FeedbackResponse.objects.count() == 0


def test_problem_links_change_nothing(client, attendee, place):
    token, _ = feedback.issue_token(
        invitation=attendee, expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.post(_url(attendee, token), {"come_again": "yes"}).status_code == 410
    other = EventFactory(place=place)
    live, _ = feedback.issue_token(invitation=attendee)
    wrong_event = reverse("followup:feedback", args=[place.slug, other.pk, live])
    assert client.post(wrong_event, {"come_again": "yes"}).status_code == 404
    assert client.get(_url(attendee, "x" * 43)).status_code == 404
    assert FeedbackResponse.objects.count() == 0


def test_requests_go_to_each_attendee_once(
    convenor_client, place, held_event, attendee, django_capture_on_commit_callbacks
):
    InvitationFactory(event=held_event, status=Invitation.Status.DECLINED)
    url = reverse("followup:feedback_send", args=[place.slug, held_event.pk])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            convenor_client.post(url)
    [message] = OutboxMessage.objects.filter(key__startswith="feedback-request:")
    assert message.to == [attendee.email]
    link = re.search(r"http\S+/feedback/\S+/", message.body_text).group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert convenor_client.get("/" + path).status_code == 200
