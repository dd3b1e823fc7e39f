"""A display equation wider than the screen scrolls in its box, and a keyboard reaches it.

At 375 px many equations are wider than the page; ``_static/scrolling-math.js`` makes
each box that scrolls focusable (``tabindex="0"``), which axe-core's
``scrollable-region-focusable`` rule asks for.  Without the script, axe reports them.
"""

from __future__ import annotations

from site_checks import MOBILE, axe_problems

PAGE = "two-layer-network.html"  # long chain-rule products

_BOXES = """() => Array.from(document.querySelectorAll(
    'div.math, mjx-container[display="true"]'))
  .filter((box) => box.getBoundingClientRect().width > 0)
  .map((box) => ({ scrolls: box.scrollWidth > box.clientWidth + 1,
                   tabindex: box.getAttribute("tabindex") }))"""


def _open(browser, url: str, *, without_script: bool = False):
    context = browser.new_context(viewport=MOBILE, locale="ko-KR")
    page = context.new_page()
    if without_script:
        # its URL ends in a version query (?v=...)
        page.route(lambda url: "/scrolling-math.js" in url, lambda route: route.abort())
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    return context, page


def test_wide_equations_are_focusable_at_375px(browser, base_url):
    context, page = _open(browser, f"{base_url}/ko/{PAGE}")
    try:
        boxes = page.evaluate(_BOXES)
        scrolling = [box for box in boxes if box["scrolls"]]
        assert scrolling, f"no equation of {PAGE} scrolls at 375 px: pick another page"
        assert all(box["tabindex"] == "0" for box in scrolling), boxes
        assert all(box["tabindex"] is None for box in boxes if not box["scrolls"]), boxes
        page.keyboard.press("Tab")
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
        problems = "\n".join(axe_problems(page))
    finally:
        context.close()
    assert "axe scrollable-region-focusable [serious]" in problems, problems
