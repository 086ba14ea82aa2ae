"""Responses shared by the pages that people reach through a personal link."""

from django.http import HttpResponse


def private_link_response(response: HttpResponse) -> HttpResponse:
    """Keep a page reached by a token link out of caches, search engines and the request log."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    response._has_been_logged = True  # the path holds a token: never log it
    return response
