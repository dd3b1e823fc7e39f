"""The grader accepts right building blocks and names each planted mistake, in 3 languages."""

from __future__ import annotations

import re

import numpy as np
import pytest

import chainrule as cr
from chainrule.exercises import EXERCISES, grade
from chainrule.exercises import blocks as B  # noqa: N812
from chainrule.exercises import diagnosis as D  # noqa: N812

# -- right answers, written as a reader would -------------------------------------------


def sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-Z))


def compute_cost(AL, Y):
    m = Y.shape[1]
    A = np.where(Y == 1, AL, 1 - AL)
    return float(-np.sum(np.log(A)) / m)


def linear_backward(dZ, cache):
    m = cache.A_prev.shape[1]
    dW = dZ @ cache.A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return cache.W.T @ dZ, dW, db


def linear_activation_backward(dA, cache):
    Z = cache.W @ cache.A_prev + cache.b
    return linear_backward(dA * cr.ACTIVATIONS[cache.activation].derivative(Z), cache)


def model_backward(AL, Y, caches):
    return B._backprop(AL, Y, caches)


def initialize_parameters(layer_dims, seed):
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        parameters[f"W{l}"] = rng.standard_normal((n, n_prev)) * np.sqrt(2 / n_prev)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def update_parameters(parameters, grads, learning_rate):
    return {k: P - learning_rate * grads["d" + k] for k, P in parameters.items()}


def train_step(X, Y, parameters, learning_rate):
    AL, caches = cr.model_forward(X, parameters, "relu")
    cost = cr.compute_cost(AL, Y)
    return cost, update_parameters(parameters, cr.model_backward(AL, Y, caches), learning_rate)


def model_forward(X, parameters):
    return cr.model_forward(X, parameters, "relu")


RIGHT = {
    "sigmoid": sigmoid,
    "compute_cost": compute_cost,
    "sigmoid_derivative": lambda Z: sigmoid(Z) * (1 - sigmoid(Z)),
    "tanh_derivative": lambda Z: 1 - np.tanh(Z) ** 2,
    "relu_derivative": lambda Z: (Z > 0).astype(float),
    "linear_forward": lambda A_prev, W, b: W @ A_prev + b,
    "model_forward": model_forward,
    "predict": lambda X, p: (model_forward(X, p)[0] > 0.5).astype(int),
    "initialize_parameters": initialize_parameters,
    "linear_backward": linear_backward,
    "linear_activation_backward": linear_activation_backward,
    "model_backward": model_backward,
    "relative_error": lambda a, b: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)),
    "update_parameters": update_parameters,
    "train_step": train_step,
}


def test_every_exercise_has_a_right_answer_here():
    assert set(RIGHT) == set(EXERCISES)
    assert len(EXERCISES) >= 8


@pytest.mark.parametrize("name", sorted(RIGHT))
@pytest.mark.parametrize("seed", [0, 7])
def test_right_answers_pass(name, seed):
    report = grade(name, RIGHT[name], seed=seed)
    assert report.passed, str(report)
    assert str(report) == f"✓ {name}: {report.cases}/{report.cases}"


@pytest.mark.parametrize("name", ["sigmoid_derivative", "linear_backward", "model_backward"])
def test_engine_agrees_with_central_differences_on_every_case(name):
    """The reference the grader trusts is itself checked against the definition."""
    for case in EXERCISES[name].make_cases(3):
        assert case.numeric is not None
        if isinstance(case.expected, tuple):
            for want, numeric in zip(case.expected, case.numeric, strict=True):
                assert cr.relative_error(want, numeric) < 1e-7
        else:
            assert cr.relative_error(case.expected, case.numeric) < 1e-7


# -- planted mistakes -------------------------------------------------------------------


def _lb(dA_prev=None, dW=None, db=None):
    """linear_backward with one output computed by ``(dZ, cache, m) -> value``."""

    def planted(dZ, cache):
        m = cache.A_prev.shape[1]
        right = linear_backward(dZ, cache)
        out = [f(dZ, cache, m) if f else r for f, r in zip((dA_prev, dW, db), right, strict=True)]
        return tuple(out)

    return planted


