"""The public link to a published report: opt-in by the convenor, unguessable, revocable, no
sign-in, and only what the convenor marked public.

The token is 256 bits (core/tokens.py), looked up by its SHA-256 hash. What a public reader
gets is the published report cut down: only the sections marked public; the case studies'
text only when the convenor marked it public too (otherwise their count); and never a
person's name (speakers, action owners, feedback quotes), whatever is marked.
"""

import dataclasses

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from joinedup.core import tokens
from joinedup.core.audit import log_action
from joinedup.followup.models import Report
from joinedup.followup.report import SECTION_TITLES, ReportData

# Sections that hold free text people wrote about themselves, whatever is marked: their
# figures stay, the quotes go (see templates/followup/includes/report_body.html `public`).
DEFAULT_PUBLIC = ["attendance", "life_course", "actions", "themes", "next_steps"]


class PublicLinkRefused(ValueError):
    """The public link cannot be changed as asked (the message says why)."""


def _clean_sections(sections) -> list[str]:
    keys = [k for k in sections if k in SECTION_TITLES]
    if not keys:
        raise PublicLinkRefused("Select at least one section to make public")
    return list(dict.fromkeys(keys))


def turn_on(*, report: Report, actor, sections, case_study_text: bool) -> str:
    """Turn the report's public link on with these sections; return the new link's token.

    A link that was on is replaced: the old one stops working at once."""
    keys = _clean_sections(sections)
    token = tokens.new_token()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        report.public_token_hash = tokens.hash_token(token)
        report.public_token = token
        report.public_sections = keys
        report.public_case_study_text = bool(case_study_text)
        report.public_since = timezone.now()
        report.save(
            update_fields=[
                "public_token_hash",
                "public_token",
                "public_sections",
                "public_case_study_text",
                "public_since",
            ]
        )
        log_action(
            "followup.report.public_link_on",
            actor=actor,
            target=report,
            data={"event": report.event_id, "sections": keys, "case_study_text": case_study_text},
        )
    return token


def change_sections(*, report: Report, actor, sections, case_study_text: bool) -> Report:
    """Change what the public link shows, keeping the link."""
    keys = _clean_sections(sections)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not report.public_link_on:
            raise PublicLinkRefused("The public link is off: turn it on first")
        report.public_sections = keys
        report.public_case_study_text = bool(case_study_text)
        report.save(update_fields=["public_sections", "public_case_study_text"])
        log_action(
            "followup.report.public_link_changed",
            actor=actor,
            target=report,
            data={"event": report.event_id, "sections": keys, "case_study_text": case_study_text},
        )
    return report


def turn_off(*, report: Report, actor) -> Report:
    """Revoke the public link: it stops working at once (a new one can be made later)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not report.public_link_on:
            return report
        report.public_token_hash = ""
        report.public_token = ""
        report.public_since = None
        report.save(update_fields=["public_token_hash", "public_token", "public_since"])
        log_action("followup.report.public_link_off", actor=actor, target=report)
    return report


def public_url(report: Report) -> str:
    """The public link's full address, or "" when it is off."""
    if not report.public_link_on or not report.public_token:
        return ""
    return settings.SITE_URL + reverse("public_report", kwargs={"token": report.public_token})


def report_for_token(token: str) -> Report | None:
    """The published report whose public link this is, or None (off, revoked, unknown, or a
    report back to draft)."""
    if not tokens.looks_like_token(token):
        return None
    return (
        Report.objects.select_related("event", "event__place")
        .filter(public_token_hash=tokens.hash_token(token), status=Report.Status.PUBLISHED)
        .first()
    )


def public_view(data: ReportData) -> ReportData:
    """The report data cut down to the sections marked public, in the convenor's order."""
    marked = set(data.report.public_sections or [])
    sections = [{**s, "hidden": s["hidden"] or s["key"] not in marked} for s in data.sections]
    return dataclasses.replace(data, sections=sections)
