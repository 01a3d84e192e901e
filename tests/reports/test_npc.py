"""The progress report to the People's Congress: content today and on a past day, XLSX, access."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from plans.models import Indicator, IndicatorMeasurement, Plan
from projects.choices import ProjectStatus
from projects.models import Milestone, Project, WorkItem
from projects.services import project_change_status, work_item_record_progress
from reports.npc import MilestoneCounts, milestone_counts, milestone_state, npc_report
from reports.snapshot import Snapshot

pytestmark = pytest.mark.django_db

URL = "/reports/npc/"
TODAY = timezone.localdate


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def report_on(day: datetime.date):
    """The report's tables for ``day``, labels in English."""
    with translation.override("en"):
        return npc_report(as_of=day, today=TODAY())


def saved_at(instance, when: datetime.datetime, **changes):
    """Save ``instance`` with ``changes`` so that its audit history says it happened at ``when``."""
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_date = when
    instance.save()
    return instance


# --- Access --------------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_staff_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/reports/npc/")


def test_it_refuses_a_signed_in_citizen_who_is_not_staff(client, outsider_user):
    client.force_login(outsider_user)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?format=xlsx").status_code == 403


def test_it_refuses_to_change_anything(client, staff_user):
    client.force_login(staff_user)
    assert client.post(URL).status_code == 405


# --- Today --------------------------------------------------------------------------------------


def test_todays_report_lists_every_plan_with_its_status_in_chinese(zh_client, staff_user, city):
    zh_client.force_login(staff_user)
    response = zh_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    page = response.content.decode()
    assert "阳泉市园林绿化工作进展情况" in page
    for plan in Plan.objects.all():
        assert plan.title in page
    assert "生效中" in page  # the plans in force
    assert "编制中" in page  # the plans being drafted


def test_todays_report_holds_the_letters_figures(staff_user, city):
    report = report_on(TODAY())
    work = {(row[0], row[1]): row for row in report.table("work_items").rows}
    kerbs = work[("桃北西街（赛鱼口至坡头高速口段）道路绿地提质改造", "混凝土路缘石改造为双层定制石质缘石")]
    assert kerbs[3] == Decimal("20000")
    chengnan = work[("城南公园建设工程", "公园建设（规划面积）")]
    assert chengnan[3] == Decimal("29.97")
    cisterns = work[("泉西路游园海绵绿地建设项目", "蓄水池总容量")]
    assert cisterns[3] == Decimal("2000")
    assert work[("桃河公园节水型绿地改造项目", "节水型绿地改造长度")][3] == Decimal("18")
    targets = {row[0]: row[2] for row in report.table("indicators").rows}
    assert targets["新建公园硬质铺装率"] == "≤ 20 %"


def test_a_projects_row_shows_its_status_checklist_progress_and_milestones(staff_user, city):
    project = Project.objects.get(code="quanxi-road-pocket-park-sponge")
    for status in (ProjectStatus.APPROVED, ProjectStatus.IN_DESIGN, ProjectStatus.UNDER_CONSTRUCTION):
        project = project_change_status(project=project, to=status, actor=staff_user, on=TODAY())
    # Three lines: 2 of 2 cisterns (1), 1000 of 2000 m³ (0.5), 0 of 1 system (0) → mean 0.5.
    items = {item.name: item for item in project.work_items.all()}
    work_item_record_progress(item=items["1000立方米蓄水池"], done_quantity=Decimal("2"), actor=staff_user)
    work_item_record_progress(item=items["蓄水池总容量"], done_quantity=Decimal("1000"), actor=staff_user)
    today = TODAY()
    Milestone.objects.create(
        project=project, name="完工", owner="施工单位", due_date=today + datetime.timedelta(days=9)
    )
    Milestone.objects.create(project=project, name="设计", owner="设计院", due_date=today - datetime.timedelta(days=9))
    Milestone.objects.create(
        project=project, name="开工", owner="建设单位", due_date=today - datetime.timedelta(days=5), done_date=today
    )

    rows = {row[0]: row for row in report_on(today).table("projects").rows}
    row = rows[project.name]
    assert row[3] == "Under construction"
    assert row[7] == today  # actual start set by the service
    assert row[9] == Decimal("0.5")
    assert row[10:13] == (1, 1, 1)  # done, not yet due, overdue


