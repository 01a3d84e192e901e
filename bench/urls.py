"""URLs for the benchmarks: every portal URL, plus the unauthenticated baseline view (``bench.settings`` only)."""

from django.urls import path

from bench import baseline
from greening.urls import handler404
from greening.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler404", "urlpatterns"]

urlpatterns = [
    *portal_urlpatterns,
    path("bench/baseline/orders/", baseline.orders, name="bench-baseline-orders"),
]
