"""Browsers' CSP violation reports are logged (not stored), small, limited per address."""

import json
import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

REPORT = {
    "csp-report": {
        "document-uri": "https://joinedup.example/p/ilford/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js",
        "disposition": "enforce",
    }
}


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def post(client, body, **extra):
    return client.post(reverse("csp_report"), body, content_type="application/csp-report", **extra)


def test_a_report_is_logged_and_answered_204(client, caplog):
    with caplog.at_level(logging.WARNING, logger="joinedup.csp"):
        response = post(client, json.dumps(REPORT))
    assert response.status_code == 204
    assert "evil.example/x.js" in caplog.text
    assert "script-src-elem" in caplog.text


def test_every_page_names_the_report_endpoint_in_its_policy(client):
    policy = client.get(reverse("accessibility"))["Content-Security-Policy"]
    assert "report-uri /csp-report/" in policy


def test_a_report_larger_than_16_kb_is_refused(client):
    big = {"csp-report": {**REPORT["csp-report"], "blocked-uri": "x" * 17_000}}
    assert post(client, json.dumps(big)).status_code == 413


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"other": 1}', '{"csp-report": "x"}'])
def test_a_body_that_is_not_a_report_is_a_400(client, body):
    assert post(client, body).status_code == 400


def test_one_address_may_send_60_reports_in_10_minutes(client):
    answers = [post(client, json.dumps(REPORT), REMOTE_ADDR="198.51.100.7").status_code
               for _ in range(61)]  # fmt: skip
    assert answers == [204] * 60 + [429]
    assert post(client, json.dumps(REPORT), REMOTE_ADDR="203.0.113.20").status_code == 204
