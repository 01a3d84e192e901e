"""Writes of the projects: every lifecycle, legal and illegal, and nothing half-saved on a refusal."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation

from greenspaces.models import GreenSpaceNaming
from projects import selectors, services
from projects.choices import (
    FindingStatus,
    FundingApplicationStatus,
    FundingSourceKind,
    InspectionKind,
    NamingRequestStatus,
    ProjectStatus,
)
from projects.models import Disbursement, FundingApplication, InspectionFinding, Milestone, NamingRequest, WorkItem
from tests.greenspaces.factories import CisternFactory  # noqa: F401  (keeps the factory registry warm)
from tests.projects.factories import (
    DonationFactory,
    DonationSchemeFactory,
    DonorFactory,
    FundingApplicationFactory,
    GreenSpaceFactory,
    MilestoneFactory,
    PersonDonorFactory,
    ProjectFactory,
    ProjectInspectionFactory,
    SpecialSupervisorFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# --- Project lifecycle --------------------------------------------------------------------------------------------

FORWARD = [
    ProjectStatus.PROPOSED,
    ProjectStatus.APPROVED,
    ProjectStatus.IN_DESIGN,
    ProjectStatus.UNDER_CONSTRUCTION,
    ProjectStatus.COMPLETED,
    ProjectStatus.ACCEPTED,
]


def test_a_project_walks_the_whole_lifecycle_and_dates_are_set(staff_user):
    project = ProjectFactory()
    for status in FORWARD[1:]:
        project = services.project_change_status(
            project=project, to=status, on=datetime.date(2026, 4, 1), actor=staff_user
        )
    assert project.status == ProjectStatus.ACCEPTED
    assert project.actual_start == datetime.date(2026, 4, 1)
    assert project.actual_end == datetime.date(2026, 4, 1)
    assert project.history.count() == len(FORWARD)  # created + five changes, each with who
    assert {row.history_user for row in project.history.all()[: len(FORWARD) - 1]} == {staff_user}


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (ProjectStatus.PROPOSED, ProjectStatus.UNDER_CONSTRUCTION),
        (ProjectStatus.APPROVED, ProjectStatus.COMPLETED),
        (ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.IN_DESIGN),
        (ProjectStatus.ACCEPTED, ProjectStatus.COMPLETED),
    ],
)
def test_it_refuses_an_illegal_project_transition(start, target):
    project = ProjectFactory(status=start)
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as excinfo:
            services.project_change_status(project=project, to=target)
        assert excinfo.value.code == "invalid_transition"
    project.refresh_from_db()
    assert project.status == start


# --- Work items (清单化) ---------------------------------------------------------------------------------------------


def test_recording_progress_is_kept_with_who_did_it(staff_user):
    item = WorkItemFactory(planned_quantity=Decimal("20000"))
    services.work_item_record_progress(item=item, done_quantity=Decimal("5000"), actor=staff_user)
    item.refresh_from_db()
    assert item.progress == Decimal("0.25")
    assert item.history.latest().history_user == staff_user


def test_a_negative_quantity_is_refused_and_nothing_changes():
    item = WorkItemFactory(done_quantity=Decimal("10"))
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as excinfo:
            services.work_item_record_progress(item=item, done_quantity=Decimal("-0.01"))
        assert "done_quantity" in excinfo.value.message_dict
        assert "负" in excinfo.value.message_dict["done_quantity"][0]
        assert item.done_quantity == Decimal("10")
        assert WorkItem.objects.get(pk=item.pk).done_quantity == Decimal("10")


def test_progress_of_a_project_is_the_mean_of_its_lines_capped_at_done():
    project = ProjectFactory()
    WorkItemFactory(project=project, planned_quantity=Decimal("20000"), done_quantity=Decimal("5000"))  # 0.25
    WorkItemFactory(project=project, planned_quantity=Decimal("2"), done_quantity=Decimal("3"))  # more than planned: 1
    WorkItemFactory(project=project, planned_quantity=Decimal("18"), done_quantity=Decimal("0"))  # 0
    # (0.25 + 1 + 0) / 3 = 0.41666…
    assert selectors.project_progress(project) == (Decimal("0.25") + Decimal("1")) / 3


def test_a_project_without_lines_has_no_progress():
    assert selectors.project_progress(ProjectFactory()) is None


# --- Milestones (节点化) ---------------------------------------------------------------------------------------------


def test_a_milestone_is_done_with_its_evidence(staff_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    milestone = MilestoneFactory(project=ProjectFactory(actual_start=datetime.date(2026, 3, 1)))
    evidence = SimpleUploadedFile("开工报告.pdf", b"%PDF-1.7\n...\n%%EOF")
    services.milestone_complete(
        milestone=milestone, done_date=datetime.date(2026, 3, 15), evidence=evidence, actor=staff_user
    )
    milestone.refresh_from_db()
    assert milestone.done_date == datetime.date(2026, 3, 15)
    assert milestone.evidence.name.startswith("milestones/")
    assert milestone.history.latest().history_user == staff_user


def test_a_milestone_done_before_the_project_started_is_refused_in_chinese():
    milestone = MilestoneFactory(project=ProjectFactory(actual_start=datetime.date(2026, 5, 1)))
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as excinfo:
            services.milestone_complete(milestone=milestone, done_date=datetime.date(2026, 4, 30))
        assert "done_date" in excinfo.value.message_dict
        assert "开工" in excinfo.value.message_dict["done_date"][0]
        assert Milestone.objects.get(pk=milestone.pk).done_date is None


def test_a_milestone_cannot_be_done_in_the_future():
    milestone = MilestoneFactory()
    with pytest.raises(ValidationError):
        services.milestone_complete(milestone=milestone, done_date=TODAY() + datetime.timedelta(days=1))
    assert Milestone.objects.get(pk=milestone.pk).done_date is None


def test_a_milestone_with_bad_evidence_is_not_done_and_no_file_is_stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    milestone = MilestoneFactory()
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as excinfo:
            services.milestone_complete(
                milestone=milestone, done_date=datetime.date(2026, 3, 1), evidence=SimpleUploadedFile("x.pdf", b"no")
            )
        assert "evidence" in excinfo.value.message_dict
    milestone.refresh_from_db()
    assert milestone.done_date is None
    assert not milestone.evidence
    assert not any(tmp_path.rglob("*.pdf"))


def test_a_milestone_is_not_done_twice_but_can_be_reopened_with_a_reason(staff_user):
    milestone = MilestoneFactory()
    services.milestone_complete(milestone=milestone, done_date=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.milestone_complete(milestone=milestone, done_date=datetime.date(2026, 3, 2))
    assert excinfo.value.error_dict["done_date"][0].code == "already_done"
    with pytest.raises(ValidationError):
        services.milestone_reopen(milestone=milestone, reason=" ", actor=staff_user)
    services.milestone_reopen(milestone=milestone, reason="误操作", actor=staff_user)
    assert Milestone.objects.get(pk=milestone.pk).done_date is None
    assert milestone.history.latest().history_change_reason == "误操作"


def test_an_overdue_milestone_is_flagged_until_done():
    yesterday = TODAY() - datetime.timedelta(days=1)
    late = MilestoneFactory(due_date=yesterday)
    on_time = MilestoneFactory(due_date=TODAY())
    assert late.is_overdue and not on_time.is_overdue
    assert list(Milestone.objects.overdue()) == [late]
    services.milestone_complete(milestone=late, done_date=TODAY())
    late.refresh_from_db()
    assert not late.is_overdue
    assert not Milestone.objects.overdue().exists()


# --- Funding (资金保障) -----------------------------------------------------------------------------------------------


@pytest.fixture
def approved(staff_user):
    """An application for 100,000 yuan approved in full on 2026-03-10."""
    application = services.funding_application_submit(
        project=ProjectFactory(),
        source_kind=FundingSourceKind.PROVINCIAL_SPECIAL,
        requested_amount=Decimal("100000"),
        applied_on=datetime.date(2026, 3, 1),
        actor=staff_user,
    )
    return services.funding_application_approve(
        application=application,
        approved_amount=Decimal("100000"),
        approved_on=datetime.date(2026, 3, 10),
        actor=staff_user,
    )


def test_an_application_is_approved_by_someone_on_a_date(approved, staff_user):
    assert approved.status == FundingApplicationStatus.APPROVED
    assert approved.decided_by == staff_user
    assert approved.history.latest().history_user == staff_user


def test_an_application_is_decided_once(approved, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        services.funding_application_reject(application=approved, reason="重复", actor=staff_user)
    assert excinfo.value.code == "already_decided"
    assert FundingApplication.objects.get(pk=approved.pk).status == FundingApplicationStatus.APPROVED


def test_a_rejection_needs_a_reason_and_keeps_it():
    application = FundingApplicationFactory()
    with pytest.raises(ValidationError):
        services.funding_application_reject(application=application, reason="")
    assert FundingApplication.objects.get(pk=application.pk).status == FundingApplicationStatus.SUBMITTED
    services.funding_application_reject(application=application, reason="不符合申报条件")
    application.refresh_from_db()
    assert (application.status, application.decision_note) == (FundingApplicationStatus.REJECTED, "不符合申报条件")


def test_it_refuses_to_approve_more_than_was_requested():
    application = FundingApplicationFactory(requested_amount=Decimal("100000"))
    with pytest.raises(ValidationError) as excinfo:
        services.funding_application_approve(
            application=application, approved_amount=Decimal("100000.01"), approved_on=datetime.date(2026, 3, 5)
        )
    assert "approved_amount" in excinfo.value.message_dict
    assert FundingApplication.objects.get(pk=application.pk).status == FundingApplicationStatus.SUBMITTED


def test_disbursements_up_to_the_approved_amount_pass(approved, staff_user):
    services.disbursement_record(
        application=approved, amount=Decimal("60000"), paid_on=datetime.date(2026, 4, 1), actor=staff_user
    )
    last = services.disbursement_record(
        application=approved, amount=Decimal("40000"), paid_on=datetime.date(2026, 5, 1), actor=staff_user
    )
    # 60,000 + 40,000 = 100,000: exactly the approved amount, no override needed.
    assert last.override_reason == ""
    assert last.actor == staff_user
    assert Disbursement.objects.filter(application=approved).count() == 2


def test_it_refuses_a_disbursement_beyond_the_approval_in_chinese_and_saves_nothing(approved):
    services.disbursement_record(application=approved, amount=Decimal("60000"), paid_on=datetime.date(2026, 4, 1))
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as excinfo:
            # 60,000 + 40,000.01 = 100,000.01 > 100,000
            services.disbursement_record(
                application=approved, amount=Decimal("40000.01"), paid_on=datetime.date(2026, 4, 2)
            )
        assert excinfo.value.error_dict["amount"][0].code == "over_approved"
        assert "100000.01" in excinfo.value.message_dict["amount"][0]
        assert Disbursement.objects.count() == 1


def test_an_override_with_a_reason_lets_it_through_and_is_recorded(approved, staff_user):
    services.disbursement_record(application=approved, amount=Decimal("60000"), paid_on=datetime.date(2026, 4, 1))
    over = services.disbursement_record(
        application=approved,
        amount=Decimal("50000"),
        paid_on=datetime.date(2026, 4, 2),
        actor=staff_user,
        override_reason="  追加工程量经局务会同意  ",
    )
    assert over.override_reason == "追加工程量经局务会同意"
    assert over.actor == staff_user
    assert over.history.latest().history_user == staff_user


def test_an_override_reason_within_the_approval_is_not_kept(approved):
    within = services.disbursement_record(
        application=approved, amount=Decimal("10"), paid_on=datetime.date(2026, 4, 1), override_reason="不需要"
    )
    assert within.override_reason == ""


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-100")])
def test_it_refuses_a_disbursement_that_is_not_positive(approved, amount):
    with pytest.raises(ValidationError) as excinfo:
        services.disbursement_record(application=approved, amount=amount, paid_on=datetime.date(2026, 4, 1))
    assert "amount" in excinfo.value.message_dict
    assert Disbursement.objects.count() == 0


def test_it_refuses_to_pay_an_unapproved_application():
    for application in (
        FundingApplicationFactory(),
        FundingApplicationFactory(status=FundingApplicationStatus.REJECTED),
    ):
        with pytest.raises(ValidationError) as excinfo:
            services.disbursement_record(
                application=application, amount=Decimal("1"), paid_on=datetime.date(2026, 4, 1)
            )
        assert excinfo.value.code == "not_approved"
    assert Disbursement.objects.count() == 0


def test_it_refuses_a_payment_before_the_approval(approved):
    with pytest.raises(ValidationError) as excinfo:
        services.disbursement_record(application=approved, amount=Decimal("1"), paid_on=datetime.date(2026, 3, 9))
    assert "paid_on" in excinfo.value.message_dict
    assert Disbursement.objects.count() == 0


def test_a_voucher_number_is_used_once(approved):
    services.disbursement_record(
        application=approved, amount=Decimal("1"), paid_on=datetime.date(2026, 4, 1), voucher_no="V1"
    )
    with pytest.raises(ValidationError):
        services.disbursement_record(
            application=approved, amount=Decimal("1"), paid_on=datetime.date(2026, 4, 1), voucher_no="V1"
        )
    assert Disbursement.objects.count() == 1


def test_the_disbursement_guard_locks_the_application_row(approved):
    """The total is read under SELECT … FOR UPDATE of the application (where the database supports it)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.disbursement_record(application=approved, amount=Decimal("1"), paid_on=datetime.date(2026, 4, 1))
    statements = [query["sql"] for query in queries.captured_queries]
    locking = [sql for sql in statements if "projects_fundingapplication" in sql and "FOR UPDATE" in sql]
    if connection.features.has_select_for_update:
        assert locking, statements
    else:
        pytest.skip("SQLite has no row locks; the PostgreSQL run checks this")


