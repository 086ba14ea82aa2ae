"""The alignment findings (FORMAT.md) of a place said in plain words, each with the step and
the service to fix, for the check page."""

from django.urls import reverse

from joinedup.directory.models import Service
from joinedup.pathways.models import PathwayVersion, Step, Threshold

KIND_LABELS = {
    "bounce": "Service does not take this need at this level",
    "escalation_bounce": "Escalation goes to a service that will not take it",
    "dead_end": "Nobody can be reached",
    "inactive_service": "Inactive service named",
    "no_escalation": "Nobody to escalate to",
    "escalation_cycle": "Escalation goes round in a circle",
    "level_gap": "Missing level",
    "no_response_target": "No reply time",
    "slower_when_worse": "Slower reply when the need is worse",
}


def _get(finding, name):
    if isinstance(finding, dict):
        return finding.get(name)
    return getattr(finding, name, None)


def finding_dict(finding) -> dict:
    """The finding as FORMAT.md's six fields."""
    return {
        name: _get(finding, name)
        for name in ("kind", "need", "step", "service", "level", "message")
    }


def _levels_text(levels) -> str:
    if not levels:
        return "at no level"
    if len(levels) == 1:
        return f"only at level {levels[0]}"
    return f"only at levels {', '.join(str(n) for n in levels[:-1])} and {levels[-1]}"


def explain_findings(*, place, findings) -> list[dict]:
    """Each finding with a plain-word sentence, its pathway, step and service, and links."""
    versions = {
        v.pathway.need.code: v
        for v in PathwayVersion.objects.filter(
            place=place, status=PathwayVersion.Status.PUBLISHED
        ).select_related("pathway", "pathway__need")
    }
    steps = {
        (s.version_id, s.code): s
        for s in Step.objects.filter(version__in=list(versions.values())).select_related(
            "escalate_to"
        )
    }
    service_ids = {_get(f, "service") for f in findings if _get(f, "service")}
    services = {str(s.pk): s for s in Service.objects.filter(place=place, pk__in=service_ids)}
    thresholds = {
        (str(t.service_id), t.need.code): t.levels
        for t in Threshold.objects.filter(place=place, service_id__in=service_ids).select_related(
            "need"
        )
    }
    items = []
    for finding in findings:
        data = finding_dict(finding)
        kind, need_code = data["kind"], data["need"]
        version = versions.get(need_code)
        pathway = version.pathway if version else None
        step = steps.get((version.pk, data["step"])) if version and data["step"] else None
        service = services.get(str(data["service"])) if data["service"] else None
        title = pathway.title if pathway else need_code
        where = f"level {step.level} of “{title}”" if step else f"“{title}”"
        service_name = service.name if service else "A service"
        if kind == "bounce":
            accepted = thresholds.get((str(data["service"]), need_code), [])
            text = (
                f"{service_name} is named at {where}, but it says it takes this need "
                f"{_levels_text(accepted)}. People sent there will be turned away."
            )
        elif kind == "escalation_bounce":
            text = (
                f"When the reply does not come at {where}, escalation goes to "
                f"{step.escalate_to.name if step and step.escalate_to else service_name}, "
                "which does not take this need at that level or above."
            )
        elif kind == "dead_end":
            text = (
                f"Nobody can take a referral at {where}: none of its services is both "
                "active and reachable (a team phone, team email or named contact)."
            )
        elif kind == "inactive_service":
            text = f"{service_name} is named at {where}, but the directory marks it inactive."
        elif kind == "no_escalation":
            text = (
                f"{where[0].upper()}{where[1:]} names nobody to go to when the reply does not come."
            )
        elif kind == "escalation_cycle":
            text = (
                f"In “{title}”, escalating from service to service comes back to where it "
                "started, so a person can be passed round in a circle."
            )
        elif kind == "level_gap":
            text = (
                f"“{title}” has no step at level {data['level']}, between the levels it does "
                "cover: someone at that level has no route."
            )
        elif kind == "no_response_target":
            text = f"{where[0].upper()}{where[1:]} says nothing about when a reply is due."
        elif kind == "slower_when_worse":
            text = (
                f"At {where} the reply is due within {step.response_hours if step else '?'} "
                "hours, slower than at a lower level: the more serious need waits longer."
            )
        else:
            text = data["message"] or kind
        links = []
        if pathway is not None:
            href = reverse(
                "pathways:pathway", kwargs={"place_slug": place.slug, "pathway_id": pathway.pk}
            )
            label = f"Level {step.level} of {title}" if step else title
            links.append({"text": label, "href": f"{href}#step-{step.code}" if step else href})
        if service is not None:
            links.append(
                {
                    "text": f"Thresholds of {service.name}",
                    "href": reverse(
                        "pathways:service_thresholds",
                        kwargs={"place_slug": place.slug, "service_id": service.pk},
                    ),
                }
            )
        items.append(
            {
                "finding": data,
                "kind_label": KIND_LABELS.get(kind, kind),
                "text": text,
                "pathway": pathway,
                "step": step,
                "service": service,
                "links": links,
            }
        )
    return items
