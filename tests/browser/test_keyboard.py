"""Boxes that scroll (wide equations, code) are reached by the keyboard, measured lazily.

At 375 px many equations are wider than the page.  A box that scrolls must be focusable
(``tabindex="0"``), which axe-core's ``scrollable-region-focusable`` rule asks for.  The
pages are written with every box that can scroll focusable (``lazy_rendering.py``), and
``_static/tab-stops.js`` measures the boxes at the first key press, taking the tab stop
from those that fit; opening a page measures nothing, so the sections below its first
screen are not laid out.  The theme's own load-time pass, which measured every code
block, is switched off.
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


def test_boxes_are_focusable_and_not_measured_until_a_key_is_pressed(browser, base_url):
    context, page = _open(browser, f"{base_url}/ko/{PAGE}")
    try:
        # as written: the boxes (div.math holds the display equation's mjx-container)
        boxes = [box for box in page.evaluate(_BOXES) if box["tag"] in ("div", "pre")]
        assert sum(box["scrolls"] for box in boxes) < len(boxes), "every box scrolls?"
        # neither the theme (tabindex -1 on a pre that fits) nor the script measured them
        assert all(box["tabindex"] == "0" for box in boxes), boxes
        problems = [p for p in axe_problems(page) if "scrollable-region" in p]
        assert problems == []
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


def test_without_the_script_every_box_keeps_its_tab_stop(browser, base_url):
    context, page = _open(browser, f"{base_url}/ko/{PAGE}", without_script=True)
    try:
        page.keyboard.press("Tab")
        boxes = page.evaluate(_BOXES)
    finally:
        context.close()
    assert any(not box["scrolls"] and box["tabindex"] == "0" for box in boxes), boxes
