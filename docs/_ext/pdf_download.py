"""Each language's site offers its own PDF: copied into the site, linked from the sidebar.

The HTML builder copies ``_build/pdf/chainrule-<lang>.pdf`` into the site when it exists
and the sidebar template ``pdf-download.html`` links it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util import logging

logger = logging.getLogger(__name__)
_ = get_translation("chainrule")  # theme_locale/<lang>/LC_MESSAGES/chainrule.po
ROOT = Path(__file__).resolve().parents[2]

PDF_DIR = ROOT / "_build" / "pdf"
BASENAME = "chainrule"


def _pdf_name(language: str) -> str:
    return f"{BASENAME}-{language}.pdf"


def add_pdf_link(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """``pdf_edition_url`` for the sidebar template, when this language's PDF exists."""
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    name = _pdf_name(app.config.language or "en")
    if (PDF_DIR / name).is_file():
        context["pdf_edition_url"] = context["pathto"](name, 1)
        context["pdf_edition_label"] = _("Download these notes as a PDF")


def copy_pdf_into_site(app: Sphinx, exception: Exception | None) -> None:
    """Copy this language's PDF next to the site's pages, when it exists."""
    if exception is not None or app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    source = PDF_DIR / _pdf_name(app.config.language or "en")
    if source.is_file():
        shutil.copy2(source, Path(app.outdir) / source.name)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_pdf_link)
    app.connect("build-finished", copy_pdf_into_site)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
