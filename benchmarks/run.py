"""``make bench``: check, time, compare, print a table, write ``results/latest.json``.

Each problem and dtype (a *block*) runs in its own fresh Python process, so that no block
inherits another's memory-allocator state or thread pools and the results do not depend
on the order of the blocks. Inside a block all contenders start from the same parameters;
they must agree after a few steps (the check) before they are timed, round-robin.

``python -m benchmarks`` runs everything; ``--quick`` is a smoke test (few rounds, its
JSON is not written unless ``--out`` is given); ``--block a:float64`` runs one block and
prints its JSON (what the main process calls).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from . import harness, machine, savings
from .cases import CASES, make_data, make_parameters
from .steps import Engine, GemmFloor, LearnersLoop, Sklearn, Torch
from .targets import MB, targets

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"

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


# ---------------------------------------------------------------------------- one block


def relative_difference(P: dict, Q: dict, start: dict | None = None) -> float:
    """max over arrays of max|P - Q| / max|P| (of P - start and Q - start if given)."""
    worst = 0.0
    for key in P:
        a, b = P[key].astype(np.float64), Q[key].astype(np.float64)
        if start is not None:
            a, b = a - start[key], b - start[key]
        scale = float(np.max(np.abs(a)))
        worst = max(worst, float(np.max(np.abs(a - b))) / scale if scale else 0.0)
    return worst


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


def check_agreement(case, dtype, X, Y, P0, names, threads) -> dict:
    """Run every contender CHECK_STEPS steps from P0; all must match ``train``."""
    reference_run = make_contender("train", case, X, Y, P0, threads)
    reference_run.run(CHECK_STEPS)
    reference = reference_run.parameters()
    start = {key: value.astype(np.float64) for key, value in P0.items()}
    result = {}
    tol = TOLERANCE[dtype]
    for name in names:
        if name in ("train", "floor"):
            continue
        other = make_contender(name, case, X, Y, P0, threads)
        other.run(CHECK_STEPS)
        diff = {
            "parameters": relative_difference(reference, other.parameters()),
            "updates": relative_difference(reference, other.parameters(), start),
        }
        for what, value in diff.items():
            if not value < tol[what]:
                raise AssertionError(
                    f"{case.label} {dtype}: {name} disagrees with train after "
                    f"{CHECK_STEPS} steps: relative difference of the {what} {value:.2e} "
                    f">= {tol[what]:.0e}"
                )
        result[name] = diff
    return {"steps": CHECK_STEPS, "tolerance": tol, "max_relative_difference": result}


def minor_faults_per_step(run, k: int) -> float:
    """Page faults (first touch of fresh memory) per step, over one more sample."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    run(k)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / k


def run_block(key: str, dtype: str, plan: dict) -> dict:
    case = CASES[key]
    X, Y = make_data(case, dtype)
    P0 = make_parameters(case, dtype)
    threads = machine.numpy_blas_threads()
    names = [n for n in CONTENDERS if n in plan["k"]]
    check = check_agreement(case, dtype, X, Y, P0, names, threads)
    contenders = {n: make_contender(n, case, X, Y, P0, threads) for n in names}
    with harness.OtherLoad() as load:
        timings = harness.round_robin(
            {n: (contenders[n].run, plan["k"][n]) for n in names},
            rounds=plan["rounds"],
            warmup_rounds=plan["warmup"],
            gap=plan["gap"],
            prime=plan.get("prime", 0),
        )
    faults = {n: minor_faults_per_step(contenders[n].run, plan["k"][n]) for n in names}
    checks = harness.round_robin(
        {"train_checks": (lambda k: [contenders["train"].train_checks() for _ in range(k)], 1)},
        rounds=5,
    )["train_checks"]
    pairs = [RATIOS[key] for key in RATIOS if all(n in names for n in RATIOS[key])]
    ratios = {f"{a}/{b}": harness.paired_ratio(timings[a], timings[b]) for a, b in pairs}
    return {
        "case": key,
        "label": case.label,
        "dims": list(case.dims),
        "m": case.m,
        "dtype": dtype,
        "threads": threads,
        "check": check,
        "rounds": plan["rounds"],
        "warmup_rounds": plan["warmup"],
        "gap_s": plan["gap"],
        "prime_steps": plan.get("prime", 0),
        "other_load": load.result,
        "noisy": load.result["others_cores"] > NOISY_CORES,
        "train_checks_s": _sig(checks.median),
        "contenders": {
            n: {
                "steps_per_sample": t.steps_per_sample,
                "median_s": _sig(t.median),
                "samples_s": [_sig(s) for s in t.samples],
                "minor_faults_per_step": round(faults[n], 1),
            }
            for n, t in timings.items()
        },
        "ratios": {k: {q: round(v, 4) for q, v in r.items()} for k, r in ratios.items()},
    }


