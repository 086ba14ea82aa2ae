"""Action owners are told (issue 17 item 6): when given an action, and when it falls overdue,
by the periodic job the worker runs (at most once a day each), with a link to the action."""

import datetime

import pytest
from django.db import transaction

from joinedup.core.models import AuditEntry, OutboxMessage, PeriodicRun
from joinedup.core.schedule import run_due
from joinedup.followup import actions as services
from tests.directory.factories import ContactFactory, ServiceFactory
from tests.followup.factories import ActionFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the emails go on commit


@pytest.fixture
def owner(place, make_member):
    return make_member(place, "practitioner", full_name="Olu Owner", email="olu@council.example")


def test_confirming_an_action_tells_its_owner_with_a_link(place, convenor, owner, settings):
    settings.SITE_URL = "https://joinedup.example"
    action, _ = services.confirm_action(
        place=place,
        actor=convenor,
        title="Share the eviction notice list weekly",
        owner_user=owner,
        due_date=datetime.date(2027, 4, 30),
    )

    (message,) = OutboxMessage.objects.all()
    assert message.to == ["olu@council.example"]
    assert message.subject == "You have an action: Share the eviction notice list weekly"
    assert "Due: 30 April 2027" in message.body_text
    assert f"https://joinedup.example/p/{place.slug}/outputs/actions/{action.pk}/" in (
        message.body_text
    )
    assert AuditEntry.objects.filter(action="followup.action.owner_told").count() == 1


def test_an_action_rolled_back_tells_nobody(place, convenor, owner):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.confirm_action(place=place, actor=convenor, title="Never", owner_user=owner)
        raise RuntimeError("the request failed after")

    assert OutboxMessage.objects.count() == 0


def test_a_team_only_action_goes_to_the_team_address_and_none_without(place, convenor):
    with_address = ServiceFactory(place=place, email="housing@council.example")
    without = ServiceFactory(place=place, email="")

    services.confirm_action(place=place, actor=convenor, title="A", owner_team=with_address)
    services.confirm_action(place=place, actor=convenor, title="B", owner_team=without)

    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [["housing@council.example"]]


def test_a_new_owner_is_told_and_the_same_owner_not_twice(place, convenor, owner):
    action = ActionFactory(place=place, owner_user=owner)
    contact = ContactFactory(service=ServiceFactory(place=place), email="dee@council.example")

    services.edit_action(action=action, actor=convenor, title="Renamed")
    services.edit_action(action=action, actor=convenor, owner_user=None, owner_contact=contact)
    services.edit_action(action=action, actor=convenor, due_date=datetime.date(2027, 5, 1))
    services.edit_action(action=action, actor=convenor, owner_contact=None, owner_user=owner)
    services.edit_action(action=action, actor=convenor, owner_user=None, owner_contact=contact)

    # Renaming and a new date tell nobody; Dee is told once although given it twice; Olu is
    # told when given it back (he was never told when the factory made it).
    assert sorted(m[0] for m in OutboxMessage.objects.values_list("to", flat=True)) == [
        "dee@council.example",
        "olu@council.example",
    ]


def test_the_periodic_job_reminds_overdue_owners_once_a_period(place, owner):
    late = ActionFactory(
        place=place, owner_user=owner, due_date=datetime.date.today() - datetime.timedelta(days=2)
    )
    now = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=datetime.UTC)

    first = run_due(now=now, names={"followup.overdue_action_reminders"})
    soon = run_due(
        now=now + datetime.timedelta(minutes=30), names={"followup.overdue_action_reminders"}
    )
    later = run_due(
        now=now + datetime.timedelta(hours=2), names={"followup.overdue_action_reminders"}
    )

    assert first == {
        "followup.overdue_action_reminders": {"sent": 1, "already_sent": 0, "no_address": 0}
    }
    assert soon == {}  # not an hour since the last run
    # An hour later it runs again, but the owner already had today's reminder.
    assert later == {
        "followup.overdue_action_reminders": {"sent": 0, "already_sent": 1, "no_address": 0}
    }
    assert OutboxMessage.objects.filter(key__startswith=f"action-overdue:{late.pk}:").count() == 1
    row = PeriodicRun.objects.get(name="followup.overdue_action_reminders")
    assert (row.last_run_at, row.last_result["already_sent"]) == (
        now + datetime.timedelta(hours=2),
        1,
    )
