"""Actions of the token's place: read them; change one's status with a write token, through
follow-up's own domain function and per-object rule (its owner, or a convenor)."""

import datetime
from typing import Literal

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema

from joinedup.api.v1_routers.common import ERRORS, Id, allow, need_write, text
from joinedup.followup import actions as action_services
from joinedup.followup.models import Action
from joinedup.followup.rules import owns

router = Router(tags=["actions"])

Status = Literal["not_started", "in_progress", "done", "dropped"]


class ActionOut(Schema):
    id: int
    title: str
    description: str
    status: Status
    due_date: datetime.date | None
    overdue: bool
    needs_centre: bool
    event_id: int | None
    owner_team: str | None
    owned_by_me: bool
    updated_at: datetime.datetime
    url: str


class ActionFilters(Schema):
    status: Literal["open", "not_started", "in_progress", "done", "dropped"] | None = None
    event_id: int | None = None
    overdue: bool = False


class StatusChange(Schema):
    status: Status
    note: text(2000) = ""
    dropped_reason: text(2000) = ""


def _action_json(request, action: Action) -> dict:
    path = reverse(
        "followup:action", kwargs={"place_slug": request.place.slug, "action_id": action.pk}
    )
    today = timezone.localdate()
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "status": action.status,
        "due_date": action.due_date,
        "overdue": bool(
            action.due_date and action.due_date < today and action.status in action_services.OPEN
        ),
        "needs_centre": action.needs_centre,
        "event_id": action.event_id,
        "owner_team": action.owner_team.name if action.owner_team else None,
        "owned_by_me": owns(request.user, action),
        "updated_at": action.updated_at,
        "url": request.build_absolute_uri(path),
    }


def _action(request, action_id: int) -> Action:
    allow(request, "followup.view", request.place)
    action = (
        Action.objects.select_related("place", "owner_team", "owner_contact")
        .filter(pk=action_id, place=request.place)
        .first()
    )
    if action is None:
        # an action of another place is simply not found here, as on the pages
        raise Http404("No such action")
    return action


@router.get("", response={200: list[ActionOut], **ERRORS}, summary="The place's actions")
def list_actions(request, filters: Query[ActionFilters]):
    """Actions of the token's place by due date; `status=open` for those not finished."""
    allow(request, "followup.view", request.place)
    chosen = action_services.filter_actions(
        request.place,
        status=filters.status or "",
        event_id=filters.event_id if filters.event_id and filters.event_id > 0 else None,
        overdue=filters.overdue,
    )
    return [_action_json(request, a) for a in chosen]


@router.get("/{action_id}", response={200: ActionOut, **ERRORS}, summary="One action")
def get_action(request, action_id: Id):
    """One action of the token's place."""
    return _action_json(request, _action(request, action_id))


@router.patch(
    "/{action_id}",
    response={200: ActionOut, 422: dict, **ERRORS},
    summary="Change an action's status (write token)",
)
def change_action(request, action_id: Id, change: StatusChange):
    """Record a new status (and a note) as the action's owner or a convenor; dropping needs
    a reason."""
    need_write(request)
    action = _action(request, action_id)
    allow(request, "followup.update_action", action)
    action_services.update_action(
        action=action,
        actor=request.user,
        status=change.status,
        note=change.note,
        dropped_reason=change.dropped_reason,
    )
    action.refresh_from_db()
    return _action_json(request, action)
