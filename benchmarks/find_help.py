"""Benchmark the find-help result page (issue 12) on the synthetic directory of
benchmarks/directory_search.py: p50/p95 of building the plan page for a family facing eviction
with a child out of school (two needs with published pathways) plus debt (no pathway, so the
directory search fallback runs), through the Django test client signed in as a practitioner;
against the baseline of a plain icontains search of the same words (`naive_search`).

Target (issue 12): p95 ≤ 200 ms on the 1M-service directory (SQLite). A 1M directory takes
about 30 minutes to generate on this machine, so the default is 100k: say so with the figures.

    .venv/bin/python benchmarks/find_help.py                      # 100k, SQLite
    .venv/bin/python benchmarks/find_help.py --services 1000000   # 1M, SQLite
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from directory_search import _configure, generate  # noqa: E402

WORDS = "family facing eviction child out of school"
PER_STEP = 6


def _pathways(place) -> None:
    """Publish homelessness and school-exclusion pathways in the place, naming services of the
    place, with postcodes on their locations and opening times (idempotent)."""
    from joinedup.directory.models import Address, Schedule, Service, ServiceAtLocation
    from joinedup.pathways.models import Pathway, PathwayVersion, Step
    from joinedup.pathways.services import ensure_levels, need_by_code

    ensure_levels(place=place)
    if Pathway.objects.filter(place=place).exists():
        return
    services = list(Service.objects.filter(place=place, status="active").order_by("id")[:40])
    for n, link in enumerate(
        ServiceAtLocation.objects.filter(service__in=services).select_related("location")
    ):
        if not link.location.addresses.exists():
            Address.objects.create(
                place=place,
                location=link.location,
                address_1=f"{n} Bench Road",
                city="Benchton",
                postal_code=f"BX{n % 5 + 1} {n % 9}AA",
            )
    for n, service in enumerate(services):
        Schedule.objects.create(
            place=place,
            service=service,
            freq="WEEKLY",
            byday="MO,TU,WE,TH,FR" if n % 2 else "SA,SU",
            opens_at=datetime.time(9),
            closes_at=datetime.time(17),
        )
    for k, (code, levels) in enumerate([("homelessness", (2, 3)), ("school-exclusion", (2, 3))]):
        need = need_by_code(place=place, code=code)
        pathway = Pathway.objects.create(place=place, need=need, title=f"Bench {code}")
        version = PathwayVersion.objects.create(
            place=place,
            pathway=pathway,
            number=1,
            status=PathwayVersion.Status.PUBLISHED,
            title=pathway.title,
        )
        for j, level in enumerate(levels):
            start = (k * 2 + j) * PER_STEP
            step = Step.objects.create(
                place=place,
                version=version,
                code=f"{code}-{level}",
                level=level,
                indicators=[f"Indicator {i}" for i in range(3)],
                route_how=Step.How.FORM,
                route_detail="Referral form",
                response_hours=72 // level,
                escalate_to=services[-1],
                consent=Step.Consent.ASK,
            )
            step.services.set(services[start : start + PER_STEP])


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=100, help="plan pages to time")
    parser.add_argument("--naive-repeat", type=int, default=30, help="naive searches to time")
    args = parser.parse_args()

    label = _configure("sqlite", args.services, "")
    print(f"# Find help: {args.services:,} services on {label}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    generate(args.services)

    from django.test import Client

    from joinedup.core.models import Membership, Place, User
    from joinedup.directory.search import naive_search
    from joinedup.pathways.models import FindHelpUse

    place = Place.objects.get(slug="bench-1")
    _pathways(place)
    user, _ = User.objects.get_or_create(
        email="bench.practitioner@joinedup.example", defaults={"full_name": "Bench Practitioner"}
    )
    Membership.objects.get_or_create(user=user, place=place, role="practitioner")
    client = Client()
    client.force_login(user)
    url = f"/p/{place.slug}/find-help/"
    form = {
        "needs": ["homelessness", "school-exclusion", "debt"],
        "age": "12",
        "area": "BX1",
        "ind__homelessness__homelessness-2": ["homelessness-2:0"],
        "ind__school-exclusion__school-exclusion-2": ["school-exclusion-2:0"],
    }
    first = client.post(url, form)
    assert first.status_code == 200, first.status_code
    assert b"Plan to find help" in first.content
    samples, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post(url, form)
        samples.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200
    naive, naive_cpu = [], []
    for _ in range(args.naive_repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        naive_search(place=place, text=WORDS, limit=20)
        naive.append(time.perf_counter() - started)
        naive_cpu.append(time.process_time() - started_cpu)
    FindHelpUse.objects.filter(place=place).delete()  # the benchmark's own counts
    p50, p95 = _percentiles(samples)
    n50, n95 = _percentiles(naive)
    c50, c95 = _percentiles(cpu)
    m50, m95 = _percentiles(naive_cpu)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print("| measure | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(
        f"| find-help plan page (3 needs, {args.repeat} runs) "
        f"| {p50:.1f} | {p95:.1f} | {c50:.1f} | {c95:.1f} |"
    )
    print(
        f"| plain icontains search of {WORDS!r} ({args.naive_repeat} runs) "
        f"| {n50:.1f} | {n95:.1f} | {m50:.1f} | {m95:.1f} |"
    )
    print()
    print(
        f"ratio icontains p95 / find-help p95: {n95 / p95:.1f} (CPU: {m95 / c95:.1f}); "
        f"target p95 ≤ 200 ms: {p95:.0f} ms wall, {c95:.0f} ms CPU"
    )


if __name__ == "__main__":
    main()
