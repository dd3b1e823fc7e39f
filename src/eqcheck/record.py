"""The record of one check, and how it leaves a Jupyter kernel: as data under a
private MIME type (like MyST-NB's glue), which the site build picks up."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

#: The MIME type of a record in a cell's output.
MIME_TYPE = "application/vnd.chainrule.equation-check+json"

#: The kinds of reference an equation can be checked against, with what each means.
KINDS = {
    "central differences": "derivatives measured by central differences of the cost",
    "symbolic": "SymPy simplifies the difference of the two sides to 0",
    "enumeration": "every case of a finite set, evaluated exactly",
    "loops": "independent loops over entries and examples",
    "statistical": "a sample against its distribution (z-scores of mean and variance)",
    "shape": "the shapes of the arrays of a real network",
    "engine": "the engine function that implements the definition",
}

#: What a record stands for: a check, an erratum shown failing, or a definition.
ROLES = ("check", "erratum", "definition")


@dataclass
class CheckRecord:
    """One equation's evaluation, as the verified-equations table shows it."""

    label: str
    role: str  # one of ROLES
    kind: str  # one of KINDS, or "definition"
    latex: str  # the LaTeX that was evaluated
    err: float
    tol: float
    ok: bool  # checks: within tol; errata: failed as they must
    detail: str = ""  # what was compared, e.g. "48 numbers at 5 points"
    message: str = ""  # why it failed, when it did
    size: int = 0  # how many numbers were compared, or samples drawn

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("err", "tol"):  # JSON has no inf or NaN
            data[key] = repr(float(data[key]))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckRecord:
        names = {field.name for field in fields(cls)}
        missing = {"label", "role", "kind", "latex", "err", "tol", "ok"} - set(data)
        if missing:
            raise ValueError(f"a check record lacks {sorted(missing)}")
        values = {key: value for key, value in data.items() if key in names}
        values["err"], values["tol"] = float(values["err"]), float(values["tol"])
        if values["role"] not in ROLES:
            raise ValueError(f"unknown role {values['role']!r} in a check record")
        return cls(**values)


def bundle(record: CheckRecord) -> dict[str, Any]:
    """The display bundle of a record: the data, and a line for a plain notebook."""
    mark = "passed" if record.ok else "FAILED"
    return {
        MIME_TYPE: record.to_json(),
        "text/plain": f"{record.role} {record.label} ({record.kind}): {mark}",
    }


def dumps(record: CheckRecord) -> str:
    return json.dumps(record.to_json(), ensure_ascii=False)
