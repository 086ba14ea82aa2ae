"""Django's database sessions, with the one read every signed-in request makes as a fixed SQL
string (issue 18 item 6).

Building and compiling the ORM query cost more CPU than running it; a live-capture table
polls and saves every few seconds. Everything else (the table, the signing of session_data,
saving, expiry, flushing at sign-out) is Django's `db` backend unchanged, so sessions made
before this module existed still load.
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from joinedup.core import backends


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict:
        """Return the session's data, or {} (and forget the key) when it is missing or expired,
        as Django's load does."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        meta = model._meta
        sql = (
            f"SELECT {quote(meta.get_field('session_data').column)} "  # noqa: S608 (fixed names)
            f"FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.get_field('session_key').column)} = %s "
            f"AND {quote(meta.get_field('expire_date').column)} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        data = self.decode(row[0])
        if data.get(BACKEND_SESSION_KEY) == backends.DJANGO_PATH:
            # signed in before core/backends.py, whose UserBackend is Django's ModelBackend
            # with a faster read: the same person, so the same session
            data[BACKEND_SESSION_KEY] = backends.PATH
        return data
