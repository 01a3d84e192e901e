"""Admin for the green estate: staff keep the registry here, with full audit history."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from greening.lib.admin import flagged, percent
from greening.lib.forms import MultiplePhotoField
from greenspaces import services
from greenspaces.models import (
    Cistern,
    District,
    GreenSpace,
    GreenSpaceNaming,
    HeritageTree,
    HeritageTreePatrol,
    HeritageTreePatrolPhoto,
    PatrolReminderDigest,
    Species,
)


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "green_space_count"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(green_space_total=Count("green_spaces"))

    @admin.display(description=_("green spaces"), ordering="green_space_total")
    def green_space_count(self, obj: District) -> int:
        return obj.green_space_total


class CisternInline(admin.TabularInline):
    model = Cistern
    extra = 0
    fields = ["name", "capacity_m3", "estimated"]


@admin.register(GreenSpace)
class GreenSpaceAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "district",
        "area_ha",
        "length_km",
        "paving_ratio",
        "cistern_capacity",
        "maintenance_grade",
        "opening_status",
        "estimated",
    ]
    list_filter = ["district", "kind", "maintenance_grade", "opening_status", "estimated", "reclaimed_water_irrigation"]
    search_fields = ["name", "code", "address"]
    autocomplete_fields = ["district"]
    prepopulated_fields = {}
    readonly_fields = ["paving_ratio", "cistern_capacity", "namings"]
    inlines = [CisternInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "kind", "district", "address", "opening_status", "description"]}),
        (
            _("Areas"),
            {"fields": ["total_area_m2", "hard_paved_area_m2", "planted_area_m2", "length_m", "paving_ratio"]},
        ),
        (
            _("Sponge-city and irrigation features"),
            {
                "fields": [
                    "sunken_green_space_m2",
                    "permeable_paving_m2",
                    "cistern_capacity",
                    "reclaimed_water_irrigation",
                    "smart_irrigation",
                ]
            },
        ),
        (_("Maintenance"), {"fields": ["maintenance_grade", "planting_water_use", "last_planted_on"]}),
        (_("Location and sources"), {"fields": ["latitude", "longitude", "estimated", "source_note"]}),
        (_("Naming"), {"fields": ["namings"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("district").with_cistern_capacity()

    @admin.display(description=_("area (ha)"), ordering="total_area_m2")
    def area_ha(self, obj: GreenSpace) -> str:
        return "—" if obj.total_area_ha is None else number_format(obj.total_area_ha, 2)

    @admin.display(description=_("length (km)"), ordering="length_m")
    def length_km(self, obj: GreenSpace) -> str:
        return "—" if obj.length_m is None else number_format(obj.length_m / 1000, 2)

    @admin.display(description=_("hard-paving ratio"))
    def paving_ratio(self, obj: GreenSpace) -> str:
        return percent(obj.hard_paving_ratio)

    @admin.display(description=_("green-space namings"))
    def namings(self, obj: GreenSpace) -> str:
        """Read only here (a form-less list, so the green space's form needs no extra formset): namings are
        given through the naming admin or a donor's approved request."""
        if obj.pk is None:
            return "—"
        rows = [
            (naming.name, naming.valid_from.isoformat(), naming.valid_until.isoformat())
            for naming in obj.namings.order_by("-valid_from")
        ]
        if not rows:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}（{} – {}）</li>", rows))

    @admin.display(description=_("cistern capacity (m³)"))
    def cistern_capacity(self, obj: GreenSpace) -> str:
        if obj.pk is None:
            return "—"
        return number_format(obj.cistern_capacity_m3, 0, force_grouping=True)


@admin.register(Species)
class SpeciesAdmin(SimpleHistoryAdmin):
    list_display = [
        "chinese_name",
        "latin_name",
        "family",
        "form",
        "backbone",
        "drought_tolerance",
        "water_use",
        "native",
    ]
    list_filter = ["backbone", "form", "drought_tolerance", "water_use", "native"]
    search_fields = ["chinese_name", "latin_name", "family"]


