"""Single-row rules of the green estate: constraints and computed values."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from greenspaces.choices import HeritageTreeGrade
from greenspaces.models import GreenSpace, HeritageTree
from tests.greenspaces.factories import (
    CisternFactory,
    DistrictFactory,
    GreenSpaceFactory,
    HeritageTreeFactory,
    HeritageTreePatrolFactory,
)

pytestmark = pytest.mark.django_db


# --- Heritage tree grades --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "grade"),
    [
        (50, HeritageTreeGrade.RESERVE),
        (99, HeritageTreeGrade.RESERVE),
        (100, HeritageTreeGrade.GRADE_3),
        (299, HeritageTreeGrade.GRADE_3),
        (300, HeritageTreeGrade.GRADE_2),
        (499, HeritageTreeGrade.GRADE_2),
        (500, HeritageTreeGrade.GRADE_1),
        (1200, HeritageTreeGrade.GRADE_1),
    ],
)
def test_the_database_derives_the_grade_from_the_age(age, grade):
    tree = HeritageTreeFactory(estimated_age_years=age)
    tree.refresh_from_db()
    assert tree.grade == grade
    assert tree.derived_grade == grade


def test_a_famous_tree_is_grade_one_whatever_its_age():
    tree = HeritageTreeFactory(estimated_age_years=60, is_famous=True, famous_reason="名人手植")
    tree.refresh_from_db()
    assert tree.grade == HeritageTreeGrade.GRADE_1


def test_a_young_famous_tree_below_fifty_years_is_allowed():
    tree = HeritageTreeFactory(estimated_age_years=30, is_famous=True, famous_reason="纪念植树")
    tree.refresh_from_db()
    assert tree.grade == HeritageTreeGrade.GRADE_1


def test_the_grade_follows_an_updated_age():
    tree = HeritageTreeFactory(estimated_age_years=299)
    HeritageTree.objects.filter(pk=tree.pk).update(estimated_age_years=300)
    tree.refresh_from_db()
    assert tree.grade == HeritageTreeGrade.GRADE_2


def test_the_database_refuses_a_tree_under_fifty_that_is_not_famous():
    with pytest.raises(IntegrityError), transaction.atomic():
        HeritageTreeFactory(estimated_age_years=49)


def test_validation_explains_a_tree_under_fifty_years():
    tree = HeritageTreeFactory.build(estimated_age_years=49, district=DistrictFactory(), species=None)
    with pytest.raises(ValidationError) as excinfo:
        tree.clean()
    assert "estimated_age_years" in excinfo.value.message_dict


def test_registry_codes_are_unique():
    HeritageTreeFactory(registry_code="YQ-0001")
    with pytest.raises(IntegrityError), transaction.atomic():
        HeritageTreeFactory(registry_code="YQ-0001")


def test_a_famous_tree_needs_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        HeritageTreeFactory(is_famous=True, famous_reason="")


def test_protection_radius_is_crown_radius_plus_five_metres():
    # Mean crown spread (10 + 8) / 2 = 9 m, radius 4.5 m, plus 5 m.
    tree = HeritageTreeFactory(estimated_age_years=320, crown_ew_m=Decimal("10"), crown_ns_m=Decimal("8"))
    assert tree.protection_radius_m == Decimal("9.5")


def test_protection_radius_of_a_reserve_tree_adds_three_metres():
    tree = HeritageTreeFactory(estimated_age_years=80, crown_ew_m=Decimal("6"), crown_ns_m=Decimal("6"))
    assert tree.protection_radius_m == Decimal("6.0")


def test_dbh_is_derived_from_the_girth():
    tree = HeritageTreeFactory(girth_cm=Decimal("314.2"))
    assert tree.dbh_cm == Decimal("100.0")


# --- Patrol due dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "famous", "months"),
    [(600, False, 6), (60, True, 6), (350, False, 6), (150, False, 12), (70, False, 24)],
)
def test_next_patrol_is_due_after_the_grade_interval(age, famous, months):
    tree = HeritageTreeFactory(estimated_age_years=age, is_famous=famous, famous_reason="名木" if famous else "")
    HeritageTreePatrolFactory(tree=tree, patrol_date=datetime.date(2026, 1, 15))
    expected_month = 1 + months
    expected = datetime.date(2026 + (expected_month - 1) // 12, (expected_month - 1) % 12 + 1, 15)
    assert tree.next_patrol_due() == expected


def test_next_patrol_counts_from_the_latest_patrol():
    tree = HeritageTreeFactory(estimated_age_years=150)
    HeritageTreePatrolFactory(tree=tree, patrol_date=datetime.date(2025, 3, 1))
    HeritageTreePatrolFactory(tree=tree, patrol_date=datetime.date(2026, 3, 1))
    assert tree.next_patrol_due() == datetime.date(2027, 3, 1)


def test_a_tree_never_patrolled_is_due_from_its_registration():
    tree = HeritageTreeFactory(created_at=timezone.make_aware(datetime.datetime(2026, 5, 2, 9)))
    assert tree.next_patrol_due() == datetime.date(2026, 5, 2)


def test_patrol_overdue_filter_agrees_with_the_due_date():
    today = datetime.date(2026, 11, 28)
    overdue = HeritageTreeFactory(estimated_age_years=150)
    HeritageTreePatrolFactory(tree=overdue, patrol_date=datetime.date(2025, 11, 1))
    in_time = HeritageTreeFactory(estimated_age_years=150)
    HeritageTreePatrolFactory(tree=in_time, patrol_date=datetime.date(2026, 1, 1))
    found = list(HeritageTree.objects.with_last_patrol().patrol_overdue(today))
    assert found == [overdue]
    assert [tree.is_patrol_overdue(today) for tree in HeritageTree.objects.with_last_patrol().order_by("pk")] == [
        True,
        False,
    ]


def test_a_patrol_dated_in_the_future_is_refused():
    patrol = HeritageTreePatrolFactory.build(
        tree=HeritageTreeFactory(), patrol_date=timezone.localdate() + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        patrol.full_clean()
    assert "patrol_date" in excinfo.value.message_dict


# --- Green spaces ----------------------------------------------------------------------------


def test_hard_paving_ratio_is_paved_over_total_area():
    space = GreenSpaceFactory(total_area_m2=Decimal("299700"), hard_paved_area_m2=Decimal("59940"))
    assert space.hard_paving_ratio == Decimal("0.2")


def test_hard_paving_ratio_is_unknown_without_areas():
    space = GreenSpaceFactory(total_area_m2=None, hard_paved_area_m2=None, planted_area_m2=None)
    assert space.hard_paving_ratio is None


def test_total_cistern_capacity_adds_every_cistern():
    space = GreenSpaceFactory()
    CisternFactory(green_space=space, capacity_m3=Decimal("1000"))
    CisternFactory(green_space=space, capacity_m3=Decimal("1000"))
    assert space.cistern_capacity_m3 == Decimal("2000")
    annotated = GreenSpace.objects.with_cistern_capacity().get(pk=space.pk)
    assert annotated.cistern_capacity_total_m3 == Decimal("2000")


@pytest.mark.parametrize(
    "values",
    [
        {"total_area_m2": Decimal("-1")},
        {"hard_paved_area_m2": Decimal("20000"), "total_area_m2": Decimal("10000"), "planted_area_m2": None},
        {"planted_area_m2": Decimal("9000"), "hard_paved_area_m2": Decimal("2000")},
        {"permeable_paving_m2": Decimal("-5")},
        {"latitude": None},
        {"latitude": Decimal("91")},
    ],
    ids=[
        "negative-area",
        "paved-above-total",
        "paved-plus-planted-above-total",
        "negative-feature",
        "half-a-position",
        "latitude-out-of-range",
    ],
)
def test_the_database_refuses_impossible_green_space_figures(values):
    with pytest.raises(IntegrityError), transaction.atomic():
        GreenSpaceFactory(**values)


def test_validation_names_the_field_of_a_hard_paved_area_above_the_total():
    space = GreenSpaceFactory.build(
        district=DistrictFactory(),
        total_area_m2=Decimal("100"),
        hard_paved_area_m2=Decimal("150"),
        planted_area_m2=None,
    )
    with pytest.raises(ValidationError) as excinfo:
        space.clean()
    assert list(excinfo.value.message_dict) == ["hard_paved_area_m2"]


def test_a_cistern_must_hold_something():
    with pytest.raises(IntegrityError), transaction.atomic():
        CisternFactory(capacity_m3=Decimal("0"))
