"""The API tokens page: a member makes a token (shown once, on that page only), sees when each
was last used, and revokes their own."""

import pytest
from django.urls import reverse

from joinedup.api import services
from joinedup.api.models import ApiToken
from joinedup.core.models import AuditEntry
from tests.core.factories import MembershipFactory


def _url(place):
    return reverse("api:tokens", kwargs={"place_slug": place.slug})


@pytest.mark.parametrize(("access", "scope"), [("read", "read"), ("write", "write")])
def test_a_member_makes_a_token_and_sees_it_once(convenor_client, place, convenor, access, scope):
    response = convenor_client.post(_url(place), {"name": "Weekly export", "access": access})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    raw = response.context["new_token"]
    assert (token.user, token.place, token.scope, token.name) == (
        convenor, place, scope, "Weekly export",
    )  # fmt: skip
    assert raw in response.content.decode()
    assert token.prefix == raw[:8]
    # the next visit shows the token's start, never the token
    again = convenor_client.get(_url(place)).content.decode()
    assert raw not in again
    assert token.prefix in again
    assert "Never" in again  # not used yet
    entry = AuditEntry.objects.get(action="api.token.created")
    assert (entry.actor, entry.data["scope"]) == (convenor, scope)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"access": "read"}, "Enter what the token is for"),
        ({"name": "Export"}, "Select what the token may do"),
        ({"name": "Export", "access": "admin"}, "Select what the token may do"),
        ({"name": "x" * 101, "access": "read"}, "What the token is for must be 100 characters"),
    ],
)
def test_a_bad_form_makes_no_token_and_says_why(convenor_client, place, data, message):
    response = convenor_client.post(_url(place), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_last_used_is_shown(convenor_client, client, place, convenor):
    token, raw = services.issue_token(user=convenor, place=place, name="Dashboard feed")
    services.token_for(raw)
    token.refresh_from_db()
    page = convenor_client.get(_url(place)).content.decode()
    assert f"{token.last_used_at:%-d %B %Y}" in page
    assert "Never" not in page


def test_a_member_revokes_their_own_token_and_it_stops_working(
    convenor_client, place, convenor, client
):
    token, raw = services.issue_token(user=convenor, place=place, name="Old script")
    url = reverse("api:revoke_token", kwargs={"place_slug": place.slug, "token_id": token.pk})
    response = convenor_client.post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert services.token_for(raw) is None
    assert "Revoked" in convenor_client.get(_url(place)).content.decode()
    assert convenor_client.get(url).status_code == 405


def test_nobody_revokes_another_persons_token(client, place, convenor, make_member):
    token, raw = services.issue_token(user=convenor, place=place)
    other_convenor = make_member(place, "convenor")
    client.force_login(other_convenor)
    url = reverse("api:revoke_token", kwargs={"place_slug": place.slug, "token_id": token.pk})
    assert client.post(url).status_code == 404
    assert services.token_for(raw) is not None


def test_the_page_lists_only_the_persons_tokens_in_this_place(
    convenor_client, place, other_place, convenor, make_member
):
    services.issue_token(user=convenor, place=place, name="Mine here")
    someone = make_member(place, "host")
    services.issue_token(user=someone, place=place, name="Someone else's")
    MembershipFactory(user=convenor, place=other_place, role="host")
    services.issue_token(user=convenor, place=other_place, name="Mine in Exeter")
    page = convenor_client.get(_url(place)).content.decode()
    assert "Mine here" in page
    assert "Mine in Exeter" not in page
    assert "Someone else&#x27;s" not in page and "Someone else's" not in page


def test_the_dashboard_links_to_the_tokens_page(convenor_client, place, convenor):
    services.issue_token(user=convenor, place=place)
    page = convenor_client.get(reverse("place_home", kwargs={"place_slug": place.slug}))
    text = page.content.decode()
    assert _url(place) in text
    assert "of your tokens work" in text
