"""Plan documents are accepted by what they are (PDF, DOCX, PNG, JPEG by content), rightly named, within the limit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from plans import services
from plans.choices import PlanDocumentKind
from plans.documents import inspect_plan_document
from plans.models import PlanDocument
from tests.plans.factories import PlanVersionFactory
from tests.plans.files import docx_bytes, image_bytes, pdf_bytes, upload, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("规划文本.pdf", pdf_bytes(), PlanDocumentKind.PDF),
        ("规划文本.docx", docx_bytes(), PlanDocumentKind.DOCX),
        ("总平面图.png", image_bytes("PNG"), PlanDocumentKind.PNG),
        ("效果图.jpg", image_bytes("JPEG"), PlanDocumentKind.JPEG),
        ("效果图.JPEG", image_bytes("JPEG"), PlanDocumentKind.JPEG),
    ],
)
def test_it_accepts_a_real_pdf_docx_png_and_jpeg(name, content, kind):
    info = inspect_plan_document(upload(name, content))
    assert (info.kind, info.size, info.name) == (kind, len(content), name)


def test_it_stores_an_accepted_document_with_its_kind_size_and_name(staff_user):
    version = PlanVersionFactory()
    document = services.plan_document_add(
        version=version, title="规划文本", upload=upload("规划文本.docx", docx_bytes()), actor=staff_user
    )
    document.refresh_from_db()
    assert document.kind == PlanDocumentKind.DOCX
    assert document.size == len(docx_bytes())
    assert document.original_name == "规划文本.docx"
    assert document.file.name.startswith("plans/") and document.file.name.endswith(".docx")
    assert document.file.read() == docx_bytes()
    assert document.history.first().history_user == staff_user


def test_it_refuses_a_png_renamed_pdf_naming_the_file():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        inspect_plan_document(upload("总平面图.pdf", image_bytes("PNG")))
    assert refused.value.code == "extension_mismatch"
    assert refused.value.messages == ["总平面图.pdf is a PNG file but its name does not end in .png."]


def test_it_refuses_a_text_file_named_pdf():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        inspect_plan_document(upload("规划文本.pdf", b"just some text, not a PDF"))
    assert refused.value.messages == ["规划文本.pdf is not a PDF, Word (DOCX), PNG or JPEG file."]


def test_it_refuses_a_zip_that_is_not_a_word_document():
    with pytest.raises(ValidationError) as refused:
        inspect_plan_document(upload("规划文本.docx", zip_bytes()))
    assert refused.value.code == "file_type"


def test_it_refuses_a_file_over_the_configured_size_naming_it(settings):
    settings.PLAN_DOCUMENT_MAX_BYTES = 100
    content = pdf_bytes() + b"%" * 100
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        inspect_plan_document(upload("规划文本.pdf", content))
    assert refused.value.code == "too_large"
    assert "规划文本.pdf" in refused.value.messages[0]


def test_the_size_refusal_is_translated(settings):
    settings.PLAN_DOCUMENT_MAX_BYTES = 100
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        inspect_plan_document(upload("big.pdf", pdf_bytes() + b"%" * 100))
    assert "big.pdf" in refused.value.messages[0]


def test_a_refused_document_stores_nothing(staff_user):
    version = PlanVersionFactory()
    with pytest.raises(ValidationError):
        services.plan_document_add(
            version=version, title="图", upload=upload("图.pdf", image_bytes("PNG")), actor=staff_user
        )
    assert PlanDocument.objects.count() == 0


def test_the_model_field_checks_a_new_upload_too():
    version = PlanVersionFactory()
    document = PlanDocument(version=version, title="图", kind=PlanDocumentKind.PDF, size=1)
    document.file = upload("图.pdf", image_bytes("PNG"))
    with pytest.raises(ValidationError) as refused:
        document.full_clean()
    assert "file" in refused.value.message_dict
