"""Permissions table rows for the open Open Referral UK API: everyone may read it."""

from joinedup.directory.taxonomies import ensure_taxonomies, need_id, stable_id
from tests.directory.factories import ServiceAtLocationFactory, ServiceFactory
from tests.permissions_table import Row, everyone, no_kwargs


def setup(world) -> None:
    ensure_taxonomies()
    service = ServiceFactory(place=world.place, name="Open feed service")
    world.objects["api_service"] = service
    world.objects["api_sal"] = ServiceAtLocationFactory(service=service, place=world.place)


def _id(name, key):
    return lambda w: {name: str(w.objects[key].pk)}


EXPECTATIONS = {
    "oruk:root": Row(kwargs=no_kwargs, expect=everyone(200)),
    "oruk:api-root": Row(kwargs=no_kwargs, expect=everyone(200)),
    "oruk:openapi-json": Row(kwargs=no_kwargs, expect=everyone(200)),
    "oruk:services_list": Row(kwargs=no_kwargs, expect=everyone(200)),
    "oruk:service_detail": Row(kwargs=_id("service_id", "api_service"), expect=everyone(200)),
    "oruk:taxonomies_list": Row(kwargs=no_kwargs, expect=everyone(200)),
    "oruk:taxonomy_detail": Row(
        kwargs=lambda w: {"taxonomy_id": str(stable_id("taxonomy", "needs"))},
        expect=everyone(200),
    ),
    "oruk:taxonomy_terms_list": Row(kwargs=no_kwargs, expect=everyone(200)),
    "oruk:taxonomy_term_detail": Row(
        kwargs=lambda w: {"term_id": str(need_id("homelessness"))}, expect=everyone(200)
    ),
    "oruk:organizations_list": Row(kwargs=no_kwargs, expect=everyone(200)),
    "oruk:organization_detail": Row(
        kwargs=lambda w: {"organization_id": str(w.objects["api_service"].organization_id)},
        expect=everyone(200),
    ),
    "oruk:service_at_locations_list": Row(kwargs=no_kwargs, expect=everyone(200)),
    "oruk:service_at_location_detail": Row(kwargs=_id("sal_id", "api_sal"), expect=everyone(200)),
}
