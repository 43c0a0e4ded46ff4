"""The exercises, their checks, and the editions and nbgrader course made by ``python -m course.editions``."""

import re

import nbformat
import pytest

from _site import SITE, require_built_site
from course.editions import ROOT, book_names, chapter_notebooks, plain_markdown, student_edition, write_course, write_editions

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
    outputs = exercise["check"].outputs
    assert all(o.output_type == "stream" for o in outputs), "a check cell has no value, only printed text"
    shown = "".join(o.text for o in outputs)
    assert shown.startswith(f"Exercise {chapter_number(path)}.{k} passed:"), shown


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


def test_instructors_page_lists_every_exercise_with_its_kind_and_time():
    page = (ROOT / "chapters" / "instructors.md").read_text()
    rows = {m[2]: (m[4], m[5], int(m[6])) for m in re.finditer(
        r"^\| \{ref\}`(\d+\.\d+) <([\w-]+)>` \| ([^|]+) \| (\w+) \| (★+) \| (\d+) \|", page, re.M)}
    for path, k, e in ALL:
        assert e["label"] in rows, f"instructors.md does not list {e['label']}"
        kind, stars, minutes = rows.pop(e["label"])
        assert (kind, minutes) == (e["kind"], e["minutes"]), e["label"]
    assert not rows, f"instructors.md lists exercises that do not exist: {sorted(rows)}"


def test_the_two_week_track_adds_up_its_exercises_minutes():
    page = (ROOT / "chapters" / "instructors.md").read_text()
    minutes = {m[1]: int(m[2]) for m in re.finditer(r"^\| \{ref\}`(\d+\.\d+) <[\w-]+>` \|.*?\| (\d+) \| [^|]+ \|$",
                                                     page, re.M)}
    track = page[page.index("## A two-week track"):page.index("## Time per exercise")]
    weeks = re.findall(r"^\| (\d) \|.*\| ([\d., ]+) \| (\d+) \|$", track, re.M)
    assert [w[0] for w in weeks] == ["1", "2"]
    total = 0
    for _, assigned, stated in weeks:
        numbers = [n.strip() for n in assigned.split(",")]
        assert all(n in minutes for n in numbers), numbers
        assert sum(minutes[n] for n in numbers) == int(stated)
        total += int(stated)
    assert f"{total} minutes" in track


@pytest.mark.site
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


MYST = re.compile(r"^:{3,}|\{(cite:t|cite:p|doc|prf:ref|ref)\}`", re.M)


def test_student_edition_is_plain_markdown(editions):
    for path in editions["student"]:
        nb = nbformat.read(path, as_version=4)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert not MYST.search(markdown), f"{path.name}: {MYST.search(markdown)[0]}"


@pytest.mark.parametrize("myst,plain", [
    ("{cite:t}`paul2014why` show", "Paul and Venkatasubramanian (2014) show"),
    ("as in {cite:t}`hinton2006fast`", "as in Hinton et al. (2006)"),
    ("edges {cite:p}`olshausen1996emergence`", "edges (Olshausen and Field, 1996)"),
    ("see {doc}`05_intrinsic_space`", "see *The intrinsic space: images as figures*"),
    ("by {prf:ref}`thm-orbit-stabilizer`", "by Orbit–stabilizer theorem"),
    ("see {ref}`Exercise 3.2 <ch3-ex-bounded>`", "see Exercise 3.2"),
    (":::{prf:lemma} Lemma 7.1\n:label: x\n\nEvery matrix.\n:::", "**Lemma 7.1.** Every matrix."),
    (":::{prf:definition} Orbit\n:label: y\n\nThe set.\n:::", "**Definition (Orbit).** The set."),
    (":::{prf:proof}\nTrivial.\n:::", "*Proof.* Trivial. ∎"),
    (":::{solution} ex\n:class: dropdown\n\nFour.\n:::", "**Model answer.**\n\nFour."),
])
def test_plain_markdown_reads_like_the_website(myst, plain):
    assert plain_markdown(myst, 1, [0], book_names()) == plain


def test_course_folder_is_nbgrader_ready_and_can_be_updated(tmp_path):
    course = tmp_path / "course"
    sources = write_course(course)
    assert [p.parent.name for p in sources] == [p.stem for p in NOTEBOOKS]
    for source, chapter in zip(sources, NOTEBOOKS):
        nb = nbformat.read(source, as_version=4)
        nbformat.validate(nb)
        text = "\n".join(c.source for c in nb.cells)
        assert "### BEGIN SOLUTION" in text and not MYST.search(text), source.name  # solutions kept, plain
        assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), source.name
    config = course / "nbgrader_config.py"
    assert "c.Execute.timeout" in config.read_text() and "course_id" in config.read_text()
    config.write_text("# the instructor's own\n")
    submitted = course / "submitted" / "ada" / "01_introduction" / "01_introduction.ipynb"
    submitted.parent.mkdir(parents=True)
    submitted.write_text("{}")
    write_course(course)  # again, after the book changed: sources only
    assert config.read_text() == "# the instructor's own\n" and submitted.read_text() == "{}"
    with pytest.raises(ValueError, match="course must be a folder"):
        write_course(config)
