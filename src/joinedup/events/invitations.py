"""Building an invitation list: from the directory by sector, team and need, by email, or
from a spreadsheet; and the coverage of the expected sectors as the list grows."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q

from joinedup.core.audit import log_action
from joinedup.directory.imports.services import read_people_list
from joinedup.directory.models import (
    NEEDS_TAXONOMY,
    SECTORS_TAXONOMY,
    Attribute,
    Contact,
    Service,
    TaxonomyTerm,
)
from joinedup.events.models import Event, Invitation
from joinedup.events.tokens import new_checkin_code

logger = logging.getLogger(__name__)


def expected_sectors(place) -> list[TaxonomyTerm]:
    """The sectors a place expects at its events: frontline first, then central, by name."""
    sectors = list(TaxonomyTerm.objects.sectors().for_place(place).select_related("parent"))
    sectors.sort(key=lambda t: (t.tier != "frontline", t.name))
    return sectors


def _sector_of_services(service_ids: Iterable) -> dict:
    """Map each service id to its first sector term (by name), if it has one."""
    sectors: dict = {}
    rows = (
        Attribute.objects.filter(
            service_id__in=list(service_ids), taxonomy_term__taxonomy__key=SECTORS_TAXONOMY
        )
        .select_related("taxonomy_term__parent")
        .order_by("taxonomy_term__name")
    )
    for attribute in rows:
        sectors.setdefault(attribute.service_id, attribute.taxonomy_term)
    return sectors


def find_contacts(
    place, *, sectors: Iterable = (), teams: Iterable = (), needs: Iterable = (), text: str = ""
):
    """Contacts of the place with an email address whose team is in any of the chosen
    sectors, teams or needs (all contacts when nothing is chosen), narrowed by text."""
    contacts = Contact.objects.filter(place=place).exclude(email="")
    chosen = Q()
    if sectors:
        chosen |= Q(
            service__attributes__taxonomy_term__in=list(sectors),
            service__attributes__taxonomy_term__taxonomy__key=SECTORS_TAXONOMY,
        )
    if needs:
        chosen |= Q(
            service__attributes__taxonomy_term__in=list(needs),
            service__attributes__taxonomy_term__taxonomy__key=NEEDS_TAXONOMY,
        )
    if teams:
        chosen |= Q(service__in=list(teams))
    if chosen:
        contacts = contacts.filter(chosen)
    if text.strip():
        for word in text.split():
            contacts = contacts.filter(
                Q(name__icontains=word)
                | Q(email__icontains=word)
                | Q(service__name__icontains=word)
                | Q(organization__name__icontains=word)
            )
    return (
        contacts.exclude(service__status=Service.Status.DEFUNCT)
        .select_related("service", "organization")
        .distinct()
        .order_by("service__name", "name")
    )


@dataclass
class Candidate:
    """A directory contact shown in the list builder, with what their invitation would say."""

    contact: Contact
    sector: TaxonomyTerm | None
    invited: bool


def candidates_for(event: Event, contacts) -> list[Candidate]:
    """Wrap contacts with their sector and whether they are already on the event's list."""
    contacts = list(contacts)
    sectors = _sector_of_services({c.service_id for c in contacts if c.service_id})
    invited = set(event.invitations.values_list("email", flat=True))
    return [
        Candidate(c, sectors.get(c.service_id), c.email.strip().lower() in invited)
        for c in contacts
    ]


def snapshot(contact: Contact, sector: TaxonomyTerm | None) -> dict:
    """What an invitation keeps of a contact: the directory may change, the list should not."""
    return {
        "contact": contact,
        "name": contact.name or contact.email,
        "email": contact.email.strip().lower(),
        "organisation": contact.organization.name if contact.organization_id else "",
        "team": contact.service.name if contact.service_id else "",
        **sector_fields(sector),
    }


def sector_fields(sector: TaxonomyTerm | None) -> dict:
    """The sector columns of an invitation for a sector term (blank when unknown)."""
    if sector is None:
        return {"sector": "", "sector_name": "", "tier": ""}
    return {"sector": sector.code, "sector_name": sector.name, "tier": sector.tier}


