"""An event's agenda with clock times."""

from joinedup.events.agenda import agenda_with_times
from tests.events.factories import AgendaItemFactory


def test_agenda_with_times_counts_from_the_start(event):
    AgendaItemFactory(event=event, order=1, minutes=30, title="A")
    AgendaItemFactory(event=event, order=2, minutes=45, title="B")

    rows = agenda_with_times(event)

    assert [(i.title, s.strftime("%H:%M"), e.strftime("%H:%M")) for i, s, e in rows] == [
        ("A", "09:30", "10:00"),
        ("B", "10:00", "10:45"),
    ]
