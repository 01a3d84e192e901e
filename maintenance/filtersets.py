"""Filters of the API lists: every foreign key by id and by readable key, and a ``q`` search."""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from greenspaces.choices import GreenSpaceKind
from greenspaces.models import GreenSpace
from maintenance.choices import OrderSource, OrderStatus, Priority
from maintenance.models import MaintenanceOrder, WebhookEndpoint


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, taken to UTC: any offset Python accepts becomes one every database accepts."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class OrderFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search title, green space and task"))
    status = django_filters.MultipleChoiceFilter(choices=OrderStatus.choices, label=_("status (repeat for several)"))
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices)
    source = django_filters.ChoiceFilter(choices=OrderSource.choices)
    green_space_id = django_filters.NumberFilter(field_name="green_space_id")
    green_space = django_filters.CharFilter(field_name="green_space__code", label=_("green space code"))
    district = django_filters.CharFilter(field_name="green_space__district__code", label=_("district code (GB/T 2260)"))
    alert_id = django_filters.NumberFilter(field_name="alert_id")
    created_after = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="lt")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("past the acknowledge deadline"))

    class Meta:
        model = MaintenanceOrder
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(title__icontains=value) | Q(green_space__name__icontains=value) | Q(task_zh__icontains=value)
        )

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        overdue = Q(status=OrderStatus.ISSUED, ack_due_at__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class GreenSpaceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search name and address"))
    kind = django_filters.ChoiceFilter(choices=GreenSpaceKind.choices)
    district = django_filters.CharFilter(field_name="district__code", label=_("district code (GB/T 2260)"))
    district_id = django_filters.NumberFilter(field_name="district_id")

    class Meta:
        model = GreenSpace
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value) | Q(code__icontains=value))


class WebhookEndpointFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search URL and description"))
    active = django_filters.BooleanFilter()

    class Meta:
        model = WebhookEndpoint
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(url__icontains=value) | Q(description__icontains=value))
