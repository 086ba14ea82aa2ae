"""Publishing the report sends it, with its PDF, to everyone invited: once per version."""

import email

import pytest
from django.urls import reverse

from joinedup.core.models import Job, OutboxMessage
from joinedup.events.models import Event, Invitation
from joinedup.followup import dissemination
from joinedup.followup.report import report_for
from tests.events.factories import InvitationFactory


@pytest.fixture
def invited(held_event):
    came = InvitationFactory(
        event=held_event, email="came@council.example", status=Invitation.Status.ATTENDED
    )
    declined = InvitationFactory(
        event=held_event, email="declined@council.example", status=Invitation.Status.DECLINED
    )
    no_show = InvitationFactory(
        event=held_event, email="noshow@council.example", status=Invitation.Status.NO_SHOW
    )
    return came, declined, no_show


def _report_messages():
    return OutboxMessage.objects.filter(key__startswith="report:")


def test_publishing_sends_to_attendees_and_those_who_could_not_come_once(
    convenor_client, place, held_event, invited, django_capture_on_commit_callbacks
):
    url = reverse("followup:report_publish", args=[place.slug, held_event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(url)
    job = Job.objects.get(kind="followup.disseminate")
    assert response["Location"] == reverse("job", args=[place.slug, job.pk])
    assert (job.status, job.result["sent"], job.result["people"]) == ("done", 3, 3)
    assert sorted(to for m in _report_messages() for to in m.to) == [
        "came@council.example",
        "declined@council.example",
        "noshow@council.example",
    ]
    held_event.refresh_from_db()
    assert held_event.status == Event.Status.OUTPUTS_PUBLISHED

    # the job again (a retry) sends nothing more
    report = report_for(held_event)
    assert dissemination.send_report(report.pk, report.version)["sent"] == 0
    assert _report_messages().count() == 3


def test_the_email_carries_the_pdf_and_says_why(
    convenor_client, place, held_event, invited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        convenor_client.post(reverse("followup:report_publish", args=[place.slug, held_event.pk]))
    came = _report_messages().get(to=["came@council.example"])
    declined = _report_messages().get(to=["declined@council.example"])
    assert came.attachments == [
        {"filename": "ilford-joined-up-day-report.pdf", "content_type": "application/pdf"}
    ]
    assert "Thank you for coming" in came.body_text
    assert "could not come" in declined.body_text
    parsed = email.message_from_bytes(bytes(came.raw))
    pdfs = [p for p in parsed.walk() if p.get_content_type() == "application/pdf"]
    assert pdfs[0].get_payload(decode=True).startswith(b"%PDF")
    assert f"/p/ilford/outputs/events/{held_event.pk}/report/" in came.body_text


def test_publishing_an_update_sends_the_new_version_once_more(
    place, convenor, held_event, invited, django_capture_on_commit_callbacks
):
    report = report_for(held_event)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            dissemination.publish(report=report, actor=convenor)
    report.refresh_from_db()
    assert report.version == 2
    assert _report_messages().count() == 6
    assert sorted(m.subject for m in _report_messages().filter(to=["came@council.example"])) == [
        "The report of Ilford joined-up day",
        "The report of Ilford joined-up day (updated)",
    ]
