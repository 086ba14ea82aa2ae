"""The import's steps as plain functions: upload → map columns → plan → commit (as a job)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from joinedup.core.jobs import start_job
from joinedup.directory.imports.mapping import guess_mapping
from joinedup.directory.imports.matching import normalise_name
from joinedup.directory.imports.models import ImportBatch, TeamAlias
from joinedup.directory.imports.planning import ImportPlan, build_plan, match_sector, read_record
from joinedup.directory.imports.reading import (
    MB,
    SpreadsheetError,
    parse_spreadsheet,
    read_upload,
)
from joinedup.directory.imports.tasks import commit_import_task
from joinedup.directory.models import Contact, Service, TaxonomyTerm
from joinedup.directory.taxonomies import SECTOR_NEEDS


def max_upload_bytes() -> int:
    """Return the largest spreadsheet accepted (JOINEDUP_IMPORT_MAX_MB, 10 MB by default)."""
    return int(float(settings.IMPORT_MAX_MB) * MB)


def max_rows() -> int:
    """Return the most data rows one import may have (JOINEDUP_IMPORT_MAX_ROWS, 20,000)."""
    return int(settings.IMPORT_MAX_ROWS)


def purge_expired_batches() -> int:
    """Delete import batches past their expiry (they hold personal data); return how many."""
    deleted, _ = ImportBatch.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def create_batch(*, place, user, upload) -> ImportBatch:
    """Read an uploaded spreadsheet and store its rows with a guessed column mapping.

    Raises SpreadsheetError (and stores nothing) when the file cannot be imported.
    """
    purge_expired_batches()
    data = read_upload(upload, max_bytes=max_upload_bytes())
    sheet = parse_spreadsheet(data, filename=upload.name, max_rows=max_rows())
    mapping = guess_mapping(sheet.headers)
    # Wrong columns altogether is a bad file; a missing team column is asked on the next page.
    if not any(mapping.get(name) is not None for name in ("full_name", "first_name", "email")):
        shown = ", ".join(f"‘{h}’" for h in sheet.headers if h) or "none"
        raise SpreadsheetError(
            "The selected file has no column of names or email addresses. "
            f"The columns we found in row {sheet.header_row} were: {shown}"
        )
    return ImportBatch.objects.create(
        place=place,
        created_by=user,
        filename=(upload.name or "spreadsheet")[:255],
        file_type=sheet.file_type,
        encoding=sheet.encoding,
        sheet=sheet.as_json(),
        mapping=mapping,
    )


def existing_teams(place) -> list[dict]:
    """Return the place's teams with the other spellings confirmed in earlier imports."""
    aliases: dict = {}
    for service_id, spelling in TeamAlias.objects.filter(place=place).values_list(
        "service_id", "spelling"
    ):
        aliases.setdefault(service_id, []).append(spelling)
    return [
        {"id": str(pk), "name": name, "aliases": aliases.get(pk, [])}
        for pk, name in Service.objects.filter(place=place).values_list("id", "name")
    ]


def existing_people(place) -> dict:
    """Return the place's contacts as sets of emails and (name, team id) pairs."""
    emails, names = set(), set()
    for name, email, service_id in Contact.objects.filter(place=place).values_list(
        "name", "email", "service_id"
    ):
        if email:
            emails.add(email.casefold())
        names.add((normalise_name(name), str(service_id)))
    return {"emails": emails, "names": names}


def sector_choices(place) -> list[dict]:
    """Return the sectors usable in the place as plain dicts for planning, each with the needs
    its teams usually take (taxonomies.SECTOR_NEEDS)."""
    needs = {t.code: str(t.pk) for t in TaxonomyTerm.objects.needs().for_place(place)}
    return [
        {
            "id": str(t.pk),
            "code": t.code,
            "name": t.name,
            "description": t.description,
            "need_ids": [needs[c] for c in SECTOR_NEEDS.get(t.code, []) if c in needs],
        }
        for t in TaxonomyTerm.objects.sectors().for_place(place).order_by("name")
    ]


def need_choices(place) -> list[dict]:
    """Return the needs usable in the place (id, name), for the import preview."""
    return [
        {"id": str(t.pk), "name": t.name}
        for t in TaxonomyTerm.objects.needs().for_place(place).order_by("name")
    ]


def plan_import(place, rows: list[dict], mapping: dict) -> ImportPlan:
    """Return the plan for rows under a mapping in a place: problems and proposed merges."""
    return build_plan(
        rows,
        mapping,
        existing_teams=existing_teams(place),
        existing_people=existing_people(place),
        sectors=sector_choices(place),
        place_names=(place.name, place.local_authority),
    )


def plan_batch(*, batch: ImportBatch, mapping: dict) -> ImportPlan:
    """Plan a batch under a (checked) mapping and keep the plan on the batch."""
    plan = plan_import(batch.place, batch.sheet["rows"], mapping)
    batch.mapping = mapping
    batch.plan = plan.as_json()
    batch.accepted = plan.merge_ids
    batch.status = ImportBatch.Status.PLANNED
    batch.save(update_fields=["mapping", "plan", "accepted", "status"])
    return plan


def start_commit(*, batch: ImportBatch, accepted: list[str], user):
    """Record the merges the person accepted and start the commit as a job; return the job."""
    with transaction.atomic():
        batch.accepted = list(accepted)
        batch.status = ImportBatch.Status.COMMITTING
        job = start_job(
            place=batch.place,
            user=user,
            kind="directory.import",
            title=f"Importing {batch.filename}",
            task=commit_import_task,
            batch_id=str(batch.pk),
        )
        batch.job = job
        batch.save(update_fields=["accepted", "status", "job"])
    return job


@dataclass
class ListedPerson:
    """One usable row of a list of people: who, from which team, in which sector (a code)."""

    row: int
    email: str
    name: str
    team: str
    sector_code: str = ""


@dataclass
class PeopleList:
    """A list of people read from a spreadsheet: the usable rows, and every problem by row."""

    file_type: str
    people: list[ListedPerson] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)


def read_people_list(*, place, data: bytes, filename: str, max_rows: int = 5000) -> PeopleList:
    """Read a list of people (name, email, optionally team and sector) from a CSV or XLSX file
    with the directory import's reader, matching sectors to the place's. Raises
    SpreadsheetError for a file it cannot read; names every unusable row in problems."""
    sheet = parse_spreadsheet(data, filename=filename, max_rows=max_rows)
    mapping = guess_mapping(sheet.headers)
    result = PeopleList(file_type=sheet.file_type)
    if mapping.get("email") is None:
        result.problems.append((sheet.header_row, "The file needs a column called Email"))
        return result
    if mapping.get("full_name") is None and mapping.get("first_name") is None:
        result.problems.append((sheet.header_row, "The file needs a column called Name"))
        return result
    choices = sector_choices(place)
    for row in sheet.rows:
        record = read_record(row, mapping)
        if not record["email"]:
            result.problems.append(
                (
                    record["row"],
                    "Enter an email address in the correct format, like name@example.com"
                    if record["email_raw"]
                    else "Enter an email address",
                )
            )
            continue
        code = ""
        if record["sector"]:
            matched, why = match_sector(record["sector"], record["team"], choices)
            if matched is None:
                result.problems.append((record["row"], why))
                continue
            code = matched["code"]
        result.people.append(
            ListedPerson(
                row=record["row"],
                email=record["email"],
                name=record["name"],
                team=record["team"],
                sector_code=code,
            )
        )
    return result
