"""Benchmark directory search on a synthetic national directory (issue 3).

Builds (once, then reuses) a directory of N services spread over local-authority places, with
organisations, locations, services at locations, contacts with phones, and sector and need
terms, written in batches into a database of its own: a SQLite file under
var/bench/ or a PostgreSQL database (`bench_directory_<N>`), then indexed for search with
`reindex_services()` (timed). Then measures p50/p95 of:

- a text + need + place search through joinedup.directory.search (the indexed path), against
  the naive baseline (icontains over the fields and term names, no text index);
- the same text + need search across every place (national), against the naive baseline;
- find_services() (people's words: stop words, the place's synonyms, any word, ranked by
  words matched) for 1 to 3 common words plus a phrase of the place's synonyms, in a place
  and nationally, against the same naive baseline for the same words;
- a service page rendered through the Django test client, signed in as a convenor.

Prints a markdown table with ratios. Never asserts.

    .venv/bin/python benchmarks/directory_search.py                      # 100k, SQLite
    .venv/bin/python benchmarks/directory_search.py --services 1000000   # 1M, SQLite
    .venv/bin/python benchmarks/directory_search.py --db postgresql      # 100k, PostgreSQL
"""

from __future__ import annotations

import argparse
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

SERVICES_PER_PLACE = 3000
BATCH = 5000
WORDS = (  # noqa: SIM905  (a word list reads best as prose)
    "housing advice family support youth refuge mental health crisis drug alcohol "
    "recovery employment benefits school safeguarding children adults fire safety police "
    "neighbourhood community outreach tenancy debt carers disability exploitation "
    "violence abuse domestic homelessness immigration legal counselling parenting "
    "learning nursing hospital advocacy prevention training wellbeing older people women "
    "men refugees asylum gambling hoarding bereavement food bank transport dementia "
    "autism sexual victims witnesses probation court education attendance inclusion "
    "exclusion hub partnership duty triage emergency night weekend helpline volunteers "
    "mentoring sport arts music library digital skills money"
).split()
KINDS = ["Service", "Team", "Project", "Hub", "Unit", "Partnership", "Network", "Line"]
TOWNS = (  # noqa: SIM905  (a word list reads best as prose)
    "Ashby Barnford Castleton Dunmore Eastwick Fernley Greyhaven Holbrook Ivybridge "
    "Kelmscott Lowmoor Marchfield Northam Oakleigh Pendle Quarrington Redmarsh Stanwick "
    "Thornbury Upwell"
).split()


def _configure(db: str, services: int, pg_url: str) -> str:
    """Point Django at the benchmark's own database; return a label for it."""
    os.environ.setdefault("JOINEDUP_HTTPS", "0")
    os.environ.setdefault("JOINEDUP_STATIC_MANIFEST", "0")
    os.environ.setdefault("JOINEDUP_TASKS", "immediate")
    # the service page is timed as a signed-in convenor, without a second factor
    os.environ.setdefault("JOINEDUP_MFA_REQUIRED", "0")
    os.environ["JOINEDUP_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    if db == "sqlite":
        path = ROOT / "var" / "bench" / f"directory-{services}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["JOINEDUP_DATABASE_URL"] = f"sqlite:///{path}"
        label = str(path.relative_to(ROOT))
    else:
        import psycopg

        # JOINEDUP_BENCH_PG_SUFFIX keeps engineers sharing one server on databases of their own
        name = f"bench_directory_{services}" + os.environ.get("JOINEDUP_BENCH_PG_SUFFIX", "")
        with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["JOINEDUP_DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + name
        label = f"PostgreSQL {name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return label


SYLLABLES = [c + v for c in "bcdfghklmnprstvw" for v in "aeiou"]
FILLER = sorted({"".join(random.Random(i).choices(SYLLABLES, k=3)) for i in range(20_000)})


def _skewed(rng: random.Random, vocabulary: list[str], skew: float) -> str:
    """A word whose frequency falls with its rank: the first words common, the tail rare."""
    return vocabulary[int(len(vocabulary) * rng.random() ** skew)]


def _words(rng: random.Random, n: int) -> list[str]:
    """n words of service text: about one in twelve from the directory's own vocabulary
    (so "housing" is in roughly one description in seven), the rest from a long tail."""
    return [
        _skewed(rng, WORDS, 1.5) if rng.random() < 0.08 else _skewed(rng, FILLER, 3)
        for _ in range(n)
    ]


def _insert(model, rows: list[dict]) -> None:
    """Insert rows (dicts by attribute name) with one executemany, converting values once per
    column kind instead of building a model instance per row (which made a million services
    take over an hour on a busy two-core machine)."""
    from django.db import connections, models

    connection = connections["default"]
    sqlite = connection.vendor == "sqlite"
    fields = model._meta.concrete_fields
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}

    def converter(field):
        target = field.target_field if field.is_relation else field
        if isinstance(target, models.UUIDField) and sqlite:
            return lambda v: v.hex if isinstance(v, uuid.UUID) else v
        if isinstance(field, models.DateTimeField):
            return lambda v: field.get_db_prep_save(v, connection)
        return lambda v: v

    converters = [(f.attname, converter(f)) for f in fields]
    values = [
        tuple(convert(row[name]) if name in row else defaults[name] for name, convert in converters)
        for row in rows
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})", values
        )


