"""Pathways of the token's place (published versions only) and its kit (pathways/kits.py)."""

import datetime

from django.http import Http404
from ninja import Router, Schema

from joinedup.api.v1_routers.common import ERRORS, Id, allow
from joinedup.core.audit import log_action
from joinedup.pathways import kits
from joinedup.pathways.models import Pathway, PathwayVersion

router = Router(tags=["pathways"])


class PathwayOut(Schema):
    id: int
    need: str
    title: str
    published_version: int | None
    last_reviewed: datetime.date | None


class Route(Schema):
    how: str
    detail: str


class StepOut(Schema):
    id: str
    level: int
    indicators: list[str]
    services: list[str]
    route: Route
    response_hours: int | None
    escalate_to: str | None
    consent: str


class PathwayDetail(PathwayOut):
    steps: list[StepOut]


def _published(place) -> dict:
    versions = PathwayVersion.objects.filter(place=place, status=PathwayVersion.Status.PUBLISHED)
    return dict(versions.values_list("pathway_id", "number"))


def _pathway_json(pathway: Pathway, published: dict) -> dict:
    return {
        "id": pathway.pk,
        "need": pathway.need.code,
        "title": pathway.title,
        "published_version": published.get(pathway.pk),
        "last_reviewed": pathway.last_reviewed,
    }


@router.get("", response={200: list[PathwayOut], **ERRORS}, summary="The place's pathways")
def list_pathways(request):
    """Every pathway of the token's place, with its published version's number (or null)."""
    allow(request, "pathways.view", request.place)
    published = _published(request.place)
    pathways = Pathway.objects.filter(place=request.place).select_related("need")
    return [_pathway_json(p, published) for p in pathways.order_by("title", "pk")]


@router.get("/kit", response={200: dict, **ERRORS}, summary="The place's kit")
def kit(request):
    """The place's levels, thresholds and published pathways as a joinedup-pathways/1 kit,
    the same document as the kit download on the pathways page (and audited the same way)."""
    allow(request, "pathways.view", request.place)
    data = kits.kit_dict_for_place(place=request.place)
    log_action(
        "pathways.kit.exported",
        actor=request.user,
        target=request.place,
        data={"pathways": len(data["pathways"]), "services": len(data["services"]), "api": True},
    )
    return data


@router.get("/{pathway_id}", response={200: PathwayDetail, **ERRORS}, summary="One pathway")
def get_pathway(request, pathway_id: Id):
    """One pathway of the token's place with its published steps (none when unpublished)."""
    allow(request, "pathways.view", request.place)
    pathway = (
        Pathway.objects.filter(pk=pathway_id, place=request.place).select_related("need").first()
    )
    if pathway is None:
        raise Http404("No such pathway")
    out = _pathway_json(pathway, _published(request.place))
    in_kit = kits.kit_dict_for_place(place=request.place)["pathways"]
    out["steps"] = next((p["steps"] for p in in_kit if p["need"] == pathway.need.code), [])
    return out
