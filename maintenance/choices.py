"""Choices of the weather → maintenance pipeline."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WarningType(models.TextChoices):
    """CMA warning signal types (中国气象局令第16号), keyed by their two-digit code."""

    TYPHOON = "01", _("Typhoon")
    RAINSTORM = "02", _("Rainstorm")
    BLIZZARD = "03", _("Blizzard")
    COLD_WAVE = "04", _("Cold wave")
    GALE = "05", _("Gale")
    SANDSTORM = "06", _("Sandstorm")
    HEAT = "07", _("High temperature")
    DROUGHT = "08", _("Drought")
    LIGHTNING = "09", _("Lightning")
    HAIL = "10", _("Hail")
    FROST = "11", _("Frost")
    FOG = "12", _("Heavy fog")
    HAZE = "13", _("Haze")
    ROAD_ICING = "14", _("Road icing")


# The Chinese name of each type as it appears in CAP <event> and in headlines.
WARNING_TYPE_CHINESE = {
    WarningType.TYPHOON: "台风",
    WarningType.RAINSTORM: "暴雨",
    WarningType.BLIZZARD: "暴雪",
    WarningType.COLD_WAVE: "寒潮",
    WarningType.GALE: "大风",
    WarningType.SANDSTORM: "沙尘暴",
    WarningType.HEAT: "高温",
    WarningType.DROUGHT: "干旱",
    WarningType.LIGHTNING: "雷电",
    WarningType.HAIL: "冰雹",
    WarningType.FROST: "霜冻",
    WarningType.FOG: "大雾",
    WarningType.HAZE: "霾",
    WarningType.ROAD_ICING: "道路结冰",
}


class WarningLevel(models.TextChoices):
    """Colour levels, keyed by the CMA two-digit level code; a higher code is more severe."""

    BLUE = "01", _("Blue (IV, general)")
    YELLOW = "02", _("Yellow (III, heavy)")
    ORANGE = "03", _("Orange (II, severe)")
    RED = "04", _("Red (I, extremely severe)")


WARNING_LEVEL_CHINESE = {
    WarningLevel.BLUE: "蓝色",
    WarningLevel.YELLOW: "黄色",
    WarningLevel.ORANGE: "橙色",
    WarningLevel.RED: "红色",
}


class CapStatus(models.TextChoices):
    ACTUAL = "Actual", _("Actual")
    EXERCISE = "Exercise", _("Exercise")
    SYSTEM = "System", _("System")
    TEST = "Test", _("Test")
    DRAFT = "Draft", _("Draft")


class CapMsgType(models.TextChoices):
    ALERT = "Alert", _("Alert")
    UPDATE = "Update", _("Update")
    CANCEL = "Cancel", _("Cancel")
    ACK = "Ack", _("Acknowledgement")
    ERROR = "Error", _("Error")


class CapScope(models.TextChoices):
    PUBLIC = "Public", _("Public")
    RESTRICTED = "Restricted", _("Restricted")
    PRIVATE = "Private", _("Private")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class AlertState(models.TextChoices):
    """Where a stored warning stands now."""

    ACTIVE = "active", _("In force")
    SUPERSEDED = "superseded", _("Superseded by an update")
    CANCELLED = "cancelled", _("Cancelled")
    NOT_DISPATCHED = "not_dispatched", _("Not dispatched (test, exercise or outside the city)")
    CANCEL_MESSAGE = "cancel_message", _("Cancel message")


class AlertSource(models.TextChoices):
    FILE = "file", _("File (command)")
    FEED = "feed", _("Met bureau feed")
    PUSH = "push", _("Pushed by the met bureau")
    ADMIN = "admin", _("Uploaded by staff")


class Priority(models.TextChoices):
    URGENT = "urgent", pgettext_lazy("priority", "Urgent")
    HIGH = "high", pgettext_lazy("priority", "High")
    NORMAL = "normal", pgettext_lazy("priority", "Normal")
    LOW = "low", pgettext_lazy("priority", "Low")


class OrderSource(models.TextChoices):
    WEATHER = "weather", _("Weather warning")
    IRRIGATION = "irrigation", _("Irrigation advice")
    STEWARD = "steward", _("Steward report")
    STAFF = "staff", _("Staff")


class OrderStatus(models.TextChoices):
    UNASSIGNED = "unassigned", _("Unassigned (no contractor)")
    ISSUED = "issued", _("Issued")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    VERIFIED = "verified", _("Verified")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


# Orders still waiting for work: a Cancel or a narrower Update may withdraw them.
OPEN_ORDER_STATUSES = (
    OrderStatus.UNASSIGNED,
    OrderStatus.ISSUED,
    OrderStatus.ACKNOWLEDGED,
    OrderStatus.IN_PROGRESS,
)


class WebhookEventType(models.TextChoices):
    ORDER_CREATED = "order.created", "order.created"
    ORDER_UPDATED = "order.updated", "order.updated"
    ORDER_CANCELLED = "order.cancelled", "order.cancelled"
    PING = "ping", "ping"


class MessageState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Given up")


class TokenKind(models.TextChoices):
    CONTRACTOR = "contractor", _("Contractor")
    MET_BUREAU = "met_bureau", _("Met bureau (weather push only)")
