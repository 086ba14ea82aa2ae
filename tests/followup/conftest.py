"""Follow-up fixtures: taxonomies and themes, an event that was held, its case study."""

import datetime

import pytest

from joinedup.casestudies.models import CaseStudy
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Event
from joinedup.followup.themes import ensure_themes
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory
from tests.events.factories import EventFactory


@pytest.fixture(autouse=True)
def _taxonomies(request):
    """Sectors and themes exist in every database test (a transactional flush empties them)."""
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    ensure_taxonomies()
    ensure_themes()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Insight groupings are cached; each test starts without them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def held_event(place):
    return EventFactory(
        place=place,
        title="Ilford joined-up day",
        date=datetime.date.today() - datetime.timedelta(days=7),
        status=Event.Status.HELD,
    )


@pytest.fixture
def study(place):
    study = CaseStudyFactory(place=place, title="Kai's story", state=CaseStudy.State.APPROVED)
    for order, age in enumerate((9, 13, 14, 15), start=1):
        TimelineEntryFactory(
            case_study=study,
            order=order,
            age_years=age,
            what_happened=f"At {age}, Kai's school raised a worry.",
        )
    return study
