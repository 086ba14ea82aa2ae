"""Fully nested HSDS services (service_full) built from `values()` rows, for pages of the open
API: the same JSON as `serialise.service_full_json`, without model instances.

A page of 50 services is about 400 related rows. Built as model instances through
`prefetch_related` most of the page's CPU went into Django's prefetching and instance
machinery. Here six queries by id (`IN (...)`) return plain rows, grouped by their parent in
Python: the services with their organisations, their service-at-locations with the
locations, the phones and the schedules of all three (one query each), the addresses, and
the attributes with their terms (each term's JSON built once a page). The orderings are the
models' own (their `Meta.ordering`), as in the prefetching version.

Confidential locations never appear: service-at-locations are read only where the location
is not confidential, and only those locations' rows are read (never their `sealed`
column). Phones of contacts (named people) are never read; contacts stay empty.
"""

from collections import defaultdict

from django.db.models import Q

from joinedup.directory.hsds.serialise import (
    ADDRESS_FIELDS,
    LOCATION_FIELDS,
    ORGANIZATION_FIELDS,
    PHONE_FIELDS,
    SCHEDULE_FIELDS,
    SERVICE_FIELDS,
    TAXONOMY_FIELDS,
    TERM_FIELDS,
    public_phones,
    value,
)
from joinedup.directory.models import (
    Address,
    Attribute,
    Schedule,
    Service,
    ServiceAtLocation,
)

PHONE_LINKS = ("location_id", "service_id", "organization_id", "service_at_location_id")
SCHEDULE_LINKS = ("service_id", "location_id", "service_at_location_id")
ORGANIZATION_COLUMNS = tuple(f"organization__{name}" for name in ORGANIZATION_FIELDS)
LOCATION_COLUMNS = tuple(f"location__{name}" for name in (*LOCATION_FIELDS, "organization_id"))
TERM_COLUMNS = tuple(
    f"taxonomy_term__{name}"
    for name in (
        *TERM_FIELDS, "parent_id", "taxonomy_name", "taxonomy_id",
        *(f"taxonomy__{name}" for name in TAXONOMY_FIELDS),
    )
)  # fmt: skip


def row_json(row: dict, names, required=(), links=(), prefix: str = "") -> dict:
    """Return {name: value} of a row's non-empty fields (and the required ones), then its set
    foreign keys: `serialise.fields_of` and `fk` for a values() row (columns may be prefixed)."""
    out = {"id": str(row[prefix + "id"])}
    for name in names:
        v = row[prefix + name]
        if v is None or v == "":
            if name in required:
                out[name] = "" if v is None else v
            continue
        out[name] = value(v)
    for name in links:
        v = row[prefix + name]
        if v:
            out[name] = str(v)
    return out


def _linked(model_rows, names, required, links, parents: dict) -> dict:
    """Return {(link, parent id): [HSDS object, ...]} for rows linked to any of the parents
    ({link: ids}), in the rows' order; a row linked to several parents is under each."""
    groups = defaultdict(list)
    for row in model_rows:
        item = None
        for link, ids in parents.items():
            parent = row[link]
            if parent is not None and parent in ids:
                if item is None:
                    item = row_json(row, names, required, links)
                groups[link, parent].append(item)
    return groups


def _of_any(parents: dict) -> Q:
    """Return a filter for rows linked to any of the parents ({link: ids})."""
    where = Q(pk__in=[])
    for link, ids in parents.items():
        if ids:
            where |= Q(**{f"{link}__in": ids})
    return where


def _phones(parents: dict) -> dict:
    """Return the public phones of the parents (see _linked), in one query."""
    rows = public_phones().filter(_of_any(parents)).values("id", *PHONE_FIELDS, *PHONE_LINKS)
    return _linked(rows, PHONE_FIELDS, ("number",), PHONE_LINKS, parents)


def _schedules(parents: dict) -> dict:
    """Return the schedules of the parents (see _linked), in one query."""
    rows = Schedule.objects.filter(_of_any(parents)).values("id", *SCHEDULE_FIELDS, *SCHEDULE_LINKS)
    return _linked(rows, SCHEDULE_FIELDS, (), SCHEDULE_LINKS, parents)


def _service_at_locations(service_ids) -> tuple[list, dict]:
    """Return the service-at-location rows of the services at non-confidential locations
    (with their locations' columns), and {location id: HSDS location without its lists}."""
    rows = list(
        ServiceAtLocation.objects.filter(
            service_id__in=service_ids, location__confidential=False
        ).values("id", "description", "service_id", "location_id", *LOCATION_COLUMNS)
    )
    locations = {}
    for row in rows:
        pk = row["location_id"]
        if pk not in locations:
            locations[pk] = row_json(
                {**row, "location__id": pk},
                LOCATION_FIELDS,
                ("location_type",),
                ("organization_id",),
                prefix="location__",
            )
    return rows, locations


