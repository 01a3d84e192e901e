"""The steward programme's services: applications, codes, inspections, the order loop, suggestions."""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from maintenance.choices import OrderSource, OrderStatus, Priority
from maintenance.models import MaintenanceOrder, OrderPhoto, OrderTransition, WebhookMessage
from maintenance.services import order_acknowledge, order_complete
from tests.greenspaces.factories import GreenSpaceFactory
from tests.maintenance.factories import WebhookEndpointFactory
from tests.support.images import jpeg_with_gps, text_named_jpg
from tests.volunteers.factories import PASSWORD, make_application, make_steward, submit_inspection
from volunteers import selectors, services
from volunteers.choices import ApplicationStatus, ProblemVerdict, SuggestionStatus
from volunteers.models import (
    ChecklistItem,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    OneTimeCode,
    ProblemReview,
    Steward,
    StewardApplication,
    Suggestion,
)

pytestmark = pytest.mark.django_db


def code_from(message) -> str:
    return re.search(r"\b(\d{6})\b", message.text).group(1)


# --- Applications -----------------------------------------------------------------------------


def test_an_application_is_pending_with_its_preferred_spaces(space):
    application = make_application(spaces=[space])
    assert application.status == ApplicationStatus.PENDING
    assert list(application.preferred_green_spaces.all()) == [space]


def test_it_refuses_a_second_pending_application_from_the_same_number(space):
    make_application("13712345678", spaces=[space])
    with pytest.raises(ValidationError) as error:
        make_application("13712345678", spaces=[space])
    assert "mobile" in error.value.error_dict
    assert StewardApplication.objects.count() == 1


def test_it_refuses_an_application_without_consent(space):
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            name="李市民",
            mobile="13712345678",
            green_spaces=[space],
            availability="weekends",
            motivation="愿意",
            consent=False,
        )
    assert "consent" in error.value.error_dict
    assert StewardApplication.objects.count() == 0


def test_approval_creates_the_account_without_a_password_and_texts_a_code(
    space, staff_user, sms_outbox, django_capture_on_commit_callbacks
):
    application = make_application("13712345678", spaces=[space], name="李市民")
    with django_capture_on_commit_callbacks(execute=True):
        steward = services.application_approve(application=application, actor=staff_user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.steward == steward
    assert application.decided_by == staff_user
    assert steward.user.username == "13712345678"
    assert not steward.user.has_usable_password()
    assert list(steward.green_spaces.all()) == [space]
    assert len(sms_outbox) == 1
    assert sms_outbox[0].mobile == "13712345678"
    assert "/stewards/password/set/" in sms_outbox[0].text
    assert OneTimeCode.objects.get().code_hash != code_from(sms_outbox[0])  # stored hashed


def test_staff_can_assign_other_spaces_than_the_preferred(space, other_space, staff_user):
    application = make_application(spaces=[space])
    steward = services.application_approve(application=application, actor=staff_user, green_spaces=[other_space])
    assert list(steward.green_spaces.all()) == [other_space]


def test_an_application_cannot_be_decided_twice(space, staff_user):
    application = make_application(spaces=[space])
    services.application_reject(application=application, actor=staff_user, reason="名额已满")
    with pytest.raises(ValidationError):
        services.application_approve(application=application, actor=staff_user)
    assert Steward.objects.count() == 0


def test_rejection_needs_a_reason(space, staff_user):
    application = make_application(spaces=[space])
    with pytest.raises(ValidationError) as error:
        services.application_reject(application=application, actor=staff_user, reason="  ")
    assert "reason" in error.value.error_dict
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


# --- One-time codes ---------------------------------------------------------------------------


@pytest.fixture
def approved(space, staff_user, sms_outbox, django_capture_on_commit_callbacks):
    application = make_application("13712345678", spaces=[space])
    with django_capture_on_commit_callbacks(execute=True):
        steward = services.application_approve(application=application, actor=staff_user)
    return steward, code_from(sms_outbox[-1])


def test_the_code_sets_the_password(approved):
    steward, code = approved
    services.password_set_with_code(mobile=steward.mobile, code=code, password=PASSWORD)
    steward.user.refresh_from_db()
    assert steward.user.check_password(PASSWORD)


def test_a_code_works_only_once(approved):
    steward, code = approved
    services.password_set_with_code(mobile=steward.mobile, code=code, password=PASSWORD)
    with pytest.raises(ValidationError) as error:
        services.password_set_with_code(mobile=steward.mobile, code=code, password="Another-pass-2026")
    assert error.value.error_dict["code"][0].code == "used"
    steward.user.refresh_from_db()
    assert steward.user.check_password(PASSWORD)


def test_an_expired_code_is_refused(approved, settings):
    steward, code = approved
    OneTimeCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError) as error:
        services.password_set_with_code(mobile=steward.mobile, code=code, password=PASSWORD)
    assert error.value.error_dict["code"][0].code == "expired"
    steward.user.refresh_from_db()
    assert not steward.user.has_usable_password()


