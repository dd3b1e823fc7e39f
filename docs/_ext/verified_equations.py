"""Collect the checks run by page code and show them in one table.

How a check travels from a kernel to the table (see ``notes_check.py``):

1. ``check()`` displays a Markdown output holding a MyST block
   ``{chainrule-check-record}`` with the record as JSON.  The record is an
   ordinary cell output, so it is stored in the execution cache and comes back
   unchanged when a cached notebook is rendered (ko/zh_TW builds, rebuilds).
2. myst-nb renders that Markdown (``nb_render_markdown_format = "myst"``), so
   the directive below runs while the page is parsed and leaves a
   ``check_record`` node.
3. On ``doctree-read`` we move each record into ``env.chainrule_checks``
   (per page, purged and merged like any environment data) and drop the
   output from the page.
4. ``env-check-consistency`` (after all pages are read) warns -- and so, with
   ``-W``, fails the build -- when
   (a) a display equation labelled ``eq-...`` is checked on no page,
   (b) a check names a label that no equation has, or
   (c) a check failed outside a cell tagged ``raises-exception``.
   A check in a cell whose output is removed (``remove-cell``,
   ``remove-output``) leaves no record; that is reported on doctree-read.
   Skipped when notebooks are not executed (``nb_execution_mode = "off"``,
   e.g. ``make gettext``).
5. ``{verified-equations}`` leaves a placeholder that a post-transform (before
   cross-references are resolved) fills with the table, so the equation and
   page links resolve in the language being built.  Pages holding the table
   are rewritten whenever any page was re-read.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

MESSAGE_CATALOG = "chainrule"  # theme_locale/<lang>/LC_MESSAGES/chainrule.po
_ = get_translation(MESSAGE_CATALOG)

RECORD_DIRECTIVE = "chainrule-check-record"  # must match notes_check.py
LABEL_PREFIX = "eq-"
EXPECTED_FAILURE_TAG = "raises-exception"
RECORD_FIELDS = {"label", "err", "tol", "kind", "ok", "call"}


class check_record(nodes.Element, nodes.Invisible):  # noqa: N801 (docutils style)
    """One check, parsed from a notebook output; removed on doctree-read."""


class verified_table(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the table, filled by :class:`FillVerifiedTable`."""


