"""LaTeX of a display equation -> its parsed form (grammar in ``notation.lark``).

``parse(latex, label)`` returns an :class:`~eqcheck.parsed.Equation` or raises
:class:`NotationError`, which names the label, the line and column in the LaTeX, the
text there and what the grammar expected instead.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from . import parsed as p

GRAMMAR = Path(__file__).with_name("notation.lark")

#: Readable names of the grammar's terminals, for "expected ..." in errors.
_TERMINAL_NAMES = {
    "RBRACE": "'}'",
    "LBRACE": "'{'",
    "RPAR": "')'",
    "LPAR": "'('",
    "RSQB": "']'",
    "LSQB": "'['",
    "COMMA": "','",
    "EQ": "'='",
    "REL": "a relation (\\leftarrow, <, \\le, ...)",
    "NAME": "a letter",
    "DNAME": "a gradient name (dW, dZ, ...)",
    "NUMBER": "a number",
    "GREEK": "a Greek letter",
    "FUNCTION": "a function (\\log, \\tanh, ...)",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "CIRCUMFLEX": "'^'",
    "UNDERSCORE": "'_'",
    "FRAC": "\\frac",
    "DIFF": "\\partial or \\mathrm{d}",
    "PRIME": "a prime (')",
    "ROMAN": "\\mathrm{...}",
    "$END": "the end of the equation",
}


class NotationError(ValueError):
    """The LaTeX of an equation does not parse in the notes' notation."""

    def __init__(self, label: str, latex: str, line: int, column: int, expected: list[str]):
        self.label, self.latex, self.line, self.column = label, latex, line, column
        self.expected = expected
        lines = latex.splitlines() or [""]
        shown = lines[line - 1] if 0 < line <= len(lines) else ""
        pointer = " " * max(column - 1, 0) + "^"
        wanted = ", ".join(expected[:8]) + (", ..." if len(expected) > 8 else "")
        super().__init__(
            f"{label or 'equation'}: cannot parse the LaTeX at line {line}, column {column}:\n"
            f"    {shown}\n    {pointer}\n"
            f"expected {wanted or 'something else'}"
        )

    @classmethod
    def from_meaning(cls, label: str, latex: str, error: Exception) -> NotationError:
        """The LaTeX parses but means nothing in the notation (e.g. a broken ellipsis)."""
        made = cls(label, latex, 1, 1, [])
        made.args = (f"{label or 'equation'}: {error}\n    {latex}",)
        return made


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", maybe_placeholders=False)


def parse(latex: str, label: str = "") -> p.Equation:
    """Parse the LaTeX of one display equation."""
    try:
        tree = _parser().parse(latex)
    except UnexpectedInput as error:
        raise _notation_error(error, latex, label) from None
    try:
        equation = _strip_groups(_ToNodes().transform(tree))
    except VisitError as error:
        raise NotationError.from_meaning(label, latex, error.orig_exc) from None
    return dataclasses.replace(equation, latex=latex, label=label)


def _notation_error(error: UnexpectedInput, latex: str, label: str) -> NotationError:
    if isinstance(error, UnexpectedEOF):
        lines = latex.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
        expected = sorted(error.expected)
    else:
        line, column = error.line, error.column
        if isinstance(error, UnexpectedToken):
            expected = sorted(error.accepts or error.expected)
        elif isinstance(error, UnexpectedCharacters):
            expected = sorted(error.allowed or [])
        else:
            expected = []
    names = sorted({_TERMINAL_NAMES.get(name, _literal(name)) for name in expected})
    return NotationError(label, latex, line, column, names)


def _literal(terminal: str) -> str:
    """The text of an anonymous literal terminal, e.g. '\\\\sqrt' for "\\sqrt"."""
    try:
        pattern = _parser().get_terminal(terminal).pattern
    except KeyError:
        return terminal
    return repr(pattern.value) if pattern.type == "str" else terminal


# -- tree -> nodes -----------------------------------------------------------------------

_NAMED_FUNCTIONS = {"tanh", "log", "exp", "max", "min"}


