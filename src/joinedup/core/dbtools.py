"""Backing up, restoring and moving the database, with the engines' own tools.

SQLite: the online backup API (a consistent copy while the site runs, page by page).
PostgreSQL: pg_dump in its custom format (-Fc) and pg_restore --clean, in one transaction.
Moving from SQLite to PostgreSQL copies every table through the ORM (so values are converted
by the same fields that wrote them, encrypted fields included), parents before children, then
resets the sequences and compares the row counts of every table.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.core.management.color import no_style
from django.db import connections, models, transaction

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class DatabaseToolError(Exception):
    """A backup, restore or move that cannot go ahead; the message says why."""


# --- backup and restore ---------------------------------------------------------------------


def _engine(alias: str) -> str:
    return connections[alias].vendor


def _pg_command(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise DatabaseToolError(
            f"{tool} is not installed (Debian: apt-get install postgresql-client)"
        )
    return found


def _pg_env_and_dsn(settings_dict: dict) -> tuple[dict, str]:
    """The environment (password) and connection string for pg_dump/pg_restore."""
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    parts = {
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
        "user": settings_dict.get("USER") or "",
        "dbname": settings_dict["NAME"],
    }
    dsn = " ".join(f"{k}={v}" for k, v in parts.items() if v)
    return env, dsn


def backup_database(path: Path, *, alias: str = "default") -> int:
    """Write a consistent copy of the database to path (replaced whole, never half-written);
    return its size in bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    partial = Path(tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")[1])
    try:
        if _engine(alias) == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif _engine(alias) == "postgresql":
            env, dsn = _pg_env_and_dsn(connection.settings_dict)
            subprocess.run(  # noqa: S603  (our own arguments, no shell)
                [_pg_command("pg_dump"), "-Fc", "--no-owner", "-f", str(partial), dsn],
                env=env,
                check=True,
                capture_output=True,
            )
        else:
            raise DatabaseToolError(f"Backing up {_engine(alias)} is not supported")
        partial.replace(path)
    except subprocess.CalledProcessError as error:
        raise DatabaseToolError(
            f"pg_dump failed: {error.stderr.decode(errors='replace')}"
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgresql', read from the file's first bytes."""
    with Path(path).open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise DatabaseToolError(f"{path} is neither a SQLite backup nor a pg_dump -Fc file")


def restore_database(path: Path, *, alias: str = "default") -> None:
    """Replace the database's contents with the backup at path (made by backup_database on the
    same engine). Other processes must be stopped: they would write into the restored data."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseToolError(f"There is no backup at {path}")
    kind = backup_kind(path)
    engine = _engine(alias)
    if kind != engine:
        raise DatabaseToolError(
            f"{path} is a {kind} backup; this installation runs on {engine}"
            + (
                " (python -m joinedup move-database moves SQLite to PostgreSQL)"
                if engine == "postgresql"
                else ""
            )
        )
    connection = connections[alias]
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()  # pg_restore drops our tables: hold no lock on them
    env, dsn = _pg_env_and_dsn(connection.settings_dict)
    try:
        subprocess.run(  # noqa: S603
            [
                _pg_command("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "-d",
                dsn,
                str(path),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as error:
        raise DatabaseToolError(
            f"pg_restore failed: {error.stderr.decode(errors='replace')}"
        ) from error


# --- moving SQLite to PostgreSQL ------------------------------------------------------------

TARGET = "move_target"
# A target holding any of these has been used: moving into it would mix two installations.
USED_IF_ROWS_IN = ("core.User", "core.Place", "core.AuditEntry")
BATCH = 2000


@dataclass
class TableCount:
    table: str
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


def copied_models() -> list[type[models.Model]]:
    """Every concrete table Django manages (many-to-many tables included), parents first."""
    candidates = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]
    return _parents_first(candidates)


def _parents_first(candidates: list) -> list:
    by_table = {m._meta.db_table: m for m in candidates}
    ordered: list = []
    placed: set = set()
    visiting: set = set()

    def visit(model) -> None:
        table = model._meta.db_table
        if table in placed or table in visiting:
            return  # placed already, or a cycle (PostgreSQL checks the keys at commit)
        visiting.add(table)
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is not None:
                parent = by_table.get(field.related_model._meta.db_table)
                if parent is not None and parent is not model:
                    visit(parent)
        visiting.discard(table)
        placed.add(table)
        ordered.append(model)

    for model in sorted(candidates, key=lambda m: m._meta.db_table):
        visit(model)
    return ordered


def add_target(url: str) -> str:
    """Register the target database as a connection alias; return the alias."""
    settings_dict = dj_database_url.parse(url)
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        raise DatabaseToolError("--to must be a postgres:// URL")
    base = dict(connections["default"].settings_dict)
    base.update(settings_dict)
    base.update({"OPTIONS": {}, "CONN_MAX_AGE": 0, "ATOMIC_REQUESTS": False, "TEST": {}})
    connections.databases[TARGET] = base
    connections[TARGET].ensure_connection()
    return TARGET


def check_target_unused(alias: str = TARGET) -> None:
    """Refuse a target that holds people, places or audit entries (a new one has no tables)."""
    existing = set(connections[alias].introspection.table_names())
    for label in USED_IF_ROWS_IN:
        model = apps.get_model(label)
        if model._meta.db_table in existing and model._base_manager.using(alias).exists():
            raise DatabaseToolError(
                f"The target database already holds data ({model._meta.db_table} has rows): "
                "move into an empty database (createdb, then this command migrates it)"
            )


def _without_auto_now(model):
    """Fields set to 'now' on save: switched off while copying, so dates keep their values."""
    changed = []
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            changed.append((field, field.auto_now, field.auto_now_add))
            field.auto_now = field.auto_now_add = False
    return changed


def copy_tables(
    *, source: str = "default", target: str = TARGET, progress=None
) -> list[TableCount]:
    """Copy every table from source into target in one transaction (target tables emptied
    first: what the target's migrations wrote, content types included, is replaced by the
    source's, so every id keeps its meaning); reset the sequences; return the counts."""
    ordered = copied_models()
    target_connection = connections[target]
    with transaction.atomic(using=target), target_connection.cursor() as cursor:
        tables = ", ".join(target_connection.ops.quote_name(m._meta.db_table) for m in ordered)
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        for model in ordered:
            changed = _without_auto_now(model)
            try:
                rows = model._base_manager.using(source).order_by("pk").iterator(chunk_size=BATCH)
                batch = []
                for row in rows:
                    row._state.db = target
                    batch.append(row)
                    if len(batch) >= BATCH:
                        model._base_manager.using(target).bulk_create(batch)
                        batch = []
                if batch:
                    model._base_manager.using(target).bulk_create(batch)
            finally:
                for field, auto_now, auto_now_add in changed:
                    field.auto_now, field.auto_now_add = auto_now, auto_now_add
            if progress:
                progress(model._meta.db_table)
        for statement in target_connection.ops.sequence_reset_sql(no_style(), ordered):
            cursor.execute(statement)
    return count_tables(source=source, target=target, ordered=ordered)


def count_tables(*, source: str, target: str, ordered=None) -> list[TableCount]:
    """Rows in every copied table, in the source and in the target."""
    return [
        TableCount(
            m._meta.db_table,
            m._base_manager.using(source).count(),
            m._base_manager.using(target).count(),
        )
        for m in (ordered or copied_models())
    ]