def _same_email(event: Event, email: str) -> Invitation | None:
    """The event's invitation with this email; None for a blank one (a walk-in without)."""
    return Invitation.objects.filter(event=event, email=email).first() if email else None


def create_invitation(*, event: Event, actor=None, **fields) -> tuple[Invitation, bool]:
    """Add one person to the list; an email already on it returns the existing invitation (a
    walk-in without an email is always new)."""
    fields["email"] = fields["email"].strip().lower()
    existing = _same_email(event, fields["email"])
    if existing is not None:
        return existing, False
    for _attempt in range(5):
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    event=event,
                    place_id=event.place_id,
                    invited_by=actor if getattr(actor, "is_authenticated", False) else None,
                    checkin_code=new_checkin_code(),
                    **fields,
                )
        except IntegrityError:
            # Two people added the same address at once, or (rarely) two codes collided.
            existing = _same_email(event, fields["email"])
            if existing is not None:
                return existing, False
            continue
        log_action(
            "events.invitation.created",
            actor=actor,
            target=invitation,
            data={"event": event.pk, "sector": invitation.sector, "walk_in": invitation.walk_in},
        )
        return invitation, True
    raise RuntimeError("Could not make a unique check-in code")


@transaction.atomic
def invite_contacts(*, event: Event, contacts: Iterable[Contact], actor) -> tuple[int, int]:
    """Put directory contacts on the list; return how many were added and how many were
    already on it."""
    contacts = [c for c in contacts if c.email]
    sectors = _sector_of_services({c.service_id for c in contacts if c.service_id})
    added = existing = 0
    for contact in contacts:
        _, created = create_invitation(
            event=event, actor=actor, **snapshot(contact, sectors.get(contact.service_id))
        )
        added += created
        existing += not created
    return added, existing


def invite_by_email(
    *, event: Event, actor, email: str, name: str, organisation: str = "", sector=None
) -> tuple[Invitation, bool]:
    """Put a person on the list by email; a directory contact with that address is linked."""
    email = email.strip().lower()
    contact = (
        Contact.objects.filter(place=event.place, email__iexact=email)
        .select_related("service", "organization")
        .first()
    )
    if contact is not None:
        fields = snapshot(
            contact, sector or _sector_of_services([contact.service_id]).get(contact.service_id)
        )
        fields["name"] = name or fields["name"]
        fields["organisation"] = organisation or fields["organisation"]
    else:
        fields = {
            "name": name,
            "email": email,
            "organisation": organisation,
            **sector_fields(sector),
        }
    return create_invitation(event=event, actor=actor, **fields)


@transaction.atomic
def remove_invitation(*, invitation: Invitation, actor) -> None:
    """Take someone off the list before their invitation is sent."""
    if invitation.sent_at is not None:
        raise ValueError("This invitation has been sent; it cannot be removed")
    log_action(
        "events.invitation.removed",
        actor=actor,
        target=invitation,
        data={"event": invitation.event_id},
    )
    invitation.delete()


# --- import -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an imported list added, and the rows it could not use and why."""

    added: int = 0
    existing: int = 0
    problems: list = field(default_factory=list)  # [(row number, message)]


def import_invitees(*, event: Event, data: bytes, filename: str, actor) -> ImportResult:
    """Add people from a spreadsheet (CSV or XLSX) with the directory import's reader: columns
    name, email and optionally team or organisation and sector. All or nothing: a file with any
    unusable row adds nobody, and the result lists every problem with its row number."""
    listed = read_people_list(place=event.place, data=data, filename=filename)
    result = ImportResult(problems=listed.problems)
    if result.problems:
        return result
    terms = {t.code: t for t in expected_sectors(event.place)}
    with transaction.atomic():
        for person in listed.people:
            _, created = invite_by_email(
                event=event,
                actor=actor,
                email=person.email,
                name=person.name or person.email,
                organisation=person.team,
                sector=terms.get(person.sector_code),
            )
            result.added += created
            result.existing += not created
    log_action(
        "events.invitations.imported",
        actor=actor,
        target=event,
        data={"added": result.added, "existing": result.existing, "file_type": listed.file_type},
    )
    return result
