"""OpenAPI post-processing: every operation documents the API's one error shape for the 4xx it can give."""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status, repeated."},
                "code": {"type": "string", "description": "Stable machine-readable code, e.g. invalid_transition."},
                "message": {"type": "string", "description": "What is wrong, in the language asked for."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": "Messages per field, for 400.",
                },
            },
        }
    },
}

ERROR_DESCRIPTIONS = {
    "400": "The request is not valid (field messages in error.fields).",
    "401": "No valid token: send Authorization: Bearer <token>.",
    "403": "This token may not do this.",
    "404": "Not found (or not yours).",
    "405": "Method not allowed.",
    "409": "The order's status does not allow this now.",
    "413": "The request or a photo is too large.",
    "415": "Unsupported Content-Type.",
    "422": "The Idempotency-Key was used for a different request.",
    "429": "Too many requests; wait as Retry-After says.",
}

COMMON = ("400", "401", "403", "404", "405", "415", "429")
WRITES = ("409", "413", "422")


def add_error_responses(result, generator, request, public):
    """Add the error responses (and the Error component) to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = COMMON + (WRITES if method != "get" else ())
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code], "content": reference})
    return result
