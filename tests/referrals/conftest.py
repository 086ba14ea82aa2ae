"""Referrals fixtures: the taxonomies, a team that takes referrals in Joinedup and its receiver."""

import pytest

from joinedup.directory.taxonomies import ensure_taxonomies
from tests.directory.factories import ServiceFactory
from tests.referrals.factories import joinedup_step, receiver_for


@pytest.fixture(autouse=True)
def _taxonomies(request):
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    ensure_taxonomies()


@pytest.fixture
def team(place):
    return ServiceFactory(
        place=place, name="Ilford Early Help", email="earlyhelp@redbridge.example"
    )


@pytest.fixture
def mash(place):
    return ServiceFactory(place=place, name="Ilford MASH", email="mash@redbridge.example")


@pytest.fixture
def step(place, team, mash):
    return joinedup_step(place=place, services=[team], level=2, hours=16, escalate_to=mash)


@pytest.fixture
def practitioner(place, make_member):
    return make_member(
        place, "practitioner", full_name="Priya Practitioner", email="priya@nhs.example"
    )


@pytest.fixture
def receiver(place, team, make_member):
    user = make_member(place, "receiver", full_name="Rory Receiver", email="rory@redbridge.example")
    receiver_for(user=user, service=team)
    return user
