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

A catalog that passed is remembered by its digest (in the doctree folder, see
:func:`checker_digest`), so a rebuild checks only the catalogs that changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

import pocheck
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


#: In the build's doctree folder: the digest of each catalog that passed, as it was then.
PASSED_FILE = "catalogs-passed.json"


def check_catalogs(app: Sphinx) -> None:
    language = app.config.language or "en"
    if language == "en":
        return
    extensions = set(app.config.myst_enable_extensions)
    use_extensions(extensions)  # read as the pages are
    record = Path(app.doctreedir) / PASSED_FILE
    passed_before = json.loads(record.read_text()) if record.is_file() else {}
    checker = checker_digest(extensions)
    passed = {}
    for catalog in catalogs_of(app, language):
        digest = hashlib.sha256(checker + catalog.read_bytes()).hexdigest()
        if passed_before.get(str(catalog)) == digest:  # checked as it is now, and passed
            passed[str(catalog)] = digest
            continue
        problems = check_file(catalog, partial=True, glossary=None, msgfmt=None)
        found = [p for p in problems if p.rule in BUILD_RULES and p.is_error]
        for problem in found:
            logger.warning(
                "[%s] %s",
                problem.rule,
                problem.message,
                location=f"{display_path(catalog)}:{problem.line}",
                type="chainrule",
                subtype="catalog",
            )
        if not found:
            passed[str(catalog)] = digest
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(passed, indent=0, sort_keys=True))


def checker_digest(extensions: set[str]) -> bytes:
    """What a catalog's result depends on besides the catalog: the checker's code and the
    MyST extensions it reads with. A catalog is remembered only with this and its own
    bytes, and only if it passed, so a refused catalog is reported by every build."""
    digest = hashlib.sha256(" ".join(sorted(extensions)).encode())
    for source in sorted(Path(pocheck.__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.digest()


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", check_catalogs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
