"""Factories for events: an event of a place, its agenda, and invitations to it."""

import datetime

import factory

from joinedup.events.models import AgendaItem, Event, Invitation
from joinedup.events.tokens import new_checkin_code
from tests.core.factories import PlaceFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    place = factory.SubFactory(PlaceFactory)
    title = factory.Sequence(lambda n: f"Joined-up day {n}")
    purpose = "Work through three life stories together."
    date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(16, 0)
    venue_name = "Ilford Town Hall"
    venue_address = "128-142 High Road\nIlford IG1 1DD"
    accessibility_notes = "Step-free access and a hearing loop."
    status = Event.Status.INVITATIONS_OPEN


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    kind = AgendaItem.Kind.CAFE_ROUND
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Round {n}")
    minutes = 40
    question = "Where could someone have stepped in?"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    place = factory.SelfAttribute("event.place")
    name = factory.Sequence(lambda n: f"Invitee {n}")
    email = factory.Sequence(lambda n: f"invitee{n}@council.example")
    organisation = "London Borough of Redbridge"
    team = "Housing Options"
    sector = "housing"
    sector_name = "Housing"
    tier = "frontline"
    checkin_code = factory.LazyFunction(new_checkin_code)
