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

from . import harness, machine, savings
from .agreement import check_agreement
from .cases import CASES, make_data, make_parameters
from .plan import (
    BLOCKS,
    CHECK_STEPS,
    CONTENDERS,
    MEMORY_STEPS,
    NOISY_CORES,
    PLAN,
    QUICK_PLAN,
    RATIOS,
    make_contender,
)
from .report import fmt_time, print_report, significant
from .targets import targets

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"


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
        "train_checks_s": significant(checks.median),
        "contenders": {
            n: {
                "steps_per_sample": t.steps_per_sample,
                "median_s": significant(t.median),
                "samples_s": [significant(s) for s in t.samples],
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
