"""Nominations from RSVP links (issue 16, finding 7): limits per invitation and per event, no
chains, names that are names, outside domains held for the convenor, fixed wording first."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.events import nominations, rsvp
from joinedup.events.models import Invitation
from tests.directory.factories import ContactFactory, ServiceFactory
from tests.events.factories import InvitationFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def known(place):
    """The place's directory knows police.example through a contact."""
    return ContactFactory(service=ServiceFactory(place=place), email="desk@police.example")


def _nominate(invitation, *, email, name="Bob Deputy", capture):
    with capture(execute=True):
        return rsvp.answer(
            invitation=invitation,
            choice=rsvp.NOMINATE,
            nominee_name=name,
            nominee_email=email,
        )


def test_nominee_at_a_known_domain_is_invited_at_once(
    invite, known, django_capture_on_commit_callbacks
):
    outcome = _nominate(
        invite(), email="bob@police.example", capture=django_capture_on_commit_callbacks
    )

    nominee = Invitation.objects.get(pk=outcome.nominee.pk)
    assert (nominee.review, nominee.sent_at is not None) == ("", True)
    assert OutboxMessage.objects.filter(to=["bob@police.example"]).count() == 1


def test_nominee_at_a_known_domain_of_a_member_or_service_is_invited_at_once(
    place, invite, make_member, django_capture_on_commit_callbacks
):
    make_member(place, "host", email="host@probation.example")
    ServiceFactory(place=place, email="team@nhs.example")
    first = _nominate(
        invite(), email="a@probation.example", capture=django_capture_on_commit_callbacks
    )
    second = _nominate(invite(), email="b@nhs.example", capture=django_capture_on_commit_callbacks)

    assert (first.nominee.review, second.nominee.review) == ("", "")
    assert OutboxMessage.objects.count() == 2


def test_nominee_at_an_outside_domain_is_held_and_nothing_is_sent(
    invite, known, django_capture_on_commit_callbacks
):
    nominator = invite()
    outcome = _nominate(
        nominator, email="someone@mailbox.example", capture=django_capture_on_commit_callbacks
    )

    nominee = Invitation.objects.get(pk=outcome.nominee.pk)
    assert (nominee.review, nominee.sent_at, nominee.status) == ("held", None, "pending")
    assert OutboxMessage.objects.count() == 0
    nominator.refresh_from_db()
    assert nominator.status == "nominated"
    entry = AuditEntry.objects.get(action="events.invitation.nominated")
    assert (entry.data["held"], entry.data["domain"]) == (True, "mailbox.example")


def test_held_nomination_is_not_sent_with_the_rest_of_the_list(invite, event, known):
    nominator = invite()
    held = InvitationFactory(event=event, nominated_by=nominator, review="held")
    waiting = InvitationFactory(event=event)

    assert list(rsvp.sending.unsent(event)) == [waiting]
    assert rsvp.sending.send_invitation(held.pk) is False
    assert OutboxMessage.objects.count() == 0


def test_second_nomination_from_one_invitation_is_refused(
    invite, known, django_capture_on_commit_callbacks
):
    nominator = invite()
    _nominate(nominator, email="bob@police.example", capture=django_capture_on_commit_callbacks)

    with pytest.raises(nominations.NominationRefused, match="already nominated"):
        _nominate(nominator, email="cat@police.example", capture=django_capture_on_commit_callbacks)

    assert not Invitation.objects.filter(email="cat@police.example").exists()
    assert OutboxMessage.objects.count() == 1


def test_nominations_over_the_event_limit_are_refused(
    settings, invite, known, django_capture_on_commit_callbacks
):
    settings.NOMINATIONS_PER_EVENT = 2
    for n in range(2):
        _nominate(
            invite(), email=f"n{n}@police.example", capture=django_capture_on_commit_callbacks
        )

    with pytest.raises(nominations.NominationRefused, match="no more nominations"):
        _nominate(invite(), email="n2@police.example", capture=django_capture_on_commit_callbacks)

    assert Invitation.objects.filter(nominated_by__isnull=False).count() == 2


def test_nominee_cannot_nominate_again(invite, known, django_capture_on_commit_callbacks):
    first = _nominate(
        invite(), email="bob@police.example", capture=django_capture_on_commit_callbacks
    )

    with pytest.raises(nominations.NominationRefused, match="cannot nominate someone else"):
        _nominate(
            first.nominee, email="cat@police.example", capture=django_capture_on_commit_callbacks
        )

    first.nominee.refresh_from_db()
    assert first.nominee.status == "pending"
    assert not Invitation.objects.filter(email="cat@police.example").exists()


@pytest.mark.parametrize(
    "name",
    [
        "Win a prize at https://prize.example/claim",
        "Call www.prize.example now",
        "write to prize@prize.example",
        "Bob\nClick here",
        "<b>Bob</b>",
        "B" * 101,
    ],
)
def test_nominee_name_that_is_not_a_name_is_refused(
    name, invite, known, django_capture_on_commit_callbacks
):
    with pytest.raises(nominations.NominationRefused):
        _nominate(
            invite(),
            email="bob@police.example",
            name=name,
            capture=django_capture_on_commit_callbacks,
        )

    assert OutboxMessage.objects.count() == 0
    assert not Invitation.objects.filter(email="bob@police.example").exists()


