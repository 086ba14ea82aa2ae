"""Practitioners read the case studies of events they attend, and capture at their own table
when the convenor lets participants add."""

import datetime
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.cafe import capture
from joinedup.cafe.models import CafeTable, Plan, Seat
from joinedup.casestudies import rules
from joinedup.casestudies.models import Note
from joinedup.events.models import Event, Invitation


@pytest.fixture
def event(place):
    return Event.objects.create(
        place=place, title="Ilford day", date=timezone.localdate() + datetime.timedelta(days=3)
    )


@pytest.fixture
def table(event, approved_study):
    return CafeTable.objects.create(
        event=event, place=event.place, label="T03", case_study=approved_study
    )


@pytest.fixture
def practitioner(place, make_member):
    return make_member(place, "practitioner", email="pat@council.example")


def _invite(event, email, status=Invitation.Status.ACCEPTED, code="ABC123"):
    return Invitation.objects.create(
        event=event, place=event.place, name="Pat", email=email, status=status, checkin_code=code
    )


def _seat(table, invitation, round=1):
    plan = Plan.objects.create(
        event=table.event, place=table.place, instance={"rounds": 2}, assignments={}
    )
    return Seat.objects.create(
        plan=plan, place=table.place, invitation=invitation, table=table, round=round
    )


def test_a_practitioner_coming_to_the_event_reads_its_case_studies(
    client, practitioner, event, table, approved_study
):
    url = reverse("casestudies:detail", args=[approved_study.place.slug, approved_study.pk])
    client.force_login(practitioner)
    assert client.get(url).status_code == 403
    _invite(event, "PAT@council.example")
    assert rules.can_read(practitioner, approved_study)
    assert client.get(url).status_code == 200


def test_declining_the_invitation_takes_the_access_away(practitioner, event, table, approved_study):
    _invite(event, practitioner.email, status=Invitation.Status.DECLINED)
    assert not rules.can_read(practitioner, approved_study)


def test_a_seated_participant_captures_only_once_the_convenor_allows(
    client, practitioner, event, table, convenor
):
    _seat(table, _invite(event, practitioner.email))
    sheet = capture.capture_for_table(table=table, round=1)
    client.force_login(practitioner)
    url = reverse("capture:capture_item", args=[sheet.place.slug, sheet.pk, "note", uuid.uuid4()])
    body = json.dumps({"version": 0, "data": {"text": "We all knew about the knife"}})
    assert client.put(url, body, content_type="application/json").status_code == 403
    capture.set_participants_may_capture(sheet=sheet, allowed=True, actor=convenor)
    assert client.put(url, body, content_type="application/json").status_code == 201
    assert Note.objects.get().created_by == practitioner
    # Seated in round 1 only: the round 2 sheet is not theirs.
    round_two = capture.capture_for_table(table=table, round=2)
    capture.set_participants_may_capture(sheet=round_two, allowed=True, actor=convenor)
    other = reverse(
        "capture:capture_item", args=[sheet.place.slug, round_two.pk, "note", uuid.uuid4()]
    )
    assert client.put(other, body, content_type="application/json").status_code == 403


def test_the_table_link_opens_one_sheet_per_table_and_round(host_client, table):
    url = reverse("capture:table_capture", args=[table.place.slug, table.pk, 1])
    first = host_client.get(url)
    second = host_client.get(url)
    assert first["Location"] == second["Location"]
    sheet = table.captures.get()
    assert (sheet.round, sheet.case_study, sheet.table.event, sheet.label) == (
        1,
        table.case_study,
        table.event,
        "Table T03",
    )
    too_far = reverse("capture:table_capture", args=[table.place.slug, table.pk, 9])
    assert host_client.get(too_far).status_code == 404


def test_opening_every_sheet_of_an_event(event, table, convenor):
    sheets = capture.open_sheets_for_event(
        event=event, participants_may_capture=True, actor=convenor
    )
    again = capture.open_sheets_for_event(
        event=event, participants_may_capture=True, actor=convenor
    )
    assert len(sheets) == 1  # the event has no café rounds on its agenda yet: one round
    assert [s.pk for s in again] == [s.pk for s in sheets]
    assert table.captures.get().participants_may_capture
