"""One row of every plans model the admin shows and the city data does not hold (for tests/test_admin_pages.py)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from plans import services
from plans.choices import CommentStatus, PlanVersionLabel
from plans.models import ActionItem, Consultation, ConsultationComment, CoordinationMeeting, Plan, PlanDocument

ACTION_PLAN = "阳泉市绿化高质量发展五年行动计划（2026-2030）"


def make() -> None:
    plan = Plan.objects.get(title=ACTION_PLAN)
    version = services.plan_version_add(
        plan=plan, label=PlanVersionLabel.CONSULTATION_DRAFT, date=datetime.date(2026, 11, 1), summary="征求意见稿"
    )
    # A name only: the admin pages render without the file, and nothing is written to the media folder.
    PlanDocument.objects.create(
        version=version, title="规划文本", file="plans/example.pdf", original_name="规划文本.pdf", kind="pdf", size=1024
    )
    now = timezone.now()
    consultation = Consultation.objects.create(
        version=version,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=29),
        notice="现将规划草案向社会公示。",
    )
    ConsultationComment.objects.create(
        consultation=consultation, body="建议增加林荫步道。", client_key="0" * 64, status=CommentStatus.PENDING
    )
    meeting = CoordinationMeeting.objects.create(
        date=datetime.date(2026, 10, 15),
        title="绿化工程高质量发展专题会议",
        convened_by="阳泉市城市管理局",
        units_attending="阳泉市城市管理局\n阳泉市自然资源局",
    )
    meeting.plans.add(plan)
    ActionItem.objects.create(
        meeting=meeting, text="核对用地边界", owner_unit="阳泉市规划设计院", due_date=datetime.date(2026, 11, 1)
    )
