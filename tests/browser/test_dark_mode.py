"""Dark mode: plots (matplotlib PNGs with a transparent background) and math stay readable,
and every page passes the accessibility audit (axe-core) in dark mode too (light mode is
audited with the other checks, in test_pages.py)."""

from __future__ import annotations

from site_checks import DESKTOP, accessibility_audit, audit_page

PAGE = "activations.html"  # a plot and math

_LUMINANCE = """(el) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  const style = getComputedStyle(el);
  const bg = parse(style.backgroundColor);
  const background = bg.length < 4 || bg[3] > 0 ? lum(bg) : null;
  return { color: lum(parse(style.color)), background: background };
}"""


def test_dark_mode_plots_and_math_readable(browser, base_url, screenshots):
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark", locale="en-US")
    page = context.new_page()
    try:
        audit = audit_page(page, f"{base_url}/en/{PAGE}", "en", base_url=base_url, mobile=False)
        assert not audit.problems, "\n".join(audit.problems)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        plots = page.locator("article.bd-article img")
        assert plots.count() > 0, f"no plot on {PAGE}"
        for i in range(plots.count()):
            # a transparent PNG needs a light box behind it, or black axes vanish
            assert page.evaluate(_LUMINANCE, plots.nth(i).element_handle())["background"] > 0.6
        math = page.locator("mjx-container").first
        text = page.evaluate(_LUMINANCE, math.element_handle())
        assert text["color"] > 0.6, "math is dark on the dark background"
        plots.first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "en-activations-dark.png"))
    finally:
        context.close()


def test_page_accessible_in_dark_mode(site_page, dark_context, base_url):
    """axe-core: no serious or critical violation (contrast above all) in dark mode."""
    lang, name = site_page
    page = dark_context.new_page()
    try:
        audit = accessibility_audit(page, f"{base_url}/{lang}/{name}", lang)
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    finally:
        page.close()
    assert not audit.problems, f"{lang}/{name} (dark):\n  " + "\n  ".join(audit.problems)
