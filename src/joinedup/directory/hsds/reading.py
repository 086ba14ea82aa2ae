"""Turn any HSDS 3.0 input into flat tables (the tabular package's shape): a single object, a
list, an API page, tabular JSON, or a datapackage of CSVs (a zip or a folder).

Nested objects are flattened with their parent's id filled in, so JSON and CSV are loaded by
the same code (joinedup.directory.hsds.loading). Pure Python: no Django.
"""

import csv
import io
import json
import uuid
import zipfile
import zlib
from pathlib import Path

# Tables we import, keyed by the tabular package's file names (without .csv).
TABLES = (
    "taxonomies", "taxonomy_terms", "organizations", "services", "locations", "addresses",
    "service_at_location", "contacts", "phones", "schedules", "attributes",
)  # fmt: skip
NAMESPACE = uuid.UUID("0b7e4a55-8a0b-4a86-9d8e-4f6f2b1c9e31")


class HsdsError(ValueError):
    """Input that is not HSDS we can read; the message is shown to the person as it is."""


MB = 1024 * 1024
# A zip's CSV files, unpacked, may hold this much in all; more is refused before it is read.
MAX_UNZIPPED_BYTES = 400 * MB
# CSV text packs about 5-20 to 1; a zip that unpacks to over 200 times its size is a zip bomb.
MAX_ZIP_RATIO = 200
# Python's csv module refuses a field longer than this; we say so instead of failing.
MAX_FIELD_CHARS = csv.field_size_limit()
# HSDS nests a few levels (a service's locations' addresses); anything deeper is not HSDS,
# and reading it would exhaust Python's stack.
MAX_JSON_DEPTH = 64


def empty_tables() -> dict[str, dict[str, dict]]:
    """Return {table: {id: row}} with every table empty."""
    return {name: {} for name in TABLES}


def _id(obj: dict) -> str:
    raw = obj.get("id")
    if raw:
        return str(raw)
    # An object without an id gets one derived from its content, so a re-import matches it.
    return str(uuid.uuid5(NAMESPACE, json.dumps(obj, sort_keys=True, default=str)))


def _add(tables, table: str, obj: dict, parents: dict | None = None) -> str:
    """Add an object's scalar fields as a row (merging with a row of the same id); return id."""
    row = {k: v for k, v in obj.items() if not isinstance(v, dict | list) and v is not None}
    row["id"] = _id(obj)
    for key, parent_id in (parents or {}).items():
        if parent_id and not row.get(key):
            row[key] = parent_id
    existing = tables[table].get(row["id"])
    if existing is None:
        tables[table][row["id"]] = row
    else:
        existing.update({k: v for k, v in row.items() if v not in ("", None)})
    return row["id"]


def _each(obj: dict, key: str):
    items = obj.get(key)
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def add_taxonomy(tables, obj: dict) -> str:
    """Add a taxonomy; return its id."""
    return _add(tables, "taxonomies", obj)


def add_term(tables, obj: dict) -> str:
    """Add a taxonomy term and its taxonomy_detail; return its id."""
    detail = obj.get("taxonomy_detail")
    taxonomy_id = add_taxonomy(tables, detail) if isinstance(detail, dict) else None
    return _add(tables, "taxonomy_terms", obj, {"taxonomy_id": taxonomy_id})


def add_attribute(tables, obj: dict, *, link_id: str = "", link_entity: str = "") -> str:
    """Add an attribute and its term, linked to the object it is nested in; return its id."""
    term = obj.get("taxonomy_term")
    term_id = add_term(tables, term) if isinstance(term, dict) else None
    row_parents = {"taxonomy_term_id": term_id, "link_id": link_id}
    attribute_id = _add(tables, "attributes", obj, row_parents)
    row = tables["attributes"][attribute_id]
    if link_entity:
        # Nested under an object: that object is what it tags, whatever link_entity says.
        row["_link_entity"] = link_entity
    return attribute_id


def add_phone(tables, obj: dict, **parents) -> str:
    """Add a phone under its parents; return its id."""
    return _add(tables, "phones", obj, parents)


