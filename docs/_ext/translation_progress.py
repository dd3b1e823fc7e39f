"""``{translation-progress}``: how much of each page is translated, per language.

Per language of ``languages.toml`` and per catalog (``locale/<lang>/LC_MESSAGES/**/*.po``):
the page (a link showing its title), translated / fuzzy / untranslated counts, translated %
and a total row, read with polib while the page is read. The page always reflects the
catalogs of the current build: every ``.po`` is a dependency of the page (edited or deleted
catalog -> page re-read), and an ``env-get-outdated`` handler re-reads it when a catalog or
a language is *added* (what each page saw is kept in :class:`ProgressDomain`).

Options: ``:languages: ko zh_TW`` (default: the translations of ``languages.toml``).
Configuration: ``glossary_pages_locale_dir`` (default: the first entry of ``locale_dirs``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from per_page_domain import PerPageDomain
from site_languages import LANGUAGES, TRANSLATIONS
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from untranslated_tables import table_of

logger = logging.getLogger(__name__)
_ = get_translation("chainrule")

REPO = Path(__file__).resolve().parents[2]
LANGUAGE_LABELS = {language.code: language.name for language in LANGUAGES}


class ProgressDomain(PerPageDomain):
    """Per progress page: the locale folder, the languages and the catalogs it counted."""

    name = "translation_progress"
    label = "translation progress"


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    def __iadd__(self, other: Counts) -> Counts:
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        return self

    def percent(self) -> str:
        """Rounded *down*: a page shows 100 % only when nothing is left."""
        if not self.total:
            return "—"
        return f"{math.floor(100 * self.translated / self.total)} %"


def count_catalog(path: Path) -> Counts:
    import polib

    counts = Counts()
    for entry in polib.pofile(str(path), wrapwidth=0):
        if entry.obsolete or entry.msgid == "":
            continue
        if entry.fuzzy:
            counts.fuzzy += 1
        elif entry.translated():
            counts.translated += 1
        else:
            counts.untranslated += 1
    return counts


def locale_dir(app_or_env: Any) -> Path:
    config = app_or_env.config
    if config.glossary_pages_locale_dir:
        return Path(config.glossary_pages_locale_dir)
    if config.locale_dirs:
        return Path(app_or_env.srcdir, config.locale_dirs[0])
    return REPO / "locale"


def find_languages(root: Path) -> list[str]:
    """The site's translations (``languages.toml``), with or without catalogs under ``root``."""
    return [language.code for language in TRANSLATIONS]


def find_catalogs(root: Path, language: str) -> list[Path]:
    return sorted((root / language / "LC_MESSAGES").rglob("*.po"))


def catalog_snapshot(root: Path, languages: list[str] | None) -> tuple[str, ...]:
    """Which catalogs exist (not their content: edits are file dependencies)."""
    langs = languages if languages is not None else find_languages(root)
    return (*langs, "|", *(str(p) for lang in langs for p in find_catalogs(root, lang)))


class TranslationProgress(SphinxDirective):
    """``{translation-progress}``: how much of each page is translated, per language."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "languages": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        root = locale_dir(self.env)
        requested = self.options.get("languages")
        languages = requested.split() if requested else None
        ProgressDomain.of(self.env).pages[self.env.docname] = (
            str(root),
            languages,
            catalog_snapshot(root, languages),
        )

        result: list[nodes.Node] = []
        for language in languages if languages is not None else find_languages(root):
            label = f"{LANGUAGE_LABELS.get(language, language)} ({language})"
            result.append(nodes.rubric("", label, translatable=False))
            catalogs = find_catalogs(root, language)
            if not catalogs:
                result.append(
                    nodes.paragraph(
                        "",
                        _("No catalogs yet in {folder}.").format(
                            folder=f"locale/{language}/LC_MESSAGES"
                        ),
                        translatable=False,
                    )
                )
                continue
            rows, total = [], Counts()
            for path in catalogs:
                self.env.note_dependency(path)
                try:
                    counts = count_catalog(path)
                except (OSError, ValueError) as exc:
                    logger.warning(
                        "translation-progress: cannot read %s: %s",
                        path,
                        exc,
                        location=self.get_location(),
                    )
                    continue
                total += counts
                name = path.relative_to(root / language / "LC_MESSAGES").with_suffix("").as_posix()
                rows.append(self._row(self._page(name), counts))
            rows.append(self._row(nodes.strong(text=str(_("Total"))), total))
            table = table_of(
                [_(h) for h in ("Page", "Translated", "Fuzzy", "Untranslated", "Messages", "Done")],
                rows,
                ["translation-progress", *self.options.get("class", [])],
            )
            result.append(table)
        if not result:
            result.append(
                nodes.paragraph(
                    "",
                    _("No translation catalogs yet in {folder}.").format(folder=f"{root.name}/"),
                    translatable=False,
                )
            )
        return result

    def _page(self, name: str) -> nodes.Node:
        """A link to the page the catalog translates, showing the page's title (in the
        page's language), or the catalog's name as code (e.g. ``sphinx``)."""
        if name in self.env.found_docs:
            ref = addnodes.pending_xref(
                "",
                nodes.inline(text=name),
                refdomain="std",
                reftype="doc",
                reftarget="/" + name,
                refexplicit=False,
                refwarn=True,
            )
            ref["refdoc"] = self.env.docname
            return ref
        return nodes.literal(text=name)

    @staticmethod
    def _row(page: nodes.Node, counts: Counts) -> list[Any]:
        return [
            page,
            str(counts.translated),
            str(counts.fuzzy),
            str(counts.untranslated),
            str(counts.total),
            counts.percent(),
        ]


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Progress pages whose set of languages or catalogs changed since they were read."""
    stale = []
    for docname, (root, languages, snapshot) in ProgressDomain.of(env).pages.items():
        if docname in removed or docname in changed:
            continue
        if catalog_snapshot(Path(root), languages) != snapshot:
            stale.append(docname)
    return stale


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("glossary_pages_locale_dir", None, "env", (str, type(None)))
    app.add_domain(ProgressDomain)
    app.add_directive("translation-progress", TranslationProgress)
    app.connect("env-get-outdated", _outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
