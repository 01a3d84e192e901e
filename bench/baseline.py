"""The bare baseline for the orders-list benchmark: one raw SQL query and orjson, nothing else.

``GET /bench/baseline/orders/?contractor=<id>&page_size=100`` returns the same rows (the contractor's
newest orders by id, with green space, district and warning) in the same JSON shape as
``GET /api/v1/orders/`` — but with no authentication, throttling, filtering, serializers or renderer.
It is the floor the API is compared against: what serving this page costs in Django at all.

Mounted only by ``bench.urls`` (``DJANGO_SETTINGS_MODULE=bench.settings``), never by the portal's
``greening.urls``: it authenticates nothing and must not be reachable in the real portal.
"""

from __future__ import annotations

import base64
import functools

import orjson
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import get_language

from greenspaces.models import District, GreenSpace
from maintenance.choices import OrderStatus, WarningLevel, WarningType
from maintenance.models import MaintenanceOrder, WeatherAlert

MAX_PAGE_SIZE = 100


@functools.cache
def _sql() -> str:
    """The page query, with table and column names taken from the models so it follows their ``db_column``s."""
    quote = connection.ops.quote_name

    def col(alias: str, model, field: str) -> str:
        return f"{alias}.{quote(model._meta.get_field(field).column)}"

    o, g, d, a = MaintenanceOrder, GreenSpace, District, WeatherAlert
    # Decimals are cast to text in the database: DRF renders DecimalFields as strings with the
    # field's decimal places, which is exactly what PostgreSQL's numeric::text gives.
    columns = [
        col("o", o, "id"), col("o", o, "status"), col("o", o, "source"), col("o", o, "priority"),
        col("o", o, "title"), col("o", o, "task_zh"), col("o", o, "task_en"),
        col("o", o, "ack_due_at"), col("o", o, "complete_due_at"),
        col("o", o, "irrigation_date"), f"{col('o', o, 'irrigation_depth_mm')}::text",
        f"{col('o', o, 'irrigation_volume_m3')}::text", f"{col('o', o, 'irrigation_from_cistern_m3')}::text",
        col("o", o, "created_at"), col("o", o, "updated_at"),
        col("g", g, "id"), col("g", g, "code"), col("g", g, "name"), col("g", g, "kind"),
        col("d", d, "name"), col("d", d, "code"), col("g", g, "address"),
        f"{col('g', g, 'latitude')}::text", f"{col('g', g, 'longitude')}::text",
        col("a", a, "id"), col("a", a, "warning_type"), col("a", a, "level"), col("a", a, "headline"),
        col("a", a, "onset"), col("a", a, "expires"),
    ]  # fmt: skip
    return f"""
        SELECT {", ".join(columns)}
        FROM {quote(o._meta.db_table)} o
        JOIN {quote(g._meta.db_table)} g ON g.{quote(g._meta.pk.column)} = {col("o", o, "green_space")}
        JOIN {quote(d._meta.db_table)} d ON d.{quote(d._meta.pk.column)} = {col("g", g, "district")}
        LEFT JOIN {quote(a._meta.db_table)} a ON a.{quote(a._meta.pk.column)} = {col("o", o, "alert")}
        WHERE {col("o", o, "contractor")} = %s
        ORDER BY {col("o", o, "id")} DESC
        LIMIT %s
    """


def orders(request: HttpRequest) -> HttpResponse:
    """The contractor's newest orders, shaped like the API's cursor page (``next``, ``previous``, ``results``)."""
    try:
        contractor_id = int(request.GET["contractor"])
        page_size = min(int(request.GET.get("page_size", MAX_PAGE_SIZE)), MAX_PAGE_SIZE)
    except (KeyError, ValueError):
        return HttpResponseBadRequest(b"contractor=<id> and an integer page_size are required")
    with connection.cursor() as cursor:
        # One row more than the page, as DRF's cursor pagination fetches, to know whether there is a next page.
        cursor.execute(_sql(), [contractor_id, page_size + 1])
        rows = cursor.fetchall()
    has_next = len(rows) > page_size
    rows = rows[:page_size]

    english = (get_language() or "").startswith("en")
    zone = timezone.get_current_timezone()
    now = timezone.now()
    # Labels are translated per request, like the serializer's get_*_display().
    type_labels = {value: str(label) for value, label in WarningType.choices}
    level_labels = {value: str(label) for value, label in WarningLevel.choices}

    def local(value):
        # The API renders datetimes in the current time zone (DRF's DateTimeField), so the baseline does too.
        return value.astimezone(zone) if value is not None else None

    results = []
    for (
        order_id, status, source, priority, title, task_zh, task_en, ack_due_at, complete_due_at,
        irrigation_date, depth_mm, volume_m3, from_cistern_m3, created_at, updated_at,
        space_id, space_code, space_name, kind, district_name, district_code, address, latitude, longitude,
        alert_id, warning_type, level, headline, onset, expires,
    ) in rows:  # fmt: skip
        results.append(
            {
                "id": order_id,
                "status": status,
                "source": source,
                "priority": priority,
                "title": title,
                "task": task_en if english and task_en else task_zh,
                "green_space": {
                    "id": space_id,
                    "code": space_code,
                    "name": space_name,
                    "kind": kind,
                    "district": district_name,
                    "district_code": district_code,
                    "address": address,
                    "latitude": latitude,
                    "longitude": longitude,
                },
                "alert": None
                if alert_id is None
                else {
                    "id": alert_id,
                    "warning_type": warning_type,
                    "warning_type_label": type_labels.get(warning_type, warning_type),
                    "level": level,
                    "level_label": level_labels.get(level, level),
                    "headline": headline,
                    "onset": local(onset),
                    "expires": local(expires),
                },
                "acknowledge_by": local(ack_due_at),
                "complete_by": local(complete_due_at),
                "overdue": status == OrderStatus.ISSUED and ack_due_at is not None and ack_due_at < now,
                "irrigation": None
                if irrigation_date is None
                else {
                    "date": irrigation_date,
                    "depth_mm": depth_mm,
                    "volume_m3": volume_m3,
                    "from_cistern_m3": from_cistern_m3,
                },
                "created_at": local(created_at),
                "updated_at": local(updated_at),
            }
        )

    next_url = None
    if has_next:
        # The API's cursor for "after this id": base64 of "p=<last id>", as DRF's CursorPagination encodes it.
        query = request.GET.copy()
        query["cursor"] = base64.b64encode(f"p={results[-1]['id']}".encode()).decode()
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    body = orjson.dumps({"next": next_url, "previous": None, "results": results})
    return HttpResponse(body, content_type="application/json")
