"""Load flat HSDS tables into a place's directory in one transaction, in bulk.

Ids are kept, so importing the same data again updates rather than duplicates; an id already
used by another place (or by a shared taxonomy) is mapped to a stable id of this place's own.
Values are coerced to our fields; what cannot be used is reported, never silently dropped.
"""

import datetime
import uuid
from collections import defaultdict

from django.db import connection, models, transaction
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.directory import search
from joinedup.directory.hsds.reading import TABLES
from joinedup.directory.imports.matching import is_valid_email
from joinedup.directory.models import (
    Address,
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    seal_written_rows,
)

NAMESPACE = uuid.UUID("5d0c3f57-3f1e-4a0e-8a63-0c8f3d0b6f42")
CHUNK = 5000

MODELS = {
    "taxonomies": Taxonomy,
    "taxonomy_terms": TaxonomyTerm,
    "organizations": Organization,
    "services": Service,
    "locations": Location,
    "addresses": Address,
    "service_at_location": ServiceAtLocation,
    "contacts": Contact,
    "phones": Phone,
    "schedules": Schedule,
    "attributes": Attribute,
}
# column → (our field, table its id points into); required ones skip the row when unknown
FOREIGN_KEYS = {
    "taxonomy_terms": {
        "taxonomy_id": ("taxonomy", "taxonomies"),
        "parent_id": ("parent", "taxonomy_terms"),
    },
    "organizations": {"parent_organization_id": ("parent_organization", "organizations")},
    "services": {"organization_id": ("organization", "organizations")},
    "locations": {"organization_id": ("organization", "organizations")},
    "addresses": {"location_id": ("location", "locations")},
    "service_at_location": {
        "service_id": ("service", "services"),
        "location_id": ("location", "locations"),
    },
    "contacts": {
        "organization_id": ("organization", "organizations"),
        "service_id": ("service", "services"),
        "service_at_location_id": ("service_at_location", "service_at_location"),
        "location_id": ("location", "locations"),
    },
    "phones": {
        "location_id": ("location", "locations"),
        "service_id": ("service", "services"),
        "organization_id": ("organization", "organizations"),
        "contact_id": ("contact", "contacts"),
        "service_at_location_id": ("service_at_location", "service_at_location"),
    },
    "schedules": {
        "service_id": ("service", "services"),
        "location_id": ("location", "locations"),
        "service_at_location_id": ("service_at_location", "service_at_location"),
    },
    "attributes": {"taxonomy_term_id": ("taxonomy_term", "taxonomy_terms")},
}  # fmt: skip
REQUIRED_FKS = {
    "addresses": {"location"},
    "service_at_location": {"service", "location"},
    "attributes": {"taxonomy_term"},
}
RENAMED = {"taxonomy_terms": {"taxonomy": "taxonomy_name"}}
SHARED = {"taxonomies", "taxonomy_terms"}  # rows may have no place (ours, shared by all)
# fields HSDS does not carry: an update leaves them as they are
KEEP_FIELDS = {
    "created_at",
    "last_modified",
    "confidential",
    "key",
    "link_entity",
    "link_id",
    "sealed",
}
LINK_TABLES = {"service": "services", "organization": "organizations", "location": "locations"}


def as_uuid(raw) -> uuid.UUID:
    """Return an HSDS id as a UUID (a non-UUID id maps to a stable uuid5)."""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return uuid.uuid5(NAMESPACE, str(raw))


def _owners(model, ids: list[uuid.UUID]) -> dict:
    """Return {id: place id} of the rows with these ids (raw SQL: this is the hot path)."""
    if not ids:
        return {}
    convert = _converter(model._meta.pk)
    quote = connection.ops.quote_name
    owners = {}
    table, key, place = (
        quote(model._meta.db_table),
        quote("id"),
        quote("place_id"),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {key}, {place} FROM {table} WHERE {key} = ANY(%s)",  # noqa: S608
                [ids],
            )
            return dict(cursor.fetchall())
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {quote('id')}, {quote('place_id')} FROM "  # noqa: S608
                f"{quote(model._meta.db_table)} WHERE {quote('id')} IN ({marks})",
                [convert(i) for i in chunk],
            )
            for found, place_id in cursor.fetchall():
                owners[found if isinstance(found, uuid.UUID) else uuid.UUID(found)] = place_id
    return owners


