"""Counting intervention points and themes in the database for the pure insight module.

Every function here groups in SQL and returns plain rows, so that the insight pages cost the
same few queries over one event or a hundred. Grouping 150,000 points still takes a few
hundred milliseconds, so the groupings of points are kept in Django's cache for five minutes,
under a key that changes whenever a point is added or deleted in the places concerned (an
edit to a point shows within five minutes).
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count

from joinedup.casestudies.models import InterventionPoint, TimelineEntry
from joinedup.core.models import Place
from joinedup.followup import sources
from joinedup.followup.insight import MomentCount, Observation, ThemeUse
from joinedup.followup.models import Action, InterventionPointTheme


def _points(places=None, event_ids=None):
    points = InterventionPoint.objects.filter(deleted_at__isnull=True)
    if places is not None:
        points = points.filter(place__in=places)
    if event_ids:
        points = points.filter(sources.event_filter(event_ids))
    return points


CACHE_SECONDS = 300


def _place_slugs() -> dict:
    return dict(Place.objects.values_list("pk", "slug"))


def _cached(name: str, places, event_ids, compute):
    """compute(), or its result from the cache while the places' points are unchanged."""
    scope = (
        Place.objects.all()
        if places is None
        else Place.objects.filter(pk__in=[p.pk for p in places])
    )
    stamp = list(scope.order_by("pk").values_list("pk", "created_at"))
    points = InterventionPoint.objects.filter(place__in=[pk for pk, _ in stamp])
    version = (points.count(), points.filter(deleted_at__isnull=True).count())
    raw = repr((name, stamp, sorted(event_ids or []), version)).encode()
    key = "followup:insight:" + hashlib.sha256(raw).hexdigest()
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, CACHE_SECONDS)
    return result


def for_place(place: Place, *, event_ids=None, with_moments: bool = True) -> tuple:
    """(observations, timing, moments) of one place (or some of its events), cached."""

    def compute():
        return (
            observations(places=[place], event_ids=event_ids),
            timing(places=[place], event_ids=event_ids),
            moments(place, event_ids=event_ids) if with_moments else [],
        )

    return _cached(f"place:{with_moments}", [place], event_ids, compute)


def for_all_places() -> tuple:
    """(observations, timing) of every place, cached: for the aggregates across places."""
    return _cached("all", None, None, lambda: (observations(), timing()))


def observations(*, places=None, event_ids=None) -> list[Observation]:
    """Intervention points grouped by place, life moment facets (age, period, domain) and
    sector: what the heatmap and the kinds of moment need. Event and how early are left out
    (see `timing`), which keeps the grouping small however many events there are."""
    sectors = {pk: name for pk, (_, name, _) in sources.sector_terms().items()}
    slugs = _place_slugs()
    rows = (
        _points(places, event_ids)
        .values("place_id", "entry__age_years", "entry__period_label", "entry__domain", "sector_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        Observation(
            place=slugs.get(r["place_id"], ""),
            event_id=None,
            age_years=r["entry__age_years"],
            period_label=r["entry__period_label"] or "",
            domain=r["entry__domain"] or "",
            sector=sectors.get(r["sector_id"], ""),
            how_early="",
            count=r["n"],
        )
        for r in rows
    ]


def timing(*, places=None, event_ids=None) -> list[Observation]:
    """Intervention points grouped by place, event and how early: what places, events
    compared and prevention versus crisis need."""
    event_field = sources.event_id_field()
    slugs = _place_slugs()
    fields = ["place_id", "how_early", event_field]
    rows = _points(places, event_ids).values(*fields).annotate(n=Count("pk")).order_by()
    return [
        Observation(
            place=slugs.get(r["place_id"], ""),
            event_id=r[event_field],
            age_years=None,
            period_label="",
            domain="",
            sector="",
            how_early=r["how_early"] or "",
            count=r["n"],
        )
        for r in rows
    ]


def moments(place: Place, *, event_ids=None, limit: int = 10) -> list[MomentCount]:
    """The place's most named moments, with their text (for pages inside the place only)."""
    counts = list(
        _points([place], event_ids)
        .filter(entry__isnull=False)
        .values("entry_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "entry_id")[:limit]
    )
    entries = TimelineEntry.objects.select_related("case_study").in_bulk(
        [c["entry_id"] for c in counts]
    )
    result = []
    for c in counts:
        entry = entries.get(c["entry_id"])
        if entry is None or entry.case_study.place_id != place.pk:
            continue
        result.append(
            MomentCount(
                place=place.slug,
                entry_id=entry.pk,
                case_study_id=entry.case_study_id,
                case_study=entry.case_study.title,
                when=entry.when,
                what_happened=entry.what_happened,
                count=c["n"],
            )
        )
    return result


def theme_uses(*, places=None, event_ids=None) -> list[ThemeUse]:
    """How often each theme was tagged, on actions and on intervention points, per event."""
    uses = []
    actions = Action.themes.through.objects.all()
    if places is not None:
        actions = actions.filter(action__place__in=places)
    if event_ids:
        actions = actions.filter(action__event_id__in=event_ids)
    for row in (
        actions.values("action__place__slug", "action__event_id", "theme__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        uses.append(
            ThemeUse(
                row["action__place__slug"], row["action__event_id"], row["theme__name"], row["n"]
            )
        )
    tags = InterventionPointTheme.objects.all()
    if places is not None:
        tags = tags.filter(place__in=places)
    event_field = sources.event_id_field(prefix="intervention_point__capture__")
    if event_ids:
        tags = tags.filter(sources.event_filter(event_ids, prefix="intervention_point__capture__"))
    fields = ["place__slug", "theme__name", event_field]
    for row in tags.values(*fields).annotate(n=Count("pk")).order_by():
        uses.append(
            ThemeUse(
                row["place__slug"],
                row[event_field],
                row["theme__name"],
                row["n"],
            )
        )
    return uses
