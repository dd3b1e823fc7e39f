"""What a message holds besides prose: MyST roles, math, code, links, images, placeholders.

Parsed with myst-parser's own markdown-it set-up (the site's MyST extensions, read from
conf.py by the caller: :func:`use_extensions`), so code spans may contain ``$`` and roles
are ``{name}`` immediately followed by a backtick span, exactly as on the site.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

#: The MyST extensions that change *inline* syntax (the site's, see :func:`use_extensions`).
_extensions: frozenset[str] = frozenset({"dollarmath", "amsmath", "colon_fence", "deflist"})

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


def use_extensions(extensions: set[str] | frozenset[str]) -> None:
    """Parse as a site with these ``myst_enable_extensions`` does."""
    global _extensions
    if frozenset(extensions) != _extensions:
        _extensions = frozenset(extensions)
        _markdown.cache_clear()


@cache
def _markdown():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    # Raw HTML stays *enabled* here (conf.py disables it on the site) so that we can see it.
    return create_md_parser(MdParserConfig(enable_extensions=set(_extensions)), RendererHTML)


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


def squash(text: str) -> str:
    """Case- and spacing-insensitive form (Korean spacing varies: 손실 함수 / 손실함수)."""
    return re.sub(r"\s+", "", text).casefold()
