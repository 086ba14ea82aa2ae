"""Referrals: send one, answer it, close the loop; each change tells the other side once.

A refusal raises a `ReferralError` subclass whose `str()` is the message to show, and saves
nothing. Every state change takes the row with `select_for_update` inside one transaction and
re-reads its state there, so two people acting at once (or a retried request) change it once.
Emails never carry the person's details: only the reference, the teams and a link.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.mail import send_email
from joinedup.core.models import Membership, Role
from joinedup.directory.models import Contact, Service
from joinedup.pathways.models import PathwayVersion, Step, Threshold
from joinedup.referrals import workhours
from joinedup.referrals.models import ReceiverTeam, Referral

State = Referral.State
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class ReferralError(Exception):
    """A referral or a change to one that the rules refuse; `str()` says why in plain words."""


class NotTakingReferrals(ReferralError):
    pass


class LevelNotAccepted(ReferralError):
    pass


class NoConsentOrLawfulBasis(ReferralError):
    pass


class MissingDetails(ReferralError):
    pass


class TransitionNotAllowed(ReferralError):
    pass


# -- which services take referrals in Joinedup -------------------------------------------------


def joinedup_steps(*, service, need=None):
    """The published pathway steps that route referrals to the service through Joinedup."""
    steps = Step.objects.filter(
        place=service.place,
        services=service,
        route_how=Step.How.JOINEDUP,
        version__status=PathwayVersion.Status.PUBLISHED,
    ).select_related("version__pathway__need", "escalate_to")
    if need is not None:
        steps = steps.filter(version__pathway__need=need)
    return steps.order_by("version__pathway__title", "level", "code")


def takes_referrals(*, service) -> bool:
    """Whether some published step sends referrals to the service through Joinedup."""
    return joinedup_steps(service=service).exists()


def _step_for(*, service, need, level: int, step=None):
    if step is not None:
        if step.route_how != Step.How.JOINEDUP or not step.services.filter(pk=service.pk).exists():
            raise NotTakingReferrals(
                f"{service.name} does not take referrals in Joinedup at this step: "
                f"refer as the pathway says ({step.get_route_how_display().lower()})."
            )
        return step
    steps = list(joinedup_steps(service=service, need=need))
    if not steps:
        raise NotTakingReferrals(
            f"{service.name} does not take referrals in Joinedup for {need.name.lower()}: "
            "use the way in that its directory entry gives."
        )
    at_or_below = [s for s in steps if s.level <= level]
    return at_or_below[-1] if at_or_below else steps[0]


def _check_level(*, service, need, level: int) -> None:
    threshold = Threshold.objects.filter(service=service, need=need).first()
    if threshold is not None and threshold.levels and level not in threshold.levels:
        levels = ", ".join(str(n) for n in threshold.levels)
        raise LevelNotAccepted(
            f"{service.name} takes {need.name.lower()} at level {levels} only, and this "
            f"referral is at level {level}: choose another service from the pathway."
        )


# -- who is told --------------------------------------------------------------------------------


def receivers_of(*, service):
    """The people who answer the service's referrals: linked to it and holding the role."""
    return ReceiverTeam.objects.filter(
        service=service,
        user__is_active=True,
        user__memberships__place=service.place_id,
        user__memberships__role=Role.RECEIVER,
    ).select_related("user")


def is_receiver(*, user, service) -> bool:
    """Whether the user answers the service's referrals."""
    return (
        user.is_authenticated
        and ReceiverTeam.objects.filter(user=user, service=service).exists()
        and Membership.objects.filter(
            user=user, place=service.place_id, role=Role.RECEIVER
        ).exists()
    )


def services_received_by(*, user, place) -> list[Service]:
    """The teams whose referrals the user answers in the place."""
    if not Membership.objects.filter(user=user, place=place, role=Role.RECEIVER).exists():
        return []
    return [
        link.service
        for link in ReceiverTeam.objects.filter(user=user, place=place).select_related("service")
    ]


def _receiver_emails(service) -> list[str]:
    emails = sorted({link.user.email for link in receivers_of(service=service)})
    return emails or ([service.email] if service.email else [])


def _referrer_emails(referral) -> list[str]:
    if referral.referrer is not None and referral.referrer.email:
        return [referral.referrer.email]
    return [referral.referrer_contact] if "@" in referral.referrer_contact else []


def _link(referral) -> str:
    path = reverse(
        "referrals:detail", kwargs={"place_slug": referral.place.slug, "referral_id": referral.pk}
    )
    return f"{settings.SITE_URL}{path}"


