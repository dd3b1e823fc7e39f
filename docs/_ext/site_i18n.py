"""Multilingual plumbing for the chainrule site (en, ko, zh_TW).

1. ``MathBlocksNotTranslatable``: display math never enters the gettext
   catalogs.  A translated (i.e. any non-empty) msgstr for a ``math_block``
   renders as ``\\[::\\]`` without a warning, so we mark every math block
   ``translatable = False`` before Sphinx's ``Locale`` transform (priority 20)
   and before the gettext builder extracts messages.

2. Theme UI strings.  pydata-sphinx-theme has no Korean catalog and serves
   zh_TW from its Simplified ``zh`` catalog; sphinx-book-theme's own ko/zh_TW
   catalogs exist but have a few poor entries.  Our translations live in
   ``theme_locale/<lang>/LC_MESSAGES/<domain>.po`` next to this file.  They
   are compiled to ``.mo`` at build time (into the doctree folder, never
   committed) and registered with ``app.add_message_catalog``, which Sphinx
   merges like this (first hit wins):

   * domain ``sphinx`` (Sphinx's and pydata's strings): the translator that
     Sphinx built from ``locale_dirs`` and its own catalogs comes first; every
     later ``add_message_catalog`` call *appends* a fallback.  We run in
     ``setup()``, before the theme is loaded at builder init, so the order is
     Sphinx's own catalog > ours > pydata's (Simplified for zh_TW).
   * domain ``booktheme``: nothing is registered before our ``setup()``, so
     ours is the head and sphinx-book-theme's catalog is the fallback.

3. A language switcher: ``lang_links`` in the page context (used by
   ``_templates/lang-switcher.html``) and ``<link rel="alternate"
   hreflang=...>`` tags, all relative links to the same page in the other
   language folders (``_build/html/<lang>/``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

THEME_LOCALE_SRC = Path(__file__).resolve().parent / "theme_locale"

#: Site languages: (Sphinx language code = output folder, label, BCP 47 tag).
LANGUAGES = [
    ("en", "English", "en"),
    ("ko", "한국어", "ko"),
    ("zh_TW", "繁體中文", "zh-Hant-TW"),
]


class MathBlocksNotTranslatable(SphinxTransform):
    """Mark display math as not translatable (runs before ``Locale``)."""

    default_priority = 5

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False


def compile_theme_catalogs(source: Path, target: Path, language: str) -> list[str]:
    """Compile ``source/<language>/LC_MESSAGES/*.po`` into ``target``.

    Returns the catalog (domain) names compiled.  Fuzzy entries are skipped.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po_dir = source / language / "LC_MESSAGES"
    mo_dir = target / language / "LC_MESSAGES"
    domains = []
    for po_path in sorted(po_dir.glob("*.po")):
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=language, domain=po_path.stem)
        mo_dir.mkdir(parents=True, exist_ok=True)
        with (mo_dir / f"{po_path.stem}.mo").open("wb") as f:
            write_mo(f, catalog)
        domains.append(po_path.stem)
    return domains


def _register_theme_catalogs(app: Sphinx) -> None:
    language = app.config.language or "en"
    if language == "en":
        return
    target = Path(app.doctreedir) / "theme_locale"
    for domain in compile_theme_catalogs(THEME_LOCALE_SRC, target, language):
        app.add_message_catalog(domain, str(target))


def _relative_root(pagename: str) -> str:
    """Relative URL from a page to the folder holding all language folders."""
    return "../" * (pagename.count("/") + 1)


def _add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if app.builder.format != "html":
        return
    current = app.config.language or "en"
    root = _relative_root(pagename)
    target = app.builder.get_target_uri(pagename)
    links = []
    tags = []
    for code, label, bcp47 in LANGUAGES:
        url = f"{root}{code}/{target}"
        links.append(
            {
                "code": code,
                "label": label,
                "hreflang": bcp47,
                "url": url,
                "current": code == current,
            }
        )
        tags.append(f'<link rel="alternate" hreflang="{bcp47}" href="{url}" />')
    context["lang_links"] = links
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def setup(app: Sphinx) -> dict:
    app.add_transform(MathBlocksNotTranslatable)
    # language is final here (-D overrides are applied before extensions load)
    _register_theme_catalogs(app)
    app.connect("html-page-context", _add_language_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
