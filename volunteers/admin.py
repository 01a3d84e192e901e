"""Admin of the steward programme: staff decide applications, turn problems into orders, reply, train.

Every change of state goes through ``volunteers.services`` (actions with a form where a reason or a
choice is needed); what stewards sent is shown read-only.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from greening.lib.admin import ServiceActionsMixin
from greenspaces.choices import GreenSpaceKind
from greenspaces.models import GreenSpace
from maintenance.choices import Priority
from volunteers import selectors, services
from volunteers.choices import EnrolmentStatus, StewardStatus
from volunteers.models import (
    ChecklistItem,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    ProblemReview,
    Steward,
    StewardApplication,
    Suggestion,
    SuggestionPhoto,
    TrainingEnrolment,
    TrainingSession,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --- Applications and stewards ----------------------------------------------------------------


class ApproveForm(forms.Form):
    green_spaces = forms.ModelMultipleChoiceField(
        label=_("assign green spaces"),
        queryset=GreenSpace.objects.select_related("district"),
        required=False,
        help_text=_("Leave empty to assign the green spaces each applicant preferred."),
        # The admin's filter box: type to narrow hundreds of green spaces down (a plain list without JavaScript).
        widget=FilteredSelectMultiple(_("green spaces"), is_stacked=False),
    )
    reason = forms.CharField(label=_("note to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("reason (shown to the applicant)"), widget=forms.Textarea(attrs={"rows": 3}), required=True
    )


@admin.register(StewardApplication)
class StewardApplicationAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = ["name", "mobile", "status", "availability", "created_at", "decided_at"]
    list_filter = ["status", "availability"]
    search_fields = ["name", "mobile", "motivation"]
    actions = ["approve_applications", "reject_applications"]
    fields = [
        "name", "mobile", "preferred", "availability", "motivation", "consent", "status", "decision_reason",
        "decided_at", "decided_by", "steward", "created_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("preferred_green_spaces")

    @admin.display(description=_("preferred green spaces"))
    def preferred(self, obj: StewardApplication) -> str:
        return "、".join(space.name for space in obj.preferred_green_spaces.all()) or "—"

    @admin.action(description=_("Approve: create the steward accounts and text them a code"), permissions=["change"])
    def approve_applications(self, request: HttpRequest, queryset: QuerySet):
        form = ApproveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            spaces = list(form.cleaned_data["green_spaces"]) or None
            self._each(
                request,
                queryset,
                lambda application: services.application_approve(
                    application=application, actor=request.user, green_spaces=spaces, reason=form.cleaned_data["reason"]
                ),
                _("%(count)d applications approved."),
            )
            return None
        return self._intermediate(request, queryset, form, "approve_applications", _("Approve applications"))

    @admin.action(description=_("Reject, with a reason"), permissions=["change"])
    def reject_applications(self, request: HttpRequest, queryset: QuerySet):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._each(
                request,
                queryset,
                lambda application: services.application_reject(
                    application=application, actor=request.user, reason=form.cleaned_data["reason"]
                ),
                _("%(count)d applications rejected."),
            )
            return None
        return self._intermediate(request, queryset, form, "reject_applications", _("Reject applications"))


class CompletedTrainingInline(ReadOnlyInline):
    model = TrainingEnrolment
    fields = ["session", "status", "updated_at"]
    readonly_fields = fields
    verbose_name = _("training")
    verbose_name_plural = _("training")


class StewardForm(forms.ModelForm):
    class Meta:
        model = Steward
        fields = ["green_spaces", "notes"]


@admin.register(Steward)
class StewardAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    form = StewardForm
    list_display = ["name", "mobile", "status", "space_count", "joined_at"]
    list_filter = ["status"]
    search_fields = ["name", "mobile"]
    readonly_fields = ["name", "mobile", "user", "status", "joined_at"]
    fields = ["name", "mobile", "user", "status", "joined_at", "green_spaces", "notes"]
    inlines = [CompletedTrainingInline]
    autocomplete_fields = ["green_spaces"]
    actions = ["suspend_stewards", "reactivate_stewards"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(space_total=Count("green_spaces"))

    @admin.display(description=_("green spaces"), ordering="space_total")
    def space_count(self, obj: Steward) -> int:
        return obj.space_total

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # The green spaces go through the service (recorded with who changed them), not the form's save_m2m.
        spaces = list(form.cleaned_data.get("green_spaces") or [])
        form.save_m2m = lambda: None
        try:
            services.steward_assign_green_spaces(steward=form.instance, green_spaces=spaces, actor=request.user)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Suspend the stewards"), permissions=["change"])
    def suspend_stewards(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda steward: services.steward_change_status(
                steward=steward, status=StewardStatus.SUSPENDED, actor=request.user
            ),
            _("%(count)d stewards suspended."),
        )

    @admin.action(description=_("Reactivate the stewards"), permissions=["change"])
    def reactivate_stewards(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda steward: services.steward_change_status(
                steward=steward, status=StewardStatus.ACTIVE, actor=request.user
            ),
            _("%(count)d stewards reactivated."),
        )


# --- Checklist and inspections ----------------------------------------------------------------


class ChecklistItemForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("green-space kinds"),
        choices=GreenSpaceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of green space this item applies to; none ticked means every kind."),
    )

    class Meta:
        model = ChecklistItem
        fields = ["code", "name_zh", "name_en", "guidance_zh", "guidance_en", "kinds", "sort_order", "active"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SimpleHistoryAdmin):
    form = ChecklistItemForm
    list_display = ["name_zh", "name_en", "kind_names", "sort_order", "active"]
    list_editable = ["sort_order", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name_zh", "name_en"]

    @admin.display(description=_("green-space kinds"))
    def kind_names(self, obj: ChecklistItem) -> str:
        if not obj.kinds:
            return str(_("every kind"))
        return "、".join(str(GreenSpaceKind(kind).label) for kind in obj.kinds if kind in GreenSpaceKind.values)


class OrderForm(forms.Form):
    priority = forms.ChoiceField(label=_("priority"), choices=Priority.choices, initial=Priority.NORMAL)
    complete_by = forms.DateField(
        label=_("complete by"),
        required=False,
        help_text=_("Leave empty for the default deadline."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_complete_by(self):
        day = self.cleaned_data.get("complete_by")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("The completion deadline must be in the future."))
        return day

    def complete_due_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("complete_by")
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))


class InspectionItemInline(ReadOnlyInline):
    model = InspectionItem
    fields = ["checklist_item", "rating", "problem", "order_link", "verdict"]
    readonly_fields = fields

    @admin.display(description=_("maintenance order"))
    def order_link(self, obj: InspectionItem) -> str:
        if obj.order_id is None:
            return "—"
        url = reverse("admin:maintenance_maintenanceorder_change", args=[obj.order_id])
        return format_html('<a href="{}">#{} · {}</a>', url, obj.order_id, obj.order.get_status_display())


class InspectionPhotoInline(ReadOnlyInline):
    model = InspectionPhoto
    fields = ["image", "uploaded_at"]
    readonly_fields = fields


class ProblemOrdersMixin(ServiceActionsMixin):
    def _order_items(self, request: HttpRequest, items, action: str):
        form = OrderForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._each(
                request,
                items,
                lambda item: services.problem_order_create(
                    item=item,
                    actor=request.user,
                    priority=form.cleaned_data["priority"],
                    complete_due_at=form.complete_due_at(),
                ),
                _("%(count)d maintenance orders created."),
            )
            return None
        return form


@admin.register(Inspection)
class InspectionAdmin(ProblemOrdersMixin, SimpleHistoryAdmin):
    list_display = ["green_space", "steward", "submitted_at", "score", "contractor", "problem_total"]
    list_filter = ["green_space__district", "contractor"]
    search_fields = ["green_space__name", "steward__name", "steward__mobile", "note"]
    date_hierarchy = "submitted_at"
    fields = ["steward", "green_space", "contractor", "submitted_at", "score", "note", "latitude", "longitude"]
    readonly_fields = fields
    inlines = [InspectionItemInline, InspectionPhotoInline]
    actions = ["order_problems"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("green_space", "steward", "contractor")
            .annotate(problems=Count("items", filter=~Q(items__problem="")))
        )

    @admin.display(description=_("problems"), ordering="problems")
    def problem_total(self, obj: Inspection) -> int:
        return obj.problems

    @admin.action(description=_("Turn the problems into maintenance orders"), permissions=["change"])
    def order_problems(self, request: HttpRequest, queryset: QuerySet):
        items = InspectionItem.objects.filter(inspection__in=queryset, order__isnull=True).exclude(problem="")
        form = self._order_items(request, items, "order_problems")
        if form is None:
            return None
        return self._intermediate(
            request, queryset, form, "order_problems", _("Turn the problems into maintenance orders")
        )

    def get_urls(self):
        quality = path("quality/", self.admin_site.admin_view(self.quality_view), name="volunteers_inspection_quality")
        return [quality, *super().get_urls()]

    def quality_view(self, request: HttpRequest):
        """Each contractor's quality score per green space, from the stewards' inspections."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Maintenance quality by contractor and green space"),
            "scores": selectors.quality_scores(),
        }
        return TemplateResponse(request, "admin/volunteers/inspection/quality.html", context)