def generate(services: int, *, seed: int = 2026, progress=print) -> None:
    """Write a synthetic national directory of `services` services in batches (resumes where
    an interrupted run stopped; does nothing when the database already holds them)."""
    from django.db import transaction
    from django.utils import timezone

    from joinedup.core.models import Membership, Place, User
    from joinedup.directory.models import (
        Attribute,
        Contact,
        Location,
        Organization,
        Phone,
        Service,
        ServiceAtLocation,
        TaxonomyTerm,
    )
    from joinedup.directory.taxonomies import ensure_taxonomies

    ensure_taxonomies()
    made = Service.objects.count()
    if made >= services:
        progress(f"reusing {made:,} services already generated")
        return
    rng = random.Random(seed + made)
    sectors = [t.pk for t in TaxonomyTerm.objects.sectors()]
    needs = [t.pk for t in TaxonomyTerm.objects.needs()]
    places_n = max(3, services // SERVICES_PER_PLACE)
    started = time.perf_counter()
    with transaction.atomic():
        if not Place.objects.filter(slug="bench-0").exists():
            Place.objects.bulk_create(
                [
                    Place(
                        name=f"Bench place {i}", slug=f"bench-{i}", local_authority=f"Council {i}"
                    )
                    for i in range(places_n)
                ]
            )
        places = [p.pk for p in Place.objects.filter(slug__startswith="bench-").order_by("id")]
        user = User.objects.filter(email="bench.convenor@joinedup.example").first()
        if user is None:
            user = User.objects.create_user(
                email="bench.convenor@joinedup.example", password=None, full_name="Bench Convenor"
            )
            Membership.objects.bulk_create(
                [Membership(user=user, place_id=p, role="convenor") for p in places]
            )
    now = timezone.now()

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    first = made
    from django.db import connection

    if connection.vendor == "sqlite":
        # a generation-time cache: a million random UUID keys in several indexes thrash the
        # application's 64 MB page cache and the load slows as the file grows
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-4000000")
    while made < services:
        size = min(BATCH, services - made)
        with transaction.atomic():
            orgs, locs, rows, sals, attrs, contacts, phones = [], [], [], [], [], [], []
            for n in range(made, made + size):
                # contiguous blocks of services per place, ten services per organisation
                place = places[n * places_n // services]
                if n % 10 == 0 or not orgs or orgs[-1]["place_id"] != place:
                    org = {
                        "id": new_id(),
                        "place_id": place,
                        "name": f"{rng.choice(TOWNS)} {' '.join(_words(rng, 2)).title()} Trust",
                        "description": " ".join(_words(rng, 12)),
                        "created_at": now,
                    }
                    orgs.append(org)
                    loc = {
                        "id": new_id(),
                        "place_id": place,
                        "organization_id": org["id"],
                        "name": f"{org['name']} office",
                        "latitude": 50 + rng.random() * 5,
                        "longitude": -4 + rng.random() * 5,
                        "confidential": rng.random() < 0.02,
                    }
                    locs.append(loc)
                name = " ".join(_words(rng, 2)).title()
                service = {
                    "id": new_id(),
                    "place_id": place,
                    "organization_id": org["id"],
                    "name": f"{rng.choice(TOWNS)} {name} {rng.choice(KINDS)}",
                    "description": " ".join(_words(rng, rng.randint(15, 40))),
                    "eligibility_description": " ".join(_words(rng, 8)),
                    "status": "active" if rng.random() < 0.9 else "inactive",
                    "last_modified": now,
                    "created_at": now,
                }
                rows.append(service)
                sals.append(
                    {
                        "id": new_id(),
                        "place_id": place,
                        "service_id": service["id"],
                        "location_id": loc["id"],
                    }
                )
                for term in [rng.choice(sectors), *rng.sample(needs, 2)]:
                    attrs.append(
                        {
                            "id": new_id(),
                            "place_id": place,
                            "taxonomy_term_id": term,
                            "service_id": service["id"],
                            "link_id": service["id"],
                            "link_entity": "service",
                        }
                    )
                contact = {
                    "id": new_id(),
                    "place_id": place,
                    "service_id": service["id"],
                    "organization_id": org["id"],
                    "name": f"Person {n}",
                    "title": "Team Manager",
                    "email": f"person{n}@bench.example",
                }
                contacts.append(contact)
                phones.append(
                    {
                        "id": new_id(),
                        "place_id": place,
                        "contact_id": contact["id"],
                        "number": f"07700 900{n % 1000:03d}",
                    }
                )
            for model, batch in [
                (Organization, orgs),
                (Location, locs),
                (Service, rows),
                (ServiceAtLocation, sals),
                (Attribute, attrs),
                (Contact, contacts),
                (Phone, phones),
            ]:
                _insert(model, batch)
        made += size
        if made % 50_000 < BATCH or made == services:
            elapsed = time.perf_counter() - started
            progress(f"  {made:,} services written ({(made - first) / elapsed:,.0f}/s)")
    written = time.perf_counter() - started
    if connection.vendor == "sqlite":
        connection.close()  # the next connection has the application's own settings
    rate = (made - first) / written
    progress(f"wrote {made - first:,} services in {written:.0f} s ({rate:,.0f}/s)")
    time_reindex(progress)
    if connection.vendor == "postgresql":
        # what autovacuum does soon after a bulk load: planner statistics and a visibility
        # map, without which index-only scans read the table anyway
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def time_reindex(progress=print) -> None:
    """Time a whole-directory reindex_services(), the importers' rebuild."""
    from joinedup.directory.models import Service
    from joinedup.directory.search import reindex_services

    started = time.perf_counter()
    reindex_services()
    took = time.perf_counter() - started
    total = Service.objects.count()
    progress(f"reindex_services() of {total:,} services in {took:.0f} s ({total / took:,.0f}/s)")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _time(fn, cases) -> list[float]:
    samples = []
    for case in cases:
        started = time.perf_counter()
        fn(**case)
        samples.append(time.perf_counter() - started)
    return samples


def measure(repeat: int, naive_repeat: int, *, seed: int = 7) -> list[tuple]:
    """Return rows (measure, p50 ms, p95 ms, baseline p50, baseline p95)."""
    from django.test import Client

    from joinedup.core.models import Place, User
    from joinedup.directory.models import Service, TaxonomyTerm
    from joinedup.directory.search import find_services, naive_search, search_services

    rng = random.Random(seed)
    places = list(Place.objects.filter(slug__startswith="bench-"))
    needs = list(TaxonomyTerm.objects.needs())
    common = WORDS[:40]

    def case(with_place: bool) -> dict:
        text = " ".join(rng.sample(common, rng.choice([1, 1, 2])))
        return {
            "place": rng.choice(places) if with_place else None,
            "text": text,
            "need": rng.choice(needs),
        }

    rows = []
    measures = [("search: text + need + place", True), ("search: text + need, national", False)]
    for label, with_place in measures:
        cases = [case(with_place) for _ in range(repeat)]
        _time(search_services, cases[:10])  # warm the caches
        fast = _percentiles(_time(search_services, cases))
        slow_cases = cases[:naive_repeat]
        _time(naive_search, slow_cases[:2])
        slow = _percentiles(_time(naive_search, slow_cases))
        rows.append((label, *fast, *slow))

    phrases = ["DV", "county lines", "rough sleeping", "young person at risk", "CAMHS"]

    def people_case(with_place: bool) -> dict:
        words = rng.sample(common, rng.choice([1, 2, 3]))
        if rng.random() < 0.3:
            words.append(rng.choice(phrases))
        return {"place": rng.choice(places) if with_place else None, "text": " ".join(words)}

    measures = [("find_services: words + place", True), ("find_services: words, national", False)]
    for label, with_place in measures:
        cases = [people_case(with_place) for _ in range(repeat)]
        _time(find_services, cases[:10])
        fast = _percentiles(_time(find_services, cases))
        slow_cases = cases[:naive_repeat]
        _time(naive_search, slow_cases[:2])
        slow = _percentiles(_time(naive_search, slow_cases))
        rows.append((label, *fast, *slow))

    client = Client()
    client.force_login(User.objects.get(email="bench.convenor@joinedup.example"))
    picks = []
    for _ in range(min(repeat, 200)):
        # a random place, then a random service of it (an OFFSET over a million rows would
        # take the benchmark's setup a second a pick on PostgreSQL)
        place = rng.choice(places)
        ids = Service.objects.filter(place=place).order_by("id").values_list("id", flat=True)
        service_id = ids[rng.randrange(ids.count())]
        picks.append({"path": f"/p/{place.slug}/directory/services/{service_id}/"})

    def page(path):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")

    _time(page, picks[:5])
    rows.append(("service page (test client)", *_percentiles(_time(page, picks)), None, None))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("JOINEDUP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/x"),
        help="server to create bench_directory_<N> on",
    )
    parser.add_argument("--repeat", type=int, default=200, help="searches per measure")
    parser.add_argument("--naive-repeat", type=int, default=30, help="naive searches per measure")
    parser.add_argument(
        "--reindex", action="store_true", help="also time a whole-directory reindex_services()"
    )
    args = parser.parse_args()

    label = _configure(args.db, args.services, args.pg_url)
    print(f"# Directory search: {args.services:,} services on {label}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    generate(args.services)
    if args.reindex:
        time_reindex()
    rows = measure(args.repeat, args.naive_repeat)
    print()
    print("| measure | p50 ms | p95 ms | naive p50 ms | naive p95 ms | p95 speed-up |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, p50, p95, n50, n95 in rows:
        if n50 is None:
            print(f"| {name} | {p50:.1f} | {p95:.1f} | | | |")
        else:
            print(f"| {name} | {p50:.1f} | {p95:.1f} | {n50:.1f} | {n95:.1f} | {n95 / p95:.1f}× |")


if __name__ == "__main__":
    main()
