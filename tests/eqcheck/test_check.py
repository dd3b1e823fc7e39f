"""check / erratum / definition on small networks: each kind of reference passes
on the right equation and fails, with a readable block, on a planted mistake."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import eqcheck
from eqcheck import RECORDS, check, definition, erratum, raises, use_equations

DW = r"dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]\,T}."


@pytest.fixture
def layers():
    rng = np.random.default_rng(0)
    n, m = [3, 4, 2], 5
    A = {l: rng.standard_normal((n[l], m)) for l in range(3)}
    dZ = {l: rng.standard_normal((n[l], m)) for l in (1, 2)}
    dW = {l: dZ[l] @ A[l - 1].T / m for l in (1, 2)}  # the reference, written in NumPy
    return {"A": A, "dZ": dZ, "dW": dW, "m": m, "n": n}


def run(latex: str, **kwargs) -> float:
    use_equations({"eq-test": latex})
    return check("eq-test", **kwargs)


def test_the_right_equation_passes(layers):
    err = run(DW, where=layers, over={"l": [1, 2]}, against="central differences", tol=1e-12)
    assert err < 1e-15
    record = RECORDS[-1]
    assert record.ok and record.label == "eq-test" and record.latex == DW
    assert record.detail == "20 numbers at 2 points"


@pytest.mark.parametrize(
    ("mistake", "latex"),
    [
        ("sign", r"dW^{[l]} = -\frac{1}{m}\, dZ^{[l]} A^{[l-1]\,T}."),
        ("no 1/m", r"dW^{[l]} = dZ^{[l]} A^{[l-1]\,T}."),
        ("layer index", r"dW^{[l]} = \frac{1}{m}\, dZ^{[l-1]} A^{[l-1]\,T}."),
        ("transpose", r"dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]}."),
        ("constant", r"dW^{[l]} = \frac{2}{m}\, dZ^{[l]} A^{[l-1]\,T}."),
    ],
)
def test_each_planted_mistake_fails_and_the_message_names_the_equation(layers, mistake, latex):
    with pytest.raises(AssertionError) as failure:
        run(latex, where=layers, over={"l": [1, 2]}, against="central differences", tol=1e-7)
    message = str(failure.value)
    assert message.startswith("equation eq-test does not hold:"), mistake
    assert latex in message and "tolerance 1.0 × 10⁻⁷" in message
    assert not RECORDS[-1].ok


def test_a_wrong_shape_claim_fails(layers):
    right = r"W^{[l]} \in \mathbb{R}^{n^{[l]} \times n^{[l-1]}}."
    wrong = r"W^{[l]} \in \mathbb{R}^{n^{[l-1]} \times n^{[l]}}."
    shapes = {"W": {1: np.zeros((4, 3)), 2: np.zeros((2, 4))}, "n": layers["n"]}
    assert run(right, where=shapes, over={"l": [1, 2]}, against="shape") == 0
    with pytest.raises(AssertionError, match="claimed shape"):
        run(wrong, where=shapes, over={"l": [1, 2]}, against="shape")


def test_symbolic_identity_and_a_wrong_constant():
    z = sp.Symbol("z", real=True)
    sigma = sp.Lambda(z, 1 / (1 + sp.exp(-z)))
    where = {"sigma": sigma, "z": z}
    assert (
        run(r"\sigma'(z) = \sigma(z) \bigl(1 - \sigma(z)\bigr)", where=where, against="symbolic")
        == 0
    )
    with pytest.raises(AssertionError, match="simplifies to"):
        run(r"\sigma'(z) = \sigma(z) \bigl(2 - \sigma(z)\bigr)", where=where, against="symbolic")


def test_series_up_to_its_order_term():
    theta, eps = sp.symbols("theta epsilon", real=True)
    where = {"J": sp.Function("J"), "theta": theta, "varepsilon": eps}
    right = (
        r"\frac{J(\theta + \varepsilon) - J(\theta)}{\varepsilon}"
        r" = J'(\theta) + \frac{\varepsilon}{2}\, J''(\theta) + O(\varepsilon^2)"
    )
    assert run(right, where=where, against="symbolic") == 0
    with pytest.raises(AssertionError):
        run(right.replace(r"\frac{\varepsilon}{2}", r"\frac{\varepsilon}{3}"), where=where,
            against="symbolic")  # fmt: skip


def test_statistical_check_of_an_initialisation():
    rng = np.random.default_rng(1)
    sample = {"W": {1: 0.01 * rng.standard_normal((400, 500))}, "b": {1: np.zeros((400, 1))}}
    latex = r"W^{[l]} = 0.01 \cdot \mathcal{N}(0, 1), \qquad b^{[l]} = 0."
    z = run(latex, where=sample, over={"l": [1]}, against="statistical", tol=0)
    assert z < eqcheck.compare.Z_BOUND
    with pytest.raises(AssertionError, match="samples"):
        run(latex.replace("0.01", "0.011"), where=sample, over={"l": [1]},
            against="statistical", tol=0)  # fmt: skip
    with pytest.raises(AssertionError):  # a bias that is not zero fails, whatever the weights
        biased = {**sample, "b": {1: np.full((400, 1), 1e-3)}}
        run(latex, where=biased, over={"l": [1]}, against="statistical", tol=0)


def test_update_reads_its_left_side_after_the_step(layers):
    W = {1: np.ones((2, 2))}
    grads = {"W": W, "alpha": 0.1, "dW": {1: np.full((2, 2), 2.0)}}
    latex = r"W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}"
    after = {"W": {1: np.full((2, 2), 0.8)}}
    assert run(latex, where=grads, after=after, over={"l": [1]}, against="engine", tol=0) == 0
    with pytest.raises(AssertionError):
        run(latex, where=grads, after={"W": W}, over={"l": [1]}, against="engine", tol=0)


def test_a_kind_that_cannot_produce_the_comparison_is_refused(layers):
    with pytest.raises(AssertionError, match="does not produce"):
        run(DW, where=layers, over={"l": [1]}, against="symbolic")
    with pytest.raises(ValueError, match="against must be one of"):
        run(DW, where=layers, over={"l": [1]}, against="eyeballed")


def test_a_missing_binding_fails_with_the_symbol_and_the_keys_to_bind(layers):
    with pytest.raises(AssertionError, match=r"no value for dZ\^\{\[l\]\}: bind 'dZ'"):
        without_dZ = {key: value for key, value in layers.items() if key != "dZ"}
        run(DW, where=without_dZ, over={"l": [1]}, against="central differences", tol=1e-7)


def test_erratum_must_fail_the_comparison_it_demonstrates(layers):
    use_equations({"erratum-test": r"dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l]\,T}"})
    square = {**layers, "n": [3, 3, 3]}
    rng = np.random.default_rng(2)
    square["A"] = {l: rng.standard_normal((3, 5)) for l in range(3)}
    square["dZ"] = {l: rng.standard_normal((3, 5)) for l in (1, 2)}
    square["dW"] = {l: square["dZ"][l] @ square["A"][l - 1].T / 5 for l in (1, 2)}
    err = erratum("erratum-test", where=square, over={"l": [1, 2]},
                  against="central differences", fails_above=0.1)  # fmt: skip
    assert err > 0.1 and RECORDS[-1].ok and RECORDS[-1].role == "erratum"
    # the same slide equation on a network where it stops on shapes, not values
    with pytest.raises(AssertionError, match="differ in shape, but a wrong value was expected"):
        erratum("erratum-test", where=layers, over={"l": [1, 2]},
                against="central differences", fails_above=0.1)  # fmt: skip
    # an erratum that passes does not demonstrate anything
    use_equations({"erratum-test": DW})
    with pytest.raises(AssertionError, match="is not above"):
        erratum("erratum-test", where=layers, over={"l": [1, 2]},
                against="central differences", fails_above=0.1)  # fmt: skip
    # nor one that fails for another reason (a symbol with no value, a parse error)
    use_equations({"erratum-test": r"dW^{[l]} = \frac{1}{m}\, dQ^{[l]} A^{[l]\,T}"})
    with pytest.raises(AssertionError, match="another reason"):
        erratum("erratum-test", where=square, over={"l": [1]},
                against="central differences", fails_above=0.1)  # fmt: skip
    use_equations({"erratum-test": r"dW^{[l]} = \frac{1}{m}\, dZ^{[l] A^{[l]\,T}"})
    with pytest.raises(AssertionError, match="another reason"):
        erratum("erratum-test", where=square, over={"l": [1]},
                against="central differences", fails_above=0.1)  # fmt: skip


def test_definition_is_parsed_and_recorded_apart():
    use_equations({"eq-def": r"r(a, b) = \frac{\lVert a - b \rVert_2}{\lVert a \rVert_2}"})
    definition("eq-def")
    assert RECORDS[-1].role == "definition" and RECORDS[-1].ok
    use_equations({"eq-def": r"r(a, b) = \frac{\lVert a - b \rVert_2}{"})
    with pytest.raises(AssertionError, match="cannot parse"):
        definition("eq-def")


def test_raises_accepts_only_the_error_it_names():
    with raises(ValueError, match="bad"):
        raise ValueError("a bad bias")
    with pytest.raises(AssertionError, match="got NameError"), raises(ValueError):
        raise NameError("undefined")
    with pytest.raises(AssertionError, match="nothing was raised"), raises(ValueError):
        pass


def test_points_are_scalars_entry_by_entry():
    z = eqcheck.points(np.linspace(-2, 2, 9))
    where = {"da": z * 0 + 2.0, "a": z, "b": z * 0 + 2.0}
    assert run(r"da = \frac{b}{1} \cdot 1", where=where, against="engine", tol=0) == 0
    assert run(r"x = a b", where={**where, "x": 2 * z}, against="engine", tol=0) == 0
    assert math.isfinite(RECORDS[-1].err)
