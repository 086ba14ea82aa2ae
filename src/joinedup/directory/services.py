"""What people do to the directory: add and change services, organisations and contacts, mark
records as checked, and see what a place's directory covers. Views and commands call these."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.core.copies import record_copy
from joinedup.core.models import AuditEntry
from joinedup.directory import search
from joinedup.directory.models import (
    NEEDS_TAXONOMY,
    SECTORS_TAXONOMY,
    Attribute,
    Contact,
    Organization,
    Phone,
    SearchSynonym,
    Service,
    TaxonomyTerm,
)
from joinedup.directory.synonyms import DEFAULT_SYNONYMS, normalise

STALE_AFTER = datetime.timedelta(days=365)


def _changes(obj, fields: dict) -> dict:
    """Apply fields to obj; return {field: [old, new]} for those that changed."""
    changed = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changed[name] = [_plain(old), _plain(value)]
            setattr(obj, name, value)
    return changed


def _plain(value):
    if isinstance(value, Organization):
        return value.name
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


@transaction.atomic
def save_organization(*, place, actor, fields: dict, organization=None) -> Organization:
    """Create an organisation in the place, or update one; logs what changed."""
    if organization is None:
        organization = Organization.objects.create(place=place, **fields)
        log_action(
            "directory.organization.created",
            actor=actor,
            target=organization,
            data={"name": organization.name},
        )
        return organization
    changed = _changes(organization, fields)
    if changed:
        organization.save()
        log_action(
            "directory.organization.updated",
            actor=actor,
            target=organization,
            data={"changed": changed},
        )
    return organization


def terms_of(service: Service, taxonomy_key: str) -> list[TaxonomyTerm]:
    """The service's terms from one of our taxonomies (sectors or needs), by name."""
    return list(
        TaxonomyTerm.objects.filter(
            attributes__service=service, taxonomy__key=taxonomy_key
        ).order_by("name")
    )


def _set_terms(service: Service, taxonomy_key: str, terms) -> list[str] | None:
    """Make the service's terms of one taxonomy exactly `terms`; return names if changed."""
    wanted = {t.pk: t for t in terms}
    current = {
        a.taxonomy_term_id: a
        for a in Attribute.objects.filter(
            service=service, taxonomy_term__taxonomy__key=taxonomy_key
        )
    }
    if set(wanted) == set(current):
        return None
    for term_id, attribute in current.items():
        if term_id not in wanted:
            attribute.delete()
    for term_id, term in wanted.items():
        if term_id not in current:
            Attribute.objects.create(
                place=service.place,
                taxonomy_term=term,
                service=service,
                link_id=service.pk,
                link_entity="service",
                link_type=taxonomy_key,
            )
    return sorted(t.name for t in terms)


@transaction.atomic
def create_service(
    *, place, actor, organization: Organization, fields: dict, sectors=(), needs=()
) -> Service:
    """Create a service of an organisation with its sectors and needs; logs it once."""
    with search.batch():
        service = Service.objects.create(
            place=place, organization=organization, last_modified=timezone.now(), **fields
        )
        _set_terms(service, SECTORS_TAXONOMY, sectors)
        _set_terms(service, NEEDS_TAXONOMY, needs)
    log_action(
        "directory.service.created",
        actor=actor,
        target=service,
        data={
            "name": service.name,
            "organization": organization.name,
            "sectors": sorted(t.name for t in sectors),
            "needs": sorted(t.name for t in needs),
        },
    )
    return service


@transaction.atomic
def update_service(*, service: Service, actor, fields: dict, sectors=None, needs=None) -> dict:
    """Change a service (and, when given, its sectors and needs); logs and returns what
    changed, and touches last_modified only when something did."""
    with search.batch():
        changed = _changes(service, fields)
        if sectors is not None and (names := _set_terms(service, SECTORS_TAXONOMY, sectors)):
            changed["sectors"] = names
        if needs is not None and (names := _set_terms(service, NEEDS_TAXONOMY, needs)):
            changed["needs"] = names
        if changed:
            service.last_modified = timezone.now()
            service.save()
    if changed:
        log_action(
            "directory.service.updated", actor=actor, target=service, data={"changed": changed}
        )
    return changed


