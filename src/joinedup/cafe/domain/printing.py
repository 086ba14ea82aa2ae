"""Printed material of a plan: a card per person and a roster per table per round, as HTML
for the screen and as A4 PDF (WeasyPrint) from the same markup."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from joinedup.cafe.domain.plans import grid, itineraries, round_titles
from joinedup.cafe.models import Plan

PRINT_CSS = "cafe/print.css"


def person_url(plan: Plan, invitation_id: int) -> str:
    """Return the absolute address of a person's page of tables (what their QR code holds)."""
    path = reverse(
        "cafe:person",
        kwargs={
            "place_slug": plan.event.place.slug,
            "event_id": plan.event_id,
            "invitation_id": invitation_id,
        },
    )
    return f"{settings.SITE_URL}{path}"


def qr_data_uri(url: str) -> str:
    """Return a PNG QR code of the address as a data: URI (allowed by our CSP, read by PDFs).

    Two pixels a module keeps the PDF quick to make; the stylesheets scale it up crisply.
    """
    return segno.make(url, error="m").png_data_uri(scale=2, border=2)


def cards(plan: Plan) -> list[dict]:
    """Return a card per person: name, organisation, table per round, and a QR code."""
    out = []
    for person in itineraries(plan):
        url = person_url(plan, person["invitation"]) if person["invitation"] else ""
        out.append({**person, "url": url, "qr": qr_data_uri(url) if url else ""})
    return out


def _with_details(plan: Plan, person: dict) -> dict:
    details = plan.people.get(person["pid"], {})
    return {
        **person,
        "organisation": details.get("organisation", ""),
        "sector": details.get("sector", ""),
    }


def rosters(plan: Plan) -> list[dict]:
    """Return a roster per table per round: who sits there, hosts first."""
    titles = round_titles(plan)
    out = []
    for row in grid(plan):
        for r, seated in enumerate(row["cells"]):
            out.append(
                {
                    "label": row["label"],
                    "round": r + 1,
                    "round_title": titles[r],
                    "case_study": row["case_study"],
                    "hosts": row["hosts"],
                    "seats": row["seats"],
                    "people": [_with_details(plan, person) for person in seated],
                }
            )
    return out


def render_pdf(template: str, context: dict) -> bytes:
    """Return the PDF of a print template, A4, styled by the print stylesheet."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    css_path = finders.find(PRINT_CSS)
    stylesheets = [CSS(filename=css_path)] if css_path else []
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(stylesheets=stylesheets)
