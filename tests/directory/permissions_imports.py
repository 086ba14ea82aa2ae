"""Permissions table rows for the spreadsheet import and Open Referral UK pages."""

from joinedup.core.models import Job
from joinedup.directory.imports.models import ImportBatch
from joinedup.directory.imports.planning import ImportPlan
from tests.permissions_table import Row, roles

CONVENOR = {"convenor"}
SHEET = {"headers": ["Team", "Name"], "rows": [{"number": 2, "cells": ["YOT", "Sam"]}]}
REPORT_COUNTS = dict.fromkeys(
    ["teams", "teams_created", "people", "people_created", "people_updated", "people_unchanged",
     "team_merges_accepted", "person_merges_accepted", "skipped", "email_missing",
     "email_malformed"],
    0,
)  # fmt: skip


def _batch(place, status):
    return ImportBatch.objects.create(
        place=place,
        filename="list.csv",
        file_type="csv",
        sheet=SHEET,
        mapping={"team": 0, "full_name": 1},
        plan=ImportPlan().as_json(),
        status=status,
        report={"counts": REPORT_COUNTS, "problems": []},
    )


def setup(world) -> None:
    for key, place in (("", world.place), ("foreign_", world.other_place)):
        world.objects[f"{key}planned_batch"] = _batch(place, ImportBatch.Status.PLANNED)
        world.objects[f"{key}committed_batch"] = _batch(place, ImportBatch.Status.COMMITTED)
        world.objects[f"{key}hsds_job"] = Job.objects.create(
            place=place, kind="directory.hsds_import", title="Import", status="done"
        )


def _batch_kwargs(key):
    def kwargs(w):
        return {"place_slug": w.place.slug, "batch_id": w.objects[key].pk}

    return kwargs


def _job_kwargs(key):
    def kwargs(w):
        return {"place_slug": w.place.slug, "job_id": w.objects[key].pk}

    return kwargs


EXPECTATIONS = {
    "directory:import_upload": Row(expect=roles(CONVENOR)),
    "directory:import_mapping": Row(
        kwargs=_batch_kwargs("planned_batch"),
        foreign_kwargs=_batch_kwargs("foreign_planned_batch"),
        expect=roles(CONVENOR),
    ),
    "directory:import_preview": Row(
        kwargs=_batch_kwargs("planned_batch"),
        foreign_kwargs=_batch_kwargs("foreign_planned_batch"),
        expect=roles(CONVENOR),
    ),
    "directory:import_report": Row(
        kwargs=_batch_kwargs("committed_batch"),
        foreign_kwargs=_batch_kwargs("foreign_committed_batch"),
        expect=roles(CONVENOR),
    ),
    "directory:hsds": Row(expect=roles(CONVENOR)),
    "directory:hsds_export_json": Row(expect=roles(CONVENOR)),
    "directory:hsds_export_zip": Row(expect=roles(CONVENOR)),
    "directory:hsds_import": Row(
        method="post",
        # no file chosen: the form answers 400 with "Select a file"
        expect=roles(CONVENOR, ok=400),
    ),
    "directory:hsds_import_report": Row(
        kwargs=_job_kwargs("hsds_job"),
        foreign_kwargs=_job_kwargs("foreign_hsds_job"),
        expect=roles(CONVENOR),
    ),
}
