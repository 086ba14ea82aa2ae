"""Saving captured items: idempotent by UUID, versioned so no one overwrites a tablemate."""

import datetime
import json
import uuid

import pytest
from django.urls import reverse

from joinedup.cafe import capture
from joinedup.cafe.models import CafeTable
from joinedup.casestudies.models import CaseStudy, InterventionPoint, Note, ProposedAction
from joinedup.events.models import Event
from tests.casestudies.factories import TableCaptureFactory
from tests.directory.factories import ServiceFactory, sector
from tests.events.factories import EventFactory


def _sheet(study, event, label):
    """A capture sheet at a café table of the event (a sheet's event is its table's)."""
    table = CafeTable.objects.create(
        event=event, place=event.place, label=label[-12:], case_study=study
    )
    return TableCaptureFactory(case_study=study, table=table, label=label)


def _point(sheet, text="The school could have referred to early help", **extra):
    entry = sheet.case_study.entries.first()
    return {
        "entry": entry.pk,
        "placement": "on",
        "sector": str(sector("early-help").pk),
        "what_could_have_been_done": text,
        "how_early": "early_help",
        **extra,
    }


def test_save_item_creates_once_and_a_retry_changes_nothing(sheet, host):
    item_id = uuid.uuid4()
    first = capture.save_item(
        capture=sheet,
        kind="intervention_point",
        item_id=item_id,
        base_version=0,
        data=_point(sheet),
        actor=host,
    )
    retry = capture.save_item(
        capture=sheet,
        kind="intervention_point",
        item_id=item_id,
        base_version=0,
        data=_point(sheet),
        actor=host,
    )
    assert (first.status, retry.status, retry.item.version) == ("created", "unchanged", 1)
    assert InterventionPoint.objects.count() == 1
    point = InterventionPoint.objects.get()
    assert (point.entry, point.sector, point.how_early, point.created_by) == (
        sheet.case_study.entries.first(),
        sector("early-help"),
        "early_help",
        host,
    )


def test_an_edit_from_a_stale_version_gets_a_conflict_and_changes_nothing(sheet, host, convenor):
    item_id = uuid.uuid4()
    capture.save_item(
        capture=sheet, kind="note", item_id=item_id, base_version=0, data={"text": "A"}, actor=host
    )
    mine = capture.save_item(
        capture=sheet,
        kind="note",
        item_id=item_id,
        base_version=1,
        data={"text": "A+B"},
        actor=host,
    )
    theirs = capture.save_item(
        capture=sheet,
        kind="note",
        item_id=item_id,
        base_version=1,
        data={"text": "A+C"},
        actor=convenor,
    )
    assert (mine.status, mine.item.version) == ("updated", 2)
    assert (theirs.status, theirs.http_status, theirs.item.text) == ("conflict", 409, "A+B")
    assert Note.objects.get().text == "A+B"
    # The page merges and saves again from the version it was shown.
    merged = capture.save_item(
        capture=sheet,
        kind="note",
        item_id=item_id,
        base_version=2,
        data={"text": "A+B\n\nA+C"},
        actor=convenor,
    )
    assert (merged.status, Note.objects.get().text, Note.objects.get().version) == (
        "updated",
        "A+B\n\nA+C",
        3,
    )


def test_a_retried_edit_whose_answer_was_lost_is_acknowledged(sheet, host):
    item_id = uuid.uuid4()
    capture.save_item(
        capture=sheet, kind="note", item_id=item_id, base_version=0, data={"text": "A"}, actor=host
    )
    capture.save_item(
        capture=sheet, kind="note", item_id=item_id, base_version=1, data={"text": "B"}, actor=host
    )
    again = capture.save_item(
        capture=sheet, kind="note", item_id=item_id, base_version=1, data={"text": "B"}, actor=host
    )
    assert (again.status, again.item.version) == ("unchanged", 2)


