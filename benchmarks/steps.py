"""One full-batch gradient-descent step, written once per contender.

Every contender does the same maths on the same data and the same initial parameters:
``Z[l] = W[l] A[l-1] + b[l]``, ReLU hidden layers, a sigmoid output, the mean binary
cross-entropy cost, its exact gradient (``dZ[L] = A[L] - Y``, no gradient for ``X``),
and ``P <- P - alpha dP``. Each contender object has

* ``run(k)``: k steps (the unit the harness times);
* ``parameters()``: the current parameters in the engine's layout and dtype, as NumPy
  arrays, so that :mod:`benchmarks.agreement` can check that all contenders agree.
"""

from __future__ import annotations

import warnings
from itertools import pairwise

import numpy as np

import chainrule as cr

# ---------------------------------------------------------------------------- engine


def loop_step(X_rows, Y, parameters, learning_rate, hidden_activation="relu") -> float:
    """One step of :func:`chainrule.train`, as a Python loop over the m examples.

    ``X_rows`` is ``X.T`` made contiguous ``(m, n0)``, so each example ``x`` is a contiguous
    ``(n0, 1)`` column and every product still goes to BLAS: the loop is not slowed down by
    strided memory, only by doing m matrix-vector products instead of one matrix product.
    The engine's own functions compute each example's gradient (they see m = 1); the
    gradients are summed, divided by m (the cost is a mean) and applied once.
    """
    m = X_rows.shape[0]
    total = {"d" + key: np.zeros_like(P) for key, P in parameters.items()}
    cost = 0.0
    for i in range(m):
        x = X_rows[i].reshape(-1, 1)
        y = Y[:, i : i + 1]
        AL, caches = cr.model_forward(x, parameters, hidden_activation, validate=False)
        cost += cr.compute_cost(AL, y, validate=False)
        grads = cr.model_backward(AL, y, caches, validate=False)
        for key, dP in grads.items():
            total[key] += dP
    for dP in total.values():
        dP /= m
    cr.update_parameters(parameters, total, learning_rate, validate=False)
    return cost / m


class LearnersLoop:
    """The loop the notes teach, through the public functions with their defaults.

    One step is ``model_forward``, ``compute_cost``, ``model_backward`` and
    ``update_parameters``, each checking its input as it does for any caller: this is
    the training loop a learner writes.
    """

    def __init__(self, X, Y, parameters, learning_rate):
        self.X, self.Y, self.learning_rate = X, Y, learning_rate
        self.P = {key: value.copy() for key, value in parameters.items()}

    def run(self, k: int) -> None:
        X, Y, P, learning_rate = self.X, self.Y, self.P, self.learning_rate
        for _ in range(k):
            AL, caches = cr.model_forward(X, P)
            cr.compute_cost(AL, Y)
            grads = cr.model_backward(AL, Y, caches)
            cr.update_parameters(P, grads, learning_rate)

    def parameters(self) -> dict[str, np.ndarray]:
        return self.P


class Engine:
    """:func:`chainrule.train` (``loop=False``) or :func:`loop_step` (``loop=True``).

    ``run(k)`` is one call ``chainrule.train(..., num_iterations=k, parameters=P)``: k steps
    from the current parameters, which it updates in place. What is timed is what a user
    runs, including ``train``'s checks of its input, once per call (see ``train_checks``).
    """

    def __init__(self, X, Y, parameters, learning_rate, *, loop: bool = False):
        self.X = np.ascontiguousarray(X.T) if loop else X
        self.Y, self.learning_rate, self.loop = Y, learning_rate, loop
        self.P = {key: value.copy() for key, value in parameters.items()}
        L = len(parameters) // 2
        self.dims = [X.shape[0]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]

    def run(self, k: int) -> None:
        if self.loop:
            for _ in range(k):
                loop_step(self.X, self.Y, self.P, self.learning_rate)
        else:
            cr.train(
                self.X, self.Y, self.dims, learning_rate=self.learning_rate,
                num_iterations=k, parameters=self.P,
            )  # fmt: skip

    def train_checks(self) -> None:
        """``train`` with no step: only its one-off input checks."""
        cr.train(
            self.X, self.Y, self.dims, learning_rate=self.learning_rate,
            num_iterations=0, parameters=self.P,
        )  # fmt: skip

    def parameters(self) -> dict[str, np.ndarray]:
        return self.P


# ---------------------------------------------------------------------------- GEMM floor


class GemmFloor:
    """Only the matrix products of one step, each into a preallocated array (``out=``).

    Forward ``W[l] @ A[l-1]``; backward ``dZ[l] @ A[l-1].T`` and, for l > 1,
    ``W[l].T @ dZ[l]`` -- the same shapes and transposes as the engine, and no ``dA[0]``.
    No bias, activation, cost, scaling or update: nothing a step could do without.
    The arrays hold realistic values (a real forward pass; dZ of the size of a real one)
    so that no product runs on zeros or denormals.
    """

    def __init__(self, X, Y, parameters, learning_rate):
        L = len(parameters) // 2
        self.L = L
        self.W = [None] + [parameters[f"W{l}"].copy() for l in range(1, L + 1)]
        _, caches = cr.model_forward(X, parameters, validate=False)
        self.A = [X] + [np.ascontiguousarray(c.A) for c in caches]  # A[l], written by W[l] @ A[l-1]
        rng = np.random.default_rng(0)
        self.dZ = [None] + [(rng.standard_normal(c.A.shape) * 1e-3).astype(X.dtype) for c in caches]
        self.dA = [None] + [np.empty_like(c.A) for c in caches]
        self.dW = [None] + [np.empty_like(W) for W in self.W[1:]]

    def run(self, k: int) -> None:
        W, A, dZ, dA, dW, L = self.W, self.A, self.dZ, self.dA, self.dW, self.L
        matmul = np.matmul
        for _ in range(k):
            for l in range(1, L + 1):
                matmul(W[l], A[l - 1], out=A[l])
            for l in range(L, 0, -1):
                matmul(dZ[l], A[l - 1].T, out=dW[l])
                if l > 1:
                    matmul(W[l].T, dZ[l], out=dA[l - 1])

    def parameters(self):  # the floor trains nothing
        return None


