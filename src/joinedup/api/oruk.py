"""The open Open Referral UK API (HSDS 3.0 API reference), read-only, at /api/oruk/.

National by default: every place's services. `place=<slug>` (our extension; the reference
allows extra parameters) narrows any list to one place. Responses are HSDS JSON without
confidential locations or contact people; every response carries CORS `*` as ORUK requires.
"""

import datetime
import math
import uuid
from typing import Annotated, Literal

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from pydantic import AfterValidator, BeforeValidator, Field

from joinedup.api import hsds_schemas as hsds
from joinedup.core.models import Place
from joinedup.directory import search as directory_search
from joinedup.directory.hsds import HSDS_VERSION, OPENAPI_URL, PROFILE_URL, serialise
from joinedup.directory.hsds.rows import full_services_json
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
MAX_SEARCH = 500
COUNT_CACHE_SECONDS = 60
EARTH_RADIUS_M = 6_371_000
# Half the Earth's circumference: every point is nearer than this.
MAX_PROXIMITY_M = round(EARTH_RADIUS_M * math.pi)


api = NinjaAPI(
    title="Joinedup Open Referral UK API",
    version=HSDS_VERSION,
    description="Read-only HSDS 3.0 API of every place's directory. Open, no sign-in.",
    urls_namespace="oruk",
    # no Swagger page: it loads scripts from a CDN, which our Content-Security-Policy forbids
    docs_url=None,
)


def urls():
    """Return the API's URL patterns (namespace "oruk"). CORS `*` comes from
    django-cors-headers (settings.CORS_URLS_REGEX), for /api/oruk/ only."""
    return api.urls


# --- query parameters -------------------------------------------------------------------------

# What a refused parameter is told, by its name (a 400 whose `detail` says what to send).
MESSAGES = {
    "page": f"page must be a whole number from 1 to {MAX_PAGE:,}",
    "per_page": f"per_page must be a whole number from 1 (at most {MAX_PER_PAGE} are given)",
    "format": "Only format=json is supported",
    "latitude": "latitude must be a number from -90 to 90",
    "longitude": "longitude must be a number from -180 to 180",
    "proximity": f"proximity must be a number from 0 to {MAX_PROXIMITY_M} (metres)",
    "modified_after": "modified_after must be a date or time like 2026-01-31T09:00:00Z",
    "place": "place must be a place's short name, like ilford",
    "search": f"search must be text of at most {MAX_SEARCH} characters",
}
UUID_PARAMETERS = ("taxonomy_term_id", "taxonomy_id", "organization_id", "parent_id")
FLAGS = ("minimal", "full", "full_service", "top_only")


@api.exception_handler(RequestInvalid)
def _bad_parameters(request, exc):
    """A query parameter of the wrong type or out of range: 400, saying what to send."""
    said = []
    for error in exc.errors:
        name = str(error.get("loc", ["", ""])[-1])
        if name in UUID_PARAMETERS:
            message = f"{name} must be a UUID"
        elif name in FLAGS:
            message = f"{name} must be true or false"
        else:
            message = MESSAGES.get(name, f"{name}: {error.get('msg', 'is not valid')}")
        if message not in said:
            said.append(message)
    return api.create_response(request, {"detail": "; ".join(said)}, status=400)


def _blank_is_none(value):
    return None if value == "" else value


