"""Print-only fixes: the verified table's column widths, and the space before a Korean link."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)
_ = get_translation("chainrule")  # theme_locale/<lang>/LC_MESSAGES/chainrule.po
ROOT = Path(__file__).resolve().parents[2]


class VerifiedTableWidths(SphinxPostTransform):
    """LaTeX: the verified table gets fixed column widths (per cent of the line).

    Without them LaTeX sizes the columns by their text and leaves the equations a narrow
    first column, where each wraps over several lines; the tolerance column is wide
    enough for "1.0 × 10⁻¹⁴".
    """

    default_priority = 150  # after verified_equations fills the table (4)
    formats = ("latex",)
    #: Equation, page, reference, tolerance, error in this build
    WIDTHS = (33, 14, 20, 15, 18)

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if "chainrule-verified" not in table["classes"]:
                continue
            colspecs = list(table.findall(nodes.colspec))
            if len(colspecs) == len(self.WIDTHS):
                for colspec, width in zip(colspecs, self.WIDTHS, strict=True):
                    colspec["colwidth"] = width
            table["classes"].append("colwidths-given")


#: A Hangul syllable.
HANGUL = re.compile(r"[\uac00-\ud7a3]")


class KoreanSpaceBeforeMarkup(SphinxPostTransform):
    """LaTeX, Korean: the space between a word and a link (or other markup) after it stays.

    With ``CJKspace=true`` xeCJK keeps a space between two Hangul syllables, but it drops a
    space after a syllable when a brace group comes next, as in the ``{\\hyperref...}`` of
    every cross-reference ("이 페이지에서는 [표기법]" printed "이 페이지에서는표기법").
    Such a space is written as a control space, which xeCJK leaves alone.
    """

    default_priority = 150
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if (self.config.language or "en") != "ko":
            return
        for text in list(self.document.findall(nodes.Text)):
            following = text.next_node(descend=False, siblings=True)
            stripped = text.rstrip(" ")
            if (
                following is None
                or isinstance(following, nodes.Text)
                or stripped == text
                or not HANGUL.match(stripped[-1:])
                or isinstance(text.parent, nodes.FixedTextElement)
            ):
                continue
            parent = text.parent
            at = parent.index(text)
            parent.replace(text, nodes.Text(stripped))
            parent.insert(at + 1, nodes.raw("", r"\ ", format="latex"))


def setup(app: Sphinx) -> dict:
    app.add_post_transform(VerifiedTableWidths)
    app.add_post_transform(KoreanSpaceBeforeMarkup)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
