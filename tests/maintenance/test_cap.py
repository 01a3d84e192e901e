"""CAP 1.2 parsing: structure, the CMA warning type and level, and every way a document is refused."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from maintenance import cap
from maintenance.cap import CAP12_NAMESPACE, CapError, CapMessage, parse_cap
from maintenance.choices import WARNING_TYPE_CHINESE, CapMsgType, CapStatus, WarningLevel, WarningType

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CAP11_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.1"
CST = datetime.timezone(datetime.timedelta(hours=8))
SENDER = "yqqxt@weather.yq.example.cn"

# Sentinel: leave the element out altogether (None would be ambiguous with "no value").
OMIT = object()


def element(name: str, value: object) -> str:
    return "" if value is OMIT else f"<{name}>{value}</{name}>"


def make_info(
    *,
    language: object = "zh-CN",
    category: object = "Met",
    event: object = "暴雨",
    urgency: object = "Expected",
    severity: object = "Moderate",
    certainty: object = "Likely",
    event_codes: tuple[tuple[str, str], ...] = (("CMA_SIGNAL", "0202"),),
    effective: object = OMIT,
    onset: object = "2024-07-30T10:00:00+08:00",
    expires: object = "2024-07-31T10:00:00+08:00",
    headline: object = "阳泉市气象台发布暴雨黄色预警信号[III级/较重]",
    areas: tuple[tuple[str, tuple[str, ...]], ...] = (("阳泉市", ("140300",)),),
    extra: str = "",
) -> str:
    """One <info> block; pass OMIT to leave an element out, "" to leave it empty."""
    codes = "".join(
        f"<eventCode><valueName>{name}</valueName><value>{value}</value></eventCode>" for name, value in event_codes
    )
    area_xml = "".join(
        "<area>"
        + element("areaDesc", description)
        + "".join(f"<geocode><valueName>GB/T 2260</valueName><value>{code}</value></geocode>" for code in codes_)
        + "</area>"
        for description, codes_ in areas
    )
    return (
        "<info>"
        + element("language", language)
        + element("category", category)
        + element("event", event)
        + element("urgency", urgency)
        + element("severity", severity)
        + element("certainty", certainty)
        + codes
        + element("effective", effective)
        + element("onset", onset)
        + element("expires", expires)
        + element("senderName", "阳泉市气象台")
        + element("headline", headline)
        + extra
        + area_xml
        + "</info>"
    )


def make_cap(
    *,
    namespace: str | None = CAP12_NAMESPACE,
    identifier: object = "14030041600000_20240730100000_0",
    sender: object = SENDER,
    sent: object = "2024-07-30T10:00:00+08:00",
    status: object = "Actual",
    msg_type: object = "Alert",
    scope: object = "Public",
    references: object = OMIT,
    infos: tuple[str, ...] | None = None,
    prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
) -> str:
    """A CAP document; by default a valid 暴雨黄色 Alert for the whole city."""
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    return (
        prolog
        + f"<alert{xmlns}>"
        + element("identifier", identifier)
        + element("sender", sender)
        + element("sent", sent)
        + element("status", status)
        + element("msgType", msg_type)
        + element("scope", scope)
        + element("references", references)
        + "".join(make_info() if infos is None else infos)
        + "</alert>"
    )


def parse_error(document: str | bytes, **kwargs) -> CapError:
    with pytest.raises(CapError) as caught:
        parse_cap(document, **kwargs)
    return caught.value


# --- the samples ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("cap-*.xml")), ids=lambda path: path.name)
def test_every_sample_cap_document_parses(path: Path) -> None:
    message = parse_cap(path.read_bytes())

    assert isinstance(message, CapMessage)
    assert message.warning_type is not None


@pytest.mark.parametrize(
    ("name", "warning_type", "level", "geocodes", "msg_type", "status"),
    [
        (
            "cap-rainstorm-yellow-citywide.xml",
            WarningType.RAINSTORM,
            WarningLevel.YELLOW,
            ("140300",),
            "Alert",
            "Actual",
        ),
        (
            "cap-rainstorm-orange-update.xml",
            WarningType.RAINSTORM,
            WarningLevel.ORANGE,
            ("140300",),
            "Update",
            "Actual",
        ),
        ("cap-rainstorm-cancel.xml", WarningType.RAINSTORM, WarningLevel.ORANGE, ("140300",), "Cancel", "Actual"),
        (
            "cap-gale-blue-pingding-yuxian.xml",
            WarningType.GALE,
            WarningLevel.BLUE,
            ("140321", "140322"),
            "Alert",
            "Actual",
        ),
        (
            "cap-cold-wave-orange-chengqu.xml",
            WarningType.COLD_WAVE,
            WarningLevel.ORANGE,
            ("140302",),
            "Alert",
            "Actual",
        ),
        ("cap-heat-red-kuangqu.xml", WarningType.HEAT, WarningLevel.RED, ("140303",), "Alert", "Actual"),
        ("cap-blizzard-yellow-jiaoqu.xml", WarningType.BLIZZARD, WarningLevel.YELLOW, ("140311",), "Alert", "Actual"),
        ("cap-frost-blue-test.xml", WarningType.FROST, WarningLevel.BLUE, ("140322",), "Alert", "Test"),
    ],
)
def test_each_sample_announces_its_type_level_areas_and_message_type(
    name: str, warning_type: WarningType, level: WarningLevel, geocodes: tuple[str, ...], msg_type: str, status: str
) -> None:
    message = parse_cap((SAMPLES / name).read_bytes())

    assert (message.warning_type, message.level, message.geocodes, message.msg_type, message.status) == (
        warning_type,
        level,
        geocodes,
        msg_type,
        status,
    )


def test_the_orange_update_sample_references_the_yellow_alert() -> None:
    yellow = parse_cap((SAMPLES / "cap-rainstorm-yellow-citywide.xml").read_bytes())
    orange = parse_cap((SAMPLES / "cap-rainstorm-orange-update.xml").read_bytes())

    assert orange.references == (
        cap.CapReference(sender=yellow.sender, identifier=yellow.identifier, sent=yellow.sent),
    )


def test_the_cancel_sample_references_the_orange_update() -> None:
    orange = parse_cap((SAMPLES / "cap-rainstorm-orange-update.xml").read_bytes())
    cancel = parse_cap((SAMPLES / "cap-rainstorm-cancel.xml").read_bytes())

    assert [(ref.sender, ref.identifier, ref.sent) for ref in cancel.references] == [
        (orange.sender, orange.identifier, orange.sent)
    ]


def test_the_yellow_sample_has_a_chinese_and_an_english_info_and_the_chinese_is_primary() -> None:
    message = parse_cap((SAMPLES / "cap-rainstorm-yellow-citywide.xml").read_bytes())

    assert [info.language for info in message.infos] == ["zh-CN", "en-US"]
    assert message.primary_info is message.infos[0]
    assert message.infos[1].warning_type == WarningType.RAINSTORM


def test_the_cold_wave_sample_has_no_event_code_so_its_level_comes_from_the_headline() -> None:
    message = parse_cap((SAMPLES / "cap-cold-wave-orange-chengqu.xml").read_bytes())

    assert message.primary_info is not None
    assert message.primary_info.event_codes == ()
    assert "橙色" in message.primary_info.headline
    assert message.level == WarningLevel.ORANGE


def test_the_heat_sample_takes_its_red_level_from_the_extreme_severity() -> None:
    message = parse_cap((SAMPLES / "cap-heat-red-kuangqu.xml").read_bytes())

    assert message.primary_info is not None
    assert message.primary_info.event_codes == ()
    assert message.primary_info.severity == "Extreme"
    assert message.level == WarningLevel.RED


# --- the alert and its infos ------------------------------------------------------------------------------------


def test_it_reads_the_alert_header() -> None:
    message = parse_cap(make_cap())

    assert message.identifier == "14030041600000_20240730100000_0"
    assert message.sender == SENDER
    assert message.sent == datetime.datetime(2024, 7, 30, 10, 0, tzinfo=CST)
    assert (message.status, message.msg_type, message.scope) == (CapStatus.ACTUAL, CapMsgType.ALERT, "Public")
    assert message.references == ()


def test_sent_keeps_its_utc_offset() -> None:
    message = parse_cap(make_cap())

    assert message.sent.utcoffset() == datetime.timedelta(hours=8)
    assert message.sent == datetime.datetime(2024, 7, 30, 2, 0, tzinfo=datetime.UTC)


def test_it_reads_every_field_of_an_info() -> None:
    extra = (
        "<description> 预计未来6小时内将出现50毫米以上降水。 </description><instruction>检查排水系统。</instruction>"
    )
    message = parse_cap(
        make_cap(
            infos=(
                make_info(
                    effective="2024-07-30T10:00:00+08:00", extra=extra, category="Met</category><category>Safety"
                ),
            )
        )
    )
    info = message.infos[0]

    assert info.language == "zh-CN"
    assert info.categories == ("Met", "Safety")
    assert info.event == "暴雨"
    assert (info.urgency, info.severity, info.certainty) == ("Expected", "Moderate", "Likely")
    assert info.event_codes == (("CMA_SIGNAL", "0202"),)
    assert info.effective == datetime.datetime(2024, 7, 30, 10, 0, tzinfo=CST)
    assert info.onset == datetime.datetime(2024, 7, 30, 10, 0, tzinfo=CST)
    assert info.expires == datetime.datetime(2024, 7, 31, 10, 0, tzinfo=CST)
    assert info.sender_name == "阳泉市气象台"
    assert info.headline == "阳泉市气象台发布暴雨黄色预警信号[III级/较重]"
    assert info.description == "预计未来6小时内将出现50毫米以上降水。"
    assert info.instruction == "检查排水系统。"
    assert info.areas == (cap.CapArea(description="阳泉市", geocodes=(("GB/T 2260", "140300"),)),)


def test_optional_info_fields_default_to_empty_or_none() -> None:
    message = parse_cap(make_cap(infos=(make_info(onset=OMIT, expires=OMIT, headline=OMIT),)))
    info = message.infos[0]

    assert (info.effective, info.onset, info.expires) == (None, None, None)
    assert (info.headline, info.description, info.instruction) == ("", "", "")


def test_it_strips_whitespace_around_texts() -> None:
    message = parse_cap(
        make_cap(identifier="\n  14030041600000_20240730100000_0\n ", infos=(make_info(event="  暴雨\n"),))
    )

    assert message.identifier == "14030041600000_20240730100000_0"
    assert message.infos[0].event == "暴雨"


def test_it_keeps_the_raw_xml_as_the_decoded_original_text() -> None:
    document = make_cap()

    assert parse_cap(document.encode("utf-8")).raw_xml == document


def test_it_accepts_a_str_as_well_as_bytes() -> None:
    assert parse_cap(make_cap()).identifier == parse_cap(make_cap().encode("utf-8")).identifier


def test_it_reads_a_document_encoded_in_gb2312_as_declared() -> None:
    document = make_cap(prolog='<?xml version="1.0" encoding="GB2312"?>\n')

    message = parse_cap(document.encode("gb2312"))

    assert message.infos[0].event == "暴雨"
    assert message.raw_xml == document


def test_it_reads_utf8_with_a_byte_order_mark() -> None:
    message = parse_cap(b"\xef\xbb\xbf" + make_cap().encode("utf-8"))

    assert message.infos[0].event == "暴雨"


def test_the_primary_info_is_the_chinese_one_even_when_english_comes_first() -> None:
    english = make_info(language="en-US", event="Rainstorm", headline="Rainstorm Yellow Warning Signal")
    message = parse_cap(make_cap(infos=(english, make_info(language="zh-CN"))))

    assert [info.language for info in message.infos] == ["en-US", "zh-CN"]
    assert message.primary_info is message.infos[1]


def test_the_primary_info_is_the_first_when_none_is_chinese() -> None:
    first = make_info(language="en-US", event="Rainstorm")
    second = make_info(language="fr-FR", event="Rainstorm")
    message = parse_cap(make_cap(infos=(first, second)))

    assert message.primary_info is message.infos[0]


def test_an_info_without_language_is_en_us_as_cap_says() -> None:
    message = parse_cap(make_cap(infos=(make_info(language=OMIT),)))

    assert message.infos[0].language == "en-US"


def test_the_message_type_and_level_come_from_the_primary_info() -> None:
    english = make_info(language="en-US", event="Gale", event_codes=(("CMA_SIGNAL", "0504"),))
    chinese = make_info(language="zh-CN")
    message = parse_cap(make_cap(infos=(english, chinese)))

    assert (message.warning_type, message.level) == (WarningType.RAINSTORM, WarningLevel.YELLOW)


def test_geocodes_of_every_area_are_listed_once_in_document_order() -> None:
    areas = (("平定县", ("140321",)), ("盂县", ("140322", "140321")), ("城区", ("140302",)))
    message = parse_cap(make_cap(infos=(make_info(areas=areas),)))

    assert message.geocodes == ("140321", "140322", "140302")


def test_geocodes_come_only_from_the_primary_info() -> None:
    english = make_info(language="en-US", event="Rainstorm", areas=(("Pingding", ("140321",)),))
    chinese = make_info(language="zh-CN", areas=(("城区", ("140302",)),))
    message = parse_cap(make_cap(infos=(english, chinese)))

    assert message.geocodes == ("140302",)


def test_area_descriptions_list_the_areas_of_the_primary_info() -> None:
    areas = (("平定县", ("140321",)), ("盂县", ("140322",)))
    message = parse_cap(make_cap(infos=(make_info(areas=areas),)))

    assert message.area_descriptions == ("平定县", "盂县")


def test_an_update_parses_with_its_references() -> None:
    references = f"{SENDER},14030041600000_20240730100000_0,2024-07-30T10:00:00+08:00"
    message = parse_cap(make_cap(msg_type="Update", references=references))

    assert message.msg_type == CapMsgType.UPDATE
    assert message.references == (
        cap.CapReference(
            sender=SENDER,
            identifier="14030041600000_20240730100000_0",
            sent=datetime.datetime(2024, 7, 30, 10, 0, tzinfo=CST),
        ),
    )


def test_references_may_name_several_earlier_messages_separated_by_whitespace() -> None:
    references = (
        f"{SENDER},14030041600000_20240730100000_0,2024-07-30T10:00:00+08:00\n   "
        f"{SENDER},14030041600000_20240730140000_0,2024-07-30T14:00:00+08:00"
    )
    message = parse_cap(make_cap(msg_type="Cancel", references=references))

    assert [reference.identifier for reference in message.references] == [
        "14030041600000_20240730100000_0",
        "14030041600000_20240730140000_0",
    ]


def test_a_cancel_without_info_parses() -> None:
    references = f"{SENDER},14030041600000_20240730100000_0,2024-07-30T10:00:00+08:00"
    message = parse_cap(make_cap(msg_type="Cancel", references=references, infos=()))

    assert message.infos == ()
    assert (message.primary_info, message.warning_type, message.level) == (None, None, None)
    assert (message.geocodes, message.area_descriptions) == ((), ())


def test_a_cancel_whose_level_cannot_be_found_still_parses() -> None:
    info = make_info(event_codes=(), headline="阳泉市气象台解除暴雨预警信号", severity="Unknown")
    message = parse_cap(make_cap(msg_type="Cancel", infos=(info,)))

    assert message.warning_type == WarningType.RAINSTORM
    assert message.level is None


def test_an_alert_without_info_is_rejected() -> None:
    error = parse_error(make_cap(infos=()))

    assert (error.code, error.field) == ("missing_element", "info")


def test_an_update_without_info_is_rejected() -> None:
    error = parse_error(make_cap(msg_type="Update", infos=()))

    assert (error.code, error.field) == ("missing_element", "info")


# --- the warning type -------------------------------------------------------------------------------------------


def test_the_cma_signal_code_decides_the_type_over_the_event_text() -> None:
    message = parse_cap(make_cap(infos=(make_info(event="大风", event_codes=(("CMA_SIGNAL", "0202"),)),)))

    assert message.warning_type == WarningType.RAINSTORM


def test_any_value_name_is_accepted_for_a_four_digit_signal_code() -> None:
    info = make_info(event="预警", headline="预警信号", event_codes=(("预警信号", "1403"),))

    message = parse_cap(make_cap(infos=(info,)))

    assert (message.warning_type, message.level) == (WarningType.ROAD_ICING, WarningLevel.ORANGE)


def test_event_codes_that_are_not_cma_signals_are_skipped() -> None:
    codes = (("SAME", "SVR"), ("CMA_SIGNAL", "1502"), ("CMA_SIGNAL", "0904"))

    message = parse_cap(make_cap(infos=(make_info(event="雷电", event_codes=codes),)))

    assert (message.warning_type, message.level) == (WarningType.LIGHTNING, WarningLevel.RED)


def test_signal_code_16_thunderstorm_gale_is_a_gale() -> None:
    info = make_info(event="雷雨大风", event_codes=(("CMA_SIGNAL", "1602"),), headline="发布雷雨大风黄色预警信号")

    message = parse_cap(make_cap(infos=(info,)))

    assert (message.warning_type, message.level) == (WarningType.GALE, WarningLevel.YELLOW)


def test_the_type_comes_from_the_chinese_event_when_there_is_no_code() -> None:
    message = parse_cap(make_cap(infos=(make_info(event="沙尘暴", event_codes=()),)))

    assert message.warning_type == WarningType.SANDSTORM


def test_the_type_comes_from_the_headline_when_the_event_names_no_type() -> None:
    info = make_info(event="气象灾害预警", event_codes=(), headline="阳泉市气象台发布冰雹橙色预警信号[II级/严重]")

    message = parse_cap(make_cap(infos=(info,)))

    assert message.warning_type == WarningType.HAIL


@pytest.mark.parametrize(("event", "warning_type"), [(name, wt) for wt, name in WARNING_TYPE_CHINESE.items()])
def test_each_chinese_type_name_is_recognised(event: str, warning_type: WarningType) -> None:
    info = make_info(event=event, event_codes=(), headline=f"阳泉市气象台发布{event}橙色预警信号")

    assert parse_cap(make_cap(infos=(info,))).warning_type == warning_type


def test_the_longest_chinese_name_wins() -> None:
    # "道路结冰" is tried before the shorter "大雾" that the same text also contains.
    info = make_info(event="道路结冰（大雾天气）", event_codes=(), headline="")

    assert parse_cap(make_cap(infos=(info,))).warning_type == WarningType.ROAD_ICING


@pytest.mark.parametrize(
    ("event", "warning_type"),
    [
        ("Typhoon", WarningType.TYPHOON),
        ("Rainstorm", WarningType.RAINSTORM),
        ("Heavy Rain", WarningType.RAINSTORM),
        ("Blizzard", WarningType.BLIZZARD),
        ("Snowstorm", WarningType.BLIZZARD),
        ("heavy snow", WarningType.BLIZZARD),
        ("Cold Wave", WarningType.COLD_WAVE),
        ("Gale", WarningType.GALE),
        ("Strong Wind", WarningType.GALE),
        ("Thunderstorm and Gale", WarningType.GALE),
        ("Sandstorm", WarningType.SANDSTORM),
        ("Dust Storm", WarningType.SANDSTORM),
        ("Heat", WarningType.HEAT),
        ("High Temperature", WarningType.HEAT),
        ("Drought", WarningType.DROUGHT),
        ("Lightning", WarningType.LIGHTNING),
        ("Thunder", WarningType.LIGHTNING),
        ("Hail", WarningType.HAIL),
        ("Frost", WarningType.FROST),
        ("Heavy Fog", WarningType.FOG),
        ("HAZE", WarningType.HAZE),
        ("Road Icing", WarningType.ROAD_ICING),
        ("Icy Road", WarningType.ROAD_ICING),
    ],
)
def test_english_type_names_are_recognised_case_insensitively(event: str, warning_type: WarningType) -> None:
    info = make_info(language="en-US", event=event, event_codes=(), headline=OMIT, severity="Severe")

    assert parse_cap(make_cap(infos=(info,))).warning_type == warning_type


def test_english_names_match_whole_words_only() -> None:
    info = make_info(language="en-US", event="Wheat harvest advisory", event_codes=(), headline=OMIT)

    assert parse_error(make_cap(infos=(info,))).code == "unknown_event"


def test_it_rejects_a_forest_fire_warning_as_an_unknown_event() -> None:
    info = make_info(
        event="森林火灾", event_codes=(("CMA_SIGNAL", "1503"),), headline="阳泉市气象台发布森林火灾橙色预警信号"
    )

    with translation.override("en"):
        error = parse_error(make_cap(infos=(info,)))

    assert (error.code, error.field) == ("unknown_event", "event")
    assert "森林火灾" in error.message


def test_it_rejects_an_english_event_of_no_cma_type() -> None:
    info = make_info(language="en-US", event="Volcano", event_codes=(), headline="Volcanic ash advisory")

    with translation.override("en"):
        error = parse_error(make_cap(infos=(info,)))

    assert error.code == "unknown_event"
    assert "Volcano" in error.message


# --- the level --------------------------------------------------------------------------------------------------


def test_the_signal_code_decides_the_level_over_headline_and_severity() -> None:
    info = make_info(event_codes=(("CMA_SIGNAL", "0204"),), headline="暴雨蓝色预警", severity="Minor")

    assert parse_cap(make_cap(infos=(info,))).level == WarningLevel.RED


def test_a_signal_code_with_level_00_leaves_the_level_to_the_headline() -> None:
    info = make_info(
        event_codes=(("CMA_SIGNAL", "0200"),), headline="阳泉市气象台发布暴雨橙色预警信号", severity="Minor"
    )

    message = parse_cap(make_cap(infos=(info,)))

    assert (message.warning_type, message.level) == (WarningType.RAINSTORM, WarningLevel.ORANGE)


@pytest.mark.parametrize(
    ("colour", "level"),
    [
        ("蓝色", WarningLevel.BLUE),
        ("黄色", WarningLevel.YELLOW),
        ("橙色", WarningLevel.ORANGE),
        ("红色", WarningLevel.RED),
    ],
)
def test_the_level_comes_from_the_chinese_colour_in_the_headline(colour: str, level: WarningLevel) -> None:
    info = make_info(event_codes=(), headline=f"阳泉市气象台发布暴雨{colour}预警信号", severity="Unknown")

    assert parse_cap(make_cap(infos=(info,))).level == level


def test_the_level_comes_from_an_english_colour_in_the_headline_whatever_its_case() -> None:
    info = make_info(
        language="en-US", event="Rainstorm", event_codes=(), headline="RAINSTORM ORANGE WARNING", severity="Unknown"
    )

    assert parse_cap(make_cap(infos=(info,))).level == WarningLevel.ORANGE


def test_the_headline_colour_wins_over_the_severity() -> None:
    info = make_info(event_codes=(), headline="阳泉市气象台发布暴雨红色预警信号", severity="Minor")

    assert parse_cap(make_cap(infos=(info,))).level == WarningLevel.RED


def test_the_last_colour_of_an_upgrade_headline_is_the_level_in_force() -> None:
    info = make_info(event_codes=(), headline="阳泉市气象台将暴雨黄色预警信号升级为橙色预警信号", severity="Unknown")

    assert parse_cap(make_cap(infos=(info,))).level == WarningLevel.ORANGE


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        ("Minor", WarningLevel.BLUE),
        ("Moderate", WarningLevel.YELLOW),
        ("Severe", WarningLevel.ORANGE),
        ("Extreme", WarningLevel.RED),
    ],
)
def test_the_level_comes_from_the_severity_when_nothing_else_gives_it(severity: str, level: WarningLevel) -> None:
    info = make_info(event_codes=(), headline="阳泉市气象台发布暴雨预警信号", severity=severity)

    assert parse_cap(make_cap(infos=(info,))).level == level


def test_it_rejects_an_alert_whose_level_cannot_be_found() -> None:
    info = make_info(event_codes=(), headline="阳泉市气象台发布暴雨预警信号", severity="Unknown")

    with translation.override("en"):
        error = parse_error(make_cap(infos=(info,)))

    assert error.code == "unknown_level"
    assert "暴雨" in error.message


# --- refused documents ------------------------------------------------------------------------------------------

XXE = f"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<alert xmlns="{CAP12_NAMESPACE}"><identifier>&xxe;</identifier></alert>"""

BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<alert xmlns="{CAP12_NAMESPACE}"><identifier>&lol4;</identifier></alert>"""


def test_it_refuses_an_external_entity() -> None:
    error = parse_error(XXE)

    assert error.code == "forbidden_xml"
    assert "root:" not in error.message


def test_it_refuses_the_billion_laughs() -> None:
    assert parse_error(BILLION_LAUGHS).code == "forbidden_xml"


def test_it_refuses_any_dtd_even_a_harmless_one() -> None:
    document = make_cap(prolog='<?xml version="1.0"?>\n<!DOCTYPE alert>\n')

    assert parse_error(document).code == "forbidden_xml"


def test_it_rejects_malformed_xml_saying_where() -> None:
    with translation.override("en"):
        error = parse_error(make_cap().replace("</scope>", "</scoop>"))

    assert error.code == "malformed"
    assert "line" in error.message


def test_it_rejects_an_undefined_entity_as_malformed() -> None:
    assert parse_error(make_cap(identifier="&nbsp;")).code == "malformed"


def test_it_rejects_a_cap_11_document_naming_its_namespace() -> None:
    with translation.override("en"):
        error = parse_error(make_cap(namespace=CAP11_NAMESPACE))

    assert error.code == "not_cap12"
    assert CAP11_NAMESPACE in error.message


def test_it_rejects_a_document_without_namespace() -> None:
    with translation.override("en"):
        error = parse_error(make_cap(namespace=None))

    assert error.code == "not_cap12"
    assert "no namespace" in error.message


def test_it_rejects_a_root_other_than_alert() -> None:
    document = f'<feed xmlns="{CAP12_NAMESPACE}"/>'

    assert parse_error(document).code == "not_cap12"


def test_it_rejects_a_document_larger_than_the_limit_before_parsing_it() -> None:
    # Two megabytes of something that is not even XML: the size is refused first.
    document = b"<" * 2_000_000

    with translation.override("en"):
        error = parse_error(document)

    assert error.code == "too_large"
    assert "1000000" in error.message


def test_the_size_limit_counts_the_utf8_bytes_of_a_str() -> None:
    document = make_cap()

    assert parse_error(document, max_bytes=len(document)).code == "too_large"  # Chinese takes 3 bytes a character
    assert parse_cap(document, max_bytes=len(document.encode("utf-8"))).identifier


def test_it_rejects_an_unknown_declared_encoding() -> None:
    document = make_cap(prolog='<?xml version="1.0" encoding="x-klingon"?>\n').encode("utf-8")

    assert parse_error(document).code == "malformed"


def test_it_rejects_bytes_that_are_not_in_the_declared_encoding() -> None:
    document = make_cap().encode("gb2312")  # declared UTF-8

    assert parse_error(document).code == "malformed"


def test_it_rejects_a_document_without_identifier() -> None:
    with translation.override("en"):
        error = parse_error(make_cap(identifier=OMIT))

    assert (error.code, error.field) == ("missing_element", "identifier")
    assert "<identifier>" in error.message


def test_it_rejects_a_document_with_an_empty_identifier() -> None:
    error = parse_error(make_cap(identifier="   "))

    assert (error.code, error.field) == ("missing_element", "identifier")


@pytest.mark.parametrize(
    ("argument", "element_name"),
    [("sender", "sender"), ("sent", "sent"), ("status", "status"), ("msg_type", "msgType"), ("scope", "scope")],
)
def test_it_rejects_a_document_missing_a_required_alert_element(argument: str, element_name: str) -> None:
    error = parse_error(make_cap(**{argument: OMIT}))

    assert (error.code, error.field) == ("missing_element", element_name)


@pytest.mark.parametrize("element_name", ["category", "event", "urgency", "severity", "certainty"])
def test_it_rejects_an_info_missing_a_required_element(element_name: str) -> None:
    with translation.override("en"):
        error = parse_error(make_cap(infos=(make_info(**{element_name: OMIT}),)))

    assert (error.code, error.field) == ("missing_element", element_name)
    assert f"<{element_name}>" in error.message


def test_it_rejects_an_area_without_description() -> None:
    error = parse_error(make_cap(infos=(make_info(areas=(("", ("140300",)),)),)))

    assert (error.code, error.field) == ("missing_element", "areaDesc")


@pytest.mark.parametrize(
    ("argument", "element_name", "value"),
    [("status", "status", "Real"), ("msg_type", "msgType", "alert"), ("scope", "scope", "Everyone")],
)
def test_it_rejects_a_value_outside_the_cap_list(argument: str, element_name: str, value: str) -> None:
    with translation.override("en"):
        error = parse_error(make_cap(**{argument: value}))

    assert (error.code, error.field) == ("invalid_value", element_name)
    assert value in error.message


@pytest.mark.parametrize(
    ("element_name", "value"),
    [("category", "Weather"), ("urgency", "Soon"), ("severity", "High"), ("certainty", "Sure")],
)
def test_it_rejects_an_info_value_outside_the_cap_list(element_name: str, value: str) -> None:
    error = parse_error(make_cap(infos=(make_info(**{element_name: value}),)))

    assert (error.code, error.field) == ("invalid_value", element_name)


def test_it_rejects_sent_without_utc_offset() -> None:
    with translation.override("en"):
        error = parse_error(make_cap(sent="2024-07-30T10:00:00"))

    assert (error.code, error.field) == ("invalid_value", "sent")
    assert "<sent>" in error.message


def test_it_rejects_sent_that_is_not_a_date() -> None:
    error = parse_error(make_cap(sent="yesterday at ten"))

    assert (error.code, error.field) == ("invalid_value", "sent")


def test_it_rejects_sent_on_an_impossible_day() -> None:
    assert parse_error(make_cap(sent="2024-02-30T10:00:00+08:00")).code == "invalid_value"


@pytest.mark.parametrize("element_name", ["effective", "onset", "expires"])
def test_it_rejects_an_info_datetime_without_offset(element_name: str) -> None:
    error = parse_error(make_cap(infos=(make_info(**{element_name: "2024-07-31T10:00:00"}),)))

    assert (error.code, error.field) == ("invalid_value", element_name)


def test_it_accepts_utc_written_as_z_as_feeds_do() -> None:
    message = parse_cap(make_cap(sent="2024-07-30T02:00:00Z"))

    assert message.sent == datetime.datetime(2024, 7, 30, 10, 0, tzinfo=CST)


@pytest.mark.parametrize(
    "references",
    [
        f"{SENDER},14030041600000_20240730100000_0",
        f"{SENDER},,2024-07-30T10:00:00+08:00",
        f"{SENDER},a,b,2024-07-30T10:00:00+08:00",
    ],
)
def test_it_rejects_a_malformed_references_triple(references: str) -> None:
    with translation.override("en"):
        error = parse_error(make_cap(msg_type="Update", references=references))

    assert (error.code, error.field) == ("invalid_value", "references")
    assert "<references>" in error.message


def test_it_rejects_a_reference_whose_sent_has_no_offset() -> None:
    error = parse_error(make_cap(msg_type="Update", references=f"{SENDER},x,2024-07-30T10:00:00"))

    assert (error.code, error.field) == ("invalid_value", "references")


def test_it_rejects_an_identifier_with_a_comma_because_it_could_not_be_referenced() -> None:
    error = parse_error(make_cap(identifier="1403,0041600000"))

    assert (error.code, error.field) == ("invalid_value", "identifier")


# --- the errors themselves --------------------------------------------------------------------------------------


def test_an_error_reads_as_its_message() -> None:
    error = parse_error(make_cap(identifier=OMIT))

    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_error_messages_go_through_gettext(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cap, "_", lambda msgid: "TRANSLATED:" + msgid)

    error = parse_error(make_cap(identifier=OMIT))

    assert error.message == "TRANSLATED:The CAP message has no <identifier> element, or it is empty."
