"""Small kits written by hand for the pathway tests, and helpers to build more of them."""

import json
from pathlib import Path

KITS = Path(__file__).parent / "kits"
LEVELS = [
    {"level": 1, "name": "Universal", "description": ""},
    {"level": 2, "name": "Early help", "description": ""},
    {"level": 3, "name": "Complex", "description": ""},
    {"level": 4, "name": "Acute", "description": ""},
]


def load(name: str) -> dict:
    """Return the hand-written kit tests/pathways/kits/NAME.json as data."""
    return json.loads((KITS / f"{name}.json").read_text(encoding="utf-8"))


def service(service_id, *, accepts, status="active", reachable=True, name=None):
    return {
        "id": service_id,
        "name": name or service_id.upper(),
        "status": status,
        "reachable": reachable,
        "accepts": accepts,
    }


def step(step_id, level, services, *, hours=24, escalate_to=None, consent="ask", how="phone"):
    return {
        "id": step_id,
        "level": level,
        "indicators": [],
        "services": services,
        "route": {"how": how, "detail": ""},
        "response_hours": hours,
        "escalate_to": escalate_to,
        "consent": consent,
    }


def kit(services, *pathways, levels=LEVELS):
    """Return a kit with these services and pathways, each pathway given as (need, [steps])."""
    return {
        "format": "joinedup-pathways/1",
        "place": "testville",
        "levels": levels,
        "services": services,
        "pathways": [
            {"need": need, "title": need.title(), "version": 1, "steps": steps}
            for need, steps in pathways
        ],
    }