def add_schedule(tables, obj: dict, **parents) -> str:
    """Add a schedule under its parents; return its id."""
    return _add(tables, "schedules", obj, parents)


def add_contact(tables, obj: dict, **parents) -> str:
    """Add a contact and its phones; return its id."""
    contact_id = _add(tables, "contacts", obj, parents)
    for phone in _each(obj, "phones"):
        add_phone(tables, phone, contact_id=contact_id)
    return contact_id


def add_location(tables, obj: dict, *, organization_id: str = "") -> str:
    """Add a location with its addresses, phones, schedules, contacts; return its id."""
    location_id = _add(tables, "locations", obj, {"organization_id": organization_id})
    for address in _each(obj, "addresses"):
        _add(tables, "addresses", address, {"location_id": location_id})
    for phone in _each(obj, "phones"):
        add_phone(tables, phone, location_id=location_id)
    for schedule in _each(obj, "schedules"):
        add_schedule(tables, schedule, location_id=location_id)
    for contact in _each(obj, "contacts"):
        add_contact(tables, contact, location_id=location_id)
    for attribute in _each(obj, "attributes"):
        add_attribute(tables, attribute, link_id=location_id, link_entity="location")
    return location_id


def add_organization(tables, obj: dict) -> str:
    """Add an organisation with everything nested in it; return its id."""
    organization_id = _add(tables, "organizations", obj)
    for phone in _each(obj, "phones"):
        add_phone(tables, phone, organization_id=organization_id)
    for contact in _each(obj, "contacts"):
        add_contact(tables, contact, organization_id=organization_id)
    for location in _each(obj, "locations"):
        add_location(tables, location, organization_id=organization_id)
    for service in _each(obj, "services"):
        add_service(tables, service, organization_id=organization_id)
    for attribute in _each(obj, "attributes"):
        add_attribute(tables, attribute, link_id=organization_id, link_entity="organization")
    return organization_id


def add_service_at_location(tables, obj: dict, *, service_id: str = "") -> str:
    """Add a service at a location, with its service and location; return its id."""
    service = obj.get("service")
    if isinstance(service, dict):
        service_id = add_service(tables, service)
    location = obj.get("location")
    location_id = add_location(tables, location) if isinstance(location, dict) else ""
    sal_id = _add(
        tables,
        "service_at_location",
        obj,
        {"service_id": service_id, "location_id": location_id},
    )
    for phone in _each(obj, "phones"):
        add_phone(tables, phone, service_at_location_id=sal_id)
    for schedule in _each(obj, "schedules"):
        add_schedule(tables, schedule, service_at_location_id=sal_id)
    for contact in _each(obj, "contacts"):
        add_contact(tables, contact, service_at_location_id=sal_id)
    return sal_id


def add_service(tables, obj: dict, *, organization_id: str = "") -> str:
    """Add a service with its organisation and everything nested in it; return its id."""
    organization = obj.get("organization")
    if isinstance(organization, dict):
        organization_id = add_organization(tables, organization)
    service_id = _add(tables, "services", obj, {"organization_id": organization_id})
    for phone in _each(obj, "phones"):
        add_phone(tables, phone, service_id=service_id)
    for schedule in _each(obj, "schedules"):
        add_schedule(tables, schedule, service_id=service_id)
    for sal in _each(obj, "service_at_locations"):
        add_service_at_location(tables, sal, service_id=service_id)
    for contact in _each(obj, "contacts"):
        add_contact(tables, contact, service_id=service_id)
    for attribute in _each(obj, "attributes"):
        add_attribute(tables, attribute, link_id=service_id, link_entity="service")
    return service_id


ORGANIZATION_KEYS = {
    "website", "legal_status", "tax_status", "tax_id", "year_incorporated", "logo",
    "organization_identifiers", "programs", "funding", "services", "locations",
    "parent_organization_id",
}  # fmt: skip
TERM_KEYS = {"code", "parent_id", "taxonomy_detail", "term_uri", "taxonomy", "taxonomy_id"}
KINDS = {
    "service_at_location": add_service_at_location,
    "taxonomy_term": add_term,
    "organization": add_organization,
    "taxonomy": add_taxonomy,
    "location": add_location,
    "service": add_service,
}


