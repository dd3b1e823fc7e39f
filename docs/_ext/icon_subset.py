"""The few theme icons the site shows as a small stylesheet, not FontAwesome's 1.5 MB script.

pydata-sphinx-theme writes icons as ``<i class="fa-solid fa-bars">`` and loads FontAwesome's
whole JavaScript bundle (every icon of every style, 1.5 MB) to replace them with SVG.  The
site shows about fifteen.  This extension

* drops that script from every page (``docs/_templates/layout.html`` leaves it out of the
  head, for any page whose context says ``chainrule_icons_subset``);
* after the build, finds the icon classes the written pages (and the theme's scripts, which
  add an icon or two themselves) use, takes each icon's outline from the theme's own copy of
  FontAwesome, and writes ``_static/icons.css``: every icon a CSS mask of its SVG outline,
  painted in ``currentColor`` (so dark mode and hover colours apply as before).

An icon class the theme's FontAwesome does not know is an error naming the page it is on.

The theme's stylesheet still draws a few icons itself (admonition titles, download links,
breadcrumbs) as characters of FontAwesome's web fonts; the site's copies of those fonts are
cut to the characters the theme's stylesheets name (``font_subset.py``): a few KB instead of
115 KB for the solid style alone.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pydata_sphinx_theme
from font_subset import PRIVATE_USE, css_string_characters, subset_woff2
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

STYLESHEET = "icons.css"
FONTAWESOME = (
    Path(pydata_sphinx_theme.__file__).parent
    / "theme"
    / "pydata_sphinx_theme"
    / "static"
    / "scripts"
    / "fontawesome.js"
)
#: FontAwesome's web fonts, as the theme ships them and in the built site.
WEBFONTS = Path("vendor") / "fontawesome" / "webfonts"
#: The properties through which the theme's stylesheets draw icon characters themselves
#: (``content``, and the theme's variables it reads); FontAwesome's own ``--fa`` variables
#: of every icon class are not among them: icons.css draws those.
DRAWN_BY = r"content|--pst-[\w-]+"
#: Style classes (long and short forms) -> FontAwesome's style prefix.
STYLES = {
    "fa-solid": "fas",
    "fas": "fas",
    "fa-regular": "far",
    "far": "far",
    "fa-brands": "fab",
    "fab": "fab",
}
#: FontAwesome classes that size, turn or animate an icon; they name no icon.
MODIFIERS = re.compile(
    r"fa-(solid|regular|brands|classic|xs|sm|lg|xl|2xs|2xl|\dx|10x|fw|width-auto|width-fixed"
    r"|ul|li|border|pull-\w+|beat|beat-fade|bounce|fade|flip|flip-\w+|shake|spin|spin-\w+"
    r"|pulse|rotate-\w+|inverse|stack|stack-\dx)"
)
#: In pages: the class attribute of an element; in scripts: a class list assigned in code.
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*\bfa[srb]?-?[^"]*)"')
SCRIPT_CLASSES = re.compile(r'classList\s*=\s*"([^"]*\bfa-[^"]*)"')
#: One icon in the bundle: name (quoted or not): [width, height, [aliases], "code", "path"].
ICON = re.compile(
    r'(?:"(?P<quoted>[\w-]+)"|(?P<bare>[A-Za-z_$][\w$]*)):\[(?P<width>\d+),(?P<height>\d+),'
    r'\[(?P<aliases>[^\]]*)\],"[0-9a-f]+","(?P<path>[^"]+)"\]'
)
#: Where the bundle registers a style's icons: p("fas",b).
STYLE_CALL = re.compile(r'\bp\("(?P<prefix>fa[srb])",\w\)')


@cache
def outlines(bundle: Path = FONTAWESOME) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(style prefix, icon name or alias) -> (width, height, SVG path) from FontAwesome's bundle.

    The bundle defines the icons of one style, then registers them under the style's prefix;
    the icons between two registrations belong to the second.
    """
    if not bundle.is_file():
        msg = f"FontAwesome's bundle not found at {bundle} (pydata-sphinx-theme changed?)"
        raise ExtensionError(msg)
    text = bundle.read_text(encoding="utf-8")
    found: dict[tuple[str, str], tuple[int, int, str]] = {}
    start = 0
    for call in STYLE_CALL.finditer(text):
        prefix = call["prefix"]
        for icon in ICON.finditer(text, start, call.start()):
            outline = (int(icon["width"]), int(icon["height"]), icon["path"])
            names = [icon["quoted"] or icon["bare"]]
            names += re.findall(r'"([\w-]+)"', icon["aliases"])
            for name in names:
                found.setdefault((prefix, name), outline)
        start = call.end()
    if not found:
        msg = f"no icon found in {bundle}: its format changed; update {Path(__file__).name}"
        raise ExtensionError(msg)
    return found


def icons_in(classes: str) -> list[tuple[str, str]]:
    """(style prefix, icon name) of one class attribute, e.g. "fa-solid fa-bars fa-lg"."""
    names = classes.split()
    prefixes = {STYLES[name] for name in names if name in STYLES}
    if not prefixes:
        return []
    icons = [
        name.removeprefix("fa-")
        for name in names
        if name.startswith("fa-") and name not in STYLES and not MODIFIERS.fullmatch(name)
    ]
    return [(prefix, icon) for prefix in sorted(prefixes) for icon in icons]


