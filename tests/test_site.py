"""The built website (README's first command builds it into _build/html)."""

import re

import pytest
from _site import SITE, require_built_site, toc_pages


@pytest.fixture(scope="module")
def pages():
    require_built_site()
    return {page: (SITE / f"{page}.html").read_text() for page in toc_pages()}


def test_every_toc_page_was_built(pages):
    assert all(len(html) > 1000 for html in pages.values())


def test_mathjax_is_served_by_the_site_itself(pages):
    assert (SITE / "_static" / "mathjax" / "tex-chtml.js").exists()
    for page, html in pages.items():
        scripts = re.findall(r'<script[^>]*src="([^"]*mathjax[^"]*)"', html)
        if 'class="math' in html:  # Sphinx loads MathJax only on pages with math
            assert scripts, f"{page}: has math but no MathJax script"
        assert all(not s.startswith(("http:", "https:", "//")) for s in scripts), f"{page}: MathJax from {scripts}"
    assert sum('class="math' in html for html in pages.values()) >= 8


def test_every_internal_link_resolves(pages):
    broken = []
    for page, html in pages.items():
        base = (SITE / page).parent
        for href in re.findall(r'<a [^>]*href="([^"#?]+)[^"]*"', html):
            if href.startswith(("http:", "https:", "mailto:", "//")):
                continue
            if not (base / href).resolve().exists():
                broken.append(f"{page}: {href}")
    assert not broken, broken[:10]


def test_headings_are_in_order(pages):
    jumps = []
    for page, html in pages.items():
        article = html.split("<article", 1)[-1]
        levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", article)]
        assert levels and levels[0] == 1, f"{page}: does not start with one h1"
        jumps += [f"{page}: h{a} -> h{b}" for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not jumps, jumps[:10]


def test_reproducibility_page_shows_a_current_benchmark_table(pages):
    """The table comes from benchmarks/bench.py: one row per chapter notebook, a verdict for every budget."""
    html = pages["chapters/reproducibility"]
    notebooks = [p.split("/")[-1] for p in toc_pages() if (SITE.parent.parent / f"{p}.ipynb").exists()]
    assert len(notebooks) >= 8
    for name in notebooks:
        assert f"{name}: fresh execution" in html, f"the benchmark table has no row for {name}: re-run bench.py"
    for row in ("whole book", "largest kernel peak memory", "jupyter-book build", "stabilizer", "gl2_walk",
                "autoencoder"):
        assert row in html
    verdicts = re.findall(r"<td[^>]*>\s*(?:<p>)?(ok|OVER|reported)(?:</p>)?\s*</td>", html)
    assert len(verdicts) >= len(notebooks) + 8


def test_every_machine_dependent_cell_carries_its_note(pages):
    """The note (from _ext/book_site.py) under each cell whose digits may differ on another processor."""
    import nbformat

    notes = 0
    for page, html in pages.items():
        notebook = SITE.parent.parent / f"{page}.ipynb"
        if not notebook.exists():
            continue
        cells = nbformat.read(notebook, as_version=4).cells
        reasons = [c.metadata["machine_dependent"] for c in cells if c.metadata.get("machine_dependent")]
        found = re.findall(r'<p class="machine-dependent-note">(.*?)</p>', html, flags=re.S)
        assert len(found) == len(reasons), f"{page}: {len(reasons)} machine-dependent cells, {len(found)} notes"
        for reason, note in zip(reasons, found):
            assert reason in note and "reproducibility.html" in note, (page, note)
        notes += len(found)
    assert notes >= 10


def argument_maps(html):
    return re.findall(r'<figure class="argument-map"><img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', html)


def test_the_landing_page_and_the_conclusions_show_the_argument_and_the_bottom_line(pages):
    import html as html_module

    from lib import ledger
    data = ledger.load()
    whole = html_module.escape(ledger.argument_map().alt)
    for page in ("chapters/index", "chapters/09_conclusions"):
        text = pages[page]
        assert argument_maps(text) == [whole], f"{page}: the argument map is missing or stale"
        assert "The bottom line." in text and "The bridge from networks to groups" in text, page
        for verdict, count in data.counts().items():
            assert re.search(rf'verdict-{verdict.replace(" ", "-")}">{verdict}</span> {count}\b', text), \
                f"{page}: the count of {verdict!r} is not the ledger's ({count})"


def test_the_conclusions_list_every_links_claims_by_verdict_as_the_ledger_does(pages):
    from lib import ledger
    data = ledger.load()
    lists = re.findall(r'<p class="link-claims">(.*?)</p>', pages["chapters/09_conclusions"], re.S)
    assert len(lists) == len(data.links)
    for link, shown in zip(data.links, lists):
        found = {}
        for verdict, numbers in re.findall(r'>([a-z ]+)</span>((?:\s*(?:,\s*)?<a [^>]*>\d+</a>)+)', shown):
            found[verdict] = [int(n) for n in re.findall(r">(\d+)</a>", numbers)]
        expected = {v: [c.number for c in data.claims_of(link.id) if c.verdict == v] for v in data.link_counts(link.id)}
        assert found == expected, link.id
        assert list(found) == sorted(found, key=ledger.VERDICTS.index)  # the most damaging first
    for claim in data.claims:
        assert f'id="{claim.tag}"' in pages["chapters/claims"], f"the ledger has no anchor for {claim.tag}"


def test_the_landing_page_times_are_measured_from_the_chapters(pages):
    from course.reading import book_times
    text = pages["chapters/index"]
    for t in book_times():
        label = t.title.split(":")[0]
        label = f"{int(t.chapter[:2])}. {label}" if t.chapter[:2].isdigit() else label
        row = re.search(rf'<span class="doc">{re.escape(label)}</span>.*?</tr>', text, re.S)
        assert row, f"no row for {t.chapter}"
        columns = re.findall(r'<td[^>]*><p>(.*?)</p></td>', row.group(0))
        assert columns[:2] == [f"{t.main_minutes} min", f"{t.reading_minutes} min"], t.chapter  # on load, opened
        if t.exercises:
            assert columns[2] == f"{t.exercise_minutes} min ({t.exercises})", t.chapter
    assert "static figure in their place" not in text and "in a few seconds" not in text
