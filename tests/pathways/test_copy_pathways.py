"""Copying a place's levels and published pathways into another (pathways.kits)."""

import pytest

from joinedup.core import copies
from joinedup.directory.models import TaxonomyTerm
from joinedup.pathways import kits
from joinedup.pathways import services as pathways
from joinedup.pathways.models import Level, Pathway, PathwayVersion, Step
from tests.core.factories import PlaceFactory, UserFactory
from tests.directory.factories import ServiceFactory, need
from tests.followup.copy_data import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return UserFactory(email="convenor@joinedup.example")


@pytest.fixture
def ilford():
    return PlaceFactory(name="Ilford", slug="ilford", shares_approach=True)


@pytest.fixture
def exeter():
    return PlaceFactory(name="Exeter", slug="exeter")


def _to_map(rows):
    return sorted((m["step"], m["service"], m["as"]) for m in rows)


def test_copy_pathways_matches_by_name_and_lists_the_rest_to_map(ilford, exeter, actor):
    make_source(ilford, actor)
    exeter_hub = ServiceFactory(place=exeter, name="early help hub")  # case and spaces differ
    ServiceFactory(place=exeter, name="Devon MASH")

    made = kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor)

    assert [p.title for p in made["pathways"]] == ["A child may be at risk"]
    pathway = Pathway.objects.get(place=exeter)
    assert pathway.published is None  # a draft to check, never published by the copy
    steps = {s.code: s for s in pathway.draft.steps.all()}
    assert sorted(steps) == ["car-2", "car-4"]
    assert [s.name for s in steps["car-2"].services.all()] == [exeter_hub.name]
    assert steps["car-2"].escalate_to is None
    assert list(steps["car-4"].services.all()) == []
    assert steps["car-2"].response_hours == 72
    assert steps["car-2"].indicators == ["School attendance falling"]
    assert _to_map(made["to_map"]) == [
        ("car-2", "Multi-Agency Safeguarding Hub", "escalation"),
        ("car-2", "Redbridge IDVA Service", "responds"),
        ("car-4", "Multi-Agency Safeguarding Hub", "responds"),
    ]


def test_copy_pathways_levels_come_from_the_source_when_the_target_has_no_steps(
    ilford, exeter, actor
):
    make_source(ilford, actor)
    Level.objects.filter(place=ilford, number=2).update(name="Additional needs")
    pathways.ensure_levels(place=exeter)
    Level.objects.create(place=exeter, number=5, name="Crisis")

    made = kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor)

    assert [(lv.number, lv.name) for lv in Level.objects.filter(place=exeter)] == [
        (1, "Universal"),
        (2, "Additional needs"),
        (3, "Complex"),
        (4, "Acute"),
    ]
    assert len(made["levels"]) == 4


def test_copy_pathways_keeps_a_pathway_the_target_already_has(ilford, exeter, actor):
    make_source(ilford, actor)
    own = pathways.create_pathway(
        place=exeter, need=need("child-at-risk"), title="Exeter's own", actor=actor
    )
    pathways.ensure_levels(place=exeter)
    pathways.save_step(
        version=own.draft,
        actor=actor,
        code="x-1",
        fields=pathways.StepFields(level=1, indicators=["Any"], services=[]),
    )

    plan = kits.plan_pathways_copy(source_place=ilford, target_place=exeter)
    made = kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor)

    assert plan.skipped == [
        "Levels of need: Exeter's pathways already use its own levels",
        "A child may be at risk: Exeter already has a pathway for it",
    ]
    assert made["pathways"] == [] and made["levels"] == [] and made["to_map"] == []
    assert list(Pathway.objects.filter(place=exeter).values_list("title", flat=True)) == [
        "Exeter's own"
    ]
    assert list(Step.objects.filter(place=exeter).values_list("code", flat=True)) == ["x-1"]


def test_copy_pathways_from_a_source_with_nothing_published_makes_nothing(ilford, exeter, actor):
    pathways.create_pathway(
        place=ilford, need=need("homelessness"), title="Unpublished", actor=actor
    )

    plan = kits.plan_pathways_copy(source_place=ilford, target_place=exeter)
    made = kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor)

    assert plan.levels == [] and plan.pathways == []
    assert plan.skipped == ["Levels of need: Ilford has no published pathways"]
    assert made == {"levels": [], "needs": [], "pathways": [], "to_map": []}
    assert Pathway.objects.filter(place=exeter).count() == 0


def test_copy_pathways_does_not_replace_a_target_services_own_threshold(ilford, exeter, actor):
    make_source(ilford, actor)
    pathways.ensure_levels(place=exeter)
    exeter_mash = ServiceFactory(place=exeter, name="Multi-Agency Safeguarding Hub")
    pathways.set_threshold(service=exeter_mash, need=need("child-at-risk"), levels=[4], actor=actor)

    kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor)

    assert [t.levels for t in pathways.thresholds_for_service(service=exeter_mash)] == [[4]]


def test_copy_pathways_source_threshold_arrives_on_the_matched_service(ilford, exeter, actor):
    make_source(ilford, actor)
    exeter_mash = ServiceFactory(place=exeter, name="Multi-Agency Safeguarding Hub")

    made = kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor)

    assert [t.levels for t in pathways.thresholds_for_service(service=exeter_mash)] == [[3, 4]]
    car2 = Step.objects.get(place=exeter, code="car-2")
    assert car2.escalate_to == exeter_mash
    assert _to_map(made["to_map"]) == [
        ("car-2", "Early Help Hub", "responds"),
        ("car-2", "Redbridge IDVA Service", "responds"),
    ]


def test_copy_pathways_records_the_source_on_the_pathway_and_levels(ilford, exeter, actor):
    source = make_source(ilford, actor)
    run = copies.start_run(place=exeter, source_place=ilford, actor=actor, chosen=["pathways"])

    made = kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor, run=run)

    record = copies.copied_from(made["pathways"][0])
    assert (record.kind, record.source_id, record.run_id) == (
        "pathway",
        str(source.pathway.pk),
        run.pk,
    )
    assert sorted(r.kind for r in run.objects_copied.all()) == ["level of need"] * 4 + ["pathway"]
    assert PathwayVersion.objects.filter(place=ilford, status="published").count() == 1


def test_copy_pathways_brings_a_need_of_the_source_own_with_its_pathway(ilford, exeter, actor):
    own = TaxonomyTerm.objects.create(
        place=ilford,
        taxonomy=need("child-at-risk").taxonomy,
        code="exploitation",
        name="Exploitation",
    )
    pathways.ensure_levels(place=ilford)
    pathway = pathways.create_pathway(place=ilford, need=own, title="Exploited", actor=actor)
    pathways.save_step(
        version=pathway.draft,
        actor=actor,
        code="ex-3",
        fields=pathways.StepFields(level=3, indicators=["Unexplained money"], services=[]),
    )
    pathways.publish(version=pathway.draft, actor=actor)

    plan = kits.plan_pathways_copy(source_place=ilford, target_place=exeter)
    made = kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor)

    assert [t.code for t in plan.needs] == ["exploitation"]
    assert [(t.code, t.name, t.place) for t in made["needs"]] == [
        ("exploitation", "Exploitation", exeter)
    ]
    copied = Pathway.objects.get(place=exeter)
    assert (copied.title, copied.need.place, copied.need.code) == (
        "Exploited",
        exeter,
        "exploitation",
    )
    # A second copy finds the need there and the pathway made: nothing more.
    again = kits.copy_pathways_from(source_place=ilford, target_place=exeter, actor=actor)
    assert (again["needs"], again["pathways"]) == ([], [])
