"""Directory objects as HSDS 3.0 JSON (the shapes of the compiled schemas), and the querysets
that fetch them without N+1 queries. Empty optional fields are left out: HSDS types do not
allow null, and an empty string is not a valid email or URI."""

import datetime
import decimal
import uuid

from django.db.models import Prefetch, Q

from joinedup.directory.models import (
    Address,
    Attribute,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# `assurer_email` is left out on purpose: it names a person (whoever checked the record), and
# these fields feed the open API (CORS *) and every export. Who checked is in the audit log.
SERVICE_FIELDS = (
    "name", "alternate_name", "description", "url", "email", "status",
    "interpretation_services", "application_process", "fees_description", "accreditations",
    "eligibility_description", "minimum_age", "maximum_age", "assured_date",
    "alert", "last_modified",
)  # fmt: skip
ORGANIZATION_FIELDS = (
    "name", "alternate_name", "description", "email", "website", "year_incorporated",
    "legal_status", "logo", "uri",
)  # fmt: skip
LOCATION_FIELDS = (
    "location_type", "url", "name", "alternate_name", "description", "transportation",
    "latitude", "longitude", "external_identifier", "external_identifier_type",
)  # fmt: skip
ADDRESS_FIELDS = (
    "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code",
    "country", "address_type",
)  # fmt: skip
PHONE_FIELDS = ("number", "extension", "type", "description")
SCHEDULE_FIELDS = (
    "valid_from", "valid_to", "dtstart", "timezone", "until", "count", "wkst", "freq",
    "interval", "byday", "byweekno", "bymonthday", "byyearday", "description", "opens_at",
    "closes_at", "schedule_link", "attending_type", "notes",
)  # fmt: skip
TAXONOMY_FIELDS = ("name", "description", "uri", "version")
TERM_FIELDS = ("code", "name", "description", "language", "term_uri")


def value(v):
    """Return a model value as JSON: ISO dates and times, str UUIDs, numbers as they are."""
    if isinstance(v, datetime.datetime):
        return v.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(v, datetime.date | datetime.time):
        return v.isoformat()
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def fields_of(obj, names, required=()) -> dict:
    """Return {name: value} for the object's non-empty fields (and the required ones)."""
    out = {"id": str(obj.pk)}
    for name in names:
        v = getattr(obj, name)
        if v is None or v == "":
            if name in required:
                out[name] = "" if v is None else v
            continue
        out[name] = value(v)
    return out


def _to(name: str) -> str:
    return f"hsds_{name}"


def items(obj, name: str):
    """Return a related list: the one full_services prefetched, else the prefetch cache, else
    a query. (`obj.phones.all()` builds a queryset per call even when prefetched; over a page
    of 50 fully nested services that was most of the page's CPU time.)"""
    prefetched = getattr(obj, _to(name), None)
    if prefetched is not None:
        return prefetched
    cached = getattr(obj, "_prefetched_objects_cache", {}).get(name)
    return cached if cached is not None else getattr(obj, name).all()


def fk(out: dict, name: str, v) -> dict:
    """Add a foreign key id to out when set."""
    if v:
        out[name] = str(v)
    return out


# --- querysets ------------------------------------------------------------------------------


def public_phones():
    """Phones of services, locations and organisations: never a contact person's."""
    return Phone.objects.filter(contact__isnull=True)


def public_locations():
    """Locations that may leave the system: never confidential ones."""
    return Location.objects.filter(confidential=False)


def full_services(queryset=None):
    """Return services with everything service_full needs, prefetched (a fixed query count)."""
    queryset = Service.objects.all() if queryset is None else queryset
    # to_attr lists: Django then sets plain lists instead of building a queryset per object
    sal = (
        ServiceAtLocation.objects.filter(location__confidential=False)
        .select_related("location")
        .prefetch_related(
            Prefetch(
                "location__addresses", queryset=Address.objects.all(), to_attr=_to("addresses")
            ),
            Prefetch("location__phones", queryset=public_phones(), to_attr=_to("phones")),
            Prefetch(
                "location__schedules", queryset=Schedule.objects.all(), to_attr=_to("schedules")
            ),
            Prefetch("phones", queryset=public_phones(), to_attr=_to("phones")),
            Prefetch("schedules", queryset=Schedule.objects.all(), to_attr=_to("schedules")),
        )
    )
    return queryset.select_related("organization").prefetch_related(
        Prefetch("phones", queryset=public_phones(), to_attr=_to("phones")),
        Prefetch("schedules", queryset=Schedule.objects.all(), to_attr=_to("schedules")),
        Prefetch("service_at_locations", queryset=sal, to_attr=_to("service_at_locations")),
        Prefetch("attributes", queryset=Attribute.objects.all(), to_attr=_to("attributes")),
        # prefetched, not joined: a page shares a few dozen terms among its attributes, and
        # one instance per term (its JSON built once, see term_json_once) instead of a term
        # and a taxonomy per attribute saves most of a full page's model instances
        Prefetch(
            _to("attributes") + "__taxonomy_term",
            queryset=TaxonomyTerm.objects.select_related("taxonomy"),
        ),
    )


def list_services(queryset=None):
    """Return services with what a service_list item needs (the organisation)."""
    queryset = Service.objects.all() if queryset is None else queryset
    return queryset.select_related("organization")


# --- objects --------------------------------------------------------------------------------


def taxonomy_json(taxonomy: Taxonomy) -> dict:
    """Return an HSDS taxonomy."""
    return fields_of(taxonomy, TAXONOMY_FIELDS, required=("name", "description"))


def term_json(term: TaxonomyTerm, *, detail: bool = True) -> dict:
    """Return an HSDS taxonomy_term, with its taxonomy's details when it has one."""
    out = fields_of(term, TERM_FIELDS, required=("name", "description"))
    fk(out, "parent_id", term.parent_id)
    if term.taxonomy_name:
        out["taxonomy"] = term.taxonomy_name
    if term.taxonomy_id:
        out["taxonomy_id"] = str(term.taxonomy_id)
        if detail:
            out["taxonomy_detail"] = taxonomy_json(term.taxonomy)
    return out


def attribute_json(attribute: Attribute) -> dict:
    """Return an HSDS attribute with its taxonomy term."""
    out = {
        "id": str(attribute.pk),
        "link_id": str(attribute.link_id),
        "taxonomy_term_id": str(attribute.taxonomy_term_id),
        "link_entity": attribute.link_entity,
    }
    if attribute.link_type:
        out["link_type"] = attribute.link_type
    if attribute.value:
        out["value"] = attribute.value
    out["taxonomy_term"] = term_json_once(attribute.taxonomy_term)
    return out


def term_json_once(term: TaxonomyTerm) -> dict:
    """term_json, kept on the instance: attributes that share a prefetched term share it."""
    cached = getattr(term, "_hsds_json", None)
    if cached is None:
        cached = term._hsds_json = term_json(term)
    return cached


def organization_json(organization: Organization) -> dict:
    """Return an HSDS organization's own fields (no nested lists)."""
    out = fields_of(organization, ORGANIZATION_FIELDS, required=("name", "description"))
    return fk(out, "parent_organization_id", organization.parent_organization_id)


def phone_json(phone: Phone) -> dict:
    """Return an HSDS phone (only ever called for non-contact phones)."""
    out = fields_of(phone, PHONE_FIELDS, required=("number",))
    for name in ("location_id", "service_id", "organization_id", "service_at_location_id"):
        fk(out, name, getattr(phone, name))
    return out


def schedule_json(schedule: Schedule) -> dict:
    """Return an HSDS schedule."""
    out = fields_of(schedule, SCHEDULE_FIELDS)
    for name in ("service_id", "location_id", "service_at_location_id"):
        fk(out, name, getattr(schedule, name))
    return out


def address_json(address: Address) -> dict:
    """Return an HSDS address."""
    out = fields_of(address, ADDRESS_FIELDS, required=ADDRESS_FIELDS[1:])
    return fk(out, "location_id", address.location_id)


def location_json(location: Location, *, nested: bool = True) -> dict:
    """Return an HSDS location with its addresses, phones and schedules (never confidential)."""
    if location.confidential:
        raise ValueError("A confidential location must never be serialised for export")
    out = fields_of(location, LOCATION_FIELDS, required=("location_type",))
    fk(out, "organization_id", location.organization_id)
    if nested:
        out["addresses"] = [address_json(a) for a in items(location, "addresses")]
        out["phones"] = [phone_json(p) for p in items(location, "phones") if p.contact_id is None]
        out["schedules"] = [schedule_json(s) for s in items(location, "schedules")]
    return out


def service_at_location_json(sal: ServiceAtLocation, *, nested: bool = True) -> dict:
    """Return an HSDS service_at_location with its location."""
    out = fields_of(sal, ("description",))
    fk(out, "service_id", sal.service_id)
    fk(out, "location_id", sal.location_id)
    if nested:
        out["phones"] = [phone_json(p) for p in items(sal, "phones") if p.contact_id is None]
        out["schedules"] = [schedule_json(s) for s in items(sal, "schedules")]
    out["location"] = location_json(sal.location, nested=nested)
    return out


def service_list_json(service: Service) -> dict:
    """Return an HSDS service with its one-to-one fields and organisation (service_list)."""
    out = fields_of(service, SERVICE_FIELDS, required=("name", "status"))
    fk(out, "organization_id", service.organization_id)
    if service.organization_id:
        out["organization"] = organization_json(service.organization)
    return out


def service_full_json(service: Service) -> dict:
    """Return a fully nested HSDS service (service_full) without any personal contact data."""
    out = service_list_json(service)
    out["phones"] = [phone_json(p) for p in items(service, "phones") if p.contact_id is None]
    out["schedules"] = [schedule_json(s) for s in items(service, "schedules")]
    out["service_at_locations"] = [
        service_at_location_json(sal)
        for sal in items(service, "service_at_locations")
        if not sal.location.confidential
    ]
    out["attributes"] = [attribute_json(a) for a in items(service, "attributes")]
    # Contacts are named people: their details stay inside Joinedup.
    out["contacts"] = []
    return out


def minimal_service_json(service: Service) -> dict:
    """Return the smallest valid service_list item: id, name, status, last modified."""
    return {
        "id": str(service.pk),
        "name": service.name,
        "status": service.status,
        "last_modified": value(service.last_modified),
    }


def services_in(place=None):
    """Return the services of a place (every place when None)."""
    return Service.objects.all() if place is None else Service.objects.filter(place=place)


def terms_in(place=None):
    """Return the terms usable in a place (every term when None)."""
    terms = TaxonomyTerm.objects.select_related("taxonomy")
    if place is not None:
        terms = terms.filter(Q(place__isnull=True) | Q(place=place))
    return terms
