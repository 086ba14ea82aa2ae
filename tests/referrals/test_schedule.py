"""The clock moves past a referral's due time: one reminder, then one escalation, the referrer
told; then expiry. Retention erases the person's details and leaves the figures unchanged."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.referrals import services
from joinedup.referrals.figures import figures_for_place
from joinedup.referrals.models import Referral
from tests.directory.factories import ContactFactory
from tests.referrals.factories import MONDAY_10AM, joinedup_step, send

UTC = datetime.UTC
DUE = datetime.datetime(2026, 1, 14, 10, tzinfo=UTC)  # 16 working hours after MONDAY_10AM
ESCALATE = datetime.datetime(2026, 1, 15, 10, tzinfo=UTC)  # 8 working hours after DUE
pytestmark = pytest.mark.django_db


def _subjects():
    return [
        (m.to, m.subject.rsplit(" (", 1)[0])
        for m in OutboxMessage.objects.order_by("created_at", "id")
    ]


def test_reminder_then_escalation_as_a_linked_referral_each_once(
    place, team, mash, step, practitioner, receiver
):
    joinedup_step(place=place, services=[mash], level=3, hours=4, need_code="child-at-risk")
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    minute = datetime.timedelta(minutes=1)
    tick = services.send_due_referral_reminders
    assert tick(now=DUE - minute) == {"reminded": 0, "escalated": 0, "expired": 0}
    assert tick(now=DUE) == {"reminded": 1, "escalated": 0, "expired": 0}
    assert tick(now=DUE + minute) == {"reminded": 0, "escalated": 0, "expired": 0}
    assert tick(now=ESCALATE) == {"reminded": 0, "escalated": 1, "expired": 0}
    assert tick(now=ESCALATE + minute) == {"reminded": 0, "escalated": 0, "expired": 0}
    referral.refresh_from_db()
    linked = referral.escalation
    assert (referral.reminded_at, referral.escalated_at) == (DUE, ESCALATE)
    assert (linked.to_service, linked.source, linked.level, linked.person_name) == (
        mash,
        "escalation",
        3,
        "Jamie Example",
    )
    # the linked referral is due 4 working hours after Thursday 10:00
    assert linked.due_at == datetime.datetime(2026, 1, 15, 14, tzinfo=UTC)
    assert _subjects()[1:] == [
        (["rory@redbridge.example"], "Reply overdue: referral for Ilford Early Help"),
        (["mash@redbridge.example"], "Escalated referral for Ilford MASH"),
        (["priya@nhs.example"], "Referral escalated: no answer from Ilford Early Help"),
    ]


def test_escalation_to_a_service_outside_joinedup_is_a_notice_to_its_contacts(
    place, team, mash, step, practitioner
):
    ContactFactory(service=mash, name="Duty Manager", email="duty.manager@redbridge.example")
    send(place=place, referrer=practitioner, to_service=team, step=step)
    services.send_due_referral_reminders(now=ESCALATE)
    services.send_due_referral_reminders(now=ESCALATE)
    assert Referral.objects.count() == 1
    assert _subjects()[2:] == [
        (
            ["duty.manager@redbridge.example", "mash@redbridge.example"],
            "Escalation: a referral to Ilford Early Help is unanswered",
        ),
        (["priya@nhs.example"], "Referral escalated: no answer from Ilford Early Help"),
    ]


def test_an_answered_referral_is_neither_reminded_nor_escalated(
    place, team, step, practitioner, receiver
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    services.accept_referral(
        referral=referral, actor=receiver, now=DUE - datetime.timedelta(hours=1)
    )
    assert services.send_due_referral_reminders(now=ESCALATE) == {
        "reminded": 0,
        "escalated": 0,
        "expired": 0,
    }


def test_an_unanswered_referral_expires_after_30_days_and_the_referrer_is_told(
    place, team, step, practitioner
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    services.send_due_referral_reminders(now=ESCALATE)
    day_30 = MONDAY_10AM + datetime.timedelta(days=30)
    assert services.send_due_referral_reminders(now=day_30)["expired"] == 1
    assert services.send_due_referral_reminders(now=day_30)["expired"] == 0
    referral.refresh_from_db()
    assert (referral.state, referral.closed_at) == ("expired", day_30)
    assert _subjects()[-1] == (["priya@nhs.example"], "Referral expired")


def test_erasure_after_retention_keeps_the_figures_and_audits_each(
    place, team, step, practitioner, receiver, settings
):
    settings.REFERRAL_RETENTION_DAYS = 90
    closed = []
    for hours, reason in ((2, "no-capacity"), (5, None), (30, None)):
        r = send(place=place, referrer=practitioner, to_service=team, step=step)
        at = MONDAY_10AM + datetime.timedelta(hours=hours)
        if reason:
            services.decline_referral(referral=r, actor=receiver, reason=reason, now=at)
        else:
            services.accept_referral(referral=r, actor=receiver, now=at)
            services.complete_referral(referral=r, actor=receiver, outcome="got-help", now=at)
        closed.append(r)
    still_open = send(place=place, referrer=practitioner, to_service=team, step=step)
    now = datetime.datetime(2026, 6, 1, tzinfo=UTC)
    before = figures_for_place(place=place, now=now)
    day_89 = MONDAY_10AM + datetime.timedelta(days=89, hours=30)
    assert services.erase_referral_details(now=day_89) == 2  # closed at +2h and +5h
    assert services.erase_referral_details(now=now) == 1
    assert services.erase_referral_details(now=now) == 0
    assert figures_for_place(place=place, now=now) == before
    for r in closed:
        r.refresh_from_db()
        assert (r.person_name, r.person_contact, r.reason, r.how_to_engage) == ("", "", "", "")
        assert r.erased_at is not None
    still_open.refresh_from_db()
    assert still_open.person_name == "Jamie Example"
    assert AuditEntry.objects.filter(action="referrals.referral.erased").count() == 3
    assert services.read_person(referral=closed[0], actor=practitioner) == {}


def test_the_command_sends_what_is_due_now(place, team, practitioner, settings):
    settings.REFERRAL_HOURS = "calendar"
    quick = joinedup_step(place=place, services=[team], hours=1, need_code="homelessness")
    sent = timezone.now() - datetime.timedelta(hours=3)
    services.send_referral(
        place=place,
        referrer=practitioner,
        to_service=team,
        need=quick.version.pathway.need,
        level=2,
        step=quick,
        source="plan",
        person_name="Sam Example",
        person_contact="07700 900456",
        consent="given",
        referrer_contact="020 7946 0456",
        now=sent,
    )
    out = io.StringIO()
    call_command("send_due_referral_reminders", stdout=out)
    call_command("send_due_referral_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 reminded, 0 escalated, 0 expired",
        "0 reminded, 0 escalated, 0 expired",
    ]