@transaction.atomic
def mark_checked(*, service: Service, actor, on: datetime.date | None = None) -> Service:
    """Record that someone confirmed the service's details today (or on `on`).

    Who checked goes to the audit log only: `assurer_email` is an HSDS field that the open API
    would publish, and a checker's own account email is personal data (docs/data-protection.md).
    """
    on = on or timezone.localdate()
    previous = service.assured_date
    service.assured_date = on
    service.assurer_email = ""
    service.save(update_fields=["assured_date", "assurer_email"])
    log_action(
        "directory.service.checked",
        actor=actor,
        target=service,
        data={"assured_date": on.isoformat(), "previous": previous and previous.isoformat()},
    )
    return service


@transaction.atomic
def delete_service(*, service: Service, actor) -> None:
    """Delete a service with its contacts, phones, schedules and tags; logs its name."""
    log_action(
        "directory.service.deleted",
        actor=actor,
        target=service,
        data={"name": service.name},
    )
    service.delete()


@transaction.atomic
def save_contact(
    *, service: Service, actor, fields: dict, phone: str = "", contact: Contact | None = None
) -> Contact:
    """Create or update a named contact of a service, with one work phone number."""
    if contact is None:
        contact = Contact.objects.create(
            place=service.place, service=service, organization=service.organization, **fields
        )
        action, data = "directory.contact.created", {"name": contact.name}
    else:
        changed = _changes(contact, fields)
        contact.save()
        action, data = "directory.contact.updated", {"name": contact.name, "changed": changed}
    first = contact.phones.first()
    if phone and first is None:
        Phone.objects.create(place=service.place, contact=contact, number=phone, type="voice")
        data.setdefault("changed", {})["phone"] = [None, phone]
    elif first is not None and first.number != phone:
        data.setdefault("changed", {})["phone"] = [first.number, phone or None]
        if phone:
            first.number = phone
            first.save(update_fields=["number"])
        else:
            first.delete()
    if action == "directory.contact.created" or data.get("changed"):
        log_action(action, actor=actor, target=contact, data={**data, "service": str(service.pk)})
        service.last_modified = timezone.now()
        service.save(update_fields=["last_modified"])
    return contact


@transaction.atomic
def delete_contact(*, contact: Contact, actor) -> None:
    """Remove a contact and their phone numbers; logs who it was."""
    log_action(
        "directory.contact.deleted",
        actor=actor,
        target=contact,
        data={"name": contact.name, "service": str(contact.service_id or "")},
    )
    contact.delete()


def service_history(service: Service):
    """Audit entries about the service and its contacts, newest first."""
    contact_ids = [
        str(pk) for pk in Contact.objects.filter(service=service).values_list("pk", flat=True)
    ]
    return AuditEntry.objects.filter(
        Q(target_type="directory.service", target_id=str(service.pk))
        | Q(target_type="directory.contact", data__service=str(service.pk))
        | Q(target_type="directory.contact", target_id__in=contact_ids)
    ).order_by("-at", "-id")


def is_stale(service: Service, today: datetime.date | None = None) -> bool:
    """Whether the record has not been checked within the last 12 months."""
    today = today or timezone.localdate()
    return service.assured_date is None or service.assured_date < today - STALE_AFTER


# --- coverage -----------------------------------------------------------------------------


@dataclass
class SectorCoverage:
    """One expected sector: its active services, each with its named contacts."""

    sector: TaxonomyTerm
    services: list = field(default_factory=list)  # [(service, [contact, ...]), ...]

    @property
    def missing(self) -> bool:
        return not self.services


@dataclass
class Coverage:
    """What a place's directory covers and where it falls short."""

    sectors: list = field(default_factory=list)
    missing_sectors: list = field(default_factory=list)
    without_contact: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    untagged: list = field(default_factory=list)
    active_services: int = 0