def kind_of(obj: dict, hint: str = "") -> str:
    """Return which HSDS object a dict is, from a file-name hint or else its keys."""
    for kind in KINDS:  # longest names first, so "service_at_location" beats "service"
        if kind in hint:
            return kind
    keys = set(obj)
    if "location_type" in keys:
        return "location"
    if {"service", "location"} & keys or {"service_id", "location_id"} <= keys:
        return "service_at_location"
    if "status" in keys:
        return "service"
    if ORGANIZATION_KEYS & keys:
        return "organization"
    if TERM_KEYS & keys:
        return "taxonomy_term"
    if "version" in keys or keys <= {"id", "name", "description", "uri", "metadata"}:
        return "taxonomy"
    return "organization" if {"name", "description"} <= keys else ""


def is_page(data) -> bool:
    """Return whether data is an API page envelope."""
    return isinstance(data, dict) and isinstance(data.get("contents"), list)


def flatten_json(data, *, hint: str = "") -> dict:
    """Return flat tables from HSDS JSON: an object, a list, a page, or tabular JSON."""
    tables = empty_tables()
    if isinstance(data, dict) and any(str(k).endswith(".csv") for k in data):
        for name, rows in data.items():
            table = Path(str(name)).stem
            if table in tables and isinstance(rows, list):
                for row in rows:
                    if isinstance(row, dict):
                        _add(tables, table, row)
        return tables
    if is_page(data):
        items = data["contents"]
    elif isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        if {"version", "profile"} & set(data) and "id" not in data:
            return tables  # the API's root document: nothing to import
        items = [data]
    else:
        raise HsdsError("The selected file is not HSDS JSON: it holds neither objects nor a list")
    hint = hint.replace("_list", "").replace("_full", "")
    for item in items:
        if not isinstance(item, dict):
            raise HsdsError("The selected file is not HSDS JSON: a list item is not an object")
        kind = kind_of(item, hint)
        if not kind:
            what = item.get("id", "")
            raise HsdsError(f"The selected file is not HSDS JSON: cannot tell what {what} is")
        KINDS[kind](tables, item)
    return tables


def _csv_rows(text: str, *, name: str = "") -> list[dict]:
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return [
            {k: v for k, v in row.items() if k is not None and v not in (None, "")}
            for row in reader
        ]
    except csv.Error as error:
        # the reader counts the lines it finished; the bad one is the next
        where = f"{Path(name).name or 'the CSV file'}, line {reader.line_num + 1}"
        if "field larger than field limit" in str(error):
            raise HsdsError(
                f"{where} has a value longer than {MAX_FIELD_CHARS:,} characters"
            ) from None
        raise HsdsError(f"{where} is not CSV we can read ({error})") from None


def flatten_csv_files(files: dict[str, str]) -> tuple[dict, list[str]]:
    """Return flat tables from {file name: CSV text}, and the names of files not imported."""
    tables = empty_tables()
    ignored = []
    for name, text in sorted(files.items()):
        stem = Path(name).stem
        if stem == "service_at_locations":
            stem = "service_at_location"
        if stem not in tables:
            if name.endswith(".csv"):
                ignored.append(Path(name).name)
            continue
        for row in _csv_rows(text, name=name):
            _add(tables, stem, row)
    return tables, ignored


def _csv_members(archive: zipfile.ZipFile, *, packed_size: int) -> list[zipfile.ZipInfo]:
    """Return the zip's CSV entries, refusing one whose declared sizes make it a zip bomb."""
    members = [i for i in archive.infolist() if not i.is_dir() and i.filename.endswith(".csv")]
    declared = sum(i.file_size for i in members)
    if declared > MAX_UNZIPPED_BYTES:
        raise HsdsError(
            f"The CSV files in the zip file would unpack to {declared // MB:,} MB; "
            f"the most Joinedup reads is {MAX_UNZIPPED_BYTES // MB} MB"
        )
    if declared > 10 * MB and declared > MAX_ZIP_RATIO * max(1, packed_size):
        raise HsdsError(
            "The zip file unpacks to over 200 times its own size, which HSDS data never does"
        )
    return members


