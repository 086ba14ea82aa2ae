"""Permissions table rows for "start from another place's approach" (namespace startfrom).

Every expectation is a literal written here. A source place that does not share its approach,
and another place's copy record, answer 404 like any other place's object."""

import datetime

from joinedup.core.copies import start_run
from joinedup.events.models import Event
from tests.permissions_table import Row, roles

CONVENOR = {"convenor"}


def setup(world) -> None:
    from tests.core.factories import PlaceFactory

    sharing = PlaceFactory(name="Manchester", slug="manchester", shares_approach=True)
    world.objects["sharing"] = sharing
    Event.objects.create(place=sharing, title="Manchester day", date=datetime.date(2026, 11, 1))
    convenor = world.users["convenor"]
    world.objects["run"] = start_run(
        place=world.place, source_place=sharing, actor=convenor, chosen=["synonyms"]
    )
    world.objects["foreign_run"] = start_run(
        place=world.other_place, source_place=sharing, actor=None, chosen=["synonyms"]
    )


def _source(key):
    def kwargs(w):
        slug = w.other_place.slug if key == "not_sharing" else w.objects["sharing"].slug
        return {"place_slug": w.place.slug, "source_slug": slug}

    return kwargs


def _run(key):
    return lambda w: {"place_slug": w.place.slug, "run_id": w.objects[key].pk}


EXPECTATIONS = {
    "startfrom:start": Row(expect=roles(CONVENOR)),
    "startfrom:share": Row(expect=roles(CONVENOR)),
    "startfrom:share#save": Row(
        method="post", data=lambda w: {"shares": "no"}, expect=roles(CONVENOR, ok=302)
    ),
    # A place that does not share its approach looks as if it did not exist.
    "startfrom:choose": Row(
        kwargs=_source("sharing"),
        foreign_kwargs=_source("not_sharing"),
        expect=roles(CONVENOR),
    ),
    "startfrom:preview": Row(
        kwargs=_source("sharing"),
        foreign_kwargs=_source("not_sharing"),
        data=lambda w: {"parts": ["synonyms"]},
        expect=roles(CONVENOR),
    ),
    "startfrom:copy": Row(
        method="post",
        kwargs=_source("sharing"),
        foreign_kwargs=_source("not_sharing"),
        data=lambda w: {"parts": ["synonyms"]},
        expect=roles(CONVENOR, ok=302),
    ),
    "startfrom:done": Row(
        kwargs=_run("run"), foreign_kwargs=_run("foreign_run"), expect=roles(CONVENOR)
    ),
}
