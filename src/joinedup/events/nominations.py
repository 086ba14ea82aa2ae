"""The rules for nominating a colleague from an RSVP link, and the convenor's review of
nominations held back (issue 16, finding 7: a link must not make us relay email).

- One invitation nominates at most settings.NOMINATIONS_PER_INVITATION colleagues (1), and an
  event takes at most settings.NOMINATIONS_PER_EVENT nominations in all (20).
- No chains: an invitation that came from a nomination cannot nominate anyone.
- A nominee's name is a name: short, on one line, with no web or email address in it.
- A nominee whose email domain is not one the place knows (its directory contacts and services,
  and its members) is held: nothing is emailed until a convenor approves; refusing removes it.
"""

import re

from django.conf import settings
from django.db import transaction

from joinedup.core.audit import log_action
from joinedup.core.models import Membership
from joinedup.directory.models import Contact, Service
from joinedup.events import sending
from joinedup.events.models import Event, Invitation

NAME_MAX = 100
# Things that make a name a message: a web address, an email address, markup, a new line.
NOT_A_NAME = re.compile(r"(://|www\.|@|<|>|[\r\n]|\.[a-z]{2,}/)", re.IGNORECASE)


class NominationRefused(Exception):
    """A nomination this invitation may not make; the message says why, for the form."""


class NominationNotHeld(Exception):
    """The invitation is not a nomination waiting for a convenor (already reviewed, or never
    held)."""


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def known_domain(*, place, domain: str) -> bool:
    """Whether an email domain is one the place knows: of a directory contact or service, or
    of a member."""
    if not domain:
        return False
    suffix = f"@{domain}"
    return (
        Contact.objects.filter(place=place, email__iendswith=suffix).exists()
        or Service.objects.filter(place=place, email__iendswith=suffix).exists()
        or Membership.objects.filter(place=place, user__email__iendswith=suffix).exists()
    )


def check_nomination(*, invitation: Invitation, event: Event, nominee_name: str) -> None:
    """Refuse (NominationRefused) a nomination the rules do not allow; the event is locked."""
    if invitation.nominated_by_id is not None:
        raise NominationRefused(
            "You were nominated by a colleague, so you cannot nominate someone else. "
            "Reply to the email if someone else should come"
        )
    if invitation.nominees.count() >= settings.NOMINATIONS_PER_INVITATION:
        raise NominationRefused(
            "You have already nominated a colleague. Reply to the email if that needs to change"
        )
    if event.invitations.filter(nominated_by__isnull=False).count() >= (
        settings.NOMINATIONS_PER_EVENT
    ):
        raise NominationRefused(
            "This event is taking no more nominations. Reply to the email to suggest a colleague"
        )
    name = nominee_name.strip()
    if len(name) > NAME_MAX:
        raise NominationRefused(f"Your colleague's name must be {NAME_MAX} characters or fewer")
    if NOT_A_NAME.search(name):
        raise NominationRefused(
            "Enter only your colleague's name, without a web address or email address"
        )


def held(event: Event):
    """Nominations of the event waiting for a convenor, oldest first."""
    return (
        event.invitations.filter(review=Invitation.Review.HELD)
        .select_related("nominated_by")
        .order_by("created_at", "pk")
    )


def review_nomination(*, invitation: Invitation, approve: bool, actor) -> Invitation | None:
    """Approve a held nomination (its invitation is then sent) or refuse it (it is removed);
    return the invitation when approved."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("event__place")
            .filter(pk=invitation.pk, review=Invitation.Review.HELD)
            .first()
        )
        if invitation is None:
            raise NominationNotHeld()
        data = {
            "event": invitation.event_id,
            "nominated_by": invitation.nominated_by_id,
            "domain": email_domain(invitation.email),
        }
        if not approve:
            log_action("events.nomination.refused", actor=actor, target=invitation, data=data)
            invitation.delete()
            return None
        invitation.review = Invitation.Review.APPROVED
        invitation.save(update_fields=["review"])
        log_action("events.nomination.approved", actor=actor, target=invitation, data=data)
        invitation_id = invitation.pk
        transaction.on_commit(lambda: sending.send_invitation(invitation_id, actor=actor))
    return invitation
