"""A Sphinx domain that keeps one entry per page: purged and merged by Sphinx.

An extension that notes something per page (its equations, the catalogs it counted)
subclasses :class:`PerPageDomain` with its own ``name`` and ``label``: Sphinx drops a
page's entry when the page is read again (``clear_doc``) and joins the entries of
parallel readers (``merge_domaindata``), so nothing is kept on ``env`` attributes.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment


class PerPageDomain(Domain):
    """``pages``: docname -> what the extension noted for that page."""

    initial_data: ClassVar = {"pages": {}}

    @classmethod
    def of(cls, env: BuildEnvironment) -> Self:
        return env.domains[cls.name]

    @property
    def pages(self) -> dict[str, Any]:
        return self.data["pages"]

    def clear_doc(self, docname: str) -> None:
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict) -> None:
        theirs = otherdata["pages"]
        self.pages.update({d: theirs[d] for d in docnames if d in theirs})

    def resolve_any_xref(self, *args: Any) -> list:
        return []
