"""Timing and memory measurement.

The machine is shared and noisy, so no single time means much. The contenders of one
problem are timed round-robin: each round runs every contender once (k steps, timed with
:func:`time.perf_counter`), in an order rotated from round to round, so that they all see the
same slow and fast moments. Reported are medians over the rounds and, for comparisons,
the median of the per-round ratios (two contenders timed seconds apart share the noise).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Timing:
    """Seconds per step of one contender, one sample per round."""

    steps_per_sample: int
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def round_robin(
    contenders: dict[str, tuple[Callable[[int], object], int]],
    *,
    rounds: int,
    warmup_rounds: int = 1,
    gap: float = 0.0,
    prime: int = 0,
) -> dict[str, Timing]:
    """Time ``run(k)`` of every contender once per round, rotating the order each round.

    ``contenders`` maps a name to ``(run, k)``. The first ``warmup_rounds`` rounds are
    not recorded (caches, lazily loaded kernels, first-touch page faults, thread pools).
    Before each sample, optionally: ``gap`` seconds of sleep, so that the previous
    contender's idle BLAS threads stop spinning, then ``prime`` untimed steps of this
    contender, so that its data are back in the caches after the sleep.
    The garbage collector is off while timing, as in :mod:`timeit`, and collects between
    rounds.
    """
    names = list(contenders)
    timings = {name: Timing(contenders[name][1]) for name in names}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for r in range(warmup_rounds + rounds):
            shift = r % len(names)
            for name in names[shift:] + names[:shift]:
                run, k = contenders[name]
                if gap:
                    time.sleep(gap)
                if prime:
                    run(prime)
                start = time.perf_counter()
                run(k)
                seconds = (time.perf_counter() - start) / k
                if r >= warmup_rounds:
                    timings[name].samples.append(seconds)
            gc.collect()
    finally:
        if gc_was_enabled:
            gc.enable()
    return timings


def paired_ratio(numerator: Timing, denominator: Timing) -> dict[str, float]:
    """Median and quartiles of the per-round ratios ``numerator / denominator``."""
    ratios = sorted(a / b for a, b in zip(numerator.samples, denominator.samples, strict=True))
    q1, _, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (ratios[0],) * 3
    return {"median": statistics.median(ratios), "q1": q1, "q3": q3}


class OtherLoad:
    """How busy the machine was with other processes while the block ran.

    From /proc/stat (all CPUs' busy time, including time stolen by the hypervisor) minus
    this process's own CPU time: ``others_cores`` is the average number of cores that
    something else kept busy. Near 0 on a quiet machine; at 1 on 2 cores, half of the
    machine was taken, and multi-threaded timings suffer most.
    """

    def __enter__(self):
        self._start = (_busy_seconds(), _own_seconds(), time.perf_counter(), os.getloadavg()[0])
        return self

    def __exit__(self, *exc):
        busy0, own0, t0, load0 = self._start
        wall = time.perf_counter() - t0
        others = max(0.0, (_busy_seconds() - busy0) - (_own_seconds() - own0))
        self.result = {
            "seconds": round(wall, 2),
            "others_cores": round(others / wall, 2) if wall > 0 else 0.0,
            "loadavg_1min": [round(load0, 2), round(os.getloadavg()[0], 2)],
        }
        return False


def _busy_seconds() -> float:
    """CPU seconds spent busy (not idle, not waiting for I/O) by all CPUs since boot."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return 0.0
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    t = os.times()
    return t.user + t.system


# ---------------------------------------------------------------------------- memory


def traced_peak(setup: Callable[[], Callable[[], object]], steps: int) -> dict[str, float]:
    """Peak of the memory that NumPy allocates while ``steps`` steps run, in bytes.

    NumPy reports every array buffer it allocates to :mod:`tracemalloc`, so the traced
    peak is the largest total of live arrays (and Python objects) at any moment. Only what
    is allocated after tracing starts is counted: call this once the data exist, and
    let ``setup`` create everything else (the parameters, the contender). BLAS's own
    work buffers are not NumPy arrays and are not counted (see :func:`rss_peak`).
    """
    tracemalloc.start()
    try:
        run = setup()
        after_setup, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        for _ in range(steps):
            run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"setup_bytes": after_setup, "peak_bytes": peak}


def rss_peak(contender: str, case_key: str, *, steps: int, threads: int) -> dict[str, float]:
    """Peak resident memory of a fresh process training ``steps`` steps, above the data.

    Counts everything the process touches (NumPy arrays, BLAS buffers, PyTorch's
    allocator, the allocator's cached pages), in a clean process per contender. The
    baseline is taken once the libraries are imported and the data exist.
    """
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.rss_child",
            contender,
            case_key,
            str(steps),
            str(threads),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=root,
    )
    record = json.loads(out.stdout.strip().splitlines()[-1])
    record["above_data_bytes"] = record["rss_peak"] - record["rss_before"]
    return record
