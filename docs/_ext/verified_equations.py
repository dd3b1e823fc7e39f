"""The site side of the equation checks (the checker itself is ``src/eqcheck``).

1. ``source-read``: the labelled display equations of a notebook page, read with
   MyST's own Markdown parser, are written where the page's kernel finds them
   (``$EQCHECK_EQUATIONS``), and their hash, with a hash of the checker's code, is
   stamped into a hidden code cell at the end of the page: editing an equation (or
   the checker) changes the page's code, so the execution cache runs the page again
   and the new LaTeX is evaluated.
2. A MyST-NB MIME renderer turns each record that ``eqcheck`` displays (data under
   ``eqcheck.record.MIME_TYPE``) into a ``check_record`` node, with no Markdown
   in between.
3. ``doctree-read`` moves the records and the page's labelled equations into the
   ``EquationsDomain`` (purged and merged by Sphinx), parses every labelled
   equation (a parse error names label, line and column), and refuses cells
   tagged ``raises-exception`` (``eqcheck.raises`` says which error is meant).
4. ``env-check-consistency`` warns -- and with ``-W`` fails the build -- when an
   equation has no record, a record names no equation or one of another page,
   the evaluated LaTeX differs from the displayed one, or a record failed.
5. ``{verified-equations}`` and ``{verified-summary}`` show the records
   (:mod:`verified_tables`).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from myst_nb.core.read import is_myst_markdown_notebook
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.util import logging

import eqcheck
from eqcheck import NotationError, parse, source
from eqcheck.record import KINDS, MIME_TYPE, CheckRecord

logger = logging.getLogger(__name__)

MESSAGE_CATALOG = "chainrule"  # theme_locale/<lang>/LC_MESSAGES/chainrule.po
_ = get_translation(MESSAGE_CATALOG)

CHECKED_PREFIX = "eq-"
ERRATUM_PREFIX = "erratum-"
FORBIDDEN_TAG = "raises-exception"
STAMP = "# equations on this page: {digest}"


def _warn(message: str, location: Any) -> None:
    logger.warning(message, location=location, type="chainrule", subtype="verified")


class check_record(nodes.Element, nodes.Invisible):  # noqa: N801 (docutils style)
    """One record from a notebook output; removed on doctree-read."""


# -- 1. the page's equations reach its kernel ---------------------------------------------


def _stamp(app: Sphinx, docname: str, source_text: list[str]) -> None:
    text = source_text[0]
    if not is_myst_markdown_notebook(text):
        return
    equations = source.labelled_equations(text, app.config.myst_enable_extensions)
    source.write_page(Path(app.config.eqcheck_equations_dir), docname, equations)
    digest = source.digest({"equations": equations, "checker": _checker_digest()})
    cell = "```{code-cell} ipython3\n:tags: [remove-cell]\n\n" + STAMP.format(digest=digest)
    source_text[0] = text.rstrip("\n") + "\n\n" + cell + "\n```\n"


@functools.cache
def _checker_digest() -> str:
    """A hash of the checker's own code: a new checker evaluates every page again."""
    package = Path(eqcheck.__file__).parent
    files = sorted([*package.glob("*.py"), *package.glob("*.lark")])
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()[:16]


# -- 2. records out of the notebook, as data --------------------------------------------


