"""Coordination meetings (碰头机制): recorded with their action items; items done or dropped, overdue flagged."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from plans import selectors, services
from plans.choices import ActionItemStatus
from plans.models import ActionItem, CoordinationMeeting
from tests.plans.factories import ActionItemFactory, CoordinationMeetingFactory, PlanFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def record(**overrides):
    values = {
        "date": datetime.date(2026, 10, 15),
        "title": "绿化工程高质量发展专题会议",
        "convened_by": "阳泉市城市管理局",
        "units_attending": ["阳泉市城市管理局", "阳泉市自然资源局", "阳泉市规划设计院"],
        "minutes": "研究绿地系统规划与国土空间总体规划衔接。",
        "decisions": "规划设计院核对用地边界。",
        "action_items": [
            {
                "text": "核对用地边界",
                "owner_unit": "阳泉市规划设计院",
                "owner_person": "张工",
                "due_date": datetime.date(2026, 11, 15),
            },
            {"text": "提供海绵城市专项规划成果", "owner_unit": "阳泉市住建局", "due_date": datetime.date(2026, 12, 1)},
        ],
    }
    values.update(overrides)
    return services.meeting_record(**values)


def test_a_meeting_is_recorded_with_its_units_plans_and_action_items(staff_user):
    plans = [PlanFactory(), PlanFactory()]
    meeting = record(plans=plans, actor=staff_user)
    meeting.refresh_from_db()
    assert meeting.units == ["阳泉市城市管理局", "阳泉市自然资源局", "阳泉市规划设计院"]
    assert set(meeting.plans.all()) == set(plans)
    assert meeting.recorded_by == staff_user
    items = list(meeting.action_items.order_by("due_date"))
    assert [(item.text, item.status) for item in items] == [
        ("核对用地边界", ActionItemStatus.OPEN),
        ("提供海绵城市专项规划成果", ActionItemStatus.OPEN),
    ]
    assert items[0].history.first().history_user == staff_user


def test_one_bad_action_item_saves_nothing(staff_user):
    items = [
        {"text": "核对用地边界", "owner_unit": "规划设计院", "due_date": datetime.date(2026, 11, 15)},
        {"text": "早于会议", "owner_unit": "住建局", "due_date": datetime.date(2026, 10, 1)},
    ]
    with pytest.raises(ValidationError) as refused:
        record(action_items=items, actor=staff_user)
    assert "action_items" in refused.value.message_dict
    assert CoordinationMeeting.objects.count() == 0
    assert ActionItem.objects.count() == 0


def test_a_meeting_without_a_title_is_refused(staff_user):
    with pytest.raises(ValidationError):
        record(title=" ", actor=staff_user)
    assert CoordinationMeeting.objects.count() == 0


def test_completing_an_item_records_the_day_and_who(staff_user):
    item = ActionItemFactory(meeting__date=TODAY - 10 * DAY, due_date=TODAY)
    services.action_item_complete(item=item, on=TODAY - DAY, actor=staff_user, note="已核对")
    item.refresh_from_db()
    assert (item.status, item.done_on, item.note) == (ActionItemStatus.DONE, TODAY - DAY, "已核对")
    assert item.history.first().history_user == staff_user


def test_an_item_cannot_be_done_in_the_future_or_before_its_meeting(staff_user):
    item = ActionItemFactory(meeting__date=TODAY - 10 * DAY, due_date=TODAY)
    with pytest.raises(ValidationError):
        services.action_item_complete(item=item, on=TODAY + DAY, actor=staff_user)
    with pytest.raises(ValidationError):
        services.action_item_complete(item=item, on=TODAY - 11 * DAY, actor=staff_user)
    assert ActionItem.objects.get(pk=item.pk).status == ActionItemStatus.OPEN


def test_dropping_an_item_keeps_the_reason_in_its_note(staff_user):
    item = ActionItemFactory(note="原定")
    services.action_item_drop(item=item, reason="已由国土空间规划统筹", actor=staff_user)
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DROPPED
    assert item.note.startswith("原定\n")
    assert "已由国土空间规划统筹" in item.note


def test_dropping_without_a_reason_is_refused(staff_user):
    item = ActionItemFactory()
    with pytest.raises(ValidationError):
        services.action_item_drop(item=item, reason="", actor=staff_user)
    assert ActionItem.objects.get(pk=item.pk).status == ActionItemStatus.OPEN


@pytest.mark.parametrize("status", [ActionItemStatus.DONE, ActionItemStatus.DROPPED])
def test_a_closed_item_cannot_be_completed_or_dropped_again(staff_user, status):
    item = ActionItemFactory(
        meeting__date=TODAY - 10 * DAY, status=status, done_on=TODAY if status == ActionItemStatus.DONE else None
    )
    with pytest.raises(ValidationError):
        services.action_item_complete(item=item, on=TODAY, actor=staff_user)
    with pytest.raises(ValidationError):
        services.action_item_drop(item=item, reason="x", actor=staff_user)


def test_an_open_item_past_its_due_date_is_overdue_and_listed():
    overdue = ActionItemFactory(meeting__date=TODAY - 30 * DAY, due_date=TODAY - DAY)
    due_today = ActionItemFactory(meeting__date=TODAY - 30 * DAY, due_date=TODAY)
    done_late = ActionItemFactory(
        meeting__date=TODAY - 30 * DAY, due_date=TODAY - 5 * DAY, status=ActionItemStatus.DONE, done_on=TODAY
    )
    dropped = ActionItemFactory(
        meeting__date=TODAY - 30 * DAY, due_date=TODAY - 5 * DAY, status=ActionItemStatus.DROPPED
    )
    assert overdue.is_overdue
    assert not due_today.is_overdue and not done_late.is_overdue and not dropped.is_overdue
    assert list(selectors.overdue_action_items()) == [overdue]


def test_the_overdue_list_takes_one_query(django_assert_num_queries):
    for days in range(1, 6):
        ActionItemFactory(meeting__date=TODAY - 30 * DAY, due_date=TODAY - days * DAY)
    with django_assert_num_queries(1):
        meetings = [item.meeting.title for item in selectors.overdue_action_items()]
    assert len(meetings) == 5


def test_the_database_refuses_a_done_item_without_its_day():
    item = ActionItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(status=ActionItemStatus.DONE)


def test_a_meeting_lists_its_units_one_per_line():
    meeting = CoordinationMeetingFactory(units_attending="城市管理局\n\n  自然资源局 \n")
    assert meeting.units == ["城市管理局", "自然资源局"]
