"""The public consultation pages: /plans/ and /plans/<id>/, phone first, Chinese first, comments through moderation."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from plans.choices import CommentStatus
from plans.models import ConsultationComment
from tests.plans.factories import (
    ConsultationCommentFactory,
    ConsultationFactory,
    PlanDocumentFactory,
    PlanVersionFactory,
)
from tests.plans.files import pdf_bytes

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TITLE = "阳泉市绿化高质量发展五年行动计划（2026-2030）"


def zh(message: str) -> str:
    """The Chinese of a message as the catalogue has it (so these tests hold before and after it is compiled)."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def open_consultation(**kwargs):
    now = timezone.now()
    kwargs.setdefault("version__plan__title", TITLE)
    return ConsultationFactory(starts_at=now - 2 * DAY, ends_at=now + 28 * DAY, **kwargs)


def closed_consultation(**kwargs):
    now = timezone.now()
    return ConsultationFactory(starts_at=now - 40 * DAY, ends_at=now - 10 * DAY, **kwargs)


def detail_url(consultation) -> str:
    return reverse("plans:consultation-detail", args=[consultation.pk])


def post(client, consultation, **data):
    values = {"body": "建议在城南公园增加林荫步道。", "name": "", "mobile": "", "website": ""}
    values.update(data)
    return client.post(detail_url(consultation), values)


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_open_consultations_in_chinese_by_default(client):
    open_consultation()
    response = client.get(reverse("plans:consultation-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert TITLE in body
    assert zh("Draft for public comment") in body
    assert zh("Read and comment") in body


def test_the_list_is_in_english_when_chosen(en_client):
    open_consultation()
    body = en_client.get(reverse("plans:consultation-list")).content.decode()
    assert "Plans under public consultation" in body
    assert "Draft for public comment" in body
    assert "Read and comment" in body


def test_the_list_shows_recently_closed_consultations_with_their_replies_only(zh_client):
    consultation = closed_consultation()
    ConsultationCommentFactory(
        consultation=consultation, status=CommentStatus.PUBLISHED, body="增加座椅。", reply="已采纳，将增设座椅。"
    )
    ConsultationCommentFactory(consultation=consultation, status=CommentStatus.PENDING, body="待审的意见", reply="")
    body = zh_client.get(reverse("plans:consultation-list")).content.decode()
    assert "已采纳，将增设座椅。" in body
    assert "待审的意见" not in body


def test_the_list_leaves_out_consultations_not_yet_open_and_long_closed(client):
    now = timezone.now()
    ConsultationFactory(version__plan__title="尚未开始的规划", starts_at=now + DAY, ends_at=now + 30 * DAY)
    ConsultationFactory(version__plan__title="很久以前的规划", starts_at=now - 400 * DAY, ends_at=now - 300 * DAY)
    body = client.get(reverse("plans:consultation-list")).content.decode()
    assert "尚未开始的规划" not in body
    assert "很久以前的规划" not in body
    assert zh("No plan is open for comment at the moment.") in body


def test_the_list_takes_the_same_few_queries_however_many_consultations(client, django_assert_max_num_queries):
    for _ in range(6):
        consultation = (
            open_consultation(version__plan__title=None)
            if False
            else ConsultationFactory(starts_at=timezone.now() - DAY, ends_at=timezone.now() + DAY)
        )
        PlanDocumentFactory(version=consultation.version)
        ConsultationCommentFactory.create_batch(3, consultation=consultation, status=CommentStatus.PUBLISHED)
    for _ in range(3):
        ConsultationCommentFactory(consultation=closed_consultation(), status=CommentStatus.PUBLISHED, reply="答复")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("plans:consultation-list"))
    assert response.status_code == 200


# --- The detail page --------------------------------------------------------------------------


def test_the_detail_shows_the_plan_version_notice_window_and_documents(zh_client):
    consultation = open_consultation(notice="现将草案公示，欢迎提出意见。")
    document = PlanDocumentFactory(version=consultation.version, title="五年行动计划文本")
    body = zh_client.get(detail_url(consultation)).content.decode()
    assert TITLE in body
    assert zh("Draft for public comment") in body
    assert "现将草案公示，欢迎提出意见。" in body
    assert reverse("plans:document-download", args=[document.pk]) in body
    assert "五年行动计划文本" in body
    assert 'name="website"' in body and 'tabindex="-1"' in body and 'aria-hidden="true"' in body
    assert 'maxlength="2000"' in body
    assert "csrfmiddlewaretoken" in body


def test_the_detail_page_is_in_english_when_chosen(en_client):
    consultation = open_consultation()
    body = en_client.get(detail_url(consultation)).content.decode()
    assert "Open for comment from" in body
    assert "Your comment" in body
    assert "Up to 2,000 characters." in body
    assert "Leave this field empty" in body


def test_only_published_comments_appear_on_the_public_page(client):
    consultation = open_consultation()
    ConsultationCommentFactory(
        consultation=consultation, status=CommentStatus.PUBLISHED, body="公开的意见", reply="答复内容"
    )
    ConsultationCommentFactory(consultation=consultation, status=CommentStatus.PENDING, body="待审的意见")
    ConsultationCommentFactory(
        consultation=consultation, status=CommentStatus.REJECTED, body="被拒的意见", rejection_reason="广告"
    )
    body = client.get(detail_url(consultation)).content.decode()
    assert "公开的意见" in body and "答复内容" in body
    assert "待审的意见" not in body
    assert "被拒的意见" not in body


def test_a_published_comment_never_shows_the_mobile_number(client):
    consultation = open_consultation()
    ConsultationCommentFactory(consultation=consultation, status=CommentStatus.PUBLISHED, mobile="13812345678")
    assert "13812345678" not in client.get(detail_url(consultation)).content.decode()


def test_a_consultation_not_open_yet_is_not_public(client):
    now = timezone.now()
    consultation = ConsultationFactory(starts_at=now + DAY, ends_at=now + 30 * DAY)
    assert client.get(detail_url(consultation)).status_code == 404


def test_a_closed_consultation_shows_when_it_closed_and_no_form(zh_client):
    consultation = closed_consultation()
    body = zh_client.get(detail_url(consultation)).content.decode()
    assert zh("This consultation no longer takes comments.") in body
    assert 'name="body"' not in body


def test_the_detail_page_takes_the_same_few_queries_however_many_comments(client, django_assert_max_num_queries):
    consultation = open_consultation()
    PlanDocumentFactory.create_batch(3, version=consultation.version)
    ConsultationCommentFactory.create_batch(20, consultation=consultation, status=CommentStatus.PUBLISHED, reply="答复")
    with django_assert_max_num_queries(4):
        response = client.get(detail_url(consultation))
    assert response.status_code == 200


# --- Sending a comment ------------------------------------------------------------------------


def test_a_comment_is_stored_before_the_thank_you_and_awaits_moderation(client):
    consultation = open_consultation()
    response = post(client, consultation, name="李明", mobile="13812345678")
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(consultation)}?sent=1#comment-form"
    comment = ConsultationComment.objects.get()
    assert (comment.body, comment.name, comment.mobile, comment.status) == (
        "建议在城南公园增加林荫步道。",
        "李明",
        "13812345678",
        CommentStatus.PENDING,
    )
    assert "127.0.0.1" not in comment.client_key
    thanks = client.get(response["Location"]).content.decode()
    assert (
        zh(
            "Thank you. Your comment has been received and awaits moderation; it will appear on this page once staff "
            "have reviewed it."
        )
        in thanks
    )


