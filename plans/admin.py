"""Admin for the plans registry and the indicators: staff keep them here, with full audit history.

A plan's status is never edited directly: the change form offers the moves the plan's life allows
and saves them through ``plans.services.plan_change_status``, which records who made them.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from plans import services
from plans.choices import IndicatorStatus, PlanStatus
from plans.models import Indicator, IndicatorMeasurement, Plan, PlanRelation, PlanStatusChange

STATUS_COLOURS = {
    IndicatorStatus.NO_DATA: "#6b7280",
    IndicatorStatus.MET: "#15803d",
    IndicatorStatus.ON_TRACK: "#1d4ed8",
    IndicatorStatus.AT_RISK: "#b45309",
    IndicatorStatus.MISSED: "#b91c1c",
}


def _number(value: Decimal, unit: str = "") -> str:
    """A figure in the current language without trailing zeros (20.0000 → "20"), with its unit."""
    places = max(0, -value.normalize().as_tuple().exponent)
    return f"{number_format(value, places)} {unit}".strip()


class PlanForm(forms.ModelForm):
    """The plan form, with the status change offered as a move rather than an editable field."""

    new_status = forms.ChoiceField(
        label=_("change status to"),
        required=False,
        help_text=_("Only the moves the plan's life allows are offered; the change is recorded with your name."),
    )
    status_note = forms.CharField(
        label=_("note on the status change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Plan
        # No "status": it changes only through the service, offered below as "change status to".
        fields = ["title", "kind", "author_unit", "notes", "compiled_year", "period_start_year", "period_end_year"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new plan starts as drafting; it moves on once it exists.
            del self.fields["new_status"]
            del self.fields["status_note"]
            return
        targets = services.plan_status_targets(self.instance.status)
        self.fields["new_status"].choices = [("", "---------")] + [
            (value, PlanStatus(value).label) for value in targets
        ]


class PlanRelationInline(admin.TabularInline):
    model = PlanRelation
    fk_name = "from_plan"
    extra = 0
    fields = ["kind", "to_plan", "note"]
    autocomplete_fields = ["to_plan"]
    verbose_name = _("relation to another plan")
    verbose_name_plural = _("relations to other plans")


class PlanRelationFromOthersInline(admin.TabularInline):
    """Read-only: which plans align with or supersede this one (edited on the other plan)."""

    model = PlanRelation
    fk_name = "to_plan"
    extra = 0
    fields = ["from_plan", "kind", "note"]
    readonly_fields = fields
    can_delete = False
    verbose_name = _("relation from another plan")
    verbose_name_plural = _("relations from other plans")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class PlanStatusChangeInline(admin.TabularInline):
    """The plan's status history; written only by the status change service."""

    model = PlanStatusChange
    extra = 0
    fields = ["at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    form = PlanForm
    list_display = ["title", "kind", "period", "author_unit", "status", "compiled_year"]
    list_filter = ["kind", "status", "author_unit"]
    search_fields = ["title", "author_unit", "notes"]
    readonly_fields = ["status"]
    inlines = [PlanRelationInline, PlanRelationFromOthersInline, PlanStatusChangeInline]

    def get_fieldsets(self, request: HttpRequest, obj: Plan | None = None):
        status_fields = ["status", "new_status", "status_note"] if obj is not None else ["status"]
        return [
            (None, {"fields": ["title", "kind", "author_unit", "notes"]}),
            (_("Period"), {"fields": ["compiled_year", "period_start_year", "period_end_year"]}),
            (_("Status"), {"fields": status_fields}),
        ]

    @admin.display(description=_("period"), ordering="period_start_year")
    def period(self, obj: Plan) -> str:
        return obj.period or "—"

    def save_model(self, request: HttpRequest, obj: Plan, form: PlanForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        new_status = form.cleaned_data.get("new_status")
        if change and new_status:
            services.plan_change_status(
                plan=obj, to=new_status, actor=request.user, note=form.cleaned_data.get("status_note", "")
            )


class IndicatorMeasurementInline(admin.TabularInline):
    model = IndicatorMeasurement
    extra = 0
    fields = ["date", "value", "source"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "scope",
        "target",
        "baseline",
        "absolute_target",
        "latest_value",
        "deadline",
        "progress",
        "standard",
    ]
    list_filter = ["direction", "target_kind", "standard"]
    search_fields = ["name", "code", "scope", "standard", "notes"]
    readonly_fields = ["absolute_target", "latest_value", "progress"]
    inlines = [IndicatorMeasurementInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "unit", "scope", "standard"]}),
        (_("Target"), {"fields": ["direction", "target_kind", "target_value", "deadline", "absolute_target"]}),
        (_("Baseline"), {"fields": ["baseline_value", "baseline_date"]}),
        (_("Progress"), {"fields": ["latest_value", "progress"]}),
        (None, {"fields": ["notes"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("measurements")

    @admin.display(description=_("target"), ordering="target_value")
    def target(self, obj: Indicator) -> str:
        return obj.target_label

    @admin.display(description=_("baseline value"), ordering="baseline_value")
    def baseline(self, obj: Indicator) -> str:
        return "—" if obj.baseline_value is None else _number(obj.baseline_value, obj.unit)

    @admin.display(description=_("target as a value"))
    def absolute_target(self, obj: Indicator) -> str:
        if obj.pk is None or obj.target_absolute is None:
            return "—"
        return _number(obj.target_absolute, obj.unit)

    @admin.display(description=_("latest value"))
    def latest_value(self, obj: Indicator) -> str:
        latest = obj.latest_measurement if obj.pk else None
        if latest is None:
            return "—"
        return f"{_number(latest.value, obj.unit)} ({date_format(latest.date)})"

    @admin.display(description=_("progress"))
    def progress(self, obj: Indicator) -> str:
        if obj.pk is None:
            return "—"
        status = IndicatorStatus(obj.status())
        return format_html('<strong style="color:{}">{}</strong>', STATUS_COLOURS[status], status.label)
