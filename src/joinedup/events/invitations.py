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
    place,
    *,
    sectors: Iterable = (),
    teams: Iterable = (),
    needs: Iterable = (),
    text: str = "",
    with_email: bool | None = True,
):
    """Contacts of the place whose team is in any of the chosen sectors, teams or needs (all
    contacts when nothing is chosen), narrowed by text: those with an email address (the
    default), those without one (with_email=False, invited by phone or post), or both (None)."""
    contacts = Contact.objects.filter(place=place)
    if with_email is True:
        contacts = contacts.exclude(email="")
    elif with_email is False:
        contacts = contacts.filter(email="")
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
        .prefetch_related("phones", "service__phones")
        .distinct()
        .order_by("service__name", "name")
    )


@dataclass
class Candidate:
    """A directory contact shown in the list builder, with what their invitation would say."""

    contact: Contact
    sector: TaxonomyTerm | None
    invited: bool
    phone: str = ""

    @property
    def channel(self) -> str:
        """How they would be invited: email, else phone when a number is known, else post."""
        return channel_for(self.contact.email, self.phone)


def phone_of(contact: Contact) -> str:
    """The contact's own phone number, else their team's (prefetched: no query a contact)."""
    for phones in (
        contact.phones.all(),
        contact.service.phones.all() if contact.service_id else [],
    ):
        numbers = sorted(p.number for p in phones if p.number.strip())
        if numbers:
            return numbers[0]
    return ""


def channel_for(email: str, phone: str) -> str:
    """The channel of an invitation: email when there is an address, else phone, else post."""
    if email.strip():
        return Invitation.Channel.EMAIL
    return Invitation.Channel.PHONE if phone.strip() else Invitation.Channel.POST


def candidates_for(event: Event, contacts) -> list[Candidate]:
    """Wrap contacts with their sector, phone and whether they are already on the event's list
    (by email, or for a contact without one, by the contact)."""
    contacts = list(contacts)
    sectors = _sector_of_services({c.service_id for c in contacts if c.service_id})
    invited = set(event.invitations.exclude(email="").values_list("email", flat=True))
    invited_contacts = set(
        event.invitations.filter(contact__isnull=False).values_list("contact_id", flat=True)
    )
    return [
        Candidate(
            c,
            sectors.get(c.service_id),
            (c.email.strip().lower() in invited) if c.email else c.pk in invited_contacts,
            phone_of(c),
        )
        for c in contacts
    ]


def snapshot(contact: Contact, sector: TaxonomyTerm | None) -> dict:
    """What an invitation keeps of a contact: the directory may change, the list should not."""
    phone = phone_of(contact)
    return {
        "contact": contact,
        "name": contact.name or contact.title or contact.email,
        "email": contact.email.strip().lower(),
        "phone": phone,
        "channel": channel_for(contact.email, phone),
        "organisation": contact.organization.name if contact.organization_id else "",
        "team": contact.service.name if contact.service_id else "",
        **sector_fields(sector),
    }


def sector_fields(sector: TaxonomyTerm | None) -> dict:
    """The sector columns of an invitation for a sector term (blank when unknown)."""
    if sector is None:
        return {"sector": "", "sector_name": "", "tier": ""}
    return {"sector": sector.code, "sector_name": sector.name, "tier": sector.tier}


def _same_email(event: Event, email: str, contact=None) -> Invitation | None:
    """The event's invitation with this email, or without one, of this directory contact;
    None for a walk-in without an email."""
    if email:
        return Invitation.objects.filter(event=event, email=email).first()
    if contact is not None:
        return Invitation.objects.filter(event=event, email="", contact=contact).first()
    return None


def create_invitation(*, event: Event, actor=None, **fields) -> tuple[Invitation, bool]:
    """Add one person to the list; an email (or, for a contact without one, the contact)
    already on it returns the existing invitation (a walk-in without an email is always new)."""
    fields["email"] = fields["email"].strip().lower()
    existing = _same_email(event, fields["email"], fields.get("contact"))
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
            existing = _same_email(event, fields["email"], fields.get("contact"))
            if existing is not None:
                return existing, False
            continue
        log_action(
            "events.invitation.created",
            actor=actor,
            target=invitation,
            data={
                "event": event.pk,
                "sector": invitation.sector,
                "walk_in": invitation.walk_in,
                "channel": invitation.channel,
            },
        )
        return invitation, True
    raise RuntimeError("Could not make a unique check-in code")


@transaction.atomic
def invite_contacts(*, event: Event, contacts: Iterable[Contact], actor) -> tuple[int, int]:
    """Put directory contacts on the list, those without an email to be invited by phone or
    post; return how many were added and how many were already on it."""
    contacts = list(contacts)
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