def _tell(referral, *, event: str, to: list[str], subject: str, lines: list[str]) -> bool:
    """Write one email for one event of one referral (once: the key is the event)."""
    if not to:
        return False
    body = "\n\n".join(
        [
            *lines,
            f"Reference: {referral.reference}. The person's details are in Joinedup only: "
            f"{_link(referral)}",
            "This email does not name the person, on purpose.",
        ]
    )
    _message, created = send_email(
        key=f"referrals:{referral.pk}:{event}",
        to=to,
        subject=f"{subject} ({referral.reference})",
        body_text=body,
        place=referral.place,
    )
    return created


# -- sending --------------------------------------------------------------------------------------


def _new_reference() -> str:
    while True:
        code = "R-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not Referral.objects.filter(reference=code).exists():
            return code


def due_times(*, start, response_hours: int | None, basis: str):
    """The reply-due time and the escalation time of a referral sent at `start`."""
    if response_hours is None:
        return None, None
    working = basis == Referral.Hours.WORKING
    due = workhours.add_hours(start, response_hours, working=working)
    escalate = workhours.add_hours(due, settings.REFERRAL_ESCALATE_AFTER_HOURS, working=working)
    return due, escalate


def send_referral(
    *,
    place,
    referrer,
    to_service,
    need,
    level: int,
    source: str,
    person_name: str,
    person_contact: str,
    consent: str,
    referrer_contact: str,
    reason: str = "",
    how_to_engage: str = "",
    person_age: str = "",
    person_date_of_birth: str = "",
    lawful_basis: str = "",
    step=None,
    from_service=None,
    now=None,
) -> Referral:
    """Send a referral to a service that takes them in Joinedup, at a level its threshold
    accepts, with consent or a lawful basis; refuse (saving nothing) otherwise. The receiving
    team is told once."""
    now = now or timezone.now()
    if to_service.place_id != place.pk or (step is not None and step.place_id != place.pk):
        raise NotTakingReferrals("That service is not in this place's directory.")
    step = _step_for(service=to_service, need=need, level=level, step=step)
    _check_level(service=to_service, need=need, level=level)
    if consent not in Referral.Consent.values:
        raise NoConsentOrLawfulBasis(
            "Say whether the person agreed, was told, or why you refer without consent."
        )
    if consent == Referral.Consent.NOT_NEEDED and not lawful_basis.strip():
        raise NoConsentOrLawfulBasis(
            "Enter the lawful basis for referring without the person's consent, "
            "for example a risk of significant harm."
        )
    if not person_name.strip() or not person_contact.strip() or not referrer_contact.strip():
        raise MissingDetails("Enter the person's name, a way to contact them, and your contact.")
    basis = settings.REFERRAL_HOURS
    due, escalate = due_times(start=now, response_hours=step.response_hours, basis=basis)
    with transaction.atomic():
        referral = Referral.objects.create(
            place=place,
            reference=_new_reference(),
            source=source,
            need=need,
            level=level,
            step=step,
            to_service=to_service,
            from_service=from_service,
            person_name=person_name.strip(),
            person_contact=person_contact.strip(),
            person_age=str(person_age or "").strip(),
            person_date_of_birth=str(person_date_of_birth or "").strip(),
            reason=reason.strip(),
            how_to_engage=how_to_engage.strip(),
            consent=consent,
            lawful_basis=lawful_basis.strip() if consent == Referral.Consent.NOT_NEEDED else "",
            referrer=referrer,
            referrer_contact=referrer_contact.strip(),
            sent_at=now,
            response_hours=step.response_hours,
            hours_basis=basis,
            due_at=due,
            escalate_at=escalate,
        )
        log_action(
            "referrals.referral.sent",
            actor=referrer,
            target=referral,
            data={"service": str(to_service.pk), "need": need.code, "level": level},
        )
        _tell(
            referral,
            event="sent",
            to=_receiver_emails(to_service),
            subject=f"New referral for {to_service.name}",
            lines=[
                f"{to_service.name} has a new referral for {need.name.lower()} at level {level}.",
                (
                    f"A reply is due by {timezone.localtime(due):%A %-d %B, %H:%M}."
                    if due
                    else "The pathway gives no reply time."
                ),
            ],
        )
    return referral


# -- reading --------------------------------------------------------------------------------------


def read_person(*, referral, actor) -> dict:
    """The person's details for someone the rules let read them; each read is audited."""
    log_action("referrals.referral.read", actor=actor, target=referral, data={})
    if referral.erased_at is not None:
        return {}
    return {
        "name": referral.person_name,
        "contact": referral.person_contact,
        "age": referral.person_age,
        "date_of_birth": referral.person_date_of_birth,
        "reason": referral.reason,
        "how_to_engage": referral.how_to_engage,
    }


