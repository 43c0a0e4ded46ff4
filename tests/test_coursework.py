"""The exercises, their checks, and the student edition made by ``python -m lib.coursework``."""

import importlib
import re

import nbformat
import numpy as np
import pytest
import scipy.linalg
import scipy.ndimage
from nbclient import NotebookClient

import lib.checks
from lib.checks import CheckFailed, Passed
from _site import SITE, require_built_site
from lib.coursework import ROOT, chapter_notebooks, student_edition, write_editions

KIND = re.compile(r"^\*(Conceptual|Computational|Exploratory) · (★{1,3}) · (\d+) min\*$", re.M)
CHECK_CALL = re.compile(r"^check\.exercise_(\d+)\((\w+)")
NOTEBOOKS = chapter_notebooks()


def chapter_number(path):
    return int(path.name[:2])


def exercises(path):
    """[(label, kind, minutes, solution cells, check cell or None)] in the order of the chapter."""
    nb = nbformat.read(path, as_version=4)
    found = []
    for cell in nb.cells:
        source = cell.source
        if cell.cell_type == "markdown" and ":::{exercise}" in source:
            label = re.search(r":label: (\S+)", source)[1]
            kind = KIND.search(source)
            found.append({"label": label, "kind": kind and kind[1], "minutes": kind and int(kind[3]),
                          "solution": [], "check": None})
        elif found and cell.metadata.get("nbgrader", {}).get("solution"):
            found[-1]["solution"].append(cell)
        elif found and cell.cell_type == "code" and CHECK_CALL.match(source):
            found[-1]["check"] = cell
    return found


ALL = [(path, k + 1, e) for path in NOTEBOOKS for k, e in enumerate(exercises(path))]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_has_four_exercises_of_stated_kind(path):
    found = exercises(path)
    assert len(found) >= 4, f"{path.name} has {len(found)} exercises"
    for e in found:
        assert e["kind"], f"{e['label']}: the first line must read '*Kind · ★★ · 20 min*'"
        assert e["solution"], f"{e['label']} has no solution marked for nbgrader"
        if e["kind"] == "Conceptual":
            assert e["check"] is None
        else:
            assert e["check"] is not None, f"{e['label']}: a {e['kind'].lower()} exercise needs a check"


@pytest.mark.parametrize("path,k,exercise", [a for a in ALL if a[2]["check"] is not None],
                         ids=lambda a: a["label"] if isinstance(a, dict) else None)
def test_check_is_numbered_like_the_exercise_and_passes_the_reference(path, k, exercise):
    number, function = CHECK_CALL.match(exercise["check"].source).groups()
    assert int(number) == k, f"{exercise['label']} is Exercise {chapter_number(path)}.{k} but calls exercise_{number}"
    code = [c for c in exercise["solution"] if c.cell_type == "code"]
    assert len(code) == 1 and f"def {function}(" in code[0].source
    assert "### BEGIN SOLUTION" in code[0].source and "### END SOLUTION" in code[0].source
    # nbval re-runs the chapter and compares this stored output, so it is reproduced, not copied
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in exercise["check"].outputs)
    assert shown.startswith(f"Exercise {chapter_number(path)}.{k} passed:"), shown


CHECKS = [(name, f) for name in ("ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ch10")
          for f_name, f in vars(importlib.import_module(f"lib.checks.{name}")).items()
          if f_name.startswith("exercise_")]


def stub(*args, **kwargs):
    raise NotImplementedError()


@pytest.mark.parametrize("name,check", CHECKS, ids=lambda a: a if isinstance(a, str) else a.__name__)
def test_a_stub_fails_every_check(name, check):
    extra = {"ch3.exercise_4": ({"edge": 1.0, "circle": 2.0, "ellipse": 2.0, "ratio": -1.0},),
             "ch4.exercise_1": ({"fraction_gabor": 1.0, "envelope": [3.0]},),
             "ch4.exercise_2": ({"fraction_gabor": 1.0, "envelope": [3.0]},),
             "ch6.exercise_2": (np.zeros((30, 64)),), "ch6.exercise_3": (np.ones((1, 64)),)}
    args = extra.get(f"{name}.{check.__name__}", ())
    with pytest.raises(NotImplementedError):
        check(stub, *args)
    with pytest.raises(NotImplementedError):
        check(..., *args)


