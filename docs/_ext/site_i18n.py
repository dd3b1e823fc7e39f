"""Multilingual plumbing for the chainrule site (its languages: ``languages.toml``).

1. ``MathBlocksNotTranslatable``: display math (and autodoc'd docstrings)
   never enter the gettext catalogs.  A translated (i.e. any non-empty) msgstr for a ``math_block``
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

3. Glue in translated text.  myst-nb resolves ``{glue:text}`key``` from
   the notebook client, which exists only while the page itself is parsed.
   Sphinx parses each msgstr later, in a fresh document, so a translated
   paragraph with ``{glue:text}`err-eq-...``` would warn "No key ... found".
   ``TranslatedGlueTextRole`` (and the ``glue``/``glue:any`` variants) fall
   back to the glue data myst-nb saved for the page
   (``<nb output folder>/<docname>.glue.json``, written right after parsing,
   before the ``Locale`` transform runs) and paste its ``text/plain``.

4. Gaps in Sphinx's own catalogs: its ko catalog lacks some strings ("Link
   to this heading"), and its JavaScript catalog (search page) lacks "Search
   finished, found ... pages" in ko and zh_TW; ``_patch_translations_js``
   fills those from our ``sphinx.po``.  The authors' names in footers are
   given per language (``author`` in ``languages.toml``).

5. A language switcher: ``lang_links`` in the page context (used by
   ``_templates/lang-switcher.html``) and ``<link rel="alternate"
   hreflang=...>`` tags, all relative links to the same page in the other
   language folders (``_build/html/<lang>/``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.variables import format_plain_text
from myst_nb.ext.glue.roles import PasteRoleAny, PasteTextRole
from site_languages import BY_CODE, LANGUAGES, SOURCE
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

THEME_LOCALE_SRC = Path(__file__).resolve().parent / "theme_locale"


def _saved_glue_data(env: Any, docname: str) -> dict[str, Any]:
    """Glue data myst-nb wrote for ``docname`` while parsing it (or {})."""
    config = getattr(env, "mystnb_config", None)
    if config is None:
        return {}
    path = Path(config.output_folder) / f"{docname}.glue.json"
    try:
        return json.loads(path.read_text(encoding="utf8"))
    except (OSError, ValueError):
        return {}


def _glue_fallback(role: Any, key: str, fmt_spec: str) -> list[nodes.Node] | None:
    """Paste ``key``'s text/plain from the saved glue data, in a translation."""
    if "nb_renderer" in role.document or "::" in key:
        return None  # the page itself, or another page: myst-nb handles it
    env = getattr(role.document.settings, "env", None)
    if env is None:
        return None
    output = _saved_glue_data(env, env.docname).get(key)
    if not output or "text/plain" not in output.get("data", {}):
        return None  # myst-nb's own warning follows
    text = format_plain_text(output["data"]["text/plain"], fmt_spec)
    node = nodes.inline(text, text, classes=["pasted-text"])
    role.set_source_info(node)
    return [node]


class TranslatedGlueTextRole(PasteTextRole):
    """``{glue:text}`` that also works inside translated paragraphs."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        key, _sep, fmt_spec = self.text.rpartition(":")
        if not key:
            key, fmt_spec = fmt_spec, "s"
        pasted = _glue_fallback(self, key, fmt_spec)
        return (pasted, []) if pasted is not None else super().run()


class TranslatedGlueAnyRole(PasteRoleAny):
    """``{glue}`` / ``{glue:any}``: in translations, text/plain only."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        pasted = _glue_fallback(self, self.text, "")
        return (pasted, []) if pasted is not None else super().run()


def _inside_api_entry(node: nodes.Node) -> bool:
    """Whether ``node`` is part of an autodoc entry (``desc``)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.desc):
            return True
        parent = parent.parent
    return False


def _inside_cell_output(node: nodes.Node) -> bool:
    """Whether ``node`` was produced by a code cell (e.g. a Markdown table it displayed)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and "cell_output" in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


class MathBlocksNotTranslatable(SphinxTransform):
    """Keep display math, code-cell outputs and engine docstrings out of the catalogs.

    Outputs (tables of shapes, benchmark tables) are computed in the build and
    shared by every language through the execution cache: in a catalog they
    would only go stale each time the numbers change.

    Runs before ``Locale`` (priority 20).  Docstrings pulled in by autodoc
    (source "...:docstring of chainrule...") stay English on every language's
    API page: they change with the code, and translators should not chase them.
    """

    default_priority = 5

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False
        for node in self.document.findall(nodes.TextElement):
            if (
                "docstring of " in (node.source or "")
                or _inside_api_entry(node)
                or _inside_cell_output(node)
            ):
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
    for language in LANGUAGES:
        url = f"{root}{language.code}/{target}"
        links.append(
            {
                "code": language.code,
                "label": language.name,
                "hreflang": language.tag,
                "url": url,
                "current": language.code == current,
            }
        )
        tags.append(f'<link rel="alternate" hreflang="{language.tag}" href="{url}" />')
    context["lang_links"] = links
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def setup(app: Sphinx) -> dict:
    app.add_transform(MathBlocksNotTranslatable)
    # override myst-nb's glue roles (myst_nb is set up before us)
    app.add_role("glue", TranslatedGlueAnyRole(), override=True)
    app.add_role_to_domain("glue", "", TranslatedGlueAnyRole(), override=True)
    app.add_role_to_domain("glue", "any", TranslatedGlueAnyRole(), override=True)
    app.add_role_to_domain("glue", "text", TranslatedGlueTextRole(), override=True)
    # language is final here (-D overrides are applied before extensions load)
    _register_theme_catalogs(app)
    app.connect("config-inited", _localize_author)
    app.connect("html-page-context", _add_language_links)
    app.connect("build-finished", _patch_translations_js)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
