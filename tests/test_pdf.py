"""The book as PDF (``python -m pdf.build``): both editions, read back with poppler's tools.

The build itself fails if any page is wider than the paper (it would be cut off).
"""

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from _site import SITE, require_built_site, toc_pages

from pdf.build import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    require_built_site()
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


def figure_outputs() -> int:
    return sum("image/png" in output.get("data", {})
               for path in (ROOT / "chapters").glob("*.ipynb")
               for cell in json.loads(path.read_text())["cells"] for output in cell.get("outputs", []))


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
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert len(images.splitlines()) - 2 >= figure_outputs()  # two header lines


def test_the_contents_give_the_page_each_chapter_starts_on(editions):
    pdf = editions["full"]
    contents = text(pdf, 2)
    for title in titles()[1:]:
        line = next(line for line in contents.splitlines() if title[:30] in line)
        page = int(line.split()[-1])
        unnumbered = re.sub(r"^\d+\. ", "", title)[:30]  # the page's heading shows no chapter number
        assert unnumbered in " ".join(text(pdf, page).split()), f"{title!r} does not start on page {page}"
        assert re.search(rf"^\s*{page}\s*$", text(pdf, page), re.M), f"page {page} does not show its number"


def test_solutions_end_each_chapter_in_the_full_edition_only(editions):
    solutions = sum(len(re.findall(r'class="solution dropdown', (SITE / f"{name}.html").read_text()))
                    for name in toc_pages())
    assert solutions > 0
    assert text(editions["full"]).count("Solution to") == solutions
    assert "Solution to" not in text(editions["student"])
    for chapter in ("chapters/03_gl2_examples",):
        body = " ".join(text(editions["full"]).split())
        assert body.index("3.4. Exercises") < body.index("Solutions Solution to Exercise 3.1"), chapter
