"""``Idempotency-Key`` for POSTs: the same key and body replay the first response; another body is a 422."""

from __future__ import annotations

import functools
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from greening.api.exceptions import Conflict, Unprocessable
from maintenance.models import ApiToken, IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def request_fingerprint(request) -> str:
    """A digest of what the request asks: method, path, fields and the content of any files.

    Built from the parsed fields rather than the raw body, so a client that retries a multipart
    upload (with a new boundary) is recognised as sending the same thing.
    """
    digest = hashlib.sha256(f"{request.method} {request.path}".encode())
    data = request.data
    keys = sorted(data.keys()) if hasattr(data, "keys") else []
    for key in keys:
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        for value in values:
            if hasattr(value, "read"):
                content_digest = hashlib.sha256()
                for chunk in value.chunks():
                    content_digest.update(chunk)
                value.seek(0)
                digest.update(f"\x00{key}=file:{content_digest.hexdigest()}".encode())
            else:
                digest.update(f"\x00{key}={json.dumps(value, sort_keys=True, default=str)}".encode())
    return digest.hexdigest()


def idempotent(view_method):
    """Wrap a POST action so an ``Idempotency-Key`` makes retries safe.

    The key is reserved (unique per token) in the same transaction as the action, so two requests
    with the same key at once cannot both act: the second waits, then replays the first's answer.
    Only successful answers are kept; a refused request leaves nothing, so it can be corrected and sent again.
    """

    @functools.wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if not key or token is None:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise Unprocessable(
                _("The Idempotency-Key is longer than 200 characters."), code="idempotency_key_too_long"
            )
        fingerprint = request_fingerprint(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        token=token, key=key, request_hash=fingerprint, status_code=0, response={}
                    )
            except IntegrityError:
                record = IdempotencyRecord.objects.get(token=token, key=key)
                if record.request_hash != fingerprint:
                    raise Unprocessable(
                        _("This Idempotency-Key was already used for a different request."),
                        code="idempotency_key_reused",
                    ) from None
                if record.status_code == 0:
                    raise Conflict(
                        _("A request with this Idempotency-Key is still being processed."), code="in_progress"
                    ) from None
                return Response(record.response, status=record.status_code, headers={"Idempotent-Replayed": "true"})
            response = view_method(self, request, *args, **kwargs)
            record.status_code = response.status_code
            record.response = json.loads(JSONRenderer().render(response.data))
            record.save(update_fields=["status_code", "response"])
        return response

    return wrapper
