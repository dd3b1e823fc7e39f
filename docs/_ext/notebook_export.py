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

The Markdown is written from the resolved doctree, so cross-references, equation
numbers and glued values appear as the HTML page shows them; display math keeps its
number as ``\\tag{n}``; figures travel as cell attachments.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import mimetypes
import re
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from jupyter_cache import get_cache
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

NOTEBOOK_DIR = "_notebooks"
SOLUTION_TAG = "exercise-solution"
REPORT_KEY = "chainrule-grade"  # output metadata of chainrule.exercises.Report
EXERCISES_LABEL = "exercises-{docname}"

#: Words of the download menu, the folded solutions and the empty bodies, per language.
WORDS = {
    "en": {
        "page": "Download this page as a Jupyter notebook",
        "exercises": "Download the exercises as a Jupyter notebook",
        "exercises_text": "exercises .ipynb",
        "show": "Show the solution",
        "hide": "Hide the solution",
        "your_code": "# your code here",
        "language_cell": "The grader answers in the language of this notebook:",
    },
    "ko": {
        "page": "이 페이지를 주피터 노트북으로 내려받기",
        "exercises": "연습 문제를 주피터 노트북으로 내려받기",
        "exercises_text": "연습 문제 .ipynb",
        "show": "풀이 보기",
        "hide": "풀이 숨기기",
        "your_code": "# 여기에 코드를 쓴다",
        "language_cell": "채점기는 이 노트북의 언어로 답한다:",
    },
    "zh_TW": {
        "page": "將本頁下載為 Jupyter 筆記本",
        "exercises": "將練習題下載為 Jupyter 筆記本",
        "exercises_text": "練習題 .ipynb",
        "show": "顯示解答",
        "hide": "隱藏解答",
        "your_code": "# 在這裡寫程式碼",
        "language_cell": "評分器會以本筆記本的語言回答：",
    },
}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|#])")


