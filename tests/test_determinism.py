"""The chapters' stored outputs do not depend on the thread count, nor, but for the
cells marked machine-dependent, on the processor.

README's test command re-executes every chapter with nbval at this machine's
thread count (on the book's 2-core machines, 2). The first test runs nbval on
every chapter once more at the other count (1 if the run uses 2 or more, else 2),
so each run of the test suite checks that outputs are the same with one thread and
with two. Run to run, nbval itself checks that nothing drifts: every chapter seeds
its generators, and lib's threaded code splits work in fixed halves.

The second test plays two other machines: it re-runs every chapter with NumPy's
SIMD dispatch restricted by ``NPY_DISABLE_CPU_FEATURES``, once as a processor with
AVX2 and FMA but no AVX-512, once as one with neither. NumPy then computes
``exp``, ``log``, ``tanh`` and more with other kernels, which round differently.
Every cell must run, every ``assert`` hold, and every cell not marked
machine-dependent print exactly what is stored (``conftest.py``: a marked cell's
text is compared only on a machine that rounds like the one that made it). The
BLAS kernels are not restricted: ``OPENBLAS_CORETYPE`` is left as the machine sets
it, because on some processors OpenBLAS needs it to compute correctly. The kernels
each run used are printed.

The third test shows that the second can fail: a planted cell that prints digits
of NumPy's ``exp`` and ``tanh`` fails it when unmarked, passes when marked, and is
still compared on this machine when marked.
"""

import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import threadpoolctl
from nbclient import NotebookClient

from lib.experiments import machine, stored_machine

ROOT = Path(__file__).resolve().parent.parent
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
NOTEBOOKS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "chapters").glob("*.ipynb"))


