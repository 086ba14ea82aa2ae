"""People and roles by a place's convenors: invitations by email (single use, 7 days, stored
hashed), changing and taking away roles (sessions end at once), site admins creating places."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEntry, Membership, OutboxMessage, Place, RoleInvitation, User
from joinedup.core.services import (
    InvitationProblem,
    MembershipRefused,
    accept_invitation,
    cancel_invitation,
    change_role,
    create_place,
    invite_to_role,
    revoke_role,
)
from joinedup.core.tokens import hash_token
from tests.core.factories import UserFactory

PASSWORD = "correct horse battery staple"
LINK = re.compile(r"http://testserver/join/([A-Za-z0-9_-]{43})/")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Join links are rate limited in the cache; each test starts with no count."""
    from django.core.cache import cache

    cache.clear()


def link_token(message: OutboxMessage) -> str:
    return LINK.search(message.body_text).group(1)


# --- domain -------------------------------------------------------------------------------


def test_invite_stores_only_the_hash_and_sends_a_link(place, convenor):
    invitation, token = invite_to_role(
        place=place, email=" Hana.Host@Youth.example ", role="host", actor=convenor
    )
    assert invitation.email == "hana.host@youth.example"
    assert invitation.token_hash == hash_token(token)
    assert token not in str(RoleInvitation.objects.values_list().get(pk=invitation.pk))
    message = OutboxMessage.objects.get(to=["hana.host@youth.example"])
    assert link_token(message) == token
    assert "as table host" in message.body_text
    assert (invitation.expires_at - invitation.created_at).days == 7
    entry = AuditEntry.objects.get(action="core.invitation.sent")
    assert entry.data == {"email": "hana.host@youth.example", "role": "host"}
    assert entry.actor == convenor


def test_inviting_twice_returns_the_open_invitation_and_sends_nothing_more(place, convenor):
    first, _token = invite_to_role(
        place=place, email="a@youth.example", role="host", actor=convenor
    )
    again, no_token = invite_to_role(
        place=place, email="A@youth.example", role="host", actor=convenor
    )
    assert again.pk == first.pk
    assert no_token is None
    assert OutboxMessage.objects.filter(to=["a@youth.example"]).count() == 1
    # another role is another invitation
    other, other_token = invite_to_role(
        place=place, email="a@youth.example", role="strategist", actor=convenor
    )
    assert other.pk != first.pk and other_token


def test_inviting_someone_who_has_the_role_is_refused(place, convenor, make_member):
    make_member(place, "host", email="has@youth.example")
    with pytest.raises(MembershipRefused, match="already has that role"):
        invite_to_role(place=place, email="has@youth.example", role="host", actor=convenor)
    assert RoleInvitation.objects.count() == 0


def test_accepting_as_a_new_person_makes_the_account_and_the_role(place, convenor):
    _, token = invite_to_role(
        place=place, email="new@dwp.example", role="practitioner", actor=convenor
    )
    membership = accept_invitation(token=token, full_name="Nadia New", password=PASSWORD)
    assert (membership.place, membership.role) == (place, "practitioner")
    user = User.objects.get(email="new@dwp.example")
    assert user.full_name == "Nadia New"
    assert user.check_password(PASSWORD)
    assert AuditEntry.objects.filter(action="core.invitation.accepted", actor=user).count() == 1


def test_a_link_works_once(place, convenor):
    _, token = invite_to_role(place=place, email="once@dwp.example", role="host", actor=convenor)
    accept_invitation(token=token, full_name="Olu Once", password=PASSWORD)
    with pytest.raises(InvitationProblem) as problem:
        accept_invitation(token=token, full_name="Someone Else", password=PASSWORD)
    assert problem.value.kind == "used"
    assert Membership.objects.filter(user__email="once@dwp.example").count() == 1


def test_an_expired_link_is_refused(place, convenor):
    invitation, token = invite_to_role(
        place=place, email="late@dwp.example", role="host", actor=convenor
    )
    RoleInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(InvitationProblem) as problem:
        accept_invitation(token=token, full_name="Lee Late", password=PASSWORD)
    assert problem.value.kind == "expired"
    assert not User.objects.filter(email="late@dwp.example").exists()


def test_a_cancelled_link_is_refused_and_cannot_be_cancelled_twice(place, convenor):
    invitation, token = invite_to_role(
        place=place, email="c@dwp.example", role="host", actor=convenor
    )
    cancel_invitation(invitation=invitation, actor=convenor)
    with pytest.raises(InvitationProblem) as problem:
        accept_invitation(token=token, full_name="C", password=PASSWORD)
    assert problem.value.kind == "cancelled"
    with pytest.raises(MembershipRefused):
        cancel_invitation(invitation=invitation, actor=convenor)


