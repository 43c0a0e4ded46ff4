"""The instructors' nbgrader path, end to end, with the commands read from their page.

In temporary courses (two, of half the chapters each, graded side by side): every
chapter through ``generate_assignment``; three students
submit (the solutions, the stubs as released, one typical mistake in Chapter 10);
``autograde`` and ``export``; the grades must be full, zero and partial.
"""

import csv
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from course.editions import ROOT, chapter_notebooks, write_editions

PAGE = ROOT / "chapters" / "instructors.md"
EXAMPLE = "03_gl2_examples"  # the chapter the page's commands name; the test runs them for every chapter
CHAPTERS = [p.stem for p in chapter_notebooks()]
MISTAKE = ("10_appendix", "ch10-ex-nearest-code",  # the perturbation halved: the check must fail, the others pass
           "def nearest_invertible(A, eps):\n    return A + eps * np.eye(len(A)) / 2")


def page_commands():
    """The shell commands of the page's "Grading with nbgrader" block, in order."""
    section = PAGE.read_text().split("## Grading with nbgrader", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)[1]
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def run(commands, home):
    """Run shell lines in one bash, from the book's folder, with ``~`` the temporary home."""
    script = "set -euo pipefail\n" + "\n".join(commands).replace(
        "source .venv/bin/activate", f"source {Path(sys.prefix) / 'bin' / 'activate'}")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "JUPYTER"))}
    env |= {"HOME": str(home), "PYTHONPATH": ""}
    return subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)


def for_every_chapter(line, chapters=CHAPTERS):
    return [line.replace(EXAMPLE, name) for name in chapters] if EXAMPLE in line else [line]


def submission(released, source, answers):
    """The released notebook with the answers of ``source`` (by grade_id) written into ``answers`` cells."""
    nb = nbformat.read(released, as_version=4)
    by_id = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nbformat.read(source, as_version=4).cells
             if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id] if isinstance(answers, dict) else by_id[grade_id]
    return nb


def autograded_points(source):
    return sum(c.metadata["nbgrader"].get("points", 0) for c in nbformat.read(source, as_version=4).cells
               if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution"))


def grade(chapters, home):
    """The page's path in a course of its own at ``home``, for ``chapters``: set up, generate,
    submit, autograde, export. Returns the course folder, its grades and the commands' log."""
    commands = page_commands()
    assert commands[-1] == "nbgrader export", commands
    split = next(i for i, c in enumerate(commands) if c.startswith("nbgrader autograde"))
    setup = [line for c in commands[:split] for line in for_every_chapter(c, chapters)]
    done = run(setup, home)
    assert done.returncode == 0, done.stdout + done.stderr
    folder = home / "course"
    for name in chapters:
        released, source = (folder / kind / name / f"{name}.ipynb" for kind in ("release", "source"))
        solution_ids = [c.metadata["nbgrader"]["grade_id"] for c in nbformat.read(source, as_version=4).cells
                        if c.metadata.get("nbgrader", {}).get("solution")]
        students = {"solutions": submission(released, source, solution_ids),
                    "stubs": nbformat.read(released, as_version=4)}
        if name == MISTAKE[0]:
            nb = submission(released, source, solution_ids)
            next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == MISTAKE[1]).source = MISTAKE[2]
            students["mistake"] = nb
        for student, nb in students.items():
            target = folder / "submitted" / student / name / f"{name}.ipynb"
            target.parent.mkdir(parents=True)
            nbformat.write(nb, target)
    grading = [c for c in commands[:split] if c.startswith(("source ", "cd "))] + \
        [line for c in commands[split:] for line in for_every_chapter(c, chapters)]
    graded = run(grading, home)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    with open(folder / "grades.csv", newline="") as f:
        grades = {(row["assignment"], row["student_id"]): float(row["raw_score"]) for row in csv.DictReader(f)}
    log = done.stdout + done.stderr + graded.stdout + graded.stderr
    (folder / "commands.log").write_text(log)  # to read when a test below fails
    return folder, grades, log


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The page's path for every chapter, in two courses of half the chapters each, graded side
    by side (the two cores would otherwise wait on one notebook at a time)."""
    halves = [CHAPTERS[0::2], CHAPTERS[1::2]]
    homes = [tmp_path_factory.mktemp("home") for _ in halves]
    with ThreadPoolExecutor(max_workers=2) as pool:
        parts = list(pool.map(grade, halves, homes))
    assert sorted(name for half in halves for name in half) == sorted(CHAPTERS)
    return {"folders": {name: folder for half, (folder, _, _) in zip(halves, parts) for name in half},
            "grades": {key: value for _, grades, _ in parts for key, value in grades.items()},
            "log": "\n".join(log for _, _, log in parts)}


@pytest.mark.slow
def test_the_grades_are_full_zero_and_partial(course):
    for name in CHAPTERS:
        full = autograded_points(course["folders"][name] / "source" / name / f"{name}.ipynb")
        assert full > 0
        assert course["grades"][name, "solutions"] == full, name
        assert course["grades"][name, "stubs"] == 0, name
    mistake, full = course["grades"][MISTAKE[0], "mistake"], course["grades"][MISTAKE[0], "solutions"]
    assert full - mistake == 2, f"one wrong answer loses its check's 2 points: {mistake} of {full}"


@pytest.mark.slow
def test_nbgrader_raises_no_warning_about_outputs(course):
    """nbgrader's own log (the kernel's notice about TCP is not nbgrader's) has no warning or error."""
    log = course["log"]
    assert "[AutogradeApp | INFO]" in log and "[GenerateAssignmentApp | INFO]" in log, log[-2000:]
    assert "cannot be converted to a float" not in log
    warnings = re.findall(r"^\[\w+App \| (?:WARNING|ERROR)\].*$", log, re.M)
    assert not warnings, warnings[:5]


@pytest.mark.slow
def test_stubs_fail_only_with_their_own_error_and_every_stub_is_reached(course):
    for name in CHAPTERS:
        nb = nbformat.read(course["folders"][name] / "autograded" / "stubs" / name / f"{name}.ipynb", as_version=4)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        other = [f"{o.ename}: {o.evalue}" for o in errors if o.ename != "NotImplementedError"]
        assert not other, f"{name}: {other}"
        stubs = sum(c.source.count("raise NotImplementedError()") for c in nb.cells)
        assert len(errors) >= stubs, f"{name}: {len(errors)} errors for {stubs} stubs"


@pytest.mark.slow
def test_the_release_is_the_student_edition_in_plain_markdown(course, tmp_path):
    editions = write_editions(tmp_path / "coursework")
    for name, ours in zip(CHAPTERS, editions["student"]):
        released = nbformat.read(course["folders"][name] / "release" / name / f"{name}.ipynb", as_version=4)
        assert [c.source for c in released.cells] == [c.source for c in nbformat.read(ours, as_version=4).cells]
        markdown = "\n".join(c.source for c in released.cells if c.cell_type == "markdown")
        assert not re.search(r"^:::|\{(cite:t|cite:p|doc|prf:ref|ref)\}`", markdown, re.M), name


def test_the_page_shows_the_path_the_test_runs():
    commands = page_commands()
    assert commands[0] == "source .venv/bin/activate"
    assert any(c.startswith("python -m course.editions --course ") for c in commands)
    for step in ("generate_assignment", "autograde"):
        assert f"nbgrader {step} {EXAMPLE}" in commands, step
    assert commands.index(f"nbgrader generate_assignment {EXAMPLE}") < commands.index(f"nbgrader autograde {EXAMPLE}")
