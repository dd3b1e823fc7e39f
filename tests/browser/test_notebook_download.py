"""A reader downloads a page and its exercises as notebooks from the download menu."""

from __future__ import annotations

import re

import nbformat
import pytest
from site_checks import DESKTOP

HANGUL = re.compile("[\uac00-\ud7a3]")
HAN = re.compile("[\u4e00-\u9fff]")

CASES = [
    # language, page, menu item, file, the menu item's words
    ("ko", "vectorization", "download-notebook-button", "vectorization.ipynb", "주피터 노트북"),
    (
        "zh_TW",
        "building-blocks",
        "download-exercises-button",
        "building-blocks.exercises.ipynb",
        "練習題",
    ),
]


@pytest.mark.parametrize(("lang", "page_name", "button", "filename", "words"), CASES)
def test_download_menu_gives_a_notebook_in_the_page_language(
    browser, base_url, screenshots, lang, page_name, button, filename, words
):
    locale = {"ko": "ko-KR", "zh_TW": "zh-TW"}[lang]
    context = browser.new_context(viewport=DESKTOP, locale=locale, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{lang}/{page_name}.html")
        page.locator(".dropdown-download-buttons button.dropdown-toggle").click()
        item = page.locator(f".dropdown-download-buttons a.btn-{button}")
        item.wait_for(state="visible")
        # Bootstrap moves the title into data-bs-original-title once its tooltip is set up
        tooltip = item.get_attribute("title") or item.get_attribute("data-bs-original-title")
        assert words in (tooltip or "") + item.inner_text()
        page.screenshot(path=str(screenshots / f"{lang}-{page_name}-download-menu.png"))
        with page.expect_download() as info:
            item.click()
        download = info.value
        assert download.suggested_filename == filename
        notebook = nbformat.read(download.path(), as_version=4)
    finally:
        context.close()

    nbformat.validate(notebook)
    assert notebook.metadata["chainrule"]["language"] == lang
    assert notebook.metadata["chainrule"]["page"] == page_name
    prose = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    if lang == "ko":
        assert len(HANGUL.findall(prose)) > 200
    else:
        assert len(HAN.findall(prose)) > 200 and not HANGUL.search(prose)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    if "exercises" in filename:
        assert f'set_language("{lang}")' in code[0].source
        solutions = [c for c in code if "exercise-solution" in c.metadata.get("tags", [])]
        assert solutions and all("raise NotImplementedError" in c.source for c in solutions)
    else:
        assert any(c.outputs for c in code)  # this build's outputs came along
