"""Fixed-window counters in Django's cache, for rate limits (RSVP links, password resets).

With the default in-memory cache each server process counts on its own; JOINEDUP_CACHE=redis
shares the counts between processes and nodes.
"""

from django.core.cache import cache


def hit(key: str, *, window: int) -> int:
    """Count one event under `key` in the current window of `window` seconds; return the count."""
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, 0, window)
        try:
            return cache.incr(key)
        except ValueError:  # evicted between add and incr: count this one
            return 1


def count(key: str) -> int:
    """Return the count so far under `key` (0 when none)."""
    return cache.get(key) or 0
