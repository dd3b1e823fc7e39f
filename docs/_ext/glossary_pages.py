"""Two directives for the translators' pages of the chainrule site.

``{glossary-table}``
    Renders the project glossary ``locale/glossary.tsv`` as a table: English, one column
    per language of the TSV (한국어, 繁體中文), and the note.  The table is the same in
    every language: its cells are built in the directive as paragraphs that are marked
    ``translatable = False`` and carry no ``source``, so neither the gettext builder
    (``make gettext``) nor the ``Locale`` transform of a translated build sees them.

``{translation-progress}``
    Per language and per catalog (``locale/<lang>/LC_MESSAGES/**/*.po``): translated %,
    translated / fuzzy / untranslated counts and a total row, read with polib while the
    page is read.  The page always reflects the catalogs of the current build: every
    ``.po`` is a dependency of the page (edited or deleted catalog -> page re-read), and
    an ``env-get-outdated`` handler re-reads it when a catalog or a language is *added*.
    The page is plain MyST, so notebook execution and its cache play no part.

Options: ``:languages: ko zh_TW`` (default: every folder of the locale directory that has
an ``LC_MESSAGES`` folder).  Configuration: ``glossary_pages_tsv`` (default: the
repository's ``locale/glossary.tsv``) and ``glossary_pages_locale_dir`` (default: the first
entry of ``locale_dirs``).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from site_languages import LANGUAGES, TRANSLATIONS
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]

#: Column headings: each language in its own name.
LANGUAGE_LABELS = {language.code: language.name for language in LANGUAGES}
#: Columns of the TSV that are not languages.
NON_LANGUAGE_COLUMNS = ("en", "match", "note")


# --------------------------------------------------------------------------- docutils helpers


def _cell(content: str | nodes.Node) -> nodes.entry:
    """A table cell holding one paragraph that no translation step will touch."""
    paragraph = nodes.paragraph(translatable=False)
    paragraph += nodes.Text(content) if isinstance(content, str) else content
    return nodes.entry("", paragraph)


def _table(headings: list[str], rows: list[list[Any]], classes: list[str]) -> nodes.table:
    table = nodes.table(classes=["colwidths-auto", *classes])
    group = nodes.tgroup(cols=len(headings))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headings)
    head = nodes.thead()
    head += nodes.row("", *(_cell(h) for h in headings))
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row("", *(_cell(c) for c in cells))
        body += row
    group += body
    return table


# --------------------------------------------------------------------------- glossary table


def read_glossary(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Languages (TSV columns) and rows of the project glossary."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = list(reader)
        columns = list(reader.fieldnames or [])
    languages = [c for c in columns if c not in NON_LANGUAGE_COLUMNS]
    return languages, rows


class GlossaryTable(SphinxDirective):
    """``{glossary-table}``: the project glossary, untranslated in every language."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        path = Path(self.config.glossary_pages_tsv)
        self.env.note_dependency(path)
        try:
            languages, rows = read_glossary(path)
        except OSError as exc:
            logger.warning(
                "glossary-table: cannot read %s: %s", path, exc, location=self.get_location()
            )
            return []
        headings = ["English", *(LANGUAGE_LABELS.get(lang, lang) for lang in languages), "Note"]
        cells = [
            [row.get("en", ""), *(row.get(lang, "") for lang in languages), row.get("note", "")]
            for row in rows
        ]
        table = _table(headings, cells, ["glossary-table", *self.options.get("class", [])])
        # an anchor per term, the same in every language: glossary.html#glossary-gradient-descent
        body_rows = next(iter(table.findall(nodes.tbody))).children
        for row, values in zip(body_rows, rows, strict=True):
            row["ids"].append(nodes.make_id("glossary-" + values.get("en", "")))
        return [table]


# --------------------------------------------------------------------------- progress


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
        _progress(self.env)[self.env.docname] = (
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
                        "", f"No catalogs yet in locale/{language}/LC_MESSAGES.", translatable=False
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
            rows.append(self._row(nodes.strong(text="Total"), total))
            table = _table(
                ["Page", "Translated", "Fuzzy", "Untranslated", "Messages", "Done"],
                rows,
                ["translation-progress", *self.options.get("class", [])],
            )
            result.append(table)
        if not result:
            result.append(
                nodes.paragraph(
                    "", f"No translation catalogs yet in {root.name}/.", translatable=False
                )
            )
        return result

    def _page(self, name: str) -> nodes.Node:
        """A link to the page the catalog translates, or its name (e.g. ``sphinx``)."""
        if name in self.env.found_docs:
            ref = addnodes.pending_xref(
                "",
                nodes.inline(text=name),
                refdomain="std",
                reftype="doc",
                reftarget="/" + name,
                refexplicit=True,
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


# --------------------------------------------------------------------------- environment


def _progress(env: BuildEnvironment) -> dict[str, tuple]:
    if not hasattr(env, "glossary_pages_progress"):
        env.glossary_pages_progress = {}  # type: ignore[attr-defined]
    return env.glossary_pages_progress  # type: ignore[attr-defined]


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _progress(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = _progress(other)
    _progress(env).update({d: theirs[d] for d in docnames if d in theirs})


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Progress pages whose set of languages or catalogs changed since they were read."""
    stale = []
    for docname, (root, languages, snapshot) in _progress(env).items():
        if docname in removed or docname in changed:
            continue
        if catalog_snapshot(Path(root), languages) != snapshot:
            stale.append(docname)
    return stale


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("glossary_pages_tsv", str(REPO / "locale" / "glossary.tsv"), "env", str)
    app.add_config_value("glossary_pages_locale_dir", None, "env", (str, type(None)))
    app.add_directive("glossary-table", GlossaryTable)
    app.add_directive("translation-progress", TranslationProgress)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
