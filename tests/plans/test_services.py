"""Changing a plan's status: only the moves its life allows, each recorded with who made it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from plans import services
from plans.choices import PlanStatus
from plans.models import Plan, PlanStatusChange
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

S = PlanStatus


def test_a_plan_goes_from_drafting_through_consultation_and_approval_into_force(staff_user):
    plan = PlanFactory(status=S.DRAFTING)
    for status in (S.PUBLIC_CONSULTATION, S.APPROVED, S.IN_FORCE):
        services.plan_change_status(plan=plan, to=status, actor=staff_user)
    plan.refresh_from_db()
    assert plan.status == S.IN_FORCE


def test_a_plan_goes_back_to_drafting_after_public_comment(staff_user):
    plan = PlanFactory(status=S.PUBLIC_CONSULTATION)
    services.plan_change_status(plan=plan, to=S.DRAFTING, actor=staff_user, note="根据公示意见修改")
    assert Plan.objects.get(pk=plan.pk).status == S.DRAFTING


@pytest.mark.parametrize("ending", [S.SUPERSEDED, S.EXPIRED])
def test_a_plan_in_force_ends_superseded_or_expired(staff_user, ending):
    plan = PlanFactory(status=S.IN_FORCE)
    services.plan_change_status(plan=plan, to=ending, actor=staff_user)
    assert Plan.objects.get(pk=plan.pk).status == ending


def test_the_callers_plan_shows_the_new_status(staff_user):
    plan = PlanFactory(status=S.DRAFTING)
    returned = services.plan_change_status(plan=plan, to=S.PUBLIC_CONSULTATION, actor=staff_user)
    assert returned is plan
    assert plan.status == S.PUBLIC_CONSULTATION


ILLEGAL = [
    (S.DRAFTING, S.APPROVED),
    (S.DRAFTING, S.IN_FORCE),
    (S.DRAFTING, S.DRAFTING),
    (S.PUBLIC_CONSULTATION, S.IN_FORCE),
    (S.APPROVED, S.DRAFTING),
    (S.IN_FORCE, S.DRAFTING),
    (S.SUPERSEDED, S.IN_FORCE),
    (S.EXPIRED, S.IN_FORCE),
    (S.DRAFTING, "abolished"),
]


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_an_illegal_move_is_refused(staff_user, current, target):
    plan = PlanFactory(status=current)
    with pytest.raises(services.PlanTransitionError):
        services.plan_change_status(plan=plan, to=target, actor=staff_user)


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_an_illegal_move_changes_nothing(staff_user, current, target):
    plan = PlanFactory(status=current)
    history_before = plan.history.count()
    with pytest.raises(services.PlanTransitionError):
        services.plan_change_status(plan=plan, to=target, actor=staff_user)
    assert Plan.objects.get(pk=plan.pk).status == current
    assert plan.status == current
    assert not PlanStatusChange.objects.exists()
    assert plan.history.count() == history_before


def test_an_illegal_move_is_a_validation_error_that_says_what_was_refused(staff_user):
    plan = PlanFactory(status=S.DRAFTING)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.plan_change_status(plan=plan, to=S.IN_FORCE, actor=staff_user)
    assert excinfo.value.code == "invalid_transition"
    assert excinfo.value.messages == ["A plan that is Drafting cannot become In force."]


def test_a_status_change_is_recorded_with_who_from_to_and_why(staff_user):
    plan = PlanFactory(status=S.DRAFTING)
    services.plan_change_status(plan=plan, to=S.PUBLIC_CONSULTATION, actor=staff_user, note=" 向社会公示征求意见 ")
    change = plan.status_changes.get()
    assert (change.from_status, change.to_status, change.actor, change.note) == (
        S.DRAFTING,
        S.PUBLIC_CONSULTATION,
        staff_user,
        "向社会公示征求意见",
    )
    assert change.at is not None


def test_a_status_change_is_in_the_plans_audit_history_with_who_made_it(staff_user):
    plan = PlanFactory(status=S.DRAFTING)
    services.plan_change_status(plan=plan, to=S.PUBLIC_CONSULTATION, actor=staff_user, note="公示")
    latest = plan.history.latest()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        S.PUBLIC_CONSULTATION,
        staff_user,
        "公示",
    )


def test_a_change_made_by_the_system_has_no_actor():
    plan = PlanFactory(status=S.IN_FORCE)
    services.plan_change_status(plan=plan, to=S.EXPIRED, actor=None)
    assert plan.status_changes.get().actor is None


def test_every_status_has_its_moves_defined():
    assert set(services.PLAN_STATUS_TRANSITIONS) == set(PlanStatus.values)
    for targets in services.PLAN_STATUS_TRANSITIONS.values():
        assert targets <= set(PlanStatus.values)


def test_superseded_and_expired_are_final():
    assert services.plan_status_targets(S.SUPERSEDED) == []
    assert services.plan_status_targets(S.EXPIRED) == []
