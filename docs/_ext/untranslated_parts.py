"""What stays out of the catalogs: display math, code-cell outputs, the API's docstrings.

A translated (i.e. any non-empty) msgstr for a ``math_block`` renders as ``\\[::\\]``
without a warning, so display math is marked ``translatable = False`` before Sphinx's
``Locale`` transform (priority 20) and before the gettext builder extracts messages.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


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


def setup(app: Sphinx) -> dict:
    app.add_transform(MathBlocksNotTranslatable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
