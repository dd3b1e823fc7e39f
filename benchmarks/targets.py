"""What the benchmark expects of the engine: each target, its measured value, PASS or MISS.

The engine is timed two ways: the learner's loop (the four public functions with their
defaults, every check on) and :func:`chainrule.train` (checks once, then steps). The
GEMM floor is the time of the matrix products alone, so "x floor" is how much a step
costs beyond the arithmetic nobody can skip.
"""

from __future__ import annotations

MB = 1e6

# (name, ratio key in a block, cases, dtypes, operator, limit)
RATIO_TARGETS = (
    ("learner's loop / GEMM floor", "learner/floor", "ab", ("float64", "float32"), "<=", 1.10),
    ("train / GEMM floor", "train/floor", "ab", ("float64", "float32"), "<=", 1.05),
    ("PyTorch / learner's loop", "torch/learner", "c", ("float64", "float32"), ">=", 3.0),
    ("PyTorch / learner's loop", "torch/learner", "ab", ("float64", "float32"), ">", 1.0),
    ("sklearn / learner's loop", "sklearn/learner", "abc", ("float64", "float32"), ">=", 1.0),
    ("loop over m / train", "loop/train", "a", ("float64", "float32"), ">=", 20.0),
)
PEAK_MEMORY_MB = 80.0  # a step of the learner's loop on (b), float64, above the data


def _target(name, ratio, op, limit, unit="x", noisy=False) -> dict:
    value = ratio["median"] if isinstance(ratio, dict) else ratio
    ok = {"<=": value <= limit, ">=": value >= limit, ">": value > limit}[op]
    margin = (limit - value) if op == "<=" else (value - limit)
    return {
        "target": name,
        "value": round(value, 4),
        "iqr": [ratio["q1"], ratio["q3"]] if isinstance(ratio, dict) else None,
        "op": op,
        "limit": limit,
        "unit": unit,
        "pass": bool(ok),
        "margin": round(margin, 4),
        "margin_pct": round(100 * margin / limit, 1),
        "noisy": noisy,
    }


def targets(blocks: list[dict], memory: dict) -> list[dict]:
    """Every target with its measured value (median of per-round ratios) and verdict."""
    by = {(b["case"], b["dtype"]): b for b in blocks}
    out = []
    for name, key, cases, dtypes, op, limit in RATIO_TARGETS:
        for case in cases:
            for dtype in dtypes:
                block = by.get((case, dtype))
                if block is None or key not in block["ratios"]:
                    continue
                out.append(
                    _target(
                        f"({case}) {dtype}: {name}",
                        block["ratios"][key],
                        op,
                        limit,
                        noisy=block["noisy"],
                    )
                )
    peak = memory["tracemalloc"]["learner"]["peak_bytes"] / MB
    out.append(
        _target(
            "(b) float64: peak memory of a step above the data, learner's loop",
            peak,
            "<=",
            PEAK_MEMORY_MB,
            "MB",
        )
    )
    return out
