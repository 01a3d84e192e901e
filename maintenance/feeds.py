"""Parsing of the feeds through which CAP warnings are published.

Alerting authorities list their current CAP documents in an Atom or RSS 2.0 feed (the practice of the WMO
Register of Alerting Authorities and of www.12379.cn), each entry either linking to a CAP 1.2 document or
embedding it; some endpoints serve a single CAP document instead. :func:`parse_feed` accepts all three and
returns what to fetch or parse next; it does not parse the CAP documents themselves (see
:func:`maintenance.cap.parse_cap`).

Pure Python: no database, no network. Feeds come from outside, so they go through the same defusedxml parsing
as CAP documents and fail with the same :class:`~maintenance.cap.CapError` codes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, tostring

from django.utils.translation import gettext as _

from maintenance.cap import CapError, parse_untrusted_xml

__all__ = ["MAX_FEED_BYTES", "FeedEntry", "parse_feed"]

logger = logging.getLogger(__name__)

MAX_FEED_BYTES = 5_000_000

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
_ATOM = "{" + ATOM_NAMESPACE + "}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
CAP_MEDIA_TYPE = "application/cap+xml"

_CAP_NAMESPACE_PREFIX = "urn:oasis:names:tc:emergency:cap:"


@dataclass(frozen=True)
class FeedEntry:
    """One warning listed by a feed: a link to its CAP document, the embedded document itself, or both.

    When ``cap_xml`` is set it should be parsed directly, without fetching ``link``.
    """

    identifier: str
    link: str | None
    cap_xml: bytes | None


def parse_feed(data: bytes | str, *, max_bytes: int = MAX_FEED_BYTES) -> list[FeedEntry]:
    """List the CAP documents of an Atom feed, an RSS 2.0 feed or a bare CAP document, in feed order.

    Links are returned as written, resolved only against an ``xml:base`` the feed declares; relative links
    are resolved by the caller against the feed's URL. Entries that point at nothing are skipped with a
    warning. Raises :class:`~maintenance.cap.CapError` ("too_large", "malformed", "forbidden_xml", or
    "unsupported_feed" for any other kind of XML).
    """
    root, _decoded = parse_untrusted_xml(data, max_bytes=max_bytes)
    if root.tag == _ATOM + "feed":
        return _atom_entries(root)
    if root.tag == "rss":
        return _rss_items(root)
    if _is_cap_alert(root):
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return [FeedEntry(identifier=_cap_identifier(root), link=None, cap_xml=raw)]
    raise CapError(
        "unsupported_feed",
        _("The root element %(element)s is neither an Atom feed, an RSS 2.0 feed nor a CAP alert.")
        % {"element": root.tag},
    )


def _split_tag(tag: str) -> tuple[str, str]:
    """("namespace", "local name") of an ElementTree tag; the namespace is "" when there is none."""
    if tag.startswith("{"):
        namespace, _sep, local_name = tag[1:].partition("}")
        return namespace, local_name
    return "", tag


def _is_cap_alert(element: Element) -> bool:
    # An <alert> in another CAP version, or in no namespace, is still handed on: parse_cap then says precisely why
    # it is not CAP 1.2, which is more useful than "not a feed".
    namespace, local_name = _split_tag(element.tag)
    return local_name == "alert" and (namespace == "" or namespace.startswith(_CAP_NAMESPACE_PREFIX))


def _cap_identifier(alert: Element) -> str:
    namespace, _local_name = _split_tag(alert.tag)
    return (alert.findtext(f"{{{namespace}}}identifier" if namespace else "identifier") or "").strip()


def _child_text(parent: Element, tag: str) -> str:
    return (parent.findtext(tag) or "").strip()


def _atom_entries(feed: Element) -> list[FeedEntry]:
    feed_base = feed.get(_XML_BASE, "")
    entries = []
    for entry in feed.findall(_ATOM + "entry"):
        base = urljoin(feed_base, entry.get(_XML_BASE, ""))
        link = _atom_cap_link(entry)
        if link is not None and base:
            link = urljoin(base, link)
        alert = _embedded_alert(entry)
        cap_xml = _serialize_alert(alert) if alert is not None else None
        identifier = _child_text(entry, _ATOM + "id") or link or (_cap_identifier(alert) if alert is not None else "")
        if link is None and cap_xml is None:
            logger.warning("Atom entry %r links to no CAP document and embeds none; skipped.", identifier)
            continue
        entries.append(FeedEntry(identifier=identifier, link=link, cap_xml=cap_xml))
    return entries


def _atom_cap_link(entry: Element) -> str | None:
    """The link most likely to be the CAP document: typed as CAP, else the alternate, else the first one."""
    links = [link for link in entry.findall(_ATOM + "link") if (link.get("href") or "").strip()]
    if not links:
        return None
    by_type = [link for link in links if (link.get("type") or "").split(";")[0].strip().lower() == CAP_MEDIA_TYPE]
    # RFC 4287 §4.2.7.2: a link without rel is rel="alternate".
    alternates = [link for link in links if (link.get("rel") or "alternate") == "alternate"]
    chosen = (by_type or alternates or links)[0]
    return chosen.get("href", "").strip()


def _embedded_alert(entry: Element) -> Element | None:
    content = entry.find(_ATOM + "content")
    if content is None:
        return None
    for child in content:
        if _is_cap_alert(child):
            return child
    return None


def _serialize_alert(alert: Element) -> bytes:
    """The embedded <alert> as a standalone document, with CAP 1.2 as the default namespace where possible."""
    namespace, _local_name = _split_tag(alert.tag)
    try:
        # Without default_namespace ElementTree would write "ns0:" prefixes: valid, but odd for people to read.
        return tostring(alert, encoding="utf-8", xml_declaration=True, default_namespace=namespace)
    except ValueError:
        # Some descendant is in no namespace, which a default namespace cannot express.
        return tostring(alert, encoding="utf-8", xml_declaration=True)


def _rss_items(rss: Element) -> list[FeedEntry]:
    entries = []
    for item in rss.findall("channel/item"):
        link = _rss_cap_link(item)
        guid = item.find("guid")
        guid_text = (guid.text or "").strip() if guid is not None else ""
        # RSS 2.0: a guid is a permalink unless isPermaLink="false", so it can stand in for a missing <link>.
        if link is None and guid_text and guid is not None and guid.get("isPermaLink", "true") != "false":
            link = guid_text
        if link is None:
            logger.warning("RSS item %r links to no CAP document; skipped.", guid_text or _child_text(item, "title"))
            continue
        entries.append(FeedEntry(identifier=guid_text or link, link=link, cap_xml=None))
    return entries


def _rss_cap_link(item: Element) -> str | None:
    # An <enclosure> typed as CAP is the most explicit pointer; otherwise the item's <link>.
    for enclosure in item.findall("enclosure"):
        if (enclosure.get("type") or "").strip().lower() == CAP_MEDIA_TYPE and (enclosure.get("url") or "").strip():
            return enclosure.get("url", "").strip()
    return _child_text(item, "link") or None
