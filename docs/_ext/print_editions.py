"""The printable editions (LaTeX/PDF, EPUB) of the notes, one per language.

conf.py holds the settings shared by every language; what depends on the
language is decided here, in ``config-inited`` (``-D language=...`` is applied
after conf.py ran):

* the title page: the translated title of the root page (from its catalog)
  and the authors as ``site_i18n`` names them;
* fonts: DejaVu for Latin text and the Noto CJK families through xeCJK, with
  ``CJKspace=true`` for Korean (its words are separated by spaces, and lines
  break between words) and character-wise breaking for Traditional Chinese;
* names LaTeX prints itself (contents, chapter, part, table, index): Korean
  through polyglossia's ``korean`` gloss, Traditional Chinese set here.

At ``doctree-resolved`` of the LaTeX builder, each toctree caption of the root
page becomes an unnumbered part, and the pages of an unnumbered toctree become unnumbered
chapters whose equations are numbered (1), (2), ... as on the site.

In the PDF and the EPUB, the solutions that the site folds away (``{dropdown}`` blocks and
code cells tagged ``exercise-solution``) move to a "Solutions" list at the end of their
chapter's exercises, each under the name of its exercise, and the exercise says where its
solution is (on which page, in the PDF), as a printed textbook does: a reader tries first
and turns the page later.

The HTML builder copies ``_build/pdf/chainrule-<lang>.pdf`` into the site
when it exists and the sidebar template ``pdf-download.html`` links it.  Two
fixes make the EPUB pass EPUBCheck (see their functions), and the equations that
imgmath renders to SVG for the EPUB are kept between builds and languages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.writers.latex2e import Babel
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
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

#: Noto CJK region of each language (glyph shapes of Han characters); the
#: English edition quotes Korean and Traditional Chinese terms (glossary).
CJK_REGION = {"en": "TC", "ko": "KR", "zh_TW": "TC"}

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

#: "Chapter 6" as each language writes it (prefix, suffix around the number).
CHAPTER_LABEL = {
    "ko": ("제\\,", "\\,장"),
    "zh_TW": ("第\\,", "\\,章"),
}

#: Names LaTeX prints itself: (babel language or "" without babel, {command: text}).
#: Sphinx names the table of contents after the first toctree caption
#: ("Notes"); each book calls it "Contents".  The Korean and Chinese names are
#: set here: neither babel nor polyglossia fits (babel has no Korean for
#: XeLaTeX in Sphinx; polyglossia's Korean gloss would typeset all Latin text
#: in a Hangul font, which lacks the superscript digits of the glued errors).
LATEX_CAPTIONS = {
    "en": ("english", {"contentsname": "Contents"}),
    "ko": (
        "",
        {
            "contentsname": "차례",
            "tablename": "표",
            "indexname": "찾아보기",
            "appendixname": "부록",
        },
    ),
    "zh_TW": (
        "english",
        {
            "contentsname": "目錄",
            "tablename": "表",
            "indexname": "索引",
            "appendixname": "附錄",
        },
    ),
}

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


def _latex_preamble(language: str) -> str:
    """Fonts, captions, chapter heads and numbering switches for ``language``."""
    parts = [CJK_FONTS % {"region": CJK_REGION.get(language, "TC")}, NUMBERING_SWITCHES]
    if language == "ko":
        parts.append(KOREAN_SPACING)
    elif language == "en":
        parts.append(r"\xeCJKsetup{CJKspace=true}")  # Korean words in the glossary
    if language in CHAPTER_LABEL:
        prefix, suffix = CHAPTER_LABEL[language]
        parts.append(CHAPTER_HEAD % {"prefix": prefix, "suffix": suffix})
    # a language declared for the site but not set up for print keeps Sphinx's defaults
    babel_name, captions = LATEX_CAPTIONS.get(language, (None, {}))
    renew = "".join(rf"\renewcommand{{\{name}}}{{{text}}}" for name, text in captions.items())
    if babel_name:  # after Sphinx's own \addto\captions...: reset at \begin{document}
        parts.append(rf"\addto\captions{babel_name}{{{renew}}}")
    parts.append(renew)
    parts.append(TOC_NUMBER_WIDTH)
    return "\n".join(parts)


def configure_editions(app: Sphinx, config: Any) -> None:
    """Language-dependent LaTeX and EPUB settings (after ``site_i18n`` named the authors)."""
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
    if language in CHAPTER_LABEL:
        elements["fncychap"] = ""  # our own chapter heads, see CHAPTER_HEAD
    if LATEX_CAPTIONS.get(language, (None,))[0] == "":
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
EXERCISES_PREFIX = "exercises-"
#: Tag of a code cell that answers a coding exercise (folded on the site).
SOLUTION_TAG = "exercise-solution"


def _is_dropdown(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and node.get("design_component") == "dropdown"


def _is_solution_cell(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.container)
        and node.get("nb_element") == "cell_code"
        and SOLUTION_TAG in node.get("cell_metadata", {}).get("tags", [])
    )


def _exercise_name(siblings: list[nodes.Node], before: int) -> nodes.strong | None:
    """The bold name ("Exercise 2 (what breaks if…).") of the last paragraph before ``before``."""
    for node in reversed(siblings[:before]):
        if isinstance(node, nodes.paragraph):
            # the paragraph may start with an empty text node
            first = next((c for c in node.children if c.astext().strip()), None)
            if isinstance(first, nodes.strong):
                return first.deepcopy()
            return None
    return None


def _solution_groups(section: nodes.section) -> list[tuple[nodes.strong | None, list[nodes.Node]]]:
    """(exercise name, nodes) of each solution in ``section``: a dropdown, or a run of cells."""
    groups: list[tuple[nodes.strong | None, list[nodes.Node]]] = []
    for parent in [section, *section.findall(nodes.section, include_self=False)]:
        siblings = list(parent.children)
        previous_was_cell = False
        for at, node in enumerate(siblings):
            if _is_dropdown(node):
                groups.append((_exercise_name(siblings, at), [node]))
                previous_was_cell = False
            elif _is_solution_cell(node):
                if previous_was_cell:
                    groups[-1][1].append(node)
                else:
                    groups.append((_exercise_name(siblings, at), [node]))
                previous_was_cell = True
            else:
                previous_was_cell = False
    return groups


def _pointer(builder_format: str, label: str, title: str) -> nodes.paragraph:
    """Where an exercise's solution is: "Solution: page N" in LaTeX (the page is known only
    there), a link named like the folded block ("Solution") in an EPUB."""
    if builder_format == "latex":
        before, _brace, after = _("Solution: page {page}").partition("{page}")
        latex = (
            rf"\hyperref[{label}]{{{texescape.escape(before, 'xelatex')}"
            rf"\pageref*{{{label}}}{texescape.escape(after, 'xelatex')}}}"
        )
        link: nodes.Node = nodes.raw("", latex, format="latex")
    else:
        link = nodes.reference("", title, internal=True, refid=label)
    return nodes.paragraph("", "", link, classes=["solution-pointer"])


class SolutionsAfterExercises(SphinxPostTransform):
    """PDF and EPUB: each exercises section ends with its solutions, named after their
    exercises; the site folds them instead (sphinx-design's dropdowns, hidden cells)."""

    default_priority = 150  # before sphinx-design turns dropdowns into <details> (199)

    def run(self, **kwargs: Any) -> None:
        builder = self.app.builder
        if builder.format != "latex" and not builder.name.startswith("epub"):
            return
        exercise_sections = [
            section
            for section in self.document.findall(nodes.section)
            if any(name.startswith(EXERCISES_PREFIX) for name in section["names"] + section["ids"])
        ]
        for number, section in enumerate(exercise_sections):
            self.move(section, number, builder.format)
        if builder.format != "latex":
            # myst-nb folds hidden cells into <details> whose <summary> holds paragraphs,
            # which EPUBCheck rejects; a book shows them (LaTeX ignores the folding)
            for cell in self.document.findall(nodes.container):
                if cell.get("nb_element") == "cell_code" and cell.get("hide_mode"):
                    cell["hide_mode"] = None

    def move(self, section: nodes.section, number: int, builder_format: str) -> None:
        groups = _solution_groups(section)
        if not groups:
            return
        solutions: list[nodes.Node] = [nodes.rubric("", _("Solutions"))]
        for index, (name, moved) in enumerate(groups):
            label = f"chainrule-solution-{number}-{index}"
            first = moved[0]
            rubric = first.next_node(nodes.rubric) if _is_dropdown(first) else None
            title = rubric.astext() if rubric is not None else _("Solutions")
            first.replace_self(_pointer(builder_format, label, title))
            for node in moved[1:]:
                node.parent.remove(node)
            if builder_format == "latex":
                heading = nodes.paragraph(
                    "", "", nodes.raw("", rf"\label{{{label}}}", format="latex")
                )
            else:
                heading = nodes.paragraph("", "", ids=[label])
            if name is not None:
                heading += name
            solutions.append(heading)
            for node in moved:
                if _is_dropdown(node):  # its own title ("Solution") is said by the heading
                    solutions.extend(
                        child for child in node.children if not isinstance(child, nodes.rubric)
                    )
                else:
                    solutions.append(node)
        section.extend(solutions)


class VerifiedTableWidths(SphinxPostTransform):
    """LaTeX: the verified table gets fixed column widths (per cent of the line).

    Without them LaTeX sizes the columns by their text and leaves the equations a narrow
    first column, where each wraps over several lines; the tolerance column is wide
    enough for "1.0 × 10⁻¹⁴".
    """

    default_priority = 150  # after verified_equations fills the table (4)
    formats = ("latex",)
    #: Equation, page, reference, tolerance, error in this build
    WIDTHS = (33, 14, 20, 15, 18)

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if "chainrule-verified" not in table["classes"]:
                continue
            colspecs = list(table.findall(nodes.colspec))
            if len(colspecs) == len(self.WIDTHS):
                for colspec, width in zip(colspecs, self.WIDTHS, strict=True):
                    colspec["colwidth"] = width
            table["classes"].append("colwidths-given")


#: A Hangul syllable.
HANGUL = re.compile(r"[\uac00-\ud7a3]")


class KoreanSpaceBeforeMarkup(SphinxPostTransform):
    """LaTeX, Korean: the space between a word and a link (or other markup) after it stays.

    With ``CJKspace=true`` xeCJK keeps a space between two Hangul syllables, but it drops a
    space after a syllable when a brace group comes next, as in the ``{\\hyperref...}`` of
    every cross-reference ("이 페이지에서는 [표기법]" printed "이 페이지에서는표기법").
    Such a space is written as a control space, which xeCJK leaves alone.
    """

    default_priority = 150
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if (self.config.language or "en") != "ko":
            return
        for text in list(self.document.findall(nodes.Text)):
            following = text.next_node(descend=False, siblings=True)
            stripped = text.rstrip(" ")
            if (
                following is None
                or isinstance(following, nodes.Text)
                or stripped == text
                or not HANGUL.match(stripped[-1:])
                or isinstance(text.parent, nodes.FixedTextElement)
            ):
                continue
            parent = text.parent
            at = parent.index(text)
            parent.replace(text, nodes.Text(stripped))
            parent.insert(at + 1, nodes.raw("", r"\ ", format="latex"))


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


def unwrap_lists_in_paragraphs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """EPUB: a paragraph holding only block elements gives way to them.

    Sphinx renders an autodoc "Returns" field with several values as
    ``<p><ul>...</ul></p>``, which browsers tolerate and EPUBCheck rejects.
    """
    if app.builder.name != "epub":
        return
    for paragraph in list(doctree.findall(nodes.paragraph)):
        children = paragraph.children
        if children and all(isinstance(child, nodes.Sequential) for child in children):
            paragraph.replace_self(list(children))


#: Stylesheets of the site that are written at ``build-finished``, after the EPUB
#: builder packed the book: myst-nb's (whose modern syntax EPUBCheck 4.2's CSS parser
#: rejects anyway) and icon_subset's (the book shows none of the site's icons).
LATE_STYLESHEETS = ("mystnb.", "icons.css")


def drop_late_css(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """EPUB: pages do not link the stylesheets the book would not hold (LATE_STYLESHEETS);
    the cells read well with Sphinx's own styles."""
    if app.builder.name != "epub":
        return
    context["css_files"] = [
        css
        for css in context.get("css_files", [])
        if not Path(str(getattr(css, "filename", css))).name.startswith(LATE_STYLESHEETS)
    ]


#: Equations rendered to SVG by imgmath, kept between EPUB builds and shared by the
#: languages (math is not translated): one LaTeX and one dvisvgm run per equation
#: otherwise make each book take minutes.
MATH_IMAGE_STORE = ROOT / "_build" / ".imgmath-cache"
MATH_IMAGE = re.compile(r"_images/math/(?P<name>[0-9a-f]{40}\.svg)")


def _math_image_dir(app: Sphinx) -> Path:
    return Path(app.builder.outdir) / app.builder.imagedir / "math"


def seed_math_images(app: Sphinx) -> None:
    """EPUB: the equations rendered by earlier builds wait where imgmath looks first."""
    if not app.builder.name.startswith("epub") or not MATH_IMAGE_STORE.is_dir():
        return
    target = _math_image_dir(app)
    target.mkdir(parents=True, exist_ok=True)
    for image in MATH_IMAGE_STORE.glob("*.svg"):
        if not (target / image.name).exists():
            shutil.copy2(image, target / image.name)


def keep_used_math_images(app: Sphinx) -> list:
    """EPUB, once every page is written and before the book is packed: new equation
    images go to the store, and the book keeps only the images its pages show."""
    if not app.builder.name.startswith("epub"):
        return []
    folder = _math_image_dir(app)
    if not folder.is_dir():
        return []
    used = {
        match["name"]
        for page in Path(app.builder.outdir).rglob(f"*{app.builder.out_suffix}")
        for match in MATH_IMAGE.finditer(page.read_text(encoding="utf8"))
    }
    MATH_IMAGE_STORE.mkdir(parents=True, exist_ok=True)
    for image in folder.glob("*.svg"):
        if not (MATH_IMAGE_STORE / image.name).exists():
            shutil.copy2(image, MATH_IMAGE_STORE / image.name)
        if image.name not in used:
            image.unlink()
    return []  # no pages of its own


def register_korean_for_latex() -> None:
    """Let the LaTeX writer accept Korean, whose names the preamble sets (LATEX_CAPTIONS).

    docutils' table of babel names has no ``ko``; Sphinx would then warn "no
    Babel option known for language 'ko'" (fatal under -W) although babel and
    polyglossia are both switched off for it.
    """
    Babel.language_codes.setdefault("ko", "korean")


def setup(app: Sphinx) -> dict:
    register_korean_for_latex()
    app.connect("config-inited", configure_editions, priority=800)
    app.connect("doctree-resolved", mark_parts_and_numbering)
    app.add_post_transform(SolutionsAfterExercises)
    app.add_post_transform(VerifiedTableWidths)
    app.add_post_transform(KoreanSpaceBeforeMarkup)
    app.connect("html-page-context", add_pdf_link)
    app.connect("build-finished", copy_pdf_into_site)
    app.connect("doctree-resolved", unwrap_lists_in_paragraphs)
    app.connect("html-page-context", drop_late_css)
    app.connect("builder-inited", seed_math_images)
    app.connect("html-collect-pages", keep_used_math_images)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
