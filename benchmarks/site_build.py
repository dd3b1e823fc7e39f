"""``make bench-site``: how long the site takes to build, and how many notebooks each build runs.

Works on a fresh copy of the committed sources in a temporary folder (so `_build/` here is
left alone and every "cold" build really starts from nothing), with this checkout's
virtual environment and MathJax copy. Times, in one run:

1. the English build alone, from clean (this executes every notebook);
2. Korean and Chinese after it (together: "all three languages" = 1 + 2);
3. an unchanged rebuild of all three languages;
4. a rebuild of all three after editing one ``.po`` entry.

and counts the notebooks each build executed (myst-nb's "Executing notebook" log lines).
Targets: all three languages <= 2x English alone; an unchanged rebuild <= 10 % of the
cold build; a ``.po`` edit re-executes nothing; an unchanged rebuild typesets no equation
(docs/_ext/typeset_math.py logs "typeset math: N new"); typesetting the math and cutting
its fonts add at most 25 % to the cold build (the seconds that module logs for them).
Prints a table and writes ``benchmarks/results/site-build.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import polib
from site_languages import CODES, SOURCE, TRANSLATIONS

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "site-build.json"


def copy_sources(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")  # MathJax, for typesetting


def build(tree: Path, language: str) -> tuple[float, int, int]:
    """One strict sphinx-build of one language, as `make html-<lang>` runs it."""
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
        "-j", "auto", "-c", ".", "-d", f"_build/doctrees/{language}",
        "-D", f"language={language}", "docs", f"_build/html/{language}",
    ]  # fmt: skip
    start = time.perf_counter()
    result = subprocess.run(command, cwd=tree, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {language} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    log = result.stdout + result.stderr
    typeset = sum(int(n) for n in re.findall(r"typeset math: (\d+) new", log))
    return seconds, log.count("Executing notebook"), typeset, math_seconds(log)


def math_seconds(log: str) -> float:
    """Seconds the build spent on math at build time, as typeset_math.py logs them:
    typesetting ("typeset math: N new, M from the cache, S s") and cutting the fonts
    ("typeset math: fonts cut to N characters, S s")."""
    what = r"(?:\d+ new, \d+ from the cache|fonts cut to \d+ characters)"
    return sum(float(s) for s in re.findall(rf"typeset math: {what}, ([\d.]+) s", log))


def build_all(tree: Path) -> dict[str, dict[str, float]]:
    keys = ("seconds", "executed", "typeset", "math_seconds")
    return {lang: dict(zip(keys, build(tree, lang), strict=True)) for lang in CODES}


def edit_one_po_entry(tree: Path) -> str:
    path = tree / "locale" / TRANSLATIONS[0].code / "LC_MESSAGES" / "training.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgstr and not e.obsolete)
    entry.msgstr += " "  # a visible but harmless change to one translation
    catalog.save()
    return f"{path.relative_to(tree)}: {entry.msgid[:40]}..."


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="chainrule-site-bench-") as tmp:
        tree = Path(tmp)
        copy_sources(tree)
        os.environ.pop("SPHINXOPTS", None)
        cold = build_all(tree)
        unchanged = build_all(tree)
        edited = edit_one_po_entry(tree)
        after_po = build_all(tree)

    english = cold[SOURCE.code]["seconds"]
    all_three = sum(b["seconds"] for b in cold.values())
    rebuild = sum(b["seconds"] for b in unchanged.values())
    po_executed = sum(b["executed"] for b in after_po.values())
    retypeset = sum(b["typeset"] for b in unchanged.values())
    math_cold = sum(b["math_seconds"] for b in cold.values())
    rows = [
        ("cold: English alone", english, cold[SOURCE.code]["executed"]),
        ("cold: all three languages", all_three, sum(b["executed"] for b in cold.values())),
        ("unchanged rebuild, all three", rebuild, sum(b["executed"] for b in unchanged.values())),
        (
            "after one .po edit, all three",
            sum(b["seconds"] for b in after_po.values()),
            po_executed,
        ),
    ]
    targets = [
        (
            "all three languages / English alone",
            all_three / english,
            "<= 2",
            all_three <= 2 * english,
        ),
        (
            "unchanged rebuild / cold build",
            rebuild / all_three,
            "<= 0.10",
            rebuild <= 0.10 * all_three,
        ),
        ("notebooks executed after a .po edit", po_executed, "= 0", po_executed == 0),
        ("equations typeset by an unchanged rebuild", retypeset, "= 0", retypeset == 0),
        (
            "math at build time / the rest of the cold build",
            math_cold / (all_three - math_cold),
            "<= 0.25",
            math_cold <= 0.25 * (all_three - math_cold),
        ),
    ]
    print(f"site build, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
    print(f"{'build':34} {'seconds':>8} {'notebooks executed':>19}")
    for name, seconds, executed in rows:
        print(f"{name:34} {seconds:8.1f} {executed:19d}")
    print(f"(edited {edited})")
    for name, value, goal, ok in targets:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value:.3f} (target {goal})")
    RESULTS.write_text(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "cores": os.cpu_count(),
                "builds": {"cold": cold, "unchanged": unchanged, "after_po_edit": after_po},
                "targets": [
                    {"name": n, "value": v, "goal": g, "met": ok} for n, v, g, ok in targets
                ],
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