def _addresses(location_ids) -> dict:
    """Return {location id: [HSDS address, ...]} (only asked for non-confidential ones)."""
    rows = Address.objects.filter(location_id__in=location_ids).values(
        "id", *ADDRESS_FIELDS, "location_id"
    )
    groups = defaultdict(list)
    for row in rows:
        groups[row["location_id"]].append(
            row_json(row, ADDRESS_FIELDS, ADDRESS_FIELDS[1:], ("location_id",))
        )
    return groups


def _attributes(service_ids) -> dict:
    """Return {service id: [HSDS attribute, ...]} with their terms, each term's JSON built
    once a page."""
    rows = Attribute.objects.filter(service_id__in=service_ids).values(
        "id", "link_id", "taxonomy_term_id", "link_entity", "link_type", "value", "service_id",
        *TERM_COLUMNS,
    )  # fmt: skip
    terms = {}
    out = defaultdict(list)
    for row in rows:
        term_id = row["taxonomy_term_id"]
        term = terms.get(term_id)
        if term is None:
            term = terms[term_id] = _term(row, term_id)
        attribute = {
            "id": str(row["id"]),
            "link_id": str(row["link_id"]),
            "taxonomy_term_id": str(term_id),
            "link_entity": row["link_entity"],
        }
        if row["link_type"]:
            attribute["link_type"] = row["link_type"]
        if row["value"]:
            attribute["value"] = row["value"]
        attribute["taxonomy_term"] = term
        out[row["service_id"]].append(attribute)
    return out


def _term(row: dict, term_id) -> dict:
    """Return serialise.term_json of the term columns of an attribute row."""
    term = row_json(
        {**row, "taxonomy_term__id": term_id},
        TERM_FIELDS,
        ("name", "description"),
        ("parent_id",),
        prefix="taxonomy_term__",
    )
    if row["taxonomy_term__taxonomy_name"]:
        term["taxonomy"] = row["taxonomy_term__taxonomy_name"]
    taxonomy_id = row["taxonomy_term__taxonomy_id"]
    if taxonomy_id:
        term["taxonomy_id"] = str(taxonomy_id)
        term["taxonomy_detail"] = row_json(
            {**row, "taxonomy_term__taxonomy__id": taxonomy_id},
            TAXONOMY_FIELDS,
            ("name", "description"),
            prefix="taxonomy_term__taxonomy__",
        )
    return term


def full_services_json(service_ids) -> list[dict]:
    """Return the fully nested HSDS services with these ids, in that order (ids not found are
    left out), from a fixed number of queries: no confidential location, no contact."""
    service_ids = list(service_ids)
    if not service_ids:
        return []
    rows = {
        row["id"]: row
        for row in Service.objects.filter(pk__in=service_ids).values(
            "id",
            *SERVICE_FIELDS,
            "organization_id",
            *ORGANIZATION_COLUMNS,
            "organization__parent_organization_id",
        )
    }
    ids = set(rows)
    sal_rows, locations = _service_at_locations(ids)
    sal_ids = {row["id"] for row in sal_rows}
    parents = {"service_id": ids, "location_id": set(locations), "service_at_location_id": sal_ids}
    phones, schedules = _phones(parents), _schedules(parents)
    addresses, attributes = _addresses(list(locations)), _attributes(ids)
    for pk, location in locations.items():
        location["addresses"] = addresses.get(pk, [])
        location["phones"] = phones.get(("location_id", pk), [])
        location["schedules"] = schedules.get(("location_id", pk), [])
    sals = defaultdict(list)
    for row in sal_rows:
        sal = row_json(row, ("description",), links=("service_id", "location_id"))
        sal["phones"] = phones.get(("service_at_location_id", row["id"]), [])
        sal["schedules"] = schedules.get(("service_at_location_id", row["id"]), [])
        sal["location"] = locations[row["location_id"]]
        sals[row["service_id"]].append(sal)
    organizations = {}
    out = []
    for pk in service_ids:
        row = rows.get(pk)
        if row is None:
            continue
        service = row_json(row, SERVICE_FIELDS, ("name", "status"), ("organization_id",))
        organization_id = row["organization_id"]
        if organization_id:
            if organization_id not in organizations:
                organizations[organization_id] = row_json(
                    {**row, "organization__id": organization_id},
                    ORGANIZATION_FIELDS,
                    ("name", "description"),
                    ("parent_organization_id",),
                    prefix="organization__",
                )
            service["organization"] = organizations[organization_id]
        service["phones"] = phones.get(("service_id", pk), [])
        service["schedules"] = schedules.get(("service_id", pk), [])
        service["service_at_locations"] = sals.get(pk, [])
        service["attributes"] = attributes.get(pk, [])
        # Contacts are named people: their details stay inside Joinedup.
        service["contacts"] = []
        out.append(service)
    return out
