"""Domain functions of core: memberships and places."""

from django.db import transaction
from django.db.models import F

from joinedup.core.audit import log_action
from joinedup.core.models import Membership, Place, User


def grant_role(*, place: Place, email: str, role: str, full_name: str = "", actor) -> Membership:
    """Give a person a role in a place, creating their account (with no password) if needed."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
        membership, created = Membership.objects.get_or_create(user=user, place=place, role=role)
        if created:
            log_action(
                "core.membership.granted",
                actor=actor,
                target=membership,
                place=place,
                data={"email": email, "role": role},
            )
    return membership


def end_sessions(*, user: User) -> None:
    """Sign the person out everywhere, at once (their next request finds the session stale)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)


def revoke_role(*, membership: Membership, actor) -> None:
    """Take a role away from a person in a place, ending every session they have."""
    with transaction.atomic():
        end_sessions(user=membership.user)
        log_action(
            "core.membership.revoked",
            actor=actor,
            target=membership,
            place=membership.place,
            data={"email": membership.user.email, "role": membership.role},
        )
        membership.delete()
