"""Failover on the local cluster (make cluster): kill -9 one app node and one worker under load.

Through nginx on 127.0.0.1:18080, for --duration seconds: --writers live-capture participants
each saving an item every 5 s (retrying a failed save with the same id until it is
acknowledged, as the capture page does), --rsvp clients opening their RSVP link and accepting,
and --invitations invitations being sent by the RQ workers to a local SMTP server (sending
starts as the load does). Half-way through the run app node 1 (the gunicorn master and its
workers: the whole process group) gets SIGKILL, and worker 1 gets it once half the
invitations have arrived; each is started again --down seconds after its kill.

Reported: acknowledged writes missing from the database (goal 0), invitations delivered twice
(0), invitations unsent or undelivered at the end (0), requests that failed as the client saw
them (and were retried), attempts nginx passed to the other node (from its error log), and p95
latency before, during (kill to restart plus 10 s) and after. The last line sums it up.

    make cluster
    .venv/bin/python benchmarks/cluster_failover.py --duration 60 --writers 100

Starts the cluster when it is not running (deploy/cluster/start.sh) and then stops it at the
end (unless --keep); a cluster that was already running is left running. The workers are
restarted with the SMTP server as their mail server.
Prints figures; never asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLUSTER_SH = ROOT / "deploy" / "cluster"
PYTHON = sys.executable

SETUP = """
import datetime, json, secrets
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone
from joinedup.cafe.capture import create_capture
from joinedup.casestudies.models import CaseStudy, LifeDomain
from joinedup.core.models import Membership, Place, User
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events import services
from joinedup.events.models import AccessToken, Event, Invitation
from joinedup.events.tokens import issue_token, new_checkin_code

tag, writers, tables, invitations, rsvp = %(tag)r, %(writers)d, %(tables)d, %(n)d, %(rsvp)d
ensure_taxonomies()
with transaction.atomic():
    place = Place.objects.create(name=f"Failover {tag}", slug=f"failover-{tag}",
                                 local_authority="Bench")
    author = User.objects.create_user(f"author.{tag}@bench.example", "x" * 16, full_name="Author")
    study = CaseStudy.objects.create(place=place, author=author, title="A story",
                                     state=CaseStudy.State.APPROVED)
    entries = [study.entries.create(order=n, age_years=10 + n, domain=LifeDomain.EDUCATION,
                                    what_happened=f"Moment {n}").pk for n in range(1, 11)]
    sheets = [str(create_capture(case_study=study, label=f"Table {n + 1}", actor=author).pk)
              for n in range(tables)]
    people = []
    for n in range(writers):
        user = User(email=f"p{n}.{tag}@bench.example", full_name=f"Participant {n}")
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, place=place, role="host")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append({"session": session.session_key, "sheet": sheets[n %% tables]})
    def event(title):
        return services.create_event(place=place, actor=None, fields=dict(
            title=title, date=timezone.localdate() + datetime.timedelta(days=40),
            purpose="Three life stories, worked through by every agency in the room.",
            venue_name="Town Hall", venue_address="128-142 High Road\\nIlford IG1 1DD",
            status="invitations_open"))
    sending = event("Sent during the failover")
    Invitation.objects.bulk_create([
        Invitation(event=sending, place=place, name=f"Person {i}", sector="housing",
                   email=f"send{i}.{tag}@council.example", sector_name="Housing",
                   tier="frontline", checkin_code=new_checkin_code()) for i in range(invitations)])
    answering = event("Answered during the failover")
    links = []
    for i in range(rsvp):
        invitation = Invitation.objects.create(
            event=answering, place=place, name=f"Guest {i}", email=f"rsvp{i}.{tag}@council.example",
            sector="police", sector_name="Police", tier="frontline",
            checkin_code=new_checkin_code(),
            sent_at=timezone.now())
        token, _ = issue_token(invitation=invitation, purpose=AccessToken.Purpose.RSVP,
                               expires_at=answering.ends)
        links.append(f"/rsvp/{answering.pk}/{token}/")
print(json.dumps({"place": place.slug, "entries": entries, "people": people,
                  "sending": sending.pk, "links": links}))
"""

START_SENDING = """
from joinedup.events.models import Event
from joinedup.events.sending import start_sending
start_sending(event=Event.objects.get(pk=%(event)d), actor=None)
"""

VERIFY = """
import json
from pathlib import Path
from joinedup.cafe.capture import KINDS
from joinedup.events.models import Invitation
acked = json.loads(Path(%(path)r).read_text())
missing = stale = 0
for kind, spec in KINDS.items():
    wanted = {i: v for i, (k, v) in acked.items() if k == kind}
    stored = {str(k): v for k, v in spec.model.objects.filter(pk__in=list(wanted))
              .values_list("pk", "version")}
    missing += sum(1 for i in wanted if i not in stored)
    stale += sum(1 for i, v in wanted.items() if i in stored and stored[i] < v)
