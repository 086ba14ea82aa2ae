"""A small fictional Ilford for the find-help tests: services with locations, opening times and
phones, and published pathways for homelessness, school exclusion and domestic abuse."""

import datetime
from dataclasses import dataclass, field

from joinedup.directory.models import Phone
from joinedup.pathways.models import PathwayVersion, Step
from tests.directory.factories import (
    AddressFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    need,
)
from tests.pathways.factories import PathwayFactory, StepFactory, VersionFactory

# Tuesday 1 December 2026, 10:30 in London: weekday opening hours are open.
WEEKDAY_MORNING = datetime.datetime(2026, 12, 1, 10, 30, tzinfo=datetime.UTC)


@dataclass
class Ilford:
    place: object
    services: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)


def _service(place, name, *, phone, postcode=None, lat=None, lon=None, hours=None, **extra):
    service = ServiceFactory(
        place=place, name=name, email=f"{name.split()[0].lower()}@ilford.example", **extra
    )
    Phone.objects.create(place=place, service=service, number=phone, type="voice")
    if postcode:
        location = LocationFactory(place=place, name=f"{name} office", latitude=lat, longitude=lon)
        AddressFactory(location=location, postal_code=postcode)
        ServiceAtLocationFactory(place=place, service=service, location=location)
    if hours:
        days, opens, closes = hours
        ScheduleFactory(place=place, service=service, byday=days, opens_at=opens, closes_at=closes)
    return service


def _pathway(place, code, title, steps):
    pathway = PathwayFactory(
        place=place, need=need(code), title=title, last_reviewed=datetime.date(2026, 11, 20)
    )
    version = VersionFactory(pathway=pathway, number=1, status=PathwayVersion.Status.PUBLISHED)
    for fields in steps:
        services = fields.pop("services")
        StepFactory(version=version, services=services, **fields)
    return version


def make_ilford(place) -> Ilford:
    """Return the place filled with the find-help services and pathways."""
    s = {}
    s["housing"] = _service(
        place,
        "Housing Options",
        phone="020 7946 0100",
        postcode="IG1 1AA",
        lat=51.558,
        lon=0.07,
        hours=("MO,TU,WE,TH,FR", "09:00", "17:00"),
    )
    s["prevention"] = _service(
        place,
        "Homeless Prevention Team",
        phone="020 7946 0101",
        postcode="IG6 2BB",
        lat=51.59,
        lon=0.09,
        hours=("MO,TU,WE,TH,FR", "09:00", "17:00"),
    )
    s["evening"] = _service(
        place,
        "Evening Housing Advice",
        phone="020 7946 0102",
        postcode="IG1 3CC",
        lat=51.559,
        lon=0.071,
        hours=("MO,WE", "18:00", "21:00"),
    )
    s["housing_manager"] = _service(place, "Housing Needs Duty Manager", phone="020 7946 0103")
    s["outreach"] = _service(place, "Rough Sleeping Outreach", phone="020 7946 0104")
    s["ews"] = _service(
        place,
        "Education Welfare Service",
        phone="020 7946 0110",
        postcode="IG1 4DD",
        lat=51.557,
        lon=0.069,
        minimum_age=5,
        maximum_age=16,
    )
    s["front_door"] = _service(place, "Children's Services Front Door", phone="020 7946 0111")
    s["idva"] = _service(place, "Ilford IDVA Service", phone="020 7946 0120")
    s["marac"] = _service(place, "MARAC Coordinator", phone="020 7946 0121")
    s["police_da"] = _service(place, "Police Domestic Abuse Unit", phone="020 7946 0122")
    s["refuge"] = _service(place, "Redbridge Refuge Line", phone="020 7946 0123", status="inactive")
    ilford = Ilford(place=place, services=s)
    ilford.versions["homelessness"] = _pathway(
        place,
        "homelessness",
        "A person or family is facing eviction or homelessness",
        [
            {
                "code": "hl-2",
                "level": 2,
                "indicators": [
                    "Has a notice to leave, or may lose their home within 56 days",
                    "Rent arrears",
                ],
                "services": [s["evening"], s["prevention"], s["housing"]],
                "route_how": Step.How.FORM,
                "route_detail": "Duty to refer form on the council website",
                "response_hours": 72,
                "escalate_to": s["housing_manager"],
                "consent": Step.Consent.ASK,
            },
            {
                "code": "hl-3",
                "level": 3,
                "indicators": ["Has nowhere to sleep tonight"],
                "services": [s["outreach"]],
                "route_how": Step.How.PHONE,
                "route_detail": "Outreach line",
                "response_hours": 4,
                "escalate_to": s["housing_manager"],
                "consent": Step.Consent.INFORM,
            },
        ],
    )
    ilford.versions["school-exclusion"] = _pathway(
        place,
        "school-exclusion",
        "A child is out of school",
        [
            {
                "code": "se-2",
                "level": 2,
                "indicators": ["Missing school, or attendance below 90%"],
                "services": [s["ews"]],
                "route_how": Step.How.FORM,
                "route_detail": "Early help request form",
                "response_hours": 48,
                "escalate_to": s["front_door"],
                "consent": Step.Consent.ASK,
            },
        ],
    )
    ilford.versions["domestic-abuse"] = _pathway(
        place,
        "domestic-abuse",
        "Someone is experiencing domestic abuse",
        [
            {
                "code": "da-2",
                "level": 2,
                "indicators": [],
                "services": [s["idva"]],
                "route_how": Step.How.EMAIL,
                "route_detail": "idva@ilford.example",
                "response_hours": 48,
                "escalate_to": s["marac"],
                "consent": Step.Consent.ASK,
            },
            {
                "code": "da-3",
                "level": 3,
                "indicators": [],
                "services": [s["idva"]],
                "route_how": Step.How.PHONE,
                "route_detail": "IDVA duty line",
                "response_hours": 24,
                "escalate_to": s["marac"],
                "consent": Step.Consent.INFORM,
            },
            {
                "code": "da-4",
                "level": 4,
                "indicators": ["Professional judgement says high risk"],
                "services": [s["marac"], s["police_da"], s["refuge"]],
                "route_how": Step.How.FORM,
                "route_detail": "MARAC referral form",
                "response_hours": 4,
                "escalate_to": s["police_da"],
                "consent": Step.Consent.NOT_NEEDED,
                "consent_note": "At high risk you may share without consent to protect the person.",
            },
        ],
    )
    return ilford
