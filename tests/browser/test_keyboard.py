"""Boxes that scroll (wide equations, code) are reached by the keyboard, measured lazily.

At 375 px many equations are wider than the page; ``_static/tab-stops.js`` makes each box
that scrolls focusable (``tabindex="0"``), which axe-core's ``scrollable-region-focusable``
rule asks for.  Without the script, axe reports them.  The script measures a box only
when it comes near the screen, or every box on the first key press, so that opening a
page does not lay out the sections below its first screen (``lazy_rendering.py``); the
theme's own load-time pass, which measured every code block, is switched off.
"""

from __future__ import annotations

from site_checks import MOBILE, axe_problems

PAGE = "two-layer-network.html"  # long chain-rule products

_SELECTOR = 'div.math, mjx-container[display="true"], pre'
_BOXES = f"""() => Array.from(document.querySelectorAll('{_SELECTOR}'))
  .map((box, index) => ({{ index, box }}))
  .filter(({{ box }}) => box.getBoundingClientRect().width > 0)
  .map(({{ index, box }}) => ({{ index, tag: box.tagName.toLowerCase(),
                   top: box.getBoundingClientRect().top,
                   scrolls: box.scrollWidth > box.clientWidth + 1,
                   tabindex: box.getAttribute("tabindex") }}))"""


def _open(browser, url: str, *, without_script: bool = False):
    context = browser.new_context(viewport=MOBILE, locale="ko-KR")
    page = context.new_page()
    if without_script:
        # its URL ends in a version query (?v=...)
        page.route(lambda url: "/tab-stops.js" in url, lambda route: route.abort())
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(300)  # the theme's and the script's load-time work
    return context, page


def test_boxes_far_below_are_not_measured_until_a_key_is_pressed(browser, base_url):
    context, page = _open(browser, f"{base_url}/ko/{PAGE}")
    try:
        screen = MOBILE["height"]
        boxes = page.evaluate(_BOXES)
        far = [box for box in boxes if box["top"] > 3 * screen]
        assert len(far) > 20, f"{PAGE} is too short for this test: pick another page"
        # neither the theme (tabindex 0 or -1 on every pre) nor the script measured them
        assert all(box["tabindex"] is None for box in far), far
        # scrolled to, a box that scrolls is measured and becomes focusable
        wide = next(box for box in far if box["scrolls"])
        page.evaluate(f"document.querySelectorAll('{_SELECTOR}')[{wide['index']}].scrollIntoView()")
        page.wait_for_timeout(300)
        after = page.evaluate(_BOXES)
        assert [box["tabindex"] for box in after if box["index"] == wide["index"]] == ["0"]
    finally:
        context.close()


def test_wide_boxes_are_focusable_at_375px_from_the_first_tab(browser, base_url):
    context, page = _open(browser, f"{base_url}/ko/{PAGE}")
    try:
        page.keyboard.press("Tab")
        boxes = page.evaluate(_BOXES)
        scrolling = [box for box in boxes if box["scrolls"] and box["tag"] != "pre"]
        assert scrolling, f"no equation of {PAGE} scrolls at 375 px: pick another page"
        assert all(box["tabindex"] == "0" for box in boxes if box["scrolls"]), boxes
        assert all(box["tabindex"] is None for box in boxes if not box["scrolls"]), boxes
        for _ in range(200):  # Tab reaches a scrolling equation
            if page.evaluate("document.activeElement.matches('div.math, mjx-container')"):
                break
            page.keyboard.press("Tab")
        else:
            raise AssertionError("Tab never reached a scrolling equation")
        problems = [p for p in axe_problems(page) if "scrollable-region" in p]
        assert problems == []
    finally:
        context.close()


def test_without_the_script_axe_reports_the_wide_equations(browser, base_url):
    context, page = _open(browser, f"{base_url}/ko/{PAGE}", without_script=True)
    try:
        page.keyboard.press("Tab")
        problems = "\n".join(axe_problems(page))
    finally:
        context.close()
    assert "axe scrollable-region-focusable [serious]" in problems, problems
