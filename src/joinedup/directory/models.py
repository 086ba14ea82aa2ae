"""The directory, shaped like Open Referral UK (HSDS 3.0): organisations, services, locations,
contacts, phones, schedules, taxonomies and the attributes that tag services with terms.

Field names follow HSDS so that import, export and the API are a plain mapping. Ids are UUIDs
and are the HSDS ids. Every row carries its place (denormalised onto children) so that a page
can look any object up with `place=request.place` and another place's object answers 404.
Taxonomies and terms with no place are shared by every place (our sectors and needs).
HSDS text fields are stored as "" rather than NULL when empty.
"""

import json
import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.core.fieldcrypt import EncryptedTextField
from joinedup.core.permissions import can

SECTORS_TAXONOMY = "sectors"
NEEDS_TAXONOMY = "needs"
FRONTLINE = "frontline"
CENTRAL = "central"


class Taxonomy(models.Model):
    """A vocabulary of terms (HSDS taxonomy); ours have a `key` and no place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey(
        "core.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="taxonomies",
        help_text="Empty for the taxonomies every place shares.",
    )
    key = models.SlugField(max_length=60, blank=True, help_text="Our code, e.g. sectors, needs.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="directory_taxonomy_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TaxonomyTermQuerySet(models.QuerySet):
    def for_place(self, place):
        """Terms usable in the place: the shared ones and the place's own."""
        return self.filter(Q(place__isnull=True) | Q(place=place))

    def sectors(self):
        """Leaf terms of our sectors taxonomy (each under a frontline or central parent)."""
        return self.filter(taxonomy__key=SECTORS_TAXONOMY, parent__isnull=False)

    def needs(self):
        """Terms of our needs taxonomy."""
        return self.filter(taxonomy__key=NEEDS_TAXONOMY)


