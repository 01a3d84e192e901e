"""Reads shared by pages and the People's Congress report: each calculation against a hand-worked example,
each list constant in queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from projects import selectors, services, sponge
from projects.choices import FundingSourceKind, NamingRequestStatus, SurfaceType
from projects.models import Project
from tests.greenspaces.factories import CisternFactory
from tests.projects.factories import (
    DesignRainfallFactory,
    DonationFactory,
    DonationSchemeFactory,
    DonorFactory,
    FundingApplicationFactory,
    GreenSpaceFactory,
    ProjectFactory,
    ProjectInspectionFactory,
    RunoffCoefficientFactory,
    SpecialSupervisorFactory,
    SurfaceAreaFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal


# --- The formulas -------------------------------------------------------------------------------------------------


def test_the_composite_runoff_coefficient_is_area_weighted():
    # 6,000 m² green (0.15) + 4,000 m² road (0.90): (900 + 3,600) / 10,000 = 0.45
    assert sponge.composite_runoff_coefficient([(D("0.15"), D("6000")), (D("0.90"), D("4000"))]) == D("0.45")


def test_no_area_has_no_coefficient():
    assert sponge.composite_runoff_coefficient([]) is None


def test_the_capture_volume_is_ten_h_phi_f():
    # V = 10 × 25 mm × 0.45 × 2 hm² = 225 m³
    assert sponge.design_capture_volume_m3(depth_mm=D("25"), coefficient=D("0.45"), area_ha=D("2")) == D("225")


def test_the_hard_paving_ratio_is_paved_over_land():
    # 59,940 m² paved on 29.97 ha (299,700 m²) = 20 %
    assert sponge.hard_paving_ratio(paved_m2=D("59940"), land_m2=D("299700")) == D("0.2")
    assert sponge.hard_paving_ratio(paved_m2=D("1"), land_m2=D("0")) is None


# --- sponge_metrics -----------------------------------------------------------------------------------------------


@pytest.fixture
def coefficients():
    """The seeded coefficients (domain-facts §4, upper ends of the ranges)."""
    return {
        SurfaceType.GREEN_SPACE: RunoffCoefficientFactory(surface_type=SurfaceType.GREEN_SPACE, coefficient=D("0.15")),
        SurfaceType.PERMEABLE_PAVING: RunoffCoefficientFactory(
            surface_type=SurfaceType.PERMEABLE_PAVING, coefficient=D("0.45"), counts_as_paving=True
        ),
        SurfaceType.HARD_PAVING: RunoffCoefficientFactory(
            surface_type=SurfaceType.HARD_PAVING, coefficient=D("0.90"), counts_as_paving=True
        ),
        SurfaceType.HARD_ROOF: RunoffCoefficientFactory(surface_type=SurfaceType.HARD_ROOF, coefficient=D("0.90")),
    }


@pytest.fixture
def park(coefficients):
    """A 1 ha new park (paving target 20 %) on one green space with a 100 m³ cistern:
    6,000 m² green, 2,000 m² permeable paving, 1,500 m² hard paving, 500 m² roofs."""
    space = GreenSpaceFactory()
    CisternFactory(green_space=space, name="1号", capacity_m3=D("100"))
    project = ProjectFactory(hard_paving_target=D("20"))
    project.green_spaces.add(space)
    for surface_type, area in [
        (SurfaceType.GREEN_SPACE, "6000"),
        (SurfaceType.PERMEABLE_PAVING, "2000"),
        (SurfaceType.HARD_PAVING, "1500"),
        (SurfaceType.HARD_ROOF, "500"),
    ]:
        SurfaceAreaFactory(project=project, green_space=space, surface=coefficients[surface_type], area_m2=D(area))
    return project


def test_sponge_metrics_of_a_park_by_hand(park, django_assert_num_queries):
    DesignRainfallFactory(depth_mm=D("25"), is_default=True)
    with django_assert_num_queries(3):
        metrics = selectors.sponge_metrics(park)
    # Σφ·F = 0.15×6,000 + 0.45×2,000 + 0.90×1,500 + 0.90×500 = 900 + 900 + 1,350 + 450 = 3,600
    # φ = 3,600 / 10,000 = 0.36
    assert metrics.land_area_m2 == D("10000")
    assert metrics.land_area_ha == D("1")
    assert metrics.runoff_coefficient == D("0.36")
    # V = 10 × 25 × 0.36 × 1 = 90 m³
    assert metrics.capture_volume_m3 == D("90")
    # paved = 2,000 + 1,500 = 3,500 m²; 3,500 / 10,000 = 35 % > 20 %
    assert metrics.paved_area_m2 == D("3500")
    assert metrics.hard_paving_ratio == D("0.35")
    assert metrics.hard_paving_target == D("0.2")
    assert metrics.meets_paving_target is False
    # one cistern of 100 m³ holds the 90 m³
    assert (metrics.cistern_count, metrics.cistern_capacity_m3) == (1, D("100"))
    assert metrics.cisterns_hold_capture_volume is True


def test_the_projects_own_design_rainfall_wins_over_the_default(park):
    DesignRainfallFactory(depth_mm=D("25"), is_default=True)
    park.design_rainfall = DesignRainfallFactory(capture_ratio=D("90"), depth_mm=D("35"), is_default=False)
    park.save()
    # V = 10 × 35 × 0.36 × 1 = 126 m³
    assert selectors.sponge_metrics(park).capture_volume_m3 == D("126")


def test_without_design_rainfall_there_is_no_volume_but_the_rest_is_there(park):
    metrics = selectors.sponge_metrics(park)
    assert metrics.capture_volume_m3 is None
    assert metrics.runoff_coefficient == D("0.36")


def test_a_project_without_surfaces_has_no_ratio_and_no_verdict():
    metrics = selectors.sponge_metrics(ProjectFactory(hard_paving_target=D("20")))
    assert (metrics.land_area_m2, metrics.hard_paving_ratio, metrics.meets_paving_target) == (D("0"), None, None)


def test_a_park_within_its_paving_target_meets_it(coefficients):
    project = ProjectFactory(hard_paving_target=D("20"))
    SurfaceAreaFactory(project=project, surface=coefficients[SurfaceType.GREEN_SPACE], area_m2=D("8000"))
    SurfaceAreaFactory(project=project, surface=coefficients[SurfaceType.HARD_PAVING], area_m2=D("2000"))
    metrics = selectors.sponge_metrics(project)
    assert metrics.hard_paving_ratio == D("0.2")  # exactly 20 % is within "≤ 20 %"
    assert metrics.meets_paving_target is True


def test_metrics_of_one_green_space_of_a_project(park, coefficients):
    other = GreenSpaceFactory()
    CisternFactory(green_space=other, name="2号", capacity_m3=D("1000"))
    park.green_spaces.add(other)
    SurfaceAreaFactory(
        project=park, green_space=other, surface=coefficients[SurfaceType.GREEN_SPACE], area_m2=D("5000")
    )
    whole = selectors.sponge_metrics(park)
    assert (whole.land_area_m2, whole.cistern_capacity_m3) == (D("15000"), D("1100"))
    one = selectors.sponge_metrics(park, green_space=other)
    assert (one.land_area_m2, one.runoff_coefficient, one.cistern_capacity_m3) == (D("5000"), D("0.15"), D("1000"))


# --- Milestones ---------------------------------------------------------------------------------------------------


def test_project_progress_is_the_mean_share_of_its_checklist_in_one_query(django_assert_num_queries):
    from tests.projects.factories import WorkItemFactory

    project = ProjectFactory()
    WorkItemFactory(project=project, planned_quantity=D("4"), done_quantity=D("1"))
    WorkItemFactory(project=project, planned_quantity=D("2"), done_quantity=D("2"))
    bare = ProjectFactory()
    with django_assert_num_queries(1):
        progress = selectors.project_progress(project)
    assert progress == (D("0.25") + D("1")) / 2
    assert selectors.project_progress(bare) is None


# --- Funding ------------------------------------------------------------------------------------------------------


def approve(application, amount: str):
    return services.funding_application_approve(
        application=application, approved_amount=D(amount), approved_on=datetime.date(2026, 3, 10)
    )


def test_funding_rows_by_hand():
    project = ProjectFactory(budget=D("5000000"))
    city = approve(FundingApplicationFactory(project=project, requested_amount=D("3000000")), "2500000")
    province = approve(
        FundingApplicationFactory(
            project=project, source_kind=FundingSourceKind.PROVINCIAL_SPECIAL, requested_amount=D("1000000")
        ),
        "800000",
    )
    FundingApplicationFactory(
        project=project, source_kind=FundingSourceKind.CENTRAL_SPECIAL, requested_amount=D("700000")
    )
    services.disbursement_record(application=city, amount=D("1000000"), paid_on=datetime.date(2026, 4, 1))
    services.disbursement_record(
        application=province, amount=D("900000"), paid_on=datetime.date(2026, 4, 1), override_reason="追加"
    )
    DonationFactory(project=project, amount=D("1200000"))
    summary = selectors.project_funding_rows([project])[project.pk]
    # requested 3,000,000 + 1,000,000 + 700,000; committed 2,500,000 + 800,000; spent 1,000,000 + 900,000
    assert (summary.budget, summary.requested, summary.committed, summary.spent) == (
        D("5000000"),
        D("4700000"),
        D("3300000"),
        D("1900000"),
    )
    assert summary.uncommitted_budget == D("1700000")
    assert summary.donated == D("1200000")
    assert summary.overrides == 1
    assert list(summary.by_source) == ["city_finance", "provincial_special", "central_special"]
    assert summary.by_source["provincial_special"] == selectors.SourceFigures(D("1000000"), D("800000"), D("900000"))
    assert summary.by_source["central_special"] == selectors.SourceFigures(D("700000"), D("0"), D("0"))


def test_funding_rows_are_constant_in_queries(django_assert_num_queries):
    def make(count: int):
        for _ in range(count):
            application = approve(FundingApplicationFactory(), "50000")
            services.disbursement_record(application=application, amount=D("100"), paid_on=datetime.date(2026, 4, 1))

    make(2)
    with django_assert_num_queries(4):
        selectors.project_funding_rows(Project.objects.all())
    make(8)
    with django_assert_num_queries(4):
        rows = selectors.project_funding_rows(Project.objects.all())
    assert len(rows) == 10
    assert all(summary.budget is None for summary in rows.values())


# --- Donations and naming -----------------------------------------------------------------------------------------


def test_a_naming_requests_status_on_a_day_follows_its_dates():
    DonationSchemeFactory()
    donor = DonorFactory()
    DonationFactory(donor=donor, amount=D("2000000"))
    request = services.naming_request_submit(
        donor=donor,
        green_space=GreenSpaceFactory(name="彩石园"),
        proposed_name="某企业彩石园",
        requested_on=datetime.date(2020, 1, 1),
    )
    services.naming_request_approve(request=request, starts_on=datetime.date(2020, 1, 1))  # to 2029-12-31
    request.refresh_from_db()
    decided = timezone.localdate()

    def state(on: datetime.date) -> tuple[str, bool]:
        return request.status_on(on), request.is_shown_on(on)

    # Decided today: on 2025-01-01 it was still a request, and not shown.
    assert state(datetime.date(2025, 1, 1)) == (NamingRequestStatus.REQUESTED, False)
    assert state(decided) == (NamingRequestStatus.APPROVED, True)
    assert (request.term_start, request.term_end) == (datetime.date(2020, 1, 1), datetime.date(2029, 12, 31))
    if decided <= datetime.date(2029, 12, 31):
        assert state(datetime.date(2030, 1, 1)) == (NamingRequestStatus.EXPIRED, False)


# --- Special supervisors ------------------------------------------------------------------------------------------


def test_a_supervisors_inspections_upcoming_and_all(django_assert_max_num_queries):
    deputy = SpecialSupervisorFactory()
    today = timezone.localdate()
    past = ProjectInspectionFactory(scheduled_for=today - datetime.timedelta(days=10))
    soon = ProjectInspectionFactory(scheduled_for=today + datetime.timedelta(days=3))
    later = ProjectInspectionFactory(scheduled_for=today + datetime.timedelta(days=30))
    not_mine = ProjectInspectionFactory(scheduled_for=today + datetime.timedelta(days=1))
    for inspection in (past, soon, later):
        inspection.invited_supervisors.add(deputy)
    not_mine.invited_supervisors.add(SpecialSupervisorFactory())
    with django_assert_max_num_queries(3):
        upcoming = list(selectors.inspections_for_supervisor(deputy, upcoming_only=True))
        [inspection.project.name for inspection in upcoming]
        [list(inspection.findings.all()) for inspection in upcoming]
    assert upcoming == [soon, later]
    assert list(selectors.inspections_for_supervisor(deputy)) == [later, soon, past]


def test_overdue_findings_are_open_and_past_their_due_date():
    inspection = ProjectInspectionFactory(scheduled_for=datetime.date(2026, 1, 5))
    today = timezone.localdate()
    late = services.inspection_record_finding(
        inspection=inspection, text="a", action="x", owner_unit="养护单位", due_date=today - datetime.timedelta(days=2)
    )
    services.inspection_record_finding(
        inspection=inspection, text="b", action="y", owner_unit="养护单位", due_date=today
    )
    closed = services.inspection_record_finding(
        inspection=inspection, text="c", action="z", owner_unit="养护单位", due_date=today - datetime.timedelta(days=5)
    )
    services.finding_close(finding=closed)
    assert list(selectors.overdue_findings()) == [late]
    assert late.is_overdue