def coverage_for(*, place, today: datetime.date | None = None) -> Coverage:
    """For every expected sector (frontline then central), the place's active services with
    their named contacts; flags sectors with none, active services with no named contact,
    and services not checked for 12 months."""
    today = today or timezone.localdate()
    sectors = list(
        TaxonomyTerm.objects.sectors()
        .for_place(place)
        .select_related("parent")
        .order_by("parent__code", "name")
    )
    # frontline first, then central
    sectors.sort(key=lambda t: (t.tier != "frontline", t.name))
    active = list(
        Service.objects.filter(place=place, status=Service.Status.ACTIVE)
        .select_related("organization")
        .order_by("name")
    )
    contacts: dict = {}
    for contact in Contact.objects.filter(place=place, service__in=active).exclude(name=""):
        contacts.setdefault(contact.service_id, []).append(contact)
    by_sector: dict = {}
    for service_id, term_id in Attribute.objects.filter(
        service__in=active, taxonomy_term__taxonomy__key=SECTORS_TAXONOMY
    ).values_list("service_id", "taxonomy_term_id"):
        by_sector.setdefault(term_id, set()).add(service_id)
    tagged = set().union(*by_sector.values()) if by_sector else set()
    coverage = Coverage(active_services=len(active))
    for sector in sectors:
        ids = by_sector.get(sector.pk, set())
        row = SectorCoverage(
            sector=sector,
            services=[
                (s, sorted(contacts.get(s.pk, []), key=lambda c: c.name))
                for s in active
                if s.pk in ids
            ],
        )
        coverage.sectors.append(row)
        if row.missing:
            coverage.missing_sectors.append(sector)
    coverage.without_contact = [s for s in active if not contacts.get(s.pk)]
    coverage.untagged = [s for s in active if s.pk not in tagged]
    coverage.stale = list(
        Service.objects.filter(place=place)
        .exclude(status=Service.Status.DEFUNCT)
        .filter(Q(assured_date__isnull=True) | Q(assured_date__lt=today - STALE_AFTER))
        .select_related("organization")
        .order_by(F("assured_date").asc(nulls_first=True), "name")
    )
    return coverage


# --- words people search for ----------------------------------------------------------------


class SynonymExists(Exception):
    """The place already has an entry for this phrase."""

    def __init__(self, existing: SearchSynonym):
        super().__init__(f"{existing.phrase} is already in the list")
        self.existing = existing


def seed_synonyms(*, place) -> int:
    """Give the place the default list of words people search for, adding only phrases it
    does not have (a convenor's changes are kept); returns how many were added."""
    have = set(SearchSynonym.objects.filter(place=place).values_list("key", flat=True))
    new = []
    for phrase, meanings in DEFAULT_SYNONYMS:
        key = normalise(phrase)
        if key not in have:
            have.add(key)
            new.append(
                SearchSynonym(place=place, phrase=phrase, key=key, meanings="\n".join(meanings))
            )
    SearchSynonym.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def save_synonym(*, place, actor, phrase: str, meanings: list[str], synonym=None) -> SearchSynonym:
    """Add a phrase and its meanings to the place's search words, or change one; refuses
    with SynonymExists when another entry has the same phrase. Search uses it at once."""
    key = normalise(phrase)
    clash = SearchSynonym.objects.filter(place=place, key=key)
    if synonym is not None:
        clash = clash.exclude(pk=synonym.pk)
    existing = clash.first()
    if existing is not None:
        raise SynonymExists(existing)
    fields = {"phrase": phrase.strip(), "key": key, "meanings": "\n".join(meanings)}
    if synonym is None:
        synonym = SearchSynonym.objects.create(place=place, **fields)
        log_action(
            "directory.synonym.created",
            actor=actor,
            target=synonym,
            data={"phrase": synonym.phrase, "meanings": meanings},
        )
        return synonym
    changed = _changes(synonym, fields)
    if changed:
        synonym.save()
        log_action(
            "directory.synonym.updated", actor=actor, target=synonym, data={"changed": changed}
        )
    return synonym


@transaction.atomic
def delete_synonym(*, synonym: SearchSynonym, actor) -> None:
    """Take a phrase out of the place's search words."""
    log_action(
        "directory.synonym.deleted",
        actor=actor,
        target=synonym,
        data={"phrase": synonym.phrase, "meanings": synonym.meaning_list},
    )
    synonym.delete()


# --- starting a place from another's approach -------------------------------------------------