def _no_control_characters(text: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise ValueError("must not contain control characters")
    return text


def _moment(value):
    """modified_after as an aware datetime (a date means its midnight UTC); a `+` of an
    offset that arrived unescaped (read as a space) is put back."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        moment = datetime.datetime.fromisoformat(
            str(value).replace("Z", "+00:00").replace(" ", "+")
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


OptionalUuid = Annotated[uuid.UUID | None, BeforeValidator(_blank_is_none)]
Moment = Annotated[datetime.datetime | None, BeforeValidator(_moment)]
SearchText = Annotated[str, Field(max_length=MAX_SEARCH), AfterValidator(_no_control_characters)]
Slug = Annotated[str, Field(max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")]
PlaceSlug = Annotated[Slug | None, BeforeValidator(_blank_is_none)]
Coordinate = Annotated[float | None, Field(allow_inf_nan=False)]


class ListQuery(Schema):
    """Paging and the place, on every list."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
    per_page: int = Field(
        DEFAULT_PER_PAGE,
        ge=1,
        description=f"Items a page (more than {MAX_PER_PAGE} is read as {MAX_PER_PAGE})",
    )
    format: Literal["json", ""] = Field("json", description="Only json")
    place: PlaceSlug = Field(None, description="Only this place's (our extension), e.g. ilford")
    search: SearchText = Field("", description="Words to look for")


class ServiceFilters(Schema):
    """The reference's filters of services (also used on services at locations)."""

    taxonomy_term_id: OptionalUuid = None
    taxonomy_id: OptionalUuid = None
    organization_id: OptionalUuid = None
    modified_after: Moment = Field(None, description="Changed since (a date or a date-time)")


class ServicesQuery(ListQuery, ServiceFilters):
    minimal: bool = Field(False, description="Only id, name, status and last_modified")
    full: bool = Field(False, description="Every service fully nested")


class TermsQuery(ListQuery):
    taxonomy_id: OptionalUuid = None
    parent_id: OptionalUuid = None
    top_only: bool = False


class OrganizationsQuery(ListQuery):
    full_service: bool = Field(False, description="Nest each service fully")
    full: bool = Field(False, description="Add services, phones and locations")


class ServiceAtLocationsQuery(ListQuery, ServiceFilters):
    full: bool = False
    postcode: Annotated[str, Field(max_length=20)] | None = Field(
        None, description="Not supported: give latitude and longitude"
    )
    proximity: Coordinate = Field(
        None, ge=0, le=MAX_PROXIMITY_M, description="Metres round the point (5 km unless given)"
    )
    latitude: Coordinate = Field(None, ge=-90, le=90)
    longitude: Coordinate = Field(None, ge=-180, le=180)


class OrganizationQuery(Schema):
    full_service: bool = False


ERRORS = {400: hsds.Problem, 404: hsds.Problem}
LISTED = {"exclude_unset": True}


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


def answer(request: HttpRequest, body) -> HttpResponse:
    """Return the JSON response as built, without ninja validating it against the endpoint's
    response schema: a fully nested page is a few thousand values, and re-validating them
    through pydantic cost more CPU than building them. The schema stays in the OpenAPI
    document; the tests check these bodies against the official HSDS schemas and that
    document."""
    return api.create_response(request, body, status=200)


def paging(page_number: int | None, per_page: int | None) -> tuple[int, int, int]:
    """Return (page, per_page, offset) from the (validated) query; per_page at most 500."""
    number = page_number or 1
    size = min(MAX_PER_PAGE, max(1, per_page or DEFAULT_PER_PAGE))
    return number, size, (number - 1) * size


def place_of(slug: str | None) -> Place | None:
    """Return the place named by the `place` parameter, or None for the whole country."""
    if not slug:
        return None
    place = Place.objects.filter(slug=slug).first()
    if place is None:
        raise HttpError(404, f"No place called {slug}")
    return place


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
    term, taxonomy, organization, moment = (
        taxonomy_term_id,
        taxonomy_id,
        organization_id,
        modified_after,
    )
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


@api.get("/", response={200: hsds.ApiInfo}, summary="About this API")
def root(request: HttpRequest):
    """HSDS version and profile of this API."""
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi-json")),
        "hsds_openapi_url": OPENAPI_URL,
    }


