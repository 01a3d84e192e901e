"""End to end through Redis: a warning is ingested, a real worker pushes the signed order to a receiver."""

from __future__ import annotations

from io import StringIO

import pytest
import standardwebhooks
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command

from greening.celery import app
from maintenance import services
from maintenance.choices import MessageState
from maintenance.models import Contractor, WebhookMessage
from tests.integration.conftest import wait_for
from tests.maintenance.factories import WebhookEndpointFactory, sample

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_delivers_the_new_order_to_the_contractors_webhook(redis_broker, httpserver):
    call_command("load_yangquan", stdout=StringIO())
    contractor = Contractor.objects.get(contracts__areas__green_space__code="caishi-garden")
    endpoint = WebhookEndpointFactory(contractor=contractor, url=httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # Committing the ingest enqueues the flush on Redis; the worker sends it.
        services.alert_ingest(document=sample("cap-heat-red-kuangqu.xml"), replay=True)
        assert wait_for(lambda: WebhookMessage.objects.filter(state=MessageState.DELIVERED).exists())
    request, _response = httpserver.log[0]
    payload = standardwebhooks.Webhook(endpoint.secret).verify(request.get_data(), dict(request.headers))
    assert payload["type"] == "order.created"
    assert payload["data"]["green_space"]["code"] == "caishi-garden"


def test_the_sweep_task_delivers_what_was_left_behind(redis_broker, httpserver):
    call_command("load_yangquan", stdout=StringIO())
    contractor = Contractor.objects.get(contracts__areas__green_space__code="caishi-garden")
    WebhookEndpointFactory(contractor=contractor, url=httpserver.url_for("/hook"))
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    # Ingested with no worker running: the flush request sits in Redis, as if the worker had been down.
    services.alert_ingest(document=sample("cap-heat-red-kuangqu.xml"), replay=True)
    app.control.purge()
    from maintenance.tasks import webhook_sweep_task

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        webhook_sweep_task.delay()
        assert wait_for(lambda: WebhookMessage.objects.filter(state=MessageState.DELIVERED).exists())