@pytest.mark.django_db(transaction=True)
def test_two_disbursements_at_the_same_time_cannot_both_pass_the_ceiling():
    if not connection.features.has_select_for_update:
        pytest.skip("needs a database with row locks (PostgreSQL)")
    application = FundingApplicationFactory()
    services.funding_application_approve(
        application=application, approved_amount=Decimal("100000"), approved_on=datetime.date(2026, 3, 10)
    )
    outcome: dict[str, object] = {}

    def second_payment() -> None:
        try:
            services.disbursement_record(
                application=application, amount=Decimal("60000"), paid_on=datetime.date(2026, 4, 1)
            )
            outcome["second"] = "paid"
        except ValidationError as error:
            outcome["second"] = error.error_dict["amount"][0].code
        finally:
            connection.close()

    with transaction.atomic():
        services.disbursement_record(
            application=application, amount=Decimal("60000"), paid_on=datetime.date(2026, 4, 1)
        )
        other = threading.Thread(target=second_payment)
        other.start()
        other.join(timeout=2)  # the second payment waits on the lock while this one is not committed
        assert other.is_alive(), "the second payment did not wait for the first"
    other.join()
    assert outcome["second"] == "over_approved"
    assert Disbursement.objects.count() == 1


# --- Donations and naming (捐资奖励) ----------------------------------------------------------------------------------


