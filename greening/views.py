"""Site-wide pages: the landing page and the health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

from greening.api.exceptions import api_not_found
from greening.health import run_checks
from greenspaces.selectors import estate_summary
from plans.selectors import letter_targets
from projects.selectors import project_figures


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """The front door: what the portal is, and where each kind of user goes."""
    context = {"summary": estate_summary(), "projects": project_figures(), "targets": letter_targets()}
    return render(request, "greening/landing.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer; 503 naming what failed otherwise."""
    results = run_checks()
    healthy = all(result.ok for result in results)
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {result.name: "ok" if result.ok else result.detail for result in results},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: JSON in the API's error shape under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return page_not_found(request, exception)