def run_memory() -> dict:
    """Case (b), float64: tracemalloc peak of a step, and peak RSS of each contender."""
    case = CASES["b"]
    X, Y = make_data(case, "float64")

    def setup(kind):
        def make():
            contender = make_contender(kind, case, X, Y, make_parameters(case, "float64"), 1)
            return lambda: contender.run(1)

        return make

    traced = {kind: harness.traced_peak(setup(kind), MEMORY_STEPS) for kind in ("learner", "train")}
    # The arrays a step cannot avoid: the cached activations A[1..L] (n[l], m) each.
    activations = sum(n * case.m * 8 for n in case.dims[1:])
    threads = machine.numpy_blas_threads()
    rss = {
        name: harness.rss_peak(name, "b", steps=MEMORY_STEPS, threads=threads)
        for name in ("learner", "train", "torch", "sklearn")
    }
    return {
        "case": "b",
        "label": case.label,
        "dtype": "float64",
        "steps": MEMORY_STEPS,
        "data_bytes": X.nbytes + Y.nbytes,
        "cached_activations_bytes": activations,
        "tracemalloc": traced,
        "rss": rss,
    }


# ---------------------------------------------------------------------------- output


def _sig(x: float, digits: int = 5) -> float:
    return float(f"{x:.{digits}g}")


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def time_rows(blocks: list[dict]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the table of median times (also used by docs/performance.md)."""
    header = ["problem", "dtype", *(TITLES[n] for n in CONTENDERS), "others"]
    rows = []
    for b in blocks:
        row = [b["label"], b["dtype"]]
        for n in CONTENDERS:
            c = b["contenders"].get(n)
            row.append(fmt_time(c["median_s"]) if c else "")
        others = b["other_load"]["others_cores"]
        row.append(f"{others:.2f}" + (" !" if b["noisy"] else ""))
        rows.append(row)
    return header, rows


def ratio_rows(blocks: list[dict]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the table of ratios (also used by docs/performance.md)."""
    header = ["problem", "dtype", *RATIOS]
    rows = []
    for b in blocks:
        row = [b["label"], b["dtype"]]
        for r in RATIOS:
            row.append(f"{b['ratios'][r]['median']:.2f}" if r in b["ratios"] else "")
        rows.append(row)
    return header, rows


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print(line)
    print(
        "  ".join(
            h.ljust(w) if i < 2 else h.rjust(w)
            for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    )
    print(line)
    for r in rows:
        print(
            "  ".join(
                c.ljust(w) if i < 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    print(line)


def print_report(result: dict) -> None:
    m = result["machine"]
    numpy_blas = next((b for b in m["blas"] if b["used_by"] == "numpy"), {})
    print()
    print(f"chainrule benchmark, {result['date']}, commit {result['commit']}")
    print(
        f"{m['cpu_model']}, {m['usable_cores']} cores; numpy {m['numpy']} with "
        f"{numpy_blas.get('internal_api')} {numpy_blas.get('version')} "
        f"(kernel {numpy_blas.get('architecture')}, {numpy_blas.get('num_threads')} threads); "
        f"torch {m['torch']} ({m['torch_threads']} threads); scikit-learn {m['scikit_learn']}"
    )
    if m["env"]:
        print("environment: " + ", ".join(f"{k}={v}" for k, v in m["env"].items()))
    print(
        "Median time per gradient-descent step. learner's loop = model_forward, compute_cost, "
        "model_backward, update_parameters with their defaults (every check on); "
        "train = chainrule.train, its input checks included."
    )
    print_table(*time_rows(result["blocks"]))
    print(
        "others: cores kept busy by other processes during the block, on average "
        f"(! above {NOISY_CORES}: those numbers are unreliable)."
    )
    print("Ratios of times, each the median of the ratios measured within one round:")
    print_table(*ratio_rows(result["blocks"]))
    mem = result["memory"]
    tm = mem["tracemalloc"]
    print(
        f"Peak memory, {mem['label']} float64, {mem['steps']} steps, data "
        f"{mem['data_bytes'] / MB:.1f} MB, above the data (tracemalloc: NumPy arrays): "
        + ", ".join(f"{n} {t['peak_bytes'] / MB:.1f} MB" for n, t in tm.items())
        + f"; the cached activations alone are {mem['cached_activations_bytes'] / MB:.1f} MB"
    )
    print(
        "  peak RSS above the data (fresh process each): "
        + ", ".join(f"{n} {r['above_data_bytes'] / MB:.1f} MB" for n, r in mem["rss"].items())
    )
    print("What each economy saves, timed alone (old / new = how many times faster):")
    for block in result["savings"]:
        print(f"  {block['label']} {block['dtype']}, a step of train: {fmt_time(block['step_s'])}")
        for row in block["rows"]:
            print(
                f"    {row['what']}: {fmt_time(row['old_s'])} / {fmt_time(row['new_s'])}"
                f" = {row['old/new']:.2f}"
            )
    print()
    print("Targets:")
    for t in result["targets"]:
        verdict = "PASS" if t["pass"] else "MISS"
        unit = " MB" if t["unit"] == "MB" else "x"
        how = "margin" if t["pass"] else "missed by"
        iqr = f", quartiles {t['iqr'][0]:.2f}-{t['iqr'][1]:.2f}" if t["iqr"] else ""
        iqr += " [noisy]" if t["noisy"] else ""
        print(
            f"  {verdict}  {t['target']}: {t['value']:.2f}{unit}{iqr} "
            f"(target {t['op']} {t['limit']:g}{unit}; {how} {abs(t['margin']):.2f}{unit}, "
            f"{abs(t['margin_pct']):.1f}%)"
        )
    print(
        f"{sum(t['pass'] for t in result['targets'])}/{len(result['targets'])} targets met; "
        f"{result['elapsed_s']:.0f} s in all."
    )
    noisy = [f"{b['label'].split()[0]} {b['dtype']}" for b in result["blocks"] if b["noisy"]]
    if noisy:
        print(
            f"WARNING: other processes were busy during {', '.join(noisy)}; "
            "re-run `make bench` on a quiet machine before trusting those rows."
        )


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty", "--abbrev=12"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def in_subprocess(args: list[str]) -> dict:
    """Run ``python -m benchmarks ARGS`` in a fresh process; its last stdout line is JSON."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", *args],
        stdout=subprocess.PIPE, text=True, check=True, env=env, cwd=ROOT,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="a smoke test: few rounds")
    parser.add_argument(
        "--out", type=Path, help=f"JSON output (default {RESULTS.relative_to(ROOT)})"
    )
    parser.add_argument("--block", help=argparse.SUPPRESS)  # internal: "a:float64"
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)  # internal
    parser.add_argument("--savings", action="store_true", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args(argv)
    plan = QUICK_PLAN if args.quick else PLAN

    if args.block:
        key, dtype = args.block.split(":")
        print(json.dumps(run_block(key, dtype, plan[key])))
        return 0
    if args.memory:
        print(json.dumps(run_memory()))
        return 0
    if args.savings:
        rounds = 3 if args.quick else savings.ROUNDS
        print(json.dumps([savings.measure(key, rounds=rounds) for key in "ab"]))
        return 0

    start = time.perf_counter()
    result = {"schema": 1, "date": machine.now_utc(), "commit": git_commit()}
    result["machine"] = machine.machine_info()
    result["method"] = {
        "step": "one full-batch gradient-descent step: forward, cost, backward, update",
        "timer": "time.perf_counter around k steps; k per contender in steps_per_sample",
        "order": "round-robin, order rotated every round, warm-up rounds discarded, gc off; "
        "(a), (b): 0.15 s idle, then 1 untimed step, before each sample",
        "ratio": "median over rounds of the ratio of the two contenders' times in that round",
        "isolation": "each problem and dtype in a fresh process",
        "check": f"all contenders agree with train after {CHECK_STEPS} steps from one start",
        "memory": "tracemalloc peak (NumPy arrays) after the data exist; RSS as a cross-check",
        "quick": args.quick,
    }
    blocks = []
    for i, (key, dtype) in enumerate(BLOCKS, start=1):
        t0 = time.perf_counter()
        print(f"[{i}/{len(BLOCKS) + 1}] {CASES[key].label}, {dtype} ...", end=" ", flush=True)
        block = in_subprocess(["--block", f"{key}:{dtype}", *(["--quick"] if args.quick else [])])
        blocks.append(block)
        e = block["contenders"]["learner"]["median_s"]
        print(
            f"learner's loop {fmt_time(e)} per step ({time.perf_counter() - t0:.0f} s; "
            "other processes "
            f"kept {block['other_load']['others_cores']:.2f} cores busy)",
            flush=True,
        )
    print(
        f"[{len(BLOCKS) + 1}/{len(BLOCKS) + 1}] peak memory, (b) float64 ...", end=" ", flush=True
    )
    t0 = time.perf_counter()
    result["memory"] = in_subprocess(["--memory"])
    print(f"({time.perf_counter() - t0:.0f} s)", flush=True)
    print("[savings] each economy of the engine alone, (a) and (b) ...", end=" ", flush=True)
    t0 = time.perf_counter()
    with harness.OtherLoad() as load:
        result["savings"] = in_subprocess(["--savings", *(["--quick"] if args.quick else [])])
    result["savings_other_load"] = load.result
    print(f"({time.perf_counter() - t0:.0f} s)", flush=True)
    result["blocks"] = blocks
    result["targets"] = targets(blocks, result["memory"])
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["elapsed_s"] = round(time.perf_counter() - start, 1)
    print_report(result)

    out = args.out or (None if args.quick else RESULTS)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=1) + "\n")
        print(f"wrote {out}")
    return 0