@pytest.fixture
def scheme():
    """The rules in force: more than 1,000,000 yuan names a green space for 10 years."""
    return DonationSchemeFactory(naming_threshold=Decimal("1000000"), naming_term_years=10, in_force=True)


def enterprise_giving(total: str):
    donor = DonorFactory()
    DonationFactory(donor=donor, amount=Decimal(total))
    return donor


def test_exactly_the_threshold_is_not_enough_to_ask_for_naming(scheme):
    donor = enterprise_giving("1000000.00")
    space = GreenSpaceFactory()
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as excinfo:
            services.naming_request_submit(donor=donor, green_space=space, proposed_name="某企业园")
        assert excinfo.value.error_dict["donor"][0].code == "below_threshold"
        assert "1000000.00" in excinfo.value.message_dict["donor"][0]
        assert NamingRequest.objects.count() == 0


def test_one_cent_more_than_the_threshold_is_enough(scheme):
    donor = enterprise_giving("1000000.00")
    DonationFactory(donor=donor, amount=Decimal("0.01"))  # 1,000,000.01 in total
    request = services.naming_request_submit(donor=donor, green_space=GreenSpaceFactory(), proposed_name="某企业园")
    assert request.status == NamingRequestStatus.REQUESTED
    assert request.donated_total == Decimal("1000000.01")
    assert request.scheme == scheme


