"""The permissions table's vocabulary: who asks (actors), what they should get (rows).

Each app lists its URLs in tests/<app>/permissions*.py as `EXPECTATIONS = {url_name: Row}`
and may define `setup(world)` to create the objects its URLs need. A URL whose objects have
owners gets more rows, keyed "<url_name>#<case>" (the owner's object, someone else's), each
with its own literal expectations. The table test
(tests/core/test_permissions_table.py) walks every URL pattern and fails when one has no row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ACTORS = (
    "anonymous",
    "other_place",
    "convenor",
    "host",
    "practitioner",
    "strategist",
    "receiver",
    "admin",
)
ROLES = ("convenor", "host", "practitioner", "strategist", "receiver")


@dataclass
class World:
    """The place under test, another place, one user per actor, and objects apps create."""

    place: object
    other_place: object
    users: dict
    objects: dict = field(default_factory=dict)


def place_kwargs(world: World) -> dict:
    return {"place_slug": world.place.slug}


def no_kwargs(world: World) -> dict:
    return {}


@dataclass
class Row:
    """What each actor should get from one URL (status codes; 302 for anonymous means sign-in)."""

    expect: dict
    kwargs: Callable[[World], dict] = place_kwargs
    method: str = "get"
    data: Callable[[World], dict] | None = None
    # kwargs pointing at an object of the other place: a convenor of this place must get 404.
    foreign_kwargs: Callable[[World], dict] | None = None
    # more keyword arguments of the test client's call, per actor (headers, content_type):
    # the app API's rows send each actor's bearer token this way.
    client_kwargs: Callable[[World, str], dict] | None = None


def roles(
    allowed,
    *,
    ok: int = 200,
    anonymous: int = 302,
    other_place: int = 404,
    admin: int | None = None,
) -> dict:
    """Expectations for a place page: the allowed roles get `ok`, other roles 403."""
    expect = {
        "anonymous": anonymous,
        "other_place": other_place,
        "admin": ok if admin is None else admin,
    }
    for role in ROLES:
        expect[role] = ok if role in allowed else 403
    return expect


ALL = ROLES


def everyone(status: int) -> dict:
    """The same status for every actor (public pages)."""
    return dict.fromkeys(ACTORS, status)