class CheckRecordDirective(SphinxDirective):
    """Turn the JSON written by ``notes_check`` into a :class:`check_record`."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            record = json.loads("\n".join(self.content))
            if not isinstance(record, dict) or not RECORD_FIELDS <= set(record):
                raise ValueError(f"expected the fields {sorted(RECORD_FIELDS)}")
        except ValueError as exc:
            logger.warning(
                "unreadable check record: %s",
                exc,
                location=self.get_location(),
                type="chainrule",
                subtype="verified",
            )
            return []
        node = check_record(record=record)
        self.set_source_info(node)
        return [node]


class VerifiedEquationsDirective(SphinxDirective):
    """``{verified-equations}``: the table of every check made in this build."""

    has_content = False
    option_spec: ClassVar[dict] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        _tables_in(self.env).add(self.env.docname)
        node = verified_table(classes=self.options.get("class", []))
        self.set_source_info(node)
        return [node]


# -- environment data -------------------------------------------------------------


def _checks(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    if not hasattr(env, "chainrule_checks"):
        env.chainrule_checks = {}
    return env.chainrule_checks


def _tables_in(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "chainrule_tables"):
        env.chainrule_tables = set()
    return env.chainrule_tables


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _checks(env).pop(docname, None)
    _tables_in(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: Any) -> None:
    for docname in docnames:
        if docname in _checks(other):
            _checks(env)[docname] = _checks(other)[docname]
        if docname in _tables_in(other):
            _tables_in(env).add(docname)


def _cell_of(node: nodes.Node) -> nodes.Element | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and parent.get("nb_element") == "cell_code":
            return parent
        parent = parent.parent
    return None


def _remove_emptied(node: nodes.Element) -> None:
    """Remove ``node`` and then every output container it leaves empty."""
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
    found = []
    for node in list(doctree.findall(check_record)):
        record = dict(node["record"])
        cell = _cell_of(node)
        tags = cell.get("cell_metadata", {}).get("tags", []) if cell is not None else []
        record["expected_failure"] = EXPECTED_FAILURE_TAG in tags
        record["line"] = node.line
        found.append(record)
        # the record and the output bundle around it disappear from the page
        bundle = node.parent
        while bundle is not None and not (
            isinstance(bundle, nodes.container) and bundle.get("nb_element") == "mime_bundle"
        ):
            bundle = bundle.parent
        _remove_emptied(bundle if bundle is not None else node)
    if found:
        _checks(env)[env.docname] = found
    _warn_about_removed_checks(env, {record["label"] for record in found})


def _warn_about_removed_checks(env: BuildEnvironment, recorded: set[str]) -> None:
    """A check in a cell whose output is removed leaves no record on the page.

    ``check()`` also glues ``err-<label>``, and myst-nb notes the glue keys of
    every cell, rendered or not; a key without a record means the record was
    dropped with the cell's output (tags ``remove-cell``/``remove-output``).
    """
    metadata = getattr(env, "nb_metadata", {}).get(env.docname, {})
    for key in metadata.get("glue", []):
        label = key.removeprefix("err-")
        if key.startswith("err-") and label not in recorded:
            logger.warning(
                "check(%r, ...) ran in a cell whose output is removed "
                "(remove-cell / remove-output), so it is not recorded; "
                "use remove-input or hide-output for that cell",
                label,
                location=env.docname,
                type="chainrule",
                subtype="verified",
            )


# -- consistency ---------------------------------------------------------------------


def _executes_notebooks(app: Sphinx) -> bool:
    return app.config.nb_execution_mode != "off"


def _check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    if not _executes_notebooks(app):
        return
    equations = env.domains.math_domain.equations  # label -> (docname, number)
    checked = {r["label"] for records in _checks(env).values() for r in records}
    for label, (docname, _number) in sorted(equations.items()):
        if label.startswith(LABEL_PREFIX) and label not in checked:
            logger.warning(
                "equation %r has no check: call notes_check.check(%r, ...) "
                "in a code cell of some page",
                label,
                label,
                location=docname,
                type="chainrule",
                subtype="verified",
            )
    for docname, records in sorted(_checks(env).items()):
        for record in records:
            label = record["label"]
            if label not in equations:
                logger.warning(
                    "check(%r, ...) names no equation: no display equation has the label %r",
                    label,
                    label,
                    location=(docname, record.get("line")),
                    type="chainrule",
                    subtype="verified",
                )
            if not record["ok"] and not record["expected_failure"]:
                logger.warning(
                    "check of %r failed: relative error %s exceeds %s",
                    label,
                    f"{record['err']:.2e}",
                    f"{record['tol']:.0e}",
                    location=(docname, record.get("line")),
                    type="chainrule",
                    subtype="verified",
                )


def _docs_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the pages holding the table when any page was re-read."""
    if getattr(app, "_chainrule_read_any", False):
        return sorted(_tables_in(env))
    return []


def _note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app._chainrule_read_any = bool(docnames)


# -- the table ---------------------------------------------------------------------------


def _page_order(env: BuildEnvironment) -> dict[str, int]:
    """Docnames in reading order of the toctrees (depth first from the root)."""
    order: dict[str, int] = {}

    def visit(docname: str) -> None:
        if docname in order:
            return
        order[docname] = len(order)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(env.config.root_doc)
    return order


def _text_cell(*children: nodes.Node, classes: list[str] | None = None) -> nodes.entry:
    entry = nodes.entry(classes=classes or [])
    entry += nodes.paragraph("", "", *children)
    return entry


def _format(value: float) -> str:
    from notes_check import format_error

    return format_error(value)


