"""How long a chapter takes: reading (measured from its text), running (benchmarks) and exercises (their own minutes).

The landing page's *At a glance* table is rendered from :func:`book_times` at build
time (``_ext/book_site.py``), so it follows the chapters as they change.

- **Reading**: the words of the markdown cells and the lines of code a reader sees,
  outside the exercises and their solutions, at 150 words and 10 lines of code a
  minute: on load (the *main path*: without the collapsed evidence, that is the
  ``{dropdown}`` blocks and the code of cells tagged ``hide-input`` or
  ``hide-cell``), and with the evidence opened.
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
DROPDOWN = re.compile(r"^(:{3,})\{dropdown\}.*?^\1\s*$", re.M | re.S)
HIDDEN_CODE = {"hide-input", "hide-cell", "remove-cell", "remove-input"}
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
    main_words: int = 0
    main_code_lines: int = 0

    @property
    def reading_minutes(self) -> int:
        """Reading time with the evidence opened, rounded up to 5 minutes."""
        return _minutes(self.words, self.code_lines)

    @property
    def main_minutes(self) -> int:
        """Reading time of what shows on load (the main path), rounded up to 5 minutes."""
        return _minutes(self.main_words, self.main_code_lines)


def _minutes(words: int, code_lines: int) -> int:
    return 5 * math.ceil((words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE) / 5)


def _count_words(texts: list[str]) -> int:
    return sum(len(re.findall(r"[A-Za-z0-9][\w'’-]*", text)) for text in texts)


def _count_lines(texts: list[str]) -> int:
    return sum(1 for text in texts for line in text.splitlines() if line.strip())


def _main_path(notebook: nbformat.NotebookNode) -> tuple[list[str], list[str], str, list[str], list[str]]:
    """The markdown and code a reader reads outside the exercises, the exercises' text,
    and the markdown and code shown on load (the evidence collapsed).

    An exercise is its statement, its solution (from ``solution-start`` to
    ``solution-end``) and the cell that runs its check; whatever follows is read again.
    """
    prose, code, exercises, shown_prose, shown_code = [], [], [], [], []
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
            shown_prose.append(DROPDOWN.sub("", text))
        elif cell.cell_type == "code" and not {"remove-cell", "remove-input"} & tags:
            code.append(text)
            if not HIDDEN_CODE & tags:
                shown_code.append(text)
    return prose, code, "\n".join(exercises), shown_prose, shown_code


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
        shown_prose, shown_code = prose, code
    else:
        prose, code, exercises, shown_prose, shown_code = _main_path(nbformat.read(path, as_version=4))
    heading = re.search(r"^# (.+)$", "\n".join(prose), re.M)
    title = heading.group(1).strip() if heading else path.stem
    minutes = [int(m) for m in EXERCISE_MINUTES.findall(exercises)]
    run_times = run_seconds() if run_times is None else run_times
    return ChapterTimes(path.stem, title, _count_words(prose), _count_lines(code),
                        len(EXERCISE_START.findall(exercises)), sum(minutes), run_times.get(path.stem),
                        _count_words(shown_prose), _count_lines(shown_code))


def run_seconds(results: Path = ROOT / "benchmarks" / "results.md") -> dict[str, float]:
    """Each chapter's median fresh execution, in seconds, from the benchmarks' last run."""
    return {name: float(s) for name, s in RUN_TIME.findall(results.read_text())} if results.is_file() else {}


def book_times() -> list[ChapterTimes]:
    """The primer's and every numbered chapter's times, in the contents' order (primer, NN_*.ipynb, NN_*.md)."""
    run_times = run_seconds()
    paths = [ROOT / "chapters" / "primer.ipynb"] + sorted((ROOT / "chapters").glob("[0-9][0-9]_*.*"))
    return [chapter_times(path, run_times) for path in paths if path.suffix in (".ipynb", ".md")]