def _lab(derivative):
    """linear_activation_backward with dZ = dA * derivative(Z, cache)."""

    def planted(dA, cache):
        Z = cache.W @ cache.A_prev + cache.b
        return linear_backward(dA * derivative(Z, cache), cache)

    return planted


def _mb(mistake):
    return lambda AL, Y, caches: B._backprop(AL, Y, caches, mistake)


def _cost_nan(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


def _init(scale=None, w_shape=None, b_shape=None, draw="standard_normal"):
    def planted(layer_dims, seed):
        rng = np.random.default_rng(seed)
        p = {}
        for l in range(1, len(layer_dims)):
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            shape = w_shape(n, n_prev) if w_shape else (n, n_prev)
            s = scale(n, n_prev) if scale else np.sqrt(2 / n_prev)
            p[f"W{l}"] = getattr(rng, draw)(shape) * s
            p[f"b{l}"] = np.zeros(b_shape(n) if b_shape else (n, 1))
        return p

    return planted


def _update(step):
    return lambda params, grads, rate: {k: step(P, grads["d" + k], rate) for k, P in params.items()}


#: (exercise, planted function, the message the grader must give), one row per mistake.
PLANTED = [
    # the shape expected vs got
    ("linear_forward", lambda A, W, b: (W @ A + b)[:, :-1], D.N_SHAPE),
    # a missing 1/m
    ("linear_backward", _lb(dW=lambda dZ, c, m: dZ @ c.A_prev.T), D.N_MISSING_1_OVER_M),
    ("compute_cost", lambda AL, Y: compute_cost(AL, Y) * Y.shape[1], D.N_MISSING_1_OVER_M),
    # a missing transpose: the product cannot be formed, or the result is transposed
    ("linear_backward", _lb(dA_prev=lambda dZ, c, m: c.W @ dZ), D.N_MATMUL),
    ("linear_backward", _lb(dW=lambda dZ, c, m: c.A_prev @ dZ.T / m), D.N_TRANSPOSED),
    # keepdims lost
    ("linear_backward", _lb(db=lambda dZ, c, m: np.sum(dZ, axis=1) / m), D.N_KEEPDIMS),
    # A[l] used for A[l-1]
    ("linear_backward", _lb(dW=lambda dZ, c, m: dZ @ c.A.T / m), B.A_FOR_A_PREV),
    ("model_backward", _mb("a_for_a_prev"), B.A_FOR_A_PREV),
    # a sign error
    ("compute_cost", lambda AL, Y: -compute_cost(AL, Y), D.N_SIGN),
    ("linear_backward", _lb(dW=lambda dZ, c, m: -dZ @ c.A_prev.T / m), D.N_SIGN),
    ("sigmoid", lambda Z: 1 / (1 + np.exp(Z)), "sigma(-z)"),
    ("update_parameters", _update(lambda P, dP, a: P + a * dP), B.UPHILL),
    # a wrong activation derivative
    ("sigmoid_derivative", lambda Z: sigmoid(Z), B.THE_ACTIVATION_ITSELF),
    ("sigmoid_derivative", lambda Z: 1 - sigmoid(Z) ** 2, B.NOT_THE_DERIVATIVE),
    ("tanh_derivative", lambda Z: 1 - np.tanh(Z), B.NOT_THE_DERIVATIVE),
    ("relu_derivative", lambda Z: (Z >= 0).astype(float), "relu'(0) = 0"),
    (
        "linear_activation_backward",
        _lab(lambda Z, c: cr.ACTIVATIONS[c.activation].derivative(c.A)),
        B.DERIVATIVE_OF_A,
    ),
    ("linear_activation_backward", _lab(lambda Z, c: 1.0), B.NO_DERIVATIVE),
    ("linear_activation_backward", _lab(lambda Z, c: cr.tanh_derivative(Z)), B.OTHER_DERIVATIVE),
    ("model_backward", _mb("output_derivative"), B.MODEL_MISTAKES["output_derivative"]),
    # NaN from log(0)
    ("compute_cost", _cost_nan, D.N_LOG_ZERO),
    # the slides' errata, and more
    ("linear_backward", _lb(dA_prev=lambda dZ, c, m: (dZ @ c.A_prev.T / m).T @ dZ), B.DW_FOR_W),
    ("model_backward", _mb("dw_for_w"), B.MODEL_MISTAKES["dw_for_w"]),
    ("linear_forward", lambda A, W, b: W @ A, "without the bias"),
    ("compute_cost", lambda AL, Y: -Y * np.log(AL) - (1 - Y) * np.log(1 - AL), D.N_NOT_SCALAR),
    ("initialize_parameters", _init(scale=lambda n, n_prev: 0.01), "0.01"),
    ("initialize_parameters", _init(scale=lambda n, n_prev: np.sqrt(2 / n)), "sqrt(2 / n[l])"),
    ("initialize_parameters", _init(w_shape=lambda n, n_prev: (n_prev, n)), "(n[l], n[l-1])"),
    ("initialize_parameters", _init(b_shape=lambda n: (n,)), "(n[l], 1)"),
    ("initialize_parameters", _init(draw="random"), "standard_normal"),
    ("model_forward", lambda X, p: cr.model_forward(X, p, "sigmoid"), "hidden layers"),
    ("predict", lambda X, p: model_forward(X, p)[0], "probabilities"),
    ("relative_error", lambda a, b: np.linalg.norm(a - b), "||a - b||"),
    ("update_parameters", _update(lambda P, dP, a: P - dP), B.NO_RATE),
    ("train_step", lambda X, Y, p, a: train_step(X, Y, p, a)[1], D.N_RETURN_COUNT),
    ("sigmoid", lambda Z: None, D.N_NONE),
    ("sigmoid", lambda Z: ..., D.N_NOT_ARRAY),
]


def _msgid(marker: str) -> str:
    """The one catalog message that ``marker`` is, or is a unique part of."""
    from chainrule.exercises.messages import catalog

    hits = [msgid for msgid in catalog("ko") if marker in msgid]
    assert len(hits) == 1, (marker, hits)
    return hits[0]


def _pattern(text: str) -> re.Pattern:
    """A regex matching ``text`` with every ``{placeholder}`` filled in."""
    parts = re.split(r"\{[^{}]*\}", text)
    return re.compile(".+".join(re.escape(p) for p in parts), re.DOTALL)


@pytest.mark.parametrize(
    "name, planted, marker",
    PLANTED,
    ids=[f"{i:02d}-{row[0]}" for i, row in enumerate(PLANTED)],
)
@pytest.mark.parametrize("language", ["en", "ko", "zh_TW"])
def test_planted_mistake_is_named(name, planted, marker, language):
    msgid = _msgid(marker)
    report = grade(name, planted, language=language)
    assert not report.passed
    assert report.failures[0][1].msgid == msgid, str(report)
    from chainrule.exercises.messages import catalog

    expected_text = msgid if language == "en" else catalog(language)[msgid]
    assert _pattern(expected_text).search(str(report)), str(report)
    assert not re.search(r"\] \s", str(report)), "a message starts with an empty {part}"
    if language == "ko":
        assert re.search("[\uac00-\ud7a3]", str(report))
    if language == "zh_TW":
        assert re.search("[\u4e00-\u9fff]", str(report))
        assert not re.search("[\uac00-\ud7a3]", str(report))


def test_the_required_kinds_of_mistakes_are_all_planted():
    markers = {row[2] for row in PLANTED}
    for required in (
        D.N_SHAPE,
        D.N_MISSING_1_OVER_M,
        D.N_MATMUL,
        D.N_TRANSPOSED,
        D.N_KEEPDIMS,
        B.A_FOR_A_PREV,
        D.N_SIGN,
        B.NOT_THE_DERIVATIVE,
        B.DERIVATIVE_OF_A,
        D.N_LOG_ZERO,
    ):
        assert required in markers
