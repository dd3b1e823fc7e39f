"""A resolved page as notebook cells: its text as Markdown, its code cells with their outputs.

Used by :mod:`notebook_export`. The Markdown is written from the resolved doctree, so
cross-references, equation numbers and glued values appear as the HTML page shows them;
display math keeps its number as ``\\tag{n}``; figures travel as cell attachments.
"""

from __future__ import annotations

import ast
import base64
import mimetypes
import re
from pathlib import Path
from typing import Any

import nbformat
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

SOLUTION_TAG = "exercise-solution"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|#])")


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

    def __init__(
        self, app: Sphinx, executed: Any | None, *, for_exercises: bool = False, your_code: str = ""
    ):
        self.app = app
        self.executed = executed
        self.for_exercises = for_exercises
        self.cells: list[Any] = []
        self.blocks: list[str] = []
        self.attachments: dict[str, dict[str, str]] = {}
        self.next_code = 0  # executed-notebook index of the first code cell not yet emitted
        self.your_code = your_code  # the comment left where a solution's body was

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
                source = empty_bodies(source, self.your_code)
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
