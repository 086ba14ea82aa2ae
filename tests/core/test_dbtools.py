"""backup / restore round trips on the test database's engine (CI runs both), and
move-database from SQLite to an empty PostgreSQL database (when one is configured)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.db import connection

from joinedup.core.dbtools import (
    DatabaseToolError,
    backup_database,
    backup_kind,
    copied_models,
    restore_database,
)
from joinedup.core.models import Membership, Place, User
from tests.core.factories import MembershipFactory, PlaceFactory

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_restore_puts_back_what_the_backup_held(tmp_path):
    ilford = PlaceFactory(name="Ilford", slug="ilford")
    member = MembershipFactory(place=ilford, user__email="convenor@redbridge.example")
    backup = tmp_path / "joinedup.backup"
    size = backup_database(backup)
    assert size == backup.stat().st_size
    assert backup_kind(backup) == connection.vendor

    PlaceFactory(name="Exeter", slug="exeter")
    member.user.delete()
    Place.objects.filter(slug="ilford").update(name="Renamed")

    restore_database(backup)
    connection.close()  # the next query opens the restored database afresh
    assert list(Place.objects.order_by("name").values_list("name", flat=True)) == ["Ilford"]
    assert list(User.objects.values_list("email", flat=True)) == ["convenor@redbridge.example"]
    assert Membership.objects.get().place.slug == "ilford"
    # the restored database takes new rows (sequences restored with it)
    PlaceFactory(name="Manchester", slug="manchester")
    assert Place.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_commands(tmp_path):
    PlaceFactory(name="Ilford", slug="ilford")
    path = tmp_path / "nested" / "copy.backup"
    call_command("backup", str(path))
    PlaceFactory(name="Exeter", slug="exeter")
    call_command("restore", str(path), interactive=False)
    connection.close()
    assert list(Place.objects.values_list("slug", flat=True)) == ["ilford"]
    assert list(tmp_path.joinpath("nested").iterdir()) == [path]  # no partial file left


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(DatabaseToolError, match="neither a SQLite backup nor a pg_dump"):
        restore_database(bogus)


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(DatabaseToolError, match="There is no backup at"):
        restore_database(tmp_path / "absent.backup")


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_engine(tmp_path):
    other = tmp_path / "other.backup"
    other.write_bytes(
        b"PGDMP\x01\x0e\x00"
        if connection.vendor == "sqlite"
        else b"SQLite format 3\x00" + b"\0" * 84
    )
    with pytest.raises(DatabaseToolError, match=f"this installation runs on {connection.vendor}"):
        restore_database(other)


def test_tables_are_copied_parents_first():
    order = [m._meta.db_table for m in copied_models()]
    assert order.index("core_place") < order.index("core_membership")
    assert order.index("core_user") < order.index("core_membership")
    assert order.index("django_content_type") < order.index("auth_permission")
    assert order.index("directory_organization") < order.index("directory_service")
    assert order.index("directory_service") < order.index("directory_servicesearchentry")
    assert "django_migrations" not in order
    assert len(order) == len(set(order))


# --- move-database: SQLite in a folder of its own, into a new PostgreSQL database -----------

MAKE_DATA = """
from joinedup.core.models import Place, User, Membership
from joinedup.directory.models import Organization, Service
from joinedup.core.mail import send_email
place = Place.objects.create(name="Ilford", slug="ilford", local_authority="Redbridge")
user = User.objects.create_user(email="convenor@redbridge.example", full_name="Ada Convenor",
                                password="a long enough password")
Membership.objects.create(user=user, place=place, role="convenor")
org = Organization.objects.create(place=place, name="Ilford Housing Options")
for name in ["Tenancy sustainment", "Rough sleeping outreach", "Debt advice"]:
    Service.objects.create(place=place, organization=org, name=name, description=name + " help")
send_email(key="move-1", to=["someone@council.example"], subject="Welcome", body_text="Hello")
"""

CHECK_TARGET = """
from joinedup.core.models import Place, User, OutboxMessage
from joinedup.directory.models import Service
from joinedup.directory.search import search_services
print(Place.objects.get().name, User.objects.get().check_password("a long enough password"))
print(OutboxMessage.objects.get().subject, Service.objects.count())
print([s.name for s in search_services(text="outreach").services])
"""


def _joinedup(args, env, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "joinedup", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(REPO / "src"), **env},
    )


@pytest.fixture
def empty_postgres():
    """The URL of a new, empty PostgreSQL database on the test server, dropped afterwards."""
    # the PostgreSQL pass's database URL, or in the SQLite pass the server make test keeps
    base = os.environ.get("JOINEDUP_TEST_DATABASE_URL") or os.environ.get(
        "JOINEDUP_TEST_POSTGRES_URL", ""
    )
    if not base.startswith("postgres"):
        pytest.skip("No PostgreSQL server given (JOINEDUP_TEST_DATABASE_URL; CI sets one)")
    import psycopg

    parts = urlsplit(base)
    name = f"{(parts.path.lstrip('/') or 'joinedup')}_move_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_move_database_copies_every_table_and_rebuilds_search(tmp_path, empty_postgres):
    env = {"JOINEDUP_VAR_DIR": str(tmp_path), "JOINEDUP_TASKS": "immediate"}
    assert _joinedup(["migrate", "-v0"], env).returncode == 0
    made = _joinedup(["shell", "--no-imports", "-c", MAKE_DATA], env)
    assert made.returncode == 0, made.stderr

    moved = _joinedup(["move-database", "--to", empty_postgres], env)
    assert moved.returncode == 0, moved.stderr
    lines = moved.stdout.splitlines()
    rows = {
        line.split()[0]: line.split()[1:]
        for line in lines
        if line.startswith(("core_", "directory_"))
    }
    assert rows["core_place"] == ["1", "1", "ok"]
    assert rows["core_user"] == ["1", "1", "ok"]
    assert rows["directory_service"] == ["3", "3", "ok"]
    assert rows["directory_servicesearchentry"] == ["3", "3", "ok"]
    assert rows["core_outboxmessage"] == ["1", "1", "ok"]
    assert "DIFFERENT" not in moved.stdout
    assert lines[-1].startswith("Moved ")

    on_target = {**env, "JOINEDUP_DATABASE_URL": empty_postgres}
    checked = _joinedup(["shell", "--no-imports", "-c", CHECK_TARGET], on_target)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines() == [
        "Ilford True",
        "Welcome 3",
        "['Rough sleeping outreach']",
    ]
    # the new database takes new rows: its sequences were moved on past the copied ids
    more = _joinedup(
        [
            "shell",
            "--no-imports",
            "-c",
            "from joinedup.core.models import Place; "
            "print(Place.objects.create(name='Exeter', slug='exeter', local_authority='Devon').pk)",
        ],
        on_target,
    )
    assert more.stdout.strip() == "2", more.stderr

    again = _joinedup(["move-database", "--to", empty_postgres], env)
    assert again.returncode != 0
    assert "already holds data (core_user has rows)" in again.stderr


def test_move_database_refuses_a_target_that_is_not_postgresql(tmp_path):
    env = {"JOINEDUP_VAR_DIR": str(tmp_path), "JOINEDUP_TASKS": "immediate"}
    refused = _joinedup(["move-database", "--to", f"sqlite:///{tmp_path / 'other.sqlite3'}"], env)
    assert refused.returncode != 0
    assert "--to must be a postgres:// URL" in refused.stderr
