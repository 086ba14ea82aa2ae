"""Table capture: saving intervention points, notes and proposed actions without losing any.

Three rules make saves from phones on a bad connection safe:

1. Every item has a UUID made by the browser, so a save is an idempotent PUT: a retry of a
   save the server already has changes nothing and answers with what the server holds.
2. Every item is its own row, so two people adding at one table never touch the same row.
3. Editing an existing item names the version it started from. The UPDATE only happens
   `WHERE version = base`; a stale edit changes nothing and gets a conflict (HTTP 409) with
   the server's copy, which the page merges with the person's own text and shows both.
"""

import functools
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from joinedup.cafe.capture_forms import (
    InterventionPointItemForm,
    NoteItemForm,
    ProposedActionItemForm,
)
from joinedup.cafe.models import CafeTable
from joinedup.casestudies.models import (
    InterventionPoint,
    Note,
    ProposedAction,
    TableCapture,
)
from joinedup.core.audit import log_action
from joinedup.core.models import User


@dataclass(frozen=True)
class ItemKind:
    model: type
    form: type
    # attribute names on the model that the browser edits, and their JSON names
    fields: dict


KINDS = {
    "intervention_point": ItemKind(
        InterventionPoint,
        InterventionPointItemForm,
        {
            "entry_id": "entry",
            "placement": "placement",
            "sector_id": "sector",
            "service_id": "service",
            "what_could_have_been_done": "what_could_have_been_done",
            "how_early": "how_early",
        },
    ),
    "note": ItemKind(Note, NoteItemForm, {"text": "text"}),
    "proposed_action": ItemKind(
        ProposedAction,
        ProposedActionItemForm,
        {"what": "what", "owner_id": "owner", "by_when": "by_when"},
    ),
}


# The field holding each kind's words, for the live view's snippets.
TEXT_FIELD = {
    "intervention_point": "what_could_have_been_done",
    "note": "text",
    "proposed_action": "what",
}


def text_of(item) -> str:
    """Return the words of a captured item (what could have been done, the note, the action)."""
    for kind, spec in KINDS.items():
        if isinstance(item, spec.model):
            return getattr(item, TEXT_FIELD[kind])
    raise TypeError(f"Not a captured item: {item!r}")


def snippet(text: str, limit: int = 80) -> str:
    """Return text of at most ``limit`` characters, cut at a word with an ellipsis if longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"


@dataclass
class SaveOutcome:
    """What happened to one save: created, updated, unchanged, conflict, invalid or not_found."""

    status: str
    item: object = None
    errors: dict = field(default_factory=dict)

    @property
    def http_status(self) -> int:
        return {
            "created": 201,
            "updated": 200,
            "unchanged": 200,
            "deleted": 200,
            "conflict": 409,
            "invalid": 400,
            "not_found": 404,
        }[self.status]


def _values(kind: ItemKind, cleaned: dict) -> dict:
    """Turn a form's cleaned data into model attribute values (ids for foreign keys)."""
    values = {}
    for attname, name in kind.fields.items():
        value = cleaned.get(name)
        if attname.endswith("_id"):
            value = value.pk if value is not None else None
        values[attname] = value
    return values


def _same(item, values: dict) -> bool:
    return all(getattr(item, attname) == value for attname, value in values.items())


