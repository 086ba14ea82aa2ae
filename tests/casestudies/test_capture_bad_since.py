"""The capture sheet's poll refuses an impossible ?since= with a 400 that says so."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("since", ["9999-99-99T99:99", "2026-02-30T10:00", "yesterday"])
def test_capture_items_since_an_impossible_time_is_a_400(host_client, sheet, since):
    url = reverse("capture:capture_items", args=[sheet.place.slug, sheet.pk])
    response = host_client.get(url, {"since": since})
    assert response.status_code == 400
    assert response.json() == {"error": "since must be a date and time like 2026-03-12T10:30:00Z"}
