"""One JSON error shape for every 4xx of the API, translated by ``Accept-Language``.

{"error": {"status": 409, "code": "invalid_transition", "message": "…", "fields": {"notes": ["…"]}}}
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from greening.lib.errors import InputError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    body = {"status": status_code, "code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _first_code(detail) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return getattr(detail, "code", None) or "invalid"


def _as_fields(detail) -> dict:
    return {
        key: [str(item) for item in (value if isinstance(value, list) else [value])] for key, value in detail.items()
    }


def exception_handler(exc, context) -> Response | None:
    """DRF's handler, then the portal's shape; Django's own errors and InputErrors mapped to 4xx."""
    if isinstance(exc, DjangoValidationError):
        too_large = (
            [error for error in exc.error_list if error.code == "too_large"]
            if not hasattr(exc, "error_dict")
            else [error for errors in exc.error_dict.values() for error in errors if error.code == "too_large"]
        )
        if too_large:
            message = " ".join(too_large[0].messages)
            return Response(error_body(413, "too_large", message), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        detail = get_error_detail(exc)  # keeps each message's code
        exc = exceptions.ValidationError(detail if isinstance(detail, dict) else {"non_field_errors": detail})
    elif isinstance(exc, InputError):
        too_large = exc.code == "too_large"
        fields = {exc.field: [exc.message]} if exc.field else None
        code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if too_large else status.HTTP_400_BAD_REQUEST
        return Response(error_body(code, exc.code, exc.message, fields), status=code)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    if isinstance(exc, exceptions.ValidationError) and isinstance(detail, dict):
        body = error_body(response.status_code, _first_code(detail), _("The request is not valid."), _as_fields(detail))
    elif isinstance(exc, exceptions.ValidationError):
        messages = [str(item) for item in (detail if isinstance(detail, list) else [detail])]
        body = error_body(response.status_code, _first_code(detail), " ".join(messages))
    else:
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = error_body(response.status_code, code, str(detail))
    response.data = body
    return response


def api_not_found(request, exception=None) -> JsonResponse:
    """404 for unknown URLs under /api/, in the API's shape (the rest of the site keeps Django's page)."""
    return JsonResponse(error_body(404, "not_found", _("Not found.")), status=404)
