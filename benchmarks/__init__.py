"""Benchmarks of the chainrule engine: `make bench` (``python -m benchmarks``).

One gradient-descent step (forward, cost, backward, update) of the engine is timed two
ways, as the learner's loop (``model_forward``, ``compute_cost``, ``model_backward``,
``update_parameters`` with their defaults) and as :func:`chainrule.train`, against

* the GEMM floor: only the matrix products that step needs, into preallocated arrays;
* PyTorch on the CPU (eager autograd, same maths, same dtype, same number of threads);
* scikit-learn's ``MLPClassifier`` (plain full-batch SGD, no L2 term);
* the same step written as a Python loop over the m examples.

Modules: :mod:`.cases` (problems and data), :mod:`.steps` (one step per contender),
:mod:`.harness` (round-robin timing, memory), :mod:`.machine` (what ran),
:mod:`.plan` (what is timed, how often), :mod:`.agreement` (contenders agree before
they are timed), :mod:`.targets` (what is expected, PASS or MISS), :mod:`.report` (tables),
:mod:`.run` (the blocks in fresh processes, JSON), :mod:`.rss_child` (peak memory of a fresh
process). Torch and scikit-learn are only imported by the functions that need them, so the
site can import :mod:`.steps` without them. The site's benchmarks (:mod:`.site_build`,
:mod:`.lighthouse`) read the site's languages from ``docs/_ext/site_languages.py``.
"""

import sys
from pathlib import Path

_SITE_EXTENSIONS = str(Path(__file__).resolve().parent.parent / "docs" / "_ext")
if _SITE_EXTENSIONS not in sys.path:
    sys.path.insert(0, _SITE_EXTENSIONS)
