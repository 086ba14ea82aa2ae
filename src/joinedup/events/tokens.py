"""Personal links: random tokens stored only as SHA-256 hashes, each for one purpose on one
invitation of one event, until it expires. Tokens never go into the audit log or the logs.

This is the one token machinery for every personal link: RSVP, waiting-list offers and the
feedback survey (joinedup.followup.feedback) all issue and check their tokens here, and their
pages open them through joinedup.events.links."""

import re
import secrets
from dataclasses import dataclass

from django.utils import timezone

from joinedup.core.tokens import hash_token, looks_like_token, new_token
from joinedup.events.models import AccessToken, Invitation

# Check-in codes: no 0/O, 1/I/L, so that a host can read one aloud or type it from a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def issue_token(*, invitation: Invitation, purpose: str, expires_at) -> tuple[str, AccessToken]:
    """Create a token for the purpose on the invitation; return it (the only time it exists)
    and its stored record."""
    token = new_token()
    record = AccessToken.objects.create(
        invitation=invitation,
        event_id=invitation.event_id,
        purpose=purpose,
        token_hash=hash_token(token),
        expires_at=expires_at,
    )
    return token, record


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of checking a link: the token when it may be used, else why not."""

    token: AccessToken | None
    problem: str = ""  # "", "unknown", "other_event", "wrong_purpose", "expired", "used"

    @property
    def ok(self) -> bool:
        return self.token is not None and not self.problem


def check_token(token: str, *, event_id: int, purpose: str, now=None) -> TokenCheck:
    """Find the stored token for a link and say whether it may be used for this purpose on
    this event now. Random and altered tokens are simply unknown: we cannot tell them apart."""
    now = now or timezone.now()
    if not looks_like_token(token):
        return TokenCheck(None, "unknown")
    stored = (
        AccessToken.objects.select_related("invitation", "invitation__event", "event__place")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if stored is None:
        return TokenCheck(None, "unknown")
    if stored.event_id != event_id:
        return TokenCheck(None, "other_event")
    if stored.purpose != purpose:
        return TokenCheck(None, "wrong_purpose")
    if stored.used_at is not None:
        return TokenCheck(stored, "used")
    if stored.expires_at <= now:
        return TokenCheck(stored, "expired")
    return TokenCheck(stored)


def new_checkin_code() -> str:
    """Return a random check-in code (8 characters, about 40 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """Return a typed code without spaces and dashes, in capitals (the form we store)."""
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def display_code(code: str) -> str:
    """Return a code split in two for reading: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code
