"""schemathesis against both APIs' own OpenAPI documents, through the WSGI application:
generated requests to every operation of /api/oruk/ and /api/v1/ (bad values included) get
no server error, and the ORUK API's answers match the HSDS schemas its OpenAPI declares.

Bounded (a few examples an operation) so that `make test` stays quick; run more by hand with
SCHEMATHESIS_EXAMPLES=200.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from joinedup.api import oruk as oruk_api
from joinedup.api import services
from joinedup.api import v1 as v1_api
from joinedup.wsgi import application
from tests.api.data import make_directory
from tests.events.factories import EventFactory
from tests.followup.factories import ActionFactory

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Keep the test's database connection across requests, as Django's test client does
    (each request's end would otherwise close it, inside the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def directory(db, place, other_place, wsgi_in_the_test_transaction):
    make_directory(place)
    make_directory(other_place, services=1, lat=50.72, lon=-3.53)


def _schema(api):
    """The API's OpenAPI document as the app serves it, called through the WSGI application.
    (Built here rather than fetched: schemathesis's lazy fixture loader does not run under
    pytest 9, and the document needs no database.)"""
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.app = application
    return schema


@pytest.fixture
def v1_token(db, place, make_member, settings, wsgi_in_the_test_transaction):
    """A convenor's write token in Ilford, with objects for the ids to find, unlimited."""
    settings.API_REQUESTS_PER_MINUTE = 1_000_000
    convenor = make_member(place, "convenor")
    for _ in range(3):
        EventFactory(place=place)
        ActionFactory(place=place)
    return services.issue_token(user=convenor, place=place, write=True)[1]


oruk = _schema(oruk_api.api)
v1 = _schema(v1_api.api)


@oruk.parametrize()
@BOUNDED
def test_the_oruk_api_never_errors_and_answers_as_its_openapi_says(case, directory):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )


@v1.parametrize()
@BOUNDED
def test_the_app_api_never_errors(case, v1_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {v1_token}"}, checks=[not_a_server_error]
    )


@v1.parametrize()
@BOUNDED
def test_the_app_api_without_a_token_never_errors(case, db, wsgi_in_the_test_transaction):
    case.call_and_validate(checks=[not_a_server_error])
