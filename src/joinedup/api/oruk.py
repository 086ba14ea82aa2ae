"""The open Open Referral UK API (HSDS 3.0 API reference), read-only, at /api/oruk/.

National by default: every place's services. `place=<slug>` (our extension; the reference
allows extra parameters) narrows any list to one place. Responses are HSDS JSON without
confidential locations or contact people; every response carries CORS `*` as ORUK requires.
"""

import datetime
import functools
import math
import uuid

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import HttpError

from joinedup.core.models import Place
from joinedup.directory import search as directory_search
from joinedup.directory.hsds import HSDS_VERSION, OPENAPI_URL, PROFILE_URL, serialise
from joinedup.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 50
# Far past the last page of a national directory, and small enough that the offset it makes
# stays inside a 64-bit integer on both databases.
MAX_PAGE = 10_000_000
SEARCH_CAP = 10000
COUNT_CACHE_SECONDS = 60
EARTH_RADIUS_M = 6_371_000


api = NinjaAPI(
    title="Joinedup Open Referral UK API",
    version=HSDS_VERSION,
    description="Read-only HSDS 3.0 API of every place's directory. Open, no sign-in.",
    urls_namespace="oruk",
    # no Swagger page: it loads scripts from a CDN, which our Content-Security-Policy forbids
    docs_url=None,
)


def _open_to_all(view):
    """Wrap a view so that its every response, errors included, may be read from any origin."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def urls():
    """Return the API's URL patterns (namespace "oruk"), each answering with CORS `*`."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _open_to_all(pattern.callback)
    return patterns, app_name, namespace


# --- helpers ------------------------------------------------------------------------------


def envelope(items, *, total: int, page_number: int, per_page: int) -> dict:
    """Return the HSDS page envelope around this page's contents."""
    total_pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": total == 0,
        "contents": items,
    }


def paging(page_number: int | None, per_page: int | None) -> tuple[int, int, int]:
    """Return (page, per_page, offset) from the query, within limits."""
    if page_number is not None and page_number > MAX_PAGE:
        raise HttpError(400, f"page must be a whole number from 1 to {MAX_PAGE:,}")
    number = max(1, page_number or 1)
    size = min(MAX_PER_PAGE, max(1, per_page or DEFAULT_PER_PAGE))
    return number, size, (number - 1) * size


def finite(name: str, number: float | None, *, low: float, high: float) -> float | None:
    """Return a coordinate or distance from the query, refusing inf, nan and out-of-range values."""
    if number is not None and not (math.isfinite(number) and low <= number <= high):
        raise HttpError(400, f"{name} must be a number from {low:g} to {high:g}")
    return number


def place_of(slug: str | None) -> Place | None:
    """Return the place named by the `place` parameter, or None for the whole country."""
    if not slug:
        return None
    place = Place.objects.filter(slug=slug).first()
    if place is None:
        raise HttpError(404, f"No place called {slug}")
    return place


def parse_uuid(value: str | None, name: str) -> uuid.UUID | None:
    """Return a UUID parameter, or answer 400 when it is not one."""
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise HttpError(400, f"{name} must be a UUID") from None


