"""The Ilford pathways demo: nine published pathways, thresholds for every responding service,
exactly the five planted misalignments, and a second load that changes nothing a person did."""

import pytest
from django.db import transaction

from joinedup.core.demo import load_demo
from joinedup.pathways.demo import EXTRA_TEAMS, load_ilford_pathways
from joinedup.pathways.kits import findings_for_place
from joinedup.pathways.models import Level, Pathway, PathwayVersion, Step, Threshold

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo = load_demo()
        yield demo
        transaction.set_rollback(True)


def test_demo_publishes_the_nine_ilford_pathways(demo):
    ilford = demo.places["ilford"]

    published = PathwayVersion.objects.filter(
        place=ilford, status=PathwayVersion.Status.PUBLISHED
    ).values_list("pathway__need__code", flat=True)

    assert sorted(published) == [
        "adult-safeguarding",
        "child-at-risk",
        "domestic-abuse",
        "exploitation",
        "homelessness",
        "mental-health-crisis",
        "purposeful-activity",
        "substance-misuse",
        "youth-offending",
    ]


def test_demo_gives_every_place_the_london_continuum(demo):
    for place in demo.places.values():
        assert list(Level.objects.filter(place=place).values_list("name", flat=True)) == [
            "Universal",
            "Early help",
            "Complex",
            "Acute",
        ]


def test_demo_every_responding_service_has_a_threshold_for_its_need(demo):
    ilford = demo.places["ilford"]
    missing = []
    for step in Step.objects.filter(place=ilford).select_related("version__pathway__need"):
        need = step.version.pathway.need
        for service in step.services.all():
            if not Threshold.objects.filter(service=service, need=need).exists():
                missing.append((step.code, service.name))

    assert missing == []


def test_demo_check_finds_exactly_the_planted_misalignments(demo):
    findings = findings_for_place(place=demo.places["ilford"])

    assert sorted((f.kind, f.step) for f in findings) == [
        ("bounce", "mental-health-crisis-3"),
        ("dead_end", "substance-misuse-4"),
        ("escalation_bounce", "youth-offending-3"),
        ("inactive_service", "substance-misuse-4"),
        ("no_escalation", "purposeful-activity-2"),
        ("slower_when_worse", "adult-safeguarding-4"),
    ]


def test_demo_mash_reply_times_are_red_4_and_children_decided_in_a_working_day(demo):
    steps = Step.objects.filter(
        place=demo.places["ilford"], version__pathway__need__code="child-at-risk"
    ).order_by("level")

    assert [(s.level, s.response_hours) for s in steps] == [(1, 72), (2, 72), (3, 24), (4, 4)]
    assert "red within 4 working hours, amber within 24, green within 72" in steps[3].route_detail
    assert "children's social care decides within one working day" in steps[2].route_detail


def test_demo_loaded_again_keeps_what_a_person_changed(demo):
    ilford = demo.places["ilford"]
    pathway = Pathway.objects.get(place=ilford, need__code="homelessness")
    pathway.title = "Homelessness (changed by the convenor)"
    pathway.save()
    threshold = Threshold.objects.filter(place=ilford).order_by("pk").first()
    threshold.levels = [1]
    threshold.save()
    before = (Pathway.objects.count(), Step.objects.count(), Threshold.objects.count())

    load_ilford_pathways(ilford)

    assert (Pathway.objects.count(), Step.objects.count(), Threshold.objects.count()) == before
    pathway.refresh_from_db()
    threshold.refresh_from_db()
    assert pathway.title == "Homelessness (changed by the convenor)"
    assert threshold.levels == [1]


def test_demo_adds_the_teams_the_pathways_need_once(demo):
    ilford = demo.places["ilford"]
    names = [name for _key, _org, name, *_rest in EXTRA_TEAMS]

    load_ilford_pathways(ilford)

    assert ilford.services.filter(name__in=names).count() == len(names)
