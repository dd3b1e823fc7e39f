"""What the notes' notation means: how a symbol finds its value, and the operations.

Binding keys are the symbols' names without backslashes: ``W``, ``dZ``, ``alpha``,
``sigma``; ``\\hat y`` is ``hat_y``, ``\\mathcal{L}`` is ``cal_L``, ``\\mathbf{1}`` is
``1``, ``\\mathrm{relu}`` is ``relu``, a derivative ``g'`` is ``g'``.  A symbol then
takes its scripts in this order:

* a subscript that is part of the name, when such a key is bound: ``x_1``, ``g_s``,
  ``theta_0``, ``1_m`` (``\\mathbf{1}_m`` is also built in: a column of m ones);
* ``^{[l]}``: the layer, looked up in a mapping (``{1: W1, 2: W2}``) or a sequence;
* ``^{(i)}``: example i, column i of a 2-D array (1-based, kept 2-D) or a mapping key;
* a remaining subscript: an entry, ``W_{jk}`` is ``W[j-1, k-1]`` (1-based) for an
  array and ``theta_t`` is ``theta[t]`` for a mapping;
* ``^T``: the transpose; a remaining superscript: a power (``e^{z}`` is exp).

Juxtaposition is a matrix product of two matrices, a scalar product otherwise, or
the application of a function to what follows it.  ``*`` and ``/`` are entry by
entry, ``+`` and ``-`` broadcast a column over the columns of a matrix, as NumPy
does.  Variables bound by a sum or by the check's ``over`` are integers.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from . import parsed as p


class EvaluationError(ValueError):
    """An equation parses but cannot be evaluated with the bindings given."""

    def __init__(self, message: str, node: p.Node | None = None):
        super().__init__(message)
        self.node = node


class ShapeMismatchError(EvaluationError):
    """An operation met operands whose shapes do not fit."""


def is_symbolic(value: Any) -> bool:
    sympy = sys.modules.get("sympy")
    return sympy is not None and isinstance(value, sympy.Basic | sympy.MatrixBase)


@dataclass(frozen=True)
class Scope:
    """The bindings of a check, the integer variables in force, and the values
    after an update (for the left side of ``\\leftarrow``)."""

    bindings: Mapping[str, Any]
    variables: Mapping[str, Any]
    after: Mapping[str, Any] | None = None
    symbolic: bool = False

    @classmethod
    def of(cls, bindings: Mapping[str, Any], after: Mapping[str, Any] | None = None) -> Scope:
        symbolic = any(is_symbolic(value) for value in bindings.values())
        return cls(dict(bindings), {}, after, symbolic)

    def with_variable(self, name: str, value: Any) -> Scope:
        return replace(self, variables={**self.variables, name: value})

    def updated(self) -> Scope:
        """The scope in which the left side of ``\\leftarrow`` is read."""
        if self.after is None:
            raise EvaluationError("an update (\\leftarrow) needs the values after it: after={...}")
        return replace(self, bindings={**self.bindings, **self.after})

    def has(self, key: str) -> bool:
        return key in self.variables or key in self.bindings

    def lookup(self, key: str) -> Any:
        if key in self.variables:
            return self.variables[key]
        return self.bindings[key]


# -- symbols ------------------------------------------------------------------------------


def show(node: p.Node) -> str:
    """A short LaTeX-like text of a node, for messages."""
    if isinstance(node, p.Symbol):
        text = {"hat": "\\hat "}.get(node.name, "")
        text += _NAME_TEXT.get(node.name, node.name)
        if node.subscript:
            text += "_{" + "".join(show(s) for s in node.subscript) + "}"
        if node.layer is not None or node.example is not None or node.transpose or node.primes:
            sup = ""
            if node.layer is not None:
                sup += f"[{show(node.layer)}]"
            if node.example is not None:
                sup += f"({show(node.example)})"
            sup += "'" * node.primes + ("T" if node.transpose else "")
            text += "^{" + sup + "}"
        if node.power is not None:
            text += "^{" + show(node.power) + "}"
        return text
    if isinstance(node, p.Number):
        return str(node.value)
    if isinstance(node, p.Binary):
        op = {"cdot": "\\cdot", "mod": "\\bmod", "xor": "\\oplus"}.get(node.op, node.op)
        return f"{show(node.left)} {op} {show(node.right)}"
    if isinstance(node, p.Product):
        return " ".join(show(f) for f in node.factors)
    if isinstance(node, p.Call):
        return f"{show(node.function)}({', '.join(show(a) for a in node.arguments)})"
    if isinstance(node, p.Negate):
        return f"-{show(node.operand)}"
    if isinstance(node, p.Transpose):
        return f"({show(node.operand)})^T"
    if isinstance(node, p.Power):
        return f"({show(node.base)})^{{{show(node.exponent)}}}"
    if isinstance(node, p.SumOver):
        return f"\\sum_{{{node.variable}={show(node.low)}}}^{{{show(node.high)}}} {show(node.body)}"
    if isinstance(node, p.Derivative):
        return f"\\partial {show(node.of)} / \\partial {show(node.by)}"
    return type(node).__name__


_NAME_TEXT = {
    "1": "\\mathbf{1}",
    "cal_L": "\\mathcal{L}",
    "cal_N": "\\mathcal{N}",
    "E": "\\mathbb{E}",
}


def _subscript_text(node: p.Symbol) -> str | None:
    parts = []
    for item in node.subscript:
        if isinstance(item, p.Symbol) and item == p.Symbol(item.name):
            parts.append(item.name)
        elif isinstance(item, p.Number):
            parts.append(str(item.value))
        else:
            return None
    return "".join(parts)


def symbol_value(node: p.Symbol, scope: Scope, evaluate: Callable) -> Any:
    """The value of a symbol with its scripts (see the module docstring)."""
    primes = "'" * node.primes
    subscript = node.subscript
    value, found = _UNSET, False
    text = _subscript_text(node) if subscript else None
    candidates = []
    if text is not None:
        candidates.append(f"{node.name}_{text}{primes}")
    if not (node.name == "1" and subscript):  # \mathbf{1}_m: m ones, whatever "1" is
        candidates.append(f"{node.name}{primes}")
    for key in candidates:
        if scope.has(key):
            value, found = scope.lookup(key), True
            if text is not None and key == candidates[0]:
                subscript = ()  # the subscript was part of the name
            break
    derive = 0
    if not found and node.primes:
        # g' of a bound g: differentiated by SymPy (symbolic arguments only)
        for key in [candidate.rstrip("'") for candidate in candidates]:
            if scope.has(key):
                value, found, derive = scope.lookup(key), True, node.primes
                if text is not None and key == candidates[0].rstrip("'"):
                    subscript = ()
                break
    if not found:
        value = _builtin_symbol(node, scope, evaluate)
        if value is _UNSET:
            raise EvaluationError(
                f"no value for {show(node)}: bind {' or '.join(repr(c) for c in candidates)}"
                f" (bound: {', '.join(sorted(scope.bindings)) or 'nothing'})",
                node,
            )
        if node.name in {"1", "log"} and subscript:
            subscript = ()  # the size of the ones, the base of the logarithm
        if node.name == "e" and node.power is not None:
            return value  # e^{z} is exp(z), already evaluated
    if node.layer is not None:
        value = _index(value, evaluate(node.layer, scope), node, "layer", base=0)
    if derive:
        value = _derivative_of(value, derive, node)
    if node.example is not None:
        value = _example(value, evaluate(node.example, scope), node)
    if subscript:
        indices = [evaluate(item, scope) for item in subscript]
        value = _entry(value, indices, node)
    if node.transpose:
        value = transpose(value, node)
    if node.power is not None and not callable(value):
        value = power(value, evaluate(node.power, scope), node)
    return value


_UNSET = object()


def _builtin_symbol(node: p.Symbol, scope: Scope, evaluate: Callable) -> Any:
    if node.name == "e" and node.power is not None and not node.subscript:
        return builtin("exp")(evaluate(node.power, scope))
    if node.name == "1" and node.subscript:
        (size,) = [evaluate(item, scope) for item in node.subscript]
        if scope.symbolic:
            import sympy

            return sympy.ones(_integer(size, node), 1)
        return np.ones((_integer(size, node), 1))
    if node.name == "log" and node.subscript:  # \log_2 n
        (base,) = [evaluate(item, scope) for item in node.subscript]
        natural = builtin("log")
        return lambda x: natural(x) / natural(base)
    if node.name == "pi":
        if scope.symbolic:
            import sympy

            return sympy.pi
        return math.pi
    if node.name in _BUILTINS or node.name == "O":
        function = builtin(node.name)
        if node.primes:
            return _derivative_of(function, node.primes, node)
        return function
    return _UNSET


def _derivative_of(function: Callable, order: int, node: p.Node) -> Callable:
    """A builtin's derivative, by SymPy (symbolic arguments only)."""

    def derivative(x: Any) -> Any:
        import sympy

        if not is_symbolic(x):
            raise EvaluationError(
                f"{show(node)}: derivatives of builtins are taken by SymPy; "
                "bind a SymPy symbol as the argument, or bind the derivative itself",
                node,
            )
        t = sympy.Dummy("t")
        return sympy.diff(function(t), t, order).subs(t, x)

    return derivative


