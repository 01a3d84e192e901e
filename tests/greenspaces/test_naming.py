"""Green-space naming (冠名): one name at a time per space, the name in force on a day."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from greenspaces import services
from greenspaces.models import GreenSpaceNaming
from greenspaces.selectors import current_naming
from tests.greenspaces.factories import GreenSpaceFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def name(space, label, start, end, actor=None):
    return services.green_space_name(green_space=space, name=label, valid_from=start, valid_until=end, actor=actor)


def test_a_space_is_named_for_a_term_recorded_with_who(staff_user):
    space = GreenSpaceFactory()
    naming = name(space, "  某企业园  ", D(2026, 1, 1), D(2035, 12, 31), actor=staff_user)
    assert naming.name == "某企业园"
    assert naming.history.latest().history_user == staff_user


@pytest.mark.parametrize(
    ("start", "end"),
    [(D(2035, 12, 31), D(2036, 6, 1)), (D(2020, 1, 1), D(2026, 1, 1)), (D(2027, 1, 1), D(2028, 1, 1))],
    ids=["overlaps-the-end", "overlaps-the-start", "inside"],
)
def test_an_overlapping_term_is_refused_and_nothing_saved(start, end):
    space = GreenSpaceFactory()
    name(space, "甲园", D(2026, 1, 1), D(2035, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        name(space, "乙园", start, end)
    assert excinfo.value.error_dict["valid_from"][0].code == "overlapping_naming"
    assert "甲园" in excinfo.value.message_dict["valid_from"][0]
    assert GreenSpaceNaming.objects.count() == 1


def test_the_next_term_may_start_the_day_after():
    space = GreenSpaceFactory()
    name(space, "甲园", D(2026, 1, 1), D(2035, 12, 31))
    name(space, "乙园", D(2036, 1, 1), D(2045, 12, 31))
    assert GreenSpaceNaming.objects.filter(green_space=space).count() == 2


def test_other_spaces_are_not_affected():
    name(GreenSpaceFactory(), "甲园", D(2026, 1, 1), D(2035, 12, 31))
    name(GreenSpaceFactory(), "乙园", D(2026, 1, 1), D(2035, 12, 31))


def test_a_term_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        name(GreenSpaceFactory(), "甲园", D(2026, 1, 2), D(2026, 1, 1))
    assert "valid_until" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        GreenSpaceNaming.objects.create(
            green_space=GreenSpaceFactory(), name="x", valid_from=D(2026, 1, 2), valid_until=D(2026, 1, 1)
        )


def test_the_current_naming_includes_both_ends_of_the_term():
    space = GreenSpaceFactory()
    naming = name(space, "甲园", D(2026, 1, 1), D(2035, 12, 31))
    assert current_naming(space, on=D(2025, 12, 31)) is None
    assert current_naming(space, on=D(2026, 1, 1)) == naming
    assert current_naming(space, on=D(2035, 12, 31)) == naming
    assert current_naming(space, on=D(2036, 1, 1)) is None
