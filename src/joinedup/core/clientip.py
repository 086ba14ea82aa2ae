"""The address of the person making a request, as far as we can trust it.

Behind the TLS proxy that docs/deployment.md prescribes, REMOTE_ADDR is the proxy's address, so
every limit keyed on it would count the whole world as one client. The proxy appends the address
it saw to X-Forwarded-For; anyone can write that header, so it is read only when the request
came from a configured trusted proxy (JOINEDUP_TRUSTED_PROXIES), right to left, skipping the
trusted hops, and the first untrusted address is the client.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request) -> str:
    """Return the client's address: REMOTE_ADDR, or the forwarded one behind trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not settings.TRUSTED_PROXIES or not _trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _valid(hop):
            return remote  # a mangled chain: trust nothing in it
        if not _trusted(hop):
            return hop
    return hops[0] if hops else remote


def axes_client_address(request) -> str:
    """django-axes asks through this hook (AXES_CLIENT_IP_CALLABLE); it stores the answer in an
    address column (PostgreSQL's inet), so a request with no usable address counts as 0.0.0.0."""
    address = client_address(request)
    return address if _valid(address) else "0.0.0.0"  # noqa: S104  (an address, not a bind)
