"""One row of every volunteers model the admin shows and the city data does not hold (for tests/test_admin_pages.py).

django-axes' lockout records are registered in the admin by the volunteers' sign-in set-up, so a
row of each is made here too.
"""

from __future__ import annotations

import datetime
import uuid

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.utils import timezone

from greenspaces.models import GreenSpace
from volunteers import services
from volunteers.choices import Availability, EnrolmentStatus
from volunteers.models import ChecklistItem, TrainingEnrolment, TrainingSession


def make() -> None:
    staff = get_user_model().objects.filter(is_staff=True).first()
    space = GreenSpace.objects.get(code="nanshan-park")
    application = services.application_submit(
        name="李市民", mobile="13712345678", green_spaces=[space], availability=Availability.WEEKENDS,
        motivation="愿意为南山公园出力。", consent=True,
    )  # fmt: skip
    steward = services.application_approve(application=application, actor=staff)
    services.application_submit(
        name="周市民", mobile="13712345679", green_spaces=[space], availability=Availability.ANY_TIME,
        motivation="退休了，时间充裕。", consent=True,
    )  # fmt: skip
    start = timezone.now() + datetime.timedelta(days=7)
    induction = TrainingSession.objects.create(
        topic="市民园长入职培训", trainer="刘高工", starts_at=start, ends_at=start + datetime.timedelta(hours=2),
        place="南山公园管理处", capacity=20, is_induction=True,
    )  # fmt: skip
    TrainingEnrolment.objects.create(session=induction, steward=steward, status=EnrolmentStatus.ATTENDED)
    lawn = ChecklistItem.objects.get(code="lawn")
    inspection, _created = services.inspection_submit(
        steward=steward,
        green_space=space,
        submission_id=uuid.uuid4(),
        items=[services.ItemReport(checklist_item_id=lawn.pk, rating=2, problem="草坪斑秃")],
    )
    services.problem_order_create(item=inspection.items.get(), actor=staff)
    services.suggestion_submit(
        steward=steward,
        submission_id=uuid.uuid4(),
        title="增加遮阴座椅",
        text="儿童游乐区旁缺少遮阴",
        green_space=space,
    )
    common = {"user_agent": "Mobile Safari", "ip_address": "203.0.113.5", "username": steward.mobile, "path_info": "/"}
    AccessAttempt.objects.create(**common, http_accept="*/*", get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**common, http_accept="*/*")
    AccessFailureLog.objects.create(**common, http_accept="*/*", locked_out=False)
