"""Benchmark the open Open Referral UK API (issue 3: an /api/oruk/services page p95 ≤ 100 ms
on SQLite at 1M services, ≥ 10× faster than a naive baseline).

Reuses the synthetic national directory of benchmarks/directory_search.py (same generator,
same database: var/bench/directory-<N>.sqlite3 or PostgreSQL bench_directory_<N>). Requests
go through Django's test client (routing, django-ninja, JSON), so the figures include the
whole request but no network. The naive baseline answers the same question the obvious way:
the same serialiser without select_related/prefetch_related (one query per related list per
service), `icontains` instead of the search index, and a distance computed for every location
instead of a bounding box first. Prints a markdown table with ratios. Never asserts.

    .venv/bin/python benchmarks/oruk_api.py                      # 100k, SQLite
    .venv/bin/python benchmarks/oruk_api.py --services 1000000   # 1M, SQLite
    .venv/bin/python benchmarks/oruk_api.py --db postgresql
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from directory_search import WORDS, _configure, _percentiles, generate  # noqa: E402


def _time(fn, cases) -> tuple[list[float], list[float]]:
    """Return wall-clock and CPU seconds of fn(**case) for each case."""
    wall, cpu = [], []
    for case in cases:
        started, cpu_started = time.perf_counter(), time.process_time()
        fn(**case)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return wall, cpu


def naive_services_page(*, place=None, page=1, per_page=50, full=False, text=""):
    """The page without the index or prefetching: what a first implementation would do."""
    from joinedup.directory.hsds import serialise
    from joinedup.directory.models import Service
    from joinedup.directory.search import naive_search

    if text:
        result = naive_search(place=place, text=text, limit=per_page)
        services, total = result.services, result.total
    else:
        queryset = Service.objects.all() if place is None else Service.objects.filter(place=place)
        total = queryset.count()
        offset = (page - 1) * per_page
        services = list(queryset.order_by("name", "id")[offset : offset + per_page])
    render = serialise.service_full_json if full else serialise.service_list_json
    return json.dumps({"total_items": total, "contents": [render(s) for s in services]})


def naive_nearby(*, latitude, longitude, radius=5000, per_page=50):
    """Every service at a location, its distance computed in Python, nearest first."""
    from joinedup.api.oruk import haversine_m
    from joinedup.directory.models import ServiceAtLocation

    rows = []
    for sal in ServiceAtLocation.objects.filter(location__confidential=False).select_related(
        "location"
    ):
        if sal.location.latitude is None:
            continue
        distance = haversine_m(latitude, longitude, sal.location.latitude, sal.location.longitude)
        if distance <= radius:
            rows.append((distance, str(sal.pk)))
    rows.sort()
    return json.dumps({"total_items": len(rows), "contents": rows[:per_page]})


MEASURES = ("place", "national", "full", "search", "near")


def measure(
    repeat: int, naive_repeat: int, *, seed: int = 11, only: tuple = MEASURES
) -> list[tuple]:
    """Return rows (measure, p50, p95, CPU p95, naive p50, naive p95, naive CPU p95) in ms."""
    from django.test import Client

    from joinedup.core.models import Place

    rng = random.Random(seed)
    client = Client()
    places = list(Place.objects.filter(slug__startswith="bench-"))
    words = WORDS[:40]

    def api(path):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}: {response.content[:200]}")

    def cases(kind: str) -> tuple[list[dict], list[dict]]:
        fast, slow = [], []
        for _ in range(repeat):
            place = rng.choice(places)
            page = rng.randint(1, 20)
            if kind == "place":
                fast.append(
                    {"path": f"/api/oruk/services?place={place.slug}&page={page}&per_page=50"}
                )
                slow.append({"place": place, "page": page})
            elif kind == "national":
                page = rng.randint(1, 200)
                fast.append({"path": f"/api/oruk/services?page={page}&per_page=50"})
                slow.append({"page": page})
            elif kind == "full":
                query = f"place={place.slug}&page={page}&per_page=50&full=true"
                fast.append({"path": f"/api/oruk/services?{query}"})
                slow.append({"place": place, "page": page, "full": True})
            elif kind == "search":
                word = rng.choice(words)
                fast.append({"path": f"/api/oruk/services?place={place.slug}&search={word}"})
                slow.append({"place": place, "text": word})
            else:
                lat, lon = 50 + rng.random() * 5, -4 + rng.random() * 5
                fast.append(
                    {
                        "path": f"/api/oruk/service_at_locations?latitude={lat}&longitude={lon}"
                        "&proximity=5000&per_page=50"
                    }
                )
                slow.append({"latitude": lat, "longitude": lon})
        return fast, slow

    rows = []
    for label, kind, naive in [
        ("/services page, one place (50 a page)", "place", naive_services_page),
        ("/services page, national (50 a page)", "national", naive_services_page),
        ("/services page, one place, full=true", "full", naive_services_page),
        ("/services?search=word, one place", "search", naive_services_page),
        ("/service_at_locations within 5 km of a point", "near", naive_nearby),
    ]:
        fast_cases, slow_cases = cases(kind)
        if kind not in only:
            continue
        _time(api, fast_cases[:5])  # warm caches
        wall, cpu = _time(api, fast_cases)
        slow_cases = slow_cases[:naive_repeat]
        _time(naive, slow_cases[:2])
        slow_wall, slow_cpu = _time(naive, slow_cases) if slow_cases else ([0.0], [0.0])
        rows.append(
            (
                label,
                *_percentiles(wall),
                _percentiles(cpu)[1],
                *_percentiles(slow_wall),
                _percentiles(slow_cpu)[1],
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("JOINEDUP_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/x"),
    )
    parser.add_argument("--repeat", type=int, default=200, help="requests per measure")
    parser.add_argument("--naive-repeat", type=int, default=20, help="naive runs per measure")
    parser.add_argument(
        "--only", nargs="+", choices=MEASURES, default=MEASURES, help="measures to run"
    )
    args = parser.parse_args()

    label = _configure(args.db, args.services, args.pg_url)
    print(f"# Open Referral UK API: {args.services:,} services on {label}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    generate(args.services)
    rows = measure(args.repeat, args.naive_repeat, only=tuple(args.only))
    print()
    print(f"load average: {os.getloadavg()[0]:.1f} (CPU ms are this process's own time)")
    print(
        "| request | p50 ms | p95 ms | p95 CPU ms | naive p50 ms | naive p95 ms |"
        " naive p95 CPU ms | p95 speed-up |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, p50, p95, c95, n50, n95, nc95 in rows:
        print(
            f"| {name} | {p50:.1f} | {p95:.1f} | {c95:.1f} | {n50:.1f} | {n95:.1f} | {nc95:.1f} |"
            f" {n95 / p95 if n95 else 0:.1f}× |"
        )


if __name__ == "__main__":
    main()
