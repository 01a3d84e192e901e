"""Admin pieces shared by the apps."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext


def percent(value: Decimal | None, places: int = 1) -> str:
    """A ratio shown as a percentage, or an em dash when unknown."""
    if value is None:
        return "—"
    return f"{number_format(value * 100, places)} %"


def flagged(text: str, *, alert: bool) -> str:
    """Text shown in red and bold when it needs attention."""
    if not alert:
        return text
    return format_html('<strong style="color:#b91c1c">{}</strong>', text)


class ServiceActionsMixin:
    """Admin actions that call a service per selected row and report each refusal by name.

    ``refusals`` are the exceptions a service raises to refuse one row (a translated message); the
    other rows go on. Actions that need input first show ``admin/action_with_form.html``.
    """

    refusals: tuple[type[Exception], ...] = (ValidationError,)

    def _each(self, request: HttpRequest, queryset: QuerySet, call: Callable[[Any], Any], done: str) -> int:
        """``call(obj)`` for each row; ``done`` (with ``%(count)d``) reports how many succeeded."""
        count = 0
        for obj in queryset:
            try:
                call(obj)
            except self.refusals as error:
                reason = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                self.message_user(request, f"{obj}: {reason}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)
        return count

    def _intermediate(self, request: HttpRequest, queryset: QuerySet, form: forms.Form, action: str, title: str):
        """The page asking for the action's input (a reason, an amount …) before it runs."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "objects": queryset,
            "form": form,
            "action": action,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/action_with_form.html", context)

    def _with_form(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        *,
        form_class: type[forms.Form],
        action: str,
        title: str,
        apply: Callable[[Any, dict], Any],
        done: str | None = None,
    ):
        """Ask for ``form_class`` first; once valid, ``apply(obj, cleaned_data)`` for each selected row."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._intermediate(request, queryset, form, action, title)
        self._each(request, queryset, lambda obj: apply(obj, form.cleaned_data), done or gettext("%(count)d done."))
        return None
