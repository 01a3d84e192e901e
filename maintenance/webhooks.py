"""Transport for maintenance-order webhooks, signed per the Standard Webhooks specification.

The portal pushes maintenance orders to the endpoints contractors register. Every delivery follows
Standard Webhooks (https://www.standardwebhooks.com/; the spec is
https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):

* three headers, ``webhook-id`` (the message id, stable across retries so receivers can deduplicate),
  ``webhook-timestamp`` (unix seconds, so receivers can refuse replays) and ``webhook-signature``
  (``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``);
* a secret of the form ``whsec_<base64>`` shared with the contractor;
* a JSON body ``{"type": ..., "timestamp": ..., "data": ...}``;
* retries on an exponential schedule, and an endpoint disabled when it answers 410 Gone.

A contractor verifies our deliveries with any Standard Webhooks library (the reference Python one is
``standardwebhooks``, which the demo receiver ``manage.py webhook_receiver`` uses). This module is the
transport only: the Delivery rows, the retry sweep and the claims are in the lead's code.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import math
import random
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any

import requests
import standardwebhooks
import urllib3.response
from django.utils.functional import Promise
from django.utils.translation import gettext as _

__all__ = [
    "MAX_ATTEMPTS",
    "RETRY_DELAYS_SECONDS",
    "SECRET_PREFIX",
    "USER_AGENT",
    "DeliveryError",
    "DeliveryResult",
    "HttpTransport",
    "event_payload",
    "generate_secret",
    "next_retry_delay",
    "sign",
    "verify",
]

SECRET_PREFIX = "whsec_"
USER_AGENT = "YangquanGreening-Webhooks/1"

# The spec wants a random key "between 24 bytes (192 bits) and 64 bytes (512 bits)"; 32 is what Svix and the
# reference libraries generate, and the size of an HMAC-SHA256 output.
_SECRET_BYTES = 32

# A hostile or broken receiver may answer with an endless body: we keep at most this much of it.
MAX_RESPONSE_BYTES = 64 * 1024
# What DeliveryResult/DeliveryError keep of the body, for the delivery log.
EXCERPT_CHARS = 500
# A redirect target is echoed in the error message; a hostile Location header must not bloat it.
_LOCATION_CHARS = 200


def generate_secret() -> str:
    """A new endpoint secret, ``whsec_`` + base64 of 32 random bytes (Standard Webhooks "Signature scheme")."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(_SECRET_BYTES)).decode("ascii")


def _unix_seconds(timestamp: datetime.datetime) -> int:
    """Unix seconds of an aware datetime.

    Naive datetimes are refused: with TIME_ZONE = Asia/Shanghai a naive value is 8 hours ambiguous, and the
    receiver refuses any timestamp more than 5 minutes off.
    """
    if timestamp.tzinfo is None or timestamp.utcoffset() is None:
        raise ValueError("webhook timestamps must be timezone-aware datetimes")
    return math.floor(timestamp.timestamp())


