"""Reads of the maintenance pipeline shared by services, admin, API and reports."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from greenspaces.models import Cistern, District, GreenSpace, HeritageTree
from maintenance.choices import ContractStatus, WarningLevel
from maintenance.models import ContractArea, MaintenanceContract, ResponseRule, WeatherAlert

CITY_CODE = "140300"


def districts_for_alert(*, geocodes: Iterable[str], area_descriptions: Iterable[str]) -> list[District]:
    """The districts a warning covers.

    By GB/T 2260 geocode first (the city code 140300 covers all five); a warning whose geocodes
    are all elsewhere covers none. Without geocodes, by district names in the area description,
    and a description naming only the city (阳泉) covers all five.
    """
    districts = list(District.objects.all())
    codes = {code.strip() for code in geocodes if code.strip()}
    if CITY_CODE in codes:
        return districts
    if codes:
        return [district for district in districts if district.code in codes]
    text = " ".join(area_descriptions)
    named = [district for district in districts if district.name in text]
    if named:
        return named
    return districts if "阳泉" in text else []


def rules_for_alert(alert: WeatherAlert) -> QuerySet[ResponseRule]:
    """Active rules for the alert's type whose minimum level the alert reaches."""
    levels = [level for level in WarningLevel.values if level <= alert.level]
    return ResponseRule.objects.filter(active=True, warning_type=alert.warning_type, min_level__in=levels).order_by(
        "pk"
    )


def green_spaces_for_rule(*, rule: ResponseRule, district_ids: Iterable[int], today: datetime.date) -> QuerySet:
    """The green spaces a rule selects inside the alert's districts."""
    spaces = GreenSpace.objects.filter(district_id__in=list(district_ids))
    if rule.kinds:
        spaces = spaces.filter(kind__in=rule.kinds)
    if rule.maintenance_grades:
        spaces = spaces.filter(maintenance_grade__in=rule.maintenance_grades)
    if rule.needs_heritage_trees:
        spaces = spaces.filter(Exists(HeritageTree.objects.filter(green_space=OuterRef("pk"))))
    if rule.needs_cisterns:
        spaces = spaces.filter(Exists(Cistern.objects.filter(green_space=OuterRef("pk"))))
    if rule.needs_sunken_green_space:
        spaces = spaces.filter(sunken_green_space_m2__gt=0)
    if rule.needs_new_planting:
        spaces = spaces.filter(last_planted_on__gte=today - datetime.timedelta(days=730))
    return spaces


def active_contracts_on(day: datetime.date) -> QuerySet[MaintenanceContract]:
    return MaintenanceContract.objects.filter(status=ContractStatus.ACTIVE, start_date__lte=day, end_date__gte=day)


def contractors_by_green_space(
    *, green_space_ids: Iterable[int] | None = None, day: datetime.date | None = None
) -> dict[int, int]:
    """green space id → contractor id of the active contract covering it on ``day`` (one query)."""
    day = day or timezone.localdate()
    areas = ContractArea.objects.filter(contract__in=active_contracts_on(day))
    if green_space_ids is not None:
        areas = areas.filter(green_space_id__in=list(green_space_ids))
    return dict(areas.values_list("green_space_id", "contract__contractor_id"))


def contract_overlaps(
    *, green_space_ids: Iterable[int], start: datetime.date, end: datetime.date, exclude_contract_id: int | None = None
) -> QuerySet[ContractArea]:
    """Areas of other active contracts that cover any of these green spaces during [start, end]."""
    areas = ContractArea.objects.filter(
        green_space_id__in=list(green_space_ids),
        contract__status=ContractStatus.ACTIVE,
        contract__start_date__lte=end,
        contract__end_date__gte=start,
    ).select_related("contract", "green_space")
    if exclude_contract_id is not None:
        areas = areas.exclude(contract_id=exclude_contract_id)
    return areas


def green_spaces_without_contract(day: datetime.date | None = None) -> QuerySet[GreenSpace]:
    """Green spaces no active contract covers on ``day``: warnings there reach no contractor."""
    day = day or timezone.localdate()
    covered = ContractArea.objects.filter(contract__in=active_contracts_on(day), green_space=OuterRef("pk"))
    return GreenSpace.objects.filter(~Q(Exists(covered))).select_related("district")
