"""Insight aggregates of the token's place: counts only, never a case study's text."""

from ninja import Router, Schema

from joinedup.api.v1_routers.common import ERRORS, allow
from joinedup.followup import insight, insight_data

router = Router(tags=["insight"])


class Cell(Schema):
    life_stage: str
    sector: str
    points: int


class ThemeCount(Schema):
    theme: str
    times: int
    events: int


class EventPoints(Schema):
    event_id: int | None
    points: int
    crisis_share: float | None


class InsightOut(Schema):
    intervention_points: int
    how_early: dict[str, int]
    by_life_stage_and_sector: list[Cell]
    recurring_themes: list[ThemeCount]
    by_event: list[EventPoints]


@router.get("", response={200: InsightOut, **ERRORS}, summary="The place's insight, as counts")
def place_insight(request):
    """Intervention points by how early, by life stage and sector, by event; recurring themes.
    The same figures as the insight page, without the moments' text."""
    allow(request, "followup.view", request.place)
    observations, timing, _ = insight_data.for_place(request.place, with_moments=False)
    share = insight.how_early_share(timing)
    heatmap = insight.heatmap(observations)
    themes = insight.recurring_themes(insight_data.theme_uses(places=[request.place]))
    return {
        "intervention_points": insight.total(timing),
        "how_early": {key or "not_said": n or 0 for key, n in share.counts.items()},
        "by_life_stage_and_sector": [
            {"life_stage": stage, "sector": sector, "points": n}
            for (stage, sector), n in sorted(heatmap.cells.items())
            if n
        ],
        "recurring_themes": [
            {"theme": t, "times": times, "events": events} for t, times, events in themes
        ],
        "by_event": [
            {"event_id": e, "points": n, "crisis_share": crisis}
            for e, n, crisis in insight.by_event(timing)
        ],
    }
