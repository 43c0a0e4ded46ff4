"""The landing page's times: words and code counted on a chapter's main path, exercises' minutes added up."""

import nbformat
import pytest

from course.reading import ChapterTimes, book_times, chapter_times


def notebook(tmp_path, cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    path = tmp_path / "01_example.ipynb"
    nbformat.write(nb, path)
    return path


def test_only_the_main_path_is_read_and_the_exercises_minutes_are_added(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    path = notebook(tmp_path, [
        md("# Example: a title\n\n" + "word " * 298),
        code("x = 1\n\ny = 2"),
        code("hidden = 1", metadata={"tags": ["remove-cell"]}),
        md(":::{exercise} One\n:label: a\n\n*Computational · ★ · 15 min*\n\nDo it.\n:::"),
        code("def answer():\n    return 1", metadata={"tags": ["solution"]}),
        md(":::{exercise} Two\n:label: b\n\n*Conceptual · ★★ · 25 min*\n:::"),
    ])
    t = chapter_times(path, {"01_example": 3.0})
    assert (t.title, t.words, t.code_lines) == ("Example: a title", 301, 2)
    assert (t.exercises, t.exercise_minutes, t.run_seconds) == (2, 40, 3.0)
    assert t.reading_minutes == 5  # 301 / 150 + 2 / 10 = 2.2 minutes, rounded up to 5


def test_the_collapsed_evidence_is_off_the_main_path(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    path = notebook(tmp_path, [
        md("# Example\n\n" + "word " * 10 + "\n\n:::{dropdown} How we know\n" + "proof " * 50 + "\n:::\n\nafter"),
        code("shown = 1"),
        code("x = 1\ny = 2", metadata={"tags": ["hide-input"]}),
        code("z = 3", metadata={"tags": ["hide-cell"]}),
        code("w = 4", metadata={"tags": ["hide-output"]}),  # its code still shows
    ])
    t = chapter_times(path, {})
    assert (t.main_words, t.main_code_lines) == (1 + 10 + 1, 2)
    assert t.words == t.main_words + 4 + 50 and t.code_lines == 5  # "dropdown How we know"
    assert t.main_minutes <= t.reading_minutes


@pytest.mark.parametrize(("words", "lines", "minutes"), [(0, 0, 0), (750, 0, 5), (751, 0, 10), (600, 20, 10)])
def test_reading_time_rounds_up_to_five_minutes(words, lines, minutes):
    assert ChapterTimes("c", "c", words, lines, 0, 0, None).reading_minutes == minutes


def test_every_chapter_is_measured_with_its_exercises(tmp_path):
    times = book_times()
    assert [t.chapter[:2] for t in times] == ["pr"] + [f"{n:02d}" for n in range(1, 11)]
    for t in times:
        assert t.words > 300, t.chapter
        if t.chapter.endswith(("related_work", "conclusions")):
            assert t.exercises == 0
        else:
            assert t.exercises >= 4 and t.exercise_minutes >= 5 * t.exercises, t.chapter


def test_a_path_that_is_not_a_chapter_is_refused(tmp_path):
    with pytest.raises(ValueError, match="path must be a chapter"):
        chapter_times(tmp_path / "missing.ipynb")
