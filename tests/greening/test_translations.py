"""The zh-hans catalogue is complete and compiled (extraction freshness: scripts/check_messages.py)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def catalogue() -> polib.POFile:
    return polib.pofile(str(LOCALE / "django.po"))


def test_every_message_has_a_zh_hans_translation():
    untranslated = [entry.msgid for entry in catalogue().untranslated_entries() if not entry.obsolete]
    assert untranslated == []


def test_no_translation_is_left_fuzzy():
    assert [entry.msgid for entry in catalogue().fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_the_source():
    compiled = {(entry.msgid, entry.msgstr) for entry in polib.mofile(str(LOCALE / "django.mo")) if entry.msgid}
    source = {(entry.msgid, entry.msgstr) for entry in catalogue().translated_entries() if not entry.msgid_plural}
    assert source <= compiled


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")


def test_placeholders_survive_translation():
    broken = [
        entry.msgid
        for entry in catalogue().translated_entries()
        if set(PLACEHOLDER.findall(entry.msgid)) != set(PLACEHOLDER.findall(entry.msgstr or entry.msgstr_plural[0]))
    ]
    assert broken == []


def test_the_default_language_is_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Yangquan Greening Portal") == "阳泉市园林绿化管理平台"
