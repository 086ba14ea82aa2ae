"""Headers every response carries: signed-in pages are never cached; a Permissions-Policy."""

import pytest
from django.urls import reverse

from joinedup.core.middleware import PERMISSIONS_POLICY


@pytest.mark.parametrize(
    "name", ["place_home", "members", "audit_log", "outbox", "directory:services"]
)
def test_signed_in_pages_with_personal_data_are_not_stored(convenor_client, place, name):
    response = convenor_client.get(reverse(name, kwargs={"place_slug": place.slug}))
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")


def test_a_signed_in_403_is_not_stored_either(client, place, make_member):
    client.force_login(make_member(place, "practitioner"))
    response = client.get(reverse("audit_log", kwargs={"place_slug": place.slug}))
    assert (response.status_code, response["Cache-Control"]) == (403, "no-store")


def test_an_anonymous_page_carries_the_policy_and_keeps_its_own_caching(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "Cache-Control" not in response
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_the_open_api_carries_the_permissions_policy(client):
    response = client.get("/api/oruk/")
    assert response["Permissions-Policy"].startswith("camera=(), microphone=(), geolocation=()")
