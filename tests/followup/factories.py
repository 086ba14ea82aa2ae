"""Factories and helpers for follow-up: actions, and capture sheets linked to an event."""

import datetime
import uuid

import factory

from joinedup.cafe.models import CafeTable
from joinedup.casestudies.models import InterventionPoint, ProposedAction
from joinedup.followup.models import Action
from tests.casestudies.factories import TableCaptureFactory
from tests.core.factories import PlaceFactory


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    place = factory.SubFactory(PlaceFactory)
    title = factory.Sequence(lambda n: f"Agree a shared referral route ({n})")
    description = "Write it down and share it with every team."
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


def link_capture(capture, event) -> None:
    """Tie a capture sheet to an event: give it a café table of that event."""
    capture.table = CafeTable.objects.create(
        event=event,
        place=event.place,
        label=f"T{CafeTable.objects.filter(event=event).count() + 1:02d}",
        case_study=capture.case_study,
    )
    capture.save()


def sheet_at(event, case_study, *, label="Table 1", round=1):
    """A capture sheet for the case study at the event."""
    capture = TableCaptureFactory(
        case_study=case_study, place=event.place, label=label, round=round
    )
    link_capture(capture, event)
    return capture


def add_point(capture, *, entry=None, text="Ask about home at the first school meeting", **fields):
    return InterventionPoint.objects.create(
        id=uuid.uuid4(),
        place=capture.place,
        capture=capture,
        entry=entry,
        what_could_have_been_done=text,
        **fields,
    )


def add_proposal(capture, *, what="Share the escalation contacts sheet", **fields):
    return ProposedAction.objects.create(
        id=uuid.uuid4(), place=capture.place, capture=capture, what=what, **fields
    )
