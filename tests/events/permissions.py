"""Permissions table rows for the events URLs (see tests/permissions_table.py)."""

from joinedup.events.models import AccessToken, Invitation
from joinedup.events.tokens import issue_token
from tests.events.factories import AgendaItemFactory, EventFactory, InvitationFactory
from tests.permissions_table import ALL, Row, everyone, roles

CONVENOR = {"convenor"}
CHECK_IN = {"convenor", "host"}


def setup(world) -> None:
    # Keys carry an "events_" prefix: world.objects is shared with every app's setup.
    event = EventFactory(place=world.place)
    world.objects["events_event"] = event
    world.objects["events_foreign_event"] = EventFactory(place=world.other_place)
    world.objects["events_agenda_item"] = AgendaItemFactory(event=event)
    world.objects["events_foreign_agenda_item"] = AgendaItemFactory(
        event=world.objects["events_foreign_event"]
    )
    world.objects["events_invitation"] = InvitationFactory(event=event)
    world.objects["events_foreign_invitation"] = InvitationFactory(
        event=world.objects["events_foreign_event"]
    )
    world.objects["events_rsvp_token"], _ = issue_token(
        invitation=world.objects["events_invitation"],
        purpose=AccessToken.Purpose.RSVP,
        expires_at=event.ends,
    )
    waiting = InvitationFactory(event=event, status=Invitation.Status.WAITING)
    world.objects["events_offer_token"], _ = issue_token(
        invitation=waiting, purpose=AccessToken.Purpose.OFFER, expires_at=event.ends
    )


def _event(w, **extra):
    return {"place_slug": w.place.slug, "event_id": w.objects["events_event"].pk, **extra}


def _foreign_event(w, **extra):
    return {"place_slug": w.place.slug, "event_id": w.objects["events_foreign_event"].pk, **extra}


def _page(allowed, **extra):
    """A page of the event, with the other place's event answering 404."""
    return Row(expect=roles(allowed), kwargs=_event, foreign_kwargs=_foreign_event, **extra)


EXPECTATIONS = {
    "events:list": Row(expect=roles(ALL)),
    "events:create": Row(expect=roles(CONVENOR)),
    "events:detail": _page(ALL),
    "events:edit": _page(CONVENOR),
    "events:status": Row(
        method="post",
        kwargs=_event,
        foreign_kwargs=_foreign_event,
        data=lambda w: {"status": "closed"},
        expect=roles(CONVENOR, ok=302),
    ),
    "events:agenda_add": _page(CONVENOR),
    "events:agenda_edit": Row(
        kwargs=lambda w: _event(w, item_id=w.objects["events_agenda_item"].pk),
        foreign_kwargs=lambda w: _foreign_event(
            w, item_id=w.objects["events_foreign_agenda_item"].pk
        ),
        expect=roles(CONVENOR),
    ),
    "events:agenda_delete": Row(
        method="post",
        # a fresh item for each request: the convenor's removal must not turn the admin's into 404
        kwargs=lambda w: _event(w, item_id=AgendaItemFactory(event=w.objects["events_event"]).pk),
        foreign_kwargs=lambda w: _foreign_event(
            w, item_id=w.objects["events_foreign_agenda_item"].pk
        ),
        expect=roles(CONVENOR, ok=302),
    ),
    "events:invitations": _page(CONVENOR),
    "events:invitation_add": _page(CONVENOR),
    "events:invitation_add_email": _page(CONVENOR),
    "events:invitation_import": _page(CONVENOR),
    "events:invitation": Row(
        kwargs=lambda w: _event(w, invitation_id=w.objects["events_invitation"].pk),
        foreign_kwargs=lambda w: _foreign_event(
            w, invitation_id=w.objects["events_foreign_invitation"].pk
        ),
        expect=roles(CONVENOR),
    ),
    "events:invitation_phone_answer": Row(
        kwargs=lambda w: _event(w, invitation_id=w.objects["events_invitation"].pk),
        foreign_kwargs=lambda w: _foreign_event(
            w, invitation_id=w.objects["events_foreign_invitation"].pk
        ),
        expect=roles(CONVENOR),
    ),
    "events:invitation_remove": Row(
        method="post",
        kwargs=lambda w: _event(
            w, invitation_id=InvitationFactory(event=w.objects["events_event"]).pk
        ),
        foreign_kwargs=lambda w: _foreign_event(
            w, invitation_id=w.objects["events_foreign_invitation"].pk
        ),
        expect=roles(CONVENOR, ok=302),
    ),
    "events:nomination_review": Row(
        method="post",
        kwargs=lambda w: _event(
            w,
            invitation_id=InvitationFactory(
                event=w.objects["events_event"],
                nominated_by=w.objects["events_invitation"],
                review=Invitation.Review.HELD,
            ).pk,
        ),
        foreign_kwargs=lambda w: _foreign_event(
            w, invitation_id=w.objects["events_foreign_invitation"].pk
        ),
        data=lambda w: {"decision": "refuse"},
        expect=roles(CONVENOR, ok=302),
    ),
    "events:send": _page(CONVENOR),
    "events:reminders": _page(CONVENOR),
    "events:check_in": _page(CHECK_IN),
    "events:check_in_person": Row(
        method="post",
        kwargs=lambda w: _event(w, invitation_id=w.objects["events_invitation"].pk),
        foreign_kwargs=lambda w: _foreign_event(
            w, invitation_id=w.objects["events_foreign_invitation"].pk
        ),
        expect=roles(CHECK_IN, ok=302),
    ),
    "events:walk_in": _page(CHECK_IN),
    "events:check_in_print": _page(CHECK_IN),
    # Public pages opened from personal links: the token decides, not who is signed in.
    "rsvp:answer": Row(
        kwargs=lambda w: {
            "event_id": w.objects["events_event"].pk,
            "token": w.objects["events_rsvp_token"],
        },
        expect=everyone(200),
    ),
    "rsvp:offer": Row(
        kwargs=lambda w: {
            "event_id": w.objects["events_event"].pk,
            "token": w.objects["events_offer_token"],
        },
        expect=everyone(200),
    ),
}
