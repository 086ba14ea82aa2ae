"""Permissions table rows for follow-up's URLs.

Every expectation is a literal written here, not read from the code under test. Actions have
owners, so the update page has a row for each way of owning one and for an action nobody in
the table owns.
"""

import datetime

from joinedup.core.models import Role
from joinedup.events.models import Event, Invitation
from joinedup.followup import feedback, public
from joinedup.followup.models import Report
from tests.permissions_table import ALL, Row, everyone, roles

CONVENOR = {"convenor"}


def setup(world) -> None:
    from tests.casestudies.factories import CaseStudyFactory
    from tests.directory.factories import ContactFactory, ServiceFactory
    from tests.events.factories import EventFactory, InvitationFactory
    from tests.followup.factories import ActionFactory, add_point, add_proposal, sheet_at

    past = datetime.date.today() - datetime.timedelta(days=3)
    for key, place in (("event", world.place), ("foreign_event", world.other_place)):
        world.objects[key] = EventFactory(place=place, date=past, status=Event.Status.HELD)
    event = world.objects["event"]
    # The practitioner owns this one as its owner.
    world.objects["action"] = ActionFactory(
        place=world.place, event=event, owner_user=world.users[Role.PRACTITIONER]
    )
    # The host owns this one as the owning team's contact, matched by email address.
    team = ServiceFactory(place=world.place, name="Ilford Youth Service")
    contact = ContactFactory(service=team, name="Hana Host", email="HOST@council.example")
    world.objects["contact_action"] = ActionFactory(
        place=world.place, event=event, owner_team=team, owner_contact=contact
    )
    # Owned by a team only: no person in the table owns it.
    world.objects["team_action"] = ActionFactory(place=world.place, event=event, owner_team=team)
    world.objects["foreign_action"] = ActionFactory(place=world.other_place)
    report = Report.objects.create(place=world.place, event=event, status=Report.Status.PUBLISHED)
    world.objects["public_token"] = public.turn_on(
        report=report, actor=None, sections=["attendance", "actions"], case_study_text=False
    )
    invitation = InvitationFactory(event=event, status=Invitation.Status.ATTENDED)
    world.objects["feedback_token"], _ = feedback.issue_token(invitation=invitation)
    study = CaseStudyFactory(place=world.place, state="approved")
    capture = sheet_at(event, study)
    world.objects["proposal"] = add_proposal(capture)
    world.objects["point"] = add_point(capture)


def _event(w):
    return {"place_slug": w.place.slug, "event_id": w.objects["event"].pk}


def _foreign_event(w):
    return {"place_slug": w.place.slug, "event_id": w.objects["foreign_event"].pk}


def _action(key):
    return lambda w: {"place_slug": w.place.slug, "action_id": w.objects[key].pk}


def _proposal(w):
    return {**_event(w), "proposal_id": w.objects["proposal"].pk}


def _point(w):
    return {**_event(w), "point_id": w.objects["point"].pk}


EXPECTATIONS = {
    "followup:actions": Row(expect=roles(ALL)),
    "followup:actions_csv": Row(expect=roles(ALL)),
    "followup:actions_xlsx": Row(expect=roles(ALL)),
    "followup:action_create": Row(expect=roles(CONVENOR)),
    # A finding that is not on the check page sends the convenor back to it.
    "followup:action_from_finding": Row(
        method="post",
        data=lambda w: {"kind": "dead_end", "need": "child-at-risk", "message": "Stale"},
        expect=roles(CONVENOR, ok=302),
    ),
    "followup:action": Row(
        kwargs=_action("action"), foreign_kwargs=_action("foreign_action"), expect=roles(ALL)
    ),
    # the practitioner is the action's owner: convenors and the owner update it
    "followup:action_update": Row(
        kwargs=_action("action"),
        foreign_kwargs=_action("foreign_action"),
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 200,
            "host": 403,
            "practitioner": 200,
            "strategist": 403,
            "receiver": 403,
            "admin": 200,
        },
    ),
    # the host is the owning contact (the address matches whatever its case)
    "followup:action_update#owner_by_contact": Row(
        kwargs=_action("contact_action"),
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 200,
            "host": 200,
            "practitioner": 403,
            "strategist": 403,
            "receiver": 403,
            "admin": 200,
        },
    ),
    # owned by a team with no contact: only convenors
    "followup:action_update#not_owner": Row(
        kwargs=_action("team_action"),
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 200,
            "host": 403,
            "practitioner": 403,
            "strategist": 403,
            "receiver": 403,
            "admin": 200,
        },
    ),
    "followup:action_edit": Row(
        kwargs=_action("action"), foreign_kwargs=_action("foreign_action"), expect=roles(CONVENOR)
    ),
    "followup:events": Row(expect=roles(ALL)),
    "followup:proposals": Row(kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(CONVENOR)),
    "followup:confirm_proposal": Row(kwargs=_proposal, expect=roles(CONVENOR)),
    "followup:report": Row(kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(ALL)),
    "followup:report_edit": Row(
        kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(CONVENOR)
    ),
    "followup:report_publish": Row(
        kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(CONVENOR)
    ),
    "followup:run_again": Row(kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(CONVENOR)),
    # no title or date: the form answers with its errors, nothing is created
    "followup:run_again#empty": Row(
        method="post", kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(CONVENOR, ok=400)
    ),
    "followup:report_public": Row(
        kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(CONVENOR)
    ),
    "followup:report_public#off": Row(
        method="post",
        data=lambda w: {"action": "off"},
        kwargs=_event,
        foreign_kwargs=_foreign_event,
        expect=roles(CONVENOR, ok=302),
    ),
    # the public link: no sign-in, the same page for everyone
    "public_report": Row(
        kwargs=lambda w: {"token": w.objects["public_token"]}, expect=everyone(200)
    ),
    "public_report#unknown": Row(kwargs=lambda w: {"token": "u" * 43}, expect=everyone(404)),
    "followup:report_pdf": Row(kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(ALL)),
    "followup:report_docx": Row(kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(ALL)),
    "followup:feedback_send": Row(
        kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(CONVENOR)
    ),
    "followup:point_themes": Row(
        kwargs=_event, foreign_kwargs=_foreign_event, expect=roles(CONVENOR)
    ),
    "followup:point_theme": Row(kwargs=_point, expect=roles(CONVENOR)),
    # a personal link: no sign-in, the token is the key
    "followup:feedback": Row(
        kwargs=lambda w: {**_event(w), "token": w.objects["feedback_token"]},
        expect=everyone(200),
    ),
    "followup:insight": Row(expect=roles(ALL)),
    "followup:insight_across": Row(expect=roles({"strategist"})),
}
