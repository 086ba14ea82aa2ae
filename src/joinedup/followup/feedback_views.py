"""The public feedback page that a personal link opens. No sign-in: the link's token is the
key. GET only shows; POST changes. A problem link changes nothing and says what to do.
CSRF protection is off on purpose, as for RSVP links: a forged request would need the token.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from joinedup.core.http import private_link_response
from joinedup.events import ratelimit
from joinedup.followup import feedback
from joinedup.followup.forms import FeedbackForm
from joinedup.followup.models import FeedbackResponse

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
        "Use the link in the email about this event.",
    ),
    "expired": (
        410,
        "This survey has closed",
        "The link stopped working four weeks after it was sent. Reply to the email if you "
        "still want to tell the organiser something.",
    ),
}


def _problem(request: HttpRequest, problem: str) -> HttpResponse:
    status, title, advice = PROBLEMS[problem]
    return private_link_response(
        render(
            request,
            "followup/feedback_problem.html",
            {"page_title": title, "title": title, "advice": advice},
            status=status,
        )
    )


@csrf_exempt
def answer(request: HttpRequest, place_slug: str, event_id: int, token: str) -> HttpResponse:
    """The short survey after an event: what people gained, what next, would they come again."""
    if ratelimit.blocked_for_bad_links(request):
        return _problem(request, "unknown")
    if not ratelimit.allow(request, token_hash=feedback.hash_token(token)):
        return _problem(request, "unknown")
    result = feedback.check_token(token, event_id=event_id)
    if result.problem in ("unknown", "other_event"):
        ratelimit.bad_link(request)
    if not result.ok:
        return _problem(request, result.problem)
    invitation = result.token.invitation
    event = invitation.event
    if event.place.slug != place_slug:
        return _problem(request, "unknown")
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
