"""Pages of the spreadsheet import: upload, check columns, check problems and merges, report."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.core.permissions import place_view
from joinedup.directory.imports import services
from joinedup.directory.imports.forms import DecisionsForm, MappingForm, UploadForm
from joinedup.directory.imports.mapping import FIELDS
from joinedup.directory.imports.models import ImportBatch
from joinedup.directory.imports.planning import ImportPlan, need_choice
from joinedup.directory.imports.reading import MB, SpreadsheetError

PREVIEW_ROWS = 5


def _batch(request: HttpRequest, batch_id) -> ImportBatch:
    return get_object_or_404(
        ImportBatch, pk=batch_id, place=request.place, expires_at__gt=timezone.now()
    )


def _after_commit(batch: ImportBatch):
    if batch.status == ImportBatch.Status.COMMITTED:
        return redirect("directory:import_report", place_slug=batch.place.slug, batch_id=batch.pk)
    if batch.job_id and batch.status in (ImportBatch.Status.COMMITTING, ImportBatch.Status.FAILED):
        return redirect("job", place_slug=batch.place.slug, job_id=batch.job_id)
    return None


@place_view("directory.import")
def import_upload(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Step 1: upload an XLSX or CSV file of teams and people."""
    max_bytes = services.max_upload_bytes()
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, max_mb=max_bytes // MB
    )
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > max_bytes + 64 * 1024:
            # Refuse by size before the upload is parsed at all.
            form = UploadForm(max_mb=max_bytes // MB, data={})
            form.errors.clear()
            form.add_error("file", f"The selected file must be smaller than {max_bytes // MB} MB")
        elif form.is_valid():
            try:
                batch = services.create_batch(
                    place=request.place, user=request.user, upload=form.cleaned_data["file"]
                )
            except SpreadsheetError as error:
                form.add_error("file", str(error))
            else:
                return redirect(
                    "directory:import_mapping", place_slug=place_slug, batch_id=batch.pk
                )
    return render(
        request,
        "directory/imports/upload.html",
        {"page_title": "Import teams and people from a spreadsheet", "form": form},
        status=400 if request.method == "POST" else 200,
    )


@place_view("directory.import")
def import_mapping(request: HttpRequest, place_slug: str, batch_id) -> HttpResponse:
    """Step 2: check which column holds which field."""
    batch = _batch(request, batch_id)
    if done := _after_commit(batch):
        return done
    headers = batch.sheet["headers"]
    data = request.POST if request.method == "POST" else None
    form = MappingForm(data, headers=headers, mapping=batch.mapping)
    if request.method == "POST" and form.is_valid():
        services.plan_batch(batch=batch, mapping=form.cleaned_data["mapping"])
        return redirect("directory:import_preview", place_slug=place_slug, batch_id=batch.pk)
    return render(
        request,
        "directory/imports/mapping.html",
        {
            "page_title": "Check the columns",
            "form": form,
            "batch": batch,
            "headers": headers,
            "sample": [row["cells"] for row in batch.sheet["rows"][:PREVIEW_ROWS]],
            "row_count": len(batch.sheet["rows"]),
        },
        status=400 if request.method == "POST" else 200,
    )


def _teams_with_needs(plan, needs, form, accepted) -> list[dict]:
    """The preview's teams, each new one with its need checkboxes (ticked as last saved or
    as just posted)."""
    chosen = set(form["team_needs"].value() or []) if form.is_bound else accepted
    teams = []
    for key, team in sorted(plan.teams.items(), key=lambda kv: kv[1]["name"].casefold()):
        options = []
        if not team["existing_id"]:
            for n in needs:
                value = need_choice(key, n["id"])
                options.append({"value": value, "name": n["name"], "checked": value in chosen})
        teams.append(
            {
                **team,
                "need_options": options,
                "need_names": [o["name"] for o in options if o["checked"]],
            }
        )
    return teams


@place_view("directory.import")
def import_preview(request: HttpRequest, place_slug: str, batch_id) -> HttpResponse:
    """Step 3: see each row's problems, accept or reject proposed merges, then import."""
    batch = _batch(request, batch_id)
    if done := _after_commit(batch):
        return done
    if batch.status != ImportBatch.Status.PLANNED:
        return redirect("directory:import_mapping", place_slug=place_slug, batch_id=batch.pk)
    plan = ImportPlan.from_json(batch.plan)
    initial = {
        "team_merges": [m for m in batch.accepted if m.startswith("team-")],
        "person_merges": [m for m in batch.accepted if m.startswith("person-")],
        "email_fixes": [m for m in batch.accepted if m.startswith("email-")],
        "team_needs": [m for m in batch.accepted if m.startswith("need:")],
    }
    needs = services.need_choices(request.place)
    data = request.POST if request.method == "POST" else None
    form = DecisionsForm(data, plan=plan, initial=initial, needs=needs)
    if request.method == "POST" and form.is_valid():
        job = services.start_commit(batch=batch, accepted=form.accepted, user=request.user)
        return redirect("job", place_slug=place_slug, job_id=job.pk)
    live = [r for r in plan.records if not r["skip"]]
    people = len({r["person_key"] for r in live})
    return render(
        request,
        "directory/imports/preview.html",
        {
            "page_title": "Check the import",
            "batch": batch,
            "plan": plan,
            "form": form,
            "accepted": set(batch.accepted),
            "teams": _teams_with_needs(plan, needs, form, set(batch.accepted)),
            "new_teams": sum(1 for t in plan.teams.values() if not t["existing_id"]),
            "people": people,
            "existing_people": len({r["person_key"] for r in live if r.get("existing")}),
            "skipped": len(plan.records) - len(live),
            "fields": FIELDS,
        },
    )


@place_view("directory.import")
def import_report(request: HttpRequest, place_slug: str, batch_id) -> HttpResponse:
    """Step 4: what the import created, merged and skipped, and why."""
    batch = get_object_or_404(ImportBatch, pk=batch_id, place=request.place)
    if batch.status != ImportBatch.Status.COMMITTED:
        return _after_commit(batch) or redirect(
            "directory:import_preview", place_slug=place_slug, batch_id=batch.pk
        )
    report = batch.report
    problems = report.get("problems", [])
    return render(
        request,
        "directory/imports/report.html",
        {
            "page_title": "Import report",
            "batch": batch,
            "report": report,
            "counts": report["counts"],
            "email_problems": [p for p in problems if p["kind"].startswith("email")],
            "other_problems": [p for p in problems if not p["kind"].startswith("email")],
        },
    )
