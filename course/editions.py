"""The chapters as coursework: a student edition, a solutions edition, an nbgrader course.

Run from the book's top folder (README and the instructors' page show it)::

    python -m course.editions                    # editions into _build/coursework/
    python -m course.editions --course ~/course  # an nbgrader course folder

The editions (``_build/coursework/``, replaced on each run, not committed):

- ``solutions/``: the chapter notebooks as they are, with their outputs.
- ``student/``: what nbgrader's ``generate_assignment`` releases, made with its own
  preprocessors (``LockCells``, ``ClearSolutions``, ``ClearOutput``,
  ``ClearHiddenTests``, ``ClearMarkScheme``, ``ComputeChecksums``,
  ``CheckCellMetadata``): every solution region becomes ``raise
  NotImplementedError()``, every written answer "YOUR ANSWER HERE", and outputs are
  cleared.

The course folder gets ``source/<chapter>/<chapter>.ipynb`` for every chapter
(replaced) and an ``nbgrader_config.py`` (only if it has none), and nothing else is
touched, so it can be run again in a course that has submissions and grades.

Both the student edition and the course's sources are in plain Markdown, which
every Jupyter shows without the book's extensions: the dropdown fences around
solutions are dropped, an exercise box becomes "**Exercise 3.2: title**", a
theorem or proof box a bold or italic lead-in, a citation "Hinton et al. (2006)",
and a link to a chapter or theorem its title.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import nbformat

__all__ = ["ROOT", "book_names", "chapter_notebooks", "plain_markdown", "student_edition", "write_course", "write_editions"]

ROOT = Path(__file__).resolve().parent.parent
NBGRADER_CONFIG = '''c = get_config()  # noqa: F821  (nbgrader supplies it)
c.CourseDirectory.course_id = "why-deep-learning-works"
# The longest cell of a chapter trains networks for about half a minute.
c.Execute.timeout = 600
'''
_FENCE_CELL = re.compile(r"^:::\{solution-(start|end)\}")
_DIRECTIVE = re.compile(r"^(?P<fence>:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<title>[^\n]*)\n"
                        r"(?P<options>(?::[\w-]+:[^\n]*\n)*)(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_ROLE = re.compile(r"\{(?P<role>cite:t|cite:p|doc|prf:ref|ref)\}`(?P<target>[^`]*)`")
_KINDS = {"prf:theorem": "Theorem", "prf:lemma": "Lemma", "prf:proposition": "Proposition",
          "prf:definition": "Definition", "prf:corollary": "Corollary", "prf:proof": "Proof"}


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


def _heading(name: str, title: str) -> str:
    """How a theorem-like box is named in plain text: its title, or its kind and title."""
    kind = _KINDS.get(name, name.split(":")[-1].capitalize())
    if not title:
        return kind
    return title if kind.lower() in title.lower() else f"{kind} ({title})"


def _citations(bib: Path) -> dict:
    """``{key: "Hinton et al. (2006)"}`` for every entry of the bibliography."""
    from pybtex.database import parse_file  # Jupyter Book's citations use it too

    found = {}
    for key, entry in parse_file(str(bib)).entries.items():
        names = [" ".join(p.last_names) for p in entry.persons.get("author", [])]
        who = names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."
        found[key] = f"{who} ({entry.fields.get('year', 'n.d.')})"
    return found


def book_names(root: Path | str = ROOT) -> dict:
    """What the book's roles point to, in words: citations, chapters, theorems by label.

    Example
    -------
    >>> names = book_names()
    >>> names["paul2014why"], names["05_intrinsic_space"]
    ('Paul and Venkatasubramanian (2014)', 'The intrinsic space: images as figures')
    """
    root = Path(root)
    names = _citations(root / "references.bib")
    for path in sorted((root / "chapters").glob("*.ipynb")) + sorted((root / "chapters").glob("*.md")):
        cells = nbformat.read(path, as_version=4).cells if path.suffix == ".ipynb" else [
            nbformat.v4.new_markdown_cell(path.read_text())]
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        title = re.search(r"^# (.+)$", text, re.M)
        names[path.stem] = title[1].strip() if title else path.stem
        for match in _DIRECTIVE.finditer(text):
            label = re.search(r"^:label:[ \t]*(\S+)", match["options"], re.M)
            if label and match["name"].startswith("prf:"):
                names[label[1]] = _heading(match["name"], match["title"].strip())
    return names


def plain_markdown(source: str, chapter: int, counter: list, names: dict) -> str:
    """One Markdown cell's MyST boxes and roles as plain Markdown; ``counter[0]`` numbers the exercises.

    Example
    -------
    >>> cell = ":::{exercise} Orbits\\n:label: ex\\n\\nSee {cite:t}`paul2014why`.\\n:::"
    >>> print(plain_markdown(cell, 2, [0], {"paul2014why": "Paul and Venkatasubramanian (2014)"}))
    **Exercise 2.1: Orbits**
    <BLANKLINE>
    See Paul and Venkatasubramanian (2014).
    >>> print(plain_markdown("::::{dropdown} Proof\\n:::{prf:proof}\\nIt holds.\\n:::\\n::::", 2, [0], {}))
    *Proof.* It holds. ∎
    """
    def box(match: re.Match) -> str:
        name, title = match["name"], match["title"].strip()
        body = _DIRECTIVE.sub(box, match["body"]).strip()  # boxes nested in this one
        if name == "dropdown":  # a collapsed box: its title as a lead-in, unless its content has one
            return body if body.startswith(f"*{title}.") else f"**{title}.** {body}"
        if name == "exercise":
            counter[0] += 1
            return f"**Exercise {chapter}.{counter[0]}" + (f": {title}**" if title else "**") + f"\n\n{body}"
        if name == "solution":
            return f"**Model answer.**\n\n{body}"
        if name == "prf:proof":
            return f"*{_heading(name, title)}.* {body} ∎"
        return f"**{_heading(name, title)}.** {body}"

    def role(match: re.Match) -> str:
        target = match["target"]
        text, _, label = target.partition(" <")
        if label:  # {ref}`shown text <label>`
            return text
        if match["role"] == "cite:p":
            return "(" + "; ".join(names.get(k.strip(), k.strip()).replace(" (", ", ").rstrip(")")
                                   for k in target.split(",")) + ")"
        if match["role"] == "cite:t":
            return "; ".join(names.get(k.strip(), k.strip()) for k in target.split(","))
        shown = names.get(target, target)
        return f"*{shown}*" if match["role"] == "doc" else shown

    return _ROLE.sub(role, _DIRECTIVE.sub(box, source))


def _plain(notebook: nbformat.NotebookNode, chapter: int, names: dict) -> nbformat.NotebookNode:
    """A deep copy of the chapter in plain Markdown, without the solutions' dropdown fences."""
    if not isinstance(notebook, nbformat.NotebookNode):
        raise TypeError(f"notebook must be an nbformat.NotebookNode, got {type(notebook).__name__}")
    if isinstance(chapter, bool) or not isinstance(chapter, int) or chapter < 1:
        raise ValueError(f"chapter must be a chapter number >= 1, got {chapter!r}")
    nb = nbformat.reads(nbformat.writes(notebook), as_version=4)
    counter = [0]
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if _FENCE_CELL.match(cell.source):
                continue
            cell.source = plain_markdown(cell.source, chapter, counter, names)
        cells.append(cell)
    nb.cells = cells
    return nb


