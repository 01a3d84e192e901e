"""Special supervisors (特约监督员) on their phones: their inspections of key projects, and findings."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from projects.models import InspectionFinding
from tests.projects.factories import ProjectInspectionFactory, SpecialSupervisorFactory

pytestmark = pytest.mark.django_db

HOME = "/stewards/supervisor/"


def inspection_url(inspection) -> str:
    return f"/stewards/supervisor/inspections/{inspection.pk}/"


@pytest.fixture
def supervisor(db):
    user = get_user_model().objects.create_user(username="13800000001", password="pw-supervisor-123")
    return SpecialSupervisorFactory(name="刘代表", affiliation="市人大代表", user=user)


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor.user)
    client.cookies["lang"] = "zh-hans"
    return client


@pytest.fixture
def today_inspection(supervisor):
    inspection = ProjectInspectionFactory(project__name="城南公园建设工程", scheduled_for=timezone.localdate())
    inspection.invited_supervisors.add(supervisor)
    return inspection


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith("/stewards/sign-in/")


def test_a_steward_who_is_not_a_supervisor_is_refused(steward_client):
    response = steward_client.get(HOME)
    assert response.status_code == 403
    assert "特约监督员" in response.content.decode()


def test_an_inactive_supervisor_is_refused(supervisor_client, supervisor):
    supervisor.active = False
    supervisor.save()
    assert supervisor_client.get(HOME).status_code == 403


def test_a_supervisor_signing_in_lands_on_their_inspections(supervisor_client):
    response = supervisor_client.get("/stewards/")
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_the_home_page_lists_only_the_inspections_the_supervisor_is_invited_to(
    supervisor_client, supervisor, today_inspection, django_assert_max_num_queries
):
    upcoming = ProjectInspectionFactory(
        project__name="化工厂公园建设工程", scheduled_for=timezone.localdate() + datetime.timedelta(days=14)
    )
    upcoming.invited_supervisors.add(supervisor)
    ProjectInspectionFactory(project__name="义平路道路绿地提质改造", scheduled_for=timezone.localdate())
    with django_assert_max_num_queries(12):
        page = supervisor_client.get(HOME).content.decode()
    assert "城南公园建设工程" in page and "化工厂公园建设工程" in page
    assert "义平路道路绿地提质改造" not in page


def test_an_inspection_the_supervisor_is_not_invited_to_is_404(supervisor_client):
    other = ProjectInspectionFactory(scheduled_for=timezone.localdate())
    assert supervisor_client.get(inspection_url(other)).status_code == 404
    response = supervisor_client.post(inspection_url(other), {"text": "路面积水"})
    assert response.status_code == 404
    assert not InspectionFinding.objects.exists()


def test_a_supervisor_records_a_finding_with_its_follow_up(supervisor_client, supervisor, today_inspection):
    due = timezone.localdate() + datetime.timedelta(days=10)
    response = supervisor_client.post(
        inspection_url(today_inspection),
        {"text": "透水铺装局部积水", "action": "复查排水坡度", "owner_unit": "施工单位", "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    finding = InspectionFinding.objects.get()
    assert (finding.supervisor, finding.recorded_by) == (supervisor, supervisor.user)
    assert (finding.text, finding.action, finding.owner_unit, finding.due_date) == (
        "透水铺装局部积水",
        "复查排水坡度",
        "施工单位",
        due,
    )
    page = supervisor_client.get(response["Location"]).content.decode()
    assert "透水铺装局部积水" in page


def test_an_empty_finding_is_refused_in_chinese_and_nothing_is_saved(supervisor_client, today_inspection):
    response = supervisor_client.post(inspection_url(today_inspection), {"text": "  "})
    assert response.status_code == 400
    assert "必填项" in response.content.decode()
    assert not InspectionFinding.objects.exists()


def test_an_action_without_a_unit_or_due_date_is_refused_and_the_text_kept(supervisor_client, today_inspection):
    response = supervisor_client.post(inspection_url(today_inspection), {"text": "树木缺株", "action": "补植"})
    assert response.status_code == 400
    assert "树木缺株" in response.content.decode()
    assert not InspectionFinding.objects.exists()


def test_findings_wait_for_the_day_of_the_inspection(supervisor_client, supervisor):
    later = ProjectInspectionFactory(scheduled_for=timezone.localdate() + datetime.timedelta(days=3))
    later.invited_supervisors.add(supervisor)
    page = supervisor_client.get(inspection_url(later)).content.decode()
    assert 'name="text"' not in page
    response = supervisor_client.post(inspection_url(later), {"text": "提前记录"})
    assert response.status_code == 400
    assert not InspectionFinding.objects.exists()


def test_the_pages_speak_english_when_asked(supervisor_client, today_inspection):
    supervisor_client.cookies["lang"] = "en"
    page = supervisor_client.get(HOME).content.decode()
    assert "Inspections of key projects" in page


def test_a_double_tap_records_the_finding_once(supervisor_client, today_inspection):
    for _ in range(2):
        response = supervisor_client.post(inspection_url(today_inspection), {"text": "园路破损"})
        assert response.status_code == 302
    assert InspectionFinding.objects.filter(text="园路破损").count() == 1
