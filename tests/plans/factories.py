"""Test data for the plans registry and the indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from plans.choices import IndicatorDirection, IndicatorTargetKind, PlanKind, PlanRelationKind, PlanStatus
from plans.models import Indicator, IndicatorMeasurement, Plan, PlanRelation


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"测试专项规划{n}")
    kind = PlanKind.SPECIAL
    compiled_year = 2022
    period_start_year = 2021
    period_end_year = 2030
    author_unit = "阳泉市规划设计院"
    status = PlanStatus.DRAFTING


class PlanRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRelation

    from_plan = factory.SubFactory(PlanFactory)
    to_plan = factory.SubFactory(PlanFactory)
    kind = PlanRelationKind.ALIGNS_WITH


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"测试指标{n}")
    unit = "%"
    direction = IndicatorDirection.AT_LEAST
    target_value = Decimal("36")
    target_kind = IndicatorTargetKind.ABSOLUTE


class IndicatorMeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorMeasurement

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    value = Decimal("30")
    source = "园林绿化科统计"
