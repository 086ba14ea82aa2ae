"""Build the labelled sets' JSONL files from their marked-up .txt sources.

labelled_set.txt → labelled_set.jsonl (the first set); labelled_set_2.txt → labelled_set_2.jsonl
(a second set written apart from the first, issue 17 item 12).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("labelled_set", "labelled_set_2")
SOURCE = ROOT / "tests" / "casestudies" / "labelled_set.txt"

KINDS = {
    "email",
    "phone",
    "postcode",
    "nhs_number",
    "ni_number",
    "date_of_birth",
    "address",
    "name",
    "url",
    "social_handle",
    "school_or_gp",
    "vehicle_registration",
}
MARK = re.compile(r"\[\[([a-z_]+):(.+?)\]\]")
ALLOW = re.compile(r"^\{allow:([^}]*)\}\s*")


def parse_line(line: str) -> dict:
    """Turn one marked-up line into {"text", "entities", "allow"} with exact character offsets."""
    allow: list[str] = []
    match = ALLOW.match(line)
    if match:
        allow = [name.strip() for name in match.group(1).split(",") if name.strip()]
        line = line[match.end() :]
    text_parts: list[str] = []
    entities: list[dict] = []
    position = 0
    length = 0
    for mark in MARK.finditer(line):
        kind, span_text = mark.group(1), mark.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in: {line}")
        before = line[position : mark.start()]
        text_parts.append(before)
        length += len(before)
        entities.append({"start": length, "end": length + len(span_text), "kind": kind})
        text_parts.append(span_text)
        length += len(span_text)
        position = mark.end()
    text_parts.append(line[position:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced markup in: {line}")
    return {"text": text, "entities": entities, "allow": allow}


def build(source: Path = SOURCE) -> list[dict]:
    """Parse every non-comment, non-blank line of the marked-up source into labelled examples."""
    examples = []
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        examples.append(parse_line(line))
    return examples


def main() -> int:
    """Write the JSONL file and print how many examples and entities it holds."""
    for name in SETS:
        source = ROOT / "tests" / "casestudies" / f"{name}.txt"
        target = source.with_suffix(".jsonl")
        examples = build(source)
        with target.open("w", encoding="utf-8") as handle:
            for example in examples:
                handle.write(json.dumps(example, ensure_ascii=False) + "\n")
        entity_count = sum(len(example["entities"]) for example in examples)
        negatives = sum(1 for example in examples if not example["entities"])
        print(
            f"{len(examples)} sentences, {entity_count} entities, {negatives} with none -> {target}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
