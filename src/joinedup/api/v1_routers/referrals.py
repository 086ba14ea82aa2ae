"""Referrals for the token's person: the receiver's inbox, one referral (its details read and
audited as on the page), and the state changes (write token), through referrals' own domain
functions and per-object rules: only the referrer and the receiving team's receivers see a
referral; another place's is not found."""

import datetime
import uuid
from typing import Literal

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema

from joinedup.api.v1_routers.common import ERRORS, allow, need_write
from joinedup.referrals import services as referral_services
from joinedup.referrals.models import Referral

router = Router(tags=["referrals"])

DeclineReason = Literal[tuple(Referral.DeclineReason.values)]
Outcome = Literal[tuple(Referral.Outcome.values)]


class ReferralSummary(Schema):
    id: uuid.UUID
    reference: str
    state: str
    need: str
    level: int
    to_service: str
    sent_at: datetime.datetime
    due_at: datetime.datetime | None
    overdue: bool
    url: str


class Inbox(Schema):
    new: list[ReferralSummary]
    new_count: int
    overdue: list[ReferralSummary]
    overdue_count: int
    in_progress: list[ReferralSummary]
    in_progress_count: int


class Person(Schema):
    name: str = ""
    contact: str = ""
    age: str = ""
    date_of_birth: str = ""
    reason: str = ""
    how_to_engage: str = ""


class ReferralOut(ReferralSummary):
    decline_reason: str
    outcome: str
    person: Person | None


class Decline(Schema):
    reason: DeclineReason


class Complete(Schema):
    outcome: Outcome


def _summary(request, referral: Referral) -> dict:
    path = reverse(
        "referrals:detail",
        kwargs={"place_slug": request.place.slug, "referral_id": referral.pk},
    )
    awaiting = referral.state in Referral.AWAITING_STATES
    return {
        "id": referral.pk,
        "reference": referral.reference,
        "state": referral.state,
        "need": referral.need.name,
        "level": referral.level,
        "to_service": referral.to_service.name,
        "sent_at": referral.sent_at,
        "due_at": referral.due_at,
        "overdue": bool(awaiting and referral.due_at and referral.due_at < timezone.now()),
        "url": request.build_absolute_uri(path),
    }


def _referral(request, referral_id: uuid.UUID, action: str) -> Referral:
    referral = (
        Referral.objects.select_related("place", "to_service", "need")
        .filter(pk=referral_id, place=request.place)
        .first()
    )
    if referral is None:
        raise Http404("No such referral")  # another place's referral is not found here
    allow(request, action, referral)
    return referral


def _full(request, referral: Referral) -> dict:
    person = referral_services.read_person(referral=referral, actor=request.user)
    return {
        **_summary(request, referral),
        "decline_reason": referral.decline_reason,
        "outcome": referral.outcome,
        "person": person or None,
    }


@router.get("/inbox", response={200: Inbox, **ERRORS}, summary="The receiver's referrals")
def inbox(request):
    """New, overdue and in-progress referrals to the person's teams (no personal details)."""
    allow(request, "referrals.inbox", request.place)
    groups = referral_services.inbox(user=request.user, place=request.place)
    return {
        **{k: [_summary(request, r) for r in groups[k]] for k in ("new", "overdue", "in_progress")},
        **{f"{k}_count": groups[f"{k}_count"] for k in ("new", "overdue", "in_progress")},
    }


@router.get("/{referral_id}", response={200: ReferralOut, **ERRORS}, summary="One referral")
def get_referral(request, referral_id: uuid.UUID):
    """One referral with the person's details (each read is in the audit log)."""
    return _full(request, _referral(request, referral_id, "referrals.view"))


def _changed(request, referral_id, action: str, change) -> dict:
    need_write(request)
    referral = _referral(request, referral_id, action)
    try:
        change(referral)
    except referral_services.TransitionNotAllowed as error:
        return 409, {"detail": str(error)}
    referral.refresh_from_db()
    return 200, _full(request, referral)


CHANGED = {200: ReferralOut, 409: dict, **ERRORS}


@router.post("/{referral_id}/accept", response=CHANGED, summary="Accept (write token)")
def accept(request, referral_id: uuid.UUID):
    return _changed(
        request,
        referral_id,
        "referrals.respond",
        lambda r: referral_services.accept_referral(referral=r, actor=request.user),
    )


@router.post("/{referral_id}/decline", response=CHANGED, summary="Decline (write token)")
def decline(request, referral_id: uuid.UUID, body: Decline):
    return _changed(
        request,
        referral_id,
        "referrals.respond",
        lambda r: referral_services.decline_referral(
            referral=r, actor=request.user, reason=body.reason
        ),
    )


@router.post("/{referral_id}/complete", response=CHANGED, summary="Record the outcome")
def complete(request, referral_id: uuid.UUID, body: Complete):
    return _changed(
        request,
        referral_id,
        "referrals.respond",
        lambda r: referral_services.complete_referral(
            referral=r, actor=request.user, outcome=body.outcome
        ),
    )


@router.post("/{referral_id}/withdraw", response=CHANGED, summary="Withdraw (the referrer)")
def withdraw(request, referral_id: uuid.UUID):
    return _changed(
        request,
        referral_id,
        "referrals.withdraw",
        lambda r: referral_services.withdraw_referral(referral=r, actor=request.user),
    )
