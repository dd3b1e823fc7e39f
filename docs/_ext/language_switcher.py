"""The language switcher: links to the same page in every site language, and hreflang tags.

``lang_links`` in the page context (used by ``_templates/lang-switcher.html``) and
``<link rel="alternate" hreflang=...>`` tags, all relative links to the same page in the
other language folders (``_build/html/<code>/``); the languages are ``languages.toml``'s.
"""

from __future__ import annotations

from typing import Any

from site_languages import LANGUAGES
from sphinx.application import Sphinx


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
    app.connect("html-page-context", _add_language_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
