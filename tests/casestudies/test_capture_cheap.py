"""Live capture's requests stay cheap (issue 18 item 6): conditional polls answered 304 while
a sheet is unchanged, and a fixed, small number of queries per save and per poll."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from joinedup.cafe import capture
from joinedup.casestudies.models import InterventionPoint, Note, ProposedAction
from tests.casestudies.factories import TableCaptureFactory


def _items_url(sheet):
    return reverse("capture:capture_items", args=[sheet.place.slug, sheet.pk])


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


def _delete(client, sheet, kind, item_id, version):
    url = reverse(
        "capture:capture_item",
        kwargs={
            "place_slug": sheet.place.slug,
            "capture_id": sheet.pk,
            "kind": kind,
            "item_id": item_id,
        },
    )
    return client.delete(url, json.dumps({"version": version}), content_type="application/json")


def _poll(client, sheet, etag=None, since=None):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(_items_url(sheet), {"since": since} if since else None, headers=headers)


def test_a_poll_carries_a_weak_etag_and_the_same_etag_gets_a_bodyless_304(host_client, sheet):
    first = _poll(host_client, sheet)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"') and etag.endswith('"')
    again = _poll(host_client, sheet, etag=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "no-store"  # still private: a signed-in answer


def test_every_kind_of_change_ends_the_304(host_client, sheet):
    note_id = uuid.uuid4()
    etags = [_poll(host_client, sheet)["ETag"]]
    # a new note
    assert _put(host_client, sheet, "note", note_id, 0, {"text": "Ask the GP"}).status_code == 201
    etags.append(_poll(host_client, sheet)["ETag"])
    # an edit of it
    edited = _put(host_client, sheet, "note", note_id, 1, {"text": "Ask the school"})
    assert edited.status_code == 200
    etags.append(_poll(host_client, sheet)["ETag"])
    # a proposed action (another kind, another table)
    action = {"what": "Agree a protocol", "by_when": "2027-03-31"}
    assert _put(host_client, sheet, "proposed_action", uuid.uuid4(), 0, action).status_code == 201
    etags.append(_poll(host_client, sheet)["ETag"])
    # deleting the note (a tombstone: the count of rows stays, its version rises)
    assert _delete(host_client, sheet, "note", note_id, 2).status_code == 200
    etags.append(_poll(host_client, sheet)["ETag"])
    assert len(set(etags)) == 5
    for old in etags[:-1]:
        answer = _poll(host_client, sheet, etag=old)
        assert answer.status_code == 200
        assert answer["ETag"] == etags[-1]
    assert _poll(host_client, sheet, etag=etags[-1]).status_code == 304


def test_an_edit_that_keeps_the_latest_time_still_changes_the_etag(host_client, sheet, host):
    """An edit whose updated_at is older than the sheet's newest item (a save that committed
    late) must still change the ETag: the sum of versions does."""
    late, newest = uuid.uuid4(), uuid.uuid4()
    for item_id, text in ((late, "First"), (newest, "Second")):
        assert _put(host_client, sheet, "note", item_id, 0, {"text": text}).status_code == 201
    Note.objects.filter(pk=newest).update(
        updated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    before = _poll(host_client, sheet)["ETag"]
    Note.objects.filter(pk=late).update(text="First, edited", version=2)
    assert _poll(host_client, sheet, etag=before).status_code == 200


def test_the_etag_is_the_sheets_whatever_since_asks(host_client, sheet):
    """The page moves ?since= after every answer; an unchanged sheet still gets a 304, as it
    holds nothing the page has not had."""
    whole = _poll(host_client, sheet)["ETag"]
    since = "2026-03-12T10:30:00+00:00"
    recent = _poll(host_client, sheet, since=since)
    assert recent["ETag"] == whole
    assert _poll(host_client, sheet, etag=whole, since=since).status_code == 304
    _put(host_client, sheet, "note", uuid.uuid4(), 0, {"text": "New"})
    assert _poll(host_client, sheet, etag=whole, since=since).status_code == 200


@pytest.mark.parametrize(
    ("header", "status"),
    [("*", 304), ('"other", {etag}', 304), ('W/"other"', 200), ("{strong}", 304), ("", 200)],
)
def test_if_none_match_forms(host_client, sheet, header, status):
    etag = _poll(host_client, sheet)["ETag"]
    strong = etag.removeprefix("W/")
    value = header.format(etag=etag, strong=strong)
    assert _poll(host_client, sheet, etag=value or None).status_code == status


def test_a_304_is_only_for_those_who_may_read_the_sheet(client, sheet, make_member, host_client):
    etag = _poll(host_client, sheet)["ETag"]
    client.force_login(make_member(sheet.place, "practitioner"))
    assert _poll(client, sheet, etag=etag).status_code == 403
    client.logout()
    assert _poll(client, sheet, etag=etag).status_code == 302


def test_state_of_counts_items_versions_and_the_latest_change(sheet, host):
    assert capture.state_of(sheet) == (0, 0, "")
    entry = sheet.case_study.entries.first()
    when = datetime.datetime(2026, 3, 12, 10, 30, tzinfo=datetime.UTC)
    InterventionPoint.objects.create(
        id=uuid.uuid4(), place=sheet.place, capture=sheet, entry=entry, placement="on", version=3,
        what_could_have_been_done="Earlier help", updated_at=when, created_by=host,
    )  # fmt: skip
    common = {"place": sheet.place, "capture": sheet}
    Note.objects.create(id=uuid.uuid4(), text="A note", version=2, **common)
    ProposedAction.objects.create(id=uuid.uuid4(), what="Agree", version=1, **common)
    n, versions, latest = capture.state_of(sheet)
    assert (n, versions) == (3, 6)
    assert latest != ""


def test_items_of_reads_the_same_dicts_as_item_json(sheet, host):
    entry = sheet.case_study.entries.first()
    point = InterventionPoint.objects.create(
        id=uuid.uuid4(), place=sheet.place, capture=sheet, entry=entry, placement="after",
        what_could_have_been_done="Earlier help", how_early="crisis", created_by=host,
    )  # fmt: skip
    note = Note.objects.create(
        id=uuid.uuid4(), place=sheet.place, capture=sheet, text="Nobody asked Kai"
    )
    action = ProposedAction.objects.create(
        id=uuid.uuid4(), place=sheet.place, capture=sheet, what="Agree a protocol",
        by_when=datetime.date(2027, 3, 31), created_by=host,
    )  # fmt: skip
    expected = sorted(
        [
            capture.item_json("intervention_point", point),
            capture.item_json("note", note),
            capture.item_json("proposed_action", action),
        ],
        key=lambda item: item["updated_at"],
    )
    assert capture.items_of(sheet) == expected
    by_kind = {item["kind"]: item for item in capture.items_of(sheet)}
    assert by_kind["proposed_action"]["by_when"] == "2027-03-31"
    assert by_kind["note"]["author"] == ""
    assert by_kind["intervention_point"]["author"] == host.full_name


# Queries per request, fixed so that nobody adds one unnoticed: the session, the user, the
# second factor (django-otp reads the verified device; a person without one costs the same one
# query to learn they need none), the place with the person's roles (one query), the sheet
# (without its case study), then the work. Tests run inside a transaction, so a save's
# INSERT carries a savepoint here (two statements) that it does not have in production.


def test_a_new_item_is_saved_in_eight_queries(host_client, sheet, django_assert_max_num_queries):
    data = {"text": "The health visitor knew"}
    _put(host_client, sheet, "note", uuid.uuid4(), 0, data)  # warm: first request of the client
    # + the INSERT alone: no look-up first, no transaction (here: its savepoint); a note has
    # no choices to check
    with django_assert_max_num_queries(8):
        assert _put(host_client, sheet, "note", uuid.uuid4(), 0, data).status_code == 201


def test_a_new_intervention_point_checks_its_entry_in_one_query_more(
    host_client, sheet, django_assert_max_num_queries
):
    entry = sheet.case_study.entries.first()
    data = {"entry": entry.pk, "placement": "on", "what_could_have_been_done": "Earlier"}
    with django_assert_max_num_queries(9):
        response = _put(host_client, sheet, "intervention_point", uuid.uuid4(), 0, data)
        assert response.status_code == 201


def test_a_retried_save_and_an_edit_stay_small(host_client, sheet, django_assert_max_num_queries):
    item_id = uuid.uuid4()
    _put(host_client, sheet, "note", item_id, 0, {"text": "One"})
    # the retry: the INSERT fails (its savepoint undone), then found, the same, answered; in
    # production the failed INSERT, BEGIN, the look-up, COMMIT
    with django_assert_max_num_queries(12):
        assert _put(host_client, sheet, "note", item_id, 0, {"text": "One"}).status_code == 200
    with django_assert_max_num_queries(10):  # the edit: the look-up, UPDATE and the re-read
        assert _put(host_client, sheet, "note", item_id, 1, {"text": "Two"}).status_code == 200


def test_a_poll_is_nine_queries_and_a_304_six(host_client, sheet, django_assert_max_num_queries):
    _put(host_client, sheet, "note", uuid.uuid4(), 0, {"text": "One"})
    with django_assert_max_num_queries(9):  # + the sheet's state, one query per kind
        etag = _poll(host_client, sheet)["ETag"]
    with django_assert_max_num_queries(6):  # + the sheet's state only
        assert _poll(host_client, sheet, etag=etag).status_code == 304


def test_outside_a_transaction_a_retry_and_another_sheets_uuid_are_answered(
    transactional_db, sheet, host
):
    """As in production (autocommit): a new item is its INSERT alone, and a UUID already
    stored makes it fail and be answered from the stored item, on this sheet or another."""
    assert not connection.in_atomic_block
    item_id = uuid.uuid4()

    def save(on, text):
        return capture.save_item(
            capture=on, kind="note", item_id=item_id, base_version=0, data={"text": text},
            actor=host,
        )  # fmt: skip

    assert save(sheet, "Ask the GP").status == "created"
    retry = save(sheet, "Ask the GP")
    assert (retry.status, retry.item.version) == ("unchanged", 1)
    assert save(sheet, "Ask the school").status == "conflict"  # changed since: not overwritten
    other = TableCaptureFactory(case_study=sheet.case_study, label="Table 2")
    assert save(other, "Mine now").status == "not_found"
    stored = Note.objects.get(pk=item_id)
    assert (stored.capture_id, stored.text, stored.version) == (sheet.pk, "Ask the GP", 1)


@pytest.mark.parametrize("value", [0, False, "0", [1], {"id": 1}])
@pytest.mark.parametrize(("kind", "choice"), [("intervention_point", "entry"),
                                               ("intervention_point", "sector"),
                                               ("intervention_point", "service"),
                                               ("proposed_action", "owner")])  # fmt: skip
def test_a_choice_that_is_no_id_is_refused_not_an_error(host_client, sheet, kind, choice, value):
    """A choice's queryset is built only when the save names one: odd values still get a 400."""
    data = {"what_could_have_been_done": "Earlier", "what": "Agree", "text": "A note"}
    data[choice] = value
    response = _put(host_client, sheet, kind, uuid.uuid4(), 0, data)
    assert response.status_code == 400
    assert choice in response.json()["errors"]
