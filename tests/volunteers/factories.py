"""Test data for the steward programme."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from greening.lib.citydata import Loader
from tests.greenspaces.factories import GreenSpaceFactory
from volunteers import citydata, services
from volunteers.choices import Availability, EnrolmentStatus
from volunteers.models import Steward, StewardApplication, TrainingEnrolment, TrainingSession

PASSWORD = "Lvhua-2026-yq"


def load_checklist() -> None:
    citydata.load(Loader())


def make_steward(mobile: str = "13912340001", *, spaces=(), name: str = "张园长", trained: bool = True) -> Steward:
    """An active steward with a password (``PASSWORD``), assigned ``spaces`` (one new space if none)."""
    user = get_user_model().objects.create_user(username=mobile, password=PASSWORD, first_name=name)
    steward = Steward.objects.create(user=user, name=name, mobile=mobile)
    steward.green_spaces.set(spaces or [GreenSpaceFactory()])
    if trained:
        induction = make_session(is_induction=True, topic="市民园长入职培训", starts_in_days=-7)
        TrainingEnrolment.objects.create(session=induction, steward=steward, status=EnrolmentStatus.ATTENDED)
    return steward


def make_session(
    *, topic: str = "乔灌木修剪实操", capacity: int = 20, is_induction: bool = False, starts_in_days: int = 7
) -> TrainingSession:
    start = timezone.now() + datetime.timedelta(days=starts_in_days)
    return TrainingSession.objects.create(
        topic=topic,
        trainer="市园林绿化服务中心 刘高工",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="南山公园管理处会议室",
        capacity=capacity,
        is_induction=is_induction,
    )


def make_application(mobile: str = "13712345678", *, spaces=(), name: str = "李市民") -> StewardApplication:
    return services.application_submit(
        name=name,
        mobile=mobile,
        green_spaces=list(spaces) or [GreenSpaceFactory()],
        availability=Availability.WEEKENDS,
        motivation="我每天在公园散步，愿意帮忙。",
        consent=True,
    )


def submit_inspection(steward: Steward, space, *, problem: str = "草坪斑秃，约10平方米", rating: int = 2, **kwargs):
    """An inspection rating the lawn ``rating`` with ``problem`` and cleanliness 4."""
    from volunteers.models import ChecklistItem

    lawn = ChecklistItem.objects.get(code="lawn")
    clean = ChecklistItem.objects.get(code="cleanliness")
    items = [
        services.ItemReport(checklist_item_id=lawn.pk, rating=rating, problem=problem),
        services.ItemReport(checklist_item_id=clean.pk, rating=4),
    ]
    kwargs.setdefault("submission_id", uuid.uuid4())
    inspection, _created = services.inspection_submit(steward=steward, green_space=space, items=items, **kwargs)
    return inspection
