"""Budgets of the book's foundation, measured (not asserted).

    .venv/bin/python benchmarks/bench_foundation.py

1. Chapter 1 executed from scratch in a fresh kernel, as a whole process
   (``jupyter nbconvert --execute``): median of 3 runs. Budget: 20 s.
2. ``lib.stabilizers.stabilizer`` on a 1,000-point figure: median of 7 repeats of
   100 calls, with the ratio to a bare SVD of the same-size constraint matrix run in
   the same process (the part no implementation can avoid). Budget: 5 ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import numpy as np

from lib.figures import circle, segment, sphere
from lib.stabilizers import stabilizer

ROOT = Path(__file__).resolve().parent.parent


def chapter_seconds(notebook: Path, runs: int = 3) -> float:
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                 "--output-dir", out, str(notebook)],
                check=True, capture_output=True,
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_call_ms(fn, number: int = 100, repeat: int = 7) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def main() -> None:
    rows = []
    seconds = chapter_seconds(ROOT / "chapters" / "01_introduction.ipynb")
    rows.append(("Chapter 1, fresh execution (s)", seconds, 20.0, ""))
    rng = np.random.default_rng(0)
    for name, fig in (
        ("circle", circle(n_points=1000)),
        ("edge", segment([-1, 0], [1, 0], n_points=1000)),
        ("sphere", sphere(n_points=1000)),
    ):
        n = fig.n
        baseline = rng.standard_normal((len(fig) * n, n * n))
        t_stab = per_call_ms(lambda: stabilizer(fig))
        t_svd = per_call_ms(lambda: np.linalg.svd(baseline, full_matrices=False))
        rows.append((f"stabilizer, 1,000-point {name} in R^{n} (ms)", t_stab, 5.0, f"{t_stab / t_svd:.1f}x bare SVD"))
    print(f"{'measure':45s} {'median':>9s} {'budget':>7s}  note")
    for label, value, budget, note in rows:
        flag = "ok" if value <= budget else "OVER"
        print(f"{label:45s} {value:9.3f} {budget:7.1f}  {flag} {note}")


if __name__ == "__main__":
    main()
