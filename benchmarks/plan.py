"""What ``make bench`` times: the contenders, the problems' rounds and samples, the ratios."""

from __future__ import annotations

from .steps import Engine, GemmFloor, LearnersLoop, Sklearn, Torch

CONTENDERS = ("learner", "train", "floor", "torch", "sklearn", "loop")
TITLES = {
    "learner": "learner's loop",
    "train": "train",
    "floor": "GEMM floor",
    "torch": "PyTorch",
    "sklearn": "sklearn",
    "loop": "loop over m",
}

# Steps per timed sample (k) and rounds, per problem. A sample lasts ~0.05-0.6 s. The
# scikit-learn sample is one fit() call: its once-per-call input validation (2-10 ms,
# measured) is shared by k steps, so k is larger there.
PLAN = {
    "a": {
        "rounds": 13,
        "warmup": 2,
        "gap": 0.15,
        "prime": 1,
        "k": {"learner": 20, "train": 20, "floor": 20, "torch": 20, "sklearn": 30, "loop": 1},
    },
    "b": {
        "rounds": 9,
        "warmup": 1,
        "gap": 0.15,
        "prime": 1,
        "k": {"learner": 4, "train": 4, "floor": 4, "torch": 4, "sklearn": 4},
    },
    "c": {
        "rounds": 17,
        "warmup": 2,
        "gap": 0.0,
        "k": {"learner": 1000, "train": 1000, "floor": 1000, "torch": 400, "sklearn": 1000},
    },
}
# "gap": seconds of idleness before each timed sample of (a) and (b), so that the BLAS
# threads of the previous contender (OpenBLAS's keep spinning for a while after a product)
# have gone to sleep and do not compete with the next one: without it PyTorch, timed right
# after a NumPy contender, measured 1.3-1.5x slower on (a). "prime": untimed steps after the
# gap, to bring the contender's arrays back into the caches. Neither for (c), whose tiny
# products run on one thread, and where waking up from idleness costs more than it saves.
# Above this many cores kept busy by other processes (on average, during a block), the
# block's numbers are flagged: multi-threaded timings degrade badly on a shared machine.
NOISY_CORES = 0.25
QUICK_PLAN = {
    "a": {
        "rounds": 3,
        "warmup": 1,
        "gap": 0.0,
        "k": {"learner": 2, "train": 2, "floor": 2, "torch": 2, "sklearn": 2, "loop": 1},
    },
    "b": {
        "rounds": 2,
        "warmup": 1,
        "gap": 0.0,
        "k": {"learner": 1, "train": 1, "floor": 1, "torch": 1, "sklearn": 1},
    },
    "c": {
        "rounds": 3,
        "warmup": 1,
        "gap": 0.0,
        "k": {"learner": 50, "train": 50, "floor": 50, "torch": 50, "sklearn": 50},
    },
}
BLOCKS = [(key, dtype) for key in "abc" for dtype in ("float64", "float32")]
CHECK_STEPS = 3
# Agreement after CHECK_STEPS steps from the same start: max over arrays of
# max|P - P_train| / max|P_train|, for the parameters and for their change.
TOLERANCE = {
    "float64": {"parameters": 1e-6, "updates": 1e-6},
    "float32": {"parameters": 1e-4, "updates": 1e-2},
}
MEMORY_STEPS = 2
# The ratios of a block: numerator / denominator, each the median of per-round ratios.
RATIOS = {
    key: tuple(key.split("/"))
    for key in (
        "learner/floor",
        "train/floor",
        "learner/train",
        "torch/learner",
        "torch/train",
        "sklearn/learner",
        "loop/train",
    )
}


def make_contender(name, case, X, Y, P0, threads):
    if name == "learner":
        return LearnersLoop(X, Y, P0, case.learning_rate)
    if name == "train":
        return Engine(X, Y, P0, case.learning_rate)
    if name == "loop":
        return Engine(X, Y, P0, case.learning_rate, loop=True)
    if name == "floor":
        return GemmFloor(X, Y, P0, case.learning_rate)
    if name == "torch":
        return Torch(X, Y, P0, case.learning_rate, threads=threads)
    return Sklearn(X, Y, P0, case.learning_rate)
