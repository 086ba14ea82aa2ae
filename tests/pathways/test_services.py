"""The pathways' rules: levels, thresholds, drafts, publishing (audited, with history) and the
anonymous find-help count."""

import datetime

import pytest

from joinedup.core.models import AuditEntry
from joinedup.pathways import services as pathways
from joinedup.pathways.models import FindHelpUse, Level, PathwayVersion, Threshold
from tests.directory.factories import ServiceFactory, need

pytestmark = pytest.mark.django_db


def _fields(level, services, **extra):
    return pathways.StepFields(
        level=level, indicators=["Parent asks for help"], services=services, **extra
    )


def test_ensure_levels_creates_the_london_continuum_once(place):
    pathways.ensure_levels(place=place)
    levels = pathways.ensure_levels(place=place)

    assert [(lv.number, lv.name) for lv in levels] == [
        (1, "Universal"),
        (2, "Early help"),
        (3, "Complex"),
        (4, "Acute"),
    ]
    assert Level.objects.filter(place=place).count() == 4


def test_edit_levels_renames_and_audits_only_what_changed(place, convenor):
    pathways.ensure_levels(place=place)

    pathways.edit_levels(
        place=place,
        actor=convenor,
        changes={
            2: ("Targeted early help", "One agency"),
            3: ("Complex", Level.objects.get(place=place, number=3).description),
        },
    )

    assert Level.objects.get(place=place, number=2).name == "Targeted early help"
    entry = AuditEntry.objects.get(action="pathways.levels.changed")
    assert entry.data == {"levels": {"2": {"from": "Early help", "to": "Targeted early help"}}}


def test_edit_levels_refuses_a_level_the_place_does_not_have(place, convenor):
    with pytest.raises(pathways.UnknownLevel):
        pathways.edit_levels(place=place, actor=convenor, changes={7: ("Extra", "")})


def test_set_threshold_stores_sorted_levels_and_audits_the_change(place, convenor):
    service = ServiceFactory(place=place, name="Independent Domestic Violence Advisers")

    pathways.set_threshold(
        service=service, need=need("domestic-abuse"), levels=[4, 3], actor=convenor
    )

    assert Threshold.objects.get(service=service).levels == [3, 4]
    entry = AuditEntry.objects.get(action="pathways.threshold.changed")
    assert entry.data == {"need": "domestic-abuse", "from": [], "to": [3, 4]}
    assert entry.target_id == str(service.pk)


def test_set_threshold_with_no_levels_removes_it(place, convenor):
    service = ServiceFactory(place=place)
    pathways.set_threshold(service=service, need=need("homelessness"), levels=[2], actor=convenor)

    pathways.set_threshold(service=service, need=need("homelessness"), levels=[], actor=convenor)

    assert Threshold.objects.filter(service=service).count() == 0


def test_set_threshold_refuses_an_unknown_level_and_saves_nothing(place, convenor):
    service = ServiceFactory(place=place)

    with pytest.raises(pathways.UnknownLevel):
        pathways.set_threshold(
            service=service, need=need("homelessness"), levels=[2, 5], actor=convenor
        )

    assert Threshold.objects.filter(service=service).count() == 0


def test_set_thresholds_is_all_or_nothing(place, convenor):
    service = ServiceFactory(place=place)

    with pytest.raises(pathways.UnknownLevel):
        pathways.set_thresholds(
            service=service,
            actor=convenor,
            levels_by_need={need("homelessness"): [2], need("debt"): [9]},
        )

    assert Threshold.objects.filter(service=service).count() == 0


def test_create_pathway_refuses_a_second_pathway_for_the_need(place, convenor):
    pathways.create_pathway(place=place, need=need("homelessness"), title="", actor=convenor)

    with pytest.raises(pathways.PathwayExists):
        pathways.create_pathway(
            place=place, need=need("homelessness"), title="Again", actor=convenor
        )


