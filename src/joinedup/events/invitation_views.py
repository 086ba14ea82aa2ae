"""Convenor pages for the invitation list: build it, see its coverage and forecast, send it,
and remind people."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.core.permissions import place_view
from joinedup.directory.imports.services import SpreadsheetError
from joinedup.events import invitations, nominations, reminders, rsvp, sending
from joinedup.events.forms import (
    AddByEmailForm,
    ContactFilterForm,
    ImportForm,
    PhoneAnswerForm,
    ReminderForm,
)
from joinedup.events.models import Invitation, Reminder
from joinedup.events.turnout import event_forecast
from joinedup.events.views import event_for

STATUS_FILTERS = [("", "Everyone"), *Invitation.Status.choices]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@place_view("events.manage")
def invitation_list(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """The list with its coverage of the expected sectors and the turnout forecast."""
    event = event_for(request, event_id)
    rows = event.invitations.all()
    status = request.GET.get("status", "")
    if status in Invitation.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("sector_name", "name"), 100).get_page(request.GET.get("page"))
    counts = dict(event.invitations.values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "events/invitations.html",
        {
            "page_title": f"Invitations: {event.title}",
            "event": event,
            "page": page,
            "query": f"status={status}" if status else "",
            "status": status,
            "status_filters": [
                (v, label, counts.get(v, 0) if v else sum(counts.values()))
                for v, label in STATUS_FILTERS
            ],
            "unsent": sending.unsent(event).count(),
            "forecast": event_forecast(event),
            "delivery": sending.delivery_summary(event),
            "held": nominations.held(event),
        },
    )


@place_view("events.manage")
def invitation_add(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Pick invitees from the directory by sector, team and need."""
    event = event_for(request, event_id)
    if request.method == "POST":
        chosen = [pk for pk in request.POST.getlist("contact") if _is_uuid(pk)]
        contacts = invitations.find_contacts(request.place, with_email=None).filter(pk__in=chosen)
        added, existing = invitations.invite_contacts(
            event=event, contacts=contacts, actor=request.user
        )
        if not chosen:
            messages.error(request, "Select at least one person to invite")
        else:
            text = f"Added {added} {'person' if added == 1 else 'people'} to the list"
            if existing:
                text += f"; {existing} {'was' if existing == 1 else 'were'} already on it"
            messages.success(request, text)
        return redirect(f"{request.path}?{request.POST.get('query', '')}")
    form = ContactFilterForm(request.GET or None, place=request.place)
    candidates = without_email = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = {
            "sectors": data["sector"],
            "teams": [data["team"]] if data["team"] else [],
            "needs": [data["need"]] if data["need"] else [],
            "text": data["text"],
        }
        found = invitations.find_contacts(request.place, **chosen)[:300]
        candidates = invitations.candidates_for(event, found)
        # Contacts without an email are not dropped: they are counted and can be invited by
        # phone or post (issue 17 item 4).
        no_email = invitations.find_contacts(request.place, with_email=False, **chosen)[:300]
        without_email = invitations.candidates_for(event, no_email)
    return render(
        request,
        "events/invitation_add.html",
        {
            "page_title": "Invite people from the directory",
            "event": event,
            "form": form,
            "candidates": candidates,
            "without_email": without_email,
            "query": request.GET.urlencode(),
            "forecast": event_forecast(event),
        },
    )