def test_the_report_asks_a_constant_number_of_queries_as_projects_grow(
    client, staff_user, city, django_assert_max_num_queries
):
    client.force_login(staff_user)
    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200
    for number in range(20):
        project = Project.objects.create(
            code=f"extra-{number}", name=f"补充工程{number}", kind="other", programme="其他", responsible_unit="局"
        )
        WorkItem.objects.create(project=project, name="工程", unit="item", planned_quantity=1)
        Milestone.objects.create(project=project, name="节点", owner="局", due_date="2026-01-01")
    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200


# --- A past day -----------------------------------------------------------------------------------


def test_a_past_day_shows_the_status_a_project_had_then(staff_user):
    project = Project(
        code="p", name="南山公园海绵绿地建设项目", kind="sponge_retrofit", programme="海绵", responsible_unit="局"
    )
    saved_at(project, days_ago(20))
    saved_at(project, days_ago(10), status=ProjectStatus.APPROVED)
    saved_at(project, days_ago(2), status=ProjectStatus.IN_DESIGN)

    def status_on(days: int) -> list[str]:
        day = TODAY() - datetime.timedelta(days=days)
        return [row[3] for row in report_on(day).table("projects").rows]

    assert status_on(30) == []  # not yet registered
    assert status_on(15) == ["Proposed"]
    assert status_on(5) == ["Approved"]
    assert status_on(0) == ["In design"]


def test_a_past_day_leaves_out_rows_deleted_since_and_keeps_rows_deleted_after(staff_user):
    kept = saved_at(Plan(title="甲规划", kind="special"), days_ago(30))
    gone = saved_at(Plan(title="乙规划", kind="special"), days_ago(30))
    gone._history_date = days_ago(5)
    gone.delete()

    ten_days_ago = TODAY() - datetime.timedelta(days=10)
    titles_then = [row[0] for row in report_on(ten_days_ago).table("plans").rows]
    titles_now = [row[0] for row in report_on(TODAY()).table("plans").rows]
    assert titles_then == ["乙规划", "甲规划"]  # ordered by title, as the live table is
    assert titles_now == [kept.title]


def test_a_past_day_uses_the_checklist_as_it_was_then(staff_user):
    project = saved_at(
        Project(code="p", name="工程", kind="other", programme="其他", responsible_unit="局"), days_ago(9)
    )
    item = saved_at(WorkItem(project=project, name="路缘石", unit="m", planned_quantity=Decimal("200")), days_ago(9))
    saved_at(item, days_ago(6), done_quantity=Decimal("50"))
    saved_at(item, days_ago(1), done_quantity=Decimal("150"))

    def progress(days: int) -> Decimal:
        day = TODAY() - datetime.timedelta(days=days)
        return report_on(day).table("work_items").rows[0][5]

    assert progress(8) == Decimal("0")
    assert progress(3) == Decimal("0.25")  # 50 / 200
    assert progress(0) == Decimal("0.75")  # 150 / 200


def test_an_indicator_is_judged_with_the_measurements_known_on_that_day(staff_user):
    # At least 33 by a deadline far ahead: 30 then 32 ten days later is a rising line (on track);
    # on the day of the first measurement alone there is no trend yet (at risk).
    indicator = saved_at(
        Indicator(code="cover", name="建成区绿化覆盖率", unit="%", direction="at_least", target_value=33),
        days_ago(40),
    )
    first_day = TODAY() - datetime.timedelta(days=30)
    second_day = TODAY() - datetime.timedelta(days=20)
    saved_at(IndicatorMeasurement(indicator=indicator, date=first_day, value=30, source="园林绿化普查"), days_ago(30))
    saved_at(IndicatorMeasurement(indicator=indicator, date=second_day, value=32, source="园林绿化普查"), days_ago(20))

    def row_on(day: datetime.date):
        return report_on(day).table("indicators").rows[0]

    assert row_on(first_day)[6:9] == (Decimal("30"), first_day, "At risk")
    assert row_on(second_day)[6:9] == (Decimal("32"), second_day, "On track")


def test_the_past_report_page_says_it_comes_from_the_audit_history(zh_client, staff_user):
    zh_client.force_login(staff_user)
    day = (TODAY() - datetime.timedelta(days=3)).isoformat()
    page = zh_client.get(URL, {"as_of": day}).content.decode()
    assert "审计历史" in page


# --- Milestone states, worked by hand ------------------------------------------------------------


