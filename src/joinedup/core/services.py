"""Domain functions of core: places, memberships and invitations to a role.

A place's convenors (and site admins) bring people in: an invitation by email with a role is a
single-use link for 7 days whose token is stored only as a hash; accepting it gives the role.
Changing or taking away a role ends every session the person has at once (their session hash
carries `session_epoch`), so a removed person loses access on their next request.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from joinedup.core import tokens
from joinedup.core.audit import log_action
from joinedup.core.mail import send_email
from joinedup.core.models import Membership, Place, Role, RoleInvitation, User

INVITATION_DAYS = 7


class MembershipRefused(ValueError):
    """A change to people and roles that the rules refuse (the message says why)."""


class InvitationProblem(ValueError):
    """An invitation link that cannot be used: `kind` is unknown, used, cancelled or expired."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def create_place(*, name: str, local_authority: str, actor, slug: str = "") -> Place:
    """Create a place (site admins only), audited; refuse a name or slug already taken."""
    name = name.strip()
    slug = slugify(slug or name)[:60]
    if not slug:
        raise MembershipRefused("Enter a name for the place that has letters or numbers")
    if not getattr(actor, "is_staff", False):
        raise MembershipRefused("Only site admins can create places")
    with transaction.atomic():
        if Place.objects.filter(name__iexact=name).exists():
            raise MembershipRefused("A place with this name already exists")
        if Place.objects.filter(slug=slug).exists():
            raise MembershipRefused("A place with this web address already exists")
        place = Place.objects.create(name=name, slug=slug, local_authority=local_authority.strip())
        log_action("core.place.created", actor=actor, target=place, data={"slug": slug})
    return place


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


def _refuse_last_convenor(membership: Membership) -> None:
    if (
        membership.role == Role.CONVENOR
        and not Membership.objects.filter(place=membership.place_id, role=Role.CONVENOR)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise MembershipRefused(
            f"{membership.place} needs at least one convenor: give someone else the convenor "
            "role first"
        )


def revoke_role(*, membership: Membership, actor) -> None:
    """Take a role away from a person in a place, ending every session they have; refuse to
    take away the place's last convenor."""
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("user", "place")
            .get(pk=membership.pk)
        )
        _refuse_last_convenor(membership)
        end_sessions(user=membership.user)
        log_action(
            "core.membership.revoked",
            actor=actor,
            target=membership,
            place=membership.place,
            data={"email": membership.user.email, "role": membership.role},
        )
        membership.delete()


def change_role(*, membership: Membership, role: str, actor) -> Membership:
    """Change a person's role in a place (their sessions end: what they may do changed); refuse
    an unknown role, a role they already hold, or leaving the place with no convenor."""
    if role not in Role.values:
        raise MembershipRefused("Select a role")
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("user", "place")
            .get(pk=membership.pk)
        )
        if membership.role == role:
            return membership
        if Membership.objects.filter(
            user=membership.user_id, place=membership.place_id, role=role
        ).exists():
            raise MembershipRefused("This person already has that role in this place")
        _refuse_last_convenor(membership)
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        end_sessions(user=membership.user)
        log_action(
            "core.membership.changed",
            actor=actor,
            target=membership,
            place=membership.place,
            data={"email": membership.user.email, "from": before, "to": role},
        )
    return membership


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("join", kwargs={"token": token})


def invite_to_role(
    *, place: Place, email: str, role: str, actor, full_name: str = ""
) -> tuple[RoleInvitation, str | None]:
    """Invite a person by email to take a role in the place; return (invitation, token).

    Inviting the same address to the same role while a link is still open returns that
    invitation and token None (nothing is sent twice); a person who already holds the role is
    refused. The email goes when the transaction commits.
    """
    email = email.strip().lower()
    if role not in Role.values:
        raise MembershipRefused("Select a role")
    if Membership.objects.filter(place=place, user__email=email, role=role).exists():
        raise MembershipRefused("This person already has that role in this place")
    with transaction.atomic():
        open_one = (
            RoleInvitation.objects.select_for_update()
            .filter(
                place=place,
                email=email,
                role=role,
                accepted_at__isnull=True,
                cancelled_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if open_one is not None:
            return open_one, None
        token = tokens.new_token()
        now = timezone.now()
        invitation = RoleInvitation.objects.create(
            created_at=now,
            place=place,
            email=email,
            full_name=full_name.strip(),
            role=role,
            token_hash=tokens.hash_token(token),
            invited_by=actor if getattr(actor, "is_authenticated", False) else None,
            expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
        )
        log_action(
            "core.invitation.sent",
            actor=actor,
            target=invitation,
            place=place,
            data={"email": email, "role": role},
        )
        role_label = Role(role).label.lower()
        inviter = actor.get_full_name() if getattr(actor, "is_authenticated", False) else ""
        send_email(
            key=f"role-invitation:{invitation.pk}",
            to=[email],
            place=place,
            subject=f"You are invited to join {place.name} on {settings.SERVICE_NAME}",
            body_text=(
                f"Dear {invitation.full_name or email},\n\n"
                f"{inviter or 'A convenor'} has invited you to join {place.name} on "
                f"{settings.SERVICE_NAME} as {role_label}.\n\n"
                "To accept, open this link (it works once, for 7 days, until "
                f"{invitation.expires_at:%-d %B %Y}):\n{invitation_url(token)}\n\n"
                "If you do not have an account yet you will choose a password. If you were "
                "not expecting this, ignore this email: nothing happens unless you accept.\n"
            ),
        )
    return invitation, token


def find_invitation(token: str) -> RoleInvitation:
    """Return the open invitation of a link, or raise InvitationProblem saying why not."""
    if not tokens.looks_like_token(token):
        raise InvitationProblem("unknown")
    invitation = (
        RoleInvitation.objects.select_related("place")
        .filter(token_hash=tokens.hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationProblem("unknown")
    if invitation.accepted_at is not None:
        raise InvitationProblem("used")
    if invitation.cancelled_at is not None:
        raise InvitationProblem("cancelled")
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem("expired")
    return invitation


def accept_invitation(
    *, token: str, user: User | None = None, full_name: str = "", password: str = ""
) -> Membership:
    """Accept an invitation link: the signed-in person (whose email must be the invited one),
    or a new account made with a name and password. Single use; audited."""
    with transaction.atomic():
        invitation = find_invitation(token)
        invitation = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationProblem("used")
        if user is None:
            if User.objects.filter(email=invitation.email).exists():
                raise MembershipRefused("You already have an account: sign in to accept")
            if not password:
                raise MembershipRefused("Enter a password")
            user = User.objects.create_user(
                email=invitation.email,
                password=password,
                full_name=full_name.strip() or invitation.full_name,
            )
        elif user.email.lower() != invitation.email:
            raise MembershipRefused(
                f"This invitation is for {invitation.email}: sign out, then sign in with that "
                "email address"
            )
        membership, _ = Membership.objects.get_or_create(
            user=user, place=invitation.place, role=invitation.role
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        log_action(
            "core.invitation.accepted",
            actor=user,
            target=invitation,
            place=invitation.place,
            data={"email": invitation.email, "role": invitation.role},
        )
    return membership


def cancel_invitation(*, invitation: RoleInvitation, actor) -> None:
    """Cancel an invitation that has not been accepted: its link stops working at once."""
    with transaction.atomic():
        updated = RoleInvitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if not updated:
            raise MembershipRefused("This invitation has already been accepted or cancelled")
        log_action(
            "core.invitation.cancelled",
            actor=actor,
            target=invitation,
            place=invitation.place,
            data={"email": invitation.email, "role": invitation.role},
        )
