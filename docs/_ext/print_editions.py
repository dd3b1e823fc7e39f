"""The printable editions (LaTeX/PDF, EPUB) of the notes, one per language.

conf.py holds the settings shared by every language; what depends on the
language is decided here, in ``config-inited`` (``-D language=...`` is applied
after conf.py ran):

* the title page: the translated title of the root page (from its catalog)
  and the authors as ``languages.toml`` names them;
* fonts: DejaVu for Latin text and the Noto CJK families through xeCJK, with
  ``CJKspace=true`` for Korean (its words are separated by spaces, and lines
  break between words) and character-wise breaking for Traditional Chinese;
* names LaTeX prints itself (contents, chapter, part, table, index): Korean
  through polyglossia's ``korean`` gloss, Traditional Chinese set here.

At ``doctree-resolved`` of the LaTeX builder, each toctree caption of the root
page becomes an unnumbered part, and the pages of an unnumbered toctree become unnumbered
chapters whose equations are numbered (1), (2), ... as on the site.

The rest is in modules of their own, set up from here: the solutions after the exercises
(:mod:`printed_solutions`), print-only fixes (:mod:`print_typesetting`), the PDF in the
site (:mod:`pdf_download`) and the EPUB (:mod:`epub_edition`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.writers.latex2e import Babel
from site_languages import BY_CODE, LANGUAGES
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util import logging, texescape

logger = logging.getLogger(__name__)
_ = get_translation("chainrule")  # theme_locale/<lang>/LC_MESSAGES/chainrule.po

ROOT = Path(__file__).resolve().parents[2]
PDF_DIR = ROOT / "_build" / "pdf"

#: The file name stem of every edition: chainrule-<lang>.pdf / .epub
BASENAME = "chainrule"

LATIN_FONTS = r"""
\setmainfont{DejaVu Serif}
\setsansfont{DejaVu Sans}
\setmonofont[Scale=0.9]{DejaVu Sans Mono}
% check marks of the "Verified in this build" table: not in DejaVu Serif
\usepackage{newunicodechar}
\newfontfamily\chainrulesymbolfont{DejaVu Sans}
\newunicodechar{✓}{{\chainrulesymbolfont ✓}}
\newunicodechar{✗}{{\chainrulesymbolfont ✗}}
"""

CJK_FONTS = r"""
\usepackage{xeCJK}
\setCJKmainfont[BoldFont=Noto Sans CJK %(region)s Bold]{Noto Serif CJK %(region)s}
\setCJKsansfont[BoldFont=Noto Sans CJK %(region)s Bold]{Noto Sans CJK %(region)s}
\setCJKmonofont{Noto Sans Mono CJK %(region)s}
"""

#: Korean puts spaces between words and breaks lines only there: keep the
#: spaces (xeCJK drops spaces between CJK characters by default), forbid a
#: break or a stretch between two syllables, and add no space of its own
#: between Hangul and Latin letters or math (a particle is written right after
#: a symbol: "$l$의", "NumPy의").  Chinese keeps xeCJK's defaults: a line may
#: break between any two characters (punctuation rules aside), with a thin
#: space around Latin words and math.
KOREAN_SPACING = r"""
\xeCJKsetup{CJKspace=true, CJKecglue={}, CJKglue={\nobreak\hskip 0pt}}
"""

#: Room for two-digit chapter numbers in the table of contents.
TOC_NUMBER_WIDTH = r"""
\makeatletter
\patchcmd{\l@chapter}{1.5em}{2.3em}{}{}
\makeatother
"""

#: A chapter heading and running head in the form "제 6 장" / "第 6 章".
CHAPTER_HEAD = r"""
\makeatletter
\newcommand{\chainrulechapterlabel}{%(prefix)s\thechapter%(suffix)s}
\renewcommand{\@makechapterhead}[1]{\vspace*{30\p@}{\parindent\z@\raggedright
  \ifnum\c@secnumdepth>\m@ne
    {\Large\sffamily\chainrulechapterlabel}\par\nobreak\vskip 12\p@
  \fi
  \interlinepenalty\@M\Huge\sffamily\bfseries #1\par\nobreak\vskip 30\p@}}
\renewcommand{\chaptermark}[1]{\markboth{\ifnum\c@secnumdepth>\m@ne
  \chainrulechapterlabel\quad\fi #1}{}}
\makeatother
"""

#: Switches between chapters numbered as on the site and unnumbered ones;
#: in the latter, equations are numbered (1), (2), ... within each chapter.
NUMBERING_SWITCHES = r"""
\makeatletter
\newcommand{\chainrulenumberedchapters}{\setcounter{secnumdepth}{2}%
  \renewcommand{\theequation}{\thechapter.\arabic{equation}}}
\newcommand{\chainruleunnumberedchapters}{\setcounter{secnumdepth}{-1}%
  \renewcommand{\theequation}{\arabic{equation}}}
\newcommand{\chainrulenewchapter}{\setcounter{equation}{0}\setcounter{figure}{0}%
  \setcounter{table}{0}}
\makeatother
"""


def _root_catalog(app: Sphinx, language: str) -> dict[str, str]:
    """Translated, non-fuzzy messages of the root page's catalog (English -> ``language``)."""
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    if language == "en":
        return messages
    for locale_dir in app.config.locale_dirs:
        po_path = Path(app.confdir, locale_dir) / language / "LC_MESSAGES"
        po_path = po_path / f"{app.config.root_doc}.po"
        if not po_path.is_file():
            continue
        with po_path.open("rb") as f:
            for message in read_po(f, locale=language):
                if message.id and message.string and not message.fuzzy:
                    messages.setdefault(str(message.id), str(message.string))
    return messages


def _root_title(app: Sphinx, language: str) -> str:
    """The root page's first heading in ``language`` (English when untranslated)."""
    source = Path(app.srcdir) / f"{app.config.root_doc}.md"
    lines = source.read_text("utf8").splitlines()
    heading = next((line[2:].strip() for line in lines if line.startswith("# ")), None)
    if heading is None:
        return app.config.project
    return _root_catalog(app, language).get(heading, heading)


def print_settings(language: str) -> dict[str, Any]:
    """``[language.print]`` of ``languages.toml`` ({} for a language not set up for print)."""
    declared = BY_CODE.get(language)
    return declared.print if declared is not None else {}


def _latex_preamble(language: str) -> str:
    """Fonts, captions, chapter heads and numbering switches for ``language``."""
    settings = print_settings(language)
    region = settings.get("cjk_region", "TC")
    parts = [CJK_FONTS % {"region": region}, NUMBERING_SWITCHES]
    spacing = settings.get("cjk_spacing", "characters")
    if spacing == "korean":
        parts.append(KOREAN_SPACING)
    elif spacing == "spaces":
        parts.append(r"\xeCJKsetup{CJKspace=true}")  # e.g. Korean words in the glossary
    if "chapter_label" in settings:
        prefix, suffix = settings["chapter_label"]
        parts.append(CHAPTER_HEAD % {"prefix": prefix, "suffix": suffix})
    # a language declared for the site but not set up for print keeps Sphinx's defaults
    babel_name, captions = settings.get("babel"), settings.get("names", {})
    renew = "".join(rf"\renewcommand{{\{name}}}{{{text}}}" for name, text in captions.items())
    if babel_name:  # after Sphinx's own \addto\captions...: reset at \begin{document}
        parts.append(rf"\addto\captions{babel_name}{{{renew}}}")
    parts.append(renew)
    parts.append(TOC_NUMBER_WIDTH)
    return "\n".join(parts)


def configure_editions(app: Sphinx, config: Any) -> None:
    """Language-dependent LaTeX and EPUB settings (after interface_catalogs named the authors)."""
    language = config.language or "en"
    title = _root_title(app, language)
    # title and author are LaTeX markup there: escaped
    config.latex_documents = [
        (
            config.root_doc,
            f"{BASENAME}.tex",
            texescape.escape(title, "xelatex"),
            texescape.escape(config.author, "xelatex"),
            "manual",
        )
    ]
    elements = dict(config.latex_elements)
    elements["fontpkg"] = LATIN_FONTS
    elements["preamble"] = elements.get("preamble", "") + _latex_preamble(language)
    settings = print_settings(language)
    if "chapter_label" in settings:
        elements["fncychap"] = ""  # our own chapter heads, see CHAPTER_HEAD
    if settings.get("babel") == "":
        elements["babel"] = elements["polyglossia"] = ""  # names set in the preamble
    config.latex_elements = elements
    config.epub_basename = f"{BASENAME}-{language}"
    config.epub_language = language.replace("_", "-")  # a language tag: zh-TW, not zh_TW
    config.epub_title = title
    config.epub_author = config.author
    config.epub_publisher = config.author
    config.epub_copyright = config.copyright


def _toctree_groups(env: Any, root_doc: str) -> list[tuple[str, bool, list[str]]]:
    """(caption, numbered, docnames) of each toctree on the root page."""
    groups = []
    for toctree in env.get_doctree(root_doc).findall(addnodes.toctree):
        docnames = [ref for _title, ref in toctree["entries"]]
        groups.append((toctree.get("caption") or "", bool(toctree.get("numbered")), docnames))
    return groups


def mark_parts_and_numbering(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Before each inlined page: a part heading at each toctree, the numbering switch."""
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    groups = _toctree_groups(app.env, docname)
    first_of_group = {docs[0]: (caption, numbered) for caption, numbered, docs in groups if docs}
    numbered_docs = {doc for _caption, numbered, docs in groups if numbered for doc in docs}
    translated = _root_catalog(app, app.config.language or "en")
    for start in list(doctree.findall(addnodes.start_of_file)):
        page = start["docname"]
        latex = []
        if page in first_of_group:
            caption, _numbered = first_of_group[page]
            caption = translated.get(caption, caption)
            if caption:
                # unnumbered, as the captions on the site
                escaped = texescape.escape(caption, "xelatex")
                latex.append(rf"\part*{{{escaped}}}\addcontentsline{{toc}}{{part}}{{{escaped}}}")
        if page in numbered_docs:
            latex.append(r"\chainrulenumberedchapters")
        else:
            latex.append(r"\chainruleunnumberedchapters")
        latex.append(r"\chainrulenewchapter")
        raw = nodes.raw("", "\n".join(latex) + "\n", format="latex")
        start.parent.insert(start.parent.index(start), raw)


#: Label of a chapter's exercises section, as notebook_export finds it.
def register_languages_for_latex() -> None:
    """Let the LaTeX writer accept languages whose names the preamble sets (e.g. Korean).

    docutils' table of babel names has no ``ko``; Sphinx would then warn "no Babel option
    known for language 'ko'" (fatal under -W) although babel and polyglossia are both
    switched off for it. ``docutils_babel`` of ``languages.toml`` names it.
    """
    for language in LANGUAGES:
        if "docutils_babel" in language.print:
            Babel.language_codes.setdefault(language.code, language.print["docutils_babel"])


def setup(app: Sphinx) -> dict:
    register_languages_for_latex()
    app.connect("config-inited", configure_editions, priority=800)
    app.connect("doctree-resolved", mark_parts_and_numbering)
    for part in ("printed_solutions", "print_typesetting", "pdf_download", "epub_edition"):
        app.setup_extension(part)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
