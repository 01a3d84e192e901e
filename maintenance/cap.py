"""Parsing of CAP 1.2 weather warnings into plain, immutable values.

The Meteorological Bureau publishes its warning signals (中国气象局令第16号, 《气象灾害预警信号发布与传播办法》)
as Common Alerting Protocol documents: OASIS CAP 1.2, on which GB/T 35965.1-2018《应急信息交互协议 第1部分:预警信息》
is modelled. This module turns one such document into a :class:`CapMessage` and, for each ``<info>`` block, works
out which of the 14 CMA warning types and which colour level it announces.

Everything here is pure Python: no database, no network, no Django models. The documents come from outside the
bureau, so they are treated as hostile: the size is checked before parsing, and the XML is parsed with defusedxml
with DTDs, entities and external references forbidden (no XXE, no billion laughs).
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _

from greening.lib.errors import InputError
from maintenance.choices import WARNING_TYPE_CHINESE, CapMsgType, CapScope, CapStatus, WarningLevel, WarningType

__all__ = [
    "CAP12_NAMESPACE",
    "MAX_CAP_BYTES",
    "CapArea",
    "CapError",
    "CapInfo",
    "CapMessage",
    "CapReference",
    "parse_cap",
    "parse_untrusted_xml",
]

CAP12_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
_NS = "{" + CAP12_NAMESPACE + "}"

MAX_CAP_BYTES = 1_000_000

# Value lists of CAP 1.2 (OASIS, §3.2.2 and §3.2.3). status, msgType and scope are the project's choices; the
# info-level lists are not stored anywhere else, so they are spelled out here.
_CAP_CATEGORIES = (
    "Geo",
    "Met",
    "Safety",
    "Security",
    "Rescue",
    "Fire",
    "Health",
    "Env",
    "Transport",
    "Infra",
    "CBRNE",
    "Other",
)
_CAP_URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
_CAP_SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
_CAP_CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")

# CAP 1.2 §3.3.2: dates look like "2002-05-24T16:49:00-07:00". Fractional seconds and "Z" are outside the
# standard's pattern but turn up in real feeds and are unambiguous, so they are accepted. A missing offset is not:
# a local time without a zone cannot be placed on the timeline.
_CAP_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?")

# CAP 1.2 §3.2.1: identifier and sender "MUST NOT include spaces, commas or restricted characters (< and &)".
# <references> is built from them with commas and spaces, so a value containing either could not be referenced.
_CAP_FORBIDDEN_IN_ID = re.compile(r"[\s,<&]")

# The common CMA signal code: two digits of type, two of level (e.g. 0202 = 暴雨黄色).
_CMA_SIGNAL = re.compile(r"\d{4}")
_CMA_TYPE_CODES: dict[str, WarningType] = {warning_type.value: warning_type for warning_type in WarningType}
# 16 is 雷雨大风 (thunderstorm gale): for the crews in the parks it is a gale. 15 (森林火灾, forest fire) is not one
# of the signals of 中国气象局令第16号 and is deliberately left unknown.
_CMA_TYPE_CODES["16"] = WarningType.GALE
# Level "00" means "unknown": it maps to nothing, so the headline and then the severity are consulted.
_CMA_LEVEL_CODES: dict[str, WarningLevel] = {level.value: level for level in WarningLevel}

# Chinese names, tried longest first so that a longer name is never shadowed by a shorter one it contains.
_CHINESE_TYPE_NAMES: tuple[tuple[str, WarningType], ...] = tuple(
    sorted(
        [(name, warning_type) for warning_type, name in WARNING_TYPE_CHINESE.items()]
        + [("雷雨大风", WarningType.GALE)],
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)

# English names, as used in the en-US info blocks of CMA documents and by other alerting authorities. Phrases are
# matched as whole words, longest first: "thunderstorm gale" is a gale (雷雨大风), a bare "thunderstorm" lightning.
_ENGLISH_TYPE_PHRASES: dict[str, WarningType] = {
    "typhoon": WarningType.TYPHOON,
    "rainstorm": WarningType.RAINSTORM,
    "heavy rain": WarningType.RAINSTORM,
    "blizzard": WarningType.BLIZZARD,
    "snowstorm": WarningType.BLIZZARD,
    "heavy snow": WarningType.BLIZZARD,
    "cold wave": WarningType.COLD_WAVE,
    "gale": WarningType.GALE,
    "strong wind": WarningType.GALE,
    "thunderstorm gale": WarningType.GALE,
    "thunderstorm and gale": WarningType.GALE,
    "sandstorm": WarningType.SANDSTORM,
    "sand storm": WarningType.SANDSTORM,
    "dust storm": WarningType.SANDSTORM,
    "sand and dust storm": WarningType.SANDSTORM,
    "heat": WarningType.HEAT,
    "heat wave": WarningType.HEAT,
    "heatwave": WarningType.HEAT,
    "high temperature": WarningType.HEAT,
    "drought": WarningType.DROUGHT,
    "lightning": WarningType.LIGHTNING,
    "thunder": WarningType.LIGHTNING,
    "thunderstorm": WarningType.LIGHTNING,
    "hail": WarningType.HAIL,
    "hailstorm": WarningType.HAIL,
    "frost": WarningType.FROST,
    "fog": WarningType.FOG,
    "haze": WarningType.HAZE,
    "road icing": WarningType.ROAD_ICING,
    "icy road": WarningType.ROAD_ICING,
    "icy roads": WarningType.ROAD_ICING,
}
_ENGLISH_TYPE_PATTERNS: tuple[tuple[re.Pattern[str], WarningType], ...] = tuple(
    (re.compile(r"\b" + r"[\s-]+".join(map(re.escape, phrase.split())) + r"s?\b", re.IGNORECASE), warning_type)
    for phrase, warning_type in sorted(_ENGLISH_TYPE_PHRASES.items(), key=lambda item: len(item[0]), reverse=True)
)

# Colours of the CMA headline format "阳泉市气象台发布暴雨黄色预警信号[III级/较重]" and of English headlines.
_COLOUR_LEVELS: dict[str, WarningLevel] = {
    "蓝色": WarningLevel.BLUE,
    "黄色": WarningLevel.YELLOW,
    "橙色": WarningLevel.ORANGE,
    "红色": WarningLevel.RED,
    "blue": WarningLevel.BLUE,
    "yellow": WarningLevel.YELLOW,
    "orange": WarningLevel.ORANGE,
    "red": WarningLevel.RED,
}
_COLOUR_PATTERN = re.compile(r"蓝色|黄色|橙色|红色|\b(?:blue|yellow|orange|red)\b", re.IGNORECASE)

# CAP severity → colour, the usual correspondence (QWeather publishes 蓝→Minor and 黄→Moderate; 橙→Severe and
# 红→Extreme complete it). "Unknown" gives nothing.
_SEVERITY_LEVELS: dict[str, WarningLevel] = {
    "Minor": WarningLevel.BLUE,
    "Moderate": WarningLevel.YELLOW,
    "Severe": WarningLevel.ORANGE,
    "Extreme": WarningLevel.RED,
}

_DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")


class CapError(InputError):
    """A document that cannot be accepted as a CAP 1.2 weather warning; ``field`` names the CAP element."""


@dataclass(frozen=True)
class CapReference:
    """One earlier message named in <references> (CAP 1.2 §3.2.1)."""

    sender: str
    identifier: str
    sent: datetime.datetime


@dataclass(frozen=True)
class CapArea:
    """One <area>: its description and its geocodes as (valueName, value) pairs, e.g. GB/T 2260 area codes."""

    description: str
    geocodes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CapInfo:
    """One <info> block, in one language, with the CMA warning type and level worked out."""

    language: str
    categories: tuple[str, ...]
    event: str
    warning_type: WarningType
    level: WarningLevel | None
    urgency: str
    severity: str
    certainty: str
    event_codes: tuple[tuple[str, str], ...]
    effective: datetime.datetime | None
    onset: datetime.datetime | None
    expires: datetime.datetime | None
    sender_name: str
    headline: str
    description: str
    instruction: str
    areas: tuple[CapArea, ...]


@dataclass(frozen=True)
class CapMessage:
    """A parsed CAP 1.2 <alert>, with the decoded original text kept for the record."""

    identifier: str
    sender: str
    sent: datetime.datetime
    status: str
    msg_type: str
    scope: str
    references: tuple[CapReference, ...]
    infos: tuple[CapInfo, ...]
    raw_xml: str

    @property
    def primary_info(self) -> CapInfo | None:
        """The Chinese info block (language "zh…"), or the first one when none is Chinese; None without infos."""
        for info in self.infos:
            if info.language.lower().startswith("zh"):
                return info
        return self.infos[0] if self.infos else None

    @property
    def warning_type(self) -> WarningType | None:
        """The CMA warning type of the primary info; None for a message without infos."""
        info = self.primary_info
        return info.warning_type if info else None

    @property
    def level(self) -> WarningLevel | None:
        """The colour level of the primary info; None without infos, or for a Cancel that names none."""
        info = self.primary_info
        return info.level if info else None

    @property
    def geocodes(self) -> tuple[str, ...]:
        """Every geocode value of every area of the primary info, without repeats, in document order."""
        info = self.primary_info
        if info is None:
            return ()
        values = (value for area in info.areas for _value_name, value in area.geocodes)
        return tuple(dict.fromkeys(values))

    @property
    def area_descriptions(self) -> tuple[str, ...]:
        """The <areaDesc> of each area of the primary info, in document order."""
        info = self.primary_info
        return tuple(area.description for area in info.areas) if info else ()


def parse_untrusted_xml(data: bytes | str, *, max_bytes: int) -> tuple[Element, str]:
    """Parse XML from outside the bureau safely and return its root element and its decoded text.

    Used for CAP documents and for the feeds that carry them. The size is checked before anything is parsed;
    bytes are decoded according to their BOM or XML declaration (expat cannot read GB2312/GBK, which Chinese
    publishers still use); DTDs, entity declarations and external references are refused outright.
    Raises :class:`CapError` with code "too_large", "malformed" or "forbidden_xml".
    """
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", errors="replace"))
    if size > max_bytes:
        raise CapError(
            "too_large",
            _("The document is %(size)s bytes, more than the limit of %(limit)s bytes.")
            % {"size": size, "limit": max_bytes},
        )
    text = data.removeprefix("\ufeff") if isinstance(data, str) else _decode_xml_bytes(data)
    try:
        # The str is already decoded, so expat ignores the declared encoding; that is what we want.
        root = DefusedET.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise CapError(
            "forbidden_xml",
            _(
                "The document contains a DTD, an entity declaration or an external reference; "
                "these are refused for safety."
            ),
        ) from exc
    except DefusedET.ParseError as exc:
        position = getattr(exc, "position", None)
        if position:
            message = _("The document is not well-formed XML (line %(line)s, column %(column)s).") % {
                "line": position[0],
                "column": position[1],
            }
        else:
            message = _("The document is not well-formed XML.")
        raise CapError("malformed", message) from exc
    return root, text


def parse_cap(data: bytes | str, *, max_bytes: int = MAX_CAP_BYTES) -> CapMessage:
    """Parse one CAP 1.2 document into a :class:`CapMessage`, or raise :class:`CapError` saying why not.

    Besides the structure required by OASIS CAP 1.2, each <info> must announce one of the 14 CMA warning types
    (中国气象局令第16号), and an Alert or Update must have a level for its primary (Chinese) info: those are what
    the maintenance rules act on. Nothing is looked up in the database; the caller decides what to store.
    """
    root, text = parse_untrusted_xml(data, max_bytes=max_bytes)
    _check_root(root)

    identifier = _required_text(root, "identifier")
    sender = _required_text(root, "sender")
    _check_cap_id(identifier, "identifier")
    _check_cap_id(sender, "sender")
    sent = _parse_datetime(_required_text(root, "sent"), "sent")
    status = _choice(_required_text(root, "status"), "status", CapStatus.values)
    msg_type = _choice(_required_text(root, "msgType"), "msgType", CapMsgType.values)
    scope = _choice(_required_text(root, "scope"), "scope", CapScope.values)
    references = _parse_references(_optional_text(root, "references"))

    info_elements = root.findall(_NS + "info")
    # CAP 1.2 allows an alert without <info>, but an Alert or Update that announces nothing cannot be acted on.
    # A Cancel needs only its <references>; Ack and Error are system messages.
    if not info_elements and msg_type in (CapMsgType.ALERT, CapMsgType.UPDATE):
        raise CapError(
            "missing_element",
            _("A CAP message of type %(msg_type)s must have at least one <info> block.") % {"msg_type": msg_type},
            field="info",
        )
    infos = tuple(_parse_info(element, number) for number, element in enumerate(info_elements, start=1))

    message = CapMessage(
        identifier=identifier,
        sender=sender,
        sent=sent,
        status=status,
        msg_type=msg_type,
        scope=scope,
        references=references,
        infos=infos,
        raw_xml=text,
    )
    primary = message.primary_info
    if msg_type in (CapMsgType.ALERT, CapMsgType.UPDATE) and primary is not None and primary.level is None:
        raise CapError(
            "unknown_level",
            _(
                "The level of the warning “%(event)s” could not be found: neither a CMA signal code, "
                "nor a colour in the headline, nor the CAP severity gives one."
            )
            % {"event": primary.event},
            field="info",
        )
    return message


# --- decoding and structure -------------------------------------------------------------------------------------


def _decode_xml_bytes(data: bytes) -> str:
    """Decode XML bytes following XML 1.0 Appendix F: the BOM first, then the declaration, else UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        declared = _DECLARED_ENCODING.match(data)
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
        body = data
    try:
        return body.decode(encoding)
    except LookupError as exc:
        raise CapError(
            "malformed",
            _("The document declares the unknown character encoding “%(encoding)s”.") % {"encoding": encoding},
        ) from exc
    except UnicodeDecodeError as exc:
        raise CapError("malformed", _("The document is not valid %(encoding)s text.") % {"encoding": encoding}) from exc


