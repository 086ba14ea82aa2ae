"""Carry out a planned import in one transaction and report what was created, merged, skipped."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.directory import search
from joinedup.directory.imports.matching import fold, normalise_name
from joinedup.directory.imports.models import TeamAlias
from joinedup.directory.imports.planning import ImportPlan, accepted_needs
from joinedup.directory.models import (
    NEEDS_TAXONOMY,
    SECTORS_TAXONOMY,
    Attribute,
    Contact,
    Phone,
    Service,
    TaxonomyTerm,
)

PROGRESS_EVERY = 200


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


def _resolve_teams(place, plan: ImportPlan, accepted: set, live: list[dict]) -> dict:
    """Return {team key: Service}, creating new teams, sectors and remembered spellings."""
    rejected = {m["spelling"] for m in plan.team_merges if m["id"] not in accepted}
    needs_of = accepted_needs(accepted)
    wanted: dict[str, dict] = {}
    for r in live:
        team = plan.teams[r["team_key"]]
        if r["team"] in rejected:
            r["final_team"] = f"r:{fold(r['team'])}"
            wanted.setdefault(
                r["final_team"],
                {
                    "name": r["team"],
                    "existing_id": "",
                    "sector_id": team["sector_id"],
                    "need_ids": needs_of.get(r["team_key"], []),
                    "aliases": [],
                },
            )
        else:
            r["final_team"] = r["team_key"]
            entry = wanted.setdefault(
                r["team_key"],
                {
                    "name": team["name"],
                    "existing_id": team["existing_id"],
                    "sector_id": team["sector_id"],
                    "need_ids": needs_of.get(r["team_key"], []),
                    "aliases": [],
                },
            )
            if r["team"] != team["name"] and r["team"] not in entry["aliases"]:
                entry["aliases"].append(r["team"])
    existing = Service.objects.filter(place=place).only("id", "name", "organization_id")
    by_id = {str(s.pk): s for s in existing}
    by_name = {fold(s.name): s for s in by_id.values()}
    for alias in TeamAlias.objects.filter(place=place).select_related("service"):
        by_name.setdefault(alias.key, alias.service)
    sectors = {str(t.pk): t for t in TaxonomyTerm.objects.sectors()}
    needs = {str(t.pk): t for t in TaxonomyTerm.objects.needs()}
    has_sector = set(
        Attribute.objects.filter(
            place=place, taxonomy_term__taxonomy__key=SECTORS_TAXONOMY, service__isnull=False
        ).values_list("service_id", flat=True)
    )
    known_aliases = set(TeamAlias.objects.filter(place=place).values_list("key", flat=True))
    services, created, matched = {}, [], []
    for key, team in wanted.items():
        service = by_id.get(team["existing_id"]) or by_name.get(fold(team["name"]))
        if service is None:
            service = Service.objects.create(
                place=place, name=team["name"][:250], last_modified=timezone.now()
            )
            by_name[fold(service.name)] = service
            created.append(service.name)
            # A new team takes the needs ticked in the preview (its sector's, by default);
            # a team already in the directory keeps its own.
            for need_id in team["need_ids"]:
                if need_id in needs:
                    Attribute.objects.create(
                        place=place,
                        taxonomy_term=needs[need_id],
                        service=service,
                        link_id=service.pk,
                        link_entity="service",
                        link_type=NEEDS_TAXONOMY,
                    )
        else:
            matched.append(service.name)
        services[key] = service
        sector = sectors.get(team["sector_id"])
        if sector is not None and service.pk not in has_sector:
            Attribute.objects.create(
                place=place,
                taxonomy_term=sector,
                service=service,
                link_id=service.pk,
                link_entity="service",
                link_type=SECTORS_TAXONOMY,
            )
            has_sector.add(service.pk)
        for spelling in team["aliases"]:
            alias_key = fold(spelling)
            if alias_key != fold(service.name) and alias_key not in known_aliases:
                TeamAlias.objects.create(
                    place=place, service=service, key=alias_key, spelling=spelling[:250]
                )
                known_aliases.add(alias_key)
    return {"services": services, "created": created, "matched": sorted(set(matched))}


def _people(live: list[dict], plan: ImportPlan, accepted: set) -> list[list[dict]]:
    """Return the rows grouped into people, splitting the groups whose merge was rejected."""
    rejected = {m["key"] for m in plan.person_merges if m["id"] not in accepted}
    groups: dict[str, list[dict]] = {}
    for r in live:
        key = f"row:{r['row']}" if r["person_key"] in rejected else r["person_key"]
        groups.setdefault(key, []).append(r)
    return list(groups.values())


def _first(rows: list[dict], name: str) -> str:
    return next((r[name] for r in rows if r[name]), "")


def commit_import(
    *,
    place,
    plan: ImportPlan | dict,
    accepted_merges,
    actor,
    filename: str = "",
    progress: Callable | None = None,
) -> dict:
    """Import a plan's teams and people in one transaction, applying only the accepted merges;
    people already in the directory (same email, else same name in the same team) are matched,
    never duplicated, so importing the same file twice changes nothing the second time."""
    plan = plan if isinstance(plan, ImportPlan) else ImportPlan.from_json(plan)
    accepted = set(accepted_merges)
    live = [dict(r) for r in plan.records if not r["skip"]]
    fixes = {f["row"]: f["suggestion"] for f in plan.email_fixes if f["id"] in accepted}
    for r in live:
        if r["row"] in fixes:
            r["email"] = fixes[r["row"]]  # the convenor accepted "did you mean …?"
    people = _people(live, plan, accepted)
    total = len(people)
    if progress:
        progress(0, total, "Matching teams")
    with transaction.atomic(), search.batch():
        teams = _resolve_teams(place, plan, accepted, live)
        services = teams["services"]
        contacts = Contact.objects.filter(place=place).only(
            "id", "name", "email", "title", "service_id"
        )
        by_email, by_name = {}, {}
        for contact in contacts:
            if contact.email:
                by_email.setdefault(contact.email.casefold(), contact)
            by_name.setdefault((normalise_name(contact.name), contact.service_id), contact)
        phoned = set(
            Phone.objects.filter(place=place, contact__isnull=False).values_list(
                "contact_id", flat=True
            )
        )
        new_contacts, new_phones = [], []
        created, updated, unchanged = [], [], []
        for done, rows in enumerate(people, start=1):
            keep = rows[0]
            service = services[keep["final_team"]]
            email, role, phone = _first(rows, "email"), _first(rows, "role"), _first(rows, "phone")
            summary = {"name": keep["name"], "team": service.name, "rows": [r["row"] for r in rows]}
            contact = (by_email.get(email) if email else None) or by_name.get(
                (normalise_name(keep["name"]), service.pk)
            )
            if contact is None:
                contact = Contact(
                    place=place,
                    service=service,
                    organization_id=service.organization_id,
                    name=keep["name"][:200],
                    title=role[:200],
                    email=email,
                )
                new_contacts.append(contact)
                if phone:
                    new_phones.append(
                        Phone(place=place, contact=contact, number=phone[:40], type="voice")
                    )
                created.append(summary)
            else:
                changes = []
                if email and not contact.email:
                    contact.email = email
                    changes.append("email")
                if role and not contact.title:
                    contact.title = role[:200]
                    changes.append("title")
                if changes:
                    contact.save(update_fields=changes)
                if phone and contact.pk not in phoned:
                    Phone.objects.create(
                        place=place, contact=contact, number=phone[:40], type="voice"
                    )
                    phoned.add(contact.pk)
                    changes.append("phone")
                (updated if changes else unchanged).append({**summary, "changed": changes})
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, total, "Importing people")
        Contact.objects.bulk_create(new_contacts, batch_size=500)
        Phone.objects.bulk_create(new_phones, batch_size=500)
        report = {
            "filename": filename,
            "teams_created": teams["created"],
            "teams_matched": teams["matched"],
            "team_merges": [{**m, "accepted": m["id"] in accepted} for m in plan.team_merges],
            "person_merges": [{**m, "accepted": m["id"] in accepted} for m in plan.person_merges],
            "people_created": created,
            "people_updated": updated,
            "people_unchanged": unchanged,
            "skipped": [
                {"row": r["row"], "reason": r["skip"], "name": r["name"], "team": r["team"]}
                for r in plan.records
                if r["skip"]
            ],
            "problems": plan.problems,
        }
        report["counts"] = {
            "rows": len(plan.records),
            "teams": len(services),
            "teams_created": len(teams["created"]),
            "people": len(people),
            "people_created": len(created),
            "people_updated": len(updated),
            "people_unchanged": len(unchanged),
            "team_merges_accepted": sum(1 for m in report["team_merges"] if m["accepted"]),
            "person_merges_accepted": sum(1 for m in report["person_merges"] if m["accepted"]),
            "skipped": len(report["skipped"]),
            "email_missing": plan.count_problems("email_missing"),
            "email_malformed": plan.count_problems("email_malformed"),
            "sector_unknown": plan.count_problems("sector_unknown"),
        }
        log_action(
            "directory.import.committed",
            actor=actor,
            target=place,
            place=place,
            data={"filename": filename, **report["counts"]},
        )
    if progress:
        progress(total, total, "Finished")
    return report
