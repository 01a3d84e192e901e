"""Routes of the contractor API, mounted at /api/v1/ by greening.api.urls."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from maintenance.api import views

router = SimpleRouter()
router.register("orders", views.OrderViewSet, basename="order")
router.register("green-spaces", views.GreenSpaceViewSet, basename="green-space")
router.register("webhooks", views.WebhookEndpointViewSet, basename="webhook")

urlpatterns = [
    path("weather/cap/", views.CapPushView.as_view(), name="weather-cap"),
    *router.urls,
]
