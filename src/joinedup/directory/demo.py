"""Load the fictional directories of Ilford, Exeter and Manchester (idempotent: every row has
a stable id derived from the place and its key, and is updated in place on a second run)."""

import datetime
import uuid

from django.utils import timezone

from joinedup.core.demo import register_demo_loader
from joinedup.directory import demo_data, search
from joinedup.directory.models import (
    Address,
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from joinedup.directory.taxonomies import ensure_taxonomies, need_id, sector_id, stable_id

# Each place draws numbers from its own slice of the Ofcom drama ranges
# (020 7946 0000-0999 and 07700 900000-900999), so numbers never repeat across places.
NUMBER_BASE = {"ilford": 0, "exeter": 600, "manchester": 800}
# Each place starts at its own point of the shared list of invented names.
NAME_OFFSET = {"ilford": 0, "exeter": 117, "manchester": 137}


def demo_id(place, *parts) -> uuid.UUID:
    """The stable id of one demo row of a place."""
    return stable_id("demo", place.slug, *parts)


def _people() -> list[str]:
    return [p.strip() for p in demo_data.PEOPLE.replace("\n", " ").split(";") if p.strip()]


def _email(name: str, domain: str) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch in ".-")
    return f"{local}@{domain}"


def load_place_directory(place, organisations, locations, teams, *, today=None) -> dict:
    """Create or update one place's organisations, locations, teams, contacts and phones."""
    today = today or timezone.localdate()
    slug = place.slug
    counters = {"landline": NUMBER_BASE[slug], "mobile": NUMBER_BASE[slug]}

    def number(kind: str) -> str:
        counters[kind] += 1
        n = counters[kind]
        return f"020 7946 0{n:03d}" if kind == "landline" else f"07700 900{n:03d}"

    orgs = {}
    for key, (name, alt, domain, description) in organisations.items():
        orgs[key], _ = Organization.objects.update_or_create(
            id=demo_id(place, "org", key),
            defaults={
                "place": place,
                "name": name,
                "alternate_name": alt,
                "description": description,
                "email": f"enquiries@{domain}",
                "website": f"https://www.{domain}/",
            },
        )
        orgs[key].domain = domain
    locs = {}
    for key, (name, line1, city, postcode, lat, lon, confidential) in locations.items():
        locs[key], _ = Location.objects.update_or_create(
            id=demo_id(place, "location", key),
            defaults={
                "place": place,
                "name": name,
                "location_type": Location.LocationType.PHYSICAL,
                "latitude": lat,
                "longitude": lon,
                "confidential": confidential,
                "description": "Address withheld: share only with professionals who need it."
                if confidential
                else "",
            },
        )
        Address.objects.update_or_create(
            id=demo_id(place, "address", key),
            defaults={
                "place": place,
                "location": locs[key],
                "address_1": line1,
                "city": city,
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            },
        )
    people = _people()
    next_person = NAME_OFFSET[slug]
    contacts = 0
    for key, org_key, name, sectors, needs, titles, options in teams:
        org = orgs[org_key]
        checked = options.get("checked")
        ages = options.get("age", (None, None))
        mailbox = options.get("email")
        service, _ = Service.objects.update_or_create(
            id=demo_id(place, "service", key),
            defaults={
                "place": place,
                "organization": org,
                "name": name,
                "alternate_name": options.get("alt", ""),
                "description": options.get("description", ""),
                "eligibility_description": options.get("eligibility", ""),
                "application_process": options.get("refer", ""),
                "status": options.get("status", Service.Status.ACTIVE),
                "email": f"{mailbox}@{org.domain}" if mailbox else "",
                "minimum_age": ages[0],
                "maximum_age": ages[1],
                "assured_date": None
                if checked is None
                else today - datetime.timedelta(days=checked),
                "last_modified": timezone.now()
                - datetime.timedelta(days=checked if checked is not None else 700),
            },
        )
        if mailbox:
            Phone.objects.update_or_create(
                id=demo_id(place, "service-phone", key),
                defaults={
                    "place": place,
                    "service": service,
                    "number": number("landline"),
                    "type": "voice",
                    "description": "Team line",
                },
            )
        wanted_terms = [sector_id(code) for code in sectors] + [need_id(code) for code in needs]
        Attribute.objects.filter(service=service).exclude(
            taxonomy_term_id__in=wanted_terms
        ).delete()
        for term_id in wanted_terms:
            Attribute.objects.update_or_create(
                service=service,
                taxonomy_term_id=term_id,
                defaults={
                    "id": demo_id(place, "attribute", key, str(term_id)),
                    "place": place,
                    "link_id": service.pk,
                    "link_entity": "service",
                    "link_type": "sector" if term_id in wanted_terms[: len(sectors)] else "need",
                },
            )
        if options.get("location"):
            ServiceAtLocation.objects.update_or_create(
                service=service,
                location=locs[options["location"]],
                defaults={"id": demo_id(place, "sal", key), "place": place},
            )
        if options.get("hours"):
            freq, byday, opens, closes, description = demo_data.HOURS[options["hours"]]
            Schedule.objects.update_or_create(
                id=demo_id(place, "schedule", key),
                defaults={
                    "place": place,
                    "service": service,
                    "freq": freq,
                    "interval": 1,
                    "wkst": "MO",
                    "byday": byday,
                    "opens_at": opens,
                    "closes_at": closes,
                    "description": description,
                },
            )
        for index, title in enumerate(titles):
            person = people[next_person % len(people)]
            next_person += 1
            contact, _ = Contact.objects.update_or_create(
                id=demo_id(place, "contact", key, str(index)),
                defaults={
                    "place": place,
                    "service": service,
                    "organization": org,
                    "name": person,
                    "title": title,
                    "department": name,
                    "email": _email(person, org.domain),
                },
            )
            Phone.objects.update_or_create(
                id=demo_id(place, "contact-phone", key, str(index)),
                defaults={
                    "place": place,
                    "contact": contact,
                    "number": number("mobile" if index % 2 else "landline"),
                    "type": "cell" if index % 2 else "voice",
                },
            )
            contacts += 1
    return {"organisations": len(orgs), "services": len(teams), "contacts": contacts}


@register_demo_loader
def load_directory_demo(demo) -> None:
    """Fill the demo places' directories: Ilford in full, Exeter and Manchester smaller."""
    ensure_taxonomies()
    with search.batch():
        places = [
            ("ilford", demo_data.ILFORD_ORGANISATIONS, demo_data.ILFORD_LOCATIONS,
             demo_data.ILFORD_TEAMS),
            ("exeter", *demo_data.EXETER),
            ("manchester", *demo_data.MANCHESTER),
        ]  # fmt: skip
        for slug, organisations, locations, teams in places:
            if slug in demo.places:
                load_place_directory(demo.places[slug], organisations, locations, teams)
    for slug in ("ilford", "exeter", "manchester"):
        if slug in demo.places:
            search.reindex_services(place=demo.places[slug])
