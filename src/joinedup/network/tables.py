"""The network page's two tables, sorted and paged on the server.

At 2,000 teams and 20,000 tied pairs the tables are too big for one page, so each is shown a
page at a time; across its pages a table still holds every team and every tie the map shows.
Sorting is a query parameter per table (`teams_sort=ties`, `ties_sort=-weight`, a leading
minus for descending), so it sorts every row, not only the page's, and links keep it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from joinedup.network.services import MapTeam, MapTie

PER_PAGE = 100

# Names sort as network_map orders them (by code point, as the old whole-page tables did):
# casefolding 20,000 pairs of names on every request cost more than the rest of the page.


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]
    numeric: bool = False


TEAM_COLUMNS = (
    Column("team", "Team", lambda t: (t.name, t.id)),
    Column("sector", "Sector", lambda t: (t.sector, t.name)),
    Column("tier", "Tier", lambda t: (t.tier, t.name)),
    Column("ties", "Ties", lambda t: (t.ties, t.name), numeric=True),
    Column("betweenness", "Betweenness", lambda t: (t.betweenness, t.name), numeric=True),
    Column(
        "constraint",
        "Constraint",
        lambda t: (-1 if t.constraint is None else t.constraint, t.name),
        numeric=True,
    ),
    Column("community", "Community", lambda t: (t.community, t.name), numeric=True),
    Column(
        "spof",
        "Single point of failure",
        lambda t: (t.single_point_of_failure, t.name),
    ),
)

TIE_COLUMNS = (
    Column("team", "Team", lambda t: (t.a_name, t.b_name, t.a, t.b)),
    Column("tied_to", "Tied to", lambda t: (t.b_name, t.a_name, t.b, t.a)),
    Column("kinds", "How they met", lambda t: (t.kinds, t.a_name, t.b_name)),
    Column("weight", "Weight", lambda t: (t.weight, t.a_name, t.b_name), numeric=True),
    Column("cross_sector", "Across sectors", lambda t: (t.cross_sector, t.a_name)),
    Column("cross_tier", "Frontline–central", lambda t: (t.cross_tier, t.a_name)),
)


def sort_choices(columns: Sequence[Column]) -> list[tuple[str, str]]:
    """Return the values a table's sort parameter may take: each column, up or down."""
    return [(c.key, c.label) for c in columns] + [(f"-{c.key}", c.label) for c in columns]


@dataclass(frozen=True)
class Header:
    label: str
    numeric: bool
    aria_sort: str  # "ascending", "descending" or "none"
    query: str  # the query string that sorts by this column (the other way when sorted)


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for an ellipsis
    query: str = ""
    current: bool = False


@dataclass(frozen=True)
class TablePage:
    """One page of a sorted table, with what its headers and pagination link to."""

    rows: list
    total: int
    number: int
    pages: int
    first: int  # the 1-based position of the page's first row (0 when the table is empty)
    last: int
    headers: list[Header]
    links: list[PageLink]
    previous_query: str | None
    next_query: str | None


class NoSuchPage(LookupError):
    """A page number past the table's last page."""


def _query(base: Mapping[str, list[str]], **changes: str | None) -> str:

    query = QueryDict(mutable=True)
    for key, values in base.items():
        if key not in changes:
            query.setlist(key, values)
    for key, value in changes.items():
        if value is not None:
            query[key] = value
    return query.urlencode()


def _page_numbers(number: int, pages: int) -> list[int | None]:
    """Pages to link to: the first, the last, and those next to the current one (GOV.UK)."""
    shown = sorted({1, pages, number - 1, number, number + 1} & set(range(1, pages + 1)))
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


def table_page(
    rows: Sequence,
    *,
    columns: Sequence[Column],
    sort: str,
    page: int,
    prefix: str,
    query: Mapping[str, list[str]],
    per_page: int | None = None,
) -> TablePage:
    """Sort `rows` by `sort` (a column key, "-key" for descending) and return page `page`.

    `query` is the request's query (its lists of values); the links keep every parameter
    but the table's own `<prefix>_sort` and `<prefix>_page`. Raises NoSuchPage past the end.
    `per_page` is PER_PAGE unless given.
    """
    per_page = per_page or PER_PAGE
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    column = next(c for c in columns if c.key == key)
    ordered = sorted(rows, key=column.value, reverse=descending)
    pages = max(1, -(-len(ordered) // per_page))
    if page > pages:
        raise NoSuchPage(page)
    start = (page - 1) * per_page
    shown = ordered[start : start + per_page]
    sort_param, page_param = f"{prefix}_sort", f"{prefix}_page"

    def link(number: int) -> str:
        return _query(query, **{page_param: None if number == 1 else str(number)})

    headers = []
    for c in columns:
        if c.key == key:
            aria, next_sort = ("descending", c.key) if descending else ("ascending", f"-{c.key}")
        else:
            aria, next_sort = "none", c.key
        headers.append(
            Header(
                c.label, c.numeric, aria, _query(query, **{sort_param: next_sort, page_param: None})
            )
        )
    return TablePage(
        rows=shown,
        total=len(ordered),
        number=page,
        pages=pages,
        first=start + 1 if shown else 0,
        last=start + len(shown),
        headers=headers,
        links=[
            PageLink(n) if n is None else PageLink(n, link(n), n == page)
            for n in _page_numbers(page, pages)
        ],
        previous_query=link(page - 1) if page > 1 else None,
        next_query=link(page + 1) if page < pages else None,
    )


def teams_page(teams: Sequence[MapTeam], **kwargs) -> TablePage:
    """One page of the teams table (see `table_page`)."""
    return table_page(teams, columns=TEAM_COLUMNS, prefix="teams", **kwargs)


def ties_page(ties: Sequence[MapTie], **kwargs) -> TablePage:
    """One page of the ties table (see `table_page`)."""
    return table_page(ties, columns=TIE_COLUMNS, prefix="ties", **kwargs)
