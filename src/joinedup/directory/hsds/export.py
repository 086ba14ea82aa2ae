"""Export a place's directory as HSDS 3.0: services as JSON (service_full), or the tabular
datapackage (CSVs and datapackage.json, zipped). Nothing confidential, no contact people."""

import csv
import io
import json
import zipfile

from django.db.models import Prefetch, Q

from joinedup.directory.hsds import HSDS_VERSION, serialise
from joinedup.directory.models import Location, Organization, Service, TaxonomyTerm

# The columns of each CSV we write, in the order of the HSDS tabular schemas.
COLUMNS = {
    "organizations": ["id", *serialise.ORGANIZATION_FIELDS, "parent_organization_id"],
    "services": ["id", "organization_id", *serialise.SERVICE_FIELDS],
    "locations": ["id", "organization_id", *serialise.LOCATION_FIELDS],
    "addresses": ["id", "location_id", *serialise.ADDRESS_FIELDS],
    "service_at_location": ["id", "service_id", "location_id", "description"],
    "phones": [
        "id", "location_id", "service_id", "organization_id", "service_at_location_id",
        *serialise.PHONE_FIELDS,
    ],
    "schedules": [
        "id", "service_id", "location_id", "service_at_location_id", *serialise.SCHEDULE_FIELDS,
    ],
    "taxonomies": ["id", *serialise.TAXONOMY_FIELDS],
    "taxonomy_terms": [
        "id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id",
        "term_uri",
    ],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
}  # fmt: skip


def export_json(place) -> list[dict]:
    """Return every service of the place as a fully nested HSDS service."""
    services = serialise.full_services(Service.objects.filter(place=place).order_by("name", "id"))
    return [serialise.service_full_json(s) for s in services]


def export_tables(place) -> dict[str, list[dict]]:
    """Return the place's directory as HSDS tables (rows as dicts)."""
    tables: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    services = serialise.full_services(Service.objects.filter(place=place).order_by("name", "id"))
    locations: dict = {}
    attributes = []
    for service in services:
        tables["services"].append(_flat(serialise.service_list_json(service)))
        tables["phones"].extend(serialise.phone_json(p) for p in serialise.items(service, "phones"))
        tables["schedules"].extend(
            serialise.schedule_json(s) for s in serialise.items(service, "schedules")
        )
        for sal in serialise.items(service, "service_at_locations"):
            tables["service_at_location"].append(
                _flat(serialise.service_at_location_json(sal, nested=False))
            )
            tables["phones"].extend(serialise.phone_json(p) for p in serialise.items(sal, "phones"))
            tables["schedules"].extend(
                serialise.schedule_json(s) for s in serialise.items(sal, "schedules")
            )
            locations[sal.location_id] = sal.location
        attributes.extend(serialise.items(service, "attributes"))
    # Locations of no service, and organisations, belong to the place's data too.
    extra = Location.objects.filter(place=place, confidential=False).exclude(pk__in=locations)
    for location in extra.prefetch_related("addresses", "phones", "schedules"):
        locations[location.pk] = location
    for location in sorted(locations.values(), key=lambda x: (x.name, str(x.pk))):
        if location.confidential:
            continue
        tables["locations"].append(serialise.location_json(location, nested=False))
        tables["addresses"].extend(
            serialise.address_json(a) for a in serialise.items(location, "addresses")
        )
        tables["phones"].extend(
            serialise.phone_json(p)
            for p in serialise.items(location, "phones")
            if p.contact_id is None
        )
        tables["schedules"].extend(
            serialise.schedule_json(s) for s in serialise.items(location, "schedules")
        )
    organizations = Organization.objects.filter(place=place).order_by("name", "id")
    phones = Prefetch("phones", queryset=serialise.public_phones())
    for organization in organizations.prefetch_related(phones):
        tables["organizations"].append(serialise.organization_json(organization))
        tables["phones"].extend(serialise.phone_json(p) for p in organization.phones.all())
    term_ids = {a.taxonomy_term_id for a in attributes}
    terms = TaxonomyTerm.objects.filter(Q(pk__in=term_ids) | Q(place=place)).select_related(
        "taxonomy"
    )
    # a term's parent is exported too, so that parent_id always points inside the package
    terms = list(terms)
    seen = {t.pk for t in terms}
    parents = [t.parent_id for t in terms if t.parent_id and t.parent_id not in seen]
    terms += list(TaxonomyTerm.objects.filter(pk__in=parents).select_related("taxonomy"))
    taxonomies = {t.taxonomy_id: t.taxonomy for t in terms if t.taxonomy_id}
    tables["taxonomies"] = [
        serialise.taxonomy_json(t) for t in sorted(taxonomies.values(), key=lambda x: str(x.pk))
    ]
    tables["taxonomy_terms"] = [
        _flat(serialise.term_json(t, detail=False)) for t in sorted(terms, key=lambda x: str(x.pk))
    ]
    tables["attributes"] = [
        _flat(serialise.attribute_json(a)) for a in sorted(attributes, key=lambda x: str(x.pk))
    ]
    tables["phones"] = _unique(tables["phones"])
    tables["schedules"] = _unique(tables["schedules"])
    return tables


def _flat(row: dict) -> dict:
    return {k: v for k, v in row.items() if not isinstance(v, dict | list)}


def _unique(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        if row["id"] not in seen:
            seen.add(row["id"])
            out.append(row)
    return sorted(out, key=lambda r: r["id"])


def datapackage(tables: dict) -> dict:
    """Return the datapackage.json describing the CSV files."""
    return {
        "name": "joinedup-hsds",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": c, "type": "string"} for c in COLUMNS[name]]},
            }
            for name in tables
        ],
    }


def export_zip(place) -> bytes:
    """Return the tabular datapackage of the place as zip bytes."""
    tables = export_tables(place)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=COLUMNS[name], extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(f"{name}.csv", text.getvalue())
        archive.writestr("datapackage.json", json.dumps(datapackage(tables), indent=2))
    return buffer.getvalue()