INBOX_SHOWN = 25


def inbox(*, user, place, now=None) -> dict:
    """The receiver's referrals in three groups, the first INBOX_SHOWN of each with its count:
    new (unanswered, not yet due), overdue (unanswered past due, oldest due first) and in
    progress (accepted, waiting for the outcome). No personal details are read."""
    now = now or timezone.now()
    services = services_received_by(user=user, place=place)
    base = (
        # no place filter: the teams are the place's, and the (team, state, due) index serves
        # both the filter and the order (SQLite picks the place index otherwise)
        Referral.objects.filter(to_service__in=services)
        .select_related("need", "to_service", "from_service")
        .defer(
            "person_name",
            "person_contact",
            "person_age",
            "person_date_of_birth",
            "reason",
            "how_to_engage",
        )
    )
    awaiting = base.filter(state__in=Referral.AWAITING_STATES)
    overdue_q = Q(due_at__isnull=False, due_at__lt=now)
    groups = {
        "new": awaiting.exclude(overdue_q).order_by("due_at", "sent_at"),
        "overdue": awaiting.filter(overdue_q).order_by("due_at", "sent_at"),
        "in_progress": base.filter(state=State.ACCEPTED).order_by("responded_at"),
    }
    result = {"services": services, "shown": INBOX_SHOWN}
    for name, queryset in groups.items():
        result[name] = list(queryset[:INBOX_SHOWN])
        result[f"{name}_count"] = (
            queryset.count() if len(result[name]) == INBOX_SHOWN else len(result[name])
        )
    return result


def sent_by(*, user, place):
    """The referrals the user sent in the place, newest first, without personal details."""
    return (
        Referral.objects.filter(place=place, referrer=user)
        .select_related("need", "to_service")
        .defer("person_name", "person_contact", "person_age", "person_date_of_birth")
        .defer("reason", "how_to_engage")
        .order_by("-sent_at")
    )


# -- changing state -------------------------------------------------------------------------------

ACTION_WORDS = {
    State.OPENED: "open",
    State.ACCEPTED: "accept",
    State.DECLINED: "decline",
    State.COMPLETED: "complete",
    State.WITHDRAWN: "withdraw",
    State.EXPIRED: "expire",
}
ALLOWED_FROM = {
    State.OPENED: (State.SENT,),
    State.ACCEPTED: (State.SENT, State.OPENED),
    State.DECLINED: (State.SENT, State.OPENED),
    State.COMPLETED: (State.ACCEPTED,),
    State.WITHDRAWN: (State.SENT, State.OPENED, State.ACCEPTED),
    State.EXPIRED: (State.SENT, State.OPENED),
}
CLOSING = (State.DECLINED, State.COMPLETED, State.WITHDRAWN, State.EXPIRED)


def _change(*, referral_id, to: str, actor, now=None, **fields) -> Referral:
    now = now or timezone.now()
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("place", "to_service", "need", "referrer")
            .get(pk=referral_id)
        )
        if referral.state not in ALLOWED_FROM[to]:
            raise TransitionNotAllowed(
                f"You cannot {ACTION_WORDS[to]} a referral that is "
                f"{referral.get_state_display().lower()}: nothing was changed."
            )
        previous = referral.state
        referral.state = to
        for name, value in fields.items():
            setattr(referral, name, value)
        changed = ["state", *fields]
        if to == State.OPENED:
            referral.opened_at = now
            changed.append("opened_at")
        if to in (State.ACCEPTED, State.DECLINED) and referral.responded_at is None:
            referral.responded_at = now
            changed.append("responded_at")
        if to in CLOSING:
            referral.closed_at = now
            changed.append("closed_at")
        referral.save(update_fields=changed)
        log_action(
            f"referrals.referral.{to}",
            actor=actor,
            target=referral,
            data={"from": previous, **{k: v for k, v in fields.items() if isinstance(v, str)}},
        )
        _tell_change(referral)
    return referral


def _tell_change(referral) -> None:
    service = referral.to_service.name
    state = referral.state
    if state == State.WITHDRAWN:
        _tell(
            referral,
            event=state,
            to=_receiver_emails(referral.to_service),
            subject=f"Referral withdrawn for {service}",
            lines=["The referrer has withdrawn this referral: there is nothing more to do."],
        )
        return
    lines = {
        State.OPENED: f"{service} has opened your referral.",
        State.ACCEPTED: f"{service} has accepted your referral.",
        State.DECLINED: f"{service} has declined your referral: "
        f"{referral.get_decline_reason_display().lower()}.",
        State.COMPLETED: f"{service} has closed your referral. Outcome: "
        f"{referral.get_outcome_display().lower()}.",
        State.EXPIRED: f"Nobody at {service} answered your referral, so it has expired. "
        "Refer again or escalate as the pathway says.",
    }
    _tell(
        referral,
        event=state,
        to=_referrer_emails(referral),
        subject=f"Referral {referral.get_state_display().lower()} by {service}"
        if state != State.EXPIRED
        else "Referral expired",
        lines=[lines[state]],
    )


