"""The rules for one message: the translation keeps the English text's markup and terms."""

from __future__ import annotations

from collections import Counter

from .glossary import Glossary
from .markup import HTML_PATTERNS, analyse, directives, squash


def show_role(key: tuple[str, str | None]) -> str:
    name, target = key
    return f"{{{name}}}" if target is None else f"{{{name}}}`{target}`"


def show_math(key: tuple[str, str]) -> str:
    delimiter, content = key
    return f"{delimiter}{content}{delimiter}"


def diff(english: Counter, translated: Counter) -> tuple[list, list]:
    """Items missing from the translation, items only in the translation (with repeats)."""
    return list((english - translated).elements()), list((translated - english).elements())


def excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def compare(
    rule: str,
    what: str,
    english: Counter,
    translated: Counter,
    show=lambda item: f"`{item}`",
    related=lambda old, new: True,
) -> list[tuple[str, str]]:
    """Messages for a multiset that must be the same in msgid and msgstr.

    A missing item and an added one that are ``related`` are reported as one change.
    """
    missing, added = diff(english, translated)
    out = []
    for old in list(missing):
        new = next((item for item in added if related(old, item)), None)
        if new is None:
            continue
        missing.remove(old)
        added.remove(new)
        out.append(
            (
                rule,
                f"{what} {show(old)} of the English text was changed to {show(new)} in the "
                f"translation; keep {show(old)}",
            )
        )
    out += [
        (rule, f"{what} {show(k)} from the English text is missing in the translation")
        for k in missing
    ]
    out += [
        (rule, f"{what} {show(k)} is in the translation but not in the English text") for k in added
    ]
    return out


def check_pair(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """Markup problems of one translated message: a list of (rule, message)."""
    en, tr = analyse(msgid), analyse(msgstr)
    out = compare(
        "role",
        "role",
        en.roles,
        tr.roles,
        show_role,
        lambda old, new: old[0] == new[0] and old[1] is not None,
    )
    out += compare("math", "inline math", en.math, tr.math, show_math)
    if tr.stray_dollars != en.stray_dollars:
        out.append(
            (
                "math",
                f"unpaired `$`: the translation has {tr.stray_dollars} `$` outside math, the "
                f"English text {en.stray_dollars} (a formula is not closed, or a `$` was added)",
            )
        )
    out += compare("url", "link target", en.urls, tr.urls)
    out += compare("image", "image", en.images, tr.images)
    out += compare("footnote", "footnote reference", en.footnotes, tr.footnotes)
    out += compare("directive", "directive", directives(msgid), directives(msgstr))

    # Hostile input: raw HTML and script URLs.  Text the English has too is not the
    # translator's doing (math and code spans are never looked at).
    english_active = "\n".join(en.active)
    reported: set[str] = set()
    for pattern, what in HTML_PATTERNS:
        in_english = {m.group(0) for m in pattern.finditer(english_active)}
        for piece in tr.active:
            for m in pattern.finditer(piece):
                token = m.group(0)
                if token in reported or token in in_english:
                    continue
                reported.add(token)
                out.append(
                    (
                        "html",
                        f"{what.format(token)} in the translation: raw HTML and script URLs are "
                        "not allowed in a msgstr (use Markdown, copy code and math verbatim)",
                    )
                )

    if tr.stray_backticks != en.stray_backticks:
        out.append(
            (
                "backticks",
                f"unmatched backtick: the translation has {tr.stray_backticks} backtick(s) outside "
                f"code spans and roles, the English text {en.stray_backticks} "
                "(a code span or role is not closed: count the backticks)",
            )
        )
    out += compare("code", "code span", en.code, tr.code)
    out += compare("placeholder", "placeholder", en.placeholders, tr.placeholders)

    # Newlines are msgfmt's business; spaces and tabs are ours.
    def ends(text: str) -> tuple[str, str]:
        lead = text[: len(text) - len(text.lstrip())].replace("\n", "")
        trail = text[len(text.rstrip()) :].replace("\n", "")
        return lead, trail

    for side, en_ws, tr_ws in zip(("leading", "trailing"), ends(msgid), ends(msgstr), strict=True):
        if en_ws != tr_ws:
            out.append(
                (
                    "whitespace",
                    f"{side} whitespace differs: the English text has {en_ws!r}, "
                    f"the translation {tr_ws!r}",
                )
            )
    return out


def check_glossary(
    msgid: str, msgstr: str, lang: str, glossary: Glossary, opt_outs: set[str]
) -> list[tuple[str, str, str]]:
    """Glossary findings: (severity, rule, message)."""
    out = []
    prose = " ".join(analyse(msgid).prose)
    used = glossary.find(prose)
    for term in used:
        expected = term.translations.get(lang, "")
        if not expected or term.en.casefold() in opt_outs:
            continue
        if squash(expected) not in squash(msgstr):
            out.append(
                (
                    "error",
                    "glossary",
                    f"the English text uses the glossary term '{term.en}': the translation should "
                    f"contain '{expected}' (locale/glossary.tsv); if it reads better otherwise, "
                    f"add the translator comment '# glossary-ok: {term.en}'",
                )
            )
    known = {t.en.casefold() for t in used}
    for name in sorted(opt_outs - known):
        out.append(
            (
                "warning",
                "glossary",
                f"'# glossary-ok: {name}' names no glossary term used by this English text; "
                "remove it (or fix its spelling)",
            )
        )
    return out
