"""The audit log: one function that every sensitive action calls."""

from django.db import models

from joinedup.core.models import AuditEntry, Place


def log_action(
    action: str, *, actor=None, target=None, place: Place | None = None, data: dict | None = None
) -> AuditEntry:
    """Write one audit entry; the place is taken from the target when not given."""
    if place is None and target is not None:
        place = target if isinstance(target, Place) else getattr(target, "place", None)
    actor_label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = actor.email
    else:
        actor = None
    target_type = target_id = target_label = ""
    if isinstance(target, models.Model):
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_label = str(target)[:200]
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label,
        place=place,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        data=data or {},
    )
