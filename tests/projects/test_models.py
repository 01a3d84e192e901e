"""Single-row rules of the projects models: evidence files, credit codes, amounts, database constraints."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from PIL import Image

from projects.choices import DonorKind, FindingStatus, FundingApplicationStatus
from projects.documents import validate_evidence
from projects.models import Disbursement, Donation, Donor, FundingApplication, InspectionFinding, SurfaceArea
from tests.projects.factories import (
    DonationFactory,
    DonorFactory,
    FundingApplicationFactory,
    GreenSpaceFactory,
    ProjectFactory,
    ProjectInspectionFactory,
    RunoffCoefficientFactory,
    credit_code,
)

pytestmark = pytest.mark.django_db


def pdf(name: str = "验收.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF", content_type="application/pdf")


def docx() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("纪要.docx", buffer.getvalue())


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return SimpleUploadedFile("现场.png", buffer.getvalue(), content_type="image/png")


# --- Evidence files -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("upload", [pdf, docx, png], ids=["pdf", "docx", "png"])
def test_it_accepts_a_real_pdf_docx_or_photo_as_evidence(upload):
    validate_evidence(upload())


def test_it_refuses_a_text_file_named_pdf():
    fake = SimpleUploadedFile("验收.pdf", b"just text")
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(fake)
    assert excinfo.value.code == "file_content"


def test_it_refuses_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    with pytest.raises(ValidationError):
        validate_evidence(SimpleUploadedFile("纪要.docx", buffer.getvalue()))


def test_it_refuses_an_executable_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        validate_evidence(SimpleUploadedFile("setup.exe", b"MZ\x90\x00"))
    assert excinfo.value.code == "file_type"


def test_it_refuses_evidence_over_the_size_limit(settings):
    settings.PROJECT_EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as excinfo:
        validate_evidence(pdf(size=1024 * 1024))
    assert excinfo.value.code == "too_large"
    assert "1 MB" in excinfo.value.messages[0]


def test_the_default_limit_is_twenty_megabytes():
    validate_evidence(pdf(size=20 * 1024 * 1024 - 100))
    with pytest.raises(ValidationError):
        validate_evidence(pdf(size=20 * 1024 * 1024))


# --- Donors and donations -----------------------------------------------------------------------------------------


def test_an_enterprise_needs_a_credit_code():
    donor = Donor(kind=DonorKind.ENTERPRISE, name="阳泉某公司")
    with pytest.raises(ValidationError) as excinfo:
        donor.full_clean()
    assert "credit_code" in excinfo.value.message_dict


def test_an_enterprise_credit_code_with_a_wrong_check_digit_is_refused():
    good = credit_code(7)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        Donor(kind=DonorKind.ENTERPRISE, name="阳泉某公司", credit_code=wrong).full_clean()
    assert "credit_code" in excinfo.value.message_dict


def test_a_valid_credit_code_is_accepted_and_upper_cased():
    donor = Donor(kind=DonorKind.ENTERPRISE, name="阳泉某公司", credit_code=credit_code(8).lower())
    donor.full_clean()
    assert donor.credit_code == credit_code(8)


def test_a_private_person_has_no_credit_code():
    with pytest.raises(ValidationError) as excinfo:
        Donor(kind=DonorKind.PERSON, name="张三", credit_code=credit_code(9)).full_clean()
    assert "credit_code" in excinfo.value.message_dict


def test_the_database_refuses_an_enterprise_without_a_credit_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        Donor.objects.create(kind=DonorKind.ENTERPRISE, name="阳泉某公司", credit_code="")


def test_a_donation_needs_a_project_or_a_green_space():
    donation = DonationFactory.build(donor=DonorFactory(), project=None, green_space=None)
    with pytest.raises(ValidationError) as excinfo:
        donation.full_clean()
    assert "project" in excinfo.value.message_dict


def test_the_database_refuses_a_donation_without_a_target_or_amount():
    donor = DonorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(donor=donor, amount=Decimal("10"), received_on="2026-01-01", receipt_no="X1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(
            donor=donor, amount=Decimal("0"), project=ProjectFactory(), received_on="2026-01-01", receipt_no="X2"
        )
    assert Donation.objects.count() == 0


def test_a_receipt_number_is_used_once():
    DonationFactory(receipt_no="JZ-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        DonationFactory(receipt_no="JZ-1")


# --- Funding ------------------------------------------------------------------------------------------------------


def test_the_database_refuses_an_approved_application_without_an_amount():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingApplicationFactory(status=FundingApplicationStatus.APPROVED)


def test_an_application_approved_above_the_request_is_refused():
    application = FundingApplicationFactory.build(
        project=ProjectFactory(),
        status=FundingApplicationStatus.APPROVED,
        approved_amount=Decimal("100000.01"),
        approved_on=datetime.date(2026, 3, 2),
    )
    with pytest.raises(ValidationError) as excinfo:
        application.full_clean()
    assert "approved_amount" in excinfo.value.message_dict


def test_the_database_refuses_a_negative_disbursement():
    application = FundingApplicationFactory(
        status=FundingApplicationStatus.APPROVED, approved_amount=Decimal("10"), approved_on=datetime.date(2026, 3, 2)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(application=application, amount=Decimal("-1"), paid_on="2026-03-03")


def test_a_negative_requested_amount_is_refused_on_the_field():
    with pytest.raises(ValidationError) as excinfo:
        FundingApplication(
            project=ProjectFactory(),
            source_kind="city_finance",
            requested_amount=Decimal("-5"),
            applied_on="2026-01-01",
        ).full_clean()
    assert "requested_amount" in excinfo.value.message_dict


# --- Surfaces and findings ----------------------------------------------------------------------------------------


def test_a_surface_area_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        SurfaceArea.objects.create(project=ProjectFactory(), surface=RunoffCoefficientFactory(), area_m2=Decimal("0"))


def test_a_surface_area_of_a_green_space_outside_the_project_is_refused():
    row = SurfaceArea(
        project=ProjectFactory(),
        surface=RunoffCoefficientFactory(),
        area_m2=Decimal("10"),
        green_space=GreenSpaceFactory(),
    )
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert "green_space" in excinfo.value.message_dict


def test_the_database_refuses_a_follow_up_action_without_an_owner():
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionFinding.objects.create(
            inspection=ProjectInspectionFactory(), text="路缘石破损", action="更换", due_date=timezone.localdate()
        )


def test_the_database_refuses_a_done_finding_without_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionFinding.objects.create(inspection=ProjectInspectionFactory(), text="x", status=FindingStatus.DONE)
