"""Search on SQLite FTS5 and PostgreSQL full-text: the same tests run on both."""

import pytest

from joinedup.directory import search
from joinedup.directory.models import Attribute, Service, ServiceSearchEntry
from joinedup.directory.search import naive_search, reindex_services, search_services
from tests.core.factories import PlaceFactory
from tests.directory.factories import (
    AttributeFactory,
    OrganizationFactory,
    ServiceFactory,
    need,
    sector,
)

pytestmark = pytest.mark.django_db


def names(result) -> list[str]:
    return [s.name for s in result.services]


@pytest.fixture
def directory(place):
    """A small directory: three services that talk about refuges in different places."""
    council = OrganizationFactory(place=place, name="Redbridge Council")
    return {
        "refuge": ServiceFactory(
            place=place,
            organization=OrganizationFactory(place=place, name="Safe Haven"),
            name="Safe Haven Refuge",
            description="Emergency accommodation for women escaping domestic abuse.",
            terms=[sector("domestic-abuse"), need("domestic-abuse"), need("homelessness")],
        ),
        "housing": ServiceFactory(
            place=place,
            organization=council,
            name="Housing Options",
            description="Advice for people who are homeless, including a place in a refuge.",
            terms=[sector("housing"), need("homelessness")],
        ),
        "asb": ServiceFactory(
            place=place,
            organization=council,
            name="Anti-social Behaviour Team",
            alternate_name="ASB",
            description="Investigates persistent anti-social behaviour.",
            terms=[sector("community-safety"), need("anti-social-behaviour")],
        ),
    }


def test_search_ranks_a_name_match_above_a_description_match(place, directory):
    result = search_services(place=place, text="refuge")
    assert names(result) == ["Safe Haven Refuge", "Housing Options"]
    assert result.total == 2


def test_search_matches_other_forms_of_a_word(place, directory):
    assert names(search_services(place=place, text="refuges")) == [
        "Safe Haven Refuge",
        "Housing Options",
    ]


def test_search_matches_alternate_name_and_organisation(place, directory):
    assert names(search_services(place=place, text="asb")) == ["Anti-social Behaviour Team"]
    assert names(search_services(place=place, text="redbridge council")) == [
        "Anti-social Behaviour Team",
        "Housing Options",
    ]


def test_search_needs_every_word(place, directory):
    assert names(search_services(place=place, text="refuge women")) == ["Safe Haven Refuge"]


def test_search_filters_by_need(place, directory):
    result = search_services(place=place, need=need("homelessness"))
    assert names(result) == ["Housing Options", "Safe Haven Refuge"]


def test_search_filters_by_sector(place, directory):
    assert names(search_services(place=place, sector=sector("housing"))) == ["Housing Options"]


def test_search_filters_by_status(place, directory):
    directory["housing"].status = Service.Status.TEMPORARILY_CLOSED
    directory["housing"].save()
    assert names(search_services(place=place, status="temporarily closed")) == ["Housing Options"]
    assert names(search_services(place=place, text="refuge", status="active")) == [
        "Safe Haven Refuge"
    ]


def test_search_combines_text_need_and_place(place, other_place, directory):
    ServiceFactory(
        place=other_place,
        name="Exeter Refuge",
        description="A refuge.",
        terms=[need("homelessness")],
    )
    result = search_services(place=place, text="refuge", need=need("homelessness"))
    assert names(result) == ["Safe Haven Refuge", "Housing Options"]
    assert names(search_services(place=other_place, text="refuge")) == ["Exeter Refuge"]


def test_search_accepts_term_ids_as_well_as_terms(place, directory):
    assert names(search_services(place=place, need=need("anti-social-behaviour").pk)) == [
        "Anti-social Behaviour Team"
    ]


def test_search_finds_a_service_by_its_new_name_after_an_update(place, directory):
    service = directory["refuge"]
    service.name = "Safe Haven Sanctuary"
    service.save()
    assert names(search_services(place=place, text="sanctuary")) == ["Safe Haven Sanctuary"]
    assert names(search_services(place=place, text="refuge")) == ["Housing Options"]


def test_search_forgets_a_deleted_service(place, directory):
    directory["refuge"].delete()
    assert names(search_services(place=place, text="refuge")) == ["Housing Options"]


def test_search_follows_an_organisation_rename(place, directory):
    organisation = directory["asb"].organization
    organisation.name = "London Borough of Redbridge"
    organisation.save()
    assert names(search_services(place=place, text="borough")) == [
        "Anti-social Behaviour Team",
        "Housing Options",
    ]


def test_search_follows_terms_added_and_removed(place, directory):
    AttributeFactory(service=directory["asb"], taxonomy_term=need("youth-offending"))
    assert names(search_services(place=place, need=need("youth-offending"))) == [
        "Anti-social Behaviour Team"
    ]
    Attribute.objects.get(service=directory["asb"], taxonomy_term=need("youth-offending")).delete()
    assert names(search_services(place=place, need=need("youth-offending"))) == []


def test_reindex_services_finds_rows_written_in_bulk(place):
    organisation = OrganizationFactory(place=place)
    Service.objects.bulk_create(
        [Service(place=place, organization=organisation, name=f"Bulk team {i}") for i in range(30)]
    )
    assert search_services(place=place, text="bulk").total == 0
    assert reindex_services(place=place) == 30
    assert search_services(place=place, text="bulk").total == 30


def test_reindex_services_drops_entries_of_services_gone_in_bulk(place, directory):
    Service.objects.filter(pk=directory["housing"].pk).update(name="Renamed in bulk")
    assert search_services(place=place, text="options").total == 1
    reindex_services()
    assert names(search_services(place=place, text="renamed")) == ["Renamed in bulk"]
    assert search_services(place=place, text="options").total == 0


