"""The contractor API: orders and their actions, green spaces, webhook endpoints, and the met-bureau push."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from greening.api.exceptions import Conflict, PayloadTooLarge
from greenspaces.models import GreenSpace
from maintenance import selectors, services
from maintenance.api.authentication import ApiClient
from maintenance.api.idempotency import HEADER, idempotent
from maintenance.api.permissions import IsContractor, IsContractorOrStaffReadOnly, IsMetBureau, contractor_id_of
from maintenance.api.serializers import (
    CapPushResultSerializer,
    CompleteSerializer,
    DeclineSerializer,
    DeliverySerializer,
    GreenSpaceSerializer,
    OrderDetailSerializer,
    OrderSerializer,
    PingSerializer,
    WebhookEndpointSerializer,
    WebhookEndpointWithSecretSerializer,
)
from maintenance.cap import MAX_CAP_BYTES
from maintenance.choices import AlertSource
from maintenance.filtersets import GreenSpaceFilterSet, OrderFilterSet, WebhookEndpointFilterSet
from maintenance.models import ContractArea, Delivery, MaintenanceOrder, OrderPhoto, OrderTransition, WebhookEndpoint
from maintenance.representations import ORDER_ROW_FIELDS, OrderRows

IDEMPOTENCY = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (≤ 200 characters). Sending the same key and body again returns the first "
    "response instead of acting twice; the same key with a different body is refused with 422.",
)


def _actor(request) -> tuple[object | None, str]:
    """(Django user or None, label) for the status history."""
    if isinstance(request.user, ApiClient):
        return None, str(request.user)
    return request.user, str(request.user)


@extend_schema_view(
    list=extend_schema(summary="List your maintenance orders", tags=["orders"]),
    retrieve=extend_schema(summary="One order with its green space, warning and status history", tags=["orders"]),
)
class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    """Maintenance orders of the caller's contractor (staff see all); another contractor's order is a 404."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilterSet
    permission_classes = [IsContractorOrStaffReadOnly]
    filter_backends = [*viewsets.ReadOnlyModelViewSet.filter_backends, OrderingFilter]
    ordering_fields = ["id", "updated_at", "created_at"]
    ordering = ["-id"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self) -> QuerySet[MaintenanceOrder]:
        orders = MaintenanceOrder.objects.select_related("green_space__district", "alert")
        contractor_id = contractor_id_of(self.request)
        if contractor_id is not None:
            return orders.filter(contractor_id=contractor_id)
        return orders

    def get_serializer_class(self):
        return OrderSerializer if self.action == "list" else OrderDetailSerializer

    def list(self, request, *args, **kwargs) -> Response:
        """One query for the page, rows straight from the database (see ``OrderRows``)."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset.values(*ORDER_ROW_FIELDS))
        rows = OrderRows()
        return self.get_paginated_response([rows(row) for row in page])

    def get_object(self) -> MaintenanceOrder:
        order = super().get_object()
        return self._detailed(order.pk)

    def _detailed(self, pk: int) -> MaintenanceOrder:
        order = (
            self.get_queryset()
            .prefetch_related(
                Prefetch("transitions", queryset=OrderTransition.objects.order_by("at", "pk")),
                Prefetch("photos", queryset=OrderPhoto.objects.order_by("pk")),
            )
            .get(pk=pk)
        )
        order.green_space = GreenSpace.objects.with_features().select_related("district").get(pk=order.green_space_id)
        return order

    @extend_schema(
        summary="A completion photo of the order (JPEG, EXIF stripped)",
        responses={(200, "image/jpeg"): OpenApiTypes.BINARY},
        tags=["orders"],
    )
    @action(detail=True, methods=["get"], url_path=r"photos/(?P<photo_id>[0-9]+)", url_name="photo")
    def photo(self, request, pk=None, photo_id=None) -> FileResponse:
        """Photos are served only through here, to whoever may see the order: never from a public folder."""
        order = super().get_object()
        photo = get_object_or_404(OrderPhoto, order=order, pk=photo_id)
        response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=86400"
        return response

    def _respond(self, order: MaintenanceOrder) -> Response:
        return Response(OrderDetailSerializer(self._detailed(order.pk), context=self.get_serializer_context()).data)

    def _run(self, service, order: MaintenanceOrder, **kwargs) -> Response:
        actor, label = _actor(self.request)
        try:
            changed = service(order=order, actor=actor, actor_label=label, **kwargs)
        except services.TransitionError as error:
            raise Conflict(error.message, code="invalid_transition") from None
        return self._respond(changed)

    @extend_schema(
        summary="Acknowledge: you have seen the order and take it on",
        request=None,
        parameters=[IDEMPOTENCY],
        responses={200: OrderDetailSerializer},
        tags=["orders"],
    )
    @action(detail=True, methods=["post"], permission_classes=[IsContractor])
    @idempotent
    def acknowledge(self, request, pk=None) -> Response:
        return self._run(services.order_acknowledge, self.get_object())

    @extend_schema(
        summary="Start: work has begun on site",
        request=None,
        parameters=[IDEMPOTENCY],
        responses={200: OrderDetailSerializer},
        tags=["orders"],
    )
    @action(detail=True, methods=["post"], permission_classes=[IsContractor])
    @idempotent
    def start(self, request, pk=None) -> Response:
        return self._run(services.order_start, self.get_object())

    @extend_schema(
        summary="Complete: what was done, up to 6 photos, where",
        request={"multipart/form-data": CompleteSerializer, "application/json": CompleteSerializer},
        parameters=[IDEMPOTENCY],
        responses={200: OrderDetailSerializer},
        tags=["orders"],
    )
    @action(detail=True, methods=["post"], permission_classes=[IsContractor])
    @idempotent
    def complete(self, request, pk=None) -> Response:
        order = self.get_object()
        too_big = settings.UPLOAD_MAX_BYTES * 6 + 1024 * 1024
        if int(request.META.get("CONTENT_LENGTH") or 0) > too_big:
            raise PayloadTooLarge(_("The request is larger than 6 photos of 10 MB."))
        form = CompleteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        photos = request.FILES.getlist("photos") if hasattr(request, "FILES") else []
        return self._run(
            services.order_complete,
            order,
            notes=form.validated_data["notes"],
            photos=photos,
            latitude=form.validated_data.get("latitude"),
            longitude=form.validated_data.get("longitude"),
        )

    @extend_schema(
        summary="Decline: you cannot take the order (staff will reassign it)",
        request=DeclineSerializer,
        parameters=[IDEMPOTENCY],
        responses={200: OrderDetailSerializer},
        tags=["orders"],
    )
    @action(detail=True, methods=["post"], permission_classes=[IsContractor])
    @idempotent
    def decline(self, request, pk=None) -> Response:
        order = self.get_object()
        form = DeclineSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._run(services.order_decline, order, reason=form.validated_data["reason"])


@extend_schema_view(
    list=extend_schema(summary="Green spaces under your active contracts", tags=["green spaces"]),
    retrieve=extend_schema(summary="One green space with its features", tags=["green spaces"]),
)
class GreenSpaceViewSet(viewsets.ReadOnlyModelViewSet):
    """Green spaces under the caller's active maintenance contracts (staff see all)."""

    serializer_class = GreenSpaceSerializer
    filterset_class = GreenSpaceFilterSet
    permission_classes = [IsContractorOrStaffReadOnly]

    def get_queryset(self) -> QuerySet[GreenSpace]:
        spaces = GreenSpace.objects.with_features().select_related("district").order_by("pk")
        contractor_id = contractor_id_of(self.request)
        if contractor_id is None:
            return spaces
        covered = ContractArea.objects.filter(
            contract__in=selectors.active_contracts_on(timezone.localdate()), contract__contractor_id=contractor_id
        ).values("green_space")
        return spaces.filter(pk__in=covered)


