"""The projects admin: staff only, actions call the services, refusals shown and nothing half-saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from greenspaces.models import GreenSpaceNaming
from projects import services
from projects.choices import FindingStatus, FundingApplicationStatus, NamingRequestStatus
from projects.models import (
    Disbursement,
    Donor,
    FundingApplication,
    InspectionFinding,
    NamingRequest,
    Project,
    SpecialSupervisor,
)
from tests.projects.factories import (
    DonationFactory,
    DonationSchemeFactory,
    DonorFactory,
    FundingApplicationFactory,
    GreenSpaceFactory,
    ProjectInspectionFactory,
    WorkItemFactory,
)

pytestmark = pytest.mark.django_db


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def run_action(client, model, action: str, objects, **fields):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], "apply": "1", **fields}
    return client.post(admin_url(model, "changelist"), data, follow=True)


@pytest.mark.parametrize("model", [Project, FundingApplication, NamingRequest, Donor, SpecialSupervisor])
def test_an_outsider_is_sent_to_the_login_page(client, outsider_user, model):
    client.force_login(outsider_user)
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_project_page_shows_funding_and_sponge_figures_in_chinese(zh_client, staff_user, city):
    zh_client.force_login(staff_user)
    project = Project.objects.get(code="chengnan-park")
    response = zh_client.get(admin_url(Project, "change", project.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "V = 10·H·φ·F" in body
    assert "城南公园建设工程" in body


def test_the_project_list_is_constant_in_queries(client, staff_user, django_assert_max_num_queries):
    client.force_login(staff_user)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(admin_url(Project, "changelist")).status_code == 200
        return len(queries)

    for _ in range(3):
        WorkItemFactory()
    few = count()
    for _ in range(20):
        services.funding_application_approve(
            application=FundingApplicationFactory(project=WorkItemFactory().project),
            approved_amount=Decimal("10"),
            approved_on=datetime.date(2026, 3, 5),
        )
    assert count() == few


@pytest.mark.parametrize("model", [FundingApplication, Donor, NamingRequest, InspectionFinding, Disbursement])
def test_the_money_and_naming_lists_are_constant_in_queries(client, staff_user, model, django_assert_max_num_queries):
    client.force_login(staff_user)
    DonationSchemeFactory()
    for n in range(15):
        application = FundingApplicationFactory()
        services.funding_application_approve(
            application=application, approved_amount=Decimal("10"), approved_on=datetime.date(2026, 3, 5)
        )
        services.disbursement_record(application=application, amount=Decimal("5"), paid_on=datetime.date(2026, 3, 6))
        donor = DonorFactory()
        DonationFactory(donor=donor, amount=Decimal("2000000"))
        services.naming_request_submit(donor=donor, green_space=GreenSpaceFactory(), proposed_name=f"园{n}")
        services.inspection_record_finding(
            inspection=ProjectInspectionFactory(scheduled_for=datetime.date(2026, 1, 1)), text="问题"
        )
    with django_assert_max_num_queries(12):
        assert client.get(admin_url(model, "changelist")).status_code == 200


def test_staff_approve_an_application_through_the_action(client, staff_user):
    client.force_login(staff_user)
    application = FundingApplicationFactory(requested_amount=Decimal("100000"))
    response = run_action(
        client, FundingApplication, "approve", [application], approved_amount="80000", approved_on="2026-03-10"
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert (application.status, application.approved_amount) == (FundingApplicationStatus.APPROVED, Decimal("80000"))
    assert application.decided_by == staff_user


def test_the_approve_action_first_asks_for_the_amount(client, staff_user):
    client.force_login(staff_user)
    application = FundingApplicationFactory()
    data = {"action": "approve", ACTION_CHECKBOX_NAME: [application.pk]}
    response = client.post(admin_url(FundingApplication, "changelist"), data)
    assert response.status_code == 200
    assert "approved_amount" in response.content.decode()
    assert FundingApplication.objects.get(pk=application.pk).status == FundingApplicationStatus.SUBMITTED


def test_approving_more_than_requested_is_refused_with_a_message(en_client, staff_user):
    en_client.force_login(staff_user)
    application = FundingApplicationFactory(requested_amount=Decimal("100000"))
    response = run_action(
        en_client, FundingApplication, "approve", [application], approved_amount="150000", approved_on="2026-03-10"
    )
    assert "requested amount" in response.content.decode()
    assert FundingApplication.objects.get(pk=application.pk).status == FundingApplicationStatus.SUBMITTED


def test_a_disbursement_over_the_approval_needs_a_reason_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    application = services.funding_application_approve(
        application=FundingApplicationFactory(), approved_amount=Decimal("1000"), approved_on=datetime.date(2026, 3, 5)
    )
    fields = {"amount": "1500", "paid_on": "2026-03-06", "voucher_no": "V-1"}
    run_action(client, FundingApplication, "record_disbursement", [application], **fields)
    assert Disbursement.objects.count() == 0
    run_action(client, FundingApplication, "record_disbursement", [application], override_reason="应急抢修", **fields)
    disbursement = Disbursement.objects.get()
    assert (disbursement.override_reason, disbursement.actor) == ("应急抢修", staff_user)


def test_disbursements_cannot_be_added_or_edited_directly(client, staff_user):
    client.force_login(staff_user)
    assert client.get(admin_url(Disbursement, "add")).status_code == 403


def test_a_naming_request_below_the_threshold_is_refused_on_the_add_form(client, staff_user):
    client.force_login(staff_user)
    DonationSchemeFactory()
    donor = DonorFactory()
    DonationFactory(donor=donor, amount=Decimal("1000000"))
    data = {
        "donor": donor.pk,
        "green_space": GreenSpaceFactory().pk,
        "proposed_name": "某园",
        "requested_on": "2026-03-01",
    }
    response = client.post(admin_url(NamingRequest, "add"), data)
    assert response.status_code == 200
    assert "1000000.00" in str(response.context["adminform"].form.non_field_errors())
    assert NamingRequest.objects.count() == 0


def test_a_naming_request_added_in_the_admin_goes_through_the_service(client, staff_user):
    client.force_login(staff_user)
    DonationSchemeFactory()
    donor = DonorFactory()
    DonationFactory(donor=donor, amount=Decimal("1000000.01"))
    data = {
        "donor": donor.pk,
        "green_space": GreenSpaceFactory().pk,
        "proposed_name": "某园",
        "requested_on": "2026-03-01",
    }
    response = client.post(admin_url(NamingRequest, "add"), data)
    assert response.status_code == 302
    request = NamingRequest.objects.get()
    assert request.donated_total == Decimal("1000000.01")
    assert request.history.latest().history_user == staff_user


def test_staff_approve_and_reject_naming_through_actions(client, staff_user):
    client.force_login(staff_user)
    DonationSchemeFactory(naming_term_years=10)
    requests = []
    for name in ("甲园", "乙园"):
        donor = DonorFactory()
        DonationFactory(donor=donor, amount=Decimal("1500000"))
        requests.append(
            services.naming_request_submit(donor=donor, green_space=GreenSpaceFactory(), proposed_name=name)
        )
    run_action(client, NamingRequest, "approve", [requests[0]], starts_on="2026-07-01")
    run_action(client, NamingRequest, "reject", [requests[1]], reason="")  # no reason: the form asks again
    assert NamingRequest.objects.get(pk=requests[1].pk).status == NamingRequestStatus.REQUESTED
    run_action(client, NamingRequest, "reject", [requests[1]], reason="名称不当")
    approved, rejected = (NamingRequest.objects.get(pk=request.pk) for request in requests)
    assert (approved.status, approved.term_end) == (NamingRequestStatus.APPROVED, datetime.date(2036, 6, 30))
    assert approved.decided_by == staff_user
    assert GreenSpaceNaming.objects.get().name == "甲园"
    assert (rejected.status, rejected.decision_note) == (NamingRequestStatus.REJECTED, "名称不当")


def test_a_finding_is_closed_through_the_action(client, staff_user):
    client.force_login(staff_user)
    finding = services.inspection_record_finding(
        inspection=ProjectInspectionFactory(scheduled_for=datetime.date(2026, 1, 1)), text="井盖缺失"
    )
    from django.utils import timezone

    run_action(client, InspectionFinding, "close", [finding], done_on=timezone.localdate().isoformat())
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DONE
    assert finding.history.latest().history_user == staff_user
