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

DATA = Path(__file__).resolve().parents[1] / "data" / "directory"


def run_import(place, actor, name="invitation-list.xlsx", reject=()):
    sheet = parse_spreadsheet((DATA / name).read_bytes())
    plan = plan_import(place, sheet.rows, guess_mapping(sheet.headers))
    accepted = [m for m in plan.merge_ids if m not in reject]
    return plan, commit_import(place=place, plan=plan, accepted_merges=accepted, actor=actor)


@pytest.mark.parametrize("name", ["invitation-list.xlsx", "invitation-list.csv"])
def test_commit_import_creates_20_teams_and_80_people(place, convenor, name):
    _, report = run_import(place, convenor, name)
    assert Service.objects.filter(place=place).count() == 20
    assert Contact.objects.filter(place=place).count() == 80
    assert report["counts"] == {
        "rows": 92,
        "teams": 20,
        "teams_created": 20,
        "people": 80,
        "people_created": 80,
        "people_updated": 0,
        "people_unchanged": 0,
        "team_merges_accepted": 13,
        "person_merges_accepted": 12,
        "skipped": 0,
        "email_missing": 4,
        "email_malformed": 5,
        "sector_unknown": 0,
    }


def test_commit_import_keeps_people_with_bad_emails_without_the_email(place, convenor):
    run_import(place, convenor)
    xander = Contact.objects.get(place=place, name="Xander Holloway")
    assert (xander.email, xander.service.name, xander.phones.get().number) == (
        "",
        "Rough Sleeping Outreach",
        "020 7946 0993",
    )
    assert Contact.objects.filter(place=place, email="").count() == 9


def test_commit_import_stores_emails_normalised(place, convenor):
    run_import(place, convenor)
    # first listed as WREN.MARCHETTI@COUNCIL.EXAMPLE
    assert Contact.objects.get(place=place, name="Wren Marchetti").email == (
        "wren.marchetti@council.example"
    )


def test_commit_import_tags_teams_with_their_sector(place, convenor):
    run_import(place, convenor)
    sectors = dict(
        Attribute.objects.filter(place=place).values_list("service__name", "taxonomy_term__code")
    )
    assert len(sectors) == 20
    assert sectors["Youth Justice Service"] == "youth-offending"


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
    assert report["counts"]["people_unchanged"] == 80
    # confirmed spellings are remembered, so the second plan has no team questions left
    assert plan.team_merges == []


def test_commit_import_of_the_csv_after_the_xlsx_adds_nobody(place, convenor):
    run_import(place, convenor, "invitation-list.xlsx")
    _, report = run_import(place, convenor, "invitation-list.csv")
    assert (report["counts"]["teams_created"], report["counts"]["people_created"]) == (0, 0)
    assert Contact.objects.filter(place=place).count() == 80


def test_commit_import_keeps_a_rejected_team_spelling_as_its_own_team(place, convenor):
    plan, _ = run_import(place, convenor, reject=())
    Service.objects.filter(place=place).delete()
    TeamAlias.objects.all().delete()
    asb = next(m["id"] for m in plan.team_merges if m["spelling"] == "ASB Team")
    _, report = run_import(place, convenor, reject={asb})
    assert Service.objects.filter(place=place).count() == 21
    assert "ASB Team" in report["teams_created"]


def test_commit_import_keeps_rejected_duplicate_people_apart(place, convenor):
    sheet = parse_spreadsheet((DATA / "invitation-list.xlsx").read_bytes())
    plan = plan_import(place, sheet.rows, guess_mapping(sheet.headers))
    isla = next(m["id"] for m in plan.person_merges if m["name"] == "Isla Gallacher")
    accepted = [m for m in plan.merge_ids if m != isla]
    commit_import(place=place, plan=plan, accepted_merges=accepted, actor=convenor)
    assert sorted(
        Contact.objects.filter(place=place, name="Isla Gallacher").values_list(
            "service__name", flat=True
        )
    ) == ["Children's Social Care Front Door", "Multi-Agency Safeguarding Hub"]


def test_commit_import_matches_existing_teams_and_people(place, convenor):
    team = ServiceFactory(place=place, name="Youth Justice Service")
    ContactFactory(
        service=team, name="Leon Ravensworth", email="leon.ravensworth@council.example", title=""
    )
    _, report = run_import(place, convenor)
    assert Service.objects.filter(place=place, name__icontains="youth").count() == 1
    assert report["counts"]["people_updated"] == 1
    assert Contact.objects.get(place=place, name="Leon Ravensworth").title == "Coordinator"


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
        20,
        80,
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


def test_commit_import_uses_an_email_correction_only_when_ticked(place, convenor):
    rows = [
        {"number": 2, "cells": ["Housing Options", "Rae Long", "rae.long at council.example"]},
        {"number": 3, "cells": ["Housing Options", "Sol Aziz", "sol.aziz@council,example"]},
    ]
    plan = plan_import(place, rows, {"team": 0, "full_name": 1, "email": 2})
    assert [(f["row"], f["suggestion"]) for f in plan.email_fixes] == [
        (2, "rae.long@council.example"),
        (3, "sol.aziz@council.example"),
    ]
    first = plan.email_fixes[0]["id"]
    commit_import(place=place, plan=plan, accepted_merges=[first], actor=convenor)
    emails = dict(Contact.objects.filter(place=place).values_list("name", "email"))
    assert emails == {"Rae Long": "rae.long@council.example", "Sol Aziz": ""}


def _needs_of(place, name):
    service = Service.objects.get(place=place, name=name)
    return sorted(
        service.attributes.filter(link_type="needs").values_list("taxonomy_term__code", flat=True)
    )


def test_new_teams_take_their_sectors_needs_unless_unticked(place, convenor):
    rows = [
        {
            "number": 2,
            "cells": ["Riverside Housing Advice", "Uma Ode", "u.ode@ha.example", "Housing"],
        },
        {
            "number": 3,
            "cells": ["Riverside Fire Station", "Vic Hale", "v.hale@fire.example", "Fire"],
        },
        {
            "number": 4,
            "cells": [
                "DfE Strategy Unit",
                "Wyn Tell",
                "w.tell@dfe.example",
                "Department for Education",
            ],
        },
    ]
    plan = plan_import(place, rows, {"team": 0, "full_name": 1, "email": 2, "sector": 3})
    fire_key = next(k for k, t in plan.teams.items() if t["name"] == "Riverside Fire Station")
    accepted = [m for m in plan.merge_ids if not m.startswith(f"need:{fire_key}|")]
    commit_import(place=place, plan=plan, accepted_merges=accepted, actor=convenor)
    assert _needs_of(place, "Riverside Housing Advice") == ["debt", "homelessness"]
    assert _needs_of(place, "Riverside Fire Station") == []  # the convenor unticked fire risk
    assert _needs_of(place, "DfE Strategy Unit") == []  # central government takes no needs
