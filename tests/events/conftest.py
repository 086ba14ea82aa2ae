"""Events fixtures: the shared taxonomies, an event in the place, helpers for links."""

import pytest

from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import AccessToken
from joinedup.events.tokens import issue_token
from tests.events.factories import EventFactory, InvitationFactory


@pytest.fixture(autouse=True)
def _taxonomies(request):
    """Our sectors and needs exist in every database test (a transactional flush empties
    them)."""
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    ensure_taxonomies()


@pytest.fixture
def event(place):
    return EventFactory(place=place, title="Ilford joined-up day", capacity=None)


@pytest.fixture
def rsvp_link():
    """Return a function giving an invitation a live RSVP token and its path."""

    def make(invitation, purpose=AccessToken.Purpose.RSVP, expires_at=None):
        token, _ = issue_token(
            invitation=invitation,
            purpose=purpose,
            expires_at=expires_at or invitation.event.ends,
        )
        prefix = "/rsvp/offer" if purpose == AccessToken.Purpose.OFFER else "/rsvp"
        return token, f"{prefix}/{invitation.event_id}/{token}/"

    return make


@pytest.fixture
def invite(event):
    """Return a function making a sent invitation to the event."""

    def make(**fields):
        from django.utils import timezone

        fields.setdefault("sent_at", timezone.now())
        return InvitationFactory(event=event, **fields)

    return make
