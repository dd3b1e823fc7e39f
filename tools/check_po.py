#!/usr/bin/env python3
"""Check the translation catalogs (``locale/<lang>/LC_MESSAGES/*.po``) of the site.

Usage::

    python tools/check_po.py locale                # every catalog of every language
    python tools/check_po.py --partial locale/ko   # work in progress: untranslated = warning
    python tools/check_po.py path/to/page.po ...   # single files

One line per problem, ``file:line: severity: [rule] what is wrong``, where ``line`` is the
line of the entry's ``msgstr`` in the ``.po`` file.  The exit status is 1 if any *error* was
found, 2 for a usage problem (missing path, unreadable glossary, no ``msgfmt``), else 0.

Rules (each message says what the English text has and what the translation should keep):

``msgfmt``       GNU ``msgfmt --check`` (syntax, header, format strings, leading/trailing
                 newlines); its messages are passed on with their line numbers.
``parse``        polib could not read the file (only reported if msgfmt did not say why).
``untranslated`` empty ``msgstr``: an error for shipped catalogs, a warning with ``--partial``.
``fuzzy``        entry flagged ``#, fuzzy``: Sphinx ignores it; same severity as untranslated.
``role``         MyST roles ``{name}`target```: the multiset of (role, target) must match.
                 For cross-reference roles written ``text <target>`` only the target counts
                 (the visible text may be translated).  ``{math}``, ``{glue…}`` and other
                 non-reference roles must be copied verbatim.
``math``         inline math ``$…$``: the multiset of formulas must match exactly; also a
                 stray (unpaired) ``$`` that the English text does not have.
``url``          link destinations (``[text](url)``, ``<https://…>``, bare ``https://…``).
``image``        image sources (``![alt](src)``): a translation must not add or change one.
``footnote``     footnote references ``[^label]``.
``directive``    MyST directives (a ```` ```{name} ```` or ``:::{name}`` fence): a translation
                 must not add, drop or change one.
``html``         raw HTML, ``<!--``, ``javascript:`` or ``on…=`` handlers in the translation
                 (outside math and code, and unless the same text is in the English).
``backticks``    a backtick the English text does not have, i.e. an unclosed code span/role.
``code``         inline code spans must be copied verbatim.
``placeholder``  ``%s`` / ``%(name)s`` / ``{0}`` / ``{name}`` placeholders must match.
``whitespace``   leading/trailing spaces must match (newlines are msgfmt's job).
``glossary``     where the English text uses a term of ``locale/glossary.tsv``, the
                 translation must contain the glossary's term for its language.  A translator
                 comment ``# glossary-ok: <term>[, <term>…]`` on the entry opts out.

Untranslated and fuzzy entries are not checked further (there is nothing, or nothing current,
to compare).  The MyST inline syntax is parsed with myst-parser's own markdown-it set-up, so
code spans may contain ``$`` and roles are ``{name}`` immediately followed by a backtick span,
exactly as on the site.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GLOSSARY = REPO / "locale" / "glossary.tsv"

#: The MyST extensions of conf.py that change *inline* syntax (keep in step with conf.py).
MYST_EXTENSIONS = {"dollarmath", "amsmath", "colon_fence", "deflist"}

#: Roles whose content is free text: only the role itself has to be kept.
TEXT_ROLES = {
    "abbr",
    "sub",
    "sup",
    "emphasis",
    "strong",
    "dfn",
    "guilabel",
    "menuselection",
    "title-reference",
}
#: Roles whose content is not a reference target and must be copied verbatim.
VERBATIM_ROLES = {"math", "code", "kbd", "samp", "file", "command", "eval"}

#: msgfmt warnings that every sphinx-intl catalog has (it never fills these header fields).
MSGFMT_IGNORED_WARNINGS = re.compile(
    r"header field '(PO-Revision-Date|Last-Translator|Language-Team)' still has the initial"
)

BARE_URL = re.compile(r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
HTML_PATTERNS = [
    (re.compile(r"<!--"), "an HTML comment `{0}`"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*"), "raw HTML `{0}…`"),
    (re.compile(r"<[!?][A-Za-z]+"), "raw HTML `{0}…`"),
    (re.compile(r"\b(?:javascript|vbscript)\s*:|\bdata:text/html", re.IGNORECASE), "a `{0}` URL"),
    (re.compile(r"\bon[a-z]{3,}\s*=", re.IGNORECASE), "an HTML event handler `{0}`"),
]
PLACEHOLDER = re.compile(
    r"%(?:\([A-Za-z_]\w*\))?[-#0+]*\d*(?:\.\d+)?[sdifrxXeEgGc]"  # printf / %(name)s
    r"|\{(?:\d+|[A-Za-z_]\w*)?(?:![rsa])?(?::[^{}]*)?\}"  # str.format: {0} {name} {}
)
TITLE_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
GLOSSARY_OK = re.compile(r"glossary-ok\s*:\s*(?P<terms>.+)", re.IGNORECASE)


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: ``str(problem)`` is the line printed for it."""

    path: str
    line: int
    severity: str  # "error" or "warning"
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: [{self.rule}] {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def display_path(path: Path) -> str:
    """The path as the user will recognise it: relative to the working directory if inside."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if relative.startswith("..") else relative


# --------------------------------------------------------------------------- glossary


@dataclass
class Term:
    en: str
    translations: dict[str, str]
    pattern: re.Pattern[str]
    note: str = ""


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    def find(self, text: str) -> list[Term]:
        """Terms used in ``text``; a longer match hides the shorter terms inside it.

        ("gradient descent" is one term, not also "gradient".)
        """
        matches = []
        for index, term in enumerate(self.terms):
            for m in term.pattern.finditer(text):
                matches.append((-(m.end() - m.start()), m.start(), m.end(), index))
        taken: list[tuple[int, int]] = []
        found: dict[int, Term] = {}
        for _, start, end, index in sorted(matches):
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.setdefault(index, self.terms[index])
        return [found[i] for i in sorted(found)]


def default_pattern(en: str) -> str:
    """Words of the English term, joined by spaces or hyphens, the last one plural or not."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", en.strip()) if w]
    words[-1] += "(?:s|es)?"
    return r"[\s-]+".join(words)


