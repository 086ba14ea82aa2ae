"""The opt-in monthly digest: who gets it, once a month, and only their place's news."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import OutboxMessage
from joinedup.followup.models import Action
from joinedup.network import digest
from joinedup.network.models import DigestPreference
from joinedup.pathways.models import PathwayVersion
from tests.core.factories import MembershipFactory
from tests.directory.factories import AttributeFactory, ServiceFactory, need
from tests.followup.factories import ActionFactory
from tests.network.factories import DeclaredTieFactory, team
from tests.pathways.factories import PathwayFactory, VersionFactory

TODAY = datetime.date(2026, 12, 1)  # the digest covers November 2026


def at(day: int, month: int = 11) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def november(place):
    """A month of news in Ilford: teams, a pathway, actions and a tie."""
    old = at(1, 3)
    housing = team(place, "Housing Options", "housing")
    housing.created_at = housing.last_modified = old
    housing.save()
    refuge = team(place, "Refuge Outreach", "domestic-abuse")
    refuge.created_at, refuge.last_modified = old, at(20)
    refuge.save()
    hub = team(place, "Police Hub", "police")
    hub.created_at = hub.last_modified = at(3)
    hub.save()
    for service in (housing, refuge):
        AttributeFactory(service=service, taxonomy_term=need("homelessness"))
    DeclaredTieFactory(team=housing, works_with=hub, declared_on=datetime.date(2026, 11, 5))
    DeclaredTieFactory(team=refuge, works_with=hub, declared_on=datetime.date(2026, 10, 5))
    VersionFactory(
        pathway=PathwayFactory(place=place, title="Domestic abuse", need=need("domestic-abuse")),
        number=2,
        status=PathwayVersion.Status.PUBLISHED,
        published_at=at(12),
    )
    ActionFactory(
        place=place, title="Share the refuge referral form", due_date=datetime.date(2026, 12, 10)
    )
    ActionFactory(
        place=place, title="Map the hostels", due_date=datetime.date(2027, 2, 1)
    )  # due later: not yet
    ActionFactory(
        place=place,
        title="Agree a shared ASB route",
        status=Action.Status.DONE,
        due_date=datetime.date(2026, 11, 30),
        updated_at=at(25),
    )


@pytest.fixture
def exeter_news(other_place):
    service = ServiceFactory(place=other_place, name="Exeter Housing Team")
    service.created_at = service.last_modified = at(4)
    service.save()
    ActionFactory(
        place=other_place, title="Exeter hostel audit", due_date=datetime.date(2026, 12, 2)
    )


def opt(user, place, opted_in=True):
    return digest.set_digest_preference(user=user, place=place, opted_in=opted_in)


def test_digest_goes_only_to_members_who_opted_in(place, make_member, november):
    keen = make_member(place, "practitioner", email="keen@ilford.example")
    opt(keen, place)
    refused = make_member(place, "host", email="refused@ilford.example")
    opt(refused, place, opted_in=False)
    make_member(place, "strategist", email="silent@ilford.example")  # never chose

    result = digest.send_monthly_digests(today=TODAY)

    assert result == {"sent": 1, "already_sent": 0, "month": "2026-11"}
    assert [(m.to, m.key, m.subject) for m in OutboxMessage.objects.all()] == [
        (
            ["keen@ilford.example"],
            f"digest:ilford:{keen.pk}:2026-11",
            "Ilford (Redbridge): what changed in November 2026",
        )
    ]


def test_digest_says_what_changed_in_the_month(place, make_member, november):
    opt(make_member(place, "practitioner", email="keen@ilford.example"), place)

    digest.send_monthly_digests(today=TODAY)
    body = OutboxMessage.objects.get().body_text

    sections = {
        "New teams in the directory:": ["- Police Hub"],
        "Teams whose details changed:": ["- Refuge Outreach"],
        "Pathways published:": ["- Domestic abuse (version 2)"],
        "Actions still open and due by the end of next month:": [
            "- Share the refuge referral form (due 10 December 2026)"
        ],
        "Actions done:": ["- Agree a shared ASB route"],
        "New ties between teams:": ["- Housing Options and Police Hub"],
        "Suggested introductions:": [
            "- Introduce Housing Options to Refuge Outreach: Both serve homelessness; "
            "Every route from Housing Options to Domestic violence unit teams goes through "
            "Police Hub; Every route from Refuge Outreach to Housing teams goes through Police Hub"
        ],
    }
    lines = body.splitlines()
    for heading, expected in sections.items():
        start = lines.index(heading) + 1
        assert lines[start : start + len(expected) + 1] == [*expected, ""], heading
    assert "Map the hostels" not in body


def test_digest_running_twice_sends_once(place, make_member, november):
    opt(make_member(place, "convenor", email="carla@ilford.example"), place)

    first = digest.send_monthly_digests(today=TODAY)
    second = digest.send_monthly_digests(today=datetime.date(2026, 12, 15))

    assert (first["sent"], second["sent"], second["already_sent"]) == (1, 0, 1)
    assert OutboxMessage.objects.count() == 1


def test_digest_next_month_sends_again(place, make_member):
    opt(make_member(place, "convenor", email="carla@ilford.example"), place)

    digest.send_monthly_digests(today=TODAY)
    digest.send_monthly_digests(today=datetime.date(2027, 1, 1))

    assert sorted(m.key.rsplit(":", 1)[1] for m in OutboxMessage.objects.all()) == [
        "2026-11",
        "2026-12",
    ]


def test_digest_never_shows_another_places_data(
    place, other_place, make_member, november, exeter_news
):
    both = make_member(place, "practitioner", email="both@ilford.example")
    MembershipFactory(user=both, place=other_place, role="practitioner")
    opt(both, place)  # a member of Exeter too, but opted in for Ilford only

    digest.send_monthly_digests(today=TODAY)
    message = OutboxMessage.objects.get()

    assert message.place == place
    assert "Exeter" not in message.body_text


def test_digest_not_sent_to_someone_no_longer_a_member(place, other_place, make_member):
    former = make_member(other_place, "practitioner", email="former@ilford.example")
    DigestPreference.objects.create(user=former, place=place, opted_in=True)

    assert digest.send_monthly_digests(today=TODAY)["sent"] == 0


def test_digest_command_reports_what_it_sent(place, make_member, capsys):
    opt(make_member(place, "host", email="host@ilford.example"), place)

    call_command("send_monthly_digests", "--today", "2026-12-01")

    assert capsys.readouterr().out == "Digests for 2026-11: sent 1; 0 already sent\n"


def test_digest_settings_page_saves_my_choice_only(client, place, make_member):
    me = make_member(place, "strategist", email="me@ilford.example")
    someone = make_member(place, "practitioner", email="someone@ilford.example")
    opt(someone, place)
    client.force_login(me)
    url = reverse("network:digest", kwargs={"place_slug": place.slug})

    response = client.post(url, {"digest": "yes"})

    assert response.status_code == 302
    assert sorted(
        DigestPreference.objects.filter(place=place).values_list("user__email", "opted_in")
    ) == [("me@ilford.example", True), ("someone@ilford.example", True)]
    client.post(url, {"digest": "no"})
    assert DigestPreference.objects.get(user=me).opted_in is False
    assert DigestPreference.objects.get(user=someone).opted_in is True


def test_digest_settings_page_without_a_choice_answers_400(client, place, make_member):
    client.force_login(make_member(place, "host"))
    url = reverse("network:digest", kwargs={"place_slug": place.slug})

    response = client.post(url, {})

    assert response.status_code == 400
    assert "Select yes if you want the monthly digest" in response.content.decode()
    assert DigestPreference.objects.count() == 0