class FillVerifiedTable(SphinxPostTransform):
    """Replace each :class:`verified_table` with the table of checks."""

    # before ReferencesResolver (10) resolves our xrefs, and before the LaTeX
    # builder's MathReferenceTransform (5) turns equation xrefs into \ref{}
    default_priority = 4

    def run(self, **kwargs: Any) -> None:
        for placeholder in list(self.document.findall(verified_table)):
            placeholder.replace_self(self.build(placeholder))

    def build(self, placeholder: verified_table) -> list[nodes.Node]:
        env = self.env
        checks = _checks(env)
        if not _executes_notebooks(self.app):
            para = nodes.paragraph(
                "", _("Notebooks were not executed in this build, so nothing was checked.")
            )
            return [para]
        order = _page_order(env)
        rows = [
            (docname, record)
            for docname in sorted(checks, key=lambda d: (order.get(d, len(order)), d))
            for record in checks[docname]
        ]
        equations = env.domains.math_domain.equations
        pages = {docname for docname, _record in rows}
        summary = nodes.paragraph(
            "",
            _("Checks: {checks} · equations: {labels} · pages: {pages}").format(
                checks=len(rows),
                labels=len({record["label"] for _d, record in rows}),
                pages=len(pages),
            ),
        )

        table = nodes.table(classes=["chainrule-verified", *placeholder["classes"]])
        headers = [
            _("Equation"),
            _("Page"),
            _("Check"),
            _("Tolerance"),
            _("Error in this build"),
        ]
        group = nodes.tgroup(cols=len(headers))
        table += group
        for width in (18, 18, 40, 10, 14):
            group += nodes.colspec(colwidth=width)
        head_row = nodes.row()
        for header in headers:
            head_row += _text_cell(nodes.Text(header))
        group += nodes.thead("", head_row)
        body = nodes.tbody()
        group += body
        for docname, record in rows:
            body += self.row(docname, record, equations)
        return [summary, table]

    def row(self, docname: str, record: dict, equations: dict) -> nodes.row:
        refdoc = self.env.docname
        label = record["label"]
        row = nodes.row()

        label_nodes: list[nodes.Node] = [nodes.literal(label, label)]
        if label in equations:
            xref = addnodes.pending_xref(
                "",
                nodes.Text(label),
                refdomain="math",
                reftype="eq",
                reftarget=label,
                refdoc=refdoc,
                refexplicit=False,
                refwarn=True,
            )
            label_nodes += [nodes.Text(" "), xref]
        row += _text_cell(*label_nodes)

        page = addnodes.pending_xref(
            "",
            nodes.inline(docname, docname),
            refdomain="std",
            reftype="doc",
            reftarget="/" + docname,
            refdoc=refdoc,
            refexplicit=False,
            refwarn=True,
        )
        row += _text_cell(page)

        kinds = {
            "numeric": _("relative error"),
            "exact": _("exact comparison"),
            "symbolic": _("SymPy: difference simplifies to 0"),
        }
        check_nodes: list[nodes.Node] = [nodes.Text(kinds.get(record["kind"], record["kind"]))]
        if record.get("call"):
            check_nodes += [nodes.Text(": "), nodes.literal(record["call"], record["call"])]
        row += _text_cell(*check_nodes)

        row += _text_cell(nodes.Text(_format(record["tol"])), classes=["chainrule-num"])

        if record["ok"]:
            status = "✓ " + _format(record["err"])
            classes = ["chainrule-num", "chainrule-status-ok"]
        elif record["expected_failure"]:
            status = "✗ " + _format(record["err"]) + " " + _("(fails, as the page shows)")
            classes = ["chainrule-num", "chainrule-status-expected"]
        else:
            status = "✗ " + _format(record["err"]) + " " + _("(FAILED)")
            classes = ["chainrule-num", "chainrule-status-fail"]
        row += _text_cell(nodes.Text(status), classes=classes)
        return row


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    # nodes should never reach a writer, but skip them rather than crash if so
    visitors = {fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
    app.add_node(check_record, **visitors)
    app.add_node(verified_table, **visitors)
    app.add_directive(RECORD_DIRECTIVE, CheckRecordDirective)
    app.add_directive("verified-equations", VerifiedEquationsDirective)
    app.add_post_transform(FillVerifiedTable)
    app.connect("env-before-read-docs", _note_reading)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _check_consistency)
    app.connect("env-get-updated", _docs_to_rewrite)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
