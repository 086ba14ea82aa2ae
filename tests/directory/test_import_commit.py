"""Committing an import: one transaction, accepted merges only, a report, and idempotence."""

from pathlib import Path

import pytest

from joinedup.core.models import AuditEntry
from joinedup.directory.imports.committing import commit_import
from joinedup.directory.imports.mapping import guess_mapping
from joinedup.directory.imports.models import TeamAlias
from joinedup.directory.imports.reading import parse_spreadsheet
from joinedup.directory.imports.services import plan_import
from joinedup.directory.models import Attribute, Contact, Phone, Service
from tests.directory.factories import ContactFactory, ServiceFactory

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def run_import(place, actor, name="invitation-list.xlsx", reject=()):
    sheet = parse_spreadsheet((DATA / name).read_bytes())
    plan = plan_import(place, sheet.rows, guess_mapping(sheet.headers))
    accepted = [m for m in plan.merge_ids if m not in reject]
    return plan, commit_import(place=place, plan=plan, accepted_merges=accepted, actor=actor)


@pytest.mark.parametrize("name", ["invitation-list.xlsx", "invitation-list.csv"])
def test_commit_import_creates_21_teams_and_87_people(place, convenor, name):
    _, report = run_import(place, convenor, name)
    assert Service.objects.filter(place=place).count() == 21
    assert Contact.objects.filter(place=place).count() == 87
    assert report["counts"] == {
        "rows": 103,
        "teams": 21,
        "teams_created": 21,
        "people": 87,
        "people_created": 87,
        "people_updated": 0,
        "people_unchanged": 0,
        "team_merges_accepted": 12,
        "person_merges_accepted": 16,
        "skipped": 0,
        "email_missing": 3,
        "email_malformed": 4,
        "sector_unknown": 0,
    }


def test_commit_import_keeps_people_with_bad_emails_without_the_email(place, convenor):
    run_import(place, convenor)
    catherine = Contact.objects.get(place=place, name="Catherine Rahman")
    assert (catherine.email, catherine.service.name, catherine.phones.get().number) == (
        "",
        "Domestic Violence Unit",
        "(020)79460954",
    )
    assert Contact.objects.filter(place=place, email="").count() == 7


def test_commit_import_stores_emails_normalised(place, convenor):
    run_import(place, convenor)
    assert Contact.objects.get(place=place, name="Rachel Hussain").email == (
        "rachel.hussain@council.example"
    )


def test_commit_import_tags_teams_with_their_sector(place, convenor):
    run_import(place, convenor)
    sectors = dict(
        Attribute.objects.filter(place=place).values_list("service__name", "taxonomy_term__code")
    )
    assert len(sectors) == 21
    assert sectors["Youth Offending Service"] == "youth-offending"


def test_commit_import_twice_changes_nothing_the_second_time(place, convenor):
    run_import(place, convenor)
    before = (
        sorted(Service.objects.filter(place=place).values_list("id", "name")),
        sorted(Contact.objects.filter(place=place).values_list("id", "name", "email", "title")),
        Phone.objects.filter(place=place).count(),
        Attribute.objects.filter(place=place).count(),
    )
    plan, report = run_import(place, convenor)
    after = (
        sorted(Service.objects.filter(place=place).values_list("id", "name")),
        sorted(Contact.objects.filter(place=place).values_list("id", "name", "email", "title")),
        Phone.objects.filter(place=place).count(),
        Attribute.objects.filter(place=place).count(),
    )
    assert after == before
    assert (report["counts"]["teams_created"], report["counts"]["people_created"]) == (0, 0)
    assert report["counts"]["people_unchanged"] == 87
    # confirmed spellings are remembered, so the second plan has no team questions left
    assert plan.team_merges == []


def test_commit_import_of_the_csv_after_the_xlsx_adds_nobody(place, convenor):
    run_import(place, convenor, "invitation-list.xlsx")
    _, report = run_import(place, convenor, "invitation-list.csv")
    assert (report["counts"]["teams_created"], report["counts"]["people_created"]) == (0, 0)
    assert Contact.objects.filter(place=place).count() == 87


def test_commit_import_keeps_a_rejected_team_spelling_as_its_own_team(place, convenor):
    plan, _ = run_import(place, convenor, reject=())
    Service.objects.filter(place=place).delete()
    TeamAlias.objects.all().delete()
    comm = next(m["id"] for m in plan.team_merges if m["spelling"] == "Comm. Safety Team")
    _, report = run_import(place, convenor, reject={comm})
    assert Service.objects.filter(place=place).count() == 22
    assert "Comm. Safety Team" in report["teams_created"]


def test_commit_import_keeps_rejected_duplicate_people_apart(place, convenor):
    sheet = parse_spreadsheet((DATA / "invitation-list.xlsx").read_bytes())
    plan = plan_import(place, sheet.rows, guess_mapping(sheet.headers))
    shah = next(m["id"] for m in plan.person_merges if m["name"] == "Rachel Shah")
    accepted = [m for m in plan.merge_ids if m != shah]
    commit_import(place=place, plan=plan, accepted_merges=accepted, actor=convenor)
    assert sorted(
        Contact.objects.filter(place=place, name="Rachel Shah").values_list(
            "service__name", flat=True
        )
    ) == ["Children's Social Care - Assessment", "Multi-Agency Safeguarding Hub"]


def test_commit_import_matches_existing_teams_and_people(place, convenor):
    team = ServiceFactory(place=place, name="Youth Offending Service")
    ContactFactory(
        service=team, name="Sanjay Murphy", email="sanjay.murphy@council.example", title=""
    )
    _, report = run_import(place, convenor)
    assert Service.objects.filter(place=place, name__icontains="youth").count() == 1
    assert report["counts"]["people_updated"] == 1
    assert Contact.objects.get(place=place, name="Sanjay Murphy").title == "Analyst"


def test_commit_import_writes_one_audit_entry(place, convenor):
    run_import(place, convenor)
    entry = AuditEntry.objects.get(action="directory.import.committed")
    assert (
        entry.actor,
        entry.place,
        entry.data["teams_created"],
        entry.data["people_created"],
    ) == (
        convenor,
        place,
        21,
        87,
    )


def test_commit_import_changes_nothing_when_it_fails_half_way(place, convenor, monkeypatch):
    sheet = parse_spreadsheet((DATA / "invitation-list.xlsx").read_bytes())
    plan = plan_import(place, sheet.rows, guess_mapping(sheet.headers))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Contact.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        commit_import(place=place, plan=plan, accepted_merges=plan.merge_ids, actor=convenor)
    assert Service.objects.filter(place=place).count() == 0
    assert AuditEntry.objects.filter(action="directory.import.committed").count() == 0
