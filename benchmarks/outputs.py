"""Benchmark the outputs of an event (issue 7): the report page, its PDF and Word files, and
the insight pages over many events.

Builds, in a fresh SQLite file under var/bench/ (or a PostgreSQL database with --db
postgresql), a region-300-sized event: 300 people who came (360 invited), 30 tables × 5
rounds of capture sheets over 15 case studies of 12 moments, about 1,500 intervention points
and 200 confirmed actions with themes, and 200 feedback answers. Then 99 more events of the
same size in the place (and a second place) for the insight pages: 100 events, ~150,000
intervention points.

Measures (median of several runs, signed in as a convenor through the Django test client):
the report page (≤ 1 s), the PDF (≤ 10 s), the Word file (≤ 5 s), the place insight page and
the across-places page over 100 events (≤ 500 ms), with the queries each page made. Prints a
markdown table; never asserts.

    .venv/bin/python benchmarks/outputs.py
    .venv/bin/python benchmarks/outputs.py --events 20 --runs 3      # quicker
    .venv/bin/python benchmarks/outputs.py --db postgresql
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGETS = {"report page": 1.0, "PDF": 10.0, "Word file": 5.0, "insight": 0.5, "across": 0.5}


def _configure(db: str, pg_url: str) -> str:
    os.environ.setdefault("JOINEDUP_HTTPS", "0")
    os.environ.setdefault("JOINEDUP_STATIC_MANIFEST", "0")
    os.environ["JOINEDUP_TASKS"] = "immediate"
    os.environ["JOINEDUP_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.setdefault("JOINEDUP_LOG_LEVEL", "WARNING")
    if db == "sqlite":
        path = ROOT / "var" / "bench" / "outputs.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["JOINEDUP_DATABASE_URL"] = f"sqlite:///{path}"
        label = str(path.relative_to(ROOT))
    else:
        import psycopg

        name = "bench_outputs"
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


def build_event(place, *, convenor, title, date, rng, studies, teams, sectors, themes):
    """One region-300 event: invitations, 30 tables × 5 rounds, points, actions, feedback."""
    from joinedup.casestudies.models import InterventionPoint, ProposedAction, TableCapture
    from joinedup.events.models import AgendaItem, Event, Invitation
    from joinedup.followup.models import Action, FeedbackResponse

    event = Event.objects.create(place=place, title=title, date=date, status="held")
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(event=event, kind="opening", order=1, title="A view from the frontline",
                       speakers="Director of Children's Services\nDeputy Director, Home Office"),
            AgendaItem(event=event, kind="opening", order=2, title="A view from the centre",
                       speakers="Head of Violence Reduction, Home Office"),
        ]
    )  # fmt: skip
    invitations = []
    for n in range(360):
        code, name, tier, _ = sectors[n % len(sectors)]
        invitations.append(
            Invitation(
                event=event,
                place=place,
                name=f"Person {n}",
                email=f"person{n}.{event.pk}@council.example",
                sector=code,
                sector_name=name,
                tier=tier,
                status="attended" if n < 300 else rng.choice(["declined", "no_show", "pending"]),
                checkin_code=f"{event.pk:04d}{n:04d}",
            )
        )
    Invitation.objects.bulk_create(invitations)
    sheets = []
    for table in range(30):
        study = studies[table % len(studies)]
        for round_ in range(1, 6):
            sheets.append(
                TableCapture(place=place, case_study=study, event=event,
                             label=f"Table {table + 1}", round=round_)
            )  # fmt: skip
    TableCapture.objects.bulk_create(sheets)
    entries = {s.pk: list(s.entries.all()) for s in studies}
    points, proposals = [], []
    early = ["prevention", "early_help", "crisis", ""]
    for sheet in sheets:
        moments = entries[sheet.case_study_id]
        for _ in range(10):
            entry = rng.choice(moments[: rng.choice([3, 6, 12])])
            points.append(
                InterventionPoint(
                    id=uuid.uuid4(),
                    place=place,
                    capture=sheet,
                    entry=entry,
                    sector_id=rng.choice(sectors)[3],
                    service=rng.choice(teams),
                    what_could_have_been_done=rng.choice(POINT_TEXTS),
                    how_early=rng.choice(early),
                )
            )
        for _ in range(rng.choice([1, 1, 2])):
            proposals.append(
                ProposedAction(id=uuid.uuid4(), place=place, capture=sheet,
                               what=rng.choice(ACTION_TEXTS), owner=rng.choice(teams))
            )  # fmt: skip
    InterventionPoint.objects.bulk_create(points, batch_size=2000)
    ProposedAction.objects.bulk_create(proposals)
    actions = [
        Action(
            place=place,
            event=event,
            title=p.what,
            owner_team=p.owner,
            owner_user=convenor,
            due_date=date + datetime.timedelta(days=rng.randrange(20, 200)),
            status=rng.choice(["not_started", "in_progress", "done"]),
            needs_centre=rng.random() < 0.2,
            case_study_id=p.capture.case_study_id,
            proposed_action=p,
        )
        for p in proposals[:200]
    ]
    Action.objects.bulk_create(actions)
    Through = Action.themes.through
    Through.objects.bulk_create(
        [Through(action_id=a.pk, theme_id=t.pk) for a in actions for t in rng.sample(themes, 2)]
    )
    attended = list(Invitation.objects.filter(event=event, status="attended")[:200])
    FeedbackResponse.objects.bulk_create(
        [
            FeedbackResponse(place=place, event=event, invitation=i, come_again="yes",
                             gained=["insight", "ideas"], what_next="Meet again in spring")
            for i in attended
        ]
    )  # fmt: skip
    return event, len(points), len(actions)


POINT_TEXTS = [
    "Ask why a child carries a knife before excluding him.",
    "A return interview within 72 hours by someone the young person already knows.",
    "Offer split Universal Credit payments when only one name is on a family claim.",
    "Do not discharge after missed appointments without a home visit.",
    "A visit, not a warning letter, when a neighbour reports a smell.",
    "Daily contact from the inclusion team during weeks without a school place.",
]
ACTION_TEXTS = [
    "Agree an exclusion check with every secondary school",
    "Hold one joint plan between youth justice and the exploitation team",
    "Brief work coaches on economic abuse and split payments",
    "Set up a monthly frequent-attender meeting",
    "Map free immigration advice and add it to the directory",
]


def build(events: int, seed: int = 7) -> dict:
    from joinedup.casestudies.models import CaseStudy, TimelineEntry
    from joinedup.core.models import Membership, Place, User
    from joinedup.directory.models import Organization, Service
    from joinedup.directory.taxonomies import ensure_taxonomies
    from joinedup.followup.models import Theme
    from joinedup.followup.sources import sector_terms
    from joinedup.followup.themes import ensure_themes

    ensure_taxonomies()
    ensure_themes()
    rng = random.Random(seed)
    convenor = User.objects.create_user("convenor@bench.example", "x" * 16, full_name="Convenor")
    strategist = User.objects.create_user("strategist@bench.example", "x" * 16, full_name="S")
    sectors = [(code, name, tier, pk) for pk, (code, name, tier) in sector_terms().items()]
    themes = list(Theme.objects.all())
    result = {}
    for slug, count in (("region", events), ("other", max(1, events // 10))):
        place = Place.objects.create(name=slug.title(), slug=slug, local_authority=slug)
        Membership.objects.create(user=convenor, place=place, role="convenor")
        Membership.objects.create(user=strategist, place=place, role="strategist")
        organisation = Organization.objects.create(place=place, name="Council")
        teams = Service.objects.bulk_create(
            [Service(place=place, organization=organisation, name=f"Team {n}") for n in range(60)]
        )
        studies = []
        for s in range(15):
            study = CaseStudy.objects.create(
                place=place, title=f"Story {s + 1}", summary="A fictional life story.",
                state="approved", author=convenor,
            )  # fmt: skip
            TimelineEntry.objects.bulk_create(
                [
                    TimelineEntry(case_study=study, order=o, age_years=2 + o * 4, domain="family",
                                  what_happened=f"Moment {o} of story {s + 1}.")
                    for o in range(12)
                ]
            )  # fmt: skip
            studies.append(study)
        for e in range(count):
            event, points, actions = build_event(
                place,
                convenor=convenor,
                title=f"{slug.title()} day {e + 1}",
                date=datetime.date(2026, 1, 1) + datetime.timedelta(days=7 * e),
                rng=rng,
                studies=studies,
                teams=teams,
                sectors=sectors,
                themes=themes,
            )
            if e == 0:
                result[slug] = (place, event, points, actions)
    return {"convenor": convenor, "strategist": strategist, **result}


def measure(client, url: str, runs: int) -> tuple[float, float, float, int, int]:
    """Wall-clock seconds of the first GET of the URL (cold: nothing cached), median
    wall-clock and CPU seconds of the others (CPU time is what the request itself cost,
    whatever else the machine was doing), the queries of the last GET, and its size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, cpus = [], []
    for _ in range(runs + 1):
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return (
        walls[0],
        statistics.median(walls[1:]),
        statistics.median(cpus[1:]),
        len(queries),
        len(response.content),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100, help="events in the place (100)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "JOINEDUP_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    label = _configure(args.db, args.pg_url)

    from django.test import Client
    from django.urls import reverse

    start = time.perf_counter()
    world = build(args.events)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum (PostgreSQL) or a maintenance job would
    built = time.perf_counter() - start
    place, event, points, actions = world["region"]
    from joinedup.casestudies.models import InterventionPoint

    total_points = InterventionPoint.objects.count()
    client = Client()
    client.force_login(world["convenor"])
    kwargs = {"place_slug": place.slug, "event_id": event.pk}
    rows = []
    for name, url, runs in [
        ("report page", reverse("followup:report", kwargs=kwargs), args.runs),
        ("PDF", reverse("followup:report_pdf", kwargs=kwargs), max(2, args.runs // 2)),
        ("Word file", reverse("followup:report_docx", kwargs=kwargs), args.runs),
        ("insight", reverse("followup:insight", kwargs={"place_slug": place.slug}), args.runs),
    ]:
        rows.append((name, *measure(client, url, runs)))
    client.force_login(world["strategist"])
    url = reverse("followup:insight_across", kwargs={"place_slug": place.slug})
    rows.append(("across", *measure(client, url, args.runs)))

    names = {
        "report page": "Report page (one event)",
        "PDF": "Report PDF (one event)",
        "Word file": "Report Word file (one event)",
        "insight": f"Place insight ({args.events} events)",
        "across": f"Across places ({args.events + max(1, args.events // 10)} events, 2 places)",
    }
    print(f"\nDatabase: {label}; {platform.python_version()} on {os.cpu_count()} cores")
    print(
        f"Event: 360 invited, 300 came, 150 capture sheets, {points} intervention points, "
        f"{actions} actions; {total_points} intervention points in all; built in {built:.0f} s\n"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Load average while measuring: {load:.1f} (wall-clock times suffer when it is high)\n")
    print("| measure | first (cold) | median wall | median CPU | target | ratio | queries | size |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, first, wall, cpu, queries, size in rows:
        target = TARGETS[name]
        print(
            f"| {names[name]} | {first * 1000:.0f} ms | {wall * 1000:.0f} ms | "
            f"{cpu * 1000:.0f} ms | {target * 1000:.0f} ms | {wall / target:.2f} | {queries} | "
            f"{size / 1024:.0f} KiB |"
        )
    print(
        "\nratio = median wall / target. Insight groupings are cached for five minutes (key: the "
        "places' point counts), so 'first' is the cold figure for the insight pages."
    )


if __name__ == "__main__":
    main()
