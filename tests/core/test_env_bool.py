"""A yes/no setting with a value that is neither (a typo) stops start-up instead of meaning no."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from joinedup.settings import env_bool


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True), ("0", False), ("false", False),
     ("No", False), ("off", False), ("", True)],
)  # fmt: skip
def test_env_bool_reads_yes_and_no_words(monkeypatch, value, expected):
    monkeypatch.setenv("JOINEDUP_SOME_SWITCH", value)
    assert env_bool("SOME_SWITCH", True) is expected


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "y e s"])
def test_env_bool_refuses_anything_else_and_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("JOINEDUP_SOME_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match=f"JOINEDUP_SOME_SWITCH='{value}' is not a yes"):
        env_bool("SOME_SWITCH", False)
