"""The site's interface in the reader's language: theme, Sphinx and project catalogs, authors.

pydata-sphinx-theme has no Korean catalog and serves zh_TW from its Simplified ``zh``
catalog; sphinx-book-theme's own ko/zh_TW catalogs exist but have a few poor entries. Our
translations live in ``theme_locale/<lang>/LC_MESSAGES/<domain>.po`` next to this file
(``chainrule.po`` holds the project's own interface words). They are compiled to ``.mo`` at
build time (into the doctree folder, never committed) and registered with
``app.add_message_catalog``, which Sphinx merges like this (first hit wins):

* domain ``sphinx`` (Sphinx's and pydata's strings): the translator that Sphinx built from
  ``locale_dirs`` and its own catalogs comes first; every later ``add_message_catalog`` call
  *appends* a fallback. We run in ``setup()``, before the theme is loaded at builder init,
  so the order is Sphinx's own catalog > ours > pydata's (Simplified for zh_TW).
* domain ``booktheme``: nothing is registered before our ``setup()``, so ours is the head
  and sphinx-book-theme's catalog is the fallback.

Sphinx's JavaScript catalog (search page) lacks some messages in ko and zh_TW ("Search
finished, found ... pages"): ``_patch_translations_js`` fills those from our ``sphinx.po``.
The authors' names in footers come from ``author`` in ``languages.toml``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from site_languages import BY_CODE, SOURCE
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

THEME_LOCALE_SRC = Path(__file__).resolve().parent / "theme_locale"


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


def _localize_author(app: Sphinx, config: Any) -> None:
    """Name the authors in the page's language (footer "By ...", copyright)."""
    language = BY_CODE.get(config.language or SOURCE.code)
    localized = language.author if language else None
    if localized and config.author and localized != config.author:
        config.copyright = config.copyright.replace(config.author, localized)
        config.author = localized


def _patch_translations_js(app: Sphinx, exception: Exception | None) -> None:
    """Fill gaps in Sphinx's JavaScript catalog (search page messages).

    Sphinx copies its own ``<lang>/LC_MESSAGES/sphinx.js`` verbatim; for ko
    and zh_TW it lacks e.g. "Search finished, found ... pages".  Entries of
    our ``sphinx.po`` are added where Sphinx has none (or an empty one).
    """
    if exception is not None or app.builder.format != "html":
        return
    language = app.config.language or "en"
    js_path = Path(app.outdir) / "_static" / "translations.js"
    po_path = THEME_LOCALE_SRC / language / "LC_MESSAGES" / "sphinx.po"
    if not js_path.is_file() or not po_path.is_file():
        return
    from babel.messages.pofile import read_po

    text = js_path.read_text(encoding="utf8")
    prefix, suffix = "Documentation.addTranslations(", ");"
    start, end = text.find(prefix), text.rfind(suffix)
    if start < 0 or end < 0:
        logger.warning("unexpected format of %s; not patched", js_path)
        return
    data = json.loads(text[start + len(prefix) : end])
    messages = data.setdefault("messages", {})
    with po_path.open("rb") as f:
        catalog = read_po(f, locale=language)
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):  # plural: keyed by the singular
            key, value = message.id[0], list(message.string)
        else:
            key, value = message.id, message.string
        current = messages.get(key)
        if not current or (isinstance(current, list) and not all(current)):
            messages[key] = value
    patched = text[:start] + prefix + json.dumps(data, ensure_ascii=False) + text[end:]
    js_path.write_text(patched, encoding="utf8")


def setup(app: Sphinx) -> dict:
    # language is final here (-D overrides are applied before extensions load)
    _register_theme_catalogs(app)
    app.connect("config-inited", _localize_author)
    app.connect("build-finished", _patch_translations_js)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
