"""What the benchmark ran on: CPU, cores, library versions, BLAS kernels, threads."""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime

import numpy as np

# Read and reported, never set: they change which kernel OpenBLAS picks.
BLAS_ENV = (
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "GLIBC_TUNABLES",
)


def cpu_model() -> str:
    """``model name`` from /proc/cpuinfo (the first core's)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_flags() -> list[str]:
    """The vector-instruction flags among /proc/cpuinfo's ``flags`` (what BLAS can use)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = line.split(":", 1)[1].split()
                    return sorted(f for f in flags if f.startswith(("avx", "fma", "sse4")))
    except OSError:
        pass
    return []


def numpy_blas_threads() -> int:
    """Threads of the BLAS that NumPy uses (the number every contender gets)."""
    from threadpoolctl import threadpool_info

    for lib in threadpool_info():
        if lib["user_api"] == "blas" and "numpy" in lib["filepath"]:
            return int(lib["num_threads"])
    return os.cpu_count() or 1


def blas_info() -> list[dict]:
    """threadpoolctl's view of the loaded BLAS/OpenMP libraries.

    For OpenBLAS, ``architecture`` is the kernel (core type) it selected at load time,
    e.g. ``Haswell``, ``SkylakeX`` or ``Zen``; ``used_by`` names the package it came with.
    """
    from threadpoolctl import threadpool_info

    libs = []
    for lib in threadpool_info():
        path = lib.get("filepath", "")
        package = next(
            (p for p in ("numpy", "scipy", "torch", "scikit_learn", "sklearn") if p in path),
            "system",
        )
        libs.append(
            {
                "used_by": "scikit-learn" if package in ("scikit_learn", "sklearn") else package,
                "user_api": lib.get("user_api"),
                "internal_api": lib.get("internal_api"),
                "version": lib.get("version"),
                "architecture": lib.get("architecture"),
                "threading_layer": lib.get("threading_layer"),
                "num_threads": lib.get("num_threads"),
                "library": os.path.basename(path),
            }
        )
    return libs


def machine_info() -> dict:
    """Everything needed to compare two runs (or to see that they are not comparable)."""
    import sklearn
    import threadpoolctl
    import torch

    return {
        "cpu_model": cpu_model(),
        "cpu_flags": cpu_flags(),
        "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "chainrule": _version("chainrule"),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "torch_blas": "MKL" if torch.backends.mkl.is_available() else "other",
        "scikit_learn": sklearn.__version__,
        "threadpoolctl": threadpoolctl.__version__,
        "numpy_blas_threads": numpy_blas_threads(),
        "blas": blas_info(),
        "env": {name: os.environ[name] for name in BLAS_ENV if name in os.environ},
    }


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
