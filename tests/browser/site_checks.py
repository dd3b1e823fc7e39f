"""Checks of one built page in a real browser (Playwright, sync API).

:func:`audit_page` loads a page once and runs every check on it; the result is a
:class:`PageAudit` whose ``problems`` are human-readable lines (empty = page is fine).
The tests in this folder call it for every page of every language, and
``test_checks_can_fail.py`` feeds it deliberately broken copies of a page to show
that each check reports what it should.

Nothing here knows about pytest; :func:`serve` and :func:`launch_browser` are the
plumbing the fixtures use.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

#: Site languages: output folder -> value of <html lang>.
HTML_LANG = {"en": "en", "ko": "ko", "zh_TW": "zh-TW"}
SITE_LANGS = tuple(HTML_LANG)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE_WIDTH = 375
MOBILE = {"width": MOBILE_WIDTH, "height": 800}

#: Common characters that exist only in Simplified Chinese (Traditional forms: 這個們
#: 頁網導載圖數據設計關開於為與發實現時間學習權層絡說對經過來會沒從種樣進動義處應該將組
#: 變輸碼訓練誤類維陣損優參結構線斷檢驗傳遞鏈則歸積單態隨機張兩試題項換).  None may
#: appear in the visible text of a zh_TW page.
SIMPLIFIED_ONLY = frozenset(
    "这个们页网导载图数据设计关开于为与发实现时间学习权层络"
    "说对经过来会没从种样进动义处应该将组变输码训练误类维阵"
    "损优参结构线断检验传递链则归积单态随机张两试题项换"
)

# --------------------------------------------------------------------------- English text

#: Where English text is expected on a ko or zh_TW page (CSS selectors for text nodes):
#: code and its output (glued values too), math, the English docstrings of the API
#: (the engine's documentation, kept English in every language: the entries' text and
#: the modules' text, marked ``docstring``; signatures are code), the
#: language names of the switcher, the English terms of the glossary table and search
#: result excerpts (cut from pages that are checked themselves).
ENGLISH_TEXT_EXEMPT = (
    "pre, code, kbd, samp, .highlight, div.cell_output",
    "span.math, div.math, mjx-container",
    "dl.py > dt.sig, .docstring",
    "span.pasted-text",
    "nav.chainrule-lang-switcher",
    "table.glossary-table [lang|='en']",
    "ul.search p.context",
)
#: ... and for the attributes (aria-label, title, alt, placeholder): MathJax's speech.
ENGLISH_ATTRIBUTE_EXEMPT = ("mjx-container, span.math, div.math",)

#: Names that stay in Latin letters in every language: the project, software and formats,
#: a Python keyword and types, gettext's flag that translators meet as they are, the
#: floating-point value NaN, people, logic gates (the glossary's keep-in-English terms are
#: added from locale/glossary.tsv).
NAMES_KEPT_IN_ENGLISH = frozenset(
    [
        *("chainrule", "NumPy", "SymPy", "SciPy", "Python", "PyTorch", "scikit-learn"),
        "Jupyter",
        *("Sphinx", "LaTeX", "MathJax", "MathML", "BLAS", "Lighthouse", "Chromium", "gzip"),
        *("Poedit", "GNU", "gettext", "Debian", "Ubuntu", "Markdown", "HTML", "UTF"),
        *("API", "PDF", "GEMM", "PEP", "assert", "dict", "dtype", "fuzzy", "NaN"),
        *("He", "Xavier", "Glorot", "Bengio", "LeCun", "Håstad", "Telgarsky", "Heaviside"),
        *("XOR", "AND", "OR"),
    ]
)
#: Unit symbols written after numbers (glued timings, sizes).
UNIT_SYMBOLS = frozenset({"ns", "ms", "µs", "s", "KB", "KiB", "MB", "MiB", "GB", "GHz"})

GLOSSARY_TSV = Path(__file__).resolve().parents[2] / "locale" / "glossary.tsv"

#: A word in Latin letters (hyphens and apostrophes inside: leaky-ReLU, don't; Håstad).
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ]+(?:['’-][A-Za-zÀ-ɏ]+)*")
#: A web address, or a file name extension on its own (the download menu: .md, .ipynb, .pdf).
_URL = re.compile(r"\b[a-z]+://\S+|(?<!\w)\.[a-z]{2,5}\b")
#: An original term in brackets, a word quoted (ASCII and CJK brackets and quotes).
_GLOSS_OR_MENTION = re.compile(
    r"[(（][^()（）]*[)）]|“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』|\"[^\"]*\""
)
#: The object name that starts an entry of the general index (code).
_INDEX_ENTRY_NAME = re.compile(r"^[A-Za-z_][\w.]*(?:\(\))?")
#: Code names written in prose: chainrule.forward, model_forward, float64.
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|\w*_\w*|\b[A-Za-z]+\d\w*")
#: An English term followed by its translation in brackets: *example*(샘플).
_TERM_THEN_TRANSLATION = re.compile(
    r"[A-Za-z][\w'’-]*(?:\s[A-Za-z][\w'’-]*){0,3}\s?(?=[(（][^()（）]*[^\x00-\x7f])"
)


def kept_in_english(lang: str, tsv: Path = GLOSSARY_TSV) -> list[str]:
    """The glossary's terms that ``lang`` writes as in English (ReLU, leaky ReLU, tanh)."""
    with tsv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [row["en"] for row in rows if row.get(lang, "").strip() == row["en"].strip()]