def open_referral(*, referral, actor, now=None) -> Referral:
    """Mark a sent referral opened (its receiver read it); a no-op in any other state."""
    if referral.state != State.SENT:
        return referral
    try:
        return _change(referral_id=referral.pk, to=State.OPENED, actor=actor, now=now)
    except TransitionNotAllowed:
        return Referral.objects.get(pk=referral.pk)


def accept_referral(*, referral, actor, now=None) -> Referral:
    """Accept a sent or opened referral; the referrer is told once."""
    return _change(referral_id=referral.pk, to=State.ACCEPTED, actor=actor, now=now)


def decline_referral(*, referral, actor, reason: str, now=None) -> Referral:
    """Decline a sent or opened referral with one of the reasons; the referrer is told once."""
    if reason not in Referral.DeclineReason.values:
        raise TransitionNotAllowed("Select why you are declining the referral.")
    return _change(
        referral_id=referral.pk, to=State.DECLINED, actor=actor, now=now, decline_reason=reason
    )


def complete_referral(*, referral, actor, outcome: str, now=None) -> Referral:
    """Close an accepted referral with its outcome; the referrer is told once."""
    if outcome not in Referral.Outcome.values:
        raise TransitionNotAllowed("Select the outcome of the referral.")
    return _change(
        referral_id=referral.pk, to=State.COMPLETED, actor=actor, now=now, outcome=outcome
    )


def withdraw_referral(*, referral, actor, now=None) -> Referral:
    """The referrer withdraws a referral not yet closed; the receiving team is told once."""
    return _change(referral_id=referral.pk, to=State.WITHDRAWN, actor=actor, now=now)


# -- the schedule: reminders, escalation, expiry --------------------------------------------------


def remind(*, referral_id, now) -> bool:
    """Send the reminder of an unanswered referral past its due time, once."""
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("place", "to_service", "need")
            .filter(
                pk=referral_id,
                reminded_at__isnull=True,
                state__in=Referral.AWAITING_STATES,
                due_at__lte=now,
            )
            .first()
        )
        if referral is None:
            return False
        referral.reminded_at = now
        referral.save(update_fields=["reminded_at"])
        log_action("referrals.referral.reminded", target=referral, data={})
        _tell(
            referral,
            event="reminder",
            to=_receiver_emails(referral.to_service),
            subject=f"Reply overdue: referral for {referral.to_service.name}",
            lines=[
                f"A reply to this referral for {referral.need.name.lower()} was due by "
                f"{timezone.localtime(referral.due_at):%A %-d %B, %H:%M}. Accept or decline it.",
                "If it is still unanswered it will be escalated as the pathway says.",
            ],
        )
    return True


def _escalation_contacts(service) -> list[str]:
    emails = sorted(
        {c.email for c in Contact.objects.filter(service=service) if c.email}
        | ({service.email} if service.email else set())
    )
    return emails


