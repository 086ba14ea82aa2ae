"""The referral rules: what may be sent, the states, and that each change tells the other side
once. Times are fixed (MONDAY_10AM, a Monday 10:00 GMT) and expectations worked out by hand."""

import datetime

import pytest

from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.pathways.models import Step
from joinedup.referrals import services
from joinedup.referrals.models import Referral
from tests.directory.factories import ServiceFactory
from tests.pathways.factories import ThresholdFactory
from tests.referrals.factories import MONDAY_10AM, joinedup_step, send

UTC = datetime.UTC
pytestmark = pytest.mark.django_db


def _mail(to=None):
    messages = OutboxMessage.objects.order_by("created_at", "id")
    return [(m.to, m.subject.rsplit(" (", 1)[0]) for m in messages if to is None or to in m.to]


def test_send_referral_sets_due_times_in_working_hours_and_tells_the_team_once(
    place, team, step, practitioner, receiver
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    referral.refresh_from_db()
    assert referral.state == "sent"
    # 16 working hours from Monday 10:00: 7 Monday, 8 Tuesday, 1 Wednesday -> Wednesday 10:00
    assert referral.due_at == datetime.datetime(2026, 1, 14, 10, tzinfo=UTC)
    # escalation 8 working hours later: 7 Wednesday, 1 Thursday -> Thursday 10:00
    assert referral.escalate_at == datetime.datetime(2026, 1, 15, 10, tzinfo=UTC)
    assert referral.person_name == "Jamie Example"
    assert _mail() == [(["rory@redbridge.example"], "New referral for Ilford Early Help")]
    body = OutboxMessage.objects.get().body_text
    assert "Jamie" not in body and "07700 900123" not in body
    assert AuditEntry.objects.filter(action="referrals.referral.sent").count() == 1


def test_send_referral_from_a_service_page_finds_the_joinedup_step(place, team, step, practitioner):
    referral = send(place=place, referrer=practitioner, to_service=team, level=3)
    assert (referral.step_id, referral.source, referral.level) == (step.pk, "service", 3)


def test_send_referral_without_receivers_goes_to_the_team_address(place, team, step, practitioner):
    send(place=place, referrer=practitioner, to_service=team, step=step)
    assert _mail() == [(["earlyhelp@redbridge.example"], "New referral for Ilford Early Help")]


def _refused(error, **kwargs):
    with pytest.raises(error) as raised:
        send(**kwargs)
    assert Referral.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    return str(raised.value)


def test_refuses_a_service_that_takes_no_referrals_in_joinedup(place, step, practitioner):
    housing = ServiceFactory(place=place, name="Housing Options")
    message = _refused(
        services.NotTakingReferrals, place=place, referrer=practitioner, to_service=housing
    )
    assert message == (
        "Housing Options does not take referrals in Joinedup for child at risk: "
        "use the way in that its directory entry gives."
    )


def test_refuses_a_step_whose_route_is_a_form(place, team, step, practitioner):
    step.route_how = Step.How.FORM
    step.save()
    message = _refused(
        services.NotTakingReferrals, place=place, referrer=practitioner, to_service=team, step=step
    )
    assert message == (
        "Ilford Early Help does not take referrals in Joinedup at this step: "
        "refer as the pathway says (referral form)."
    )


def test_refuses_a_level_the_threshold_does_not_accept(place, team, step, practitioner):
    ThresholdFactory(service=team, levels=[3, 4])
    message = _refused(
        services.LevelNotAccepted,
        place=place,
        referrer=practitioner,
        to_service=team,
        step=step,
        level=2,
    )
    assert message.startswith("Ilford Early Help takes child at risk at level 3, 4 only")


def test_accepts_a_level_the_threshold_lists(place, team, step, practitioner):
    ThresholdFactory(service=team, levels=[2, 3])
    assert send(place=place, referrer=practitioner, to_service=team, step=step).level == 2


@pytest.mark.parametrize("basis", ["", "   "])
def test_refuses_no_consent_without_a_lawful_basis(place, team, step, practitioner, basis):
    _refused(
        services.NoConsentOrLawfulBasis,
        place=place,
        referrer=practitioner,
        to_service=team,
        step=step,
        consent="not-needed",
        lawful_basis=basis,
    )


def test_no_consent_with_a_lawful_basis_is_sent_and_keeps_the_basis(
    place, team, step, practitioner
):
    referral = send(
        place=place,
        referrer=practitioner,
        to_service=team,
        step=step,
        consent="not-needed",
        lawful_basis="Risk of significant harm to the child (Children Act 1989 s47).",
    )
    assert referral.lawful_basis == "Risk of significant harm to the child (Children Act 1989 s47)."


def test_refuses_a_service_of_another_place(place, other_place, step, practitioner):
    elsewhere = ServiceFactory(place=other_place, name="Exeter Early Help")
    _refused(services.NotTakingReferrals, place=place, referrer=practitioner, to_service=elsewhere)


def test_accept_then_complete_tells_the_referrer_each_time_once(
    place, team, step, practitioner, receiver
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    later = MONDAY_10AM + datetime.timedelta(hours=3)
    services.open_referral(referral=referral, actor=receiver, now=later)
    services.open_referral(referral=Referral.objects.get(), actor=receiver, now=later)
    services.accept_referral(referral=referral, actor=receiver, now=later)
    services.complete_referral(referral=referral, actor=receiver, outcome="got-help", now=later)
    referral.refresh_from_db()
    assert (referral.state, referral.outcome, referral.responded_at, referral.closed_at) == (
        "completed",
        "got-help",
        later,
        later,
    )
    assert _mail("priya@nhs.example") == [
        (["priya@nhs.example"], "Referral opened by Ilford Early Help"),
        (["priya@nhs.example"], "Referral accepted by Ilford Early Help"),
        (["priya@nhs.example"], "Referral completed by Ilford Early Help"),
    ]


def test_accepting_a_withdrawn_referral_is_refused_and_changes_nothing(
    place, team, step, practitioner, receiver
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    services.withdraw_referral(referral=referral, actor=practitioner)
    before = OutboxMessage.objects.count()
    with pytest.raises(services.TransitionNotAllowed) as raised:
        services.accept_referral(referral=referral, actor=receiver)
    assert str(raised.value) == (
        "You cannot accept a referral that is withdrawn: nothing was changed."
    )
    referral.refresh_from_db()
    assert (referral.state, referral.responded_at) == ("withdrawn", None)
    assert OutboxMessage.objects.count() == before
    assert _mail("rory@redbridge.example")[-1] == (
        ["rory@redbridge.example"],
        "Referral withdrawn for Ilford Early Help",
    )


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        ("accept", "accept", "You cannot accept a referral that is accepted: nothing was changed."),
        (
            "decline",
            "complete",
            "You cannot complete a referral that is declined: nothing was changed.",
        ),
        (None, "complete", "You cannot complete a referral that is sent: nothing was changed."),
    ],
)
def test_disallowed_transitions_say_so(
    place, team, step, practitioner, receiver, first, then, message
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    actions = {
        "accept": lambda: services.accept_referral(referral=referral, actor=receiver),
        "decline": lambda: services.decline_referral(
            referral=referral, actor=receiver, reason="no-capacity"
        ),
        "complete": lambda: services.complete_referral(
            referral=referral, actor=receiver, outcome="got-help"
        ),
    }
    if first:
        actions[first]()
    state = Referral.objects.get().state
    with pytest.raises(services.TransitionNotAllowed) as raised:
        actions[then]()
    assert str(raised.value) == message
    assert Referral.objects.get().state == state


def test_decline_needs_one_of_the_reasons(place, team, step, practitioner, receiver):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    with pytest.raises(services.TransitionNotAllowed):
        services.decline_referral(referral=referral, actor=receiver, reason="")
    services.decline_referral(referral=referral, actor=receiver, reason="below-threshold")
    referral.refresh_from_db()
    assert (referral.state, referral.decline_reason) == ("declined", "below-threshold")
    assert _mail("priya@nhs.example") == [
        (["priya@nhs.example"], "Referral declined by Ilford Early Help")
    ]


def test_inbox_groups_new_overdue_and_in_progress(place, team, step, practitioner, receiver):
    overdue = send(place=place, referrer=practitioner, to_service=team, step=step)
    fresh = send(
        place=place,
        referrer=practitioner,
        to_service=team,
        step=step,
        now=MONDAY_10AM + datetime.timedelta(days=3),
    )
    accepted = send(place=place, referrer=practitioner, to_service=team, step=step)
    services.accept_referral(referral=accepted, actor=receiver)
    groups = services.inbox(
        user=receiver, place=place, now=datetime.datetime(2026, 1, 15, 12, tzinfo=UTC)
    )
    assert [r.pk for r in groups["overdue"]] == [overdue.pk]
    assert [r.pk for r in groups["new"]] == [fresh.pk]
    assert [r.pk for r in groups["in_progress"]] == [accepted.pk]


def test_a_receiver_of_another_team_has_an_empty_inbox(
    place, team, step, practitioner, make_member
):
    other = make_member(place, "receiver")
    send(place=place, referrer=practitioner, to_service=team, step=step)
    groups = services.inbox(user=other, place=place)
    assert (groups["new"], groups["overdue"], groups["in_progress"]) == ([], [], [])


def test_read_person_is_audited_every_time(place, team, step, practitioner, receiver):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    services.read_person(referral=referral, actor=receiver)
    details = services.read_person(referral=referral, actor=practitioner)
    assert details["name"] == "Jamie Example"
    reads = AuditEntry.objects.filter(action="referrals.referral.read").order_by("id")
    assert [e.actor_label for e in reads] == ["rory@redbridge.example", "priya@nhs.example"]


def test_joinedup_step_of_another_need_does_not_count(place, practitioner):
    youth = ServiceFactory(place=place, name="Youth Hub")
    joinedup_step(place=place, services=[youth], need_code="homelessness")
    assert services.takes_referrals(service=youth) is True
    with pytest.raises(services.NotTakingReferrals):
        send(place=place, referrer=practitioner, to_service=youth)
