"""A translated page that is not fully translated says so at its top, in its language.

Sphinx falls back to the English text for every message of a page whose catalog has
no translation, or only a fuzzy one (fuzzy entries are not compiled).  Its ``Locale``
transform marks each message node ``translated`` True or False, and
:func:`translation_progress` counts those marks on the page (toctrees aside).  For a
ko or zh_TW page with untranslated messages, :func:`add_notice` puts a note before the
page's body: the share of the page's messages that are translated (rounded down, so
an incomplete page never reads 100 %), a link to the same page in English and one to
the translating guide.  A page whose language has no catalog at all counts as 0 % of
its messages.  A complete page, and every English page, shows nothing.

The notice's sentences are the site's own strings (domain ``chainrule``, translated
in ``theme_locale/<lang>/LC_MESSAGES/chainrule.po``); Pagefind does not index it
(``data-pagefind-ignore``), so search snippets never quote it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.nodes import extract_messages

MESSAGE_CATALOG = "chainrule"
_ = get_translation(MESSAGE_CATALOG)

#: The page that tells readers how to translate (a docname of every language).
TRANSLATING_GUIDE = "translating"


def translation_progress(doctree: nodes.document) -> tuple[int, int]:
    """(translated, total) messages with text that a translated page shows.

    Counted on the page as written (the resolved doctree), from the ``translated`` marks
    of Sphinx's ``Locale`` transform: a toctree, which Sphinx also marks (its caption)
    and replaces by the list of pages, counts for nothing.
    """
    marked = [
        node
        for node in doctree.findall(nodes.Element)
        if "translated" in node and not isinstance(node, addnodes.toctree) and node.astext().strip()
    ]
    if marked:
        return sum(1 for node in marked if node["translated"]), len(marked)
    # no catalog for this page: Locale marked nothing, every message is English
    return 0, sum(1 for _node, msg in extract_messages(doctree) if msg.strip())


def percent_translated(translated: int, total: int) -> int:
    """Whole percent, rounded down: 99 until the last message is translated."""
    return 100 if total == 0 else (100 * translated) // total


def notice_html(
    *, percent: int, untranslated: int, total: int, english_url: str, guide_url: str, lang: str
) -> str:
    """The note shown above an incomplete page (strings in the build's language)."""
    title = escape(_("Translation in progress"))
    status = escape(
        _(
            "This page is {percent} % translated: {untranslated} of its {total} passages "
            "are still shown in English (not translated yet, or awaiting review)."
        )
    ).format(percent=percent, untranslated=untranslated, total=total)
    english = f'<a href="{escape(english_url)}" hreflang="en">{escape(_("the English page"))}</a>'
    guide = f'<a href="{escape(guide_url)}">{escape(_("the translating guide"))}</a>'
    links = escape(_("Read {english_page}, or help finish it with {translating_guide}.")).format(
        english_page=english, translating_guide=guide
    )
    return (
        f'<div class="admonition note chainrule-translation-notice" role="note" lang="{lang}"'
        f' data-pagefind-ignore="all">\n'
        f'<p class="admonition-title">{title}</p>\n'
        f'<p class="chainrule-translation-status">{status}</p>\n'
        f"<p>{links}</p>\n"
        "</div>\n"
    )


def add_notice(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    language = app.config.language or "en"
    if language == "en" or doctree is None or "body" not in context:
        return
    translated, total = translation_progress(doctree)
    if translated >= total:
        return
    root = "../" * (pagename.count("/") + 1)
    english_url = f"{root}en/{app.builder.get_target_uri(pagename)}"
    guide_url = context["pathto"](TRANSLATING_GUIDE)
    html_lang = context.get("language", language).replace("_", "-")
    context["body"] = (
        notice_html(
            percent=percent_translated(translated, total),
            untranslated=total - translated,
            total=total,
            english_url=english_url,
            guide_url=guide_url,
            lang=html_lang,
        )
        + context["body"]
    )


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_notice)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
