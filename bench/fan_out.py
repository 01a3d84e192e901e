"""Fan-out of one warning over N green spaces under contract: time and queries, side by side.

Runs in a throw-away database created for the run (PostgreSQL when DATABASE_URL points at it).
Prints, for 1,000 and 10,000 green spaces, the time to create the orders, their status history
and the pending webhook messages in one transaction, and the number of queries it took.
"""

from __future__ import annotations

import statistics
import time
from unittest import mock

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.citygen import generate
from greenspaces.models import District
from maintenance import services
from maintenance.choices import AlertState, CapMsgType, CapStatus, Priority, WarningLevel, WarningType
from maintenance.models import MaintenanceOrder, ResponseRule, WeatherAlert, WebhookMessage

SIZES = (1_000, 10_000)
REPEATS = 3


def _alert(tag: str, district: District) -> WeatherAlert:
    alert = WeatherAlert.objects.create(
        sender="bench@example.cn",
        identifier=tag,
        sent=timezone.now(),
        status=CapStatus.ACTUAL,
        msg_type=CapMsgType.ALERT,
        scope="Public",
        warning_type=WarningType.RAINSTORM,
        level=WarningLevel.RED,
        state=AlertState.ACTIVE,
        source="file",
        raw_xml="<alert/>",
    )
    alert.districts.set([district])
    return alert


def run() -> list[dict]:
    # The throw-away database's webhook messages must not reach the real broker's queue.
    with mock.patch("maintenance.tasks.enqueue", return_value=False):
        return _run()


def _run() -> list[dict]:
    ResponseRule.objects.create(
        name="bench-rule", warning_type=WarningType.RAINSTORM, min_level=WarningLevel.BLUE,
        task_zh="清理雨水口", task_en="Clear gullies", priority=Priority.HIGH,
    )  # fmt: skip
    results = []
    for index, size in enumerate(SIZES):
        # Each size in a district of its own, so one warning covers exactly its green spaces.
        district = District.objects.create(code=f"99000{index + 1}", name=f"基准区{index + 1}")
        generate(green_spaces=size, prefix=f"b{size}", districts=[district])
        timings, queries = [], 0
        for repeat in range(REPEATS):
            WebhookMessage.objects.all().delete()
            MaintenanceOrder.objects.all().delete()
            alert = _alert(f"{size}-{repeat}", district)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                with transaction.atomic():
                    result = services.orders_fan_out(alert=alert)
                elapsed = time.perf_counter() - started
            timings.append(elapsed)
            queries = len(captured)
            created = len(result.created)
        results.append(
            {
                "orders": created,
                "messages": WebhookMessage.objects.filter(order__alert=alert).count(),
                "seconds_median": statistics.median(timings),
                "seconds_best": min(timings),
                "queries": queries,
            }
        )
    return results


def report(results: list[dict]) -> None:
    print(f"fan-out on {connection.vendor}, {REPEATS} runs each (median / best):")
    for row in results:
        print(
            f"  {row['orders']:>6} orders + {row['orders']:>6} status rows + {row['messages']:>6} webhook messages: "
            f"{row['seconds_median']:.3f} s / {row['seconds_best']:.3f} s, {row['queries']} queries"
        )
    small, large = results[0], results[-1]
    orders_ratio = large["orders"] // small["orders"]
    time_ratio = large["seconds_median"] / small["seconds_median"]
    print(f"  {orders_ratio}× the orders: {time_ratio:.1f}× the time; queries {small['queries']} → {large['queries']}")
