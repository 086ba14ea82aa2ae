"""No personal-link token reaches a log line, whatever logs it."""

import io
import logging
import secrets

from joinedup.core.log_filters import RedactTokens, redact


def test_redact_hides_a_link_token_and_keeps_the_rest_of_the_path():
    token = secrets.token_urlsafe(32)
    assert redact(f"Not Found: /rsvp/2/{token}/x/") == "Not Found: /rsvp/2/[redacted]/x/"


def test_redact_keeps_job_uuids_and_short_words():
    line = "GET /p/ilford/jobs/3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8/status/ 200"
    assert redact(line) == line
    assert redact("directory.service.checked by convenor") == (
        "directory.service.checked by convenor"
    )


def test_a_mangled_rsvp_link_is_logged_without_its_token(client):
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactTokens) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    token = secrets.token_urlsafe(32)
    try:
        response = client.get(f"/rsvp/2/{token}/x/")
    finally:
        handler.setStream(previous)
    assert response.status_code == 404
    assert token not in stream.getvalue()
    assert "/rsvp/2/[redacted]/x/" in stream.getvalue()