def test_nominee_email_starts_with_our_fixed_wording_not_the_name_given(
    invite, known, django_capture_on_commit_callbacks
):
    _nominate(
        invite(name="Ann Other"),
        email="bob@police.example",
        name="Bob Mischief Deputy",
        capture=django_capture_on_commit_callbacks,
    )

    message = OutboxMessage.objects.get()
    first_lines = message.body_text.splitlines()[:3]
    assert first_lines[0] == "Hello,"
    assert "Ann Other suggested you come in their place." in first_lines[2]
    assert "Bob Mischief Deputy" not in message.body_text
    assert "Bob Mischief Deputy" not in message.body_html
    assert message.subject.startswith("Invitation: ")


# --- the RSVP page --------------------------------------------------------------------------


def test_rsvp_page_shows_a_refused_nomination_as_an_error_and_changes_nothing(
    client, invite, rsvp_link, known, django_capture_on_commit_callbacks
):
    nominator = invite()
    _nominate(nominator, email="bob@police.example", capture=django_capture_on_commit_callbacks)
    _, path = rsvp_link(nominator)

    response = client.post(
        path,
        {"answer": "nominate", "nominee_name": "Cat Other", "nominee_email": "cat@police.example"},
    )

    assert response.status_code == 200
    assert "You have already nominated a colleague" in response.text
    assert "govuk-error-summary" in response.text
    assert not Invitation.objects.filter(email="cat@police.example").exists()


def test_rsvp_page_of_a_nominee_offers_no_nomination(
    client, invite, rsvp_link, event, django_capture_on_commit_callbacks
):
    nominee = InvitationFactory(event=event, nominated_by=invite(), sent_at=timezone.now())
    _, path = rsvp_link(nominee)

    page = client.get(path)
    response = client.post(
        path, {"answer": "nominate", "nominee_name": "Cat", "nominee_email": "cat@police.example"}
    )

    assert 'value="nominate"' not in page.text
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Invitation.objects.filter(email="cat@police.example").exists()


def test_rsvp_page_says_a_held_nomination_waits_for_the_organiser(
    client, invite, rsvp_link, known, django_capture_on_commit_callbacks
):
    nominator = invite()
    _, path = rsvp_link(nominator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            path,
            {"answer": "nominate", "nominee_name": "Dee", "nominee_email": "dee@mailbox.example"},
        )

    page = client.get(f"{path}?answered=1")

    assert "The organiser will check the nomination before inviting them" in page.text
    assert OutboxMessage.objects.count() == 0


# --- the convenor's review ------------------------------------------------------------------


def _review_path(invitation):
    event = invitation.event
    return reverse("events:nomination_review", args=[event.place.slug, event.pk, invitation.pk])


@pytest.fixture
def held(event, invite):
    return InvitationFactory(
        event=event,
        nominated_by=invite(name="Ann Other"),
        review="held",
        name="Dee Outside",
        email="dee@mailbox.example",
    )


def test_invitations_page_lists_held_nominations_for_the_convenor(convenor_client, held):
    event = held.event
    page = convenor_client.get(reverse("events:invitations", args=[event.place.slug, event.pk]))

    assert "Nominations waiting for you" in page.text
    assert "dee@mailbox.example" in page.text
    assert _review_path(held) in page.text


def test_convenor_approves_a_held_nomination_and_it_is_sent(
    convenor_client, convenor, held, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(_review_path(held), {"decision": "approve"})

    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.review, held.sent_at is not None) == ("approved", True)
    assert OutboxMessage.objects.get().to == ["dee@mailbox.example"]
    entry = AuditEntry.objects.get(action="events.nomination.approved")
    assert (entry.actor, entry.target_id, entry.data["domain"]) == (
        convenor,
        str(held.pk),
        "mailbox.example",
    )


def test_convenor_refuses_a_held_nomination_and_it_is_removed_unsent(
    convenor_client, convenor, held, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(_review_path(held), {"decision": "refuse"})

    assert response.status_code == 302
    assert not Invitation.objects.filter(pk=held.pk).exists()
    assert OutboxMessage.objects.count() == 0
    entry = AuditEntry.objects.get(action="events.nomination.refused")
    assert (entry.actor, entry.target_id) == (convenor, str(held.pk))


def test_review_of_a_nomination_not_held_changes_nothing(convenor_client, event, invite):
    not_held = InvitationFactory(event=event, nominated_by=invite())

    response = convenor_client.post(_review_path(not_held), {"decision": "refuse"}, follow=True)

    assert "is not waiting for review" in response.text
    assert Invitation.objects.filter(pk=not_held.pk).exists()
    assert OutboxMessage.objects.count() == 0


def test_review_with_an_unknown_decision_answers_400(convenor_client, held):
    response = convenor_client.post(_review_path(held), {"decision": "maybe"})

    assert response.status_code == 400
    assert "approve or refuse" in response.text
    held.refresh_from_db()
    assert held.review == "held"