def test_the_code_expires_after_the_configured_minutes(approved):
    row = OneTimeCode.objects.get()
    assert row.expires_at - row.created_at == datetime.timedelta(minutes=10)


def test_wrong_tries_are_counted_and_the_code_stops_after_the_limit(approved, settings):
    settings.STEWARD_CODE_MAX_ATTEMPTS = 3
    steward, code = approved
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        with pytest.raises(ValidationError):
            services.password_set_with_code(mobile=steward.mobile, code=wrong, password=PASSWORD)
    assert OneTimeCode.objects.get().attempts == 3
    # Even the right code no longer works: a guesser had their tries.
    with pytest.raises(ValidationError) as error:
        services.password_set_with_code(mobile=steward.mobile, code=code, password=PASSWORD)
    assert error.value.error_dict["code"][0].code == "attempts"


def test_a_new_code_replaces_the_old_one(approved, sms_outbox, django_capture_on_commit_callbacks):
    steward, old_code = approved
    with django_capture_on_commit_callbacks(execute=True):
        services.code_request(mobile=steward.mobile, ip_address="10.0.0.1")
    new_code = code_from(sms_outbox[-1])
    if new_code != old_code:
        with pytest.raises(ValidationError):
            services.password_set_with_code(mobile=steward.mobile, code=old_code, password=PASSWORD)
    services.password_set_with_code(mobile=steward.mobile, code=new_code, password=PASSWORD)


def test_a_weak_password_is_refused_and_the_code_kept(approved):
    steward, code = approved
    with pytest.raises(ValidationError):
        services.password_set_with_code(mobile=steward.mobile, code=code, password="12345678")
    assert OneTimeCode.objects.get().used_at is None


def test_asking_a_code_for_an_unknown_number_sends_nothing_and_says_nothing(sms_outbox, db):
    services.code_request(mobile="13600000000", ip_address="10.0.0.1")
    assert sms_outbox == []
    assert OneTimeCode.objects.count() == 0


def test_code_sends_are_limited_per_number(approved, settings, sms_outbox, django_capture_on_commit_callbacks):
    settings.STEWARD_CODE_SENDS_PER_MOBILE = 2
    steward, _code = approved
    with django_capture_on_commit_callbacks(execute=True):
        services.code_request(mobile=steward.mobile, ip_address="10.0.0.1")
        services.code_request(mobile=steward.mobile, ip_address="10.0.0.2")
        with pytest.raises(ValidationError) as error:
            services.code_request(mobile=steward.mobile, ip_address="10.0.0.3")
    assert error.value.code == "rate_limited"
    assert len(sms_outbox) == 1 + 2  # the welcome code and two more


def test_code_sends_are_limited_per_ip_address(db, settings):
    settings.STEWARD_CODE_SENDS_PER_IP = 3
    for n in range(3):
        services.code_request(mobile=f"1360000000{n}", ip_address="10.9.9.9")
    with pytest.raises(ValidationError):
        services.code_request(mobile="13600000009", ip_address="10.9.9.9")
    services.code_request(mobile="13600000009", ip_address="10.9.9.10")


