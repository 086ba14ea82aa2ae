"""Rate limits for the public RSVP pages, counted in Django's cache (fixed windows).

Per link: a person answering, changing their mind and reloading stays far below it, a script
hammering one link does not. Per network address: generous, because everyone at a venue or in
a council office may share one address; tighter only for links that match nothing, which is
what guessing looks like. With the default in-memory cache each server process counts on its
own; point CACHES at Redis to share counts between processes.
"""

import os

from django.core.cache import cache

WINDOW = 600  # seconds


def _limit(name: str, default: int) -> int:
    return int(os.environ.get(f"JOINEDUP_RSVP_LIMIT_{name}", default))


PER_LINK = _limit("PER_LINK", 60)
PER_ADDRESS = _limit("PER_ADDRESS", 2000)
BAD_LINKS_PER_ADDRESS = _limit("BAD_LINKS_PER_ADDRESS", 60)


def _hit(key: str) -> int:
    """Count one request in the current window; return the count so far."""
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, 0, WINDOW)
        try:
            return cache.incr(key)
        except ValueError:  # evicted between add and incr: count this one
            return 1


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, *, token_hash: str) -> bool:
    """Count a request to an RSVP page; return False when a limit is exceeded."""
    address = client_address(request)
    if _hit(f"rsvp:addr:{address}") > PER_ADDRESS:
        return False
    return _hit(f"rsvp:link:{token_hash}") <= PER_LINK


def bad_link(request) -> bool:
    """Count a link that matched nothing; return False once an address has sent too many."""
    return _hit(f"rsvp:bad:{client_address(request)}") <= BAD_LINKS_PER_ADDRESS


def blocked_for_bad_links(request) -> bool:
    return (cache.get(f"rsvp:bad:{client_address(request)}") or 0) >= BAD_LINKS_PER_ADDRESS
