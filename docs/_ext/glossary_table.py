"""``{glossary-table}``: the project glossary (``locale/glossary.tsv``) for the page's readers.

On the English page: the English term and one column per language of the glossary
(한국어, 繁體中文), each headed by the language's own name (``languages.toml``), its cells
marked with their language (``lang="ko"``). On a translated page: the term in the page's
language and its English original (marked ``lang="en"``), under headings in the page's
language. The translators' notes are not shown (the translating guide explains the choices).
The glossary is read by :mod:`pocheck.glossary`, as the catalog checker reads it.

Configuration: ``glossary_pages_tsv`` (default: the repository's ``locale/glossary.tsv``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from site_languages import LANGUAGES
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from untranslated_tables import table_of

from pocheck.glossary import load_glossary

logger = logging.getLogger(__name__)
_ = get_translation("chainrule")

REPO = Path(__file__).resolve().parents[2]

#: Column headings: each language in its own name.
LANGUAGE_LABELS = {language.code: language.name for language in LANGUAGES}
#: Language tags (BCP 47) of the cells of each language, for screen readers.
LANGUAGE_TAGS = {language.code: language.tag for language in LANGUAGES}


class GlossaryTable(SphinxDirective):
    """``{glossary-table}``: the project glossary, for the readers of the page's language."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        path = Path(self.config.glossary_pages_tsv)
        self.env.note_dependency(path)
        try:
            glossary = load_glossary(path)
        except (OSError, ValueError) as exc:
            logger.warning(
                "glossary-table: cannot read %s: %s", path, exc, location=self.get_location()
            )
            return []
        languages = glossary.languages
        rows = [{"en": term.en, **term.translations} for term in glossary.terms]
        page_language = self.config.language or "en"
        column_classes = None
        if page_language in languages:
            # a reader's glossary: the term in the page's language and its English original
            headings = [_("Term"), _("English")]
            cells = [[row.get(page_language, ""), row.get("en", "")] for row in rows]
            column_classes = [["glossary-term"], ["glossary-english", "language-en"]]
        else:
            headings = ["English", *(LANGUAGE_LABELS.get(lang, lang) for lang in languages)]
            column_classes = [
                [f"language-{LANGUAGE_TAGS.get(lang, lang)}"] for lang in ("en", *languages)
            ]
            cells = [
                [row.get("en", ""), *(row.get(lang, "") for lang in languages)] for row in rows
            ]
        table = table_of(
            headings,
            cells,
            ["glossary-table", *self.options.get("class", [])],
            column_classes,
        )
        # an anchor per term, the same in every language: glossary.html#glossary-gradient-descent
        body_rows = next(iter(table.findall(nodes.tbody))).children
        for row, values in zip(body_rows, rows, strict=True):
            row["ids"].append(nodes.make_id("glossary-" + values.get("en", "")))
        return [table]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("glossary_pages_tsv", str(REPO / "locale" / "glossary.tsv"), "env", str)
    app.add_directive("glossary-table", GlossaryTable)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