def save_item(
    *, capture: TableCapture, kind: str, item_id, base_version: int, data: dict, actor
) -> SaveOutcome:
    """Create or change one captured item, idempotently and without overwriting others' edits.

    base_version is the version the person started from (0 for a new item). Guarantees: a
    repeated save returns the stored item unchanged; a save from a stale version changes
    nothing and returns "conflict" with the stored item.
    """
    spec = KINDS[kind]
    form = spec.form(data, place=capture.place, case_study_id=capture.case_study_id)
    if not form.is_valid():
        return SaveOutcome("invalid", errors={k: list(v) for k, v in form.errors.items()})
    values = _values(spec, form.cleaned_data)
    if base_version == 0:
        # A new item, as the page believes: the INSERT alone (no look-up, no transaction)
        # is the whole save, nearly always. Its UUID already stored (a retry of a save the
        # server has, or another sheet's item) makes the INSERT fail, and then it is
        # answered as a save of an item that exists, below.
        try:
            return SaveOutcome("created", _insert(spec.model, capture, item_id, values, actor))
        except IntegrityError:
            pass
    try:
        with transaction.atomic():
            return _save(spec.model, capture, item_id, base_version, values, actor)
    except IntegrityError:
        # The same item arrived twice at once (a retry racing its original) and the other
        # committed first: this save is now one of an item that exists.
        with transaction.atomic():
            return _save(spec.model, capture, item_id, base_version, values, actor)


def _insert(model, capture, item_id, values: dict, actor):
    """INSERT a new item; IntegrityError when its UUID is taken. In autocommit the failed
    statement ends by itself; inside a caller's transaction (a test, a management command)
    a savepoint keeps that transaction usable."""
    now = timezone.now()
    fields = {
        "id": item_id,
        "place": capture.place,
        "capture": capture,
        "version": 1,
        "created_by": actor,
        "updated_by": actor,
        "created_at": now,
        "updated_at": now,
        **values,
    }
    item = model(**fields)
    if connection.in_atomic_block:
        with transaction.atomic():
            _insert_row(item)
    else:
        _insert_row(item)
    return item


