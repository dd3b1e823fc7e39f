"""``{verified-equations}`` and ``{verified-summary}``: the build's equation checks, shown.

The records come from :mod:`verified_equations` (its ``EquationsDomain``); the directives
leave a placeholder that :class:`FillVerifiedTables` fills once every page has been read.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from verified_equations import (
    CHECKED_PREFIX,
    VISITED_FORMATS,
    _,
    domain_of,
    executes_notebooks,
    skip,
)

import eqcheck


class verified_table(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for the table or the summary, filled after reading."""


class VerifiedEquationsDirective(SphinxDirective):
    """``{verified-equations}``: every record of this build, in reading order."""

    has_content = False
    what = "table"

    def run(self) -> list[nodes.Node]:
        domain_of(self.env).tables[self.env.docname] = True
        node = verified_table(what=self.what)
        self.set_source_info(node)
        return [node]


class VerifiedSummaryDirective(VerifiedEquationsDirective):
    """``{verified-summary}``: the counts, in one sentence."""

    what = "summary"


def _kind_name(kind: str) -> str:
    names = {
        "central differences": _("central differences"),
        "symbolic": _("symbolic (SymPy)"),
        "enumeration": _("exhaustive enumeration"),
        "loops": _("independent loops"),
        "statistical": _("statistical"),
        "shape": _("shapes"),
        "engine": _("the engine"),
        "definition": _("definition"),
    }
    return names.get(kind, kind)


def _page_order(env: BuildEnvironment) -> dict[str, int]:
    order: dict[str, int] = {}

    def visit(docname: str) -> None:
        if docname in order:
            return
        order[docname] = len(order)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(env.config.root_doc)
    return order


def _rows(env: BuildEnvironment) -> list[tuple[str, dict]]:
    records = domain_of(env).records
    order = _page_order(env)
    return [
        (docname, record)
        for docname in sorted(records, key=lambda d: (order.get(d, len(order)), d))
        for record in records[docname]
    ]


def _cell(*children: nodes.Node, classes: list[str] | None = None) -> nodes.entry:
    entry = nodes.entry(classes=classes or [])
    entry += nodes.paragraph("", "", *children)
    return entry


class FillVerifiedTables(SphinxPostTransform):
    """Replace each placeholder with the table or the summary sentence."""

    # before ReferencesResolver (10) resolves the links made here, and before the
    # LaTeX builder's MathReferenceTransform (5) turns equation links into \ref{}
    default_priority = 4

    def run(self, **kwargs: Any) -> None:
        for placeholder in list(self.document.findall(verified_table)):
            if not executes_notebooks(self.app):
                text = _("Notebooks were not executed in this build, so nothing was checked.")
                placeholder.replace_self(nodes.paragraph("", text))
            elif placeholder["what"] == "summary":
                placeholder.replace_self(self.summary())
            else:
                placeholder.replace_self(self.table())

    def summary(self) -> nodes.paragraph:
        rows = _rows(self.env)
        checks = [r for _d, r in rows if r["role"] == "check" and r["ok"]]
        kinds = Counter(r["kind"] for r in checks)
        parts = ", ".join(
            _("{count} against {kind}").format(count=count, kind=_kind_name(kind))
            for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
        )
        text = _(
            "In this build, {checked} of the {total} numbered equations were evaluated from "
            "their LaTeX and compared with an independent reference ({parts}); "
            "{definitions} are definitions, and {errata} errata of the slides were shown failing."
        ).format(
            checked=len({r["label"] for r in checks}),
            total=len([k for k in domain_of(self.env).equations if k.startswith(CHECKED_PREFIX)]),
            parts=parts,
            definitions=len({r["label"] for _d, r in rows if r["role"] == "definition"}),
            errata=len({r["label"] for _d, r in rows if r["role"] == "erratum" and r["ok"]}),
        )
        return nodes.paragraph("", text)

    def table(self) -> list[nodes.Node]:
        table = nodes.table(classes=["chainrule-verified"])
        headers = [
            _("Equation"),
            _("Page"),
            _("Reference"),
            _("Tolerance"),
            _("Error in this build"),
        ]
        group = nodes.tgroup(cols=len(headers))
        table += group
        for width in (34, 16, 22, 10, 18):
            group += nodes.colspec(colwidth=width)
        head = nodes.row()
        for header in headers:
            head += _cell(nodes.Text(header))
        group += nodes.thead("", head)
        body = nodes.tbody()
        group += body
        for docname, record in _rows(self.env):
            body += self.row(docname, record)
        return [self.summary(), table]

    def row(self, docname: str, record: dict) -> nodes.row:
        refdoc = self.env.docname
        label = record["label"]
        row = nodes.row()
        xref = addnodes.pending_xref(
            "",
            nodes.Text(f"({label})"),
            refdomain="math",
            reftype="eq",
            reftarget=label,
            refdoc=refdoc,
            refexplicit=False,
            refwarn=True,
        )
        row += _cell(nodes.math(record["latex"], record["latex"]), nodes.Text(" "), xref)
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
        row += _cell(page)
        kind = _kind_name(record["kind"])
        if record["kind"] == "statistical" and record.get("size"):
            kind += " " + _(
                "({samples} samples; a correct value exceeds |z| = 4 with probability below 10⁻⁴)"
            ).format(samples=record["size"])
        row += _cell(nodes.Text(kind))
        if record["role"] == "definition":
            row += _cell(nodes.Text("—"), classes=["chainrule-num"])
            row += _cell(nodes.Text(_("not compared")), classes=["chainrule-status-definition"])
            return row
        row += _cell(
            nodes.Text(eqcheck.format_error(float(record["tol"]))), classes=["chainrule-num"]
        )
        err = eqcheck.format_error(float(record["err"]))
        if record["role"] == "erratum":
            status = "✗ " + err + " " + _("(the slide's version fails, as the page shows)")
            classes = ["chainrule-num", "chainrule-status-expected"]
        elif record["ok"]:
            status, classes = "✓ " + err, ["chainrule-num", "chainrule-status-ok"]
        else:
            status = "✗ " + err + " " + _("(FAILED)")
            classes = ["chainrule-num", "chainrule-status-fail"]
        row += _cell(nodes.Text(status), classes=classes)
        return row


def setup(app: Sphinx) -> dict:
    app.add_node(verified_table, **{fmt: (skip, None) for fmt in VISITED_FORMATS})
    app.add_directive("verified-equations", VerifiedEquationsDirective)
    app.add_directive("verified-summary", VerifiedSummaryDirective)
    app.add_post_transform(FillVerifiedTables)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