def _integer(value: Any, node: p.Node) -> int:
    if isinstance(value, bool) or not float(value).is_integer():
        raise EvaluationError(f"{show(node)}: expected an integer, got {value!r}", node)
    return int(value)


def _index(value: Any, index: Any, node: p.Symbol, what: str, base: int) -> Any:
    if is_symbolic(index):
        raise EvaluationError(f"{show(node)}: the {what} index must be a number", node)
    key = _integer(index, node)
    if isinstance(value, Mapping):
        if key not in value:
            raise EvaluationError(
                f"{show(node)}: no {what} {key} (known: {sorted(value)})",
                node,
            )
        return value[key]
    if isinstance(value, Sequence) and not isinstance(value, str):
        if not 0 <= key - base < len(value):
            raise EvaluationError(f"{show(node)}: {what} {key} is out of range", node)
        return value[key - base]
    if callable(value):
        return value(key)
    raise EvaluationError(
        f"{show(node)}: the {what} index needs a mapping or a sequence, got {type(value).__name__}",
        node,
    )


def _example(value: Any, index: Any, node: p.Symbol) -> Any:
    if isinstance(value, np.ndarray) and value.ndim == 2:
        i = _integer(index, node)
        if not 1 <= i <= value.shape[1]:
            raise EvaluationError(
                f"{show(node)}: example {i} of an array with {value.shape[1]} columns", node
            )
        return value[:, i - 1 : i]
    return _index(value, index, node, "example", base=1)


