"""Fixed-window rate limits kept in Django's cache (Redis in production), shared by every web process.

A limit reads like ``"5/600"``: at most five in each window of 600 seconds. Windows are aligned
to the epoch (0:00–0:10, 0:10–0:20 …), so a burst may straddle two windows; that is the usual
price of a fixed window, accepted here because it needs only ``add`` and ``incr``, which are
atomic in Redis, and it resets on its own when the window's key expires.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """``"5/600"`` → at most 5 per 600 seconds; anything else is a configuration error naming the value."""
    try:
        count_text, seconds_text = str(text).split("/")
        rate = Rate(int(count_text), int(seconds_text))
    except ValueError:
        raise ImproperlyConfigured(f"{text!r} is not a rate like '5/600' (count per seconds).") from None
    if rate.count < 1 or rate.seconds < 1:
        raise ImproperlyConfigured(f"{text!r}: the count and the seconds must be at least 1.")
    return rate


def setting_rate(name: str) -> Rate:
    return parse_rate(getattr(settings, name))


def window_key(prefix: str, rate: Rate, now: datetime.datetime) -> str:
    """The cache key of the window ``now`` falls in."""
    return f"{prefix}:{rate.seconds}:{int(now.timestamp()) // rate.seconds}"


def take(prefix: str, rate: Rate, now: datetime.datetime) -> str | None:
    """Count one against the limit; the window's key when allowed, None (and nothing counted) when over it."""
    key = window_key(prefix, rate, now)
    # The key lives a little longer than its window so it cannot expire between add and incr.
    cache.add(key, 0, timeout=rate.seconds + 60)
    try:
        used = cache.incr(key)
    except ValueError:
        # Evicted between add and incr: start the window again.
        cache.set(key, 1, timeout=rate.seconds + 60)
        used = 1
    if used > rate.count:
        give_back(key)
        return None
    return key


def give_back(key: str) -> None:
    """Undo one ``take`` (the attempt was refused for another reason and must not count)."""
    with contextlib.suppress(ValueError):  # the window expired meanwhile: nothing to give back
        cache.decr(key)