WRONG = {  # plausible mistakes, each must fail with a hint
    "ch1.exercise_1": lambda T: np.array([[0.0, -1.0], [1.0, 0.0]]),  # forgot to conjugate
    "ch1.exercise_2": lambda n: 2 ** (n * n) // 8,  # divided the count by |G|
    "ch1.exercise_3": lambda: {"crossing": 0, "lines": 1, "corner": 0},
    "ch1.exercise_4": lambda sizes: {n: (0.001, 0.1) for n in sizes},
    "ch2.exercise_1": lambda f: f.n ** 2 - np.linalg.matrix_rank(lib.stabilizers.tangency_constraints(f), tol=1e-8),
    "ch2.exercise_2": lambda T: 2.0 / T,
    "ch2.exercise_3": lambda F: 2.0,
    "ch2.exercise_4": lambda: {"point": 2, "segment": 4, "circle": 3, "square": 6},
    "ch3.exercise_1": lambda b, d, s: np.array([[1.0, (1 - s) * b], [0.0, (1 - s) * d + s]]) if s < 1 else np.eye(2) * 2,
    "ch3.exercise_2": lambda X: bool(np.all(np.abs(np.linalg.eigvals(X).real) < 1e-9)),  # forgets shears
    "ch3.exercise_3": lambda directions: [np.eye(2)],
    "ch4.exercise_3": lambda n, p: p / n,  # no offset, R^2 about 0
    "ch5.exercise_1": lambda Y: np.concatenate([(Y[:2, :2] + Y[:2, :2].T)[np.triu_indices(2)], Y[:2, 2]]),
    "ch5.exercise_2": lambda: (np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[0.0, 0.0], [2.0, 0.0]])),
    "ch5.exercise_3": lambda image: (scipy.ndimage.label(image)[1],  # squares meeting at a corner counted apart
                                     scipy.ndimage.label(~np.pad(image, 1))[1] - 1),
    "ch6.exercise_1": lambda points: np.arange(len(points)),  # the optimal assignment: identity
    "ch6.exercise_4": lambda: {"blob": 0, "wave": 3, "edge": 3, "checkerboard": 0},
    "ch7.exercise_1": lambda: [(np.array([0, 0, 1, 1.0]),) * 2, (np.array([0, 0, 2, 2.0]),) * 2],
    "ch7.exercise_2": lambda: {"segment": 2, "triangle": 0, "upstairs, Aff(4)": 12, "upstairs, Aff(2)": 12},
    "ch7.exercise_3": lambda net, X: np.mean((X - net.reconstruct(X)) ** 2),  # one error, no ratio
    "ch7.exercise_4": lambda P1, P2: 0.5 * abs(np.linalg.det([P1[2:] - P1[:2], P2[:2] - P1[:2]])),  # one triangle
    "ch10.exercise_1": lambda A: [ev / (1 - ev) for ev in A.eigenvals() if ev != 1],  # a sign slip
    "ch10.exercise_2": lambda eps: 1.0,
    "ch10.exercise_4": lambda A, eps: A + eps * np.eye(len(A)) / 2,
}


@pytest.mark.parametrize("key", sorted(WRONG))
def test_a_wrong_answer_fails_with_a_hint(key):
    import lib.stabilizers  # noqa: F401  (used by a wrong answer above)

    name, function = key.split(".")
    check = getattr(importlib.import_module(f"lib.checks.{name}"), function)
    with pytest.raises(CheckFailed, match="Hint:"):
        check(WRONG[key])


def test_a_function_that_crashes_fails_and_a_non_function_is_refused():
    from lib.checks import ch1

    with pytest.raises(CheckFailed, match="ZeroDivisionError"):
        ch1.exercise_2(lambda n: 1 / 0)
    with pytest.raises(TypeError, match="your function itself"):
        ch1.exercise_2(102)
    assert isinstance(ch1.exercise_3(lambda: {"crossing": 0, "lines": 2, "corner": 0}), Passed)


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    return write_editions(tmp_path_factory.mktemp("coursework") / "out")


def solution_lines(path):
    """Distinctive lines of every solution: inside the markers, or whole solution cells."""
    nb = nbformat.read(path, as_version=4)
    elsewhere = "\n".join(c.source for c in nb.cells if not c.metadata.get("nbgrader", {}).get("solution"))
    lines = set()
    for cell in nb.cells:
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        source = cell.source
        if "### BEGIN SOLUTION" in source:
            source = "\n".join(re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.S))
        for line in source.splitlines():
            line = line.strip()
            if len(line) >= 12 and line not in elsewhere and not line.startswith(":::"):
                lines.add(line)
    return lines


def test_student_edition_has_no_solution_text(editions):
    for source_path, student_path in zip(NOTEBOOKS, editions["student"]):
        text = student_path.read_text()
        nb = nbformat.read(student_path, as_version=4)
        lines = solution_lines(source_path)
        assert len(lines) > 10, f"too few solution lines found in {source_path.name}"
        leaked = [line for line in lines if line in text or line.replace('"', '\\"') in text]
        assert not leaked, f"{student_path.name} leaks: {leaked[:3]}"
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs must be cleared"
        assert ":::{solution" not in text