@extend_schema_view(
    list=extend_schema(summary="Your webhook endpoints", tags=["webhooks"]),
    retrieve=extend_schema(summary="One of your webhook endpoints", tags=["webhooks"]),
    create=extend_schema(
        summary="Register a webhook endpoint (the signing secret is in this response only)",
        responses={201: WebhookEndpointWithSecretSerializer},
        tags=["webhooks"],
    ),
    update=extend_schema(summary="Change an endpoint", tags=["webhooks"]),
    partial_update=extend_schema(summary="Change part of an endpoint", tags=["webhooks"]),
    destroy=extend_schema(summary="Remove an endpoint", tags=["webhooks"]),
)
class WebhookEndpointViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's webhook endpoints. URLs must be http(s) and reachable from the internet."""

    serializer_class = WebhookEndpointSerializer
    filterset_class = WebhookEndpointFilterSet
    permission_classes = [IsContractor]

    def get_queryset(self) -> QuerySet[WebhookEndpoint]:
        return WebhookEndpoint.objects.filter(contractor_id=contractor_id_of(self.request)).order_by("pk")

    def create(self, request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contractor = request.user.token.contractor
        endpoint = services.webhook_endpoint_create(contractor=contractor, **serializer.validated_data)
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer) -> None:
        serializer.instance = services.webhook_endpoint_update(
            endpoint=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: WebhookEndpoint) -> None:
        services.webhook_endpoint_delete(endpoint=instance)

    @extend_schema(
        summary="Rotate the signing secret (the new one is in this response only)",
        request=None,
        responses={200: WebhookEndpointWithSecretSerializer},
        tags=["webhooks"],
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None) -> Response:
        endpoint = services.webhook_endpoint_rotate_secret(endpoint=self.get_object())
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data)

    @extend_schema(
        summary="Send a signed test event to the endpoint",
        request=None,
        responses={202: PingSerializer},
        tags=["webhooks"],
    )
    @action(detail=True, methods=["post"])
    def ping(self, request, pk=None) -> Response:
        endpoint = self.get_object()
        if not endpoint.active:
            raise Conflict(_("The endpoint is disabled; activate it first."), code="endpoint_disabled")
        message = services.webhook_ping(endpoint=endpoint)
        return Response({"webhook_id": message.message_id, "queued": True}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Delivery attempts to the endpoint, newest first",
        responses={200: DeliverySerializer(many=True)},
        filters=False,
        tags=["webhooks"],
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def deliveries(self, request, pk=None) -> Response:
        endpoint = self.get_object()
        attempts = (
            Delivery.objects.filter(message__endpoint=endpoint)
            .select_related("message")
            .order_by("-attempted_at", "-pk")[:200]
        )
        return Response(DeliverySerializer(attempts, many=True).data)


class CapXmlParser(BaseParser):
    """The CAP document as bytes, refused over 1 MB before it is parsed."""

    media_type = "application/cap+xml"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        data = stream.read(MAX_CAP_BYTES + 1) if stream else b""
        if len(data) > MAX_CAP_BYTES:
            raise PayloadTooLarge(_("The CAP document is larger than 1 MB."))
        return data


class XmlParser(CapXmlParser):
    media_type = "application/xml"


class TextXmlParser(CapXmlParser):
    media_type = "text/xml"


CAP_MEDIA_TYPES = ("application/cap+xml", "application/xml", "text/xml")


class CapPushView(APIView):
    """The met bureau pushes a CAP 1.2 warning; it is stored and acted on as if read from the feed."""

    permission_classes = [IsMetBureau]
    parser_classes = [CapXmlParser, XmlParser, TextXmlParser]

    @extend_schema(
        summary="Push a CAP 1.2 warning (met bureau token)",
        request={media: {"type": "string", "format": "binary"} for media in CAP_MEDIA_TYPES},
        responses={
            201: OpenApiResponse(CapPushResultSerializer, description="Stored; orders created."),
            200: OpenApiResponse(CapPushResultSerializer, description="Already on record; nothing changed."),
        },
        tags=["weather"],
    )
    def post(self, request) -> Response:
        document = request.data
        if not isinstance(document, bytes) or not document:
            raise ParseError(_("Send the CAP document as the request body."))
        result = services.alert_ingest(document=document, source=AlertSource.PUSH)
        fan_out = result.fan_out
        body = {
            "alert_id": result.alert.pk,
            "created": result.created,
            "state": result.alert.state,
            "orders_created": fan_out.created_count,
            "orders_updated": len(fan_out.updated),
            "orders_cancelled": len(fan_out.cancelled),
        }
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)
