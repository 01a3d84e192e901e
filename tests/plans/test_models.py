"""Single-row rules of plans and indicators: constraints, and an indicator's progress with hand-worked numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from plans import services
from plans.choices import IndicatorDirection, IndicatorStatus, IndicatorTargetKind, PlanRelationKind
from plans.models import Indicator, PlanRelation, indicator_status, trend_value_at
from tests.plans.factories import (
    CLOSES,
    OPENS,
    ConsultationFactory,
    IndicatorFactory,
    IndicatorMeasurementFactory,
    PlanDocumentFactory,
    PlanFactory,
    PlanRelationFactory,
    PlanVersionFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
JAN_1 = datetime.date(2025, 1, 1)
JAN_11 = datetime.date(2025, 1, 11)
JAN_21 = datetime.date(2025, 1, 21)
DAY_60 = datetime.date(2025, 3, 2)  # 1 January + 60 days (31 in January, 28 in February, 1 more)


def measure(indicator: Indicator, *points: tuple[datetime.date, str]) -> Indicator:
    for day, value in points:
        IndicatorMeasurementFactory(indicator=indicator, date=day, value=D(value))
    return indicator


# --- Plans --------------------------------------------------------------------------------------


def test_the_database_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(period_start_year=2030, period_end_year=2021)


def test_validation_explains_a_period_that_ends_before_it_starts():
    plan = PlanFactory.build(period_start_year=2030, period_end_year=2021)
    with pytest.raises(ValidationError) as excinfo:
        plan.full_clean()
    assert "period_end_year" in excinfo.value.message_dict


def test_a_plan_may_leave_its_period_open():
    plan = PlanFactory(period_start_year=None, period_end_year=None)
    plan.full_clean()
    assert plan.period == ""


def test_the_period_reads_from_start_to_end():
    assert PlanFactory.build(period_start_year=2021, period_end_year=2035).period == "2021–2035"


def test_plan_titles_are_unique():
    PlanFactory(title="阳泉市公园体系规划")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(title="阳泉市公园体系规划")


# --- Plan relations -----------------------------------------------------------------------------


def test_the_database_refuses_a_plan_related_to_itself():
    plan = PlanFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanRelation.objects.create(from_plan=plan, to_plan=plan, kind=PlanRelationKind.ALIGNS_WITH)


def test_validation_explains_a_plan_related_to_itself():
    plan = PlanFactory()
    relation = PlanRelation(from_plan=plan, to_plan=plan, kind=PlanRelationKind.ALIGNS_WITH)
    with pytest.raises(ValidationError) as excinfo:
        relation.full_clean()
    assert "to_plan" in excinfo.value.message_dict


def test_the_same_relation_cannot_be_recorded_twice():
    relation = PlanRelationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanRelation.objects.create(from_plan=relation.from_plan, to_plan=relation.to_plan, kind=relation.kind)


def test_two_plans_may_be_related_in_two_different_ways():
    relation = PlanRelationFactory(kind=PlanRelationKind.ALIGNS_WITH)
    PlanRelationFactory(from_plan=relation.from_plan, to_plan=relation.to_plan, kind=PlanRelationKind.SUPERSEDES)
    assert relation.from_plan.relations_from.count() == 2


def test_two_plans_cannot_supersede_each_other():
    relation = PlanRelationFactory(kind=PlanRelationKind.SUPERSEDES)
    reverse = PlanRelation(from_plan=relation.to_plan, to_plan=relation.from_plan, kind=PlanRelationKind.SUPERSEDES)
    with pytest.raises(ValidationError) as excinfo:
        reverse.full_clean()
    assert "to_plan" in excinfo.value.message_dict


# --- Indicator targets --------------------------------------------------------------------------


def test_an_absolute_target_is_the_target_value():
    assert IndicatorFactory(target_value=D("20")).target_absolute == D("20")


def test_a_relative_target_of_plus_thirty_percent_is_computed_from_the_baseline():
    # 100,000 m³ a year × (1 + 30/100) = 130,000 m³.
    indicator = IndicatorFactory(
        unit="m³",
        direction=IndicatorDirection.HIGHER_IS_BETTER,
        baseline_value=D("100000"),
        target_value=D("30"),
        target_kind=IndicatorTargetKind.RELATIVE_PERCENT,
    )
    assert indicator.target_absolute == D("130000")


def test_a_relative_target_without_a_baseline_has_no_value_yet():
    indicator = IndicatorFactory(
        baseline_value=None, target_value=D("30"), target_kind=IndicatorTargetKind.RELATIVE_PERCENT
    )
    assert indicator.target_absolute is None


def test_a_relative_target_still_reads_as_plus_thirty_percent():
    indicator = IndicatorFactory(
        baseline_value=None, target_value=D("30"), target_kind=IndicatorTargetKind.RELATIVE_PERCENT
    )
    with translation.override("en"):
        assert indicator.target_label == "+30 % on the baseline"


def test_an_at_most_target_reads_with_its_sign_and_unit():
    indicator = IndicatorFactory(direction=IndicatorDirection.AT_MOST, target_value=D("20.0000"), unit="%")
    assert indicator.target_label == "≤ 20 %"


# --- Measurements -------------------------------------------------------------------------------


def test_an_indicator_has_one_measurement_a_day():
    measurement = IndicatorMeasurementFactory(date=JAN_1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorMeasurementFactory(indicator=measurement.indicator, date=JAN_1)


def test_two_indicators_may_be_measured_on_the_same_day():
    IndicatorMeasurementFactory(date=JAN_1)
    IndicatorMeasurementFactory(date=JAN_1)


def test_the_latest_measurement_is_the_one_with_the_latest_date_not_the_last_entered():
    indicator = measure(IndicatorFactory(), (JAN_21, "31"), (JAN_1, "30"))
    assert indicator.latest_measurement.date == JAN_21


# --- Indicator status: each case worked by hand -------------------------------------------------


def test_an_indicator_without_measurements_has_no_data():
    indicator = IndicatorFactory(deadline=DAY_60)
    assert indicator.status(today=JAN_1) == IndicatorStatus.NO_DATA


def test_an_at_most_target_is_met_when_the_latest_value_is_within_it():
    # Paving 24 % then 18 %: the latest, 18, is ≤ 20.
    indicator = IndicatorFactory(direction=IndicatorDirection.AT_MOST, target_value=D("20"))
    measure(indicator, (JAN_1, "24"), (JAN_21, "18"))
    assert indicator.status(today=JAN_21) == IndicatorStatus.MET


def test_a_target_met_on_the_latest_value_stays_met_after_the_deadline():
    indicator = IndicatorFactory(direction=IndicatorDirection.AT_LEAST, target_value=D("36"), deadline=JAN_21)
    measure(indicator, (JAN_11, "36"))
    assert indicator.status(today=DAY_60) == IndicatorStatus.MET


def test_a_target_not_met_when_the_deadline_has_passed_is_missed():
    # At least 36 by 2025-12-31; 34 then 35; on 2026-01-01 the latest, 35, is short.
    indicator = IndicatorFactory(target_value=D("36"), deadline=datetime.date(2025, 12, 31))
    measure(indicator, (datetime.date(2025, 6, 30), "34"), (datetime.date(2025, 12, 1), "35"))
    assert indicator.status(today=datetime.date(2026, 1, 1)) == IndicatorStatus.MISSED


def test_on_the_deadline_day_itself_the_target_is_not_yet_missed():
    indicator = IndicatorFactory(target_value=D("36"), deadline=JAN_21)
    measure(indicator, (JAN_1, "30"), (JAN_11, "35"))
    assert indicator.status(today=JAN_21) != IndicatorStatus.MISSED


def test_the_least_squares_line_of_the_hand_worked_example():
    # Days 0, 10, 20 (mean 10); values 30, 32, 31 (mean 31); slope = 10 / 200 = 0.05 a day;
    # on day 60: 31 + 0.05 × 50 = 33.5.
    points = [(JAN_1, D("30")), (JAN_11, D("32")), (JAN_21, D("31"))]
    assert trend_value_at(points, DAY_60) == Fraction(67, 2)


def test_a_trend_that_reaches_the_target_by_the_deadline_is_on_track():
    # The line gives 33.5 on the deadline, at least 33 is asked.
    indicator = IndicatorFactory(target_value=D("33"), deadline=DAY_60)
    measure(indicator, (JAN_1, "30"), (JAN_11, "32"), (JAN_21, "31"))
    assert indicator.status(today=JAN_21) == IndicatorStatus.ON_TRACK


def test_a_trend_that_falls_short_of_the_target_by_the_deadline_is_at_risk():
    # The line gives 33.5 on the deadline, at least 34 is asked.
    indicator = IndicatorFactory(target_value=D("34"), deadline=DAY_60)
    measure(indicator, (JAN_1, "30"), (JAN_11, "32"), (JAN_21, "31"))
    assert indicator.status(today=JAN_21) == IndicatorStatus.AT_RISK


def test_a_falling_trend_is_on_track_for_an_at_most_target():
    # Paving 26 % on 1 January, 24 % on 31 January: −2 in 30 days; on 1 April (day 90) 26 − 6 = 20 ≤ 20.
    indicator = IndicatorFactory(
        direction=IndicatorDirection.AT_MOST, target_value=D("20"), deadline=datetime.date(2025, 4, 1)
    )
    measure(indicator, (JAN_1, "26"), (datetime.date(2025, 1, 31), "24"))
    assert indicator.status(today=datetime.date(2025, 2, 1)) == IndicatorStatus.ON_TRACK


def test_one_measurement_short_of_the_target_gives_no_trend_and_is_at_risk():
    indicator = IndicatorFactory(target_value=D("36"), deadline=DAY_60)
    measure(indicator, (JAN_1, "30"))
    assert indicator.status(today=JAN_11) == IndicatorStatus.AT_RISK


def test_without_a_deadline_a_trend_towards_the_target_is_on_track():
    indicator = IndicatorFactory(target_value=D("36"), deadline=None)
    measure(indicator, (JAN_1, "30"), (JAN_11, "31"))
    assert indicator.status(today=JAN_21) == IndicatorStatus.ON_TRACK


def test_without_a_deadline_a_flat_trend_is_at_risk():
    indicator = IndicatorFactory(target_value=D("36"), deadline=None)
    measure(indicator, (JAN_1, "30"), (JAN_11, "30"))
    assert indicator.status(today=JAN_21) == IndicatorStatus.AT_RISK


def test_a_plus_thirty_percent_target_is_met_from_the_baseline():
    # Baseline 100,000 m³ → target 130,000 m³; 131,000 m³ measured.
    indicator = IndicatorFactory(
        unit="m³",
        direction=IndicatorDirection.HIGHER_IS_BETTER,
        baseline_value=D("100000"),
        target_value=D("30"),
        target_kind=IndicatorTargetKind.RELATIVE_PERCENT,
    )
    measure(indicator, (JAN_1, "131000"))
    assert indicator.status(today=JAN_11) == IndicatorStatus.MET


def test_a_plus_thirty_percent_target_is_not_met_below_the_computed_value():
    # 129,999 m³ is 1 short of 130,000 and the deadline is past.
    indicator = IndicatorFactory(
        direction=IndicatorDirection.HIGHER_IS_BETTER,
        baseline_value=D("100000"),
        target_value=D("30"),
        target_kind=IndicatorTargetKind.RELATIVE_PERCENT,
        deadline=JAN_11,
    )
    measure(indicator, (JAN_1, "129999"))
    assert indicator.status(today=JAN_21) == IndicatorStatus.MISSED


def test_a_relative_target_without_a_baseline_cannot_be_judged():
    indicator = IndicatorFactory(
        baseline_value=None, target_value=D("30"), target_kind=IndicatorTargetKind.RELATIVE_PERCENT
    )
    measure(indicator, (JAN_1, "5000"))
    assert indicator.status(today=JAN_11) == IndicatorStatus.NO_DATA


def test_the_rule_can_be_applied_without_a_database_row():
    points = [(JAN_1, D("30")), (JAN_11, D("32")), (JAN_21, D("31"))]
    status = indicator_status(
        direction=IndicatorDirection.AT_LEAST, target=D("33"), deadline=DAY_60, points=points, today=JAN_21
    )
    assert status == IndicatorStatus.ON_TRACK


def test_the_status_of_a_list_asks_no_query_per_indicator(django_assert_num_queries):
    for _ in range(5):
        measure(IndicatorFactory(deadline=DAY_60), (JAN_1, "30"), (JAN_11, "31"))
    with django_assert_num_queries(2):
        statuses = [indicator.status(today=JAN_21) for indicator in Indicator.objects.prefetch_related("measurements")]
    assert statuses == [IndicatorStatus.ON_TRACK] * 5


# --- Baselines, sources, versions, consultations ----------------------------------------------


def test_a_baseline_value_needs_its_date():
    indicator = IndicatorFactory.build(baseline_value=Decimal("120000"), baseline_date=None)
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert "baseline_date" in refused.value.message_dict


def test_a_baseline_date_needs_its_value():
    indicator = IndicatorFactory.build(baseline_value=None, baseline_date=datetime.date(2024, 12, 31))
    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()
    assert "baseline_value" in refused.value.message_dict


@pytest.mark.parametrize("source", ["", "   "])
def test_a_measurement_must_say_where_its_figure_comes_from(source):
    measurement = IndicatorMeasurementFactory.build(indicator=IndicatorFactory(), source=source)
    with pytest.raises(ValidationError) as refused:
        measurement.full_clean()
    assert "source" in refused.value.message_dict


def test_the_database_refuses_a_measurement_without_a_source():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorMeasurementFactory(source="")


def test_a_plan_cannot_have_two_versions_with_the_same_number():
    version = PlanVersionFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersionFactory(plan=version.plan, number=1)


def test_versions_are_numbered_one_more_than_the_last(staff_user):
    plan = PlanFactory()
    numbers = [
        services.plan_version_add(
            plan=plan, label="consultation_draft", date=datetime.date(2026, 1, 1), actor=staff_user
        ).number
        for _ in range(3)
    ]
    assert numbers == [1, 2, 3]


def test_the_database_refuses_a_consultation_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(starts_at=CLOSES, ends_at=OPENS)


def test_a_document_downloads_under_its_original_name_or_its_title():
    assert PlanDocumentFactory.build(original_name="文本.pdf").download_name == "文本.pdf"
    assert PlanDocumentFactory.build(original_name="", title="总平面图", kind="png").download_name == "总平面图.png"


@pytest.mark.parametrize(("size", "label"), [(500, "1 KB"), (820 * 1024, "820 KB"), (int(3.4 * 1024 * 1024), "3.4 MB")])
def test_a_document_size_reads_in_kb_or_mb(size, label):
    assert PlanDocumentFactory.build(size=size).size_label == label
