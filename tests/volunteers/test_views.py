"""The stewards' phone pages: valid and invalid input in both languages, and who may see what."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from maintenance.services import order_acknowledge, order_complete
from tests.support.images import jpeg_with_gps, text_named_jpg
from tests.volunteers.factories import PASSWORD, make_application, make_session, make_steward, submit_inspection
from volunteers import services
from volunteers.choices import ApplicationStatus, EnrolmentStatus
from volunteers.models import (
    ChecklistItem,
    Inspection,
    InspectionPhoto,
    Steward,
    StewardApplication,
    Suggestion,
    TrainingEnrolment,
)

pytestmark = pytest.mark.django_db


def login(client, steward, language="zh-hans"):
    client.force_login(steward.user)
    client.cookies["lang"] = language
    return client


def inspection_post(space, **extra):
    lawn = ChecklistItem.objects.get(code="lawn")
    clean = ChecklistItem.objects.get(code="cleanliness")
    data = {
        "submission_id": str(uuid.uuid4()),
        "green_space": str(space.pk),
        f"rating_{lawn.pk}": "2",
        f"problem_{lawn.pk}": "草坪斑秃",
        f"rating_{clean.pk}": "4",
        "note": "",
    }
    data.update(extra)
    return data


# --- Applying ---------------------------------------------------------------------------------


def application_post(space, **extra):
    data = {
        "name": "李市民",
        "mobile": "13712345678",
        "green_spaces": [str(space.pk)],
        "availability": "weekends",
        "motivation": "我每天在公园散步。",
        "consent": "on",
    }
    data.update(extra)
    return data


def test_the_application_page_shows_the_rules_in_chinese(zh_client, space):
    response = zh_client.get(reverse("volunteers:apply"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "申请成为市民园长" in body
    assert "项目规则" in body
    assert space.name in body


def test_the_application_page_in_english(en_client, space):
    response = en_client.get(reverse("volunteers:apply"))
    assert "Apply to be a citizen park steward" in response.content.decode()


def test_applying_leads_to_a_status_page_showing_the_decision(client, space, staff_user):
    response = client.post(reverse("volunteers:apply"), application_post(space))
    application = StewardApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:apply-status", args=[application.token])
    assert "等待审核" in client.get(response["Location"]).content.decode()
    services.application_reject(application=application, actor=staff_user, reason="本区名额已满")
    body = client.get(response["Location"]).content.decode()
    assert "未通过" in body and "本区名额已满" in body


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh-hans", "请输入 11 位大陆手机号码"), ("en", "Enter an 11-digit mainland mobile number")],
)
def test_a_wrong_mobile_number_is_refused_in_the_stewards_language(client, space, language, message):
    client.cookies["lang"] = language
    response = client.post(reverse("volunteers:apply"), application_post(space, mobile="0353-1234567"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert StewardApplication.objects.count() == 0


def test_an_application_without_consent_is_refused(client, space):
    data = application_post(space)
    del data["consent"]
    response = client.post(reverse("volunteers:apply"), data)
    assert response.status_code == 400
    assert StewardApplication.objects.count() == 0


def test_an_unknown_status_page_is_404(client, db):
    assert client.get(reverse("volunteers:apply-status", args=[uuid.uuid4()])).status_code == 404


# --- Signing in and setting the password ------------------------------------------------------


def test_a_steward_signs_in_with_mobile_and_password(client, steward):
    response = client.post(reverse("volunteers:sign-in"), {"username": steward.mobile, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:home")


def test_a_wrong_password_is_refused_with_a_clear_message(zh_client, steward):
    response = zh_client.post(reverse("volunteers:sign-in"), {"username": steward.mobile, "password": "wrong"})
    assert response.status_code == 400
    assert "手机号或密码不正确" in response.content.decode()


def test_setting_the_password_with_the_texted_code(
    client, space, staff_user, sms_outbox, django_capture_on_commit_callbacks
):
    application = make_application("13712345678", spaces=[space])
    with django_capture_on_commit_callbacks(execute=True):
        steward = services.application_approve(application=application, actor=staff_user)
    code = re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)
    response = client.post(
        reverse("volunteers:password-set"),
        {"mobile": steward.mobile, "code": code, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    assert client.login(request=response.wsgi_request, username=steward.mobile, password=PASSWORD)


@pytest.mark.parametrize(("language", "message"), [("zh-hans", "验证码已经用过"), ("en", "already been used")])
def test_a_reused_code_is_refused_in_the_stewards_language(
    client, space, staff_user, sms_outbox, django_capture_on_commit_callbacks, language, message
):
    application = make_application("13712345678", spaces=[space])
    with django_capture_on_commit_callbacks(execute=True):
        steward = services.application_approve(application=application, actor=staff_user)
    code = re.search(r"\b(\d{6})\b", sms_outbox[-1].text).group(1)
    data = {"mobile": steward.mobile, "code": code, "new_password1": PASSWORD, "new_password2": PASSWORD}
    client.post(reverse("volunteers:password-set"), data)
    client.cookies["lang"] = language
    response = client.post(
        reverse("volunteers:password-set"), {**data, "new_password1": "Other-pw-2026", "new_password2": "Other-pw-2026"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_asking_a_code_answers_the_same_for_unknown_numbers(client, db, sms_outbox):
    response = client.post(reverse("volunteers:code-request"), {"mobile": "13600000000"})
    assert response.status_code == 302
    assert sms_outbox == []


# --- Who may see what -------------------------------------------------------------------------


STEWARD_PAGES = ["home", "history", "profile", "inspection-new", "suggestion-new", "training"]


@pytest.mark.parametrize("name", STEWARD_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(reverse(f"volunteers:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("volunteers:sign-in"))


@pytest.mark.parametrize("name", STEWARD_PAGES)
def test_every_steward_page_renders_in_both_languages(client, steward, name):
    for language in ("zh-hans", "en"):
        response = login(client, steward, language).get(reverse(f"volunteers:{name}"))
        assert response.status_code == 200, name
        assert response["Content-Language"] == language


def test_signed_in_staff_who_are_not_stewards_are_refused(client, outsider_user, db):
    client.force_login(outsider_user)
    assert client.get(reverse("volunteers:home")).status_code == 403


def test_a_suspended_steward_is_refused(client, steward, staff_user):
    services.steward_change_status(steward=steward, status="suspended", actor=staff_user)
    assert login(client, steward).get(reverse("volunteers:home")).status_code == 403


def test_a_colleague_gets_404_for_the_owners_report(client, steward, colleague, space):
    inspection = submit_inspection(steward, space)
    assert (
        login(client, colleague).get(reverse("volunteers:inspection-detail", args=[inspection.pk])).status_code == 404
    )
    assert login(client, steward).get(reverse("volunteers:inspection-detail", args=[inspection.pk])).status_code == 200


def test_an_outsider_gets_404_for_the_owners_suggestion_and_photos(client, steward, outsider, space):
    inspection = submit_inspection(steward, space, photos=[jpeg_with_gps()])
    suggestion, _created = services.suggestion_submit(steward=steward, submission_id=uuid.uuid4(), title="t", text="x")
    photo = InspectionPhoto.objects.get(inspection=inspection)
    login(client, outsider)
    assert client.get(reverse("volunteers:suggestion-detail", args=[suggestion.pk])).status_code == 404
    assert client.get(reverse("volunteers:photo", args=["inspection", photo.pk])).status_code == 404
    login(client, steward)
    response = client.get(reverse("volunteers:photo", args=["inspection", photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_the_inspection_page_refuses_a_green_space_not_assigned(client, steward, other_space):
    response = login(client, steward).get(reverse("volunteers:inspection-new"), {"space": other_space.pk})
    assert response.status_code == 404
    assert "不是您负责的绿地" in response.content.decode()


def test_posting_an_inspection_for_a_green_space_not_assigned_is_refused(client, steward, other_space):
    response = login(client, steward).post(reverse("volunteers:inspection-new"), inspection_post(other_space))
    assert response.status_code == 400
    assert Inspection.objects.count() == 0


# --- Inspecting -------------------------------------------------------------------------------


def test_the_checklist_page_lists_the_items_for_the_kind_of_space(client, steward, space):
    body = login(client, steward).get(reverse("volunteers:inspection-new"), {"space": space.pk}).content.decode()
    assert "草坪" in body and "公共厕所" in body
    assert "路缘石与隔离带" not in body  # road belts only
    assert 'name="submission_id"' in body


def test_an_inspection_is_committed_before_the_success_page(client, steward, space):
    response = login(client, steward).post(
        reverse("volunteers:inspection-new"), inspection_post(space, photos=[jpeg_with_gps()])
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:inspection-detail", args=[inspection.pk]) + "?sent=1"
    body = client.get(response["Location"]).content.decode()
    assert "您的报告已收到并保存" in body
    assert inspection.photos.count() == 1


def test_a_double_tap_saves_one_report(client, steward, space):
    data = inspection_post(space)
    first = login(client, steward).post(reverse("volunteers:inspection-new"), data)
    second = client.post(reverse("volunteers:inspection-new"), data)
    assert Inspection.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(("language", "message"), [("zh-hans", "请至少为一项打分"), ("en", "Rate at least one item")])
def test_an_empty_checklist_is_refused_in_the_stewards_language(client, steward, space, language, message):
    data = {"submission_id": str(uuid.uuid4()), "green_space": str(space.pk)}
    response = login(client, steward, language).post(reverse("volunteers:inspection-new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Inspection.objects.count() == 0


def test_the_typed_text_and_key_survive_a_refused_send(client, steward, space):
    data = inspection_post(space, photos=[text_named_jpg()])
    response = login(client, steward).post(reverse("volunteers:inspection-new"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "草坪斑秃" in body
    assert data["submission_id"] in body
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "message"), [("zh-hans", "不是可读取的照片"), ("en", "not a photo that can be read")]
)
def test_a_file_that_is_not_an_image_is_refused(client, steward, space, language, message):
    response = login(client, steward, language).post(
        reverse("volunteers:inspection-new"), inspection_post(space, photos=[text_named_jpg()])
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_photo_too_large_is_refused(client, steward, space, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = jpeg_with_gps(size=(64, 48))
    big.size = 2 * 1024 * 1024
    response = login(client, steward, "en").post(reverse("volunteers:inspection-new"), inspection_post(space))
    assert response.status_code == 302  # sanity: the same form without the photo is fine
    from django.core.files.uploadedfile import SimpleUploadedFile

    payload = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (1024 * 1024 + 10), content_type="image/jpeg")
    response = client.post(reverse("volunteers:inspection-new"), inspection_post(space, photos=[payload]))
    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()
    assert Inspection.objects.count() == 1


def test_seven_photos_are_refused(client, steward, space):
    photos = [jpeg_with_gps(f"p{n}.jpg") for n in range(7)]
    response = login(client, steward, "en").post(
        reverse("volunteers:inspection-new"), inspection_post(space, photos=photos)
    )
    assert response.status_code == 400
    assert "at most 6 photos" in response.content.decode()
    assert Inspection.objects.count() == 0


def test_an_untrained_steward_is_sent_to_training(client, space, checklist, settings):
    settings.STEWARD_INSPECTION_REQUIRES_TRAINING = True
    novice = make_steward("13912349999", spaces=[space], trained=False)
    response = login(client, novice).get(reverse("volunteers:inspection-new"))
    assert response.status_code == 403
    assert "入职培训" in response.content.decode()


def test_the_steward_sees_the_completion_and_confirms_on_the_page(client, steward, space, contractor, staff_user):
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    order = services.problem_order_create(item=item, actor=staff_user)
    order_acknowledge(order=order, actor_label=contractor.name)
    order_complete(order=order, notes="已补植草皮12平方米", photos=[jpeg_with_gps()], actor_label=contractor.name)
    url = reverse("volunteers:inspection-detail", args=[item.inspection_id])
    body = login(client, steward).get(url).content.decode()
    assert "已完成" in body and "已补植草皮12平方米" in body
    photo_url = reverse("volunteers:photo", args=["order", order.photos.get().pk])
    assert photo_url in body
    assert client.get(photo_url).status_code == 200
    response = client.post(
        reverse("volunteers:problem-review", args=[item.inspection_id, item.pk]), {"verdict": "confirmed", "note": ""}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.verdict == "confirmed"


def test_a_colleague_cannot_see_the_contractors_photos(client, steward, colleague, space, contractor, staff_user):
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    order = services.problem_order_create(item=item, actor=staff_user)
    order_acknowledge(order=order, actor_label=contractor.name)
    order_complete(order=order, notes="完成", photos=[jpeg_with_gps()], actor_label=contractor.name)
    photo_url = reverse("volunteers:photo", args=["order", order.photos.get().pk])
    assert login(client, colleague).get(photo_url).status_code == 404


def test_the_inspection_detail_keeps_its_queries_constant(
    client, steward, space, staff_user, django_assert_max_num_queries
):
    inspection = submit_inspection(steward, space)
    for item in inspection.items.all():
        if item.problem:
            services.problem_order_create(item=item, actor=staff_user)
    login(client, steward)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("volunteers:inspection-detail", args=[inspection.pk])).status_code == 200


def test_the_home_page_keeps_its_queries_constant(client, steward, space, django_assert_max_num_queries):
    for _ in range(5):
        submit_inspection(steward, space)
    for _ in range(3):
        make_session()
    login(client, steward)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("volunteers:home")).status_code == 200


def test_the_history_page_keeps_its_queries_constant(client, steward, space, django_assert_max_num_queries):
    for _ in range(8):
        submit_inspection(steward, space)
        services.suggestion_submit(steward=steward, submission_id=uuid.uuid4(), title="t", text="x")
    login(client, steward)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("volunteers:history")).status_code == 200


# --- Suggestions ------------------------------------------------------------------------------


def test_a_suggestion_is_sent_and_the_reply_shown(client, steward, space, staff_user):
    data = {
        "submission_id": str(uuid.uuid4()),
        "green_space": str(space.pk),
        "title": "增加遮阴座椅",
        "text": "缺少遮阴",
    }
    response = login(client, steward).post(reverse("volunteers:suggestion-new"), data)
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    services.suggestion_reply(suggestion=suggestion, actor=staff_user, reply="已纳入计划")
    body = client.get(reverse("volunteers:history")).content.decode()
    assert "增加遮阴座椅" in body and "已答复" in body
    assert "已纳入计划" in client.get(reverse("volunteers:suggestion-detail", args=[suggestion.pk])).content.decode()


def test_a_suggestion_without_text_is_refused_in_english(client, steward):
    data = {"submission_id": str(uuid.uuid4()), "title": "t", "text": ""}
    response = login(client, steward, "en").post(reverse("volunteers:suggestion-new"), data)
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Suggestion.objects.count() == 0


# --- Training ---------------------------------------------------------------------------------


def test_signing_up_on_the_page_books_a_place(client, steward):
    session = make_session(capacity=1)
    response = login(client, steward).post(reverse("volunteers:training-sign-up", args=[session.pk]))
    assert response.status_code == 302
    assert TrainingEnrolment.objects.get(session=session).status == EnrolmentStatus.BOOKED
    body = client.get(reverse("volunteers:training")).content.decode()
    assert "已报名" in body


def test_staff_only_actions_are_refused_to_stewards(client, steward):
    login(client, steward)
    response = client.get(reverse("admin:volunteers_trainingenrolment_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_steward_model_count_is_untouched_by_page_views(client, steward):
    login(client, steward).get(reverse("volunteers:home"))
    assert Steward.objects.count() == 1
    assert StewardApplication.objects.filter(status=ApplicationStatus.PENDING).count() == 0