@v_args(inline=True)
class _ToNodes(Transformer):
    # statements
    def start(self, *statements):
        return p.Equation(tuple(statements))

    def relation(self, *items):
        sides = tuple(items[0::2])
        ops = tuple(str(op) for op in items[1::2])
        return p.Relation(sides, ops)

    def relation_in(self, relation, space):
        return p.Membership((relation.sides[-1],), space, relation)

    def membership(self, subjects, space):
        return p.Membership(subjects, space)

    def subjects(self, *items):
        return tuple(items)

    def equivalence(self, *relations):
        return p.Equivalence(tuple(relations))

    def real_space(self, rows, cols):
        return p.RealSpace(rows, cols)

    def set_literal(self, *items):
        if any(item is _DOTS for item in items):
            if items[-2] is not _DOTS:
                raise ValueError("'\\dots' must come just before the last element of a set")
            return p.IntegerRange(tuple(items[:-2]), items[-1])
        return p.IntegerRange(tuple(items), None)

    # arithmetic
    def xor(self, left, right):
        return _fold_dots("xor", left, right)

    def add(self, left, right):
        return _fold_dots("+", left, right)

    def sub(self, left, right):
        return p.Binary("-", left, right)

    def neg(self, operand):
        return p.Negate(operand)

    def hadamard(self, left, right):
        return p.Binary("*", left, right)

    def times(self, left, right):
        return p.Binary("cdot", left, right)

    def mod(self, left, right):
        return p.Binary("mod", left, right)

    def divide(self, left, right):
        return p.Binary("/", left, right)

    def juxt(self, *factors):
        return _fold_juxtaposition(list(factors))

    def number(self, token):
        return p.Number(_number(token))

    def number_power(self, token, script):
        return p.Power(p.Number(_number(token)), _exponent(script))

    def group(self, inner):
        return _Group(inner)  # unwrapped by _strip_groups, kept for ^{(i)}

    def group_power(self, inner, script):
        if _is_transpose(script):
            return p.Transpose(inner)
        return p.Power(inner, _exponent(script))

    def frac(self, _frac, numerator, denominator):
        return p.Binary("/", numerator, denominator)

    def derivative(self, _frac, _d1, of, _d2, by):
        return p.Derivative(of, by)

    def sqrt(self, inner):
        return p.Apply("sqrt", (inner,))

    def abs(self, inner):
        return p.Apply("abs", (inner,))

    def norm(self, inner, order):
        return p.Apply(f"norm{order}", (inner,))

    def infinity(self):
        return p.Infinity()

    def dots(self, *_):
        return _DOTS

    def sum_over(self, variable, _eq, low, high, body):
        return _Pending("sum", str(variable), low, _script_value(high), body)

    def integral(self, low, high, body):
        return _Pending("integral", "", _script_value(low), _script_value(high), body)

    def cases(self, *rows):
        return p.Cases(tuple(rows))

    def case_row(self, value, left, op, right):
        return (value, p.Condition(left, str(op), right))

    # calls
    def arguments(self, *items):
        return tuple(items)

    def call(self, symbol, arguments):
        return p.Call(symbol, arguments)

    def call_power(self, symbol, arguments, script):
        if _is_transpose(script):
            if len(arguments) != 1:
                raise ValueError("a transposed bracket must hold one expression")
            return p.Product((symbol, p.Transpose(arguments[0])))
        return p.Call(symbol, arguments, _exponent(script))

    def call_bracket(self, symbol, argument):
        return p.Call(symbol, (argument,))

    # symbols
    def symbol(self, name, *scripts):
        fields: dict = {"name": name}
        for kind, value in scripts:
            _apply_script(fields, kind, value)
        return p.Symbol(**fields)

    def superscript(self, script):
        return ("sup", script)

    def subscript(self, script):
        return ("sub", script)

    def prime(self, token):
        return ("primes", len(token))

    def name(self, token):
        text = str(token)
        return text.lstrip("\\")

    def hat(self, letter):
        return f"hat_{letter}"

    def ones(self):
        return "1"

    def calligraphic(self, letter):
        return f"cal_{letter}"

    def expectation(self):
        return "E"

    def roman(self, _open, *letters):
        return "".join(str(letter) for letter in letters)

    # scripts
    def script(self, content):
        if isinstance(content, Token):
            if content.type == "NUMBER":
                return p.Number(_number(content))
            if content.type == "NAME":
                return _Letter(str(content))
            if content.type == "INFTY":
                return p.Infinity()
            if content.type == "GREEK":
                return p.Symbol(str(content).lstrip("\\"))
        return content

    def indexed(self, layer, *rest):
        example = mark = None
        for item in rest:
            if isinstance(item, _Example):
                example = item.index
            else:
                mark = item
        return _Indexed(layer, example, mark)

    def layer(self, inner):
        return inner

    def example(self, inner):
        return _Example(inner)

    def mark(self, token):
        text = str(token)
        if text in {"T", "\\prime"}:
            return text
        raise ValueError(f"after a layer index, expected T or \\prime, got {text!r}")

    def prime_mark(self, _token):
        return "\\prime"

    def letters(self, *tokens):
        return _Letters(tuple(str(token) for token in tokens))

    def script_expr(self, inner):
        return inner


