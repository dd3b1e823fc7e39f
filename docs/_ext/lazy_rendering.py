"""A chapter opens without laying out its whole length.

A chapter of a few hundred typeset equations is some ten thousand elements; laying them
all out before the first screen shows is most of what a phone spends opening the page.

* ``_static/lazy-rendering.css`` gives every section below the page's first level
  ``content-visibility: auto``: the browser lays out and paints a section only when it
  comes near the screen.
* Laying out a section is forced, though, by any script that measures something in it.
  The theme measures every code block and output when the page has loaded, to give the
  ones that scroll a tab stop (and take it from the others).  Here every box that can
  scroll (code, display equations, tables) is written with a tab stop, so a keyboard
  reaches it whether or not it scrolls, and ``_static/tab-stops.js`` measures the boxes
  only when a key is first pressed (before the browser moves the focus), taking the tab
  stop from those that fit.  The theme's own pass is switched off in the site's copy of
  its script, after the build copied it; if the theme's script changes so that the pass
  is not found, the build fails rather than keep both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

STYLESHEET = "lazy-rendering.css"
SCRIPT = "tab-stops.js"
#: The theme's script, as the build copies it into the site's ``_static``.
THEME_SCRIPT = Path("scripts") / "pydata-sphinx-theme.js"
#: Where pydata-sphinx-theme 0.20 (minified) runs its tab-stop pass: at the load event,
#: measuring every ``pre``, output and table of the page.
THEME_TAB_STOP_PASS = '"complete"===document.readyState?I():window.addEventListener("load",I)'
#: What stands in its place: an expression, as the call was (the script still parses).
SWITCHED_OFF = "void 0 /* tab stops: chainrule's tab-stops.js */"


#: The opening tag of a box that can scroll: a code block, a display equation (its box and
#: the typeset equation in it), a table.
BOX_OPENING = re.compile(
    r'<pre(?=[\s>])|<div(?= class="(?:math|pst-scrollable-table-container)[\s"])'
    r'|<mjx-container(?=[^>]*\sdisplay="true")'
)


def focusable_boxes(body: str) -> str:
    """``body`` with a tab stop on every box that can scroll."""
    return BOX_OPENING.sub(lambda opening: f'{opening.group(0)} tabindex="0"', body)


def _write_boxes_focusable(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if context.get("body"):
        context["body"] = focusable_boxes(context["body"])


def switch_off_theme_tab_stops(script: str) -> str:
    """The theme's script without its load-time tab-stop pass."""
    if THEME_TAB_STOP_PASS in script:
        return script.replace(THEME_TAB_STOP_PASS, SWITCHED_OFF)
    if SWITCHED_OFF in script:
        return script
    msg = (
        f"the theme's {THEME_SCRIPT.name} no longer runs its tab-stop pass as "
        f"{THEME_TAB_STOP_PASS!r}: see docs/_ext/lazy_rendering.py"
    )
    raise ExtensionError(msg)


def _patch_theme_script(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / "_static" / THEME_SCRIPT
    if not path.is_file():  # another theme
        return
    script = path.read_text(encoding="utf-8")
    patched = switch_off_theme_tab_stops(script)
    if patched != script:
        path.write_text(patched, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_css_file(STYLESHEET)
    app.add_js_file(SCRIPT, loading_method="defer")
    app.connect("html-page-context", _write_boxes_focusable)
    app.connect("build-finished", _patch_theme_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