def load_glossary(path: Path) -> Glossary:
    """Read the project glossary (TSV: ``en``, one column per language, ``match``, ``note``).

    ``match`` is an optional Python regular expression for the English forms (matched
    case-insensitively, as a whole word); empty means the term itself, plural allowed.
    """
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        raise ValueError(f"{path}: no terms")
    header = list(rows[0].keys())
    if "en" not in header:
        raise ValueError(f"{path}: no 'en' column")
    languages = [c for c in header if c not in ("en", "match", "note")]
    glossary = Glossary(languages=languages)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        en = (row.get("en") or "").strip()
        if not en:
            raise ValueError(f"{path}:{number}: empty 'en' cell")
        if en.casefold() in seen:
            raise ValueError(f"{path}:{number}: '{en}' is listed twice")
        seen.add(en.casefold())
        source = (row.get("match") or "").strip() or default_pattern(en)
        try:
            pattern = re.compile(rf"(?<!\w)(?:{source})(?!\w)", re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{path}:{number}: bad 'match' for '{en}': {exc}") from exc
        translations = {lang: (row.get(lang) or "").strip() for lang in languages}
        glossary.terms.append(Term(en, translations, pattern, (row.get("note") or "").strip()))
    return glossary


def squash(text: str) -> str:
    """Case- and spacing-insensitive form (Korean spacing varies: 손실 함수 / 손실함수)."""
    return re.sub(r"\s+", "", text).casefold()


# --------------------------------------------------------------------------- MyST parsing


@cache
def _markdown():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    # Raw HTML stays *enabled* here (conf.py disables it on the site) so that we can see it.
    return create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)


@dataclass
class Markup:
    """What a message contains besides prose, as multisets."""

    roles: Counter = field(default_factory=Counter)  # (name, target) ; target None = free text
    math: Counter = field(default_factory=Counter)
    code: Counter = field(default_factory=Counter)
    urls: Counter = field(default_factory=Counter)
    images: Counter = field(default_factory=Counter)
    footnotes: Counter = field(default_factory=Counter)
    placeholders: Counter = field(default_factory=Counter)
    stray_backticks: int = 0
    stray_dollars: int = 0
    prose: list[str] = field(default_factory=list)  # translatable text (for the glossary)
    active: list[str] = field(default_factory=list)  # text that reaches HTML as markup/URLs


def role_key(name: str, content: str) -> tuple[str, str | None]:
    if name in TEXT_ROLES:
        return name, None
    if name in VERBATIM_ROLES or name.startswith("glue"):
        return name, content
    m = TITLE_TARGET.match(content)
    return (name, m.group("target").strip()) if m else (name, content.strip())


def role_title(name: str, content: str) -> str:
    if name in TEXT_ROLES:
        return content
    if name in VERBATIM_ROLES or name.startswith("glue"):
        return ""
    m = TITLE_TARGET.match(content)
    return m.group("title") if m else ""


