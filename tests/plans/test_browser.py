"""On a 360 × 640 phone with JavaScript off: read a plan under consultation and send a comment."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from plans.choices import CommentStatus
from plans.demo import load_demo_consultation
from plans.models import ConsultationComment
from tests.e2e.conftest import PHONE, browser, screenshot  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTION_PLAN = "阳泉市绿化高质量发展五年行动计划（2026-2030）"


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_yangquan", stdout=StringIO())
    return load_demo_consultation()


@pytest.fixture
def phone_without_js(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def fits_the_phone(page) -> bool:
    # Measured by layout, which works with scripts off in the page (evaluate runs outside it).
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_comments_on_the_draft_from_a_phone_without_javascript(live_server, demo, phone_without_js):
    page = phone_without_js
    page.goto(f"{live_server.url}/plans/")
    assert ACTION_PLAN in page.content()
    assert fits_the_phone(page)
    page.click(f"a.plans-button[href='/plans/{demo.consultation.pk}/']")
    assert page.locator("h1").inner_text() == ACTION_PLAN
    assert fits_the_phone(page)
    assert page.locator("#id_website").is_visible() is False or page.locator(".plans-hp").bounding_box()["x"] < 0
    page.fill("#id_body", "建议在步道两侧多种国槐、油松，夏天有树荫。")
    page.fill("#id_name", "李明")
    page.click("#comment-form button[type=submit]")
    assert "sent=1" in page.url
    assert page.locator("[role=status]").is_visible()
    assert fits_the_phone(page)
    screenshot(page, "plans-comment-sent-phone")
    comment = ConsultationComment.objects.get()
    assert (comment.body, comment.name, comment.status) == (
        "建议在步道两侧多种国槐、油松，夏天有树荫。",
        "李明",
        CommentStatus.PENDING,
    )


def test_a_refused_comment_keeps_the_text_and_fits_the_phone(live_server, demo, phone_without_js):
    page = phone_without_js
    page.goto(f"{live_server.url}/plans/{demo.consultation.pk}/")
    page.fill("#id_body", "请保留这段文字。")
    page.fill("#id_mobile", "12345")
    page.click("#comment-form button[type=submit]")
    assert page.locator("#id_body").input_value() == "请保留这段文字。"
    assert page.locator(".plans-error").count() == 1
    assert fits_the_phone(page)
    assert ConsultationComment.objects.count() == 0
