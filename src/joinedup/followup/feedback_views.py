"""The public feedback page that a personal link opens. No sign-in: the link's token is the
key. GET only shows; POST changes. joinedup.events.links checks the link, as for RSVP links, and
answers a problem link with a page that says what to do and changes nothing.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from joinedup.core.http import private_link_response
from joinedup.events.links import open_link
from joinedup.events.models import AccessToken
from joinedup.followup import feedback
from joinedup.followup.forms import FeedbackForm
from joinedup.followup.models import FeedbackResponse


# No CSRF token: the attendee has no session with us, and a forged POST would need the link's
# 256-bit token, which is the key itself (whoever has it may answer anyway). It also keeps the
# page free of cookies.
@csrf_exempt
def answer(request: HttpRequest, place_slug: str, event_id: int, token: str) -> HttpResponse:
    """The short survey after an event: what people gained, what next, would they come again."""
    record, refusal = open_link(
        request,
        token=token,
        event_id=event_id,
        purpose=AccessToken.Purpose.FEEDBACK,
        place_slug=place_slug,
    )
    if refusal:
        return refusal
    invitation = record.invitation
    event = invitation.event
    existing = FeedbackResponse.objects.filter(invitation=invitation).first()
    initial = {}
    if existing is not None:
        initial = {
            "gained": existing.gained,
            "what_next": existing.what_next,
            "come_again": existing.come_again,
            "comments": existing.comments,
        }
    form = FeedbackForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        feedback.record_response(invitation=invitation, **form.cleaned_data)
        return private_link_response(redirect(f"{request.path}?answered=1"))
    return private_link_response(
        render(
            request,
            "followup/feedback.html",
            {
                "page_title": f"Feedback: {event.title}",
                "event": event,
                "invitation": invitation,
                "form": form,
                "answered": request.method == "GET" and request.GET.get("answered") == "1",
                "existing": existing,
            },
        )
    )