# --- Inspections ------------------------------------------------------------------------------


def test_an_inspection_stores_ratings_problems_and_the_contractor_of_the_time(steward, space, contractor):
    inspection = submit_inspection(steward, space, rating=2)
    assert inspection.contractor == contractor
    # Lawn 2, cleanliness 4: (2 + 4) / 2 = 3.00
    assert inspection.score == Decimal("3.00")
    problem = inspection.items.get(checklist_item__code="lawn")
    assert problem.problem == "草坪斑秃，约10平方米"


def test_items_marked_na_do_not_count_in_the_score(steward, space):
    lawn = ChecklistItem.objects.get(code="lawn")
    clean = ChecklistItem.objects.get(code="cleanliness")
    trees = ChecklistItem.objects.get(code="trees-shrubs")
    inspection, _created = services.inspection_submit(
        steward=steward,
        green_space=space,
        submission_id=uuid.uuid4(),
        items=[
            services.ItemReport(lawn.pk, 5),
            services.ItemReport(clean.pk, 4),
            services.ItemReport(trees.pk, None),
        ],
    )
    # (5 + 4) / 2 = 4.50; the N/A item is not stored.
    assert inspection.score == Decimal("4.50")
    assert inspection.items.count() == 2


def test_the_same_submission_key_twice_saves_one_report(steward, space):
    key = uuid.uuid4()
    first = submit_inspection(steward, space, submission_id=key)
    second = submit_inspection(steward, space, submission_id=key)
    assert first.pk == second.pk
    assert Inspection.objects.count() == 1
    assert InspectionItem.objects.count() == 2


def test_another_stewards_submission_key_is_refused(steward, colleague, space):
    key = uuid.uuid4()
    submit_inspection(steward, space, submission_id=key)
    with pytest.raises(ValidationError):
        submit_inspection(colleague, space, submission_id=key)
    assert Inspection.objects.count() == 1


def test_an_empty_checklist_is_refused(steward, space):
    lawn = ChecklistItem.objects.get(code="lawn")
    with pytest.raises(ValidationError) as error:
        services.inspection_submit(
            steward=steward, green_space=space, submission_id=uuid.uuid4(), items=[services.ItemReport(lawn.pk, None)]
        )
    assert error.value.code == "empty"
    assert Inspection.objects.count() == 0


def test_a_green_space_not_assigned_is_refused(steward, other_space):
    with pytest.raises(ValidationError) as error:
        submit_inspection(steward, other_space)
    assert "green_space" in error.value.error_dict
    assert Inspection.objects.count() == 0


def test_an_untrained_steward_cannot_inspect_when_training_is_required(space, checklist, settings):
    settings.STEWARD_INSPECTION_REQUIRES_TRAINING = True
    novice = make_steward("13912349999", spaces=[space], trained=False)
    with pytest.raises(ValidationError) as error:
        submit_inspection(novice, space)
    assert error.value.code == "training_required"


def test_the_training_gate_can_be_switched_off(space, checklist, settings):
    settings.STEWARD_INSPECTION_REQUIRES_TRAINING = False
    novice = make_steward("13912349999", spaces=[space], trained=False)
    assert submit_inspection(novice, space).pk


def test_photos_are_re_encoded_without_their_gps(steward, space):
    inspection = submit_inspection(steward, space, photos=[jpeg_with_gps()])
    photo = InspectionPhoto.objects.get(inspection=inspection)
    data = photo.image.read()
    assert data.startswith(b"\xff\xd8")
    assert b"Exif" not in data and b"TestCam" not in data


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_saved(steward, space):
    with pytest.raises(ValidationError):
        submit_inspection(steward, space, photos=[text_named_jpg()])
    assert Inspection.objects.count() == 0
    assert InspectionPhoto.objects.count() == 0


