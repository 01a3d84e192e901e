"""A citizen park steward on a 360 × 640 phone, end to end: apply, be approved, set a password with
the texted code, train, inspect with a photo, and see the contractor's completed work."""

from __future__ import annotations

import datetime
import io
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lvhua-2026-yq"
MOBILE = "13712345678"


@pytest.fixture
def city(transactional_db):
    call_command("load_yangquan", stdout=StringIO())


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.STEWARD_SMS_BACKEND = "volunteers.sms.FileBackend"
    settings.STEWARD_SMS_FILE = str(tmp_path / "sms.jsonl")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STEWARD_INSPECTION_REQUIRES_TRAINING = True
    return tmp_path / "sms.jsonl"


@pytest.fixture
def induction(city):
    from volunteers.models import TrainingSession

    start = timezone.now() + datetime.timedelta(days=3)
    return TrainingSession.objects.create(
        topic="市民园长入职培训",
        trainer="市园林绿化服务中心 刘高工",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="南山公园管理处会议室",
        capacity=1,
        is_induction=True,
    )


def photo_file(tmp_path) -> str:
    """A 3000 × 2000 JPEG (the browser downscales it before upload)."""
    path = tmp_path / "lawn.jpg"
    image = Image.new("RGB", (3000, 2000), (90, 140, 60))
    for x in range(0, 3000, 50):
        image.paste((200, 180, 90), (x, 0, x + 20, 2000))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95)
    path.write_bytes(buffer.getvalue())
    return str(path)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def admin_sign_in(desktop, live_server, staff_user, next_url: str) -> None:
    desktop.goto(f"{live_server.url}/admin/login/?next={next_url}")
    desktop.fill("#id_username", staff_user.username)
    desktop.fill("#id_password", "pw-staff-123")
    desktop.click("input[type=submit]")


def admin_action(desktop, pk: int, action: str) -> None:
    desktop.check(f"input[name=_selected_action][value='{pk}']")
    desktop.select_option("select[name=action]", action)
    desktop.click("button[name=index]")


