"""One catalog file, checked: msgfmt, then every entry by the rules, with line numbers."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from .glossary import Glossary
from .rules import check_glossary, check_pair, excerpt

#: msgfmt warnings that every sphinx-intl catalog has (it never fills these header fields).
MSGFMT_IGNORED_WARNINGS = re.compile(
    r"header field '(PO-Revision-Date|Last-Translator|Language-Team)' still has the initial"
)

GLOSSARY_OK = re.compile(r"glossary-ok\s*:\s*(?P<terms>.+)", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: ``str(problem)`` is the line printed for it."""

    path: str
    line: int
    severity: str  # "error" or "warning"
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: [{self.rule}] {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def display_path(path: Path) -> str:
    """The path as the user will recognise it: relative to the working directory if inside."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if relative.startswith("..") else relative


def run_msgfmt(path: Path, msgfmt: str) -> list[tuple[int, str, str]]:
    """``msgfmt --check`` findings: (line, severity, message)."""
    env = dict(os.environ, LC_ALL="C", LANGUAGE="C", LANG="C")
    proc = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    findings: list[list] = []  # [line, message]
    for raw in proc.stderr.splitlines():
        if not raw.strip():
            continue
        if raw[:1].isspace() and findings:  # continuation of the previous message
            findings[-1][1] += " " + raw.strip()
            continue
        text = re.sub(r"^\S*msgfmt: ", "", raw)
        if re.fullmatch(r"found \d+ fatal errors?", text):
            continue
        line = 1
        for prefix in (str(path), os.path.basename(path)):
            if text.startswith(prefix + ":"):
                text = text[len(prefix) + 1 :]
                m = re.match(r"(\d+):(?:\d+:)?", text)
                if m:
                    line, text = int(m.group(1)), text[m.end() :]
                break
        findings.append([line, text.strip()])
    out = []
    for line, msg in findings:
        if MSGFMT_IGNORED_WARNINGS.search(msg):
            continue
        is_warning = msg.startswith("warning:")
        severity = "warning" if is_warning or proc.returncode == 0 else "error"
        out.append((line, severity, msg.removeprefix("warning: ")))
    if proc.returncode != 0 and not any(sev == "error" for _, sev, _ in out):
        out.append((1, "error", f"msgfmt --check failed (exit status {proc.returncode})"))
    return out


def language_of(path: Path, po: polib.POFile | None) -> str | None:
    if po is not None and po.metadata.get("Language"):
        return po.metadata["Language"].strip().replace("-", "_")
    parts = path.resolve().parts
    if "LC_MESSAGES" in parts:
        index = parts.index("LC_MESSAGES")
        if index > 0:
            return parts[index - 1]
    return None


def msgstr_lines(lines: Sequence[str], entry: polib.POEntry) -> list[int]:
    """1-based line numbers of the entry's ``msgstr`` (or ``msgstr[n]``) keywords."""
    found = []
    for number in range(max(entry.linenum, 1), len(lines) + 1):
        stripped = lines[number - 1].lstrip()
        if stripped.startswith("msgstr"):
            found.append(number)
            if not entry.msgid_plural:
                break
        elif found:
            if stripped.startswith("msgstr["):
                continue
            if not stripped.startswith('"'):
                break
    return found or [entry.linenum]


def check_file(
    path: str | os.PathLike[str],
    *,
    partial: bool = False,
    glossary: Glossary | None = None,
    lang: str | None = None,
    msgfmt: str | None = "msgfmt",
) -> list[Problem]:
    """All problems of one ``.po`` file (``msgfmt=None`` skips the msgfmt run)."""
    path = Path(path)
    shown = display_path(path)
    problems: list[Problem] = []

    def add(line: int, severity: str, rule: str, message: str) -> None:
        problems.append(Problem(shown, line, severity, rule, message))

    if msgfmt:
        for line, severity, message in run_msgfmt(path, msgfmt):
            add(line, severity, "msgfmt", message)
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        if not any(p.is_error for p in problems):
            m = re.search(r"line (\d+)", str(exc))
            add(int(m.group(1)) if m else 1, "error", "parse", f"cannot read the catalog: {exc}")
        return sorted(problems)

    lang = lang or language_of(path, po)
    lines = path.read_text(encoding=po.encoding or "utf-8", errors="replace").splitlines()
    missing_severity = "warning" if partial else "error"
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        line = msgstr_lines(lines, entry)[0]
        if entry.fuzzy:
            add(
                line,
                missing_severity,
                "fuzzy",
                f"the translation of '{excerpt(entry.msgid)}' is marked fuzzy: Sphinx shows the "
                "English text; review it and delete the '#, fuzzy' line",
            )
            continue
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [
                (entry.msgid if n == 0 else entry.msgid_plural, text)
                for n, text in sorted(entry.msgstr_plural.items())
            ]
        )
        if not all(text for _, text in pairs):
            add(
                line,
                missing_severity,
                "untranslated",
                f"'{excerpt(entry.msgid)}' has no translation yet (empty msgstr)",
            )
            continue
        for source, text in pairs:
            for rule, message in check_pair(source, text):
                add(line, "error", rule, message)
        if glossary is not None and lang:
            opt_outs = {
                term.strip().casefold()
                for m in GLOSSARY_OK.finditer(entry.tcomment or "")
                for term in m.group("terms").split(",")
                if term.strip()
            }
            for severity, rule, message in check_glossary(
                entry.msgid, pairs[0][1], lang, glossary, opt_outs
            ):
                add(line, severity, rule, message)
    return sorted(problems)


def find_catalogs(target: Path) -> list[Path]:
    if target.is_file():
        return [target]
    return sorted(p for p in target.rglob("*.po") if "LC_MESSAGES" in p.parts)


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    partial: bool = False,
    glossary: Glossary | None = None,
    lang: str | None = None,
    msgfmt: str | None = "msgfmt",
) -> list[Problem]:
    """Check every catalog under ``paths`` (directories or ``.po`` files)."""
    problems: list[Problem] = []
    for target in paths:
        for catalog in find_catalogs(Path(target)):
            problems += check_file(
                catalog, partial=partial, glossary=glossary, lang=lang, msgfmt=msgfmt
            )
    return problems
