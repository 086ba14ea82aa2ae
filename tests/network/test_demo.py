"""The network demo: Ilford's network before its day is in silos; the day visibly changes it."""

import datetime

from joinedup.core.demo import load_demo
from joinedup.core.models import Place
from joinedup.network import services
from joinedup.network.models import DeclaredTie


def test_demo_ilford_day_changes_the_network_once(db):
    load_demo()
    first = DeclaredTie.objects.count()
    load_demo()
    place = Place.objects.get(slug="ilford")

    change = services.what_the_day_changed(place=place, day=datetime.date(2026, 3, 12))

    assert DeclaredTie.objects.count() == first == 26
    assert change.components_before > change.components_after
    assert "Anti-social Behaviour Team" in change.no_longer_single
    assert len(change.new_cross_silo) > 100
