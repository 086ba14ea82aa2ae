"""Finding services: one small module over SQLite FTS5 or PostgreSQL full-text search.

Each service has one ServiceSearchEntry row: `name` (name, alternate name), `body`
(description, eligibility, organisation, sector and need names) and `tags`, a line of
opaque tokens for its place, status and terms ("place12 statusactive term6f1c..."). Filters
are tags, so a text + need + place search is one index lookup that intersects posting lists
instead of ranking every match in the country and filtering afterwards.

SQLite: an external-content FTS5 table (directory_service_fts, detail=column) over the entry
table, kept in step by triggers on that table (migrations 0003, 0004). PostgreSQL: a trigger
fills the entry's tsvector (name A, body B, tags D) which carries a GIN index. The index only
matches; ranking is done here, the same way on both (see _ranked).

On SQLite the FTS5 rows of new entries are written here, in one statement per batch; the
delete and update triggers keep FTS5 in step with deletes from anywhere (cascades included).

Entries follow the ORM through signals (joinedup.directory.signals). Code that writes without
signals (bulk_create, queryset.update, raw SQL) must call `reindex_services(place=...)`.
"""

import json
import re
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q

from joinedup.directory import query as people_words
from joinedup.directory.models import Attribute, SearchSynonym, Service, ServiceSearchEntry

BATCH = 2000
FTS = "directory_service_fts"
RANK_IN_PYTHON = 2000  # rank every match up to this many; beyond, name matches only
WORD = re.compile(r"\w+", re.UNICODE)
NON_WORD = re.compile(r"[\W_]+")
_pending = threading.local()


@dataclass
class SearchResult:
    """One page of services, best first, with how many matched in all."""

    services: list = field(default_factory=list)
    total: int = 0
    # find_services only: (what was typed, what else it was searched as), for the page
    expansions: list = field(default_factory=list)

    @property
    def estimated(self) -> bool:
        """Whether total is PostgreSQL's estimate ("about N"): see Estimate."""
        return isinstance(self.total, Estimate)


class Estimate(int):
    """A total that is PostgreSQL's planner estimate, not a count. Counting tens of thousands
    of matches of a common word nationally reads every matching row from the table (a GIN
    index cannot say a row is visible): 450 ms p95 at a million services. Above
    ESTIMATE_FROM estimated matches the planner's figure is given instead, "about N"."""


# Just above what is ranked whole (RANK_IN_PYTHON): a search the planner expects to match
# more is answered from the name's index first, without a first pass over every match and
# without counting them (at 1M services a count of 5,000 matches took 100 ms).
ESTIMATE_FROM = 2_500


def place_tag(place_id) -> str:
    return f"place{place_id}"


def status_tag(status: str) -> str:
    return "status" + re.sub(r"\W", "", status)


def term_tag(term_id) -> str:
    return "term" + str(term_id).replace("-", "")


def _words(text: str) -> list[str]:
    return WORD.findall((text or "").lower())[:12]


# --- keeping entries true ------------------------------------------------------------------


@contextmanager
def batch():
    """Collect services to index inside the block and index each once at its end."""
    outer = getattr(_pending, "ids", None)
    if outer is not None:
        yield
        return
    _pending.ids = set()
    try:
        yield
        ids = _pending.ids
    finally:
        _pending.ids = None
    if ids:
        index_services(ids)


def services_changed(service_ids: Iterable) -> None:
    """Index these services now, or at the end of the enclosing batch()."""
    ids = {i for i in service_ids if i is not None}
    pending = getattr(_pending, "ids", None)
    if pending is not None:
        pending.update(ids)
    elif ids:
        index_services(ids)