def test_the_thank_you_is_in_english_when_chosen(en_client):
    consultation = open_consultation()
    response = post(en_client, consultation)
    body = en_client.get(response["Location"]).content.decode()
    assert "Thank you. Your comment has been received and awaits moderation" in body
    assert "建议在城南公园增加林荫步道。" not in body  # not published until staff say so


def test_a_filled_honeypot_gets_the_same_answer_and_stores_nothing(client):
    consultation = open_consultation()
    response = post(client, consultation, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(consultation)}?sent=1#comment-form"
    assert ConsultationComment.objects.count() == 0


def test_an_empty_comment_comes_back_with_a_message_at_the_field_and_the_name_kept(en_client):
    consultation = open_consultation()
    response = post(en_client, consultation, body="   ", name="王芳")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Write your comment." in body
    assert 'value="王芳"' in body
    assert ConsultationComment.objects.count() == 0


def test_a_too_long_comment_comes_back_with_the_text_kept_in_chinese(zh_client):
    consultation = open_consultation()
    text = "绿" * 2001
    response = post(zh_client, consultation, body=text)
    body = response.content.decode()
    assert response.status_code == 400
    assert text in body
    assert response["Content-Language"] == "zh-hans"
    assert ConsultationComment.objects.count() == 0


def test_a_bad_mobile_number_comes_back_with_the_message_at_the_mobile_field(en_client):
    consultation = open_consultation()
    response = post(en_client, consultation, mobile="12345")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter an 11-digit mainland mobile number" in body
    assert 'aria-invalid="true"' in body


