"""Responses shared by the pages that people reach through a personal link."""

from django.http import HttpResponse


def private_link_response(response: HttpResponse) -> HttpResponse:
    """Keep a page reached by a token link out of caches, search engines and the request log."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    response._has_been_logged = True  # the path holds a token: never log it
    return response


def id_param(text: str | None) -> int | None:
    """Return a query parameter as a database id, or None when it is not one.

    `str.isdigit` accepts superscripts ("²") that `int` refuses, so ids are read as plain
    ASCII digits, at most 18 of them (inside a 64-bit integer).
    """
    if text and len(text) <= 18 and text.isascii() and text.isdigit():
        return int(text)
    return None
