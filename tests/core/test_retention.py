"""Retention as periodic jobs (issue 17 item 14): access and dietary needs erased after the
event, outbox bodies and free-text feedback after their periods, import batches on a timer;
each erasure audited. Periods come from settings (JOINEDUP_RETAIN_*)."""

import datetime

import pytest
from django.utils import timezone

from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.core.retention import erase_outbox_bodies
from joinedup.core.schedule import run_due
from joinedup.directory.imports.models import ImportBatch
from joinedup.events.retention import erase_event_needs
from joinedup.followup.models import FeedbackResponse
from joinedup.followup.retention import erase_feedback_text
from tests.events.factories import EventFactory, InvitationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 20)
NOW = timezone.make_aware(datetime.datetime(2027, 3, 20, 3, 0))


def _needs(invitation) -> tuple[str, str]:
    invitation.refresh_from_db()
    return invitation.access_needs, invitation.dietary


def test_needs_are_erased_the_set_days_after_the_event_and_audited(place, settings):
    settings.RETAIN_EVENT_NEEDS_DAYS = 7
    long_ago = EventFactory(place=place, date=datetime.date(2027, 3, 13))  # 7 days before
    recent = EventFactory(place=place, date=datetime.date(2027, 3, 14))  # 6 days before
    coming = EventFactory(place=place, date=datetime.date(2027, 4, 1))
    old = InvitationFactory(event=long_ago, access_needs="Step-free access", dietary="Vegan")
    untold = InvitationFactory(event=long_ago)
    kept = InvitationFactory(event=recent, access_needs="Hearing loop")
    future = InvitationFactory(event=coming, dietary="Halal")

    result = erase_event_needs(today=TODAY)
    again = erase_event_needs(today=TODAY)

    assert (result, again) == ({"events": 1, "invitations": 1}, {"events": 0, "invitations": 0})
    assert [_needs(i) for i in (old, untold, kept, future)] == [
        ("", ""),
        ("", ""),
        ("Hearing loop", ""),
        ("", "Halal"),
    ]
    entry = AuditEntry.objects.get(action="events.retention.needs_erased")
    assert (entry.target_id, entry.data, entry.place) == (
        str(long_ago.pk),
        {"invitations": 1, "days_after": 7},
        place,
    )


def _message(place, *, days_old: float, status="kept", key=None):
    return OutboxMessage.objects.create(
        key=key or f"m-{days_old}-{status}",
        place=place,
        created_at=NOW - datetime.timedelta(days=days_old),
        from_email="joinedup@ilford.example",
        to=["amara@council.example"],
        subject="You are invited",
        body_text="Your personal link: https://joinedup.example/rsvp/1/abc/",
        body_html="<p>Your personal link</p>",
        raw=b"MIME",
        status=status,
    )


def test_outbox_bodies_are_erased_after_the_period_keeping_the_record(place, settings):
    settings.RETAIN_OUTBOX_BODY_DAYS = 90
    old = _message(place, days_old=91)
    young = _message(place, days_old=89)
    waiting = _message(place, days_old=120, status="queued")

    assert erase_outbox_bodies(now=NOW) == {"messages": 1}
    assert erase_outbox_bodies(now=NOW) == {"messages": 0}

    old.refresh_from_db()
    assert (old.subject, old.to, old.status, old.body_html, bytes(old.raw)) == (
        "You are invited",
        ["amara@council.example"],
        "kept",
        "",
        b"",
    )
    assert old.body_text == "[erased after 90 days: see the data-protection guide]"
    young.refresh_from_db()
    waiting.refresh_from_db()
    assert "personal link" in young.body_text and "personal link" in waiting.body_text
    (entry,) = AuditEntry.objects.filter(action="core.retention.outbox_erased")
    assert (entry.place, entry.data) == (place, {"messages": 1, "days": 90})


def test_feedback_free_text_is_erased_and_ticks_kept(place, settings):
    settings.RETAIN_FEEDBACK_TEXT_DAYS = 365
    event = EventFactory(place=place, date=datetime.date(2026, 2, 1))
    old = FeedbackResponse.objects.create(
        place=place,
        event=event,
        invitation=InvitationFactory(event=event),
        gained=["contacts"],
        what_next="Meet the DWP work coach",
        come_again="yes",
        comments="Loved the housing table",
        updated_at=NOW - datetime.timedelta(days=366),
    )
    young = FeedbackResponse.objects.create(
        place=place,
        event=event,
        invitation=InvitationFactory(event=event),
        come_again="maybe",
        comments="More time please",
        updated_at=NOW - datetime.timedelta(days=300),
    )

    assert erase_feedback_text(now=NOW) == {"answers": 1}

    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.what_next, old.comments, old.gained, old.come_again) == (
        "",
        "",
        ["contacts"],
        "yes",
    )
    assert young.comments == "More time please"
    entry = AuditEntry.objects.get(action="followup.retention.feedback_text_erased")
    assert (entry.target_id, entry.data) == (str(event.pk), {"answers": 1, "days": 365})


def test_import_batches_go_on_a_timer_and_the_job_is_audited(place, convenor):
    expired = ImportBatch.objects.create(
        place=place,
        created_by=convenor,
        filename="old.csv",
        file_type="csv",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    live = ImportBatch.objects.create(
        place=place, created_by=convenor, filename="new.csv", file_type="csv"
    )

    done = run_due(names={"directory.retention_import_batches"})

    assert done == {"directory.retention_import_batches": {"batches": 1}}
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [live.pk]
    assert not ImportBatch.objects.filter(pk=expired.pk).exists()
    entry = AuditEntry.objects.get(action="directory.retention.import_batches_deleted")
    assert entry.data == {"batches": 1}


def test_privacy_notice_says_the_periods_in_force(client, settings):
    settings.RETAIN_EVENT_NEEDS_DAYS = 14
    settings.RETAIN_OUTBOX_BODY_DAYS = 60
    settings.RETAIN_FEEDBACK_TEXT_DAYS = 180

    html = client.get("/privacy/").content.decode()

    assert "Deleted 14 days after the event." in html
    assert "The text is deleted 60 days after it was sent" in html
    assert "Deleted 180 days after you gave it" in html
    assert "table hosts see access needs on the check-in list" in html
