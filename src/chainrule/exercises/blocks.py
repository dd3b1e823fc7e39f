"""The graded building blocks: random cases for each, the engine's answer, known mistakes.

Every exercise draws its cases from ``numpy.random.default_rng([seed, k])``, with layer
sizes and numbers of examples that differ from each other, so that a missing transpose
or a wrong axis shows in the shapes. Outputs that are derivatives also carry central
differences (:func:`central_differences`), quoted when the reader's values are wrong.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import chainrule as cr
from chainrule.forward import LayerCache

from .diagnosis import (
    N_RETURN_COUNT,
    N_SHAPE,
    Case,
    Problem,
    Variant,
    close,
    diagnose,
    diagnose_array,
    problem,
)
from .messages import N_

EPSILON = 1e-6


@dataclass(frozen=True)
class Exercise:
    """A building block the reader writes: how to call it, its cases, how to judge it."""

    name: str
    signature: str
    make_cases: Callable[[int], list[Case]]
    check: Callable[[object, Case, Callable], Problem | None]


def _default_check(got: object, case: Case, func: Callable) -> Problem | None:
    return diagnose(got, case)


EXERCISES: dict[str, Exercise] = {}


def _exercise(name: str, signature: str, check=_default_check):
    def register(make_cases):
        EXERCISES[name] = Exercise(name, signature, make_cases, check)
        return make_cases

    return register


def central_differences(f: Callable[[np.ndarray], float], x: np.ndarray) -> np.ndarray:
    """Gradient of the scalar ``f`` at ``x``, entry by entry, from central differences."""
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        saved = x[idx]
        x[idx] = saved + EPSILON
        plus = f(x)
        x[idx] = saved - EPSILON
        minus = f(x)
        x[idx] = saved
        grad[idx] = (plus - minus) / (2 * EPSILON)
    return grad


def elementwise_derivative(g: Callable[[np.ndarray], np.ndarray], Z: np.ndarray) -> np.ndarray:
    """g'(Z) entry by entry from central differences, for an element-wise ``g``."""
    return (g(Z + EPSILON) - g(Z - EPSILON)) / (2 * EPSILON)


def _sizes(rng: np.random.Generator, count: int) -> list[int]:
    """``count`` different sizes between 2 and 8."""
    return [int(n) for n in rng.choice(np.arange(2, 9), size=count, replace=False)]


def _describe(**sizes: object) -> str:
    return ", ".join(f"{k} = {v}" for k, v in sizes.items())


# -- logistic regression -------------------------------------------------------


@_exercise("sigmoid", "sigmoid(Z) -> A")
def _sigmoid_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(4):
        rng = np.random.default_rng([seed, k])
        n, m = _sizes(rng, 2)
        Z = 3.0 * rng.standard_normal((n, m))
        if k == 3:
            Z[0, :2] = (-30.0, 30.0)
        flipped = 1.0 / (1.0 + np.exp(np.clip(Z, -500, 500)))
        cases.append(
            Case(
                (Z,),
                cr.sigmoid(Z),
                _describe(Z=Z.shape),
                name="A",
                variants=[
                    Variant(
                        "",
                        flipped,
                        N_(
                            "{part} is sigma(-z) = 1 - sigma(z): the exponent needs a minus "
                            "sign, sigma(z) = 1 / (1 + exp(-z))."
                        ),
                    )
                ],
            )
        )
    return cases


@_exercise("compute_cost", "compute_cost(AL, Y) -> J")
def _cost_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(4):
        rng = np.random.default_rng([seed, k])
        m = _sizes(rng, 1)[0] + 3
        AL = rng.uniform(0.02, 0.98, (1, m))
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        log_zero = k == 3
        if log_zero:  # confident and right: the loss is 0, but log(0) appears in 0 * log(0)
            AL[0, :2], Y[0, :2] = (1.0, 0.0), (1.0, 0.0)
        safe = np.clip(AL, 1e-300, 1.0)
        one_term = float(np.mean(-Y * np.log(safe)))
        cases.append(
            Case(
                (AL, Y),
                cr.compute_cost(AL, Y),
                _describe(m=m),
                name="J",
                m=m,
                log_zero=log_zero,
                variants=[
                    Variant(
                        "",
                        np.asarray(one_term),
                        N_(
                            "{part} has only the term -y log(a): the term -(1 - y) log(1 - a), "
                            "the loss of the examples with label 0, is missing."
                        ),
                    )
                ],
            )
        )
    return cases


