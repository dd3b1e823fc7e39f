"""What screen readers need from the pages: figure descriptions, English parts marked.

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
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _prefer_images_in_gettext)
    app.add_post_transform(MarkEnglishParts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
