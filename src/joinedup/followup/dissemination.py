"""Publishing the report and sending it to everyone invited who did not decline: the people
who came and the people who could not.

Each email carries a link, not the report: people with a role in the place get the report
page (they sign in), others the public link when the convenor turned it on (only what was
marked public), or no link. A PDF is attached only when the convenor chose it, and then one
stored copy per version (core.StoredFile) serves every message: outbox rows name it.

Sending has the same idempotency as invitations: one outbox row per (report version,
invitation) under a fixed key, so a retried or restarted job sends nobody the same version
twice, and publishing a corrected version sends it once more to each.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from joinedup.core.audit import log_action
from joinedup.core.jobs import run_job, start_job
from joinedup.core.mail import send_email, store_file
from joinedup.core.models import OutboxMessage, User
from joinedup.events.models import Event, Invitation
from joinedup.followup.documents import filename, render_pdf
from joinedup.followup.models import Report
from joinedup.followup.public import public_url
from joinedup.followup.report import build_report

REPORT_KEY = "report:{report}:v{version}:{invitation}"


def report_url(event: Event) -> str:
    path = reverse("followup:report", kwargs={"place_slug": event.place.slug, "event_id": event.pk})
    return f"{settings.SITE_URL}{path}"


def recipients(event: Event):
    """Everyone invited who did not decline, whether they came or not."""
    return (
        Invitation.objects.filter(event=event)
        .exclude(status=Invitation.Status.DECLINED)
        .order_by("pk")
    )


def declined(event: Event):
    return Invitation.objects.filter(event=event, status=Invitation.Status.DECLINED)


def member_addresses(place) -> set[str]:
    """The email addresses of people with a role in the place (active accounts)."""
    return {
        e.lower()
        for e in User.objects.filter(memberships__place=place, is_active=True).values_list(
            "email", flat=True
        )
    }


def publish(*, report: Report, actor, attach_pdf: bool | None = None):
    """Publish the report as a new version, mark the event's outputs published, and start
    sending it to everyone invited; return the job."""
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
        if attach_pdf is not None:
            report.attach_pdf = attach_pdf
        report.save(
            update_fields=["status", "version", "published_at", "published_by", "attach_pdf"]
        )
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
            data={
                "event": report.event_id,
                "version": report.version,
                "job": str(job.pk),
                "attach_pdf": report.attach_pdf,
            },
        )
    return job


def compose(
    report: Report,
    invitation: Invitation,
    *,
    came: bool,
    member: bool = True,
    public_link: str = "",
    pdf: bool = False,
) -> dict:
    """The email of one person: a link to the report page for a member, the public link (or
    none) for anyone else; says whether a PDF is attached."""
    event = report.event
    link = report_url(event) if member else public_link
    context = {
        "invitation": invitation,
        "event": event,
        "report": report,
        "came": came,
        "link": link,
        "member": member,
        "pdf": pdf,
        "service_name": settings.SERVICE_NAME,
    }
    text = render_to_string("followup/email/report.txt", context)
    subject, _, body = text.strip().partition("\n")
    html = render_to_string("followup/email/report.html", {**context, "subject": subject})
    return {"subject": subject.strip(), "body_text": body.strip() + "\n", "body_html": html}


def send_report(report_id: int, version: int, *, progress=None) -> dict:
    """Send one published version of a report to everyone invited who did not decline, once
    each: a link, and the PDF (one stored copy) only when the convenor chose it."""
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
        stored = []
        if report.attach_pdf:
            data = build_report(event, report=report)
            stored = [
                store_file(
                    key=f"report:{report.pk}:v{version}:pdf",
                    filename=filename(data, "pdf"),
                    content_type="application/pdf",
                    content=lambda: render_pdf(data),
                    place=event.place,
                )
            ]
        members = member_addresses(event.place)
        public_link = public_url(report)
        reply_to = [report.published_by.email] if report.published_by_id else []
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
                stored_attachments=stored,
                reply_to=reply_to,
                **compose(
                    report,
                    invitation,
                    came=came,
                    member=address in members,
                    public_link=public_link,
                    pdf=bool(stored),
                ),
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


@task()
def disseminate_report_task(*, job_id: str, report_id: int, version: int) -> dict:
    """Send a published report to everyone invited, with progress on the job."""
    return run_job(job_id, lambda progress: send_report(report_id, version, progress=progress))