class _Loader:
    def __init__(self, place, tables: dict):
        self.place = place
        self.tables = tables
        self.ids: dict[str, dict[str, uuid.UUID]] = {}  # table → raw id → our id
        self.existing: dict[str, set] = {}  # table → our ids already in this place
        self.frozen: dict[str, set] = defaultdict(set)  # shared taxonomy rows: reuse, never edit
        self.warnings: list[str] = []
        self.counts: dict[str, dict[str, int]] = {}
        self.touched: dict[str, list] = {}  # table → ids created or changed
        self.fields = {
            table: {f.name: f for f in model._meta.concrete_fields}
            for table, model in MODELS.items()
        }

    def warn(self, table: str, raw_id, message: str) -> None:
        if len(self.warnings) < 500:
            self.warnings.append(f"{table} {raw_id}: {message}")

    def map_ids(self) -> None:
        """Decide our id for every incoming row, keeping HSDS ids unless another place has them."""
        for table in TABLES:
            model = MODELS[table]
            raw_ids = list(self.tables[table])
            wanted = {raw: as_uuid(raw) for raw in raw_ids}
            owners = _owners(model, list(wanted.values()))
            mapped, existing = {}, set()
            for raw, our in wanted.items():
                if our in owners:
                    owner = owners[our]
                    if owner == self.place.pk:
                        existing.add(our)
                    elif owner is None and table in SHARED:
                        self.frozen[table].add(our)
                    else:
                        our = uuid.uuid5(NAMESPACE, f"{self.place.pk}:{table}:{raw}")
                mapped[raw] = our
            remapped = [o for r, o in mapped.items() if o != wanted[r]]
            for start in range(0, len(remapped), CHUNK):
                existing.update(
                    model.objects.filter(
                        pk__in=remapped[start : start + CHUNK], place=self.place
                    ).values_list("pk", flat=True)
                )
            self.ids[table] = mapped
            self.existing[table] = existing

    def resolve(self, table: str, raw) -> uuid.UUID | None:
        """Return our id for a foreign key: a row of this import, or one the place already has."""
        if raw in (None, ""):
            return None
        raw = str(raw)
        if raw in self.ids[table]:
            return self.ids[table][raw]
        our = as_uuid(raw)
        model = MODELS[table]
        if table in SHARED:
            found = model.objects.filter(pk=our).filter(
                models.Q(place=self.place) | models.Q(place__isnull=True)
            )
        else:
            found = model.objects.filter(pk=our, place=self.place)
        if found.exists():
            self.ids[table][raw] = our
            return our
        self.ids[table][raw] = None
        return None

    def coerce(self, table: str, field: models.Field, raw, raw_id):
        """Return a raw HSDS value as our field's value ('' or None when unusable)."""
        empty = None if field.null else ""
        if raw is None or raw == "":
            return empty
        kind = _KIND.get(type(field))
        if kind == "text" and type(raw) is str and not field.choices:
            text = raw.strip()
            if field.max_length and len(text) > field.max_length:
                self.warn(table, raw_id, f"{field.name} was cut to {field.max_length} characters")
                text = text[: field.max_length]
            return text
        try:
            if isinstance(field, models.DateTimeField):
                text = str(raw).replace("Z", "+00:00")
                moment = datetime.datetime.fromisoformat(text)
                return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
            if isinstance(field, models.DateField):
                return datetime.date.fromisoformat(str(raw)[:10])
            if isinstance(field, models.TimeField):
                return datetime.time.fromisoformat(str(raw))
            if isinstance(field, models.FloatField):
                return float(raw)
            if isinstance(field, models.IntegerField):
                number = int(float(raw))
                if number < 0 and isinstance(
                    field, models.PositiveIntegerField | models.PositiveSmallIntegerField
                ):
                    raise ValueError("negative")
                return number
        except (TypeError, ValueError):
            self.warn(table, raw_id, f"{field.name} ‘{raw}’ is not a valid value; left empty")
            return empty
        text = str(raw).strip()
        if isinstance(field, models.EmailField) and not is_valid_email(text.casefold()):
            self.warn(table, raw_id, f"{field.name} ‘{text}’ is not an email address; left empty")
            return ""
        if isinstance(field, models.URLField) and not text.lower().startswith(
            ("http://", "https://")
        ):
            self.warn(table, raw_id, f"{field.name} ‘{text}’ is not a web address; left empty")
            return ""
        if field.choices and text not in {c[0] for c in field.choices}:
            default = field.get_default()
            self.warn(table, raw_id, f"{field.name} ‘{text}’ is not allowed; used ‘{default}’")
            return default
        if field.max_length and len(text) > field.max_length:
            self.warn(table, raw_id, f"{field.name} was cut to {field.max_length} characters")
            text = text[: field.max_length]
        return text

    def build(self, table: str) -> tuple[list[dict], list[dict]]:
        """Return (new rows, rows of existing objects) of a table, as {column: value}."""
        fields = self.fields[table]
        fks = FOREIGN_KEYS.get(table, {})
        renamed = RENAMED.get(table, {})
        skip = {"id", "place"} | {name for name, _ in fks.values()} | KEEP_FIELDS
        fill = [
            (name, None if field.null else field.get_default())
            for name, field in fields.items()
            if name not in skip and not isinstance(field, models.ForeignKey)
        ]
        keep = [(name, fields[name].get_default) for name in KEEP_FIELDS & set(fields)]
        new, old = [], []
        for raw_id, row in self.tables[table].items():
            our = self.ids[table][raw_id]
            if our in self.frozen[table]:
                continue
            values = {}
            for key, raw in row.items():
                name = renamed.get(key, key)
                if name in skip or name not in fields or key in fks:
                    continue
                values[name] = self.coerce(table, fields[name], raw, raw_id)
            if table == "services" and row.get("last_modified"):
                values["last_modified"] = self.coerce(
                    table, fields["last_modified"], row["last_modified"], raw_id
                )
            missing = False
            for column, (name, target) in fks.items():
                values[f"{name}_id"] = self.resolve(target, row.get(column))
                if values[f"{name}_id"] is None and row.get(column):
                    if name in REQUIRED_FKS.get(table, ()):
                        missing = True
                    else:
                        self.warn(
                            table, raw_id, f"{column} {row[column]} is not in the data; left empty"
                        )
                elif values[f"{name}_id"] is None and name in REQUIRED_FKS.get(table, ()):
                    missing = True
            if missing:
                self.warn(table, raw_id, "refers to a record that is not in the data; not imported")
                self.ids[table][raw_id] = None
                continue
            if table == "attributes" and not self._link(row, values, raw_id):
                self.ids[table][raw_id] = None
                continue
            if table == "services":
                self._check_ages(values, raw_id)
            # HSDS leaves out empty fields: an absent field is empty, not "keep what we had"
            for name, empty in fill:
                if name not in values:
                    values[name] = empty
            values["id"] = our
            if our in self.existing[table]:
                old.append(values)
            else:
                for name, default in keep:
                    if name not in values:
                        values[name] = default()
                values["place_id"] = self.place.pk
                new.append(values)
        return new, old

    def _link(self, row: dict, values: dict, raw_id) -> bool:
        entity = row.get("_link_entity") or row.get("link_entity") or "service"
        target = LINK_TABLES.get(entity)
        link = self.resolve(target, row.get("link_id")) if target else None
        if link is None:
            self.warn(
                "attributes", raw_id, "links to a record that is not in the data; not imported"
            )
            return False
        values["link_id"] = link
        values["link_entity"] = entity
        values["service_id"] = link if entity == "service" else None
        return True

    def _check_ages(self, values: dict, raw_id) -> None:
        low, high = values.get("minimum_age"), values.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.warn("services", raw_id, "minimum_age is above maximum_age; both left empty")
            values["minimum_age"] = values["maximum_age"] = None

    def _columns(self, table: str) -> list[tuple[str, str, object]]:
        """Return (attname, column, to-database converter) of every concrete field."""
        out = []
        for field in MODELS[table]._meta.concrete_fields:
            out.append((field.attname, field.column, _converter(field)))
        return out

    def save(self, table: str) -> None:
        model = MODELS[table]
        new, old = self.build(table)
        if table == "attributes":
            new = self._unique_attributes(new)
        columns = self._columns(table)
        quote = connection.ops.quote_name
        db_table = quote(model._meta.db_table)
        if new:
            names = ", ".join(quote(column) for _, column, _ in columns)
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {db_table} ({names}) VALUES ({marks})"  # noqa: S608
            plain = [attname for attname, _, convert in columns if convert is _same]
            if len(plain) == len(columns):
                params = [[row.get(a) for a in plain] for row in new]
            else:
                params = [
                    [
                        row.get(attname) if convert is _same else convert(row.get(attname))
                        for attname, _, convert in columns
                    ]
                    for row in new
                ]
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # COPY is PostgreSQL's bulk path: psycopg's executemany sends row by row
                    copy_sql = f"COPY {db_table} ({names}) FROM STDIN"
                    with cursor.cursor.copy(copy_sql) as copy:
                        for row in params:
                            copy.write_row(row)
                else:
                    for start in range(0, len(params), 1000):
                        cursor.executemany(sql, params[start : start + 1000])
        changed = self._changed(table, old)
        by_name = {attname: (column, convert) for attname, column, convert in columns}
        with connection.cursor() as cursor:
            for row_id, values in changed:
                sets = ", ".join(f"{quote(by_name[name][0])} = %s" for name in values)
                sql = f"UPDATE {db_table} SET {sets} WHERE {quote('id')} = %s"  # noqa: S608
                cursor.execute(
                    sql,
                    [by_name[name][1](v) for name, v in values.items()]
                    + [by_name["id"][1](row_id)],
                )
        self.existing[table].update(row["id"] for row in new)
        self.counts[table] = {"created": len(new), "updated": len(changed)}
        self.touched[table] = [row["id"] for row in new] + [row_id for row_id, _ in changed]
        if table == "attributes":
            by_id = {row["id"]: row.get("service_id") for row in new + old}
            self.touched["tagged_services"] = [by_id.get(i) for i in self.touched[table]]

    def _changed(self, table: str, rows: list[dict]) -> list[tuple]:
        """Return (id, {attname: value}) for the existing rows whose values differ."""
        if not rows:
            return []
        model = MODELS[table]
        names = sorted({name for row in rows for name in row if name != "id"})
        current = {}
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), CHUNK):
            for found in model.objects.filter(pk__in=ids[start : start + CHUNK]).values(
                "id", *names
            ):
                current[found["id"]] = found
        changed = []
        for row in rows:
            now = current.get(row["id"], {})
            diff = {k: v for k, v in row.items() if k != "id" and now.get(k) != v}
            if diff:
                changed.append((row["id"], diff))
        return changed

    def _unique_attributes(self, new: list[dict]) -> list[dict]:
        """Drop attributes that would tag a service with a term it already has."""
        wanted = {a["service_id"] for a in new if a.get("service_id")}
        taken = set()
        wanted_list = list(wanted)
        for start in range(0, len(wanted_list), CHUNK):
            taken.update(
                Attribute.objects.filter(
                    service_id__in=wanted_list[start : start + CHUNK]
                ).values_list("service_id", "taxonomy_term_id")
            )
        kept = []
        for attribute in new:
            pair = (attribute.get("service_id"), attribute["taxonomy_term_id"])
            if pair[0] and pair in taken:
                continue
            taken.add(pair)
            kept.append(attribute)
        return kept


