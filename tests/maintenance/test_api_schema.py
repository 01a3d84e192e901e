"""Schemathesis, in-process, against the OpenAPI schema with a contractor's token: every operation, with
zero failures of the checks that the schema tells the truth (no server error, documented status codes,
content types and response bodies).

Schemathesis' own pytest plugin reaches into pytest internals that pytest 9 removed, so the operations
are parametrized here and each one runs Hypothesis over the strategy Schemathesis builds for it.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from maintenance import services
from maintenance.models import Contractor
from tests.maintenance.factories import sample

pytestmark = [pytest.mark.django_db]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, methods in SchemaGenerator().get_schema(public=True)["paths"].items()
    for method in methods
)


@pytest.fixture
def wsgi_app():
    """The real WSGI application, minus the end-of-request connection clean-up (as Django's own test
    client does): closing the connection would end the test's transaction on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def contractor_token(city, media) -> str:
    services.alert_ingest(document=sample("cap-rainstorm-yellow-citywide.xml"), replay=True)
    _token, raw = services.api_token_create(
        contractor=Contractor.objects.get(name="阳泉市绿源园林养护有限公司（演示）"), name="schemathesis"
    )
    return raw


def test_every_operation_is_covered():
    assert len(OPERATIONS) >= 15


@pytest.mark.parametrize("label", OPERATIONS)
def test_the_operation_keeps_to_the_schema(label, contractor_token, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    operation = schema.find_operation_by_label(label)
    headers = {"Authorization": f"Bearer {contractor_token}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    def call(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
