"""Demonstration data for the steward and special-supervisor pages (DEBUG only; called by ``load_demo_accounts``).

Everything made here says 【演示数据】 so it can never be mistaken for a real steward or inspection.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from greenspaces.models import GreenSpace
from projects import services as project_services
from projects.choices import InspectionKind
from projects.models import Project, ProjectInspection, SpecialSupervisor
from volunteers.choices import EnrolmentStatus
from volunteers.models import Steward, TrainingEnrolment, TrainingSession

DEMO_MARK = "【演示数据】"
DEMO_STEWARD_MOBILE = "13800138000"
DEMO_SPACES = ("city-centre-park", "nanshan-park")
DEMO_INSPECTED_PROJECT = "chengnan-park"


@transaction.atomic
def load_demo_steward(*, user, actor) -> Steward:
    """The demo steward: looks after two parks and has attended the induction, so every page is open."""
    steward, _created = Steward.objects.get_or_create(
        user=user, defaults={"name": "市民园长演示账号", "mobile": DEMO_STEWARD_MOBILE, "notes": DEMO_MARK}
    )
    if not steward.green_spaces.exists():
        steward.green_spaces.set(GreenSpace.objects.filter(code__in=DEMO_SPACES))
    now = timezone.now()
    induction, _created = TrainingSession.objects.get_or_create(
        topic=f"{DEMO_MARK}市民园长入职培训",
        defaults={
            "trainer": "市园林绿化专家",
            "starts_at": now - datetime.timedelta(days=7),
            "ends_at": now - datetime.timedelta(days=7, hours=-2),
            "place": "市城市管理局会议室",
            "capacity": 30,
            "is_induction": True,
            "description": DEMO_MARK,
        },
    )
    TrainingEnrolment.objects.get_or_create(
        session=induction, steward=steward, defaults={"status": EnrolmentStatus.ATTENDED}
    )
    return steward


@transaction.atomic
def load_demo_supervisor(*, user, actor) -> SpecialSupervisor:
    """A demo special supervisor invited to an inspection of 城南公园 today."""
    supervisor, _created = SpecialSupervisor.objects.get_or_create(
        user=user, defaults={"name": "演示特约监督员", "affiliation": "市人大代表（演示）", "notes": DEMO_MARK}
    )
    project = Project.objects.filter(code=DEMO_INSPECTED_PROJECT).first()
    if project is not None and not ProjectInspection.objects.filter(summary__startswith=DEMO_MARK).exists():
        project_services.inspection_schedule(
            project=project,
            kind=InspectionKind.INSPECTION,
            scheduled_for=timezone.localdate(),
            place="城南公园项目现场",
            supervisors=[supervisor],
            summary=f"{DEMO_MARK}特约监督员现场检查。",
            actor=actor,
        )
    return supervisor
