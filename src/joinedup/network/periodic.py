"""The network's periodic job: last month's digest to each member who opted in (once a month
each, so running it daily is safe)."""

import datetime

from joinedup.core.schedule import register_periodic
from joinedup.network.digest import send_monthly_digests


@register_periodic(
    "network.monthly_digests",
    every=datetime.timedelta(days=1),
    what="send_monthly_digests: last month's digest to each member who opted in, once",
)
def monthly_digests() -> dict:
    result = send_monthly_digests()
    return {k: str(v) if k == "month" else v for k, v in result.items()}
