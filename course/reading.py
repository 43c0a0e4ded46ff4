"""How long a chapter takes: reading (measured from its text), running (benchmarks) and exercises (their own minutes).

The landing page's *At a glance* table is rendered from :func:`book_times` at build
time (``_ext/book_site.py``), so it follows the chapters as they change.

- **Reading**: the words of the markdown cells and the lines of code a reader sees,
  outside the exercises and their solutions (the collapsed evidence included), at
  150 words and 10 lines of code a minute.
- **Exercises**: the minutes each exercise states (``*Kind · ★★ · 25 min*``).
- **Running**: the chapter's median fresh execution in ``benchmarks/results.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE, CODE_LINES_PER_MINUTE = 150, 10  # technical prose reads slower than the usual 200
EXERCISE_MINUTES = re.compile(r"^\*[^*\n]*·\s*(\d+)\s*min\*\s*$", re.M)
EXERCISE_START = re.compile(r"^:{3,}\s*\{exercise\}", re.M)
SOLUTION_START = re.compile(r"^:{3,}\s*\{solution-start\}", re.M)
SOLUTION_END = re.compile(r"^:{3,}\s*\{solution-end\}", re.M)
CHECK_CALL = re.compile(r"^check\.exercise_\d+\(")
RUN_TIME = re.compile(r"^\| (\w+): fresh execution \| ([\d.]+) \| s \|", re.M)


@dataclass(frozen=True)
class ChapterTimes:
    """One chapter's words and minutes."""

    chapter: str
    title: str
    words: int
    code_lines: int
    exercises: int
    exercise_minutes: int
    run_seconds: float | None

    @property
    def reading_minutes(self) -> int:
        """Reading time, rounded up to 5 minutes."""
        minutes = self.words / WORDS_PER_MINUTE + self.code_lines / CODE_LINES_PER_MINUTE
        return 5 * math.ceil(minutes / 5)


def _main_path(notebook: nbformat.NotebookNode) -> tuple[list[str], list[str], str]:
    """The markdown and code a reader reads outside the exercises, and the exercises' text.

    An exercise is its statement, its solution (from ``solution-start`` to
    ``solution-end``) and the cell that runs its check; whatever follows is read again.
    """
    prose, code, exercises = [], [], []
    in_solution = False
    for cell in notebook.cells:
        text = cell.source
        tags = set(cell.metadata.get("tags", []))
        starts, ends = SOLUTION_START.search(text), SOLUTION_END.search(text)
        if EXERCISE_START.search(text) or starts or in_solution or ends or CHECK_CALL.match(text) or "solution" in tags:
            exercises.append(text)
            in_solution = (in_solution or bool(starts)) and not ends
        elif cell.cell_type == "markdown":
            prose.append(text)
        elif cell.cell_type == "code" and not {"remove-cell", "remove-input"} & tags:
            code.append(text)
    return prose, code, "\n".join(exercises)


def chapter_times(path: str | Path, run_times: dict[str, float] | None = None) -> ChapterTimes:
    """Measure one chapter (a notebook, or a markdown page: words only).

    Example
    -------
    >>> times = chapter_times(ROOT / "chapters" / "01_introduction.ipynb")
    >>> times.exercises, times.reading_minutes % 5
    (4, 0)
    """
    path = Path(path)
    if path.suffix not in (".ipynb", ".md") or not path.is_file():
        raise ValueError(f"path must be a chapter (a notebook or a markdown page), got {path}")
    if path.suffix == ".md":
        prose, code, exercises = [path.read_text()], [], ""
    else:
        prose, code, exercises = _main_path(nbformat.read(path, as_version=4))
    heading = re.search(r"^# (.+)$", "\n".join(prose), re.M)
    title = heading.group(1).strip() if heading else path.stem
    words = sum(len(re.findall(r"[A-Za-z0-9][\w'’-]*", text)) for text in prose)
    code_lines = sum(1 for text in code for line in text.splitlines() if line.strip())
    minutes = [int(m) for m in EXERCISE_MINUTES.findall(exercises)]
    run_times = run_seconds() if run_times is None else run_times
    return ChapterTimes(path.stem, title, words, code_lines, len(EXERCISE_START.findall(exercises)), sum(minutes),
                        run_times.get(path.stem))


def run_seconds(results: Path = ROOT / "benchmarks" / "results.md") -> dict[str, float]:
    """Each chapter's median fresh execution, in seconds, from the benchmarks' last run."""
    return {name: float(s) for name, s in RUN_TIME.findall(results.read_text())} if results.is_file() else {}


def book_times() -> list[ChapterTimes]:
    """The primer's and every numbered chapter's times, in the contents' order (primer, NN_*.ipynb, NN_*.md)."""
    run_times = run_seconds()
    paths = [ROOT / "chapters" / "primer.ipynb"] + sorted((ROOT / "chapters").glob("[0-9][0-9]_*.*"))
    return [chapter_times(path, run_times) for path in paths if path.suffix in (".ipynb", ".md")]
