# chainrule: one entry point. `make site` and `make test` are the two commands of the README.
# Everything runs from a virtual environment inside the checkout (.venv), created on demand.

PY      ?= .venv/bin/python
PYTHON3 ?= python3
VENV_STAMP := .venv/.installed-stamp

.PHONY: setup test lint format unit bench bench-site clean

## setup: create .venv and install the package with its docs and test extras
setup: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	$(PYTHON3) -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e '.[docs,test]'
	touch $@

## lint: ruff, as configured in pyproject.toml
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

## format: apply ruff's formatting
format: setup
	$(PY) -m ruff format .

## unit: the engine's unit tests only (fast)
unit: setup
	$(PY) -m pytest tests/engine

## test: everything CI checks: lint, the three PDFs (make pdf, with their checks), the
## strict build of the whole site (all languages, re-reading every page with -E so no
## warning hides in an incremental build; notebooks come from the execution cache when
## unchanged; built after the PDFs, which it links), then the whole test suite
test: setup lint
	$(MAKE) --no-print-directory pdf SPHINXOPTS="$(SPHINXOPTS) -E"
	@# English pages written again (not re-read): they now link the PDF
	$(MAKE) --no-print-directory html-en SPHINXOPTS="$(SPHINXOPTS) -a"
	$(MAKE) --no-print-directory $(addprefix html-,$(TRANSLATIONS)) SPHINXOPTS="$(SPHINXOPTS) -E"
	$(MAKE) --no-print-directory html-root
	$(PY) -m pytest

clean:
	rm -rf _build .pytest_cache .hypothesis

# ---- the site ----
# Sources in docs/, configuration in ./conf.py, the languages in ./languages.toml, one
# output folder per language: _build/html/<code>/ + _build/html/index.html (language chooser)
# Doctrees per language in _build/doctrees/<lang> and the notebook execution
# cache in _build/.jupyter_cache: never inside the published _build/html.
# English is built first; the translations reuse its execution cache (the cache key
# is code + kernelspec), so they execute no notebook.

SPHINXBUILD    = $(PY) -m sphinx
SPHINXOPTS    ?= -W --keep-going -n
# parallel reading also runs notebooks in parallel (tested: same result, ~1.5x
# faster on 2 cores); SPHINXJOBS=1 for a serial build
SPHINXJOBS    ?= auto
SITE_LANGS    := $(shell $(PYTHON3) docs/_ext/site_languages.py codes)
TRANSLATIONS  := $(shell $(PYTHON3) docs/_ext/site_languages.py translations)
HTMLDIR        = _build/html
GETTEXTDIR     = _build/gettext
LOCALEDIR      = $(CURDIR)/locale
NPM           ?= npm
MATHJAX_STAMP  = node_modules/.installed-stamp
SITE_PORT     ?= 8000

.PHONY: html $(addprefix html-,$(SITE_LANGS)) html-root site serve gettext intl-update mathjax clean-site

## html: the whole site, all languages (English first, to fill the cache)
html: html-en
	$(MAKE) --no-print-directory $(addprefix html-,$(TRANSLATIONS))
	$(MAKE) --no-print-directory html-root

## html-en, html-ko, ...: one language (html-en is the authors' fast path)
$(addprefix html-,$(SITE_LANGS)): html-%: setup $(MATHJAX_STAMP)
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -j $(SPHINXJOBS) -c . -d _build/doctrees/$* \
		-D language=$* docs $(HTMLDIR)/$*

## html-root: _build/html/index.html sends readers to their browser's language
html-root:
	$(PYTHON3) tools/make_root_index.py $(HTMLDIR)

## site: set up, build everything, serve on http://127.0.0.1:$(SITE_PORT)
site: setup html serve

serve:
	@echo "Serving $(HTMLDIR) on http://127.0.0.1:$(SITE_PORT)/ (Ctrl+C to stop)"
	$(PY) -m http.server --bind 127.0.0.1 --directory $(HTMLDIR) $(SITE_PORT)

## gettext: extract .pot catalogs into _build/gettext.
## Figure captions of glued figures ({glue:figure}) exist only once a page's outputs do, so
## with nb_execution_mode=off they would be missing from the catalogs. Instead the English
## build fills the execution cache first, and the gettext builder reads its outputs from
## that cache: it executes no notebook itself.
gettext: html-en
	rm -rf $(GETTEXTDIR)
	$(SPHINXBUILD) -b gettext -E $(SPHINXOPTS) -c . -d _build/doctrees/gettext \
		-D nb_execution_mode=cache docs $(GETTEXTDIR)
	@# template strings: translated in docs/_ext/theme_locale, not by page translators
	rm -f $(GETTEXTDIR)/sphinx.pot

## intl-update: create/update locale/<code>/LC_MESSAGES/*.po from the .pot, every translation
intl-update: gettext
	$(PY) -m sphinx_intl update -p $(GETTEXTDIR) -d $(LOCALEDIR) $(addprefix -l ,$(TRANSLATIONS))

