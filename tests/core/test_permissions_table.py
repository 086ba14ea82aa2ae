"""Every URL pattern × every actor: anonymous, a member of another place, each role, admin.

Adding a URL without a row in some tests/<app>/permissions*.py fails
test_every_url_has_an_expectation. A URL may have more rows than one, for objects with owners:
"<url name>#<case>" (for example "followup:action_update#not_owner") is one more row of the URL
"<url name>", for another object.
"""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from joinedup.core.models import Role
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.permissions_table import ACTORS, World

TESTS_DIR = Path(__file__).resolve().parents[1]
# Django's admin has its own staff-only gate, tested in test_admin_is_for_site_admins_only.
EXEMPT_NAMESPACES = {"admin"}


def _load_tables():
    rows, setups = {}, []
    for path in sorted(TESTS_DIR.glob("*/permissions*.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
        for name, row in module.EXPECTATIONS.items():
            if name in rows:
                raise AssertionError(f"{name} has rows in two permissions files")
            rows[name] = row
        if hasattr(module, "setup"):
            setups.append(module.setup)
    return rows, setups


ROWS, SETUPS = _load_tables()


def _url_names(patterns=None, prefix=""):
    """Yield the full name (namespace:name) of every named URL pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{prefix}{namespace}:" if namespace else prefix
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def url_name(row_name: str) -> str:
    """The URL a row is about: its name without the "#case" suffix."""
    return row_name.partition("#")[0]


def test_every_url_has_an_expectation():
    names = set(_url_names())
    row_names = {url_name(name) for name in ROWS}
    missing = sorted(names - row_names)
    stale = sorted(row_names - names)
    assert missing == [], f"URLs with no permissions row: {missing}"
    assert stale == [], f"Permissions rows for URLs that no longer exist: {stale}"


@pytest.fixture
def world(db):
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    other_place = PlaceFactory(name="Exeter", slug="exeter")
    users = {"anonymous": None}
    outsider = UserFactory(email="outsider@council.example")
    for role in Role.values:
        MembershipFactory(user=outsider, place=other_place, role=role)
    users["other_place"] = outsider
    for role in Role.values:
        users[role] = UserFactory(email=f"{role}@council.example")
        MembershipFactory(user=users[role], place=place, role=role)
    users["admin"] = UserFactory(email="admin@council.example", is_staff=True, is_superuser=True)
    w = World(place=place, other_place=other_place, users=users)
    for setup in SETUPS:
        setup(w)
    return w


def _request(client, name, row, world, actor):
    """Make the row's request as the actor; return the URL and the response."""
    user = world.users[actor]
    client.logout()
    if user is not None:
        client.force_login(user)
    url = reverse(url_name(name), kwargs=row.kwargs(world))
    data = row.data(world) if row.data else {}
    extra = row.client_kwargs(world, actor) if row.client_kwargs else {}
    return url, getattr(client, row.method)(url, data, **extra)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_url_answers_each_actor_as_expected(client, world, name):
    row = ROWS[name]
    assert set(row.expect) == set(ACTORS), f"{name}: expectations must name every actor"
    wrong = []
    # The admin goes last: some rows (removing a member) change what later actors would see.
    for actor in ACTORS:
        url, response = _request(client, name, row, world, actor)
        if response.status_code != row.expect[actor]:
            wrong.append(f"{actor}: got {response.status_code}, expected {row.expect[actor]}")
        elif actor == "anonymous" and response.status_code == 302 and row.expect["convenor"] != 302:
            assert response["Location"].startswith(reverse("login")), url
    assert wrong == [], f"{name} ({row.method.upper()}): " + "; ".join(wrong)


@pytest.mark.parametrize("name", sorted(n for n, r in ROWS.items() if r.foreign_kwargs))
def test_another_places_object_answers_404(client, world, name):
    row = ROWS[name]
    client.force_login(world.users["convenor"])
    url = reverse(url_name(name), kwargs=row.foreign_kwargs(world))
    response = getattr(client, row.method)(url, row.data(world) if row.data else {})
    assert response.status_code == 404


def test_admin_is_for_site_admins_only(client, world):
    url = reverse("admin:index")
    client.force_login(world.users["convenor"])
    assert client.get(url).status_code == 302
    client.force_login(world.users["admin"])
    assert client.get(url).status_code == 200
