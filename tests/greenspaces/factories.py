"""Test data for the green estate."""

from __future__ import annotations

from decimal import Decimal

import factory

from greenspaces.choices import AgeMethod, DroughtTolerance, GreenSpaceKind, SpeciesForm, Vigour, WaterUseClass
from greenspaces.models import Cistern, District, GreenSpace, HeritageTree, HeritageTreePatrol, Species


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = "140302"
    name = "城区"


class GreenSpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GreenSpace

    code = factory.Sequence(lambda n: f"space-{n}")
    name = factory.Sequence(lambda n: f"测试绿地{n}")
    kind = GreenSpaceKind.COMMUNITY_PARK
    district = factory.SubFactory(DistrictFactory)
    total_area_m2 = Decimal("10000")
    hard_paved_area_m2 = Decimal("1500")
    planted_area_m2 = Decimal("7000")
    latitude = Decimal("37.857300")
    longitude = Decimal("113.580400")


class CisternFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cistern

    green_space = factory.SubFactory(GreenSpaceFactory)
    name = factory.Sequence(lambda n: f"{n}号蓄水池")
    capacity_m3 = Decimal("1000")


class SpeciesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Species
        django_get_or_create = ("chinese_name",)

    chinese_name = "国槐"
    latin_name = "Styphnolobium japonicum"
    family = "豆科 Fabaceae"
    form = SpeciesForm.DECIDUOUS_TREE
    drought_tolerance = DroughtTolerance.HIGH
    water_use = WaterUseClass.LOW


class HeritageTreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeritageTree

    registry_code = factory.Sequence(lambda n: f"YQ-T-{n:04d}")
    species = factory.SubFactory(SpeciesFactory)
    district = factory.SubFactory(DistrictFactory)
    address = "阳泉市城区"
    estimated_age_years = 320
    age_method = AgeMethod.RECORDS
    crown_ew_m = Decimal("10")
    crown_ns_m = Decimal("8")
    custodian_unit = "阳泉市城市管理局"


class HeritageTreePatrolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeritageTreePatrol

    tree = factory.SubFactory(HeritageTreeFactory)
    patrol_date = factory.Faker("date_this_year", before_today=True, after_today=False)
    inspector_name = "张工"
    findings = "长势正常"
    vigour_observed = Vigour.NORMAL