@pytest.mark.parametrize("token", ["", "short", "x" * 43, "A" * 44])
def test_unknown_tokens_are_refused(db, token):
    with pytest.raises(InvitationProblem) as problem:
        accept_invitation(token=token, full_name="X", password=PASSWORD)
    assert problem.value.kind == "unknown"


def test_accepting_signed_in_as_another_address_is_refused(place, convenor, make_member):
    _, token = invite_to_role(place=place, email="right@dwp.example", role="host", actor=convenor)
    wrong = make_member(place, email="wrong@dwp.example")
    with pytest.raises(MembershipRefused, match=r"right@dwp\.example"):
        accept_invitation(token=token, user=wrong)
    assert not Membership.objects.filter(user=wrong).exists()
    # the right person, already with an account elsewhere, accepts while signed in
    right = UserFactory(email="right@dwp.example")
    assert accept_invitation(token=token, user=right).role == "host"


def test_change_role_ends_sessions_and_is_audited(place, convenor, make_member):
    host = make_member(place, "host", email="h@youth.example")
    membership = Membership.objects.get(user=host)
    change_role(membership=membership, role="practitioner", actor=convenor)
    host.refresh_from_db()
    assert host.session_epoch == 1
    assert list(Membership.objects.filter(user=host).values_list("role", flat=True)) == [
        "practitioner"
    ]
    entry = AuditEntry.objects.get(action="core.membership.changed")
    assert entry.data == {"email": "h@youth.example", "from": "host", "to": "practitioner"}


def test_the_last_convenor_can_be_neither_removed_nor_changed(place, convenor):
    membership = Membership.objects.get(user=convenor)
    with pytest.raises(MembershipRefused, match="at least one convenor"):
        revoke_role(membership=membership, actor=convenor)
    with pytest.raises(MembershipRefused, match="at least one convenor"):
        change_role(membership=membership, role="host", actor=convenor)
    assert Membership.objects.filter(user=convenor, role="convenor").exists()


def test_change_to_a_role_already_held_is_refused(place, convenor, make_member):
    both = make_member(place, "host", "practitioner", email="both@youth.example")
    host = Membership.objects.get(user=both, role="host")
    with pytest.raises(MembershipRefused, match="already has that role"):
        change_role(membership=host, role="practitioner", actor=convenor)


def test_create_place_by_site_admin_only(db, convenor):
    admin = UserFactory(is_staff=True)
    place = create_place(name="Manchester", local_authority="Manchester City Council", actor=admin)
    assert (place.slug, place.local_authority) == ("manchester", "Manchester City Council")
    assert AuditEntry.objects.filter(action="core.place.created", actor=admin).count() == 1
    with pytest.raises(MembershipRefused, match="already exists"):
        create_place(name="manchester", local_authority="x", actor=admin)
    with pytest.raises(MembershipRefused, match="site admins"):
        create_place(name="Leeds", local_authority="Leeds City Council", actor=convenor)
    assert not Place.objects.filter(slug="leeds").exists()


# --- pages --------------------------------------------------------------------------------


def test_convenor_invites_from_the_people_page(convenor_client, place):
    response = convenor_client.post(
        reverse("members", args=[place.slug]),
        {"email": "tariq@police.example", "full_name": "Tariq T", "role": "host"},
    )
    assert response.status_code == 302
    invitation = RoleInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.full_name) == (
        "tariq@police.example",
        "host",
        "Tariq T",
    )
    page = convenor_client.get(reverse("members", args=[place.slug])).content.decode()
    assert "Invitations not yet accepted" in page
    assert "tariq@police.example" in page


