"""Tables built by directives that no translation step touches (gettext or ``Locale``).

Each cell is a paragraph marked ``translatable = False`` that carries no ``source``, so
neither the gettext builder (``make gettext``) nor the ``Locale`` transform of a translated
build sees it; headings come translated from the ``chainrule`` catalog instead.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


def cell(content: Any, classes: list[str] | None = None) -> nodes.entry:
    """A table cell holding one paragraph that no translation step will touch."""
    paragraph = nodes.paragraph(translatable=False)
    # str(): a heading may be a lazy translation
    paragraph += content if isinstance(content, nodes.Node) else nodes.Text(str(content))
    return nodes.entry("", paragraph, classes=classes or [])


def table_of(
    headings: list[str],
    rows: list[list[Any]],
    classes: list[str],
    column_classes: list[list[str]] | None = None,
) -> nodes.table:
    table = nodes.table(classes=["colwidths-auto", *classes])
    group = nodes.tgroup(cols=len(headings))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headings)
    head = nodes.thead()
    head += nodes.row("", *(cell(h) for h in headings))
    group += head
    body = nodes.tbody()
    per_column = column_classes or [[] for _ in headings]
    for cells in rows:
        row = nodes.row("", *(cell(c, k) for c, k in zip(cells, per_column, strict=True)))
        body += row
    group += body
    return table
