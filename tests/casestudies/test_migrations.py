"""Migration 0003: capture sheets keep their event through their café table, checked first."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("casestudies", "0002_table_and_event")]
AFTER = [("casestudies", "0003_tablecapture_event_through_table")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _sheets(apps):
    Place = apps.get_model("core", "Place")
    Event = apps.get_model("events", "Event")
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CafeTable = apps.get_model("cafe", "CafeTable")
    TableCapture = apps.get_model("casestudies", "TableCapture")
    place = Place.objects.create(name="Ilford (Redbridge)", slug="ilford")
    day = datetime.date(2026, 3, 5)
    event = Event.objects.create(place=place, title="Day one", date=day)
    other_event = Event.objects.create(place=place, title="Day two", date=day)
    study = CaseStudy.objects.create(place=place, title="Kai", state="approved")
    table = CafeTable.objects.create(event=event, place=place, label="T01", case_study=study)
    make = TableCapture.objects.create
    return {
        "event": event,
        "table": table,
        "both": make(place=place, case_study=study, event=event, table=table, label="T01"),
        "wrong": make(
            place=place, case_study=study, event=other_event, table=table, label="T01", round=2
        ),
        "neither": make(place=place, case_study=study, label="Table 9"),
        "TableCapture": TableCapture,
    }


def test_migration_keeps_each_sheet_on_its_tables_event(old_apps):
    old = _sheets(old_apps)

    new_apps = migrate(AFTER)

    TableCapture = new_apps.get_model("casestudies", "TableCapture")
    events = dict(TableCapture.objects.values_list("pk", "table__event"))
    assert events == {
        old["both"].pk: old["event"].pk,
        old["wrong"].pk: old["event"].pk,  # follows its table
        old["neither"].pk: None,
    }
    assert "event" not in {f.name for f in TableCapture._meta.get_fields()}


def test_migration_refuses_a_sheet_with_an_event_but_no_table(old_apps):
    old = _sheets(old_apps)
    orphan = old["TableCapture"].objects.create(
        place=old["event"].place,
        case_study=old["both"].case_study,
        event=old["event"],
        label="Table 4",
    )

    with pytest.raises(RuntimeError, match=str(orphan.pk)):
        migrate(AFTER)

    # nothing changed: the column and the sheet's event are still there
    assert old["TableCapture"].objects.get(pk=orphan.pk).event_id == old["event"].pk
    old["TableCapture"].objects.filter(pk=orphan.pk).delete()


def test_migration_back_fills_the_event_from_the_table(old_apps):
    old = _sheets(old_apps)
    migrate(AFTER)

    apps = migrate(BEFORE)

    TableCapture = apps.get_model("casestudies", "TableCapture")
    assert dict(TableCapture.objects.values_list("pk", "event")) == {
        old["both"].pk: old["event"].pk,
        old["wrong"].pk: old["event"].pk,
        old["neither"].pk: None,
    }
