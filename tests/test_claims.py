"""The claim ledger and the chapters stay in step: every decided row names cells that decide it.

A notebook cell whose checks decide ledger row N carries the tag ``claim-N``. The
ledger is data (``lib/claims.toml``, read by :func:`lib.ledger.load`); the website's
ledger page is rendered from it.
"""

import re
from pathlib import Path

import nbformat
import pytest

from lib import ledger

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ledger.load()
# a check that can fail: an assert, or an exercise check (which raises when the answer is wrong)
CHECK = re.compile(r"^\s*assert\b|check\.exercise_\d+\(", re.M)


def ledger_rows():
    return {c.number: (set(c.chapters), c.verdict) for c in LEDGER.claims}


def tagged_cells():
    tagged = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for tag in cell.metadata.get("tags", []):
                if tag.startswith("claim-"):
                    tagged.setdefault(int(tag.removeprefix("claim-")), []).append((path.stem, cell))
    return tagged


ROWS, TAGGED = ledger_rows(), tagged_cells()


def test_the_ledger_names_only_chapters_that_exist():
    chapters = {p.stem for p in (ROOT / "chapters").glob("*.ipynb")}
    for claim in LEDGER.claims:
        assert set(claim.chapters) <= chapters, f"claim {claim.number} names {claim.chapters}"
    assert {link.id for link in LEDGER.links} == {c.link for c in LEDGER.claims}, "a link without claims"


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


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "claims.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(("change", "named"), [
    (("number = 2\n", "number = 3\n"), "numbered"),
    (('verdict = "qualified"', 'verdict = "mostly true"'), "verdict must be one of"),
    (('link = "orbits"', 'link = "elsewhere"'), "link must be one of"),
    (('chapters = ["03_gl2_examples"]', "chapters = []"), "chapters must list"),
    (("paper = ", "place = "), "expected the fields"),
])
def test_a_malformed_ledger_is_refused_with_the_entry_named(tmp_path, change, named):
    text = ledger.DATA.read_text()
    old, new = change
    assert old in text
    with pytest.raises(ValueError, match=named):
        ledger.load(write(tmp_path, text.replace(old, new, 1)))


def test_the_ledger_page_is_rendered_from_the_data():
    """The page holds no table of its own: its rows come from lib/claims.toml."""
    page = (ROOT / "chapters" / "claims.md").read_text()
    assert "```{claim-ledger}" in page and "| # |" not in page


def test_a_links_verdict_is_its_most_damaging_tested_claims():
    for link in LEDGER.links:
        verdicts = [c.verdict for c in LEDGER.claims_of(link.id)]
        tested = [v for v in verdicts if v != "definition or model"] or verdicts
        assert LEDGER.link_verdict(link.id) == min(tested, key=ledger.VERDICTS.index)
        assert sum(LEDGER.link_counts(link.id).values()) == len(verdicts)
    assert sum(len(LEDGER.claims_of(link.id)) for link in LEDGER.links) == len(LEDGER.claims)


def test_the_argument_map_says_every_link_and_its_verdict_in_words():
    chain = ledger.argument_map(("search", "orbits"))
    lines = chain.alt.splitlines()[1:]
    assert len(lines) == len(LEDGER.links)
    for number, (line, link) in enumerate(zip(lines, LEDGER.links), start=1):
        assert line.startswith(f"{number}. {link.short} ({link.paper}): {LEDGER.link_verdict(link.id)};")
        assert line.endswith("You are here.") == (link.id in ("search", "orbits"))
        assert f">{number}. {link.short}</text>" in chain.svg.replace("&#x27;", "'")
    assert chain.svg.count("you are here") == 2 and "links 2 and 3 of 6" in chain.caption
    assert 'alt="The paper' in chain._repr_html_() and "argument" in repr(chain)


def test_changing_a_verdict_in_the_data_changes_the_map(tmp_path):
    text = ledger.DATA.read_text()
    first = text.index('verdict = "confirmed numerically"')  # claim 2, the first link's tested claim
    changed = ledger.load(write(tmp_path, text[:first] + 'verdict = "refuted"' +
                                text[first + len('verdict = "confirmed numerically"'):]))
    assert changed.claims[1].verdict == "refuted"
    before, after = ledger.argument_map(), ledger.argument_map(ledger=changed)
    assert "1. Autoencoders stabilize their input (§1): refuted;" in after.alt
    assert after.svg.count(ledger.COLOURS["refuted"][1]) == before.svg.count(ledger.COLOURS["refuted"][1]) + 1


@pytest.mark.parametrize(("here", "error"), [("nowhere", ValueError), (("edges", 3), ValueError)])
def test_the_map_refuses_an_unknown_link(here, error):
    with pytest.raises(error, match="here must be link ids"):
        ledger.argument_map(here)


def test_the_maps_colours_are_the_websites_badges():
    css = (ROOT / "_site_static" / "book.css").read_text()
    for verdict, (text, tint) in ledger.COLOURS.items():
        rule = f'html[data-theme="light"] .verdict-{verdict.replace(" ", "-")} {{ --verdict-text: {text}; ' \
               f'--verdict-tint: {tint}; }}'
        assert rule in css, rule


def test_the_bottom_line_is_at_most_five_sentences_and_leads_with_the_links():
    sentences = re.findall(r"[^.]+\.(?:\s|$)", LEDGER.bottom_line.replace("e.g.", "eg"))
    assert 3 <= len(sentences) <= 5, sentences
    for phrase in ("group theory", "bridge from networks to groups", "not borne out", "plainer explanation"):
        assert phrase in LEDGER.bottom_line


def test_a_ledger_without_a_bottom_line_is_refused(tmp_path):
    text = ledger.DATA.read_text()
    start = text.index("bottom_line = ")
    end = text.index('"""', text.index('"""', start) + 3) + 3
    with pytest.raises(ValueError, match="bottom_line"):
        ledger.load(write(tmp_path, text[:start] + 'bottom_line = " "' + text[end:]))


def test_a_links_findings_name_the_chapters_that_decide_its_claims(tmp_path):
    data = ledger.load()
    for link in data.links:
        note = re.search(r"\*\(The evidence: Chapters? ([\d, and]+)\.\)\*$", ledger.findings(link.id).text)
        named = {int(n) for n in re.findall(r"\d+", note.group(1))}
        deciding = {int(name[:2]) for c in data.claims_of(link.id) for name in c.chapters if name[:2].isdigit()}
        assert named == deciding, f"link {link.id}: the summary names chapters {named}, its claims {deciding}"
    # moving claim 15 (Gabor filters) from Chapter 4 to Chapter 7 adds 7; claim 17 keeps 4
    text = ledger.DATA.read_text().replace('chapters = ["04_gabor_filters"]', 'chapters = ["07_deeper_layers"]', 1)
    moved = ledger.findings("edges", ledger=ledger.load(write(tmp_path, text))).text
    assert moved.endswith("*(The evidence: Chapters 1, 3, 4 and 7.)*")
