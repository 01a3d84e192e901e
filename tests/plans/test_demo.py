"""The demonstration consultation: a draft version with a placeholder PDF and a 30-day window, made once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.choices import PlanStatus, PlanVersionLabel
from plans.demo import DEMO_MARK, demo_pdf, load_demo_consultation
from plans.documents import inspect_plan_document
from plans.models import Consultation, Plan, PlanDocument, PlanVersion
from tests.plans.files import upload

pytestmark = pytest.mark.django_db

ACTION_PLAN = "阳泉市绿化高质量发展五年行动计划（2026-2030）"


def test_the_demo_opens_a_30_day_consultation_on_the_action_plan_draft_from_today(city, staff_user):
    demo = load_demo_consultation(actor=staff_user)
    plan = Plan.objects.get(title=ACTION_PLAN)
    assert demo.version.plan == plan
    assert demo.version.label == PlanVersionLabel.CONSULTATION_DRAFT
    assert timezone.localtime(demo.consultation.starts_at).date() == timezone.localdate()
    assert demo.consultation.ends_at - demo.consultation.starts_at == datetime.timedelta(days=30)
    assert demo.consultation.is_open()
    assert plan.status == PlanStatus.PUBLIC_CONSULTATION
    assert plan.status_changes.get().actor == staff_user


def test_everything_the_demo_makes_says_it_is_a_demonstration(city):
    demo = load_demo_consultation()
    assert demo.version.notes.startswith(DEMO_MARK)
    assert demo.document.notes.startswith(DEMO_MARK)
    assert demo.consultation.notes.startswith(DEMO_MARK)
    assert DEMO_MARK in demo.consultation.notice
    assert b"DEMONSTRATION ONLY" in demo.document.file.read()


def test_the_placeholder_is_a_valid_pdf():
    content = demo_pdf()
    assert inspect_plan_document(upload("demo.pdf", content)).kind == "pdf"
    assert content.rstrip().endswith(b"%%EOF")
    # The cross-reference table points at the objects: offset of "1 0 obj" as written in the table.
    xref_at = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    first_offset = int(content[xref_at:].split(b"\n")[3][:10])
    assert content[first_offset:].startswith(b"1 0 obj")


def test_running_the_demo_twice_changes_nothing(city):
    first = load_demo_consultation()
    second = load_demo_consultation()
    assert second.created is False
    assert (second.version, second.document, second.consultation) == (
        first.version,
        first.document,
        first.consultation,
    )
    assert (PlanVersion.objects.count(), PlanDocument.objects.count(), Consultation.objects.count()) == (1, 1, 1)


def test_the_demo_consultation_shows_on_the_public_page_with_its_document(city, client):
    demo = load_demo_consultation()
    body = client.get(reverse("plans:consultation-list")).content.decode()
    assert ACTION_PLAN in body
    detail = client.get(reverse("plans:consultation-detail", args=[demo.consultation.pk])).content.decode()
    assert reverse("plans:document-download", args=[demo.document.pk]) in detail
    download = client.get(reverse("plans:document-download", args=[demo.document.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_demo_leaves_a_plan_past_drafting_without_a_consultation(city):
    Plan.objects.filter(title=ACTION_PLAN).update(status=PlanStatus.APPROVED)
    demo = load_demo_consultation()
    assert demo.consultation is None
    assert Consultation.objects.count() == 0
