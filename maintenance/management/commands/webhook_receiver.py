"""``python manage.py webhook_receiver``: a demo receiver for the portal's maintenance-order webhooks.

It plays the contractor's side of the Standard Webhooks exchange
(https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md): every POST is
verified with the reference ``standardwebhooks`` library, exactly as a contractor's own endpoint would, and
one line per delivery is printed. Useful to show a contractor what to implement, and to watch the portal's
deliveries and retries (``--status 500`` fails every delivery, ``--status 410`` disables the endpoint).

It is a demo tool, not a production receiver: it listens on loopback unless told otherwise.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
from argparse import ArgumentParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import standardwebhooks
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks.webhooks import EmptyWebhookSecretError

from maintenance.webhooks import verify

# Orders are small JSON documents; anything bigger is refused unread so the demo cannot be made to hog memory.
MAX_BODY_BYTES = 1024 * 1024
# The verdicts are fixed tokens, not translated, so that operators and scripts can grep for them whatever
# the portal's language (the handler threads run in settings.LANGUAGE_CODE, zh-hans).
VERIFIED = "VERIFIED"
REJECTED = "REJECTED"


def _clean(value: Any, limit: int = 80) -> str:
    """A header or JSON value made safe to print: no control characters (terminal escapes), bounded length."""
    text = "".join(char if char.isprintable() else "?" for char in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine. Other host names cannot be vouched for."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def summarize(payload: Any) -> tuple[str, str]:
    """(event type, a short summary of the data) of a verified Standard Webhooks payload."""
    if not isinstance(payload, dict):
        return "-", "-"
    event_type = _clean(payload.get("type") or "-", 60)
    data = payload.get("data")
    if not isinstance(data, dict):
        return event_type, "-"
    if "id" in data and "status" in data:
        # The portal's order events (maintenance.representations.OrderRows).
        return event_type, _("order #%(id)s %(status)s %(title)s") % {
            "id": _clean(data["id"], 20),
            "status": _clean(data["status"], 20),
            "title": _clean(data.get("title", ""), 80),
        }
    keys = ", ".join(_clean(key, 30) for key in sorted(map(str, data))[:8])
    return event_type, _("data: %(keys)s") % {"keys": keys or "-"}


class ReceiverServer(ThreadingHTTPServer):
    """The HTTP server, carrying what the handlers need: the secret, the status to answer and the output."""

    def __init__(self, address: tuple[str, int], *, secret: str, status: int, write: Any) -> None:
        # IPv6 loopback ("::1") needs an IPv6 socket; the class attribute is read by the constructor.
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.secret = secret
        self.answer_status = status
        self._write = write
        self._lock = threading.Lock()
        self._seen_ids: set[str] = set()
        super().__init__(address, DeliveryHandler)

    def report(self, message_id: str, event_type: str, summary: str, verdict: str) -> None:
        """Print one line per delivery; a lock keeps lines of concurrent deliveries from interleaving."""
        now = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
        with self._lock:
            self._write(f"{now}  {message_id}  {event_type}  {summary}  {verdict}")

    def first_time(self, message_id: str) -> bool:
        """Whether this webhook-id is new: the spec makes it the idempotency key, so retries repeat it."""
        with self._lock:
            if message_id in self._seen_ids:
                return False
            self._seen_ids.add(message_id)
            return True


class DeliveryHandler(BaseHTTPRequestHandler):
    """Verifies one POST with ``standardwebhooks`` and answers the configured status, or 401."""

    server: ReceiverServer
    server_version = "YangquanWebhookReceiver/1"
    # A client that stops sending mid-body must not pin a thread (and block Ctrl-C's join) forever.
    timeout = 10

    def do_POST(self) -> None:
        message_id = _clean(self.headers.get("webhook-id") or "-", 60)
        try:
            length = int(self.headers.get("content-length") or "")
        except ValueError:
            length = -1
        if length < 0:
            self._reject(411, message_id, _("no valid Content-Length"))
            return
        if length > MAX_BODY_BYTES:
            self._reject(413, message_id, _("body larger than %(limit)d bytes") % {"limit": MAX_BODY_BYTES})
            return
        body = self.rfile.read(length)
        try:
            payload = verify(secret=self.server.secret, headers=dict(self.headers.items()), body=body)
        except standardwebhooks.WebhookVerificationError as exc:
            self._reject(401, message_id, _clean(exc, 200))
            return
        event_type, summary = summarize(payload)
        verdict = VERIFIED
        if not self.server.first_time(message_id):
            verdict += " " + _("(repeat of an earlier delivery: deduplicate by webhook-id)")
        self.server.report(message_id, event_type, summary, verdict)
        self._answer(self.server.answer_status, {"verified": True})

    def do_GET(self) -> None:
        self._answer(405, {"error": "POST signed deliveries here"}, allow="POST")

    do_PUT = do_PATCH = do_DELETE = do_GET

    def _reject(self, status: int, message_id: str, reason: str) -> None:
        self.server.report(message_id, "-", "-", f"{REJECTED} ({reason})")
        self._answer(status, {"verified": False, "reason": reason})

    def _answer(self, status: int, document: dict[str, Any], allow: str | None = None) -> None:
        body = json.dumps(document, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # The one line per delivery replaces http.server's access log on stderr.
        pass


class Command(BaseCommand):
    help = (
        "Run a demo webhook receiver that verifies the portal's Standard Webhooks signatures with the "
        "standardwebhooks library and prints one line per delivery. Listens on loopback unless --allow-remote."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--secret", required=True, help="The endpoint's signing secret, whsec_ + base64.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument(
            "--port", type=int, default=8765, help="Port to listen on (default 8765; 0 picks a free port)."
        )
        parser.add_argument(
            "--status",
            type=int,
            default=200,
            help="HTTP status for verified deliveries (default 200; 500 to watch retries, 410 to be disabled).",
        )
        parser.add_argument("--once", action="store_true", help="Exit after the first request (for tests).")
        parser.add_argument(
            "--allow-remote",
            action="store_true",
            help="Allow a non-loopback --host. This is a demo tool; do not expose it.",
        )

    def handle(
        self,
        *args: Any,
        secret: str,
        host: str = "127.0.0.1",
        port: int = 8765,
        status: int = 200,
        once: bool = False,
        allow_remote: bool = False,
        **options: Any,
    ) -> None:
        try:
            standardwebhooks.Webhook(secret)
        except (EmptyWebhookSecretError, ValueError) as exc:
            raise CommandError(_("--secret is not a Standard Webhooks secret (whsec_ followed by base64).")) from exc
        if not 200 <= status <= 599:
            raise CommandError(_("--status must be an HTTP status between 200 and 599."))
        if not 0 <= port <= 65535:
            raise CommandError(_("--port must be between 0 and 65535."))
        if not _is_loopback(host) and not allow_remote:
            raise CommandError(
                _("%(host)s is not a loopback address; this demo receiver only listens remotely with --allow-remote.")
                % {"host": host}
            )

        try:
            server = ReceiverServer((host, port), secret=secret, status=status, write=self.stdout.write)
        except OSError as exc:
            raise CommandError(
                _("Cannot listen on %(host)s:%(port)d: %(reason)s") % {"host": host, "port": port, "reason": exc}
            ) from exc

        bound_host, bound_port = server.server_address[:2]
        url_host = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
        self.stdout.write(
            _("Listening on http://%(host)s:%(port)d/ (verified deliveries get HTTP %(status)d). Ctrl-C to stop.")
            % {"host": url_host, "port": bound_port, "status": status}
        )
        try:
            if once:
                server.handle_request()
            else:
                server.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write(_("Stopped."))
        finally:
            # Joins the handler threads, so every delivery's line is out before the command returns.
            server.server_close()
