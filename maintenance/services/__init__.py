"""Writes of the weather → maintenance pipeline. Each public function is one transaction.

Ingest a warning (``alerts``) → fan it out into orders (``orders``) → push the orders to
contractors' webhooks (``outbox``, retried from the database) → track each order through its
lifecycle, escalating what is late. Forecasts (``forecasts``) feed the irrigation advice
(``irrigation``). Callers use ``from maintenance import services`` and the names below.
"""

from maintenance.services.access import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    check_webhook_url,
    idempotency_records_purge,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
)
from maintenance.services.alerts import IngestResult, alert_ingest, weather_feed_poll
from maintenance.services.common import AlertError, TransitionError
from maintenance.services.contracts import contract_check_overlaps, contract_save
from maintenance.services.forecasts import ForecastIngestResult, forecast_fetch, forecast_ingest
from maintenance.services.irrigation import irrigation_advise
from maintenance.services.orders import (
    ALLOWED_TRANSITIONS,
    FanOutResult,
    order_acknowledge,
    order_cancel,
    order_complete,
    order_create,
    order_decline,
    order_reassign,
    order_start,
    order_verify,
    orders_escalate,
    orders_expire,
    orders_fan_out,
)
from maintenance.services.outbox import (
    webhook_endpoint_flush,
    webhook_message_attempt,
    webhook_message_resend,
    webhook_ping,
    webhook_sweep,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "AlertError",
    "FanOutResult",
    "ForecastIngestResult",
    "IngestResult",
    "TransitionError",
    "alert_ingest",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "check_webhook_url",
    "contract_check_overlaps",
    "contract_save",
    "forecast_fetch",
    "forecast_ingest",
    "idempotency_records_purge",
    "irrigation_advise",
    "order_acknowledge",
    "order_cancel",
    "order_complete",
    "order_create",
    "order_decline",
    "order_reassign",
    "order_start",
    "order_verify",
    "orders_escalate",
    "orders_expire",
    "orders_fan_out",
    "weather_feed_poll",
    "webhook_endpoint_create",
    "webhook_endpoint_delete",
    "webhook_endpoint_flush",
    "webhook_endpoint_rotate_secret",
    "webhook_endpoint_update",
    "webhook_message_attempt",
    "webhook_message_resend",
    "webhook_ping",
    "webhook_sweep",
]
