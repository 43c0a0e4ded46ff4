"""The benchmark's measurements measure what they say (the numbers themselves are never asserted)."""

import importlib.util
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = bench  # dataclasses look their module up there
    spec.loader.exec_module(bench)
    return bench


def test_kernel_peak_memory_sees_what_the_notebook_allocates(tmp_path):
    notebook = tmp_path / "allocate.ipynb"
    cell = "import numpy as np\na = np.ones(50_000_000)  # 400 MB, every page touched\nprint(a.sum())"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)]), notebook)
    seconds, peak_mib = load_bench().chapter_run(notebook)
    assert 50_000_000 * 8 / 2**20 < peak_mib < 2000
    assert seconds > 0


def test_table_flags_rows_over_budget():
    bench = load_bench()
    rows = [bench.Row("fast", 1.0, "s", 2.0), bench.Row("slow", 3.0, "s", 2.0), bench.Row("free", 5.0, "s")]
    table = bench.table(rows)
    assert "| fast | 1.00 | s | 2 | ok |" in table
    assert "| slow | 3.00 | s | 2 | OVER |" in table
    assert "| free | 5.00 | s |  | reported |" in table
