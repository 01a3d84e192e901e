"""Admin for the plans registry and the indicators: staff keep them here, with full audit history.

A plan's status is never edited directly: the change form offers the moves the plan's life allows
and saves them through ``plans.services.plan_change_status``, which records who made them.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from greening.lib.admin import ServiceActionsMixin, flagged
from plans import services
from plans.choices import ActionItemStatus, CommentStatus, IndicatorStatus, PlanStatus
from plans.forms import (
    CompleteForm,
    ConsultationOpenForm,
    ExtendForm,
    PlanDocumentForm,
    ReasonForm,
    ReplyForm,
)
from plans.models import (
    ActionItem,
    Consultation,
    ConsultationComment,
    CoordinationMeeting,
    Indicator,
    IndicatorMeasurement,
    Plan,
    PlanDocument,
    PlanProject,
    PlanRelation,
    PlanStatusChange,
    PlanVersion,
)

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


class PlanVersionInline(admin.TabularInline):
    """The plan's versions; numbered on saving, their documents listed and edited on the version's page."""

    model = PlanVersion
    extra = 0
    fields = ["number", "label", "date", "summary", "documents_list", "created_by"]
    readonly_fields = ["number", "documents_list", "created_by"]
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("documents")

    @admin.display(description=_("documents"))
    def documents_list(self, obj: PlanVersion) -> str:
        if obj.pk is None:
            return gettext("Save the version, then add its documents on its own page.")
        documents = list(obj.documents.all())
        if not documents:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:plans_plandocument_change", args=[document.pk]), document.title)
                for document in documents
            ),
        )


class PlanProjectInline(admin.TabularInline):
    model = PlanProject
    extra = 0
    fields = ["project", "note"]
    autocomplete_fields = ["project"]
    verbose_name = _("project this plan delivers")
    verbose_name_plural = _("projects this plan delivers")


def _number_new_versions(formset, user) -> None:
    """Give versions added in the admin the plan's next number and the name of who added them."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for instance in instances:
        if isinstance(instance, PlanVersion) and instance.pk is None:
            instance.number = PlanVersion.next_number(instance.plan)
            instance.created_by = user
        instance._history_user = user
        instance.save()
    formset.save_m2m()


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    form = PlanForm
    list_display = ["title", "kind", "period", "author_unit", "status", "compiled_year"]
    list_filter = ["kind", "status", "author_unit"]
    search_fields = ["title", "author_unit", "notes"]
    readonly_fields = ["status"]
    inlines = [
        PlanVersionInline,
        PlanProjectInline,
        PlanRelationInline,
        PlanRelationFromOthersInline,
        PlanStatusChangeInline,
    ]

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

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is PlanVersion:
            _number_new_versions(formset, request.user)
            return
        super().save_formset(request, form, formset, change)

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


# --- Actions that ask for something first -----------------------------------------------------


# --- Versions and documents -------------------------------------------------------------------


class PlanDocumentInline(admin.TabularInline):
    model = PlanDocument
    form = PlanDocumentForm
    extra = 0
    fields = ["title", "file", "kind", "size", "notes"]
    readonly_fields = ["kind", "size"]


@admin.register(PlanVersion)
class PlanVersionAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "number", "label", "date", "created_by"]
    list_filter = ["label", "plan"]
    search_fields = ["plan__title", "summary", "notes"]
    list_select_related = ["plan", "created_by"]
    fields = ["plan", "number", "label", "date", "summary", "notes", "created_by"]
    readonly_fields = ["number", "created_by"]
    inlines = [PlanDocumentInline]

    def get_readonly_fields(self, request: HttpRequest, obj: PlanVersion | None = None):
        # A version stays with its plan: its number is the plan's.
        return [*self.readonly_fields, "plan"] if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: PlanVersion, form, change: bool) -> None:
        if not change:
            obj.number = PlanVersion.next_number(obj.plan)
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PlanDocument)
class PlanDocumentAdmin(SimpleHistoryAdmin):
    form = PlanDocumentForm
    list_display = ["title", "version", "kind", "size_label", "original_name"]
    list_filter = ["kind"]
    search_fields = ["title", "original_name", "version__plan__title"]
    list_select_related = ["version__plan"]
    fields = ["version", "title", "file", "original_name", "kind", "size", "notes"]
    readonly_fields = ["original_name", "kind", "size"]

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        kwargs["fields"] = ["version", "title", "file", "notes"]
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=_("size"), ordering="size")
    def size_label(self, obj: PlanDocument) -> str:
        return obj.size_label