unsent = Invitation.objects.filter(event_id=%(event)d, sent_at__isnull=True).count()
emails = list(Invitation.objects.filter(event_id=%(event)d).values_list("email", flat=True))
print(json.dumps({"acknowledged": len(acked), "missing": missing, "stale": stale,
                  "unsent": unsent, "emails": emails}))
"""


# --- the cluster ------------------------------------------------------------------------------


def cluster_env(extra: dict | None = None) -> dict:
    """The environment deploy/cluster/env.sh gives the app nodes and workers."""
    out = subprocess.run(
        ["bash", "-c", f"source {CLUSTER_SH / 'env.sh'}; env -0"],
        capture_output=True,
        check=True,
        env={**os.environ, **(extra or {})},
    ).stdout
    env = dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)
    env["DJANGO_SETTINGS_MODULE"] = "joinedup.settings"
    return env


def cluster_dir(env: dict) -> Path:
    return Path(env.get("CLUSTER_DIR") or ROOT / "var" / "cluster")


def pid_of(env: dict, name: str) -> int | None:
    path = cluster_dir(env) / f"{name}.pid"
    try:
        pid = int(path.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def cluster_call(env: dict, function: str, *args: str) -> None:
    """Run one of env.sh's functions (start_node, start_worker) with this environment."""
    quoted = " ".join(args)
    subprocess.run(
        ["bash", "-c", f"source {CLUSTER_SH / 'env.sh'}; {function} {quoted}"],
        env=env,
        check=True,
        cwd=ROOT,
    )


