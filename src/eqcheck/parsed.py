"""The parsed form of an equation: small immutable nodes that evaluate.py walks.

``parse.py`` builds them from the LaTeX; nothing here knows LaTeX syntax.  A node's
``text`` field, where it has one, is the LaTeX it came from (for error messages).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Node:
    """Base class of every node."""


@dataclass(frozen=True)
class Number(Node):
    value: float | int


@dataclass(frozen=True)
class Symbol(Node):
    """A name with its scripts, in the notes' notation.

    ``dZ^{[l](i)}_{jk}`` has ``name="dZ"``, ``layer=l``, ``example=i`` and
    ``entry=(j, k)``; ``A^{[l-1]\\,T}`` has ``transpose=True``;
    ``g^{[l]\\prime}`` and ``J''`` have ``primes`` 1 and 2; ``w_p`` and ``\\theta_0``
    have ``subscript`` ``p`` and ``0`` (a name part or an entry, decided by the
    bindings); ``e^{z}`` has ``power=z``.
    """

    name: str
    layer: Node | None = None
    example: Node | None = None
    subscript: tuple[Node, ...] = ()
    primes: int = 0
    transpose: bool = False
    power: Node | None = None
    text: str = field(default="", compare=False)


@dataclass(frozen=True)
class Call(Node):
    """``f(x, y)``: applied if ``f`` is a function, else a product ``f (x)``."""

    function: Symbol
    arguments: tuple[Node, ...]
    power: Node | None = None  # \max(0, z)^2


@dataclass(frozen=True)
class Product(Node):
    """Juxtaposition ``a b c``: matrix or scalar products, or a function applied
    to what follows it (``\\log a``); decided by the values, right to left."""

    factors: tuple[Node, ...]


@dataclass(frozen=True)
class Binary(Node):
    """``+ - * / \\cdot \\bmod \\oplus``: ``*`` is element-wise, ``/`` too."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True)
class Power(Node):
    """A power of a number or a parenthesis: ``2^j``, ``(1 - \\alpha h)^t``."""

    base: Node
    exponent: Node


@dataclass(frozen=True)
class Transpose(Node):
    """``(w - \\alpha u)^T``."""

    operand: Node


@dataclass(frozen=True)
class Apply(Node):
    """A builtin applied to its operands: sqrt, abs, norm."""

    function: str
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Derivative(Node):
    """``\\frac{\\partial f}{\\partial x}`` or ``\\frac{\\mathrm{d} f}{\\mathrm{d} x}``."""

    of: Node
    by: Node


@dataclass(frozen=True)
class SumOver(Node):
    """``\\sum_{i=lo}^{hi} body``, the body being everything to its right."""

    variable: str
    low: Node
    high: Node
    body: Node


@dataclass(frozen=True)
class Integral(Node):
    """``\\int_{lo}^{hi} body\\, dz``."""

    variable: str
    low: Node
    high: Node
    body: Node


@dataclass(frozen=True)
class Condition(Node):
    left: Node
    op: str
    right: Node


@dataclass(frozen=True)
class Cases(Node):
    rows: tuple[tuple[Node, Condition], ...]


@dataclass(frozen=True)
class Infinity(Node):
    pass


@dataclass(frozen=True)
class IntegerRange(Node):
    """``\\{0, 1, \\dots, n\\}`` (or a set of listed values when ``high`` is None)."""

    items: tuple[Node, ...]
    high: Node | None


@dataclass(frozen=True)
class RealSpace(Node):
    """``\\mathbb{R}^{rows \\times cols}``: a shape claim."""

    rows: Node
    cols: Node


# -- statements ----------------------------------------------------------------------


@dataclass(frozen=True)
class Relation(Node):
    """``a = b = c``, ``W \\leftarrow W - \\alpha dW``, ``0 < \\alpha < 2/h``."""

    sides: tuple[Node, ...]
    ops: tuple[str, ...]


@dataclass(frozen=True)
class Membership(Node):
    """``Z^{[l]}, A^{[l]} \\in \\mathbb{R}^{n \\times m}`` or ``s \\in \\{0, \\dots, n\\}``;
    ``relation`` is set for ``A^{[0]} = X \\in ...``."""

    subjects: tuple[Node, ...]
    space: Node
    relation: Relation | None = None


@dataclass(frozen=True)
class Equivalence(Node):
    """``p \\iff q``: both conditions hold at exactly the same points."""

    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Equation(Node):
    """One displayed equation: its statements (separated by ``\\qquad``)."""

    statements: tuple[Node, ...]
    latex: str = field(default="", compare=False)
    label: str = field(default="", compare=False)
