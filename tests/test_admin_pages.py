"""Every admin page of the portal renders for staff, in zh-hans and in English."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from greenspaces.models import HeritageTree, PatrolReminderDigest
from maintenance import services
from maintenance.models import Delivery, WebhookMessage
from tests.greenspaces.factories import HeritageTreePatrolFactory
from tests.maintenance.factories import WebhookEndpointFactory, sample
from tests.plans import admin_rows as plans_admin_rows
from tests.projects import admin_rows as projects_admin_rows
from tests.volunteers import admin_rows as volunteers_admin_rows

pytestmark = pytest.mark.django_db

ADMINS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def portal(db):
    """The city's data plus one of every record the pipeline writes."""
    call_command("load_yangquan", stdout=StringIO())
    HeritageTreePatrolFactory(tree=HeritageTree.objects.first(), patrol_date=datetime.date(2026, 1, 5))
    PatrolReminderDigest.objects.create(date=datetime.date(2026, 11, 1), overdue_count=2, recipients="wang@example.cn")
    Group.objects.create(name="园林绿化科")
    result = services.alert_ingest(document=sample("cap-heat-red-kuangqu.xml"), replay=True)
    WebhookEndpointFactory(contractor=result.fan_out.created[0].contractor)
    services.api_token_create(contractor=result.fan_out.created[0].contractor, name="调度系统")
    order = result.fan_out.created[0]
    services.order_cancel(order=order, actor=None, reason="测试")
    message = WebhookMessage.objects.first()
    Delivery.objects.create(message=message, attempt=1, status_code=500, error="boom")
    services.forecast_ingest(document=sample("forecast-yangquan-7day.json"))
    services.irrigation_advise(day=datetime.date.fromisoformat("2024-11-28"))
    # Each app makes one row of every model it registers that the city data does not hold.
    for rows in (projects_admin_rows, plans_admin_rows, volunteers_admin_rows):
        rows.make()


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", ADMINS, ids=lambda model: model._meta.label)
def test_every_admin_page_renders_in_both_languages(client, staff_user, portal, model):
    client.force_login(staff_user)
    model_admin = admin.site._registry[model]
    obj = model.objects.first()
    assert obj is not None, f"the fixture made no {model.__name__}"
    pages = [admin_url(model, "changelist"), admin_url(model, "change", obj.pk)]
    request = client.get("/").wsgi_request
    request.user = staff_user
    if model_admin.has_add_permission(request):
        pages.append(admin_url(model, "add"))
    for language in ("zh-hans", "en"):
        client.cookies["lang"] = language
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert response["Content-Language"] == language