@api.get(
    "/services",
    response={200: hsds.ServicePage, **ERRORS},
    summary="Services, a page at a time",
    **LISTED,
)
def services_list(request: HttpRequest, query: Query[ServicesQuery]):
    """Services with their one-to-one fields (`full` nests everything, `minimal` the least)."""
    search, taxonomy_term_id = query.search, query.taxonomy_term_id
    full, minimal = query.full, query.minimal
    number, size, offset = paging(query.page, query.per_page)
    where = place_of(query.place)
    services = serialise.services_in(where)
    services = filter_services(
        services,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=query.taxonomy_id,
        organization_id=query.organization_id,
        modified_after=query.modified_after,
    )
    others = query.taxonomy_id or query.organization_id or query.modified_after
    if search.strip() and not others:
        # the search index filters by place and term itself: one lookup, ranked, paged
        page_ids, total = directory_search.search_service_ids(
            place=where,
            text=search,
            need=taxonomy_term_id,
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
    if full:
        contents = full_services_json(page_ids)
        return answer(request, envelope(contents, total=total, page_number=number, per_page=size))
    chosen = Service.objects.filter(pk__in=page_ids)
    order = {pk: i for i, pk in enumerate(page_ids)}
    if minimal:
        chosen_rows = chosen.only("id", "name", "status", "last_modified")
        render = serialise.minimal_service_json
    else:
        chosen_rows = serialise.list_services(chosen)
        render = serialise.service_list_json
    contents = [render(s) for s in sorted(chosen_rows, key=lambda s: order[s.pk])]
    return answer(request, envelope(contents, total=total, page_number=number, per_page=size))


@api.get(
    "/services/{service_id}",
    response={200: hsds.Service, 404: hsds.Problem},
    summary="One service, fully nested",
    **LISTED,
)
def service_detail(request: HttpRequest, service_id: str):
    """A service with all its related data (no confidential locations, no contact people)."""
    try:
        key = uuid.UUID(service_id)
    except ValueError:
        raise HttpError(404, "Not found") from None
    found = full_services_json([key])
    if not found:
        raise HttpError(404, "Not found")
    return answer(request, found[0])


@api.get("/taxonomies", response={200: hsds.TaxonomyPage, **ERRORS}, summary="Taxonomies", **LISTED)
def taxonomies_list(request: HttpRequest, query: Query[ListQuery]):
    """Taxonomies: the shared ones (sectors, needs) and places' own."""
    search = query.search
    number, size, offset = paging(query.page, query.per_page)
    where = place_of(query.place)
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


@api.get(
    "/taxonomies/{taxonomy_id}",
    response={200: hsds.Taxonomy, 404: hsds.Problem},
    summary="One taxonomy",
    **LISTED,
)
def taxonomy_detail(request: HttpRequest, taxonomy_id: str):
    """A taxonomy."""
    return serialise.taxonomy_json(one(Taxonomy.objects.all(), taxonomy_id))


@api.get(
    "/taxonomy_terms",
    response={200: hsds.TaxonomyTermPage, **ERRORS},
    summary="Taxonomy terms",
    **LISTED,
)
def taxonomy_terms_list(request: HttpRequest, query: Query[TermsQuery]):
    """Terms, optionally of one taxonomy, under one parent, or only top-level ones."""
    search = query.search
    number, size, offset = paging(query.page, query.per_page)
    terms = serialise.terms_in(place_of(query.place))
    if query.taxonomy_id:
        terms = terms.filter(taxonomy_id=query.taxonomy_id)
    if query.parent_id:
        terms = terms.filter(parent_id=query.parent_id)
    if query.top_only:
        terms = terms.filter(parent__isnull=True)
    if search.strip():
        terms = terms.filter(Q(name__icontains=search.strip()) | Q(code__iexact=search.strip()))
    total = terms.count()
    rows = terms.order_by("name", "id")[offset : offset + size]
    return envelope(
        [serialise.term_json(t) for t in rows], total=total, page_number=number, per_page=size
    )


@api.get(
    "/taxonomy_terms/{term_id}",
    response={200: hsds.TaxonomyTerm, 404: hsds.Problem},
    summary="One taxonomy term",
    **LISTED,
)
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


@api.get(
    "/organizations",
    response={200: hsds.OrganizationPage, **ERRORS},
    summary="Organisations",
    **LISTED,
)
def organizations_list(request: HttpRequest, query: Query[OrganizationsQuery]):
    """Organisations with their own fields (`full` adds their services, phones, locations)."""
    search, full, full_service = query.search, query.full, query.full_service
    number, size, offset = paging(query.page, query.per_page)
    where = place_of(query.place)
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


@api.get(
    "/organizations/{organization_id}",
    response={200: hsds.OrganizationFull, **ERRORS},
    summary="One organisation, fully nested",
    **LISTED,
)
def organization_detail(
    request: HttpRequest, organization_id: str, query: Query[OrganizationQuery]
):
    """An organisation with its services (one-to-one fields, or fully nested)."""
    full_service = query.full_service
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


@api.get(
    "/service_at_locations",
    response={200: hsds.ServiceAtLocationPage, **ERRORS},
    summary="Services at locations, a page at a time",
    **LISTED,
)
def service_at_locations_list(request: HttpRequest, query: Query[ServiceAtLocationsQuery]):
    """Services at (non-confidential) locations; `latitude`, `longitude` and `proximity`
    (metres, 5 km by default) keep those nearby, nearest first."""
    if query.postcode:
        raise HttpError(400, "postcode is not supported; give latitude and longitude instead")
    latitude, longitude, proximity = query.latitude, query.longitude, query.proximity
    search, full = query.search, query.full
    number, size, offset = paging(query.page, query.per_page)
    where = place_of(query.place)
    sals = _sal_queryset()
    if where is not None:
        sals = sals.filter(place=where)
    sals = filter_services(
        sals,
        taxonomy_term_id=query.taxonomy_term_id,
        taxonomy_id=query.taxonomy_id,
        organization_id=query.organization_id,
        modified_after=query.modified_after,
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


@api.get(
    "/service_at_locations/{sal_id}",
    response={200: hsds.ServiceAtLocation, 404: hsds.Problem},
    summary="One service at a location, fully nested",
    **LISTED,
)
def service_at_location_detail(request: HttpRequest, sal_id: str):
    """A service at a (non-confidential) location with its location and service."""
    return _sal_full_json(one(_sal_full(_sal_queryset()), sal_id))
