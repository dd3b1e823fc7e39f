"""Every page as a Jupyter notebook in the page's language, and each chapter's exercises.

For each page of an HTML build (every language), after Sphinx has translated and
resolved it (``doctree-resolved``), this extension writes

* ``_notebooks/<page>.ipynb``: the page's text, in the build's language, as Markdown
  cells, and every code cell of the page with the outputs of this build (taken from the
  notebook myst-nb executed, or read from its cache); and
* ``_notebooks/<page>.exercises.ipynb`` for a page with an exercises section (a section
  labelled ``exercises-<page>``): that section alone, where every cell tagged
  ``exercise-solution`` keeps its function signatures and docstrings, loses the bodies,
  and keeps the grader call, so that the reader writes the building block.

It also adds both files to the theme's download menu (``html-page-context``), shows
the prompts of folded solutions in the page's language, and fails the build (a
warning under ``-W``) when a solution cell does not end graded correct by
:func:`chainrule.exercises.grade`.

How a page becomes cells: :mod:`notebook_markdown`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from jupyter_cache import get_cache
from notebook_markdown import SOLUTION_TAG, MarkdownCells
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)
#: Words of the download menu, the folded solutions and the empty bodies: the site's
#: own catalog (``theme_locale/<lang>/LC_MESSAGES/chainrule.po``).
_ = get_translation("chainrule")

NOTEBOOK_DIR = "_notebooks"
REPORT_KEY = "chainrule-grade"  # output metadata of chainrule.exercises.Report
EXERCISES_LABEL = "exercises-{docname}"


def _executed_notebook(app: Sphinx, docname: str) -> Any | None:
    """The page as myst-nb ran it, with the outputs of this build (None: not a notebook).

    myst-nb writes the page's notebook into its output folder, but from the execution
    cache it writes it without outputs; they are merged back here from the same cache.
    """
    config = getattr(app.env, "mystnb_config", None)
    if config is None:
        return None
    path = Path(config.output_folder) / f"{docname}.ipynb"
    if not path.is_file():
        return None
    notebook = nbformat.read(path, as_version=4)
    if any(cell.get("outputs") for cell in notebook.cells) or config.execution_mode == "off":
        return notebook
    cache = get_cache(config.execution_cache_path)
    with contextlib.suppress(KeyError):  # not in the cache: never executed
        _, notebook = cache.merge_match_into_notebook(notebook)
    return notebook


def _metadata(app: Sphinx, docname: str, title: str, kind: str) -> dict:
    return {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "chainrule": {
            "language": app.config.language or "en",
            "page": docname,
            "kind": kind,
            "title": title,
        },
    }


def _check_solutions(app: Sphinx, executed: Any, docname: str) -> None:
    """Every solution cell must end graded correct; say which one does not."""
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code" or SOLUTION_TAG not in cell.metadata.get("tags", []):
            continue
        reports = [
            out["metadata"][REPORT_KEY]
            for out in cell.get("outputs", [])
            if out.get("output_type") in ("execute_result", "display_data")
            and REPORT_KEY in out.get("metadata", {})
        ]
        failed = [r for r in reports if not r.get("passed")]
        if not reports or failed:
            why = "; ".join(m for r in failed for m in r.get("messages", [])) or "no grade() report"
            logger.warning(
                "%s: the solution in cell %d is not graded correct: %s",
                docname,
                index + 1,
                why,
                location=docname,
                type="chainrule",
                subtype="exercise",
            )


def _write(app: Sphinx, name: str, notebook: Any) -> None:
    folder = Path(app.outdir) / NOTEBOOK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.validate(notebook)
    text = nbformat.writes(notebook)
    target = folder / name
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def _exercises_section(doctree: nodes.document, docname: str) -> nodes.section | None:
    label = EXERCISES_LABEL.format(docname=docname)
    for section in doctree.findall(nodes.section):
        if label in section["ids"] or label in section.get("names", []):
            return section
    return None


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # an EPUB would pack the notebooks and has no download menu to offer them
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    executed = _executed_notebook(app, docname)
    if executed is not None:
        _check_solutions(app, executed, docname)
    title_node = doctree.next_node(nodes.title)
    title = title_node.astext() if title_node is not None else docname

    page = MarkdownCells(app, executed)
    page.walk(doctree)
    notebook = nbformat.v4.new_notebook(
        cells=page.finish(), metadata=_metadata(app, docname, title, "page")
    )
    _write(app, f"{docname}.ipynb", notebook)

    section = _exercises_section(doctree, docname)
    if section is None:
        return
    exercises = MarkdownCells(app, executed, for_exercises=True, your_code=_("# your code here"))
    section_title = section.next_node(nodes.title)
    heading = exercises.inline(title_node) if title_node is not None else docname
    exercises.blocks.append(f"# {heading}: {exercises.inline(section_title)}")
    exercises.flush()
    lang = app.config.language or "en"
    exercises.cells.append(
        nbformat.v4.new_code_cell(
            f"# {_('The grader answers in the language of this notebook:')}\n"
            "from chainrule.exercises import set_language\n\n"
            f'set_language("{lang}")'
        )
    )
    for child in section.children:
        if child is not section_title:
            exercises.block(child, 2)
    notebook = nbformat.v4.new_notebook(
        cells=exercises.finish(), metadata=_metadata(app, docname, title, "exercises")
    )
    _write(app, f"{docname}.exercises.ipynb", notebook)


class SolutionPrompts(SphinxPostTransform):
    """The toggle of a folded solution says "Show the solution" in the page's language.

    Runs before myst-nb's ``HideInputCells`` (priority 199), which reads the prompts.
    """

    default_priority = 150
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        show, hide = _("Show the solution"), _("Hide the solution")
        for node in self.document.findall(nodes.container):
            tags = node.get("cell_metadata", {}).get("tags", [])
            if node.get("nb_element") == "cell_code" and SOLUTION_TAG in tags:
                node["prompt_show"], node["prompt_hide"] = show, hide


def _has_exercises(app: Sphinx, docname: str) -> bool:
    label = EXERCISES_LABEL.format(docname=docname)
    std = app.env.domains.standard_domain
    return std.labels.get(label, ("",))[0] == docname


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if doctree is None or "header_buttons" not in context:
        return
    pathto = context["pathto"]
    items = [
        {
            "type": "link",
            "url": pathto(f"{NOTEBOOK_DIR}/{pagename}.ipynb", 1),
            "text": ".ipynb",
            "tooltip": _("Download this page as a Jupyter notebook"),
            "icon": "fas fa-code",
            "label": "download-notebook-button",
            "download": f"{pagename.replace('/', '-')}.ipynb",
        }
    ]
    if _has_exercises(app, pagename):
        items.append(
            {
                "type": "link",
                "url": pathto(f"{NOTEBOOK_DIR}/{pagename}.exercises.ipynb", 1),
                "text": _("exercises .ipynb"),
                "tooltip": _("Download the exercises as a Jupyter notebook"),
                "icon": "fas fa-pencil-alt",
                "label": "download-exercises-button",
                "download": f"{pagename.replace('/', '-')}.exercises.ipynb",
            }
        )
    for group in context["header_buttons"]:
        if group.get("label") == "download-buttons":
            kept = [b for b in group["buttons"] if b.get("label") != "download-notebook-button"]
            group["buttons"] = items + kept


def setup(app: Sphinx) -> dict:
    app.add_post_transform(SolutionPrompts)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-page-context", _on_page_context, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
