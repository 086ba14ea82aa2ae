"""Case study fixtures: a host who writes, an approved story, and a capture sheet."""

import pytest

from joinedup.casestudies.models import CaseStudy
from joinedup.directory.taxonomies import ensure_taxonomies
from tests.casestudies.factories import CaseStudyFactory, TableCaptureFactory, TimelineEntryFactory


@pytest.fixture(autouse=True)
def _taxonomies(request):
    """Sectors exist in every database test (a transactional flush empties them)."""
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    ensure_taxonomies()


@pytest.fixture
def host(place, make_member):
    return make_member(place, "host", full_name="Hana Host")


@pytest.fixture
def host_client(client, host):
    client.force_login(host)
    return client


@pytest.fixture
def approved_study(place, host):
    study = CaseStudyFactory(place=place, author=host, state=CaseStudy.State.APPROVED)
    for age in (13, 14, 15):
        TimelineEntryFactory(case_study=study, order=age, age_years=age)
    return study


@pytest.fixture
def sheet(approved_study):
    return TableCaptureFactory(case_study=approved_study, label="Table 1")
