"""notes_check: the API page code uses (runs without a kernel: nothing is displayed)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "_ext"))

import notes_check
from notes_check import check, check_close, format_error


@pytest.mark.parametrize(
    ("err", "text"),
    [
        (0.0, "0"),
        (3.14e-10, "3.1 × 10⁻¹⁰"),
        (1e-7, "1.0 × 10⁻⁷"),
        (0.05, "5.0 × 10⁻²"),
        (2.5, "2.5"),
        (1.5e12, "1.5 × 10¹²"),
        (float("nan"), "NaN"),
        (float("inf"), "∞"),
    ],
)
def test_format_error(err, text):
    assert format_error(err) == text


def test_check_returns_relative_error_and_records_it():
    c = np.array([[1.0, 2.0], [3.0, 4.0]])
    r = c + 1e-9
    expected = np.linalg.norm(c - r) / (np.linalg.norm(c) + np.linalg.norm(r))
    err = check("eq-test-pass", c, r, tol=1e-7)
    assert err == pytest.approx(expected)
    record = notes_check.RECORDS[-1]
    assert (record.label, record.ok, record.kind) == ("eq-test-pass", True, "numeric")
    assert record.tol == 1e-7
    assert record.call == 'check("eq-test-pass", c, r, tol=1e-7)'


def test_both_zero_is_zero_error():
    assert check("eq-test-zero", np.zeros(3), np.zeros(3), tol=0) == 0.0


def test_failure_message_is_the_contract():
    with pytest.raises(AssertionError) as info:
        check("eq-vec-dW2", np.array([1.0, 2.0]), np.array([1.0, 3.0]), tol=1e-7)
    err = 1 / (np.sqrt(5) + np.sqrt(10))
    assert str(info.value) == f"eq-vec-dW2: relative error {err:.2e} exceeds 1e-07"
    assert notes_check.RECORDS[-1].ok is False


def test_nan_fails():
    with pytest.raises(AssertionError, match="relative error nan exceeds"):
        check("eq-test-nan", np.array([np.nan]), np.array([1.0]), tol=1.0)


def test_shape_mismatch_names_label_and_shapes():
    with pytest.raises(ValueError, match=r"eq-test-shape.*\(3, 1\).*\(1, 3\)"):
        check("eq-test-shape", np.ones((3, 1)), np.ones((1, 3)), tol=1e-7)


def test_tol_is_keyword_only_and_validated():
    with pytest.raises(TypeError):
        check("eq-test-tol", 1.0, 1.0, 1e-7)  # type: ignore[misc]
    with pytest.raises(ValueError, match="tol"):
        check("eq-test-tol", 1.0, 1.0, tol=-1)


def test_check_close_exact_numbers():
    assert check_close("eq-test-exact", [1, 2, 3], np.array([1.0, 2.0, 3.0])) == 0.0
    with pytest.raises(AssertionError):
        check_close("eq-test-exact", [1, 2, 3], [1, 2, 4])


def test_check_close_sympy():
    sympy = pytest.importorskip("sympy")
    z = sympy.symbols("z")
    sigma = 1 / (1 + sympy.exp(-z))
    derivative = sympy.diff(sigma, z)
    assert check_close("eq-test-sym", derivative, sigma * (1 - sigma)) == 0.0
    assert notes_check.RECORDS[-1].kind == "symbolic"
    with pytest.raises(AssertionError, match="eq-test-sym: relative error inf exceeds"):
        check_close("eq-test-sym", derivative, sigma**2)


def test_check_close_sympy_matrices_and_shapes():
    sympy = pytest.importorskip("sympy")
    a, b = sympy.symbols("a b")
    m = sympy.Matrix([[a + b], [a * b]])
    assert check_close("eq-test-mat", m, sympy.Matrix([[b + a], [b * a]])) == 0.0
    with pytest.raises(ValueError, match="eq-test-mat"):
        check_close("eq-test-mat", m, sympy.Matrix([[a, b]]))
