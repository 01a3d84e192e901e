"""Sending text messages (SMS) through a pluggable backend, like Django's e-mail backends.

``settings.STEWARD_SMS_BACKEND`` names the backend class by dotted path. A real provider (阿里云短信,
腾讯云短信…) implements ``SmsBackend.send``; the console backend prints messages for development,
the file backend appends them to a file (used by the browser tests), the locmem backend keeps them
in ``volunteers.sms.outbox`` for unit tests.
"""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsError(Exception):
    """A message could not be handed to the provider. ``permanent`` when retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmsMessage:
    mobile: str
    text: str


class SmsBackend:
    """The interface a provider implements: send one text to one mainland mobile number."""

    def send(self, mobile: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(SmsBackend):
    """Print messages to standard output (development)."""

    def send(self, mobile: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {mobile}] {text}\n")
        sys.stdout.flush()


# Messages sent through the locmem backend, oldest first (tests empty it).
outbox: list[SmsMessage] = []


class LocmemBackend(SmsBackend):
    """Keep messages in ``volunteers.sms.outbox`` (unit tests)."""

    def send(self, mobile: str, text: str) -> None:
        outbox.append(SmsMessage(mobile=mobile, text=text))


_file_lock = threading.Lock()


class FileBackend(SmsBackend):
    """Append each message as a JSON line to ``settings.STEWARD_SMS_FILE`` (browser tests, demos)."""

    def send(self, mobile: str, text: str) -> None:
        path = Path(settings.STEWARD_SMS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"mobile": mobile, "text": text, "at": timezone.now().isoformat()}, ensure_ascii=False)
        with _file_lock, path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def get_backend() -> SmsBackend:
    return import_string(settings.STEWARD_SMS_BACKEND)()


def send_sms(mobile: str, text: str) -> None:
    """Send one message through the configured backend."""
    get_backend().send(mobile, text)
