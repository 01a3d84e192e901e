"""The letter's plans and the indicators load once, completely, and a second run changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from plans import services
from plans.choices import (
    IndicatorDirection,
    IndicatorStatus,
    IndicatorTargetKind,
    PlanKind,
    PlanRelationKind,
    PlanStatus,
)
from plans.models import Indicator, IndicatorMeasurement, Plan, PlanProject, PlanRelation, PlanStatusChange
from tests.support.citydata import history_count, load_city, snapshot

pytestmark = pytest.mark.django_db

MODELS = [Plan, PlanRelation, PlanProject, Indicator, IndicatorMeasurement]
MASTER_PLAN = "阳泉市国土空间总体规划（2021-2035）"
SPONGE_CITY = "阳泉市海绵城市专项规划"
FIFTEENTH = "阳泉市城镇园林绿化“十五五”规划"


def test_loading_twice_gives_the_same_plans_and_indicators():
    load_city()
    first, first_history = snapshot([*MODELS, PlanStatusChange]), history_count(MODELS)
    load_city()
    assert snapshot([*MODELS, PlanStatusChange]) == first
    assert history_count(MODELS) == first_history


def test_the_second_load_reports_no_new_plans_relations_or_indicators():
    load_city()
    output = load_city()
    for name in ("plans", "plan relations", "indicators"):
        assert f"{name}: 0 new" in output


def test_the_ten_plans_of_the_letter_are_there():
    load_city()
    assert set(Plan.objects.values_list("title", flat=True)) == {
        "阳泉市绿化高质量发展五年行动计划（2026-2030）",
        "阳泉市城市绿地系统专项规划（2011—2030）",
        "阳泉市城镇园林绿化“十四五”规划",
        "城市绿地系统规划",
        "阳泉市公园体系规划",
        "城市绿道建设专项规划（2021-2030）",
        "阳泉市生物多样性规划",
        SPONGE_CITY,
        FIFTEENTH,
        MASTER_PLAN,
    }


@pytest.mark.parametrize(
    ("title", "kind", "year", "period", "author", "status"),
    [
        (
            "阳泉市城市绿地系统专项规划（2011—2030）",
            PlanKind.SPECIAL,
            2011,
            "2011–2030",
            "阳泉市规划设计院",
            PlanStatus.IN_FORCE,
        ),
        ("阳泉市城镇园林绿化“十四五”规划", PlanKind.FIVE_YEAR, 2021, "2021–2025", "城市管理局", PlanStatus.IN_FORCE),
        (
            "阳泉市绿化高质量发展五年行动计划（2026-2030）",
            PlanKind.FIVE_YEAR_ACTION,
            2025,
            "2026–2030",
            "专项工作组",
            PlanStatus.DRAFTING,
        ),
        ("阳泉市海绵城市专项规划", PlanKind.SPECIAL, 2022, "", "阳泉市规划设计院", PlanStatus.DRAFTING),
        (FIFTEENTH, PlanKind.FIVE_YEAR, 2026, "2026–2030", "", PlanStatus.DRAFTING),
        (MASTER_PLAN, PlanKind.MASTER, None, "2021–2035", "", PlanStatus.IN_FORCE),
    ],
)
def test_each_plan_has_its_kind_year_period_author_and_status(title, kind, year, period, author, status):
    load_city()
    plan = Plan.objects.get(title=title)
    assert (plan.kind, plan.compiled_year, plan.period, plan.author_unit, plan.status) == (
        kind,
        year,
        period,
        author,
        status,
    )


def test_the_action_plan_notes_its_public_notice_and_comment():
    load_city()
    assert "向社会公示征求意见" in Plan.objects.get(kind=PlanKind.FIVE_YEAR_ACTION).notes


def test_the_fifteenth_five_year_plan_aligns_with_the_territorial_master_plan():
    load_city()
    assert PlanRelation.objects.filter(
        from_plan__title=FIFTEENTH, to_plan__title=MASTER_PLAN, kind=PlanRelationKind.ALIGNS_WITH
    ).exists()


def test_the_greening_plans_being_drafted_align_with_the_sponge_city_plan():
    load_city()
    aligned = set(
        PlanRelation.objects.filter(to_plan__title=SPONGE_CITY, kind=PlanRelationKind.ALIGNS_WITH).values_list(
            "from_plan__title", flat=True
        )
    )
    assert {FIFTEENTH, "阳泉市绿化高质量发展五年行动计划（2026-2030）", "城市绿地系统规划"} <= aligned


def test_the_city_data_records_no_status_changes():
    load_city()
    assert not PlanStatusChange.objects.exists()


def test_new_parks_have_at_most_twenty_percent_hard_paving_from_the_letter():
    load_city()
    paving = Indicator.objects.get(code="new-park-hard-paving-ratio")
    assert (paving.direction, paving.target_value, paving.unit, paving.scope) == (
        IndicatorDirection.AT_MOST,
        Decimal("20"),
        "%",
        "新建公园",
    )
    assert "1605057" in paving.standard


def test_the_tao_river_retention_is_plus_thirty_percent_on_an_unknown_baseline():
    load_city()
    retention = Indicator.objects.get(code="taohe-annual-rainwater-retention")
    assert (retention.target_kind, retention.target_value, retention.baseline_value) == (
        IndicatorTargetKind.RELATIVE_PERCENT,
        Decimal("30"),
        None,
    )
    assert retention.target_absolute is None
    with translation.override("en"):
        assert retention.target_label.startswith("+30 %")
    with translation.override("zh-hans"):
        assert "+30%" in retention.target_label
    assert "基准值未知" in retention.notes


@pytest.mark.parametrize(
    ("code", "target", "unit"),
    [
        ("green-coverage-ratio", "36", "%"),
        ("green-space-ratio", "31", "%"),
        ("park-green-space-per-capita", "8", "m²/人"),
        ("park-service-radius-coverage", "80", "%"),
    ],
)
def test_the_garden_city_indicators_have_their_basic_thresholds_from_gb_t_50563(code, target, unit):
    load_city()
    indicator = Indicator.objects.get(code=code)
    assert (indicator.direction, indicator.target_value, indicator.unit) == (
        IndicatorDirection.AT_LEAST,
        Decimal(target),
        unit,
    )
    assert "GB/T 50563-2010" in indicator.standard
    assert "不是复函中的数字" in indicator.notes


def test_the_per_capita_park_area_notes_its_banding():
    load_city()
    notes = Indicator.objects.get(code="park-green-space-per-capita").notes
    assert all(band in notes for band in ("7.5", "8", "9"))


def test_the_loaded_indicators_have_no_measurements_yet():
    load_city()
    assert {indicator.status() for indicator in Indicator.objects.all()} == {IndicatorStatus.NO_DATA}


def test_a_staff_status_change_survives_a_reload(staff_user):
    load_city()
    plan = Plan.objects.get(title=FIFTEENTH)
    services.plan_change_status(plan=plan, to=PlanStatus.PUBLIC_CONSULTATION, actor=staff_user)
    output = load_city()
    assert Plan.objects.get(title=FIFTEENTH).status == PlanStatus.PUBLIC_CONSULTATION
    assert "plans: 0 new, 9 unchanged, 1 kept as edited" in output


SPONGE_PROJECTS = {
    "南山公园海绵绿地建设项目",
    "城市中心公园建设项目",
    "阳泉植物园海绵绿地建设项目",
    "桃河公园节水型绿地改造项目",
    "狮脑山苗圃段雨水收集建设项目",
    "彩石园海绵绿地建设项目",
    "泉西路游园海绵绿地建设项目",
    "2025年城市中心公园、湿地公园硬质广场改造试点",
}


def test_the_sponge_city_plan_delivers_the_seven_sponge_projects_and_the_2025_pilot():
    load_city()
    plan = Plan.objects.get(title=SPONGE_CITY)
    assert set(plan.projects.values_list("name", flat=True)) == SPONGE_PROJECTS


def test_the_park_system_plan_delivers_the_two_new_parks():
    load_city()
    plan = Plan.objects.get(title="阳泉市公园体系规划")
    assert set(plan.projects.values_list("name", flat=True)) == {"城南公园建设工程", "化工厂公园建设工程"}


def test_every_plan_project_link_is_marked_as_inferred():
    load_city()
    links = PlanProject.objects.all()
    assert links.count() == 12
    assert all("推定" in link.note for link in links)


def test_a_project_knows_the_plans_it_delivers():
    load_city()
    from projects.models import Project

    chengnan = Project.objects.get(code="chengnan-park")
    assert [plan.title for plan in chengnan.plans.all()] == ["阳泉市公园体系规划"]


def test_loading_twice_keeps_the_same_plan_project_links():
    load_city()
    first = snapshot([PlanProject])
    load_city()
    assert snapshot([PlanProject]) == first