def _check_root(root: Element) -> None:
    """The root must be a CAP 1.2 <alert>; CAP 1.1 and 1.0 differ in elements and values and are not accepted."""
    if root.tag == _NS + "alert":
        return
    if root.tag.startswith("{"):
        namespace, _sep, local_name = root.tag[1:].partition("}")
        raise CapError(
            "not_cap12",
            _(
                "The root element is <%(element)s> in namespace “%(namespace)s”; "
                "a CAP 1.2 <alert> in namespace “%(expected)s” is required."
            )
            % {"element": local_name, "namespace": namespace, "expected": CAP12_NAMESPACE},
        )
    raise CapError(
        "not_cap12",
        _("The root element <%(element)s> has no namespace; a CAP 1.2 <alert> in namespace “%(expected)s” is required.")
        % {"element": root.tag, "expected": CAP12_NAMESPACE},
    )


def _optional_text(parent: Element, name: str) -> str:
    element = parent.find(_NS + name)
    return (element.text or "").strip() if element is not None else ""


def _required_text(parent: Element, name: str, *, info_number: int | None = None) -> str:
    value = _optional_text(parent, name)
    if value:
        return value
    if info_number is None:
        message = _("The CAP message has no <%(element)s> element, or it is empty.") % {"element": name}
    else:
        message = _("Info block %(number)s has no <%(element)s> element, or it is empty.") % {
            "number": info_number,
            "element": name,
        }
    raise CapError("missing_element", message, field=name)