def student_edition(notebook: nbformat.NotebookNode, chapter: int, names: dict | None = None) -> nbformat.NotebookNode:
    """The student version of a chapter notebook (a new notebook; the input is unchanged).

    ``names`` is :func:`book_names` (read from the book when not given).

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

    nb = _plain(notebook, chapter, book_names() if names is None else names)
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
    names = book_names(Path(chapters).parent)
    written: dict = {"student": [], "solutions": []}
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        for edition, nb in (("solutions", notebook),
                            ("student", student_edition(notebook, int(path.name[:2]), names))):
            target = out / edition / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.validate(nb)
            nbformat.write(nb, target)
            written[edition].append(target)
    return written


def write_course(course: Path | str, chapters: Path | str = ROOT / "chapters") -> list:
    """Put every chapter into the nbgrader course folder ``course`` as ``source/<chapter>/<chapter>.ipynb``.

    The sources keep their solutions and outputs (nbgrader's ``generate_assignment``
    strips them); their Markdown is made plain. Writes ``nbgrader_config.py`` if
    the folder has none. Returns the sources written.

    Example
    -------
    >>> import tempfile
    >>> course = Path(tempfile.mkdtemp())
    >>> sources = write_course(course)
    >>> sources[0].relative_to(course).as_posix(), (course / "nbgrader_config.py").exists()
    ('source/01_introduction/01_introduction.ipynb', True)
    """
    course = Path(course).expanduser()
    if course.exists() and not course.is_dir():
        raise ValueError(f"course must be a folder, got the file {course}")
    names = book_names(Path(chapters).parent)
    written = []
    for path in chapter_notebooks(chapters):
        nb = _plain(nbformat.read(path, as_version=4), int(path.name[:2]), names)
        target = course / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.validate(nb)
        nbformat.write(nb, target)
        written.append(target)
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text(NBGRADER_CONFIG)
    return written


def main(argv: list | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m course.editions", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "_build" / "coursework"),
                        help="folder for the student and solutions editions (replaced)")
    parser.add_argument("--course", help="an nbgrader course folder to put the chapters into, as source/<chapter>/")
    args = parser.parse_args(argv)
    if args.course:
        sources = write_course(args.course)
        print(f"{len(sources)} chapters in {Path(args.course).expanduser() / 'source'}")
    else:
        for edition, paths in write_editions(args.out).items():
            print(f"{edition}: {len(paths)} notebooks in {paths[0].parent}")


if __name__ == "__main__":
    main()
