"""Alignment checks: where a kit's pathways pass a person from service to service. No Django.

`check_kit` returns every finding of the kinds in docs/pathways-format.md, in a fixed order:
pathways in kit order; within a pathway, each step in kit order with its findings in the order
of KINDS (bounce and inactive_service once per service, in the step's order), then the
pathway's escalation_cycle, then its level_gap findings from the lowest missing level up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from joinedup.pathways.kit import Kit, Pathway, Step

KINDS = (
    "bounce",
    "escalation_bounce",
    "dead_end",
    "inactive_service",
    "no_escalation",
    "escalation_cycle",
    "level_gap",
    "no_response_target",
    "slower_when_worse",
)
STEP_KINDS = tuple(kind for kind in KINDS if kind not in ("escalation_cycle", "level_gap"))


@dataclass(slots=True)
class Finding:
    kind: str
    need: str
    step: str | None
    service: str | None
    level: int | None
    message: str


def _levels_text(levels: list[int]) -> str:
    if not levels:
        return "no level"
    if len(levels) == 1:
        return f"level {levels[0]}"
    return "levels " + ", ".join(str(level) for level in levels[:-1]) + f" and {levels[-1]}"


def _hours(hours: float) -> str:
    return f"{hours:g} hour" + ("" if hours == 1 else "s")


def _step_findings(kit: Kit, pathway: Pathway, step: Step) -> dict[str, list[Finding]]:
    need, services = pathway.need, kit.services
    found: dict[str, list[Finding]] = {kind: [] for kind in STEP_KINDS}

    def add(kind: str, message: str, service: str | None = None) -> None:
        found[kind].append(Finding(kind, need, step.id, service, None, message))

    for service_id in step.services:
        service = services[service_id]
        accepted = service.accepts.get(need, [])
        if step.level not in accepted:
            add(
                "bounce",
                f"Step {step.id} sends people at level {step.level} to {service.name}, "
                f"but {service.name} takes {need} only at {_levels_text(sorted(accepted))}.",
                service_id,
            )
        if not service.active:
            add(
                "inactive_service",
                f"Step {step.id} names {service.name}, which is inactive.",
                service_id,
            )
    if step.escalate_to is not None:
        target = services[step.escalate_to]
        accepted = sorted(target.accepts.get(need, []))
        if not any(level >= step.level for level in accepted):
            add(
                "escalation_bounce",
                f"Step {step.id} escalates to {target.name}, which takes {need} only at "
                f"{_levels_text(accepted)}, not at level {step.level} or above.",
                step.escalate_to,
            )
    if not any(services[s].active and services[s].reachable for s in step.services):
        reason = (
            "names no service"
            if not step.services
            else "names no service that is both active and reachable"
        )
        add("dead_end", f"Step {step.id} {reason}, so nobody can take the person on.")
    if step.level >= 2 and step.escalate_to is None:
        add(
            "no_escalation",
            f"Step {step.id} at level {step.level} says nobody to go to when no reply comes.",
        )
    if step.response_hours is None:
        add("no_response_target", f"Step {step.id} says no time by which a reply is due.")
    faster = [
        other
        for other in pathway.steps
        if other.level < step.level
        and other.response_hours is not None
        and step.response_hours is not None
        and step.response_hours > other.response_hours
    ]
    if faster:
        quickest = min(faster, key=lambda other: (other.response_hours, other.level))
        add(
            "slower_when_worse",
            f"Step {step.id} at level {step.level} expects a reply within "
            f"{_hours(step.response_hours)}, slower than {_hours(quickest.response_hours)} "
            f"at level {quickest.level} (step {quickest.id}).",
        )
    return found


def find_cycle(pathway: Pathway) -> list[str] | None:
    """Return one escalation cycle of the pathway as service ids (first repeated last), or None."""
    edges: dict[str, list[str]] = {}
    for step in pathway.steps:
        if step.escalate_to is None:
            continue
        for service_id in step.services:
            targets = edges.setdefault(service_id, [])
            if step.escalate_to not in targets:
                targets.append(step.escalate_to)
    done: set[str] = set()
    for start in edges:
        if start in done:
            continue
        # Iterative depth-first search; `on_path` holds the services on the current path.
        path: list[str] = [start]
        on_path = {start}
        stack = [iter(edges.get(start, []))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            if nxt in done:
                continue
            path.append(nxt)
            on_path.add(nxt)
            stack.append(iter(edges.get(nxt, [])))
    return None


def check_pathway(kit: Kit, pathway: Pathway) -> list[Finding]:
    """Return the findings of one pathway of the kit, in the documented order."""
    findings: list[Finding] = []
    for step in pathway.steps:
        per_kind = _step_findings(kit, pathway, step)
        for kind in STEP_KINDS:
            findings.extend(per_kind[kind])
    cycle = find_cycle(pathway)
    if cycle is not None:
        names = " → ".join(kit.services[s].name for s in cycle)
        findings.append(
            Finding(
                "escalation_cycle",
                pathway.need,
                None,
                None,
                None,
                f"Escalation in the {pathway.need} pathway goes round in a circle: {names}.",
            )
        )
    step_levels = {step.level for step in pathway.steps}
    if len(step_levels) >= 2:
        low, high = min(step_levels), max(step_levels)
        for level in sorted(kit.level_numbers()):
            if low < level < high and level not in step_levels:
                findings.append(
                    Finding(
                        "level_gap",
                        pathway.need,
                        None,
                        None,
                        level,
                        f"The {pathway.need} pathway has steps at levels {low} and {high} "
                        f"but none at level {level}.",
                    )
                )
    return findings


def check_kit(kit: Kit) -> list[Finding]:
    """Return every alignment finding of the kit, in a fixed order (see the module docstring)."""
    findings: list[Finding] = []
    for pathway in kit.pathways:
        findings.extend(check_pathway(kit, pathway))
    return findings


def report(findings: list[Finding]) -> dict:
    """Return `{"findings": [...], "counts": {kind: n}}`; counts hold only kinds found, in order."""
    counted = Counter(finding.kind for finding in findings)
    return {
        "findings": [
            {
                "kind": f.kind,
                "need": f.need,
                "step": f.step,
                "service": f.service,
                "level": f.level,
                "message": f.message,
            }
            for f in findings
        ],
        "counts": {kind: counted[kind] for kind in KINDS if counted[kind]},
    }