def test_a_steward_applies_inspects_and_sees_the_completed_work(
    phone, desktop, live_server, city, sms_file, induction, staff_user, tmp_path
):
    from greenspaces.models import GreenSpace
    from maintenance.models import MaintenanceOrder
    from maintenance.services import order_acknowledge, order_complete
    from volunteers import services
    from volunteers.models import Inspection, StewardApplication, TrainingEnrolment

    nanshan = GreenSpace.objects.get(code="nanshan-park")

    # 1. Apply on the phone.
    phone.goto(live_server.url + "/stewards/apply/")
    assert phone.locator("html").get_attribute("lang") == "zh-hans"
    assert fits_the_phone(phone)
    phone.fill("#id_name", "李市民")
    phone.fill("#id_mobile", MOBILE)
    phone.fill("#space-filter", "南山")  # the search box the script adds
    phone.check(f"input[name=green_spaces][value='{nanshan.pk}']")
    phone.check("input[name=availability][value=weekends]")
    phone.fill("#id_motivation", "我每天在南山公园散步，愿意帮忙监督养护。")
    phone.check("#id_consent")
    screenshot(phone, "stewards-apply-phone")
    phone.click(".st button[type=submit]")
    phone.wait_for_url(re.compile(r"/stewards/apply/[0-9a-f-]{36}/$"))
    status_url = phone.url
    application = StewardApplication.objects.get(mobile=MOBILE)
    assert application.status == "pending"

    # 2. Staff approve in the admin; the SMS backend writes the code to a file.
    admin_sign_in(desktop, live_server, staff_user, "/admin/volunteers/stewardapplication/")
    admin_action(desktop, application.pk, "approve_applications")
    desktop.click("input[name=apply]")
    desktop.wait_for_url(re.compile(r"/admin/volunteers/stewardapplication/$"))
    application.refresh_from_db()
    assert application.status == "approved"
    message = json.loads(sms_file.read_text(encoding="utf-8").splitlines()[-1])
    assert message["mobile"] == MOBILE
    code = re.search(r"\b(\d{6})\b", message["text"]).group(1)

    # 3. The status page shows the decision; set the password with the code, then sign in.
    phone.goto(status_url)
    phone.click("a[href*='/stewards/password/set/']")
    assert phone.input_value("#id_mobile") == MOBILE
    phone.fill("#id_code", code)
    phone.fill("#id_new_password1", PASSWORD)
    phone.fill("#id_new_password2", PASSWORD)
    phone.click(".st button[type=submit]")
    phone.wait_for_url(re.compile(r"/stewards/sign-in/"))
    assert phone.input_value("#id_username") == MOBILE
    phone.fill("#id_password", PASSWORD)
    phone.click(".st button[type=submit]")
    phone.wait_for_url(re.compile(r"/stewards/$"))
    assert fits_the_phone(phone)
    screenshot(phone, "stewards-home-phone")

    # 4. Sign up for the induction; staff mark attendance; inspections open.
    phone.goto(live_server.url + "/stewards/training/")
    phone.click(f"form[action='/stewards/training/{induction.pk}/sign-up/'] button")
    enrolment = TrainingEnrolment.objects.get(session=induction, steward__mobile=MOBILE)
    assert enrolment.status == "booked"
    assert fits_the_phone(phone)
    screenshot(phone, "stewards-training-phone")
    services.training_mark_attendance(enrolment=enrolment, attended=True, actor=staff_user)

    # 5. Inspect the one assigned park with a photo (downscaled in the browser).
    phone.goto(live_server.url + "/stewards/inspections/new/")
    from volunteers.models import ChecklistItem

    lawn = ChecklistItem.objects.get(code="lawn")
    clean = ChecklistItem.objects.get(code="cleanliness")
    phone.check(f"input[name=rating_{lawn.pk}][value='2']")
    phone.check(f"input[name=rating_{clean.pk}][value='4']")
    phone.locator(f"#id_problem_{lawn.pk}").locator("xpath=..").locator("summary").click()
    phone.fill(f"#id_problem_{lawn.pk}", "南门草坪斑秃约10平方米")
    phone.set_input_files("#id_photos", photo_file(tmp_path))
    assert fits_the_phone(phone)
    screenshot(phone, "stewards-inspection-form-phone")
    phone.click(".st button[type=submit]")
    phone.wait_for_url(re.compile(r"/stewards/inspections/\d+/\?sent=1$"))
    inspection = Inspection.objects.get(steward__mobile=MOBILE)
    stored = inspection.photos.get()
    with Image.open(stored.image.path) as image:
        assert max(image.size) <= 1600  # downscaled by the browser before it was sent
    assert phone.locator("[data-draft-clear]").count() == 1

    # 6. Staff turn the problem into an order in the admin; the contractor completes it.
    desktop.goto(live_server.url + "/admin/volunteers/inspection/")
    admin_action(desktop, inspection.pk, "order_problems")
    desktop.select_option("#id_priority", "high")
    desktop.click("input[name=apply]")
    desktop.wait_for_url(re.compile(r"/admin/volunteers/inspection/$"))
    order = MaintenanceOrder.objects.get(source="steward")
    assert order.contractor is not None and order.status == "issued"
    order_acknowledge(order=order, actor_label=order.contractor.name)
    with open(photo_file(tmp_path), "rb") as handle:
        from django.core.files.uploadedfile import SimpleUploadedFile

        evidence = SimpleUploadedFile("done.jpg", handle.read(), content_type="image/jpeg")
    order_complete(order=order, notes="已补植高羊茅草皮12平方米", photos=[evidence], actor_label=order.contractor.name)

    # 7. The steward sees the completion with the contractor's photo, and confirms it.
    phone.goto(f"{live_server.url}/stewards/inspections/{inspection.pk}/")
    body = phone.locator("main").inner_text()
    assert "已补植高羊茅草皮12平方米" in body
    assert "已完成" in body
    assert phone.locator(f"img[src='/stewards/photos/order/{order.photos.get().pk}/']").count() == 1
    assert fits_the_phone(phone)
    screenshot(phone, "stewards-completed-work-phone")
    phone.check("input[name=verdict][value=confirmed]")
    phone.click("form.st-review button[type=submit]")
    phone.wait_for_url(re.compile(rf"/stewards/inspections/{inspection.pk}/$"))
    assert inspection.items.get(checklist_item=lawn).verdict == "confirmed"