def synonyms_to_copy(*, source_place, target_place) -> list[SearchSynonym]:
    """The source's search words whose phrase the target does not have yet (the target's own
    entries are never replaced)."""
    have = set(SearchSynonym.objects.filter(place=target_place).values_list("key", flat=True))
    return [s for s in SearchSynonym.objects.filter(place=source_place) if s.key not in have]


@transaction.atomic
def copy_synonyms_from(*, source_place, target_place, actor, run=None) -> list[SearchSynonym]:
    """Copy the source place's search words that the target lacks; returns those made, each
    recorded on the copy run."""
    made = []
    for source in synonyms_to_copy(source_place=source_place, target_place=target_place):
        synonym = SearchSynonym.objects.create(
            place=target_place, phrase=source.phrase, key=source.key, meanings=source.meanings
        )
        record_copy(run=run, obj=synonym, source=source, kind="search words")
        made.append(synonym)
    if made:
        log_action(
            "directory.synonym.copied",
            actor=actor,
            target=target_place,
            data={"from_place": source_place.slug, "phrases": [s.phrase for s in made]},
        )
    return made


def sectors_to_copy(*, source_place, target_place) -> list[TaxonomyTerm]:
    """The source's own sectors (the ones it added to the shared list) that the target does
    not have under the same code: the sectors its events invite that the target lacks."""
    have = set(
        TaxonomyTerm.objects.sectors().for_place(target_place).values_list("code", flat=True)
    )
    # Under a shared parent (frontline or central) only: a parent of the source's own has no
    # counterpart in the target.
    own = (
        TaxonomyTerm.objects.sectors()
        .filter(place=source_place, parent__place__isnull=True)
        .select_related("parent")
    )
    return [t for t in own if t.code not in have]


def _copy_terms(sources, *, source_place, target_place, actor, run, kind: str, with_parent: bool):
    """Make each source term again in the target place, record where it came from, and log
    the copy once: the part of copying sectors and needs that is the same."""
    made = []
    for source in sources:
        term = TaxonomyTerm.objects.create(
            place=target_place,
            taxonomy=source.taxonomy,
            code=source.code,
            name=source.name,
            description=source.description,
            taxonomy_name=source.taxonomy_name,
            **({"parent": source.parent} if with_parent else {}),
        )
        record_copy(run=run, obj=term, source=source, kind=kind)
        made.append(term)
    if made:
        log_action(
            f"directory.{kind}.copied",
            actor=actor,
            target=target_place,
            data={"from_place": source_place.slug, f"{kind}s": [t.code for t in made]},
        )
    return made


@transaction.atomic
def copy_sectors_from(*, source_place, target_place, actor, run=None) -> list[TaxonomyTerm]:
    """Copy the source place's own sectors that the target lacks (under the same shared parent,
    frontline or central); returns those made."""
    return _copy_terms(
        sectors_to_copy(source_place=source_place, target_place=target_place),
        source_place=source_place,
        target_place=target_place,
        actor=actor,
        run=run,
        kind="sector",
        with_parent=True,
    )


def needs_to_copy(*, source_place, target_place, codes) -> list[TaxonomyTerm]:
    """The source's own needs (the ones it added) with these codes that the target has under
    no term: what a copied pathway of such a need brings with it."""
    have = set(TaxonomyTerm.objects.needs().for_place(target_place).values_list("code", flat=True))
    wanted = set(codes) - have
    return list(
        TaxonomyTerm.objects.needs().filter(place=source_place, code__in=wanted).order_by("code")
    )


@transaction.atomic
def copy_needs_from(*, source_place, target_place, actor, codes, run=None) -> list[TaxonomyTerm]:
    """Copy the source's own needs with these codes that the target lacks; returns those made."""
    return _copy_terms(
        needs_to_copy(source_place=source_place, target_place=target_place, codes=codes),
        source_place=source_place,
        target_place=target_place,
        actor=actor,
        run=run,
        kind="need",
        with_parent=False,
    )


def services_of(place):
    """The place's services that are not defunct, by name (the choices of a service field)."""
    return (
        Service.objects.filter(place=place).exclude(status=Service.Status.DEFUNCT).order_by("name")
    )


def sectors_for(place):
    """The sectors a place uses, by name (the choices of a sector field)."""
    return TaxonomyTerm.objects.sectors().for_place(place).order_by("name")
