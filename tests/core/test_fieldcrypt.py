"""Encrypted fields: the database holds no plain text, rotation keeps values readable."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from joinedup.core import fieldcrypt


def test_round_trip_and_ciphertext_hides_the_text(settings):
    settings.FIELD_KEYS = [Fernet.generate_key().decode()]
    stored = fieldcrypt.encrypt("Kai Morgan")
    assert stored.startswith("fernet:")
    assert "Kai" not in stored
    assert fieldcrypt.decrypt(stored) == "Kai Morgan"
    assert fieldcrypt.encrypt("Kai Morgan") != stored  # a random IV each time


def test_old_key_still_reads_after_rotation_and_rotate_moves_to_the_new_key(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_KEYS = [old]
    stored = fieldcrypt.encrypt("07700 900123")
    settings.FIELD_KEYS = [new, old]
    assert fieldcrypt.decrypt(stored) == "07700 900123"
    rotated = fieldcrypt.rotate(stored)
    settings.FIELD_KEYS = [new]
    assert fieldcrypt.decrypt(rotated) == "07700 900123"
    with pytest.raises(fieldcrypt.UnreadableCiphertext):
        fieldcrypt.decrypt(stored)


def test_a_bad_key_is_a_configuration_error(settings):
    settings.FIELD_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet"):
        fieldcrypt.encrypt("x")


def test_plain_text_in_the_column_is_refused():
    with pytest.raises(fieldcrypt.UnreadableCiphertext):
        fieldcrypt.decrypt("Kai Morgan")
