"""What screen readers need: figures described, English parts marked, controls named.

1. Text alternatives of glued figures (``{glue:figure}`` with ``:alt:``) are translatable.
   Sphinx extracts an image's ``alt`` into the catalogs and replaces it with the msgstr, but
   myst-nb keeps a glued output as a bundle of all its MIME types until a post-transform
   picks one per builder, and for the gettext builder it picks ``text/plain``: the image,
   and with it the alt text, never reached the ``.pot``.  Preferring ``image/png`` for the
   gettext builder keeps the image (it adds no message but its alt text).

2. Language of parts.  On a ko or zh_TW page, code, the outputs of code cells, glued values
   and the engine's docstrings (signatures and the text of autodoc entries and modules,
   English in every language; not the field labels Sphinx translates) are English: they
   get ``lang="en"`` (docutils writes the class ``language-en`` as that
   attribute), so that a screen reader reads them with an English voice.  Docstring text
   also gets the class ``docstring``.

3. Names in the reader's language.  myst-nb writes every folded cell (the solutions of
   the exercises) as ``<details>`` whose ``<summary>`` carries a fixed English
   ``aria-label="Toggle hidden content"``, which screen readers announce instead of the
   visible prompt ("풀이 보기", "顯示解答").  The folded cell is written here without
   that label, so the summary is named by its visible prompt, in the page's language.

Keyboard access to boxes that scroll (wide equations, code, outputs) is set by
``_static/tab-stops.js``, added by ``lazy_rendering.py``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: The class docutils' HTML writer turns into ``lang="en"``.
ENGLISH = "language-en"


def _prefer_images_in_gettext(app: Sphinx, config: Any) -> None:
    """Let the gettext builder see the images of glued figures (and so their alt texts)."""
    overrides = list(config.nb_mime_priority_overrides or [])
    overrides.append(("gettext", "image/png", 5))
    config.nb_mime_priority_overrides = overrides


def _from_docstring(node: nodes.Node) -> bool:
    return "docstring of " in (getattr(node, "source", None) or "")


def _is_code(node: nodes.Element) -> bool:
    """Code, a code cell's output or a value glued from one."""
    classes = node.get("classes", [])
    return (
        isinstance(node, (nodes.literal, nodes.literal_block, addnodes.desc_signature))
        or (isinstance(node, nodes.container) and "cell_output" in classes)
        or (isinstance(node, nodes.inline) and "pasted-text" in classes)
    )


def _inside(node: nodes.Node, kind: type) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kind):
            return True
        parent = parent.parent
    return False


class MarkEnglishParts(SphinxPostTransform):
    """Mark code, code outputs, glued values and docstrings ``lang="en"`` on translated pages."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        if (self.config.language or "en").startswith("en"):
            return
        marked: list[nodes.Element] = []
        for node in self.document.findall(nodes.Element):
            if _is_code(node):
                marked.append(node)
            elif (isinstance(node, nodes.TextElement) and _from_docstring(node)) or (
                # parameter lists that Sphinx builds from a docstring's sections
                isinstance(node, nodes.field_body) and _inside(node, addnodes.desc_content)
            ):
                node["classes"].append("docstring")
                marked.append(node)
        for node in marked:
            if ENGLISH not in node["classes"]:
                node["classes"].append(ENGLISH)


def visit_folded_cell(translator: Any, node: HideCodeCellNode) -> None:
    """Open a folded cell: ``<details>`` and a ``<summary>`` named by its visible prompt
    (shown while folded) or the other one (shown while open); myst-nb's CSS hides one."""
    classes = " ".join(node["classes"])
    translator.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        translator.body.append(f'<p class="{state} admonition-title">{escape(prompt)}</p>\n')
    translator.body.append("</summary>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")  # its folded-cell node, replaced below
    app.connect("config-inited", _prefer_images_in_gettext)
    app.add_post_transform(MarkEnglishParts)
    app.add_node(HideCodeCellNode, override=True, html=(visit_folded_cell, depart_HideCellInput))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
