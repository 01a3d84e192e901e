"""Test data for the maintenance pipeline."""

from __future__ import annotations

import datetime
from pathlib import Path

import factory

from greening.lib.validators import credit_code_check_character
from maintenance.choices import ContractStatus, Priority, WarningLevel, WarningType
from maintenance.models import ContractArea, Contractor, MaintenanceContract, ResponseRule, WebhookEndpoint
from maintenance.webhooks import generate_secret
from tests.greenspaces.factories import GreenSpaceFactory


def valid_credit_code(n: int) -> str:
    """A unified social credit code that passes the GB 32100-2015 check digit."""
    first_17 = f"9114030011{n:07d}"
    return first_17 + credit_code_check_character(first_17)


SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


class ContractorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contractor

    name = factory.Sequence(lambda n: f"测试养护公司{n}")
    credit_code = factory.Sequence(lambda n: valid_credit_code(n))
    contact_person = "王经理"
    contact_phone = "13803530000"


class MaintenanceContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenanceContract

    code = factory.Sequence(lambda n: f"HT-{n:04d}")
    contractor = factory.SubFactory(ContractorFactory)
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2099, 12, 31)
    status = ContractStatus.ACTIVE


class ContractAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractArea

    contract = factory.SubFactory(MaintenanceContractFactory)
    green_space = factory.SubFactory(GreenSpaceFactory)


class ResponseRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseRule

    name = factory.Sequence(lambda n: f"规则{n}")
    warning_type = WarningType.RAINSTORM
    min_level = WarningLevel.BLUE
    task_zh = "清理雨水口"
    task_en = "Clear the gullies"
    priority = Priority.HIGH


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    contractor = factory.SubFactory(ContractorFactory)
    url = "http://127.0.0.1:9/hook"
    secret = factory.LazyFunction(generate_secret)


def under_contract(green_space, contractor=None) -> MaintenanceContract:
    """Put a green space under an active contract of ``contractor`` (a new one if not given)."""
    contract = MaintenanceContractFactory(**({"contractor": contractor} if contractor else {}))
    ContractAreaFactory(contract=contract, green_space=green_space)
    return contract