# ---------------------------------------------------------------------------- PyTorch


class Torch:
    """PyTorch eager mode with autograd, on the CPU, in the dtype of ``X``.

    ``binary_cross_entropy_with_logits`` is the mean cross-entropy of ``sigmoid(Z[L])``;
    its gradient with respect to ``Z[L]`` is ``(A[L] - Y) / m``, the engine's ``dZ[L]``
    (the engine puts the ``1/m`` into ``dW`` and ``db``). ``X`` does not require a
    gradient, so autograd computes no ``dA[0]`` either.
    """

    def __init__(self, X, Y, parameters, learning_rate, *, threads: int):
        import torch

        torch.set_num_threads(threads)
        self.torch = torch
        self.F = torch.nn.functional
        self.X, self.Y = torch.from_numpy(X), torch.from_numpy(Y)
        L = len(parameters) // 2
        self.W = [torch.tensor(parameters[f"W{l}"], requires_grad=True) for l in range(1, L + 1)]
        self.b = [torch.tensor(parameters[f"b{l}"], requires_grad=True) for l in range(1, L + 1)]
        self.learning_rate = learning_rate

    def step(self) -> float:
        torch, W, b = self.torch, self.W, self.b
        A = self.X
        for l in range(len(W) - 1):
            A = torch.relu(W[l] @ A + b[l])
        Z = W[-1] @ A + b[-1]
        cost = self.F.binary_cross_entropy_with_logits(Z, self.Y)
        cost.backward()
        with torch.no_grad():
            for P in (*W, *b):
                P.sub_(P.grad, alpha=self.learning_rate)
                P.grad = None
        return cost.item()

    def run(self, k: int) -> float:
        for _ in range(k):
            cost = self.step()
        return cost

    def parameters(self):
        out = {}
        for l, (W, b) in enumerate(zip(self.W, self.b, strict=True), start=1):
            out[f"W{l}"], out[f"b{l}"] = W.detach().numpy().copy(), b.detach().numpy().copy()
        return out


# ---------------------------------------------------------------------------- scikit-learn


class Sklearn:
    """scikit-learn's ``MLPClassifier`` configured as plain full-batch gradient descent.

    ``solver="sgd"`` with ``momentum=0`` (so no Nesterov either), ``alpha=0`` (no L2 term),
    ``batch_size=m`` and ``shuffle=False`` (one batch, all examples, in order), a constant
    learning rate. Its binary log-loss is the mean over the m examples, like the engine's
    cost, and its gradients are divided by m. It stores examples as rows and ``W`` transposed,
    ``coefs_[l - 1]`` ``(n[l-1], n[l])``, ``intercepts_[l - 1]`` ``(n[l],)``.

    ``run(k)`` is one call ``fit(X, y)`` with ``max_iter=k`` and ``warm_start=True``: k steps
    from the current weights (``n_iter_`` is checked), with the input validation of ``fit``
    done once per call, as :func:`chainrule.train` does.
    """

    def __init__(self, X, Y, parameters, learning_rate, *, X_rows=None):
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier

        self.ConvergenceWarning = ConvergenceWarning
        L = len(parameters) // 2
        dims = [parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]
        # (m, n0), one example per row: its layout (X_rows: already made by the caller)
        self.X = np.ascontiguousarray(X.T) if X_rows is None else X_rows
        self.y = Y.ravel().astype(np.int64)
        self.model = MLPClassifier(
            hidden_layer_sizes=tuple(dims[1:-1]),
            activation="relu",
            solver="sgd",
            alpha=0.0,
            batch_size=self.X.shape[0],
            learning_rate="constant",
            learning_rate_init=learning_rate,
            momentum=0.0,
            nesterovs_momentum=False,
            shuffle=False,
            early_stopping=False,
            tol=0.0,
            n_iter_no_change=2**31 - 1,  # never stop early: run exactly max_iter steps
            warm_start=True,
            max_iter=1,
            random_state=0,
        )
        self.run(1)  # builds coefs_, intercepts_, classes_ ...; then our weights replace them
        model = self.model
        if [c.shape for c in model.coefs_] != list(pairwise(dims)):
            raise AssertionError(f"MLPClassifier built layers {[c.shape for c in model.coefs_]}")
        if model.out_activation_ != "logistic" or model.coefs_[0].dtype != self.X.dtype:
            raise AssertionError("MLPClassifier: expected one logistic output in the data's dtype")
        for l in range(1, L + 1):  # in place: the model keeps these very arrays
            model.coefs_[l - 1][...] = parameters[f"W{l}"].T
            model.intercepts_[l - 1][...] = parameters[f"b{l}"].ravel()

    def run(self, k: int) -> None:
        self.model.max_iter = k
        with warnings.catch_warnings():
            # "Maximum iterations reached": we stop after k steps on purpose.
            warnings.simplefilter("ignore", self.ConvergenceWarning)
            self.model.fit(self.X, self.y)
        if self.model.n_iter_ != k:
            raise AssertionError(f"MLPClassifier ran {self.model.n_iter_} steps, not {k}")

    def parameters(self):
        out = {}
        for l, (W, b) in enumerate(
            zip(self.model.coefs_, self.model.intercepts_, strict=True), start=1
        ):
            out[f"W{l}"], out[f"b{l}"] = W.T.copy(), b.reshape(-1, 1).copy()
        return out
