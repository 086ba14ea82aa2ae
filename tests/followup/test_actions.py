"""Actions: confirmed from proposals, updated by owners, chased when overdue, logged, exported."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from joinedup.core.models import AuditEntry, OutboxMessage
from joinedup.followup import actions as services
from joinedup.followup.models import Action, Theme
from tests.directory.factories import ContactFactory, ServiceFactory, sector
from tests.followup.factories import ActionFactory, add_point, add_proposal, sheet_at

TODAY = datetime.date(2027, 3, 10)


@pytest.fixture
def team(place):
    return ServiceFactory(place=place, name="Housing Options", terms=[sector("housing")])


@pytest.fixture
def owner(place, make_member):
    return make_member(place, "practitioner", full_name="Olu Owner", email="olu@council.example")


def test_confirm_action_from_proposal_links_its_sources(
    place, convenor, held_event, study, team, owner
):
    capture = sheet_at(held_event, study)
    proposal = add_proposal(
        capture, what="Agree one escalation route\nwith schools", owner=team, by_when=TODAY
    )
    initial = services.initial_from_proposal(proposal)
    theme = Theme.objects.get(slug="clearer-escalation-pathways")

    action, created = services.confirm_action(
        place=place,
        actor=convenor,
        event=held_event,
        proposal=proposal,
        title=initial["title"],
        description=initial["description"],
        owner_team=team,
        owner_user=owner,
        due_date=initial["due_date"],
        themes=[theme],
    )

    assert created is True
    assert initial == {
        "title": "Agree one escalation route",
        "description": "Agree one escalation route\nwith schools",
        "owner_team": team.pk,
        "due_date": TODAY,
        "case_study": study.pk,
    }
    assert (action.proposed_action, action.case_study, action.event) == (
        proposal,
        study,
        held_event,
    )
    assert list(action.themes.all()) == [theme]
    assert (
        AuditEntry.objects.filter(
            action="followup.action.confirmed", target_id=str(action.pk)
        ).count()
        == 1
    )


def test_confirming_the_same_proposal_twice_returns_the_first_action(
    place, convenor, held_event, study, team
):
    proposal = add_proposal(sheet_at(held_event, study))
    first, _ = services.confirm_action(
        place=place, actor=convenor, proposal=proposal, title="A", owner_team=team
    )
    again, created = services.confirm_action(
        place=place, actor=convenor, proposal=proposal, title="B", owner_team=team
    )
    assert (again.pk, created, Action.objects.count()) == (first.pk, False, 1)


def test_status_flow_records_each_update(place, owner):
    action = ActionFactory(place=place, owner_user=owner)
    services.update_action(action=action, actor=owner, status="in_progress", note="Met the school")
    services.update_action(action=action, actor=owner, note="Drafted the route")
    services.update_action(action=action, actor=owner, status="done")
    action.refresh_from_db()
    updates = list(
        action.updates.order_by("at", "pk").values_list("status_from", "status_to", "note")
    )
    assert action.status == "done"
    assert action.finished_at is not None
    assert updates == [
        ("not_started", "in_progress", "Met the school"),
        ("in_progress", "in_progress", "Drafted the route"),
        ("in_progress", "done", ""),
    ]
    assert AuditEntry.objects.filter(action="followup.action.status_changed").count() == 2


def test_dropping_an_action_needs_a_reason(place, owner):
    action = ActionFactory(place=place, owner_user=owner)
    with pytest.raises(ValidationError):
        services.update_action(action=action, actor=owner, status="dropped")
    services.update_action(
        action=action, actor=owner, status="dropped", dropped_reason="Funding ended"
    )
    action.refresh_from_db()
    assert (action.status, action.dropped_reason) == ("dropped", "Funding ended")
    # reopening clears the reason
    services.update_action(action=action, actor=owner, status="in_progress")
    action.refresh_from_db()
    assert (action.status, action.dropped_reason, action.finished_at) == ("in_progress", "", None)


def test_the_database_refuses_a_dropped_action_without_a_reason(place):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(place=place, status="dropped", dropped_reason="")


def test_overdue_reminder_is_sent_once_a_day(place, owner):
    late = ActionFactory(place=place, owner_user=owner, due_date=TODAY - datetime.timedelta(days=3))
    # due today: not late until tomorrow
    ActionFactory(place=place, owner_user=owner, due_date=TODAY)
    ActionFactory(
        place=place, owner_user=owner, due_date=TODAY - datetime.timedelta(days=9), status="done"
    )

    first = services.send_overdue_reminders(today=TODAY)
    again = services.send_overdue_reminders(today=TODAY)
    next_day = services.send_overdue_reminders(today=TODAY + datetime.timedelta(days=1))

    assert (first["sent"], again["sent"], again["already_sent"], next_day["sent"]) == (1, 0, 1, 2)
    messages = OutboxMessage.objects.filter(key__startswith=f"action-overdue:{late.pk}:")
    assert messages.count() == 2
    message = messages.order_by("created_at").first()
    assert message.to == ["olu@council.example"]
    assert message.subject == f"Overdue action: {late.title}"
    assert "3 days ago" in message.body_text


def test_overdue_reminder_goes_to_the_directory_contact(place):
    contact = ContactFactory(service=ServiceFactory(place=place), email="dee@council.example")
    ActionFactory(place=place, owner_contact=contact, due_date=TODAY - datetime.timedelta(days=1))
    services.send_overdue_reminders(today=TODAY)
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [["dee@council.example"]]


def test_send_overdue_action_reminders_command_is_safe_to_repeat(place, owner):
    ActionFactory(
        place=place, owner_user=owner, due_date=datetime.date.today() - datetime.timedelta(days=2)
    )
    out = io.StringIO()
    call_command("send_overdue_action_reminders", stdout=out)
    call_command("send_overdue_action_reminders", stdout=out)
    assert OutboxMessage.objects.count() == 1
    assert "Sent 1 reminders" in out.getvalue()
    assert "Sent 0 reminders; 1 already sent today" in out.getvalue()


# --- pages ----------------------------------------------------------------------------------


def test_owner_updates_their_action_and_others_may_not(client, place, owner, make_member):
    action = ActionFactory(place=place, owner_user=owner)
    url = reverse("followup:action_update", args=[place.slug, action.pk])
    client.force_login(make_member(place, "practitioner"))
    assert client.post(url, {"status": "done"}).status_code == 403

    client.force_login(owner)
    response = client.post(url, {"status": "dropped", "note": "", "dropped_reason": ""})
    assert response.status_code == 200
    assert "Enter why the action was dropped" in response.content.decode()
    response = client.post(url, {"status": "in_progress", "note": "Started"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_convenor_confirms_a_proposal_through_the_form(
    convenor_client, place, held_event, study, team, owner
):
    capture = sheet_at(held_event, study)
    proposal = add_proposal(capture, what="Share the contacts sheet", owner=team)
    point = add_point(capture, text="Tell schools who to call")
    url = reverse("followup:confirm_proposal", args=[place.slug, held_event.pk, proposal.pk])
    page = convenor_client.get(url).content.decode()
    assert "Share the contacts sheet" in page
    assert f'<option value="{team.pk}" selected>' in page

    response = convenor_client.post(
        url,
        {
            "title": "Share the contacts sheet",
            "owner_team": team.pk,
            "owner_user": owner.pk,
            "due_date": "2027-04-01",
            "themes": [Theme.objects.get(slug="information-sharing").pk],
            "intervention_point": point.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.proposed_action_id, action.owner_user, action.event) == (
        proposal.pk,
        owner,
        held_event,
    )
    assert action.intervention_point == point
    listing = convenor_client.get(reverse("followup:proposals", args=[place.slug, held_event.pk]))
    assert "Confirmed" in listing.content.decode()


def test_confirm_form_needs_a_named_owner_and_a_date(convenor_client, place, team):
    response = convenor_client.post(
        reverse("followup:action_create", args=[place.slug]),
        {"title": "Do it", "owner_team": team.pk},
    )
    page = response.content.decode()
    assert "Select the named person who owns the action" in page
    assert "Enter the date the action is due" in page
    assert Action.objects.count() == 0


def test_action_log_filters_by_owner_sector_event_status_and_centre(
    client, place, make_member, held_event
):
    housing = ServiceFactory(place=place, name="Housing Options", terms=[sector("housing")])
    police = ServiceFactory(place=place, name="Neighbourhood Police", terms=[sector("police")])
    a = ActionFactory(place=place, title="Housing one", owner_team=housing, event=held_event)
    b = ActionFactory(place=place, title="Police one", owner_team=police, needs_centre=True)
    c = ActionFactory(place=place, title="Done one", owner_team=police, status="done")
    client.force_login(make_member(place, "strategist"))
    url = reverse("followup:actions", args=[place.slug])

    def titles(**query):
        page = client.get(url, query).content.decode()
        return [x.title for x in (a, b, c) if f">{x.title}<" in page]

    assert titles() == ["Housing one", "Police one", "Done one"]
    assert titles(sector="police") == ["Police one", "Done one"]
    assert titles(owner=str(housing.pk)) == ["Housing one"]
    assert titles(event=held_event.pk) == ["Housing one"]
    assert titles(status="open") == ["Housing one", "Police one"]
    assert titles(centre="on") == ["Police one"]


def test_exports_are_spreadsheets_and_audit_logged(convenor_client, place):
    from openpyxl import load_workbook

    ActionFactory(place=place, title='=HYPERLINK("x")', needs_centre=True)
    csv_response = convenor_client.get(reverse("followup:actions_csv", args=[place.slug]))
    xlsx_response = convenor_client.get(
        reverse("followup:actions_xlsx", args=[place.slug]), {"centre": "on"}
    )
    text = csv_response.content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert text.splitlines()[0].startswith("Action,Description,Owning team,Sector,Owner,Due")
    assert "'=HYPERLINK" in text  # never a live formula
    assert [c.value for c in sheet[2]][:1] == ['\'=HYPERLINK("x")']
    assert sheet.max_row == 2
    logged = list(
        AuditEntry.objects.filter(action="followup.actions.exported").values_list("data", flat=True)
    )
    assert sorted(d["format"] for d in logged) == ["csv", "xlsx"]


def test_action_log_queries_do_not_grow_with_actions(
    convenor_client, place, django_assert_max_num_queries
):
    teams = [ServiceFactory(place=place, terms=[sector("housing")]) for _ in range(3)]
    for i in range(40):
        action = ActionFactory(place=place, owner_team=teams[i % 3])
        action.themes.set(Theme.objects.all()[:2])
    url = reverse("followup:actions", args=[place.slug])
    with django_assert_max_num_queries(20):
        response = convenor_client.get(url)
    assert (
        len(re.findall(r'href="/p/ilford/outputs/actions/\d+/"', response.content.decode())) == 40
    )