def test_the_location_is_kept_only_when_shared(steward, space):
    hidden = submit_inspection(steward, space, latitude=Decimal("37.86"), longitude=Decimal("113.58"))
    shared = submit_inspection(
        steward, space, latitude=Decimal("37.86"), longitude=Decimal("113.58"), share_location=True
    )
    assert (hidden.latitude, hidden.longitude) == (None, None)
    assert (shared.latitude, shared.longitude) == (Decimal("37.86"), Decimal("113.58"))


# --- Report → order → completion → verdict ----------------------------------------------------


def test_a_problem_becomes_an_order_for_the_contractor_with_the_usual_push(steward, space, contractor, staff_user):
    endpoint = WebhookEndpointFactory(contractor=contractor)
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    order = services.problem_order_create(item=item, actor=staff_user, priority=Priority.HIGH)
    assert order.source == OrderSource.STEWARD
    assert order.contractor == contractor
    assert order.status == OrderStatus.ISSUED
    assert order.priority == Priority.HIGH
    assert "草坪斑秃" in order.task_zh and "lawn" in order.task_en.lower()
    assert OrderTransition.objects.get(order=order).to_status == OrderStatus.ISSUED
    assert WebhookMessage.objects.get(order=order).endpoint == endpoint
    item.refresh_from_db()
    assert item.order == order


def test_a_problem_cannot_get_a_second_open_order(steward, space, staff_user):
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    services.problem_order_create(item=item, actor=staff_user)
    with pytest.raises(ValidationError):
        services.problem_order_create(item=item, actor=staff_user)
    assert MaintenanceOrder.objects.count() == 1


def test_a_good_rating_without_a_problem_cannot_become_an_order(steward, space, staff_user):
    item = submit_inspection(steward, space).items.get(checklist_item__code="cleanliness")
    with pytest.raises(ValidationError):
        services.problem_order_create(item=item, actor=staff_user)
    assert MaintenanceOrder.objects.count() == 0


def test_the_steward_sees_the_completion_and_confirms_it(steward, space, contractor, staff_user, media):
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    order = services.problem_order_create(item=item, actor=staff_user)
    order_acknowledge(order=order, actor_label=contractor.name)
    order_complete(order=order, notes="已补植草皮12平方米", photos=[jpeg_with_gps()], actor_label=contractor.name)

    seen = selectors.inspection_for_steward(steward, item.inspection_id)
    seen_item = next(i for i in seen.items.all() if i.pk == item.pk)
    assert seen_item.order.status == OrderStatus.COMPLETED
    assert seen_item.order.completion_notes == "已补植草皮12平方米"
    assert len(seen_item.order.photos.all()) == 1

    services.problem_review(item=item, steward=steward, verdict=ProblemVerdict.CONFIRMED)
    item.refresh_from_db()
    assert item.verdict == ProblemVerdict.CONFIRMED
    assert ProblemReview.objects.get().order == order


