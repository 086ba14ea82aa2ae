"""Printed cards and rosters: PDFs that open, one card or roster to a page, and say the right
table; the same cards on screen with their QR codes."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from joinedup.cafe.app_planning import person_id
from joinedup.cafe.domain import plans, printing
from joinedup.core.models import AuditEntry
from tests.cafe.permissions import make_cafe

pytestmark = pytest.mark.django_db


def _url(name, cafe, plan):
    return reverse(
        f"cafe:{name}",
        kwargs={"place_slug": "ilford", "event_id": cafe.event.pk, "plan_id": plan.pk},
    )


def _pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        sizes = {(round(p.width), round(p.height)) for p in pdf.pages}
        assert sizes == {(595, 842)}  # A4 in points
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture
def planned(place, convenor):
    cafe = make_cafe(place, tables=4, rounds=3, people=8)
    return cafe, plans.make_plan(event=cafe.event, actor=convenor, max_iterations=500)


def test_cards_pdf_prints_four_cards_a_page_with_their_table_each_round(planned, convenor_client):
    cafe, plan = planned

    pages = _pages(convenor_client.get(_url("cards_pdf", cafe, plan)))

    # 8 people and 4 hosts: three pages of four cards (issue 17 item 8), each card headed by
    # the event's title.
    assert len(plan.assignments) == 12
    assert [p.count(cafe.event.title) for p in pages] == [4, 4, 4]
    person = cafe.people[0]
    page = next(p for p in pages if person.name in p)
    row = plan.assignments[person_id(person.pk)]
    lines = page.splitlines()
    for number, label in enumerate(row, start=1):
        assert any(line.startswith(f"{number} {label} ") for line in lines), (number, label, page)
    plan.refresh_from_db()
    assert plan.printed_at is not None
    assert AuditEntry.objects.filter(action="cafe.plan.printed_cards").count() == 1


def test_rosters_pdf_has_a_page_per_table_per_round_with_its_host(planned, convenor_client):
    cafe, plan = planned

    pages = _pages(convenor_client.get(_url("rosters_pdf", cafe, plan)))

    assert len(pages) == 4 * 3
    first = pages[0]
    assert "T01, round 1" in first
    assert "Host 1 (host)" in first
    seated = [
        cafe_person.name
        for cafe_person in cafe.people
        if plan.assignments[person_id(cafe_person.pk)][0] == "T01"
    ]
    assert all(name in first for name in seated)


def test_cards_on_screen_carry_a_qr_code_of_the_persons_page(planned, convenor_client):
    cafe, plan = planned

    html = convenor_client.get(_url("cards", cafe, plan)).content.decode()

    person = cafe.people[0]
    card = next(c for c in printing.cards(plan) if c["name"] == person.name)
    assert card["url"].endswith(
        reverse(
            "cafe:person",
            kwargs={"place_slug": "ilford", "event_id": cafe.event.pk, "invitation_id": person.pk},
        )
    )
    assert card["qr"].startswith("data:image/png;base64,")
    assert f'alt="QR code: opens {person.name}\'s tables for the day"' in html
    assert html.count('<article class="jup-card"') == len(plan.assignments)
