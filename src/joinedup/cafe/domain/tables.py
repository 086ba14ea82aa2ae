"""Tables of an event: add, change and remove them, each with its case study and hosts."""

from django.db import transaction

from joinedup.cafe.models import CafeTable
from joinedup.core.audit import log_action
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
