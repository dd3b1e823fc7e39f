"""Images of a page carry their size, and those below the first screen load lazily.

Sphinx writes ``<img src="_images/….png">`` with no size, so the browser learns how tall a
plot is only once it has downloaded it, and the text below jumps; and every image loads
with the page, even twenty screens further down.  Before a page is rendered, this extension
rewrites the ``<img>`` tags of its body (``html-page-context``):

* ``width`` and ``height``: the image file's own size in pixels, which is also how large
  the browser drew it until now (CSS keeps it at most as wide as the column, height auto);
* ``loading="lazy"`` and ``decoding="async"`` on every image but one that starts within
  the first screen of text (ABOVE_THE_FOLD characters), which may be the page's largest
  paint and is fetched at once.

An image whose file cannot be read keeps its tag as it is.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from sphinx.application import Sphinx

#: Characters of body text that fill about one phone screen (375 x 800 px).
ABOVE_THE_FOLD = 600
IMG = re.compile(r"<img\b(?P<attributes>[^>]*?)\s*/?>")
SRC = re.compile(r'\bsrc="(?P<src>[^"]+)"')
TAG = re.compile(r"<[^>]+>")


def image_sizes(app: Sphinx) -> dict[str, tuple[int, int]]:
    """Output name (``_images/x.png``) -> (width, height) of every image Sphinx copies."""
    sizes: dict[str, tuple[int, int]] = {}
    for source, name in getattr(app.builder, "images", {}).items():
        path = Path(app.srcdir) / source
        try:
            with Image.open(path) as image:
                sizes[f"_images/{name}"] = image.size
        except (OSError, UnidentifiedImageError):
            continue
    return sizes


def rewrite(body: str, sizes: dict[str, tuple[int, int]], prefix: str = "") -> str:
    """``body`` with sized and (below the fold) lazy ``<img>`` tags; see the module doc.

    ``prefix`` is the page's path to the output root ("../" for a page in a sub folder).
    """

    def one(match: re.Match[str]) -> str:
        attributes = match["attributes"]
        src = SRC.search(attributes)
        extra = []
        if src and " width=" not in attributes and " height=" not in attributes:
            name = html.unescape(src["src"]).removeprefix(prefix)
            if name in sizes:
                width, height = sizes[name]
                extra.append(f'width="{width}" height="{height}"')
        text_before = len(TAG.sub("", body[: match.start()]).strip())
        if text_before > ABOVE_THE_FOLD and " loading=" not in attributes:
            extra.append('loading="lazy" decoding="async"')
        if not extra:
            return match[0]
        return f"<img{attributes} {' '.join(extra)} />"

    return IMG.sub(one, body)


def _rewrite_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if not body or "<img" not in body:
        return
    # Sphinx notes a page's images while it writes the page: read the sizes again when
    # it knows of images it did not before
    known = getattr(app.builder, "chainrule_image_sizes", ({}, 0))
    if known[1] != len(app.builder.images):
        known = (image_sizes(app), len(app.builder.images))
        app.builder.chainrule_image_sizes = known
    context["body"] = rewrite(body, known[0], "../" * pagename.count("/"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _rewrite_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