def test_a_private_person_cannot_ask_for_naming_whatever_the_amount(scheme):
    donor = PersonDonorFactory()
    DonationFactory(donor=donor, amount=Decimal("5000000"))
    with pytest.raises(ValidationError) as excinfo:
        services.naming_request_submit(donor=donor, green_space=GreenSpaceFactory(), proposed_name="张三园")
    assert excinfo.value.error_dict["donor"][0].code == "not_enterprise"
    assert NamingRequest.objects.count() == 0


def test_the_threshold_is_read_from_the_scheme_row(scheme):
    donor = enterprise_giving("600000")
    space = GreenSpaceFactory()
    with pytest.raises(ValidationError):
        services.naming_request_submit(donor=donor, green_space=space, proposed_name="某企业园")
    scheme.naming_threshold = Decimal("500000")
    scheme.save()
    assert services.naming_request_submit(donor=donor, green_space=space, proposed_name="某企业园").pk


def test_with_no_scheme_recorded_naming_cannot_be_asked_for():
    donor = enterprise_giving("2000000")
    with pytest.raises(ValidationError) as excinfo:
        services.naming_request_submit(donor=donor, green_space=GreenSpaceFactory(), proposed_name="某企业园")
    assert excinfo.value.code == "no_scheme"


def test_a_request_may_be_made_under_the_announced_scheme_before_it_is_in_force():
    announced = DonationSchemeFactory(in_force=False)
    request = services.naming_request_submit(
        donor=enterprise_giving("1500000"), green_space=GreenSpaceFactory(), proposed_name="某企业园"
    )
    assert request.scheme == announced