def _documents(service_ids: list) -> list[tuple]:
    """(service_id, place_id, name, body, tags) for each of these services that exists."""
    rows = Service.objects.filter(id__in=service_ids).values_list(
        "id",
        "place_id",
        "name",
        "alternate_name",
        "description",
        "eligibility_description",
        "status",
        "organization__name",
        "organization__alternate_name",
    )
    terms: dict = {}
    for service_id, term_id, term_name in Attribute.objects.filter(
        service_id__in=service_ids
    ).values_list("service_id", "taxonomy_term_id", "taxonomy_term__name"):
        terms.setdefault(service_id, []).append((term_id, term_name))
    documents = []
    for sid, place_id, name, alt, description, eligibility, status, org, org_alt in rows:
        service_terms = sorted(terms.get(sid, []), key=lambda t: t[1])
        body = "\n".join(
            part
            for part in [
                description,
                eligibility,
                org or "",
                org_alt or "",
                " ".join(n for _, n in service_terms),
            ]
            if part
        )
        tags = " ".join(
            [place_tag(place_id), status_tag(status), *(term_tag(t) for t, _ in service_terms)]
        )
        documents.append((sid, place_id, f"{name} {alt}".strip(), body, tags))
    return documents


def _write_entries(cursor, documents: list[tuple]) -> int:
    """Insert entries for these documents with one executemany: entries are many and simple,
    and model instances would cost more than the index. On PostgreSQL a trigger fills the
    tsvector; on SQLite the caller writes the FTS5 rows."""
    to_db = Service._meta.pk.get_db_prep_value
    cursor.executemany(
        "INSERT INTO directory_servicesearchentry (service_id, place_id, name, body, tags)"
        " VALUES (%s, %s, %s, %s, %s)",
        [(to_db(sid, connection), *rest) for sid, *rest in documents],
    )
    return len(documents)


def index_services(service_ids: Iterable) -> int:
    """Rewrite the search entries of these services (deleted ones simply lose theirs)."""
    ids = list(dict.fromkeys(service_ids))
    to_db = Service._meta.pk.get_db_prep_value
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            ServiceSearchEntry.objects.filter(service_id__in=chunk).delete()
            documents = _documents(chunk)
            count += _write_entries(cursor, documents)
            if connection.vendor == "sqlite" and documents:
                # FTS5 rows in one statement (migration 0005 says why not a trigger)
                marks = ", ".join(["%s"] * len(documents))
                cursor.execute(
                    f"INSERT INTO {FTS}(rowid, name, body, tags) SELECT id, name, body, tags"  # noqa: S608
                    f" FROM directory_servicesearchentry WHERE service_id IN ({marks})",
                    [to_db(sid, connection) for sid, *_ in documents],
                )
    return count


def reindex_services(place=None) -> int:
    """Rebuild the search entries of a place's services (every place when None); for
    importers and anything else that wrote services, terms or organisations in bulk."""
    if place is None and connection.vendor == "sqlite":
        return _rebuild_sqlite()
    services = Service.objects.all() if place is None else Service.objects.filter(place=place)
    ids = list(services.values_list("id", flat=True))
    with transaction.atomic():
        stale = ServiceSearchEntry.objects.all()
        if place is not None:
            stale = stale.filter(place=place)
        stale.exclude(service_id__in=services.values("id")).delete()
        return index_services(ids)


