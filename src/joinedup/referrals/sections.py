"""The referrals section of a directory service's page: whether it takes referrals in
Joinedup, a link to refer, and its loop figures (the directory imports nothing from here)."""

from joinedup.core.permissions import can
from joinedup.directory.sections import register_service_section
from joinedup.referrals import services
from joinedup.referrals.figures import figures_for_service


@register_service_section
def referrals_section(request, service):
    if not can(request.user, "referrals.figures", service.place):
        return None
    takes = services.takes_referrals(service=service)
    figures = figures_for_service(service=service)
    if not takes and not figures.referrals:
        return None
    return {
        "template": "referrals/_service_section.html",
        "context": {
            "service": service,
            "takes": takes,
            "can_send": takes and can(request.user, "referrals.send", service.place),
            "figures": figures,
        },
    }
