"""The referrals panel on the place dashboard: counts and loop figures, never a person."""

from joinedup.core.dashboard import _url, register_panel
from joinedup.core.permissions import can
from joinedup.referrals.figures import figures_for_place
from joinedup.referrals.templatetags.referrals import hours_text, share_text


@register_panel
def referrals_panel(request, place):
    if not can(request.user, "referrals.figures", place):
        return None
    figures = figures_for_place(place=place)
    links = [("Referral figures", _url("referrals:figures", place))]
    if can(request.user, "referrals.view_sent", place):
        links.insert(0, ("Referrals", _url("referrals:home", place)))
    return {
        "title": "Referrals",
        "figures": [
            ("referrals sent", figures.referrals),
            ("median time to first response", hours_text(figures.median_hours)),
            ("answered in time", share_text(figures.in_time_share)),
            ("loops closed", share_text(figures.closed_share)),
        ],
        "links": links,
    }
