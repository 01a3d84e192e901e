"""Who sent a request: the client's address for rate limits and lockouts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The sender's IP address as far as the portal can trust it.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (0 by default) the address is the one the
    nearest untrusted hop gave, counted from the right of ``X-Forwarded-For``; anything further
    left could be written by the sender and is ignored. With no proxy the connecting address is used.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
