"""A Redis database of our own for tests that run the RQ task backend.

Redis at JOINEDUP_REDIS_URL (default redis://127.0.0.1:6379/0) is shared by every test run on
the machine, so a test takes one of the numbered databases 1-15 under a lock key that expires,
empties it, and gives it back. Without Redis the RQ variants fail under CI (CI=true, as
.ci/run sets it), and are skipped elsewhere with the reason.
"""

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

LOCK = "joinedup:test-lock"


def _base_url() -> str:
    return os.environ.get("JOINEDUP_REDIS_URL", "redis://127.0.0.1:6379/0")


def _with_db(url: str, number: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


@pytest.fixture
def redis_url():
    """The URL of an empty Redis database that only this test uses."""
    import redis

    base = _base_url()
    try:
        redis.Redis.from_url(base, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis is not reachable at {base} ({error}); the RQ backend needs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    token = str(uuid.uuid4())
    for number in range(1, 16):
        url = _with_db(base, number)
        client = redis.Redis.from_url(url)
        if client.set(LOCK, token, nx=True, ex=900):
            break
    else:
        pytest.fail("every Redis database 1-15 is taken by other test runs")
    for key in client.scan_iter():
        if key != LOCK.encode():
            client.delete(key)
    try:
        yield url
    finally:
        for key in client.scan_iter():
            if key != LOCK.encode():
                client.delete(key)
        if client.get(LOCK) == token.encode():
            client.delete(LOCK)


@pytest.fixture(params=["database", "rq"])
def task_backend(request) -> dict:
    """The environment that selects each task backend in turn (RQ on a database of its own)."""
    if request.param == "rq":
        return {"JOINEDUP_TASKS": "rq", "JOINEDUP_REDIS_URL": request.getfixturevalue("redis_url")}
    return {"JOINEDUP_TASKS": "database"}
