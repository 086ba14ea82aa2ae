"""The thresholds section of a directory service's page (the directory imports nothing from
pathways; this registers itself with the directory's section hook)."""

from joinedup.core.permissions import can
from joinedup.directory.sections import register_service_section
from joinedup.pathways import services as pathways


@register_service_section
def thresholds_section(request, service):
    """The levels at which the service takes each need, for people who may read pathways."""
    if not can(request.user, "pathways.view", service.place):
        return None
    levels = {lv.number: lv for lv in pathways.ensure_levels(place=service.place)}
    rows = []
    for threshold in pathways.thresholds_for_service(service=service):
        rows.append(
            {
                "need": threshold.need,
                "levels": [
                    f"{n} {levels[n].name}" if n in levels else str(n) for n in threshold.levels
                ],
            }
        )
    return {
        "template": "pathways/_service_thresholds.html",
        "context": {
            "service": service,
            "rows": rows,
            "can_edit": can(request.user, "pathways.edit", service.place),
        },
    }