def test_reopening_needs_a_reason_and_tells_staff(
    steward, space, contractor, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    order = services.problem_order_create(item=item, actor=staff_user)
    order_acknowledge(order=order, actor_label=contractor.name)
    order_complete(order=order, notes="已处理", actor_label=contractor.name)
    with pytest.raises(ValidationError):
        services.problem_review(item=item, steward=steward, verdict=ProblemVerdict.REOPENED, note="")
    with django_capture_on_commit_callbacks(execute=True):
        services.problem_review(item=item, steward=steward, verdict=ProblemVerdict.REOPENED, note="仍有斑秃")
    assert len(mailoutbox) == 1
    assert "仍有斑秃" in mailoutbox[0].body
    # Reopened: staff may give it a new order; the old order's status is untouched.
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    second = services.problem_order_create(item=item, actor=staff_user)
    assert second.pk != order.pk


def test_a_verdict_before_completion_is_refused(steward, space, staff_user):
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    services.problem_order_create(item=item, actor=staff_user)
    with pytest.raises(ValidationError):
        services.problem_review(item=item, steward=steward, verdict=ProblemVerdict.CONFIRMED)
    assert ProblemReview.objects.count() == 0


def test_only_the_reporting_steward_gives_a_verdict(steward, colleague, space, contractor, staff_user):
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    order = services.problem_order_create(item=item, actor=staff_user)
    order_acknowledge(order=order, actor_label=contractor.name)
    order_complete(order=order, notes="已处理", actor_label=contractor.name)
    with pytest.raises(ValidationError):
        services.problem_review(item=item, steward=colleague, verdict=ProblemVerdict.CONFIRMED)
    assert ProblemReview.objects.count() == 0


# --- Quality score ----------------------------------------------------------------------------


def test_quality_score_is_the_mean_of_inspection_scores_per_contractor_and_space(
    steward, colleague, space, contractor, django_assert_num_queries
):
    submit_inspection(steward, space, rating=2)  # (2 + 4) / 2 = 3.00
    submit_inspection(colleague, space, rating=4, problem="")  # (4 + 4) / 2 = 4.00
    submit_inspection(steward, space, rating=5, problem="")  # (5 + 4) / 2 = 4.50
    with django_assert_num_queries(2):
        scores = selectors.quality_scores()
    [row] = scores
    assert row.contractor_name == contractor.name
    assert row.inspections == 3
    # (3.00 + 4.00 + 4.50) / 3 = 3.83
    assert row.mean_score == Decimal("3.83")
    assert row.open_problems == 1


def test_quality_score_queries_stay_constant_as_inspections_grow(steward, space, django_assert_num_queries):
    for _ in range(5):
        submit_inspection(steward, space)
    second_space = GreenSpaceFactory()
    from tests.maintenance.factories import under_contract

    under_contract(second_space)
    steward.green_spaces.add(second_space)
    submit_inspection(steward, second_space)
    with django_assert_num_queries(2):
        assert len(selectors.quality_scores()) == 2


# --- Suggestions ------------------------------------------------------------------------------


def test_a_suggestion_is_saved_once_and_answered(steward, space, staff_user):
    key = uuid.uuid4()
    first, created = services.suggestion_submit(
        steward=steward, submission_id=key, title="增加遮阴座椅", text="儿童游乐区旁缺少遮阴", green_space=space
    )
    again, created_again = services.suggestion_submit(steward=steward, submission_id=key, title="x", text="y")
    assert created and not created_again and first.pk == again.pk
    services.suggestion_reply(suggestion=first, actor=staff_user, reply="已纳入明年提质计划")
    first.refresh_from_db()
    assert first.status == SuggestionStatus.REPLIED
    assert first.replied_by == staff_user


def test_a_suggestion_about_an_unassigned_space_is_refused(steward, other_space):
    with pytest.raises(ValidationError):
        services.suggestion_submit(
            steward=steward, submission_id=uuid.uuid4(), title="t", text="x", green_space=other_space
        )
    assert Suggestion.objects.count() == 0


def test_an_empty_reply_is_refused(steward, staff_user):
    suggestion, _created = services.suggestion_submit(steward=steward, submission_id=uuid.uuid4(), title="t", text="x")
    with pytest.raises(ValidationError):
        services.suggestion_reply(suggestion=suggestion, actor=staff_user, reply=" ")
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_the_users_of_stewards_are_not_staff(steward):
    assert not get_user_model().objects.get(pk=steward.user_id).is_staff


def test_order_photos_belong_to_the_order(steward, space, contractor, staff_user, media):
    item = submit_inspection(steward, space).items.get(checklist_item__code="lawn")
    order = services.problem_order_create(item=item, actor=staff_user)
    order_acknowledge(order=order, actor_label=contractor.name)
    order_complete(order=order, notes="完成", photos=[jpeg_with_gps()], actor_label=contractor.name)
    assert OrderPhoto.objects.filter(order=order).count() == 1
