"""The one way into a page that a personal link opens (RSVP, waiting-list offer, feedback).

Every such page checks the token with joinedup.events.tokens for its purpose on its event
(and place, when the address names one) before any rate limit, so that a real link is never
refused because someone guessed from the same address; it then counts the request (a real
token against its own per-link limit, a token matching nothing against the address's
bad-guess limit),
and answers a problem link with one problem page that says what to do and changes nothing.
Responses are marked private: never cached, indexed or written to the request log, since
their paths hold tokens.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.core.http import private_link_response
from joinedup.events import ratelimit
from joinedup.events.models import AccessToken
from joinedup.events.tokens import check_token, hash_token

# What each problem answers: HTTP status, page title, what to do.
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

# Where a purpose needs other words for a problem: a survey closes rather than expires.
PURPOSE_PROBLEMS = {
    (AccessToken.Purpose.FEEDBACK, "expired"): (
        410,
        "This survey has closed",
        "The link stopped working four weeks after it was sent. Reply to the email if you "
        "still want to tell the organiser something.",
    ),
}


def _page(request: HttpRequest, *, status: int, title: str, advice: str) -> HttpResponse:
    return private_link_response(
        render(
            request,
            "links/problem.html",
            {"page_title": title, "title": title, "advice": advice},
            status=status,
        )
    )


def problem_page(request: HttpRequest, problem: str, *, purpose: str = "") -> HttpResponse:
    """The page for a link that cannot be used: what went wrong and what to do."""
    status, title, advice = PURPOSE_PROBLEMS.get((purpose, problem), PROBLEMS[problem])
    return _page(request, status=status, title=title, advice=advice)


def too_many_page(request: HttpRequest) -> HttpResponse:
    """The page for an address or link over its rate limit (429, with Retry-After)."""
    response = _page(
        request,
        status=429,
        title="Too many attempts",
        advice="Wait 10 minutes, then open the link from your email again.",
    )
    response["Retry-After"] = str(ratelimit.WINDOW)
    return response


def open_link(
    request: HttpRequest, *, token: str, event_id: int, purpose: str, place_slug: str = ""
) -> tuple[AccessToken | None, HttpResponse | None]:
    """Return (token record, None) for a link usable now, else (None, the page to answer).

    The token is checked first, so that guessing from an address never locks out a real
    link: a token we issued is limited only by its own per-link limit; a token that matches
    nothing counts towards, and once over is refused by, the address's bad-guess limit."""
    result = check_token(token, event_id=event_id, purpose=purpose)
    if result.problem == "unknown":
        if not ratelimit.bad_guess(request):
            return None, too_many_page(request)
        return None, problem_page(request, "unknown", purpose=purpose)
    if not ratelimit.allow_link(token_hash=hash_token(token)):
        return None, too_many_page(request)
    if not result.ok:
        return None, problem_page(request, result.problem, purpose=purpose)
    if place_slug and result.token.event.place.slug != place_slug:
        return None, problem_page(request, "unknown", purpose=purpose)
    return result.token, None
