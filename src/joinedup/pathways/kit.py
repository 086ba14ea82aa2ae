"""Pathway kits (`joinedup-pathways/1`): read one from JSON data and write one back. No Django.

`parse_kit` checks the whole kit before it returns, and lists every problem it finds with the
JSON path of the value at fault, so a place can fix a kit in one go rather than one error at a
time. docs/pathways-format.md says which fields are required and which may be left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

FORMAT = "joinedup-pathways/1"
STATUSES = ("active", "inactive")
ROUTES = ("form", "phone", "email", "in-person", "joinedup")
CONSENTS = ("ask", "inform", "not-needed")


class KitError(ValueError):
    """A kit breaks the format; `problems` lists each as "json.path: message"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    description: str = ""


@dataclass(frozen=True)
class KitService:
    id: str
    name: str
    status: str
    reachable: bool
    accepts: dict[str, list[int]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Route:
    how: str
    detail: str = ""


@dataclass(frozen=True)
class Step:
    id: str
    level: int
    indicators: list[str]
    services: list[str]
    route: Route
    response_hours: float | None
    escalate_to: str | None
    consent: str


@dataclass(frozen=True)
class Pathway:
    need: str
    title: str
    version: int
    steps: list[Step]


@dataclass(frozen=True)
class Kit:
    place: str
    levels: list[Level]
    services: dict[str, KitService]
    pathways: list[Pathway]

    def level_numbers(self) -> list[int]:
        return [level.level for level in self.levels]


_MISSING = object()


def _quote(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Reader:
    """Collects problems while reading fields, so that every problem is reported at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def get(self, obj: dict, key: str, path: str, *, required: bool = True) -> Any:
        value = obj.get(key, _MISSING)
        if value is _MISSING and required:
            self.problem(f"{path}.{key}" if path != "$" else key, "required field is missing")
        return value

    def text(self, obj: dict, key: str, path: str, *, required=True, empty_ok=False) -> str | None:
        value = self.get(obj, key, path, required=required)
        where = f"{path}.{key}" if path != "$" else key
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.problem(where, f"must be text, not {_type_name(value)}")
            return None
        if not value.strip() and not empty_ok:
            self.problem(where, "must not be empty")
            return None
        return value

    def obj(self, value: object, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, f"must be an object, not {_type_name(value)}")
            return None
        return value

    def array(self, obj: dict, key: str, path: str, *, required: bool = True) -> list | None:
        value = self.get(obj, key, path, required=required)
        if value is _MISSING:
            return None
        if not isinstance(value, list):
            self.problem(
                f"{path}.{key}" if path != "$" else key, f"must be a list, not {_type_name(value)}"
            )
            return None
        return value


def parse_kit(data: object) -> Kit:
    """Return the kit in `data` (parsed JSON); raise KitError listing every format problem."""
    reader = _Reader()
    root = reader.obj(data, "$")
    if root is None:
        raise KitError(reader.problems)
    fmt = reader.get(root, "format", "$")
    if fmt is not _MISSING and fmt != FORMAT:
        reader.problem("format", f"must be {_quote(FORMAT)}, not {_quote(fmt)}")
    place = reader.text(root, "place", "$")
    levels = _read_levels(reader, root)
    known_levels = {level.level for level in levels}
    services = _read_services(reader, root, known_levels)
    pathways = _read_pathways(reader, root, known_levels, services)
    if reader.problems:
        raise KitError(reader.problems)
    return Kit(place=place or "", levels=levels, services=services, pathways=pathways)


def _read_levels(reader: _Reader, root: dict) -> list[Level]:
    items = reader.array(root, "levels", "$")
    if items is None:
        return []
    if not items:
        reader.problem("levels", "must list at least one level")
    levels: list[Level] = []
    seen: dict[int, int] = {}
    for index, item in enumerate(items):
        path = f"levels[{index}]"
        entry = reader.obj(item, path)
        if entry is None:
            continue
        number = reader.get(entry, "level", path)
        name = reader.text(entry, "name", path)
        description = reader.text(entry, "description", path, required=False, empty_ok=True)
        if number is _MISSING:
            continue
        if not _is_int(number) or number < 1:
            reader.problem(
                f"{path}.level", f"must be a whole number from 1 up, not {_quote(number)}"
            )
            continue
        if number in seen:
            reader.problem(
                f"{path}.level", f"duplicate level {number} (also levels[{seen[number]}])"
            )
            continue
        seen[number] = index
        if name is not None:
            levels.append(Level(level=number, name=name, description=description or ""))
    return levels


def _read_level_list(
    reader: _Reader, value: object, path: str, known_levels: set[int]
) -> list[int]:
    if type(value) is list and all(type(n) is int and n in known_levels for n in value):
        return list(dict.fromkeys(value))  # the usual case, quickly; duplicates dropped
    if not isinstance(value, list):
        reader.problem(path, f"must be a list of levels, not {_type_name(value)}")
        return []
    result: list[int] = []
    for index, number in enumerate(value):
        where = f"{path}[{index}]"
        if not _is_int(number):
            reader.problem(where, f"must be a level number, not {_quote(number)}")
        elif number not in known_levels:
            reader.problem(where, f"unknown level {number}")
        elif number not in result:
            result.append(number)
    return result


def _read_services(reader: _Reader, root: dict, known_levels: set[int]) -> dict[str, KitService]:
    items = reader.array(root, "services", "$")
    services: dict[str, KitService] = {}
    seen: dict[str, int] = {}
    for index, item in enumerate(items or []):
        path = f"services[{index}]"
        entry = reader.obj(item, path)
        if entry is None:
            continue
        service_id = reader.text(entry, "id", path)
        name = reader.text(entry, "name", path)
        status = reader.get(entry, "status", path)
        if status is not _MISSING and status not in STATUSES:
            reader.problem(
                f"{path}.status", f"must be one of active, inactive, not {_quote(status)}"
            )
            status = None
        reachable = reader.get(entry, "reachable", path)
        if reachable is not _MISSING and not isinstance(reachable, bool):
            reader.problem(f"{path}.reachable", f"must be true or false, not {_quote(reachable)}")
            reachable = None
        accepts: dict[str, list[int]] = {}
        raw_accepts = reader.get(entry, "accepts", path)
        if raw_accepts is not _MISSING:
            if not isinstance(raw_accepts, dict):
                reader.problem(
                    f"{path}.accepts", f"must be an object, not {_type_name(raw_accepts)}"
                )
            else:
                for need, levels in raw_accepts.items():
                    where = f"{path}.accepts.{need}"
                    if not need.strip():
                        reader.problem(where, "a need code must not be empty")
                        continue
                    accepts[need] = _read_level_list(reader, levels, where, known_levels)
        if service_id is None:
            continue
        if service_id in seen:
            reader.problem(
                f"{path}.id",
                f"duplicate service id {_quote(service_id)} (also services[{seen[service_id]}])",
            )
            continue
        seen[service_id] = index
        services[service_id] = KitService(
            id=service_id,
            name=name or "",
            status=status if isinstance(status, str) else "inactive",
            reachable=reachable if isinstance(reachable, bool) else False,
            accepts=accepts,
        )
    return services


def _read_pathways(
    reader: _Reader, root: dict, known_levels: set[int], services: dict[str, KitService]
) -> list[Pathway]:
    items = reader.array(root, "pathways", "$")
    pathways: list[Pathway] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items or []):
        path = f"pathways[{index}]"
        entry = reader.obj(item, path)
        if entry is None:
            continue
        need = reader.text(entry, "need", path)
        title = reader.text(entry, "title", path)
        version = reader.get(entry, "version", path)
        if version is not _MISSING and (not _is_int(version) or version < 1):
            reader.problem(
                f"{path}.version", f"must be a whole number from 1 up, not {_quote(version)}"
            )
        if need is not None:
            if need in seen:
                reader.problem(
                    f"{path}.need",
                    f"duplicate pathway for need {_quote(need)} (also pathways[{seen[need]}])",
                )
            else:
                seen[need] = index
        steps = _read_steps(reader, entry, path, known_levels, services)
        pathways.append(
            Pathway(
                need=need or "",
                title=title or "",
                version=version if _is_int(version) else 1,
                steps=steps,
            )
        )
    return pathways


def _read_steps(
    reader: _Reader,
    pathway: dict,
    path: str,
    known_levels: set[int],
    services: dict[str, KitService],
) -> list[Step]:
    items = reader.array(pathway, "steps", path)
    steps: list[Step] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items or []):
        where = f"{path}.steps[{index}]"
        entry = reader.obj(item, where)
        if entry is None:
            continue
        step_id = reader.text(entry, "id", where)
        if step_id is not None:
            if step_id in seen:
                reader.problem(
                    f"{where}.id",
                    f"duplicate step id {_quote(step_id)} (also {path}.steps[{seen[step_id]}])",
                )
            else:
                seen[step_id] = index
        level = reader.get(entry, "level", where)
        if level is not _MISSING:
            if not _is_int(level):
                reader.problem(f"{where}.level", f"must be a level number, not {_quote(level)}")
                level = 0
            elif level not in known_levels:
                reader.problem(f"{where}.level", f"unknown level {level}")
        indicators: list[str] = []
        raw_indicators = reader.array(entry, "indicators", where, required=False)
        for position, indicator in enumerate(raw_indicators or []):
            if not isinstance(indicator, str):
                reader.problem(
                    f"{where}.indicators[{position}]", f"must be text, not {_type_name(indicator)}"
                )
            else:
                indicators.append(indicator)
        named: list[str] = []
        for position, service_id in enumerate(reader.array(entry, "services", where) or []):
            at = f"{where}.services[{position}]"
            if not isinstance(service_id, str):
                reader.problem(at, f"must be a service id, not {_type_name(service_id)}")
            elif service_id not in services:
                reader.problem(at, f"unknown service {_quote(service_id)}")
            elif service_id in named:
                reader.problem(at, f"service {_quote(service_id)} is named twice in this step")
            else:
                named.append(service_id)
        route = _read_route(reader, entry, where)
        hours = entry.get("response_hours")
        if hours is not None and (not _is_number(hours) or hours < 0):
            reader.problem(
                f"{where}.response_hours",
                f"must be a number of hours (0 or more) or null, not {_quote(hours)}",
            )
            hours = None
        escalate_to = entry.get("escalate_to")
        if escalate_to is not None:
            if not isinstance(escalate_to, str):
                reader.problem(
                    f"{where}.escalate_to",
                    f"must be a service id or null, not {_type_name(escalate_to)}",
                )
                escalate_to = None
            elif escalate_to not in services:
                reader.problem(f"{where}.escalate_to", f"unknown service {_quote(escalate_to)}")
                escalate_to = None
        consent = reader.get(entry, "consent", where)
        if consent is not _MISSING and consent not in CONSENTS:
            reader.problem(
                f"{where}.consent", f"must be one of ask, inform, not-needed, not {_quote(consent)}"
            )
        steps.append(
            Step(
                id=step_id or "",
                level=level if _is_int(level) else 0,
                indicators=indicators,
                services=named,
                route=route,
                response_hours=hours,
                escalate_to=escalate_to,
                consent=consent if isinstance(consent, str) else "",
            )
        )
    return steps


def _read_route(reader: _Reader, step: dict, path: str) -> Route:
    value = reader.get(step, "route", path)
    if value is _MISSING:
        return Route(how="")
    route = reader.obj(value, f"{path}.route")
    if route is None:
        return Route(how="")
    how = reader.get(route, "how", f"{path}.route")
    if how is not _MISSING and how not in ROUTES:
        reader.problem(
            f"{path}.route.how", f"must be one of {', '.join(ROUTES)}, not {_quote(how)}"
        )
    detail = reader.text(route, "detail", f"{path}.route", required=False, empty_ok=True)
    return Route(how=how if isinstance(how, str) else "", detail=detail or "")


def kit_to_dict(kit: Kit) -> dict:
    """Return the kit as `joinedup-pathways/1` data; parse_kit(kit_to_dict(kit)) == kit."""
    return {
        "format": FORMAT,
        "place": kit.place,
        "levels": [
            {"level": level.level, "name": level.name, "description": level.description}
            for level in kit.levels
        ],
        "services": [
            {
                "id": service.id,
                "name": service.name,
                "status": service.status,
                "reachable": service.reachable,
                "accepts": {need: list(levels) for need, levels in service.accepts.items()},
            }
            for service in kit.services.values()
        ],
        "pathways": [
            {
                "need": pathway.need,
                "title": pathway.title,
                "version": pathway.version,
                "steps": [
                    {
                        "id": step.id,
                        "level": step.level,
                        "indicators": list(step.indicators),
                        "services": list(step.services),
                        "route": {"how": step.route.how, "detail": step.route.detail},
                        "response_hours": step.response_hours,
                        "escalate_to": step.escalate_to,
                        "consent": step.consent,
                    }
                    for step in pathway.steps
                ],
            }
            for pathway in kit.pathways
        ],
    }
