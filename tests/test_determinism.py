"""The chapters' stored outputs do not depend on how many threads BLAS uses.

README's test command re-executes every chapter with nbval at this machine's
thread count (on the book's 2-core machines, 2). This test runs nbval on every
chapter once more at the other count (1 if the run uses 2 or more, else 2), so
each run of the test suite checks that outputs are the same with one thread and
with two. Run to run, nbval itself checks that nothing drifts: every chapter
seeds its generators, and lib's threaded code splits work in fixed halves.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import threadpoolctl

ROOT = Path(__file__).resolve().parent.parent
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def blas_threads() -> int:
    return max((p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"), default=1)


@pytest.mark.slow
def test_chapters_reproduce_their_outputs_at_the_other_thread_count():
    threads = "1" if blas_threads() >= 2 else "2"
    env = os.environ | {name: threads for name in THREAD_VARIABLES}
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "chapters").glob("*.ipynb"))
    assert len(notebooks) >= 8
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", *notebooks], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, f"nbval with {threads} thread(s):\n{run.stdout[-4000:]}"
