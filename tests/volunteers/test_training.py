"""Training sessions: places, the waiting list that moves up by itself, attendance on the profile."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.volunteers.factories import make_session, make_steward
from volunteers import selectors, services
from volunteers.choices import EnrolmentStatus
from volunteers.models import TrainingEnrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def stewards(space, checklist):
    return [make_steward(f"1391234100{n}", spaces=[space], name=f"园长{n}", trained=False) for n in range(4)]


def statuses(session):
    return {
        e.steward.name: e.status for e in TrainingEnrolment.objects.filter(session=session).select_related("steward")
    }


def test_places_go_first_come_then_the_waiting_list(stewards):
    session = make_session(capacity=2)
    for steward in stewards[:3]:
        services.training_sign_up(session=session, steward=steward)
    assert statuses(session) == {"园长0": "booked", "园长1": "booked", "园长2": "waiting"}


def test_a_cancellation_moves_the_first_waiting_steward_up_and_texts_them(
    stewards, sms_outbox, django_capture_on_commit_callbacks
):
    session = make_session(capacity=1)
    for steward in stewards[:3]:
        services.training_sign_up(session=session, steward=steward)
    with django_capture_on_commit_callbacks(execute=True):
        services.training_cancel(session=session, steward=stewards[0])
    assert statuses(session) == {"园长0": "cancelled", "园长1": "booked", "园长2": "waiting"}
    assert [message.mobile for message in sms_outbox] == [stewards[1].mobile]


def test_a_waiting_steward_who_cancels_frees_no_place(stewards):
    session = make_session(capacity=1)
    for steward in stewards[:3]:
        services.training_sign_up(session=session, steward=steward)
    services.training_cancel(session=session, steward=stewards[1])
    assert statuses(session) == {"园长0": "booked", "园长1": "cancelled", "园长2": "waiting"}


def test_signing_up_twice_is_refused(stewards):
    session = make_session()
    services.training_sign_up(session=session, steward=stewards[0])
    with pytest.raises(ValidationError):
        services.training_sign_up(session=session, steward=stewards[0])
    assert TrainingEnrolment.objects.count() == 1


def test_a_steward_who_cancelled_may_sign_up_again_at_the_back_of_the_queue(stewards):
    session = make_session(capacity=1)
    services.training_sign_up(session=session, steward=stewards[0])
    services.training_sign_up(session=session, steward=stewards[1])
    services.training_cancel(session=session, steward=stewards[0])
    again = services.training_sign_up(session=session, steward=stewards[0])
    assert again.status == EnrolmentStatus.WAITING


def test_more_places_promote_the_waiting_list_in_order(stewards, staff_user):
    session = make_session(capacity=1)
    for steward in stewards:
        services.training_sign_up(session=session, steward=steward)
    services.training_capacity_change(session=session, capacity=3, actor=staff_user)
    assert statuses(session) == {"园长0": "booked", "园长1": "booked", "园长2": "booked", "园长3": "waiting"}


def test_a_session_that_started_takes_no_sign_ups(stewards):
    session = make_session(starts_in_days=-1)
    with pytest.raises(ValidationError):
        services.training_sign_up(session=session, steward=stewards[0])


def test_attendance_of_the_induction_opens_inspections_and_shows_on_the_profile(client, stewards, staff_user, settings):
    settings.STEWARD_INSPECTION_REQUIRES_TRAINING = True
    steward = stewards[0]
    session = make_session(is_induction=True, topic="市民园长入职培训")
    enrolment = services.training_sign_up(session=session, steward=steward)
    assert not services.steward_can_inspect(steward)
    services.training_mark_attendance(enrolment=enrolment, attended=True, actor=staff_user)
    assert services.steward_can_inspect(steward)
    assert [e.session.topic for e in selectors.completed_training(steward)] == ["市民园长入职培训"]
    client.force_login(steward.user)
    assert "市民园长入职培训" in client.get(reverse("volunteers:profile")).content.decode()


def test_only_stewards_with_a_place_are_marked(stewards, staff_user):
    session = make_session(capacity=1)
    services.training_sign_up(session=session, steward=stewards[0])
    waiting = services.training_sign_up(session=session, steward=stewards[1])
    with pytest.raises(ValidationError):
        services.training_mark_attendance(enrolment=waiting, attended=True, actor=staff_user)


def test_the_waiting_position_counts_from_one(stewards):
    session = make_session(capacity=1)
    enrolments = [services.training_sign_up(session=session, steward=steward) for steward in stewards]
    assert [selectors.waiting_position(e) for e in enrolments[1:]] == [1, 2, 3]


def test_the_training_page_keeps_its_queries_constant(client, stewards, django_assert_max_num_queries):
    for n in range(6):
        session = make_session(topic=f"课程{n}", capacity=1)
        services.training_sign_up(session=session, steward=stewards[1])
    client.force_login(stewards[0].user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("volunteers:training")).status_code == 200
