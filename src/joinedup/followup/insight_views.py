"""Insight pages: patterns in what the tables found, for one place and across places.

Inside a place, people with a role there see the moments with their text. Across places
(strategists), everyone's data is shown as aggregates only: counts under five withheld, and no
case study text (moments are named by life stage and life domain). We show every place in the
aggregate, not only the strategist's own, because national teams need national patterns and
the aggregate reveals nothing about a story; see docs/followup.md.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.casestudies.models import LifeDomain
from joinedup.core.http import id_param
from joinedup.core.models import Place
from joinedup.core.permissions import can, place_view
from joinedup.events.models import Event
from joinedup.followup import insight, insight_data, rules

DOMAINS = dict(LifeDomain.choices)


@place_view("followup.view")
def place_insight(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The place's patterns across all its case studies and events (or one event)."""
    events = list(
        Event.objects.filter(place=request.place).order_by("-date").values_list("pk", "title")
    )
    event_id = id_param(request.GET.get("event"))
    chosen = event_id if event_id in dict(events) else None
    event_ids = [chosen] if chosen else None
    # One rule with the report (followup.rules.case_study_text_events): a practitioner reads
    # the text of published reports' events here too, and no other.
    text_events = rules.case_study_text_events(request.user, request.place)
    observations, timing, moments = insight_data.for_place(
        request.place, event_ids=event_ids, with_moments=text_events is None
    )
    if text_events is not None:
        allowed = [e for e in text_events if chosen is None or e == chosen]
        moments = insight_data.moments(request.place, event_ids=allowed) if allowed else []
    show_text = text_events is None or bool(moments)
    titles = dict(events)
    return render(
        request,
        "followup/insight.html",
        {
            "page_title": "Insight",
            "events": events,
            "chosen": chosen,
            "total": insight.total(timing),
            "heatmap": insight.heatmap(observations),
            "share": insight.how_early_share(timing),
            "moments": insight.most_named_moments(moments),
            "show_text": show_text,
            "themes": insight.recurring_themes(
                insight_data.theme_uses(places=[request.place], event_ids=event_ids)
            ),
            "by_event": [
                (titles.get(e, "No event"), n, crisis) for e, n, crisis in insight.by_event(timing)
            ],
            "domains": DOMAINS,
            "can_across": can(request.user, "followup.insight_across_places", request.place),
        },
    )


@place_view("followup.insight_across_places")
def across_places(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Every place's patterns as aggregates: counts under five withheld, no case study text."""
    places = list(Place.objects.order_by("name"))
    observations, timing = insight_data.for_all_places()
    result = insight.across_places(
        observations,
        insight_data.theme_uses(),
        timing=timing,
        place_names={p.slug: p.name for p in places},
    )
    return render(
        request,
        "followup/insight_across.html",
        {
            "page_title": "Insight across places",
            "result": result,
            "domains": DOMAINS,
        },
    )
