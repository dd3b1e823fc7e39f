"""The grammar: every equation of the pages parses, and a broken one is reported
with its label, position and what was expected."""

from __future__ import annotations

import pytest

from eqcheck import NotationError, parse
from eqcheck import parsed as p


def test_every_labelled_equation_of_the_pages_parses(page_equations):
    assert len(page_equations) >= 90
    for label, latex in page_equations.items():
        equation = parse(latex, label)
        assert equation.statements, label


def test_layer_example_and_transpose_scripts():
    (relation,) = parse(r"db^{[l]} = \frac{1}{m} dZ^{[l](i)} A^{[l-1]\,T}").statements
    product = relation.sides[1]
    assert isinstance(product, p.Product)
    dZ, A = product.factors[1], product.factors[2]
    assert dZ.name == "dZ" and dZ.layer == p.Symbol("l") and dZ.example == p.Symbol("i")
    assert A.transpose and A.layer == p.Binary("-", p.Symbol("l"), p.Number(1))


def test_example_index_alone_is_not_a_power():
    (relation,) = parse(r"y = \hat y^{(i)}").statements
    assert relation.sides[1].example == p.Symbol("i") and relation.sides[1].power is None
    (relation,) = parse(r"s = u^{(i)} v^{(i)T}").statements
    u, v = relation.sides[1].factors
    assert u.example == v.example == p.Symbol("i") and v.transpose and v.power is None
    (relation,) = parse(r"y = e^{z}").statements
    assert relation.sides[1].power == p.Symbol("z")


def test_entries_primes_and_function_scripts():
    (relation,) = parse(r"x = W^{[l]}_{jk} g^{[l]\prime}(Z) \tanh'(z) J''(t)").statements
    W, g, tanh, J = relation.sides[1].factors
    assert W.subscript == (p.Symbol("j"), p.Symbol("k"))
    assert g.function.primes == 1 and tanh.function.primes == 1 and J.function.primes == 2


def test_sum_takes_the_factors_to_its_right():
    (relation,) = parse(r"x = \frac{1}{m} \sum_{i=1}^{m} a_{i} b_{i}").statements
    _frac, total = relation.sides[1].factors
    assert isinstance(total, p.SumOver) and len(total.body.factors) == 2


def test_function_without_parentheses_applies_to_what_follows():
    (relation,) = parse(r"L = -y \log a").statements
    product = relation.sides[1].operand
    assert isinstance(product.factors[1], p.Call) and product.factors[1].function.name == "log"


def test_ellipsis_becomes_a_sum_over_the_pattern():
    (relation,) = parse(r"s = x_1 + x_2 + \cdots + x_n").statements
    total = relation.sides[1]
    assert isinstance(total, p.SumOver) and total.high == p.Symbol("n")


def test_shape_claim_update_and_cases():
    (claim,) = parse(r"Z^{[l]}, A^{[l]} \in \mathbb{R}^{n^{[l]} \times m}").statements
    assert isinstance(claim, p.Membership) and len(claim.subjects) == 2
    (update,) = parse(r"W \leftarrow W - \alpha\, dW").statements
    assert update.ops == ("\\leftarrow",)
    (piecewise,) = parse(r"f(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}").statements
    assert isinstance(piecewise.sides[1], p.Cases)


@pytest.mark.parametrize(
    ("latex", "column", "expected"),
    [
        (r"dW^{[l]} = \frac{1}{m}\, dZ^{[l] A^T", 35, "'}'"),
        (r"dW^{[l]} = \frac{1}{m}}", 23, "the end of the equation"),
        (r"dW^{[l]} = \foo{x}", 12, ""),
    ],
)
def test_a_parse_error_names_label_position_and_what_was_expected(latex, column, expected):
    with pytest.raises(NotationError) as failure:
        parse(latex, "eq-broken")
    error = failure.value
    assert error.label == "eq-broken" and error.line == 1 and error.column == column
    message = str(error)
    assert message.startswith("eq-broken: cannot parse the LaTeX at line 1, column")
    assert expected in message
