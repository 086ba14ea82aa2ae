"""Benchmark referrals (issue 13): the receiver's inbox page and the reminder sweep.

N referrals (default 100k) spread over 20 receiving teams of one place, in every state; the
receiver of the first team has N/20 of them. Figures:

- inbox: p50/p95 of the inbox page through the Django test client, signed in as that receiver
  (target: p95 ≤ 150 ms at 100k);
- sweep: one `send_due_referral_reminders` run with 1% of the referrals due a reminder and
  another 1% due an escalation (each a transaction, an outbox email, an audit entry), and a
  second run with nothing due (target: ≤ 10 s at 100k).

Prints figures and ratios and the machine's load average; asserts nothing.

    .venv/bin/python benchmarks/referrals.py                     # 100k, SQLite
    .venv/bin/python benchmarks/referrals.py --referrals 20000   # smaller
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_sqlite import configure_sqlite  # noqa: E402

TEAMS = 20


def _generate(size: int):
    """Make the place, teams, step, receiver and `size` referrals (once per database)."""
    from django.db import transaction
    from django.utils import timezone

    from joinedup.core.fieldcrypt import encrypt
    from joinedup.core.models import Membership, Place, User
    from joinedup.directory.models import Organization, Service, TaxonomyTerm
    from joinedup.directory.taxonomies import ensure_taxonomies, need_id
    from joinedup.pathways.models import Pathway, PathwayVersion, Step
    from joinedup.referrals.models import ReceiverTeam, Referral

    place = Place.objects.filter(slug="bench").first()
    if place is not None and Referral.objects.filter(place=place).count() >= size:
        return place, User.objects.get(email="receiver@bench.example")
    ensure_taxonomies()
    with transaction.atomic():
        place = Place.objects.create(name="Benchton", slug="bench", local_authority="Benchton")
        org = Organization.objects.create(place=place, name="Benchton Council")
        teams = [
            Service.objects.create(place=place, organization=org, name=f"Team {n:02d}")
            for n in range(TEAMS)
        ]
        need = TaxonomyTerm.objects.get(pk=need_id("child-at-risk"))
        pathway = Pathway.objects.create(place=place, need=need, title="Child at risk")
        version = PathwayVersion.objects.create(
            place=place, pathway=pathway, number=1, status="published", title="Child at risk"
        )
        step = Step.objects.create(
            place=place,
            version=version,
            code="car-2",
            level=2,
            route_how="joinedup",
            response_hours=24,
        )
        step.services.set(teams)
        referrer = User.objects.create_user(email="referrer@bench.example", password="x")  # noqa: S106  (a benchmark account)
        receiver = User.objects.create_user(email="receiver@bench.example", password="x")  # noqa: S106  (a benchmark account)
        Membership.objects.create(user=referrer, place=place, role="practitioner")
        Membership.objects.create(user=receiver, place=place, role="receiver")
        ReceiverTeam.objects.create(place=place, user=receiver, service=teams[0])
    now = timezone.now()
    states = ["sent", "opened", "accepted", "declined", "completed", "withdrawn", "expired"]
    name, contact = encrypt("Bench Person"), encrypt("07700 900000")
    batch = []
    due_reminder = max(1, size // 100)
    for n in range(size):
        sent = now - datetime.timedelta(hours=(n % 600) + 1)  # under 30 days: none expires
        state = states[n % len(states)]
        # the last 1% are due a reminder, the 1% before them an escalation; the rest of the
        # unanswered ones were reminded and escalated long ago or are not due yet
        due = sent + datetime.timedelta(hours=24)
        reminded = escalated = None
        if state in ("sent", "opened"):
            if n >= size - due_reminder:
                due = now - datetime.timedelta(minutes=5)
            elif n >= size - 2 * due_reminder:
                due = now - datetime.timedelta(hours=10)
                reminded = due
            elif due < now:
                reminded = escalated = due
        answered = state in ("accepted", "declined", "completed")
        batch.append(
            Referral(
                place=place,
                reference=f"B{n:09d}",
                source="plan",
                need=need,
                level=2,
                step=step,
                to_service=teams[n % TEAMS],
                person_name=name,
                person_contact=contact,
                consent="given",
                referrer=referrer,
                referrer_contact="020 7946 0000",
                state=state,
                decline_reason="no-capacity" if state == "declined" else "",
                outcome="got-help" if state == "completed" else "",
                sent_at=sent,
                responded_at=sent + datetime.timedelta(hours=3) if answered else None,
                response_hours=24,
                due_at=due,
                escalate_at=due + datetime.timedelta(hours=8),
                reminded_at=reminded,
                escalated_at=escalated,
                closed_at=sent + datetime.timedelta(hours=5)
                if state in ("declined", "completed", "withdrawn", "expired")
                else None,
            )
        )
        if len(batch) == 5000:
            _bulk(batch)
    _bulk(batch)
    return place, receiver


def _bulk(batch) -> None:
    # The ciphertexts are made once above; bulk_create would encrypt them again, so the rows
    # go in with the field's prep skipped (the value is already a token: prefix "fernet:").
    from joinedup.core import fieldcrypt
    from joinedup.referrals.models import Referral

    original = fieldcrypt.EncryptedTextField.get_prep_value
    fieldcrypt.EncryptedTextField.get_prep_value = lambda self, value: value
    try:
        Referral.objects.bulk_create(batch)
    finally:
        fieldcrypt.EncryptedTextField.get_prep_value = original
    batch.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    label = configure_sqlite(f"referrals-{args.referrals}")
    started = time.perf_counter()
    place, receiver = _generate(args.referrals)
    made = time.perf_counter() - started
    from django.test import Client

    from joinedup.referrals.models import Referral
    from joinedup.referrals.services import send_due_referral_reminders

    client = Client()
    client.force_login(receiver)
    url = f"/p/{place.slug}/referrals/inbox/"
    assert client.get(url).status_code == 200
    times = []
    for _ in range(args.requests):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    start = time.perf_counter()
    counts = send_due_referral_reminders()
    sweep = time.perf_counter() - start
    start = time.perf_counter()
    idle = send_due_referral_reminders()
    idle_sweep = time.perf_counter() - start
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    total = Referral.objects.filter(place=place).count()
    print(f"database: {label}; referrals: {total} ({TEAMS} teams); ready in {made:.1f} s")
    print(f"uptime: {load}")
    print(
        f"inbox ({total // TEAMS} referrals of the team): p50 {p50:.1f} ms, p95 {p95:.1f} ms"
        f" (target 150 ms: {p95 / 150:.2f} of it)"
    )
    print(
        f"sweep: {counts} in {sweep:.2f} s (target 10 s: {sweep / 10:.2f} of it); "
        f"again with nothing due: {idle} in {idle_sweep:.2f} s"
    )


if __name__ == "__main__":
    main()
