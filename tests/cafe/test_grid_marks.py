"""The café grid traces its measures (issue 17 item 8): each seat's sector and tier, and the
table-rounds with nobody from central government marked; a 0-seat table is a form error."""

import re

import pytest
from django.urls import reverse

from joinedup.cafe.domain import plans
from tests.cafe.permissions import make_cafe

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_grid_names_each_seats_sector_and_tier_and_rounds_without_the_centre(place, convenor):
    # Two tables, two rounds, four frontline people (housing, police, schools, social care) and
    # two frontline hosts: nobody from central government at any table-round.
    cafe = make_cafe(place, tables=2, rounds=2, people=4, seats=4)
    plan = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=50)

    rows = plans.grid(plan)

    assert [row["no_central"] for row in rows] == [[1, 2], [1, 2]]
    seats = sorted((p["name"], p["sector"], p["tier"]) for row in rows for p in row["cells"][0])
    assert seats == [
        ("Host 1", "Housing", "frontline"),
        ("Host 2", "Housing", "frontline"),
        ("Person 01", "Housing", "frontline"),
        ("Person 02", "Police", "frontline"),
        ("Person 03", "Schools", "frontline"),
        ("Person 04", "Social care", "frontline"),
    ]


def test_a_table_round_with_someone_central_is_not_marked(place, convenor, convenor_client):
    # Five people: the fifth is from the Home Office, and one table seats everyone.
    cafe = make_cafe(place, tables=1, rounds=1, people=5, seats=6)
    plan = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=50)

    (row,) = plans.grid(plan)
    page = convenor_client.get(
        reverse(
            "cafe:plan",
            kwargs={"place_slug": place.slug, "event_id": cafe.event.pk, "plan_id": plan.pk},
        )
    )

    assert row["no_central"] == []
    text = _text(page)
    assert "Nobody from central government" not in text
    assert "Home office, central" in text and "Police, front line" in text


def test_the_plan_page_marks_the_table_round(place, convenor, convenor_client):
    cafe = make_cafe(place, tables=2, rounds=2, people=2, seats=3)
    plan = plans.make_plan(event=cafe.event, actor=convenor, max_iterations=50)

    page = convenor_client.get(
        reverse(
            "cafe:plan",
            kwargs={"place_slug": place.slug, "event_id": cafe.event.pk, "plan_id": plan.pk},
        )
    )

    # Two tables, two rounds, nobody central: four table-rounds marked.
    assert page.content.decode().count('data-testid="no-central"') == 4


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        ("0", "A table needs at least 1 seat"),
        ("-3", "A table needs at least 1 seat"),
        ("41", "A table can have at most 40 seats"),
    ],
)
def test_a_table_without_seats_is_a_form_error(place, convenor_client, seats, message):
    cafe = make_cafe(place, tables=1, rounds=2, people=1)
    url = reverse("cafe:table_add", kwargs={"place_slug": place.slug, "event_id": cafe.event.pk})

    response = convenor_client.post(
        url, {"label": "T09", "case_study": cafe.case_studies[0].pk, "seats": seats}
    )

    text = _text(response)
    assert response.status_code == 200
    assert f"There is a problem {message}" in text
    assert "Constraint" not in text and "violated" not in text
