"""The words people search for, per place: seeded, kept when a convenor changes them, used
by find_services() in their own place only (SQLite and PostgreSQL alike)."""

import pytest

from joinedup.directory import services as directory
from joinedup.directory.models import SearchSynonym
from joinedup.directory.search import find_services
from joinedup.directory.synonyms import DEFAULT_SYNONYMS
from tests.core.factories import PlaceFactory
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def found(place, text) -> list[str]:
    return [s.name for s in find_services(place=place, text=text).services]


@pytest.fixture
def two_refuges(place, other_place):
    ServiceFactory(place=place, name="Haven Refuge", description="Safe rooms for women.")
    ServiceFactory(place=other_place, name="Exe Refuge", description="Safe rooms for women.")


def test_a_new_place_is_seeded_with_the_default_words(place):
    assert SearchSynonym.objects.filter(place=place).count() == len(DEFAULT_SYNONYMS)
    dv = SearchSynonym.objects.get(place=place, key="dv")
    assert dv.meaning_list == ["domestic violence", "domestic abuse"]


def test_seeding_again_keeps_a_convenors_change(place, convenor):
    dv = SearchSynonym.objects.get(place=place, key="dv")
    directory.save_synonym(
        place=place, actor=convenor, phrase="DV", meanings=["domestic abuse"], synonym=dv
    )
    assert directory.seed_synonyms(place=place) == 0
    dv.refresh_from_db()
    assert dv.meaning_list == ["domestic abuse"]


def test_a_synonym_added_in_one_place_is_not_used_in_another(
    place, other_place, convenor, two_refuges
):
    directory.save_synonym(place=place, actor=convenor, phrase="sanctuary", meanings=["refuge"])
    assert found(place, "sanctuary") == ["Haven Refuge"]
    assert found(other_place, "sanctuary") == []


def test_a_removed_synonym_is_no_longer_used(place, convenor):
    ServiceFactory(place=place, name="Youth Justice Service", description="Children who offend.")
    assert found(place, "YOT") == ["Youth Justice Service"]
    directory.delete_synonym(
        synonym=SearchSynonym.objects.get(place=place, key="yot"), actor=convenor
    )
    assert found(place, "YOT") == []


def test_save_synonym_refuses_a_phrase_already_in_the_list(place, convenor):
    with pytest.raises(directory.SynonymExists) as refused:
        directory.save_synonym(place=place, actor=convenor, phrase=" dv ", meanings=["x"])
    assert refused.value.existing.phrase == "DV"
    assert SearchSynonym.objects.filter(place=place, key="dv").count() == 1


def test_places_made_in_bulk_elsewhere_are_seeded_too():
    created = PlaceFactory(slug="seeded-place", name="Seeded Place")
    assert SearchSynonym.objects.filter(place=created, key="camhs").exists()
