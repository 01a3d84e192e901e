"""The one JSON shape of a maintenance order, shared by the API's orders list and the webhook events.

Built straight from ``.values()`` rows: no model instances or serializer field machinery, because
the list is the endpoint contractors poll and a citywide warning pushes thousands of events.
``maintenance.api.serializers.OrderSerializer`` declares the same shape for the OpenAPI schema;
tests hold the two equal.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language

from maintenance.choices import OrderStatus, WarningLevel, WarningType

# Columns of one list row, fetched with .values(): no model instances for the API's hottest page.
ORDER_ROW_FIELDS = (
    "id", "status", "source", "priority", "title", "task_zh", "task_en", "ack_due_at", "complete_due_at",
    "irrigation_date", "irrigation_depth_mm", "irrigation_volume_m3", "irrigation_from_cistern_m3",
    "created_at", "updated_at",
    "green_space_id", "green_space__code", "green_space__name", "green_space__kind", "green_space__district__name",
    "green_space__district__code", "green_space__address", "green_space__latitude", "green_space__longitude",
    "alert_id", "alert__warning_type", "alert__level", "alert__headline", "alert__onset", "alert__expires",
)  # fmt: skip


def _decimal(value) -> str | None:
    return None if value is None else str(value)


class OrderRows:
    """Builds the orders list's JSON from ``.values()`` rows, exactly as ``OrderSerializer`` does.

    The list is the endpoint contractors poll; building dicts directly avoids per-row model
    instances and field machinery (several times faster). ``OrderSerializer`` stays the declared
    shape (and the schema); tests hold the two outputs equal.
    """

    def __init__(self, language: str | None = None) -> None:
        self.english = (language or get_language() or "").startswith("en")
        self.type_labels = {value: str(label) for value, label in WarningType.choices}
        self.level_labels = {value: str(label) for value, label in WarningLevel.choices}
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()

    def _datetime(self, value):
        """As DRF's DateTimeField writes it: in the current time zone, ISO 8601, UTC as Z."""
        if value is None:
            return None
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def __call__(self, row: dict) -> dict:
        _datetime = self._datetime
        ack_due = row["ack_due_at"]
        return {
            "id": row["id"],
            "status": row["status"],
            "source": row["source"],
            "priority": row["priority"],
            "title": row["title"],
            "task": row["task_en"] if self.english and row["task_en"] else row["task_zh"],
            "green_space": {
                "id": row["green_space_id"],
                "code": row["green_space__code"],
                "name": row["green_space__name"],
                "kind": row["green_space__kind"],
                "district": row["green_space__district__name"],
                "district_code": row["green_space__district__code"],
                "address": row["green_space__address"],
                "latitude": _decimal(row["green_space__latitude"]),
                "longitude": _decimal(row["green_space__longitude"]),
            },
            "alert": None
            if row["alert_id"] is None
            else {
                "id": row["alert_id"],
                "warning_type": row["alert__warning_type"],
                "warning_type_label": self.type_labels.get(row["alert__warning_type"], ""),
                "level": row["alert__level"],
                "level_label": self.level_labels.get(row["alert__level"], ""),
                "headline": row["alert__headline"],
                "onset": _datetime(row["alert__onset"]),
                "expires": _datetime(row["alert__expires"]),
            },
            "acknowledge_by": _datetime(ack_due),
            "complete_by": _datetime(row["complete_due_at"]),
            "overdue": row["status"] == OrderStatus.ISSUED and ack_due is not None and ack_due < self.now,
            "irrigation": None
            if row["irrigation_date"] is None
            else {
                "date": row["irrigation_date"].isoformat(),
                "depth_mm": _decimal(row["irrigation_depth_mm"]),
                "volume_m3": _decimal(row["irrigation_volume_m3"]),
                "from_cistern_m3": _decimal(row["irrigation_from_cistern_m3"]),
            },
            "created_at": _datetime(row["created_at"]),
            "updated_at": _datetime(row["updated_at"]),
        }


def order_representation(order_id: int, language: str | None = None) -> dict:
    """One order's JSON, as the API list shows it (one query)."""
    from maintenance.models import MaintenanceOrder

    row = MaintenanceOrder.objects.filter(pk=order_id).values(*ORDER_ROW_FIELDS).get()
    return OrderRows(language)(row)
