"""The EPUB edition: what EPUBCheck requires, and equation images kept between builds.

Two fixes make the EPUB pass EPUBCheck (see their functions), and the equations that
imgmath renders to SVG for the EPUB are kept between builds and languages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util import logging

logger = logging.getLogger(__name__)
_ = get_translation("chainrule")  # theme_locale/<lang>/LC_MESSAGES/chainrule.po
ROOT = Path(__file__).resolve().parents[2]


def unwrap_lists_in_paragraphs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """EPUB: a paragraph holding only block elements gives way to them.

    Sphinx renders an autodoc "Returns" field with several values as
    ``<p><ul>...</ul></p>``, which browsers tolerate and EPUBCheck rejects.
    """
    if app.builder.name != "epub":
        return
    for paragraph in list(doctree.findall(nodes.paragraph)):
        children = paragraph.children
        if children and all(isinstance(child, nodes.Sequential) for child in children):
            paragraph.replace_self(list(children))


#: Stylesheets of the site that are written at ``build-finished``, after the EPUB
#: builder packed the book: myst-nb's (whose modern syntax EPUBCheck 4.2's CSS parser
#: rejects anyway) and icon_subset's (the book shows none of the site's icons).
LATE_STYLESHEETS = ("mystnb.", "icons.css")


def drop_late_css(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """EPUB: pages do not link the stylesheets the book would not hold (LATE_STYLESHEETS);
    the cells read well with Sphinx's own styles."""
    if app.builder.name != "epub":
        return
    context["css_files"] = [
        css
        for css in context.get("css_files", [])
        if not Path(str(getattr(css, "filename", css))).name.startswith(LATE_STYLESHEETS)
    ]


#: Equations rendered to SVG by imgmath, kept between EPUB builds and shared by the
#: languages (math is not translated): one LaTeX and one dvisvgm run per equation
#: otherwise make each book take minutes.
MATH_IMAGE_STORE = ROOT / "_build" / ".imgmath-cache"
MATH_IMAGE = re.compile(r"_images/math/(?P<name>[0-9a-f]{40}\.svg)")


def _math_image_dir(app: Sphinx) -> Path:
    return Path(app.builder.outdir) / app.builder.imagedir / "math"


def seed_math_images(app: Sphinx) -> None:
    """EPUB: the equations rendered by earlier builds wait where imgmath looks first."""
    if not app.builder.name.startswith("epub") or not MATH_IMAGE_STORE.is_dir():
        return
    target = _math_image_dir(app)
    target.mkdir(parents=True, exist_ok=True)
    for image in MATH_IMAGE_STORE.glob("*.svg"):
        if not (target / image.name).exists():
            shutil.copy2(image, target / image.name)


def keep_used_math_images(app: Sphinx) -> list:
    """EPUB, once every page is written and before the book is packed: new equation
    images go to the store, and the book keeps only the images its pages show."""
    if not app.builder.name.startswith("epub"):
        return []
    folder = _math_image_dir(app)
    if not folder.is_dir():
        return []
    used = {
        match["name"]
        for page in Path(app.builder.outdir).rglob(f"*{app.builder.out_suffix}")
        for match in MATH_IMAGE.finditer(page.read_text(encoding="utf8"))
    }
    MATH_IMAGE_STORE.mkdir(parents=True, exist_ok=True)
    for image in folder.glob("*.svg"):
        if not (MATH_IMAGE_STORE / image.name).exists():
            shutil.copy2(image, MATH_IMAGE_STORE / image.name)
        if image.name not in used:
            image.unlink()
    return []  # no pages of its own


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", unwrap_lists_in_paragraphs)
    app.connect("html-page-context", drop_late_css)
    app.connect("builder-inited", seed_math_images)
    app.connect("html-collect-pages", keep_used_math_images)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