## mathjax: the npm packages of package-lock.json (MathJax 4 and its font, typesetting the
## equations while the site is built; Lighthouse for `make bench-lighthouse`) in node_modules.
## The site serves only the stylesheet and fonts its equations use (docs/_ext/typeset_math.py).
mathjax: $(MATHJAX_STAMP)

$(MATHJAX_STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	@# the browser copy of MathJax that earlier versions served from here is not used now
	rm -rf docs/_static/mathjax
	touch $@

clean-site:
	rm -rf _build/html _build/doctrees _build/gettext _build/.jupyter_cache _build/.math-cache

# ---- benchmarks ----
# bench: the engine against the GEMM floor, PyTorch and scikit-learn (a few minutes).
# Installs the package with its bench extra (torch==2.13.0, scikit-learn, threadpoolctl)
# into .venv when pyproject.toml changes, prints the table and the targets and rewrites
# benchmarks/results/latest.json. Smoke test, no JSON written: make bench BENCH_ARGS=--quick
BENCH_ARGS  ?=
BENCH_STAMP := .venv/.bench-installed-stamp

bench: $(BENCH_STAMP)
	$(PY) -m benchmarks $(BENCH_ARGS)

$(BENCH_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON3) -m venv .venv
	$(PY) -m pip install --quiet -e '.[bench]'
	touch $@

# ---- translations ----
# check-po: check every catalog locale/<lang>/LC_MESSAGES/*.po with tools/check_po.py
# (msgfmt --check, roles, math, code, URLs, raw HTML, glossary; see docs/translating.md).
# Output: file:line: severity: [rule] message. Work in progress, where untranslated and
# fuzzy messages are only warnings: make check-po PO_OPTS=--partial
PO_OPTS ?=

.PHONY: check-po
check-po: setup
	$(PY) tools/check_po.py locale $(PO_OPTS)

# bench-site: cold, three-language, unchanged and .po-edit builds of a fresh copy of the
# sources, timed in one run, with the notebooks each build executed (a few minutes).
bench-site: setup $(MATHJAX_STAMP)
	$(PY) -m benchmarks.site_build

# ---- printable editions: PDF and EPUB ----
# pdf: _build/pdf/chainrule-<code>.pdf for each language of languages.toml, with Sphinx's
# LaTeX builder and XeLaTeX
# (latexmk), from the execution cache that html-en fills: tools/build_pdf.py fails when
# a notebook is executed, XeLaTeX misses a glyph, a reference stays undefined or a font is
# not embedded (tools/check_pdf.py). Needs Debian's TeX Live and Noto CJK (see README).
# Built before `make html`, each language's PDF is copied into its site and linked from
# the sidebar. LaTeX sources and logs: _build/latex/<lang>/.
# epub: _build/epub/chainrule-<lang>.epub, math as SVG (imgmath + dvisvgm), checked with
# Debian's epubcheck (a jar, run with java -jar: binfmt is not available everywhere).
PDFDIR       = _build/pdf
EPUBDIR      = _build/epub
EPUBCHECK   ?= java -jar /usr/share/java/epubcheck.jar

.PHONY: pdf epub $(addprefix pdf-,$(SITE_LANGS)) $(addprefix epub-,$(SITE_LANGS))

pdf: html-en
	$(MAKE) --no-print-directory $(addprefix pdf-,$(SITE_LANGS))

$(addprefix pdf-,$(SITE_LANGS)): pdf-%: setup
	$(PY) tools/build_pdf.py $* --sphinx-opts "$(SPHINXOPTS) -j $(SPHINXJOBS)"

epub: html-en
	$(MAKE) --no-print-directory $(addprefix epub-,$(SITE_LANGS))

$(addprefix epub-,$(SITE_LANGS)): epub-%: setup
	@# a fresh folder: the EPUB packs every file it finds there
	rm -rf $(EPUBDIR)/$*
	$(SPHINXBUILD) -b epub -t epub $(SPHINXOPTS) -j $(SPHINXJOBS) -c . \
		-d _build/doctrees/epub-$* -D language=$* docs $(EPUBDIR)/$*
	cp $(EPUBDIR)/$*/chainrule-$*.epub $(EPUBDIR)/
	$(EPUBCHECK) $(EPUBDIR)/chainrule-$*.epub

# bench-lighthouse: Lighthouse (npm, pinned) with Debian's chromium, mobile emulation, on the
# index and one chapter per language of the built site (_build/html, served with gzip);
# writes benchmarks/results/lighthouse.json. Build first: make html. Fewer runs per page
# (default 3, the median is kept): make bench-lighthouse LIGHTHOUSE_ARGS=--runs=1
LIGHTHOUSE_ARGS ?=

.PHONY: bench-lighthouse
bench-lighthouse: setup $(MATHJAX_STAMP)
	$(PY) -m benchmarks.lighthouse $(LIGHTHOUSE_ARGS)
