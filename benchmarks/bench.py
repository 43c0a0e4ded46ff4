"""The book's speed and memory, measured against its budgets; writes the table the book shows.

    .venv/bin/python benchmarks/bench.py              # about 10 minutes
    .venv/bin/python benchmarks/bench.py --runs 1     # a quicker look (one run per chapter)

Every figure is a median of several whole runs (never asserted in tests):

1. Every chapter notebook executed from scratch in a fresh kernel, as a whole
   process (interpreter start, imports, kernel start, every cell): wall time,
   and the peak resident memory of its kernel (the kernel is the measuring
   process's only child, so ``getrusage(RUSAGE_CHILDREN)`` is exactly its peak).
   Budgets: each chapter <= 60 s, the whole book <= 180 s (the truth pass's
   budgets, with every randomized claim run over several seeds), every kernel
   <= 1.5 GiB (Binder allows 2 GiB).
2. ``jupyter-book build`` of the whole site from scratch (stored outputs, no
   execution), with README's flags: <= 30 s.
3. ``lib`` hot paths: the numeric stabilizer of 1,000-point figures (<= 5 ms,
   with its ratio to a bare SVD of the same-size matrix), ``gl2_walk`` with
   10^5 walkers x 10^3 steps (<= 5 s, ratio to a plain ``np.matmul`` walk),
   ``hitting_times`` on that walk, and the UFLDL-size autoencoder training
   (<= 4 s, and <= 0.7x the PyTorch CPU version when PyTorch is installed:
   ``.venv/bin/pip install torch==2.13.0``; see ``bench_autoencoder.py``).

The table, the machine and the package versions go to ``benchmarks/results.md``,
which the book's page *Reproducibility and speed* includes.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import threadpoolctl

from lib.experiments import computes_like, machine as this_machine, stored_machine
from lib.figures import circle, segment, sphere
from lib.stabilizers import stabilizer
from lib.paper import figure3_distances
from lib.walks import gl2_walk, hitting_times, step_table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.md"
# seconds per chapter, from the issues that asked for them; none may exceed 45 s
CHAPTER_BUDGETS: dict[str, float] = {}  # chapter prefix -> seconds, where one needs its own
CHAPTER_DEFAULT_BUDGET = 60.0
BOOK_BUDGET = 180.0
KERNEL_BUDGET_MIB = 1536.0
BUILD_BUDGET = 30.0
PACKAGES = ["numpy", "scipy", "sympy", "matplotlib", "scikit-image", "ipykernel", "nbclient", "jupyter-book",
            "sphinx", "myst-nb", "nbval", "torch"]


@dataclass
class Row:
    measure: str
    value: float
    unit: str
    budget: float | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.budget is None:
            return "reported"
        return "ok" if self.value <= self.budget else "OVER"


def execute_notebook(notebook: Path) -> None:
    """Run ``notebook`` in a fresh kernel; print the kernel's peak memory in MiB.

    Called in its own process (``bench.py --execute NOTEBOOK``) so that the
    kernel is this process's only child.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)  # Linux reports KiB


