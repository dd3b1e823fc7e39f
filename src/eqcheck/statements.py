"""A statement at one point -> the pairs of values it claims equal (or true).

``a = b = c`` claims b equals a and c equals b; ``W \\leftarrow W - \\alpha dW`` claims
the value after the update (left side, read from ``after``) equals the right side;
``Z, A \\in \\mathbb{R}^{n \\times m}`` claims shapes; ``0 < \\alpha < 2/h`` claims
truth; ``p \\iff q`` claims equal truth values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import parsed as p
from .evaluate import evaluate
from .meaning import EvaluationError, Scope, compare, integer_range, show


@dataclass(frozen=True)
class Claim:
    """One claim of a statement at one point; ``mode`` says how it is judged."""

    mode: str  # "equal", "shape", "true"
    left: Any
    right: Any
    text: str


def claims(statement: p.Node, scope: Scope) -> list[Claim]:
    if isinstance(statement, p.Relation):
        return _relation(statement, scope)
    if isinstance(statement, p.Membership):
        found = _relation(statement.relation, scope) if statement.relation else []
        return found + _membership(statement, scope)
    if isinstance(statement, p.Equivalence):
        truths = [_truth(relation, scope) for relation in statement.relations]
        first = np.asarray(truths[0])
        return [
            Claim("true", np.asarray(t) == first, None, f"{show_relation(r)} ⟺ ...")
            for t, r in zip(truths[1:], statement.relations[1:], strict=True)
        ]
    raise EvaluationError(f"{type(statement).__name__} is not a statement", statement)


def show_relation(relation: p.Relation) -> str:
    parts = [show(relation.sides[0])]
    for op, side in zip(relation.ops, relation.sides[1:], strict=True):
        parts += [op, show(side)]
    return " ".join(parts)


def _relation(relation: p.Relation, scope: Scope) -> list[Claim]:
    found = []
    values: list[Any] = [None] * len(relation.sides)

    def value(i: int, in_scope: Scope) -> Any:
        if values[i] is None:
            values[i] = evaluate(relation.sides[i], in_scope)
        return values[i]

    for i, op in enumerate(relation.ops):
        left_node, right_node = relation.sides[i], relation.sides[i + 1]
        text = f"{show(left_node)} {op} {show(right_node)}"
        if op == "=":
            found.append(Claim("equal", value(i, scope), value(i + 1, scope), text))
        elif op == "\\leftarrow":
            after = evaluate(left_node, scope.updated())
            found.append(Claim("equal", after, value(i + 1, scope), text))
        else:
            holds = compare(op, value(i, scope), value(i + 1, scope), relation)
            found.append(Claim("true", holds, None, text))
    return found


def _truth(relation: p.Relation, scope: Scope) -> Any:
    result: Any = True
    for claim in _relation(relation, scope):
        if claim.mode == "equal":
            truth = np.isclose(
                np.asarray(claim.left, float), np.asarray(claim.right, float), rtol=1e-12, atol=0
            )
        else:
            truth = claim.left
        result = np.logical_and(result, truth)
    return result


def _membership(statement: p.Membership, scope: Scope) -> list[Claim]:
    space = statement.space
    found = []
    for subject in statement.subjects:
        value = evaluate(subject, scope)
        if isinstance(space, p.RealSpace):
            claimed = (_size(space.rows, scope), _size(space.cols, scope))
            found.append(Claim("shape", claimed, np.shape(value), f"{show(subject)} ∈ ℝ^…"))
        elif isinstance(space, p.IntegerRange):
            if space.high is None:
                allowed = [evaluate(item, scope) for item in space.items]
            else:
                first = evaluate(space.items[0], scope)
                allowed = list(integer_range(first, evaluate(space.high, scope), space))
            inside = np.isin(np.asarray(value), allowed)
            found.append(Claim("true", inside, None, f"{show(subject)} ∈ {{…}}"))
        else:
            raise EvaluationError("unknown set", space)
    return found


def _size(node: p.Node, scope: Scope) -> int:
    value = evaluate(node, scope)
    if isinstance(value, bool) or not float(value).is_integer():
        raise EvaluationError(f"a dimension must be an integer, {show(node)} is {value!r}", node)
    return int(value)
