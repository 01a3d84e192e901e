"""API tokens and webhook endpoints: who may call the API, and where contractors want pushes sent."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greening.lib.urls import check_public_url
from maintenance.choices import TokenKind
from maintenance.models import ApiToken, Contractor, WebhookEndpoint
from maintenance.webhooks import generate_secret

TOKEN_PREFIX = "yqg_"
# last_used_at is written at most this often per token, so reads do not turn into writes.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    kind: str = TokenKind.CONTRACTOR,
    contractor: Contractor | None = None,
    name: str,
    expires_at: datetime.datetime | None = None,
    actor=None,
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the raw value, which is never stored and cannot be shown again."""
    if (kind == TokenKind.CONTRACTOR) != (contractor is not None):
        raise ValidationError(_("A contractor token needs a contractor; a met bureau token has none."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        kind=kind,
        contractor=contractor,
        name=name,
        prefix=raw[:12],
        key_hash=_hash(raw),
        expires_at=expires_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    token.full_clean()
    token._history_user = actor
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor=None) -> ApiToken:
    """Revoke a token at once; requests with it are refused from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = actor
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token for a raw value, or None. Notes when it was used (at most once a minute)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("contractor").filter(key_hash=_hash(raw)).first()
    if token is None or not token.is_active or (token.contractor_id and not token.contractor.active):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def check_webhook_url(url: str) -> None:
    """A webhook URL must be http(s) and public, unless ``WEBHOOK_ALLOW_PRIVATE_URLS`` (development)."""
    check_public_url(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE_URLS)


@transaction.atomic
def webhook_endpoint_create(
    *, contractor: Contractor, url: str, description: str = "", active: bool = True, actor=None
) -> WebhookEndpoint:
    """Register a contractor's endpoint with a fresh signing secret (returned on the object, shown once)."""
    check_webhook_url(url)
    endpoint = WebhookEndpoint(
        contractor=contractor, url=url, description=description, active=active, secret=generate_secret()
    )
    endpoint.full_clean()
    endpoint._history_user = actor
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, endpoint: WebhookEndpoint, actor=None, **changes) -> WebhookEndpoint:
    """Change an endpoint's URL, description or active flag. Re-activating clears the failure state."""
    if "url" in changes:
        check_webhook_url(changes["url"])
    for name, value in changes.items():
        setattr(endpoint, name, value)
    if changes.get("active") is True:
        endpoint.consecutive_failures = 0
        endpoint.disabled_reason = ""
        endpoint.disabled_at = None
    endpoint.full_clean()
    endpoint._history_user = actor
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_rotate_secret(*, endpoint: WebhookEndpoint, actor=None) -> WebhookEndpoint:
    """Give the endpoint a new signing secret (the old one stops working at once)."""
    endpoint.secret = generate_secret()
    endpoint._history_user = actor
    endpoint.save(update_fields=["secret"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, actor=None) -> None:
    """Remove an endpoint; its pending messages go with it (the orders stay available through the API)."""
    endpoint._history_user = actor
    endpoint.delete()


def idempotency_records_purge(*, now: datetime.datetime | None = None) -> int:
    """Forget idempotency keys older than ``IDEMPOTENCY_KEY_DAYS``; returns how many."""
    from maintenance.models import IdempotencyRecord

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.IDEMPOTENCY_KEY_DAYS)
    deleted, _per_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