def test_editions_are_valid_nbformat_and_solutions_are_the_chapters(editions):
    assert [p.name for p in editions["student"]] == [p.name for p in NOTEBOOKS]
    for path in editions["student"] + editions["solutions"]:
        nbformat.validate(nbformat.read(path, as_version=4))
    for source_path, solution_path in zip(NOTEBOOKS, editions["solutions"]):
        assert solution_path.read_bytes() == source_path.read_bytes() or \
            nbformat.read(solution_path, 4) == nbformat.read(source_path, 4)


def test_student_edition_keeps_checks_and_numbers_exercises(editions):
    for source_path, student_path in zip(NOTEBOOKS, editions["student"]):
        nb = nbformat.read(student_path, as_version=4)
        text = "\n".join(c.source for c in nb.cells)
        n = len(exercises(source_path))
        for k in range(1, n + 1):
            assert f"**Exercise {chapter_number(source_path)}.{k}: " in text
        checks = [c for c in nb.cells if CHECK_CALL.match(c.source)]
        assert len(checks) == sum(e["check"] is not None for e in exercises(source_path))
        assert all(c.metadata["nbgrader"]["grade"] and c.metadata.get("editable") is False for c in checks)
        assert text.count("raise NotImplementedError()") >= sum(e["check"] is not None for e in exercises(source_path))


def test_student_edition_refuses_bad_input():
    with pytest.raises(TypeError, match="notebook"):
        student_edition({"cells": []}, chapter=1)
    with pytest.raises(ValueError, match="chapter"):
        student_edition(nbformat.v4.new_notebook(), chapter=0)
    with pytest.raises(ValueError, match="chapters"):
        chapter_notebooks(ROOT / "no such folder")


def test_student_edition_runs_with_only_the_stubs_failing(editions):
    """Top to bottom: every error is a stub's NotImplementedError, and every stub is reached."""
    for student_path in editions["student"]:
        nb = nbformat.read(student_path, as_version=4)
        NotebookClient(nb, timeout=300, allow_errors=True, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "chapters")}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        other = [f"{o.ename}: {o.evalue}" for o in errors if o.ename != "NotImplementedError"]
        assert not other, f"{student_path.name}: {other}"
        stubs = sum(c.source.count("raise NotImplementedError()") for c in nb.cells)
        assert len(errors) >= stubs, f"{student_path.name}: {len(errors)} errors for {stubs} stubs"


def test_instructors_page_lists_every_exercise_with_its_kind_and_time():
    page = (ROOT / "chapters" / "instructors.md").read_text()
    rows = {m[2]: (m[4], m[5], int(m[6])) for m in re.finditer(
        r"^\| \{ref\}`(\d+\.\d+) <([\w-]+)>` \| ([^|]+) \| (\w+) \| (★+) \| (\d+) \|", page, re.M)}
    for path, k, e in ALL:
        assert e["label"] in rows, f"instructors.md does not list {e['label']}"
        kind, stars, minutes = rows.pop(e["label"])
        assert (kind, minutes) == (e["kind"], e["minutes"]), e["label"]
    assert not rows, f"instructors.md lists exercises that do not exist: {sorted(rows)}"


