"""Factories for the network: teams with a sector, people of teams at events and café tables."""

import datetime

import factory
from django.utils import timezone

from joinedup.cafe.models import CafeTable, Plan, Seat
from joinedup.network.models import DeclaredTie
from tests.casestudies.factories import CaseStudyFactory
from tests.directory.factories import ContactFactory, ServiceFactory, sector
from tests.events.factories import EventFactory, InvitationFactory


def team(place, name: str, sector_code: str):
    """A team (directory service) of the place tagged with one of our sectors."""
    return ServiceFactory(place=place, name=name, terms=[sector(sector_code)])


def came(event, team_service, *, checked_in: bool = True):
    """An invitation of someone of the team to the event, checked in unless told otherwise."""
    contact = ContactFactory(service=team_service)
    return InvitationFactory(
        event=event,
        contact=contact,
        email=contact.email,
        checked_in_at=timezone.now() if checked_in else None,
    )


def past_event(place, day: datetime.date = datetime.date(2026, 3, 12)):
    return EventFactory(place=place, date=day)


def seat_plan(event, tables: dict[str, list[list]]):
    """A current plan of the event: {"T01": [[invitation, ...] for each round], ...}."""
    plan = Plan.objects.create(event=event, place=event.place, instance={}, assignments={})
    story = CaseStudyFactory(place=event.place)
    for label, rounds in tables.items():
        table = CafeTable.objects.create(
            event=event, place=event.place, label=label, case_study=story
        )
        for number, people in enumerate(rounds, start=1):
            for invitation in people:
                Seat.objects.create(
                    plan=plan, place=event.place, invitation=invitation, table=table, round=number
                )
    return plan


class DeclaredTieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclaredTie

    place = factory.SelfAttribute("team.place")
    how_often = DeclaredTie.HowOften.MONTHLY
    how_useful = DeclaredTie.HowUseful.USEFUL
    declared_on = datetime.date(2026, 4, 1)