def analyse(text: str) -> Markup:
    """Parse one msgid/msgstr as MyST inline markup."""
    markup = Markup()
    tokens = _markdown().parseInline(text)
    children = (tokens[0].children or []) if tokens else []
    in_link = 0
    for tok in children:
        kind = tok.type
        if kind == "text":
            markup.prose.append(tok.content)
            markup.active.append(tok.content)
            markup.stray_backticks += tok.content.count("`")
            markup.stray_dollars += tok.content.count("$")
            markup.placeholders.update(PLACEHOLDER.findall(tok.content))
            if not in_link:
                markup.urls.update(u.rstrip(".,;:!?)]") for u in BARE_URL.findall(tok.content))
        elif kind in ("softbreak", "hardbreak"):
            markup.prose.append(" ")
        elif kind == "code_inline":
            markup.code[tok.content] += 1
        elif kind in ("math_inline", "math_inline_double"):
            markup.math[(tok.markup or "$", tok.content)] += 1
        elif kind == "myst_role":
            name = tok.meta.get("name", "")
            markup.roles[role_key(name, tok.content)] += 1
            markup.prose.append(role_title(name, tok.content))
        elif kind == "link_open":
            in_link += 1
            href = tok.attrs.get("href", "")
            markup.urls[str(href)] += 1
            markup.active.append(str(href))
            if tok.attrs.get("title"):
                markup.prose.append(str(tok.attrs["title"]))
        elif kind == "link_close":
            in_link = max(0, in_link - 1)
        elif kind == "image":
            markup.images[str(tok.attrs.get("src", ""))] += 1
            markup.active.append(str(tok.attrs.get("src", "")))
            markup.prose.append(tok.content)
        elif kind == "footnote_ref":
            markup.footnotes[tok.meta.get("label", "")] += 1
        elif kind in ("html_inline", "html_block"):
            markup.active.append(tok.content)
    return markup


def directives(text: str) -> Counter:
    """MyST directive fences in ``text`` (parsed as blocks), keyed by their first line.

    ```` ```{image} https://host/x.png ```` -> ``"{image} https://host/x.png"``.
    """
    found: Counter = Counter()
    for tok in _markdown().parse(text):
        if tok.type in ("fence", "colon_fence") and tok.info.strip().startswith("{"):
            found[" ".join(tok.info.split())] += 1
    return found


# --------------------------------------------------------------------------- entry checks


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


# --------------------------------------------------------------------------- files


def run_msgfmt(path: Path, msgfmt: str) -> list[tuple[int, str, str]]:
    """``msgfmt --check`` findings: (line, severity, message)."""
    env = dict(os.environ, LC_ALL="C", LANGUAGE="C", LANG="C")
    proc = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    findings: list[list] = []  # [line, message]
    for raw in proc.stderr.splitlines():
        if not raw.strip():
            continue
        if raw[:1].isspace() and findings:  # continuation of the previous message
            findings[-1][1] += " " + raw.strip()
            continue
        text = re.sub(r"^\S*msgfmt: ", "", raw)
        if re.fullmatch(r"found \d+ fatal errors?", text):
            continue
        line = 1
        for prefix in (str(path), os.path.basename(path)):
            if text.startswith(prefix + ":"):
                text = text[len(prefix) + 1 :]
                m = re.match(r"(\d+):(?:\d+:)?", text)
                if m:
                    line, text = int(m.group(1)), text[m.end() :]
                break
        findings.append([line, text.strip()])
    out = []
    for line, msg in findings:
        if MSGFMT_IGNORED_WARNINGS.search(msg):
            continue
        is_warning = msg.startswith("warning:")
        severity = "warning" if is_warning or proc.returncode == 0 else "error"
        out.append((line, severity, msg.removeprefix("warning: ")))
    if proc.returncode != 0 and not any(sev == "error" for _, sev, _ in out):
        out.append((1, "error", f"msgfmt --check failed (exit status {proc.returncode})"))
    return out


def language_of(path: Path, po: polib.POFile | None) -> str | None:
    if po is not None and po.metadata.get("Language"):
        return po.metadata["Language"].strip().replace("-", "_")
    parts = path.resolve().parts
    if "LC_MESSAGES" in parts:
        index = parts.index("LC_MESSAGES")
        if index > 0:
            return parts[index - 1]
    return None


def msgstr_lines(lines: Sequence[str], entry: polib.POEntry) -> list[int]:
    """1-based line numbers of the entry's ``msgstr`` (or ``msgstr[n]``) keywords."""
    found = []
    for number in range(max(entry.linenum, 1), len(lines) + 1):
        stripped = lines[number - 1].lstrip()
        if stripped.startswith("msgstr"):
            found.append(number)
            if not entry.msgid_plural:
                break
        elif found:
            if stripped.startswith("msgstr["):
                continue
            if not stripped.startswith('"'):
                break
    return found or [entry.linenum]


