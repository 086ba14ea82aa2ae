"""The network pages: the map with its table, the export, and the "we work with …" form."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from joinedup.core.audit import log_action
from joinedup.core.models import Place
from joinedup.core.permissions import can, place_view
from joinedup.network import cache, digest, services, tables
from joinedup.network.forms import (
    KIND_LABELS,
    DeclareTieForm,
    DigestForm,
    IntroductionsFilterForm,
    MapFilterForm,
    TablesForm,
)
from joinedup.network.national import national_view, to_csv


def _filters(form: MapFilterForm) -> dict:
    data = form.cleaned_data if form.is_bound else {}
    return {"since": data.get("since"), "until": data.get("until"), "kinds": data.get("kind")}


@place_view("network.view")
def network_page(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The figures, the map (drawn from `map.json`) and its tables, a page of each at a time;
    filters by window and kind; a bad filter or table parameter answers 400."""
    form = MapFilterForm(request.GET or None)
    tables_form = TablesForm(
        request.GET,
        sorts={
            "teams": [k for k, _ in tables.sort_choices(tables.TEAM_COLUMNS)],
            "ties": [k for k, _ in tables.sort_choices(tables.TIE_COLUMNS)],
        },
    )
    filters_valid = not form.is_bound or form.is_valid()
    context = {
        "page_title": "Network of ties",
        "form": form,
        "tables_form": tables_form if filters_valid else None,  # one problem at a time
        "kind_labels": KIND_LABELS,
    }
    if not (filters_valid and tables_form.is_valid()):
        return render(request, "network/map.html", context, status=400)
    filters = _filters(form)
    network = cache.network_figures(place=request.place, **filters)
    query = dict(request.GET.lists())
    table = tables_form.cleaned_data
    try:
        teams = tables.teams_page(
            network.teams, sort=table["teams_sort"], page=table["teams_page"], query=query
        )
        ties = tables.ties_page(
            network.ties, sort=table["ties_sort"], page=table["ties_page"], query=query
        )
    except tables.NoSuchPage as past:
        raise Http404(f"There is no page {past} of this table") from past
    sectors = network.sector_colours()
    single = set(network.summary["single_points_of_failure"])
    return render(
        request,
        "network/map.html",
        {
            **context,
            "network": network,
            "teams_table": teams,
            "ties_table": ties,
            "sectors": sectors,
            "single_points_of_failure": [t.name for t in network.teams if t.id in single],
            "map_url": _map_url(request),
            "can_declare": can(request.user, "network.declare", request.place),
            "can_export": can(request.user, "network.export", request.place),
            "can_across": can(request.user, "network.across_places", request.place),
            "introductions_url": _with_filters(request, "network:introductions"),
        },
    )


@place_view("network.view")
def introductions_page(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The suggested introductions up to the `Up to` day (today when empty), most useful first;
    the network page's other filters are kept for its back link; a bad day answers 400."""
    form = IntroductionsFilterForm(request.GET or None)
    context = {
        "page_title": "Suggested introductions",
        "form": form,
        "map_page_url": _with_filters(request, "network:map"),
        "introductions_limit": services.introductions.LIMIT,
    }
    if form.is_bound and not form.is_valid():
        return render(request, "network/introductions.html", context, status=400)
    until = form.cleaned_data.get("until") if form.is_bound else None
    return render(
        request,
        "network/introductions.html",
        {
            **context,
            "until": until,
            "introductions": cache.suggested_introductions(place=request.place, until=until),
        },
    )


def _map_url(request: HttpRequest) -> str:
    """The map's data for the page's filters (the tables' parameters do not change it)."""
    return _with_filters(request, "network:map_data")


def _with_filters(request: HttpRequest, name: str) -> str:
    """The URL `name` of the place with the request's filters (not the tables' parameters)."""
    url = reverse(name, kwargs={"place_slug": request.place.slug})
    query = urlencode(
        [
            (key, value)
            for key, values in request.GET.lists()
            if not key.startswith(("teams_", "ties_"))
            for value in values
        ]
    )
    return f"{url}?{query}" if query else url


@place_view("network.view")
def map_data(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The map's teams and ties as JSON, for the same filters as the page (400 when bad)."""
    form = MapFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        return JsonResponse({"errors": errors}, status=400)
    body = cache.map_json(place=request.place, **_filters(form))
    return HttpResponse(body, content_type="application/json")


@place_view("network.export")
def export_ties(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Download the place's ties as joinedup-ties/1 (written to the audit log)."""
    document = services.export_ties(place=request.place, actor=request.user)
    response = JsonResponse(document, json_dumps_params={"indent": 1, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{request.place.slug}-ties.json"'
    return response


@place_view("network.declare")
def declare_tie(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Ask "which team do you work with, how often, how useful?" for one pair of teams."""
    form = DeclareTieForm(
        request.POST or None, teams=services.declarable_teams(place=request.place)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.declare_tie(place=request.place, actor=request.user, **form.cleaned_data)
            except services.DeclaredTieRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    f"Saved: {form.cleaned_data['team']} works with "
                    f"{form.cleaned_data['works_with']}",
                )
                return redirect("network:map", place_slug=request.place.slug)
        status = 400
    return render(
        request,
        "network/declare.html",
        {"page_title": "Tell us which teams you work with", "form": form},
        status=status,
    )


@place_view("network.across_places")
def across_places(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Every place's network figures side by side, for strategists: aggregates only."""
    return render(
        request,
        "network/across_places.html",
        {
            "page_title": "Networks across places",
            "rows": services.across_places(places=Place.objects.order_by("name")),
        },
    )


@place_view("network.national")
def national(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Every place side by side for strategists: aggregates only, counts under 5 withheld."""
    places, measures = national_view(places=Place.objects.order_by("name"))
    groups: dict = {}
    for m in measures:
        groups.setdefault(m.group, []).append(m)
    return render(
        request,
        "network/national.html",
        {"page_title": "National view", "places": places, "groups": groups.items()},
    )


@place_view("network.national")
def national_csv(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The national view as CSV (audited: it is an export)."""
    places, measures = national_view(places=Place.objects.order_by("name"))
    log_action(
        "network.national.exported",
        actor=request.user,
        place=request.place,
        data={"places": [p.slug for p in places]},
    )
    response = HttpResponse(to_csv(places, measures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="joinedup-national-view.csv"'
    response["Cache-Control"] = "no-store"
    return response


@place_view("network.digest")
def digest_settings(request: HttpRequest, place_slug: str) -> HttpResponse:
    """A member's own choice: the place's monthly digest by email, or not."""
    wanted = digest.wants_digest(user=request.user, place=request.place)
    form = DigestForm(
        request.POST if request.method == "POST" else None,
        initial={"digest": "yes" if wanted else "no"},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            opted_in = form.cleaned_data["digest"] == "yes"
            digest.set_digest_preference(user=request.user, place=request.place, opted_in=opted_in)
            messages.success(
                request,
                "You will get the monthly digest"
                if opted_in
                else "You will not get the monthly digest",
            )
            return redirect("network:digest", place_slug=request.place.slug)
        status = 400
    return render(
        request,
        "network/digest.html",
        {"page_title": "Monthly digest", "form": form, "wanted": wanted},
        status=status,
    )
