"""order_create: one order outside the weather fan-out (a steward's report), assigned and pushed as usual."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from maintenance.choices import OrderSource, OrderStatus, Priority, WebhookEventType
from maintenance.models import MaintenanceOrder, OrderTransition, WebhookMessage
from maintenance.services.orders import order_create
from tests.greenspaces.factories import GreenSpaceFactory
from tests.maintenance.factories import ContractorFactory, WebhookEndpointFactory, under_contract

pytestmark = pytest.mark.django_db


def create(space, **kwargs):
    values = {
        "green_space": space,
        "source": OrderSource.STEWARD,
        "title": "市民园长报告 · 草坪 · 桃园社区公园",
        "task_zh": "补植斑秃草坪",
        "task_en": "Patch the bare lawn",
        "priority": Priority.NORMAL,
    }
    values.update(kwargs)
    return order_create(**values)


def test_the_order_goes_to_the_contractor_under_contract_with_its_first_status_and_push(staff_user):
    space = GreenSpaceFactory()
    contractor = ContractorFactory()
    under_contract(space, contractor)
    endpoint = WebhookEndpointFactory(contractor=contractor)
    order = create(space, actor=staff_user)
    assert order.contractor == contractor
    assert order.status == OrderStatus.ISSUED
    transition = OrderTransition.objects.get(order=order)
    assert (transition.from_status, transition.to_status, transition.actor) == ("", OrderStatus.ISSUED, staff_user)
    message = WebhookMessage.objects.get(order=order)
    assert (message.endpoint, message.event_type) == (endpoint, WebhookEventType.ORDER_CREATED)


def test_without_a_contract_the_order_is_unassigned_and_staff_are_told(
    staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    space = GreenSpaceFactory(name="无合同绿地")
    with django_capture_on_commit_callbacks(execute=True):
        order = create(space, actor=staff_user)
    assert order.contractor is None
    assert order.status == OrderStatus.UNASSIGNED
    assert WebhookMessage.objects.count() == 0
    assert len(mailoutbox) == 1 and "无合同绿地" in mailoutbox[0].body


def test_an_expired_contract_does_not_count():
    space = GreenSpaceFactory()
    contract = under_contract(space)
    contract.end_date = datetime.date(2021, 1, 1)
    contract.save()
    assert create(space).status == OrderStatus.UNASSIGNED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source": OrderSource.WEATHER}, "source"),
        ({"title": " "}, "title"),
        ({"task_zh": ""}, "task_zh"),
        ({"priority": "whenever"}, "priority"),
        ({"complete_due_at": timezone.now() - datetime.timedelta(hours=1)}, "complete_due_at"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(change, field):
    space = GreenSpaceFactory()
    with pytest.raises(ValidationError) as error:
        create(space, **change)
    assert field in error.value.error_dict
    assert MaintenanceOrder.objects.count() == 0
    assert OrderTransition.objects.count() == 0