def test_a_donor_asks_for_one_naming_at_a_time(scheme):
    donor = enterprise_giving("3000000")
    services.naming_request_submit(donor=donor, green_space=GreenSpaceFactory(), proposed_name="甲园")
    with pytest.raises(ValidationError) as excinfo:
        services.naming_request_submit(donor=donor, green_space=GreenSpaceFactory(), proposed_name="乙园")
    assert excinfo.value.error_dict["donor"][0].code == "already_requested"
    assert NamingRequest.objects.count() == 1


def test_approval_sets_the_term_from_the_scheme_and_names_the_green_space(scheme, staff_user):
    space = GreenSpaceFactory()
    request = services.naming_request_submit(
        donor=enterprise_giving("1200000"), green_space=space, proposed_name="某企业园"
    )
    approved = services.naming_request_approve(request=request, starts_on=datetime.date(2026, 7, 1), actor=staff_user)
    # 10 years from 2026-07-01: the last day is 2036-06-30.
    assert (approved.term_start, approved.term_end) == (datetime.date(2026, 7, 1), datetime.date(2036, 6, 30))
    assert approved.status == NamingRequestStatus.APPROVED
    assert approved.decided_by == staff_user
    naming = approved.naming
    assert (naming.green_space, naming.name, naming.valid_from, naming.valid_until) == (
        space,
        "某企业园",
        datetime.date(2026, 7, 1),
        datetime.date(2036, 6, 30),
    )
    assert naming.history.latest().history_user == staff_user


def test_the_term_follows_the_scheme_row(scheme):
    scheme.naming_term_years = 5
    scheme.save()
    request = services.naming_request_submit(
        donor=enterprise_giving("1200000"), green_space=GreenSpaceFactory(), proposed_name="某企业园"
    )
    approved = services.naming_request_approve(request=request, starts_on=datetime.date(2026, 1, 1))
    assert approved.term_end == datetime.date(2030, 12, 31)


