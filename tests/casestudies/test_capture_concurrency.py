"""Many phones saving to one table at once: every acknowledged save is in the database.

Each thread has its own database connection, as gunicorn workers do. On SQLite the in-memory
test database is copied to a file first, so the threads contend for SQLite's real file lock
(WAL, IMMEDIATE transactions, busy timeout) the way the server does; on PostgreSQL they use
the test database directly (transactional_db, so what the test creates is committed).
"""

import sqlite3
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend

from joinedup.cafe import capture
from joinedup.casestudies.models import CaseStudy, Note, TableCapture
from joinedup.core.models import User
from tests.casestudies.factories import CaseStudyFactory, TableCaptureFactory, TimelineEntryFactory
from tests.core.factories import MembershipFactory, UserFactory

WRITERS = 12
SAVES_EACH = 15


class SharedDatabase:
    """Runs work in threads, each on its own connection to one database the test filled."""

    def __init__(self, tmp_path):
        self.settings = dict(connection.settings_dict)
        self.tmp_path = tmp_path

    def share(self) -> None:
        """Make what the test wrote so far visible to the threads' connections."""
        if connection.vendor == "sqlite":
            path = self.tmp_path / "capture.sqlite3"
            target = sqlite3.connect(path)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.settings["NAME"] = str(path)

    def run(self, work):
        """Run work() on a fresh connection of this thread, and close it afterwards."""
        backend = load_backend(self.settings["ENGINE"])
        conn = backend.DatabaseWrapper(dict(self.settings), DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = conn
        try:
            return work()
        finally:
            conn.close()


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    return SharedDatabase(tmp_path)


def _arrange():
    study = CaseStudyFactory(state=CaseStudy.State.APPROVED)
    TimelineEntryFactory(case_study=study)
    sheet = TableCaptureFactory(case_study=study)
    users = []
    for n in range(WRITERS):
        user = UserFactory(email=f"writer{n}@council.example")
        MembershipFactory(user=user, place=study.place, role="host")
        users.append(user.pk)
    return sheet.pk, users


def test_concurrent_saves_to_one_table_lose_nothing(shared_database):
    sheet_id, user_ids = _arrange()
    shared_database.share()
    start = threading.Barrier(WRITERS)
    shared_item = uuid.uuid4()

    def writer(n):
        def work():
            sheet = TableCapture.objects.select_related("case_study", "place").get(pk=sheet_id)
            user = User.objects.get(pk=user_ids[n])
            acknowledged, conflicts = [], 0
            start.wait()
            for i in range(SAVES_EACH):
                item_id = uuid.uuid4()
                outcome = capture.save_item(
                    capture=sheet,
                    kind="note",
                    item_id=item_id,
                    base_version=0,
                    data={"text": f"writer {n} note {i}"},
                    actor=user,
                )
                if outcome.status == "created":
                    acknowledged.append(item_id)
                # Everyone also edits one shared item from the version they last saw.
                current = Note.objects.filter(pk=shared_item).values_list("version", flat=True)
                edit = capture.save_item(
                    capture=sheet,
                    kind="note",
                    item_id=shared_item,
                    base_version=current.first() or 0,
                    data={"text": f"shared, last edit by writer {n} ({i})"},
                    actor=user,
                )
                conflicts += edit.status == "conflict"
            return acknowledged, conflicts

        return shared_database.run(work)

    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(writer, range(WRITERS)))

    acknowledged = {item for saved, _ in results for item in saved}

    def count():
        stored = set(
            Note.objects.filter(capture_id=sheet_id)
            .exclude(pk=shared_item)
            .values_list("pk", flat=True)
        )
        shared = Note.objects.get(pk=shared_item)
        return stored, shared.version

    with ThreadPoolExecutor(1) as pool:
        stored, shared_version = pool.submit(shared_database.run, count).result()
    successful_edits = WRITERS * SAVES_EACH - sum(c for _, c in results)
    assert len(acknowledged) == WRITERS * SAVES_EACH
    assert stored == acknowledged
    # Every edit of the shared item either landed (one version each) or was told it conflicted.
    assert shared_version == successful_edits
