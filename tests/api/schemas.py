"""Validate JSON against the official HSDS 3.0 schemas (tests/data/hsds-3.0/schema)."""

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "hsds-3.0" / "schema"
BASE = "https://hsds.invalid/schema/"


@functools.cache
def registry() -> Registry:
    """Return every object schema, so that relative $refs ("attribute.json") resolve."""
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text())
        resources.append((BASE + path.name, Resource(contents, specification=DRAFT202012)))
    return Registry().with_resources(resources)


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """Return a validator for compiled/<name>.json when shipped, else <name>.json with refs."""
    compiled = SCHEMA_DIR / "compiled" / f"{name}.json"
    if compiled.exists():
        schema = json.loads(compiled.read_text())
        return Draft202012Validator(schema, format_checker=FormatChecker())
    return Draft202012Validator(
        {"$ref": BASE + f"{name}.json"}, registry=registry(), format_checker=FormatChecker()
    )


def errors(name: str, instance) -> list[str]:
    """Return the schema errors of an instance (empty when valid)."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(instance)
    ]


PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
             "empty", "contents"}  # fmt: skip


def page_errors(item_schema: str, body: dict) -> list[str]:
    """Return the errors of a page envelope and of every item in it."""
    problems = [] if set(body) == PAGE_KEYS else [f"page keys are {sorted(body)}"]
    for key in ("total_items", "total_pages", "page_number", "size"):
        if not isinstance(body.get(key), int):
            problems.append(f"{key} is not an integer")
    for key in ("first_page", "last_page", "empty"):
        if not isinstance(body.get(key), bool):
            problems.append(f"{key} is not a boolean")
    for item in body.get("contents", []):
        problems += errors(item_schema, item)
    return problems