class ProblemReviewInline(ReadOnlyInline):
    model = ProblemReview
    fields = ["at", "verdict", "note", "order"]
    readonly_fields = fields


@admin.register(InspectionItem)
class InspectionItemAdmin(ProblemOrdersMixin, SimpleHistoryAdmin):
    """The problems stewards reported, each with its order and the steward's verdict on the work."""

    list_display = ["checklist_item", "space", "rating", "problem", "order_link", "verdict"]
    list_filter = ["verdict", ("order", admin.EmptyFieldListFilter), "checklist_item"]
    search_fields = ["problem", "inspection__green_space__name", "inspection__steward__name"]
    fields = ["inspection", "checklist_item", "rating", "problem", "order_link", "verdict"]
    readonly_fields = fields
    inlines = [ProblemReviewInline]
    actions = ["order_problems"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("checklist_item", "inspection__green_space", "order")

    @admin.display(description=_("green space"), ordering="inspection__green_space__name")
    def space(self, obj: InspectionItem) -> str:
        return obj.inspection.green_space.name

    @admin.display(description=_("maintenance order"))
    def order_link(self, obj: InspectionItem) -> str:
        return InspectionItemInline.order_link(None, obj)

    @admin.action(description=_("Turn into maintenance orders"), permissions=["change"])
    def order_problems(self, request: HttpRequest, queryset: QuerySet):
        form = self._order_items(request, queryset, "order_problems")
        if form is None:
            return None
        return self._intermediate(request, queryset, form, "order_problems", _("Turn into maintenance orders"))


# --- Suggestions ------------------------------------------------------------------------------


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("reply"), widget=forms.Textarea(attrs={"rows": 4}))


