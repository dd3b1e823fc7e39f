"""Sphinx configuration for the chainrule course notes.

One configuration serves every language of ``languages.toml``; the Makefile passes
``-D language=<code>`` for the translated builds and
``-d _build/doctrees/<lang>`` so the languages never share pickled doctrees.

Everything language dependent is decided in ``config-inited`` handlers
(e.g. ``docs/_ext/interface_catalogs.py``), because ``-D language=...`` is applied *after*
this file has been executed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
DOCS = ROOT / "docs"
EXT_DIR = DOCS / "_ext"
SRC_DIR = ROOT / "src"
BUILD_DIR = ROOT / "_build"

# The Sphinx process imports our extensions and (for autodoc) the engine
# without it being installed ...
for _path in (str(SRC_DIR), str(EXT_DIR)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

# ... and so do the Jupyter kernels that execute the pages: they inherit this
# process's environment, so page code can `from eqcheck import check`
# and `import chainrule` from the working tree.
_pythonpath = [str(EXT_DIR), str(SRC_DIR)]
_pythonpath += [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(_pythonpath))

# -- Project -----------------------------------------------------------------

project = "chainrule"
author = "the chainrule authors"
copyright = f"%Y, {author}"  # Sphinx substitutes %Y with the build year
language = "en"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    # our own, in docs/_ext
    "site_build",  # keeps myst-nb by-products out of the published folder
    "ipc_kernel",  # pages execute over Unix sockets (no TCP warning from every kernel)
    "execution_cache_repair",  # an unreadable cached notebook is dropped and re-executed
    "untranslated_parts",  # display math, cell outputs and docstrings stay out of catalogs
    "translated_glue",  # glued values inside translated paragraphs
    "interface_catalogs",  # theme, Sphinx and project interface words per language
    "language_switcher",  # the same page in the other languages
    "verified_equations",  # equations evaluated from their LaTeX (src/eqcheck), the table
    "api_links",  # :func:`chainrule.model_forward` finds chainrule.forward.model_forward
    "glossary_pages",  # {glossary-table}, {translation-progress}: translators' pages
    "data_dependencies",  # a page re-executes when a data file it reads changes
    "search_langs",  # Korean particles and Traditional Chinese terms in the search index
    "accessibility",  # figure alt texts in the catalogs, English parts marked lang="en"
    "translation_notice",  # an incomplete ko/zh_TW page says so at its top
    "catalog_guard",  # a translated build fails on images/links/roles/directives added
    "site_search",  # the search page: a Pagefind index, math as readable text
    "sphinx_design",  # {dropdown}: folded solutions of the exercises
    "notebook_export",  # pages and exercises as .ipynb in the page's language
    "typeset_math",  # math typeset at build time (MathJax in Node), no MathJax in the browser
    "unchanged_rebuild",  # compiled templates and figure numbers kept when no page changed
    "icon_subset",  # the few theme icons as CSS masks instead of FontAwesome's whole script
    "page_images",  # images sized, and lazy below the first screen
    "lazy_rendering",  # sections laid out when they near the screen; lazy tab stops
    "late_scripts",  # the theme's and Sphinx's scripts start after the page has loaded
    "print_editions",  # PDF (LaTeX) and EPUB per language; the sidebar's PDF link
]

exclude_patterns = [
    "_build",
    "_ext",
    "_templates",
    "_static",
    "**.ipynb_checkpoints",
    "**/README.md",
]
templates_path = [str(DOCS / "_templates")]

# Strictness: the Makefile builds with -W --keep-going -n.
nitpicky = True
# Types written in numpydoc docstrings that are prose, not importable classes.
nitpick_ignore_regex = [
    # no intersphinx (the build is offline): NumPy and standard-library names
    # in signatures and docstrings cannot be linked
    ("py:.*", r"(numpy|np)[. ].*"),
    ("py:class", r"(collections\.abc|typing)\.\w+"),
    ("py:class", r"(numpy\.|np\.)?ndarray"),
    ("py:class", r"array[_ ]like"),
    ("py:class", r"optional"),
    ("py:class", r"default.*"),
    ("py:class", r"shape \(.*\)"),
    ("py:class", r"\(.*\)"),
    ("py:class", r"callable|Callable"),
    ("py:class", r"(numpy\.|np\.)?(random\.)?Generator"),
    ("py:class", r"(numpy\.|np\.)?(float|int)(32|64)?"),
    ("py:class", r"numpy\.typing\..*|npt\..*|NDArray.*"),
]

# -- MyST / MyST-NB ------------------------------------------------------------

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
# Raw HTML (e.g. from a translator's msgstr) is escaped, never passed through.
myst_disable_syntax = ["html_inline", "html_block"]

nb_execution_mode = "cache"
nb_execution_cache_path = str(BUILD_DIR / ".jupyter_cache")
nb_execution_timeout = 120
nb_execution_raise_on_error = False  # a failing cell is a warning -> -W fails
nb_execution_show_tb = True  # ... and the traceback is in the console log
nb_output_stderr = "warn"
# The labelled equations of each page, for its kernel (docs/_ext/verified_equations.py)
eqcheck_equations_dir = str(BUILD_DIR / "equations")
# Markdown that page code displays (dimension tables, check records) is MyST.
nb_render_markdown_format = "myst"
# nb_output_folder is not a user setting in myst-nb 1.4; site_build moves the
# folder out of the published HTML (see there).

# -- Math ----------------------------------------------------------------------

numfig = True
math_numfig = True
math_eqref_format = "({number})"

# Equations are typeset while the site is built (docs/_ext/typeset_math.py, MathJax 4
# from the pinned npm packages, `make mathjax`): pages carry finished markup and MathML,
# the browser runs no MathJax. One Node process per build; its cache, shared by the
# three languages, lives beside the execution cache, outside the published folder.
html_math_renderer = "typeset"
typeset_math_cache = str(BUILD_DIR / ".math-cache" / "equations.json")

# -- autodoc / napoleon ----------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# -- gettext ---------------------------------------------------------------------

# Absolute, so Sphinx (which resolves it from the source dir) and sphinx-intl
# (which resolves it from the config dir) agree.  interface_catalogs appends the
# project's own theme catalogs (docs/_ext/theme_locale) after this entry.
locale_dirs = [str(ROOT / "locale")]
gettext_compact = False
gettext_uuid = False
gettext_location = True
# Deliberately NOT gettext_additional_targets = ["literal-block"]: code and
# outputs would enter the catalogs and translated code renders as "::".

# -- HTML ------------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "chainrule"
html_static_path = [str(DOCS / "_static")]
html_css_files = ["chainrule.css", "reader.css"]
html_favicon = str(DOCS / "_static" / "favicon.svg")
html_context = {"default_mode": "auto"}
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = True
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": True,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
# The search field is in the page header already (pydata-sphinx-theme 0.20).
html_sidebars = {"**": ["navbar-logo.html", "lang-switcher.html", "sidebar-nav.html"]}

# -- LaTeX (PDF) -------------------------------------------------------------------
# `make pdf`: XeLaTeX through latexmk.  Title, fonts (DejaVu + Noto CJK via
# xeCJK), captions and chapter heads per language: docs/_ext/print_editions.py.

latex_engine = "xelatex"
latex_use_xindy = False  # xindy fails on Korean; makeindex is enough here
latex_show_urls = "footnote"
latex_show_pagerefs = False
latex_domain_indices = False  # the API page lists the engine's functions already
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "figure_align": "H",  # a figure stays next to the text that explains it
    "sphinxsetup": "TitleColor={rgb}{0.1,0.1,0.1}",
}
# latex_documents is set per language by print_editions (translated title).
# The sidebar links this language's PDF when `make pdf` built it before the site.
html_sidebars["**"] = [*html_sidebars["**"], "pdf-download.html"]

# -- EPUB --------------------------------------------------------------------------
# `make epub` passes -t epub: e-readers run no MathJax, so math becomes SVG
# images (imgmath, LaTeX + dvisvgm).  epub_basename is set per language by
# print_editions (chainrule-<lang>): Sphinx drops CJK characters from file names.

if tags.has("epub"):  # noqa: F821 (tags is given to conf.py by Sphinx)
    from importlib.metadata import version as _package_version

    extensions.append("sphinx.ext.imgmath")
    # not the site's renderer (typeset_math: MathJax's HTML markup, its stylesheet, fonts)
    html_math_renderer = "imgmath"
    version = release = _package_version("chainrule")  # EPUB 3 requires a version
    imgmath_image_format = "svg"
    imgmath_use_preview = True
    imgmath_font_size = 14
epub_show_urls = "footnote"
epub_exclude_files = ["search.html"]
