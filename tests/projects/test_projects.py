"""Capital projects: the letter's checklists, status changes through the service, milestones."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from projects import selectors, services
from projects.choices import ProjectStatus
from projects.models import DonationScheme, Milestone, Project, WorkItem

pytestmark = pytest.mark.django_db


def quantity(project_code: str, name: str) -> Decimal:
    return WorkItem.objects.get(project__code=project_code, name=name).planned_quantity


def test_the_letters_quantities_are_in_the_checklists(city):
    street = "taobei-west-street-upgrade"
    assert quantity(street, "混凝土路缘石改造为双层定制石质缘石") == Decimal("20000")
    assert quantity(street, "新增彩色透水混凝土健身步道") == Decimal("18000")
    assert quantity(street, "道路绿地提质改造建设面积") == Decimal("150000")
    assert quantity("quanxi-road-pocket-park-sponge", "1000立方米蓄水池") == Decimal("2")
    assert quantity("quanxi-road-pocket-park-sponge", "蓄水池总容量") == Decimal("2000")
    assert quantity("taohe-park-water-saving", "节水型绿地改造长度") == Decimal("18")
    assert quantity("chengnan-park", "公园建设（规划面积）") == Decimal("29.97")
    assert quantity("chemical-plant-park", "居住区公园建设（占地面积）") == Decimal("2.47")


def test_seven_sponge_retrofits_and_two_new_parks_capped_at_20_percent_paving(city):
    sponge = Project.objects.filter(programme="阳泉市海绵城市公园绿地类建设项目")
    assert sponge.count() == 7
    new_parks = Project.objects.filter(kind="new_park")
    assert {park.hard_paving_target for park in new_parks} == {Decimal("20.00")}


def test_the_donation_scheme_names_a_green_space_above_one_million_yuan(city):
    assert DonationScheme.objects.get().naming_threshold == Decimal("1000000")


def test_a_project_moves_one_step_at_a_time(city, staff_user):
    project = Project.objects.get(code="chengnan-park")
    services.project_change_status(project=project, to=ProjectStatus.APPROVED, actor=staff_user)
    with pytest.raises(ValidationError):
        services.project_change_status(project=project, to=ProjectStatus.COMPLETED, actor=staff_user)
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
    assert project.history.latest().history_user == staff_user


def test_starting_construction_sets_the_actual_start(city):
    project = Project.objects.get(code="chengnan-park")
    for status in (ProjectStatus.APPROVED, ProjectStatus.IN_DESIGN):
        services.project_change_status(project=project, to=status)
    services.project_change_status(project=project, to=ProjectStatus.UNDER_CONSTRUCTION, on=datetime.date(2026, 4, 1))
    project.refresh_from_db()
    assert project.actual_start == datetime.date(2026, 4, 1)


def test_progress_is_the_mean_of_the_checklist(city):
    project = Project.objects.get(code="quanxi-road-pocket-park-sponge")
    items = list(project.work_items.all())
    services.work_item_record_progress(item=items[0], done_quantity=Decimal("1"))  # 1 of 2 cisterns
    services.work_item_record_progress(item=items[1], done_quantity=Decimal("2000"))  # all 2,000 m³
    assert selectors.project_progress(project) == (Decimal("0.5") + Decimal("1") + Decimal("0")) / 3


def test_negative_progress_is_refused(city):
    item = WorkItem.objects.first()
    with pytest.raises(ValidationError):
        services.work_item_record_progress(item=item, done_quantity=Decimal("-1"))


def test_the_database_refuses_a_zero_planned_quantity(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkItem.objects.create(project=Project.objects.first(), name="空", unit="m", planned_quantity=0)


def test_a_milestone_cannot_be_done_before_the_project_started(city):
    project = Project.objects.get(code="chengnan-park")
    project.actual_start = datetime.date(2026, 5, 1)
    project.save()
    milestone = Milestone.objects.create(project=project, name="完成设计", owner="设计院", due_date="2026-06-01")
    with pytest.raises(ValidationError) as excinfo:
        services.milestone_complete(milestone=milestone, done_date=datetime.date(2026, 4, 1))
    assert "done_date" in excinfo.value.message_dict


def test_a_milestone_past_due_and_not_done_is_overdue(city):
    project = Project.objects.first()
    late = Milestone.objects.create(
        project=project, name="开工", owner="园林科", due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert late.is_overdue
    services.milestone_complete(milestone=late, done_date=timezone.localdate())
    assert not late.is_overdue


def test_loading_twice_changes_nothing(city):
    out = StringIO()
    from django.utils import translation

    with translation.override("en"):
        call_command("load_yangquan", stdout=out)
    assert "nothing changed" in out.getvalue()


def test_the_project_list_shows_the_projects_in_chinese(city, zh_client, staff_user):
    zh_client.force_login(staff_user)
    body = zh_client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert "泉西路游园海绵绿地建设项目" in body
    assert "道路绿地提质改造工程" in body
    assert zh_client.get(reverse("admin:projects_donationscheme_changelist")).content.decode().count("1000000") == 1
