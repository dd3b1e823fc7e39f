"""Run a reader's function on every case of an exercise and report what is wrong."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .blocks import EXERCISES
from .diagnosis import Problem, diagnose_exception
from .messages import N_, resolve_language, translate

#: Key of the output metadata that holds the machine-readable report (read by the site build).
REPORT_KEY = "chainrule-grade"
#: At most this many different problems are listed: the first ones matter most.
MAX_LISTED = 3


@dataclass
class Report:
    """The verdict on one function: how many cases it got right and what went wrong."""

    exercise: str
    language: str
    cases: int
    failures: list[tuple[str, Problem]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def __bool__(self) -> bool:
        return self.passed

    def messages(self) -> list[str]:
        """The different problems found, in the report's language, first found first."""
        seen: dict[Problem, str] = {}
        for describe, found in self.failures:
            if found not in seen:
                seen[found] = f"[{describe}] {found.text(self.language)}"
        return list(seen.values())

    def __str__(self) -> str:
        right = self.cases - len(self.failures)
        if self.passed:
            return f"✓ {self.exercise}: {right}/{self.cases}"
        head = "✗ " + translate(
            N_("{name}: {right} of {total} cases right."),
            self.language,
            name=self.exercise,
            right=right,
            total=self.cases,
        )
        lines = [head] + [f"  - {text}" for text in self.messages()[:MAX_LISTED]]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        """The text for the reader, and the verdict as output metadata for the site build."""
        summary = {
            "exercise": self.exercise,
            "language": self.language,
            "cases": self.cases,
            "passed": self.passed,
            "messages": self.messages(),
        }
        return {"text/plain": str(self)}, {REPORT_KEY: summary}


def grade(name: str, func: Callable, *, language: str | None = None, seed: int = 0) -> Report:
    """Check ``func``, the reader's version of the building block ``name``.

    It is called on every random case of the exercise (``seed`` picks them); each result
    is compared with the engine's (and, for derivatives, with central differences), and
    the first mistake found in each case is explained in ``language`` (see
    :mod:`chainrule.exercises.messages` for the default).
    """
    if name not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise ValueError(f"grade: unknown exercise {name!r}; the exercises are: {known}")
    if not callable(func):
        raise TypeError(
            f"grade({name!r}, ...): the second argument must be your function, "
            f"got {type(func).__name__}"
        )
    lang = resolve_language(language)
    exercise = EXERCISES[name]
    cases = exercise.make_cases(seed)
    report = Report(name, lang, len(cases))
    for case in cases:
        args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                got = func(*args, **kwargs)
            except Exception as exc:
                found = diagnose_exception(exc)
            else:
                try:
                    found = exercise.check(got, case, func)
                except Exception as exc:  # the second call of a seeded function, or odd output
                    found = diagnose_exception(exc)
        if found is not None:
            report.failures.append((case.describe, found))
    return report
