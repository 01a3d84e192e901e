"""Every admin page of the estate renders for staff, in zh-hans and English, and refuses outsiders."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from greenspaces.choices import Vigour
from greenspaces.models import GreenSpace, HeritageTree, HeritageTreePatrol
from tests.greenspaces.factories import HeritageTreeFactory, HeritageTreePatrolFactory
from tests.support.images import jpeg_with_gps, text_named_jpg

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(city):
    """The city's data plus one patrol, so the tree lists have a last patrol to show."""
    HeritageTreePatrolFactory(tree=HeritageTree.objects.first(), patrol_date=datetime.date(2026, 1, 5))


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_green_space_list_shows_paving_ratio_and_cisterns_in_chinese(zh_client, staff_user, city):
    zh_client.force_login(staff_user)
    body = zh_client.get(admin_url(GreenSpace, "changelist")).content.decode()
    assert "硬质铺装率" in body
    assert "2000" in body  # 泉西路游园: 2 × 1,000 m³ (zh-hans writes no thousands separator)
    assert "29.97" in body  # 城南公园


def test_the_changelists_are_constant_in_queries(client, staff_user, city, django_assert_max_num_queries):
    client.force_login(staff_user)
    for _ in range(30):
        HeritageTreeFactory()
    with django_assert_max_num_queries(12):
        assert client.get(admin_url(HeritageTree, "changelist")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(admin_url(GreenSpace, "changelist")).status_code == 200


def test_an_outsider_is_sent_to_the_login_page(client, outsider_user, city):
    client.force_login(outsider_user)
    response = client.get(admin_url(GreenSpace, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def green_space_form(**overrides) -> dict:
    space = GreenSpace.objects.get(code="caishi-garden")
    data = {
        "name": space.name,
        "code": space.code,
        "kind": space.kind,
        "district": space.district_id,
        "address": space.address,
        "opening_status": space.opening_status,
        "total_area_m2": "40000",
        "hard_paved_area_m2": "8000",
        "planted_area_m2": "28000",
        "maintenance_grade": space.maintenance_grade,
        "planting_water_use": space.planting_water_use,
        "sunken_green_space_m2": "0",
        "permeable_paving_m2": "0",
        "latitude": "37.869",
        "longitude": "113.548",
        "cisterns-TOTAL_FORMS": "0",
        "cisterns-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"total_area_m2": "-5"}, "total_area_m2", "不能为负数"),
        ({"hard_paved_area_m2": "50000"}, "hard_paved_area_m2", "不能超过总面积"),
    ],
)
def test_the_green_space_form_rejects_bad_figures_with_chinese_messages(
    zh_client, staff_user, city, overrides, field, message
):
    zh_client.force_login(staff_user)
    space = GreenSpace.objects.get(code="caishi-garden")
    response = zh_client.post(admin_url(GreenSpace, "change", space.pk), green_space_form(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors
    assert message in str(errors[field])
    space.refresh_from_db()
    assert space.total_area_m2 == Decimal("40000")


def patrol_form(tree: HeritageTree, **overrides) -> dict:
    data = {
        "tree": tree.pk,
        "patrol_date": "2026-11-20",
        "inspector_name": "张工",
        "vigour_observed": Vigour.WEAK,
        "findings": "树皮损伤",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_patrol_form_refuses_a_future_date(zh_client, staff_user, city):
    zh_client.force_login(staff_user)
    tree = HeritageTree.objects.first()
    future = datetime.date.today() + datetime.timedelta(days=2)
    response = zh_client.post(admin_url(HeritageTreePatrol, "add"), patrol_form(tree, patrol_date=future.isoformat()))
    assert response.status_code == 200
    assert "未来" in str(response.context["adminform"].form.errors["patrol_date"])
    assert not tree.patrols.filter(patrol_date=future).exists()


def test_the_patrol_form_records_through_the_service(client, staff_user, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_user)
    tree = HeritageTree.objects.get(registry_code="YQ-EX-0003")
    response = client.post(admin_url(HeritageTreePatrol, "add"), patrol_form(tree, photos=[jpeg_with_gps()]))
    assert response.status_code == 302
    patrol = tree.patrols.get(patrol_date=datetime.date(2026, 11, 20))
    assert patrol.photos.count() == 1
    tree.refresh_from_db()
    assert tree.vigour == Vigour.WEAK


def test_the_patrol_form_refuses_a_file_that_is_not_a_photo(client, staff_user, city):
    client.force_login(staff_user)
    tree = HeritageTree.objects.get(registry_code="YQ-EX-0003")
    response = client.post(admin_url(HeritageTreePatrol, "add"), patrol_form(tree, photos=[text_named_jpg()]))
    assert response.status_code == 200
    assert "photos" in response.context["adminform"].form.errors
    assert not tree.patrols.filter(patrol_date=datetime.date(2026, 11, 20)).exists()


def test_overdue_filter_lists_only_overdue_trees(client, staff_user, city):
    client.force_login(staff_user)
    response = client.get(admin_url(HeritageTree, "changelist"), {"patrol": "overdue"})
    shown = {tree.registry_code for tree in response.context["cl"].result_list}
    assert shown
    assert all(HeritageTree.objects.with_last_patrol().get(registry_code=code).is_patrol_overdue() for code in shown)


def test_a_duplicate_registry_code_is_refused_in_chinese(zh_client, staff_user, city):
    zh_client.force_login(staff_user)
    existing = HeritageTree.objects.get(registry_code="YQ-EX-0001")
    response = zh_client.post(
        admin_url(HeritageTree, "add"),
        {
            "registry_code": existing.registry_code,
            "species": existing.species_id,
            "district": existing.district_id,
            "address": "阳泉市城区",
            "estimated_age_years": "120",
            "age_method": "estimate",
            "vigour": Vigour.NORMAL,
            "custodian_unit": "阳泉市城市管理局",
            "patrols-TOTAL_FORMS": "0",
            "patrols-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "已存在" in str(response.context["adminform"].form.errors["registry_code"])
    assert HeritageTree.objects.filter(registry_code=existing.registry_code).count() == 1


def test_an_admin_edit_is_recorded_with_who_made_it(client, staff_user, city):
    client.force_login(staff_user)
    space = GreenSpace.objects.get(code="caishi-garden")
    response = client.post(admin_url(GreenSpace, "change", space.pk), green_space_form(total_area_m2="41000"))
    assert response.status_code == 302
    latest = space.history.latest()
    assert (latest.total_area_m2, latest.history_user) == (Decimal("41000"), staff_user)
    assert client.get(admin_url(GreenSpace, "history", space.pk)).status_code == 200
