"""Query parameters a person (or a probe) can mangle get a 4xx or are ignored, never a 500."""

import pytest
from django.urls import reverse

from joinedup.core.http import id_param


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("007", 7), ("²", None), ("١٢", None), ("-3", None), ("", None), (None, None),
     ("9" * 18, 999_999_999_999_999_999), ("9" * 19, None), ("12a", None)],
)  # fmt: skip
def test_id_param_reads_only_plain_ascii_ids(text, expected):
    assert id_param(text) == expected


@pytest.mark.parametrize("name", ["followup:insight", "followup:action_create"])
@pytest.mark.parametrize("value", ["²", "9" * 40, "1e3"])
def test_a_mangled_event_id_is_ignored(convenor_client, place, name, value):
    url = reverse(name, kwargs={"place_slug": place.slug})
    assert convenor_client.get(url, {"event": value}).status_code == 200
