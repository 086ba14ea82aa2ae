"""One way for a benchmark to point Django at a SQLite file of its own under var/bench/."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def configure_sqlite(name: str) -> str:
    """Point Django at var/bench/<name>.sqlite3 (made and migrated if new); return its path."""
    os.environ.setdefault("JOINEDUP_HTTPS", "0")
    os.environ.setdefault("JOINEDUP_STATIC_MANIFEST", "0")
    os.environ.setdefault("JOINEDUP_TASKS", "immediate")
    os.environ["JOINEDUP_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    path = ROOT / "var" / "bench" / f"{name}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ["JOINEDUP_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return str(path.relative_to(ROOT))