def test_invite_form_errors_are_govuk_errors(convenor_client, place):
    response = convenor_client.post(
        reverse("members", args=[place.slug]), {"email": "not-an-email", "role": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert "Select a role" in page
    assert 'href="#id_role_0"' in page
    assert RoleInvitation.objects.count() == 0


def test_a_host_sees_people_but_cannot_invite(client, place, make_member):
    host = make_member(place, "host")
    client.force_login(host)
    page = client.get(reverse("members", args=[place.slug])).content.decode()
    assert "Invite a colleague" not in page
    response = client.post(
        reverse("members", args=[place.slug]), {"email": "x@police.example", "role": "host"}
    )
    assert response.status_code == 403
    assert RoleInvitation.objects.count() == 0


def test_new_person_accepts_link_and_lands_in_the_place(client, place, convenor):
    _, token = invite_to_role(place=place, email="new@fire.example", role="host", actor=convenor)
    url = reverse("join", args=[token])
    page = client.get(url).content.decode()
    assert "Join Ilford (Redbridge) as table host" in page
    assert 'name="robots" content="noindex"' in page
    response = client.post(
        url, {"full_name": "Femi Fire", "password1": PASSWORD, "password2": "different one"}
    )
    assert response.status_code == 400
    assert "The passwords do not match" in response.content.decode()
    response = client.post(
        url, {"full_name": "Femi Fire", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("place_home", args=[place.slug])
    assert client.get(reverse("place_home", args=[place.slug])).status_code == 200
    # the link is spent
    assert client.get(url).status_code == 410


def test_person_with_an_account_signs_in_then_accepts(client, place, convenor):
    existing = UserFactory(email="known@fire.example", password=PASSWORD)
    _, token = invite_to_role(
        place=place, email="known@fire.example", role="practitioner", actor=convenor
    )
    url = reverse("join", args=[token])
    page = client.get(url).content.decode()
    assert "Sign in to accept" in page
    client.force_login(existing)
    assert client.post(url).status_code == 302
    assert Membership.objects.get(user=existing).role == "practitioner"


def test_join_problem_pages(client, place, convenor):
    assert client.get(reverse("join", args=["n" * 43])).status_code == 404
    invitation, token = invite_to_role(
        place=place, email="gone@fire.example", role="host", actor=convenor
    )
    cancel_invitation(invitation=invitation, actor=convenor)
    response = client.get(reverse("join", args=[token]))
    assert response.status_code == 410
    assert "This invitation has been cancelled" in response.content.decode()


def test_join_is_rate_limited_per_address(client, settings, db):
    settings.JOIN_LIMIT_PER_ADDRESS = 3
    codes = [client.get(reverse("join", args=["q" * 43])).status_code for _ in range(5)]
    assert codes == [404, 404, 404, 429, 429]


def test_removed_person_loses_access_at_once(client, place, convenor, make_member):
    from django.test import Client

    practitioner = make_member(place, "practitioner", email="p@housing.example")
    practitioner.set_password(PASSWORD)
    practitioner.save()
    theirs = Client()
    assert (
        theirs.post(
            reverse("login"), {"username": "p@housing.example", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert theirs.get(reverse("place_home", args=[place.slug])).status_code == 200
    client.force_login(convenor)
    membership = Membership.objects.get(user=practitioner)
    response = client.post(reverse("remove_member", args=[place.slug, membership.pk]))
    assert response.status_code == 302
    # their session is over: the next request goes to sign-in
    assert theirs.get(reverse("place_home", args=[place.slug])).status_code == 302
    assert AuditEntry.objects.filter(action="core.membership.revoked", actor=convenor).count() == 1


def test_change_role_page(convenor_client, place, make_member):
    host = make_member(place, "host", email="h2@youth.example")
    membership = Membership.objects.get(user=host)
    url = reverse("change_member", args=[place.slug, membership.pk])
    assert "Change a role" in convenor_client.get(url).content.decode()
    assert convenor_client.post(url, {"role": "strategist"}).status_code == 302
    assert Membership.objects.get(user=host).role == "strategist"


def test_removing_the_last_convenor_shows_why(convenor_client, place, convenor):
    membership = Membership.objects.get(user=convenor)
    response = convenor_client.post(
        reverse("remove_member", args=[place.slug, membership.pk]), follow=True
    )
    assert "needs at least one convenor" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_site_admin_creates_a_place_with_its_first_convenor(client, db):
    admin = UserFactory(is_staff=True)
    client.force_login(admin)
    response = client.post(
        reverse("place_create"),
        {
            "name": "Manchester",
            "local_authority": "Manchester City Council",
            "first_convenor": "mo@manchester.example",
        },
    )
    assert response.status_code == 302
    place = Place.objects.get(slug="manchester")
    assert RoleInvitation.objects.get(place=place).role == "convenor"
    again = client.post(reverse("place_create"), {"name": "Manchester", "local_authority": "M"})
    assert again.status_code == 400
    assert "A place with this name already exists" in again.content.decode()
    assert Place.objects.filter(name="Manchester").count() == 1