def chapter_run(notebook: Path) -> tuple[float, float]:
    """Wall time (s) of one fresh whole-process execution and its kernel's peak memory (MiB)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--execute", str(notebook)],
                          check=True, capture_output=True, text=True)
    return time.perf_counter() - start, float(done.stdout.split()[-1])


def build_seconds() -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "-W", "-n",
                        "--keep-going", "--path-output", out], check=True, capture_output=True)
        return time.perf_counter() - start


def median_seconds(fn, repeat: int = 3) -> float:
    return statistics.median(timeit.repeat(fn, number=1, repeat=repeat))


def per_call_ms(fn, number: int = 100, repeat: int = 7) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e3


def matmul_walk(g0: np.ndarray, n_steps: int, step_size: float, rng: np.random.Generator) -> np.ndarray:
    """The straightforward batched walk: the baseline for gl2_walk."""
    table, g = step_table(step_size), g0.copy()
    for _ in range(n_steps):
        g = g @ table[rng.integers(0, 16, len(g))]
    return g


def chapter_rows(runs: int) -> list[Row]:
    rows, total, peaks = [], 0.0, []
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        measured = [chapter_run(notebook) for _ in range(runs)]
        seconds = statistics.median(t for t, _ in measured)
        peak = max(m for _, m in measured)
        total += seconds
        peaks.append(peak)
        budget = CHAPTER_BUDGETS.get(notebook.name[:3], CHAPTER_DEFAULT_BUDGET)
        rows.append(Row(f"{notebook.stem}: fresh execution", seconds, "s", budget,
                        f"kernel peak {peak:.0f} MiB"))
    rows.append(Row("whole book: sum of the chapters' medians", total, "s", BOOK_BUDGET))
    rows.append(Row("largest kernel peak memory", max(peaks), "MiB", KERNEL_BUDGET_MIB))
    return rows


def build_rows(runs: int) -> list[Row]:
    return [Row("jupyter-book build from scratch, no execution", statistics.median(build_seconds() for _ in range(runs)),
                "s", BUILD_BUDGET)]


def lib_rows() -> list[Row]:
    rows = []
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
        rows.append(Row(f"stabilizer, 1,000-point {name} in R^{n}", t_stab, "ms", 5.0,
                        f"{t_stab / t_svd:.1f}x a bare SVD"))

    g0 = np.broadcast_to(np.eye(2), (100_000, 2, 2))
    t_walk = median_seconds(lambda: gl2_walk(g0, np.random.default_rng(1), n_steps=1000, step_size=1e-3))
    t_plain = median_seconds(lambda: matmul_walk(g0, 1000, 1e-3, np.random.default_rng(1)), repeat=1)
    rows.append(Row("gl2_walk, 1e5 walkers x 1e3 steps", t_walk, "s", 5.0,
                    f"{t_plain / t_walk:.1f}x faster than np.matmul"))
    start = np.broadcast_to(np.diag([1.5, 0.8]), (100_000, 2, 2))
    eps = np.geomspace(0.3, 0.03, 7)
    t_hits = median_seconds(
        lambda: hitting_times(start, figure3_distances(), eps, np.random.default_rng(1), n_steps=1000, step_size=1e-3), repeat=1
    )
    rows.append(Row("hitting_times, same walk, 3 targets", t_hits, "s"))
    return rows + autoencoder_rows()


def autoencoder_rows() -> list[Row]:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_autoencoder import RUNS, lib_training, torch_training, ufldl_problem

    X, theta0 = ufldl_problem()
    lib = {dtype: [lib_training(X, dtype) for _ in range(RUNS)] for dtype in ("float32", "float64")}
    medians = {dtype: statistics.median(t for t, _ in runs) for dtype, runs in lib.items()}
    try:
        import torch  # noqa: F401
    except ImportError:
        torch_time, torch_loss = None, None
    else:
        torch_runs = {k: [torch_training(X, theta0, k) for _ in range(RUNS)] for k in (1, 2)}
        best = min(torch_runs, key=lambda k: statistics.median(t for t, _ in torch_runs[k]))
        torch_time = statistics.median(t for t, _ in torch_runs[best])
        torch_loss = torch_runs[best][0][1]
    rows = []
    for dtype in ("float32", "float64"):
        note = f"final loss {lib[dtype][0][1]:.5f}"
        rows.append(Row(f"autoencoder 64-25-64, 10^4 patches, 400 L-BFGS steps ({dtype})", medians[dtype], "s",
                        4.0 if dtype == "float32" else None, note))
    if torch_time is None:
        rows.append(Row("same training in PyTorch CPU", float("nan"), "s", None, "PyTorch not installed"))
    else:
        rows.append(Row(f"same training in PyTorch CPU (float32, best of 1 and 2 threads)", torch_time, "s", None,
                        f"final loss {torch_loss:.5f}"))
        rows.append(Row("lib float32 / PyTorch time", medians["float32"] / torch_time, "ratio", 0.7))
    return rows


def arithmetic(m: dict) -> str:
    return f"NumPy {m['numpy']} dispatching to {', '.join(m['numpy_dispatch']) or 'its baseline only'}; " \
           f"BLAS kernels: {', '.join(m['blas'])}"


def reference_machines() -> list[str]:
    """Which machine made the chapters' stored outputs, as their reference-machine cells say."""
    stored = {notebook.stem: stored_machine(notebook) for notebook in sorted((ROOT / "chapters").glob("*.ipynb"))}
    made = {}
    for name, m in stored.items():
        made.setdefault("does not say" if m is None else f"{m['cpu']}; {arithmetic(m)}", []).append(name)
    lines = [f"- Stored outputs ({'every chapter' if len(made) == 1 else ', '.join(names)}) made on: {key}"
             for key, names in made.items()]
    here = this_machine()
    same = all(m is not None and computes_like(m, here) for m in stored.values())
    return lines + [f"- This machine rounds like that one: {'yes' if same else 'no'}"]


def machine() -> list[str]:
    here = this_machine()
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
    blas = [f"{p['internal_api']} {p.get('version') or ''} ({p['num_threads']} threads)"
            for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return [
        f"- Date: {datetime.date.today().isoformat()}, commit `{commit}`",
        f"- CPU: {here['cpu']}, {len(os.sched_getaffinity(0))} cores available; memory {mem_kib / 2**20:.1f} GiB; "
        "no GPU used",
        f"- OS: {platform.platform()}; Python {platform.python_version()}",
        f"- BLAS: {', '.join(blas) or 'unknown'}; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}",
        f"- Arithmetic: {arithmetic(here)}",
        *reference_machines(),
    ]


def versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def format_value(row: Row) -> str:
    if np.isnan(row.value):
        return "n/a"
    return f"{row.value:.2f}" if row.unit in ("s", "ms", "ratio") else f"{row.value:.0f}"


def table(rows: list[Row]) -> str:
    lines = ["| measure | median | unit | budget | verdict | note |", "|---|---:|---|---:|---|---|"]
    for r in rows:
        budget = "" if r.budget is None else f"{r.budget:g}"
        lines.append(f"| {r.measure} | {format_value(r)} | {r.unit} | {budget} | {r.verdict} | {r.note} |")
    return "\n".join(lines)


def report(rows: list[Row], runs: int) -> str:
    return "\n".join([
        f"Made by `.venv/bin/python benchmarks/bench.py` (chapters and build: median of {runs} run(s); "
        "lib: medians of 3 to 7 repeats).",
        "",
        *machine(),
        f"- Packages: {versions()}",
        "",
        table(rows),
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per chapter and per build (default 3)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown table")
    parser.add_argument("--execute", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.execute:
        execute_notebook(args.execute)
        return
    rows = chapter_rows(args.runs) + build_rows(args.runs) + lib_rows()
    text = report(rows, args.runs)
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
