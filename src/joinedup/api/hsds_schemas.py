"""The HSDS 3.0 shapes of the Open Referral UK API's responses, as pydantic models, so that
its OpenAPI document describes what each endpoint answers (the ORUK validator checks each
response against it).

Each model names the fields HSDS requires and the ones we fill, with their types, and allows
the rest (HSDS objects may carry more): what `directory.hsds.serialise` writes passes through
unchanged. Empty optional fields are left out of responses, never null (HSDS allows no null).
"""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, create_model

Uuid = Annotated[str, Field(json_schema_extra={"format": "uuid"})]
DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class Hsds(BaseModel):
    """An HSDS object: the named fields, and any other HSDS field as it is."""

    model_config = ConfigDict(extra="allow")


class Taxonomy(Hsds):
    id: Uuid
    name: str
    description: str
    uri: str | None = None
    version: str | None = None


class TaxonomyTerm(Hsds):
    id: Uuid
    code: str | None = None
    name: str
    description: str
    parent_id: Uuid | None = None
    taxonomy: str | None = None
    taxonomy_id: Uuid | None = None
    taxonomy_detail: Taxonomy | None = None


class Attribute(Hsds):
    id: Uuid
    link_id: Uuid
    taxonomy_term_id: Uuid
    link_entity: str
    link_type: str | None = None
    value: str | None = None
    taxonomy_term: TaxonomyTerm | None = None


class Phone(Hsds):
    id: Uuid
    number: str
    type: str | None = None
    description: str | None = None


class Schedule(Hsds):
    id: Uuid
    freq: str | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    description: str | None = None


class Address(Hsds):
    id: Uuid
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    address_type: str


class Location(Hsds):
    id: Uuid
    location_type: str
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    organization_id: Uuid | None = None
    addresses: list[Address] | None = None
    phones: list[Phone] | None = None
    schedules: list[Schedule] | None = None


class Organization(Hsds):
    id: Uuid
    name: str
    description: str
    email: str | None = None
    website: str | None = None


class ServiceList(Hsds):
    """A service with its one-to-one fields (service_list), or only its id, name, status and
    last modified time (`minimal`)."""

    id: Uuid
    name: str
    status: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    organization_id: Uuid | None = None
    organization: Organization | None = None
    last_modified: DateTime | None = None


class ServiceAtLocationList(Hsds):
    id: Uuid
    service_id: Uuid | None = None
    location_id: Uuid | None = None
    location: Location
    service: ServiceList | None = None


class ServiceAtLocation(ServiceAtLocationList):
    phones: list[Phone] = []
    schedules: list[Schedule] = []
    contacts: list[dict] = []


class Service(ServiceList):
    """A fully nested service: phones, schedules, locations, attributes; contacts stay empty
    (they are named people)."""

    phones: list[Phone] = []
    schedules: list[Schedule] = []
    service_at_locations: list[ServiceAtLocation] = []
    attributes: list[Attribute] = []
    contacts: list[dict] = []


class OrganizationFull(Organization):
    services: list[Service | ServiceList] = []
    phones: list[Phone] = []
    locations: list[Location] = []
    contacts: list[dict] = []


class ApiInfo(BaseModel):
    """What `GET /` answers: the HSDS version, the profile, and where the OpenAPI is."""

    version: str
    profile: str
    openapi_url: str
    hsds_openapi_url: str | None = None


class Problem(BaseModel):
    """Why a request was refused, in a sentence."""

    detail: str


def page_of(item: type, name: str) -> type[BaseModel]:
    """The HSDS page envelope of a list endpoint, around items of one shape."""
    return create_model(
        name,
        total_items=(int, ...),
        total_pages=(int, ...),
        page_number=(int, ...),
        size=(int, ...),
        first_page=(bool, ...),
        last_page=(bool, ...),
        empty=(bool, ...),
        contents=(list[item], ...),
    )


ServicePage = page_of(Service | ServiceList, "ServicePage")
TaxonomyPage = page_of(Taxonomy, "TaxonomyPage")
TaxonomyTermPage = page_of(TaxonomyTerm, "TaxonomyTermPage")
OrganizationPage = page_of(OrganizationFull | Organization, "OrganizationPage")
ServiceAtLocationPage = page_of(ServiceAtLocation | ServiceAtLocationList, "ServiceAtLocationPage")
