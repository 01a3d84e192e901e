"""The People's Congress report in a real browser: staff sign in, read it in Chinese, print it to A4."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, user, next_path: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-staff-123")
    page.click("input[type=submit]")


def test_staff_read_todays_report_in_chinese_and_print_it(desktop, live_server, city, staff_user):
    sign_in(desktop, live_server, staff_user, "/reports/npc/")
    assert desktop.url.endswith("/reports/npc/")
    assert desktop.locator("h1").inner_text() == "阳泉市园林绿化工作进展情况"
    headings = desktop.locator("article h2").all_inner_texts()
    assert headings[:2] == ["1. 规划", "2. 重点工程"]
    # The letter's figures as a Chinese page writes them (Django's zh-hans format has no thousands separator).
    checklist = desktop.locator("#work_items").inner_text()
    assert "\t20000\t" in checklist and "\t29.97\t" in checklist and "\t2000\t" in checklist
    screenshot(desktop, "npc-report-zh")

    desktop.emulate_media(media="print")
    assert desktop.locator(".site-header").is_hidden()
    assert desktop.locator("form.report-query").is_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = desktop.pdf(path=str(ARTIFACTS / "npc-report-zh.pdf"), format="A4", landscape=True)
    assert pdf.startswith(b"%PDF-")


def test_a_bad_date_in_the_report_form_shows_the_message_at_the_field(desktop, live_server, city, staff_user):
    sign_in(desktop, live_server, staff_user, "/reports/npc/?as_of=2026-02-30")
    assert desktop.locator("p.error[role=alert]").inner_text() == "请按 YYYY-MM-DD 格式输入日期，例如 2026-06-30。"
