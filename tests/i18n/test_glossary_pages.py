"""docs/_ext/glossary_pages.py: the glossary table and the translation-progress table.

A small Sphinx project in a temporary folder holds the real pages docs/glossary.md,
docs/translating.md and docs/translation-progress.md and its own locale folder; it is built
in-process (myst-parser only, no notebooks) with the gettext and html builders.
"""

import csv
import os
import re
import shutil
import time
from io import StringIO
from pathlib import Path

import polib
import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["glossary", "translating", "translation-progress"]

CONF = """
import sys
sys.path.insert(0, {ext!r})
extensions = ["myst_parser", "glossary_pages"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_disable_syntax = ["html_inline", "html_block"]
locale_dirs = [{locale!r}]
gettext_compact = False
exclude_patterns = ["_build"]
"""
INDEX = "# Test site\n\n```{toctree}\nglossary\ntranslating\ntranslation-progress\n```\n"


def make_catalog(path, language, entries):
    """entries: (msgid, msgstr, fuzzy)."""
    po = polib.POFile()
    po.metadata = {
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for msgid, msgstr, fuzzy in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"] if fuzzy else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


@pytest.fixture
def site(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for page in PAGES:
        shutil.copy(ROOT / "docs" / f"{page}.md", src)
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    locale = tmp_path / "locale"
    locale.mkdir()
    (src / "conf.py").write_text(
        CONF.format(ext=str(ROOT / "docs" / "_ext"), locale=str(locale)), encoding="utf-8"
    )
    return tmp_path


def build(site, builder, language="en", out=None):
    warnings = StringIO()
    with docutils_namespace():  # each app registers its directives and roles afresh
        app = Sphinx(
            srcdir=site / "src",
            confdir=site / "src",
            outdir=site / "out" / (out or builder),
            doctreedir=site / "doctrees" / (out or builder),
            buildername=builder,
            confoverrides={"language": language},
            status=None,
            warning=warnings,
        )
        app.build()
    assert warnings.getvalue() == "", warnings.getvalue()
    # Age the catalogs, so that only a catalog written after this build is newer than it.
    past = time.time() - 60
    for path in (site / "locale").rglob("*.po"):
        os.utime(path, (past, past))
    return site / "out" / (out or builder)


def glossary_rows():
    with (ROOT / "locale" / "glossary.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def progress_rows(html):
    """The progress tables as {language heading: [[cell, ...], ...]}."""
    tables = {}
    for heading, table in re.findall(
        r'<p class="rubric">(.*?)</p>\s*(<table.*?</table>)', html, re.S
    ):
        rows = re.findall(r"<tr.*?</tr>", table, re.S)
        cells = [
            [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh].*?</t[dh]>", r, re.S)]
            for r in rows
        ]
        tables[re.sub(r"<[^>]+>", "", heading)] = cells[1:]  # without the heading row
    return tables


def test_glossary_cells_never_reach_the_catalogs(site):
    out = build(site, "gettext")
    pot = (out / "glossary.pot").read_text(encoding="utf-8")
    assert 'msgid "Glossary"' in pot  # the page's own prose is translatable ...
    catalogs = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.pot"))
    for row in glossary_rows():  # ... the table is not
        for column in ("ko", "zh_TW", "note"):
            if row[column]:
                assert f'"{row[column]}"' not in catalogs, row
        assert f'msgid "{row["en"]}"' not in catalogs
    for heading in ("English", "한국어", "繁體中文", "Untranslated", "Total"):
        assert f'msgid "{heading}"' not in catalogs


def test_glossary_table_in_english_lists_every_language(site):
    html = (build(site, "html") / "glossary.html").read_text(encoding="utf-8")
    rows = glossary_rows()
    assert html.count('<tr class="row-') == len(rows) + 1
    for heading in ("English", "한국어", "繁體中文"):
        assert f"<p>{heading}</p>" in html
    for row in rows[:5]:
        for column in ("en", "ko", "zh_TW"):
            assert f"<p>{row[column]}</p>" in html
    notes = [row["note"] for row in rows if len(row["note"]) > 20]  # not "y", "α"
    assert notes and not any(note in html for note in notes)  # notes: translating guide


def test_glossary_table_in_a_translated_build_pairs_the_term_with_english(site):
    intro = polib.pofile(str(build(site, "gettext") / "glossary.pot"))[1].msgid
    make_catalog(site / "locale/ko/LC_MESSAGES/glossary.po", "ko", [(intro, "용어집 소개.", False)])
    html = (build(site, "html", "ko", out="html-ko") / "glossary.html").read_text(encoding="utf-8")
    assert "용어집 소개." in html  # the catalog is used ...
    rows = glossary_rows()
    assert html.count('<tr class="row-') == len(rows) + 1  # ... and the table is complete
    for row in rows[:5]:
        term = f'<td class="glossary-term"><p>{row["ko"]}</p></td>'
        english = f'<td class="glossary-english" lang="en"><p>{row["en"]}</p></td>'
        assert term + english in html.replace("\n", ""), row
    assert not any(f"<p>{row['zh_TW']}</p>" in html for row in rows if row["zh_TW"] != row["en"])
    assert not any(row["note"] in html for row in rows if len(row["note"]) > 20)
    assert 'id="glossary-gradient-descent"' in html


def test_progress_follows_the_catalogs_between_builds(site):
    catalog = site / "locale/ko/LC_MESSAGES/glossary.po"
    make_catalog(catalog, "ko", [("One", "하나", False), ("Two", "둘", True), ("Three", "", False)])
    make_catalog(site / "locale/ko/LC_MESSAGES/sphinx.po", "ko", [("Languages", "언어", False)])
    html = (build(site, "html") / "translation-progress.html").read_text(encoding="utf-8")
    assert progress_rows(html) == {
        "한국어 (ko)": [
            ["Glossary", "1", "1", "1", "3", "33 %"],
            ["sphinx", "1", "0", "0", "1", "100 %"],
            ["Total", "2", "1", "1", "4", "50 %"],
        ]
    }
    assert 'href="glossary.html"' in html  # a catalog of a page links to the page (its title)

    # An edited catalog: the page is re-read (the catalogs are its dependencies).
    make_catalog(
        catalog, "ko", [("One", "하나", False), ("Two", "둘", False), ("Three", "셋", False)]
    )
    html = (build(site, "html") / "translation-progress.html").read_text(encoding="utf-8")
    assert progress_rows(html)["한국어 (ko)"][0] == ["Glossary", "3", "0", "0", "3", "100 %"]

    # A new language: the page is re-read too (env-get-outdated).
    make_catalog(site / "locale/zh_TW/LC_MESSAGES/index.po", "zh_TW", [("Test site", "", False)])
    html = (build(site, "html") / "translation-progress.html").read_text(encoding="utf-8")
    assert progress_rows(html) == {
        "한국어 (ko)": [
            ["Glossary", "3", "0", "0", "3", "100 %"],
            ["sphinx", "1", "0", "0", "1", "100 %"],
            ["Total", "4", "0", "0", "4", "100 %"],
        ],
        "繁體中文 (zh_TW)": [
            ["Test site", "0", "0", "1", "1", "0 %"],
            ["Total", "0", "0", "1", "1", "0 %"],
        ],
    }
