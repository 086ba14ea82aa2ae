"""The national view for strategists: places side by side, aggregates only, counts from 1 to
4 withheld, CSV formula-escaped (issue 15 item 4)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Event, Invitation
from joinedup.network.national import national_view, to_csv
from tests.core.factories import PlaceFactory
from tests.events.factories import EventFactory, InvitationFactory
from tests.followup.factories import ActionFactory

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def three_places(place, other_place):
    ensure_taxonomies()
    manchester = PlaceFactory(name="Manchester", slug="manchester")
    held = EventFactory(place=place, status=Event.Status.HELD, date=TODAY)
    for n in range(5):
        InvitationFactory(
            event=held,
            email=f"h{n}@housing.example",
            sector="housing",
            status=Invitation.Status.ATTENDED,
        )
    InvitationFactory(
        event=held, email="p@police.example", sector="police", status=Invitation.Status.PENDING
    )
    exeter_event = EventFactory(place=other_place, status=Event.Status.DRAFT, date=TODAY)
    for n in range(3):
        InvitationFactory(
            event=exeter_event,
            email=f"e{n}@fire.example",
            sector="fire",
            status=Invitation.Status.ATTENDED,
        )
    for n in range(7):
        ActionFactory(place=place, due_date=TODAY - datetime.timedelta(days=n - 1))
    for _ in range(6):
        ActionFactory(place=other_place, status="done")
    return [other_place, place, manchester]


def _by_label(measures):
    return {m.label: m.values for m in measures}


def test_national_view_puts_places_side_by_side_and_withholds_small_counts(three_places):
    places, measures = national_view(places=three_places, today=TODAY)
    assert [p.name for p in places] == ["Exeter", "Ilford (Redbridge)", "Manchester"]
    values = _by_label(measures)
    assert values["Events"] == [1, 1, 0]
    assert values["Events held"] == [0, 1, 0]
    assert values["People invited"] == [None, 6, 0]
    assert values["People who came"] == [None, 5, 0]
    assert values["Sectors that came"] == [1, 1, 0]
    assert "Police" in values["Sectors missing"][1]
    assert "Housing" not in values["Sectors missing"][1].split("; ")
    assert "Fire and rescue" not in values["Sectors missing"][0]
    assert len(values["Sectors missing"][2].split("; ")) == 20
    # Ilford: 7 open, due yesterday … 5 days ago: those before today (n = 2..6) are overdue
    assert values["Actions open"] == [0, 7, 0]
    assert values["Actions overdue"] == [0, 5, 0]
    assert values["Actions done"] == [6, 0, 0]
    assert values["Dead ends"] == [0, 0, 0]
    assert values["Teams"] == [0, 0, 0]
    assert values["Referrals sent"] == [0, 0, 0]
    assert values["Loops closed (%)"] == [None, None, None]  # no figure from fewer than 5


def test_national_csv_is_formula_escaped_and_says_fewer_than_5(three_places):
    three_places[2].name = "=HYPERLINK(1)"
    places, measures = national_view(places=three_places, today=TODAY)
    text = to_csv(places, measures).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Group", "Measure", "Exeter", "Ilford (Redbridge)", "'=HYPERLINK(1)"]
    assert ["Events", "People invited", "fewer than 5", "6", "0"] in rows


def test_strategist_reads_the_page_and_downloads_the_csv(client, three_places, place, make_member):
    strategist = make_member(place, "strategist")
    client.force_login(strategist)
    response = client.get(reverse("network:national", args=[place.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("Exeter", "Ilford (Redbridge)", "Manchester"):
        assert name in page
    assert "fewer than 5" in page
    assert "h0@housing.example" not in page
    csv_response = client.get(reverse("network:national_csv", args=[place.slug]))
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        AuditEntry.objects.filter(action="network.national.exported", actor=strategist).count() == 1
    )


def test_a_convenor_may_not_read_the_national_view(convenor_client, place):
    assert convenor_client.get(reverse("network:national", args=[place.slug])).status_code == 403


def test_referral_figures_show_from_five_referrals(place, other_place, make_member):
    from joinedup.referrals import services as referral_services
    from tests.directory.factories import ServiceFactory
    from tests.referrals.factories import MONDAY_10AM, joinedup_step, receiver_for, send

    ensure_taxonomies()
    team = ServiceFactory(place=place, name="Early Help")
    step = joinedup_step(place=place, services=[team])
    receiver = make_member(place, "receiver")
    receiver_for(user=receiver, service=team)
    referrer = make_member(place, "practitioner")
    sent = [send(place=place, referrer=referrer, to_service=team, step=step) for _ in range(6)]
    for referral in sent[:3]:  # answered two hours after sending, within the 16 working hours
        referral_services.decline_referral(
            referral=referral,
            actor=receiver,
            reason="no-capacity",
            now=MONDAY_10AM + datetime.timedelta(hours=2),
        )
    outside = other_place
    _, measures = national_view(places=[place, outside], today=TODAY)
    values = {m.label: m.values for m in measures if m.group == "Referrals"}
    assert values["Referrals sent"] == [6, 0]
    assert values["Median hours to the first answer"] == [2.0, None]
    assert values["Loops closed (%)"] == [50, None]
