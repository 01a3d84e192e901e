"""Reads of plans and indicators shared by pages and reports."""

from __future__ import annotations

from plans.models import Indicator

# The two targets the reply letter sets itself (the others come from the garden-city standard).
LETTER_TARGETS = ("new-park-hard-paving-ratio", "taohe-annual-rainwater-retention")


def letter_targets() -> list[Indicator]:
    """The letter's own targets, in the letter's order, measurements prefetched (two queries)."""
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=LETTER_TARGETS).prefetch_related("measurements")
    }
    return [indicators[code] for code in LETTER_TARGETS if code in indicators]
