"""In print, the folded solutions move after their chapter's exercises, as in a textbook.

In the PDF and the EPUB, the solutions that the site folds away (``{dropdown}`` blocks and
code cells tagged ``exercise-solution``) move to a "Solutions" list at the end of their
chapter's exercises, each under the name of its exercise, and the exercise says where its
solution is (on which page, in the PDF): a reader tries first and turns the page later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging, texescape

logger = logging.getLogger(__name__)
_ = get_translation("chainrule")  # theme_locale/<lang>/LC_MESSAGES/chainrule.po
ROOT = Path(__file__).resolve().parents[2]

EXERCISES_PREFIX = "exercises-"
#: Tag of a code cell that answers a coding exercise (folded on the site).
SOLUTION_TAG = "exercise-solution"


def _is_dropdown(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and node.get("design_component") == "dropdown"


def _is_solution_cell(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.container)
        and node.get("nb_element") == "cell_code"
        and SOLUTION_TAG in node.get("cell_metadata", {}).get("tags", [])
    )


def _exercise_name(siblings: list[nodes.Node], before: int) -> nodes.strong | None:
    """The bold name ("Exercise 2 (what breaks if…).") of the last paragraph before ``before``."""
    for node in reversed(siblings[:before]):
        if isinstance(node, nodes.paragraph):
            # the paragraph may start with an empty text node
            first = next((c for c in node.children if c.astext().strip()), None)
            if isinstance(first, nodes.strong):
                return first.deepcopy()
            return None
    return None


def _solution_groups(section: nodes.section) -> list[tuple[nodes.strong | None, list[nodes.Node]]]:
    """(exercise name, nodes) of each solution in ``section``: a dropdown, or a run of cells."""
    groups: list[tuple[nodes.strong | None, list[nodes.Node]]] = []
    for parent in [section, *section.findall(nodes.section, include_self=False)]:
        siblings = list(parent.children)
        previous_was_cell = False
        for at, node in enumerate(siblings):
            if _is_dropdown(node):
                groups.append((_exercise_name(siblings, at), [node]))
                previous_was_cell = False
            elif _is_solution_cell(node):
                if previous_was_cell:
                    groups[-1][1].append(node)
                else:
                    groups.append((_exercise_name(siblings, at), [node]))
                previous_was_cell = True
            else:
                previous_was_cell = False
    return groups


def _pointer(builder_format: str, label: str, title: str) -> nodes.paragraph:
    """Where an exercise's solution is: "Solution: page N" in LaTeX (the page is known only
    there), a link named like the folded block ("Solution") in an EPUB."""
    if builder_format == "latex":
        before, _brace, after = _("Solution: page {page}").partition("{page}")
        latex = (
            rf"\hyperref[{label}]{{{texescape.escape(before, 'xelatex')}"
            rf"\pageref*{{{label}}}{texescape.escape(after, 'xelatex')}}}"
        )
        link: nodes.Node = nodes.raw("", latex, format="latex")
    else:
        link = nodes.reference("", title, internal=True, refid=label)
    return nodes.paragraph("", "", link, classes=["solution-pointer"])


class SolutionsAfterExercises(SphinxPostTransform):
    """PDF and EPUB: each exercises section ends with its solutions, named after their
    exercises; the site folds them instead (sphinx-design's dropdowns, hidden cells)."""

    default_priority = 150  # before sphinx-design turns dropdowns into <details> (199)

    def run(self, **kwargs: Any) -> None:
        builder = self.app.builder
        if builder.format != "latex" and not builder.name.startswith("epub"):
            return
        exercise_sections = [
            section
            for section in self.document.findall(nodes.section)
            if any(name.startswith(EXERCISES_PREFIX) for name in section["names"] + section["ids"])
        ]
        for number, section in enumerate(exercise_sections):
            self.move(section, number, builder.format)
        if builder.format != "latex":
            # myst-nb folds hidden cells into <details> whose <summary> holds paragraphs,
            # which EPUBCheck rejects; a book shows them (LaTeX ignores the folding)
            for cell in self.document.findall(nodes.container):
                if cell.get("nb_element") == "cell_code" and cell.get("hide_mode"):
                    cell["hide_mode"] = None

    def move(self, section: nodes.section, number: int, builder_format: str) -> None:
        groups = _solution_groups(section)
        if not groups:
            return
        solutions: list[nodes.Node] = [nodes.rubric("", _("Solutions"))]
        for index, (name, moved) in enumerate(groups):
            label = f"chainrule-solution-{number}-{index}"
            first = moved[0]
            rubric = first.next_node(nodes.rubric) if _is_dropdown(first) else None
            title = rubric.astext() if rubric is not None else _("Solutions")
            first.replace_self(_pointer(builder_format, label, title))
            for node in moved[1:]:
                node.parent.remove(node)
            if builder_format == "latex":
                heading = nodes.paragraph(
                    "", "", nodes.raw("", rf"\label{{{label}}}", format="latex")
                )
            else:
                heading = nodes.paragraph("", "", ids=[label])
            if name is not None:
                heading += name
            solutions.append(heading)
            for node in moved:
                if _is_dropdown(node):  # its own title ("Solution") is said by the heading
                    solutions.extend(
                        child for child in node.children if not isinstance(child, nodes.rubric)
                    )
                else:
                    solutions.append(node)
        section.extend(solutions)


def setup(app: Sphinx) -> dict:
    app.add_post_transform(SolutionsAfterExercises)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
