"""CPU time and queries of one live-capture request, in one process (issue 18 item 6).

Where `capture_load.py` measures the whole server under 300 phones, this measures what one
request costs, without the network or gunicorn: a fresh SQLite database (or
JOINEDUP_DATABASE_URL), one place, an approved case study, one sheet, a signed-in host, then
N saves (PUT of a new item), N full polls, N polls `?since=` and N conditional polls answered
304, each through Django's test client (its own overhead included), timed with
`time.process_time()`. `--profile` prints the top of a cProfile of the saves and conditional polls
(PROFILE_ONLY=poll: the polls alone; PROFILE_SORT=tottime: by own time).

    .venv/bin/python benchmarks/capture_cpu.py --requests 300
    .venv/bin/python benchmarks/capture_cpu.py --requests 200 --profile
    .venv/bin/python benchmarks/capture_cpu.py --requests 200 --close   # as CONN_MAX_AGE=0

Prints figures; never asserts.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _configure() -> None:
    var = Path(tempfile.mkdtemp(prefix="capture-cpu-"))
    (var / "static").mkdir()
    os.environ.setdefault("JOINEDUP_VAR_DIR", str(var))
    os.environ.setdefault("JOINEDUP_DATABASE_URL", f"sqlite:///{var}/bench.sqlite3")
    os.environ.setdefault("JOINEDUP_DEBUG", "0")
    os.environ.setdefault("JOINEDUP_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("JOINEDUP_HTTPS", "0")
    os.environ.setdefault("JOINEDUP_STATIC_MANIFEST", "0")
    os.environ.setdefault("JOINEDUP_LOG_LEVEL", "WARNING")
    os.environ.setdefault("JOINEDUP_SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument(
        "--close",
        action="store_true",
        help="close the database connection after every request, as the server does with "
        "JOINEDUP_DB_CONN_MAX_AGE=0 (the test client keeps it open)",
    )
    args = parser.parse_args()
    _configure()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from joinedup.cafe.capture import create_capture
    from joinedup.casestudies.models import CaseStudy, LifeDomain
    from joinedup.core.models import Membership, Place, User
    from joinedup.directory.taxonomies import ensure_taxonomies

    call_command("migrate", verbosity=0)
    ensure_taxonomies()
    place = Place.objects.create(name="Benchtown", slug="bench", local_authority="Bench")
    author = User.objects.create_user("author@bench.example", "x" * 16, full_name="Author")
    study = CaseStudy.objects.create(
        place=place, author=author, title="A story", state=CaseStudy.State.APPROVED
    )
    entry = study.entries.create(
        order=1, age_years=10, domain=LifeDomain.EDUCATION, what_happened="Moment"
    )
    sheet = create_capture(case_study=study, label="Table 1", actor=author)
    host = User.objects.create_user("host@bench.example", "x" * 16, full_name="Host")
    Membership.objects.create(user=host, place=place, role="host")
    client = Client()
    client.force_login(host)
    base = f"/p/{place.slug}/case-studies/capture/{sheet.pk}/items/"

    def finished() -> None:
        if args.close:  # what request_finished does in the server at CONN_MAX_AGE 0
            connection.close()

    def save(n: int):
        data = {"entry": entry.pk, "placement": "on", "how_early": ""}
        data["what_could_have_been_done"] = f"Idea {n}: earlier help"
        body = {"version": 0, "data": data}
        response = client.put(
            f"{base}intervention_point/{uuid.uuid4()}/", json.dumps(body),
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 201, response.content
        finished()
        return response

    def poll(since: str | None = None, etag: str | None = None):
        headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
        response = client.get(base, {"since": since} if since else None, **headers)
        assert response.status_code in (200, 304), response.status_code
        finished()
        return response

    for n in range(20):  # warm up: imports, URL resolver, first connection
        save(n)
        poll()
    since = json.loads(poll().content)["now"]
    etag = poll(since).get("ETag")

    def timed(label: str, call) -> None:
        times = []
        with CaptureQueriesContext(connection) as queries:
            call()
        n_queries = len(queries)
        for i in range(args.requests):
            started = time.process_time()
            call() if i else None
            times.append(time.process_time() - started)
        times = times[1:]
        print(
            f"{label:<36} CPU mean {1000 * statistics.mean(times):6.2f} ms  "
            f"median {1000 * statistics.median(times):6.2f} ms  queries {n_queries}",
            flush=True,
        )

    counter = iter(range(10**9))
    load = os.getloadavg()
    print(
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {connection.vendor}"
        + ("; connection closed after each request" if args.close else "")
    )
    timed("save (PUT, new item)", lambda: save(next(counter)))
    timed("poll, whole sheet", lambda: poll())
    since = json.loads(poll().content)["now"]
    etag = poll(since).get("ETag")
    timed("poll ?since= (nothing new)", lambda: poll(since))
    if etag:
        timed("poll ?since= with If-None-Match (304)", lambda: poll(since, etag))
    else:
        print("poll with If-None-Match: no ETag sent")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            if os.environ.get("PROFILE_ONLY") != "poll":
                save(next(counter))
            poll(since, etag)
        profile.disable()
        order = os.environ.get("PROFILE_SORT", "cumulative")
        pstats.Stats(profile).sort_stats(order).print_stats(45)
    reset_queries()


if __name__ == "__main__":
    main()
