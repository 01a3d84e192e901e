"""Outbound URLs given by users: only http(s) to public addresses (no SSRF into the bureau's network)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_public_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a private, loopback, link-local or
    otherwise non-public address (every address it resolves to is checked).

    ``allow_private`` is for development and tests, where receivers run on this machine.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Give an http:// or https:// URL."), code="scheme")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise ValidationError(_("The host name does not resolve."), code="unresolvable") from None
    if not infos or not all(_is_public(info[4][0]) for info in infos):
        raise ValidationError(
            _("The URL points into a private network; give an address reachable from the internet."), code="private"
        )
