"""Scripts that work on the finished page load after the page has been shown.

A chapter's first screen needs its HTML, its stylesheets and the fonts of its text and
math; its scripts (Bootstrap and the theme's menus and buttons, Sphinx's helpers: some
40 KB) change nothing the reader sees first.  Loaded ``defer``, they are fetched with the
page and share a slow connection with what it shows: Lighthouse put the largest paint of
a chapter 0.4 s later with them than without them.

``docs/_templates/layout.html`` writes those scripts as ``<script type="chainrule/late">``
(not on the search page), which the browser neither fetches nor runs, and
``_static/late-scripts.js`` (added here) starts them in the page's order when the page has
loaded, or at the reader's first touch or key press if that comes sooner.  Every one of
them waits for a parsed document or checks that it already is, so each acts as before.
When the last has loaded, ``<html data-late-scripts="done">`` says so.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

SCRIPT = "late-scripts.js"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_js_file(SCRIPT, loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
