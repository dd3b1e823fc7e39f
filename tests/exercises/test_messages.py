"""The grader's language setting, and catalogs that translate every message it can say."""

from __future__ import annotations

import re
import string
from pathlib import Path

import polib
import pytest
from babel.messages.extract import extract_from_dir

import chainrule.exercises as ex
from chainrule.exercises.messages import LOCALE_DIR, catalog, normalize, resolve_language

PACKAGE = Path(ex.__file__).parent


def _mistake(Z):
    return Z  # sigmoid(Z) = Z: wrong values everywhere


def test_english_by_default():
    assert resolve_language() == "en"
    assert "has wrong values" in str(ex.grade("sigmoid", _mistake))


@pytest.mark.parametrize(
    "tag, code",
    [
        ("ko", "ko"),
        ("ko_KR.UTF-8", "ko"),
        ("zh_TW", "zh_TW"),
        ("zh-Hant-TW", "zh_TW"),
        ("zh_TW.UTF-8", "zh_TW"),
        ("en_US.UTF-8", "en"),
        ("zh_CN", None),
        ("fr_FR", None),
        ("C", None),
    ],
)
def test_locale_names(tag, code):
    assert normalize(tag) == code


def test_order_of_precedence(monkeypatch):
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert resolve_language() == "zh_TW"
    monkeypatch.setenv("LC_ALL", "ko_KR.UTF-8")  # LC_ALL overrides LANG, as in gettext
    assert resolve_language() == "ko"
    monkeypatch.setenv("CHAINRULE_LANG", "en")
    assert resolve_language() == "en"
    ex.set_language("zh_TW")
    assert resolve_language() == "zh_TW"
    assert resolve_language("ko") == "ko"
    assert "값이 틀렸다" in str(ex.grade("sigmoid", _mistake, language="ko"))
    assert "的值錯了" in str(ex.grade("sigmoid", _mistake))


def test_a_locale_we_do_not_have_reads_as_english(monkeypatch):
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert resolve_language() == "en"
    monkeypatch.setenv("LANGUAGE", "fr:ko")  # a priority list: the first one we have
    assert resolve_language() == "ko"


def test_bad_settings_are_refused_clearly(monkeypatch):
    with pytest.raises(ValueError, match=r"unknown language 'klingon'.*'en', 'ko', 'zh_TW'"):
        ex.grade("sigmoid", _mistake, language="klingon")
    with pytest.raises(ValueError, match="set_language: unknown language"):
        ex.set_language("xx")
    monkeypatch.setenv("CHAINRULE_LANG", "xx")
    with pytest.raises(ValueError, match="CHAINRULE_LANG: unknown language 'xx'"):
        resolve_language()
    with pytest.raises(ValueError, match="unknown exercise 'sigmoyd'; the exercises are: "):
        ex.grade("sigmoyd", _mistake)
    with pytest.raises(TypeError, match="must be your function, got int"):
        ex.grade("sigmoid", 3)


def _source_messages() -> set[str]:
    found = extract_from_dir(
        str(PACKAGE), keywords={"N_": None}, comment_tags=(), strip_comment_tags=True
    )
    return {message for _, _, message, _, _ in found}


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, spec, _ in string.Formatter().parse(text) if name)


@pytest.mark.parametrize("language", ["ko", "zh_TW"])
def test_catalog_translates_every_message_and_nothing_else(language):
    messages = _source_messages()
    assert len(messages) > 50
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "chainrule-exercises.po"))
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries() and not po.obsolete_entries()
    assert {e.msgid for e in po} == messages
    hangul = re.compile("[\uac00-\ud7a3]")
    for msgid, msgstr in catalog(language).items():
        assert _fields(msgstr) == _fields(msgid), msgid  # same placeholders
        assert bool(hangul.search(msgstr)) == (language == "ko"), msgstr