def test_publish_keeps_history_sets_last_reviewed_and_audits(place, convenor):
    early_help = ServiceFactory(place=place, name="Early Help Family Support")
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="A child may be at risk", actor=convenor
    )
    first = pathway.draft
    pathways.save_step(version=first, actor=convenor, fields=_fields(2, [early_help]))
    pathways.publish(version=first, actor=convenor, today=datetime.date(2026, 11, 2))
    second = pathways.draft_for_edit(pathway=pathway, actor=convenor)

    pathways.publish(
        version=second,
        actor=convenor,
        change_note="Reviewed at the partnership board",
        today=datetime.date(2026, 12, 1),
    )

    pathway.refresh_from_db()
    assert pathway.last_reviewed == datetime.date(2026, 12, 1)
    assert [(v.number, v.status) for v in pathway.versions.all()] == [
        (2, PathwayVersion.Status.PUBLISHED),
        (1, PathwayVersion.Status.SUPERSEDED),
    ]
    assert pathway.published.pk == second.pk
    entries = AuditEntry.objects.filter(action="pathways.pathway.published").order_by("id")
    assert [e.data for e in entries] == [
        {"version": 1, "previous": None, "steps": 1, "note": ""},
        {"version": 2, "previous": 1, "steps": 1, "note": "Reviewed at the partnership board"},
    ]


def test_draft_for_edit_copies_the_published_steps_and_leaves_them_alone(place, convenor):
    early_help = ServiceFactory(place=place, name="Early Help Family Support")
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="", actor=convenor
    )
    pathways.save_step(version=pathway.draft, actor=convenor, fields=_fields(2, [early_help]))
    published = pathways.publish(version=pathway.draft, actor=convenor)

    draft = pathways.draft_for_edit(pathway=pathway, actor=convenor)
    copied = draft.steps.get()
    assert list(copied.services.all()) == [early_help]
    pathways.save_step(version=draft, actor=convenor, step=copied, fields=_fields(3, [early_help]))

    assert [s.level for s in published.steps.all()] == [2]
    assert [s.level for s in draft.steps.all()] == [3]
    assert list(published.steps.get().services.all()) == [early_help]


def test_save_step_refuses_a_published_version(place, convenor):
    service = ServiceFactory(place=place)
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="", actor=convenor
    )
    pathways.save_step(version=pathway.draft, actor=convenor, fields=_fields(2, [service]))
    published = pathways.publish(version=pathway.draft, actor=convenor)

    with pytest.raises(pathways.VersionNotDraft):
        pathways.save_step(version=published, actor=convenor, fields=_fields(3, [service]))


def test_save_step_refuses_another_places_service(place, other_place, convenor):
    foreign = ServiceFactory(place=other_place, name="Exeter Early Help")
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="", actor=convenor
    )

    with pytest.raises(pathways.UnknownService):
        pathways.save_step(version=pathway.draft, actor=convenor, fields=_fields(2, [foreign]))

    assert pathway.draft.steps.count() == 0


def test_save_step_codes_steps_by_need_and_level(place, convenor):
    service = ServiceFactory(place=place)
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="", actor=convenor
    )

    first = pathways.save_step(version=pathway.draft, actor=convenor, fields=_fields(2, [service]))
    second = pathways.save_step(version=pathway.draft, actor=convenor, fields=_fields(2, [service]))

    assert (first.code, second.code) == ("child-at-risk-2", "child-at-risk-2-2")


def test_publish_refuses_an_empty_draft(place, convenor):
    pathway = pathways.create_pathway(
        place=place, need=need("homelessness"), title="", actor=convenor
    )

    with pytest.raises(pathways.NothingToPublish):
        pathways.publish(version=pathway.draft, actor=convenor)

    assert pathway.published is None


def test_record_find_help_use_counts_by_need_level_and_day(place):
    day = datetime.date(2026, 12, 1)
    pathways.record_find_help_use(place=place, need=need("homelessness"), level=2, today=day)
    pathways.record_find_help_use(place=place, need=need("homelessness"), level=2, today=day)
    pathways.record_find_help_use(place=place, need=need("homelessness"), level=None, today=day)

    rows = sorted(FindHelpUse.objects.values_list("level", "date", "count"))
    assert rows == [(0, day, 1), (2, day, 2)]
    assert pathways.find_help_counts(place=place) == [
        {"need": "homelessness", "need_name": "Homelessness", "level": 0, "count": 1},
        {"need": "homelessness", "need_name": "Homelessness", "level": 2, "count": 2},
    ]
