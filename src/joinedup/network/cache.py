"""The network page's figures, cached per place, filters and a fingerprint of the tie data.

Working out a place's network (reading every source of ties, the analysis) takes most of a
second at 2,000 teams; the page, its map's JSON and each page of its tables ask for the same
figures, so they are kept in Django's cache, and the suggested introductions (their own page)
in an entry of their own. `warm.py` works out the default view ahead of the first visitor.
A key holds:

- the place, the filters and the effective `Up to` day (today when empty, so the figures
  move on at midnight);
- a fingerprint of the data the ties are read from: counts and latest dates of each source's
  rows in the place (one aggregate query each), so a tie added, changed or removed, a check-in
  or a new team gives a new key even when it was written by `update()` or `bulk_create()`;
- a version that every save or delete of those models bumps (`bump_version`, connected in
  apps.py), for changes that move no count or date (a contact moving team, a sector renamed).

Entries also expire after `TIMEOUT` seconds, a bound on staleness when neither of the above
sees a change (another process's locmem cache, a raw `update()` of a column that is not in the
fingerprint).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from joinedup.cafe.models import Plan, Seat
from joinedup.directory.models import Attribute, Contact, Service, TaxonomyTerm
from joinedup.events.models import Event, Invitation
from joinedup.followup.models import Action
from joinedup.network import introductions, services
from joinedup.network.models import DeclaredTie
from joinedup.pathways.models import PathwayVersion, Step, Threshold
from joinedup.referrals.models import Referral

TIMEOUT = 15 * 60
VERSION_KEY = "network:version"


def _aggregates(model, filters: Q, *latest: str) -> tuple:
    figures = {"n": Count("pk"), **{f"m{i}": Max(field) for i, field in enumerate(latest)}}
    row = model.objects.filter(filters).aggregate(**figures)
    return tuple(row[k] for k in sorted(row))


def fingerprint(*, place) -> str:
    """Return a short digest of the place's tie data: it changes when a source's rows do."""
    at = Q(place=place)
    parts = (
        _aggregates(DeclaredTie, at, "updated_at", "declared_on"),
        _aggregates(Service, at, "last_modified", "created_at"),
        _aggregates(Attribute, at),
        _aggregates(Contact, at),
        _aggregates(Event, at, "updated_at", "date"),
        _aggregates(Invitation, at & Q(checked_in_at__isnull=False), "checked_in_at"),
        _aggregates(Plan, at & Q(is_current=True), "created_at"),
        _aggregates(Seat, at & Q(plan__is_current=True)),
        _aggregates(Action, at, "updated_at", "created_at"),
        _aggregates(Referral, at, "responded_at"),
        _aggregates(Threshold, at, "updated_at"),
        _aggregates(PathwayVersion, at & Q(status=PathwayVersion.Status.PUBLISHED)),
        _aggregates(Step, at & Q(version__status=PathwayVersion.Status.PUBLISHED)),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def _version() -> int:
    """Return the version in keys; when it is missing (never set, or evicted from a full
    cache) start from the time in microseconds, later than any version counted before."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns() // 1000, None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_version(**kwargs) -> None:
    """Make every cached network figure stale (a signal receiver: a source's row changed)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # missing: a new start is a new version too
        _version()


# The models ties, teams and suggested introductions are read from (services.py).
SOURCES = (
    DeclaredTie,
    Service,
    Attribute,
    Contact,
    TaxonomyTerm,
    Event,
    Invitation,
    Plan,
    Seat,
    Action,
    Referral,
    Threshold,
    PathwayVersion,
    Step,
)


def connect_signals() -> None:
    """Bump the version on every save or delete of a source's row (called from apps.py)."""
    for model in SOURCES:
        post_save.connect(bump_version, sender=model, dispatch_uid=f"network-{model.__name__}")
        post_delete.connect(
            bump_version, sender=model, dispatch_uid=f"network-{model.__name__}-delete"
        )
    m2m_changed.connect(bump_version, sender=Step.services.through, dispatch_uid="network-steps")


