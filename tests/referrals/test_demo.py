"""The referrals demo: Ilford referrals in every state, some overdue, one escalated, one erased;
a second load adds nothing and changes nothing a person did."""

import pytest
from django.db import transaction

from joinedup.core.demo import load_demo
from joinedup.referrals import services
from joinedup.referrals.models import ReceiverTeam, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo = load_demo()
        yield demo
        transaction.set_rollback(True)


def test_demo_has_every_state_and_overdue_and_escalated_ones(demo):
    referrals = Referral.objects.filter(place__slug="ilford")
    assert sorted(set(referrals.values_list("state", flat=True))) == [
        "accepted",
        "completed",
        "declined",
        "expired",
        "opened",
        "sent",
        "withdrawn",
    ]
    assert referrals.count() == 9
    assert referrals.filter(escalated_at__isnull=False, state="sent").exists()
    receiver = demo.users["receiver"]
    inbox = services.inbox(user=receiver, place=demo.places["ilford"])
    assert [r.reference for r in inbox["overdue"]] == ["R-DEMO03", "R-DEMO02"]
    assert [r.reference for r in inbox["new"]] == ["R-DEMO01"]
    assert [r.reference for r in inbox["in_progress"]] == ["R-DEMO04"]
    erased = Referral.objects.get(reference="R-DEMO09")
    assert (erased.person_name, erased.erased_at is not None) == ("", True)
    assert ReceiverTeam.objects.filter(user=receiver).count() == 1


def test_demo_loaded_again_keeps_what_a_person_changed(demo):
    first = Referral.objects.get(reference="R-DEMO01")
    services.accept_referral(referral=first, actor=demo.users["receiver"])
    with transaction.atomic():
        load_demo()
    assert Referral.objects.filter(place__slug="ilford").count() == 9
    assert Referral.objects.get(reference="R-DEMO01").state == "accepted"
