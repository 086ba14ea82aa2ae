"""Actions: confirmed from what the tables proposed, updated by their owners, chased when late."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.mail import send_email
from joinedup.directory.models import Service
from joinedup.events.models import Event
from joinedup.followup import rules, sources
from joinedup.followup.models import Action, ActionUpdate
from joinedup.pathways.kits import findings_for_place

OPEN = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)
FINISHED = (Action.Status.DONE, Action.Status.DROPPED)
REMINDER_KEY = "action-overdue:{pk}:{day}"
ASSIGNED_KEY = "action-assigned:{pk}:{email}"


def initial_from_proposal(proposal) -> dict:
    """What a table proposed, as the starting values of the confirm form."""
    first_line = proposal.what.strip().splitlines()[0] if proposal.what.strip() else "Action"
    return {
        "title": first_line[:200],
        "description": proposal.what.strip(),
        "owner_team": proposal.owner_id,
        "due_date": proposal.by_when,
        "case_study": proposal.capture.case_study_id,
    }


def confirm_action(
    *,
    place,
    actor,
    title: str,
    event=None,
    proposal=None,
    description: str = "",
    owner_team=None,
    owner_user=None,
    owner_contact=None,
    due_date: datetime.date | None = None,
    needs_centre: bool = False,
    themes=(),
    case_study=None,
    intervention_point=None,
) -> tuple[Action, bool]:
    """Confirm an action, from a table's proposal or the summary discussion; return it and
    whether it is new. Confirming the same proposal again returns the action it made."""
    if proposal is not None:
        existing = Action.objects.filter(proposed_action=proposal).first()
        if existing is not None:
            return existing, False
        case_study = case_study or proposal.capture.case_study
    try:
        with transaction.atomic():
            action = Action.objects.create(
                place=place,
                event=event,
                title=title,
                description=description,
                owner_team=owner_team,
                owner_user=owner_user,
                owner_contact=owner_contact,
                due_date=due_date,
                needs_centre=needs_centre,
                case_study=case_study,
                intervention_point=intervention_point,
                proposed_action=proposal,
                created_by=actor,
            )
            action.themes.set(themes)
            log_action(
                "followup.action.confirmed",
                actor=actor,
                target=action,
                data={
                    "event": event.pk if event else None,
                    "proposal": str(proposal.pk) if proposal else None,
                    "owner_team": str(owner_team.pk) if owner_team else None,
                    "due": due_date.isoformat() if due_date else None,
                },
            )
            _tell_owner_on_commit(action)
    except IntegrityError:
        # The same proposal confirmed twice at once: the other request made it.
        existing = Action.objects.filter(proposed_action=proposal).first()
        if proposal is None or existing is None:
            raise
        return existing, False
    return action, True


def edit_action(*, action: Action, actor, **fields) -> Action:
    """Change what an action is, who owns it and by when (convenors)."""
    themes = fields.pop("themes", None)
    with transaction.atomic():
        owner_before = action.owner_email
        for name, value in fields.items():
            setattr(action, name, value)
        action.updated_at = timezone.now()
        action.save()
        if themes is not None:
            action.themes.set(themes)
        log_action(
            "followup.action.edited", actor=actor, target=action, data={"fields": sorted(fields)}
        )
        if action.owner_email != owner_before:
            _tell_owner_on_commit(action)  # a new owner is told, once per address
    return action


def _tell_owner_on_commit(action: Action) -> None:
    action_id = action.pk
    transaction.on_commit(lambda: send_assigned_email(action_id))


def send_assigned_email(action_id: int) -> bool:
    """Tell an action's owner they have it, with a link; once per action and address (an
    owner given the same action again is not told twice). Return whether this call wrote it."""
    action = (
        Action.objects.select_related("place", "owner_team", "owner_user", "owner_contact", "event")
        .filter(pk=action_id, status__in=OPEN)
        .first()
    )
    email = action.owner_email if action is not None else ""
    if not email:
        return False
    context = {"action": action, "link": action_url(action), "service_name": settings.SERVICE_NAME}
    text = render_to_string("followup/email/assigned.txt", context)
    subject, _, body = text.strip().partition("\n")
    html = render_to_string("followup/email/assigned.html", {**context, "subject": subject})
    _, created = send_email(
        key=ASSIGNED_KEY.format(pk=action.pk, email=email.lower())[:200],
        to=[email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        body_html=html,
        place=action.place,
    )
    if created:
        log_action("followup.action.owner_told", target=action, data={"due": str(action.due_date)})
    return created


def update_action(
    *, action: Action, actor, status: str = "", note: str = "", dropped_reason: str = ""
) -> ActionUpdate:
    """Record progress on an action: a note, a new status, or both. Dropping needs a reason;
    reopening a dropped action clears it."""
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        status = status or action.status
        if status not in Action.Status.values:
            raise ValidationError("Select a status")
        if status == Action.Status.DROPPED and not (dropped_reason or "").strip():
            raise ValidationError("Enter why the action was dropped")
        if status == action.status and not note.strip() and status != Action.Status.DROPPED:
            raise ValidationError("Enter a progress note or choose a new status")
        before = action.status
        now = timezone.now()
        action.status = status
        action.dropped_reason = dropped_reason.strip() if status == Action.Status.DROPPED else ""
        if status in FINISHED and before not in FINISHED:
            action.finished_at = now
        elif status in OPEN:
            action.finished_at = None
        action.updated_at = now
        action.save(update_fields=["status", "dropped_reason", "finished_at", "updated_at"])
        update = ActionUpdate.objects.create(
            action=action,
            place=action.place,
            at=now,
            by=actor,
            status_from=before,
            status_to=status,
            note=note.strip() or (action.dropped_reason if status != before else ""),
        )
        if before != status:
            log_action(
                "followup.action.status_changed",
                actor=actor,
                target=action,
                data={"from": before, "to": status},
            )
    return update


def filter_actions(
    place,
    *,
    owner: str = "",
    sector: str = "",
    event_id: int | None = None,
    status: str = "",
    needs_centre: bool = False,
    overdue: bool = False,
) -> QuerySet:
    """The place's actions narrowed by owner (a team id, or "me:<user id>"), the sector of the
    owning team, the event, the status ("open" for not started or in progress), the centre."""
    actions = Action.objects.filter(place=place)
    if owner.startswith("user:"):
        actions = actions.filter(owner_user_id=owner.removeprefix("user:"))
    elif owner:
        actions = actions.filter(owner_team_id=owner)
    if sector:
        actions = actions.filter(owner_team_id__in=sources.services_in_sector(place, sector))
    if event_id:
        actions = actions.filter(event_id=event_id)
    if status == "open":
        actions = actions.filter(status__in=OPEN)
    elif status:
        actions = actions.filter(status=status)
    if needs_centre:
        actions = actions.filter(needs_centre=True)
    if overdue:
        actions = actions.filter(status__in=OPEN, due_date__lt=timezone.localdate())
    return actions.select_related(
        "owner_team", "owner_user", "owner_contact", "event", "case_study"
    ).prefetch_related("themes")


def overdue_actions(today: datetime.date | None = None) -> QuerySet:
    """Open actions, in every place, whose due date has passed."""
    today = today or timezone.localdate()
    return Action.objects.filter(status__in=OPEN, due_date__lt=today).select_related(
        "place", "owner_team", "owner_user", "owner_contact"
    )


def action_url(action: Action) -> str:
    path = reverse(
        "followup:action", kwargs={"place_slug": action.place.slug, "action_id": action.pk}
    )
    return f"{settings.SITE_URL}{path}"


def send_overdue_reminder(action: Action, *, today: datetime.date) -> bool:
    """Email the owner of an overdue action, at most once a day; return whether this call
    wrote the email."""
    email = action.owner_email
    if not email:
        return False
    context = {
        "action": action,
        "link": action_url(action),
        "days_late": (today - action.due_date).days,
        "service_name": settings.SERVICE_NAME,
    }
    text = render_to_string("followup/email/overdue.txt", context)
    subject, _, body = text.strip().partition("\n")
    html = render_to_string("followup/email/overdue.html", {**context, "subject": subject})
    _, created = send_email(
        key=REMINDER_KEY.format(pk=action.pk, day=today.isoformat()),
        to=[email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        body_html=html,
        place=action.place,
    )
    if created:
        log_action(
            "followup.action.reminder_sent",
            target=action,
            data={"due": action.due_date.isoformat(), "day": today.isoformat()},
        )
    return created


def send_overdue_reminders(*, today: datetime.date | None = None) -> dict:
    """Remind the owner of every overdue action, once per action per day; safe to run often."""
    today = today or timezone.localdate()
    sent = skipped = no_address = 0
    for action in overdue_actions(today).iterator(chunk_size=200):
        if not action.owner_email:
            no_address += 1
        elif send_overdue_reminder(action, today=today):
            sent += 1
        else:
            skipped += 1
    return {"sent": sent, "already_sent": skipped, "no_address": no_address}


def mine(user, place) -> QuerySet:
    """Open actions the person owns in the place (as a user, or as the contact with their
    address)."""
    return Action.objects.filter(place=place, status__in=OPEN).filter(rules.owned_by(user))


class FindingNotCurrent(Exception):
    """The finding is not (or no longer) among the place's alignment findings."""


