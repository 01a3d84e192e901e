"""The indicators (指标) the city has committed to, their measurements, and how progress is judged."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.choices import IndicatorDirection, IndicatorStatus, IndicatorTargetKind

VALUE = {"max_digits": 14, "decimal_places": 4}


def plain_number(value: Decimal) -> str:
    """A decimal without trailing zeros and never in exponent form: 20.0000 → "20", 7.5000 → "7.5"."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


AT_LEAST_DIRECTIONS = frozenset({IndicatorDirection.HIGHER_IS_BETTER.value, IndicatorDirection.AT_LEAST.value})


def target_satisfied(*, value: Decimal | Fraction, target: Decimal | Fraction, direction: str) -> bool:
    """Whether a value meets the target: ≥ for "at least"/"higher is better", ≤ for "at most"/"lower is better"."""
    if direction in AT_LEAST_DIRECTIONS:
        return Fraction(value) >= Fraction(target)
    return Fraction(value) <= Fraction(target)


def trend_line(points: Sequence[tuple[datetime.date, Decimal]]) -> tuple[datetime.date, Fraction, Fraction] | None:
    """The least-squares straight line through (date, value) as (origin, value at origin, slope per day); exact.

    Dates count in days from the first point. None with fewer than two distinct dates.
    """
    if len({day for day, _value in points}) < 2:
        return None
    origin = min(day for day, _value in points)
    xs = [Fraction((day - origin).days) for day, _value in points]
    ys = [Fraction(value) for _day, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return origin, mean_y - slope * mean_x, slope


def trend_value_at(points: Sequence[tuple[datetime.date, Decimal]], when: datetime.date) -> Fraction | None:
    """The value of the least-squares line on ``when`` (None with fewer than two distinct dates)."""
    line = trend_line(points)
    if line is None:
        return None
    origin, intercept, slope = line
    return intercept + slope * (when - origin).days


def indicator_status(
    *,
    direction: str,
    target: Decimal | None,
    deadline: datetime.date | None,
    points: Sequence[tuple[datetime.date, Decimal]],
    today: datetime.date,
) -> str:
    """The progress of an indicator (an ``IndicatorStatus`` value); every rule is here, in this order.

    1. **No data** — no measurement yet, or no absolute target to judge against (a relative
       target whose baseline is not known).
    2. **Met** — the latest measurement satisfies the target in the indicator's direction
       (≥ for "at least" and "higher is better", ≤ for "at most" and "lower is better"),
       whatever the date.
    3. **Missed** — not met and the deadline has passed (``today`` is after it).
    4. **On track** — not met, deadline not passed, at least two measurements, and the
       least-squares line through (date, value) satisfies the target on the deadline. Without a
       deadline: the line moves towards the target (positive slope for ≥, negative for ≤).
    5. **At risk** — everything else: the trend falls short, or one measurement gives no trend.

    Example (worked by hand in the tests): at least 33, deadline 2025-03-02, measurements
    30 on 2025-01-01, 32 on 01-11, 31 on 01-21. Days 0, 10, 20 → mean 10; values → mean 31;
    slope = (−10·−1 + 0·1 + 10·0) / (100 + 0 + 100) = 0.05 a day; the deadline is day 60, so the
    line gives 31 + 0.05 × (60 − 10) = 33.5 ≥ 33: on track. With a target of 34 it is at risk.
    """
    if not points or target is None:
        return IndicatorStatus.NO_DATA.value
    latest_value = max(points, key=lambda point: point[0])[1]
    if target_satisfied(value=latest_value, target=target, direction=direction):
        return IndicatorStatus.MET.value
    if deadline is not None and today > deadline:
        return IndicatorStatus.MISSED.value
    if deadline is None:
        line = trend_line(points)
        slope = Fraction(0) if line is None else line[2]
        towards = slope > 0 if direction in AT_LEAST_DIRECTIONS else slope < 0
        return IndicatorStatus.ON_TRACK.value if towards else IndicatorStatus.AT_RISK.value
    projected = trend_value_at(points, deadline)
    if projected is not None and target_satisfied(value=projected, target=target, direction=direction):
        return IndicatorStatus.ON_TRACK.value
    return IndicatorStatus.AT_RISK.value


class Indicator(models.Model):
    """A measurable commitment (指标): the letter's ≤ 20 % paving and +30 % retention, garden-city thresholds."""

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Short ASCII key used in URLs and the API.")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("The unit of the values, for example m²/人.")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=IndicatorDirection.choices)
    baseline_value = models.DecimalField(_("baseline value"), **VALUE, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"),
        **VALUE,
        help_text=_("In the unit of the indicator, or the change in per cent for a target relative to the baseline."),
    )
    target_kind = models.CharField(
        _("target kind"), max_length=20, choices=IndicatorTargetKind.choices, default=IndicatorTargetKind.ABSOLUTE
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    standard = models.CharField(
        _("standard"), max_length=200, blank=True, help_text=_("Where the target comes from, e.g. GB/T 50563-2010.")
    )
    scope = models.CharField(
        _("scope"), max_length=200, blank=True, help_text=_("What the indicator covers, e.g. 新建公园.")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # A baseline means nothing without the day it was measured (the +30 % is "on the baseline").
        if self.baseline_value is not None and self.baseline_date is None:
            raise ValidationError({"baseline_date": _("Give the date the baseline was measured.")})
        if self.baseline_value is None and self.baseline_date is not None:
            raise ValidationError({"baseline_value": _("Give the baseline value measured on this date.")})

    @property
    def target_absolute(self) -> Decimal | None:
        """The target in the indicator's unit: baseline × (1 + change/100) for a relative target (None if the
        baseline is unknown)."""
        if self.target_kind == IndicatorTargetKind.RELATIVE_PERCENT:
            if self.baseline_value is None:
                return None
            return self.baseline_value * (1 + self.target_value / 100)
        return self.target_value

    @property
    def target_label(self) -> str:
        """The target as people read it: "≤ 20 %", "≥ 36 %", "+30 % on the baseline"."""
        if self.target_kind == IndicatorTargetKind.RELATIVE_PERCENT:
            sign = "+" if self.target_value > 0 else ""
            return gettext("%(change)s %% on the baseline") % {"change": f"{sign}{plain_number(self.target_value)}"}
        symbol = "≥" if self.direction in AT_LEAST_DIRECTIONS else "≤"
        return f"{symbol} {plain_number(self.target_value)} {self.unit}".strip()

    def _measurements(self) -> list[IndicatorMeasurement]:
        # .all() so a list that prefetches "measurements" asks no query per indicator.
        return sorted(self.measurements.all(), key=lambda measurement: measurement.date)

    @property
    def latest_measurement(self) -> IndicatorMeasurement | None:
        measurements = self._measurements()
        return measurements[-1] if measurements else None

    def status(self, today: datetime.date | None = None) -> str:
        """Progress towards the target (``IndicatorStatus``); see ``indicator_status`` for the rule."""
        return indicator_status(
            direction=self.direction,
            target=self.target_absolute,
            deadline=self.deadline,
            points=[(measurement.date, measurement.value) for measurement in self._measurements()],
            today=today or timezone.localdate(),
        )

    @property
    def status_label(self) -> str:
        """Today's status, as people read it."""
        return IndicatorStatus(self.status()).label


class IndicatorMeasurement(models.Model):
    """A measured value of an indicator on a date, with where the figure comes from."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="measurements"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **VALUE)
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the figure comes from: a survey, a statistical yearbook, a monitoring report."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="indicatormeasurement_unique_date"),
            # A figure reported to the People's Congress must say where it comes from.
            models.CheckConstraint(condition=~Q(source=""), name="indicatormeasurement_source_given"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.date:%Y-%m-%d}: {plain_number(self.value)}"

    def clean(self) -> None:
        super().clean()
        if not (self.source or "").strip():
            raise ValidationError({"source": _("Say where the figure comes from.")})