# --- Public consultation ----------------------------------------------------------------------


class ConsultationCommentInline(admin.TabularInline):
    """The comments received; moderated from the comments list (actions), never edited here."""

    model = ConsultationComment
    extra = 0
    fields = ["created_at", "status", "name", "body", "reply"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Consultation)
class ConsultationAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    form = ConsultationOpenForm
    list_display = ["__str__", "starts_at", "ends_at", "state", "pending_count", "published_count", "opened_by"]
    list_filter = ["version__plan"]
    search_fields = ["version__plan__title", "notice"]
    list_select_related = ["version__plan", "opened_by"]
    inlines = [ConsultationCommentInline]
    actions = ["close_now", "extend"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
                published=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED)),
            )
        )

    def get_fields(self, request: HttpRequest, obj: Consultation | None = None):
        if obj is None:
            return ["version", "starts_at", "ends_at", "notice", "notes"]
        return [
            "version",
            "starts_at",
            "ends_at",
            "notice",
            "notes",
            "opened_by",
            "opened_at",
            "closed_early_by",
            "closed_early_at",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Consultation | None = None):
        if obj is None:
            return []
        # The window changes only through the "close now" and "extend" actions.
        return ["version", "starts_at", "ends_at", "opened_by", "opened_at", "closed_early_by", "closed_early_at"]

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Consultation, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        opened = services.consultation_open(
            version=form.cleaned_data["version"],
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            notice=form.cleaned_data["notice"],
            notes=form.cleaned_data.get("notes", ""),
            actor=request.user,
        )
        obj.pk, obj._state.adding, obj._state.db = opened.pk, False, opened._state.db

    @admin.display(description=_("state"))
    def state(self, obj: Consultation) -> str:
        now = timezone.now()
        if obj.is_open(now):
            return pgettext("consultation", "Open")
        return pgettext("consultation", "Closed") if obj.has_ended(now) else pgettext("consultation", "Not open yet")

    @admin.display(description=_("awaiting moderation"), ordering="pending")
    def pending_count(self, obj: Consultation) -> str:
        return flagged(str(obj.pending), alert=obj.pending > 0)

    @admin.display(description=_("published"), ordering="published")
    def published_count(self, obj: Consultation) -> int:
        return obj.published

    @admin.action(description=_("Close now"), permissions=["change"])
    def close_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda consultation: services.consultation_close(consultation=consultation, actor=request.user),
            gettext("%(count)d consultations closed."),
        )

    @admin.action(description=_("Extend the closing time"), permissions=["change"])
    def extend(self, request: HttpRequest, queryset: QuerySet):
        form = ExtendForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            ends_at = form.cleaned_data["ends_at"]
            self._each(
                request,
                queryset,
                lambda consultation: services.consultation_extend(
                    consultation=consultation, ends_at=ends_at, actor=request.user
                ),
                gettext("%(count)d consultations extended."),
            )
            return None
        return self._intermediate(request, queryset, form, "extend", gettext("Extend the closing time"))


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    """Moderation: comments are the public's words, never edited; staff publish, reject or reply."""

    list_display = ["__str__", "consultation", "status", "name", "has_mobile", "created_at", "replied"]
    list_filter = ["status", "consultation__version__plan"]
    search_fields = ["body", "name", "reply"]
    list_select_related = ["consultation__version__plan"]
    date_hierarchy = "created_at"
    actions = ["publish", "reject", "reply_to"]
    fields = [
        "consultation",
        "created_at",
        "status",
        "body",
        "name",
        "mobile",
        "client_key",
        "moderated_by",
        "moderated_at",
        "rejection_reason",
        "reply",
        "replied_by",
        "replied_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("mobile given"), boolean=True)
    def has_mobile(self, obj: ConsultationComment) -> bool:
        return bool(obj.mobile)

    @admin.display(description=_("replied"), boolean=True)
    def replied(self, obj: ConsultationComment) -> bool:
        return bool(obj.reply)

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda comment: services.comment_publish(comment=comment, actor=request.user),
            gettext("%(count)d comments published."),
        )

    @admin.action(description=_("Do not publish, with a reason"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                lambda comment: services.comment_reject(comment=comment, reason=reason, actor=request.user),
                gettext("%(count)d comments rejected."),
            )
            return None
        return self._intermediate(request, queryset, form, "reject", gettext("Do not publish, with a reason"))

    @admin.action(description=_("Reply and publish"), permissions=["change"])
    def reply_to(self, request: HttpRequest, queryset: QuerySet):
        form = ReplyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            text = form.cleaned_data["text"]
            self._each(
                request,
                queryset,
                lambda comment: services.comment_reply(comment=comment, text=text, actor=request.user),
                gettext("%(count)d comments answered and published."),
            )
            return None
        return self._intermediate(request, queryset, form, "reply_to", gettext("Reply and publish"))


# --- Coordination meetings (碰头机制) ---------------------------------------------------------


class ActionItemInline(admin.TabularInline):
    """Action items of the meeting; completed or dropped from the action items list (recorded)."""

    model = ActionItem
    extra = 1
    fields = ["text", "owner_unit", "owner_person", "due_date", "status_flag", "done_on", "note"]
    readonly_fields = ["status_flag", "done_on"]

    @admin.display(description=_("status"))
    def status_flag(self, obj: ActionItem) -> str:
        if obj.pk is None:
            return "—"
        label = gettext("Overdue") if obj.is_overdue else obj.get_status_display()
        return flagged(label, alert=obj.is_overdue)


@admin.register(CoordinationMeeting)
class CoordinationMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "title", "convened_by", "open_items", "overdue_items"]
    search_fields = ["title", "convened_by", "units_attending", "minutes", "decisions"]
    list_filter = ["plans"]
    date_hierarchy = "date"
    filter_horizontal = ["plans"]
    fields = ["date", "title", "convened_by", "units_attending", "plans", "minutes", "decisions", "recorded_by"]
    readonly_fields = ["recorded_by"]
    inlines = [ActionItemInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        today = timezone.localdate()
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_count=Count("action_items", filter=Q(action_items__status=ActionItemStatus.OPEN)),
                overdue_count=Count(
                    "action_items",
                    filter=Q(action_items__status=ActionItemStatus.OPEN, action_items__due_date__lt=today),
                ),
            )
        )

    def save_model(self, request: HttpRequest, obj: CoordinationMeeting, form, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("open actions"), ordering="open_count")
    def open_items(self, obj: CoordinationMeeting) -> int:
        return obj.open_count

    @admin.display(description=_("overdue actions"), ordering="overdue_count")
    def overdue_items(self, obj: CoordinationMeeting) -> str:
        return flagged(str(obj.overdue_count), alert=obj.overdue_count > 0)


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet):
        overdue = Q(status=ActionItemStatus.OPEN, due_date__lt=timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


@admin.register(ActionItem)
class ActionItemAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "owner_unit", "owner_person", "due", "status", "done_on"]
    list_filter = [OverdueFilter, "status", "owner_unit"]
    search_fields = ["text", "owner_unit", "owner_person", "meeting__title"]
    list_select_related = ["meeting"]
    fields = ["meeting", "text", "owner_unit", "owner_person", "due_date", "status", "done_on", "note"]
    readonly_fields = ["status", "done_on"]
    actions = ["complete", "drop"]

    @admin.display(description=_("due"), ordering="due_date")
    def due(self, obj: ActionItem) -> str:
        return flagged(date_format(obj.due_date), alert=obj.is_overdue)

    @admin.action(description=_("Mark done"), permissions=["change"])
    def complete(self, request: HttpRequest, queryset: QuerySet):
        form = CompleteForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            on, note = form.cleaned_data["on"], form.cleaned_data["note"]
            self._each(
                request,
                queryset,
                lambda item: services.action_item_complete(item=item, on=on, note=note, actor=request.user),
                gettext("%(count)d action items done."),
            )
            return None
        return self._intermediate(request, queryset, form, "complete", gettext("Mark done"))

    @admin.action(description=_("Drop, with a reason"), permissions=["change"])
    def drop(self, request: HttpRequest, queryset: QuerySet):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                lambda item: services.action_item_drop(item=item, reason=reason, actor=request.user),
                gettext("%(count)d action items dropped."),
            )
            return None
        return self._intermediate(request, queryset, form, "drop", gettext("Drop, with a reason"))