def blas_threads() -> int:
    return max((p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"), default=1)


def played_machines() -> dict[str, str]:
    """{description: NPY_DISABLE_CPU_FEATURES} for the machines the test plays.

    A processor with AVX2 but no AVX-512, and one with neither. On a machine that has
    no AVX-512 itself, the first is the machine itself (README's run covers it), so
    only the second is played.
    """
    from numpy._core._multiarray_umath import __cpu_dispatch__

    enabled = machine()["numpy_dispatch"]
    above_avx2 = [t for t in __cpu_dispatch__[__cpu_dispatch__.index("X86_V3") + 1:] if t in enabled]
    plays = {"AVX2 and FMA, no AVX-512": " ".join(above_avx2), "neither AVX2 nor FMA": " ".join(enabled)}
    return {name: disabled for name, disabled in plays.items() if disabled}


def nbval(paths: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pytest", "-q", *paths], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def side_by_side(runs: dict[str, tuple[list[str], dict]], threads: int) -> dict[str, tuple[int, str]]:
    """nbval for each run's notebooks in its environment, one process per notebook and as many at
    once as this machine's cores hold at ``threads`` threads each. Per run: 0 if every notebook
    passed (else the first nonzero exit code), and the reports, the failed notebooks' first."""
    jobs = [(name, path) for name, (paths, _) in runs.items() for path in paths]

    def one(job):
        run = nbval([job[1]], runs[job[0]][1])
        out = run.communicate()[0]  # waits: only then is the exit code known
        return run.returncode, out

    with ThreadPoolExecutor(max_workers=max(1, len(os.sched_getaffinity(0)) // threads)) as pool:
        done = list(pool.map(one, jobs))
    results = {}
    for name in runs:
        reports = [result for (run, _), result in zip(jobs, done) if run == name]
        failed = [out for code, out in reports if code != 0]
        code = next((code for code, _ in reports if code != 0), 0)
        results[name] = (code, "\n".join(failed + [out for code, out in reports if code == 0]))
    return results


def summary(report: str) -> str:
    """The notebooks' nbval tallies, added up."""
    tally = {word: sum(int(n) for n in re.findall(rf"(\d+) {word}", report)) for word in ("passed", "failed")}
    return f"{tally['passed']} passed, {tally['failed']} failed"


def kernels(report: str) -> str:
    """The machine line that conftest.py prints at the top of an nbval run."""
    return next((line for line in report.splitlines() if line.startswith("this machine:")), "(not reported)")


def test_the_plays_restrict_numpy_dispatch():
    enabled = machine()["numpy_dispatch"]
    assert "X86_V3" in enabled, f"this machine has no AVX2 (NumPy dispatches to {enabled}): the book needs it"
    plays = played_machines()
    assert plays["neither AVX2 nor FMA"].split() == enabled
    assert "X86_V3" not in plays.get("AVX2 and FMA, no AVX-512", "").split()


@pytest.mark.slow
def test_chapters_reproduce_their_outputs_at_the_other_thread_count():
    threads = "1" if blas_threads() >= 2 else "2"
    env = os.environ | {name: threads for name in THREAD_VARIABLES}
    assert len(NOTEBOOKS) >= 8
    code, out = side_by_side({"other": (NOTEBOOKS, env)}, threads=int(threads))["other"]
    assert code == 0, f"nbval with {threads} thread(s):\n{out[:6000]}"


def play(notebooks: list[str], plays: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Run nbval on ``notebooks`` once per played machine, on one thread each, side by side."""
    env = os.environ | {v: "1" for v in THREAD_VARIABLES}
    return side_by_side({name: (notebooks, env | {"NPY_DISABLE_CPU_FEATURES": disabled})
                         for name, disabled in plays.items()}, threads=1)


@pytest.mark.slow
def test_chapters_reproduce_their_unmarked_outputs_on_other_processors(capsys):
    assert len(NOTEBOOKS) >= 8
    results = play(NOTEBOOKS, played_machines())
    with capsys.disabled():
        for name, (_, out) in results.items():
            print(f"\nplayed a processor with {name}: {kernels(out)}\n  {summary(out)}")
    failed = {name: out for name, (code, out) in results.items() if code != 0}
    assert not failed, "\n\n".join(f"playing a processor with {name} ({kernels(out)}):\n{out[:6000]}"
                                   for name, out in failed.items())


PROBE = """\
import hashlib
import numpy as np

x = np.linspace(-20, 20, 10_001)
digits = np.concatenate([np.exp(x), np.tanh(x), np.exp(x.astype(np.float32))])
print(hashlib.sha256(digits.tobytes()).hexdigest()[:16])"""


def planted_notebook(folder: Path, marked: bool, stored: str | None = None) -> str:
    """A notebook whose first cell prints digits of exp and tanh, executed here; ``stored`` replaces its output."""
    reference = next(c for c in nbformat.read(ROOT / NOTEBOOKS[0], as_version=4).cells
                     if "reference-machine" in c.metadata.get("tags", []))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE), nbformat.v4.new_code_cell(
        reference.source, metadata={"tags": reference.metadata["tags"]})])
    if marked:
        nb.cells[0].metadata["machine_dependent"] = "a planted probe"
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    if stored is not None:
        nb.cells[0].outputs[0]["text"] = stored
    path = folder / ("marked.ipynb" if marked else "unmarked.ipynb")
    nbformat.write(nb, path)
    return str(path.relative_to(ROOT))


@pytest.mark.slow
def test_a_planted_machine_dependent_print_is_caught():
    (ROOT / "_build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "_build") as scratch:  # under the root, where conftest.py applies
        folder = Path(scratch)
        unmarked, marked = planted_notebook(folder, False), planted_notebook(folder, True)
        results = play([unmarked, marked], played_machines())
        for name, (code, out) in results.items():
            failed = {Path(path).name for path in re.findall(r"^FAILED (\S+?)::", out, flags=re.M)}
            assert failed == {"unmarked.ipynb"}, (
                f"playing a processor with {name}, the failures were {sorted(failed)}, "
                f"not the unmarked probe alone:\n{out[-3000:]}")
        # on this machine, a marked cell is still compared: a wrong stored output fails
        wrong = planted_notebook(folder, True, stored="0123456789abcdef\n")
        here = nbval([wrong], dict(os.environ))
        out, _ = here.communicate()
        assert here.returncode != 0 and "Cell outputs differ" in out, out


def chapters() -> dict[str, nbformat.NotebookNode]:
    return {Path(p).stem: nbformat.read(ROOT / p, as_version=4) for p in NOTEBOOKS}


def test_every_chapter_ends_by_naming_the_machine_that_made_it():
    for name, nb in chapters().items():
        last = nb.cells[-1]
        assert "reference-machine" in last.metadata.get("tags", []), f"{name}: the last cell is not reference-machine"
        assert {"remove-cell", "nbval-ignore-output"} <= set(last.metadata["tags"]), name
        stored = stored_machine(ROOT / "chapters" / f"{name}.ipynb")
        assert stored is not None and stored["blas"] and "X86_V3" in stored["numpy_dispatch"], (name, stored)


def test_machine_dependent_cells_are_code_cells_with_a_reason():
    marked = 0
    for name, nb in chapters().items():
        for i, cell in enumerate(nb.cells):
            reason = cell.metadata.get("machine_dependent")
            if reason is None:
                continue
            marked += 1
            assert cell.cell_type == "code" and cell.outputs, f"{name} cell {i}: marked, but prints nothing"
            assert isinstance(reason, str) and reason.strip() and not reason.endswith("."), (
                f"{name} cell {i}: the reason must be a phrase the note can quote, got {reason!r}")
    stated = re.search(r"there are (\d+),", (ROOT / "chapters" / "reproducibility.md").read_text())
    assert stated and int(stated.group(1)) == marked, "the Reproducibility page must give the number of marked cells"
