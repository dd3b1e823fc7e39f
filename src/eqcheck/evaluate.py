"""The value of a parsed equation, given the bindings a page's code supplies.

Values are NumPy arrays (2-D, the notes' column convention), numbers, SymPy
expressions, functions, or a :class:`~eqcheck.meaning.Normal` distribution.  How a
symbol finds its value (layer, example and entry indices, names with subscripts,
builtin functions) is in ``meaning.py``; this module walks the nodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import meaning
from . import parsed as p
from .meaning import EvaluationError, Scope, is_symbolic


def evaluate(node: p.Node, scope: Scope) -> Any:
    """The value of one expression node."""
    method = _EVALUATORS.get(type(node))
    if method is None:
        raise EvaluationError(f"{type(node).__name__} has no value here", node)
    return method(node, scope)


def _number(node: p.Number, scope: Scope) -> Any:
    return node.value


def _symbol(node: p.Symbol, scope: Scope) -> Any:
    return meaning.symbol_value(node, scope, evaluate)


def _call(node: p.Call, scope: Scope) -> Any:
    function_symbol = node.function
    power = function_symbol.power
    if power is not None:  # \tanh^2(z): the power applies to the result
        function_symbol = p.Symbol(**{**function_symbol.__dict__, "power": None})
    function = evaluate(function_symbol, scope)
    arguments = [evaluate(argument, scope) for argument in node.arguments]
    if callable(function):
        try:
            result = function(*arguments)
        except EvaluationError:
            raise
        except Exception as error:
            raise EvaluationError(
                f"{meaning.show(node.function)}(...) failed: {type(error).__name__}: {error}",
                node,
            ) from error
        if power is not None:
            result = meaning.power(result, evaluate(power, scope), node)
        if node.power is not None:
            result = meaning.power(result, evaluate(node.power, scope), node)
        return result
    if len(arguments) != 1:
        raise EvaluationError(
            f"{meaning.show(node.function)} is not a function, so it cannot take "
            f"{len(arguments)} arguments",
            node,
        )
    value = arguments[0]
    if node.power is not None:
        value = meaning.power(value, evaluate(node.power, scope), node)
    if power is not None:
        function = meaning.power(function, evaluate(power, scope), node)
    return meaning.multiply(function, value, node)


def _product(node: p.Product, scope: Scope) -> Any:
    values = [evaluate(factor, scope) for factor in node.factors]
    result = values[-1]
    if callable(result):
        raise EvaluationError(
            f"{meaning.show(node.factors[-1])} is a function with no argument", node
        )
    for factor, value in zip(reversed(node.factors[:-1]), reversed(values[:-1]), strict=True):
        # a function (\log a) applies to what follows it; anything else multiplies it
        result = value(result) if callable(value) else meaning.multiply(value, result, factor)
    return result


def _binary(node: p.Binary, scope: Scope) -> Any:
    left, right = evaluate(node.left, scope), evaluate(node.right, scope)
    return meaning.arithmetic(node.op, left, right, node)


def _negate(node: p.Negate, scope: Scope) -> Any:
    return meaning.arithmetic("cdot", -1, evaluate(node.operand, scope), node)


def _power(node: p.Power, scope: Scope) -> Any:
    return meaning.power(evaluate(node.base, scope), evaluate(node.exponent, scope), node)


def _transpose(node: p.Transpose, scope: Scope) -> Any:
    return meaning.transpose(evaluate(node.operand, scope), node)


def _apply(node: p.Apply, scope: Scope) -> Any:
    if node.function == "xor_over":
        body, low, high = node.operands
        values = [
            evaluate(body, scope.with_variable("_k", k))
            for k in meaning.integer_range(evaluate(low, scope), evaluate(high, scope), node)
        ]
        result = values[0]
        for value in values[1:]:
            result = meaning.arithmetic("xor", result, value, node)
        return result
    operand = evaluate(node.operands[0], scope)
    return meaning.builtin(node.function)(operand)


def _derivative(node: p.Derivative, scope: Scope) -> Any:
    return meaning.derivative(node, scope, evaluate)


def _sum_over(node: p.SumOver, scope: Scope) -> Any:
    low, high = evaluate(node.low, scope), evaluate(node.high, scope)
    terms = [
        evaluate(node.body, scope.with_variable(node.variable, k))
        for k in meaning.integer_range(low, high, node)
    ]
    if not terms:
        return 0
    total = terms[0]
    for term in terms[1:]:
        total = meaning.arithmetic("+", total, term, node)
    return total


def _integral(node: p.Integral, scope: Scope) -> Any:
    import sympy

    # the integral binds its variable, as a sum binds its index
    variable = sympy.Symbol(node.variable, real=True)
    low, high = evaluate(node.low, scope), evaluate(node.high, scope)
    body = evaluate(node.body, scope.with_variable(node.variable, variable))
    return sympy.integrate(body, (variable, low, high))


def _infinity(node: p.Infinity, scope: Scope) -> Any:
    if scope.symbolic:
        import sympy

        return sympy.oo
    return np.inf


def _cases(node: p.Cases, scope: Scope) -> Any:
    values = [evaluate(value, scope) for value, _condition in node.rows]
    conditions = [condition_value(condition, scope) for _value, condition in node.rows]
    if any(is_symbolic(v) for v in [*values, *conditions]):
        import sympy

        return sympy.Piecewise(*zip(values, conditions, strict=True))
    shape = np.broadcast_shapes(*(np.shape(c) for c in conditions), *(np.shape(v) for v in values))
    covered = np.zeros(shape, dtype=int)
    for condition in conditions:
        covered += np.broadcast_to(condition, shape)
    if np.any(covered != 1):
        where = np.argwhere(covered != 1)[0]
        raise EvaluationError(
            f"the cases must hold one at a time; at index {tuple(int(i) for i in where)}, "
            f"{int(covered[tuple(where)])} of them hold",
            node,
        )
    return np.select(
        [np.broadcast_to(c, shape) for c in conditions],
        [np.broadcast_to(np.asarray(v, dtype=float), shape) for v in values],
    )


def condition_value(condition: p.Condition, scope: Scope) -> Any:
    """A comparison inside ``cases`` or a relation: booleans, entry by entry."""
    left, right = evaluate(condition.left, scope), evaluate(condition.right, scope)
    return meaning.compare(condition.op, left, right, condition)


_EVALUATORS: Mapping[type, Any] = {
    p.Number: _number,
    p.Symbol: _symbol,
    p.Call: _call,
    p.Product: _product,
    p.Binary: _binary,
    p.Negate: _negate,
    p.Power: _power,
    p.Transpose: _transpose,
    p.Apply: _apply,
    p.Derivative: _derivative,
    p.SumOver: _sum_over,
    p.Integral: _integral,
    p.Infinity: _infinity,
    p.Cases: _cases,
}
