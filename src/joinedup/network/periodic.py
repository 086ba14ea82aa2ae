"""The network's periodic jobs: last month's digest to each member who opted in (once a month
each, so running it daily is safe), and warming the network page's cache after ties change."""

import datetime

from joinedup.core.models import Place
from joinedup.core.schedule import register_periodic
from joinedup.network import cache
from joinedup.network.digest import send_monthly_digests


@register_periodic(
    "network.monthly_digests",
    every=datetime.timedelta(days=1),
    what="send_monthly_digests: last month's digest to each member who opted in, once",
)
def monthly_digests() -> dict:
    result = send_monthly_digests()
    return {k: str(v) if k == "month" else v for k, v in result.items()}


@register_periodic(
    "network.warm_cache",
    every=datetime.timedelta(minutes=1),
    what="work out each place's network figures and map.json into the cache when its ties changed",
)
def warm_cache() -> dict:
    """The first visitor after a change finds the default view's figures worked out; only with
    a cache every process shares (JOINEDUP_CACHE=redis) do the web processes see them."""
    warmed = [p.slug for p in Place.objects.order_by("slug") if cache.warm(place=p)]
    return {"warmed": warmed}