def _entry(value: Any, indices: list, node: p.Symbol) -> Any:
    if isinstance(value, Mapping):
        for index in indices:
            value = _index(value, index, node, "entry", base=0)
        return value
    if callable(value):
        keys = [_integer(i, node) for i in indices]
        return lambda *args: value(*keys, *args)
    if is_symbolic(value):
        import sympy

        if isinstance(value, sympy.MatrixBase):
            keys = [_integer(i, node) - 1 for i in indices]
            return value[tuple(keys)] if len(keys) == 2 else value[keys[0]]
        raise EvaluationError(f"{show(node)}: a SymPy scalar has no entries", node)
    array = np.asarray(value)
    keys = [_integer(i, node) - 1 for i in indices]
    if len(keys) == 1 and array.ndim == 2:
        # a vector's entry; a row of a matrix otherwise
        if array.shape[1] == 1:
            keys = [keys[0], 0]
        elif array.shape[0] == 1:
            keys = [0, keys[0]]
        else:
            return array[keys[0] : keys[0] + 1, :]
    if len(keys) != array.ndim:
        raise EvaluationError(
            f"{show(node)}: {len(keys)} indices for an array of shape {array.shape}", node
        )
    for key, size in zip(keys, array.shape, strict=True):
        if not 0 <= key < size:
            raise EvaluationError(
                f"{show(node)}: index {key + 1} is out of range for shape {array.shape}", node
            )
    return array[tuple(keys)]


# -- operations ----------------------------------------------------------------------------


def _is_matrix(value: Any) -> bool:
    return isinstance(value, np.ndarray) and value.ndim == 2 and not isinstance(value, Points)


class Points(np.ndarray):
    """An array of scalar values at many points (a grid of z, of rates ...):
    every operation on it is entry by entry, juxtaposition included."""


def points(values: Any) -> Points:
    """Mark ``values`` as scalars evaluated at many points (see :class:`Points`)."""
    return np.asarray(values, dtype=float).view(Points)


def _is_scalar(value: Any) -> bool:
    if isinstance(value, Points):
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | np.number):
        return True
    if isinstance(value, np.ndarray):
        return value.ndim == 0
    sympy = sys.modules.get("sympy")
    return sympy is not None and isinstance(value, sympy.Expr)


