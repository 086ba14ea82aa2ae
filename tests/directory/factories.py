"""Factories for the directory's models: a service belongs to an organisation of its place."""

import factory

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
    TaxonomyTerm,
)
from joinedup.directory.taxonomies import need_id, sector_id
from tests.core.factories import PlaceFactory


def sector(code: str) -> TaxonomyTerm:
    """Our sector term with this code (the taxonomies are seeded by the autouse fixture)."""
    return TaxonomyTerm.objects.get(pk=sector_id(code))


def need(code: str) -> TaxonomyTerm:
    """Our need term with this code."""
    return TaxonomyTerm.objects.get(pk=need_id(code))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    description = "A fictional organisation."


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    place = factory.SubFactory(PlaceFactory)
    organization = factory.SubFactory(OrganizationFactory, place=factory.SelfAttribute("..place"))
    name = factory.Sequence(lambda n: f"Team {n}")
    description = "Helps people in the place."
    status = Service.Status.ACTIVE

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        """ServiceFactory(terms=[sector("housing"), need("homelessness")]) tags the service."""
        for term in extracted or []:
            AttributeFactory(service=self, taxonomy_term=term)


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribute

    service = factory.SubFactory(ServiceFactory)
    place = factory.SelfAttribute("service.place")
    link_id = factory.SelfAttribute("service.id")
    link_entity = "service"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    service = factory.SubFactory(ServiceFactory)
    place = factory.SelfAttribute("service.place")
    organization = factory.SelfAttribute("service.organization")
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    title = "Team Manager"
    email = factory.Sequence(lambda n: f"contact{n}@council.example")


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    contact = factory.SubFactory(ContactFactory)
    place = factory.SelfAttribute("contact.place")
    number = factory.Sequence(lambda n: f"020 7946 0{n % 1000:03d}")
    type = "voice"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Office {n}")
    location_type = Location.LocationType.PHYSICAL


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    location = factory.SubFactory(LocationFactory)
    place = factory.SelfAttribute("location.place")
    address_1 = factory.Sequence(lambda n: f"{n} Example Road")
    city = "Ilford"
    postal_code = "IG1 9ZZ"


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    place = factory.SelfAttribute("service.place")
    location = factory.SubFactory(LocationFactory, place=factory.SelfAttribute("..place"))


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    place = factory.SelfAttribute("service.place")
    freq = Schedule.Freq.WEEKLY
    byday = "MO,TU,WE,TH,FR"
    opens_at = "09:00"
    closes_at = "17:00"