def _choice(value: str, name: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise CapError(
            "invalid_value",
            _("<%(element)s> is “%(value)s”, which is not one of the CAP 1.2 values: %(allowed)s.")
            % {"element": name, "value": value, "allowed": ", ".join(allowed)},
            field=name,
        )
    return value


def _check_cap_id(value: str, name: str) -> None:
    if _CAP_FORBIDDEN_IN_ID.search(value):
        raise CapError(
            "invalid_value",
            _("<%(element)s> is “%(value)s”, which contains a space, a comma, “<” or “&”; CAP 1.2 forbids them.")
            % {"element": name, "value": value},
            field=name,
        )


def _parse_datetime(value: str, name: str) -> datetime.datetime:
    match = _CAP_DATETIME.fullmatch(value)
    parsed: datetime.datetime | None = None
    if match:
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:  # e.g. month 13: the shape is right, the calendar is not
            parsed = None
    if parsed is None:
        raise CapError(
            "invalid_value",
            _("<%(element)s> is “%(value)s”, which is not a CAP date and time such as 2024-07-30T10:00:00+08:00.")
            % {"element": name, "value": value},
            field=name,
        )
    if parsed.tzinfo is None:
        raise CapError(
            "invalid_value",
            _("<%(element)s> is “%(value)s”, which has no UTC offset; CAP 1.2 requires one, such as +08:00.")
            % {"element": name, "value": value},
            field=name,
        )
    return parsed


def _optional_datetime(parent: Element, name: str) -> datetime.datetime | None:
    value = _optional_text(parent, name)
    return _parse_datetime(value, name) if value else None


def _parse_references(value: str) -> tuple[CapReference, ...]:
    """Parse <references>: whitespace-separated "sender,identifier,sent" triples (CAP 1.2 §3.2.1)."""
    references = []
    for triple in value.split():
        parts = triple.split(",")
        if len(parts) != 3 or not all(parts):
            raise CapError(
                "invalid_value",
                _("<references> contains “%(value)s”, which is not a sender,identifier,sent triple.")
                % {"value": triple},
                field="references",
            )
        sender, identifier, sent = parts
        references.append(CapReference(sender=sender, identifier=identifier, sent=_parse_datetime(sent, "references")))
    return tuple(references)


def _value_pairs(parent: Element, name: str) -> tuple[tuple[str, str], ...]:
    """The (valueName, value) pairs of the <eventCode> or <geocode> children; pairs without a value say nothing."""
    pairs = []
    for element in parent.findall(_NS + name):
        value = _optional_text(element, "value")
        if value:
            pairs.append((_optional_text(element, "valueName"), value))
    return tuple(pairs)


def _parse_info(element: Element, number: int) -> CapInfo:
    category_texts = ((category.text or "").strip() for category in element.findall(_NS + "category"))
    categories = tuple(_choice(text, "category", _CAP_CATEGORIES) for text in category_texts if text)
    if not categories:
        _required_text(element, "category", info_number=number)  # raises: the element is missing
    event = _required_text(element, "event", info_number=number)
    urgency = _choice(_required_text(element, "urgency", info_number=number), "urgency", _CAP_URGENCIES)
    severity = _choice(_required_text(element, "severity", info_number=number), "severity", _CAP_SEVERITIES)
    certainty = _choice(_required_text(element, "certainty", info_number=number), "certainty", _CAP_CERTAINTIES)
    event_codes = _value_pairs(element, "eventCode")
    headline = _optional_text(element, "headline")

    areas = []
    for area in element.findall(_NS + "area"):
        areas.append(
            CapArea(
                description=_required_text(area, "areaDesc", info_number=number),
                geocodes=_value_pairs(area, "geocode"),
            )
        )

    warning_type, level = _classify(event=event, headline=headline, severity=severity, event_codes=event_codes)
    return CapInfo(
        # CAP 1.2 §3.2.2: "If not present, an implicit default value of 'en-US' SHALL be assumed."
        language=_optional_text(element, "language") or "en-US",
        categories=categories,
        event=event,
        warning_type=warning_type,
        level=level,
        urgency=urgency,
        severity=severity,
        certainty=certainty,
        event_codes=event_codes,
        effective=_optional_datetime(element, "effective"),
        onset=_optional_datetime(element, "onset"),
        expires=_optional_datetime(element, "expires"),
        sender_name=_optional_text(element, "senderName"),
        headline=headline,
        description=_optional_text(element, "description"),
        instruction=_optional_text(element, "instruction"),
        areas=tuple(areas),
    )


# --- warning type and level -------------------------------------------------------------------------------------


def _classify(
    *, event: str, headline: str, severity: str, event_codes: tuple[tuple[str, str], ...]
) -> tuple[WarningType, WarningLevel | None]:
    """Work out the CMA warning type and colour level of one info block.

    The 4-digit CMA signal code is the most precise source and wins. Without one, the type comes from the
    Chinese name in <event> or <headline>, then from an English name; the level from the headline's colour,
    then from the CAP severity.
    """
    warning_type: WarningType | None = None
    level: WarningLevel | None = None
    # The valueName varies between publishers ("CMA_SIGNAL", "预警信号", …), so any 4-digit value of a known type
    # counts as a signal code.
    for _value_name, value in event_codes:
        if _CMA_SIGNAL.fullmatch(value) and value[:2] in _CMA_TYPE_CODES:
            warning_type = _CMA_TYPE_CODES[value[:2]]
            level = _CMA_LEVEL_CODES.get(value[2:])
            break

    if warning_type is None:
        warning_type = (
            _type_from_chinese(event)
            or _type_from_chinese(headline)
            or _type_from_english(event)
            or _type_from_english(headline)
        )
    if warning_type is None:
        raise CapError(
            "unknown_event",
            _("The event “%(event)s” is not one of the 14 CMA warning types.") % {"event": event},
            field="event",
        )

    if level is None:
        level = _level_from_colour(headline) or _level_from_colour(event)
    if level is None:
        level = _SEVERITY_LEVELS.get(severity)
    return warning_type, level


def _type_from_chinese(text: str) -> WarningType | None:
    for name, warning_type in _CHINESE_TYPE_NAMES:
        if name in text:
            return warning_type
    return None


def _type_from_english(text: str) -> WarningType | None:
    for pattern, warning_type in _ENGLISH_TYPE_PATTERNS:
        if pattern.search(text):
            return warning_type
    return None


def _level_from_colour(text: str) -> WarningLevel | None:
    # The last colour wins: in "将暴雨黄色预警信号升级为橙色预警信号" the signal now in force is the last one named.
    colours = _COLOUR_PATTERN.findall(text)
    return _COLOUR_LEVELS[colours[-1].lower()] if colours else None
