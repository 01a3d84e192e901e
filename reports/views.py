"""Staff pages of the reports: the progress report to the People's Congress."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from reports.forms import XLSX, ReportQueryForm
from reports.npc import npc_report
from reports.xlsx import report_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the staff sign-in; signed-in people who are not staff get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@staff_only
def npc(request: HttpRequest) -> HttpResponse:
    """The report for ``?as_of=YYYY-MM-DD`` (default today); ``&format=xlsx`` downloads the same tables."""
    form = ReportQueryForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/npc.html", {"form": form, "report": None}, status=400)
    report = npc_report(as_of=form.cleaned_data["as_of"], today=timezone.localdate())
    if form.cleaned_data["format"] == XLSX:
        response = HttpResponse(report_workbook(report), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="npc-report-{report.as_of.isoformat()}.xlsx"'
        return response
    return render(request, "reports/npc.html", {"form": form, "report": report})
