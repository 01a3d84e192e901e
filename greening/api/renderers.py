"""JSON rendered with orjson: the same JSON as DRF's renderer, several times faster on large pages."""

from __future__ import annotations

import decimal

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_FALLBACK = JSONEncoder()


def _default(value):
    # Decimals as strings (never floats: areas and money must not lose digits); lazy translations as text.
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    return _FALLBACK.default(value)


class ORJSONRenderer(JSONRenderer):
    """UTF-8 JSON via orjson, UTC written as ``Z`` as DRF does; anything orjson does not know goes
    through DRF's own encoder."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data, default=_default, option=orjson.OPT_UTC_Z)