class CheckRecordRenderer:
    """MyST-NB MIME renderer (entry point ``myst_nb.mime_renderers``)."""

    mime_priority_overrides: ClassVar = [("*", MIME_TYPE, 1)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != MIME_TYPE:
            return None
        content = data.content
        try:
            record = CheckRecord.from_json(dict(content))
        except (TypeError, ValueError) as error:
            _warn(f"unreadable equation check record: {error}", renderer.document["source"])
            return []
        node = check_record(record=record.to_json())
        node.line = data.line
        return [node]


# -- 3. per-page state -------------------------------------------------------------------


class EquationsDomain(Domain):
    """Records and labelled equations per page (purged and merged by Sphinx)."""

    name = "eqcheck"
    label = "equation checks"
    initial_data: ClassVar = {"records": {}, "equations": {}, "tables": {}, "read_any": False}

    @property
    def records(self) -> dict[str, list[dict]]:
        return self.data["records"]

    @property
    def equations(self) -> dict[str, dict]:
        return self.data["equations"]

    @property
    def tables(self) -> dict[str, bool]:
        return self.data["tables"]

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.tables.pop(docname, None)
        for label in [k for k, v in self.equations.items() if v["docname"] == docname]:
            del self.equations[label]

    def merge_domaindata(self, docnames: set[str], otherdata: dict) -> None:
        for docname in docnames:
            if docname in otherdata["records"]:
                self.records[docname] = otherdata["records"][docname]
            if docname in otherdata["tables"]:
                self.tables[docname] = True
        for label, equation in otherdata["equations"].items():
            if equation["docname"] in docnames:
                self.equations[label] = equation

    def resolve_any_xref(self, *args: Any) -> list:
        return []

    def late_math(self) -> list[str]:
        """The LaTeX the verified table shows, known before pages are written."""
        return sorted({r["latex"] for found in self.records.values() for r in found})


def domain_of(env: BuildEnvironment) -> EquationsDomain:
    return env.domains[EquationsDomain.name]


def _cell_of(node: nodes.Node) -> nodes.Element | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and parent.get("nb_element") == "cell_code":
            return parent
        parent = parent.parent
    return None


def _remove_output(node: nodes.Element) -> None:
    """Remove ``node`` and every output container it leaves empty."""
    parent = node.parent
    parent.remove(node)
    while (
        isinstance(parent, nodes.container)
        and not parent.children
        and parent.get("nb_element") != "cell_code"
        and parent.parent is not None
    ):
        grandparent = parent.parent
        grandparent.remove(parent)
        parent = grandparent


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain = domain_of(env)
    docname = env.docname
    for node in doctree.findall(nodes.math_block):
        label = node.get("label") or ""
        if not label.startswith((CHECKED_PREFIX, ERRATUM_PREFIX)):
            continue
        latex = node.astext().strip()
        domain.equations[label] = {"docname": docname, "latex": latex, "line": node.line}
        try:
            parse(latex, label)
        except NotationError as error:
            _warn(str(error), (docname, node.line))
    found = []
    for node in list(doctree.findall(check_record)):
        record = dict(node["record"])
        record["line"] = node.line
        found.append(record)
        _remove_output(node)
    if found:
        domain.records[docname] = found
    _warn_about_removed_checks(env, {record["label"] for record in found})
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        if FORBIDDEN_TAG in cell.get("cell_metadata", {}).get("tags", []):
            _warn(
                f"a cell tagged {FORBIDDEN_TAG!r} passes whatever it raises; "
                "use 'with eqcheck.raises(TheError):' to say which error is meant",
                (docname, cell.line),
            )


def _warn_about_removed_checks(env: BuildEnvironment, recorded: set[str]) -> None:
    """A check in a cell whose output is removed leaves no record on the page.

    ``check()`` also glues ``err-<label>``, and MyST-NB notes the glue keys of every
    cell, rendered or not; a key without a record means the record was dropped
    with the cell's output (tags ``remove-cell`` / ``remove-output``).
    """
    metadata = getattr(env, "nb_metadata", {}).get(env.docname, {})
    for key in metadata.get("glue", []):
        label = key.removeprefix("err-")
        if key.startswith("err-") and label not in recorded:
            _warn(
                f"check({label!r}, ...) ran in a cell whose output is removed "
                "(remove-cell / remove-output), so it is not recorded; "
                "use remove-input or hide-output for that cell",
                env.docname,
            )


# -- 4. consistency -----------------------------------------------------------------------


def executes_notebooks(app: Sphinx) -> bool:
    return app.config.nb_execution_mode != "off"


def _check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    if not executes_notebooks(app):
        return
    domain = domain_of(env)
    equations = domain.equations
    recorded: dict[str, list[tuple[str, dict]]] = {}
    for docname, records in sorted(domain.records.items()):
        for record in records:
            recorded.setdefault(record["label"], []).append((docname, record))
    for label, equation in sorted(equations.items()):
        roles = {record["role"] for _d, record in recorded.get(label, [])}
        wanted = {"erratum"} if label.startswith(ERRATUM_PREFIX) else {"check", "definition"}
        if not roles & wanted:
            call = "erratum" if label.startswith(ERRATUM_PREFIX) else "check or definition"
            _warn(
                f"equation {label!r} is never evaluated: call eqcheck.{call}({label!r}, ...) "
                "in a code cell of its page",
                (equation["docname"], equation["line"]),
            )
    for label, found in sorted(recorded.items()):
        for docname, record in found:
            where = (docname, record.get("line"))
            equation = equations.get(label)
            if equation is None:
                _warn(f"a check names {label!r}, which no display equation has", where)
                continue
            if equation["docname"] != docname:
                _warn(
                    f"{label!r} is displayed on {equation['docname']!r} but evaluated on "
                    f"{docname!r}: evaluate an equation on its own page",
                    where,
                )
            if record["latex"] != equation["latex"]:
                _warn(
                    f"the LaTeX evaluated for {label!r} differs from the displayed one:\n"
                    f"    evaluated: {record['latex']}\n    displayed: {equation['latex']}",
                    where,
                )
            if not record["ok"]:
                text = eqcheck.failure_text(
                    CheckRecord.from_json(record), f"{docname}.md", equation["line"]
                )
                _warn(text, (equation["docname"], equation["line"]))


def _failed_pages(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Pages with a failed record are read again (from the execution cache), so every
    build reports them until they are fixed, not only the build that found them."""
    records = domain_of(env).records
    return sorted(d for d, found in records.items() if not all(r["ok"] for r in found))


def _docs_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages showing the table or the summary are rewritten when any page was read."""
    if env.found_docs and domain_of(env).data["read_any"]:
        return sorted(domain_of(env).tables)
    return []


def _note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    domain_of(env).data["read_any"] = bool(docnames)


#: Builders whose writers meet the placeholder nodes (and skip them).  No "epub": a
#: builder with visitors of its own name does not fall back to those of its format
#: ("html"), so every other extension's nodes would be unknown there.
VISITED_FORMATS = ("html", "latex", "text", "man", "texinfo")


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _export_folder(app: Sphinx, config: Any) -> None:
    import os

    folder = Path(config.eqcheck_equations_dir)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[source.ENVIRONMENT_VARIABLE] = str(folder)  # inherited by the kernels


def setup(app: Sphinx) -> dict:
    visitors = {fmt: (skip, None) for fmt in VISITED_FORMATS}
    app.add_config_value("eqcheck_equations_dir", "", "env", types=[str])
    app.add_node(check_record, **visitors)
    app.add_domain(EquationsDomain)
    app.setup_extension("verified_tables")
    app.connect("config-inited", _export_folder)
    app.connect("source-read", _stamp)
    app.connect("env-before-read-docs", _note_reading)
    app.connect("doctree-read", _collect)
    app.connect("env-check-consistency", _check_consistency)
    app.connect("env-get-outdated", _failed_pages)
    app.connect("env-get-updated", _docs_to_rewrite)
    return {
        "version": "2.0",
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


__all__ = ["KINDS", "CheckRecordRenderer", "EquationsDomain", "setup"]