class _Recent:
    """The last few figures this process read from the cache, kept unpickled.

    A key names one version of the data exactly (fingerprint and version), so a key seen here
    is as good as the cache's entry; unpickling 20,000 ties took a fifth of a warm page.
    """

    size = 4

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, value, timeout: float) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + timeout, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


recent = _Recent()


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while figures are worked out: they are
    hundreds of thousands of small acyclic objects, and the collections their allocation sets
    off took 150-200 ms of a cold request's 0.9 s at 2,000 teams. Process-wide, so only the
    caller that paused it starts it again; whatever became garbage meanwhile is collected
    then."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _cached(key: str, work: Callable[[], object]):
    found = recent.get(key)
    if found is None:
        found = cache.get(key)
        if found is None:
            with _collector_paused():
                found = work()
            cache.set(key, found, TIMEOUT)
        recent.put(key, found, TIMEOUT)
    return found


def _key(*, place, mark: str, what: str, parts: Iterable) -> str:
    version = _version()
    digest = hashlib.sha256(repr((mark, *parts)).encode()).hexdigest()[:32]
    return f"network:{what}:{place.pk}:{version}:{digest}"


def network_figures(
    *,
    place,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    kinds: Iterable[str] | None = None,
) -> services.NetworkMap:
    """Return the map's figures for these filters (`services.network_map` with the same
    arguments), from the cache when the tie data has not changed since they were worked out."""
    day, wanted = _filters(until, kinds)
    mark = fingerprint(place=place)
    return _figures(place=place, mark=mark, since=since, day=day, wanted=wanted)


def _filters(until, kinds) -> tuple[datetime.date, tuple]:
    """The effective `Up to` day (today when empty) and the kinds of tie, in key order."""
    return until or timezone.localdate(), tuple(sorted(set(kinds))) if kinds else ()


def _figures(*, place, mark: str, since, day, wanted) -> services.NetworkMap:
    return _cached(
        _key(place=place, mark=mark, what="map", parts=(since, day, wanted)),
        lambda: services.network_map(place=place, since=since, until=day, kinds=wanted or None),
    )


def warm(*, place) -> bool:
    """Work out the default view's figures and map.json body (no filters, up to today) into
    the cache unless they are there already for the place's current tie data (fingerprint and
    version); True when it did the work. Called by the periodic job (periodic.py)."""
    day = timezone.localdate()
    mark = fingerprint(place=place)
    parts = (None, day, ())
    keys = [_key(place=place, mark=mark, what=w, parts=parts) for w in ("map", "map-json")]
    if all(cache.has_key(k) for k in keys):
        return False
    _map_json(place=place, mark=mark, since=None, day=day, wanted=())
    return True


def suggested_introductions(
    *, place, until: datetime.date | None = None
) -> list[introductions.Introduction]:
    """Return the suggested introductions up to `until` (today when empty), from the cache
    when the tie data has not changed; their own entry, so the network page never waits for
    them (they have their own page)."""
    day = until or timezone.localdate()
    mark = fingerprint(place=place)
    return _cached(
        _key(place=place, mark=mark, what="introductions", parts=(day,)),
        lambda: services.suggested_introductions(place=place, until=day),
    )


def map_json(
    *,
    place,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    kinds: Iterable[str] | None = None,
) -> bytes:
    """Return the map's data (`NetworkMap.as_json` and the sectors' colours) as JSON bytes,
    from the cache when the tie data has not changed."""
    day, wanted = _filters(until, kinds)
    mark = fingerprint(place=place)
    return _map_json(place=place, mark=mark, since=since, day=day, wanted=wanted)


def _map_json(*, place, mark: str, since, day, wanted) -> bytes:
    """map_json for one fingerprint, which the figures it is made from share."""

    def work() -> bytes:
        figures = _figures(place=place, mark=mark, since=since, day=day, wanted=wanted)
        document = {**figures.as_json(), "sectors": figures.sector_colours()}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    return _cached(_key(place=place, mark=mark, what="map-json", parts=(since, day, wanted)), work)