def parse_moment(value: str | None) -> datetime.datetime | None:
    """Return modified_after as an aware datetime (a date means its midnight UTC)."""
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise HttpError(
            400, "modified_after must be a date or time like 2026-01-31T09:00:00Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def one(queryset, pk: str):
    """Return the object with this id or answer 404."""
    try:
        key = uuid.UUID(pk)
    except ValueError:
        raise HttpError(404, "Not found") from None
    obj = queryset.filter(pk=key).first()
    if obj is None:
        raise HttpError(404, "Not found")
    return obj


def filter_services(
    services,
    *,
    taxonomy_term_id=None,
    taxonomy_id=None,
    organization_id=None,
    modified_after=None,
    prefix: str = "",
):
    """Apply the services filters of the reference (prefix points at the service from SALs)."""
    term = parse_uuid(taxonomy_term_id, "taxonomy_term_id")
    taxonomy = parse_uuid(taxonomy_id, "taxonomy_id")
    organization = parse_uuid(organization_id, "organization_id")
    moment = parse_moment(modified_after)
    if term:
        services = services.filter(**{f"{prefix}attributes__taxonomy_term_id": term})
    if taxonomy:
        services = services.filter(
            **{f"{prefix}attributes__taxonomy_term__taxonomy_id": taxonomy}
        ).distinct()
    if organization:
        services = services.filter(**{f"{prefix}organization_id": organization})
    if moment:
        services = services.filter(**{f"{prefix}last_modified__gte": moment})
    return services


def count_services(services, place) -> int:
    """Return how many services a place (or the country) has, cached for a minute: counting a
    national table on every page costs more than the page itself."""
    key = f"oruk:services:count:{place.pk if place else 'all'}"
    total = cache.get(key)
    if total is None:
        total = services.count()
        cache.set(key, total, COUNT_CACHE_SECONDS)
    return total


def searched_ids(place, text: str) -> list:
    """Return the ids of services matching the text, best first (capped)."""
    ids, _ = directory_search.search_service_ids(place=place, text=text, limit=SEARCH_CAP)
    return ids


def haversine_m(lat1, lon1, lat2, lon2) -> float:
    """Return the distance in metres between two points on the Earth."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


# --- endpoints ----------------------------------------------------------------------------


@api.get("/", summary="About this API")
def root(request: HttpRequest):
    """HSDS version and profile of this API."""
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi-json")),
        "hsds_openapi_url": OPENAPI_URL,
    }


@api.get("/services", summary="Services, a page at a time")
def services_list(
    request: HttpRequest,
    search: str = "",
    page: int | None = None,
    per_page: int | None = None,
    format: str = "json",
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: str | None = None,
    minimal: bool = False,
    full: bool = False,
    place: str | None = None,
):
    """Services with their one-to-one fields (`full` nests everything, `minimal` the least)."""
    if format not in ("", "json"):
        raise HttpError(400, "Only format=json is supported")
    number, size, offset = paging(page, per_page)
    where = place_of(place)
    services = serialise.services_in(where)
    services = filter_services(
        services,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
    )
    others = taxonomy_id or organization_id or modified_after
    if search.strip() and not others:
        # the search index filters by place and term itself: one lookup, ranked, paged
        page_ids, total = directory_search.search_service_ids(
            place=where,
            text=search,
            need=parse_uuid(taxonomy_term_id, "taxonomy_term_id"),
            limit=size,
            offset=offset,
        )
    elif search.strip():
        ids = searched_ids(where, search)
        rank = {pk: i for i, pk in enumerate(ids)}
        matched = list(services.filter(pk__in=ids).values_list("pk", flat=True))
        matched.sort(key=rank.__getitem__)
        total, page_ids = len(matched), matched[offset : offset + size]
    else:
        unfiltered = not (taxonomy_term_id or others)
        total = count_services(services, where) if unfiltered else services.count()
        ordering = ("name", "id") if where else ("id",)
        # page through the index alone, then load the page's rows: skipping `offset` rows of
        # an index is cheap, skipping them in the table (as OFFSET on whole rows does) is not
        page_ids = list(
            services.order_by(*ordering).values_list("pk", flat=True)[offset : offset + size]
        )
    # every branch chose the page's ids in order: load those rows and keep that order
    chosen = Service.objects.filter(pk__in=page_ids)
    order = {pk: i for i, pk in enumerate(page_ids)}
    if full:
        rows = list(serialise.full_services(chosen))
        render = serialise.service_full_json
    elif minimal:
        rows = list(chosen.only("id", "name", "status", "last_modified"))
        render = serialise.minimal_service_json
    else:
        rows = list(serialise.list_services(chosen))
        render = serialise.service_list_json
    rows.sort(key=lambda s: order[s.pk])
    return envelope([render(s) for s in rows], total=total, page_number=number, per_page=size)


@api.get("/services/{service_id}", summary="One service, fully nested")
def service_detail(request: HttpRequest, service_id: str):
    """A service with all its related data (no confidential locations, no contact people)."""
    return serialise.service_full_json(one(serialise.full_services(), service_id))


@api.get("/taxonomies", summary="Taxonomies")
def taxonomies_list(
    request: HttpRequest,
    search: str = "",
    page: int | None = None,
    per_page: int | None = None,
    format: str = "json",
    place: str | None = None,
):
    """Taxonomies: the shared ones (sectors, needs) and places' own."""
    number, size, offset = paging(page, per_page)
    where = place_of(place)
    taxonomies = Taxonomy.objects.all()
    if where is not None:
        taxonomies = taxonomies.filter(Q(place__isnull=True) | Q(place=where))
    if search.strip():
        taxonomies = taxonomies.filter(name__icontains=search.strip())
    total = taxonomies.count()
    rows = taxonomies.order_by("name", "id")[offset : offset + size]
    return envelope(
        [serialise.taxonomy_json(t) for t in rows], total=total, page_number=number, per_page=size
    )


@api.get("/taxonomies/{taxonomy_id}", summary="One taxonomy")
def taxonomy_detail(request: HttpRequest, taxonomy_id: str):
    """A taxonomy."""
    return serialise.taxonomy_json(one(Taxonomy.objects.all(), taxonomy_id))


@api.get("/taxonomy_terms", summary="Taxonomy terms")
def taxonomy_terms_list(
    request: HttpRequest,
    search: str = "",
    page: int | None = None,
    per_page: int | None = None,
    format: str = "json",
    taxonomy_id: str | None = None,
    top_only: bool = False,
    parent_id: str | None = None,
    place: str | None = None,
):
    """Terms, optionally of one taxonomy, under one parent, or only top-level ones."""
    number, size, offset = paging(page, per_page)
    terms = serialise.terms_in(place_of(place))
    if taxonomy := parse_uuid(taxonomy_id, "taxonomy_id"):
        terms = terms.filter(taxonomy_id=taxonomy)
    if parent := parse_uuid(parent_id, "parent_id"):
        terms = terms.filter(parent_id=parent)
    if top_only:
        terms = terms.filter(parent__isnull=True)
    if search.strip():
        terms = terms.filter(Q(name__icontains=search.strip()) | Q(code__iexact=search.strip()))
    total = terms.count()
    rows = terms.order_by("name", "id")[offset : offset + size]
    return envelope(
        [serialise.term_json(t) for t in rows], total=total, page_number=number, per_page=size
    )


@api.get("/taxonomy_terms/{term_id}", summary="One taxonomy term")
def taxonomy_term_detail(request: HttpRequest, term_id: str):
    """A taxonomy term with its taxonomy."""
    return serialise.term_json(one(TaxonomyTerm.objects.select_related("taxonomy"), term_id))


def _organization_full(organization: Organization, *, full_service: bool) -> dict:
    out = serialise.organization_json(organization)
    if full_service:
        out["services"] = [serialise.service_full_json(s) for s in organization.full]
    else:
        out["services"] = [serialise.service_list_json(s) for s in organization.listed]
    out["phones"] = [serialise.phone_json(p) for p in organization.public_phones]
    out["locations"] = [serialise.location_json(loc) for loc in organization.public_locations]
    out["contacts"] = []
    return out


def _organizations_with_services(queryset, *, full_service: bool):
    services = Service.objects.select_related("organization").order_by("name", "id")
    prefetches = [
        Prefetch("phones", queryset=serialise.public_phones(), to_attr="public_phones"),
        Prefetch(
            "locations",
            queryset=serialise.public_locations().prefetch_related(
                "addresses",
                Prefetch("phones", queryset=serialise.public_phones()),
                "schedules",
            ),
            to_attr="public_locations",
        ),
    ]
    if full_service:
        prefetches.append(
            Prefetch("services", queryset=serialise.full_services(services), to_attr="full")
        )
    else:
        prefetches.append(Prefetch("services", queryset=services, to_attr="listed"))
    return queryset.prefetch_related(*prefetches)


@api.get("/organizations", summary="Organisations")
def organizations_list(
    request: HttpRequest,
    search: str = "",
    full_service: bool = False,
    full: bool = False,
    page: int | None = None,
    per_page: int | None = None,
    format: str = "json",
    place: str | None = None,
):
    """Organisations with their own fields (`full` adds their services, phones, locations)."""
    number, size, offset = paging(page, per_page)
    where = place_of(place)
    organizations = (
        Organization.objects.all() if where is None else Organization.objects.filter(place=where)
    )
    if search.strip():
        organizations = organizations.filter(name__icontains=search.strip())
    total = organizations.count()
    chosen = organizations.order_by("name", "id")[offset : offset + size]
    if full or full_service:
        rows = [
            _organization_full(o, full_service=full_service)
            for o in _organizations_with_services(chosen, full_service=full_service)
        ]
    else:
        rows = [serialise.organization_json(o) for o in chosen]
    return envelope(rows, total=total, page_number=number, per_page=size)


@api.get("/organizations/{organization_id}", summary="One organisation, fully nested")
def organization_detail(request: HttpRequest, organization_id: str, full_service: bool = False):
    """An organisation with its services (one-to-one fields, or fully nested)."""
    organizations = _organizations_with_services(
        Organization.objects.all(), full_service=full_service
    )
    return _organization_full(one(organizations, organization_id), full_service=full_service)


def _sal_queryset():
    return ServiceAtLocation.objects.filter(location__confidential=False).select_related(
        "location", "service__organization"
    )


def _sal_list_json(sal: ServiceAtLocation) -> dict:
    out = serialise.service_at_location_json(sal, nested=False)
    out.pop("phones", None)
    out.pop("schedules", None)
    out["service"] = serialise.service_list_json(sal.service)
    return out


def _sal_full(queryset):
    return queryset.prefetch_related(
        "location__addresses",
        Prefetch("location__phones", queryset=serialise.public_phones()),
        "location__schedules",
        Prefetch("phones", queryset=serialise.public_phones()),
        "schedules",
        Prefetch("service", queryset=serialise.full_services()),
    )


def _sal_full_json(sal: ServiceAtLocation) -> dict:
    out = serialise.service_at_location_json(sal)
    out["contacts"] = []
    out["service"] = serialise.service_list_json(sal.service)
    return out


@api.get("/service_at_locations", summary="Services at locations, a page at a time")
def service_at_locations_list(
    request: HttpRequest,
    search: str = "",
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: str | None = None,
    full: bool = False,
    page: int | None = None,
    per_page: int | None = None,
    format: str = "json",
    postcode: str | None = None,
    proximity: float | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    place: str | None = None,
):
    """Services at (non-confidential) locations; `latitude`, `longitude` and `proximity`
    (metres, 5 km by default) keep those nearby, nearest first."""
    if postcode:
        raise HttpError(400, "postcode is not supported; give latitude and longitude instead")
    latitude = finite("latitude", latitude, low=-90, high=90)
    longitude = finite("longitude", longitude, low=-180, high=180)
    proximity = finite("proximity", proximity, low=0, high=EARTH_RADIUS_M * math.pi)
    number, size, offset = paging(page, per_page)
    where = place_of(place)
    sals = _sal_queryset()
    if where is not None:
        sals = sals.filter(place=where)
    sals = filter_services(
        sals,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
        prefix="service__",
    )
    if search.strip():
        sals = sals.filter(service_id__in=searched_ids(where, search))
    if (latitude is None) != (longitude is None):
        raise HttpError(400, "Give both latitude and longitude")
    if latitude is not None:
        radius = proximity if proximity and proximity > 0 else 5000.0
        # A bounding box the database can use the (latitude, longitude) index for, then the
        # exact great-circle distance in Python.
        dlat = math.degrees(radius / EARTH_RADIUS_M)
        dlon = math.degrees(radius / (EARTH_RADIUS_M * max(0.01, math.cos(math.radians(latitude)))))
        sals = sals.filter(
            location__latitude__range=(latitude - dlat, latitude + dlat),
            location__longitude__range=(longitude - dlon, longitude + dlon),
        )
        candidates = list(sals.values_list("pk", "location__latitude", "location__longitude"))
        near = sorted(
            (haversine_m(latitude, longitude, lat, lon), pk)
            for pk, lat, lon in candidates
            if haversine_m(latitude, longitude, lat, lon) <= radius
        )
        total = len(near)
        page_ids = [pk for _, pk in near[offset : offset + size]]
        order = {pk: i for i, pk in enumerate(page_ids)}
        chosen = _sal_queryset().filter(pk__in=page_ids)
    else:
        total = sals.count()
        chosen = sals.order_by("id")[offset : offset + size]
        order = None
    rows = list(_sal_full(chosen) if full else chosen)
    if order is not None:
        rows.sort(key=lambda s: order[s.pk])
    render = _sal_full_json if full else _sal_list_json
    return envelope([render(s) for s in rows], total=total, page_number=number, per_page=size)


@api.get("/service_at_locations/{sal_id}", summary="One service at a location, fully nested")
def service_at_location_detail(request: HttpRequest, sal_id: str):
    """A service at a (non-confidential) location with its location and service."""
    return _sal_full_json(one(_sal_full(_sal_queryset()), sal_id))