def joinedup_shell(env: dict, code: str) -> dict:
    result = subprocess.run(
        [PYTHON, "-m", "joinedup", "shell", "--no-imports", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode:
        raise SystemExit(f"joinedup shell failed:\n{result.stderr[-3000:]}")
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


# --- mail -------------------------------------------------------------------------------------


class Inbox:
    def __init__(self):
        self.recipients: collections.Counter = collections.Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


def start_smtp(inbox: Inbox):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP

    class BareLineFeedSMTP(SMTP):
        line_length_limit = 1 << 22  # stored messages are sent with bare LF line endings

    class LocalSMTP(Controller):
        def factory(self):
            return BareLineFeedSMTP(self.handler, **self.SMTP_kwargs)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = LocalSMTP(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


# --- the load ---------------------------------------------------------------------------------


@dataclass
class Tally:
    # (seconds since start, latency) of every answered request
    latencies: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # seconds since start of each failed request
    retried_saves: int = 0
    acked: dict = field(default_factory=dict)
    rsvp_answers: collections.Counter = field(default_factory=collections.Counter)


def _payload(kind: str, entries: list, rng: random.Random, n: int) -> dict:
    if kind == "intervention_point":
        return {
            "entry": rng.choice(entries),
            "placement": "on",
            "what_could_have_been_done": f"Idea {n}: earlier help",
            "how_early": "early_help",
        }
    if kind == "note":
        return {"text": f"Note {n}: the table said"}
    return {"what": f"Action {n}: agree a protocol", "by_when": "2027-03-31"}


async def writer(client, base, person, setup, t0, end, tally, rng, phase_of):
    import httpx

    cookie = f"sessionid={person['session']}; csrftoken={person['csrf']}"
    headers = {"Cookie": cookie, "X-CSRFToken": person["csrf"], "Content-Type": "application/json"}
    url = f"{base}/p/{setup['place']}/case-studies/capture/{person['sheet']}/items/"
    await asyncio.sleep(rng.uniform(0, 5))
    next_at, n = time.monotonic(), 0
    while time.monotonic() < end:
        n += 1
        kind = rng.choices(["intervention_point", "note", "proposed_action"], [6, 3, 1])[0]
        item_id = str(uuid.uuid4())
        body = json.dumps({"version": 0, "data": _payload(kind, setup["entries"], rng, n)})
        while True:  # the capture page retries a save until the server acknowledges it
            started = time.perf_counter()
            at = time.monotonic() - t0
            try:
                response = await client.put(
                    f"{url}{kind}/{item_id}/", content=body, headers=headers
                )
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code < 500:
                break
            tally.failed.append(at)
            tally.retried_saves += 1
            await asyncio.sleep(1)
        tally.latencies.append((at, time.perf_counter() - started))
        if response.status_code in (200, 201):
            tally.acked[item_id] = (kind, response.json()["item"]["version"])
        next_at += 5
        await asyncio.sleep(max(0, next_at - time.monotonic()))


async def rsvp_client(client, base, links, t0, end, tally, rng, phase_of):
    import httpx

    await asyncio.sleep(rng.uniform(0, 2))
    while time.monotonic() < end:
        link = rng.choice(links)
        method = "post" if rng.random() < 0.3 else "get"
        started = time.perf_counter()
        at = time.monotonic() - t0
        try:
            if method == "get":
                response = await client.get(base + link)
            else:
                response = await client.post(
                    base + link, data={"answer": "accept", "dietary": "None"}
                )
        except httpx.HTTPError:
            response = None
        if response is None or response.status_code >= 500:
            tally.failed.append(at)
        else:
            tally.latencies.append((at, time.perf_counter() - started))
            tally.rsvp_answers[f"{method.upper()} {response.status_code}"] += 1
        await asyncio.sleep(rng.expovariate(1 / 2))


async def play(base, setup, args, tally, phase_of, t0):
    import httpx

    end = t0 + args.duration
    rng = random.Random(args.seed)
    limits = httpx.Limits(max_connections=args.writers + args.rsvp, max_keepalive_connections=100)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(
            *(
                writer(
                    client, base, p, setup, t0, end, tally, random.Random(rng.random()), phase_of
                )
                for p in setup["people"]
            ),
            *(
                rsvp_client(
                    client,
                    base,
                    setup["links"],
                    t0,
                    end,
                    tally,
                    random.Random(rng.random()),
                    phase_of,
                )
                for _ in range(args.rsvp)
            ),
        )


# --- the run ----------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def nginx_retries(env: dict, since: int) -> int:
    """Attempts nginx passed to the next node: its error log's upstream failures."""
    log = cluster_dir(env) / "nginx" / "error.log"
    if not log.exists():
        return 0
    with log.open("rb") as handle:
        handle.seek(since)
        text = handle.read().decode(errors="replace")
    signs = ("while connecting to upstream", "upstream prematurely closed", "reading response")
    return sum(1 for line in text.splitlines() if any(sign in line for sign in signs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=120, help="seconds of load")
    parser.add_argument("--writers", type=int, default=300)
    parser.add_argument("--tables", type=int, default=30)
    parser.add_argument("--rsvp", type=int, default=30, help="RSVP clients, one request every ~2 s")
    parser.add_argument("--invitations", type=int, default=300)
    parser.add_argument("--down", type=float, default=10, help="seconds the killed pair stays down")
    parser.add_argument("--settle", type=float, default=180, help="seconds to wait for delivery")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--keep", action="store_true", help="leave a cluster it started running")
    args = parser.parse_args()

    inbox = Inbox()
    smtp, smtp_port = start_smtp(inbox)
    env = cluster_env({"JOINEDUP_EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}"})
    started_cluster = pid_of(env, "nginx") is None
    if started_cluster:
        print("Starting the cluster (deploy/cluster/start.sh)…", flush=True)
        subprocess.run(["bash", str(CLUSTER_SH / "start.sh")], env={**env, "CLUSTER_DEMO": "0"},
                       check=True, cwd=ROOT)  # fmt: skip
    workers = sorted(p.stem for p in cluster_dir(env).glob("worker*.pid"))
    for name in workers:  # the workers send to our SMTP server from now on
        pid = pid_of(env, name)
        if pid:
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                if pid_of(env, name) is None:
                    break
                time.sleep(0.1)
        cluster_call(env, "start_worker", name.removeprefix("worker"))
    base = f"http://127.0.0.1:{env.get('CLUSTER_NGINX_PORT', '18080')}"
    tag = uuid.uuid4().hex[:6]
    print(f"Setting up {args.writers} writers, {args.rsvp} RSVP links, {args.invitations} "
          "invitations…", flush=True)  # fmt: skip
    setup = joinedup_shell(env, SETUP % {"tag": tag, "writers": args.writers, "tables": args.tables,
                                         "n": args.invitations, "rsvp": args.rsvp})  # fmt: skip
    for person in setup["people"]:
        person["csrf"] = uuid.uuid4().hex
    log = cluster_dir(env) / "nginx" / "error.log"
    log_mark = log.stat().st_size if log.exists() else 0

    half = args.duration / 2
    events: dict = {}

    def phase_of(at: float) -> str:
        """Before the first kill, during (until 10 s after the last restart), after."""
        first = min(events.get("node_killed", 1e9), events.get("worker_killed", 1e9))
        last = max(events.get("node_restarted", 0), events.get("worker_restarted", 0))
        if at < first:
            return "before"
        return "during" if at < last + 10 or not last else "after"

    def invitations_delivered() -> int:
        with inbox.lock:
            return sum(1 for r in inbox.recipients if r.startswith("send") and f".{tag}@" in r)

    def kill_worker(t0: float) -> None:
        # the worker dies half-way through the sending: once half the invitations arrived
        while invitations_delivered() < args.invitations // 2:
            time.sleep(0.05)
        worker = pid_of(env, "worker1")
        if worker:
            os.kill(worker, signal.SIGKILL)
        events["worker_killed"] = time.monotonic() - t0
        events["invitations_delivered_at_worker_kill"] = invitations_delivered()
        time.sleep(args.down)
        cluster_call(env, "start_worker", "1")
        events["worker_restarted"] = time.monotonic() - t0

    def kill_node(t0: float) -> None:
        # the app node dies half-way through the run
        time.sleep(max(0, t0 + half - time.monotonic()))
        node = pid_of(env, "node1")
        if node:
            os.killpg(os.getpgid(node), signal.SIGKILL)  # the master and all its workers
        events["node_killed"] = time.monotonic() - t0
        time.sleep(args.down)
        (cluster_dir(env) / "node1.pid").unlink(missing_ok=True)
        ports = env.get("CLUSTER_NODE_PORTS", "18001 18002").split()
        cluster_call(env, "start_node", "1", ports[0])
        events["node_restarted"] = time.monotonic() - t0

    load_before = os.getloadavg()
    # sending is started just before the load (a shell takes seconds to start on a busy machine)
    joinedup_shell(env, START_SENDING % {"event": setup["sending"]})
    t0 = time.monotonic()
    killers = [
        threading.Thread(target=f, args=(t0,), daemon=True) for f in (kill_worker, kill_node)
    ]
    for killer in killers:
        killer.start()
    tally = Tally()
    print(f"Load for {args.duration:g} s through {base}; kill -9 node 1 at "
          f"{half:g} s and worker 1 half-way through sending, restart {args.down:g} s later…",
          flush=True)  # fmt: skip
    asyncio.run(play(base, setup, args, tally, phase_of, t0))
    for killer in killers:
        killer.join(timeout=args.settle)
    load_after = os.getloadavg()

    # the sweep (every 10 s, stale after 30 s in the cluster) queues what the dead worker lost
    expected = args.invitations
    deadline = time.monotonic() + args.settle
    while time.monotonic() < deadline:
        if invitations_delivered() >= expected:
            break
        time.sleep(5)
    acked_file = cluster_dir(env) / f"acked-{tag}.json"
    acked_file.write_text(json.dumps(tally.acked))
    verified = joinedup_shell(env, VERIFY % {"path": str(acked_file), "event": setup["sending"]})
    acked_file.unlink()
    smtp.stop()
    if started_cluster and not args.keep:
        subprocess.run(["bash", str(CLUSTER_SH / "stop.sh")], env=env, check=False, cwd=ROOT)

    sent_to = {e: inbox.recipients.get(e, 0) for e in verified["emails"]}
    twice = sum(1 for n in sent_to.values() if n > 1)
    undelivered = sum(1 for n in sent_to.values() if n == 0)
    by_phase = collections.defaultdict(list)
    for at, latency in tally.latencies:
        by_phase[phase_of(at)].append(latency)
    figures = {
        "writers": args.writers,
        "rsvp_clients": args.rsvp,
        "invitations": args.invitations,
        "duration_s": args.duration,
        "events_s": {k: round(v, 1) if isinstance(v, float) else v for k, v in events.items()},
        "settled_s": round(time.monotonic() - t0, 1),
        "requests_answered": len(tally.latencies),
        "acknowledged_writes": verified["acknowledged"],
        "acknowledged_writes_lost": verified["missing"] + verified["stale"],
        "emails_sent_twice": twice,
        "invitations_unsent": verified["unsent"],
        "invitations_undelivered": undelivered,
        "requests_failed_seen_by_clients": dict(collections.Counter(map(phase_of, tally.failed))),
        "saves_retried_by_clients": tally.retried_saves,
        "attempts_nginx_passed_on": nginx_retries(env, log_mark),
        "p95_ms": {
            phase: round(p95(by_phase[phase])) if by_phase[phase] else None
            for phase in ("before", "during", "after")
        },
        "rsvp_answers": dict(tally.rsvp_answers),
        "load_average_1_5_15_before": load_before,
        "load_average_1_5_15_after": load_after,
        "cores": os.cpu_count(),
    }
    print(json.dumps(figures, indent=1))
    p = figures["p95_ms"]
    failed = len(tally.failed)
    print(
        f"SUMMARY failover ({args.writers} writers, {args.rsvp} RSVP clients, {args.invitations} "
        f"invitations, {args.duration:g} s, load {load_before[0]:.1f}→{load_after[0]:.1f} on "
        f"{os.cpu_count()} cores): lost acknowledged writes {figures['acknowledged_writes_lost']}"
        f", emails sent twice {twice}, invitations unsent {verified['unsent']} / undelivered "
        f"{undelivered}, requests failed {failed} (saves retried {tally.retried_saves}, nginx "
        f"passed on {figures['attempts_nginx_passed_on']}), p95 before/during/after "
        f"{p['before']}/{p['during']}/{p['after']} ms"
    )


if __name__ == "__main__":
    main()
