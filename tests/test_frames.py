"""Every chapter's frame: the audience-and-objectives box, the argument map with its links marked, the closing findings.

The map and the findings come from the ledger (lib/claims.toml); their stored outputs
must be what the ledger gives now, so a verdict changed there shows up here until the
chapter is re-executed. The box's times must be the ones course.reading measures.
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest

from course.reading import book_times, chapter_times
from lib import ledger

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ledger.load()
TIMES = {t.chapter: t for t in book_times()}
CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
TIME_LINE = re.compile(r"\*\*Time\*\*: about (\d+) min to read(?: \((\d+) with the evidence\))?, (\d+) min for the "
                       r"(\d+) exercises; the notebook runs in about (\d+) s\.")


def cells(chapter):
    return nbformat.read(ROOT / "chapters" / f"{chapter}.ipynb", as_version=4).cells


def tagged(chapter, tag):
    found = [(i, c) for i, c in enumerate(cells(chapter)) if tag in c.metadata.get("tags", [])]
    assert len(found) == 1, f"{chapter}: expected one cell tagged {tag}, found {len(found)}"
    return found[0]


def marked_links(cell, function):
    call = ast.parse(cell.source).body[-1].value
    assert isinstance(call, ast.Call) and call.func.id == function
    return ast.literal_eval(call.args[0])


def output(cell, mime):
    data = [o["data"] for o in cell.outputs if o.get("output_type") == "execute_result"]
    assert len(data) == 1, "the cell has no stored result: re-execute the chapter"
    return data[0][mime]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_chapter_opens_with_its_links_on_the_map_as_the_ledger_draws_it_now(chapter):
    index, cell = tagged(chapter, "argument-map")
    assert index == 1 and {"remove-input"} <= set(cell.metadata["tags"])
    here = marked_links(cell, "argument_map")
    decided = {c.link for c in LEDGER.claims if chapter in c.chapters}
    assert here and set(here) <= decided, f"{chapter} marks {here}, but decides claims of {sorted(decided)}"
    fresh = ledger.argument_map(here)
    assert output(cell, "text/plain") == repr(fresh), f"{chapter}: the stored map is stale; re-execute it"
    assert output(cell, "text/html") == fresh._repr_html_(), f"{chapter}: the stored map is stale; re-execute it"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_summary_opens_with_the_findings_of_the_same_links(chapter):
    index, cell = tagged(chapter, "link-findings")
    assert cells(chapter)[index - 1].source.strip() == "## Summary"
    here = marked_links(cell, "findings")
    assert here == marked_links(tagged(chapter, "argument-map")[1], "argument_map")
    assert output(cell, "text/markdown") == ledger.findings(here).text, f"{chapter}: stale findings; re-execute it"


@pytest.mark.parametrize("chapter", ["primer", *CHAPTERS])
def test_the_objectives_box_states_the_measured_times(chapter):
    first = cells(chapter)[0].source
    box = first[first.index("::::{admonition} Audience and objectives"):]
    assert "**You should know**" in box and "**You will be able to**" in box
    outcomes = re.findall(r"^- .+", box.split("**You will be able to**")[1].split("**Time**")[0], re.M)
    assert len(outcomes) >= 3
    stated = TIME_LINE.search(box)
    assert stated, f"{chapter}: no time line of the form 'about R min to read, E min for the K exercises; ...'"
    main, evidence, exercises, count, run = (int(g) if g else None for g in stated.groups())
    t = TIMES.get(chapter) or chapter_times(ROOT / "chapters" / f"{chapter}.ipynb")
    measured = (t.main_minutes, t.reading_minutes if t.reading_minutes != t.main_minutes else None)
    assert (main, evidence, exercises, count) == (*measured, t.exercise_minutes, t.exercises), \
        f"{chapter}: the box says {main} ({evidence}), {exercises}, {count}; measured {measured}, " \
        f"{t.exercise_minutes}, {t.exercises} (course/reading.py; the evidence's minutes only where they differ)"
    if t.run_seconds is not None:
        assert 0.5 <= run / t.run_seconds <= 2, f"{chapter}: runs in {t.run_seconds:.0f} s (benchmarks), not {run}"


def test_a_stale_map_would_be_caught():
    cell = nbformat.v4.new_code_cell('argument_map(("edges",))')
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": repr(ledger.argument_map("depth"))})]
    assert output(cell, "text/plain") != repr(ledger.argument_map(marked_links(cell, "argument_map")))
