"""Load on live capture: many phones at many tables saving every few seconds, against gunicorn.

For each database (SQLite, PostgreSQL) this script makes a fresh database, sets up one place,
an approved case study, the tables' capture sheets and one signed-in account per participant,
starts gunicorn as `make demo` does (3 workers × 4 threads), and plays the participants: each
saves an item (mostly new intervention points and notes, some proposed actions, one in five an
edit of an item they saved before) every --interval seconds, and polls its table's sheet as the
capture page does. A save that fails (network error, 5xx, timeout) is retried with the same
UUID until the server acknowledges it, exactly as the browser does.

At the end it counts: every acknowledged save must be in the database (new items as rows, edits
as the version acknowledged); server errors; save and poll latency percentiles.

    .venv/bin/python benchmarks/capture_load.py                    # 300 × 2 min, both databases
    .venv/bin/python benchmarks/capture_load.py --duration 20 --participants 60 --database sqlite

Prints figures and a markdown table (--markdown FILE writes it there too); never asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/joinedup_capture_bench"


# --- set-up and verification, run inside Django in a subprocess -------------------------------


def django_setup(participants: int, tables: int) -> dict:
    """Create the place, story, sheets and signed-in participants; return what the load needs."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from joinedup.cafe.capture import create_capture
    from joinedup.casestudies.models import CaseStudy, LifeDomain
    from joinedup.core.models import Membership, Place, User
    from joinedup.directory.taxonomies import ensure_taxonomies

    ensure_taxonomies()
    with transaction.atomic():
        place = Place.objects.create(name="Benchtown", slug="bench", local_authority="Bench")
        author = User.objects.create_user("author@bench.example", "x" * 16, full_name="Author")
        study = CaseStudy.objects.create(
            place=place, author=author, title="A story", state=CaseStudy.State.APPROVED
        )
        entries = [
            study.entries.create(
                order=n, age_years=10 + n, domain=LifeDomain.EDUCATION, what_happened=f"Moment {n}"
            ).pk
            for n in range(1, 11)
        ]
        sheets = [
            str(create_capture(case_study=study, label=f"Table {n + 1}", actor=author).pk)
            for n in range(tables)
        ]
        people = []
        for n in range(participants):
            user = User(email=f"p{n}@bench.example", full_name=f"Participant {n}")
            user.set_unusable_password()
            user.save()
            Membership.objects.create(user=user, place=place, role="host")
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "joinedup.core.backends.UserBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            people.append({"session": session.session_key, "sheet": sheets[n % tables]})
    return {"place": place.slug, "entries": entries, "people": people}


def django_verify(path: str) -> dict:
    """Count which acknowledged saves are in the database."""
    import django

    django.setup()
    from joinedup.cafe.capture import KINDS

    acked = json.loads(Path(path).read_text())
    missing_rows, stale_versions, rows = 0, 0, 0
    for kind, spec in KINDS.items():
        wanted = {item_id: version for item_id, (k, version) in acked.items() if k == kind}
        stored = dict(spec.model.objects.filter(pk__in=list(wanted)).values_list("pk", "version"))
        stored = {str(k): v for k, v in stored.items()}
        rows += spec.model.objects.count()
        for item_id, version in wanted.items():
            if item_id not in stored:
                missing_rows += 1
            elif stored[item_id] < version:
                stale_versions += 1
    return {"acknowledged_items": len(acked), "missing": missing_rows, "stale": stale_versions,
            "rows": rows}  # fmt: skip


# --- the load ---------------------------------------------------------------------------------


@dataclass
class Tally:
    saves: list = field(default_factory=list)  # latency of acknowledged saves, seconds
    polls: list = field(default_factory=list)
    server_errors: int = 0
    network_errors: int = 0
    conflicts: int = 0
    refused: int = 0  # 4xx other than 409: a bug in this script or the server
    retries: int = 0
    not_modified: int = 0  # polls answered 304
    acked: dict = field(default_factory=dict)  # item id -> (kind, version acknowledged)


def _payload(kind: str, entries: list[int], rng: random.Random, n: int) -> dict:
    if kind == "intervention_point":
        return {
            "entry": rng.choice(entries),
            "placement": rng.choice(["on", "after"]),
            "what_could_have_been_done": f"Idea {n}: " + "earlier help " * rng.randint(1, 12),
            "how_early": rng.choice(["prevention", "early_help", "crisis", ""]),
        }  # fmt: skip
    if kind == "note":
        return {"text": f"Note {n}: " + "the table said " * rng.randint(1, 10)}
    return {"what": f"Action {n}: agree a protocol", "by_when": "2027-03-31"}


