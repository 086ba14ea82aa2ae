"""Suggested introductions from the database: needs, thresholds, published pathways, brokers."""

import datetime

from joinedup.network import services
from joinedup.pathways.models import PathwayVersion
from tests.directory.factories import AttributeFactory, need
from tests.network.factories import DeclaredTieFactory, team
from tests.pathways.factories import PathwayFactory, StepFactory, ThresholdFactory, VersionFactory


def rows(place, **kwargs):
    return [
        (i.a_name, i.b_name, i.reasons)
        for i in services.suggested_introductions(place=place, **kwargs)
    ]


def test_suggestions_teams_of_one_need_with_no_tie(place):
    housing = team(place, "Housing Options", "housing")
    refuge = team(place, "Refuge Outreach", "domestic-abuse")
    police = team(place, "Police Safeguarding", "police")
    AttributeFactory(service=housing, taxonomy_term=need("domestic-abuse"))
    AttributeFactory(service=refuge, taxonomy_term=need("domestic-abuse"))
    ThresholdFactory(service=police, need=need("domestic-abuse"))
    DeclaredTieFactory(team=housing, works_with=police)

    assert rows(place) == [
        ("Housing Options", "Refuge Outreach", ("Both serve domestic abuse",)),
        ("Police Safeguarding", "Refuge Outreach", ("Both serve domestic abuse",)),
    ]


def test_suggestions_teams_of_one_published_pathway_not_a_draft(place):
    mash = team(place, "MASH", "child-protection")
    school = team(place, "Valentines School", "schools")
    early = team(place, "Early Help Hub", "early-help")
    pathway = PathwayFactory(place=place, title="A child may be at risk of harm")
    published = VersionFactory(pathway=pathway, status=PathwayVersion.Status.PUBLISHED)
    StepFactory(version=published, services=[school], escalate_to=mash)
    draft = VersionFactory(pathway=pathway, status=PathwayVersion.Status.DRAFT)
    StepFactory(version=draft, services=[early, mash])

    assert rows(place) == [
        ("MASH", "Valentines School", ("Both in the A child may be at risk of harm pathway",)),
    ]


def test_suggestions_the_only_broker_to_a_sector(place):
    options = team(place, "Housing Options", "housing")
    register = team(place, "Housing Register", "housing")
    hub = team(place, "Police Hub", "police")
    DeclaredTieFactory(team=options, works_with=register)
    DeclaredTieFactory(team=register, works_with=hub)

    assert rows(place) == [
        (
            "Housing Options",
            "Police Hub",
            ("Every route from Housing Options to Police teams goes through Housing Register",),
        ),
    ]


def test_suggestions_ties_after_until_do_not_count(place):
    housing = team(place, "Housing Options", "housing")
    refuge = team(place, "Refuge Outreach", "domestic-abuse")
    AttributeFactory(service=housing, taxonomy_term=need("homelessness"))
    AttributeFactory(service=refuge, taxonomy_term=need("homelessness"))
    DeclaredTieFactory(team=housing, works_with=refuge, declared_on=datetime.date(2026, 4, 1))

    assert rows(place, until=datetime.date(2026, 4, 1)) == []
    assert rows(place, until=datetime.date(2026, 3, 31)) == [
        ("Housing Options", "Refuge Outreach", ("Both serve homelessness",)),
    ]


def test_suggestions_leave_out_another_places_teams(place, other_place):
    housing = team(place, "Housing Options", "housing")
    elsewhere = team(other_place, "Exeter Housing", "housing")
    AttributeFactory(service=housing, taxonomy_term=need("homelessness"))
    AttributeFactory(service=elsewhere, taxonomy_term=need("homelessness"))

    assert rows(place) == []