FINDING_FIELDS = ("kind", "need", "step", "service", "level", "message")


def _finding_key(finding) -> tuple:
    get = finding.get if isinstance(finding, dict) else lambda name: getattr(finding, name, None)
    return tuple("" if get(name) is None else str(get(name)) for name in FINDING_FIELDS)


def next_event(place, *, today: datetime.date | None = None):
    """The place's next multi-agency day (today or later), or None."""
    today = today or timezone.localdate()
    return Event.objects.filter(place=place, date__gte=today).order_by("date", "pk").first()


def create_action_from_finding(*, place, actor, finding: dict, today=None) -> tuple[Action, bool]:
    """Turn one of the place's current alignment findings into an action for its next
    multi-agency day, owned by the finding's service when it names one; return it and whether
    it is new (the same finding twice gives the same open action)."""
    key = _finding_key(finding)
    current = {_finding_key(f): f for f in findings_for_place(place=place)}
    if key not in current:
        raise FindingNotCurrent("That finding is no longer on the alignment check")
    kind, need, step, service_id, level, message = key
    where = f" ({step})" if step else (f" (level {level})" if level else "")
    title = f"Pathways: fix {kind.replace('_', ' ')} in {need}{where}"
    existing = Action.objects.filter(
        place=place, title=title[:200], description__startswith=message, status__in=OPEN
    ).first()
    if existing is not None:
        return existing, False
    owner = Service.objects.filter(place=place, pk=service_id).first() if service_id else None
    return confirm_action(
        place=place,
        actor=actor,
        title=title[:200],
        description=f"{message}\n\nFrom the pathways alignment check ({kind}).",
        event=next_event(place, today=today),
        owner_team=owner,
    )
