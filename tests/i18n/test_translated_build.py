"""The real Korean build (conf.py and all its extensions) on a small project and its catalogs.

* An incomplete page carries the translation notice with its percentage and links; a
  complete one does not (docs/_ext/translation_notice.py).
* A catalog that adds an image, a link target, a role target or a directive fails the
  strict build, naming the catalog and the line (docs/_ext/catalog_guard.py).

The catalogs are made the way translators get them: ``make gettext``'s builder on the
project, then a ``.po`` per page filled with Korean.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "docs"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from site_project import Project, new_project_factory  # noqa: E402

from pocheck.catalogs import msgstr_lines as catalog_msgstr_lines  # noqa: E402

INDEX = """\
# Test notes

```{toctree}
page
translating
```
"""
PAGE = """\
(sec-first)=
# A page about weights

The weights start small.

(sec-second)=
## Where the bias goes

See [NumPy](https://numpy.org/) for arrays.

The update is described in {ref}`sec-first`.

The last paragraph ends the page.
"""
TRANSLATING = "# Translating\n\nHow to translate the notes.\n"

#: English message -> Korean translation (every message of the three pages).
KOREAN = {
    "Test notes": "테스트 노트",
    "A page about weights": "가중치에 관한 페이지",
    "The weights start small.": "가중치는 작게 시작한다.",
    "Where the bias goes": "편향이 들어가는 곳",
    "See [NumPy](https://numpy.org/) for arrays.": "배열은 [NumPy](https://numpy.org/)를 보라.",
    "The update is described in {ref}`sec-first`.": "업데이트는 {ref}`sec-first`에서 설명한다.",
    "The last paragraph ends the page.": "마지막 문단으로 페이지가 끝난다.",
    "Translating": "번역",
    "How to translate the notes.": "노트를 번역하는 방법.",
}

#: rule -> (English message, hostile Korean translation of it)
HOSTILE = {
    "image": (
        "The weights start small.",
        "가중치는 작게 시작한다. ![](https://evil.example/t.png)",
    ),
    "url": (
        "See [NumPy](https://numpy.org/) for arrays.",
        "배열은 [NumPy](https://numpy.org/)를 보라. [더 보기](https://evil.example/)",
    ),
    "role": (
        "The update is described in {ref}`sec-first`.",
        "업데이트는 {ref}`sec-second`에서 설명한다.",
    ),
    "directive": (
        "The last paragraph ends the page.",
        "마지막 문단으로 페이지가 끝난다.\n\n```{image} https://evil.example/t.png\n```",
    ),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    project = new_project_factory(tmp_path_factory)("translated-build")
    project.write("index.md", INDEX)
    project.write("page.md", PAGE)
    project.write("translating.md", TRANSLATING)
    gettext = project.build("en", "gettext")
    assert gettext.returncode == 0, gettext.log[-3000:]
    return project


def write_catalogs(project: Project, changes: dict[str, tuple[str, bool]]) -> dict[str, Path]:
    """Korean catalogs from the project's .pot files; ``changes``: msgid -> (msgstr, fuzzy).

    Returns msgid -> the catalog holding it.
    """
    folder = project.locale / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*"):
        old.unlink()
    where: dict[str, Path] = {}
    for pot in sorted((project.root / "_build" / "gettext").glob("*.pot")):
        if pot.stem == "sphinx":
            continue  # template strings: the site's own theme catalogs (as in `make gettext`)
        po = polib.pofile(str(pot))
        po.metadata["Language"] = "ko"
        for entry in po:
            assert entry.msgid in KOREAN, f"no Korean for {entry.msgid!r}: update KOREAN"
            msgstr, fuzzy = changes.get(entry.msgid, (KOREAN[entry.msgid], False))
            entry.msgstr = msgstr
            if fuzzy:
                entry.flags.append("fuzzy")
            where[entry.msgid] = folder / f"{pot.stem}.po"
        po.save(str(folder / f"{pot.stem}.po"))
    return where


def msgstr_line(catalog: Path, msgid: str) -> int:
    """The line of ``msgid``'s msgstr in ``catalog`` (as the checker reports it)."""
    po = polib.pofile(str(catalog))
    entry = po.find(msgid)
    lines = catalog.read_text(encoding="utf-8").splitlines()
    return catalog_msgstr_lines(lines, entry)[0]


def notice_of(html: str) -> str | None:
    match = re.search(r'<div class="[^"]*chainrule-translation-notice.*?</div>', html, re.DOTALL)
    return match.group(0) if match else None


def test_complete_catalogs_build_without_notice(project):
    write_catalogs(project, {})
    build = project.build("ko")
    assert build.returncode == 0, build.log[-3000:]
    page = (build.outdir / "page.html").read_text(encoding="utf-8")
    assert "가중치는 작게 시작한다." in page
    assert notice_of(page) is None


def test_fuzzy_message_shows_notice_with_percentage(project):
    fuzzy = "The last paragraph ends the page."
    write_catalogs(project, {fuzzy: (KOREAN[fuzzy], True)})
    build = project.build("ko")
    assert build.returncode == 0, build.log[-3000:]  # an incomplete catalog still builds
    page = (build.outdir / "page.html").read_text(encoding="utf-8")
    assert fuzzy in page  # Sphinx shows the English text of a fuzzy entry
    notice = notice_of(page)
    assert notice is not None, "no translation notice on an incomplete page"
    messages = [m for m in KOREAN if m in PAGE]  # the page's own messages
    expected = 100 * (len(messages) - 1) // len(messages)
    assert f"{expected} %만 번역되었다" in notice, notice
    assert f"전체 {len(messages)}개 부분 중 1개" in notice, notice
    assert 'href="../en/page.html"' in notice
    assert 'href="translating.html"' in notice
    assert 'lang="ko"' in notice
    # the other pages are complete
    index = (build.outdir / "index.html").read_text(encoding="utf-8")
    assert notice_of(index) is None


def test_each_hostile_addition_fails_the_build_naming_catalog_and_line(project):
    where = write_catalogs(project, {msgid: (msgstr, False) for msgid, msgstr in HOSTILE.values()})
    build = project.build("ko")
    assert build.returncode != 0, build.log[-3000:]
    for rule, (msgid, _msgstr) in HOSTILE.items():
        catalog = where[msgid]
        line = msgstr_line(catalog, msgid)
        pattern = rf"{re.escape(catalog.name)}:{line}: WARNING: \[{rule}\] "
        assert re.search(pattern, build.log), f"no [{rule}] warning at line {line}:\n{build.log}"


def test_only_a_catalog_that_passed_is_remembered_so_a_refusal_comes_back(project):
    """The guard remembers catalogs that passed (by digest) and skips them next time; a
    refused catalog is checked, and the build fails, every time until it is fixed."""
    msgid, msgstr = HOSTILE["url"]
    where = write_catalogs(project, {msgid: (msgstr, False)})
    for _ in range(2):
        build = project.build("ko")
        assert build.returncode != 0, build.log[-3000:]
        assert (
            f"{where[msgid].name}:{msgstr_line(where[msgid], msgid)}: WARNING: [url]" in build.log
        )
    record = project.root / "_build" / "doctrees" / "html-ko" / "catalogs-passed.json"
    passed = json.loads(record.read_text())
    assert str(where[msgid]) not in passed and passed, passed
    write_catalogs(project, {})
    assert project.build("ko").returncode == 0
    assert str(where[msgid]) in json.loads(record.read_text())