def _rebuild_sqlite() -> int:
    """Rebuild every entry and the FTS5 index in bulk, in one transaction. Through the
    delete trigger, clearing a million entries would cost FTS5 a statement (and a flush)
    each; so the triggers are set aside, the entries rewritten, the index rebuilt from them
    in one pass ('rebuild'), and the triggers put back as they were."""
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'trigger' AND tbl_name = 'directory_servicesearchentry'"
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute("DELETE FROM directory_servicesearchentry")
        ids = list(Service.objects.order_by().values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            count += _write_entries(cursor, _documents(ids[start : start + BATCH]))
        cursor.execute(
            f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')"  # noqa: S608
        )
        for _, sql in triggers:
            cursor.execute(sql)
    return count


# --- searching ----------------------------------------------------------------------------


def search_services(
    *,
    place=None,
    text: str = "",
    need=None,
    sector=None,
    status: str = "",
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Return the services matching every given filter, best text match first (by name when
    there is no text); need and sector are TaxonomyTerm objects or ids."""
    criteria = {"place": place, "text": text, "need": need, "sector": sector, "status": status}
    if not any(criteria.values()):
        services = Service.objects.select_related("organization").order_by("name", "id")
        return SearchResult(list(services[offset : offset + limit]), services.count())
    ids, total = search_service_ids(**criteria, limit=limit, offset=offset)
    by_id = Service.objects.select_related("organization").order_by().in_bulk(ids)
    return SearchResult([by_id[i] for i in ids if i in by_id], total)


def search_service_ids(
    *,
    place=None,
    text: str = "",
    need=None,
    sector=None,
    status: str = "",
    limit: int = 20,
    offset: int = 0,
) -> tuple[list, int]:
    """search_services() without loading the services: (their ids in order, total), for
    callers such as the API that load services their own way."""
    words = _words(text)
    tags = []
    if place is not None:
        tags.append(place_tag(getattr(place, "pk", place)))
    if status:
        tags.append(status_tag(status))
    for term in (need, sector):
        if term:
            tags.append(term_tag(getattr(term, "pk", term)))
    if not words and not tags:  # nothing searchable, e.g. only punctuation: every service
        services = Service.objects.order_by("name", "id")
        ids = list(services.values_list("id", flat=True)[offset : offset + limit])
        return ids, services.count()
    if connection.vendor == "postgresql":
        return _search_postgresql(words, tags, limit, offset)
    return _search_sqlite(words, tags, limit, offset)


# fixed fragments only: what people type reaches the database as the MATCH parameter
FROM_FTS = (
    f" FROM {FTS} JOIN directory_servicesearchentry e ON e.id = {FTS}.rowid WHERE {FTS} MATCH %s"
)
COUNT = f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s"  # noqa: S608
BY_NAME = (
    "WITH m AS MATERIALIZED (SELECT e.service_id AS service_id, e.name AS name"  # noqa: S608
    f"{FROM_FTS}) SELECT service_id, count(*) OVER () FROM m ORDER BY name, service_id"
    " LIMIT %s OFFSET %s"
)


def _match(words, tags, columns="name body") -> str:
    """An FTS5 query: every word in these columns and every tag. Words are quoted, so what
    people type is never read as query syntax."""
    parts = []
    if words:
        parts.append("{" + columns + "} : (" + " AND ".join(f'"{w}"' for w in words) + ")")
    if tags:
        parts.append("tags : (" + " AND ".join(f'"{t}"' for t in tags) + ")")
    return " AND ".join(parts)


def _search_sqlite(words, tags, limit, offset):
    match = _match(words, tags)
    to_python = Service._meta.pk.to_python
    with connection.cursor() as cursor:
        if not words:  # filters only: by name
            cursor.execute(BY_NAME, [match, limit, offset])
            rows = cursor.fetchall()
            if rows or not offset:
                return [to_python(row[0]) for row in rows], rows[0][1] if rows else 0
            cursor.execute(COUNT, [match])
            return [], cursor.fetchone()[0]

        def page(condition: str, columns: str, n: int, skip: int, ordered=True) -> list:
            # FTS5 returns matches in rowid order anyway: ordered or not costs the same
            sql = f"SELECT {columns}{FROM_FTS} ORDER BY {FTS}.rowid LIMIT %s OFFSET %s"
            cursor.execute(sql, [condition, n, skip])
            return cursor.fetchall()

        def count(condition: str) -> int:
            cursor.execute(COUNT, [condition])
            return cursor.fetchone()[0]

        named = _match(words, tags, columns="name")
        ids, total = _ranked(
            words, limit, offset, page, count, match, named, f"({match}) NOT ({named})"
        )
    return [to_python(sid) for sid in ids], total


def _ranked(
    words, limit, offset, page, count, everything, named, others, many=None
) -> tuple[list, int]:
    """A page of matches best first, and their total, from a database's `page(condition,
    columns, n, skip, ordered)` (n matches, in index order when ordered) and
    `count(condition)`; `everything` matches the search, `named` those with every word in
    the name, `others` the rest.

    Most searches match a few hundred services at most: they are fetched in one pass over
    the index and ranked here (rank()). The databases' own ranking is not used: FTS5's bm25()
    walks the whole national posting list of every word and tag for its IDF figures, then
    scores every match, five times the cost of the search at a million services. Thousands
    of matches (a national search for a common word): the services with every word in their
    name come first, ranked here, then the others in index order. `many(condition)`, where
    the database can tell cheaply (PostgreSQL's planner), gives the total of a search that
    surely has more matches than are ranked, so that the first pass is not made."""
    text = "e.service_id, e.name, e.body"
    total = many(everything) if many else None
    if total is None:
        rows = page(everything, text, RANK_IN_PYTHON + 1, 0, ordered=False)
        if len(rows) <= RANK_IN_PYTHON:
            return rank(words, rows)[offset : offset + limit], len(rows)
        total = count(everything)
    rows = page(named, text, RANK_IN_PYTHON + 1, 0, ordered=False)
    if len(rows) > RANK_IN_PYTHON:  # too many even by name: index order throughout
        return [row[0] for row in page(everything, "e.service_id", limit, offset)], total
    first = rank(words, rows)
    ids = first[offset : offset + limit]
    if len(ids) < limit:
        rest = page(others, "e.service_id", limit - len(ids), max(0, offset - len(first)))
        ids += [row[0] for row in rest]
    return ids, total


def _stem(word: str) -> str:
    """A rough stem, enough to count a word's forms in a matched text ("housing" → "hous")."""
    for suffix in ("ing", "ed", "es", "s", "e", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def rank(words: list[str], rows: list[tuple]) -> list:
    """Order (id, name, body) rows that matched every word, best first: BM25's saturation
    and length normalisation over the name (weight 10) and body (weight 1). IDF is left
    out: every row holds every word, so it would only weigh the words against each other. A
    word counts where a token starts with its rough stem after a space, and lengths are in
    characters: close enough to order what the index has already matched, and quick. Ties
    go by name."""
    stems = [" " + _stem(w) for w in words]
    texts = [
        (" " + NON_WORD.sub(" ", name.lower()), " " + NON_WORD.sub(" ", body.lower()))
        for _, name, body in rows
    ]
    average = [max(1.0, sum(len(t[i]) for t in texts) / max(1, len(texts))) for i in (0, 1)]
    k1, b = 1.2, 0.75
    scored = []
    for (sid, name, _), pair in zip(rows, texts, strict=True):
        score = 0.0
        for weight, text, mean in ((10.0, pair[0], average[0]), (1.0, pair[1], average[1])):
            norm = k1 * (1 - b + b * len(text) / mean)
            for stem in stems:
                tf = text.count(stem)
                if tf:
                    score += weight * tf * (k1 + 1) / (tf + norm)
        scored.append((-score, name, sid))
    scored.sort()
    return [sid for _, _, sid in scored]


# The name's own GIN index on PostgreSQL (migration 0008): "every word in the name" used to be
# a weight-A tsquery over `vector`, which its GIN index cannot answer (weights are checked on
# each heap row), so a national search for a common word rechecked tens of thousands of rows.
NAME_VECTOR = "to_tsvector('english', coalesce(e.name, ''))"


def _search_postgresql(words, tags, limit, offset):
    table = "directory_servicesearchentry"
    tag_condition = ("e.vector @@ plainto_tsquery('simple', %s)", [" ".join(tags)])
    if not words:  # filters only: by name
        where, params = tag_condition
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.service_id, count(*) OVER () FROM {table} e"  # noqa: S608  (fixed fragments; input is a parameter)
                f" WHERE {where} ORDER BY e.name, e.service_id LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            rows = cursor.fetchall()
            if rows or not offset:
                return [row[0] for row in rows], rows[0][1] if rows else 0
            cursor.execute(f"SELECT count(*) FROM {table} e WHERE {where}", params)  # noqa: S608
            return [], cursor.fetchone()[0]

    def both(*conditions) -> tuple[str, list]:
        return (
            " AND ".join(sql for sql, _ in conditions),
            [p for _, params in conditions for p in params],
        )

    text = ("e.vector @@ plainto_tsquery('english', %s)", [" ".join(words)])
    # every word in the name, through the name's index; words are \w+ runs, so they cannot
    # be tsquery syntax
    in_name = (f"{NAME_VECTOR} @@ to_tsquery('english', %s)", [" & ".join(words)])
    extra = [tag_condition] if tags else []
    everything = both(text, *extra)
    named = both(in_name, text, *extra)
    others = both(text, *extra, (f"NOT ({in_name[0]})", in_name[1]))
    with connection.cursor() as cursor:

        def page(condition, columns: str, n: int, skip: int, ordered=True) -> list:
            where, params = condition
            order = " ORDER BY e.id" if ordered else ""
            cursor.execute(
                f"SELECT {columns} FROM {table} e WHERE {where}{order}"  # noqa: S608
                " LIMIT %s OFFSET %s",
                [*params, n, skip],
            )
            return cursor.fetchall()

        def count(condition) -> int:
            where, params = condition
            return _pg_count(cursor, f"FROM {table} e WHERE {where}", params)

        def many(condition) -> int | None:
            where, params = condition
            return _pg_many(cursor, f"FROM {table} e WHERE {where}", params)

        return _ranked(words, limit, offset, page, count, everything, named, others, many=many)


def _pg_estimate(cursor, from_where: str, params: list) -> int:
    """The planner's figure for the rows of `FROM … WHERE …` (EXPLAIN, well under 1 ms)."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 {from_where}", params)
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _pg_many(cursor, from_where: str, params: list) -> int | None:
    """An Estimate when the planner expects ESTIMATE_FROM rows or more, else None."""
    rows = _pg_estimate(cursor, from_where, params)
    return Estimate(rows) if rows >= ESTIMATE_FROM else None


def _pg_count(cursor, from_where: str, params: list) -> int:
    """count(*) of `FROM … WHERE …`, or the planner's estimate (an Estimate) when that is
    ESTIMATE_FROM or more: only called once a search has more matches than it ranks."""
    rows = _pg_estimate(cursor, from_where, params)
    if rows >= ESTIMATE_FROM:
        return Estimate(rows)
    cursor.execute(f"SELECT count(*) {from_where}", params)
    return cursor.fetchone()[0]


# --- searching with people's words ---------------------------------------------------------


def synonyms_for(place) -> list[tuple[str, list[str]]]:
    """The place's words people search for: (phrase, meanings)."""
    if place is None:
        return []
    rows = SearchSynonym.objects.filter(place=place).values_list("phrase", "meanings")
    return [(phrase, meanings.splitlines()) for phrase, meanings in rows]


def find_services(
    *,
    place,
    text: str = "",
    needs: Iterable = (),
    sector=None,
    status: str = "",
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Find services for what a person typed, in their own words: stop words left out, the
    place's synonyms and abbreviations added ("DV" finds domestic abuse services), stemmed,
    and services matching any of the words, those matching most first, best first within.
    `needs` (TaxonomyTerm objects or ids) narrows to services with any of them; `sector`
    and `status` as in search_services. Same results on SQLite and PostgreSQL."""
    understood = people_words.understand(text, synonyms_for(place))
    tags = []
    if place is not None:
        tags.append(place_tag(getattr(place, "pk", place)))
    if status:
        tags.append(status_tag(status))
    if sector:
        tags.append(term_tag(getattr(sector, "pk", sector)))
    any_of = [term_tag(getattr(n, "pk", n)) for n in needs if n]
    if not understood.concepts:
        result = _by_name(tags, any_of, limit, offset)
    elif connection.vendor == "postgresql":
        result = _find_postgresql(understood, tags, any_of, limit, offset)
    else:
        result = _find_sqlite(understood, tags, any_of, limit, offset)
    ids, total = result
    by_id = Service.objects.select_related("organization").order_by().in_bulk(ids)
    return SearchResult([by_id[i] for i in ids if i in by_id], total, understood.expansions())


def _by_name(tags, any_of, limit, offset) -> tuple[list, int]:
    """Filters only: services by name."""
    if not tags and not any_of:
        services = Service.objects.order_by("name", "id")
        ids = list(services.values_list("id", flat=True)[offset : offset + limit])
        return ids, services.count()
    if connection.vendor == "sqlite":
        where = f"e.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"  # noqa: S608
        match = _fts_tags(tags, any_of)
    else:
        where, match = "e.vector @@ to_tsquery('simple', %s)", _pg_tags(tags, any_of)
    table = "directory_servicesearchentry"
    to_python = Service._meta.pk.to_python
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.service_id FROM {table} e WHERE {where}"  # noqa: S608  (fixed fragments)
            " ORDER BY e.name, e.service_id LIMIT %s OFFSET %s",
            [match, limit, offset],
        )
        ids = [to_python(row[0]) for row in cursor.fetchall()]
        cursor.execute(f"SELECT count(*) FROM {table} e WHERE {where}", [match])  # noqa: S608
        return ids, cursor.fetchone()[0]


def _fts_tags(tags, any_of) -> str:
    parts = [f'"{t}"' for t in tags]
    if any_of:
        parts.append("(" + " OR ".join(f'"{t}"' for t in any_of) + ")")
    return "tags : (" + " AND ".join(parts) + ")"


def _pg_tags(tags, any_of) -> str:
    parts = list(tags)
    if any_of:
        parts.append("(" + " | ".join(any_of) + ")")
    return " & ".join(parts)


def _fts_concepts(understood, joiner: str) -> str:
    """Concepts as FTS5: each a group of meanings (OR), each meaning every word (AND)."""
    return joiner.join(
        "("
        + " OR ".join("(" + " AND ".join(f'"{w}"' for w in m.words) + ")" for m in c.meanings)
        + ")"
        for c in understood.concepts
    )


def _find_sqlite(understood, tags, any_of, limit, offset) -> tuple[list, int]:
    filters = f" AND {_fts_tags(tags, any_of)}" if tags or any_of else ""
    anything = "{name body} : (" + _fts_concepts(understood, " OR ") + ")" + filters
    named = "{name} : (" + _fts_concepts(understood, " AND ") + ")" + filters
    to_python = Service._meta.pk.to_python
    with connection.cursor() as cursor:

        def page(condition: str, columns: str, n: int, skip: int) -> list:
            sql = f"SELECT {columns}{FROM_FTS} ORDER BY {FTS}.rowid LIMIT %s OFFSET %s"
            cursor.execute(sql, [condition, n, skip])
            return cursor.fetchall()

        def count(condition: str) -> int:
            cursor.execute(COUNT, [condition])
            return cursor.fetchone()[0]

        every = "{name body} : (" + _fts_concepts(understood, " AND ") + ")" + filters
        ids, total = _ranked_by_concepts(
            understood, limit, offset, page, count, anything, named,
            f"({anything}) NOT ({named})", every=every,
        )  # fmt: skip
    return [to_python(i) for i in ids], total


def _pg_concepts(understood, joiner: str, weight: str = "") -> str:
    """Concepts as a tsquery; words are letters and digits and never stop words
    (query.STOP_WORDS holds PostgreSQL's), so none is dropped."""
    return joiner.join(
        "("
        + " | ".join("(" + " & ".join(f"{w}{weight}" for w in m.words) + ")" for m in c.meanings)
        + ")"
        for c in understood.concepts
    )


def _find_postgresql(understood, tags, any_of, limit, offset) -> tuple[list, int]:
    table = "directory_servicesearchentry"
    text = "e.vector @@ to_tsquery('english', %s)"
    filters, filter_params = "", []
    if tags or any_of:
        filters, filter_params = (
            " AND e.vector @@ to_tsquery('simple', %s)",
            [_pg_tags(tags, any_of)],
        )
    anything = (text + filters, [_pg_concepts(understood, " | "), *filter_params])
    named = (
        f"{NAME_VECTOR} @@ to_tsquery('english', %s)" + filters,
        [_pg_concepts(understood, " & "), *filter_params],
    )
    others = (
        f"{anything[0]} AND NOT ({named[0]})",
        [*anything[1], *named[1]],
    )
    with connection.cursor() as cursor:

        def page(condition, columns: str, n: int, skip: int) -> list:
            where, params = condition
            cursor.execute(
                f"SELECT {columns} FROM {table} e WHERE {where} ORDER BY e.id"  # noqa: S608
                " LIMIT %s OFFSET %s",
                [*params, n, skip],
            )
            return cursor.fetchall()

        def count(condition) -> int:
            where, params = condition
            return _pg_count(cursor, f"FROM {table} e WHERE {where}", params)

        every = (text + filters, [_pg_concepts(understood, " & "), *filter_params])
        return _ranked_by_concepts(
            understood, limit, offset, page, count, anything, named, others, every=every
        )


def _ranked_by_concepts(
    understood, limit, offset, page, count, anything, named, others, every=None
) -> tuple[list, int]:
    """A page of services matching any concept, best first (query.rank), and their total;
    `page` and `count` as for _ranked.

    Cut early (issue 12): the best come from the services with every concept in their name
    (`named`), then those with every concept anywhere (`every`), since query.rank orders by
    the concepts matched first and a word in the name outweighs it in the text. When the
    first of those sets that holds enough services for the page holds at most
    RANK_IN_PYTHON, only it is fetched with its text and ranked, and the rest is only
    counted: in a place of 3,000 services a search for two common words fetched and ranked
    700 partial matches for a page of 20. (Its ranking's length averages are those of the
    set ranked, not of every match: the order within the page can differ slightly from
    ranking everything.) Otherwise up to RANK_IN_PYTHON matches are ranked whole, in one
    pass over the index; beyond (a national search for common words) the services with
    every concept in their name come first, ranked, then the rest in index order."""
    text = "e.service_id, e.name, e.body"
    needed = offset + limit
    for first in (named, every):
        if first is None:
            continue
        rows = page(first, text, RANK_IN_PYTHON + 1, 0)
        if len(rows) > RANK_IN_PYTHON:
            break
        if len(rows) >= needed:
            ranked = people_words.rank(understood, rows, needed=needed)
            return ranked[offset : offset + limit], count(anything)
    rows = page(anything, text, RANK_IN_PYTHON + 1, 0)
    if len(rows) <= RANK_IN_PYTHON:
        ranked = people_words.rank(understood, rows, needed=offset + limit)
        return ranked[offset : offset + limit], len(rows)
    total = count(anything)
    rows = page(named, text, RANK_IN_PYTHON + 1, 0)
    if len(rows) > RANK_IN_PYTHON:
        return [row[0] for row in page(anything, "e.service_id", limit, offset)], total
    first = people_words.rank(understood, rows, needed=offset + limit)
    ids = first[offset : offset + limit]
    if len(ids) < limit:
        rest = page(others, "e.service_id", limit - len(ids), max(0, offset - len(first)))
        ids += [row[0] for row in rest]
    return ids, total


def naive_search(
    *, place=None, text="", need=None, sector=None, status="", limit=20, offset=0
) -> SearchResult:
    """The same search done the obvious way (icontains over fields, joins for terms); the
    benchmark's baseline and the tests' second opinion. Ranks nothing."""
    services = Service.objects.select_related("organization")
    if place is not None:
        services = services.filter(place=place)
    if status:
        services = services.filter(status=status)
    for term in (need, sector):
        if term:
            services = services.filter(attributes__taxonomy_term=term)
    for word in _words(text):
        services = services.filter(
            Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
            | Q(eligibility_description__icontains=word)
            | Q(organization__name__icontains=word)
            | Q(attributes__taxonomy_term__name__icontains=word)
        )
    services = services.order_by("name", "id").distinct()
    return SearchResult(list(services[offset : offset + limit]), services.count())
