"""Publishing the report sends a link to everyone invited who did not decline, once per
version: members get the report page, others the public link when it is on; a PDF only when
the convenor chose it, stored once however many emails attach it (issue 17 item 15)."""

import email
import re

import pytest
from django.urls import reverse

from joinedup.core.mail import with_stored_attachments
from joinedup.core.models import Job, OutboxMessage, StoredFile
from joinedup.events.models import Event, Invitation
from joinedup.followup import dissemination, public
from joinedup.followup.report import report_for
from tests.events.factories import InvitationFactory


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def invited(held_event, place, make_member):
    came = InvitationFactory(
        event=held_event, email="came@council.example", status=Invitation.Status.ATTENDED
    )
    declined = InvitationFactory(
        event=held_event, email="declined@council.example", status=Invitation.Status.DECLINED
    )
    no_show = InvitationFactory(
        event=held_event, email="noshow@council.example", status=Invitation.Status.NO_SHOW
    )
    pending = InvitationFactory(
        event=held_event, email="Member@Council.example", status=Invitation.Status.PENDING
    )
    # the last one has a role in the place: a member, who signs in to read the report
    make_member(place, "practitioner", email="member@council.example")
    return came, declined, no_show, pending


def _report_messages():
    return OutboxMessage.objects.filter(key__startswith="report:")


def _publish(client, place, event, django_capture_on_commit_callbacks, **data):
    url = reverse("followup:report_publish", args=[place.slug, event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data)


def test_publishing_sends_to_everyone_but_those_who_declined_once(
    convenor_client, place, held_event, invited, django_capture_on_commit_callbacks
):
    response = _publish(convenor_client, place, held_event, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="followup.disseminate")
    assert response["Location"] == reverse("job", args=[place.slug, job.pk])
    assert (job.status, job.result["sent"], job.result["people"]) == ("done", 3, 3)
    assert sorted(to for m in _report_messages() for to in m.to) == [
        "Member@Council.example",
        "came@council.example",
        "noshow@council.example",
    ]
    held_event.refresh_from_db()
    assert held_event.status == Event.Status.OUTPUTS_PUBLISHED

    # the job again (a retry) sends nothing more
    report = report_for(held_event)
    assert dissemination.send_report(report.pk, report.version)["sent"] == 0
    assert _report_messages().count() == 3


def test_without_a_pdf_members_get_the_page_and_others_no_link_while_public_is_off(
    convenor_client, place, held_event, invited, django_capture_on_commit_callbacks
):
    _publish(convenor_client, place, held_event, django_capture_on_commit_callbacks)
    member = _report_messages().get(to=["Member@Council.example"])
    outsider = _report_messages().get(to=["came@council.example"])
    report_path = f"/p/ilford/outputs/events/{held_event.pk}/report/"
    assert member.attachments == []
    assert f"http://testserver{report_path}" in member.body_text
    assert "sign in" in member.body_text
    assert report_path not in outsider.body_text
    assert "ask Ilford (Redbridge)'s convenor for a copy" in outsider.body_text
    assert outsider.attachments == []
    assert "Thank you for coming" in outsider.body_text
    assert "could not come" in _report_messages().get(to=["noshow@council.example"]).body_text
    assert StoredFile.objects.count() == 0


def test_others_get_the_public_link_when_it_is_on(
    convenor_client, place, convenor, held_event, invited, django_capture_on_commit_callbacks
):
    report = report_for(held_event)
    token = public.turn_on(
        report=report, actor=convenor, sections=["attendance"], case_study_text=False
    )
    _publish(convenor_client, place, held_event, django_capture_on_commit_callbacks)
    outsider = _report_messages().get(to=["came@council.example"])
    member = _report_messages().get(to=["Member@Council.example"])
    assert f"http://testserver/report/{token}/" in outsider.body_text
    assert "no sign-in needed" in outsider.body_text
    assert token not in member.body_text
    parsed = email.message_from_bytes(bytes(outsider.raw))
    assert parsed["Reply-To"] == convenor.email


def test_a_chosen_pdf_is_stored_once_and_attached_on_delivery(
    convenor_client, place, held_event, invited, django_capture_on_commit_callbacks
):
    _publish(
        convenor_client, place, held_event, django_capture_on_commit_callbacks, attach_pdf="on"
    )
    stored = StoredFile.objects.get()
    report = report_for(held_event)
    assert stored.key == f"report:{report.pk}:v1:pdf"
    assert bytes(stored.content).startswith(b"%PDF")
    messages = list(_report_messages())
    assert len(messages) == 3
    for message in messages:
        assert message.attachments == [
            {
                "filename": "ilford-joined-up-day-report.pdf",
                "content_type": "application/pdf",
                "stored_file": stored.pk,
            }
        ]
        # the outbox row does not hold the PDF's bytes
        assert b"%PDF" not in bytes(message.raw)
        assert "attached as a PDF" in message.body_text
    # delivery attaches the one stored copy
    sent = email.message_from_bytes(
        with_stored_attachments(messages[0].raw, messages[0].attachments)
    )
    pdfs = [p for p in sent.walk() if p.get_content_type() == "application/pdf"]
    assert [p.get_filename() for p in pdfs] == ["ilford-joined-up-day-report.pdf"]
    assert pdfs[0].get_payload(decode=True) == bytes(stored.content)
    assert report.attach_pdf is True


def test_publishing_an_update_sends_the_new_version_once_more(
    place, convenor, held_event, invited, django_capture_on_commit_callbacks
):
    report = report_for(held_event)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            dissemination.publish(report=report, actor=convenor, attach_pdf=True)
    report.refresh_from_db()
    assert report.version == 2
    assert _report_messages().count() == 6
    # one stored PDF per version, not one per message
    assert StoredFile.objects.count() == 2
    assert sorted(m.subject for m in _report_messages().filter(to=["came@council.example"])) == [
        "The report of Ilford joined-up day",
        "The report of Ilford joined-up day (updated)",
    ]


def test_the_publish_page_says_who_gets_what(convenor_client, place, held_event, invited):
    page = convenor_client.get(
        reverse("followup:report_publish", args=[place.slug, held_event.pk])
    ).content.decode()
    text = re.sub(r"\s+", " ", page)
    assert "to the 3 people invited who did not decline" in text
    assert "The 1 who declined are not sent it" in text
    assert "Also attach the report as a PDF" in text
    assert "because the" in text and "public link</a> is off" in text
