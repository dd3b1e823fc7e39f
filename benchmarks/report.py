"""The printed report of ``make bench``: tables of times and ratios, memory, savings, targets."""

from __future__ import annotations

from .plan import CONTENDERS, NOISY_CORES, RATIOS, TITLES
from .targets import MB


def significant(x: float, digits: int = 5) -> float:
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
