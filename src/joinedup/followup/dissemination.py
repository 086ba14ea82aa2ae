"""Publishing the report and sending it to everyone invited: the people who came and the
people who could not.

Sending has the same idempotency as invitations: one outbox row per (report version,
invitation) under a fixed key, so a retried or restarted job sends nobody the same version
twice, and publishing a corrected version sends it once more to each.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.jobs import start_job
from joinedup.core.mail import send_email
from joinedup.core.models import OutboxMessage
from joinedup.events.models import Event, Invitation
from joinedup.followup.documents import filename, render_pdf
from joinedup.followup.models import Report
from joinedup.followup.report import build_report

REPORT_KEY = "report:{report}:v{version}:{invitation}"


def report_url(event: Event) -> str:
    path = reverse("followup:report", kwargs={"place_slug": event.place.slug, "event_id": event.pk})
    return f"{settings.SITE_URL}{path}"


def recipients(event: Event):
    """Everyone invited, whether they came or not, one row per address."""
    return Invitation.objects.filter(event=event).order_by("pk")


def publish(*, report: Report, actor):
    """Publish the report as a new version, mark the event's outputs published, and start
    sending it to everyone invited; return the job."""
    from joinedup.followup.tasks import disseminate_report_task

    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .select_related("event", "event__place")
            .get(pk=report.pk)
        )
        report.status = Report.Status.PUBLISHED
        report.version += 1
        report.published_at = timezone.now()
        report.published_by = actor
        report.save(update_fields=["status", "version", "published_at", "published_by"])
        Event.objects.filter(pk=report.event_id).update(status=Event.Status.OUTPUTS_PUBLISHED)
        total = recipients(report.event).count()
        job = start_job(
            place=report.event.place,
            user=actor,
            kind="followup.disseminate",
            title=f"Sending the report of {report.event.title} to {total} people",
            task=disseminate_report_task,
            report_id=report.pk,
            version=report.version,
        )
        log_action(
            "followup.report.published",
            actor=actor,
            target=report,
            data={"event": report.event_id, "version": report.version, "job": str(job.pk)},
        )
    return job


def compose(report: Report, invitation: Invitation, *, came: bool) -> dict:
    event = report.event
    context = {
        "invitation": invitation,
        "event": event,
        "report": report,
        "came": came,
        "link": report_url(event),
        "service_name": settings.SERVICE_NAME,
    }
    text = render_to_string("followup/email/report.txt", context)
    subject, _, body = text.strip().partition("\n")
    html = render_to_string("followup/email/report.html", {**context, "subject": subject})
    return {"subject": subject.strip(), "body_text": body.strip() + "\n", "body_html": html}


def send_report(report_id: int, version: int, *, progress=None) -> dict:
    """Send one published version of a report, with its PDF, to everyone invited, once each."""
    report = Report.objects.select_related("event", "event__place").get(pk=report_id)
    event = report.event
    invitations = list(recipients(event))
    keys = {
        i.pk: REPORT_KEY.format(report=report.pk, version=version, invitation=i.pk)
        for i in invitations
    }
    already = set(OutboxMessage.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    waiting = [i for i in invitations if keys[i.pk] not in already]
    sent = 0
    if waiting:
        data = build_report(event, report=report)
        pdf = render_pdf(data)
        name = filename(data, "pdf")
        seen_addresses = set()
        for done, invitation in enumerate(waiting, start=1):
            address = invitation.email.lower()
            if address in seen_addresses:
                continue
            seen_addresses.add(address)
            came = invitation.status == Invitation.Status.ATTENDED
            _, created = send_email(
                key=keys[invitation.pk],
                to=[invitation.email],
                place=event.place,
                attachments=[(name, pdf, "application/pdf")],
                **compose(report, invitation, came=came),
            )
            sent += created
            if progress and (done % 10 == 0 or done == len(waiting)):
                progress(len(invitations) - len(waiting) + done, len(invitations))
    log_action(
        "followup.report.sent",
        target=report,
        data={"event": event.pk, "version": version, "sent": sent, "people": len(invitations)},
    )
    return {
        "sent": sent,
        "people": len(invitations),
        "url": reverse(
            "followup:report", kwargs={"place_slug": event.place.slug, "event_id": event.pk}
        ),
    }
