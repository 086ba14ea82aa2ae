"""Permissions table rows for the directory's own URLs (the import has its own file)."""

from joinedup.directory.models import SearchSynonym
from joinedup.directory.taxonomies import ensure_taxonomies
from tests.directory.factories import ContactFactory, OrganizationFactory, ServiceFactory
from tests.permissions_table import ALL, Row, roles

CONVENOR = {"convenor"}


def setup(world) -> None:
    ensure_taxonomies()
    service = ServiceFactory(place=world.place, name="Housing Options")
    world.objects["service"] = service
    world.objects["contact"] = ContactFactory(service=service)
    world.objects["organization"] = service.organization
    foreign = ServiceFactory(place=world.other_place, name="Exeter Housing")
    world.objects["foreign_service"] = foreign
    world.objects["foreign_contact"] = ContactFactory(service=foreign)
    world.objects["foreign_organization"] = OrganizationFactory(place=world.other_place)
    # every place is seeded with the default words people search for
    world.objects["synonym"] = SearchSynonym.objects.get(place=world.place, key="dv")
    world.objects["foreign_synonym"] = SearchSynonym.objects.get(place=world.other_place, key="dv")


def _service(key):
    def kwargs(w):
        return {"place_slug": w.place.slug, "service_id": w.objects[key].pk}

    return kwargs


def _contact(service_key, contact_key):
    def kwargs(w):
        return {
            "place_slug": w.place.slug,
            "service_id": w.objects[service_key].pk,
            "contact_id": w.objects[contact_key].pk,
        }

    return kwargs


def _organization(key):
    def kwargs(w):
        return {"place_slug": w.place.slug, "organization_id": w.objects[key].pk}

    return kwargs


def _synonym(key):
    def kwargs(w):
        return {"place_slug": w.place.slug, "synonym_id": w.objects[key].pk}

    return kwargs


EXPECTATIONS = {
    "directory:services": Row(expect=roles(ALL)),
    "directory:coverage": Row(expect=roles(ALL)),
    "directory:service_create": Row(expect=roles(CONVENOR)),
    "directory:service": Row(
        kwargs=_service("service"),
        foreign_kwargs=_service("foreign_service"),
        expect=roles(ALL),
    ),
    "directory:service_edit": Row(
        kwargs=_service("service"),
        foreign_kwargs=_service("foreign_service"),
        expect=roles(CONVENOR),
    ),
    "directory:service_check": Row(
        method="post",
        kwargs=_service("service"),
        foreign_kwargs=_service("foreign_service"),
        # a checked service sends the convenor back to its page
        expect=roles(CONVENOR, ok=302),
    ),
    "directory:contact_create": Row(
        kwargs=_service("service"),
        foreign_kwargs=_service("foreign_service"),
        expect=roles(CONVENOR),
    ),
    "directory:contact_edit": Row(
        kwargs=_contact("service", "contact"),
        foreign_kwargs=_contact("foreign_service", "foreign_contact"),
        expect=roles(CONVENOR),
    ),
    "directory:contact_delete": Row(
        kwargs=_contact("service", "contact"),
        foreign_kwargs=_contact("foreign_service", "foreign_contact"),
        # GET asks for confirmation; nothing is removed
        expect=roles(CONVENOR),
    ),
    "directory:organization_edit": Row(
        kwargs=_organization("organization"),
        foreign_kwargs=_organization("foreign_organization"),
        expect=roles(CONVENOR),
    ),
    "directory:synonyms": Row(expect=roles(ALL)),
    "directory:synonym_create": Row(expect=roles(CONVENOR)),
    "directory:synonym_edit": Row(
        kwargs=_synonym("synonym"),
        foreign_kwargs=_synonym("foreign_synonym"),
        expect=roles(CONVENOR),
    ),
    "directory:synonym_delete": Row(
        kwargs=_synonym("synonym"),
        foreign_kwargs=_synonym("foreign_synonym"),
        # GET asks for confirmation; nothing is removed
        expect=roles(CONVENOR),
    ),
}
