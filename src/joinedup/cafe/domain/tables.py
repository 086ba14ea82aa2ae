"""Tables of an event: add, change and remove them, each with its case study and hosts."""

from django.db import transaction

from joinedup.cafe.models import CafeTable
from joinedup.core.audit import log_action
from joinedup.core.copies import record_copy
from joinedup.events.models import Event


def next_label(event: Event) -> str:
    """Return the first free label of the form T01, T02, ..."""
    taken = set(event.cafe_tables.values_list("label", flat=True))
    n = 1
    while f"T{n:02d}" in taken:
        n += 1
    return f"T{n:02d}"


@transaction.atomic
def save_table(
    *,
    event: Event,
    actor,
    label: str,
    case_study,
    hosts,
    seats: int,
    table: CafeTable | None = None,
) -> CafeTable:
    """Create a table of the event, or change one; hosts are invitations to the event."""
    created = table is None
    if created:
        table = CafeTable(event=event, place_id=event.place_id)
    table.label = label
    table.case_study = case_study
    table.seats = seats
    table.save()
    table.hosts.set(hosts)
    log_action(
        "cafe.table.added" if created else "cafe.table.changed",
        actor=actor,
        target=table,
        data={
            "event": event.pk,
            "label": label,
            "case_study": case_study.pk,
            "hosts": sorted(h.pk for h in hosts),
            "seats": seats,
        },
    )
    return table


@transaction.atomic
def delete_table(*, table: CafeTable, actor) -> None:
    """Remove a table; plans made with it keep their copy of it but lose its seat rows."""
    log_action(
        "cafe.table.removed",
        actor=actor,
        target=table,
        data={"event": table.event_id, "label": table.label},
    )
    table.delete()


def tables_to_copy(*, source_event: Event, case_studies: dict) -> tuple[list, list]:
    """Split the source event's tables into those that can be copied (their case study is
    copied too: `case_studies` maps a source case study id to its copy) and those that
    cannot; returns (tables, plain-word reasons for the others)."""
    copyable, skipped = [], []
    for table in source_event.cafe_tables.select_related("case_study").order_by("label"):
        if table.case_study_id in case_studies:
            copyable.append(table)
        else:
            skipped.append(
                f"Table {table.label} of {source_event.title}: its case study, "
                f"{table.case_study.title}, is not shared, so the table is not copied"
            )
    return copyable, skipped


@transaction.atomic
def copy_tables_from(
    *, source_event: Event, target_event: Event, case_studies: dict, actor, run=None
) -> list[CafeTable]:
    """Copy the source event's tables (label, seats, the copied case study) to the target
    event, without hosts: hosts are people of the source place."""
    made = []
    copyable, _skipped = tables_to_copy(source_event=source_event, case_studies=case_studies)
    for source in copyable:
        table = CafeTable.objects.create(
            event=target_event,
            place_id=target_event.place_id,
            label=source.label,
            case_study=case_studies[source.case_study_id],
            seats=source.seats,
        )
        record_copy(run=run, obj=table, source=source, kind="table")
        made.append(table)
    if made:
        log_action(
            "cafe.table.copied",
            actor=actor,
            target=target_event,
            data={"from_event": source_event.pk, "labels": [t.label for t in made]},
        )
    return made
