"""Rate limits for the public RSVP pages, counted in Django's cache (fixed windows).

Per link: a person answering, changing their mind and reloading stays far below it, a script
hammering one link does not. Per network address: only tokens that match nothing count, which
is what guessing looks like; a token we issued is never refused for its address, so guessing
from a venue's or council's shared address cannot lock anyone out of their own link. With the
default in-memory cache each server process counts on its own; JOINEDUP_CACHE=redis shares
the counts between processes.
"""

from django.conf import settings

from joinedup.core import clientip
from joinedup.core.ratelimit import hit

WINDOW = 600  # seconds
PER_LINK = settings.RSVP_LIMIT_PER_LINK
BAD_LINKS_PER_ADDRESS = settings.RSVP_LIMIT_BAD_LINKS_PER_ADDRESS


def _hit(key: str) -> int:
    """Count one request in the current window; return the count so far."""
    return hit(key, window=WINDOW)


def client_address(request) -> str:
    """The address a request came from: the forwarded one behind a trusted proxy."""
    return clientip.client_address(request)


def allow_link(*, token_hash: str) -> bool:
    """Count a request with a token we issued; return False when that link is over its limit.
    No per-address limit applies: others at the same address must never lock a link out."""
    return _hit(f"rsvp:link:{token_hash}") <= PER_LINK


def bad_guess(request) -> bool:
    """Count a token that matched nothing; return False once its address has sent more than
    BAD_LINKS_PER_ADDRESS of them in the window (then it is refused with 429)."""
    return _hit(f"rsvp:bad:{client_address(request)}") <= BAD_LINKS_PER_ADDRESS