def multiply(left: Any, right: Any, node: p.Node) -> Any:
    """Juxtaposition: a matrix product of two matrices, a scalar product otherwise."""
    if isinstance(left, Normal) or isinstance(right, Normal):
        return _scale_normal(left, right, node)
    if _is_matrix(left) and _is_matrix(right):
        if left.shape[1] != right.shape[0]:
            raise ShapeMismatchError(
                f"matrix product {show(node)}: shapes {left.shape} and {right.shape} "
                f"do not fit ({left.shape[1]} columns against {right.shape[0]} rows)",
                node,
            )
        return left @ right
    if _is_scalar(left) or _is_scalar(right):
        return left * right
    sympy = sys.modules.get("sympy")
    if sympy is not None and (
        isinstance(left, sympy.MatrixBase) or isinstance(right, sympy.MatrixBase)
    ):
        return left * right
    raise EvaluationError(
        f"cannot multiply {type(left).__name__} and {type(right).__name__} in {show(node)}", node
    )


def arithmetic(op: str, left: Any, right: Any, node: p.Node) -> Any:
    """``+ - * / \\cdot \\bmod \\oplus`` (entry by entry, broadcasting like NumPy)."""
    if op == "cdot" and (isinstance(left, Normal) or isinstance(right, Normal)):
        return _scale_normal(left, right, node)
    if op in {"+", "-"} and (isinstance(left, Normal) or isinstance(right, Normal)):
        raise EvaluationError("a distribution can only be scaled here", node)
    if op in {"*", "/", "+", "-", "cdot"} and _is_matrix(left) and _is_matrix(right):
        try:
            np.broadcast_shapes(left.shape, right.shape)
        except ValueError:
            raise ShapeMismatchError(
                f"{show(node)}: entry-by-entry '{op}' of shapes {left.shape} and {right.shape}",
                node,
            ) from None
    sympy = sys.modules.get("sympy")
    symbolic_matrix = sympy is not None and (
        isinstance(left, sympy.MatrixBase) or isinstance(right, sympy.MatrixBase)
    )
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "cdot":
        return left * right
    if op == "*":
        if symbolic_matrix:
            return sympy.matrix_multiply_elementwise(sympy.Matrix(left), sympy.Matrix(right))
        return left * right
    if op == "/":
        return left / right
    if op == "mod":
        return left % right
    if op == "xor":
        return (np.asarray(left) != np.asarray(right)).astype(int)
    raise EvaluationError(f"unknown operation {op}", node)


def power(base: Any, exponent: Any, node: p.Node) -> Any:
    if callable(base):
        return lambda *args: power(base(*args), exponent, node)
    if isinstance(base, np.ndarray):
        return np.power(base, exponent)
    return base**exponent


def transpose(value: Any, node: p.Node) -> Any:
    if isinstance(value, np.ndarray):
        if value.ndim != 2:
            raise EvaluationError(
                f"{show(node)}: the transpose needs a 2-D array, got shape {value.shape}", node
            )
        return value.T
    if _is_scalar(value):
        return value
    if hasattr(value, "T"):
        return value.T
    raise EvaluationError(f"{show(node)}: cannot transpose {type(value).__name__}", node)


def compare(op: str, left: Any, right: Any, node: p.Node) -> Any:
    """A comparison, entry by entry; ``=`` of two column-vector sets is per column."""
    if op in {"=", "\\ne"} and _is_matrix(left) and _is_matrix(right) and left.shape[0] > 1:
        equal = np.all(np.isclose(left, right, rtol=0, atol=0), axis=0, keepdims=True)
        return equal if op == "=" else ~equal
    if is_symbolic(left) or is_symbolic(right):
        import sympy

        relation = {"<": sympy.Lt, ">": sympy.Gt, "\\le": sympy.Le, "\\ge": sympy.Ge}
        if op in relation:
            return relation[op](left, right)
        return sympy.Eq(left, right) if op == "=" else sympy.Ne(left, right)
    functions = {
        "<": np.less,
        ">": np.greater,
        "\\le": np.less_equal,
        "\\ge": np.greater_equal,
        "=": np.equal,
        "\\ne": np.not_equal,
    }
    if op not in functions:
        raise EvaluationError(f"{op} is not a comparison", node)
    return functions[op](left, right)


def integer_range(low: Any, high: Any, node: p.Node) -> range:
    return range(_integer(low, node), _integer(high, node) + 1)