def test_milestone_states_on_a_given_day():
    due = datetime.date(2026, 1, 10)
    late_done = Milestone(name="节点", owner="局", due_date=due, done_date=datetime.date(2026, 2, 1))
    assert milestone_state(late_done, datetime.date(2026, 1, 5)) == "upcoming"
    assert milestone_state(late_done, datetime.date(2026, 1, 10)) == "upcoming"  # due today is not late yet
    assert milestone_state(late_done, datetime.date(2026, 1, 20)) == "overdue"
    assert milestone_state(late_done, datetime.date(2026, 2, 1)) == "done"
    counts = milestone_counts([late_done, Milestone(due_date=datetime.date(2025, 12, 1))], datetime.date(2026, 1, 20))
    assert (counts.done, counts.upcoming, counts.overdue) == (0, 0, 2)


def test_milestone_counts_on_a_day_worked_by_hand():
    on = datetime.date(2026, 6, 1)
    milestones = [
        Milestone(due_date=datetime.date(2026, 3, 1), done_date=datetime.date(2026, 2, 20)),  # done
        Milestone(due_date=datetime.date(2026, 4, 1)),  # overdue
        Milestone(due_date=datetime.date(2026, 5, 1), done_date=datetime.date(2026, 6, 5)),  # overdue then
        Milestone(due_date=datetime.date(2026, 6, 1)),  # due that day, not overdue yet
        Milestone(due_date=datetime.date(2026, 9, 1)),  # not yet due
    ]
    counts = milestone_counts(milestones, on)
    assert (counts.done, counts.upcoming, counts.overdue) == (1, 2, 2)
    assert milestone_counts([], on) == MilestoneCounts(done=0, upcoming=0, overdue=0)


def test_a_snapshot_of_today_reads_the_live_tables(staff_user):
    assert Snapshot(as_of=TODAY(), today=TODAY()).is_past is False
    assert Snapshot(as_of=TODAY() - datetime.timedelta(days=1), today=TODAY()).is_past is True


# --- Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "28/11/2026"])
def test_a_malformed_date_gets_a_400_with_a_translated_message(zh_client, staff_user, value):
    zh_client.force_login(staff_user)
    response = zh_client.get(URL, {"as_of": value})
    assert response.status_code == 400
    assert "请按 YYYY-MM-DD 格式输入日期" in response.content.decode()


def test_a_day_in_the_future_gets_a_400_in_english_too(en_client, staff_user):
    en_client.force_login(staff_user)
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = en_client.get(URL, {"as_of": tomorrow})
    assert response.status_code == 400
    assert "has not yet come" in response.content.decode()


def test_an_unknown_format_gets_a_400(client, staff_user):
    client.force_login(staff_user)
    response = client.get(URL, {"format": "pdf"})
    assert response.status_code == 400


# --- XLSX ------------------------------------------------------------------------------------------