def test_the_sixth_comment_in_ten_minutes_gets_429_with_the_text_kept(en_client):
    consultation = open_consultation()
    for number in range(5):
        assert post(en_client, consultation, body=f"第{number}条意见").status_code == 302
    response = post(en_client, consultation, body="第六条意见，请保留。")
    body = response.content.decode()
    assert response.status_code == 429
    assert "第六条意见，请保留。" in body
    assert "several comments in a short time" in body
    assert ConsultationComment.objects.count() == 5


def test_a_comment_after_the_end_is_refused_with_the_closing_date(zh_client):
    consultation = closed_consultation()
    response = post(zh_client, consultation, body="迟到的意见")
    body = response.content.decode()
    assert response.status_code == 400
    closed_on = timezone.localtime(consultation.ends_at)
    assert f"{closed_on.year}年{closed_on.month}月{closed_on.day}日" in body
    assert ConsultationComment.objects.count() == 0


def test_the_form_needs_the_csrf_token():
    consultation = open_consultation()
    client = Client(enforce_csrf_checks=True)
    response = post(client, consultation)
    assert response.status_code == 403
    assert ConsultationComment.objects.count() == 0


# --- Documents --------------------------------------------------------------------------------


def test_a_document_of_a_version_out_for_comment_downloads_with_its_name(client):
    consultation = open_consultation()
    document = PlanDocumentFactory(version=consultation.version, original_name="行动计划.pdf")
    document.file.save("x.pdf", ContentFile(pdf_bytes()))
    response = client.get(reverse("plans:document-download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_a_document_of_a_version_never_put_out_for_comment_is_not_public(client):
    document = PlanDocumentFactory(version=PlanVersionFactory())
    assert client.get(reverse("plans:document-download", args=[document.pk])).status_code == 404


# --- Moderation is for staff ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_public_cannot_reach_moderation(client, outsider_user, who):
    comment = ConsultationCommentFactory(consultation=open_consultation())
    if who == "outsider":
        client.force_login(outsider_user)
    changelist = reverse("admin:plans_consultationcomment_changelist")
    assert client.get(changelist).status_code == 302
    response = client.post(changelist, {"action": "publish", "_selected_action": [comment.pk]})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert ConsultationComment.objects.get(pk=comment.pk).status == CommentStatus.PENDING


# --- Who is the sender ------------------------------------------------------------------------


def test_without_trusted_proxies_the_sender_is_the_connecting_address(rf):
    from greening.lib.http import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "10.0.0.1"


def test_behind_one_trusted_proxy_the_sender_is_the_address_it_saw(rf, settings):
    from greening.lib.http import client_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "203.0.113.9"  # 6.6.6.6 was written by the sender