def _language(app: Sphinx) -> str:
    return app.config.language if app.config.language in WORDS else "en"


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _code_span(text: str) -> str:
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class MarkdownCells:
    """Walk a resolved doctree and collect notebook cells (Markdown and code)."""

    def __init__(self, app: Sphinx, executed: Any | None, *, for_exercises: bool = False):
        self.app = app
        self.executed = executed
        self.for_exercises = for_exercises
        self.cells: list[Any] = []
        self.blocks: list[str] = []
        self.attachments: dict[str, dict[str, str]] = {}
        self.next_code = 0  # executed-notebook index of the first code cell not yet emitted
        self.words = WORDS[_language(app)]

    # -- cells -------------------------------------------------------------------------

    def flush(self) -> None:
        text = "\n\n".join(b for b in self.blocks if b.strip())
        if text:
            cell = nbformat.v4.new_markdown_cell(text)
            if self.attachments:
                cell["attachments"] = self.attachments
            self.cells.append(cell)
        self.blocks, self.attachments = [], {}

    def code_cell(self, index: int) -> None:
        """Emit the executed notebook's code cells up to ``index`` (hidden ones included)."""
        self.flush()
        if self.executed is None:
            return
        if not self.for_exercises:  # the page needs every cell before this one, also removed ones
            for earlier in range(self.next_code, index):
                cell = self.executed.cells[earlier]
                if cell.cell_type == "code":
                    self.cells.append(self._copy(cell, hidden=True))
        self.cells.append(self._copy(self.executed.cells[index]))
        self.next_code = max(self.next_code, index + 1)

    def finish(self) -> list[Any]:
        self.flush()
        if self.executed is not None and not self.for_exercises:
            for cell in self.executed.cells[self.next_code :]:
                if cell.cell_type == "code":
                    self.cells.append(self._copy(cell, hidden=True))
        return self.cells

    def _copy(self, cell: Any, hidden: bool = False) -> Any:
        tags = list(cell.metadata.get("tags", []))
        source = cell.source
        if self.for_exercises:
            if SOLUTION_TAG in tags:
                source = empty_bodies(source, self.words["your_code"])
            new = nbformat.v4.new_code_cell(source, metadata={"tags": tags})
            return new
        new = nbformat.v4.new_code_cell(source, metadata={"tags": tags})
        # glue(..., display=False) values are for the page's text, not for display
        new.outputs = [
            o for o in cell.get("outputs", []) if "scrapbook" not in o.get("metadata", {})
        ]
        new.execution_count = cell.get("execution_count")
        folded = {"remove-cell", "remove-input", "hide-input", "remove_cell", "remove_input"}
        if hidden or folded & set(tags):
            new.metadata["jupyter"] = {"source_hidden": True}
        return new

    # -- nodes -------------------------------------------------------------------------

    def walk(self, node: nodes.Node, level: int = 1) -> None:
        for child in node.children:
            self.block(child, level)

    def block(self, node: nodes.Node, level: int) -> None:
        if isinstance(node, nodes.container) and node.get("nb_element") == "cell_code":
            self.code_cell(node["cell_index"])
        elif isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            if title is not None:
                self.blocks.append("#" * min(level, 6) + " " + self.inline(title))
            for child in node.children:
                if child is not title:
                    self.block(child, level + 1)
        elif isinstance(node, nodes.paragraph):
            self.blocks.append(self.inline(node))
        elif isinstance(node, nodes.math_block):
            tex = node.astext().strip()
            number = node.get("number")
            tag = f" \\tag{{{number}}}" if number else ""
            self.blocks.append(f"$$\n{tex}{tag}\n$$")
        elif isinstance(node, nodes.literal_block):
            lang = node.get("language", "")
            lang = "python" if lang in ("ipython3", "python3", "default") else lang
            self.blocks.append(f"```{lang}\n{node.astext()}\n```")
        elif isinstance(node, nodes.bullet_list | nodes.enumerated_list):
            self.blocks.append(self.listing(node))
        elif isinstance(node, nodes.table):
            self.blocks.append(self.table(node))
        elif isinstance(node, nodes.figure):
            self.figure(node)
        elif isinstance(node, nodes.image):
            self.blocks.append(self.image(node))
        elif isinstance(node, nodes.definition_list):
            for item in node.findall(nodes.definition_list_item):
                term = item.next_node(nodes.term)
                self.blocks.append(f"**{self.inline(term)}**" if term else "")
                for definition in item.findall(nodes.definition):
                    inner = self.sub_blocks(definition, level)
                    self.blocks.append("\n".join("> " + line for line in inner.splitlines()))
        elif type(node).__name__ == "dropdown_main":  # sphinx-design, after its HTML transform
            self.dropdown(node, level)
        elif isinstance(node, nodes.Admonition):
            title = node.next_node(nodes.title)
            head = f"**{self.inline(title)}**\n\n" if title is not None else ""
            body = self.sub_blocks(node, level, skip=title)
            self.blocks.append("\n".join("> " + line for line in (head + body).splitlines()))
        elif isinstance(node, nodes.rubric):
            self.blocks.append(f"**{self.inline(node)}**")
        elif isinstance(node, nodes.block_quote):
            body = self.sub_blocks(node, level)
            self.blocks.append("\n".join("> " + line for line in body.splitlines()))
        elif isinstance(
            node,
            nodes.target
            | nodes.comment
            | nodes.substitution_definition
            | nodes.raw
            | nodes.system_message
            | addnodes.index
            | nodes.title,
        ):
            return
        elif isinstance(node, nodes.Element) and node.children:
            self.walk(node, level)  # containers, compound (toctree), glue wrappers
        elif isinstance(node, nodes.Text):
            self.blocks.append(_escape(node.astext()))

    def sub_blocks(self, node: nodes.Element, level: int, skip: nodes.Node | None = None) -> str:
        saved = self.blocks
        self.blocks = []
        for child in node.children:
            if child is not skip:
                self.block(child, level)
        text = "\n\n".join(b for b in self.blocks if b.strip())
        self.blocks = saved
        return text

    def dropdown(self, node: nodes.Element, level: int) -> None:
        """A folded solution: ``<details>``, which notebook front ends show folded."""
        title = next((c for c in node.children if type(c).__name__ == "dropdown_title"), None)
        summary = self.inline(title).strip() if title is not None else ""
        body = self.sub_blocks(node, level, skip=title)
        self.blocks.append(f"<details>\n<summary>{summary}</summary>\n\n{body}\n\n</details>")

    def listing(self, node: nodes.Element) -> str:
        lines = []
        ordered = isinstance(node, nodes.enumerated_list)
        for number, item in enumerate(node.children, start=node.get("start", 1)):
            marker = f"{number}." if ordered else "-"
            body = self.sub_blocks(item, 7)
            indent = " " * (len(marker) + 1)
            first, *rest = body.splitlines() or [""]
            lines.append(f"{marker} {first}")
            lines += [indent + line if line else "" for line in rest]
        return "\n".join(lines)

    def table(self, node: nodes.Element) -> str:
        rows = []
        for row in node.findall(nodes.row):
            cells = [self.inline_blocks(entry).replace("|", "\\|") for entry in row.children]
            rows.append("| " + " | ".join(cells) + " |")
        if not rows:
            return ""
        width = rows[0].count(" | ") + 1
        return "\n".join([rows[0], "|" + " --- |" * width, *rows[1:]])

    def figure(self, node: nodes.Element) -> None:
        for image in node.findall(nodes.image):
            self.blocks.append(self.image(image))
        caption = node.next_node(nodes.caption)
        if caption is not None:
            self.blocks.append(f"*{self.inline(caption)}*")

    def image(self, node: nodes.Element) -> str:
        uri = node.get("uri", "")
        path = Path(uri)
        if not path.is_absolute():
            path = Path(self.app.srcdir) / uri
        if not path.is_file():
            logger.warning("notebook export: image %s not found", uri, location=node)
            return ""
        mime = mimetypes.guess_type(path.name)[0] or "image/png"
        name = path.name
        self.attachments[name] = {mime: base64.b64encode(path.read_bytes()).decode("ascii")}
        return f"![{_escape(node.get('alt', ''))}](attachment:{name})"

    def inline_blocks(self, node: nodes.Element) -> str:
        return " ".join(self.inline(child) for child in node.children)

    def inline(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return _escape(node.astext())
        if isinstance(node, nodes.math):
            return f"${node.astext().strip()}$"
        if isinstance(node, nodes.literal):
            return _code_span(node.astext())
        inner = "".join(self.inline(child) for child in node.children)
        if isinstance(node, nodes.emphasis):
            return f"*{inner}*" if inner else ""
        if isinstance(node, nodes.strong):
            return f"**{inner}**" if inner else ""
        if isinstance(node, nodes.reference):
            uri = node.get("refuri", "")
            if uri.startswith(("http://", "https://")):
                return f"[{inner}]({uri})"
            return inner  # a page of the site: the downloaded notebook has no site around it
        if isinstance(
            node, nodes.footnote_reference | nodes.system_message | nodes.target | nodes.raw
        ):
            return ""
        return inner


def empty_bodies(source: str, comment: str) -> str:
    """``source`` with the body of every top-level function replaced by a placeholder.

    The signature and the docstring stay; the body becomes ``comment`` and
    ``raise NotImplementedError``; every other line (a grader call) stays as it is.
    """
    tree = ast.parse(source)
    lines = source.splitlines()
    cuts = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        body = node.body
        first = body[0]
        has_doc = (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        )
        start = body[1].lineno if has_doc and len(body) > 1 else first.lineno
        if has_doc and len(body) == 1:
            start = first.end_lineno + 1
        indent = " " * (first.col_offset)
        cuts.append(
            (start - 1, node.end_lineno, [indent + comment, indent + "raise NotImplementedError"])
        )
    for begin, end, replacement in reversed(cuts):
        lines[begin:end] = replacement
    return "\n".join(lines) + ("\n" if source.endswith("\n") else "")


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
        "chainrule": {"language": _language(app), "page": docname, "kind": kind, "title": title},
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
    words = WORDS[_language(app)]
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
    exercises = MarkdownCells(app, executed, for_exercises=True)
    section_title = section.next_node(nodes.title)
    heading = exercises.inline(title_node) if title_node is not None else docname
    exercises.blocks.append(f"# {heading}: {exercises.inline(section_title)}")
    exercises.flush()
    lang = _language(app)
    exercises.cells.append(
        nbformat.v4.new_code_cell(
            f"# {words['language_cell']}\n"
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
        words = WORDS[_language(self.app)]
        for node in self.document.findall(nodes.container):
            tags = node.get("cell_metadata", {}).get("tags", [])
            if node.get("nb_element") == "cell_code" and SOLUTION_TAG in tags:
                node["prompt_show"], node["prompt_hide"] = words["show"], words["hide"]


def _has_exercises(app: Sphinx, docname: str) -> bool:
    label = EXERCISES_LABEL.format(docname=docname)
    std = app.env.domains.standard_domain
    return std.labels.get(label, ("",))[0] == docname


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    if doctree is None or "header_buttons" not in context:
        return
    words = WORDS[_language(app)]
    pathto = context["pathto"]
    items = [
        {
            "type": "link",
            "url": pathto(f"{NOTEBOOK_DIR}/{pagename}.ipynb", 1),
            "text": ".ipynb",
            "tooltip": words["page"],
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
                "text": words["exercises_text"],
                "tooltip": words["exercises"],
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
