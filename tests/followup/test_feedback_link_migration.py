"""The migration that moves feedback links into events.AccessToken keeps sent links working."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from joinedup.core.tokens import hash_token, new_token
from joinedup.events.models import AccessToken, Invitation
from tests.events.factories import InvitationFactory

BEFORE = [("followup", "0002_seed_themes"), ("events", "0001_initial")]
AFTER = [("followup", "0003_feedback_links_are_access_tokens")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_feedback_link_sent_before_the_migration_still_opens_the_survey(client, held_event):
    attendee = InvitationFactory(
        event=held_event, name="Ada Attendee", status=Invitation.Status.ATTENDED
    )
    token = new_token()
    expires = timezone.now() + datetime.timedelta(days=3)
    try:
        old_apps = _migrate(BEFORE)
        old_apps.get_model("followup", "FeedbackToken").objects.create(
            invitation_id=attendee.pk,
            event_id=held_event.pk,
            token_hash=hash_token(token),
            expires_at=expires,
        )
        _migrate(AFTER)
    finally:
        _latest()

    stored = AccessToken.objects.get(token_hash=hash_token(token))
    assert (stored.purpose, stored.invitation_id, stored.event_id, stored.expires_at) == (
        "feedback",
        attendee.pk,
        held_event.pk,
        expires,
    )
    url = reverse("followup:feedback", args=[held_event.place.slug, held_event.pk, token])
    response = client.get(url)
    assert response.status_code == 200
    assert "Hello Ada Attendee" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_going_back_returns_feedback_links_to_their_own_table(held_event):
    attendee = InvitationFactory(event=held_event, status=Invitation.Status.ATTENDED)
    token = new_token()
    AccessToken.objects.create(
        invitation=attendee,
        event=held_event,
        purpose=AccessToken.Purpose.FEEDBACK,
        token_hash=hash_token(token),
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    try:
        old_apps = _migrate(BEFORE)
        hashes = list(
            old_apps.get_model("followup", "FeedbackToken").objects.values_list(
                "token_hash", flat=True
            )
        )
        left = old_apps.get_model("events", "AccessToken").objects.count()
    finally:
        _latest()

    assert (hashes, left) == ([hash_token(token)], 0)