def test_search_pages_through_results_and_counts_them_all(place):
    organisation = OrganizationFactory(place=place)
    for i in range(25):
        ServiceFactory(place=place, organization=organisation, name=f"Youth club {i:02d}")
    first = search_services(place=place, text="youth", limit=10)
    last = search_services(place=place, text="youth", limit=10, offset=20)
    assert (first.total, len(first.services)) == (25, 10)
    assert (last.total, len(last.services)) == (25, 5)


def test_search_ignores_query_syntax_in_what_people_type(place, directory):
    assert names(search_services(place=place, text='refuge" *:( ^')) == [
        "Safe Haven Refuge",
        "Housing Options",
    ]
    assert search_services(place=place, text="*** ((").total == 3


def test_search_without_criteria_lists_every_service_by_name(place, directory):
    assert names(search_services(place=place)) == [
        "Anti-social Behaviour Team",
        "Housing Options",
        "Safe Haven Refuge",
    ]


def test_search_batch_indexes_each_service_once_at_the_end(place):
    with search.batch():
        service = ServiceFactory(place=place, name="Batched team")
        assert search_services(place=place, text="batched").total == 0
    assert names(search_services(place=place, text="batched")) == [service.name]


@pytest.mark.parametrize(
    "criteria",
    [
        {"text": "refuge"},
        {"text": "homeless"},
        {"need": "homelessness"},
        {"text": "council", "need": "homelessness"},
        {"sector": "community-safety"},
        {"text": "nothing-matches-this"},
    ],
)
def test_search_finds_what_the_naive_search_finds(place, directory, criteria):
    PlaceFactory(slug="elsewhere")
    if "need" in criteria:
        criteria = {**criteria, "need": need(criteria["need"])}
    if "sector" in criteria:
        criteria = {**criteria, "sector": sector(criteria["sector"])}
    fast = search_services(place=place, limit=50, **criteria)
    slow = naive_search(place=place, limit=50, **criteria)
    assert sorted(names(fast)) == sorted(names(slow))


@pytest.mark.django_db(transaction=True)
def test_deleting_tagged_services_commits_without_leaving_entries(place):
    service = ServiceFactory(place=place, terms=[sector("housing"), need("homelessness")])
    other = ServiceFactory(place=place, terms=[sector("fire")])
    service.delete()  # autocommit: a stray entry would fail the foreign key here
    other.organization.delete()
    assert ServiceSearchEntry.objects.count() == 0
    assert search_services(place=place, sector=sector("housing")).total == 0


@pytest.mark.parametrize("rank_here", [2000, 2])
def test_search_ranks_name_matches_first_however_many_match(
    place, directory, monkeypatch, rank_here
):
    # up to RANK_IN_PYTHON matches are all ranked; beyond it, the services with the words in
    # their name are ranked and come first, then the others
    monkeypatch.setattr(search, "RANK_IN_PYTHON", rank_here)
    ServiceFactory(place=place, name="Refuge outreach", description="A refuge, refuge, refuge.")
    result = search_services(place=place, text="refuge")
    assert names(result) == ["Refuge outreach", "Safe Haven Refuge", "Housing Options"]
    assert result.total == 3
    assert search_services(place=place, text="refuge", limit=1, offset=2).services == [
        directory["housing"]
    ]
    page = search_services(place=place, text="refuge", limit=2, offset=1)
    assert (names(page), page.total) == (["Safe Haven Refuge", "Housing Options"], 3)


def test_search_with_too_many_name_matches_to_rank_pages_in_index_order(
    place, directory, monkeypatch
):
    monkeypatch.setattr(search, "RANK_IN_PYTHON", 1)
    ServiceFactory(place=place, name="Refuge outreach")
    pages = [search_services(place=place, text="refuge", limit=1, offset=n) for n in range(4)]
    assert [p.total for p in pages] == [3, 3, 3, 3]
    assert [names(p) for p in pages] == [
        ["Safe Haven Refuge"],
        ["Housing Options"],
        ["Refuge outreach"],
        [],
    ]


def test_rank_puts_more_occurrences_of_the_words_first():
    rows = [
        ("a", "Advice line", "housing"),
        ("b", "Housing team", "housing and houses"),
        ("c", "Housing options", "housing"),
    ]
    assert search.rank(["housing"], rows) == ["b", "c", "a"]


def test_search_service_ids_with_nothing_searchable_lists_every_service(place, directory):
    ids, total = search.search_service_ids(text="*** ((", limit=2)
    assert total == 3
    assert ids == [directory["asb"].pk, directory["housing"].pk]


def test_reindexing_everything_keeps_the_index_following_changes(place, other_place, directory):
    # on SQLite the whole rebuild sets the FTS5 triggers aside and puts them back
    ServiceFactory(place=other_place, name="Elsewhere refuge")
    Service.objects.filter(pk=directory["asb"].pk).delete()
    assert reindex_services() == 3
    assert ServiceSearchEntry.objects.count() == 3
    assert search_services(text="refuge").total == 3
    directory["housing"].name = "Housing Gateway"
    directory["housing"].save()
    assert names(search_services(place=place, text="gateway")) == ["Housing Gateway"]
    ServiceFactory(place=place, name="Night shelter")
    assert search_services(place=place, text="shelter").total == 1
    directory["refuge"].delete()
    assert search_services(text="refuge").total == 2


def test_rank_counts_words_after_punctuation_in_names_too():
    rows = [("a", "Behaviour team", "social, social"), ("b", "Anti-social behaviour", "social")]
    assert search.rank(["social"], rows) == ["b", "a"]
