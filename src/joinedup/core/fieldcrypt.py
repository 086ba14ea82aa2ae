"""Personal details encrypted at rest: one Fernet key mechanism for every app that needs it.

Referrals (a person's name and contact) and confidential locations (refuge addresses) store
their text through `EncryptedTextField`. The database holds only Fernet tokens (AES-128-CBC with
an HMAC, a timestamp and a random IV), so neither the SQLite file nor a PostgreSQL dump carries
the text. Keys come from `settings.FIELD_KEYS` (JOINEDUP_FIELD_KEY, newest first); rotation is
`python -m joinedup rotate_field_key` after putting the new key first.

Such a field cannot be searched or ordered in SQL: filter on other columns, then read.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction

PREFIX = "fernet:"


class UnreadableCiphertext(Exception):
    """A stored value that none of the configured keys can decrypt (a key was removed too early)."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("JOINEDUP_FIELD_KEY is empty: set a Fernet key or unset it")
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "JOINEDUP_FIELD_KEY must be Fernet keys (32 url-safe base64 bytes), comma-separated; "
            "make one with: python -m joinedup generate_field_key"
        ) from error


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_KEYS))


def encrypt(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise UnreadableCiphertext("the stored value is not a Joinedup ciphertext")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise UnreadableCiphertext(
            "no configured JOINEDUP_FIELD_KEY opens this value (was an old key removed?)"
        ) from error


def rotate(stored: str) -> str:
    """Re-encrypt a stored value under the newest key (MultiFernet.rotate)."""
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """Text kept as a Fernet token. Empty text stays empty (nothing to hide, and erasure is '')."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "joinedup.core.fieldcrypt.EncryptedTextField", args, kwargs


def rotate_model_fields(model, field_names: list[str], batch: int = 500) -> int:
    """Re-encrypt every non-empty value of these fields under the newest key; returns rows done."""
    done = 0
    columns = [model._meta.get_field(n).column for n in field_names]
    # Read the raw tokens (values() would decrypt them through from_db_value).
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {cols} FROM {table}")  # noqa: S608  (names from the model)
        rows = cursor.fetchall()
    for start in range(0, len(rows), batch):
        with transaction.atomic(), connection.cursor() as cursor:
            for row in rows[start : start + batch]:
                values = [rotate(v) if v else v for v in row[1:]]
                sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
                cursor.execute(
                    f"UPDATE {table} SET {sets} WHERE {pk} = %s",  # noqa: S608
                    [*values, row[0]],
                )
                done += 1
    return done