def test_what_was_typed_survives_a_reload_and_a_resend_is_not_duplicated(
    phone, live_server, city, sms_file, staff_user, settings
):
    from greenspaces.models import GreenSpace
    from volunteers.models import ChecklistItem, Inspection
    from volunteers.services import application_approve, application_submit, password_set_with_code

    settings.STEWARD_INSPECTION_REQUIRES_TRAINING = False
    nanshan = GreenSpace.objects.get(code="nanshan-park")
    application = application_submit(
        name="王园长", mobile=MOBILE, green_spaces=[nanshan], availability="weekends", motivation="愿意", consent=True
    )
    application_approve(application=application, actor=staff_user)
    code = re.search(r"\b(\d{6})\b", sms_file.read_text(encoding="utf-8")).group(1)
    password_set_with_code(mobile=MOBILE, code=code, password=PASSWORD)
    phone.goto(live_server.url + "/stewards/sign-in/")
    phone.fill("#id_username", MOBILE)
    phone.fill("#id_password", PASSWORD)
    phone.click(".st button[type=submit]")
    phone.wait_for_url(re.compile(r"/stewards/$"))

    lawn = ChecklistItem.objects.get(code="lawn")
    phone.goto(live_server.url + "/stewards/inspections/new/")
    key = phone.input_value("input[name=submission_id]")
    phone.check(f"input[name=rating_{lawn.pk}][value='3']")
    phone.fill("#id_note", "傍晚巡查，整体尚可")
    phone.reload()  # as if the page were lost and opened again
    assert phone.input_value("#id_note") == "傍晚巡查，整体尚可"
    assert phone.is_checked(f"input[name=rating_{lawn.pk}][value='3']")
    assert phone.input_value("input[name=submission_id]") == key  # the same report, not a new one

    # The form reaches the server twice (a resend after the answer was lost), then the steward taps send: one report.
    statuses = phone.evaluate(
        """async () => {
            const form = document.querySelector("form[data-draft]");
            const send = () => fetch(location.href, {method: "POST", body: new FormData(form)});
            const first = await send();
            const second = await send();
            return [first.status, second.status];
        }"""
    )
    assert statuses == [200, 200]
    assert Inspection.objects.filter(submission_id=key).count() == 1
    phone.click(".st button[type=submit]")
    phone.wait_for_url(re.compile(r"/stewards/inspections/\d+/\?sent=1$"))
    assert Inspection.objects.count() == 1
    screenshot(phone, "stewards-report-received-phone")
    phone.goto(live_server.url + "/stewards/inspections/new/")
    assert phone.input_value("#id_note") == ""  # the draft was cleared once the server confirmed it


def test_with_javascript_off_a_steward_still_signs_in_and_reports_with_a_photo(
    browser, live_server, city, sms_file, staff_user, settings, tmp_path
):
    from greenspaces.models import GreenSpace
    from tests.e2e.conftest import PHONE
    from volunteers.models import ChecklistItem, Inspection
    from volunteers.services import application_approve, application_submit, password_set_with_code

    settings.STEWARD_INSPECTION_REQUIRES_TRAINING = False
    nanshan = GreenSpace.objects.get(code="nanshan-park")
    application = application_submit(
        name="赵园长", mobile=MOBILE, green_spaces=[nanshan], availability="any_time", motivation="愿意", consent=True
    )
    application_approve(application=application, actor=staff_user)
    code = re.search(r"\b(\d{6})\b", sms_file.read_text(encoding="utf-8")).group(1)
    password_set_with_code(mobile=MOBILE, code=code, password=PASSWORD)

    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/stewards/sign-in/")
        page.fill("#id_username", MOBILE)
        page.fill("#id_password", PASSWORD)
        page.click(".st button[type=submit]")
        page.wait_for_url(re.compile(r"/stewards/$"))
        page.goto(live_server.url + "/stewards/inspections/new/")
        assert page.locator("input[name=submission_id]").input_value()  # made by the server
        lawn = ChecklistItem.objects.get(code="lawn")
        page.check(f"input[name=rating_{lawn.pk}][value='1']")
        page.locator(f"#id_problem_{lawn.pk}").locator("xpath=..").locator("summary").click()
        page.fill(f"#id_problem_{lawn.pk}", "喷灌头损坏，草坪大面积枯黄")
        page.set_input_files("#id_photos", photo_file(tmp_path))
        assert fits_the_phone(page)
        page.click(".st button[type=submit]")
        page.wait_for_url(re.compile(r"/stewards/inspections/\d+/\?sent=1$"))
        inspection = Inspection.objects.get()
        assert inspection.photos.count() == 1
        assert inspection.items.get(checklist_item=lawn).problem == "喷灌头损坏，草坪大面积枯黄"
        screenshot(page, "stewards-no-javascript-phone")
    finally:
        context.close()