class TaxonomyTerm(models.Model):
    """One term of a taxonomy (HSDS taxonomy_term), possibly under a parent term."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey(
        "core.Place", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.CASCADE, related_name="terms"
    )
    code = models.CharField(max_length=120, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    taxonomy_name = models.CharField(
        max_length=200, blank=True, help_text="HSDS `taxonomy`: free-text name of the taxonomy."
    )
    language = models.CharField(max_length=20, blank=True)
    term_uri = models.URLField(max_length=500, blank=True)

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["taxonomy", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def tier(self) -> str:
        """For a sector: "frontline" or "central" (the code of its parent term)."""
        return self.parent.code if self.parent_id else ""


class Organization(models.Model):
    """An organisation that runs services (HSDS organization): a council, a force, a trust."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(max_length=250)
    alternate_name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    legal_status = models.CharField(max_length=200, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
    logo = models.URLField(max_length=500, blank=True)
    uri = models.URLField(max_length=500, blank=True)
    parent_organization = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["place", "name"])]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service, which for us is usually a team of an organisation (HSDS service)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="services")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=250)
    alternate_name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(
        null=True, blank=True, help_text="When someone last checked this record was true."
    )
    assurer_email = models.EmailField(blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["place", "name"]),
            models.Index(fields=["place", "status"]),
            models.Index(fields=["place", "assured_date"]),
            models.Index(fields=["place", "last_modified"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="directory_service_ages_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LocationQuerySet(models.QuerySet):
    def visible_to(self, user, place):
        """The place's locations this person may see: confidential ones only with
        directory.view_confidential."""
        locations = self.filter(place=place)
        if not can(user, "directory.view_confidential", place):
            locations = locations.filter(confidential=False)
        return locations

    def public(self):
        """Locations that may leave the system (exports, the open API): never confidential."""
        return self.filter(confidential=False)


class Location(models.Model):
    """Where a service is delivered (HSDS location); a confidential one (a refuge) is shown
    only to people allowed to see it, and never exported."""

    class LocationType(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="locations")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="locations"
    )
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(max_length=500, blank=True)
    name = models.CharField(max_length=250, blank=True)
    alternate_name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=120, blank=True)
    external_identifier_type = models.CharField(max_length=60, blank=True)
    confidential = models.BooleanField(
        default=False,
        help_text="A refuge or safe house: shown only to people allowed to see it, never exported.",
    )
    # A confidential location's coordinates, encrypted (JSON); its public columns stay empty.
    sealed = EncryptedTextField(blank=True, default="")

    SEALED_FIELDS = ("latitude", "longitude")
    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["place", "confidential"]),
            models.Index(fields=["latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return self.name or self.get_location_type_display()

    def save(self, *args, **kwargs):
        _save_sealed(self, self.confidential, None, *args, **kwargs)
        if getattr(self, "_stored_confidential", self.confidential) != self.confidential:
            for address in self.addresses.all():
                address.location = self
                address.save()
        self._stored_confidential = self.confidential

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        _unseal(instance)
        instance._stored_confidential = instance.__dict__.get("confidential")
        return instance


class Address(models.Model):
    """A postal or physical address of a location (HSDS address)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=250, blank=True)
    address_1 = models.CharField(max_length=250)
    address_2 = models.CharField(max_length=250, blank=True)
    city = models.CharField(max_length=120)
    region = models.CharField(max_length=120, blank=True)
    state_province = models.CharField(max_length=120, blank=True)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(
        max_length=10, choices=Location.LocationType.choices, default=Location.LocationType.PHYSICAL
    )

    # A confidential location's address, encrypted (JSON); its public columns stay empty.
    sealed = EncryptedTextField(blank=True, default="")

    SEALED_FIELDS = (
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
    )

    class Meta:
        ordering = ["address_1"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(
            p for p in [self.address_1, self.address_2, self.city, self.postal_code] if p
        )

    def save(self, *args, **kwargs):
        _save_sealed(self, self.location.confidential, "", *args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        _unseal(instance)
        return instance


def _unseal(instance) -> None:
    """Put a confidential row's decrypted values back in its attributes (when loaded)."""
    sealed = instance.__dict__.get("sealed")
    if sealed:
        for name, value in json.loads(sealed).items():
            setattr(instance, name, value)


def _save_sealed(instance, confidential: bool, empty, *args, **kwargs) -> None:
    """Save a location or address; when confidential, its SEALED_FIELDS go only into the
    encrypted column and their public columns are written empty. The object keeps its values.
    """
    values = {name: getattr(instance, name) for name in instance.SEALED_FIELDS}
    instance.sealed = json.dumps(values) if confidential else ""
    if confidential:
        for name in instance.SEALED_FIELDS:
            setattr(instance, name, empty)
    update_fields = kwargs.get("update_fields")
    if update_fields is not None:
        kwargs["update_fields"] = {*update_fields, "sealed", *instance.SEALED_FIELDS}
    try:
        super(type(instance), instance).save(*args, **kwargs)
    finally:
        for name, value in values.items():
            setattr(instance, name, value)


def seal_written_rows(*, location_ids, address_ids) -> None:
    """Seal confidential rows whose plain columns were just written in SQL (the HSDS import):
    their plain values are the new ones; they move into the encrypted column."""
    for model, ids, confidential in (
        (Location, location_ids, "confidential"),
        (Address, address_ids, "location__confidential"),
    ):
        ids = [i for i in ids if i]
        if not ids:
            continue
        rows = model.objects.filter(pk__in=ids, **{confidential: True}).defer("sealed")
        for row in rows.select_related("location") if model is Address else rows:
            row._stored_confidential = True
            row.save(update_fields=[*model.SEALED_FIELDS, "sealed"])


class ServiceAtLocation(models.Model):
    """A service delivered at a location (HSDS service_at_location)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="directory_service_at_location_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Contact(models.Model):
    """A named person (or role) to contact about a service or organisation (HSDS contact).
    Their personal email and phones are personal data: never in the open API."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["place", "email"])]

    def __str__(self) -> str:
        return self.name or self.title or self.email or "Contact"


class Phone(models.Model):
    """A phone number of a contact, service, location or organisation (HSDS phone)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=40)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(
        max_length=20,
        blank=True,
        help_text="RFC 6350: text, voice, fax, cell, video, pager, textphone.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


class Schedule(models.Model):
    """When a service or location is open, as iCalendar RRULE parts (HSDS schedule)."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True, help_text="UTC offset in hours.")
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, choices=Freq.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=60, blank=True, help_text="e.g. MO,TU,WE,TH,FR")
    byweekno = models.CharField(max_length=200, blank=True)
    bymonthday = models.CharField(max_length=200, blank=True)
    byyearday = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["opens_at"]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        """A person-readable line: the description, or the days and hours."""
        if self.description:
            return self.description
        days = ", ".join(DAY_NAMES.get(d.strip(), d.strip()) for d in self.byday.split(",") if d)
        hours = ""
        if self.opens_at and self.closes_at:
            hours = f"{self.opens_at:%H:%M} to {self.closes_at:%H:%M}"
        return " ".join(p for p in [days, hours] if p) or "Times not given"


class Attribute(models.Model):
    """Tags an entity with a taxonomy term (HSDS attribute). When the entity is a service,
    `service` is set as well as link_id, so that filters are a plain indexed join."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    link_id = models.UUIDField()
    link_type = models.CharField(max_length=60, blank=True)
    link_entity = models.CharField(max_length=60, default="service")
    value = models.CharField(max_length=500, blank=True)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="attributes"
    )

    class Meta:
        ordering = ["taxonomy_term__name"]
        indexes = [
            models.Index(fields=["taxonomy_term", "service"]),
            models.Index(fields=["link_entity", "link_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"],
                condition=Q(service__isnull=False),
                name="directory_attribute_term_once_per_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.taxonomy_term} on {self.link_entity} {self.link_id}"


class ServiceSearchEntry(models.Model):
    """The text a service is found by, kept by joinedup.directory.search (never edit by hand).
    On SQLite an FTS5 table indexes it by `id`; on PostgreSQL `vector` carries a GIN index."""

    id = models.BigAutoField(primary_key=True)
    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="search_entry")
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    name = models.TextField(blank=True)
    body = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    vector = SearchVectorField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "service search entries"

    def __str__(self) -> str:
        return self.name


class SearchSynonym(models.Model):
    """A phrase people search for in a place ("DV", "rough sleeping") and what it means in
    the words services use (joinedup.directory.query reads them; convenors edit them)."""

    id = models.BigAutoField(primary_key=True)
    place = models.ForeignKey("core.Place", on_delete=models.CASCADE, related_name="+")
    phrase = models.CharField(max_length=100)
    key = models.CharField(max_length=100, help_text="The phrase normalised, for uniqueness.")
    meanings = models.TextField(help_text="One meaning to a line.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["place", "key"], name="directory_synonym_unique"),
        ]

    def __str__(self) -> str:
        return self.phrase

    @property
    def meaning_list(self) -> list[str]:
        return [line for line in self.meanings.splitlines() if line.strip()]
