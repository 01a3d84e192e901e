"""Public pages of the green estate: the park list and each park's page (mobile-first, zh-hans first)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from greenspaces.models import District, GreenSpace
from greenspaces.selectors import current_naming, park_for_public, parks_for_public

MAX_QUERY_LENGTH = 50


@require_GET
def park_list(request: HttpRequest) -> HttpResponse:
    """Every park and green space, searchable by name (or donor naming) and filtered by district."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    districts = list(District.objects.all())
    district_code = request.GET.get("district", "")
    if district_code not in {district.code for district in districts}:
        district_code = ""
    spaces = list(parks_for_public(query=query, district_code=district_code))
    rows = [(space, current_naming(space)) for space in spaces]
    context = {"rows": rows, "districts": districts, "query": query, "district_code": district_code}
    return render(request, "greenspaces/park_list.html", context)


@require_GET
def park_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One park: area, features, cisterns, heritage trees, the donor's naming during its term, key projects."""
    try:
        space = park_for_public(code)
    except GreenSpace.DoesNotExist:
        raise Http404 from None
    context = {"space": space, "naming": current_naming(space), "projects": list(space.projects.all())}
    return render(request, "greenspaces/park_detail.html", context)
