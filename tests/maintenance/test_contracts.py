"""At most one active contract per green space at any date."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maintenance import selectors, services
from maintenance.choices import ContractStatus
from maintenance.models import ContractArea, MaintenanceContract
from tests.greenspaces.factories import GreenSpaceFactory
from tests.maintenance.factories import ContractorFactory, under_contract

pytestmark = pytest.mark.django_db


def new_contract(**values) -> MaintenanceContract:
    defaults = {
        "code": "HT-NEW",
        "contractor": ContractorFactory(),
        "start_date": datetime.date(2026, 6, 1),
        "end_date": datetime.date(2027, 5, 31),
        "status": ContractStatus.ACTIVE,
    }
    return MaintenanceContract(**{**defaults, **values})


def test_a_green_space_cannot_be_under_two_active_contracts_at_once():
    space = GreenSpaceFactory()
    under_contract(space)
    with pytest.raises(ValidationError) as excinfo:
        services.contract_save(contract=new_contract(), green_spaces=[space])
    assert space.name in excinfo.value.messages[0]
    assert not MaintenanceContract.objects.filter(code="HT-NEW").exists()


def test_a_contract_that_does_not_overlap_in_time_is_accepted():
    space = GreenSpaceFactory()
    old = under_contract(space)
    old.end_date = datetime.date(2026, 5, 31)
    old.save()
    contract = services.contract_save(contract=new_contract(), green_spaces=[space])
    assert list(contract.green_spaces.all()) == [space]


def test_a_draft_contract_may_overlap_until_it_is_activated():
    space = GreenSpaceFactory()
    under_contract(space)
    draft = services.contract_save(contract=new_contract(status=ContractStatus.DRAFT), green_spaces=[space])
    draft.status = ContractStatus.ACTIVE
    with pytest.raises(ValidationError):
        services.contract_save(contract=draft, green_spaces=[space])


def test_saving_a_contract_replaces_its_green_spaces():
    first, second = GreenSpaceFactory(), GreenSpaceFactory()
    contract = services.contract_save(contract=new_contract(), green_spaces=[first])
    services.contract_save(contract=contract, green_spaces=[second])
    assert list(ContractArea.objects.filter(contract=contract).values_list("green_space", flat=True)) == [second.pk]


def test_uncovered_green_spaces_are_listed():
    covered, uncovered = GreenSpaceFactory(), GreenSpaceFactory()
    under_contract(covered)
    assert list(selectors.green_spaces_without_contract()) == [uncovered]


def test_the_admin_refuses_an_overlapping_green_space_in_chinese(zh_client, staff_user):
    space = GreenSpaceFactory()
    under_contract(space)
    contractor = ContractorFactory()
    zh_client.force_login(staff_user)
    response = zh_client.post(
        reverse("admin:maintenance_maintenancecontract_add"),
        {
            "code": "HT-ADMIN",
            "contractor": contractor.pk,
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "maintenance_grade": "grade_2",
            "status": "active",
            "areas-TOTAL_FORMS": "1",
            "areas-INITIAL_FORMS": "0",
            "areas-0-green_space": space.pk,
        },
    )
    assert response.status_code == 200
    assert "已有其他有效养护合同" in response.content.decode()
    assert not MaintenanceContract.objects.filter(code="HT-ADMIN").exists()


def test_the_contract_list_warns_of_uncovered_green_spaces(zh_client, staff_user):
    GreenSpaceFactory(name="无人养护的游园")
    zh_client.force_login(staff_user)
    response = zh_client.get(reverse("admin:maintenance_maintenancecontract_changelist"))
    assert "无人养护的游园" in response.content.decode()