def check_file(
    path: str | os.PathLike[str],
    *,
    partial: bool = False,
    glossary: Glossary | None = None,
    lang: str | None = None,
    msgfmt: str | None = "msgfmt",
) -> list[Problem]:
    """All problems of one ``.po`` file (``msgfmt=None`` skips the msgfmt run)."""
    path = Path(path)
    shown = display_path(path)
    problems: list[Problem] = []

    def add(line: int, severity: str, rule: str, message: str) -> None:
        problems.append(Problem(shown, line, severity, rule, message))

    if msgfmt:
        for line, severity, message in run_msgfmt(path, msgfmt):
            add(line, severity, "msgfmt", message)
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        if not any(p.is_error for p in problems):
            m = re.search(r"line (\d+)", str(exc))
            add(int(m.group(1)) if m else 1, "error", "parse", f"cannot read the catalog: {exc}")
        return sorted(problems)

    lang = lang or language_of(path, po)
    lines = path.read_text(encoding=po.encoding or "utf-8", errors="replace").splitlines()
    missing_severity = "warning" if partial else "error"
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        line = msgstr_lines(lines, entry)[0]
        if entry.fuzzy:
            add(
                line,
                missing_severity,
                "fuzzy",
                f"the translation of '{excerpt(entry.msgid)}' is marked fuzzy: Sphinx shows the "
                "English text; review it and delete the '#, fuzzy' line",
            )
            continue
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [
                (entry.msgid if n == 0 else entry.msgid_plural, text)
                for n, text in sorted(entry.msgstr_plural.items())
            ]
        )
        if not all(text for _, text in pairs):
            add(
                line,
                missing_severity,
                "untranslated",
                f"'{excerpt(entry.msgid)}' has no translation yet (empty msgstr)",
            )
            continue
        for source, text in pairs:
            for rule, message in check_pair(source, text):
                add(line, "error", rule, message)
        if glossary is not None and lang:
            opt_outs = {
                term.strip().casefold()
                for m in GLOSSARY_OK.finditer(entry.tcomment or "")
                for term in m.group("terms").split(",")
                if term.strip()
            }
            for severity, rule, message in check_glossary(
                entry.msgid, pairs[0][1], lang, glossary, opt_outs
            ):
                add(line, severity, rule, message)
    return sorted(problems)


def find_catalogs(target: Path) -> list[Path]:
    if target.is_file():
        return [target]
    return sorted(p for p in target.rglob("*.po") if "LC_MESSAGES" in p.parts)


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    partial: bool = False,
    glossary: Glossary | None = None,
    lang: str | None = None,
    msgfmt: str | None = "msgfmt",
) -> list[Problem]:
    """Check every catalog under ``paths`` (directories or ``.po`` files)."""
    problems: list[Problem] = []
    for target in paths:
        for catalog in find_catalogs(Path(target)):
            problems += check_file(
                catalog, partial=partial, glossary=glossary, lang=lang, msgfmt=msgfmt
            )
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check the site's translation catalogs (.po files).",
        epilog="Exit status: 0 no error, 1 errors found, 2 usage problem.",
    )
    parser.add_argument(
        "paths", nargs="+", help="locale folder(s), language folder(s) or .po files"
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="work in progress: untranslated and fuzzy entries are warnings, not errors",
    )
    parser.add_argument(
        "--glossary",
        type=Path,
        default=DEFAULT_GLOSSARY,
        help="project glossary TSV (default: %(default)s)",
    )
    parser.add_argument("--no-glossary", action="store_true", help="skip the glossary rule")
    parser.add_argument("--lang", help="language of the catalogs (default: header, then path)")
    parser.add_argument("--msgfmt", default="msgfmt", help="msgfmt executable (default: msgfmt)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)

    msgfmt = shutil.which(args.msgfmt)
    if msgfmt is None:
        print(f"check_po: '{args.msgfmt}' not found: install GNU gettext", file=sys.stderr)
        return 2
    glossary = None
    if not args.no_glossary:
        try:
            glossary = load_glossary(args.glossary)
        except (OSError, ValueError) as exc:
            print(f"check_po: cannot use the glossary: {exc}", file=sys.stderr)
            return 2
    for target in args.paths:
        if not Path(target).exists():
            print(f"check_po: {target}: no such file or folder", file=sys.stderr)
            return 2
    catalogs = [c for t in args.paths for c in find_catalogs(Path(t))]
    problems = check_paths(
        args.paths, partial=args.partial, glossary=glossary, lang=args.lang, msgfmt=msgfmt
    )
    if not catalogs:
        print("check_po: no catalogs (<lang>/LC_MESSAGES/*.po) found", file=sys.stderr)
    errors = sum(p.is_error for p in problems)
    for problem in problems:
        if problem.is_error or not args.quiet:
            print(problem)
    print(
        f"check_po: {len(catalogs)} catalog(s), {errors} error(s), "
        f"{len(problems) - errors} warning(s)",
        file=sys.stderr,
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
