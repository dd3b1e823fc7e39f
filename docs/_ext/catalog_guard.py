"""A translated build fails on catalog markup that the catalog checker refuses.

Read the Docs and a translator's preview run the build, not the checker, and Sphinx
itself lets a msgstr add a remote image or a link to another site.  So, when the
build's language is not English, every catalog ``<locale_dir>/<language>/LC_MESSAGES/
*.po`` is checked with the rules of :mod:`pocheck` (``src/pocheck``, the package behind
``make check-po``: imported, not copied) and each finding of the rules in
:data:`BUILD_RULES` becomes a warning located at the catalog's line -- with ``-W`` the
build fails, naming the catalog and the line::

    locale/ko/LC_MESSAGES/brain.po:120: WARNING: [image] image `https://…` is in the
    translation but not in the English text [chainrule.catalog]

Untranslated and fuzzy entries are a translator's work in progress and are not
reported here (``make check-po`` still requires 100 %); nor are the checker's other
rules (glossary, whitespace, …), which do not put anything on the page that the
English text does not have.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from pocheck import use_extensions
from pocheck.catalogs import check_file, display_path

logger = logging.getLogger(__name__)

#: The checker's rules whose findings fail a translated build: a msgstr may not add,
#: drop or change an image, a link target, a role (target) or a directive.
BUILD_RULES = frozenset({"image", "url", "role", "directive"})


def catalogs_of(app: Sphinx, language: str) -> list[Path]:
    """The ``.po`` files of ``language`` in the build's ``locale_dirs``."""
    found: list[Path] = []
    for directory in app.config.locale_dirs:
        folder = Path(app.srcdir, directory) / language / "LC_MESSAGES"
        found += sorted(folder.glob("*.po"))
    return found


def check_catalogs(app: Sphinx) -> None:
    language = app.config.language or "en"
    if language == "en":
        return
    use_extensions(set(app.config.myst_enable_extensions))  # read as the pages are
    for catalog in catalogs_of(app, language):
        problems = check_file(catalog, partial=True, glossary=None, msgfmt=None)
        for problem in problems:
            if problem.rule in BUILD_RULES and problem.is_error:
                logger.warning(
                    "[%s] %s",
                    problem.rule,
                    problem.message,
                    location=f"{display_path(catalog)}:{problem.line}",
                    type="chainrule",
                    subtype="catalog",
                )


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", check_catalogs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
