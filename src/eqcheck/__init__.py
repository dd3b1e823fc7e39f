"""eqcheck: evaluate the LaTeX of a displayed equation and compare it with a reference.

The notes' equations are checked where the reader sees them: a page's code calls
:func:`check` with the values of the symbols, and the equation's own LaTeX, read
from the page, is parsed (``parse.py``, grammar ``notation.lark``), evaluated
(``evaluate.py``, meaning of the notation in ``meaning.py``, statements in
``statements.py``), compared (``compare.py``) and recorded (``record.py``).
The Sphinx side lives in ``docs/_ext/verified_equations.py``.
"""

from .check import RECORDS, check, definition, erratum, failure_text, raises
from .compare import format_error, relative_error
from .meaning import points
from .parse import NotationError, parse
from .source import use_equations

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
