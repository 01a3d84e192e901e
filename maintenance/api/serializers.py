"""What the contractor API says about orders, green spaces, webhook endpoints and deliveries."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from greenspaces.models import GreenSpace
from maintenance.choices import OrderStatus
from maintenance.models import Delivery, MaintenanceOrder, OrderTransition, WeatherAlert, WebhookEndpoint


class GreenSpaceBriefSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", read_only=True)
    district_code = serializers.CharField(source="district.code", read_only=True)

    class Meta:
        model = GreenSpace
        fields = ["id", "code", "name", "kind", "district", "district_code", "address", "latitude", "longitude"]


class GreenSpaceFeaturesSerializer(serializers.Serializer):
    sunken_green_space_m2 = serializers.DecimalField(max_digits=12, decimal_places=2)
    permeable_paving_m2 = serializers.DecimalField(max_digits=12, decimal_places=2)
    cisterns = serializers.IntegerField()
    cistern_capacity_m3 = serializers.DecimalField(max_digits=12, decimal_places=2)
    heritage_trees = serializers.IntegerField()
    reclaimed_water_irrigation = serializers.BooleanField()
    smart_irrigation = serializers.BooleanField()


class GreenSpaceSerializer(GreenSpaceBriefSerializer):
    """A green space with its areas and the features maintenance work depends on.

    Expects the queryset annotations ``cistern_total``, ``cistern_capacity_total_m3`` and ``heritage_tree_total``.
    """

    features = serializers.SerializerMethodField()

    class Meta(GreenSpaceBriefSerializer.Meta):
        fields = [
            *GreenSpaceBriefSerializer.Meta.fields,
            "total_area_m2",
            "hard_paved_area_m2",
            "planted_area_m2",
            "length_m",
            "maintenance_grade",
            "opening_status",
            "features",
        ]

    @extend_schema_field(GreenSpaceFeaturesSerializer)
    def get_features(self, space: GreenSpace) -> dict:
        return GreenSpaceFeaturesSerializer(
            {
                "sunken_green_space_m2": space.sunken_green_space_m2,
                "permeable_paving_m2": space.permeable_paving_m2,
                "cisterns": getattr(space, "cistern_total", 0),
                "cistern_capacity_m3": getattr(space, "cistern_capacity_total_m3", Decimal("0")),
                "heritage_trees": getattr(space, "heritage_tree_total", 0),
                "reclaimed_water_irrigation": space.reclaimed_water_irrigation,
                "smart_irrigation": space.smart_irrigation,
            }
        ).data


class AlertBriefSerializer(serializers.ModelSerializer):
    warning_type_label = serializers.CharField(source="get_warning_type_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = WeatherAlert
        fields = ["id", "warning_type", "warning_type_label", "level", "level_label", "headline", "onset", "expires"]


class IrrigationSerializer(serializers.Serializer):
    date = serializers.DateField()
    depth_mm = serializers.DecimalField(max_digits=6, decimal_places=1)
    volume_m3 = serializers.DecimalField(max_digits=10, decimal_places=1)
    from_cistern_m3 = serializers.DecimalField(max_digits=10, decimal_places=1)


class OrderSerializer(serializers.ModelSerializer):
    """An order in a list: enough to plan the work, in a single query per page."""

    task = serializers.SerializerMethodField(help_text=_("What to do, in the language asked for (Accept-Language)."))
    green_space = GreenSpaceBriefSerializer(read_only=True)
    alert = AlertBriefSerializer(read_only=True, allow_null=True)
    acknowledge_by = serializers.DateTimeField(source="ack_due_at", read_only=True, allow_null=True)
    complete_by = serializers.DateTimeField(source="complete_due_at", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField(help_text=_("Issued and past the acknowledge deadline."))
    irrigation = serializers.SerializerMethodField()

    class Meta:
        model = MaintenanceOrder
        fields = [
            "id", "status", "source", "priority", "title", "task", "green_space", "alert", "acknowledge_by",
            "complete_by", "overdue", "irrigation", "created_at", "updated_at",
        ]  # fmt: skip

    def get_task(self, order: MaintenanceOrder) -> str:
        return order.task(get_language())

    def get_overdue(self, order: MaintenanceOrder) -> bool:
        return order.status == OrderStatus.ISSUED and bool(order.ack_due_at) and order.ack_due_at < timezone.now()

    @extend_schema_field(IrrigationSerializer(allow_null=True))
    def get_irrigation(self, order: MaintenanceOrder) -> dict | None:
        if order.irrigation_date is None:
            return None
        return IrrigationSerializer(
            {
                "date": order.irrigation_date,
                "depth_mm": order.irrigation_depth_mm,
                "volume_m3": order.irrigation_volume_m3,
                "from_cistern_m3": order.irrigation_from_cistern_m3,
            }
        ).data


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="actor_label", read_only=True)

    class Meta:
        model = OrderTransition
        fields = ["at", "from_status", "to_status", "by", "note"]


class CompletionSerializer(serializers.Serializer):
    completed_at = serializers.DateTimeField(allow_null=True)
    notes = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    photos = serializers.ListField(child=serializers.URLField())


class OrderDetailSerializer(OrderSerializer):
    """An order with its full green space, its status history and the completion evidence."""

    green_space = GreenSpaceSerializer(read_only=True)
    history = TransitionSerializer(source="transitions", many=True, read_only=True)
    completion = serializers.SerializerMethodField()

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "decline_reason", "completion", "history"]

    @extend_schema_field(CompletionSerializer(allow_null=True))
    def get_completion(self, order: MaintenanceOrder) -> dict | None:
        if order.completed_at is None:
            return None
        request = self.context.get("request")
        photos = [reverse("order-photo", args=[order.pk, photo.pk]) for photo in order.photos.all()]
        return CompletionSerializer(
            {
                "completed_at": order.completed_at,
                "notes": order.completion_notes,
                "latitude": order.completion_latitude,
                "longitude": order.completion_longitude,
                "photos": [request.build_absolute_uri(url) if request else url for url in photos],
            }
        ).data


class CompleteSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=4000, help_text=_("What was done."))
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=6, help_text=_("Up to 6 photos, 10 MB each.")
    )
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Why the order cannot be taken."))


class WebhookEndpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = [
            "id", "url", "description", "active", "consecutive_failures", "last_success_at", "last_failure_at",
            "disabled_reason", "disabled_at", "created_at",
        ]  # fmt: skip
        read_only_fields = [
            "consecutive_failures", "last_success_at", "last_failure_at", "disabled_reason", "disabled_at",
            "created_at",
        ]  # fmt: skip
        extra_kwargs = {"url": {"max_length": 500}}


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    """Returned once, when the endpoint is created or its secret rotated."""

    secret = serializers.CharField(read_only=True, help_text=_("Signing secret (whsec_…); shown only now."))

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class DeliverySerializer(serializers.ModelSerializer):
    webhook_id = serializers.CharField(source="message.message_id", read_only=True)
    event_type = serializers.CharField(source="message.event_type", read_only=True)
    order_id = serializers.IntegerField(source="message.order_id", read_only=True, allow_null=True)

    class Meta:
        model = Delivery
        fields = [
            "id", "webhook_id", "event_type", "order_id", "attempt", "attempted_at", "status_code", "latency_ms",
            "succeeded", "error",
        ]  # fmt: skip


class PingSerializer(serializers.Serializer):
    webhook_id = serializers.CharField()
    queued = serializers.BooleanField()


class CapPushResultSerializer(serializers.Serializer):
    alert_id = serializers.IntegerField()
    created = serializers.BooleanField(help_text=_("False when the warning was already on record."))
    state = serializers.CharField()
    orders_created = serializers.IntegerField()
    orders_updated = serializers.IntegerField()
    orders_cancelled = serializers.IntegerField()