class SuggestionPhotoInline(ReadOnlyInline):
    model = SuggestionPhoto
    fields = ["image", "uploaded_at"]
    readonly_fields = fields


@admin.register(Suggestion)
class SuggestionAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = ["title", "steward", "green_space", "submitted_at", "status"]
    list_filter = ["status"]
    search_fields = ["title", "text", "steward__name"]
    fields = [
        "title", "text", "steward", "green_space", "latitude", "longitude", "submitted_at", "status", "reply",
        "replied_at", "replied_by",
    ]  # fmt: skip
    readonly_fields = fields
    inlines = [SuggestionPhotoInline]
    actions = ["reply_to_suggestions"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("steward", "green_space")

    @admin.action(description=_("Reply"), permissions=["change"])
    def reply_to_suggestions(self, request: HttpRequest, queryset: QuerySet):
        form = ReplyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._each(
                request,
                queryset,
                lambda suggestion: services.suggestion_reply(
                    suggestion=suggestion, actor=request.user, reply=form.cleaned_data["reply"]
                ),
                _("%(count)d suggestions answered."),
            )
            return None
        return self._intermediate(request, queryset, form, "reply_to_suggestions", _("Reply"))


# --- Training ---------------------------------------------------------------------------------


class EnrolmentInline(ReadOnlyInline):
    model = TrainingEnrolment
    fields = ["steward", "status", "queued_at"]
    readonly_fields = fields


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["topic", "trainer", "starts_at", "place", "capacity", "booked", "waiting", "is_induction"]
    list_filter = ["is_induction"]
    search_fields = ["topic", "trainer", "place"]
    date_hierarchy = "starts_at"
    inlines = [EnrolmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                booked_total=Count(
                    "enrolments", filter=Q(enrolments__status__in=[EnrolmentStatus.BOOKED, EnrolmentStatus.ATTENDED])
                ),
                waiting_total=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
            )
        )

    @admin.display(description=_("booked"))
    def booked(self, obj: TrainingSession) -> int:
        return obj.booked_total

    @admin.display(description=_("waiting"))
    def waiting(self, obj: TrainingSession) -> int:
        return obj.waiting_total

    def save_model(self, request: HttpRequest, obj: TrainingSession, form, change: bool) -> None:
        capacity_changed = change and "capacity" in form.changed_data
        new_capacity = obj.capacity
        if capacity_changed:
            obj.capacity = form.initial["capacity"]
        super().save_model(request, obj, form, change)
        if capacity_changed:
            # New places go to the waiting list through the service.
            services.training_capacity_change(session=obj, capacity=new_capacity, actor=request.user)
            obj.refresh_from_db()


@admin.register(TrainingEnrolment)
class TrainingEnrolmentAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = ["steward", "session", "status", "queued_at"]
    list_filter = ["status", "session"]
    search_fields = ["steward__name", "steward__mobile", "session__topic"]
    fields = ["session", "steward", "status", "queued_at", "updated_at"]
    readonly_fields = fields
    actions = ["mark_attended", "mark_absent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("steward", "session")

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda enrolment: services.training_mark_attendance(enrolment=enrolment, attended=True, actor=request.user),
            _("%(count)d marked as attended."),
        )

    @admin.action(description=_("Mark as absent"), permissions=["change"])
    def mark_absent(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda enrolment: services.training_mark_attendance(
                enrolment=enrolment, attended=False, actor=request.user
            ),
            _("%(count)d marked as absent."),
        )
