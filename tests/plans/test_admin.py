"""Every plans admin page renders for staff in zh-hans and English; statuses change only through the service."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.choices import PlanStatus
from plans.models import Indicator, Plan
from tests.plans.factories import IndicatorFactory, IndicatorMeasurementFactory

pytestmark = pytest.mark.django_db

FIFTEENTH = "阳泉市城镇园林绿化“十五五”规划"


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def pages() -> list[str]:
    plan, indicator = Plan.objects.get(title=FIFTEENTH), Indicator.objects.first()
    return [
        admin_url(Plan, "changelist"),
        admin_url(Plan, "change", plan.pk),
        admin_url(Plan, "add"),
        admin_url(Plan, "history", plan.pk),
        admin_url(Indicator, "changelist"),
        admin_url(Indicator, "change", indicator.pk),
        admin_url(Indicator, "add"),
        admin_url(Indicator, "history", indicator.pk),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_plans_admin_page_renders_for_staff(client, staff_user, city, language):
    client.force_login(staff_user)
    client.cookies["lang"] = language
    for page in pages():
        response = client.get(page)
        assert response.status_code == 200, page
        assert response["Content-Language"] == language


def test_an_outsider_is_sent_to_the_login_page(client, outsider_user, city):
    client.force_login(outsider_user)
    response = client.get(admin_url(Plan, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_chinese_plan_list_shows_the_letters_plans(zh_client, staff_user, city):
    zh_client.force_login(staff_user)
    body = zh_client.get(admin_url(Plan, "changelist")).content.decode()
    for title in ("阳泉市绿化高质量发展五年行动计划（2026-2030）", "阳泉市国土空间总体规划（2021-2035）", FIFTEENTH):
        assert title in body
    assert "2026–2030" in body


def test_the_chinese_indicator_list_shows_the_twenty_and_thirty_percent_targets(zh_client, staff_user, city):
    zh_client.force_login(staff_user)
    body = zh_client.get(admin_url(Indicator, "changelist")).content.decode()
    assert "≤ 20 %" in body
    assert "+30" in body
    assert "新建公园硬质铺装率" in body
    assert "桃河两岸绿化带年雨水滞留量" in body


def test_the_indicator_list_shows_the_latest_value_and_a_coloured_status(client, staff_user, city):
    client.force_login(staff_user)
    paving = Indicator.objects.get(code="new-park-hard-paving-ratio")
    IndicatorMeasurementFactory(indicator=paving, date=datetime.date(2025, 6, 30), value=Decimal("18.5"))
    client.cookies["lang"] = "en"
    body = client.get(admin_url(Indicator, "changelist")).content.decode()
    assert "18.5 %" in body
    assert '<strong style="color:#15803d">Met</strong>' in body


def test_the_indicator_list_is_constant_in_queries(client, staff_user, city, django_assert_max_num_queries):
    client.force_login(staff_user)
    for _ in range(20):
        IndicatorMeasurementFactory(indicator=IndicatorFactory())
    with django_assert_max_num_queries(12):
        assert client.get(admin_url(Indicator, "changelist")).status_code == 200


def plan_form(plan: Plan, **overrides) -> dict:
    data = {
        "title": plan.title,
        "kind": plan.kind,
        "author_unit": plan.author_unit,
        "notes": plan.notes,
        "compiled_year": plan.compiled_year or "",
        "period_start_year": plan.period_start_year or "",
        "period_end_year": plan.period_end_year or "",
        "new_status": "",
        "status_note": "",
    }
    for prefix in ("versions", "project_links", "relations_from", "relations_to", "status_changes"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(overrides)
    return data


def test_the_status_cannot_be_edited_directly_in_the_form(client, staff_user, city):
    client.force_login(staff_user)
    plan = Plan.objects.get(title=FIFTEENTH)
    response = client.post(admin_url(Plan, "change", plan.pk), plan_form(plan, status=PlanStatus.IN_FORCE))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFTING


def test_the_form_offers_only_the_moves_the_plan_allows(client, staff_user, city):
    client.force_login(staff_user)
    plan = Plan.objects.get(title=FIFTEENTH)
    form = client.get(admin_url(Plan, "change", plan.pk)).context["adminform"].form
    assert [value for value, _label in form.fields["new_status"].choices] == ["", PlanStatus.PUBLIC_CONSULTATION]


def test_a_status_change_in_the_form_goes_through_the_service_with_who_made_it(client, staff_user, city):
    client.force_login(staff_user)
    plan = Plan.objects.get(title=FIFTEENTH)
    data = plan_form(plan, new_status=PlanStatus.PUBLIC_CONSULTATION, status_note="草案向社会公示")
    response = client.post(admin_url(Plan, "change", plan.pk), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    change = plan.status_changes.get()
    assert (plan.status, change.actor, change.note) == (PlanStatus.PUBLIC_CONSULTATION, staff_user, "草案向社会公示")


def test_an_illegal_move_posted_to_the_form_is_refused(client, staff_user, city):
    client.force_login(staff_user)
    plan = Plan.objects.get(title=FIFTEENTH)
    response = client.post(admin_url(Plan, "change", plan.pk), plan_form(plan, new_status=PlanStatus.IN_FORCE))
    assert response.status_code == 200
    assert "new_status" in response.context["adminform"].form.errors
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFTING
    assert not plan.status_changes.exists()


def test_the_plan_page_lists_its_status_changes(client, staff_user, city):
    client.force_login(staff_user)
    plan = Plan.objects.get(title=FIFTEENTH)
    client.post(
        admin_url(Plan, "change", plan.pk),
        plan_form(plan, new_status=PlanStatus.PUBLIC_CONSULTATION, status_note="草案向社会公示"),
    )
    body = client.get(admin_url(Plan, "change", plan.pk)).content.decode()
    assert "草案向社会公示" in body


def test_a_new_plan_starts_as_drafting(client, staff_user, city):
    client.force_login(staff_user)
    data = plan_form(Plan(title="阳泉市立体绿化专项规划", kind="special"))
    del data["new_status"], data["status_note"]
    response = client.post(admin_url(Plan, "add"), data)
    assert response.status_code == 302
    assert Plan.objects.get(title="阳泉市立体绿化专项规划").status == PlanStatus.DRAFTING


def test_a_relation_of_a_plan_to_itself_is_refused_in_the_form(client, staff_user, city):
    client.force_login(staff_user)
    plan = Plan.objects.get(title=FIFTEENTH)
    existing = list(plan.relations_from.order_by("pk"))
    data = plan_form(plan)
    data["relations_from-TOTAL_FORMS"] = str(len(existing) + 1)
    data["relations_from-INITIAL_FORMS"] = str(len(existing))
    for index, relation in enumerate(existing):
        data[f"relations_from-{index}-id"] = relation.pk
        data[f"relations_from-{index}-from_plan"] = plan.pk
        data[f"relations_from-{index}-kind"] = relation.kind
        data[f"relations_from-{index}-to_plan"] = relation.to_plan_id
        data[f"relations_from-{index}-note"] = relation.note
    new = len(existing)
    data[f"relations_from-{new}-from_plan"] = plan.pk
    data[f"relations_from-{new}-kind"] = "aligns_with"
    data[f"relations_from-{new}-to_plan"] = plan.pk
    response = client.post(admin_url(Plan, "change", plan.pk), data)
    assert response.status_code == 200
    formsets = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    relation_errors = formsets["relations_from"].errors
    assert "to_plan" in relation_errors[new]
    assert plan.relations_from.count() == len(existing)


def test_an_admin_edit_of_an_indicator_is_recorded_with_who_made_it(client, staff_user, city):
    client.force_login(staff_user)
    retention = Indicator.objects.get(code="taohe-annual-rainwater-retention")
    data = {
        "name": retention.name,
        "code": retention.code,
        "unit": retention.unit,
        "scope": retention.scope,
        "standard": retention.standard,
        "direction": retention.direction,
        "target_kind": retention.target_kind,
        "target_value": "30",
        "deadline": "",
        "baseline_value": "120000",
        "baseline_date": "2024-12-31",
        "notes": retention.notes,
        "measurements-TOTAL_FORMS": "0",
        "measurements-INITIAL_FORMS": "0",
    }
    response = client.post(admin_url(Indicator, "change", retention.pk), data)
    assert response.status_code == 302
    retention.refresh_from_db()
    assert retention.target_absolute == Decimal("156000")
    latest = retention.history.latest()
    assert (latest.baseline_value, latest.history_user) == (Decimal("120000"), staff_user)
