"""Feed parsing: Atom with links or embedded CAP, RSS 2.0, a bare CAP document, and refused feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from maintenance.cap import CAP12_NAMESPACE, CapError, parse_cap
from maintenance.feeds import FeedEntry, parse_feed

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ATOM = "http://www.w3.org/2005/Atom"

ALERT = f"""<alert xmlns="{CAP12_NAMESPACE}">
  <identifier>14030041600000_20241125160000_0</identifier>
  <sender>yqqxt@weather.yq.example.cn</sender>
  <sent>2024-11-25T16:00:00+08:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info>
    <language>zh-CN</language><category>Met</category><event>寒潮</event>
    <urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <headline>阳泉市气象台发布寒潮橙色预警信号[II级/严重]</headline>
    <area><areaDesc>阳泉市城区</areaDesc><geocode><valueName>GB/T 2260</valueName><value>140302</value></geocode></area>
  </info>
</alert>"""


def atom(*entries: str, feed_attributes: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="{ATOM}"{feed_attributes}>'
        "<id>tag:weather.yq.example.cn,2024:cap</id><title>预警信号</title><updated>2024-11-25T16:00:00+08:00</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode("utf-8")


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>预警信号</title>'
        "<link>https://weather.yq.example.cn/</link><description>阳泉市气象台</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


def feed_error(data: bytes, **kwargs) -> CapError:
    with pytest.raises(CapError) as caught:
        parse_feed(data, **kwargs)
    return caught.value


# --- Atom -------------------------------------------------------------------------------------------------------


def test_the_sample_atom_feed_lists_its_two_cap_files() -> None:
    entries = parse_feed((SAMPLES / "feed-yangquan.atom").read_bytes())

    assert [(entry.link, entry.cap_xml) for entry in entries] == [
        ("cap-rainstorm-orange-update.xml", None),
        ("cap-rainstorm-yellow-citywide.xml", None),
    ]


def test_the_sample_atom_feed_links_resolve_to_sample_cap_files_that_parse() -> None:
    entries = parse_feed((SAMPLES / "feed-yangquan.atom").read_bytes())

    identifiers = [parse_cap((SAMPLES / str(entry.link)).read_bytes()).identifier for entry in entries]

    assert identifiers == ["14030041600000_20240730140000_0", "14030041600000_20240730100000_0"]


def test_an_atom_entry_is_identified_by_its_id() -> None:
    entries = parse_feed(atom('<entry><id>tag:yq,2024:1</id><link href="https://yq.example.cn/1.xml"/></entry>'))

    assert entries == [FeedEntry(identifier="tag:yq,2024:1", link="https://yq.example.cn/1.xml", cap_xml=None)]


def test_a_link_typed_as_cap_is_preferred_over_the_alternate() -> None:
    entry = (
        "<entry><id>1</id>"
        '<link rel="alternate" type="text/html" href="https://yq.example.cn/1.html"/>'
        '<link rel="related" type="application/cap+xml" href="https://yq.example.cn/1.xml"/>'
        "</entry>"
    )

    assert parse_feed(atom(entry))[0].link == "https://yq.example.cn/1.xml"


def test_the_alternate_link_is_preferred_over_other_untyped_links() -> None:
    entry = (
        '<entry><id>1</id><link rel="self" href="https://yq.example.cn/entry/1"/>'
        '<link rel="alternate" href="https://yq.example.cn/1.xml"/></entry>'
    )

    assert parse_feed(atom(entry))[0].link == "https://yq.example.cn/1.xml"


def test_a_link_without_rel_counts_as_alternate() -> None:
    entry = '<entry><id>1</id><link rel="self" href="https://yq.example.cn/entry/1"/><link href="1.xml"/></entry>'

    assert parse_feed(atom(entry))[0].link == "1.xml"


def test_the_first_link_is_taken_when_none_is_typed_or_alternate() -> None:
    entry = (
        '<entry><id>1</id><link rel="via" href="https://yq.example.cn/a.xml"/>'
        '<link rel="related" href="https://yq.example.cn/b.xml"/></entry>'
    )

    assert parse_feed(atom(entry))[0].link == "https://yq.example.cn/a.xml"


def test_relative_links_are_resolved_against_xml_base() -> None:
    feed = atom(
        '<entry><id>1</id><link href="1.xml"/></entry>', feed_attributes=' xml:base="https://yq.example.cn/cap/"'
    )

    assert parse_feed(feed)[0].link == "https://yq.example.cn/cap/1.xml"


def test_an_entry_without_id_is_identified_by_its_link() -> None:
    entries = parse_feed(atom('<entry><link href="https://yq.example.cn/1.xml"/></entry>'))

    assert entries[0].identifier == "https://yq.example.cn/1.xml"


def test_an_embedded_cap_alert_is_returned_as_a_standalone_document() -> None:
    entry = f'<entry><id>tag:yq,2024:2</id><content type="application/cap+xml">{ALERT}</content></entry>'

    [feed_entry] = parse_feed(atom(entry))

    assert feed_entry.identifier == "tag:yq,2024:2"
    assert feed_entry.link is None
    assert feed_entry.cap_xml is not None
    message = parse_cap(feed_entry.cap_xml)
    assert (message.identifier, message.geocodes) == ("14030041600000_20241125160000_0", ("140302",))


def test_an_embedded_alert_is_written_with_cap_as_the_default_namespace() -> None:
    entry = f"<entry><id>2</id><content type='text/xml'>{ALERT}</content></entry>"

    [feed_entry] = parse_feed(atom(entry))

    assert feed_entry.cap_xml is not None
    assert f'<alert xmlns="{CAP12_NAMESPACE}">' in feed_entry.cap_xml.decode("utf-8")


def test_an_entry_embedding_cap_without_id_is_identified_by_the_cap_identifier() -> None:
    [feed_entry] = parse_feed(atom(f"<entry><content type='application/cap+xml'>{ALERT}</content></entry>"))

    assert feed_entry.identifier == "14030041600000_20241125160000_0"


def test_an_entry_with_both_keeps_the_link_alongside_the_embedded_alert() -> None:
    entry = f'<entry><id>3</id><link href="https://yq.example.cn/3.xml"/><content>{ALERT}</content></entry>'

    [feed_entry] = parse_feed(atom(entry))

    assert feed_entry.link == "https://yq.example.cn/3.xml"
    assert feed_entry.cap_xml is not None


def test_an_entry_pointing_at_nothing_is_skipped() -> None:
    entries = parse_feed(
        atom("<entry><id>1</id><summary>公告</summary></entry>", '<entry><id>2</id><link href="2.xml"/></entry>')
    )

    assert [entry.identifier for entry in entries] == ["2"]


def test_an_empty_atom_feed_lists_nothing() -> None:
    assert parse_feed(atom()) == []


# --- RSS --------------------------------------------------------------------------------------------------------


def test_rss_items_give_their_link_and_guid() -> None:
    items = (
        "<item><title>暴雨黄色</title><link>https://yq.example.cn/1.xml</link>"
        '<guid isPermaLink="false">yq-1</guid></item>',
        "<item><title>暴雨橙色</title><link>https://yq.example.cn/2.xml</link><guid>yq-2</guid></item>",
    )

    assert parse_feed(rss(*items)) == [
        FeedEntry(identifier="yq-1", link="https://yq.example.cn/1.xml", cap_xml=None),
        FeedEntry(identifier="yq-2", link="https://yq.example.cn/2.xml", cap_xml=None),
    ]


def test_an_rss_item_without_guid_is_identified_by_its_link() -> None:
    entries = parse_feed(rss("<item><link>https://yq.example.cn/1.xml</link></item>"))

    assert entries == [
        FeedEntry(identifier="https://yq.example.cn/1.xml", link="https://yq.example.cn/1.xml", cap_xml=None)
    ]


def test_a_permalink_guid_stands_in_for_a_missing_link() -> None:
    entries = parse_feed(rss("<item><guid>https://yq.example.cn/1.xml</guid></item>"))

    assert entries[0].link == "https://yq.example.cn/1.xml"


def test_an_rss_item_with_neither_link_nor_permalink_is_skipped() -> None:
    entries = parse_feed(rss('<item><guid isPermaLink="false">yq-1</guid></item>'))

    assert entries == []


def test_a_cap_enclosure_is_preferred_over_the_item_link() -> None:
    item = (
        "<item><link>https://yq.example.cn/1.html</link><guid>yq-1</guid>"
        '<enclosure url="https://yq.example.cn/1.xml" type="application/cap+xml" length="2048"/></item>'
    )

    assert parse_feed(rss(item))[0].link == "https://yq.example.cn/1.xml"


# --- a bare CAP document ----------------------------------------------------------------------------------------


def test_a_bare_cap_document_is_one_entry_carrying_the_document_itself() -> None:
    data = (SAMPLES / "cap-heat-red-kuangqu.xml").read_bytes()

    assert parse_feed(data) == [FeedEntry(identifier="14030041600000_20250714110000_0", link=None, cap_xml=data)]


def test_a_bare_cap_11_document_is_handed_on_for_parse_cap_to_refuse() -> None:
    data = ALERT.replace(CAP12_NAMESPACE, "urn:oasis:names:tc:emergency:cap:1.1").encode("utf-8")

    [entry] = parse_feed(data)

    with pytest.raises(CapError) as caught:
        parse_cap(entry.cap_xml or b"")
    assert caught.value.code == "not_cap12"


def test_a_bare_alert_without_namespace_is_handed_on_for_parse_cap_to_refuse() -> None:
    data = ALERT.replace(f' xmlns="{CAP12_NAMESPACE}"', "").encode("utf-8")

    [entry] = parse_feed(data)

    assert entry.identifier == "14030041600000_20241125160000_0"
    with pytest.raises(CapError) as caught:
        parse_cap(entry.cap_xml or b"")
    assert caught.value.code == "not_cap12"


# --- refused feeds ----------------------------------------------------------------------------------------------


def test_it_rejects_a_malformed_feed() -> None:
    assert feed_error(atom("<entry><id>1</entry>")).code == "malformed"


def test_it_refuses_a_feed_with_an_external_entity() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>&xxe;</id></entry></feed>'
    )

    assert feed_error(data).code == "forbidden_xml"


def test_it_rejects_a_feed_larger_than_the_limit() -> None:
    assert feed_error(atom(), max_bytes=100).code == "too_large"


def test_it_rejects_xml_that_is_neither_a_feed_nor_cap() -> None:
    error = feed_error(b"<html><body>503</body></html>")

    assert error.code == "unsupported_feed"
