"""The student and solutions editions of the chapters, in nbgrader's conventions.

Run ``python -m lib.coursework`` (README and the instructors' page show it). It
writes, into ``_build/coursework`` (not committed):

- ``solutions/``: the chapter notebooks as they are, with their outputs. Their
  cells carry nbgrader metadata and ``### BEGIN SOLUTION`` / ``### END SOLUTION``
  markers, so they are nbgrader *source* notebooks: put them in a course's
  ``source/`` folder and ``nbgrader generate_assignment`` accepts them.
- ``student/``: what nbgrader's ``generate_assignment`` would release, made with
  its own preprocessors (``LockCells``, ``ClearSolutions``, ``ClearOutput``,
  ``ClearHiddenTests``, ``ClearMarkScheme``, ``ComputeChecksums``,
  ``CheckCellMetadata``): every solution region becomes ``raise
  NotImplementedError()``, every written answer "YOUR ANSWER HERE", and outputs
  are cleared. Two steps are the book's own: the dropdown fences around solutions
  are dropped, and each ``{exercise}`` box becomes plain Markdown headed
  "Exercise 3.2: title", which Jupyter shows without the book's extensions.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import nbformat

__all__ = ["ROOT", "chapter_notebooks", "student_edition", "write_editions"]

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^:::\{solution-(start|end)\}")
_EXERCISE = re.compile(r":::\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<options>(?::[^\n]*\n)*)(?P<body>.*?)\n:::", re.S)


def chapter_notebooks(chapters: Path | str = ROOT / "chapters") -> list:
    """The chapter notebooks, in order.

    Example
    -------
    >>> [p.name for p in chapter_notebooks()][:2]
    ['01_introduction.ipynb', '02_stabilizer_volumes.ipynb']
    """
    chapters = Path(chapters)
    if not chapters.is_dir():
        raise ValueError(f"chapters must be a folder of notebooks, got {chapters}")
    return sorted(chapters.glob("[0-9][0-9]_*.ipynb"))


def _plain_exercises(source: str, chapter: int, counter: list) -> str:
    def replace(match: re.Match) -> str:
        counter[0] += 1
        title = match["title"].strip()
        head = f"**Exercise {chapter}.{counter[0]}" + (f": {title}**" if title else "**")
        return f"{head}\n\n{match['body'].strip()}"

    return _EXERCISE.sub(replace, source)


def student_edition(notebook: nbformat.NotebookNode, chapter: int) -> nbformat.NotebookNode:
    """The student version of a chapter notebook (a new notebook; the input is unchanged).

    Example
    -------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell("def f():\\n    ### BEGIN SOLUTION\\n    return 1\\n    ### END SOLUTION")
    >>> cell.metadata["nbgrader"] = {"grade": False, "grade_id": "f", "locked": False,
    ...                              "schema_version": 3, "solution": True, "task": False}
    >>> print(student_edition(new_notebook(cells=[cell]), chapter=1).cells[0].source)
    def f():
        # YOUR CODE HERE
        raise NotImplementedError()
    """
    from nbgrader.preprocessors import (CheckCellMetadata, ClearHiddenTests, ClearMarkScheme,
                                        ClearOutput, ClearSolutions, ComputeChecksums, LockCells)

    if not isinstance(notebook, nbformat.NotebookNode):
        raise TypeError(f"notebook must be an nbformat.NotebookNode, got {type(notebook).__name__}")
    if isinstance(chapter, bool) or not isinstance(chapter, int) or chapter < 1:
        raise ValueError(f"chapter must be a chapter number >= 1, got {chapter!r}")
    nb = nbformat.from_dict(notebook)
    nb = nbformat.from_dict(nbformat.reads(nbformat.writes(nb), as_version=4))  # a deep copy
    counter = [0]
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if _FENCE.match(cell.source):
                continue
            cell.source = _plain_exercises(cell.source, chapter, counter)
        cells.append(cell)
    nb.cells = cells
    resources: dict = {}
    for step in (LockCells, ClearSolutions, ClearOutput, CheckCellMetadata, ComputeChecksums,
                 ClearHiddenTests, ClearMarkScheme, ComputeChecksums, CheckCellMetadata):
        nb, resources = step().preprocess(nb, resources)
    return nb


def write_editions(out: Path | str = ROOT / "_build" / "coursework",
                   chapters: Path | str = ROOT / "chapters") -> dict:
    """Write ``student/`` and ``solutions/`` editions of every chapter into ``out``.

    Returns ``{"student": [paths], "solutions": [paths]}``. The folder is replaced.

    Example
    -------
    >>> import tempfile
    >>> written = write_editions(Path(tempfile.mkdtemp()) / "coursework")
    >>> [p.parent.name for p in (written["student"][0], written["solutions"][0])]
    ['student', 'solutions']
    """
    out = Path(out)
    notebooks = chapter_notebooks(chapters)
    if not notebooks:
        raise ValueError(f"no chapter notebooks (NN_name.ipynb) in {chapters}")
    if out.exists():
        shutil.rmtree(out)
    written: dict = {"student": [], "solutions": []}
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        for edition, nb in (("solutions", notebook), ("student", student_edition(notebook, int(path.name[:2])))):
            target = out / edition / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.validate(nb)
            nbformat.write(nb, target)
            written[edition].append(target)
    return written


def main(argv: list | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m lib.coursework", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "_build" / "coursework"), help="output folder (replaced)")
    args = parser.parse_args(argv)
    written = write_editions(args.out)
    for edition, paths in written.items():
        print(f"{edition}: {len(paths)} notebooks in {paths[0].parent}")


if __name__ == "__main__":
    main()
