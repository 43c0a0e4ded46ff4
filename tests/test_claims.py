"""The claim ledger and the chapters stay in step: every decided row names cells that decide it.

A notebook cell whose checks decide ledger row N carries the tag ``claim-N``.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "chapters" / "claims.md"
VERDICTS = {"confirmed exactly", "confirmed numerically", "qualified", "refuted", "proof gap", "not supported",
            "definition or model"}
# a check that can fail: an assert, or an exercise check (which raises when the answer is wrong)
CHECK = re.compile(r"^\s*assert\b|check\.exercise_\d+\(", re.M)


def ledger_rows():
    rows = {}
    for line in LEDGER.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].isdigit():
            number, _, _, tested_in, verdict, _ = cells
            rows[int(number)] = (set(re.findall(r"\{doc\}`([^`]+)`", tested_in)), verdict)
    return rows


def tagged_cells():
    tagged = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for tag in cell.metadata.get("tags", []):
                if tag.startswith("claim-"):
                    tagged.setdefault(int(tag.removeprefix("claim-")), []).append((path.stem, cell))
    return tagged


ROWS, TAGGED = ledger_rows(), tagged_cells()


def test_the_ledger_is_numbered_in_order_and_uses_the_verdict_categories():
    assert sorted(ROWS) == list(range(1, len(ROWS) + 1))
    assert {verdict for _, verdict in ROWS.values()} <= VERDICTS


@pytest.mark.parametrize("number", sorted(ROWS))
def test_every_decided_row_has_cells_with_a_check_in_the_chapters_it_names(number):
    chapters, verdict = ROWS[number]
    cells = TAGGED.get(number, [])
    if verdict != "definition or model":
        assert cells, f"row {number} ({verdict}) has no cell tagged claim-{number}"
    for chapter, cell in cells:
        assert chapter in chapters, f"claim-{number} is tagged in {chapter}, which row {number} does not name"
        assert cell.cell_type == "code" and CHECK.search(cell.source), \
            f"the cell tagged claim-{number} in {chapter} has no check that can fail"


def test_every_claim_tag_has_its_row():
    assert set(TAGGED) <= set(ROWS), f"tags without a ledger row: {sorted(set(TAGGED) - set(ROWS))}"


def test_a_check_is_recognized_and_a_print_is_not():
    assert CHECK.search("x = 1\nassert x == 1") and CHECK.search("check.exercise_2(f)")
    assert not CHECK.search("print('assert nothing')") and not CHECK.search("# assert later")