def open_zip(data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """Open an uploaded zip and check its table of contents (nothing is unpacked)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise HsdsError("The selected file is not a zip file of CSVs") from None
    members = _csv_members(archive, packed_size=len(data))
    if not members:
        raise HsdsError("The zip file has no CSV files of an HSDS tabular package")
    return archive, members


def check_zip(data: bytes) -> None:
    """Refuse a zip that is not one, has no CSV files or declares too much (fast: no unpacking)."""
    open_zip(data)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Unpack one entry in chunks, stopping as soon as it passes the budget (sizes can lie)."""
    chunks, total = [], 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(MB):
                total += len(chunk)
                if total > budget:
                    raise HsdsError(
                        f"The CSV files in the zip file unpack to more than "
                        f"{MAX_UNZIPPED_BYTES // MB} MB, the most Joinedup reads"
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise HsdsError(f"{info.filename} in the zip file is damaged ({error})") from None
    except (NotImplementedError, RuntimeError):  # unknown compression, or a password
        raise HsdsError(
            f"{info.filename} in the zip file is encrypted or packed in a way Joinedup "
            "cannot read; zip it again without a password"
        ) from None
    return b"".join(chunks)


def read_zip(data: bytes) -> tuple[dict, list[str]]:
    """Return flat tables from a zipped tabular datapackage (CSV files, datapackage.json)."""
    archive, members = open_zip(data)
    files, budget = {}, MAX_UNZIPPED_BYTES
    for info in members:
        raw = _unpack(archive, info, budget)
        budget -= len(raw)
        try:
            files[info.filename] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise HsdsError(f"{info.filename} is not UTF-8 text, as HSDS requires") from None
    return flatten_csv_files(files)


def read_folder(path: Path) -> tuple[dict, list[str]]:
    """Return flat tables from a folder holding a tabular package's CSV files."""
    files = {p.name: p.read_text(encoding="utf-8-sig") for p in Path(path).glob("*.csv")}
    return flatten_csv_files(files)


# Nested lists and objects the loader reads; any other non-empty one is reported as not kept.
HANDLED = {
    "phones", "schedules", "service_at_locations", "contacts", "attributes", "addresses",
    "locations", "services", "organization", "service", "location", "taxonomy_term",
    "taxonomy_detail", "contents",
}  # fmt: skip


def unread_parts(data, found: set | None = None) -> list[str]:
    """Return the names of nested HSDS parts in JSON that Joinedup does not keep."""
    found = set() if found is None else found
    if isinstance(data, list):
        for item in data:
            unread_parts(item, found)
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list) and value:
                if key in HANDLED or str(key).endswith(".csv"):
                    unread_parts(value, found)
                else:
                    found.add(str(key))
    return sorted(found)


def read_hsds(data: bytes, *, filename: str = "") -> tuple[dict, list[str]]:
    """Return flat tables from an uploaded HSDS file (JSON or a zipped datapackage)."""
    if not data.strip():
        raise HsdsError("The selected file is empty")
    if data[:4] == b"PK\x03\x04":
        return read_zip(data)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HsdsError(
            f"The selected file must be HSDS JSON or a zip of HSDS CSV files ({error})"
        ) from None
    except RecursionError:
        parsed = None
    if parsed is None or json_depth(parsed) > MAX_JSON_DEPTH:
        raise HsdsError(
            f"The selected file nests lists and objects more than {MAX_JSON_DEPTH} deep, "
            "which HSDS never does"
        )
    return flatten_json(parsed, hint=Path(filename).stem), unread_parts(parsed)


def json_depth(data, *, stop: int = MAX_JSON_DEPTH) -> int:
    """Return how deep lists and objects nest (counting stops just past `stop`); no recursion."""
    deepest, level = 0, [data] if isinstance(data, dict | list) else []
    while level and deepest <= stop:
        deepest += 1
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
    return deepest
