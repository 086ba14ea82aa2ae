"""The network page's tables: sorted over every row, paged, links that keep the query."""

import pytest

from joinedup.network import tables
from joinedup.network.services import MapTie


def tie(a_name: str, b_name: str, weight: float) -> MapTie:
    return MapTie(
        a=a_name[0],
        b=b_name[0],
        a_name=a_name,
        b_name=b_name,
        weight=weight,
        kinds=("declared",),
        cross_sector=True,
        cross_tier=False,
    )


ROWS = [tie(f"Team {n:02d}", "Other", float(n % 7)) for n in range(25)]


def test_table_page_sorts_every_row_before_paging():
    page = tables.ties_page(ROWS, sort="-weight", page=1, query={}, per_page=10)

    assert [t.weight for t in page.rows] == [6.0] * 3 + [5.0] * 3 + [4.0] * 3 + [3.0]
    assert (page.total, page.pages, page.first, page.last) == (25, 3, 1, 10)


def test_table_page_last_page_holds_the_rest():
    page = tables.ties_page(ROWS, sort="team", page=3, query={}, per_page=10)

    assert [t.a_name for t in page.rows] == [f"Team {n:02d}" for n in range(20, 25)]
    assert (page.first, page.last, page.next_query) == (21, 25, None)
    assert page.previous_query == "ties_page=2"


def test_table_page_past_the_end_is_refused():
    with pytest.raises(tables.NoSuchPage):
        tables.ties_page(ROWS, sort="team", page=4, query={}, per_page=10)


def test_table_page_links_keep_the_other_parameters_and_drop_its_own():
    query = {"kind": ["declared", "action"], "teams_sort": ["-ties"], "ties_page": ["2"]}

    page = tables.ties_page(ROWS, sort="weight", page=2, query=query, per_page=10)
    weight = page.headers[3]

    assert page.next_query == "kind=declared&kind=action&teams_sort=-ties&ties_page=3"
    assert page.previous_query == "kind=declared&kind=action&teams_sort=-ties"
    assert (weight.aria_sort, weight.query) == (
        "ascending",
        "kind=declared&kind=action&teams_sort=-ties&ties_sort=-weight",
    )
    assert page.headers[0].aria_sort == "none"


def test_table_page_numbers_show_first_last_and_neighbours():
    rows = [tie(f"Team {n:03d}", "Other", 1.0) for n in range(100)]

    page = tables.ties_page(rows, sort="team", page=5, query={}, per_page=10)

    assert [link.number for link in page.links] == [1, None, 4, 5, 6, None, 10]
    assert [link.current for link in page.links if link.number] == [
        False,
        False,
        True,
        False,
        False,
    ]


def test_table_page_empty_table_is_one_empty_page():
    page = tables.ties_page([], sort="team", page=1, query={}, per_page=10)

    assert (page.rows, page.pages, page.first, page.last, page.links) == (
        [],
        1,
        0,
        0,
        [tables.PageLink(1, "", True)],
    )