def _insert_row(item) -> None:
    """INSERT the item as Model.save() would (each field's pre_save and get_db_prep_save),
    with SQL made once per kind rather than compiled on every save. Captured items have no
    save signals; one added for them would need save() here instead."""
    fields = type(item)._meta.concrete_fields
    params = [field.get_db_prep_save(field.pre_save(item, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(type(item), connection.ops.quote_name), params)
    item._state.adding = False
    item._state.db = connection.alias


@functools.cache
def _insert_sql(model, quote) -> str:
    meta = model._meta
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    marks = ", ".join(["%s"] * len(meta.concrete_fields))
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608


def _save(model, capture, item_id, base_version: int, values: dict, actor) -> SaveOutcome:
    now = timezone.now()
    # with its author, whom the answer names (a query more otherwise, on every retry)
    item = model.objects.filter(pk=item_id).select_related("created_by").first()
    if item is None:
        return SaveOutcome("created", _insert(model, capture, item_id, values, actor))
    if item.capture_id != capture.pk:
        return SaveOutcome("not_found")
    if item.deleted_at is not None:
        return SaveOutcome("conflict", item)
    if _same(item, values):
        return SaveOutcome("unchanged", item)
    if base_version != item.version:
        return SaveOutcome("conflict", item)
    changed = model.objects.filter(
        pk=item_id, version=base_version, deleted_at__isnull=True
    ).update(**values, version=F("version") + 1, updated_by=actor, updated_at=now)
    item = model.objects.select_related("created_by").get(pk=item_id)  # re-read, with author
    if changed:
        return SaveOutcome("updated", item)
    return SaveOutcome("unchanged" if _same(item, values) else "conflict", item)


def delete_item(
    *, capture: TableCapture, kind: str, item_id, base_version: int, actor
) -> SaveOutcome:
    """Delete one item (kept as a tombstone so tablemates' pages drop it too); idempotent."""
    model = KINDS[kind].model
    with transaction.atomic():
        item = model.objects.filter(pk=item_id, capture=capture).first()
        if item is None:
            return SaveOutcome("deleted")
        if item.deleted_at is not None:
            return SaveOutcome("deleted", item)
        if item.version != base_version:
            return SaveOutcome("conflict", item)
        now = timezone.now()
        model.objects.filter(pk=item_id, version=base_version).update(
            deleted_at=now, version=F("version") + 1, updated_by=actor, updated_at=now
        )
        item.refresh_from_db()
        return SaveOutcome("deleted", item)


def item_json(kind: str, item) -> dict:
    """Return one item as the capture page's JavaScript reads it."""
    spec = KINDS[kind]
    data = {
        "id": str(item.pk),
        "kind": kind,
        "version": item.version,
        "deleted": item.deleted_at is not None,
        "updated_at": item.updated_at.isoformat(),
        "author": getattr(item.created_by, "full_name", "") if item.created_by_id else "",
    }
    for attname, name in spec.fields.items():
        value = getattr(item, attname)
        if value is not None and not isinstance(value, (str, int)):
            value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        data[name] = value
    return data


def _row_json(kind: str, row: dict) -> dict:
    """item_json() for a values() row of items_of(): the same dict, without a model instance."""
    data = {
        "id": str(row["id"]),
        "kind": kind,
        "version": row["version"],
        "deleted": row["deleted_at"] is not None,
        "updated_at": row["updated_at"].isoformat(),
        "author": row["created_by__full_name"] or "",
    }
    for attname, name in KINDS[kind].fields.items():
        value = row[attname]
        if value is not None and not isinstance(value, (str, int)):
            value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        data[name] = value
    return data


def items_of(capture: TableCapture, *, since=None) -> list[dict]:
    """Return every item of a capture sheet (deleted ones as tombstones), oldest first.

    A poll every 10 s from every phone at every table makes this the commonest request of an
    event day, so each kind is one fixed SQL string (the ORM's values() cost more CPU to
    compile than to run), its columns turned into Python by Django's own converters."""
    params = [TableCapture._meta.pk.get_db_prep_value(capture.pk, connection)]
    if since is not None:
        updated_at = InterventionPoint._meta.get_field("updated_at")
        params.append(updated_at.get_db_prep_value(since, connection))
    items = []
    with connection.cursor() as cursor:
        for kind, spec in KINDS.items():
            reader = _reader(spec.model, since is not None)
            cursor.execute(reader.sql, params)
            items.extend(_row_json(kind, reader.row(values)) for values in cursor.fetchall())
    items.sort(key=lambda item: item["updated_at"])
    return items


@dataclass(frozen=True)
class _Reader:
    """One kind's poll: its SQL, and per column its name and Django's converters."""

    sql: str
    columns: tuple  # (name, ((converter, expression), ...)) per selected column

    def row(self, values) -> dict:
        row = {}
        for value, (name, converters) in zip(values, self.columns, strict=True):
            for converter, expression in converters:
                value = converter(value, expression, connection)
            row[name] = value
        return row


@functools.cache
def _reader(model, since: bool) -> _Reader:
    """The fixed SELECT of items_of for one kind (made at its first poll, once per process)."""
    meta, user = model._meta, User._meta
    kind = next(spec for spec in KINDS.values() if spec.model is model)
    selected = [
        (name, meta.get_field(name), "i")
        for name in ("id", "version", "deleted_at", "updated_at", *kind.fields)
    ]
    selected.insert(4, ("created_by__full_name", user.get_field("full_name"), "u"))
    columns = []
    for name, model_field, alias in selected:
        column = model_field.get_col(alias)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        columns.append((name, tuple((converter, column) for converter in converters)))
    quote = connection.ops.quote_name
    sql = (
        "SELECT "  # noqa: S608 (names from _meta)
        + ", ".join(f"{alias}.{quote(chosen.column)}" for _, chosen, alias in selected)
        + f" FROM {quote(meta.db_table)} i LEFT JOIN {quote(user.db_table)} u"
        + f" ON u.{quote(user.pk.column)} = i.{quote(meta.get_field('created_by').column)}"
        + f" WHERE i.{quote(meta.get_field('capture').column)} = %s"
        + (f" AND i.{quote(meta.get_field('updated_at').column)} > %s" if since else "")
    )
    return _Reader(sql, tuple(columns))


def state_of(capture: TableCapture) -> tuple[int, int, str]:
    """Return what changes whenever any item of the sheet does, in one query: the number of
    items, the sum of their versions (an edit or a delete adds one, a new item adds a row)
    and the latest change. The poll's ETag is made from it, so it is one fixed SQL string
    rather than an ORM union (whose compiling cost more than the query)."""
    key = TableCapture._meta.pk.get_db_prep_value(capture.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL, [key] * len(KINDS))
        n, versions, latest = cursor.fetchone()
    return n, versions or 0, str(latest or "")


def _state_sql() -> str:
    parts = [
        f"SELECT version, updated_at FROM {spec.model._meta.db_table} WHERE capture_id = %s"  # noqa: S608
        for spec in KINDS.values()
    ]
    return (
        "SELECT count(*), sum(version), max(updated_at) FROM ("  # noqa: S608  (fixed names)
        + " UNION ALL ".join(parts)
        + ") AS items"
    )


STATE_SQL = _state_sql()


def counts_of(captures) -> dict:
    """Return {capture id: {kind: live item count}} for many capture sheets at once."""
    ids = [c.pk for c in captures]
    counts = {pk: dict.fromkeys(KINDS, 0) for pk in ids}
    for kind, spec in KINDS.items():
        rows = (
            spec.model.objects.filter(capture_id__in=ids, deleted_at__isnull=True)
            .values("capture_id")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["capture_id"]][kind] = row["n"]
    return counts


@transaction.atomic
def create_capture(
    *, case_study, label: str, round: int = 1, participants_may_capture: bool = False, actor=None
) -> TableCapture:
    """Open a capture sheet for an approved case study at one table and round."""
    if case_study.state != case_study.State.APPROVED:
        raise ValueError("Only an approved case study can be used at a table")
    capture = TableCapture.objects.create(
        place=case_study.place,
        case_study=case_study,
        label=label,
        round=round,
        participants_may_capture=participants_may_capture,
    )
    log_action(
        "casestudies.capture.opened",
        actor=actor,
        target=case_study,
        data={"capture": str(capture.pk), "label": label, "round": round},
    )
    return capture


@transaction.atomic
def capture_for_table(*, table, round: int, actor=None) -> TableCapture:
    """Return the capture sheet of a café table in a round, opening it the first time."""
    sheet = TableCapture.objects.filter(table=table, round=round).first()
    if sheet is not None:
        return sheet
    try:
        with transaction.atomic():
            return TableCapture.objects.create(
                place=table.place,
                case_study=table.case_study,
                table=table,
                label=f"Table {table.label}",
                round=round,
            )
    except IntegrityError:
        # Two phones scanned the table's QR code at the same moment.
        return TableCapture.objects.get(table=table, round=round)


def rounds_of(event) -> int:
    """How many café rounds the event has (at least one)."""
    return max(len(event.cafe_rounds()), 1)


@transaction.atomic
def open_sheets_for_event(*, event, participants_may_capture: bool, actor) -> list[TableCapture]:
    """Open a sheet for every table and round of the event, and say who may add to them."""
    sheets = []
    for table in CafeTable.objects.filter(event=event).select_related("case_study", "event"):
        for number in range(1, rounds_of(event) + 1):
            sheets.append(capture_for_table(table=table, round=number))
    TableCapture.objects.filter(pk__in=[s.pk for s in sheets]).update(
        participants_may_capture=participants_may_capture
    )
    log_action(
        "casestudies.capture.sheets_opened",
        actor=actor,
        target=event,
        data={"sheets": len(sheets), "participants_may_capture": participants_may_capture},
    )
    return sheets


@transaction.atomic
def set_participants_may_capture(*, sheet: TableCapture, allowed: bool, actor) -> TableCapture:
    """Let (or stop) everyone seated at the sheet's table add to it."""
    sheet.participants_may_capture = allowed
    sheet.save(update_fields=["participants_may_capture"])
    log_action(
        "casestudies.capture.participants",
        actor=actor,
        target=sheet.case_study,
        data={"capture": str(sheet.pk), "allowed": allowed},
    )
    return sheet
