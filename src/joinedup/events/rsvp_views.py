"""The public pages that personal links open: answer an invitation, take up an offered place.

No sign-in: the link's token is the key. GET only shows; POST changes. A problem link (unknown,
altered, for another event, expired, used) gets a page saying what to do, and changes nothing.
CSRF protection is off here on purpose: a forged request would need the token, and whoever has
the token can answer anyway; it also keeps the page free of cookies. Responses are marked as
logged so that Django never writes their paths (which hold tokens) to the log.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from joinedup.core.http import private_link_response
from joinedup.events import ratelimit, rsvp, sending
from joinedup.events.forms import OfferForm, RsvpForm
from joinedup.events.models import AccessToken, Invitation
from joinedup.events.services import agenda_with_times
from joinedup.events.tokens import check_token, display_code, hash_token

PROBLEMS = {
    "unknown": (
        404,
        "This link does not work",
        "Check that you copied the whole link from your email. If it still does not work, "
        "reply to the email and the organiser will send you a new one.",
    ),
    "other_event": (
        404,
        "This link is for a different event",
        "Use the link in the email about this event. If you cannot find it, reply to the "
        "email and the organiser will send you a new one.",
    ),
    "wrong_purpose": (
        404,
        "This link does not work here",
        "Use the link exactly as it is in your email.",
    ),
    "expired": (
        410,
        "This link has expired",
        "The link stopped working when the event ended, or when the time to take up the "
        "offered place ran out. Reply to the email if you need help.",
    ),
    "used": (
        410,
        "You have already answered this offer",
        "Each offer link can be used once. Use the link in your invitation to change your answer.",
    ),
}


def _problem(request: HttpRequest, problem: str) -> HttpResponse:
    status, title, advice = PROBLEMS[problem]
    return private_link_response(
        render(
            request,
            "events/rsvp_problem.html",
            {"page_title": title, "title": title, "advice": advice},
            status=status,
        )
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "events/rsvp_problem.html",
        {
            "page_title": "Too many attempts",
            "title": "Too many attempts",
            "advice": "Wait 10 minutes, then open the link from your email again.",
        },
        status=429,
    )
    response["Retry-After"] = str(ratelimit.WINDOW)
    return private_link_response(response)


def _checked(request: HttpRequest, event_id: int, token: str, purpose: str):
    """Return (token record, None) for a usable link, else (None, the response to give)."""
    if ratelimit.blocked_for_bad_links(request):
        return None, _too_many(request)
    if not ratelimit.allow(request, token_hash=hash_token(token)):
        return None, _too_many(request)
    result = check_token(token, event_id=event_id, purpose=purpose)
    if result.problem in ("unknown", "other_event", "wrong_purpose"):
        ratelimit.bad_link(request)
    if not result.ok:
        return None, _problem(request, result.problem)
    return result.token, None


def _context(invitation: Invitation, **extra) -> dict:
    event = invitation.event
    return {
        "invitation": invitation,
        "event": event,
        "agenda": agenda_with_times(event),
        "checkin_code": display_code(invitation.checkin_code),
        **extra,
    }


@csrf_exempt
def answer(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """Accept, decline or nominate a colleague, with access needs and dietary requirements."""
    record, refusal = _checked(request, event_id, token, AccessToken.Purpose.RSVP)
    if refusal:
        return refusal
    invitation = record.invitation
    event = invitation.event
    link = sending.rsvp_url(event.pk, token)
    closed = timezone.now() >= event.answers_close
    choices = rsvp.case_study_choices(event)
    initial = {
        "access_needs": invitation.access_needs,
        "dietary": invitation.dietary,
        "case_studies": invitation.wanted_case_studies,
    }
    if invitation.status in rsvp.HOLDING or invitation.status == Invitation.Status.WAITING:
        initial["answer"] = rsvp.ACCEPT
    elif invitation.status == Invitation.Status.DECLINED:
        initial["answer"] = rsvp.DECLINE
    form = RsvpForm(
        request.POST if request.method == "POST" and not closed else None,
        invitation=invitation,
        case_studies=choices,
        initial=initial,
    )
    if request.method == "POST" and not closed and form.is_valid():
        data = form.cleaned_data
        try:
            rsvp.answer(
                invitation=invitation,
                choice=data["answer"],
                access_needs=data["access_needs"],
                dietary=data["dietary"],
                wanted_case_studies=data.get("case_studies") or [],
                nominee_name=data["nominee_name"],
                nominee_email=data["nominee_email"] or "",
                link=link,
            )
        except rsvp.AnswersClosed:
            closed = True
        else:
            return private_link_response(redirect(f"{request.path}?answered=1"))
    qr = sending.qr_data_uri(invitation) if invitation.status in rsvp.HOLDING else ""
    return private_link_response(
        render(
            request,
            "events/rsvp.html",
            _context(
                invitation,
                page_title=f"Reply: {event.title}",
                form=form,
                closed=closed,
                answered=request.GET.get("answered") == "1" and request.method == "GET",
                qr=qr,
                nominees=invitation.nominees.all()
                if invitation.status == Invitation.Status.NOMINATED
                else [],
            ),
        )
    )


@csrf_exempt
def offer(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """Take up, or turn down, a place offered from the waiting list."""
    record, refusal = _checked(request, event_id, token, AccessToken.Purpose.OFFER)
    if refusal:
        return refusal
    invitation = record.invitation
    form = OfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = rsvp.take_offer(token=record, take=form.cleaned_data["take"] == "yes")
        except rsvp.AnswersClosed:
            return _problem(request, "expired")
        invitation = outcome.invitation
        return private_link_response(
            render(
                request,
                "events/offer_done.html",
                _context(
                    invitation,
                    page_title="Thank you",
                    qr=sending.qr_data_uri(invitation)
                    if invitation.status == Invitation.Status.ACCEPTED
                    else "",
                ),
            )
        )
    return private_link_response(
        render(
            request,
            "events/offer.html",
            _context(
                invitation,
                page_title=f"A place at {invitation.event.title}",
                form=form,
                expires=record.expires_at,
            ),
        )
    )
