"""A language added only through ``languages.toml`` is built, switched to, chosen and searched.

A copy of the repository gets one more ``[[language]]`` entry (Esperanto, ``eo``) and a
copy of the English text as its catalogs (every msgstr = its msgid); nothing else changes.
``make html-en html-eo html-root`` in the copy (the Makefile asks the declaration for its
targets) must build it strictly, and the language switcher of an English page, the root
chooser, the translation-progress page and the search index must all know it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]

NEW_LANGUAGE = """
[[language]]
code = "eo"
tag = "eo"
name = "Esperanto"
read_in = "Legu la notojn en Esperanto"
tagline = "Retropropagado, kontrolita"
author = "la aŭtoroj de chainrule"
browser_tags = ["eo"]
search_words = "english"
"""


def copy_repository(target: Path) -> None:
    """The files git knows, with the build's environment linked (not rebuilt)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for shared in (".venv", "node_modules"):
        (target / shared).symlink_to(ROOT / shared)
    cache = ROOT / "_build" / ".jupyter_cache"
    if cache.is_dir():  # the notebooks' outputs: the copy executes nothing it need not
        shutil.copytree(cache, target / "_build" / ".jupyter_cache")


def english_catalogs(source: Path, target: Path) -> int:
    """Catalogs whose translations are the English text itself; returns how many messages."""
    target.mkdir(parents=True)
    count = 0
    for path in sorted(source.glob("*.po")):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            count += 1
        catalog.metadata["Language"] = "eo"
        catalog.save(str(target / path.name))
    return count


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if not (ROOT / ".venv").is_dir() or not (ROOT / "node_modules").is_dir():
        pytest.skip("needs the set-up checkout (make setup, make mathjax)")
    tree = tmp_path_factory.mktemp("new-language")
    copy_repository(tree)
    with (tree / "languages.toml").open("a", encoding="utf-8") as f:
        f.write(NEW_LANGUAGE)
    messages = english_catalogs(
        ROOT / "locale" / "ko" / "LC_MESSAGES", tree / "locale" / "eo" / "LC_MESSAGES"
    )
    assert messages > 500
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPHINX")}
    stamps = ["-o", ".venv/.installed-stamp", "-o", "node_modules/.installed-stamp"]
    result = subprocess.run(
        ["make", "--no-print-directory", *stamps, "html-en", "html-eo", "html-root"],
        cwd=tree,
        capture_output=True,
        text=True,
        env=env,
        timeout=1500,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return tree / "_build" / "html"


def test_the_new_language_is_built_strictly(site):
    page = (site / "eo" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="eo"' in page
    assert "la aŭtoroj de chainrule" in page  # the footer's authors, from the declaration


def test_the_switcher_of_an_english_page_offers_it(site):
    page = (site / "en" / "training.html").read_text(encoding="utf-8")
    assert 'hreflang="eo"' in page
    assert "../eo/training.html" in page
    assert "Esperanto" in page


def test_the_root_chooser_knows_it(site):
    root = (site / "index.html").read_text(encoding="utf-8")
    assert '["eo", ["eo"]]' in root  # the browser tags the chooser sends to eo/
    assert 'href="eo/index.html"' in root
    assert "Legu la notojn en Esperanto" in root


def test_the_progress_page_counts_its_catalogs(site):
    page = (site / "en" / "translation-progress.html").read_text(encoding="utf-8")
    assert "Esperanto (eo)" in page
    assert "100 %" in page.split("Esperanto (eo)", 1)[1]


def test_search_indexes_it(site):
    entry = json.loads((site / "eo" / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["eo"]["page_count"] > 10  # Pagefind indexed its pages as eo
    query = (site / "eo" / "pagefind" / "chainrule-query.js").read_text(encoding="utf-8")
    assert "var STOPWORDS" in query  # the query helpers of its search_words ("english")