def derivative(node: p.Derivative, scope: Scope, evaluate: Callable) -> Any:
    """``\\partial F / \\partial V``: SymPy's derivative when both are symbolic,
    else the bound value ``'∂F/∂V'`` with V's indices applied."""
    of, by = node.of, node.by
    if scope.symbolic:
        import sympy

        function, variable = evaluate(of, scope), evaluate(by, scope)
        if callable(function) and isinstance(by, p.Symbol) and scope.has(by.name):
            function = function(scope.lookup(by.name))  # J of the whole vector theta
        if isinstance(variable, sympy.Symbol):
            return sympy.diff(function, variable)
    if not (isinstance(of, p.Symbol) and isinstance(by, p.Symbol)):
        raise EvaluationError("a numeric derivative must be of a symbol by a symbol", node)
    key = f"∂{of.name}/∂{by.name}"
    if not scope.has(key):
        raise EvaluationError(
            f"no value for {show(node)}: bind {key!r} (bound: {', '.join(sorted(scope.bindings))})",
            node,
        )
    value = scope.lookup(key)
    if of.example is not None:
        value = _index(value, evaluate(of.example, scope), of, "example", base=1)
    indexed = p.Symbol("_", by.layer, by.example, by.subscript)
    inner = Scope({"_": value}, scope.variables, None, scope.symbolic)
    return symbol_value(indexed, _Merged(inner, scope), evaluate)


class _Merged(Scope):
    """A scope that reads "_" from one scope and everything else from another."""

    def __init__(self, inner: Scope, outer: Scope):
        object.__setattr__(self, "bindings", {**outer.bindings, **inner.bindings})
        object.__setattr__(self, "variables", outer.variables)
        object.__setattr__(self, "after", outer.after)
        object.__setattr__(self, "symbolic", outer.symbolic)


# -- builtins ---------------------------------------------------------------------------------


def _dispatch(numeric: Callable, symbolic_name: str) -> Callable:
    def function(*args: Any) -> Any:
        if any(is_symbolic(a) for a in args):
            import sympy

            return getattr(sympy, symbolic_name)(*args)
        return numeric(*args)

    function.__name__ = symbolic_name
    return function


def _normal(mean: Any, variance: Any) -> Normal:
    return Normal(float(mean), float(variance))


def _expectation(value: Any) -> Any:
    if is_symbolic(value):  # of a random variable (sympy.stats)
        from sympy.stats import E

        return E(value)
    if isinstance(value, np.ndarray):
        return float(np.mean(value))
    raise EvaluationError("E[...] of a sample needs an array")


def _variance(value: Any) -> Any:
    if is_symbolic(value):
        from sympy.stats import variance

        return variance(value)
    if isinstance(value, np.ndarray):
        return float(np.var(value))
    raise EvaluationError("Var(...) of a sample needs an array")


def _absolute(value: Any) -> Any:
    r"""``\lvert x \rvert``: the absolute value of a number, entry by entry; of a
    column vector with several entries, the sum of their absolute values (so
    ``\lvert p \rvert`` counts the ones of a bit pattern ``p``)."""
    if isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[1] == 1 < len(value):
        return float(np.abs(value).sum())
    if is_symbolic(value):
        import sympy

        return sympy.Abs(value)
    return np.abs(value)


def _order(value: Any) -> Any:
    import sympy

    return sympy.O(value)


def _norm2(value: Any) -> Any:
    if is_symbolic(value):
        import sympy

        return sympy.sqrt(sum(entry**2 for entry in sympy.Matrix(value)))
    return float(np.linalg.norm(np.ravel(value)))


_BUILTINS: dict[str, Callable] = {
    "exp": _dispatch(np.exp, "exp"),
    "log": _dispatch(np.log, "log"),
    "tanh": _dispatch(np.tanh, "tanh"),
    "max": _dispatch(np.maximum, "Max"),
    "min": _dispatch(np.minimum, "Min"),
    "sqrt": _dispatch(np.sqrt, "sqrt"),
    "abs": _absolute,
    "norm2": _norm2,
    "cal_N": _normal,
    "E": _expectation,
    "Var": _variance,
    "O": _order,
}


def builtin(name: str) -> Callable:
    if name not in _BUILTINS:
        raise EvaluationError(f"no builtin function {name}")
    return _BUILTINS[name]


# -- distributions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Normal:
    """``\\mathcal{N}(mean, variance)``, scaled by numbers: the value of a random
    initialisation, compared with a sample statistically (compare.py)."""

    mean: float
    variance: float

    def scaled(self, factor: float) -> Normal:
        return Normal(self.mean * factor, self.variance * factor**2)


def _scale_normal(left: Any, right: Any, node: p.Node) -> Normal:
    normal, factor = (left, right) if isinstance(left, Normal) else (right, left)
    if not _is_scalar(factor) or is_symbolic(factor):
        raise EvaluationError(f"{show(node)}: a distribution can only be scaled by a number", node)
    return normal.scaled(float(factor))
