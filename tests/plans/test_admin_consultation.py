"""Admin of versions, documents, consultations, moderation and meetings: thin, through the services, recorded."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from plans.choices import ActionItemStatus, CommentStatus, PlanStatus
from plans.models import (
    ActionItem,
    Consultation,
    ConsultationComment,
    CoordinationMeeting,
    Plan,
    PlanDocument,
    PlanVersion,
)
from tests.plans import admin_rows
from tests.plans.factories import (
    ActionItemFactory,
    ConsultationCommentFactory,
    ConsultationFactory,
    PlanVersionFactory,
)
from tests.plans.files import image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

NEW_MODELS = [PlanVersion, PlanDocument, Consultation, ConsultationComment, CoordinationMeeting, ActionItem]
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_new_plans_admin_page_renders_for_staff(client, staff_user, city, language):
    admin_rows.make()
    client.force_login(staff_user)
    client.cookies["lang"] = language
    for model in NEW_MODELS:
        obj = model.objects.first()
        pages = [
            admin_url(model, "changelist"),
            admin_url(model, "change", obj.pk),
            admin_url(model, "history", obj.pk),
        ]
        if model is not ConsultationComment:
            pages.append(admin_url(model, "add"))
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert response["Content-Language"] == language


def test_every_new_model_is_registered_with_audit_history():
    from simple_history.admin import SimpleHistoryAdmin

    for model in NEW_MODELS:
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), model


# --- Versions and documents -------------------------------------------------------------------


def test_a_version_added_in_the_admin_gets_the_next_number_and_who_added_it(client, staff_user):
    client.force_login(staff_user)
    existing = PlanVersionFactory(number=1)
    data = {
        "plan": existing.plan_id,
        "label": "review_draft",
        "date": "2026-12-01",
        "summary": "送审稿",
        "notes": "",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    assert client.post(admin_url(PlanVersion, "add"), data).status_code == 302
    version = PlanVersion.objects.get(label="review_draft")
    assert (version.number, version.created_by) == (2, staff_user)


def document_data(version, name: str, content: bytes) -> dict:
    return {"version": version.pk, "title": "总平面图", "file": upload(name, content), "notes": ""}


def test_a_png_renamed_pdf_is_refused_in_the_admin_with_a_message_naming_it(client, staff_user):
    client.force_login(staff_user)
    client.cookies["lang"] = "en"
    version = PlanVersionFactory()
    response = client.post(admin_url(PlanDocument, "add"), document_data(version, "总平面图.pdf", image_bytes("PNG")))
    assert response.status_code == 200
    assert "总平面图.pdf is a PNG file but its name does not end in .png." in response.content.decode()
    assert PlanDocument.objects.count() == 0


def test_a_real_pdf_uploaded_in_the_admin_is_stored_with_its_kind_and_size(client, staff_user):
    client.force_login(staff_user)
    version = PlanVersionFactory()
    response = client.post(admin_url(PlanDocument, "add"), document_data(version, "规划文本.pdf", pdf_bytes()))
    assert response.status_code == 302
    document = PlanDocument.objects.get()
    assert (document.kind, document.size, document.original_name) == ("pdf", len(pdf_bytes()), "规划文本.pdf")
    assert document.history.first().history_user == staff_user


# --- Consultations ----------------------------------------------------------------------------


def consultation_data(version, starts: datetime.datetime, ends: datetime.datetime) -> dict:
    local = timezone.localtime
    return {
        "version": version.pk,
        "starts_at_0": local(starts).strftime("%Y-%m-%d"),
        "starts_at_1": local(starts).strftime("%H:%M:%S"),
        "ends_at_0": local(ends).strftime("%Y-%m-%d"),
        "ends_at_1": local(ends).strftime("%H:%M:%S"),
        "notice": "现将规划草案向社会公示，征求意见。",
        "notes": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }


def test_opening_a_consultation_in_the_admin_goes_through_the_service(client, staff_user):
    client.force_login(staff_user)
    version = PlanVersionFactory(plan__status=PlanStatus.DRAFTING)
    now = timezone.now().replace(microsecond=0)
    response = client.post(admin_url(Consultation, "add"), consultation_data(version, now, now + 30 * DAY))
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.opened_by == staff_user
    version.plan.refresh_from_db()
    assert version.plan.status == PlanStatus.PUBLIC_CONSULTATION
    assert version.plan.status_changes.get().actor == staff_user


def test_an_overlapping_window_is_refused_in_the_admin_form(client, staff_user):
    client.force_login(staff_user)
    existing = ConsultationFactory(starts_at=timezone.now() - DAY, ends_at=timezone.now() + 10 * DAY)
    version = PlanVersionFactory(plan=existing.version.plan)
    now = timezone.now().replace(microsecond=0)
    response = client.post(admin_url(Consultation, "add"), consultation_data(version, now, now + 30 * DAY))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Consultation.objects.count() == 1


def test_an_approved_plan_cannot_be_opened_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    version = PlanVersionFactory(plan__status=PlanStatus.APPROVED)
    now = timezone.now().replace(microsecond=0)
    response = client.post(admin_url(Consultation, "add"), consultation_data(version, now, now + 30 * DAY))
    assert response.status_code == 200
    assert Consultation.objects.count() == 0


def test_the_close_now_action_closes_an_open_consultation(client, staff_user):
    client.force_login(staff_user)
    consultation = ConsultationFactory(starts_at=timezone.now() - DAY, ends_at=timezone.now() + 10 * DAY)
    data = {"action": "close_now", "_selected_action": [consultation.pk]}
    assert client.post(admin_url(Consultation, "changelist"), data).status_code == 302
    consultation.refresh_from_db()
    assert consultation.closed_early_by == staff_user
    assert consultation.ends_at <= timezone.now()


def test_the_extend_action_asks_for_the_new_end_then_extends(client, staff_user):
    client.force_login(staff_user)
    ends = timezone.now().replace(microsecond=0) + 10 * DAY
    consultation = ConsultationFactory(starts_at=timezone.now() - DAY, ends_at=ends)
    data = {"action": "extend", "_selected_action": [consultation.pk]}
    asked = client.post(admin_url(Consultation, "changelist"), data)
    assert asked.status_code == 200
    assert "ends_at" in asked.context["form"].fields
    later = timezone.localtime(ends + 5 * DAY)
    client.post(
        admin_url(Consultation, "changelist"), {**data, "apply": "1", "ends_at": later.strftime("%Y-%m-%d %H:%M:%S")}
    )
    consultation.refresh_from_db()
    assert consultation.ends_at == ends + 5 * DAY


# --- Moderation -------------------------------------------------------------------------------


def test_the_publish_action_publishes_with_who(client, staff_user):
    client.force_login(staff_user)
    comment = ConsultationCommentFactory()
    data = {"action": "publish", "_selected_action": [comment.pk]}
    assert client.post(admin_url(ConsultationComment, "changelist"), data).status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (CommentStatus.PUBLISHED, staff_user)


def test_the_reject_action_asks_for_a_reason_first(client, staff_user):
    client.force_login(staff_user)
    comment = ConsultationCommentFactory()
    data = {"action": "reject", "_selected_action": [comment.pk]}
    asked = client.post(admin_url(ConsultationComment, "changelist"), data)
    assert asked.status_code == 200
    assert ConsultationComment.objects.get(pk=comment.pk).status == CommentStatus.PENDING
    client.post(admin_url(ConsultationComment, "changelist"), {**data, "apply": "1", "reason": "广告"})
    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason, comment.moderated_by) == (
        CommentStatus.REJECTED,
        "广告",
        staff_user,
    )


def test_the_reply_action_publishes_the_comment_with_the_reply(client, staff_user):
    client.force_login(staff_user)
    comment = ConsultationCommentFactory()
    data = {"action": "reply_to", "_selected_action": [comment.pk], "apply": "1", "text": "感谢建议。"}
    client.post(admin_url(ConsultationComment, "changelist"), data)
    comment.refresh_from_db()
    assert (comment.status, comment.reply, comment.replied_by) == (CommentStatus.PUBLISHED, "感谢建议。", staff_user)


def test_a_colleague_without_rights_cannot_moderate(client, colleague_user):
    client.force_login(colleague_user)
    comment = ConsultationCommentFactory()
    response = client.post(
        admin_url(ConsultationComment, "changelist"), {"action": "publish", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 403
    assert ConsultationComment.objects.get(pk=comment.pk).status == CommentStatus.PENDING


def test_comments_cannot_be_added_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    assert client.get(admin_url(ConsultationComment, "add")).status_code == 403


# --- Meetings ---------------------------------------------------------------------------------


def test_the_action_item_list_flags_overdue_items_and_filters_them(client, staff_user):
    client.force_login(staff_user)
    client.cookies["lang"] = "en"
    overdue = ActionItemFactory(meeting__date=TODAY - 30 * DAY, due_date=TODAY - DAY, text="逾期事项")
    ActionItemFactory(meeting__date=TODAY - 30 * DAY, due_date=TODAY + DAY, text="未到期事项")
    body = client.get(admin_url(ActionItem, "changelist")).content.decode()
    assert '<strong style="color:#b91c1c">' in body
    filtered = client.get(admin_url(ActionItem, "changelist") + "?overdue=yes")
    assert list(filtered.context["cl"].queryset) == [overdue]


def test_the_complete_action_marks_items_done_with_the_day(client, staff_user):
    client.force_login(staff_user)
    item = ActionItemFactory(meeting__date=TODAY - 30 * DAY, due_date=TODAY)
    data = {"action": "complete", "_selected_action": [item.pk], "apply": "1", "on": TODAY.isoformat(), "note": ""}
    client.post(admin_url(ActionItem, "changelist"), data)
    item.refresh_from_db()
    assert (item.status, item.done_on) == (ActionItemStatus.DONE, TODAY)
    assert item.history.first().history_user == staff_user


def test_the_drop_action_needs_a_reason(client, staff_user):
    client.force_login(staff_user)
    item = ActionItemFactory()
    data = {"action": "drop", "_selected_action": [item.pk], "apply": "1", "reason": ""}
    response = client.post(admin_url(ActionItem, "changelist"), data)
    assert response.status_code == 200
    assert ActionItem.objects.get(pk=item.pk).status == ActionItemStatus.OPEN
    client.post(admin_url(ActionItem, "changelist"), {**data, "reason": "已合并到其他事项"})
    assert ActionItem.objects.get(pk=item.pk).status == ActionItemStatus.DROPPED


def test_a_meeting_is_recorded_in_the_admin_with_its_action_items(client, staff_user):
    client.force_login(staff_user)
    plan = Plan.objects.create(title="测试规划", kind="special")
    data = {
        "date": "2026-10-15",
        "title": "专题会议",
        "convened_by": "阳泉市城市管理局",
        "units_attending": "阳泉市城市管理局\n阳泉市自然资源局",
        "plans": [plan.pk],
        "minutes": "",
        "decisions": "",
        "action_items-TOTAL_FORMS": "1",
        "action_items-INITIAL_FORMS": "0",
        "action_items-0-text": "核对用地边界",
        "action_items-0-owner_unit": "阳泉市规划设计院",
        "action_items-0-owner_person": "",
        "action_items-0-due_date": "2026-11-15",
        "action_items-0-note": "",
    }
    response = client.post(admin_url(CoordinationMeeting, "add"), data)
    assert response.status_code == 302
    meeting = CoordinationMeeting.objects.get()
    assert meeting.recorded_by == staff_user
    assert meeting.action_items.get().status == ActionItemStatus.OPEN


def test_the_meeting_list_is_constant_in_queries(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    for _ in range(10):
        ActionItemFactory.create_batch(2, meeting__date=TODAY - 30 * DAY, due_date=TODAY - DAY)
    with django_assert_max_num_queries(10):
        assert client.get(admin_url(CoordinationMeeting, "changelist")).status_code == 200


def test_the_comment_list_is_constant_in_queries(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)
    ConsultationCommentFactory.create_batch(20)
    with django_assert_max_num_queries(12):
        assert client.get(admin_url(ConsultationComment, "changelist")).status_code == 200
