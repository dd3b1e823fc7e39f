"""docs/_ext/site_search.py and _static/chainrule-search.js without a built site.

Math becomes readable text before Pagefind reads a page; the query is cut into the
words the search page looks up (Node runs the page's own module).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import site_search

SEARCH_JS = Path(__file__).resolve().parents[2] / "docs" / "_static" / "chainrule-search.js"


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\(n^{[0]} = 3\)", "n^[0] = 3"),
        (r"\(l\)", "l"),
        (r"\(dA^{[0]}\)", "dA^[0]"),
        (r"\[\frac{1}{m} \sum_i x_i\]", "1/m ∑_i x_i"),
        (r"\(\frac{1-y}{1-a}\)", "(1-y)/(1-a)"),
        (r"\(g(0) \ne 0\)", "g(0) ≠0"),
        (r"\(\sigma(z)\)", "σ(z)"),
    ],
)
def test_readable_math(tex, text):
    assert site_search.readable_math(tex) == text


def test_page_for_index_keeps_tags_and_converts_tex_only():
    page = (
        '<html><body><article class="bd-article">'
        '<h1>9.4. Layer <span class="math notranslate nohighlight">\\(l\\)</span></h1>'
        '<div class="math notranslate nohighlight" id="equation-x">'
        '<span class="eqno">(2.7)<a class="headerlink" href="#equation-x">#</a></span>'
        "\\[dz = a - y &lt; 1\\]</div></article></body></html>"
    )
    out = site_search.page_for_index(page)
    assert '<article class="bd-article" data-pagefind-body' in out
    assert "9.4. Layer <span" in out and ">l</span>" in out
    assert '<span class="eqno">(2.7)<a class="headerlink"' in out  # tags untouched
    assert "dz = a - y &lt; 1</div>" in out
    assert "\\(" not in out and "\\[" not in out


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\tfrac{1}{2}(a - y)^2", "1/2(a - y)^2"),  # \tfrac read with its two arguments
        (r"s \bmod 2", "s mod 2"),
    ],
)
def test_readable_math_of_the_notes_macros(tex, text):
    assert site_search.readable_math(tex) == text


def test_unreadable_tex_gives_the_fallback():
    assert site_search.readable_math(r"\frac{1}", "1/m") == "1/m"  # \frac lacks an argument
    assert site_search.readable_math(r"\frac{1}") == r"\frac{1}"  # no fallback: the TeX


@pytest.mark.parametrize(
    ("readable", "words"),
    [
        ("dA^[0]", "dA ^[0]"),
        ("1/m ∑_i x_i", "1 / m ∑ _i x _i"),
        ("a^[l-1]_j", "a ^[l-1] _j"),
        ("dz = a - y", "dz = a - y"),
    ],
)
def test_math_words_splits_symbols_from_their_scripts(readable, words):
    assert site_search.math_words(readable) == words


#: What typeset_math writes for \(W^{[l]}\): glyphs, then the same formula as MathML.
TYPESET_W = (
    '<mjx-container class="MathJax" jax="CHTML"><mjx-math aria-hidden="true">'
    '<mjx-c class="mjx-c1D44A">𝑊</mjx-c><mjx-c class="mjx-c5B">[</mjx-c>'
    '<mjx-c class="mjx-c1D459">𝑙</mjx-c><mjx-c class="mjx-c5D">]</mjx-c></mjx-math>'
    '<mjx-assistive-mml display="inline"><math xmlns="http://www.w3.org/1998/Math/MathML">'
    "<msup><mi>W</mi><mrow><mo>[</mo><mi>l</mi><mo>]</mo></mrow></msup></math>"
    "</mjx-assistive-mml></mjx-container>"
)


def test_page_for_index_reads_typeset_math_from_its_tex():
    page = (
        '<html><body><article class="bd-article"><section id="the-update">'
        '<h2>9.4.5. The update of <span class="math notranslate nohighlight">'
        f'{TYPESET_W}</span></h2><p>Each <span class="math notranslate nohighlight">'
        f"{TYPESET_W.replace('W</mi>', 'V</mi>')}</span> too.</p></section></article></body></html>"
    )
    out = site_search.page_for_index(page, {TYPESET_W: "W^{[l]}"})
    assert "𝑊" not in out and "<mjx" not in out and "<math" not in out
    assert "The update of <span" in out and ">W ^[l]</span></h2>" in out  # from the TeX
    assert ">V[l]</span> too." in out  # markup of unknown TeX: its MathML text
    assert '<section id="the-update"><h2 id="the-update">' in out  # Pagefind's sub results


def test_a_display_equation_with_its_tab_stop_is_still_read_from_its_tex():
    display = TYPESET_W.replace('jax="CHTML">', 'jax="CHTML" display="true" tabindex="0">', 1)
    page = (
        '<html><body><article class="bd-article"><div class="math notranslate nohighlight"'
        f' id="equation-w" tabindex="0">{display}</div></article></body></html>'
    )
    typeset = {TYPESET_W.replace('jax="CHTML">', 'jax="CHTML" display="true">', 1): "W_{x}"}
    assert ">W _x</div>" in site_search.page_for_index(page, typeset)


def test_page_without_article_is_an_error():
    with pytest.raises(ValueError, match="bd-article"):
        site_search.page_for_index("<html><body><main>text</main></body></html>")


def test_stopwords_per_language():
    assert [site_search.search_words_of(c) for c in ("en", "ko", "zh_TW", "xx")] == [
        "english",
        "korean",
        "chinese",
        "english",
    ]
    assert "the" in site_search.stopwords("english")
    assert "왜" in site_search.stopwords("korean")
    zh = set(site_search.stopwords("chinese"))
    assert {"為什麼", "怎麼", "的"} <= zh  # Traditional forms of the Simplified list
    assert not {"梯度", "權重", "函數"} & zh


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_query_words_in_the_page_module():
    """The search page's own module: Korean stems, Chinese words, stop words, formulas."""
    korean = site_search.query_script("ko", [], str(site_search.search_langs.DEFAULT_GLOSSARY))
    script = f"""
    const vm = require("vm");
    vm.runInThisContext({json.dumps(korean)});
    globalThis.window = globalThis;
    import({json.dumps(SEARCH_JS.as_uri())}).then(({{ queryWords }}) => {{
      const ko = {{ stem: koStrip, stopwords: new Set(STOPWORDS) }};
      const zh = {{ chineseWords: new Set(["反向傳播", "梯度", "導數", "s型函數"]),
                   stopwords: new Set(["的", "怎麼"]) }};
      const en = {{ stopwords: new Set(["a", "the", "of"]) }};
      console.log(JSON.stringify([
        queryWords("그래디언트 검사는", ko),
        queryWords("ReLU의 도함수를 왜", ko),
        queryWords("反向傳播的梯度怎麼算", zh),
        queryWords("the shape of W", en),
        queryWords("dz = a - y", en),
        queryWords("the of", en),
      ]));
    }});
    """
    result = subprocess.run(
        [NODE, "-e", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        ["그래디언트", "검사"],
        ["relu", "도함수"],
        ["反向傳播", "梯度", "算"],
        ["shape", "w"],
        ["dz", "a", "y"],
        ["the", "of"],
    ]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_result_helpers_in_the_page_module():
    """Variables, scripts joined back for display, a query found as typed, the section."""
    data = {
        "url": "/en/building-blocks.html",
        "content": "Step 6. dz\u200b = a - y holds. the update of W ^[l]",
        "excerpt": "<mark>update</mark> of W",
        "meta": {"title": "Building blocks"},
        "sub_results": [
            {
                "url": "/en/building-blocks.html#a",
                "title": "9.2. One step",
                "excerpt": "<mark>update</mark> and <mark>update</mark>",
            },
            {
                "url": "/en/building-blocks.html#b",
                "title": "9.4.5. The update",
                "excerpt": "<mark>update</mark>",
            },
        ],
    }
    script = f"""
    import({json.dumps(SEARCH_JS.as_uri())}).then((m) => {{
      const data = {json.dumps(data)};
      console.log(JSON.stringify([
        ["w", "0", "dw", "층"].map(m.isVariable),
        m.joinScripts("dA ^[0] = <mark>W</mark> ^[1]T dZ _i, a ^ b"),
        m.hasPhrase(data, "dz = a - y", ["dz", "a", "y"]),
        m.hasPhrase(data, "dz = a + y", ["dz", "a", "y"]),
        m.hasPhrase(data, "update", ["update"]),
        m.bestSection(data, ["update"]).url,
        m.bestSection(data, ["step"]).url,
      ]));
    }});
    """
    result = subprocess.run(
        [NODE, "-e", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        [True, True, False, False],
        "dA^[0] = <mark>W</mark>^[1]T dZ_i, a ^ b",
        True,
        False,
        False,  # one word: every page with it holds it
        "/en/building-blocks.html#b",  # its title has the word
        "/en/building-blocks.html#a",
    ]


def test_the_index_is_made_again_when_anything_it_is_made_from_changes(tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("en\tko\nlayer\t층\n", encoding="utf-8")
    pages = {"index.html": "<p>one</p>", "training.html": "<p>two</p>"}
    inputs = site_search.index_inputs(pages, "ko", glossary)
    assert site_search.index_inputs(dict(reversed(pages.items())), "ko", glossary) == inputs
    changed = [
        site_search.index_inputs({**pages, "training.html": "<p>two!</p>"}, "ko", glossary),
        site_search.index_inputs({"index.html": "<p>one</p>"}, "ko", glossary),
        site_search.index_inputs({"index.html": "<p>one</p><p>two</p>"}, "ko", glossary),
        site_search.index_inputs(pages, "zh_TW", glossary),
    ]
    glossary.write_text("en\tko\nlayer\t레이어\n", encoding="utf-8")
    changed.append(site_search.index_inputs(pages, "ko", glossary))
    assert len({inputs, *changed}) == 1 + len(changed)


def test_an_index_is_reused_only_if_stamped_with_its_inputs_and_whole(tmp_path):
    output = tmp_path / "pagefind"
    output.mkdir()
    (output / site_search.QUERY_SCRIPT).write_text("// query", encoding="utf-8")
    (output / site_search.INPUTS_STAMP).write_text("abc")
    assert not site_search._index_is_current(output, "abd", 1)  # other inputs
    assert not site_search._index_is_current(output, "abc", 1)  # no bundle beside the stamp