def test_nbgrader_takes_a_chapter_as_it_is(tmp_path, editions):
    """nbgrader's own generate_assignment releases the same code cells as the student edition."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    chapter = NOTEBOOKS[0]
    (tmp_path / "source" / "ch").mkdir(parents=True)
    shutil.copy(chapter, tmp_path / "source" / "ch" / chapter.name)
    (tmp_path / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "book"\n')
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "ch", "--force"],
                   cwd=tmp_path, env=env, check=True, capture_output=True)
    released = nbformat.read(tmp_path / "release" / "ch" / chapter.name, as_version=4)
    ours = nbformat.read(editions["student"][0], as_version=4)
    assert [c.source for c in released.cells if c.cell_type == "code"] == \
        [c.source for c in ours.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_page_offers_its_student_edition(path):
    require_built_site()
    site = SITE
    page = (site / "chapters" / f"{path.stem}.html").read_text()
    link = re.search(r'<a href="([^"]+)"[^>]*\n?[^>]*btn-download-student-notebook-button', page)
    assert link, f"{path.stem}: no student download in the page's download menu"
    student = (site / "chapters" / link.group(1)).resolve()
    assert student == (site / "_student" / path.name).resolve() and student.exists()
    nb = nbformat.read(student, as_version=4)
    nbformat.validate(nb)
    text = student.read_text()
    assert not [line for line in solution_lines(path) if line in text or line.replace('"', '\\"') in text]
    assert f'href="../_sources/chapters/{path.name}"' in page  # the full notebook stays in the menu too


# the right answers of the prediction exercises (the checks' own docstring examples, which pass)
PREDICTIONS = {
    "ch1.exercise_3": {"crossing": 0, "lines": 2, "corner": 0},
    "ch2.exercise_4": {"point": 2, "segment": 4, "circle": 5, "square": 6},
    "ch6.exercise_4": {"blob": 1, "wave": 3, "edge": 3, "checkerboard": 0},
    "ch7.exercise_2": {"segment": 2, "triangle": 0, "upstairs, Aff(4)": 12, "upstairs, Aff(2)": 0},
}


@pytest.mark.parametrize("key", sorted(PREDICTIONS))
def test_a_failed_prediction_never_shows_the_right_value(key):
    name, function = key.split(".")
    check = getattr(importlib.import_module(f"lib.checks.{name}"), function)
    right = PREDICTIONS[key]
    assert isinstance(check(lambda: dict(right)), Passed)
    for item, value in right.items():
        with pytest.raises(CheckFailed) as failure:
            check(lambda: {**right, item: value + 1})
        problem = str(failure.value).split(" not passed: ", 1)[1].split("\nHint:")[0]
        problem = re.sub(r"Aff\(\d\)", "Aff", problem)  # a group's name is not an answer
        assert not re.search(rf"(?<![\d.]){value}(?![\d.])", problem), f"{key}: the message shows {value}: {problem}"


def test_exercise_3_3_never_states_the_dimension():
    from lib.checks import ch3

    for wrong in (lambda directions: [np.array([[1.0, 0.0], [0.0, 1.0]])],  # one matrix: too few
                  lambda directions: []):
        with pytest.raises(CheckFailed) as failure:
            ch3.exercise_3(wrong)
        message = str(failure.value).split(" not passed: ", 1)[1]
        assert "dimension" not in message and not re.search(r"(?<![\d.])3(?![\d.])", message), message


def _diagonalizable(X):
    return np.linalg.matrix_rank(np.linalg.eig(X)[1], tol=1e-6) == len(X)


@pytest.mark.parametrize("mistake,hint", [
    (lambda X: bool(np.all(np.abs(np.linalg.eigvals(X).real) < 1e-9)), "eigenvalues alone"),  # forgets shears
    (lambda X: bool(np.all(np.abs(np.linalg.eigvals(X).real) < 1e-9) and np.any(np.abs(np.linalg.eigvals(X)) > 1e-9)
                    and _diagonalizable(X)), "X = 0"),
    (lambda X: bool(np.all(np.linalg.eigvals(X).real == 0) and _diagonalizable(X)), "tolerance"),
], ids=["no shear", "zero", "no tolerance"])
def test_exercise_3_2_hints_point_to_the_mistake_made(mistake, hint):
    from lib.checks import ch3

    right = lambda X: bool(np.all(np.abs(np.linalg.eigvals(X).real) < 1e-9) and _diagonalizable(X))  # noqa: E731
    assert isinstance(ch3.exercise_2(right), Passed)
    with pytest.raises(CheckFailed, match=re.escape(hint)):
        ch3.exercise_2(mistake)


def test_exercise_4_3_never_shows_the_simulated_answer():
    from lib.checks import ch4

    with pytest.raises(CheckFailed) as failure:
        ch4.exercise_3(lambda n, p: p / (n - 1))  # no offset: too large
    problem = str(failure.value).split("\nHint:")[0]
    assert f"{8 / 63:.3f}" not in problem and "0.12" not in problem, problem  # the right answer is 8/63 here


OTHER_RIGHT_ANSWERS = {  # another method or an equivalent form of the reference answer
    # solve "X u is parallel to u" for X = [[a, b], [c, d]]: one row of (a, b, c, d) per line
    "ch3.exercise_3": [lambda directions: [v.reshape(2, 2) for v in scipy.linalg.null_space(np.array(
        [[-u[0] * u[1], -u[1] ** 2, u[0] ** 2, u[0] * u[1]] for u in directions])).T]],
    "ch7.exercise_2": [lambda: {"segment": np.int64(2), "triangle": 0.0, "upstairs, Aff(4)": 12.0,
                                "upstairs, Aff(2)": np.int64(0)}],
    "ch7.exercise_3": [
        lambda net, X: np.sum((X - net.decode((net.encode(X) > 0.5) * 1.0)) ** 2) / np.sum((X - net.reconstruct(X)) ** 2),
        lambda net, X: float(np.linalg.norm(X - net.inverse_transform(np.rint(net.transform(X)))) ** 2
                             / np.linalg.norm(X - net.reconstruct(X)) ** 2),
    ],
}


@pytest.mark.parametrize("key", sorted(OTHER_RIGHT_ANSWERS))
def test_another_right_answer_passes(key):
    name, function = key.split(".")
    check = getattr(importlib.import_module(f"lib.checks.{name}"), function)
    for answer in OTHER_RIGHT_ANSWERS[key]:
        assert isinstance(check(answer), Passed)
