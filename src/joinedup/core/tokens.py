"""Tokens for personal links (RSVP, offers, feedback): random, and stored only as a hash."""

import hashlib
import re
import secrets

# secrets.token_urlsafe(32): 32 random bytes (256 bits) as 43 URL-safe characters.
TOKEN_BYTES = 32
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    """Return a fresh unguessable token (256 bits) for a link."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest we store in place of a token."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def looks_like_token(token: str | None) -> bool:
    """Return whether the text has the shape of one of our tokens (cheap check before a lookup)."""
    return bool(TOKEN_SHAPE.match(token or ""))