# -- activations -----------------------------------------------------------------

NOT_THE_DERIVATIVE = N_(
    "{part} is not the derivative of {activation}: its values fit another formula. "
    "The derivative is {formula}."
)
THE_ACTIVATION_ITSELF = N_("{part} is the activation g(Z) itself, not its derivative g'(Z).")


def _derivative_cases(seed: int, name: str, formula: str, wrong: list[np.ndarray]) -> list[Case]:
    g = cr.ACTIVATIONS[name]
    cases = []
    for k in range(3):
        rng = np.random.default_rng([seed, k])
        n, m = _sizes(rng, 2)
        Z = 2.0 * rng.standard_normal((n, m))
        variants = [Variant("", g.forward(Z), THE_ACTIVATION_ITSELF)]
        variants += [
            Variant("", f(Z), NOT_THE_DERIVATIVE, {"activation": name, "formula": formula})
            for f in wrong
        ]
        cases.append(
            Case(
                (Z,),
                g.derivative(Z),
                _describe(Z=Z.shape),
                name="dg",
                numeric=elementwise_derivative(g.forward, Z),
                variants=variants,
            )
        )
    return cases


@_exercise("sigmoid_derivative", "sigmoid_derivative(Z) -> g'(Z)")
def _sigmoid_derivative_cases(seed: int) -> list[Case]:
    s = cr.sigmoid
    return _derivative_cases(
        seed,
        "sigmoid",
        "sigma'(z) = sigma(z) (1 - sigma(z))",
        [lambda Z: 1 - s(Z) ** 2, lambda Z: s(Z) * (1 + s(Z)), lambda Z: 1 - s(Z)],
    )


@_exercise("tanh_derivative", "tanh_derivative(Z) -> g'(Z)")
def _tanh_derivative_cases(seed: int) -> list[Case]:
    t = np.tanh
    return _derivative_cases(
        seed,
        "tanh",
        "tanh'(z) = 1 - tanh(z)^2",
        [lambda Z: 1 - t(Z), lambda Z: t(Z) * (1 - t(Z)), lambda Z: 1 + t(Z) ** 2],
    )


@_exercise("relu_derivative", "relu_derivative(Z) -> g'(Z)")
def _relu_derivative_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(3):
        rng = np.random.default_rng([seed, k])
        n, m = _sizes(rng, 2)
        Z = rng.standard_normal((n, m))
        Z[0, 0] = Z[-1, -1] = 0.0  # the convention at the kink: relu'(0) = 0
        cases.append(
            Case(
                (Z,),
                cr.relu_derivative(Z),
                _describe(Z=Z.shape),
                name="dg",
                variants=[
                    Variant("", cr.relu(Z), THE_ACTIVATION_ITSELF),
                    Variant(
                        "",
                        (Z >= 0).astype(float),
                        N_(
                            "{part} is wrong only where z = 0: these notes take relu'(0) = 0, "
                            "so compare Z > 0, not Z >= 0."
                        ),
                    ),
                    Variant(
                        "",
                        (Z < 0).astype(float),
                        N_(
                            "{part} is 1 where z < 0 and 0 where z > 0: the comparison is reversed."
                        ),
                    ),
                ],
            )
        )
    return cases


# -- forward propagation -----------------------------------------------------------------


@_exercise("linear_forward", "linear_forward(A_prev, W, b) -> Z")
def _linear_forward_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(3):
        rng = np.random.default_rng([seed, k])
        n, n_prev, m = _sizes(rng, 3)
        A_prev = rng.standard_normal((n_prev, m))
        W = rng.standard_normal((n, n_prev))
        b = rng.standard_normal((n, 1))
        cases.append(
            Case(
                (A_prev, W, b),
                cr.linear_forward(A_prev, W, b),
                _describe(**{"n[l]": n, "n[l-1]": n_prev, "m": m}),
                name="Z",
                variants=[
                    Variant(
                        "",
                        W @ A_prev,
                        N_("{part} is W A_prev without the bias: + b is missing."),
                    ),
                    Variant(
                        "",
                        W @ A_prev - b,
                        N_("{part} subtracts the bias: Z = W A_prev + b."),
                    ),
                ],
            )
        )
    return cases


def _random_network(rng: np.random.Generator, dims: list[int], m: int):
    """X, Y and parameters with non-zero biases, for a network of sizes ``dims``."""
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        parameters[f"b{l}"] = 0.3 * rng.standard_normal((dims[l], 1))
    return X, Y, parameters


