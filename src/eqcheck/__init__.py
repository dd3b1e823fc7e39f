"""eqcheck: evaluate the LaTeX of a displayed equation and compare it with a reference.

The notes' equations are checked where the reader sees them: a page's code calls
:func:`check` with the values of the symbols, and the equation's own LaTeX, read
from the page, is parsed (``parse.py``, grammar ``notation.lark``), evaluated
(``evaluate.py``, meaning of the notation in ``meaning.py``, statements in
``statements.py``), compared (``compare.py``) and recorded (``record.py``);
:func:`check` and its kin live in ``checking.py``.
The Sphinx side lives in ``docs/_ext/verified_equations.py``.
"""

from importlib import import_module

from .parse import NotationError, parse
from .source import use_equations

#: Names from the modules that evaluate and compare, which import NumPy and the engine
#: (0.1 s): they are imported when first used, so a site build that reads no page (and
#: needs only the parser, the sources and the records) does not pay for them.
LAZY = {
    "RECORDS": "checking",
    "check": "checking",
    "definition": "checking",
    "erratum": "checking",
    "failure_text": "checking",
    "raises": "checking",
    "format_error": "compare",
    "relative_error": "compare",
    "points": "meaning",
}


def __getattr__(name: str):  # PEP 562: called only for names not yet in this module
    if name not in LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "RECORDS",
    "NotationError",
    "check",
    "definition",
    "erratum",
    "failure_text",
    "format_error",
    "parse",
    "points",
    "raises",
    "relative_error",
    "use_equations",
]
