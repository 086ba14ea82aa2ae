"""Provenance of what one place copied from another ("Started from Ilford's pathway, 2 Dec
2026"): every app's copier records each object it makes here, and pages show it.

One `CopyRun` per copy, one `CopiedObject` per object made (model label + id), so that no
app's model needs a `copied_from` column and a run lists everything it made.
"""

from django.db import models

from joinedup.core.models import CopiedObject, CopyRun, Place


def start_run(*, place: Place, source_place: Place, actor, chosen) -> CopyRun:
    """Open the record of one copy from source_place into place (inside the copy's
    transaction, so a failed copy leaves no record either)."""
    return CopyRun.objects.create(
        place=place,
        source_place=source_place,
        source_name=source_place.name,
        copied_by=actor if getattr(actor, "is_authenticated", False) else None,
        chosen=list(chosen),
    )


def record_copy(*, run: CopyRun | None, obj: models.Model, source: models.Model, kind: str):
    """Record that obj (in the run's place) was copied from source; no-op without a run."""
    if run is None:
        return None
    return CopiedObject.objects.create(
        run=run,
        place=run.place,
        target_type=obj._meta.label_lower,
        target_id=str(obj.pk),
        label=str(obj)[:200],
        kind=kind,
        source_id=str(source.pk),
        source_label=str(source)[:200],
    )


def copied_from(obj: models.Model) -> CopiedObject | None:
    """Where obj was copied from, or None (the latest copy when it was copied twice)."""
    return (
        CopiedObject.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
        .select_related("run")
        .order_by("-run__copied_at")
        .first()
    )


def provenance_line(record: CopiedObject) -> str:
    """The line a page shows: "Started from Ilford's pathway, 2 Dec 2026"."""
    source = record.run.source_name
    owner = f"{source}'" if source.endswith("s") else f"{source}'s"
    return f"Started from {owner} {record.kind}, {record.run.copied_at:%-d %b %Y}"


def copies_in(*, place: Place, model, source_ids) -> dict:
    """{source object id (str): its copy in place} for the objects of `model` already copied
    into place and still there (a copy someone deleted does not count)."""
    label = model._meta.label_lower
    rows = CopiedObject.objects.filter(
        place=place, target_type=label, source_id__in=[str(i) for i in source_ids]
    ).order_by("run__copied_at")
    target_of = {row.source_id: row.target_id for row in rows}  # the latest copy wins
    existing = model.objects.filter(place=place, pk__in=list(target_of.values())).in_bulk()
    by_str = {str(pk): obj for pk, obj in existing.items()}
    return {sid: by_str[tid] for sid, tid in target_of.items() if tid in by_str}
