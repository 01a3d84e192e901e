"""Demonstration data for the public consultation page (DEBUG only; called by ``load_demo_accounts``).

Adds a 征求意见稿 of the five-year action plan with a placeholder PDF made here in code, and opens
a 30-day consultation on it from today, so ``/plans/`` has something to show and take comments on.
Everything it writes says it is a demonstration. Running it again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from plans import services
from plans.choices import PlanStatus, PlanVersionLabel
from plans.citydata import ACTION_PLAN
from plans.models import Consultation, Plan, PlanDocument, PlanVersion

DEMO_MARK = "【演示数据】"
DEMO_DAYS = 30
DEMO_NOTE = f"{DEMO_MARK}仅用于演示公示征求意见功能，不是正式文件。"
DEMO_NOTICE = (
    f"{DEMO_MARK}《{ACTION_PLAN}》征求意见稿现向社会公示征求意见。"
    "请阅读附件后在下方留言；意见经工作人员审核后公开，并在此答复。本公示为演示内容。"
)
DEMO_PDF_TEXT = "DEMONSTRATION ONLY - placeholder for the draft five-year greening action plan (2026-2030)."


def demo_pdf(text: str = DEMO_PDF_TEXT) -> bytes:
    """A tiny valid one-page PDF showing ``text`` (ASCII) in Helvetica, with a correct cross-reference table."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 11 Tf 40 780 Td ({escaped}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@dataclass
class DemoConsultation:
    version: PlanVersion
    document: PlanDocument
    consultation: Consultation | None
    created: bool


@transaction.atomic
def load_demo_consultation(*, actor=None, today: datetime.date | None = None) -> DemoConsultation:
    """The demonstration version, document and consultation of the action plan; made once, found afterwards.

    Needs the city data (``load_yangquan``). The consultation opens only while the plan is drafting
    or out for comment; otherwise the version and document are still made and ``consultation`` is None.
    """
    today = today or timezone.localdate()
    plan = Plan.objects.get(title=ACTION_PLAN)
    version = PlanVersion.objects.filter(plan=plan, notes__startswith=DEMO_MARK).first()
    created = version is None
    if version is None:
        version = services.plan_version_add(
            plan=plan,
            label=PlanVersionLabel.CONSULTATION_DRAFT,
            date=today,
            summary=f"{DEMO_MARK}征求意见稿（演示）。",
            notes=DEMO_NOTE,
            actor=actor,
        )
    document = version.documents.filter(notes__startswith=DEMO_MARK).first()
    if document is None:
        created = True
        document = services.plan_document_add(
            version=version,
            title=f"{ACTION_PLAN}（征求意见稿，演示文件）",
            upload=ContentFile(demo_pdf(), name="demo-action-plan-draft.pdf"),
            notes=DEMO_NOTE,
            actor=actor,
        )
    consultation = version.consultations.filter(notes__startswith=DEMO_MARK).first()
    if consultation is None and plan.status in (PlanStatus.DRAFTING, PlanStatus.PUBLIC_CONSULTATION):
        created = True
        starts_at = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        consultation = services.consultation_open(
            version=version,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(days=DEMO_DAYS),
            actor=actor,
            notice=DEMO_NOTICE,
            notes=DEMO_NOTE,
        )
    return DemoConsultation(version=version, document=document, consultation=consultation, created=created)
