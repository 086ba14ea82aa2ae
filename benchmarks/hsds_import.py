"""Benchmark HSDS 3.0 JSON import throughput (issue 3: target ≥ 2,000 services/s).

Writes a synthetic HSDS JSON file of N fully nested services (organisation, location with an
address, phone, schedule, two need attributes each), then imports it into an empty place of a
fresh database of its own with joinedup.directory.hsds (read_hsds → import_tables, in one
transaction, search index included). Prints seconds and services/s for parsing, loading and in
all, then the same file again (every row an update). Never asserts.

    .venv/bin/python benchmarks/hsds_import.py                     # 20k services, SQLite
    .venv/bin/python benchmarks/hsds_import.py --services 50000
    .venv/bin/python benchmarks/hsds_import.py --db postgresql
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _configure(db: str, pg_url: str, sqlite_path: str = "") -> str:
    """Point Django at a fresh database of the benchmark's own; return a label for it."""
    os.environ.setdefault("JOINEDUP_HTTPS", "0")
    os.environ.setdefault("JOINEDUP_TASKS", "immediate")
    if db == "sqlite":
        path = Path(sqlite_path) if sqlite_path else ROOT / "var" / "bench" / "hsds-import.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["JOINEDUP_DATABASE_URL"] = f"sqlite:///{path}"
        label = str(path)
    else:
        import psycopg

        name = "bench_hsds_import"
        with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["JOINEDUP_DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + name
        label = f"PostgreSQL {name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return label


def synthetic_services(n: int, *, seed: int = 3) -> list[dict]:
    """Return n fully nested HSDS services, ten to an organisation."""
    from joinedup.directory.taxonomies import NEEDS, need_id

    rng = random.Random(seed)

    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    services, organization = [], None
    for i in range(n):
        if i % 10 == 0:
            organization = {
                "id": uid(),
                "name": f"Synthetic Trust {i // 10}",
                "description": "A fictional organisation for the import benchmark.",
                "website": "https://trust.example",
            }
        service_id, location_id = uid(), uid()
        services.append(
            {
                "id": service_id,
                "name": f"Synthetic service {i}",
                "description": "Advice and support for people in crisis. " * 3,
                "status": "active",
                "email": f"service{i}@trust.example",
                "url": "https://trust.example/service",
                "minimum_age": 16,
                "last_modified": "2026-11-01T09:00:00Z",
                "organization": organization,
                "phones": [{"id": uid(), "number": "020 7946 0000", "type": "voice"}],
                "schedules": [
                    {
                        "id": uid(),
                        "freq": "WEEKLY",
                        "byday": "MO,TU,WE,TH,FR",
                        "opens_at": "09:00:00",
                        "closes_at": "17:00:00",
                    }
                ],
                "service_at_locations": [
                    {
                        "id": uid(),
                        "location": {
                            "id": location_id,
                            "location_type": "physical",
                            "name": f"Office {i}",
                            "latitude": 51.5 + rng.random(),
                            "longitude": -0.5 + rng.random(),
                            "addresses": [
                                {
                                    "id": uid(),
                                    "address_1": f"{i} High Street",
                                    "city": "Ilford",
                                    "state_province": "Essex",
                                    "postal_code": "IG1 1AA",
                                    "country": "GB",
                                    "address_type": "physical",
                                }
                            ],
                        },
                    }
                ],
                "attributes": [
                    {
                        "id": uid(),
                        "taxonomy_term_id": str(need_id(code)),
                        "link_type": "needs",
                        "taxonomy_term": {
                            "id": str(need_id(code)),
                            "name": name,
                            "description": description,
                        },
                    }
                    for code, name, description in rng.sample(NEEDS, 2)
                ],
            }
        )
    return services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("JOINEDUP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/x"),
    )
    parser.add_argument(
        "--sqlite-path",
        default="",
        help="SQLite file to use (e.g. on /dev/shm to leave a busy disk out of the figures)",
    )
    args = parser.parse_args()
    label = _configure(args.db, args.pg_url, args.sqlite_path)

    from joinedup.core.models import Place
    from joinedup.directory.hsds.loading import import_tables
    from joinedup.directory.hsds.reading import read_hsds
    from joinedup.directory.models import Service
    from joinedup.directory.taxonomies import ensure_taxonomies

    ensure_taxonomies()
    place = Place.objects.create(name="Import bench", slug="import-bench", local_authority="Bench")
    n = args.services
    path = ROOT / "var" / "bench" / f"hsds-{n}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(synthetic_services(n)))
    size_mb = path.stat().st_size / 1e6
    print(f"# HSDS JSON import: {n:,} services ({size_mb:.0f} MB) into {label}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print()
    # CPU seconds of this process as well as wall time: on a shared, busy machine the wall
    # clock mostly measures the neighbours (SQLite runs in-process, so its CPU time is the
    # whole cost; PostgreSQL's server time is not in it).
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("| run | parse s | load s | total s | services/s | CPU s | services/CPU s | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for run in ("first import (all new)", "same file again (nothing changes)"):
        started, cpu = time.perf_counter(), time.process_time()
        tables, _ = read_hsds(path.read_bytes(), filename=path.name)
        parsed = time.perf_counter()
        report = import_tables(place=place, tables=tables, actor=None, source=path.name)
        done, cpu = time.perf_counter(), time.process_time() - cpu
        total = done - started
        print(
            f"| {run} | {parsed - started:.1f} | {done - parsed:.1f} | {total:.1f} | "
            f"{n / total:,.0f} | {cpu:.1f} | {n / cpu:,.0f} | ≥ 2,000 ({n / total / 2000:.1f}× "
            "target by the wall clock) |"
        )
        if report["warnings"]:
            print(f"  warnings: {report['warnings'][:3]}")
    print()
    print(f"services in the place: {Service.objects.filter(place=place).count():,}")


if __name__ == "__main__":
    main()
