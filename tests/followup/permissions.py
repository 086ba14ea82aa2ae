"""Permissions table rows for follow-up's URLs."""

import datetime

from joinedup.core.models import Role
from joinedup.events.models import Event, Invitation
from joinedup.followup import feedback
from joinedup.followup.models import Report
from tests.permissions_table import ALL, Row, everyone, roles

CONVENOR = {"convenor"}


def setup(world) -> None:
    from tests.casestudies.factories import CaseStudyFactory
    from tests.events.factories import EventFactory, InvitationFactory
    from tests.followup.factories import ActionFactory, add_point, add_proposal, sheet_at

    past = datetime.date.today() - datetime.timedelta(days=3)
    for key, place in (("event", world.place), ("foreign_event", world.other_place)):
        world.objects[key] = EventFactory(place=place, date=past, status=Event.Status.HELD)
    event = world.objects["event"]
    world.objects["action"] = ActionFactory(
        place=world.place, event=event, owner_user=world.users[Role.PRACTITIONER]
    )
    world.objects["foreign_action"] = ActionFactory(place=world.other_place)
    Report.objects.create(place=world.place, event=event, status=Report.Status.PUBLISHED)
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
    import uuid

    proposal = w.objects.get("proposal")
    return {**_event(w), "proposal_id": proposal.pk if proposal else uuid.uuid4()}


def _point(w):
    import uuid

    point = w.objects.get("point")
    return {**_event(w), "point_id": point.pk if point else uuid.uuid4()}


EXPECTATIONS = {
    "followup:actions": Row(expect=roles(ALL)),
    "followup:actions_csv": Row(expect=roles(ALL)),
    "followup:actions_xlsx": Row(expect=roles(ALL)),
    "followup:action_create": Row(expect=roles(CONVENOR)),
    "followup:action": Row(
        kwargs=_action("action"), foreign_kwargs=_action("foreign_action"), expect=roles(ALL)
    ),
    # the practitioner owns the action; other roles may update only their own actions
    "followup:action_update": Row(
        kwargs=_action("action"),
        foreign_kwargs=_action("foreign_action"),
        expect=roles({"convenor", "practitioner"}),
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