# sub-parts of a symbol's scripts, before they are sorted into Symbol fields
@dataclasses.dataclass(frozen=True)
class _Letter:
    letter: str


@dataclasses.dataclass(frozen=True)
class _Letters:
    letters: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class _Example:
    index: p.Node


@dataclasses.dataclass(frozen=True)
class _Indexed:
    layer: p.Node
    example: p.Node | None
    mark: str | None


@dataclasses.dataclass(frozen=True)
class _Pending:
    """A sum or integral whose body is completed by the factors to its right."""

    kind: str
    variable: str
    low: p.Node
    high: p.Node
    first: p.Node


_DOTS = object()


def _number(token) -> int | float:
    text = str(token)
    return float(text) if "." in text else int(text)


def _script_value(script) -> p.Node:
    if isinstance(script, _Letter):
        return p.Symbol(script.letter)
    if isinstance(script, _Letters):
        return p.Product(tuple(p.Symbol(letter) for letter in script.letters))
    if isinstance(script, p.Node):
        return script
    raise ValueError(f"unexpected script {script!r}")


def _exponent(script) -> p.Node:
    return _script_value(script)


def _is_transpose(script) -> bool:
    return isinstance(script, _Letter) and script.letter == "T"


def _apply_script(fields: dict, kind: str, value) -> None:
    if kind == "primes":
        fields["primes"] = fields.get("primes", 0) + value
        return
    if kind == "sub":
        if isinstance(value, _Letters):
            fields["subscript"] = tuple(p.Symbol(letter) for letter in value.letters)
        else:
            fields["subscript"] = (_script_value(value),)
        return
    # a superscript
    if isinstance(value, _Indexed):
        fields["layer"] = value.layer
        if value.example is not None:
            fields["example"] = value.example
        if value.mark == "T":
            fields["transpose"] = True
        elif value.mark == "\\prime":
            fields["primes"] = fields.get("primes", 0) + 1
    elif _is_transpose(value):
        fields["transpose"] = True
    elif value == "\\prime":
        fields["primes"] = fields.get("primes", 0) + 1
    elif isinstance(value, p.Node) and _is_bare_group(value):
        fields["example"] = value
    elif (
        isinstance(value, p.Product)
        and len(value.factors) == 2
        and _is_bare_group(value.factors[0])
        and value.factors[1] == p.Symbol("T")
    ):  # v^{(i)T}: example i, transposed
        fields["example"] = value.factors[0]
        fields["transpose"] = True
    else:
        fields["power"] = _script_value(value)


def _is_bare_group(node) -> bool:
    return isinstance(node, _Group)  # ^{(i)}: an example index


@dataclasses.dataclass(frozen=True)
class _Group(p.Node):
    inner: p.Node


def _fold_juxtaposition(factors: list) -> p.Node:
    """Attach to sums, integrals and named functions without parentheses the
    factors to their right: ``\\frac1m \\sum_i dZ_{ji} A_{ki}``, ``y \\log a``."""
    for index, factor in enumerate(factors):
        if isinstance(factor, _Pending):
            rest = factors[index + 1 :]
            body = _fold_juxtaposition([factor.first, *rest])
            if factor.kind == "sum":
                node = p.SumOver(factor.variable, factor.low, factor.high, body)
            else:
                node = _integral(factor, body)
            return _product([*factors[:index], node])
        if (
            isinstance(factor, p.Symbol)
            and factor.name in _NAMED_FUNCTIONS
            and index + 1 < len(factors)
        ):
            argument = _fold_juxtaposition(factors[index + 1 :])
            return _product([*factors[:index], p.Call(factor, (argument,))])
    return _product(factors)


