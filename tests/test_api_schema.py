"""Schemathesis against the API's own OpenAPI schema, on the seed (docs/adr/0100-read-api.md): every operation with
generated parameters, as an outsider's token and as the province office's; no answer is a server error, and every
answer (errors included) has a status, a type and a body the schema states.

Bounded in time: a few examples per operation (the suite runs on a loaded 2-core machine)."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tokens import api_token_create

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# The schema /api/schema/ serves, made from the code (not the data); the calls go to the WSGI application.
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(SchemaGenerator(api_version="1").get_schema(public=True), cls=DjangoJSONEncoder))
)
schema.app = get_wsgi_application()


@pytest.fixture
def connection_kept(world):
    """As Django's test client does: the WSGI handler would otherwise close the test's connection (and roll back its
    transaction) at the end of each request."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def tokens(connection_kept, office, outsider):
    return [api_token_create(user=user, name="schemathesis")[1] for user in (outsider, office)]


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case, tokens):
    for raw in tokens:
        case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, checks=CHECKS)