def escalate(*, referral_id, now) -> bool:
    """Escalate an unanswered referral past its escalation time, once: a linked referral to the
    step's `escalate_to` service when that service takes referrals in Joinedup, otherwise a
    notice to its named contacts; the referrer is told."""
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("place", "to_service", "need", "step__escalate_to", "referrer")
            .filter(
                pk=referral_id,
                escalated_at__isnull=True,
                state__in=Referral.AWAITING_STATES,
                escalate_at__lte=now,
            )
            .first()
        )
        if referral is None:
            return False
        target = referral.step.escalate_to if referral.step is not None else None
        referral.escalated_at = now
        how = "none"
        if target is not None and target.status == Service.Status.ACTIVE:
            steps = list(joinedup_steps(service=target, need=referral.need))
            if steps:
                how = "referral"
                step = steps[-1]
                due, escalate_at = due_times(
                    start=now, response_hours=step.response_hours, basis=referral.hours_basis
                )
                linked = Referral.objects.create(
                    place=referral.place,
                    reference=_new_reference(),
                    source=Referral.Source.ESCALATION,
                    need=referral.need,
                    level=max(referral.level, step.level),
                    step=step,
                    to_service=target,
                    from_service=referral.from_service,
                    person_name=referral.person_name,
                    person_contact=referral.person_contact,
                    person_age=referral.person_age,
                    person_date_of_birth=referral.person_date_of_birth,
                    reason=referral.reason,
                    how_to_engage=referral.how_to_engage,
                    consent=referral.consent,
                    lawful_basis=referral.lawful_basis,
                    referrer=referral.referrer,
                    referrer_contact=referral.referrer_contact,
                    sent_at=now,
                    response_hours=step.response_hours,
                    hours_basis=referral.hours_basis,
                    due_at=due,
                    escalate_at=escalate_at,
                )
                referral.escalation = linked
                _tell(
                    linked,
                    event="sent",
                    to=_receiver_emails(target),
                    subject=f"Escalated referral for {target.name}",
                    lines=[
                        f"{referral.to_service.name} did not answer a referral in time, so the "
                        f"pathway escalates it to {target.name}."
                    ],
                )
            else:
                how = "notice"
                _tell(
                    referral,
                    event="escalation-notice",
                    to=_escalation_contacts(target),
                    subject=f"Escalation: a referral to {referral.to_service.name} is unanswered",
                    lines=[
                        f"A referral for {referral.need.name.lower()} at level {referral.level} "
                        f"to {referral.to_service.name} has had no answer. The pathway names "
                        f"{target.name} to escalate to: please contact the referrer, "
                        f"{referral.referrer_contact}.",
                    ],
                )
        referral.save(update_fields=["escalated_at", "escalation"])
        log_action(
            "referrals.referral.escalated",
            target=referral,
            data={"how": how, "to": str(target.pk) if target else ""},
        )
        told = {
            "referral": f"a new referral to {target.name}" if target else "",
            "notice": f"a notice to {target.name}'s contacts" if target else "",
            "none": "nobody: the pathway names no service to escalate to, so ask your "
            "safeguarding lead",
        }[how]
        _tell(
            referral,
            event="escalated",
            to=_referrer_emails(referral),
            subject=f"Referral escalated: no answer from {referral.to_service.name}",
            lines=[
                f"{referral.to_service.name} has not answered. Joinedup escalated it to {told}."
            ],
        )
    return True


def expire_referral(*, referral_id, now) -> bool:
    """Expire a referral unanswered for REFERRAL_EXPIRE_DAYS; the referrer is told once."""
    try:
        _change(referral_id=referral_id, to=State.EXPIRED, actor=None, now=now)
    except TransitionNotAllowed:
        return False
    return True


def send_due_referral_reminders(*, now=None) -> dict:
    """Send every reminder, escalation and expiry that is due, each once however often this
    runs, and whether or not an earlier run was killed half-way."""
    now = now or timezone.now()
    awaiting = Referral.objects.filter(state__in=Referral.AWAITING_STATES)
    counts = {"reminded": 0, "escalated": 0, "expired": 0}
    to_remind = awaiting.filter(reminded_at__isnull=True, due_at__lte=now)
    for pk in to_remind.order_by("due_at").values_list("pk", flat=True).iterator():
        counts["reminded"] += remind(referral_id=pk, now=now)
    to_escalate = awaiting.filter(escalated_at__isnull=True, escalate_at__lte=now)
    for pk in to_escalate.order_by("escalate_at").values_list("pk", flat=True).iterator():
        counts["escalated"] += escalate(referral_id=pk, now=now)
    too_old = now - datetime.timedelta(days=settings.REFERRAL_EXPIRE_DAYS)
    for pk in awaiting.filter(sent_at__lte=too_old).values_list("pk", flat=True).iterator():
        counts["expired"] += expire_referral(referral_id=pk, now=now)
    return counts


# -- retention ------------------------------------------------------------------------------------

PERSONAL_FIELDS = (
    "person_name",
    "person_contact",
    "person_age",
    "person_date_of_birth",
    "reason",
    "how_to_engage",
)


def erase_referral_details(*, now=None) -> int:
    """Erase the personal details of referrals closed more than REFERRAL_RETENTION_DAYS ago,
    each erasure audited; the anonymous rest of the row stays for the figures."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    due = Referral.objects.filter(erased_at__isnull=True, closed_at__lte=before)
    erased = 0
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            rows = Referral.objects.filter(pk=pk, erased_at__isnull=True).update(
                erased_at=now, **dict.fromkeys(PERSONAL_FIELDS, "")
            )
            if rows:
                referral = Referral.objects.select_related("place").get(pk=pk)
                log_action(
                    "referrals.referral.erased",
                    target=referral,
                    data={"closed_at": referral.closed_at.isoformat()},
                )
                erased += 1
    return erased