def english_words(text: str, kept_terms: list[str]) -> list[str]:
    """The words of ``text`` that are English: Latin-letter words of two letters or more,
    except the allowed names, unit symbols, the glossary's kept terms, code names, web
    addresses, and English given as a term next to its translation in brackets or quoted
    (行 (column), S型函數（sigmoid）, example(샘플), “Needs work”).  Single letters are
    variables: x, y, L."""
    text = _URL.sub(" ", text)
    text = _IDENTIFIER.sub(" ", text)
    text = _TERM_THEN_TRANSLATION.sub(" ", text)
    text = _GLOSS_OR_MENTION.sub(" ", text)
    for term in sorted(kept_terms, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", " ", text, flags=re.I)
    return [
        word
        for word in _LATIN_WORD.findall(text)
        if len(word) > 1 and word not in NAMES_KEPT_IN_ENGLISH and word not in UNIT_SYMBOLS
    ]


#: Output files that are not pages of the notes.
SPECIAL_PAGES = frozenset({"genindex.html", "py-modindex.html", "search.html"})


# --------------------------------------------------------------------------- plumbing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` with ``python -m http.server`` on 127.0.0.1; yield the base URL."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    command += ["--directory", str(directory)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    msg = f"http.server on port {port} did not start"
                    raise RuntimeError(msg) from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def launch_browser(playwright):
    """Debian's chromium, headless (never a browser downloaded by Playwright)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def site_pages(site: Path, lang: str) -> list[str]:
    """The pages of the notes in one language folder (paths relative to it)."""
    folder = site / lang
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*.html")
        if not any(part.startswith("_") for part in path.relative_to(folder).parts[:-1])
        and path.relative_to(folder).as_posix() not in SPECIAL_PAGES
    )


# --------------------------------------------------------------------------- page audit


@dataclass
class PageAudit:
    """Everything :func:`audit_page` found on one page."""

    url: str
    lang: str
    status: int | None = None
    problems: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    math_elements: int = 0
    mjx_containers: int = 0
    images: int = 0
    mobile_overflow: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        self.problems.append(text)


class RequestLog:
    """Console errors, failed and off-site requests of one page.

    Every request passes the route handler: 127.0.0.1 (and data:/blob:) go on,
    anything else is recorded and aborted, so a forgotten CDN is found offline too.
    """

    def __init__(self, page) -> None:
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.offsite: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.route(lambda url: True, self._route)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"console.error: {message.text}")

    def _request_failed(self, request) -> None:
        if request.url in self.offsite:
            return  # aborted by us, reported as off-site
        self.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _route(self, route) -> None:
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in {"data", "blob", "about"} or parsed.hostname == "127.0.0.1":
            route.fallback()
        else:
            self.offsite.append(url)
            route.abort()


#: Math arrives typeset (docs/_ext/typeset_math.py): no MathJax runs in the page.
_MATHJAX_IN_PAGE = """() => Boolean(window.MathJax) ||
  Array.from(document.scripts).some((s) => /mathjax/i.test(s.src))"""

#: Every equation link (``{eq}``) of the page: where it points and the number it shows.
_EQUATION_LINKS = """() => Array.from(document.querySelectorAll('a[href*="#equation-"]'))
  .filter((a) => !a.classList.contains("headerlink"))
  .map((a) => ({ href: a.href, text: a.textContent.trim() }))"""
#: The number shown beside equation ``id`` on this page (null: no such equation).
_EQUATION_NUMBER = """(id) => {
  const block = document.getElementById(id);
  if (!block) return null;
  const number = block.querySelector(".eqno");
  return number ? number.firstChild.textContent.trim() : "";
}"""
_EQNO_IN_HTML = re.compile(
    r'id="(?P<id>equation-[^"]+)"[^>]*>\s*<span class="eqno">(?P<number>[^<]*)<'
)

_WAIT_FOR_IMAGES = """async () => {
  const images = Array.from(document.images);
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.complete ? null :
    new Promise((resolve) => {
      img.addEventListener("load", resolve, { once: true });
      img.addEventListener("error", resolve, { once: true });
      setTimeout(resolve, 5000);
    })));
  return images.filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.currentSrc || img.getAttribute("src") || "(no src)");
}"""

#: Facts about the loaded page, gathered in one round trip.
_PAGE_FACTS = """() => {
  const HIDDEN = "script, style, noscript, template";
  // every text a reader (or a screen reader) gets: the text nodes, shown now or once a
  // menu opens or the page scrolls (back to top), the page title, and the attributes
  // read out or shown as tooltips; each with where it is
  const readerText = [];
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (el.classList.length) s += "." + Array.from(el.classList).slice(0, 2).join(".");
    return s;
  };
  readerText.push({ where: "title", text: document.title, exempt: false, index: false });
  // text nodes joined per block (a sentence with a link or an emphasis stays whole);
  // exempt text (code, math...) becomes a space
  const BLOCK = "p, li, dt, dd, th, td, h1, h2, h3, h4, h5, h6, caption, figcaption," +
    " summary, label, button, pre, div, nav, header, footer, aside, section, article, body";
  const textExempt = __TEXT_EXEMPT__;
  const blocks = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.data.trim() || el.closest(HIDDEN)) continue;
    const block = el.closest(BLOCK);
    if (!blocks.has(block)) blocks.set(block, []);
    blocks.get(block).push(el.closest(textExempt) ? " " : node.data);
  }
  blocks.forEach((parts, block) => {
    const text = parts.join("").trim();
    if (text) readerText.push({ where: describe(block), text: text, exempt: false,
                                index: Boolean(block.closest("table.indextable")) });
  });
  const attrExempt = __ATTR_EXEMPT__;
  const ATTRIBUTES = ["aria-label", "title", "alt", "placeholder"];
  document.body.querySelectorAll(ATTRIBUTES.map((a) => `[${a}]`).join(", ")).forEach((el) => {
    if (el.closest(HIDDEN)) return;
    // a link whose whole content is one code element: its title is that code's full name
    const codeOnly = el.children.length === 1 && el.firstElementChild.matches("code") &&
      el.textContent.trim() === el.firstElementChild.textContent.trim();
    ATTRIBUTES.forEach((a) => {
      const v = el.getAttribute(a);
      if (v === null || !v.trim()) return;
      readerText.push({ where: `${describe(el)}[${a}]`, text: v.trim(), index: false,
                        exempt: Boolean(el.closest(attrExempt)) || (a === "title" && codeOnly) });
    });
  });
  const article = document.querySelector("article.bd-article") ||
    document.querySelector("main") || document.body;
  // text of the article outside code and typeset math
  // (search result summaries are plain text cut from the pages, LaTeX included)
  const skip = "pre, code, script, style, textarea, mjx-container, .highlight, ul.search";
  const proseWalker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const prose = [];
  for (let node = proseWalker.nextNode(); node; node = proseWalker.nextNode()) {
    if (!node.parentElement || node.parentElement.closest(skip)) continue;
    prose.push(node.data);
  }
  const math = Array.from(document.querySelectorAll("span.math, div.math"));
  // typeset: a MathJax container whose visible part holds glyphs, with MathML beside it
  // that screen readers get and that is not drawn (the math stylesheet hides it); math
  // in a folded part of the page has no size, so sizes are not asked for here
  const typeset = (el) => {
    const box = el.querySelector("mjx-container > mjx-math");
    return box !== null && box.querySelector("mjx-c") !== null;
  };
  const mathml = (el) => el.querySelector("mjx-container mjx-assistive-mml > math") !== null;
  const drawn = (el) => {
    const mml = el.querySelector("mjx-assistive-mml");
    if (!mml) return false;
    const r = mml.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && getComputedStyle(mml).clipPath === "none";
  };
  const switcher = Array.from(document.querySelectorAll(
    "nav.chainrule-lang-switcher a")).map((a) => ({
      href: a.href, hreflang: a.getAttribute("hreflang"), text: a.textContent.trim()}));
  const current = document.querySelector("nav.chainrule-lang-switcher .current");
  const images = Array.from(document.images).map((img) => ({
    src: img.getAttribute("src") || "", alt: img.getAttribute("alt") }));
  return {
    htmlLang: document.documentElement.lang,
    prose: prose.join(" "),
    mathElements: math.length,
    mathUntypeset: math.filter((el) => !typeset(el))
      .map((el) => el.textContent.trim().slice(0, 60)),
    mathWithoutMathml: math.filter((el) => typeset(el) && !mathml(el))
      .map((el) => el.id || el.textContent.trim().slice(0, 60)),
    mathmlDrawn: math.filter(drawn).map((el) => el.id || el.textContent.trim().slice(0, 60)),
    mjxContainers: document.querySelectorAll("mjx-container").length,
    images: images,
    readerText: readerText,
    switcher: switcher,
    switcherCurrent: current ? current.getAttribute("lang") : null,
  };
}""".replace("__TEXT_EXEMPT__", json.dumps(", ".join(ENGLISH_TEXT_EXEMPT))).replace(
    "__ATTR_EXEMPT__", json.dumps(", ".join(ENGLISH_ATTRIBUTE_EXEMPT))
)

#: At the current viewport: does the page scroll sideways, and which elements stick out?
_OVERFLOWING = """function overflowing() {
  const width = window.innerWidth;
  const scroller = document.scrollingElement;
  if (scroller.scrollWidth <= width) return [];
  const clips = (el) => ["auto", "scroll", "hidden", "clip"].includes(
    getComputedStyle(el).overflowX);
  const sticksOut = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    // its box, or its content (a long unbreakable word) if it does not clip it
    const right = clips(el) ? r.right : Math.max(r.right, r.left + el.scrollWidth);
    if (right <= width + 0.5) return false;
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    for (let p = el; p && p !== document.body; p = p.parentElement) {
      // fixed layers (off-canvas sidebars, dialogs) do not widen the page
      if (getComputedStyle(p).position === "fixed") return false;
      if (p !== el && clips(p) && p.getBoundingClientRect().right <= width + 0.5) return false;
    }
    return true;
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (el.classList.length) s += "." + Array.from(el.classList).slice(0, 3).join(".");
    const r = el.getBoundingClientRect();
    const right = Math.max(r.right, r.left + el.scrollWidth);
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${s} (right edge ${Math.round(right)} px) "${text}"`;
  };
  const all = Array.from(document.body.querySelectorAll("*")).filter(sticksOut);
  // the innermost offenders are the causes
  const causes = all.filter((el) => !all.some((o) => o !== el && el.contains(o)));
  return [`scrollWidth ${scroller.scrollWidth} > innerWidth ${width}`]
    .concat(causes.slice(0, 5).map(describe));
}"""

#: The elements that stick out at the current width, with every section laid out, as it is
#: once the reader has scrolled to it (the site's lazy-rendering.css lays a section out
#: only when it comes near the screen, so a wide element far down would not show).
_OVERFLOW = (
    "() => {\n"
    + _OVERFLOWING
    + """
  const laidOut = document.createElement("style");
  laidOut.textContent = "section { content-visibility: visible !important; }";
  document.head.append(laidOut);
  try {
    return overflowing();
  } finally {
    laidOut.remove();
  }
}"""
)

_NEXT_FRAME = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


def page_path(base_url: str, url: str) -> str:
    """The path of ``url`` below ``base_url`` ("/ko/index.html")."""
    return unquote(urlparse(url).path)


def _check_switcher(audit: PageAudit, page, facts: dict, base_url: str, lang: str) -> None:
    path = page_path(base_url, page.url)
    prefix = f"/{lang}/"
    if not path.startswith(prefix):
        audit.problem(f"page path {path} is not in the {lang} folder")
        return
    relative = path[len(prefix) :]
    links = {link["hreflang"]: link for link in facts["switcher"]}
    if facts["switcherCurrent"] is None:
        audit.problem("language switcher: no current language marked")
    wanted = [other for other in SITE_LANGS if other != lang]
    if len(facts["switcher"]) != len(wanted):
        audit.problem(
            f"language switcher: {len(facts['switcher'])} links, expected {len(wanted)}"
            f" ({', '.join(wanted)})"
        )
    for link in facts["switcher"]:
        target = page_path(base_url, link["href"])
        other = next((code for code in wanted if target.startswith(f"/{code}/")), None)
        if other is None or target != f"/{other}/{relative}":
            audit.problem(
                f"language switcher: link {link['text']!r} goes to {target},"
                f" expected /<lang>/{relative}"
            )
            continue
        response = page.request.get(link["href"], max_redirects=5)
        landed = page_path(base_url, response.url)
        if response.status != 200 or landed != target:
            audit.problem(
                f"language switcher: {link['text']!r} -> {target}: HTTP {response.status}"
                f" at {landed}"
            )
        response.dispose()
    del links


def _check_math(audit: PageAudit, facts: dict, html: str) -> None:
    audit.math_elements = facts["mathElements"]
    audit.mjx_containers = facts["mjxContainers"]
    lists = (
        ("mathUntypeset", "math not typeset"),
        ("mathWithoutMathml", "typeset math without MathML for screen readers"),
        ("mathmlDrawn", "math drawn twice (its MathML is visible: math stylesheet missing?)"),
    )
    for key, what in lists:
        for source in facts[key][:5]:
            audit.problem(f"{what}: {source!r}")
        if len(facts[key]) > 5:
            audit.problem(f"... {len(facts[key]) - 5} more: {what}")
    for marker in ("$$", "\\(", "\\[", "\\begin{"):
        at = facts["prose"].find(marker)
        if at >= 0:
            context = facts["prose"][max(0, at - 30) : at + 30].replace("\n", " ")
            audit.problem(f"raw math delimiter {marker!r} in the article text: ...{context}...")
    if re.search(r"\\\[\s*::\s*\\\]", html):
        audit.problem("display math rendered as '\\[::\\]' (a translated math block)")


def _check_equation_links(audit: PageAudit, page) -> None:
    """Every equation link lands on an equation that shows the number the link shows."""
    here = page.url.split("#")[0]
    others: dict[str, dict[str, str]] = {}
    for link in page.evaluate(_EQUATION_LINKS):
        target, _, fragment = link["href"].partition("#")
        if target == here:
            shown = page.evaluate(_EQUATION_NUMBER, unquote(fragment))
        else:
            if target not in others:
                response = page.request.get(target)
                body = response.text() if response.ok else ""
                response.dispose()
                others[target] = {
                    m["id"]: m["number"].strip() for m in _EQNO_IN_HTML.finditer(body)
                }
            shown = others[target].get(unquote(fragment))
        where = page_path("", target) + "#" + fragment
        if shown is None:
            audit.problem(f"equation link {link['text']!r} -> {where}: no such equation")
        elif shown != link["text"]:
            audit.problem(
                f"equation link {link['text']!r} -> {where}: the equation there is {shown!r}"
            )


#: Report at most this many English texts per page (the count of the rest follows).
MAX_ENGLISH_REPORTS = 12


def _check_language(audit: PageAudit, facts: dict, lang: str) -> None:
    if facts["htmlLang"] != HTML_LANG[lang]:
        audit.problem(f"<html lang={facts['htmlLang']!r}>, expected {HTML_LANG[lang]!r}")
    if lang == "en":
        return
    kept = kept_in_english(lang)
    english = []
    for item in facts["readerText"]:
        if item["exempt"]:
            continue
        text = _INDEX_ENTRY_NAME.sub(" ", item["text"]) if item["index"] else item["text"]
        words = english_words(text, kept)
        if words:
            text = " ".join(item["text"].split())
            english.append(f"English text in {item['where']}: {words[:6]} in {text[:90]!r}")
    for line in english[:MAX_ENGLISH_REPORTS]:
        audit.problem(line)
    if len(english) > MAX_ENGLISH_REPORTS:
        audit.problem(f"... English text in {len(english) - MAX_ENGLISH_REPORTS} more places")
    if lang == "zh_TW":
        for item in facts["readerText"]:
            text = item["text"]
            for at, char in enumerate(text):
                if char in SIMPLIFIED_ONLY:
                    context = text[max(0, at - 8) : at + 8].replace("\n", " ")
                    where = item["where"]
                    audit.problem(f"Simplified character {char!r} in {where}: ...{context}...")
                    break


#: An ``alt`` that only names the file (docutils' default for an image without one).
_FILE_NAME_ALT = re.compile(r"^\S*\.(png|jpe?g|svg|gif|webp)$|^_images/", re.IGNORECASE)


def _check_images(audit: PageAudit, facts: dict) -> None:
    """Every image has a text alternative: a non-empty ``alt`` that is not its file name."""
    audit.images = len(facts["images"])
    for image in facts["images"]:
        alt = (image["alt"] or "").strip()
        if not alt or _FILE_NAME_ALT.search(alt):
            alt_value = image["alt"]
            audit.problem(f"image without a text alternative (alt={alt_value!r}): {image['src']}")


# --------------------------------------------------------------------------- axe-core

#: axe-core from the pinned npm package (package.json; `npm ci`), injected into each page.
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: Impacts that fail a page (axe also reports "moderate" and "minor").
AXE_FAILING_IMPACTS = ("serious", "critical")

_AXE_RUN = """async (impacts) => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.filter((v) => impacts.includes(v.impact)).map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "),
                                 summary: (n.failureSummary || "").split("\\n").slice(1, 3)
                                   .map((line) => line.trim()).join("; ") })),
  }));
}"""


def axe_problems(page, impacts: tuple[str, ...] = AXE_FAILING_IMPACTS) -> list[str]:
    """Run axe-core on the loaded ``page``: one line per violation of the given impacts."""
    if not AXE_JS.is_file():
        return [f"axe-core not installed: {AXE_JS} missing (run `npm ci` or `make mathjax`)"]
    page.add_script_tag(path=str(AXE_JS))
    problems = []
    for violation in page.evaluate(_AXE_RUN, list(impacts)):
        nodes = violation["nodes"]
        shown = "; ".join(f"{n['target']} ({n['summary']})" for n in nodes[:3])
        more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
        problems.append(
            f"axe {violation['id']} [{violation['impact']}]: {violation['help']}: {shown}{more}"
        )
    return problems


def load_page(page, url: str, audit: PageAudit) -> str:
    """Go to ``url`` and wait for the images; the HTML source (problems noted)."""
    response = page.goto(url, wait_until="load")
    audit.status = response.status if response else None
    if audit.status != 200:
        audit.problem(f"HTTP {audit.status} for {url}")
    html = response.text() if response else ""
    if page.evaluate(_MATHJAX_IN_PAGE):
        audit.problem("MathJax is loaded in the page (math must arrive typeset)")
    for src in page.evaluate(_WAIT_FOR_IMAGES):
        audit.problem(f"image not loaded: {src}")
    return html


def accessibility_audit(page, url: str, lang: str) -> PageAudit:
    """Load ``url`` in ``page`` (whose context sets the colour mode) and run axe-core only."""
    audit = PageAudit(url=url, lang=lang)
    page.set_viewport_size(DESKTOP)
    load_page(page, url, audit)
    audit.problems.extend(axe_problems(page))
    return audit


def audit_page(
    page,
    url: str,
    lang: str,
    *,
    base_url: str,
    mobile: bool = True,
    axe: bool = True,
    screenshot: Path | None = None,
    mobile_screenshot: Path | None = None,
) -> PageAudit:
    """Load ``url`` in the (fresh) ``page`` and run every check; see the module doc.

    The page is loaded once at desktop width (axe-core runs there, unless ``axe`` is
    false); for ``mobile`` it is then resized to 375 px and must not scroll sideways.
    ``page`` should be new: its handlers are added here.
    """
    audit = PageAudit(url=url, lang=lang)
    log = RequestLog(page)
    page.set_viewport_size(DESKTOP)
    html = load_page(page, url, audit)
    facts = page.evaluate(_PAGE_FACTS)
    _check_math(audit, facts, html)
    _check_images(audit, facts)
    _check_equation_links(audit, page)
    _check_language(audit, facts, lang)
    _check_switcher(audit, page, facts, base_url, lang)
    if axe:
        audit.problems.extend(axe_problems(page))
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=False)

    if mobile:
        page.set_viewport_size(MOBILE)
        page.evaluate(_NEXT_FRAME)
        audit.mobile_overflow = page.evaluate(_OVERFLOW)
        if audit.mobile_overflow:
            audit.problem(
                f"horizontal scrolling at {MOBILE_WIDTH} px: " + "; ".join(audit.mobile_overflow)
            )
        if mobile_screenshot is not None:
            mobile_screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(mobile_screenshot), full_page=False)

    # late failures (fonts requested while typesetting) are in by now
    page.evaluate(_NEXT_FRAME)
    audit.console_errors = list(log.console_errors)
    audit.failed_requests = list(log.failed)
    audit.offsite_requests = list(log.offsite)
    audit.problems.extend(log.console_errors)
    audit.problems.extend(f"failed request: {item}" for item in log.failed)
    audit.problems.extend(f"request to another host: {item}" for item in log.offsite)
    return audit


def search_results(page, base_url: str, lang: str, query: str) -> tuple[list[str], RequestLog]:
    """Type ``query`` into the search page of ``lang``; the docnames of the results."""
    log = RequestLog(page)
    page.goto(f"{base_url}/{lang}/search.html", wait_until="load")
    box = page.locator("input[name=q]:visible").first  # the page's field, not the dialog's
    box.fill(query)
    with page.expect_navigation(wait_until="load"):
        box.press("Enter")  # the form reloads search.html?q=...
    # chainrule-search.js marks the page when its list and status line are complete
    page.wait_for_function(
        "() => document.documentElement.dataset.searchDone === 'true'", timeout=15000
    )
    page.wait_for_load_state("networkidle")
    hrefs = page.eval_on_selector_all(
        "#search-results a.search-result-link", "links => links.map(a => a.href)"
    )
    folder = f"/{lang}/"
    names = []
    for href in hrefs:
        path = page_path(base_url, urljoin(page.url, href))
        if path.startswith(folder) and path.endswith(".html"):
            names.append(path[len(folder) : -len(".html")])
    return sorted(set(names)), log