def _integral(pending: _Pending, body: p.Node) -> p.Node:
    factors = list(body.factors) if isinstance(body, p.Product) else [body]
    last = factors[-1]
    if not (isinstance(last, p.Symbol) and len(last.name) == 2 and last.name[0] == "d"):
        raise ValueError("an integral must end with its differential, e.g. '\\, dz'")
    return p.Integral(last.name[1], pending.low, pending.high, _product(factors[:-1]))


def _product(factors: list) -> p.Node:
    # parentheses stay marked until _strip_groups: ^{(i)} and ^{(i)T} hold an example index
    return factors[0] if len(factors) == 1 else p.Product(tuple(factors))


def _unwrap(node):
    return node.inner if isinstance(node, _Group) else node


def _fold_dots(op: str, left, right) -> p.Node:
    """``x_1 + x_2 + \\cdots + x_n`` -> a sum over k = 1..n of x_k (same for oplus)."""
    if right is _DOTS:
        return _Dotted(op, _unwrap(left))
    if isinstance(left, _Dotted):
        return _expand_dots(left, _unwrap(right))
    return p.Binary(op, _unwrap(left), _unwrap(right))


@dataclasses.dataclass(frozen=True)
class _Dotted(p.Node):
    op: str
    head: p.Node


def _expand_dots(dotted: _Dotted, last: p.Node) -> p.Node:
    terms = _terms(dotted.head, dotted.op)
    if len(terms) < 2:
        raise ValueError("an ellipsis needs two terms before it to show the pattern")
    first, second = terms[0], terms[1]
    difference = _single_difference(first, second)
    if difference is None:
        raise ValueError("the two terms before an ellipsis must differ in one index")
    path, low = difference
    high = _at(last, path)
    if high is None or _replace(first, path, high) != last:
        raise ValueError("the term after an ellipsis does not follow the pattern")
    variable = "_k"
    body = _replace(first, path, p.Symbol(variable))
    return p.SumOver(variable, low, high, body) if dotted.op == "+" else _XorOver(body, low, high)


def _XorOver(body, low, high) -> p.Node:
    return p.Apply("xor_over", (body, low, high))


def _terms(node, op) -> list:
    if isinstance(node, p.Binary) and node.op == op:
        return [*_terms(node.left, op), *_terms(node.right, op)]
    return [node]


def _single_difference(a, b, path=()):
    """The one path where ``a`` holds the number k and ``b`` the number k + 1."""
    if isinstance(a, p.Number) and isinstance(b, p.Number) and b.value == a.value + 1:
        return path, a
    if type(a) is not type(b) or not dataclasses.is_dataclass(a):
        return None
    found = None
    for field in dataclasses.fields(a):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if x == y:
            continue
        if isinstance(x, tuple) and isinstance(y, tuple) and len(x) == len(y):
            for i, (xi, yi) in enumerate(zip(x, y, strict=True)):
                if xi != yi:
                    sub = _single_difference(xi, yi, (*path, (field.name, i)))
                    if sub is None or found is not None:
                        return None
                    found = sub
        else:
            sub = _single_difference(x, y, (*path, (field.name, None)))
            if sub is None or found is not None:
                return None
            found = sub
    return found


def _at(node, path):
    for name, index in path:
        if not dataclasses.is_dataclass(node) or not hasattr(node, name):
            return None
        node = getattr(node, name)
        if index is not None:
            if not isinstance(node, tuple) or index >= len(node):
                return None
            node = node[index]
    return node


def _replace(node, path, value):
    if not path:
        return value
    (name, index), rest = path[0], path[1:]
    child = getattr(node, name)
    if index is None:
        return dataclasses.replace(node, **{name: _replace(child, rest, value)})
    items = list(child)
    items[index] = _replace(items[index], rest, value)
    return dataclasses.replace(node, **{name: tuple(items)})


def _strip_groups(node):
    """Replace every parenthesis marker by its content, through the whole tree."""
    if isinstance(node, _Group):
        return _strip_groups(node.inner)
    if isinstance(node, tuple):
        return tuple(_strip_groups(item) for item in node)
    if dataclasses.is_dataclass(node) and isinstance(node, p.Node):
        changes = {}
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            stripped = _strip_groups(value)
            if stripped is not value:
                changes[field.name] = stripped
        return dataclasses.replace(node, **changes) if changes else node
    return node
