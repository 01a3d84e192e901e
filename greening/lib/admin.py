"""Admin pieces shared by the apps."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html


def percent(value: Decimal | None, places: int = 1) -> str:
    """A ratio shown as a percentage, or an em dash when unknown."""
    if value is None:
        return "—"
    return f"{number_format(value * 100, places)} %"


def flagged(text: str, *, alert: bool) -> str:
    """Text shown in red and bold when it needs attention."""
    if not alert:
        return text
    return format_html('<strong style="color:#b91c1c">{}</strong>', text)
