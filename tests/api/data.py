"""A small directory with everything the open feed must show, and must hide."""

import datetime

from django.utils import timezone

from joinedup.directory.models import Phone, Schedule
from tests.directory.factories import (
    AddressFactory,
    ContactFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    need,
    sector,
)

PERSONAL_EMAIL = "priya.personal@council.example"
PERSONAL_PHONE = "07700 900999"
REFUGE_NAME = "Safe House on Secret Street"


def make_directory(place, *, services: int = 3, lat: float = 51.559, lon: float = 0.069) -> dict:
    """Create organisations, services (tagged), locations (one confidential), contacts."""
    council = OrganizationFactory(
        place=place, name=f"{place.name} Council", email="info@council.example"
    )
    made = []
    for i in range(services):
        service = ServiceFactory(
            place=place,
            organization=council,
            name=f"Housing Options {i}",
            email=f"housing{i}@council.example",
            url="https://council.example/housing",
            description="Help for people who are homeless or about to be.",
            minimum_age=16,
            last_modified=timezone.now() - datetime.timedelta(days=i),
            terms=[sector("housing"), need("homelessness")],
        )
        Phone.objects.create(place=place, service=service, number="020 7946 0000", type="voice")
        ScheduleFactory(service=service, opens_at=datetime.time(9), closes_at=datetime.time(17))
        office = LocationFactory(
            place=place,
            organization=council,
            name=f"Town Hall {i}",
            latitude=lat + i * 0.01,
            longitude=lon,
        )
        AddressFactory(location=office, state_province="Essex")
        sal = ServiceAtLocationFactory(service=service, location=office, place=place)
        Schedule.objects.create(place=place, service_at_location=sal, freq="WEEKLY", byday="MO")
        contact = ContactFactory(service=service, name="Priya Patel", email=PERSONAL_EMAIL)
        PhoneFactory(contact=contact, number=PERSONAL_PHONE)
        made.append(service)
    refuge = LocationFactory(
        place=place, name=REFUGE_NAME, confidential=True, latitude=lat, longitude=lon
    )
    AddressFactory(location=refuge, address_1="1 Secret Street")
    ServiceAtLocationFactory(service=made[0], location=refuge, place=place)
    Phone.objects.create(place=place, location=refuge, number="020 7946 0111")
    return {"organization": council, "services": made, "refuge": refuge}


def assert_nothing_private(text: str) -> None:
    """Fail when an export or API response shows a confidential or personal detail."""
    for secret in (PERSONAL_EMAIL, PERSONAL_PHONE, REFUGE_NAME, "Secret Street", "020 7946 0111"):
        assert secret not in text, f"{secret!r} leaked"
    assert "Priya Patel" not in text
