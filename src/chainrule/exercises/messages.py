"""The grader's messages in the reader's language, read from the package's gettext catalogs.

The language is, first match wins: the ``language=`` argument of a call, the one chosen
with :func:`set_language`, the environment variable ``CHAINRULE_LANG``, then the POSIX
locale variables ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (as gettext reads
them). Anything that is neither Korean nor Traditional Chinese reads as English.

The catalogs are the ``.po`` files in ``locale/<lang>/LC_MESSAGES/`` beside this module,
read with polib when first needed: no compiled ``.mo`` file is involved.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import polib

DOMAIN = "chainrule-exercises"
ENV_VAR = "CHAINRULE_LANG"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: Languages with messages: English (the msgids) and one per catalog folder beside this module.
LANGUAGES = ("en", *sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir()))
#: Tags that also name a region's language: Traditional Chinese is written in Taiwan, Hong
#: Kong and Macau (``zh-Hant``), so ``zh-HK`` reads the ``zh_TW`` catalog.
_SAME_WRITING = {"tw": {"hant", "hk", "mo"}}
_POSIX_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None


def N_(msgid: str) -> str:
    """Mark ``msgid`` as a message of the catalogs; translated later, when shown."""
    return msgid


def normalize(tag: str) -> str | None:
    """``"ko_KR.UTF-8"`` -> ``"ko"``, ``"zh-Hant-TW"`` -> ``"zh_TW"``, ``"en_US"`` -> ``"en"``.

    None for a tag that names none of :data:`LANGUAGES` (e.g. ``"fr"`` or ``"C"``).
    """
    parts = [p.lower() for p in re.split(r"[-_.@]", tag.strip()) if p]
    if not parts:
        return None
    for code in LANGUAGES:
        language, _, region = code.lower().partition("_")
        if parts[0] != language:
            continue
        if not region or {region, *_SAME_WRITING.get(region, ())} & set(parts[1:3]):
            return code
    return None


def set_language(language: str | None) -> None:
    """Choose the grader's language for this process (None: back to the environment)."""
    global _chosen
    _chosen = None if language is None else _checked(language, "set_language")


def _checked(language: str, where: str) -> str:
    code = normalize(language) if isinstance(language, str) else None
    if code is None:
        raise ValueError(
            f"{where}: unknown language {language!r}; expected one of "
            f"{', '.join(repr(lang) for lang in LANGUAGES)} (or a locale such as 'ko_KR.UTF-8')"
        )
    return code


def resolve_language(language: str | None = None) -> str:
    """The language messages are shown in, by the order of precedence in the module doc."""
    if language is not None:
        return _checked(language, "language")
    if _chosen is not None:
        return _chosen
    explicit = os.environ.get(ENV_VAR, "").strip()
    if explicit:
        return _checked(explicit, ENV_VAR)
    for var in _POSIX_VARS:
        value = os.environ.get(var, "").strip()
        if value:
            # LANGUAGE may list several, "ko:en"; the first one we have wins.
            for tag in value.split(":"):
                code = normalize(tag)
                if code is not None:
                    return code
            return "en"
    return "en"


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """msgid -> msgstr of the translated, non-fuzzy entries for ``language`` ({} for en)."""
    if language == "en":
        return {}
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    po = polib.pofile(str(path))
    return {entry.msgid: entry.msgstr for entry in po.translated_entries()}


def translate(msgid: str, language: str, **fields: object) -> str:
    """``msgid`` in ``language`` with its ``{placeholders}`` filled in."""
    text = catalog(language).get(msgid, msgid)
    return text.format(**fields)
