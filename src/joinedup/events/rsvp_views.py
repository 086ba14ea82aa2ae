"""The public pages that personal links open: answer an invitation, take up an offered place.

No sign-in: the link's token is the key. GET only shows; POST changes. joinedup.events.links
checks the link and answers a problem link (unknown, altered, for another event, expired, used)
with a page saying what to do, changing nothing. Responses are marked as logged so that Django
never writes their paths (which hold tokens) to the log.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from joinedup.core.http import private_link_response
from joinedup.events import nominations, rsvp, sending
from joinedup.events.agenda import agenda_with_times
from joinedup.events.forms import OfferForm, RsvpForm
from joinedup.events.links import open_link, problem_page
from joinedup.events.models import AccessToken, Invitation
from joinedup.events.tokens import display_code


def _context(invitation: Invitation, **extra) -> dict:
    event = invitation.event
    return {
        "invitation": invitation,
        "event": event,
        "agenda": agenda_with_times(event),
        "checkin_code": display_code(invitation.checkin_code),
        **extra,
    }


# No CSRF token: the person has no session with us, and a forged POST would need the link's
# 256-bit token, which is the key itself (whoever has it may answer anyway). It also keeps the
# page free of cookies.
@csrf_exempt
def answer(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """Accept, decline or nominate a colleague, with access needs and dietary requirements."""
    record, refusal = open_link(
        request, token=token, event_id=event_id, purpose=AccessToken.Purpose.RSVP
    )
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
        except nominations.NominationRefused as refusal:
            form.add_error("answer", str(refusal))
        else:
            return private_link_response(redirect(f"{request.path}?answered=1"))
    qr = sending.qr_data_uri(invitation) if invitation.status in rsvp.HOLDING else ""
    nominees = (
        list(invitation.nominees.all()) if invitation.status == Invitation.Status.NOMINATED else []
    )
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
                nominees=nominees,
                held_nominees=any(n.review == Invitation.Review.HELD for n in nominees),
            ),
        )
    )


# No CSRF token, for the same reason as answer(): the single-use offer token in the path is
# the key, so a forged POST would already need it; no session, no cookies.
@csrf_exempt
def offer(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    """Take up, or turn down, a place offered from the waiting list."""
    record, refusal = open_link(
        request, token=token, event_id=event_id, purpose=AccessToken.Purpose.OFFER
    )
    if refusal:
        return refusal
    invitation = record.invitation
    form = OfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = rsvp.take_offer(token=record, take=form.cleaned_data["take"] == "yes")
        except rsvp.AnswersClosed:
            return problem_page(request, "expired", purpose=AccessToken.Purpose.OFFER)
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