async def participant(client, base, person, setup, end, interval, tally, rng, poll, poll_interval):
    import httpx

    cookie = f"sessionid={person['session']}; csrftoken={person['csrf']}"
    headers = {"Cookie": cookie, "X-CSRFToken": person["csrf"], "Content-Type": "application/json"}
    sheet_url = f"{base}/p/{setup['place']}/case-studies/capture/{person['sheet']}/items/"
    mine: list[tuple[str, str, int]] = []  # (kind, id, version) of items this person saved
    since = None
    etag = None
    poll_at = 0.0
    n = 0
    await asyncio.sleep(rng.uniform(0, interval))
    next_at = time.monotonic()
    while time.monotonic() < end:
        n += 1
        if mine and rng.random() < 0.2:
            index = rng.randrange(len(mine))
            kind, item_id, version = mine[index]
        else:
            kind = rng.choices(["intervention_point", "note", "proposed_action"], [6, 3, 1])[0]
            item_id, version, index = str(uuid.uuid4()), 0, None
        body = json.dumps({"version": version, "data": _payload(kind, setup["entries"], rng, n)})
        url = f"{sheet_url}{kind}/{item_id}/"
        while True:  # the browser retries until the server answers
            started = time.perf_counter()
            try:
                response = await client.put(url, content=body, headers=headers)
            except httpx.HTTPError:
                tally.network_errors += 1
                tally.retries += 1
                await asyncio.sleep(1)
                continue
            elapsed = time.perf_counter() - started
            if response.status_code >= 500:
                tally.server_errors += 1
                tally.retries += 1
                await asyncio.sleep(1)
                continue
            break
        if response.status_code in (200, 201):
            tally.saves.append(elapsed)
            stored = response.json()["item"]
            tally.acked[item_id] = (kind, stored["version"])
            if index is None:
                mine.append((kind, item_id, stored["version"]))
            else:
                mine[index] = (kind, item_id, stored["version"])
        elif response.status_code == 409:
            tally.conflicts += 1
            tally.saves.append(elapsed)
        else:
            tally.refused += 1
        if poll and time.monotonic() >= poll_at:
            poll_at = time.monotonic() + poll_interval
            # As the capture page does: everything once, then what changed since (with overlap).
            started = time.perf_counter()
            try:
                poll_headers = {"Cookie": cookie}
                if etag:  # a conditional GET, as the page sends
                    poll_headers["If-None-Match"] = etag
                response = await client.get(
                    sheet_url, params={"since": since} if since else None, headers=poll_headers
                )
                if response.status_code >= 500:
                    tally.server_errors += 1
                elif response.status_code == 304:  # nothing new: ask from the same time again
                    tally.polls.append(time.perf_counter() - started)
                    tally.not_modified += 1
                else:
                    etag = response.headers.get("ETag")
                    tally.polls.append(time.perf_counter() - started)
                    now = datetime.datetime.fromisoformat(response.json()["now"])
                    since = (now - datetime.timedelta(seconds=30)).isoformat()
            except httpx.HTTPError:
                tally.network_errors += 1
        next_at += interval
        await asyncio.sleep(max(0, next_at - time.monotonic()))


async def play(base, setup, *, duration, interval, poll, poll_interval, seed) -> Tally:
    import httpx

    tally = Tally()
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=len(setup["people"]), max_keepalive_connections=50)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        end = time.monotonic() + duration
        await asyncio.gather(
            *(
                participant(
                    client,
                    base,
                    person,
                    setup,
                    end,
                    interval,
                    tally,
                    random.Random(rng.random()),
                    poll,
                    poll_interval,
                )
                for person in setup["people"]
            )
        )
    return tally