def _forward(X, parameters, hidden: str, output: str, layers: int | None = None):
    L = len(parameters) // 2
    A = X
    for l in range(1, (layers or L) + 1):
        g = cr.ACTIVATIONS[hidden if l < L else output]
        A = g.forward(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
    return A


def _check_model_forward(got: object, case: Case, func: Callable) -> Problem | None:
    layers = len(case.args[1]) // 2
    if not isinstance(got, tuple) or len(got) != 2:
        return problem(
            N_RETURN_COUNT,
            count=2,
            names="AL, caches",
            got=type(got).__name__,
        )
    AL, caches = got
    found = diagnose_array(AL, case.expected[0], "AL", case)
    if found is not None:
        return found
    if not hasattr(caches, "__len__") or len(caches) != layers:
        return problem(
            N_("caches should hold one cache per layer, L = {L} of them; it holds {count}."),
            L=layers,
            count=len(caches) if hasattr(caches, "__len__") else type(caches).__name__,
        )
    return None


@_exercise("model_forward", "model_forward(X, parameters) -> (AL, caches)", _check_model_forward)
def _model_forward_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(3):
        rng = np.random.default_rng([seed, k])
        dims = [*_sizes(rng, 2 + k % 2), 1]
        m = 9
        X, _, parameters = _random_network(rng, dims, m)
        L = len(dims) - 1
        cases.append(
            Case(
                (X, parameters),
                cr.model_forward(X, parameters, "relu"),
                _describe(layer_dims=dims, m=m),
                variants=[
                    Variant(
                        "AL",
                        _forward(X, parameters, "relu", "relu"),
                        N_(
                            "{part} uses ReLU in the output layer: the last layer uses the "
                            "sigmoid, so that its output is a probability."
                        ),
                    ),
                    Variant(
                        "AL",
                        _forward(X, parameters, "sigmoid", "sigmoid"),
                        N_(
                            "{part} uses the sigmoid in the hidden layers: they use ReLU, "
                            "and only the last layer uses the sigmoid."
                        ),
                    ),
                    Variant(
                        "AL",
                        _forward(X, parameters, "relu", "relu", layers=L - 1),
                        N_(
                            "{part} is the output of layer L - 1: the loop stops one layer "
                            "early (range(1, L) ends before L)."
                        ),
                    ),
                ],
            )
        )
    return cases


def _predict_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(3):
        rng = np.random.default_rng([seed, k])
        dims = [*_sizes(rng, 2 + k % 2), 1]
        m = 12
        X, _, parameters = _random_network(rng, dims, m)
        AL = _forward(X, parameters, "relu", "sigmoid")
        cases.append(
            Case(
                (X, parameters),
                (AL > 0.5).astype(np.float64),
                _describe(layer_dims=dims, m=m),
                name="predictions",
                variants=[
                    Variant(
                        "",
                        AL,
                        N_(
                            "{part} holds probabilities: a prediction is 0 or 1, the "
                            "probability compared with 0.5."
                        ),
                    ),
                    Variant(
                        "",
                        (AL <= 0.5).astype(np.float64),
                        N_(
                            "{part} is 1 where the probability is below 0.5: the comparison "
                            "is reversed."
                        ),
                    ),
                ],
            )
        )
    return cases


_exercise("predict", "predict(X, parameters) -> predictions")(_predict_cases)


# -- initialization ---------------------------------------------------------------------


def _check_initialization(got: object, case: Case, func: Callable) -> Problem | None:
    dims = case.args[0]
    L = len(dims) - 1
    if not isinstance(got, dict):
        return problem(
            N_("Return a dict with the keys {keys}; the function returned a {type}."),
            keys=", ".join(f"W{l}, b{l}" for l in range(1, L + 1)),
            type=type(got).__name__,
        )
    missing = [f"{p}{l}" for l in range(1, L + 1) for p in "Wb" if f"{p}{l}" not in got]
    if missing:
        return problem(N_("Keys missing from the returned dict: {keys}."), keys=", ".join(missing))
    for l in range(1, L + 1):
        n, n_prev = dims[l], dims[l - 1]
        W, b = np.asarray(got[f"W{l}"], dtype=float), np.asarray(got[f"b{l}"], dtype=float)
        if W.shape != (n, n_prev):
            if W.shape == (n_prev, n):
                return problem(
                    N_(
                        "{part} has shape {got}: W[l] has one row per unit of layer l and one "
                        "column per unit of layer l - 1, so its shape is (n[l], n[l-1]) = "
                        "{expected}."
                    ),
                    part=f"W{l}",
                    got=str(W.shape),
                    expected=str((n, n_prev)),
                )
            return problem(
                N_SHAPE,
                part=f"W{l}",
                got=str(W.shape),
                expected=str((n, n_prev)),
            )
        if b.shape != (n, 1):
            if b.shape == (n,):
                return problem(
                    N_(
                        "{part} has shape {got}, a flat vector: b[l] is a column of shape "
                        "(n[l], 1) = {expected}, so that it is added to every one of the m "
                        "columns."
                    ),
                    part=f"b{l}",
                    got=str(b.shape),
                    expected=str((n, 1)),
                )
            return problem(
                N_SHAPE,
                part=f"b{l}",
                got=str(b.shape),
                expected=str((n, 1)),
            )
        if np.any(b != 0):
            return problem(
                N_(
                    "{part} is not zero: the biases start at zero; the random weights alone "
                    "break the symmetry."
                ),
                part=f"b{l}",
            )
        if W.size > 1 and np.all(W == W.flat[0]):
            return problem(
                N_(
                    "{part} has all its entries equal: every unit of layer l would compute "
                    "the same thing and receive the same gradient. Draw random weights."
                ),
                part=f"W{l}",
            )
        if W.size >= 500:
            found = _check_scale(W, n, n_prev, f"W{l}")
            if found is not None:
                return found
    again = func(copy.deepcopy(case.args[0]), **case.kwargs)
    if not all(close(again[k], got[k]) for k in got if k in again):
        return problem(
            N_(
                "Two calls with the same seed gave different weights: draw them from "
                "np.random.default_rng(seed)."
            ),
        )
    return None


def _check_scale(W: np.ndarray, n: int, n_prev: int, part: str) -> Problem | None:
    he = np.sqrt(2.0 / n_prev)
    std, mean = float(W.std()), float(W.mean())
    if abs(mean) > 0.5 * std:
        return problem(
            N_(
                "{part} has mean {got:.3g}, but the weights should be centred on 0: draw "
                "them from a normal distribution (standard_normal), not from random() in "
                "[0, 1)."
            ),
            part=part,
            got=mean,
        )

    def near(value: float) -> bool:
        return abs(std / value - 1) < 0.12

    if near(he):
        return None
    fields = {"part": part, "got": std, "expected": he}
    if near(0.01):
        return problem(
            N_(
                "{part} has standard deviation {got:.3g}: that is the small random scale "
                "0.01. He initialization uses sqrt(2 / n[l-1]) = {expected:.3g}."
            ),
            **fields,
        )
    if near(np.sqrt(2.0 / n)):
        return problem(
            N_(
                "{part} has standard deviation {got:.3g} = sqrt(2 / n[l]): use the size of "
                "the layer before, n[l-1], which gives {expected:.3g}."
            ),
            **fields,
        )
    if near(np.sqrt(1.0 / n_prev)):
        return problem(
            N_(
                "{part} has standard deviation {got:.3g} = sqrt(1 / n[l-1]), the Xavier "
                "scale for tanh. He initialization for ReLU uses sqrt(2 / n[l-1]) = "
                "{expected:.3g}."
            ),
            **fields,
        )
    if near(1.0):
        return problem(
            N_(
                "{part} has standard deviation {got:.3g}: the factor sqrt(2 / n[l-1]) = "
                "{expected:.3g} is missing."
            ),
            **fields,
        )
    return problem(
        N_(
            "{part} has standard deviation {got:.3g}; He initialization gives "
            "sqrt(2 / n[l-1]) = {expected:.3g}."
        ),
        **fields,
    )


@_exercise(
    "initialize_parameters",
    "initialize_parameters(layer_dims, seed) -> parameters",
    _check_initialization,
)
def _initialization_cases(seed: int) -> list[Case]:
    rng = np.random.default_rng([seed, 0])
    small = [*_sizes(rng, 3), 1]
    large = [int(n) for n in rng.integers(300, 700, size=3)] + [2]
    return [
        Case((dims,), None, _describe(layer_dims=dims), kwargs={"seed": seed + k})
        for k, dims in enumerate((small, large))
    ]


# -- backward propagation ---------------------------------------------------------------

A_FOR_A_PREV = N_(
    "{part} uses A[l] (cache.A, the output of this layer) where A[l-1] (cache.A_prev, its "
    "input) belongs: dW[l] = dZ[l] A[l-1]^T / m."
)
DW_FOR_W = N_("{part} uses the gradient dW where the weights W belong: dA[l-1] = W[l]^T dZ[l].")
LINEAR_PARTS = ("dA_prev", "dW", "db")


def _linear_gradients(dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray):
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m


def _layer(rng: np.random.Generator, n: int, n_prev: int, m: int, activation: str):
    A_prev = rng.standard_normal((n_prev, m))
    W = rng.standard_normal((n, n_prev))
    b = rng.standard_normal((n, 1))
    Z = W @ A_prev + b
    A = cr.ACTIVATIONS[activation].forward(Z)
    return Z, LayerCache(A_prev, W, b, A, activation)


def _numeric_linear(upstream: np.ndarray, cache: LayerCache, g: Callable) -> tuple:
    """Central differences of J = sum(upstream * g(W A_prev + b)) / m (dA_prev scaled by m)."""
    A_prev, W, b = cache.A_prev, cache.W, cache.b
    m = A_prev.shape[1]
    dW = central_differences(lambda x: np.sum(upstream * g(x @ A_prev + b)) / m, W)
    db = central_differences(lambda x: np.sum(upstream * g(W @ A_prev + x)) / m, b)
    dA = central_differences(lambda x: np.sum(upstream * g(W @ x + b)) / m, A_prev)
    return m * dA, dW, db


@_exercise("linear_backward", "linear_backward(dZ, cache) -> (dA_prev, dW, db)")
def _linear_backward_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(3):
        rng = np.random.default_rng([seed, k])
        n, n_prev, m = _sizes(rng, 3)
        _, cache = _layer(rng, n, n_prev, m, "relu")
        dZ = rng.standard_normal((n, m))
        dA_prev, dW, db = _linear_gradients(dZ, cache.A_prev, cache.W)
        cases.append(
            Case(
                (dZ, cache),
                (dA_prev, dW, db),
                _describe(**{"n[l]": n, "n[l-1]": n_prev, "m": m}),
                parts=LINEAR_PARTS,
                m=m,
                numeric=_numeric_linear(dZ, cache, lambda Z: Z),
                variants=[
                    Variant("dW", dZ @ cache.A.T / m, A_FOR_A_PREV),
                    Variant("dA_prev", dW.T @ dZ, DW_FOR_W),
                    Variant(
                        "dA_prev",
                        dA_prev / m,
                        N_(
                            "{part} is divided by m: dA[l-1] = W[l]^T dZ[l] has no 1/m; the "
                            "1/m belongs to dW and db only."
                        ),
                    ),
                    Variant(
                        "db",
                        dZ.sum(axis=0, keepdims=True) / m,
                        N_(
                            "{part} sums over the wrong axis: db sums dZ over the m examples, "
                            "the columns (axis=1)."
                        ),
                    ),
                    Variant(
                        "db",
                        np.asarray(dZ.sum() / m),
                        N_(
                            "{part} is one number, the sum of all of dZ: sum over the examples "
                            "only, with axis=1 and keepdims=True."
                        ),
                    ),
                ],
            )
        )
    return cases


DERIVATIVE_OF_A = N_(
    "{part} is wrong because g' was applied to A[l] = g(Z[l]) instead of Z[l]. The cache "
    "keeps A[l]: recompute Z[l] = W A[l-1] + b, or write g' through A[l] "
    "(for the sigmoid, A (1 - A))."
)
NO_DERIVATIVE = N_(
    "{part} is wrong because the derivative of the activation is left out: "
    "dZ[l] = dA[l] * g'(Z[l]), element by element."
)
OTHER_DERIVATIVE = N_(
    "{part} is wrong because it uses the derivative of {used} in a layer whose activation is "
    "{activation}: read the activation from cache.activation."
)
ACTIVATION_FOR_DERIVATIVE = N_(
    "{part} is wrong because dA was multiplied by the activation g(Z) itself instead of "
    "its derivative g'(Z)."
)


def _dZ_variants(dA, Z, cache, parts=LINEAR_PARTS, names=None) -> list[Variant]:
    """The outputs of a layer's backward step with each wrong dZ, for every output part."""
    act = cache.activation
    wrong = [
        (dA * cr.ACTIVATIONS[act].derivative(cache.A), DERIVATIVE_OF_A, {}),
        (dA, NO_DERIVATIVE, {}),
        (dA * cr.ACTIVATIONS[act].forward(Z), ACTIVATION_FOR_DERIVATIVE, {}),
    ]
    for other in ("sigmoid", "tanh", "relu"):
        if other != act:
            fields = {"used": other, "activation": act}
            wrong.append((dA * cr.ACTIVATIONS[other].derivative(Z), OTHER_DERIVATIVE, fields))
    variants = []
    for dZ, msgid, fields in wrong:
        outputs = _linear_gradients(dZ, cache.A_prev, cache.W)
        for part, output in zip(parts, outputs, strict=True):
            variants.append(Variant(part, output, msgid, fields))
    return variants


@_exercise(
    "linear_activation_backward", "linear_activation_backward(dA, cache) -> (dA_prev, dW, db)"
)
def _linear_activation_backward_cases(seed: int) -> list[Case]:
    cases = []
    for k, act in enumerate(("relu", "tanh", "sigmoid")):
        rng = np.random.default_rng([seed, k])
        n, n_prev, m = _sizes(rng, 3)
        Z, cache = _layer(rng, n, n_prev, m, act)
        dA = rng.standard_normal((n, m))
        g = cr.ACTIVATIONS[act]
        cases.append(
            Case(
                (dA, cache),
                _linear_gradients(dA * g.derivative(Z), cache.A_prev, cache.W),
                _describe(activation=act, **{"n[l]": n, "n[l-1]": n_prev, "m": m}),
                parts=LINEAR_PARTS,
                m=m,
                numeric=_numeric_linear(dA, cache, g.forward),
                variants=_dZ_variants(dA, Z, cache),
            )
        )
    return cases


def _backprop(AL, Y, caches, mistake: str | None = None) -> dict[str, np.ndarray]:
    """Backward propagation written out, with one of the known mistakes switched on."""
    L = len(caches)
    m = AL.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        A_in = cache.A if mistake == "a_for_a_prev" else cache.A_prev
        dW = dZ @ A_in.T / m
        grads[f"dW{l}"] = dW
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = (dW if mistake == "dw_for_w" else cache.W).T @ dZ
            below = caches[l - 2]
            Z_below = below.W @ below.A_prev + below.b
            if mistake == "output_derivative":
                g_prime = cr.sigmoid_derivative(Z_below)
            elif mistake == "derivative_of_a":
                g_prime = cr.ACTIVATIONS[below.activation].derivative(below.A)
            else:
                g_prime = cr.ACTIVATIONS[below.activation].derivative(Z_below)
            dZ = dA_prev * g_prime
    return grads


MODEL_MISTAKES = {
    "a_for_a_prev": A_FOR_A_PREV,
    "dw_for_w": N_(
        "{part} is wrong because the gradient handed down to the layer below was computed "
        "with dW where W belongs: dA[l-1] = W[l]^T dZ[l]."
    ),
    "output_derivative": N_(
        "{part} is wrong because a hidden layer used the derivative of the output activation "
        "(the sigmoid): each layer l uses the derivative of its own activation g[l]."
    ),
    "derivative_of_a": DERIVATIVE_OF_A,
}


@_exercise("model_backward", "model_backward(AL, Y, caches) -> grads")
def _model_backward_cases(seed: int) -> list[Case]:
    cases = []
    for k, hidden in enumerate(("relu", "tanh", "relu")):
        rng = np.random.default_rng([seed, k])
        dims = [*_sizes(rng, 3 - k // 2), 1]
        m = 10
        X, Y, parameters = _random_network(rng, dims, m)
        AL, caches = cr.model_forward(X, parameters, hidden)
        expected = cr.model_backward(AL, Y, caches)
        variants = []
        for mistake, msgid in MODEL_MISTAKES.items():
            for key, output in _backprop(AL, Y, caches, mistake).items():
                variants.append(Variant(key, output, msgid))
        cases.append(
            Case(
                (AL, Y, caches),
                expected,
                _describe(layer_dims=dims, hidden=hidden, m=m),
                m=m,
                numeric=cr.numerical_gradients(X, Y, parameters, hidden_activation=hidden),
                variants=variants,
            )
        )
    return cases


# -- gradient checking -------------------------------------------------------------------


@_exercise("relative_error", "relative_error(a, b) -> r")
def _relative_error_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(4):
        rng = np.random.default_rng([seed, k])
        shape = tuple(_sizes(rng, 2))
        a = (10.0 ** (k - 2)) * rng.standard_normal(shape)
        b = a + 0.1 * (10.0 ** (k - 2)) * rng.standard_normal(shape) * (k + 1)
        norm = np.linalg.norm
        cases.append(
            Case(
                (a, b),
                np.asarray(cr.relative_error(a, b)),
                _describe(shape=shape),
                name="r",
                variants=[
                    Variant(
                        "",
                        np.asarray(norm(a - b)),
                        N_(
                            "{part} is the distance ||a - b|| alone: divide it by "
                            "||a|| + ||b||, so that the size of the gradients does not matter."
                        ),
                    ),
                    Variant(
                        "",
                        np.asarray(norm(a - b) / norm(a)),
                        N_("{part} divides by one norm only: the denominator is ||a|| + ||b||."),
                    ),
                    Variant(
                        "",
                        np.asarray(norm(a - b) / norm(b)),
                        N_("{part} divides by one norm only: the denominator is ||a|| + ||b||."),
                    ),
                    Variant(
                        "",
                        np.asarray(norm(a - b) / norm(a + b)),
                        N_(
                            "{part} divides by ||a + b||: the denominator is ||a|| + ||b||, "
                            "the sum of the two norms."
                        ),
                    ),
                ],
            )
        )
    return cases


# -- gradient descent ---------------------------------------------------------------------

UPHILL = N_("{part} moved uphill: gradient descent subtracts the gradient, W - alpha dW.")
NO_RATE = N_("{part} is missing the learning rate: the step is alpha dW, not dW.")
NOT_UPDATED = N_("{part} was not updated: every W[l] and b[l] takes a step.")


def _update_variants(parameters, grads, rate, prefix: str = "") -> list[Variant]:
    variants = []
    for key, P in parameters.items():
        dP = grads["d" + key]
        variants += [
            Variant(key, P + rate * dP, UPHILL),
            Variant(key, P - dP, NO_RATE),
            Variant(key, P.copy(), NOT_UPDATED),
        ]
    return variants


def _step_problem(rng: np.random.Generator, k: int):
    dims = [*_sizes(rng, 2 + k % 2), 1]
    m = 11
    X, Y, parameters = _random_network(rng, dims, m)
    rate = float(rng.uniform(0.05, 0.5))
    return dims, m, X, Y, parameters, rate


@_exercise("update_parameters", "update_parameters(parameters, grads, learning_rate) -> parameters")
def _update_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(3):
        rng = np.random.default_rng([seed, k])
        dims, m, X, Y, parameters, rate = _step_problem(rng, k)
        grads = {"d" + key: rng.standard_normal(P.shape) for key, P in parameters.items()}
        expected = cr.update_parameters(copy.deepcopy(parameters), grads, rate)
        cases.append(
            Case(
                (parameters, grads, rate),
                expected,
                _describe(layer_dims=dims, learning_rate=round(rate, 3)),
                variants=_update_variants(parameters, grads, rate),
            )
        )
    return cases


@_exercise("train_step", "train_step(X, Y, parameters, learning_rate) -> (cost, parameters)")
def _train_step_cases(seed: int) -> list[Case]:
    cases = []
    for k in range(3):
        rng = np.random.default_rng([seed, k])
        dims, m, X, Y, parameters, rate = _step_problem(rng, k)
        AL, caches = cr.model_forward(X, parameters, "relu")
        cost = cr.compute_cost(AL, Y)
        grads = cr.model_backward(AL, Y, caches)
        after = cr.update_parameters(copy.deepcopy(parameters), grads, rate)
        cost_after = cr.compute_cost(cr.model_forward(X, after, "relu")[0], Y)
        variants = [
            Variant(
                "cost",
                np.asarray(cost_after),
                N_(
                    "{part} is the cost after the update: report the cost of the forward "
                    "pass that the gradients come from."
                ),
            )
        ]
        cases.append(
            Case(
                (X, Y, parameters, rate),
                (np.asarray(cost), after),
                _describe(layer_dims=dims, m=m, learning_rate=round(rate, 3)),
                parts=("cost", "parameters"),
                m=m,
                variants=variants + _update_variants(parameters, grads, rate),
            )
        )
    return cases
