"""Confidential locations (refuges) at rest: their address and coordinates are only in the
encrypted columns, so neither the SQLite file nor a PostgreSQL column holds them; the ORM
gives them back to the code that may show them; public locations are untouched."""

import importlib

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from joinedup.directory.models import Address, Location
from tests.directory.factories import AddressFactory, LocationFactory

REFUGE_STREET = "14 Safehaven Close"
REFUGE_POSTCODE = "IG6 9QQ"


def _raw_rows(table: str) -> str:
    """Every column of every row of a table, as the database holds them, in one string."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  (our own table names)
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def _refuge(place):
    location = LocationFactory(
        place=place, name="Women's refuge", confidential=True, latitude=51.5912, longitude=0.0871
    )
    address = AddressFactory(
        location=location, address_1=REFUGE_STREET, city="Barkingside", postal_code=REFUGE_POSTCODE
    )
    return location, address


def test_a_refuges_address_and_coordinates_are_not_in_the_database(place):
    location, address = _refuge(place)
    raw = _raw_rows("directory_address") + _raw_rows("directory_location")
    for secret in (REFUGE_STREET, "Safehaven", REFUGE_POSTCODE, "Barkingside", "51.5912", "0.0871"):
        assert secret not in raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT address_1, postal_code, city, sealed FROM directory_address")
        street, postcode, city, sealed = cursor.fetchone()
    assert (street, postcode, city) == ("", "", "")
    assert sealed.startswith("fernet:")
    # the object that saved it keeps its values
    assert (address.address_1, location.latitude) == (REFUGE_STREET, 51.5912)


def test_the_orm_reads_a_refuge_back_whole(place):
    _location, address = _refuge(place)
    again = Address.objects.select_related("location").get(pk=address.pk)
    assert (again.address_1, again.city, again.postal_code) == (
        REFUGE_STREET,
        "Barkingside",
        REFUGE_POSTCODE,
    )
    assert (again.location.latitude, again.location.longitude) == (51.5912, 0.0871)
    assert str(again) == f"{REFUGE_STREET}, Barkingside, {REFUGE_POSTCODE}"
    address.refresh_from_db()
    assert address.postal_code == REFUGE_POSTCODE


def test_a_public_location_keeps_its_plain_columns(place):
    location = LocationFactory(place=place, latitude=51.558, longitude=0.0741)
    AddressFactory(location=location, address_1="1 High Road", postal_code="IG1 1AA")
    assert "1 High Road" in _raw_rows("directory_address")
    assert Location.objects.filter(latitude=51.558).count() == 1


def test_marking_a_location_confidential_seals_its_address_and_unmarking_opens_it(place):
    location = LocationFactory(place=place, latitude=51.6, longitude=0.08)
    AddressFactory(location=location, address_1=REFUGE_STREET, postal_code=REFUGE_POSTCODE)
    location.confidential = True
    location.save()
    assert REFUGE_STREET not in _raw_rows("directory_address")
    assert Location.objects.filter(latitude__isnull=False).count() == 0
    loaded = Location.objects.get(pk=location.pk)
    loaded.confidential = False
    loaded.save()
    assert REFUGE_STREET in _raw_rows("directory_address")
    assert Location.objects.filter(latitude=51.6).count() == 1


def test_the_data_migration_seals_existing_refuges(place):
    location, address = _refuge(place)
    # as the rows were before the migration: plain columns, nothing sealed
    Location.objects.filter(pk=location.pk).update(latitude=51.5912, longitude=0.0871, sealed="")
    Address.objects.filter(pk=address.pk).update(
        address_1=REFUGE_STREET, postal_code=REFUGE_POSTCODE, city="Barkingside", sealed=""
    )
    assert REFUGE_STREET in _raw_rows("directory_address")
    name = "0007_confidential_locations_sealed"
    state = MigrationLoader(connection).project_state(("directory", name))
    migration = importlib.import_module(f"joinedup.directory.migrations.{name}")
    migration.seal_confidential(state.apps, None)
    assert REFUGE_STREET not in _raw_rows("directory_address")
    assert "51.5912" not in _raw_rows("directory_location")
    again = Address.objects.select_related("location").get(pk=address.pk)
    assert (again.address_1, again.location.latitude) == (REFUGE_STREET, 51.5912)


def test_an_hsds_import_over_a_refuge_keeps_its_address_sealed(place, convenor):
    from joinedup.directory.hsds.loading import import_tables
    from joinedup.directory.hsds.reading import read_hsds
    from tests.directory.test_hsds import EXAMPLES

    data = (EXAMPLES / "service_full.json").read_bytes()
    import_tables(place=place, tables=read_hsds(data)[0], actor=convenor)
    address = Address.objects.select_related("location").get(place=place)
    street = address.address_1
    assert street and street in _raw_rows("directory_address")
    location = address.location
    location.confidential = True
    location.save()
    assert street not in _raw_rows("directory_address")

    import_tables(place=place, tables=read_hsds(data)[0], actor=convenor)
    assert street not in _raw_rows("directory_address")
    again = Address.objects.get(pk=address.pk)
    assert again.address_1 == street
    assert Location.objects.get(pk=location.pk).confidential is True
