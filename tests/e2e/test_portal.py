"""The portal in a real browser: Chinese first, fits a phone, staff reach the estate in the admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(transactional_db):
    call_command("load_yangquan", stdout=StringIO())


def test_the_landing_page_fits_a_phone_in_chinese(phone, live_server, city):
    phone.goto(live_server.url + "/")
    assert phone.locator("h1").inner_text() == "阳泉市园林绿化管理平台"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "landing-phone-zh")


def test_the_language_switch_turns_the_page_english_and_back(phone, live_server, city):
    phone.goto(live_server.url + "/")
    phone.get_by_role("button", name="English").click()
    assert phone.locator("h1").inner_text() == "Yangquan Greening Portal"
    phone.get_by_role("button", name="简体中文").click()
    assert phone.locator("h1").inner_text() == "阳泉市园林绿化管理平台"


def test_staff_sign_in_and_see_the_green_spaces_in_chinese(desktop, live_server, city, staff_user):
    desktop.goto(live_server.url + "/admin/")
    desktop.fill("#id_username", staff_user.username)
    desktop.fill("#id_password", "pw-staff-123")
    desktop.click("input[type=submit]")
    desktop.goto(live_server.url + "/admin/greenspaces/greenspace/")
    body = desktop.locator("#changelist").inner_text()
    assert "泉西路游园" in body
    assert "硬质铺装率" in body
    screenshot(desktop, "admin-green-spaces-zh")


def test_staff_see_the_orders_a_warning_created(desktop, live_server, city, staff_user):
    from maintenance import services
    from tests.maintenance.factories import sample

    services.alert_ingest(document=sample("cap-rainstorm-yellow-citywide.xml"), replay=True)
    desktop.goto(live_server.url + "/admin/login/?next=/admin/maintenance/maintenanceorder/")
    desktop.fill("#id_username", staff_user.username)
    desktop.fill("#id_password", "pw-staff-123")
    desktop.click("input[type=submit]")
    body = desktop.locator("#changelist").inner_text()
    assert "暴雨·排水防涝" in body
    assert "已下达" in body
    assert "高" in body
    screenshot(desktop, "admin-orders-zh")
    desktop.goto(live_server.url + "/admin/maintenance/weatheralert/")
    assert "暴雨黄色预警信号" in desktop.locator("#changelist").inner_text()
    screenshot(desktop, "admin-alerts-zh")


def test_the_api_docs_render_offline_from_local_assets(desktop, live_server, city):
    requested = []
    desktop.on("request", lambda request: requested.append(request.url))
    desktop.goto(live_server.url + "/api/docs/")
    desktop.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = desktop.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/orders/{id}/acknowledge/" in paths
    assert "/api/v1/weather/cap/" in paths
    assert all(url.startswith(live_server.url) for url in requested), "the docs page fetched from elsewhere"
    screenshot(desktop, "api-docs")


def test_staff_see_the_plans_and_the_letters_targets(desktop, live_server, city, staff_user):
    desktop.goto(live_server.url + "/admin/login/?next=/admin/plans/indicator/")
    desktop.fill("#id_username", staff_user.username)
    desktop.fill("#id_password", "pw-staff-123")
    desktop.click("input[type=submit]")
    indicators = desktop.locator("#changelist").inner_text()
    assert "≤ 20" in indicators and "+30%" in indicators
    screenshot(desktop, "admin-indicators-zh")
    desktop.goto(live_server.url + "/admin/plans/plan/")
    assert "阳泉市国土空间总体规划（2021-2035）" in desktop.locator("#changelist").inner_text()
    screenshot(desktop, "admin-plans-zh")
    desktop.goto(live_server.url + "/admin/projects/project/")
    assert "泉西路游园海绵绿地建设项目" in desktop.locator("#changelist").inner_text()
    screenshot(desktop, "admin-projects-zh")