_KIND = {models.CharField: "text", models.TextField: "text", models.SlugField: "text"}


def _same(v):
    return v


def _converter(field: models.Field):
    """Return a function turning a Python value into what the database driver takes."""
    ops = connection.ops
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.UUIDField):
        if connection.features.has_native_uuid_field:
            return _same
        return lambda v: None if v is None else (v.hex if isinstance(v, uuid.UUID) else v)
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return _same


def import_tables(
    *, place, tables: dict, actor, source: str = "", ignored=(), progress=None
) -> dict:
    """Import flat HSDS tables into the place in one transaction; return what was done."""
    loader = _Loader(place, tables)
    with transaction.atomic(), search.batch():
        loader.map_ids()
        for done, table in enumerate(TABLES, start=1):
            loader.save(table)
            if progress:
                progress(done, len(TABLES), f"Imported {table.replace('_', ' ')}")
        # the rows above were written in SQL: a confidential location's new address and
        # coordinates go into its encrypted column now, inside the same transaction
        seal_written_rows(
            location_ids=loader.touched["locations"], address_ids=loader.touched["addresses"]
        )
        # only what this import created or changed needs its search text renewed
        service_ids = loader.touched["services"] + loader.touched.get("tagged_services", [])
        if loader.touched["organizations"]:
            # an organisation's name is part of its services' search text
            service_ids += list(
                Service.objects.filter(
                    organization_id__in=loader.touched["organizations"]
                ).values_list("id", flat=True)
            )
        search.services_changed([i for i in service_ids if i])
        report = {
            "source": source,
            "counts": loader.counts,
            "warnings": loader.warnings,
            "ignored_files": list(ignored),
            "services": len(tables["services"]),
        }
        log_action(
            "directory.import.hsds",
            actor=actor,
            target=place,
            place=place,
            data={
                "source": source,
                "counts": loader.counts,
                "warnings": len(loader.warnings),
            },
        )
    return report