def test_naming_is_not_granted_while_no_scheme_is_in_force():
    scheme = DonationSchemeFactory(in_force=False)
    request = services.naming_request_submit(
        donor=enterprise_giving("1200000"), green_space=GreenSpaceFactory(), proposed_name="某企业园"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.naming_request_approve(request=request, starts_on=datetime.date(2026, 1, 1))
    assert excinfo.value.code == "scheme_not_in_force"
    assert NamingRequest.objects.get(pk=request.pk).status == NamingRequestStatus.REQUESTED
    assert GreenSpaceNaming.objects.count() == 0
    scheme.in_force = True
    scheme.save()
    assert services.naming_request_approve(request=request, starts_on=datetime.date(2026, 1, 1)).naming


def test_approval_over_another_naming_of_the_space_is_refused_and_nothing_is_saved(scheme):
    space = GreenSpaceFactory()
    first = services.naming_request_submit(donor=enterprise_giving("1200000"), green_space=space, proposed_name="甲园")
    services.naming_request_approve(request=first, starts_on=datetime.date(2026, 1, 1))
    second = services.naming_request_submit(donor=enterprise_giving("1200000"), green_space=space, proposed_name="乙园")
    with pytest.raises(ValidationError) as excinfo:
        services.naming_request_approve(request=second, starts_on=datetime.date(2030, 1, 1))
    assert "甲园" in excinfo.value.message_dict["valid_from"][0]
    assert NamingRequest.objects.get(pk=second.pk).status == NamingRequestStatus.REQUESTED
    assert GreenSpaceNaming.objects.count() == 1


def test_a_rejection_needs_a_reason_and_a_decided_request_stays_decided(scheme, staff_user):
    request = services.naming_request_submit(
        donor=enterprise_giving("1200000"), green_space=GreenSpaceFactory(), proposed_name="某企业园"
    )
    with pytest.raises(ValidationError):
        services.naming_request_reject(request=request, reason="  ")
    services.naming_request_reject(request=request, reason="名称不符合地名管理规定", actor=staff_user)
    with pytest.raises(ValidationError) as excinfo:
        services.naming_request_approve(request=request, starts_on=datetime.date(2026, 1, 1))
    assert excinfo.value.code == "already_decided"
    assert NamingRequest.objects.get(pk=request.pk).status == NamingRequestStatus.REJECTED


def test_approved_namings_expire_after_their_term_once(scheme):
    request = services.naming_request_submit(
        donor=enterprise_giving("1200000"), green_space=GreenSpaceFactory(), proposed_name="某企业园"
    )
    services.naming_request_approve(request=request, starts_on=datetime.date(2020, 1, 1))  # ends 2029-12-31
    assert services.naming_requests_expire(today=datetime.date(2029, 12, 31)) == 0
    assert services.naming_requests_expire(today=datetime.date(2030, 1, 1)) == 1
    assert services.naming_requests_expire(today=datetime.date(2030, 1, 1)) == 0
    assert NamingRequest.objects.get(pk=request.pk).status == NamingRequestStatus.EXPIRED


def test_a_donation_is_recorded_with_a_target():
    donor = DonorFactory()
    space = GreenSpaceFactory()
    donation = services.donation_record(
        donor=donor,
        amount=Decimal("200000"),
        received_on=datetime.date(2026, 2, 1),
        receipt_no=" JZ-9 ",
        green_space=space,
    )
    assert (donation.receipt_no, donation.target) == ("JZ-9", space.name)
    with pytest.raises(ValidationError):
        services.donation_record(
            donor=donor, amount=Decimal("-1"), received_on=datetime.date(2026, 2, 1), receipt_no="JZ-10"
        )


# --- Special supervisors (特约监督员) ------------------------------------------------------------------------------


def test_an_inspection_invites_active_supervisors(staff_user):
    deputy = SpecialSupervisorFactory()
    inspection = services.inspection_schedule(
        project=ProjectFactory(),
        kind=InspectionKind.DESIGN_REVIEW,
        scheduled_for=datetime.date(2026, 5, 1),
        place="城市管理局会议室",
        supervisors=[deputy],
        actor=staff_user,
    )
    assert list(inspection.invited_supervisors.all()) == [deputy]
    assert inspection.history.latest().history_user == staff_user


def test_an_inactive_supervisor_is_not_invited_and_nothing_is_scheduled():
    from projects.models import ProjectInspection

    with pytest.raises(ValidationError) as excinfo:
        services.inspection_schedule(
            project=ProjectFactory(),
            kind=InspectionKind.INSPECTION,
            scheduled_for=datetime.date(2026, 5, 1),
            supervisors=[SpecialSupervisorFactory(active=False, name="王某")],
        )
    assert "王某" in excinfo.value.message_dict["invited_supervisors"][0]
    assert ProjectInspection.objects.count() == 0


@pytest.fixture
def inspection():
    inspection = ProjectInspectionFactory(scheduled_for=datetime.date(2026, 5, 10))
    inspection.invited_supervisors.add(SpecialSupervisorFactory(name="王扬"))
    return inspection


def test_a_finding_is_recorded_with_its_follow_up_and_owner(inspection, staff_user):
    deputy = inspection.invited_supervisors.get()
    finding = services.inspection_record_finding(
        inspection=inspection,
        text="透水铺装局部积水",
        actor=staff_user,
        supervisor=deputy,
        action="疏通透水层",
        owner_unit="施工单位",
        owner_person="赵工",
        due_date=datetime.date(2026, 6, 1),
    )
    assert (finding.status, finding.recorded_by, finding.supervisor) == (FindingStatus.OPEN, staff_user, deputy)


def test_a_follow_up_without_owner_or_due_date_is_refused_and_nothing_saved(inspection):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as excinfo:
            services.inspection_record_finding(inspection=inspection, text="绿篱缺株", action="补植")
        assert set(excinfo.value.message_dict) == {"owner_unit", "due_date"}
        assert InspectionFinding.objects.count() == 0


def test_an_uninvited_supervisor_cannot_raise_a_finding(inspection):
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_record_finding(inspection=inspection, text="x", supervisor=SpecialSupervisorFactory())
    assert excinfo.value.error_dict["supervisor"][0].code == "not_invited"
    assert InspectionFinding.objects.count() == 0


def test_findings_wait_for_the_inspection_day():
    future = ProjectInspectionFactory(scheduled_for=TODAY() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_record_finding(inspection=future, text="x")
    assert excinfo.value.code == "too_early"


def test_an_empty_finding_is_refused(inspection):
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_record_finding(inspection=inspection, text="   ")
    assert "text" in excinfo.value.message_dict


def test_a_finding_is_closed_once(inspection, staff_user):
    finding = services.inspection_record_finding(inspection=inspection, text="标识牌缺失")
    closed = services.finding_close(finding=finding, done_on=TODAY(), actor=staff_user, note="已补设")
    assert (closed.status, closed.done_on) == (FindingStatus.DONE, TODAY())
    assert closed.history.latest().history_change_reason == "已补设"
    with pytest.raises(ValidationError) as excinfo:
        services.finding_close(finding=finding)
    assert excinfo.value.code == "already_done"


def test_a_finding_cannot_be_closed_before_it_was_recorded_or_in_the_future(inspection):
    finding = services.inspection_record_finding(inspection=inspection, text="标识牌缺失")
    with pytest.raises(ValidationError):
        services.finding_close(finding=finding, done_on=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.finding_close(finding=finding, done_on=TODAY() + datetime.timedelta(days=1))
    assert InspectionFinding.objects.get(pk=finding.pk).status == FindingStatus.OPEN


def test_holding_an_inspection_records_the_day_and_summary(inspection):
    held = services.inspection_record_held(
        inspection=inspection, held_on=datetime.date(2026, 5, 10), summary="现场查看"
    )
    assert (held.held_on, held.summary) == (datetime.date(2026, 5, 10), "现场查看")
    with pytest.raises(ValidationError):
        services.inspection_record_held(inspection=inspection, held_on=TODAY() + datetime.timedelta(days=1))
