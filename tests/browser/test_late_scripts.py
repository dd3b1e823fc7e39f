"""The theme's and Sphinx's scripts start after a chapter has loaded, and still work.

``docs/_ext/late_scripts.py``: they are in the page as ``type="chainrule/late"`` and
``_static/late-scripts.js`` starts them once the page has loaded.  Fetched before that,
they would share the connection with the text, its styles and fonts.
"""

from __future__ import annotations

from site_checks import MOBILE, RequestLog

PAGE = "en/building-blocks.html"
LATE = ("bootstrap.js", "pydata-sphinx-theme.js", "doctools.js", "sphinx-book-theme.js")

_TIMES = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const started = Object.fromEntries(performance.getEntriesByType("resource")
    .map((entry) => [entry.name.split("?")[0].split("/").pop(), entry.startTime]));
  return { load: navigation.loadEventStart, started };
}"""


def _open(browser, url: str, *, without_loader: bool = False):
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    log = RequestLog(page)
    if without_loader:
        page.route(lambda url: "/late-scripts.js" in url, lambda route: route.abort())
    page.goto(url, wait_until="load")
    return context, page, log


def test_late_scripts_start_after_the_page_has_loaded_and_work(browser, base_url):
    context, page, log = _open(browser, f"{base_url}/{PAGE}")
    try:
        page.wait_for_function("document.documentElement.dataset.lateScripts === 'done'")
        times = page.evaluate(_TIMES)
        for script in LATE:
            assert script in times["started"], (script, sorted(times["started"]))
            assert times["started"][script] >= times["load"], (script, times)
        # the theme's colour-mode menu (Bootstrap) opens
        page.locator("button.theme-switch-button:visible").first.click()
        assert page.locator(".dropdown-menu.show").count() == 1
        assert not log.console_errors, log.console_errors
    finally:
        context.close()


def test_without_the_loader_the_theme_scripts_never_run(browser, base_url):
    context, page, log = _open(browser, f"{base_url}/{PAGE}", without_loader=True)
    try:
        page.wait_for_timeout(500)
        times = page.evaluate(_TIMES)
        assert not set(LATE) & set(times["started"]), times
        assert page.evaluate("typeof bootstrap") == "undefined"
    finally:
        context.close()
