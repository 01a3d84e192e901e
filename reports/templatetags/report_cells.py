"""How a report cell reads on the page, by the kind of its column."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import date_format, number_format

from reports.npc import DATE, INTEGER, MONEY, NUMBER, PERCENT, Column

register = template.Library()


@register.filter
def cell(value, column: Column) -> str:
    """Empty cells read "—"; shares as per cent with one decimal; numbers without trailing zeros."""
    if value is None or value == "":
        return "—"
    if column.kind == DATE:
        return date_format(value, "DATE_FORMAT")
    if column.kind == PERCENT:
        return f"{number_format(Decimal(value) * 100, 1)} %"
    if column.kind == MONEY:
        return number_format(value, 2, force_grouping=True)
    if column.kind == INTEGER:
        return number_format(value, 0, force_grouping=True)
    if column.kind == NUMBER:
        places = max(0, -Decimal(value).normalize().as_tuple().exponent)
        return number_format(value, places, force_grouping=True)
    return str(value)
