"""Contractors, weather warnings and forecasts, response rules, maintenance orders and webhooks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from greening.lib.validators import validate_credit_code
from greenspaces.choices import GreenSpaceKind, MaintenanceGrade
from greenspaces.models import District, GreenSpace
from maintenance.choices import (
    AlertSource,
    AlertState,
    CapMsgType,
    CapScope,
    CapStatus,
    ContractStatus,
    MessageState,
    OrderSource,
    OrderStatus,
    Priority,
    TokenKind,
    WarningLevel,
    WarningType,
    WebhookEventType,
)

# --- Contractors ------------------------------------------------------------------------------


class Contractor(models.Model):
    """A maintenance contractor (养护单位) holding contracts over green spaces."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    contact_person = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    duty_phone = models.CharField(_("24-hour duty phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.credit_code = (self.credit_code or "").strip().upper()


class MaintenanceContract(models.Model):
    """A maintenance contract: one contractor looks after some green spaces for a period."""

    code = models.CharField(_("contract number"), max_length=40, unique=True)
    contractor = models.ForeignKey(
        Contractor, verbose_name=_("contractor"), on_delete=models.PROTECT, related_name="contracts"
    )
    green_spaces = models.ManyToManyField(
        GreenSpace, verbose_name=_("green spaces"), through="ContractArea", related_name="contracts"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    maintenance_grade = models.CharField(
        _("maintenance grade"), max_length=10, choices=MaintenanceGrade.choices, default=MaintenanceGrade.TWO
    )
    status = models.CharField(_("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    annual_value = models.DecimalField(_("annual value (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("maintenance contract")
        verbose_name_plural = _("maintenance contracts")
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="contract_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.contractor}"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The contract cannot end before it starts.")})


class ContractArea(models.Model):
    """A green space under a contract. Overlaps between active contracts are refused by the service."""

    contract = models.ForeignKey(
        MaintenanceContract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="areas"
    )
    green_space = models.ForeignKey(
        GreenSpace, verbose_name=_("green space"), on_delete=models.PROTECT, related_name="contract_areas"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("green space under contract")
        verbose_name_plural = _("green spaces under contract")
        constraints = [
            models.UniqueConstraint(fields=["contract", "green_space"], name="contractarea_unique_space_per_contract")
        ]

    def __str__(self) -> str:
        return f"{self.contract.code} · {self.green_space}"


class WebhookEndpoint(models.Model):
    """Where a contractor wants its orders pushed; signed with the endpoint's ``whsec_`` secret."""

    contractor = models.ForeignKey(
        Contractor, verbose_name=_("contractor"), on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    disabled_reason = models.CharField(_("why it was disabled"), max_length=300, blank=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The secret stays out of the audit history: history rows are readable by more people.
    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["contractor", "url"]

    def __str__(self) -> str:
        return self.url


# --- Weather ----------------------------------------------------------------------------------


class WeatherAlert(models.Model):
    """A CAP 1.2 warning message from the met bureau, as received (unique by sender and identifier)."""

    sender = models.CharField(_("sender"), max_length=200)
    identifier = models.CharField(_("identifier"), max_length=200)
    sent = models.DateTimeField(_("sent"))
    status = models.CharField(_("CAP status"), max_length=10, choices=CapStatus.choices)
    msg_type = models.CharField(_("message type"), max_length=10, choices=CapMsgType.choices)
    scope = models.CharField(_("scope"), max_length=12, choices=CapScope.choices)
    references = models.TextField(_("references"), blank=True)
    refers_to = models.ManyToManyField(
        "self", verbose_name=_("refers to"), symmetrical=False, blank=True, related_name="referred_by"
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    warning_type = models.CharField(_("warning type"), max_length=2, choices=WarningType.choices, blank=True)
    level = models.CharField(_("level"), max_length=2, choices=WarningLevel.choices, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=AlertState.choices)
    event = models.CharField(_("event"), max_length=100, blank=True)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    instruction = models.TextField(_("instruction"), blank=True)
    area_description = models.TextField(_("area"), blank=True)
    geocodes = models.JSONField(_("geocodes"), default=list, blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("districts"), blank=True, related_name="alerts")
    effective = models.DateTimeField(_("effective"), null=True, blank=True)
    onset = models.DateTimeField(_("onset"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    source = models.CharField(_("received through"), max_length=10, choices=AlertSource.choices)
    raw_xml = models.TextField(_("CAP document"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("weather warning")
        verbose_name_plural = _("weather warnings")
        ordering = ["-sent", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "identifier"], name="weatheralert_unique_sender_identifier"),
        ]

    def __str__(self) -> str:
        return self.headline or f"{self.sender} {self.identifier}"

    @property
    def dispatchable(self) -> bool:
        """Only real (status Actual) alerts and updates ever create orders."""
        return self.status == CapStatus.ACTUAL and self.msg_type in (CapMsgType.ALERT, CapMsgType.UPDATE)


class DailyForecast(models.Model):
    """One day of forecast for a district or the whole city (Open-Meteo-style daily fields)."""

    area_code = models.CharField(
        _("area code"), max_length=6, help_text=_("GB/T 2260 code of the district, or 140300 for the whole city.")
    )
    date = models.DateField(_("date"))
    temperature_max_c = models.DecimalField(_("max temperature (°C)"), max_digits=5, decimal_places=1, null=True)
    temperature_min_c = models.DecimalField(_("min temperature (°C)"), max_digits=5, decimal_places=1, null=True)
    precipitation_mm = models.DecimalField(_("precipitation (mm)"), max_digits=6, decimal_places=1, null=True)
    wind_gusts_max_ms = models.DecimalField(_("max wind gusts (m/s)"), max_digits=5, decimal_places=1, null=True)
    et0_mm = models.DecimalField(_("reference evapotranspiration ET0 (mm)"), max_digits=5, decimal_places=2, null=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("daily forecast")
        verbose_name_plural = _("daily forecasts")
        ordering = ["-date", "area_code"]
        constraints = [models.UniqueConstraint(fields=["area_code", "date"], name="forecast_unique_area_date")]

    def __str__(self) -> str:
        return f"{self.area_code} {self.date:%Y-%m-%d}"


class SoilWaterBalance(models.Model):
    """One day of a green space's root-zone water balance and cistern store (FAO-56, see irrigation.py)."""

    green_space = models.ForeignKey(
        GreenSpace, verbose_name=_("green space"), on_delete=models.CASCADE, related_name="water_balances"
    )
    date = models.DateField(_("date"))
    et0_mm = models.DecimalField(_("ET0 (mm)"), max_digits=5, decimal_places=2, null=True)
    etl_mm = models.DecimalField(_("landscape water use ETL (mm)"), max_digits=5, decimal_places=2)
    effective_rain_mm = models.DecimalField(_("effective rain (mm)"), max_digits=6, decimal_places=2)
    depletion_mm = models.DecimalField(_("root-zone depletion at day end (mm)"), max_digits=6, decimal_places=2)
    irrigation_mm = models.DecimalField(_("irrigation advised, gross (mm)"), max_digits=6, decimal_places=2)
    cistern_m3 = models.DecimalField(_("cistern store at day end (m³)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("soil water balance")
        verbose_name_plural = _("soil water balances")
        ordering = ["-date", "green_space"]
        constraints = [models.UniqueConstraint(fields=["green_space", "date"], name="waterbalance_unique_space_day")]

    def __str__(self) -> str:
        return f"{self.green_space} {self.date:%Y-%m-%d}"


# --- Response rules and orders ----------------------------------------------------------------


def _default_ack_minutes() -> dict[str, int]:
    return {WarningLevel.RED: 60, WarningLevel.ORANGE: 120, WarningLevel.YELLOW: 360, WarningLevel.BLUE: 720}


def _default_complete_hours() -> dict[str, int]:
    return {WarningLevel.RED: 6, WarningLevel.ORANGE: 12, WarningLevel.YELLOW: 24, WarningLevel.BLUE: 48}


class ResponseRule(models.Model):
    """What contractors must do, where and how fast, when a warning of a type and level arrives."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    warning_type = models.CharField(_("warning type"), max_length=2, choices=WarningType.choices)
    min_level = models.CharField(_("from level"), max_length=2, choices=WarningLevel.choices)
    active = models.BooleanField(_("active"), default=True)
    kinds = models.JSONField(
        _("kinds of green space"),
        default=list,
        blank=True,
        help_text=_("Leave empty for every kind."),
    )
    maintenance_grades = models.JSONField(
        _("maintenance grades"), default=list, blank=True, help_text=_("Leave empty for every grade.")
    )
    needs_heritage_trees = models.BooleanField(_("only where heritage trees stand"), default=False)
    needs_cisterns = models.BooleanField(_("only where there are rainwater cisterns"), default=False)
    needs_sunken_green_space = models.BooleanField(_("only where there is sunken green space"), default=False)
    needs_new_planting = models.BooleanField(_("only where planted in the last two years"), default=False)
    task_zh = models.TextField(_("task (Chinese)"))
    task_en = models.TextField(_("task (English)"))
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    ack_minutes = models.JSONField(
        _("minutes to acknowledge, by level"),
        default=_default_ack_minutes,
        help_text=_('By level code: {"04": red, "03": orange, "02": yellow, "01": blue}.'),
    )
    complete_hours = models.JSONField(
        _("hours to complete, by level"),
        default=_default_complete_hours,
        help_text=_('By level code: {"04": red, "03": orange, "02": yellow, "01": blue}.'),
    )
    is_demo = models.BooleanField(_("seeded default"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("response rule")
        verbose_name_plural = _("response rules")
        ordering = ["warning_type", "min_level", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        unknown_kinds = set(self.kinds or []) - set(GreenSpaceKind.values)
        if unknown_kinds:
            errors["kinds"] = _("Unknown kinds of green space: %(kinds)s") % {"kinds": ", ".join(sorted(unknown_kinds))}
        unknown_grades = set(self.maintenance_grades or []) - set(MaintenanceGrade.values)
        if unknown_grades:
            errors["maintenance_grades"] = _("Unknown maintenance grades: %(grades)s") % {
                "grades": ", ".join(sorted(unknown_grades))
            }
        for field in ("ack_minutes", "complete_hours"):
            value = getattr(self, field) or {}
            if not isinstance(value, dict) or any(
                key not in WarningLevel.values or not isinstance(number, int) or number <= 0
                for key, number in value.items()
            ):
                errors[field] = _("Give a positive whole number for each level code (01–04).")
        if errors:
            raise ValidationError(errors)

    def task(self, language: str | None = None) -> str:
        """The task text in the given (or active) language: Chinese unless English is asked for."""
        language = language or get_language() or "zh-hans"
        return self.task_en if language.startswith("en") and self.task_en else self.task_zh

    def deadline_minutes(self, level: str) -> tuple[int, int]:
        """(minutes to acknowledge, minutes to complete) at ``level``, falling back to the defaults."""
        ack = (self.ack_minutes or {}).get(level) or _default_ack_minutes()[level]
        complete = (self.complete_hours or {}).get(level) or _default_complete_hours()[level]
        return ack, complete * 60


class MaintenanceOrder(models.Model):
    """A piece of maintenance work for one green space, assigned to the contractor under contract."""

    source = models.CharField(_("source"), max_length=12, choices=OrderSource.choices)
    alert = models.ForeignKey(
        WeatherAlert,
        verbose_name=_("weather warning"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    rule = models.ForeignKey(
        ResponseRule,
        verbose_name=_("response rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    green_space = models.ForeignKey(
        GreenSpace, verbose_name=_("green space"), on_delete=models.PROTECT, related_name="maintenance_orders"
    )
    contractor = models.ForeignKey(
        Contractor,
        verbose_name=_("contractor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    title = models.CharField(_("title"), max_length=200)
    task_zh = models.TextField(_("task (Chinese)"))
    task_en = models.TextField(_("task (English)"), blank=True)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=14, choices=OrderStatus.choices)
    ack_due_at = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    complete_due_at = models.DateTimeField(_("complete by"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to staff at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    completion_notes = models.TextField(_("completion notes"), blank=True)
    completion_latitude = models.DecimalField(
        _("completion latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    completion_longitude = models.DecimalField(
        _("completion longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # Irrigation advice only.
    irrigation_date = models.DateField(_("irrigation date"), null=True, blank=True)
    irrigation_depth_mm = models.DecimalField(
        _("depth to apply (mm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    irrigation_volume_m3 = models.DecimalField(
        _("volume to apply (m³)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    irrigation_from_cistern_m3 = models.DecimalField(
        _("of which from cisterns (m³)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("maintenance order")
        verbose_name_plural = _("maintenance orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One order per (warning, rule, green space): re-ingesting or re-running the fan-out is a no-op.
            models.UniqueConstraint(
                fields=["alert", "rule", "green_space"],
                condition=Q(alert__isnull=False),
                name="order_unique_alert_rule_space",
            ),
            models.UniqueConstraint(
                fields=["green_space", "irrigation_date"],
                condition=Q(source=OrderSource.IRRIGATION),
                name="order_unique_irrigation_per_space_day",
            ),
            models.CheckConstraint(
                condition=Q(contractor__isnull=False) | Q(status__in=["unassigned", "cancelled"]),
                name="order_assigned_unless_unassigned",
            ),
        ]
        indexes = [
            models.Index(fields=["contractor", "-id"], name="order_contractor_id_idx"),
            models.Index(fields=["contractor", "status"], name="order_contractor_status_idx"),
            models.Index(fields=["contractor", "updated_at", "id"], name="order_contractor_updated_idx"),
            models.Index(fields=["status", "ack_due_at"], name="order_status_ack_due_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def task(self, language: str | None = None) -> str:
        language = language or get_language() or "zh-hans"
        return self.task_en if language.startswith("en") and self.task_en else self.task_zh

    @property
    def is_overdue(self) -> bool:
        return self.escalated_at is not None and self.status == OrderStatus.ISSUED


class OrderTransition(models.Model):
    """A status change of an order: who, when, from, to and why. Written only by the services."""

    order = models.ForeignKey(
        MaintenanceOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=14, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=14, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("by (label)"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '—'} → {self.to_status}"


def order_photo_path(instance: OrderPhoto, filename: str) -> str:
    return f"orders/{instance.order_id}/{filename}"


class OrderPhoto(models.Model):
    """Evidence photo of completed work, re-encoded without EXIF on upload."""

    order = models.ForeignKey(
        MaintenanceOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=order_photo_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("order photo")
        verbose_name_plural = _("order photos")

    def __str__(self) -> str:
        return self.image.name


# --- Webhook outbox ---------------------------------------------------------------------------


def new_message_id() -> str:
    """A fresh ``webhook-id``."""
    return f"msg_{uuid.uuid4().hex}"


class WebhookMessage(models.Model):
    """One event to deliver to one endpoint: the outbox row, with its retry schedule in the database.

    ``message_id`` is the ``webhook-id`` header, the same on every attempt, so receivers can
    de-duplicate; the body is rendered from the order at the first attempt and then frozen. A worker
    claims the row with a conditional update (pending → sending) before sending, so two workers
    never send the same attempt.
    """

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="messages"
    )
    order = models.ForeignKey(
        MaintenanceOrder,
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_messages",
    )
    message_id = models.CharField(_("webhook-id"), max_length=40, unique=True, default=new_message_id)
    event_type = models.CharField(_("event"), max_length=20, choices=WebhookEventType.choices)
    # Rendered when first sent and then kept, so every retry carries the same bytes.
    body = models.TextField(_("body as sent"), blank=True, default="")
    state = models.CharField(_("state"), max_length=10, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook message")
        verbose_name_plural = _("webhook messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="message_state_due_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.message_id})"


class Delivery(models.Model):
    """One attempt to deliver a webhook message: when, what came back, how long it took."""

    message = models.ForeignKey(
        WebhookMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="deliveries"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("attempted at"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    error = models.CharField(_("error"), max_length=300, blank=True)
    response_excerpt = models.TextField(_("response (start)"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-attempted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "attempt"], name="delivery_unique_attempt"),
        ]

    def __str__(self) -> str:
        return f"{self.message.message_id} #{self.attempt}"


# --- API access -------------------------------------------------------------------------------


class ApiToken(models.Model):
    """A bearer token for the REST API: a contractor's, or the met bureau's (weather push only).

    Only a SHA-256 hash of the token is stored; the token itself is shown once, when created.
    Tokens are long random strings, so a fast hash is enough (nothing to brute-force).
    """

    kind = models.CharField(_("kind"), max_length=12, choices=TokenKind.choices, default=TokenKind.CONTRACTOR)
    contractor = models.ForeignKey(
        Contractor,
        verbose_name=_("contractor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What it is for, e.g. the dispatch system."))
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    key_hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=TokenKind.CONTRACTOR, contractor__isnull=False)
                | Q(kind=TokenKind.MET_BUREAU, contractor__isnull=True),
                name="apitoken_contractor_iff_contractor_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an ``Idempotency-Key``, replayed for the same key and body."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="idempotency_unique_token_key")]

    def __str__(self) -> str:
        return self.key
