"""A capture sheet belongs to an event only through its café table: drop the second link.

`TableCapture.event` repeated `TableCapture.table.event` (the café opened every sheet with
both), and nothing stopped the two from disagreeing. Before the column goes, the data are
checked: a sheet whose event differs from its table's event is reported and follows its table
(the table is where people sat); a sheet with an event but no table cannot be kept linked,
so the migration stops and names them rather than losing the link silently. Joinedup never
wrote such sheets: sheets opened from a case study's page have neither.
"""

from django.db import migrations
from django.db.models import F


def check_links(apps, schema_editor):
    TableCapture = apps.get_model("casestudies", "TableCapture")
    rows = TableCapture.objects.using(schema_editor.connection.alias)
    orphans = list(
        rows.filter(event__isnull=False, table__isnull=True).values_list("pk", flat=True)[:20]
    )
    if orphans:
        raise RuntimeError(
            "Capture sheets linked to an event but to no café table cannot keep their event "
            "once TableCapture.event is removed. Give each a table of that event (or clear "
            f"its event) and migrate again. Sheets: {', '.join(str(pk) for pk in orphans)}"
        )
    moved = rows.filter(table__isnull=False, event__isnull=False).exclude(event=F("table__event"))
    for pk, event_id, table_event_id in moved.values_list("pk", "event_id", "table__event_id"):
        print(f"  capture sheet {pk}: event {event_id} differs from its table's {table_event_id}")


def restore_event(apps, schema_editor):
    TableCapture = apps.get_model("casestudies", "TableCapture")
    rows = TableCapture.objects.using(schema_editor.connection.alias).filter(table__isnull=False)
    for pk, event_id in rows.values_list("pk", "table__event_id"):
        rows.filter(pk=pk).update(event_id=event_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cafe", "0001_initial"),
        ("casestudies", "0002_table_and_event"),
    ]

    operations = [
        # Going back, the column returns empty and is filled from the tables again.
        migrations.RunPython(check_links, restore_event),
        migrations.RemoveField(model_name="tablecapture", name="event"),
    ]
