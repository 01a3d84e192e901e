"""Admin of the capital projects: checklist and milestones inline, status changes through the service."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from greening.lib.admin import flagged, percent
from projects import services
from projects.choices import ProjectStatus
from projects.models import DonationScheme, Milestone, Project, WorkItem


class WorkItemInline(admin.TabularInline):
    model = WorkItem
    extra = 0
    fields = ["sort_order", "name", "unit", "planned_quantity", "done_quantity", "progress_shown", "estimated"]
    readonly_fields = ["progress_shown"]

    @admin.display(description=_("progress"))
    def progress_shown(self, obj: WorkItem) -> str:
        return "—" if obj.pk is None else percent(obj.progress, 0)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["name", "owner", "due_date", "done_date", "evidence", "overdue"]
    readonly_fields = ["overdue"]

    @admin.display(description=_("overdue"))
    def overdue(self, obj: Milestone) -> str:
        return "—" if obj.pk is None else flagged(str(_("Overdue") if obj.is_overdue else "—"), alert=obj.is_overdue)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=ProjectStatus.choices)
    on = forms.DateField(label=_("on"), initial=timezone.localdate, required=False)
    note = forms.CharField(label=_("note"), required=False)


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "programme",
        "status",
        "progress",
        "milestones_due",
        "responsible_unit",
        "estimated",
    ]
    list_filter = ["kind", "status", "programme", "estimated"]
    search_fields = ["name", "code", "responsible_unit", "responsible_person"]
    autocomplete_fields = ["green_spaces"]
    readonly_fields = ["status"]
    inlines = [WorkItemInline, MilestoneInline]
    actions = ["change_status"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("work_items", "milestones")

    @admin.display(description=_("progress"))
    def progress(self, obj: Project) -> str:
        return percent(services.project_progress(obj), 0)

    @admin.display(description=_("milestones done / due / overdue"))
    def milestones_due(self, obj: Project) -> str:
        milestones = list(obj.milestones.all())
        done = sum(1 for milestone in milestones if milestone.done_date)
        overdue = sum(1 for milestone in milestones if milestone.is_overdue)
        return flagged(f"{done} / {len(milestones)} / {overdue}", alert=overdue > 0)

    @admin.action(description=_("Change the status"), permissions=["change"])
    def change_status(self, request: HttpRequest, queryset: QuerySet):
        form = StatusForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for project in queryset:
                try:
                    services.project_change_status(
                        project=project,
                        to=form.cleaned_data["status"],
                        on=form.cleaned_data["on"],
                        note=form.cleaned_data["note"],
                        actor=request.user,
                    )
                except ValidationError as error:
                    self.message_user(request, f"{project}: {' '.join(error.messages)}", messages.ERROR)
                else:
                    self.message_user(request, f"{project}: {project.get_status_display()}", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change the status"),
            "objects": queryset,
            "form": form,
            "action": "change_status",
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/action_with_form.html", context)


@admin.register(DonationScheme)
class DonationSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "threshold", "naming_term_years", "in_force"]

    @admin.display(description=_("naming rights above (yuan)"), ordering="naming_threshold")
    def threshold(self, obj: DonationScheme) -> str:
        return number_format(obj.naming_threshold, 0, force_grouping=True)


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["name", "project", "owner", "due", "done_date"]
    list_filter = ["project"]
    search_fields = ["name", "owner", "project__name"]

    @admin.display(description=_("due"), ordering="due_date")
    def due(self, obj: Milestone) -> str:
        return flagged(date_format(obj.due_date), alert=obj.is_overdue)
