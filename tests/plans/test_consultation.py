"""Public consultation: opening a window on a plan version, taking comments, spam rules, moderation."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation

from plans import services
from plans.choices import CommentStatus, PlanStatus
from plans.models import Consultation, ConsultationComment, PlanStatusChange
from tests.plans.factories import (
    CLOSES,
    OPENS,
    ConsultationCommentFactory,
    ConsultationFactory,
    PlanFactory,
    PlanVersionFactory,
)

pytestmark = pytest.mark.django_db

S = PlanStatus
DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)
MINUTE = datetime.timedelta(minutes=1)
INSIDE = OPENS + 3 * DAY


def open_on(version, *, actor, starts_at=OPENS, ends_at=CLOSES):
    return services.consultation_open(
        version=version, starts_at=starts_at, ends_at=ends_at, actor=actor, notice="现向社会公示征求意见。"
    )


# --- Opening -----------------------------------------------------------------------------------


def test_opening_on_a_drafting_plan_moves_it_to_public_comment_recorded_with_who(staff_user):
    version = PlanVersionFactory(plan__status=S.DRAFTING)
    consultation = open_on(version, actor=staff_user)
    version.plan.refresh_from_db()
    assert version.plan.status == S.PUBLIC_CONSULTATION
    change = PlanStatusChange.objects.get(plan=version.plan)
    assert (change.from_status, change.to_status, change.actor) == (S.DRAFTING, S.PUBLIC_CONSULTATION, staff_user)
    assert consultation.opened_by == staff_user
    assert consultation.history.first().history_user == staff_user


def test_opening_on_a_plan_already_out_for_comment_leaves_its_status(staff_user):
    version = PlanVersionFactory(plan__status=S.PUBLIC_CONSULTATION)
    open_on(version, actor=staff_user)
    version.plan.refresh_from_db()
    assert version.plan.status == S.PUBLIC_CONSULTATION
    assert PlanStatusChange.objects.count() == 0


@pytest.mark.parametrize("status", [S.APPROVED, S.IN_FORCE, S.SUPERSEDED, S.EXPIRED])
def test_it_refuses_to_open_on_a_plan_past_drafting(staff_user, status):
    version = PlanVersionFactory(plan__status=status)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        open_on(version, actor=staff_user)
    assert "cannot be put out for public comment" in refused.value.message_dict["version"][0]
    assert Consultation.objects.count() == 0
    version.plan.refresh_from_db()
    assert version.plan.status == status


def test_it_refuses_a_window_that_ends_before_it_starts(staff_user):
    version = PlanVersionFactory(plan__status=S.DRAFTING)
    with pytest.raises(ValidationError) as refused:
        open_on(version, actor=staff_user, starts_at=CLOSES, ends_at=OPENS)
    assert "ends_at" in refused.value.message_dict
    assert Consultation.objects.count() == 0
    assert PlanStatusChange.objects.count() == 0


def test_it_refuses_a_window_overlapping_another_on_the_same_plan_even_on_another_version(staff_user):
    first = PlanVersionFactory(plan__status=S.DRAFTING)
    open_on(first, actor=staff_user)
    second = PlanVersionFactory(plan=first.plan)
    with pytest.raises(ValidationError) as refused:
        open_on(second, actor=staff_user, starts_at=CLOSES - DAY, ends_at=CLOSES + 10 * DAY)
    assert "starts_at" in refused.value.message_dict
    assert Consultation.objects.count() == 1


def test_a_second_round_after_the_first_closed_is_allowed(staff_user):
    first = PlanVersionFactory(plan__status=S.DRAFTING)
    open_on(first, actor=staff_user)
    second = PlanVersionFactory(plan=first.plan)
    open_on(second, actor=staff_user, starts_at=CLOSES + DAY, ends_at=CLOSES + 31 * DAY)
    assert Consultation.objects.count() == 2


def test_windows_on_different_plans_may_overlap(staff_user):
    open_on(PlanVersionFactory(plan__status=S.DRAFTING), actor=staff_user)
    open_on(PlanVersionFactory(plan__status=S.DRAFTING), actor=staff_user)
    assert Consultation.objects.count() == 2


def test_closing_early_ends_the_window_now_and_records_who(staff_user):
    consultation = ConsultationFactory()
    closed = services.consultation_close(consultation=consultation, actor=staff_user, now=INSIDE)
    assert (closed.ends_at, closed.closed_early_at, closed.closed_early_by) == (INSIDE, INSIDE, staff_user)
    assert not closed.is_open(INSIDE + SECOND)


def test_it_refuses_to_close_a_consultation_that_is_not_open(staff_user):
    consultation = ConsultationFactory()
    with pytest.raises(ValidationError):
        services.consultation_close(consultation=consultation, actor=staff_user, now=CLOSES + DAY)


def test_extending_moves_the_end_later(staff_user):
    consultation = ConsultationFactory()
    extended = services.consultation_extend(
        consultation=consultation, ends_at=CLOSES + 7 * DAY, actor=staff_user, now=INSIDE
    )
    assert Consultation.objects.get(pk=extended.pk).ends_at == CLOSES + 7 * DAY


def test_it_refuses_to_extend_to_an_earlier_end_or_after_the_end(staff_user):
    consultation = ConsultationFactory()
    with pytest.raises(ValidationError):
        services.consultation_extend(consultation=consultation, ends_at=CLOSES - DAY, actor=staff_user, now=INSIDE)
    with pytest.raises(ValidationError):
        services.consultation_extend(
            consultation=consultation, ends_at=CLOSES + DAY, actor=staff_user, now=CLOSES + SECOND
        )
    assert Consultation.objects.get(pk=consultation.pk).ends_at == CLOSES


def test_it_refuses_to_extend_into_the_next_window_of_the_plan(staff_user):
    consultation = ConsultationFactory()
    ConsultationFactory(version__plan=consultation.version.plan, starts_at=CLOSES + DAY, ends_at=CLOSES + 9 * DAY)
    with pytest.raises(ValidationError):
        services.consultation_extend(consultation=consultation, ends_at=CLOSES + 2 * DAY, actor=staff_user, now=INSIDE)


# --- Comments: the window ---------------------------------------------------------------------


def submit(consultation, *, body="建议增加口袋公园。", name="", mobile="", client="client-1", now=INSIDE):
    return services.comment_submit(
        consultation=consultation, body=body, name=name, mobile=mobile, client_key=client, now=now
    )


def test_a_comment_in_the_window_is_stored_awaiting_moderation():
    consultation = ConsultationFactory()
    comment = submit(consultation, body="  建议增加口袋公园。\r\n谢谢。  ", name=" 李明 ", mobile="138 1234 5678")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert (comment.body, comment.name, comment.mobile) == ("建议增加口袋公园。\n谢谢。", "李明", "13812345678")
    assert comment.created_at == INSIDE


def test_comments_are_taken_up_to_the_closing_second():
    consultation = ConsultationFactory()
    assert submit(consultation, now=CLOSES).pk


def test_a_comment_one_second_after_the_end_is_refused_with_the_closing_date():
    consultation = ConsultationFactory()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        submit(consultation, now=CLOSES + SECOND)
    assert "2026年11月30日" in refused.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        submit(consultation, now=CLOSES + SECOND)
    assert refused.value.messages[0].startswith("This consultation closed on Nov. 30, 2026")
    assert ConsultationComment.objects.count() == 0


def test_a_comment_before_the_start_is_refused_as_not_open_yet():
    consultation = ConsultationFactory()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        submit(consultation, now=OPENS - SECOND)
    assert refused.value.messages[0].startswith("This consultation is not open yet; it opens on Nov. 1, 2026")
    assert ConsultationComment.objects.count() == 0


# --- Comments: the content ---------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   ", "\r\n\t "])
def test_an_empty_or_blank_comment_is_refused(body):
    with pytest.raises(ValidationError) as refused:
        submit(ConsultationFactory(), body=body)
    assert list(refused.value.message_dict) == ["body"]
    assert ConsultationComment.objects.count() == 0


def test_a_comment_of_exactly_2000_characters_is_taken_and_2001_refused():
    consultation = ConsultationFactory()
    assert submit(consultation, body="绿" * 2000).pk
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        submit(consultation, body="绿" * 2001, client="client-2")
    assert refused.value.message_dict["body"] == ["Keep your comment to 2,000 characters; it has 2,001."]
    assert ConsultationComment.objects.count() == 1


def test_line_breaks_count_as_one_character_each():
    # 1,000 + CRLF + 999 = 2,001 characters as sent, 2,000 as read.
    assert submit(ConsultationFactory(), body="绿" * 1000 + "\r\n" + "绿" * 999).pk


def test_a_bad_mobile_number_is_refused_at_the_mobile_field():
    with pytest.raises(ValidationError) as refused:
        submit(ConsultationFactory(), mobile="12345")
    assert list(refused.value.message_dict) == ["mobile"]
    assert ConsultationComment.objects.count() == 0


def test_the_raw_ip_address_is_never_stored():
    key = services.client_key_for("203.0.113.7")
    comment = submit(ConsultationFactory(), client=key)
    assert "203.0.113.7" not in comment.client_key
    assert len(comment.client_key) == 64
    assert services.client_key_for("203.0.113.7") == key != services.client_key_for("203.0.113.8")


# --- Comments: rate limits --------------------------------------------------------------------


def test_the_sixth_comment_from_one_sender_within_ten_minutes_is_refused():
    consultation = ConsultationFactory()
    for minute in range(5):
        submit(consultation, client="busy", now=INSIDE + minute * MINUTE)
    with pytest.raises(services.CommentRateLimited):
        submit(consultation, client="busy", now=INSIDE + 5 * MINUTE)
    assert ConsultationComment.objects.count() == 5


def test_another_sender_is_not_held_up_by_a_busy_one():
    consultation = ConsultationFactory()
    for _ in range(5):
        submit(consultation, client="busy")
    assert submit(consultation, client="quiet").pk


def test_the_sender_limit_resets_in_the_next_window():
    consultation = ConsultationFactory()
    window_start = INSIDE.replace(minute=0, second=0)  # 600-second windows start on the ten minutes
    for _ in range(5):
        submit(consultation, client="busy", now=window_start)
    assert submit(consultation, client="busy", now=window_start + 10 * MINUTE).pk


def test_the_sender_limit_is_kept_in_the_shared_cache_and_ends_when_its_key_goes():
    consultation = ConsultationFactory()
    for _ in range(5):
        submit(consultation, client="busy")
    with pytest.raises(services.CommentRateLimited):
        submit(consultation, client="busy")
    cache.clear()  # what the window's expiry does
    assert submit(consultation, client="busy").pk


def test_refused_attempts_do_not_count_against_the_sender():
    consultation = ConsultationFactory()
    for _ in range(10):
        with pytest.raises(ValidationError):
            submit(consultation, client="clumsy", body=" ")
    for _ in range(5):
        submit(consultation, client="clumsy")
    assert ConsultationComment.objects.count() == 5


def test_the_sender_limit_follows_the_setting(settings):
    settings.CONSULTATION_COMMENTS_PER_CLIENT = "2/600"
    consultation = ConsultationFactory()
    submit(consultation, client="c")
    submit(consultation, client="c")
    with pytest.raises(services.CommentRateLimited):
        submit(consultation, client="c")


def test_the_fourth_comment_from_one_mobile_number_in_a_day_is_refused_at_the_mobile_field():
    consultation = ConsultationFactory()
    for hour in range(3):
        submit(consultation, mobile="13812345678", client=f"c{hour}", now=INSIDE + hour * 60 * MINUTE)
    with translation.override("en"), pytest.raises(services.CommentRateLimited) as refused:
        submit(consultation, mobile="13812345678", client="c9", now=INSIDE + 4 * 60 * MINUTE)
    assert list(refused.value.message_dict) == ["mobile"]
    assert ConsultationComment.objects.count() == 3


def test_a_refusal_by_mobile_number_does_not_count_against_the_sender():
    consultation = ConsultationFactory()
    for index in range(3):
        submit(consultation, mobile="13812345678", client=f"other{index}")
    with pytest.raises(services.CommentRateLimited):
        submit(consultation, mobile="13812345678", client="me")
    for _ in range(5):
        submit(consultation, client="me")
    assert ConsultationComment.objects.filter(client_key="me").count() == 5


def test_the_mobile_limit_resets_the_next_day():
    consultation = ConsultationFactory()
    day = datetime.datetime(2026, 11, 10, 0, 0, tzinfo=datetime.UTC)  # 86,400-second windows start at 0:00 UTC
    for index in range(3):
        submit(consultation, mobile="13812345678", client=f"c{index}", now=day)
    assert submit(consultation, mobile="13812345678", client="c9", now=day + DAY).pk


# --- Moderation -------------------------------------------------------------------------------


def test_publishing_records_who_and_when(staff_user):
    comment = ConsultationCommentFactory()
    services.comment_publish(comment=comment, actor=staff_user, now=INSIDE)
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by, comment.moderated_at) == (CommentStatus.PUBLISHED, staff_user, INSIDE)
    assert comment.history.first().history_user == staff_user


def test_rejecting_keeps_the_reason(staff_user):
    comment = ConsultationCommentFactory()
    services.comment_reject(comment=comment, reason="广告", actor=staff_user, now=INSIDE)
    comment.refresh_from_db()
    assert (comment.status, comment.rejection_reason, comment.moderated_by) == (
        CommentStatus.REJECTED,
        "广告",
        staff_user,
    )


def test_rejecting_without_a_reason_is_refused(staff_user):
    comment = ConsultationCommentFactory()
    with pytest.raises(ValidationError):
        services.comment_reject(comment=comment, reason="  ", actor=staff_user)
    assert ConsultationComment.objects.get(pk=comment.pk).status == CommentStatus.PENDING


def test_a_reply_publishes_the_comment_with_the_reply(staff_user):
    comment = ConsultationCommentFactory()
    services.comment_reply(comment=comment, text="感谢建议，已纳入规划修改。", actor=staff_user, now=INSIDE)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert (comment.reply, comment.replied_by, comment.replied_at) == ("感谢建议，已纳入规划修改。", staff_user, INSIDE)
    assert comment.moderated_by == staff_user


def test_a_second_reply_replaces_the_first(staff_user, colleague_user):
    comment = ConsultationCommentFactory()
    services.comment_reply(comment=comment, text="第一稿", actor=staff_user)
    services.comment_reply(comment=comment, text="第二稿", actor=colleague_user)
    comment.refresh_from_db()
    assert (comment.reply, comment.replied_by, comment.moderated_by) == ("第二稿", colleague_user, staff_user)


def test_a_rejected_comment_may_be_published_after_all(staff_user):
    comment = ConsultationCommentFactory(status=CommentStatus.REJECTED, rejection_reason="误判")
    services.comment_publish(comment=comment, actor=staff_user)
    assert ConsultationComment.objects.get(pk=comment.pk).status == CommentStatus.PUBLISHED


def test_a_published_comment_may_be_withdrawn_by_rejecting_it(staff_user):
    comment = ConsultationCommentFactory(status=CommentStatus.PUBLISHED)
    services.comment_reject(comment=comment, reason="含个人信息", actor=staff_user)
    assert ConsultationComment.objects.get(pk=comment.pk).status == CommentStatus.REJECTED


ILLEGAL = [
    (CommentStatus.PUBLISHED, "publish"),
    (CommentStatus.REJECTED, "reject"),
    (CommentStatus.REJECTED, "reply"),
]


@pytest.mark.parametrize(("status", "step"), ILLEGAL)
def test_it_refuses_illegal_moderation_steps_and_changes_nothing(staff_user, status, step):
    comment = ConsultationCommentFactory(status=status, rejection_reason="理由" if status == "rejected" else "")
    calls = {
        "publish": lambda: services.comment_publish(comment=comment, actor=staff_user),
        "reject": lambda: services.comment_reject(comment=comment, reason="再次", actor=staff_user),
        "reply": lambda: services.comment_reply(comment=comment, text="答复", actor=staff_user),
    }
    before = comment.history.count()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        calls[step]()
    assert refused.value.code == "invalid_transition"
    assert ConsultationComment.objects.get(pk=comment.pk).status == status
    assert comment.history.count() == before


def test_the_database_refuses_a_rejected_comment_without_a_reason():
    from django.db import IntegrityError, transaction

    comment = ConsultationCommentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationComment.objects.filter(pk=comment.pk).update(status=CommentStatus.REJECTED)


def test_an_outsider_plan_is_not_needed_to_open_twice_in_parallel_plans(staff_user):
    # Openings on two plans do not block each other (the lock is per plan).
    open_on(PlanVersionFactory(plan=PlanFactory(status=S.DRAFTING)), actor=staff_user)
    open_on(PlanVersionFactory(plan=PlanFactory(status=S.DRAFTING)), actor=staff_user)
    assert Consultation.objects.count() == 2