def test_invalid_items_are_refused_with_govuk_messages(sheet, host, other_place):
    foreign = ServiceFactory(place=other_place)
    outcome = capture.save_item(
        capture=sheet,
        kind="proposed_action",
        item_id=uuid.uuid4(),
        base_version=0,
        data={"what": "", "owner": str(foreign.pk), "by_when": "31/03/2027"},
        actor=host,
    )
    assert outcome.status == "invalid"
    assert outcome.errors["what"] == ["Enter what should be done"]
    assert outcome.errors["by_when"] == ["Enter a real date, like 2027-03-31"]
    assert "owner" in outcome.errors  # another place's team is not a choice
    assert ProposedAction.objects.count() == 0


def test_a_timeline_entry_of_another_case_study_is_not_a_choice(sheet, host, place):
    other = TableCaptureFactory(case_study__place=place)
    from tests.casestudies.factories import TimelineEntryFactory

    foreign_entry = TimelineEntryFactory(case_study=other.case_study)
    outcome = capture.save_item(
        capture=sheet,
        kind="intervention_point",
        item_id=uuid.uuid4(),
        base_version=0,
        data=_point(sheet, entry=foreign_entry.pk),
        actor=host,
    )
    assert outcome.status == "invalid"


def test_delete_is_versioned_and_idempotent(sheet, host):
    item_id = uuid.uuid4()
    capture.save_item(
        capture=sheet, kind="note", item_id=item_id, base_version=0, data={"text": "A"}, actor=host
    )
    stale = capture.delete_item(
        capture=sheet, kind="note", item_id=item_id, base_version=0, actor=host
    )
    gone = capture.delete_item(
        capture=sheet, kind="note", item_id=item_id, base_version=1, actor=host
    )
    again = capture.delete_item(
        capture=sheet, kind="note", item_id=item_id, base_version=1, actor=host
    )
    assert [stale.status, gone.status, again.status] == ["conflict", "deleted", "deleted"]
    assert Note.objects.get().deleted_at is not None
    assert [i["deleted"] for i in capture.items_of(sheet)] == [True]


def test_only_approved_case_studies_can_be_used_at_a_table(place, host):
    from tests.casestudies.factories import CaseStudyFactory

    draft = CaseStudyFactory(place=place, author=host, state=CaseStudy.State.DRAFT)
    with pytest.raises(ValueError):
        capture.create_capture(case_study=draft, label="Table 1", actor=host)


# --- over HTTP ---------------------------------------------------------------------------------


def _put(client, sheet, kind, item_id, version, data):
    url = reverse(
        "capture:capture_item",
        kwargs={
            "place_slug": sheet.place.slug,
            "capture_id": sheet.pk,
            "kind": kind,
            "item_id": item_id,
        },
    )
    return client.put(
        url, json.dumps({"version": version, "data": data}), content_type="application/json"
    )


def test_put_saves_and_answers_with_the_stored_item(host_client, sheet):
    item_id = uuid.uuid4()
    response = _put(host_client, sheet, "note", item_id, 0, {"text": "Nobody asked Kai"})
    assert response.status_code == 201
    assert response.json()["item"]["text"] == "Nobody asked Kai"
    assert response.json()["item"]["version"] == 1
    stale = _put(host_client, sheet, "note", item_id, 0, {"text": "Something else"})
    assert (stale.status_code, stale.json()["item"]["text"]) == (409, "Nobody asked Kai")
    listing = host_client.get(
        reverse("capture:capture_items", args=[sheet.place.slug, sheet.pk])
    ).json()
    assert [i["text"] for i in listing["items"]] == ["Nobody asked Kai"]


def test_put_refuses_bad_json_and_unknown_kinds(host_client, sheet):
    url = reverse("capture:capture_item", args=[sheet.place.slug, sheet.pk, "note", uuid.uuid4()])
    assert host_client.put(url, "not json", content_type="application/json").status_code == 400
    bad_kind = reverse(
        "capture:capture_item", args=[sheet.place.slug, sheet.pk, "poem", uuid.uuid4()]
    )
    assert host_client.put(bad_kind, "{}", content_type="application/json").status_code == 404


def test_practitioners_cannot_capture_unless_seated_and_allowed(client, sheet, make_member):
    practitioner = make_member(sheet.place, "practitioner")
    client.force_login(practitioner)
    response = _put(client, sheet, "note", uuid.uuid4(), 0, {"text": "Hello"})
    assert response.status_code == 403
    assert Note.objects.count() == 0


