"""Referral pages: refer from a plan and from a service page, answer, see the answer; who may
read what; every read audited; refusals shown as GOV.UK errors with nothing saved."""

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.referrals import services
from joinedup.referrals.models import Referral
from tests.pathways.factories import ThresholdFactory
from tests.referrals.factories import send

pytestmark = pytest.mark.django_db


def _url(name, place, **kwargs):
    return reverse(f"referrals:{name}", kwargs={"place_slug": place.slug, **kwargs})


FORM = {
    "need": "child-at-risk",
    "level": "2",
    "person_name": "Alex Example",
    "person_contact": "07700 900321",
    "person_age": "14",
    "dob_day": "",
    "dob_month": "",
    "dob_year": "",
    "reason": "Not in school for three weeks.",
    "how_to_engage": "",
    "consent": "given",
    "lawful_basis": "",
    "from_service": "",
    "referrer_contact": "020 7946 0999",
}


def test_refer_from_a_plan_creates_the_referral_and_shows_it(
    client, place, team, step, practitioner, receiver
):
    client.force_login(practitioner)
    page = client.get(
        _url("new", place),
        {"service": team.pk, "step": step.pk, "need": "child-at-risk", "level": 2},
    )
    assert page.status_code == 200
    assert 'value="child-at-risk" selected' in page.content.decode()
    response = client.post(_url("new", place), {**FORM, "service": team.pk, "step": step.pk})
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", place, referral_id=referral.pk)
    assert (referral.source, referral.step_id, referral.person_age) == ("plan", step.pk, "14")
    sent = client.get(_url("home", place)).content.decode()
    assert referral.reference in sent and "Alex Example" not in sent


def test_refer_refused_by_the_threshold_is_a_400_with_the_message_and_nothing_saved(
    client, place, team, step, practitioner
):
    ThresholdFactory(service=team, levels=[3, 4])
    client.force_login(practitioner)
    response = client.post(_url("new", place), {**FORM, "service": team.pk})
    assert response.status_code == 400
    assert "takes child at risk at level 3, 4 only" in response.content.decode()
    assert Referral.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"person_name": ""}, "Enter the person&#x27;s name"),
        ({"consent": "not-needed"}, "Enter the lawful basis for referring without consent"),
        (
            {"dob_day": "31", "dob_month": "2", "dob_year": "2012"},
            "Date of birth must be a real date",
        ),
        (
            {"dob_day": "3", "dob_month": "", "dob_year": "2012"},
            "must include a day, month and year",
        ),
    ],
)
def test_refer_form_errors(client, place, team, step, practitioner, change, message):
    client.force_login(practitioner)
    response = client.post(_url("new", place), {**FORM, "service": team.pk, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert Referral.objects.count() == 0


def test_refer_to_a_service_outside_joinedup_says_so(client, place, practitioner):
    from tests.directory.factories import ServiceFactory

    housing = ServiceFactory(place=place, name="Housing Options")
    client.force_login(practitioner)
    response = client.get(_url("new", place), {"service": housing.pk})
    assert response.status_code == 400
    assert "Housing Options does not take referrals in Joinedup" in response.content.decode()


def test_receiver_opens_accepts_and_the_referrer_sees_the_answer(
    client, place, team, step, practitioner, receiver
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    client.force_login(receiver)
    page = client.get(_url("detail", place, referral_id=referral.pk)).content.decode()
    assert "Jamie Example" in page and "07700 900123" in page
    referral.refresh_from_db()
    assert referral.state == "opened"
    response = client.post(_url("respond", place, referral_id=referral.pk), {"action": "accept"})
    assert response.status_code == 302
    client.force_login(practitioner)
    sent = client.get(_url("home", place)).content.decode()
    assert "Accepted" in sent
    reads = AuditEntry.objects.filter(action="referrals.referral.read", target_id=str(referral.pk))
    assert reads.count() == 1


def test_decline_without_a_reason_is_an_error_and_changes_nothing(
    client, place, team, step, practitioner, receiver
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    client.force_login(receiver)
    response = client.post(_url("respond", place, referral_id=referral.pk), {"action": "decline"})
    assert response.status_code == 400
    assert "Select why you are declining the referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == "opened"  # the receiver's page opened it; nothing else changed


def test_accepting_a_withdrawn_referral_is_a_409_saying_so(
    client, place, team, step, practitioner, receiver
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    services.withdraw_referral(referral=referral, actor=practitioner)
    client.force_login(receiver)
    response = client.post(_url("respond", place, referral_id=referral.pk), {"action": "accept"})
    assert response.status_code == 409
    assert "You cannot accept a referral that is withdrawn" in response.content.decode()
    assert Referral.objects.get().state == "withdrawn"


def test_another_places_receiver_gets_404_and_a_convenor_403(
    client, place, other_place, team, step, practitioner, receiver, make_member
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    url = _url("detail", place, referral_id=referral.pk)
    exeter_receiver = make_member(other_place, "receiver")
    client.force_login(exeter_receiver)
    assert client.get(url).status_code == 404
    # the same referral asked for under the other place's address is not found either
    foreign = reverse(
        "referrals:detail", kwargs={"place_slug": other_place.slug, "referral_id": referral.pk}
    )
    assert client.get(foreign).status_code == 404
    client.force_login(make_member(place, "convenor"))
    assert client.get(url).status_code == 403
    client.force_login(make_member(place, "strategist"))
    assert client.get(url).status_code == 403
    assert not AuditEntry.objects.filter(action="referrals.referral.read").exists()


def test_a_receiver_of_another_team_in_the_place_gets_403(
    client, place, team, step, practitioner, make_member
):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    client.force_login(make_member(place, "receiver"))
    assert client.get(_url("detail", place, referral_id=referral.pk)).status_code == 403


def test_inbox_lists_without_names(client, place, team, step, practitioner, receiver):
    referral = send(place=place, referrer=practitioner, to_service=team, step=step)
    client.force_login(receiver)
    page = client.get(_url("inbox", place)).content.decode()
    assert referral.reference in page and "Jamie Example" not in page
    assert not AuditEntry.objects.filter(action="referrals.referral.read").exists()


def test_plan_offers_refer_where_the_route_is_joinedup(client, place, team, step, practitioner):
    client.force_login(practitioner)
    page = client.get(
        reverse("pathways:find_help_plan", kwargs={"place_slug": place.slug}),
        {"n": "child-at-risk:2"},
    ).content.decode()
    link = (
        f'href="/p/ilford/referrals/new/?service={team.pk}&amp;step={step.pk}'
        '&amp;need=child-at-risk&amp;level=2">Refer to Ilford Early Help in Joinedup</a>'
    )
    assert link in page


def test_service_page_shows_refer_and_the_figures(client, place, team, step, practitioner):
    client.force_login(practitioner)
    page = client.get(
        reverse("directory:service", kwargs={"place_slug": place.slug, "service_id": team.pk})
    ).content.decode()
    assert "Refer a person" in page
    assert "Loops closed" in page


def test_figures_page_for_a_convenor_shows_counts(
    client, place, team, step, practitioner, make_member
):
    send(place=place, referrer=practitioner, to_service=team, step=step)
    client.force_login(make_member(place, "convenor"))
    page = client.get(_url("figures", place)).content.decode()
    assert "Ilford Early Help" in page and "Jamie" not in page