def test_the_xlsx_holds_the_same_tables_cell_by_cell(zh_client, staff_user, city):
    zh_client.force_login(staff_user)
    today = TODAY()
    response = zh_client.get(URL, {"as_of": today.isoformat(), "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="npc-report-{today.isoformat()}.xlsx"'

    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == [
        "规划",
        "重点工程",
        "重点工程清单",
        "节点",
        "指标完成情况",
        "重点工程资金保障",
        "按资金来源",
        "社会捐资",
        "绿地冠名",
    ]
    plans = workbook["规划"]
    assert plans["A1"].value == "阳泉市园林绿化工作进展情况"
    assert plans["A2"].value == f"截至{today.year}年{today.month}月{today.day}日"
    assert [cell.value for cell in plans[4]] == ["规划名称", "类别", "规划期", "编制单位", "状态"]
    assert plans.max_row == 4 + Plan.objects.count()

    work = workbook["重点工程清单"]
    rows = {(row[0], row[1]): row for row in work.iter_rows(min_row=5, values_only=True)}
    kerbs = rows[("桃北西街（赛鱼口至坡头高速口段）道路绿地提质改造", "混凝土路缘石改造为双层定制石质缘石")]
    assert kerbs[2:6] == ("米", 20000, 0, 0)
    assert work.cell(row=5, column=6).number_format == "0.0%"
    chengnan = rows[("城南公园建设工程", "公园建设（规划面积）")]
    assert chengnan[2:4] == ("公顷", pytest.approx(29.97))


# --- Money, donations and naming -------------------------------------------------------------------


def test_funding_counts_approvals_and_disbursements_by_their_dates(staff_user, city):
    from projects.services import disbursement_record, funding_application_approve, funding_application_submit

    project = Project.objects.get(code="chengnan-park")
    today = TODAY()
    ten_days_ago = today - datetime.timedelta(days=10)
    application = funding_application_submit(
        project=project,
        source_kind="city_finance",
        requested_amount=Decimal("5000000"),
        applied_on=ten_days_ago,
        actor=staff_user,
    )
    application = funding_application_approve(
        application=application, approved_amount=Decimal("4000000"), approved_on=today, actor=staff_user
    )
    disbursement_record(application=application, amount=Decimal("1000000"), paid_on=today, actor=staff_user)

    rows = {row[0]: row for row in report_on(today).table("funding").rows}
    # Requested 5,000,000, approved 4,000,000, paid 1,000,000 → a quarter of the approval paid.
    assert rows[project.name][2:6] == (Decimal("5000000"), Decimal("4000000"), Decimal("1000000"), Decimal("0.25"))
    sources = {row[0]: row for row in report_on(today).table("funding_sources").rows}
    assert sources["City finance"][1:5] == (Decimal("5000000"), Decimal("4000000"), Decimal("1000000"), 1)


def test_a_naming_shows_as_approved_within_its_term_and_expired_after(staff_user, city):
    from projects.choices import NamingRequestStatus
    from projects.models import NamingRequest

    request = NamingRequest(
        status=NamingRequestStatus.APPROVED,
        term_start=datetime.date(2026, 1, 1),
        term_end=datetime.date(2035, 12, 31),
    )

    def state(day: datetime.date) -> tuple[str, bool]:
        return request.status_on(day), request.is_shown_on(day)

    assert state(datetime.date(2025, 12, 31)) == (NamingRequestStatus.APPROVED, False)
    assert state(datetime.date(2026, 1, 1)) == (NamingRequestStatus.APPROVED, True)
    assert state(datetime.date(2035, 12, 31)) == (NamingRequestStatus.APPROVED, True)
    assert state(datetime.date(2036, 1, 1)) == (NamingRequestStatus.EXPIRED, False)


def test_donations_and_the_naming_they_earn_are_in_the_report(staff_user, city):
    from greenspaces.models import GreenSpace
    from projects.models import DonationScheme, Donor
    from projects.services import donation_record, naming_request_approve, naming_request_submit

    DonationScheme.objects.update(in_force=True)
    donor = Donor.objects.create(kind="enterprise", name="阳泉某建设集团有限公司", credit_code="91140300MA0GRD7X1L")
    space = GreenSpace.objects.get(code="chengnan-park")
    today = TODAY()
    donation_record(
        donor=donor, amount=Decimal("1200000"), received_on=today, receipt_no="JZ-2026-001", green_space=space
    )
    request = naming_request_submit(donor=donor, green_space=space, proposed_name="建设林", requested_on=today)
    naming_request_approve(request=request, actor=staff_user, starts_on=today)

    report = report_on(today)
    assert report.table("donations").rows == [
        ("阳泉某建设集团有限公司", "Enterprise", Decimal("1200000"), space.name, today, "JZ-2026-001")
    ]
    naming = report.table("naming").rows[0]
    assert naming[:3] == (space.name, "建设林", "阳泉某建设集团有限公司")
    assert naming[5:] == ("Approved", "yes")


def test_donations_list_donor_amount_target_date_and_receipt_up_to_the_day(staff_user):
    from tests.projects.factories import DonationFactory, DonorFactory, GreenSpaceFactory

    space = GreenSpaceFactory(name="南山公园")
    today = TODAY()
    DonationFactory(
        donor=DonorFactory(name="阳泉某集团"),
        amount=Decimal("1500000"),
        project=None,
        green_space=space,
        receipt_no="JZ-1",
        received_on=today,
    )
    for _ in range(5):
        DonationFactory(received_on=today - datetime.timedelta(days=30))
    DonationFactory(received_on=today + datetime.timedelta(days=1))  # not received yet on the day
    rows = report_on(today).table("donations").rows
    assert len(rows) == 6
    assert rows[-1] == ("阳泉某集团", "Enterprise", Decimal("1500000"), "南山公园", today, "JZ-1")