def used_icons(outdir: Path) -> dict[tuple[str, str], str]:
    """(style prefix, icon name) -> the first file that uses it, in pages and theme scripts."""
    used: dict[tuple[str, str], str] = {}
    for page in sorted(outdir.rglob("*.html")):
        for classes in CLASS_ATTRIBUTE.findall(page.read_text(encoding="utf-8")):
            for icon in icons_in(classes):
                used.setdefault(icon, str(page.relative_to(outdir)))
    for script in sorted((outdir / "_static" / "scripts").glob("*.js")):
        if script.name == FONTAWESOME.name:
            continue
        for classes in SCRIPT_CLASSES.findall(script.read_text(encoding="utf-8")):
            for icon in icons_in(classes):
                used.setdefault(icon, str(script.relative_to(outdir)))
    return used


def mask_url(width: int, height: int, path: str) -> str:
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'>"
        f"<path d='{path}'/></svg>"
    )
    return 'url("data:image/svg+xml,' + quote(svg, safe=" '=/:,.-") + '")'


def stylesheet(used: dict[tuple[str, str], str], bundle: Path = FONTAWESOME) -> str:
    """icons.css for the icons ``used`` (see :func:`used_icons`)."""
    known = outlines(bundle)
    missing = [f"{prefix} fa-{name} (in {where})" for (prefix, name), where in used.items()
               if (prefix, name) not in known]  # fmt: skip
    if missing:
        msg = "icons not in the theme's FontAwesome: " + "; ".join(sorted(missing))
        raise ExtensionError(msg)
    style_selector = ", ".join(f".{name}" for name in STYLES)
    lines = [
        "/* The icons this site shows, from the theme's FontAwesome, drawn as CSS masks in",
        "   the text colour; written by docs/_ext/icon_subset.py.",
        "   FontAwesome Free icons: CC BY 4.0. */",
        f":is({style_selector})::before {{",
        '  content: "";',
        "  display: inline-block;",
        "  height: 1em;",
        "  width: calc(var(--chainrule-icon-ratio) * 1em);",
        "  vertical-align: -0.125em;",
        "  background-color: currentColor;",
        "  -webkit-mask: var(--chainrule-icon) center / contain no-repeat;",
        "  mask: var(--chainrule-icon) center / contain no-repeat;",
        "}",
        "/* FontAwesome's script drew .fa-lg icons no larger than the text around them. */",
        f":is({style_selector}).fa-lg::before {{",
        "  height: 0.8em;",
        "  width: calc(var(--chainrule-icon-ratio) * 0.8em);",
        "}",
    ]
    by_prefix = {
        "fas": ("fa-solid", "fas"),
        "far": ("fa-regular", "far"),
        "fab": ("fa-brands", "fab"),
    }
    for prefix, name in sorted(used):
        width, height, path = known[(prefix, name)]
        selectors = ", ".join(f".{style}.fa-{name}::before" for style in by_prefix[prefix])
        lines += [
            f"{selectors} {{",
            f"  --chainrule-icon: {mask_url(width, height, path)};",
            f"  --chainrule-icon-ratio: {width / height:.4g};",
            "}",
        ]
    return "\n".join(lines) + "\n"


def _drop_fontawesome_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["chainrule_icons_subset"] = True


def _write_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    css = stylesheet(used_icons(outdir))
    path = outdir / "_static" / STYLESHEET
    if not path.is_file() or path.read_text(encoding="utf-8") != css:
        path.write_text(css, encoding="utf-8")
    cut_webfonts(outdir / "_static", Path(app.doctreedir) / "fonts")


def stylesheet_icons(static: Path) -> set[str]:
    """The icon characters (private use) that the stylesheets below ``static`` draw."""
    found: set[str] = set()
    for sheet in static.rglob("*.css"):
        found |= {
            character
            for character in css_string_characters(sheet.read_text(encoding="utf-8"), DRAWN_BY)
            if PRIVATE_USE.fullmatch(character)
        }
    return found


def cut_webfonts(static: Path, cache_dir: Path) -> None:
    """FontAwesome's web fonts in the site, cut to the icons its stylesheets draw."""
    characters = stylesheet_icons(static)
    theme_fonts = FONTAWESOME.parent.parent / WEBFONTS
    for site_font in sorted((static / WEBFONTS).glob("*.woff2")):
        source = theme_fonts / site_font.name
        if not source.is_file():
            msg = f"{site_font} is not one of the theme's fonts ({theme_fonts}): theme changed?"
            raise ExtensionError(msg)
        data = subset_woff2(source.read_bytes(), characters, cache_dir)
        if site_font.read_bytes() != data:
            site_font.write_bytes(data)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_css_file(STYLESHEET)
    app.connect("html-page-context", _drop_fontawesome_script)
    app.connect("build-finished", _write_stylesheet)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
