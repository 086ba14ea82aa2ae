"""Searches that stop early (issue 12 and 18 leftovers): find_services ranks the services with
every concept first and fetches no more when they fill the page; on PostgreSQL a large total
is the planner's estimate ("about N")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.directory import search
from joinedup.directory.search import Estimate, SearchResult, find_services, search_services
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counselling(place):
    """Four services with both words, three with one, so a page of 2 to 4 fills from the
    four alone."""
    both = [
        ServiceFactory(place=place, name=f"Family Counselling {n}", description="Weekly.")
        for n in "ABCD"
    ]
    one = [
        ServiceFactory(place=place, name=f"Counselling {n}", description="For adults.")
        for n in "EFG"
    ]
    return both, one


def _fetched_texts(queries) -> int:
    """How many of the queries fetched the services' text for ranking."""
    return sum(1 for q in queries if "e.body" in q["sql"] or '"body"' in q["sql"])


def test_a_page_filled_by_full_matches_ranks_only_them(place, counselling):
    with CaptureQueriesContext(connection) as queries:
        result = find_services(place=place, text="family counselling", limit=3)
    assert [s.name for s in result.services] == [
        "Family Counselling A", "Family Counselling B", "Family Counselling C"
    ]  # fmt: skip
    assert result.total == 7  # every service with either word is still counted
    assert _fetched_texts(queries.captured_queries) == 1


def test_a_page_beyond_the_full_matches_still_gets_the_partial_ones(place, counselling):
    result = find_services(place=place, text="family counselling", limit=3, offset=3)
    assert [s.name for s in result.services] == [
        "Family Counselling D", "Counselling E", "Counselling F"
    ]  # fmt: skip
    assert result.total == 7


def test_the_first_page_and_the_whole_ranking_agree(place, counselling):
    whole = find_services(place=place, text="family counselling", limit=20)
    assert [s.name for s in whole.services][:4] == [
        "Family Counselling A", "Family Counselling B", "Family Counselling C",
        "Family Counselling D",
    ]  # fmt: skip
    first = find_services(place=place, text="family counselling", limit=2)
    assert [s.name for s in first.services] == ["Family Counselling A", "Family Counselling B"]


def test_a_count_is_exact_and_not_estimated_below_the_threshold(place, counselling):
    result = search_services(place=place, text="counselling")
    assert result.total == 7
    assert not result.estimated
    assert not SearchResult(total=7).estimated
    assert SearchResult(total=Estimate(12_000)).estimated


POSTGRESQL = connection.vendor == "postgresql"


def test_a_large_total_is_the_planners_estimate_on_postgresql_and_a_count_on_sqlite(
    place, counselling, monkeypatch
):
    monkeypatch.setattr(search, "RANK_IN_PYTHON", 2)  # so the total is counted apart
    monkeypatch.setattr(search, "ESTIMATE_FROM", 1)
    result = search_services(place=place, text="counselling", limit=2)
    if POSTGRESQL:
        assert result.estimated
        assert result.total >= 1
    else:  # FTS5 counts quickly: SQLite never estimates
        assert (result.total, result.estimated) == (7, False)
    monkeypatch.setattr(search, "ESTIMATE_FROM", 10_000)
    exact = search_services(place=place, text="counselling", limit=2)
    assert (exact.total, exact.estimated) == (7, False)


def test_a_search_expected_to_be_large_puts_every_word_in_the_name_first(
    place, counselling, monkeypatch
):
    # on PostgreSQL as if the planner expected thousands of matches: no first pass over every
    # match and no count, the name matches (from the name's own index) ranked, then the others.
    # SQLite has no estimate and ranks every match: the same order.
    ServiceFactory(place=place, name="Talking Therapies", description="Family counselling.")
    monkeypatch.setattr(search, "ESTIMATE_FROM", 1)
    with CaptureQueriesContext(connection) as queries:
        result = search_services(place=place, text="family counselling", limit=6)
    sqls = [q["sql"] for q in queries.captured_queries]
    assert [s.name for s in result.services] == [
        "Family Counselling A", "Family Counselling B", "Family Counselling C",
        "Family Counselling D", "Talking Therapies",
    ]  # fmt: skip
    if POSTGRESQL:
        assert result.estimated
        assert not any("count(*)" in sql for sql in sqls)
        assert sum("e.body" in sql for sql in sqls) == 1  # only the name matches are ranked
        assert any("to_tsvector('english', coalesce(e.name" in sql for sql in sqls)
    else:
        assert (result.total, result.estimated) == (5, False)


def test_the_name_has_its_own_search_index():
    with connection.cursor() as cursor:
        if POSTGRESQL:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'directory_sse_name_gin'"
            )
            (definition,) = cursor.fetchone()
            assert "to_tsvector('english'" in definition and "gin" in definition.lower()
        else:  # FTS5 indexes the name as a column of its own
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'directory_service_fts'")
            (definition,) = cursor.fetchone()
            assert "fts5(" in definition and "name," in definition
