"""Factories and helpers for follow-up: actions, and capture sheets linked to an event."""

import datetime
import uuid

import factory

from joinedup.casestudies.models import InterventionPoint, ProposedAction
from joinedup.followup import sources
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
    """Tie a capture sheet to an event by whichever link the case studies / café apps give."""
    path = sources.capture_event_path()
    if path is None:
        raise AssertionError("capture sheets are not linked to events: check followup.sources")
    if path == "event":
        capture.event = event
    else:
        table_field = capture._meta.get_field("table")
        table_model = table_field.related_model
        fields = {f.name for f in table_model._meta.get_fields()}
        values = {"event": event, "place": event.place}
        if "label" in fields:
            values["label"] = f"T{table_model.objects.filter(event=event).count() + 1:02d}"
        if "case_study" in fields:
            values["case_study"] = capture.case_study
        capture.table = table_model.objects.create(**values)
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
