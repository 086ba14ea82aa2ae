"""Permissions table rows for the pathways' own pages (find help has its own file)."""

from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.pathways import services as pathways
from tests.directory.factories import ServiceFactory, need
from tests.permissions_table import ALL, Row, roles

CONVENOR = {"convenor"}


def _pathway_with_draft(place, service, actor):
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="A child may be at risk", actor=actor
    )
    fields = pathways.StepFields(level=2, indicators=["Parent asks for help"], services=[service])
    pathways.save_step(version=pathway.draft, actor=actor, fields=fields)
    pathways.publish(version=pathway.draft, actor=actor)
    draft = pathways.draft_for_edit(pathway=pathway, actor=actor)
    return pathway, draft.steps.get()


def setup(world) -> None:
    ensure_taxonomies()
    service = ServiceFactory(place=world.place, name="Early Help Family Support")
    foreign_service = ServiceFactory(place=world.other_place, name="Exeter Early Help")
    world.objects["pathways_service"] = service
    world.objects["pathways_foreign_service"] = foreign_service
    pathway, step = _pathway_with_draft(world.place, service, world.users["convenor"])
    world.objects["pathway"], world.objects["pathway_step"] = pathway, step
    foreign, foreign_step = _pathway_with_draft(
        world.other_place, foreign_service, world.users["admin"]
    )
    world.objects["foreign_pathway"], world.objects["foreign_pathway_step"] = foreign, foreign_step


def _service(key):
    return lambda w: {"place_slug": w.place.slug, "service_id": w.objects[key].pk}


def _pathway(key):
    return lambda w: {"place_slug": w.place.slug, "pathway_id": w.objects[key].pk}


def _step(pathway_key, step_key):
    return lambda w: {
        "place_slug": w.place.slug,
        "pathway_id": w.objects[pathway_key].pk,
        "step_id": w.objects[step_key].pk,
    }


EXPECTATIONS = {
    "pathways:list": Row(expect=roles(ALL)),
    "pathways:pathway_create": Row(expect=roles(CONVENOR)),
    "pathways:levels": Row(expect=roles(ALL)),
    "pathways:levels_edit": Row(expect=roles(CONVENOR)),
    "pathways:check": Row(expect=roles(ALL)),
    "pathways:kit_export": Row(expect=roles(ALL)),
    "pathways:kit_import": Row(expect=roles(CONVENOR)),
    # With no kit uploaded in the session, the convenor is sent back to the upload page.
    "pathways:kit_import_map": Row(expect=roles(CONVENOR, ok=302)),
    "pathways:service_thresholds": Row(
        kwargs=_service("pathways_service"),
        foreign_kwargs=_service("pathways_foreign_service"),
        expect=roles(ALL),
    ),
    "pathways:service_thresholds_edit": Row(
        kwargs=_service("pathways_service"),
        foreign_kwargs=_service("pathways_foreign_service"),
        expect=roles(CONVENOR),
    ),
    "pathways:pathway": Row(
        kwargs=_pathway("pathway"),
        foreign_kwargs=_pathway("foreign_pathway"),
        expect=roles(ALL),
    ),
    "pathways:draft": Row(
        kwargs=_pathway("pathway"),
        foreign_kwargs=_pathway("foreign_pathway"),
        expect=roles(CONVENOR),
    ),
    "pathways:step_create": Row(
        kwargs=_pathway("pathway"),
        foreign_kwargs=_pathway("foreign_pathway"),
        expect=roles(CONVENOR),
    ),
    "pathways:step_edit": Row(
        kwargs=_step("pathway", "pathway_step"),
        foreign_kwargs=_step("foreign_pathway", "foreign_pathway_step"),
        expect=roles(CONVENOR),
    ),
    "pathways:step_remove": Row(
        kwargs=_step("pathway", "pathway_step"),
        foreign_kwargs=_step("foreign_pathway", "foreign_pathway_step"),
        expect=roles(CONVENOR),
    ),
    "pathways:publish": Row(
        kwargs=_pathway("pathway"),
        foreign_kwargs=_pathway("foreign_pathway"),
        expect=roles(CONVENOR),
    ),
}