# --- running one database ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(var_dir: Path, database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        JOINEDUP_VAR_DIR=str(var_dir),
        JOINEDUP_DATABASE_URL=database_url,
        JOINEDUP_HTTPS="0",
        JOINEDUP_DEBUG="0",
        JOINEDUP_LOG_LEVEL="WARNING",
        JOINEDUP_STATIC_MANIFEST="0",
        JOINEDUP_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_SETTINGS_MODULE="joinedup.settings",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def _fresh_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _run_django(env, *args) -> dict:
    out = subprocess.run(
        [PYTHON, __file__, *args], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_database(label: str, database_url: str, args) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix=f"capture-bench-{label}-"))
    database_url = database_url.replace("{var}", str(var_dir))
    (var_dir / "static").mkdir()  # whitenoise warns when STATIC_ROOT is missing
    env = _env(var_dir, database_url)
    if database_url.startswith("postgres"):
        _fresh_postgres(database_url)
    print(f"[{label}] migrating a fresh database…", flush=True)
    subprocess.run([PYTHON, "-m", "joinedup", "migrate", "--noinput"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    setup = _run_django(env, "--setup", str(args.participants), str(args.tables))
    for person in setup["people"]:
        person["csrf"] = secrets.token_hex(16)
    port = _free_port()
    server = subprocess.Popen(
        [GUNICORN, "joinedup.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--threads", str(args.threads), "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, setup)
        print(
            f"[{label}] {args.participants} participants at {args.tables} tables, a save every "
            f"{args.interval:g} s{' and a poll' if args.poll else ''}, for {args.duration:g} s…",
            flush=True,
        )
        load_before = os.getloadavg()[0]
        cpu_before = _cpu_seconds(server.pid)
        started = time.monotonic()
        tally = asyncio.run(
            play(
                base,
                setup,
                duration=args.duration,
                interval=args.interval,
                poll=args.poll,
                poll_interval=args.poll_interval,
                seed=args.seed,
            )
        )
        wall = time.monotonic() - started
        cpu = _cpu_seconds(server.pid) - cpu_before
        machine = {"load_before": load_before, "load_after": os.getloadavg()[0], "cpu": cpu}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    acked_file = var_dir / "acked.json"
    acked_file.write_text(json.dumps(tally.acked))
    verified = _run_django(env, "--verify", str(acked_file))
    shutil.rmtree(var_dir, ignore_errors=True)
    return _figures(label, tally, verified, wall, machine)


def _cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by every process of the server's process group."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, …
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _wait_for(base: str, setup: dict) -> None:
    """Wait for gunicorn, then warm every worker (imports, URLs, templates) as a day would."""
    import httpx

    for _ in range(100):
        try:
            httpx.get(f"{base}/sign-in/", timeout=2)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        raise RuntimeError("gunicorn did not start")
    person = setup["people"][0]
    url = f"{base}/p/{setup['place']}/case-studies/capture/{person['sheet']}/items/"
    for _ in range(30):
        httpx.get(url, headers={"Cookie": f"sessionid={person['session']}"}, timeout=10)


def _pct(values, q) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000


def _figures(label, tally: Tally, verified: dict, wall: float, machine: dict) -> dict:
    requests = len(tally.saves) + len(tally.polls) + tally.refused
    figures = {
        "database": label,
        "saves": len(tally.saves),
        "saves_per_s": len(tally.saves) / wall,
        "polls": len(tally.polls),
        "polls_not_modified": tally.not_modified,
        "save_p50_ms": _pct(tally.saves, 50),
        "save_p95_ms": _pct(tally.saves, 95),
        "save_p99_ms": _pct(tally.saves, 99),
        "save_max_ms": max(tally.saves, default=0) * 1000,
        "poll_p95_ms": _pct(tally.polls, 95),
        "server_errors": tally.server_errors,
        "network_errors": tally.network_errors,
        "retries": tally.retries,
        "conflicts": tally.conflicts,
        "refused": tally.refused,
        "acknowledged_items": verified["acknowledged_items"],
        "lost_writes": verified["missing"] + verified["stale"],
        "rows": verified["rows"],
        "server_cpu_ms_per_request": 1000 * machine["cpu"] / max(requests, 1),
        "server_cpu_share": machine["cpu"] / wall,
        "load_average": (machine["load_before"] + machine["load_after"]) / 2,
    }
    print(json.dumps(figures, indent=2), flush=True)
    return figures


def markdown(results: list[dict], args) -> str:
    lines = [
        f"{args.participants} participants at {args.tables} tables, each saving every "
        f"{args.interval:g} s (one save in five an edit) and polling its sheet every "
        f"{args.poll_interval:g} s as the capture page does, for "
        f"{args.duration:g} s, against gunicorn ({args.workers} workers × {args.threads} "
        "threads) on one machine. Target: zero lost writes, zero server errors, save p95 ≤ 300 ms.",
        "",
        "| database | saves | saves/s | save p50 | save p95 | save p99 | poll p95 "
        "| server errors | acknowledged items | lost writes | server CPU a request "
        "| server CPU used | machine load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['saves']} | {r['saves_per_s']:.1f} "
            f"| {r['save_p50_ms']:.0f} ms | {r['save_p95_ms']:.0f} ms "
            f"| {r['save_p99_ms']:.0f} ms | {r['poll_p95_ms']:.0f} ms "
            f"| {r['server_errors']} | {r['acknowledged_items']} | {r['lost_writes']} "
            f"| {r['server_cpu_ms_per_request']:.1f} ms | {r['server_cpu_share']:.2f} cores "
            f"| {r['load_average']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        print(json.dumps(django_setup(int(sys.argv[2]), int(sys.argv[3]))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--verify":
        print(json.dumps(django_verify(sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--tables", type=int, default=30)
    parser.add_argument("--duration", type=float, default=120, help="seconds of load")
    parser.add_argument("--interval", type=float, default=5, help="seconds between saves")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=os.environ.get("JOINEDUP_BENCH_POSTGRES_URL",
                                                                 DEFAULT_POSTGRES))  # fmt: skip
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-poll", dest="poll", action="store_false")
    parser.add_argument(
        "--poll-interval", type=float, default=10, help="seconds between polls (as the page)"
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--markdown", help="also write the markdown table to this file")
    args = parser.parse_args()
    results = []
    if args.database in ("sqlite", "both"):
        results.append(run_database("SQLite", "sqlite:///{var}/bench.sqlite3", args))
    if args.database in ("postgres", "both"):
        results.append(run_database("PostgreSQL", args.postgres_url, args))
    table = markdown(results, args)
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table)


if __name__ == "__main__":
    main()
