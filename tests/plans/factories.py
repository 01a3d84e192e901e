"""Test data for the plans registry and the indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from plans.choices import (
    ActionItemStatus,
    CommentStatus,
    IndicatorDirection,
    IndicatorTargetKind,
    PlanDocumentKind,
    PlanKind,
    PlanRelationKind,
    PlanStatus,
    PlanVersionLabel,
)
from plans.models import (
    ActionItem,
    Consultation,
    ConsultationComment,
    CoordinationMeeting,
    Indicator,
    IndicatorMeasurement,
    Plan,
    PlanDocument,
    PlanRelation,
    PlanVersion,
)


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


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    label = PlanVersionLabel.CONSULTATION_DRAFT
    date = datetime.date(2026, 11, 1)
    summary = "征求意见稿"


class PlanDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanDocument

    version = factory.SubFactory(PlanVersionFactory)
    title = "规划文本"
    file = factory.django.FileField(filename="text.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "规划文本.pdf"
    kind = PlanDocumentKind.PDF
    size = 15


# A consultation open from 1 to 30 November 2026, Beijing time.
OPENS = datetime.datetime(2026, 11, 1, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CLOSES = datetime.datetime(2026, 11, 30, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A consultation row made directly (tests of the opening rules go through ``consultation_open``)."""

    class Meta:
        model = Consultation

    version = factory.SubFactory(PlanVersionFactory, plan__status=PlanStatus.PUBLIC_CONSULTATION)
    starts_at = OPENS
    ends_at = CLOSES
    notice = "现将规划草案向社会公示，征求意见。"


class ConsultationCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationComment

    consultation = factory.SubFactory(ConsultationFactory)
    body = factory.Sequence(lambda n: f"建议增加口袋公园{n}。")
    client_key = "a" * 64
    created_at = OPENS + datetime.timedelta(days=1)
    status = CommentStatus.PENDING


class CoordinationMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinationMeeting

    date = datetime.date(2026, 10, 15)
    title = "绿化工程高质量发展专题会议"
    convened_by = "阳泉市城市管理局"
    units_attending = "阳泉市城市管理局\n阳泉市自然资源局\n阳泉市规划设计院"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(CoordinationMeetingFactory)
    text = "核对绿地系统规划与国土空间总体规划的用地边界"
    owner_unit = "阳泉市规划设计院"
    owner_person = "张工"
    due_date = datetime.date(2026, 11, 15)
    status = ActionItemStatus.OPEN
