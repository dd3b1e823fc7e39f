"""Web fonts cut down to the characters a site shows, cached by font and character set.

A page downloads a whole web font as soon as one character of it is drawn: the math font
of the equations is 94 KB for the 130 characters the notes use, the theme's icon font
115 KB for the ten icons its stylesheet draws.  :func:`subset_woff2` keeps the glyphs of
the given characters (and what the font's layout tables reach from them, so ligatures and
alternates stay), every table the browser reads for metrics, and writes WOFF2 again: the
characters kept are drawn exactly as the whole font draws them.

Cutting a font takes a few tenths of a second; the result is cached in a folder, keyed by
the font's bytes and the characters, so a rebuild that shows the same characters cuts
nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Private-use characters: where icon fonts put their glyphs.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
#: CSS strings (``"..."``), the property they are the value of, and escapes (``\f05a``).
#: (A property starts where no name character precedes it: the match is the same, and
#: the theme's 380 KB stylesheet is scanned three times faster.)
CSS_STRING = re.compile(r'(?:(?<![\w-])(?P<property>[\w-]+)\s*:\s*)?"(?P<text>(?:[^"\\]|\\.)*)"')
CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})\s?")


def css_string_characters(css: str, properties: str | None = None) -> set[str]:
    """The characters of a stylesheet's strings, escapes decoded.

    With ``properties`` (a regular expression, e.g. ``"content|--pst-.*"``): only the
    strings that are the value of a property it matches in full; custom properties
    (``--icon: "\\f05a"``) count.
    """
    wanted = None if properties is None else re.compile(properties)
    found: set[str] = set()
    for match in CSS_STRING.finditer(css):
        if wanted is not None and not (match["property"] and wanted.fullmatch(match["property"])):
            continue
        found.update(CSS_ESCAPE.sub(lambda escape: chr(int(escape[1], 16)), match["text"]))
    return found


def subset_woff2(font: bytes, characters: Iterable[str], cache_dir: Path | None = None) -> bytes:
    """``font`` (WOFF2, WOFF, TTF or OTF) as WOFF2 holding only ``characters``.

    Raises ValueError naming the problem when ``font`` is not a font.
    """
    codepoints = sorted({ord(character) for character in characters})
    key = hashlib.sha256(font + b"\0" + ",".join(map(str, codepoints)).encode()).hexdigest()
    cached = cache_dir / f"{key[:40]}.woff2" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    # fontTools takes 0.2 s to import: only a build that cuts a font pays for it
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    try:
        parsed = TTFont(io.BytesIO(font))
    except (TTLibError, AssertionError, OSError) as error:
        msg = f"expected a font file (WOFF2, WOFF, TTF or OTF), got {len(font)} bytes: {error}"
        raise ValueError(msg) from error
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep every feature: the browser applies the defaults
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.ignore_missing_unicodes = True
    options.drop_tables = [*options.drop_tables, "ltag"]  # fontTools cannot cut it
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(parsed)
    out = io.BytesIO()
    parsed.flavor = "woff2"
    parsed.save(out)
    data = out.getvalue()
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        # whole file, then renamed: a build in another language never reads half a font
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False, suffix=".tmp") as handle:
            handle.write(data)
        os.replace(handle.name, cached)
    return data
