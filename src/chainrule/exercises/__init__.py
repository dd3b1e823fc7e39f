"""Exercises for the reader: write a building block, and a grader explains what is wrong.

::

    from chainrule.exercises import grade

    def linear_backward(dZ, cache):
        ...

    grade("linear_backward", linear_backward)

:func:`grade` runs the function on random shapes and seeds, compares each result with
the engine and with central differences, and names the mistake the way a teacher would
(a shape, a missing ``1/m`` or transpose, a lost ``keepdims``, ``A[l]`` for ``A[l-1]``,
a sign, a wrong activation derivative, NaN from ``log(0)``...), in English, Korean or
Traditional Chinese: ``grade(..., language="ko")``, :func:`set_language`, or the
environment (``CHAINRULE_LANG``, then the locale).
"""

from .blocks import EXERCISES, central_differences
from .grading import REPORT_KEY, Report, grade
from .messages import LANGUAGES, resolve_language, set_language

__all__ = [
    "EXERCISES",
    "LANGUAGES",
    "REPORT_KEY",
    "Report",
    "central_differences",
    "grade",
    "resolve_language",
    "set_language",
]
