"""Our sectors and needs taxonomies."""

import pytest

from joinedup.directory.models import ServiceSearchEntry, Taxonomy, TaxonomyTerm
from joinedup.directory.taxonomies import NEEDS, SECTORS, ensure_taxonomies, sector_id
from tests.directory.factories import ServiceFactory, need, sector

pytestmark = pytest.mark.django_db


def test_ensure_taxonomies_is_idempotent():
    before = (Taxonomy.objects.count(), TaxonomyTerm.objects.count())
    ensure_taxonomies()
    assert (Taxonomy.objects.count(), TaxonomyTerm.objects.count()) == before
    assert before == (2, 2 + len(SECTORS) + len(NEEDS))


def test_every_sector_is_frontline_or_central():
    tiers = {t.code: t.tier for t in TaxonomyTerm.objects.sectors().select_related("parent")}
    assert set(tiers.values()) == {"frontline", "central"}
    assert (tiers["police"], tiers["home-office"], tiers["dwp"]) == (
        "frontline",
        "central",
        "central",
    )


def test_sectors_cover_the_mission():
    names = set(TaxonomyTerm.objects.sectors().values_list("code", flat=True))
    assert {
        "housing", "community-safety", "domestic-abuse", "child-protection", "early-help",
        "childrens-social-care", "adult-social-care", "youth-offending", "schools",
        "mental-health", "substance-misuse", "fire", "immigration-enforcement", "police",
        "jobcentre", "home-office", "dhsc", "dfe", "mhclg", "dwp",
    } == names  # fmt: skip


def test_needs_include_the_ones_named_in_the_issue():
    names = set(TaxonomyTerm.objects.needs().values_list("name", flat=True))
    assert {
        "Domestic abuse", "Homelessness", "Child at risk", "Mental health crisis",
        "Substance misuse", "Youth offending and exploitation", "Unemployment and benefits",
        "Immigration status", "Anti-social behaviour", "School exclusion",
        "Adult safeguarding", "Fire risk",
    } <= names  # fmt: skip


def test_sector_ids_are_the_same_in_every_installation():
    # exports and other installations refer to our terms by these ids: never change them
    housing = TaxonomyTerm.objects.get(taxonomy__key="sectors", code="housing")
    assert str(housing.pk) == str(sector_id("housing")) == "a7d93f70-d3f3-5f8d-842c-da51106b6d35"


def test_seeding_again_leaves_the_search_index_alone(place):
    service = ServiceFactory(place=place, terms=[sector("housing"), need("homelessness")])
    entry = ServiceSearchEntry.objects.get(service=service)
    ensure_taxonomies()
    assert ServiceSearchEntry.objects.get(service=service).pk == entry.pk
