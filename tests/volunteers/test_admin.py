"""Staff in the admin: decide applications, turn problems into orders, reply, mark attendance, see quality."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from maintenance.choices import OrderSource
from maintenance.models import MaintenanceOrder
from tests.volunteers.factories import make_application, make_session, make_steward, submit_inspection
from volunteers import services
from volunteers.choices import ApplicationStatus, EnrolmentStatus, SuggestionStatus
from volunteers.models import Steward, StewardApplication, Suggestion, TrainingEnrolment

pytestmark = pytest.mark.django_db


def act(client, model: str, action: str, pks, **data):
    return client.post(
        reverse(f"admin:volunteers_{model}_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **data},
    )


def test_staff_approve_an_application_and_the_applicant_gets_a_code(
    client, staff_user, space, sms_outbox, django_capture_on_commit_callbacks
):
    application = make_application(spaces=[space])
    client.force_login(staff_user)
    form_page = act(client, "stewardapplication", "approve_applications", [application.pk])
    assert form_page.status_code == 200  # the intermediate form
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "stewardapplication", "approve_applications", [application.pk], apply="1", reason="")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert Steward.objects.get().mobile == application.mobile
    assert re.search(r"\d{6}", sms_outbox[0].text)


def test_the_approval_form_offers_green_spaces_in_a_searchable_filter_box(client, staff_user, space):
    application = make_application(spaces=[space])
    client.force_login(staff_user)
    page = act(client, "stewardapplication", "approve_applications", [application.pk]).content.decode()
    assert 'class="selectfilter"' in page  # the admin's type-to-filter box, not hundreds of checkboxes
    assert "admin/js/SelectFilter2.js" in page
    assert "/admin/jsi18n/" in page


def test_a_rejection_without_a_reason_is_asked_again(client, staff_user, space):
    application = make_application(spaces=[space])
    client.force_login(staff_user)
    response = act(client, "stewardapplication", "reject_applications", [application.pk], apply="1", reason="")
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_staff_turn_an_inspections_problems_into_orders(client, staff_user, steward, space, contractor):
    inspection = submit_inspection(steward, space)
    client.force_login(staff_user)
    response = act(client, "inspection", "order_problems", [inspection.pk], apply="1", priority="high", complete_by="")
    assert response.status_code == 302
    order = MaintenanceOrder.objects.get()
    assert order.source == OrderSource.STEWARD and order.contractor == contractor
    assert inspection.items.get(checklist_item__code="lawn").order == order
    # Running it again makes no second order: the problem already has one.
    act(client, "inspection", "order_problems", [inspection.pk], apply="1", priority="high", complete_by="")
    assert MaintenanceOrder.objects.count() == 1


def test_a_deadline_in_the_past_is_refused(client, staff_user, steward, space):
    inspection = submit_inspection(steward, space)
    client.force_login(staff_user)
    response = act(
        client, "inspection", "order_problems", [inspection.pk], apply="1", priority="high", complete_by="2020-01-01"
    )
    assert response.status_code == 200
    assert MaintenanceOrder.objects.count() == 0


def test_staff_reply_to_a_suggestion(client, staff_user, steward):
    import uuid

    suggestion, _created = services.suggestion_submit(steward=steward, submission_id=uuid.uuid4(), title="t", text="x")
    client.force_login(staff_user)
    act(client, "suggestion", "reply_to_suggestions", [suggestion.pk], apply="1", reply="感谢建议")
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REPLIED and suggestion.reply == "感谢建议"


def test_staff_mark_attendance(client, staff_user, space, checklist):
    steward = make_steward("13912345555", spaces=[space], trained=False)
    session = make_session(is_induction=True)
    enrolment = services.training_sign_up(session=session, steward=steward)
    client.force_login(staff_user)
    act(client, "trainingenrolment", "mark_attended", [enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ATTENDED
    assert services.steward_can_inspect(steward)


def test_the_quality_page_shows_the_mean_score_per_contractor(
    client, staff_user, steward, space, contractor, django_assert_max_num_queries
):
    submit_inspection(steward, space, rating=2)  # (2 + 4) / 2 = 3.00
    submit_inspection(steward, space, rating=4)  # (4 + 4) / 2 = 4.00
    client.force_login(staff_user)
    client.cookies["lang"] = "en"
    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin:volunteers_inspection_quality"))
    body = response.content.decode()
    assert response.status_code == 200
    assert contractor.name in body and "3.50" in body


def test_the_quality_page_is_refused_to_non_staff(client, steward):
    client.force_login(steward.user)
    response = client.get(reverse("admin:volunteers_inspection_quality"))
    assert response.status_code == 302


def test_the_admin_pages_render_with_rows(client, staff_user, steward, space):
    submit_inspection(steward, space)
    make_application("13712340000", spaces=[space])
    client.force_login(staff_user)
    for model in ("stewardapplication", "steward", "inspection", "inspectionitem", "checklistitem", "trainingsession"):
        assert client.get(reverse(f"admin:volunteers_{model}_changelist")).status_code == 200, model
    assert StewardApplication.objects.count() == 1
    assert Suggestion.objects.count() == 0
    assert TrainingEnrolment.objects.exclude(status=EnrolmentStatus.ATTENDED).count() == 0