def sign(*, secret: str, message_id: str, timestamp: datetime.datetime, body: bytes) -> dict[str, str]:
    """The HTTP headers of one delivery attempt: the three Standard Webhooks headers plus content type and agent.

    ``message_id`` must stay the same across retries of one message (the spec's idempotency key);
    ``timestamp`` should be the time of this attempt, since receivers refuse timestamps more than
    five minutes from their clock. ``body`` must be the exact bytes that will be sent, in UTF-8
    (the signed content is ``{id}.{timestamp}.{body}``).
    """
    if not message_id:
        raise ValueError("message_id must not be empty")
    seconds = _unix_seconds(timestamp)
    # standardwebhooks.Webhook.sign does timestamp.replace(tzinfo=utc), which silently shifts any aware
    # non-UTC datetime (e.g. Django's localtime() in Asia/Shanghai) by its offset: always hand it UTC.
    utc_timestamp = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    # The library signs text; the receiver side decodes the body as UTF-8 too, so a non-UTF-8 body could
    # never verify. Failing here (UnicodeDecodeError, a ValueError) is better than failing at the contractor.
    signature = standardwebhooks.Webhook(secret).sign(msg_id=message_id, timestamp=utc_timestamp, data=body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(seconds),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def verify(*, secret: str, headers: Mapping[str, str], body: bytes) -> Any:
    """Verify a delivery as a Standard Webhooks receiver would, returning the parsed JSON body.

    A thin wrapper over ``standardwebhooks.Webhook(secret).verify`` (which also refuses timestamps more than
    five minutes off, against replays) for the demo receiver and the tests. Raises
    ``standardwebhooks.WebhookVerificationError`` on any failure, including malformed headers and
    bodies that the library would otherwise let through as ValueError (a signature without a comma, bad
    base64, a body that is not UTF-8 or not JSON), so a caller has one exception to handle.
    """
    # Outside the try: a bad *secret* is our configuration error, not a malformed delivery.
    webhook = standardwebhooks.Webhook(secret)
    try:
        return webhook.verify(body, dict(headers))
    except standardwebhooks.WebhookVerificationError:
        raise
    except ValueError as exc:  # binascii.Error, UnicodeDecodeError and JSONDecodeError are all ValueErrors
        raise standardwebhooks.WebhookVerificationError(f"Malformed delivery: {exc}") from exc


@dataclass(frozen=True)
class DeliveryResult:
    """A successful attempt: the receiver answered 2xx.

    ``latency_ms`` covers the whole attempt (connect, request, response and the excerpt read);
    ``response_excerpt`` is the first 500 characters of the response body, for the delivery log.
    """

    status_code: int
    latency_ms: int
    response_excerpt: str


class DeliveryError(Exception):
    """A failed attempt. `gone` means HTTP 410: the receiver says the endpoint no longer exists (disable it).

    ``status_code`` is None when no HTTP answer arrived (timeout, refused connection, TLS failure).
    Per the spec every failure other than 410 is retried on the schedule of :func:`next_retry_delay`.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        latency_ms: int | None = None,
        response_excerpt: str = "",
        gone: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.latency_ms = latency_ms
        self.response_excerpt = response_excerpt
        self.gone = gone

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickling replays only self.args, which would drop the keyword-only fields when the
        # error crosses a process boundary (Celery, multiprocessing).
        return (
            _rebuild_delivery_error,
            (self.message, self.status_code, self.latency_ms, self.response_excerpt, self.gone),
        )

    def __repr__(self) -> str:
        return f"DeliveryError({self.message!r}, status_code={self.status_code!r}, gone={self.gone!r})"


def _rebuild_delivery_error(
    message: str, status_code: int | None, latency_ms: int | None, response_excerpt: str, gone: bool
) -> DeliveryError:
    return DeliveryError(
        message, status_code=status_code, latency_ms=latency_ms, response_excerpt=response_excerpt, gone=gone
    )


def _seconds_text(seconds: float) -> str:
    """5.0 → "5", 0.5 → "0.5": the timeouts as an operator wrote them."""
    return f"{seconds:g}"


def _root_reason(exc: BaseException) -> str:
    """The innermost meaningful cause of a requests exception, e.g. "Connection refused".

    requests wraps urllib3 wraps socket errors, and the outer messages repeat the pool and URL; the
    operator wants the OS reason.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    best = str(exc)
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        if str(current):
            best = str(current)
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            current = reason
            continue
        if current.args and isinstance(current.args[0], BaseException):
            current = current.args[0]
            continue
        current = current.__cause__ or current.__context__
    return best[:300]


def _declared_charset(content_type: str | None) -> str | None:
    """The charset a Content-Type header declares, if any."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    declared = message.get_param("charset")
    return declared if isinstance(declared, str) else None


def _excerpt(raw: bytes, content_type: str | None) -> str:
    """The first EXCERPT_CHARS characters of a response body, for the delivery log.

    Decoded with the declared charset, else UTF-8 (not requests' ISO-8859-1 default for text/*, which
    garbles the Chinese most receivers here answer with). A bogus charset falls back to UTF-8 too.
    """
    try:
        text = raw.decode(_declared_charset(content_type) or "utf-8", errors="replace")
    except LookupError:  # unknown, or not a text encoding ("rot13"): the receiver is wrong, not us
        text = raw.decode("utf-8", errors="replace")
    # PostgreSQL text columns cannot store NUL, and the excerpt goes into the Delivery row.
    return text[:EXCERPT_CHARS].replace("\x00", "\ufffd")


class HttpTransport:
    """Sends one signed delivery attempt over HTTP(S) and classifies the outcome.

    Per the Standard Webhooks spec a 2xx answer is success, 410 Gone means the endpoint should be
    disabled, and anything else (redirects included) is a failure to retry. Redirects are never followed:
    following one would send the signed order to a URL the contractor never registered, so a moved
    endpoint must be re-registered.
    """

    def __init__(
        self, *, connect_timeout: float = 5.0, read_timeout: float = 15.0, session: requests.Session | None = None
    ) -> None:
        if connect_timeout <= 0 or read_timeout <= 0:
            raise ValueError("timeouts must be positive")
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.session = session if session is not None else requests.Session()

    def send(self, *, url: str, body: bytes, headers: Mapping[str, str]) -> DeliveryResult:
        """POST ``body`` to ``url``: a DeliveryResult on 2xx, otherwise DeliveryError and never anything else."""
        started = time.monotonic()

        def elapsed_ms() -> int:
            return round((time.monotonic() - started) * 1000)

        try:
            response = self.session.post(
                url,
                data=body,
                headers=dict(headers),
                timeout=(self.connect_timeout, self.read_timeout),
                allow_redirects=False,
                stream=True,  # so that only MAX_RESPONSE_BYTES of the body are ever read
            )
        except requests.exceptions.ConnectTimeout as exc:
            raise DeliveryError(
                _("connect timed out after %(seconds)s s") % {"seconds": _seconds_text(self.connect_timeout)},
                latency_ms=elapsed_ms(),
            ) from exc
        except requests.exceptions.ReadTimeout as exc:
            raise DeliveryError(
                _("read timed out after %(seconds)s s") % {"seconds": _seconds_text(self.read_timeout)},
                latency_ms=elapsed_ms(),
            ) from exc
        except requests.exceptions.SSLError as exc:  # before ConnectionError, of which it is a subclass
            raise DeliveryError(
                _("TLS error: %(reason)s") % {"reason": _root_reason(exc)}, latency_ms=elapsed_ms()
            ) from exc
        except requests.exceptions.ConnectionError as exc:
            raise DeliveryError(
                _("connection failed: %(reason)s") % {"reason": _root_reason(exc)}, latency_ms=elapsed_ms()
            ) from exc
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
        ) as exc:
            raise DeliveryError(
                _("invalid endpoint URL: %(url)s") % {"url": url[:300]}, latency_ms=elapsed_ms()
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise DeliveryError(
                _("request failed: %(reason)s") % {"reason": _root_reason(exc)}, latency_ms=elapsed_ms()
            ) from exc
        except Exception as exc:  # the contract is "DeliveryError and nothing else"
            # e.g. a header value requests refuses, or an IDNA error in the host name: the sweep must record the
            # attempt as failed, not crash and leave the claim dangling.
            raise DeliveryError(
                _("request failed: %(reason)s") % {"reason": f"{type(exc).__name__}: {exc}"[:300]},
                latency_ms=elapsed_ms(),
            ) from exc

        with response:  # releases the connection however we leave
            raw = self._read_limited(response)
            latency = elapsed_ms()
            excerpt = _excerpt(raw, response.headers.get("content-type"))
            status = response.status_code

            if 200 <= status < 300:
                return DeliveryResult(status_code=status, latency_ms=latency, response_excerpt=excerpt)
            if status == 410:
                message = _("HTTP 410 Gone: the receiver says the endpoint no longer exists")
            elif 300 <= status < 400:
                location = (response.headers.get("location") or "-")[:_LOCATION_CHARS]
                message = _(
                    "HTTP %(status)d redirect to %(location)s not followed: a moved endpoint must be re-registered"
                ) % {"status": status, "location": location}
            else:
                message = _("the receiver answered HTTP %(status)d") % {"status": status}
            raise DeliveryError(
                message, status_code=status, latency_ms=latency, response_excerpt=excerpt, gone=status == 410
            )

    def _read_limited(self, response: requests.Response) -> bytes:
        """At most MAX_RESPONSE_BYTES of the body, within one read timeout in all.

        The status line has already decided the outcome, so a body that breaks off or trickles is no
        failure: we keep what arrived. ``read1`` returns what one socket read yields, so the overall
        deadline also holds against a receiver sending one byte just inside every read timeout.
        """
        deadline = time.monotonic() + self.read_timeout
        chunks: list[bytes] = []
        size = 0
        raw = response.raw
        try:
            if isinstance(raw, urllib3.response.HTTPResponse) and hasattr(raw, "read1"):  # urllib3 >= 2.3
                while size < MAX_RESPONSE_BYTES and time.monotonic() < deadline:
                    chunk = raw.read1(MAX_RESPONSE_BYTES - size, decode_content=True)
                    if not chunk:
                        break
                    chunks.append(chunk[: MAX_RESPONSE_BYTES - size])
                    size += len(chunks[-1])
            else:  # another adapter (a test double, an old urllib3): portable, but each chunk read may block
                for chunk in response.iter_content(chunk_size=8192):
                    chunks.append(chunk[: MAX_RESPONSE_BYTES - size])
                    size += len(chunks[-1])
                    if size >= MAX_RESPONSE_BYTES or time.monotonic() >= deadline:
                        break
        except Exception:  # noqa: BLE001 - a broken body after the status line changes nothing; keep what arrived
            pass
        return b"".join(chunks)


# Retry schedule of the Standard Webhooks / Svix convention: attempt 1 immediately, then after these delays.
RETRY_DELAYS_SECONDS: tuple[int, ...] = (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
MAX_ATTEMPTS = 1 + len(RETRY_DELAYS_SECONDS)


def next_retry_delay(
    failed_attempts: int, *, rng: random.Random | None = None, jitter: float = 0.1
) -> datetime.timedelta | None:
    """The wait before the next attempt, after ``failed_attempts`` attempts have failed; None to give up.

    The Standard Webhooks spec recommends exponential back-off; we follow Svix's schedule (5 s, 5 min, 30 min,
    2 h, 5 h, 10 h, 14 h, 20 h, 24 h), so 10 attempts spread over about three days. Each delay is
    scaled by a uniform factor in [1 - jitter, 1 + jitter] so that orders which failed together (a
    contractor's outage) are not all retried in the same second. Pass a seeded ``rng`` for repeatable tests.
    """
    if failed_attempts < 1:
        raise ValueError("failed_attempts counts attempts already made, so it is at least 1")
    if not 0 <= jitter < 1:
        raise ValueError("jitter must be in [0, 1)")
    if failed_attempts > len(RETRY_DELAYS_SECONDS):
        return None
    base = RETRY_DELAYS_SECONDS[failed_attempts - 1]
    factor = 1 + (rng.uniform(-jitter, jitter) if rng is not None else random.uniform(-jitter, jitter))
    return datetime.timedelta(seconds=base * factor)


def _iso8601(value: datetime.datetime) -> str:
    """ISO 8601 in UTC with a "Z", as in the spec's payload example ("2022-11-03T20:26:10.344522Z")."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} in a webhook payload; use an aware datetime")
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _json_default(value: Any) -> Any:
    """JSON for the values Django models hand us. Decimals become strings: a float would lose cents."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):  # before date, of which it is a subclass
        return _iso8601(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Promise):  # gettext_lazy labels of choices
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable in a webhook payload")


def event_payload(*, event_type: str, data: Mapping[str, Any], timestamp: datetime.datetime) -> bytes:
    """The canonical body of a delivery, ``{"data": ..., "timestamp": ..., "type": ...}`` in UTF-8 JSON.

    The envelope is the one the Standard Webhooks spec recommends. Canonical (sorted keys, no spaces, no
    ASCII escaping of Chinese text) so the same event always yields the same bytes, and hence the same
    signature, across retries and processes. NaN and infinities are refused: they are not JSON.
    """
    if not event_type:
        raise ValueError("event_type must not be empty")
    document = {"type": event_type, "timestamp": _iso8601(timestamp), "data": dict(data)}
    text = json.dumps(
        document, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False, default=_json_default
    )
    return text.encode("utf-8")