class PatrolOverdueFilter(admin.SimpleListFilter):
    title = _("patrol")
    parameter_name = "patrol"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("in_time", _("In time"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.patrol_overdue(today)
        if self.value() == "in_time":
            return queryset.exclude(pk__in=queryset.patrol_overdue(today).values("pk"))
        return queryset


class HeritageTreePatrolInline(admin.TabularInline):
    model = HeritageTreePatrol
    extra = 0
    fields = ["patrol_date", "inspector_name", "vigour_observed", "findings"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        # Patrols are recorded through their own form, which checks photos and updates vigour.
        return False


@admin.register(HeritageTree)
class HeritageTreeAdmin(SimpleHistoryAdmin):
    list_display = [
        "registry_code",
        "species",
        "district",
        "estimated_age_years",
        "grade",
        "is_famous",
        "vigour",
        "last_patrol",
        "next_patrol",
        "estimated",
    ]
    list_filter = ["grade", PatrolOverdueFilter, "vigour", "is_famous", "district", "estimated"]
    search_fields = ["registry_code", "species__chinese_name", "species__latin_name", "address", "custodian_unit"]
    autocomplete_fields = ["species", "green_space", "district"]
    readonly_fields = ["grade", "dbh", "protection_radius", "next_patrol"]
    inlines = [HeritageTreePatrolInline]
    fieldsets = [
        (None, {"fields": ["registry_code", "species", "district", "green_space", "address"]}),
        (
            _("Age and grade"),
            {"fields": ["estimated_age_years", "age_method", "is_famous", "famous_reason", "grade"]},
        ),
        (
            _("Measurements"),
            {"fields": ["height_m", "girth_cm", "dbh", "crown_ew_m", "crown_ns_m", "protection_radius", "elevation_m"]},
        ),
        (_("Condition"), {"fields": ["vigour", "environment", "next_patrol"]}),
        (
            _("Responsibility"),
            {"fields": ["ownership", "custodian_unit", "custodian_person", "custodian_phone"]},
        ),
        (_("Location and sources"), {"fields": ["latitude", "longitude", "estimated", "source_note"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("species", "district").with_last_patrol()

    @admin.display(description=_("last patrol"), ordering="last_patrol_date")
    def last_patrol(self, obj: HeritageTree) -> str:
        return date_format(obj.last_patrol_date) if obj.last_patrol_date else "—"

    @admin.display(description=_("next patrol due"))
    def next_patrol(self, obj: HeritageTree) -> str:
        if obj.pk is None:
            return "—"
        return flagged(date_format(obj.next_patrol_due()), alert=obj.is_patrol_overdue())

    @admin.display(description=_("DBH at 1.3 m (cm)"))
    def dbh(self, obj: HeritageTree) -> str:
        return "—" if obj.dbh_cm is None else number_format(obj.dbh_cm, 1)

    @admin.display(description=_("protection zone radius (m)"))
    def protection_radius(self, obj: HeritageTree) -> str:
        if obj.pk is None or obj.protection_radius_m is None:
            return "—"
        return number_format(obj.protection_radius_m, 1)


class HeritageTreePatrolForm(forms.ModelForm):
    photos = MultiplePhotoField(label=_("photos"), help_text=_("Up to 6 photos; location data is removed."))

    class Meta:
        model = HeritageTreePatrol
        fields = ["tree", "patrol_date", "inspector_name", "vigour_observed", "findings"]


class HeritageTreePatrolPhotoInline(admin.TabularInline):
    model = HeritageTreePatrolPhoto
    extra = 0
    fields = ["image", "caption"]
    readonly_fields = ["image"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(HeritageTreePatrol)
class HeritageTreePatrolAdmin(SimpleHistoryAdmin):
    form = HeritageTreePatrolForm
    list_display = ["tree", "patrol_date", "inspector_name", "vigour_observed"]
    list_filter = ["vigour_observed", "tree__grade", "tree__district"]
    search_fields = ["tree__registry_code", "tree__species__chinese_name", "inspector_name", "findings"]
    autocomplete_fields = ["tree"]
    date_hierarchy = "patrol_date"
    inlines = [HeritageTreePatrolPhotoInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("tree__species")

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("patrol_date", timezone.localdate())
        initial.setdefault("inspector_name", request.user.get_full_name() or request.user.get_username())
        return initial

    def save_model(self, request: HttpRequest, obj: HeritageTreePatrol, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        patrol = services.heritage_tree_patrol_record(
            tree=form.cleaned_data["tree"],
            patrol_date=form.cleaned_data["patrol_date"],
            inspector_name=form.cleaned_data["inspector_name"],
            findings=form.cleaned_data["findings"],
            vigour_observed=form.cleaned_data["vigour_observed"],
            photos=form.cleaned_data["photos"],
            actor=request.user,
        )
        obj.pk = patrol.pk
        obj._state.adding = False


@admin.register(PatrolReminderDigest)
class PatrolReminderDigestAdmin(admin.ModelAdmin):
    list_display = ["date", "overdue_count", "recipients", "sent_at"]
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class GreenSpaceNamingForm(forms.ModelForm):
    """A new naming is checked against the space's other namings before it is given (through the service)."""

    class Meta:
        model = GreenSpaceNaming
        fields = ["green_space", "name", "valid_from", "valid_until", "note"]

    def clean(self):
        data = super().clean()
        space, start, end = data.get("green_space"), data.get("valid_from"), data.get("valid_until")
        if self.instance.pk is None and space and start and end and start <= end:
            overlapping = services.green_space_naming_overlapping(green_space=space, valid_from=start, valid_until=end)
            if overlapping is not None:
                raise forms.ValidationError(services.overlap_message(space, overlapping))
        return data


@admin.register(GreenSpaceNaming)
class GreenSpaceNamingAdmin(SimpleHistoryAdmin):
    form = GreenSpaceNamingForm
    list_display = ["name", "green_space", "valid_from", "valid_until", "in_force"]
    list_select_related = ["green_space"]
    search_fields = ["name", "green_space__name"]
    autocomplete_fields = ["green_space"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [] if obj is None else ["green_space", "name", "valid_from", "valid_until"]

    def save_model(self, request: HttpRequest, obj: GreenSpaceNaming, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.green_space_name(
            green_space=obj.green_space,
            name=obj.name,
            valid_from=obj.valid_from,
            valid_until=obj.valid_until,
            note=obj.note,
            actor=request.user,
        )
        obj.pk = created.pk

    @admin.display(description=_("in force today"), boolean=True)
    def in_force(self, obj: GreenSpaceNaming) -> bool:
        return obj.valid_from <= timezone.localdate() <= obj.valid_until
