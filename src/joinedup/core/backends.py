"""Signing in with an email address and password: Django's ModelBackend, with the person read
on every signed-in request as one fixed SQL string (issue 18 item 6).

Signing in, the password check and `user_can_authenticate` (inactive people are refused) are
Django's unchanged; only the read by primary key that every request makes skips the ORM's
query compiling, which cost more CPU than the query (a capture table polls every few seconds).
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

PATH = "joinedup.core.backends.UserBackend"
# What sessions signed in before this backend existed name (core/sessions.py maps it here).
DJANGO_PATH = "django.contrib.auth.backends.ModelBackend"


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        """Return the active person with this id, or None, as ModelBackend.get_user does."""
        user = next(iter(get_user_model().objects.raw(_user_sql(), [user_id])), None)
        return user if user is not None and self.user_can_authenticate(user) else None


@functools.cache
def _user_sql() -> str:
    meta = get_user_model()._meta  # once the apps are loaded: made at the first request
    columns = ", ".join(field.column for field in meta.concrete_fields)
    return f"SELECT {columns} FROM {meta.db_table} WHERE {meta.pk.column} = %s"  # noqa: S608
