"""Admin for the weather → maintenance pipeline. Status changes go through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from greening.lib.admin import ServiceActionsMixin, flagged
from greenspaces.choices import GreenSpaceKind, MaintenanceGrade
from maintenance import selectors, services
from maintenance.choices import MessageState, OrderStatus, TokenKind
from maintenance.models import (
    ApiToken,
    ContractArea,
    Contractor,
    DailyForecast,
    Delivery,
    MaintenanceContract,
    MaintenanceOrder,
    OrderPhoto,
    OrderTransition,
    ResponseRule,
    SoilWaterBalance,
    WeatherAlert,
    WebhookEndpoint,
    WebhookMessage,
)


class ReadOnlyAdminMixin:
    """Records written by the pipeline: staff read them, never edit them."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --- Contractors and contracts ----------------------------------------------------------------


class WebhookEndpointInline(admin.TabularInline):
    """The contractor's endpoints, read here; they are added on their own page, which checks the URL."""

    model = WebhookEndpoint
    extra = 0
    fields = ["url", "description", "active", "consecutive_failures", "disabled_reason"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contractor)
class ContractorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "contact_person", "contact_phone", "duty_phone", "open_orders", "active"]
    list_filter = ["active", "is_demo"]
    search_fields = ["name", "credit_code", "contact_person"]
    inlines = [WebhookEndpointInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_total=Count(
                    "orders",
                    filter=Q(
                        orders__status__in=[OrderStatus.ISSUED, OrderStatus.ACKNOWLEDGED, OrderStatus.IN_PROGRESS]
                    ),
                )
            )
        )

    @admin.display(description=_("open orders"), ordering="open_total")
    def open_orders(self, obj: Contractor) -> int:
        return obj.open_total


class ContractAreaInlineFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.start_date or not self.instance.end_date:
            return
        ids = [
            form.cleaned_data["green_space"].pk
            for form in self.forms
            if form.cleaned_data.get("green_space") and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.contract_check_overlaps(contract=self.instance, green_space_ids=ids)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


class ContractAreaInline(admin.TabularInline):
    model = ContractArea
    formset = ContractAreaInlineFormSet
    extra = 1
    autocomplete_fields = ["green_space"]


@admin.register(MaintenanceContract)
class MaintenanceContractAdmin(SimpleHistoryAdmin):
    list_display = ["code", "contractor", "start_date", "end_date", "status", "maintenance_grade", "space_count"]
    list_filter = ["status", "contractor", "maintenance_grade"]
    search_fields = ["code", "contractor__name"]
    autocomplete_fields = ["contractor"]
    inlines = [ContractAreaInline]
    date_hierarchy = "start_date"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("contractor").annotate(space_total=Count("areas"))

    @admin.display(description=_("green spaces"), ordering="space_total")
    def space_count(self, obj: MaintenanceContract) -> int:
        return obj.space_total

    def changelist_view(self, request: HttpRequest, extra_context=None):
        uncovered = list(selectors.green_spaces_without_contract())
        if uncovered:
            self.message_user(
                request,
                ngettext(
                    "%(count)d green space is under no active contract: %(names)s",
                    "%(count)d green spaces are under no active contract: %(names)s",
                    len(uncovered),
                )
                % {"count": len(uncovered), "names": "、".join(space.name for space in uncovered)},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)


# --- Weather ----------------------------------------------------------------------------------


class AlertOrderInline(admin.TabularInline):
    model = MaintenanceOrder
    fk_name = "alert"
    extra = 0
    fields = ["order_link", "green_space", "contractor", "status", "ack_due_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("order"))
    def order_link(self, obj: MaintenanceOrder) -> str:
        url = reverse("admin:maintenance_maintenanceorder_change", args=[obj.pk])
        return format_html('<a href="{}">#{}</a>', url, obj.pk)


class CapUploadForm(forms.Form):
    document = forms.FileField(label=_("CAP 1.2 XML file"))
    replay = forms.BooleanField(label=_("Act on it even if it has expired (replay for training)"), required=False)


@admin.register(WeatherAlert)
class WeatherAlertAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "warning_type",
        "level",
        "msg_type",
        "status",
        "state",
        "sent",
        "expires",
        "order_count",
    ]
    list_filter = ["state", "warning_type", "level", "status", "msg_type", "source", "districts"]
    search_fields = ["headline", "identifier", "sender", "event"]
    date_hierarchy = "sent"
    inlines = [AlertOrderInline]
    readonly_fields = [
        "sender", "identifier", "sent", "status", "msg_type", "scope", "references", "warning_type", "level",
        "state", "event", "headline", "description", "instruction", "area_description", "geocodes",
        "district_names", "effective", "onset", "expires", "source", "received_at", "cancelled_at",
        "superseded_by", "raw_xml",
    ]  # fmt: skip
    exclude = ["districts", "refers_to"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(order_total=Count("orders"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("orders"), ordering="order_total")
    def order_count(self, obj: WeatherAlert) -> int:
        return obj.order_total

    @admin.display(description=_("districts"))
    def district_names(self, obj: WeatherAlert) -> str:
        return "、".join(district.name for district in obj.districts.all()) or "—"

    def get_urls(self):
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="maintenance_weatheralert_upload")
        return [upload, *super().get_urls()]

    def upload_view(self, request: HttpRequest):
        """Staff ingest a CAP file by hand (the same service as the command and the push endpoint)."""
        from maintenance.cap import CapError
        from maintenance.choices import AlertSource

        if not self.has_view_permission(request) or not request.user.has_perm("maintenance.add_maintenanceorder"):
            raise PermissionDenied
        form = CapUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.alert_ingest(
                    document=form.cleaned_data["document"].read(),
                    source=AlertSource.ADMIN,
                    replay=form.cleaned_data["replay"],
                )
            except (CapError, services.AlertError) as error:
                form.add_error("document", error.message)
            else:
                if result.created:
                    self.message_user(
                        request,
                        _("Warning stored: %(created)d orders created, %(updated)d updated, %(cancelled)d cancelled.")
                        % {
                            "created": result.fan_out.created_count,
                            "updated": len(result.fan_out.updated),
                            "cancelled": len(result.fan_out.cancelled),
                        },
                        messages.SUCCESS,
                    )
                else:
                    self.message_user(request, _("This warning was already on record; nothing changed."), messages.INFO)
                return HttpResponseRedirect(reverse("admin:maintenance_weatheralert_change", args=[result.alert.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Upload a CAP warning"),
        }
        return TemplateResponse(request, "admin/maintenance/weatheralert/upload.html", context)


@admin.register(DailyForecast)
class DailyForecastAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "date",
        "area_code",
        "temperature_max_c",
        "temperature_min_c",
        "precipitation_mm",
        "wind_gusts_max_ms",
        "et0_mm",
    ]
    list_filter = ["area_code"]
    date_hierarchy = "date"


@admin.register(SoilWaterBalance)
class SoilWaterBalanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "date",
        "green_space",
        "et0_mm",
        "etl_mm",
        "effective_rain_mm",
        "depletion_mm",
        "irrigation_mm",
        "cistern_m3",
    ]
    list_filter = ["green_space__district"]
    search_fields = ["green_space__name"]
    date_hierarchy = "date"
    list_select_related = ["green_space"]


# --- Rules ------------------------------------------------------------------------------------


class ResponseRuleForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("kinds of green space"),
        choices=GreenSpaceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every kind."),
    )
    maintenance_grades = forms.MultipleChoiceField(
        label=_("maintenance grades"),
        choices=MaintenanceGrade.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every grade."),
    )

    class Meta:
        model = ResponseRule
        fields = [
            "name", "warning_type", "min_level", "active", "kinds", "maintenance_grades", "needs_heritage_trees",
            "needs_cisterns", "needs_sunken_green_space", "needs_new_planting", "task_zh", "task_en", "priority",
            "ack_minutes", "complete_hours",
        ]  # fmt: skip


@admin.register(ResponseRule)
class ResponseRuleAdmin(SimpleHistoryAdmin):
    form = ResponseRuleForm
    list_display = ["name", "warning_type", "min_level", "priority", "active", "filters"]
    list_filter = ["warning_type", "min_level", "priority", "active"]
    search_fields = ["name", "task_zh", "task_en"]
    list_editable = ["active"]

    @admin.display(description=_("only where"))
    def filters(self, obj: ResponseRule) -> str:
        parts = [GreenSpaceKind(kind).label for kind in obj.kinds or []]
        parts += [MaintenanceGrade(grade).label for grade in obj.maintenance_grades or []]
        for flag in ("needs_heritage_trees", "needs_cisterns", "needs_sunken_green_space", "needs_new_planting"):
            if getattr(obj, flag):
                parts.append(str(ResponseRule._meta.get_field(flag).verbose_name))
        return "；".join(str(part) for part in parts) or "—"


# --- Orders -----------------------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("acknowledgement")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("In time"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        overdue = Q(status=OrderStatus.ISSUED, ack_due_at__lt=timezone.now())
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class OrderTransitionInline(admin.TabularInline):
    model = OrderTransition
    extra = 0
    fields = ["at", "from_status", "to_status", "actor_label", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OrderPhotoInline(admin.TabularInline):
    model = OrderPhoto
    extra = 0
    fields = ["preview", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("photo"))
    def preview(self, obj: OrderPhoto) -> str:
        return format_html('<a href="{0}"><img src="{0}" style="max-height:120px" alt=""></a>', obj.image.url)


class ReassignForm(forms.Form):
    contractor = forms.ModelChoiceField(label=_("contractor"), queryset=Contractor.objects.filter(active=True))
    note = forms.CharField(label=_("note"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(MaintenanceOrder)
class MaintenanceOrderAdmin(ServiceActionsMixin, admin.ModelAdmin):
    refusals = (services.TransitionError, ValidationError)
    list_display = ["id", "green_space", "task_name", "district", "contractor", "status", "priority", "ack_due"]
    list_filter = [
        "status",
        OverdueFilter,
        "source",
        "priority",
        "contractor",
        "green_space__district",
        "alert__warning_type",
        "alert",
    ]
    search_fields = ["=id", "title", "green_space__name", "contractor__name", "alert__headline"]
    date_hierarchy = "created_at"
    list_select_related = ["contractor", "green_space__district", "rule"]
    raw_id_fields = ["alert"]
    actions = ["verify_orders", "cancel_orders", "reassign_orders"]
    inlines = [OrderPhotoInline, OrderTransitionInline]
    readonly_fields = [
        "source", "alert", "rule", "green_space", "contractor", "title", "task_zh", "task_en", "priority", "status",
        "ack_due_at", "complete_due_at", "escalated_at", "acknowledged_at", "started_at", "completed_at",
        "verified_at", "completion_notes", "completion_latitude", "completion_longitude", "decline_reason",
        "irrigation_date", "irrigation_depth_mm", "irrigation_volume_m3", "irrigation_from_cistern_m3",
        "created_at", "updated_at", "deliveries",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("task"))
    def task_name(self, obj: MaintenanceOrder) -> str:
        return obj.rule.name if obj.rule_id else obj.get_source_display()

    @admin.display(description=_("district"), ordering="green_space__district")
    def district(self, obj: MaintenanceOrder) -> str:
        return obj.green_space.district.name

    @admin.display(description=_("acknowledge by"), ordering="ack_due_at")
    def ack_due(self, obj: MaintenanceOrder) -> str:
        if obj.ack_due_at is None:
            return "—"
        late = obj.status == OrderStatus.ISSUED and obj.ack_due_at < timezone.now()
        return flagged(timezone.localtime(obj.ack_due_at).strftime("%Y-%m-%d %H:%M"), alert=late)

    @admin.display(description=_("webhook deliveries"))
    def deliveries(self, obj: MaintenanceOrder) -> str:
        rows = obj.webhook_messages.select_related("endpoint").order_by("created_at")
        return (
            format_html_join(
                "",
                "<div>{} → {}: {} ({})</div>",
                ((m.event_type, m.endpoint.url, m.get_state_display(), m.attempts) for m in rows),
            )
            or "—"
        )

    @admin.action(description=_("Verify the completed work"), permissions=["change"])
    def verify_orders(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda order: services.order_verify(order=order, actor=request.user),
            _("%(count)d orders verified."),
        )

    @admin.action(description=_("Cancel orders"), permissions=["change"])
    def cancel_orders(self, request: HttpRequest, queryset: QuerySet):
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                lambda order: services.order_cancel(order=order, actor=request.user, reason=reason),
                _("%(count)d orders cancelled."),
            )
            return None
        return self._intermediate(request, queryset, form, "cancel_orders", _("Cancel orders"))

    @admin.action(description=_("Reassign to another contractor"), permissions=["change"])
    def reassign_orders(self, request: HttpRequest, queryset: QuerySet):
        form = ReassignForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            contractor, note = form.cleaned_data["contractor"], form.cleaned_data["note"]
            self._each(
                request,
                queryset,
                lambda order: services.order_reassign(
                    order=order, contractor=contractor, actor=request.user, note=note
                ),
                _("%(count)d orders reassigned."),
            )
            return None
        return self._intermediate(request, queryset, form, "reassign_orders", _("Reassign to another contractor"))


# --- Webhooks ---------------------------------------------------------------------------------


class WebhookEndpointForm(forms.ModelForm):
    class Meta:
        model = WebhookEndpoint
        fields = ["contractor", "url", "description", "active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        services.check_webhook_url(url)
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(SimpleHistoryAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "contractor", "active", "health", "last_success_at", "last_failure_at"]
    list_filter = ["active", "contractor"]
    search_fields = ["url", "contractor__name"]
    autocomplete_fields = ["contractor"]
    readonly_fields = [
        "consecutive_failures",
        "last_success_at",
        "last_failure_at",
        "disabled_reason",
        "disabled_at",
        "created_at",
    ]
    actions = ["send_ping"]

    @admin.display(description=_("failures in a row"), ordering="consecutive_failures")
    def health(self, obj: WebhookEndpoint) -> str:
        return flagged(str(obj.consecutive_failures), alert=obj.consecutive_failures > 0 or not obj.active)

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in ("url", "description", "active")}
        if change:
            services.webhook_endpoint_update(endpoint=obj, actor=request.user, **data)
            return
        endpoint = services.webhook_endpoint_create(
            contractor=form.cleaned_data["contractor"], actor=request.user, **data
        )
        obj.pk, obj.secret = endpoint.pk, endpoint.secret
        obj._state.adding = False
        self.message_user(
            request,
            _("The signing secret is %(secret)s: give it to the contractor now, it is not shown again.")
            % {"secret": endpoint.secret},
            messages.WARNING,
        )

    @admin.action(description=_("Send a signed test event"), permissions=["change"])
    def send_ping(self, request: HttpRequest, queryset: QuerySet) -> None:
        for endpoint in queryset:
            services.webhook_ping(endpoint=endpoint)
        self.message_user(request, _("Test events queued."), messages.SUCCESS)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["attempt", "attempted_at", "status_code", "latency_ms", "succeeded", "error"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookMessage)
class WebhookMessageAdmin(admin.ModelAdmin):
    list_display = [
        "message_id",
        "event_type",
        "endpoint",
        "order",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["state", "event_type", "endpoint__contractor"]
    search_fields = ["message_id", "endpoint__url", "=order__id"]
    date_hierarchy = "created_at"
    list_select_related = ["endpoint", "order"]
    readonly_fields = [
        "endpoint", "order", "message_id", "event_type", "body", "state", "attempts", "next_attempt_at",
        "claimed_at", "delivered_at", "last_error", "created_at",
    ]  # fmt: skip
    inlines = [DeliveryInline]
    actions = ["resend"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=_("Send again"), permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for message in queryset.exclude(state__in=[MessageState.SENDING]):
            services.webhook_message_resend(message=message, actor=request.user)
            count += 1
        self.message_user(request, _("%(count)d messages queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["message", "attempt", "attempted_at", "status_code", "latency_ms", "succeeded", "error"]
    list_filter = ["succeeded", "message__endpoint__contractor"]
    date_hierarchy = "attempted_at"
    list_select_related = ["message"]


# --- API tokens -------------------------------------------------------------------------------


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["kind", "contractor", "name", "expires_at"]

    def clean(self):
        cleaned = super().clean()
        kind, contractor = cleaned.get("kind"), cleaned.get("contractor")
        if (kind == TokenKind.CONTRACTOR) != (contractor is not None):
            raise forms.ValidationError(_("A contractor token needs a contractor; a met bureau token has none."))
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Staff issue tokens here: the token is shown once, on the page after saving; only its hash is kept."""

    form = ApiTokenForm
    list_display = ["name", "kind", "contractor", "prefix", "created_at", "last_used_at", "expires_at", "status"]
    list_filter = ["kind", "contractor"]
    search_fields = ["name", "prefix", "contractor__name"]
    autocomplete_fields = ["contractor"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["prefix", "created_at", "last_used_at", "revoked_at"]
        return ["kind", "contractor", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]

    @admin.display(description=_("status"))
    def status(self, obj: ApiToken) -> str:
        return flagged(str(_("Active") if obj.is_active else _("Revoked or expired")), alert=not obj.is_active)

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = services.api_token_create(
            kind=form.cleaned_data["kind"],
            contractor=form.cleaned_data.get("contractor"),
            name=form.cleaned_data["name"],
            expires_at=form.cleaned_data.get("expires_at"),
            actor=request.user,
        )
        obj.pk = token.pk
        obj._state.adding = False
        self.message_user(
            request,
            _("The token is %(token)s: copy it now, it is not shown again.") % {"token": raw},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        for token in queryset:
            services.api_token_revoke(token=token, actor=request.user)
        self.message_user(request, _("Tokens revoked."), messages.SUCCESS)
