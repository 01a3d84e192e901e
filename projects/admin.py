"""Admin of the capital projects: checklist, milestones, surfaces, funding, inspections inline; every status
change (project, funding application, naming request, finding) through an action that calls its service."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from greening.lib.admin import ServiceActionsMixin, flagged, percent
from projects import selectors, services
from projects.choices import FundingApplicationStatus, FundingSourceKind, ProjectStatus
from projects.models import (
    DesignRainfall,
    Disbursement,
    Donation,
    DonationScheme,
    Donor,
    FundingApplication,
    InspectionFinding,
    Milestone,
    NamingRequest,
    Project,
    ProjectInspection,
    RunoffCoefficient,
    SpecialSupervisor,
    SurfaceArea,
    WorkItem,
)

ZERO = Decimal("0")
MONEY_OUTPUT = DecimalField(max_digits=14, decimal_places=2)


def yuan(value: Decimal | None) -> str:
    return "—" if value is None else number_format(value, 2, force_grouping=True)


def _sum_subquery(model, link: str, field: str, **filters) -> Coalesce:
    rows = model.objects.filter(**{link: OuterRef("pk")}, **filters).order_by().values(link)
    return Coalesce(
        Subquery(rows.annotate(total=Sum(field)).values("total"), output_field=MONEY_OUTPUT),
        Value(ZERO),
        output_field=MONEY_OUTPUT,
    )


# --- Projects ----------------------------------------------------------------------------------------------


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


class SurfaceAreaInline(admin.TabularInline):
    model = SurfaceArea
    extra = 0
    fields = ["surface", "green_space", "area_m2", "estimated", "note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("surface", "green_space")


class FundingApplicationInline(admin.TabularInline):
    model = FundingApplication
    extra = 0
    show_change_link = True
    fields = ["source_kind", "reference", "requested_amount", "applied_on", "status", "approved_amount", "approved_on"]
    readonly_fields = ["status", "approved_amount", "approved_on"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ProjectInspectionInline(admin.TabularInline):
    model = ProjectInspection
    extra = 0
    show_change_link = True
    fields = ["kind", "scheduled_for", "held_on", "place"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=ProjectStatus.choices)
    on = forms.DateField(label=_("on"), initial=timezone.localdate, required=False)
    note = forms.CharField(label=_("note"), required=False)


@admin.register(Project)
class ProjectAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "programme",
        "status",
        "progress",
        "milestones_due",
        "budget_shown",
        "committed",
        "spent",
        "responsible_unit",
        "estimated",
    ]
    list_filter = ["kind", "status", "programme", "estimated"]
    search_fields = ["name", "code", "responsible_unit", "responsible_person"]
    autocomplete_fields = ["green_spaces"]
    readonly_fields = ["status", "funding_figures", "sponge_figures"]
    inlines = [WorkItemInline, MilestoneInline, SurfaceAreaInline, FundingApplicationInline, ProjectInspectionInline]
    actions = ["change_status"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "code",
                    "kind",
                    "programme",
                    "green_spaces",
                    "status",
                    "responsible_unit",
                    "responsible_person",
                    "description",
                ]
            },
        ),
        (_("Dates"), {"fields": ["planned_start", "planned_end", "actual_start", "actual_end"]}),
        (_("Money"), {"fields": ["budget", "funding_figures"]}),
        (_("Sponge city"), {"fields": ["hard_paving_target", "design_rainfall", "sponge_figures"]}),
        (_("Sources"), {"fields": ["estimated", "source_note"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("work_items", "milestones")
            .annotate(
                committed_total=_sum_subquery(
                    FundingApplication, "project", "approved_amount", status=FundingApplicationStatus.APPROVED
                ),
                spent_total=_sum_subquery(Disbursement, "application__project", "amount"),
            )
        )

    @admin.display(description=_("progress"))
    def progress(self, obj: Project) -> str:
        return percent(selectors.project_progress(obj), 0)

    @admin.display(description=_("milestones done / due / overdue"))
    def milestones_due(self, obj: Project) -> str:
        today = timezone.localdate()
        milestones = list(obj.milestones.all())
        done = sum(1 for milestone in milestones if milestone.done_date)
        overdue = sum(1 for milestone in milestones if milestone.is_overdue_on(today))
        return flagged(f"{done} / {len(milestones)} / {overdue}", alert=overdue > 0)

    @admin.display(description=_("budget (yuan)"), ordering="budget")
    def budget_shown(self, obj: Project) -> str:
        return yuan(obj.budget)

    @admin.display(description=_("committed (yuan)"), ordering="committed_total")
    def committed(self, obj: Project) -> str:
        return yuan(obj.committed_total)

    @admin.display(description=_("spent (yuan)"), ordering="spent_total")
    def spent(self, obj: Project) -> str:
        over = obj.spent_total > obj.committed_total
        return flagged(yuan(obj.spent_total), alert=over)

    @admin.display(description=_("funding"))
    def funding_figures(self, obj: Project) -> str:
        if obj.pk is None:
            return "—"
        summary = selectors.project_funding_rows([obj])[obj.pk]
        lines = [
            (_("Total"), yuan(summary.requested), yuan(summary.committed), yuan(summary.spent)),
            *(
                (FundingSourceKind(kind).label, yuan(row.requested), yuan(row.committed), yuan(row.spent))
                for kind, row in summary.by_source.items()
            ),
        ]
        header = format_html(
            "<tr><th></th><th>{}</th><th>{}</th><th>{}</th></tr>", _("requested"), _("committed"), _("spent")
        )
        body = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>", lines)
        donated = format_html("<p>{}: {}</p>", _("Donations received for it (yuan)"), yuan(summary.donated))
        return format_html("<table>{}{}</table>{}", header, body, donated)

    @admin.display(description=_("sponge figures"))
    def sponge_figures(self, obj: Project) -> str:
        if obj.pk is None:
            return "—"
        metrics = selectors.sponge_metrics(obj)
        rainfall = metrics.design_rainfall
        rows = [
            (_("land area (m²)"), number_format(metrics.land_area_m2, 0, force_grouping=True)),
            (
                _("composite runoff coefficient φ"),
                "—" if metrics.runoff_coefficient is None else number_format(metrics.runoff_coefficient, 3),
            ),
            (_("design rainfall"), "—" if rainfall is None else str(rainfall)),
            (
                _("design capture volume V = 10·H·φ·F (m³)"),
                "—"
                if metrics.capture_volume_m3 is None
                else number_format(metrics.capture_volume_m3, 0, force_grouping=True),
            ),
            (_("hard-paving ratio"), percent(metrics.hard_paving_ratio)),
            (_("hard-paving target"), percent(metrics.hard_paving_target, 0)),
            (_("cistern capacity (m³)"), number_format(metrics.cistern_capacity_m3, 0, force_grouping=True)),
        ]
        table = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        warning = ""
        if metrics.meets_paving_target is False:
            warning = flagged(str(_("Above the hard-paving target")), alert=True)
        estimated = format_html("<p>{}</p>", _("Includes estimated figures.")) if metrics.estimated else ""
        return format_html("<table>{}</table>{}{}", table, warning, estimated)

    @admin.action(description=_("Change the status"), permissions=["change"])
    def change_status(self, request: HttpRequest, queryset: QuerySet):
        def apply(project, data):
            services.project_change_status(
                project=project, to=data["status"], on=data["on"], note=data["note"], actor=request.user
            )

        return self._with_form(
            request,
            queryset,
            form_class=StatusForm,
            title=_("Change the status"),
            action="change_status",
            apply=apply,
        )


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
    list_select_related = ["project"]

    @admin.display(description=_("due"), ordering="due_date")
    def due(self, obj: Milestone) -> str:
        return flagged(date_format(obj.due_date), alert=obj.is_overdue)


# --- Sponge data ---------------------------------------------------------------------------------------------


@admin.register(RunoffCoefficient)
class RunoffCoefficientAdmin(SimpleHistoryAdmin):
    list_display = ["name", "surface_type", "coefficient", "range_low", "range_high", "counts_as_paving", "estimated"]
    list_filter = ["counts_as_paving", "estimated"]
    search_fields = ["name"]


@admin.register(DesignRainfall)
class DesignRainfallAdmin(SimpleHistoryAdmin):
    list_display = ["place", "capture_ratio", "depth_mm", "is_default", "estimated"]
    list_filter = ["is_default", "estimated"]


@admin.register(SurfaceArea)
class SurfaceAreaAdmin(SimpleHistoryAdmin):
    list_display = ["project", "green_space", "surface", "area_m2", "estimated"]
    list_filter = ["surface", "estimated"]
    list_select_related = ["project", "green_space", "surface"]
    search_fields = ["project__name", "green_space__name"]
    autocomplete_fields = ["project", "green_space"]


# --- Funding ---------------------------------------------------------------------------------------------------


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0
    fields = ["paid_on", "amount", "voucher_no", "override_reason", "actor", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ApproveApplicationForm(forms.Form):
    approved_amount = forms.DecimalField(
        label=_("approved (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    approved_on = forms.DateField(label=_("approved on"), initial=timezone.localdate)
    note = forms.CharField(label=_("note"), required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DisbursementForm(forms.Form):
    amount = forms.DecimalField(label=_("amount (yuan)"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), initial=timezone.localdate)
    voucher_no = forms.CharField(label=_("voucher number"), max_length=60, required=False)
    override_reason = forms.CharField(
        label=_("reason for exceeding the approved amount"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed when the payment takes the total above the approved amount."),
    )


@admin.register(FundingApplication)
class FundingApplicationAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = ["project", "source_kind", "applied_on", "requested", "status", "approved", "spent", "remaining"]
    list_filter = ["status", "source_kind"]
    search_fields = ["project__name", "reference"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    inlines = [DisbursementInline]
    actions = ["approve", "reject", "record_disbursement"]
    decided_fields = ["status", "approved_amount", "approved_on", "decided_by", "decision_note"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if obj is None:
            return self.decided_fields
        return [*self.decided_fields, "project", "source_kind", "requested_amount", "applied_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(spent_total=_sum_subquery(Disbursement, "application", "amount"))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("requested (yuan)"), ordering="requested_amount")
    def requested(self, obj: FundingApplication) -> str:
        return yuan(obj.requested_amount)

    @admin.display(description=_("approved (yuan)"), ordering="approved_amount")
    def approved(self, obj: FundingApplication) -> str:
        return yuan(obj.approved_amount)

    @admin.display(description=_("spent (yuan)"), ordering="spent_total")
    def spent(self, obj: FundingApplication) -> str:
        over = obj.approved_amount is not None and obj.spent_total > obj.approved_amount
        return flagged(yuan(obj.spent_total), alert=over)

    @admin.display(description=_("remaining (yuan)"))
    def remaining(self, obj: FundingApplication) -> str:
        return "—" if obj.approved_amount is None else yuan(obj.approved_amount - obj.spent_total)

    @admin.action(description=_("Approve the application"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet):
        def apply(application, data):
            services.funding_application_approve(
                application=application,
                approved_amount=data["approved_amount"],
                approved_on=data["approved_on"],
                note=data["note"],
                actor=request.user,
            )

        return self._with_form(
            request,
            queryset,
            form_class=ApproveApplicationForm,
            title=_("Approve the application"),
            action="approve",
            apply=apply,
        )

    @admin.action(description=_("Reject the application"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet):
        def apply(application, data):
            services.funding_application_reject(application=application, reason=data["reason"], actor=request.user)

        return self._with_form(
            request,
            queryset,
            form_class=RejectForm,
            title=_("Reject the application"),
            action="reject",
            apply=apply,
        )

    @admin.action(description=_("Record a disbursement"), permissions=["change"])
    def record_disbursement(self, request: HttpRequest, queryset: QuerySet):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one application to pay against."), messages.WARNING)
            return None

        def apply(application, data):
            services.disbursement_record(
                application=application,
                amount=data["amount"],
                paid_on=data["paid_on"],
                voucher_no=data["voucher_no"],
                override_reason=data["override_reason"],
                actor=request.user,
            )

        return self._with_form(
            request,
            queryset,
            form_class=DisbursementForm,
            title=_("Record a disbursement"),
            action="record_disbursement",
            apply=apply,
        )


@admin.register(Disbursement)
class DisbursementAdmin(SimpleHistoryAdmin):
    """Read only: disbursements are recorded through the funding application's action (the guard lives there)."""

    list_display = ["voucher_no", "application", "amount_shown", "paid_on", "override", "actor"]
    list_select_related = ["application__project", "actor"]
    search_fields = ["voucher_no", "application__project__name"]
    list_filter = ["application__source_kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("amount (yuan)"), ordering="amount")
    def amount_shown(self, obj: Disbursement) -> str:
        return yuan(obj.amount)

    @admin.display(description=_("override"))
    def override(self, obj: Disbursement) -> str:
        return flagged(obj.override_reason, alert=True) if obj.override_reason else "—"


# --- Donations and naming --------------------------------------------------------------------------------------


class DonationInline(admin.TabularInline):
    model = Donation
    extra = 0
    fields = ["receipt_no", "amount", "project", "green_space", "received_on"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Donor)
class DonorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "credit_code", "donated", "contact_person"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code", "contact_person"]
    inlines = [DonationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(donated_total=_sum_subquery(Donation, "donor", "amount"))

    @admin.display(description=_("donated (yuan)"), ordering="donated_total")
    def donated(self, obj: Donor) -> str:
        return yuan(obj.donated_total)


@admin.register(Donation)
class DonationAdmin(SimpleHistoryAdmin):
    list_display = ["receipt_no", "donor", "amount_shown", "target", "received_on"]
    list_select_related = ["donor", "project", "green_space"]
    search_fields = ["receipt_no", "donor__name"]
    autocomplete_fields = ["donor", "project", "green_space"]
    date_hierarchy = "received_on"

    @admin.display(description=_("amount (yuan)"), ordering="amount")
    def amount_shown(self, obj: Donation) -> str:
        return yuan(obj.amount)

    @admin.display(description=_("for"))
    def target(self, obj: Donation) -> str:
        return obj.target


class NamingRequestAddForm(forms.ModelForm):
    """Adding a request runs the threshold rule first, so a refusal shows on the form."""

    class Meta:
        model = NamingRequest
        fields = ["donor", "green_space", "proposed_name", "requested_on"]

    def clean(self):
        data = super().clean()
        if data.get("donor") is not None:
            try:
                services.naming_request_check(donor=data["donor"])
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return data


class ApproveNamingForm(forms.Form):
    starts_on = forms.DateField(label=_("term from"), initial=timezone.localdate)
    note = forms.CharField(label=_("note"), required=False)


@admin.register(NamingRequest)
class NamingRequestAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = ["proposed_name", "green_space", "donor", "requested_on", "status", "term_start", "term_end"]
    list_filter = ["status"]
    list_select_related = ["green_space", "donor"]
    search_fields = ["proposed_name", "donor__name", "green_space__name"]
    autocomplete_fields = ["donor", "green_space"]
    actions = ["approve", "reject"]
    readonly = [
        "donor",
        "green_space",
        "proposed_name",
        "requested_on",
        "scheme",
        "donated_total",
        "status",
        "term_start",
        "term_end",
        "decided_by",
        "decided_on",
        "decision_note",
        "naming",
    ]

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NamingRequestAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj=None):
        return NamingRequestAddForm.Meta.fields if obj is None else self.readonly

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [] if obj is None else self.readonly

    def save_model(self, request: HttpRequest, obj: NamingRequest, form, change: bool) -> None:
        if change:
            return
        created = services.naming_request_submit(
            donor=obj.donor,
            green_space=obj.green_space,
            proposed_name=obj.proposed_name,
            requested_on=obj.requested_on,
            actor=request.user,
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=_("Approve the naming"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet):
        def apply(naming_request, data):
            services.naming_request_approve(
                request=naming_request, starts_on=data["starts_on"], note=data["note"], actor=request.user
            )

        return self._with_form(
            request,
            queryset,
            form_class=ApproveNamingForm,
            title=_("Approve the naming"),
            action="approve",
            apply=apply,
        )

    @admin.action(description=_("Reject the naming"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet):
        def apply(naming_request, data):
            services.naming_request_reject(request=naming_request, reason=data["reason"], actor=request.user)

        return self._with_form(
            request, queryset, form_class=RejectForm, title=_("Reject the naming"), action="reject", apply=apply
        )


# --- Special supervision -------------------------------------------------------------------------------------------


@admin.register(SpecialSupervisor)
class SpecialSupervisorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "affiliation", "mobile", "user", "active"]
    list_filter = ["active"]
    search_fields = ["name", "affiliation", "mobile"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]


class InspectionFindingInline(admin.StackedInline):
    model = InspectionFinding
    extra = 0
    fields = ["text", "supervisor", "action", "owner_unit", "owner_person", "due_date", "status", "done_on", "overdue"]
    readonly_fields = ["status", "done_on", "overdue"]

    @admin.display(description=_("overdue"))
    def overdue(self, obj: InspectionFinding) -> str:
        return "—" if obj.pk is None else flagged(str(_("Overdue") if obj.is_overdue else "—"), alert=obj.is_overdue)


@admin.register(ProjectInspection)
class ProjectInspectionAdmin(SimpleHistoryAdmin):
    list_display = ["project", "kind", "scheduled_for", "held_on", "place"]
    list_filter = ["kind"]
    list_select_related = ["project"]
    search_fields = ["project__name", "place", "summary"]
    autocomplete_fields = ["project"]
    filter_horizontal = ["invited_supervisors"]
    inlines = [InspectionFindingInline]

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        for finding_form in formset.forms:
            if finding_form.instance.pk is None and finding_form.instance.recorded_by_id is None:
                finding_form.instance.recorded_by = request.user
        super().save_formset(request, form, formset, change)


class CloseFindingForm(forms.Form):
    done_on = forms.DateField(label=_("done on"), initial=timezone.localdate)
    note = forms.CharField(label=_("note"), required=False)


@admin.register(InspectionFinding)
class InspectionFindingAdmin(ServiceActionsMixin, SimpleHistoryAdmin):
    list_display = ["short_text", "inspection", "owner_unit", "owner_person", "due", "status"]
    list_filter = ["status"]
    list_select_related = ["inspection__project"]
    search_fields = ["text", "action", "owner_unit", "owner_person"]
    readonly_fields = ["inspection", "status", "done_on", "recorded_by", "created_at"]
    actions = ["close"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # findings are recorded on their inspection

    @admin.display(description=_("finding"))
    def short_text(self, obj: InspectionFinding) -> str:
        return str(obj)

    @admin.display(description=_("due"), ordering="due_date")
    def due(self, obj: InspectionFinding) -> str:
        return "—" if obj.due_date is None else flagged(date_format(obj.due_date), alert=obj.is_overdue)

    @admin.action(description=_("Mark the follow-up done"), permissions=["change"])
    def close(self, request: HttpRequest, queryset: QuerySet):
        def apply(finding, data):
            services.finding_close(finding=finding, done_on=data["done_on"], note=data["note"], actor=request.user)

        return self._with_form(
            request,
            queryset,
            form_class=CloseFindingForm,
            title=_("Mark the follow-up done"),
            action="close",
            apply=apply,
        )
