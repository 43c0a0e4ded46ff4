"""The book as PDF (``python -m pdf.build``): both editions, read back with poppler's tools.

The build itself fails if any page, or any box on it that clips or scrolls, is wider
than the paper (its content would be cut off).
"""

import base64
import html
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from _site import ROOT, SITE, require_built_site, toc_pages
from PIL import Image
from pypdf import PdfReader

from pdf.build import CHROMIUM, build


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    require_built_site()
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: README's first command installs it (apt-get install chromium)")
    full, student = build(out=tmp_path_factory.mktemp("pdf"))
    return {"full": full, "student": student}


def text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def titles() -> list:
    """Each page's title, from its HTML head: "title — book title"."""
    heads = [re.search(r"<title>(.*?)</title>", (SITE / f"{name}.html").read_text()).group(1) for name in toc_pages()]
    return [html.unescape(head).rsplit(" \N{EM DASH} ", 1)[0] for head in heads]


def figure_sizes(edition: str) -> list:
    """Width and height of every figure the chapters store (Chromium embeds images at their own size);
    the student edition has none of the solutions' figures."""
    return [Image.open(io.BytesIO(base64.b64decode(output["data"]["image/png"]))).size
            for path in sorted((ROOT / "chapters").glob("*.ipynb"))
            for cell in json.loads(path.read_text())["cells"] for output in cell.get("outputs", [])
            if "image/png" in output.get("data", {})
            and not (edition == "student" and "solution" in cell["metadata"].get("tags", []))]


def embedded_sizes(pdf: Path) -> set:
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {(int(row.split()[3]), int(row.split()[4])) for row in rows.splitlines()[2:]}  # two header lines


@pytest.mark.parametrize("edition", ["full", "student"])
def test_the_pdf_has_every_page_its_figures_and_no_raw_tex(editions, edition):
    pdf = editions[edition]
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 100
    words = " ".join(text(pdf).split())
    for title in titles():
        assert " ".join(title.split()) in words, f"{title!r} is missing"
    assert "The claim ledger" in words
    for tex in ("\\(", "\\)", "$$", "\\frac", "\\mathbb"):
        assert tex not in words, f"raw TeX {tex!r} in the PDF's text"
    sizes = figure_sizes(edition)
    assert len(sizes) >= 20
    missing = [size for size in sizes if size not in embedded_sizes(pdf)]
    assert not missing, f"figures not in the PDF (width, height): {missing}"


@pytest.mark.parametrize("edition", ["full", "student"])
def test_contents_and_bookmarks_give_the_page_each_chapter_starts_on(editions, edition):
    pdf = editions[edition]
    contents = text(pdf, 2)
    bookmarks = {item.title: PdfReader(pdf).get_destination_page_number(item) + 1 for item in PdfReader(pdf).outline}
    for title in titles()[1:]:
        line = next(line for line in contents.splitlines() if title[:30] in line)
        page = int(line.split()[-1])
        assert bookmarks[title] == page, f"the bookmark of {title!r} points to page {bookmarks[title]}, not {page}"
        unnumbered = re.sub(r"^\d+\. ", "", title)[:30]  # the page's heading shows no chapter number
        assert unnumbered in " ".join(text(pdf, page).split()), f"{title!r} does not start on page {page}"
        assert re.search(rf"^\s*{page}\s*$", text(pdf, page), re.M), f"page {page} does not show its number"


def test_solutions_end_each_chapter_in_the_full_edition_only(editions):
    solutions = sum((SITE / f"{name}.html").read_text().count('class="solution dropdown') for name in toc_pages())
    assert solutions > 0
    assert text(editions["full"]).count("Solution to") == solutions
    assert "Solution to" not in text(editions["student"])
    for chapter, exercises in (("01_introduction", "1.6. Exercises"), ("03_gl2_examples", "3.4. Exercises")):
        body = " ".join(text(editions["full"]).split())
        assert body.index(exercises) < body.index(f"Solutions Solution to Exercise {exercises[0]}.1"), chapter
    # the bodies too, not only the titles: every solution's code is printed, in the full edition only
    in_solutions = sum((SITE / f"{name}.html").read_text().count("BEGIN SOLUTION") for name in toc_pages())
    assert in_solutions > 0
    assert text(editions["full"]).count("BEGIN SOLUTION") - text(editions["student"]).count("BEGIN SOLUTION") \
        == in_solutions
