"""Irrigation advice: each green space's daily soil-water balance, and orders when it runs dry."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from greenspaces.models import GreenSpace
from maintenance import selectors
from maintenance.choices import (
    OrderSource,
    OrderStatus,
    WebhookEventType,
)
from maintenance.irrigation import Day, IrrigationParameters, run_water_balance
from maintenance.models import (
    DailyForecast,
    MaintenanceOrder,
    OrderTransition,
    SoilWaterBalance,
)
from maintenance.services.common import SYSTEM, to_decimal, to_float
from maintenance.services.outbox import webhook_messages_enqueue

logger = logging.getLogger(__name__)


# --- Irrigation advice ------------------------------------------------------------------------

BACKFILL_DAYS = 14


def _irrigation_task_text(space: GreenSpace, balance, language: str) -> str:
    with translation.override(language):
        text = _(
            "Irrigate %(name)s on %(date)s: %(depth)s mm over the planted area, about %(volume)s m³. "
            "Water early in the morning or in the evening; never at midday."
        ) % {
            "name": space.name,
            "date": balance.date.isoformat(),
            "depth": f"{balance.gross_depth_mm:.1f}",
            "volume": f"{balance.volume_m3:.1f}",
        }
        if balance.from_cistern_m3 > 0:
            text += " " + _("Use %(cistern)s m³ of harvested rainwater from the cisterns first.") % {
                "cistern": f"{balance.from_cistern_m3:.1f}"
            }
        if space.reclaimed_water_irrigation:
            text += " " + _("Use treated reclaimed water for the rest.")
    return text


def irrigation_advise(*, day: datetime.date, params: IrrigationParameters | None = None) -> list[MaintenanceOrder]:
    """Advance every green space's soil-water balance to ``day`` and issue irrigation orders where due.

    Runs in a constant number of queries whatever the number of green spaces. A green space already
    balanced for ``day`` is skipped, so running it again the same day changes nothing.
    """
    params = params or IrrigationParameters.from_settings()
    spaces = list(
        GreenSpace.objects.with_cistern_capacity()
        .select_related("district")
        .filter(planted_area_m2__gt=0)
        .exclude(water_balances__date=day)
    )
    if not spaces:
        return []
    start = day - datetime.timedelta(days=BACKFILL_DAYS)
    previous: dict[int, SoilWaterBalance] = {}
    for row in SoilWaterBalance.objects.filter(green_space__in=spaces, date__gte=start, date__lt=day).order_by("date"):
        previous[row.green_space_id] = row
    forecasts: dict[tuple[str, datetime.date], DailyForecast] = {
        (row.area_code, row.date): row for row in DailyForecast.objects.filter(date__gte=start, date__lte=day)
    }

    def weather(space: GreenSpace, date: datetime.date) -> Day:
        row = forecasts.get((space.district.code, date)) or forecasts.get((selectors.CITY_CODE, date))
        if row is None:
            return Day(date=date, et0_mm=None, t_max_c=None, t_min_c=None, precipitation_mm=None)
        return Day(
            date=date,
            et0_mm=to_float(row.et0_mm),
            t_max_c=to_float(row.temperature_max_c),
            t_min_c=to_float(row.temperature_min_c),
            precipitation_mm=to_float(row.precipitation_mm),
        )

    contractors = selectors.contractors_by_green_space(green_space_ids=[space.pk for space in spaces], day=day)
    balances: list[SoilWaterBalance] = []
    orders: list[MaintenanceOrder] = []
    now = timezone.now()
    for space in spaces:
        last = previous.get(space.pk)
        first_day = last.date + datetime.timedelta(days=1) if last else day
        days = [weather(space, first_day + datetime.timedelta(days=n)) for n in range((day - first_day).days + 1)]
        capacity = float(space.cistern_capacity_m3)
        run = run_water_balance(
            days=days,
            latitude_deg=float(space.latitude) if space.latitude is not None else 37.857,
            water_use_class=space.planting_water_use,
            kind=space.kind,
            planted_area_m2=float(space.planted_area_m2),
            catchment_area_m2=float(space.hard_paved_area_m2 or 0) if capacity else 0.0,
            cistern_capacity_m3=capacity,
            initial_depletion_mm=float(last.depletion_mm) if last else 0.0,
            initial_cistern_m3=min(float(last.cistern_m3), capacity) if last else 0.0,
            params=params,
        )
        for balance in run:
            balances.append(
                SoilWaterBalance(
                    green_space=space,
                    date=balance.date,
                    et0_mm=to_decimal(balance.et0_mm, "0.01"),
                    etl_mm=to_decimal(balance.etl_mm, "0.01"),
                    effective_rain_mm=to_decimal(balance.effective_rain_mm, "0.01"),
                    depletion_mm=to_decimal(balance.depletion_end_mm, "0.01"),
                    irrigation_mm=to_decimal(balance.gross_depth_mm, "0.01"),
                    cistern_m3=to_decimal(balance.cistern_end_m3, "0.01"),
                )
            )
        today = run[-1]
        if today.irrigate:
            contractor_id = contractors.get(space.pk)
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Irrigation · %(name)s · %(date)s") % {"name": space.name, "date": day.isoformat()}
            orders.append(
                MaintenanceOrder(
                    source=OrderSource.IRRIGATION,
                    green_space=space,
                    contractor_id=contractor_id,
                    title=title[:200],
                    task_zh=_irrigation_task_text(space, today, "zh-hans"),
                    task_en=_irrigation_task_text(space, today, "en"),
                    status=OrderStatus.ISSUED if contractor_id else OrderStatus.UNASSIGNED,
                    ack_due_at=now + datetime.timedelta(hours=settings.IRRIGATION_ACK_HOURS),
                    complete_due_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59))),
                    irrigation_date=day,
                    irrigation_depth_mm=to_decimal(today.gross_depth_mm, "0.1"),
                    irrigation_volume_m3=to_decimal(today.volume_m3, "0.1"),
                    irrigation_from_cistern_m3=to_decimal(today.from_cistern_m3, "0.1"),
                    created_at=now,
                    updated_at=now,
                )
            )
    with transaction.atomic():
        SoilWaterBalance.objects.bulk_create(balances, ignore_conflicts=True)
        existing = set(
            MaintenanceOrder.objects.filter(source=OrderSource.IRRIGATION, irrigation_date=day).values_list(
                "green_space_id", flat=True
            )
        )
        created = MaintenanceOrder.objects.bulk_create([o for o in orders if o.green_space_id not in existing])
        OrderTransition.objects.bulk_create(
            [
                OrderTransition(order=order, from_status="", to_status=order.status, actor_label=SYSTEM, at=now)
                for order in created
            ]
        )
        webhook_messages_enqueue(orders=created, event_type=WebhookEventType.ORDER_CREATED, now=now)
    return created
