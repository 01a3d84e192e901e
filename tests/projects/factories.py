"""Test data for the capital projects."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from greening.lib.validators import credit_code_check_character
from projects.choices import (
    DonorKind,
    FundingSourceKind,
    InspectionKind,
    ProjectKind,
    SurfaceType,
    WorkUnit,
)
from projects.models import (
    DesignRainfall,
    Donation,
    DonationScheme,
    Donor,
    FundingApplication,
    Milestone,
    Project,
    ProjectInspection,
    RunoffCoefficient,
    SpecialSupervisor,
    SurfaceArea,
    WorkItem,
)
from tests.greenspaces.factories import GreenSpaceFactory

__all__ = ["GreenSpaceFactory"]


def credit_code(n: int) -> str:
    """A valid unified social credit code (GB 32100-2015 check digit) numbered ``n``."""
    first_17 = f"91140300{n:09d}"
    return first_17 + credit_code_check_character(first_17)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"project-{n}")
    name = factory.Sequence(lambda n: f"测试工程{n}")
    kind = ProjectKind.SPONGE_RETROFIT
    programme = "阳泉市海绵城市公园绿地类建设项目"
    responsible_unit = "阳泉市城市管理局"


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"工作内容{n}")
    unit = WorkUnit.SQUARE_METRE
    planned_quantity = Decimal("100")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"节点{n}")
    owner = "园林绿化科"
    due_date = datetime.date(2026, 6, 30)


class RunoffCoefficientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RunoffCoefficient
        django_get_or_create = ("surface_type",)

    surface_type = SurfaceType.GREEN_SPACE
    name = factory.LazyAttribute(lambda row: SurfaceType(row.surface_type).label)
    coefficient = Decimal("0.15")
    source = "domain-facts §4"


class DesignRainfallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesignRainfall

    place = "测试市"
    capture_ratio = Decimal("85")
    depth_mm = Decimal("25")
    is_default = True
    source = "测试"


class SurfaceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurfaceArea

    project = factory.SubFactory(ProjectFactory)
    surface = factory.SubFactory(RunoffCoefficientFactory)
    area_m2 = Decimal("1000")


class FundingApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingApplication

    project = factory.SubFactory(ProjectFactory)
    source_kind = FundingSourceKind.CITY_FINANCE
    requested_amount = Decimal("100000")
    applied_on = datetime.date(2026, 3, 1)


class DonationSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DonationScheme

    name = factory.Sequence(lambda n: f"捐资奖励办法{n}")
    naming_threshold = Decimal("1000000")
    naming_term_years = 10
    in_force = True


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    kind = DonorKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"阳泉测试企业{n}有限公司")
    credit_code = factory.Sequence(credit_code)


class PersonDonorFactory(DonorFactory):
    kind = DonorKind.PERSON
    name = factory.Sequence(lambda n: f"市民{n}")
    credit_code = ""


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donation

    donor = factory.SubFactory(DonorFactory)
    amount = Decimal("1000")
    project = factory.SubFactory(ProjectFactory)
    received_on = datetime.date(2026, 2, 1)
    receipt_no = factory.Sequence(lambda n: f"JZ-2026-{n:04d}")


class SpecialSupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialSupervisor

    name = factory.Sequence(lambda n: f"监督员{n}")
    affiliation = "市人大代表"


class ProjectInspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectInspection

    project = factory.SubFactory(ProjectFactory)
    kind = InspectionKind.INSPECTION
    scheduled_for = datetime.date(2026, 5, 10)
    place = "项目现场"