def test_the_capture_page_read_is_audit_logged(host_client, sheet, host):
    from joinedup.core.models import AuditEntry

    response = host_client.get(reverse("capture:capture", args=[sheet.place.slug, sheet.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="casestudies.casestudy.viewed")
    assert (entry.actor, entry.target_id, entry.data) == (
        host,
        str(sheet.case_study.pk),
        {"via": "capture"},
    )


def test_live_data_counts_each_tables_items(convenor_client, sheet, host):
    capture.save_item(
        capture=sheet,
        kind="note",
        item_id=uuid.uuid4(),
        base_version=0,
        data={"text": "A"},
        actor=host,
    )
    capture.save_item(
        capture=sheet,
        kind="intervention_point",
        item_id=uuid.uuid4(),
        base_version=0,
        data=_point(sheet),
        actor=host,
    )
    data = convenor_client.get(reverse("capture:live_data", args=[sheet.place.slug])).json()
    assert [t["counts"] for t in data["tables"]] == [
        {"intervention_point": 1, "note": 1, "proposed_action": 0}
    ]


def test_live_data_shows_only_the_chosen_events_sheets(convenor_client, approved_study, host):
    spring = EventFactory(place=approved_study.place, title="Spring day")
    last_year = EventFactory(
        place=approved_study.place,
        title="Last year",
        date=datetime.date.today() - datetime.timedelta(days=300),
        status=Event.Status.HELD,
    )
    _sheet(approved_study, spring, "Table T01")
    _sheet(approved_study, last_year, "Table T01")
    _sheet(approved_study, last_year, "Table T02")
    url = reverse("capture:live_data", args=[approved_study.place.slug])

    spring_tables = convenor_client.get(url, {"event": spring.pk}).json()["tables"]
    old_tables = convenor_client.get(url, {"event": last_year.pk}).json()["tables"]

    assert [t["label"] for t in spring_tables] == ["Table T01"]
    assert [t["label"] for t in old_tables] == ["Table T01", "Table T02"]


def test_live_page_under_an_events_heading_lists_that_events_sheets_only(
    convenor_client, approved_study
):
    spring = EventFactory(place=approved_study.place, title="Spring day")
    other = EventFactory(place=approved_study.place, title="Autumn day")
    _sheet(approved_study, spring, "Spring table")
    _sheet(approved_study, other, "Autumn table")
    url = reverse("capture:live", args=[approved_study.place.slug])

    page = convenor_client.get(url, {"event": spring.pk}).content.decode()

    assert "Spring table, round 1" in page
    assert "Autumn table" not in page
    assert f"?event={spring.pk}" in page  # the page polls the same event's sheets


def test_live_data_for_another_places_event_is_not_found(convenor_client, approved_study):
    elsewhere = EventFactory(title="Elsewhere")
    url = reverse("capture:live_data", args=[approved_study.place.slug])

    assert convenor_client.get(url, {"event": elsewhere.pk}).status_code == 404


def test_live_data_snippet_cut_at_a_word_with_an_ellipsis(convenor_client, sheet, host):
    long_note = (
        "The health visitor noticed the bruising at the twelve-month check and could have "
        "called the safeguarding lead that same afternoon"
    )
    capture.save_item(
        capture=sheet,
        kind="note",
        item_id=uuid.uuid4(),
        base_version=0,
        data={"text": long_note},
        actor=host,
    )

    data = convenor_client.get(reverse("capture:live_data", args=[sheet.place.slug])).json()

    assert data["tables"][0]["latest"] == [
        {
            "kind": "note",
            "text": "The health visitor noticed the bruising at the twelve-month check and could…",
        }
    ]


def test_snippet_keeps_short_text_and_cuts_long_text_between_words():
    assert capture.snippet("Call the school", limit=20) == "Call the school"
    assert capture.snippet("Call the school nurse today", limit=20) == "Call the school…"
    assert (
        capture.snippet("Supercalifragilistic", limit=10) == "Supercali…"
    )  # 10 characters with the ellipsis