@place_view("events.manage")
def invitation_add_email(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    event = event_for(request, event_id)
    form = AddByEmailForm(request.POST if request.method == "POST" else None, place=request.place)
    if request.method == "POST" and form.is_valid():
        invitation, created = invitations.invite_by_email(
            event=event, actor=request.user, **form.cleaned_data
        )
        if created:
            messages.success(request, f"Added {invitation.name} to the list")
        else:
            messages.success(request, f"{invitation.email} is already on the list")
        return redirect("events:invitations", place_slug=place_slug, event_id=event.pk)
    return render(
        request,
        "events/simple_form.html",
        {
            "page_title": "Add someone by email",
            "event": event,
            "form": form,
            "button": "Add to the list",
            "back": "events:invitations",
        },
    )


@place_view("events.manage")
def invitation_import(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Add people from a spreadsheet, all or nothing, with a report of every problem."""
    event = event_for(request, event_id)
    form = ImportForm(
        *((request.POST, request.FILES) if request.method == "POST" else (None, None))
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = invitations.import_invitees(
                event=event, data=upload.read(), filename=upload.name, actor=request.user
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            if result.problems:
                problems = result.problems
                form.add_error(
                    "file",
                    f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''}. "
                    "Nobody was added. Correct the rows below and upload it again",
                )
            else:
                messages.success(
                    request,
                    f"Added {result.added} {'person' if result.added == 1 else 'people'}"
                    + (f"; {result.existing} already on the list" if result.existing else ""),
                )
                return redirect("events:invitations", place_slug=place_slug, event_id=event.pk)
    return render(
        request,
        "events/import.html",
        {"page_title": "Import a list", "event": event, "form": form, "problems": problems},
    )


@place_view("events.manage")
def invitation_detail(request: HttpRequest, place_slug: str, event_id: int, invitation_id: int):
    event = event_for(request, event_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, event=event)
    return render(
        request,
        "events/invitation.html",
        {"page_title": invitation.name, "event": event, "invitation": invitation},
    )


@place_view("events.manage")
def invitation_phone_answer(
    request: HttpRequest, place_slug: str, event_id: int, invitation_id: int
) -> HttpResponse:
    """Record an answer the convenor took by phone on the person's behalf."""
    event = event_for(request, event_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, event=event)
    initial = {"access_needs": invitation.access_needs, "dietary": invitation.dietary}
    form = PhoneAnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = rsvp.record_answer_by_phone(
                invitation=invitation,
                actor=request.user,
                choice=form.cleaned_data["answer"],
                access_needs=form.cleaned_data["access_needs"],
                dietary=form.cleaned_data["dietary"],
            )
        except rsvp.PhoneAnswerRefused as error:
            form.add_error("answer", str(error))
        else:
            messages.success(
                request,
                f"Recorded {invitation.name}'s answer taken by phone: "
                f"{outcome.invitation.get_status_display().lower()}",
            )
            return redirect(
                "events:invitation",
                place_slug=place_slug,
                event_id=event.pk,
                invitation_id=invitation.pk,
            )
    return render(
        request,
        "events/simple_form.html",
        {
            "page_title": f"Record an answer taken by phone: {invitation.name}",
            "event": event,
            "form": form,
            "button": "Record the answer",
            "back": "events:invitations",
        },
    )


@require_POST
@place_view("events.manage")
def invitation_remove(request: HttpRequest, place_slug: str, event_id: int, invitation_id: int):
    event = event_for(request, event_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, event=event)
    try:
        invitations.remove_invitation(invitation=invitation, actor=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed {invitation.name} from the list")
    return redirect("events:invitations", place_slug=place_slug, event_id=event.pk)


@require_POST
@place_view("events.manage")
def nomination_review(
    request: HttpRequest, place_slug: str, event_id: int, invitation_id: int
) -> HttpResponse:
    """Approve (send the invitation) or refuse (remove) a nomination held for a convenor."""
    event = event_for(request, event_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, event=event)
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "refuse"):
        return HttpResponseBadRequest(
            "Choose whether to approve or refuse the nomination (decision must be approve or "
            "refuse)",
            content_type="text/plain",
        )
    try:
        nominations.review_nomination(
            invitation=invitation, approve=decision == "approve", actor=request.user
        )
    except nominations.NominationNotHeld:
        messages.error(request, f"The nomination of {invitation.name} is not waiting for review")
    else:
        if decision == "approve":
            messages.success(request, f"Approved: {invitation.name} will get an invitation")
        else:
            messages.success(request, f"Refused: {invitation.name} will not be invited")
    return redirect("events:invitations", place_slug=place_slug, event_id=event.pk)


@place_view("events.manage")
def send(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Preview the email, confirm ("Send 97 invitations?"), then send as a background job."""
    event = event_for(request, event_id)
    rows = sending.unsent(event)
    count = rows.count()
    if request.method == "POST":
        if count == 0:
            messages.error(request, "There are no invitations waiting to be sent")
            return redirect("events:invitations", place_slug=place_slug, event_id=event.pk)
        if request.POST.get("count") != str(count):
            messages.error(
                request,
                "The list changed while you were looking at it. Check the number and send again",
            )
            return redirect("events:send", place_slug=place_slug, event_id=event.pk)
        job = sending.start_sending(event=event, actor=request.user)
        return redirect("job", place_slug=place_slug, job_id=job.pk)
    first = rows.select_related("event", "event__place").first()
    preview = None
    if first is not None:
        preview = sending.compose_invitation(first, "their-personal-link")
    return render(
        request,
        "events/send.html",
        {
            "page_title": f"Send {count} invitation{'s' if count != 1 else ''}?",
            "event": event,
            "count": count,
            "first": first,
            "preview": preview,
            "sectors": rows.values("sector_name")
            .annotate(n=Count("pk"))
            .order_by("-n", "sector_name"),
        },
    )


@place_view("events.manage")
def reminder_list(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Remind people who have not replied, or who have accepted: now or at a time."""
    event = event_for(request, event_id)
    form = ReminderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reminder = reminders.schedule_reminder(
            event=event,
            actor=request.user,
            group=data["group"],
            send_at=data["send_at"],
            message=data["message"],
        )
        if data["send_at"] is None:
            job = reminders.start_reminder(reminder=reminder, actor=request.user)
            return redirect("job", place_slug=place_slug, job_id=job.pk)
        messages.success(request, f"The reminder will go on {data['send_at']:%-d %B %Y at %H:%M}")
        return redirect("events:reminders", place_slug=place_slug, event_id=event.pk)
    groups = []
    for value, label in Reminder.Group.choices:
        probe = Reminder(event=event, group=value)
        groups.append((label, reminders.recipients(probe).count()))
    return render(
        request,
        "events/reminders.html",
        {
            "page_title": "Reminders",
            "event": event,
            "form": form,
            "groups": groups,
            "reminders": event.reminders.order_by("-send_at"),
        },
    )
