"""The café demo: Ilford's day has 12 tables planned for 4 rounds, and loading twice changes
nothing."""

import pytest

from joinedup.cafe.domain.plans import current_plan
from joinedup.cafe.models import CafeTable, Plan
from joinedup.core.demo import load_demo
from joinedup.events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_plans_twelve_tables_for_four_rounds_once():
    load_demo()
    event = Event.objects.get(place__slug="ilford", title="Ilford joined-up day")

    plan = current_plan(event)

    tables = CafeTable.objects.filter(event=event)
    assert tables.count() == 12
    assert all(t.hosts.count() == 1 for t in tables)
    assert len({t.case_study_id for t in tables}) == 8
    assert plan.rounds == 4
    assert len(plan.assignments) == event.invitations.filter(checked_in_at__isnull=False).count()
    assert plan.measures["repeat_pairs"] == 0
    load_demo()
    assert Plan.objects.filter(event=event).count() == 1
    assert CafeTable.objects.filter(event=event).count() == 12
