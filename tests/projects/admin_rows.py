"""One row of every projects model the admin shows and the city data does not hold (for tests/test_admin_pages.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from greenspaces.models import GreenSpace
from greenspaces.services import green_space_name
from projects import services
from projects.choices import DonorKind, FundingSourceKind, InspectionKind, SurfaceType
from projects.models import Donor, Milestone, Project, RunoffCoefficient, SpecialSupervisor


def make() -> None:
    project = Project.objects.get(code="quanxi-road-pocket-park-sponge")
    space = GreenSpace.objects.get(code="quanxi-road-pocket-park")
    Milestone.objects.create(project=project, name="完成初步设计", owner="设计院", due_date="2026-12-31")
    services.surface_area_set(
        project=project,
        surface=RunoffCoefficient.objects.get(surface_type=SurfaceType.PERMEABLE_PAVING),
        area_m2=Decimal("3500"),
        green_space=space,
        estimated=True,
    )
    application = services.funding_application_submit(
        project=project,
        source_kind=FundingSourceKind.CITY_FINANCE,
        requested_amount=Decimal("500000"),
        applied_on=datetime.date(2025, 3, 1),
        estimated=True,
    )
    services.funding_application_approve(
        application=application, approved_amount=Decimal("400000"), approved_on=datetime.date(2025, 4, 1)
    )
    services.disbursement_record(
        application=application, amount=Decimal("100000"), paid_on=datetime.date(2025, 5, 1), voucher_no="BF-2025-001"
    )
    donor = Donor.objects.create(kind=DonorKind.ENTERPRISE, name="示例绿化捐资企业", credit_code="91140300000000001D")
    donor.full_clean()
    services.donation_record(
        donor=donor,
        amount=Decimal("1200000"),
        received_on=datetime.date(2025, 6, 1),
        receipt_no="JZ-2025-0001",
        green_space=space,
    )
    services.naming_request_submit(
        donor=donor, green_space=space, proposed_name="示例企业园", requested_on=datetime.date(2025, 6, 2)
    )
    green_space_name(
        green_space=GreenSpace.objects.get(code="caishi-garden"),
        name="示例冠名园",
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2034, 12, 31),
        note="示例",
    )
    inspection = services.inspection_schedule(
        project=project,
        kind=InspectionKind.INSPECTION,
        scheduled_for=datetime.date(2025, 7, 1),
        place="泉西路游园",
        supervisors=SpecialSupervisor.objects.all(),
    )
    services.inspection_record_finding(
        inspection=inspection,
        text="蓄水池溢流口堵塞",
        supervisor=SpecialSupervisor.objects.first(),
        action="清理溢流口",
        owner_unit="养护单位",
        owner_person="李工",
        due_date=datetime.date(2025, 7, 15),
    )
