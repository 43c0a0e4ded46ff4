"""The book as a PDF: every page of the built website printed by Chromium, joined in the contents' order.

Run after README's first command has built the website::

    .venv/bin/python -m pdf.build            # _build/pdf/book.pdf and book-student.pdf

Each page is printed as the website shows it, with its math typeset by MathJax
and its stored outputs and figures (the explorers as their saved pictures);
every box the website collapses (hidden code and its outputs, the evidence
dropdowns) is printed open, since paper cannot be clicked. The
full edition gathers each chapter's solutions at the end of the chapter; the
student edition leaves them out. A title page and a table of contents with page
numbers come first; every page is numbered; the chapters are bookmarks.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import http.server
import io
import shutil
import tempfile
import threading
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EDITIONS = {"full": "book.pdf", "student": "book-student.pdf"}
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
PRINTABLE_WIDTH = round((210 - 32) / 25.4 * 96)  # A4 less the side margins, in CSS pixels

# Only for printing: nothing is cut off at the margin. Long code lines and outputs wrap;
# tables (the claim ledger) are set smaller instead of scrolling; the text uses the page's width.
PRINT_CSS = """
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; overflow: visible !important; font-size: 8pt !important; }
.pst-scrollable-table-container, .math, mjx-container { overflow: visible !important; }
mjx-assistive-mml { display: none !important; }  /* MathJax's hidden copy for screen readers: no use on paper */
.widget-hbox { flex-wrap: wrap !important; }  /* an explorer's columns of sliders stack when the paper is narrow */
.widget-vbox { flex: 0 0 auto !important; }
table.table { font-size: 8pt; }
table.table td, table.table th { overflow-wrap: break-word; }
.bd-article-container, .bd-page-width { max-width: none !important; }
.toggle-button, .bd-header-article, .prev-next-area, .bd-sidebar-secondary, footer { display: none !important; }
* { box-shadow: none !important; transition: none !important; }
/* the theme's print header repeats the page's contents and drops the chapter number: keep the page's own h1 */
#jb-print-docs-body { display: none !important; }
.bd-main .bd-content .bd-article h1:first-of-type { display: block !important; }
.bd-main .bd-content { margin-left: 0 !important; }
"""
# The article, and every box in it that clips or scrolls, whose content is wider than the box:
# on paper that content would be cut off.
TOO_WIDE = """() => [document.querySelector("article"), ...document.querySelectorAll("article *")]
    .filter(e => e.tagName === "ARTICLE" || getComputedStyle(e).overflowX !== "visible")
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} (${e.scrollWidth - e.clientWidth} px)`)"""
# The full edition: each solution opened and moved under a heading at the end of its chapter.
SOLUTIONS_TO_THE_END = """() => {
    const solutions = Array.from(document.querySelectorAll("div.solution"));
    if (solutions.length === 0) return;
    const section = document.createElement("section");
    const heading = document.createElement("h2");
    heading.textContent = "Solutions";
    section.append(heading);
    for (const solution of solutions) {
        solution.classList.remove("toggle-hidden");
        solution.querySelectorAll(".toggle-hidden").forEach(e => e.classList.remove("toggle-hidden"));
        section.append(solution);
    }
    document.querySelector("article").append(section);
}"""
WITHOUT_SOLUTIONS = """() => document.querySelectorAll("div.solution").forEach(solution => solution.remove())"""
# Paper cannot be clicked: every collapsed box (hidden code, its outputs, the evidence dropdowns) is opened.
OPEN_EVERY_BOX = """() => document.querySelectorAll("article details").forEach(box => box.open = true)"""
# Whether the page has an explorer: sliders in its saved widget state (for the widget manager to draw)
HAS_EXPLORER = """() => Array.from(document.querySelectorAll('script[type="application/vnd.jupyter.widget-state+json"]'))
    .some(state => state.textContent.includes("FloatSliderModel"))"""
# The page's heading without its permalink sign
TITLE = """() => { const h1 = document.querySelector("article h1").cloneNode(true);
    h1.querySelectorAll(".headerlink").forEach(link => link.remove());
    return h1.textContent.trim(); }"""


def toc_pages(root: Path = ROOT) -> list:
    """The website's pages in the order of ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    parts = toc.get("parts", [{"chapters": toc.get("chapters", [])}])
    return [toc["root"]] + [entry["file"] for part in parts for entry in part["chapters"]]


@contextlib.contextmanager
def served(site: Path):
    """The built website on a local port (MathJax and the widget manager load as they do online)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def wait_until_drawn(page) -> None:
    """Wait until MathJax has typeset the page, the widget manager has drawn its explorers, and every
    image and font has loaded."""
    if page.locator(".math").count():
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("MathJax.startup.promise")
    if page.evaluate(HAS_EXPLORER):
        page.wait_for_selector(".widget-slider", state="attached", timeout=15_000)
        page.wait_for_selector(".jupyter-widgets img", state="attached", timeout=15_000)
    page.wait_for_function("Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)")
    page.evaluate("document.fonts.ready.then(() => true)")


def print_page(browser, url: str, edition: str) -> tuple:
    """One page as PDF bytes, with its title."""
    page = browser.new_page(viewport={"width": PRINTABLE_WIDTH, "height": 1100})  # laid out as on paper
    page.goto(url, wait_until="load")
    wait_until_drawn(page)
    page.evaluate(SOLUTIONS_TO_THE_END if edition == "full" else WITHOUT_SOLUTIONS)
    page.evaluate(OPEN_EVERY_BOX)
    page.add_style_tag(content=PRINT_CSS)
    page.emulate_media(media="print")
    wait_until_drawn(page)
    title = page.evaluate(TITLE)
    too_wide = page.evaluate(TOO_WIDE)
    if too_wide:
        raise ValueError(f"{url}: content wider than the paper would be cut off in {', '.join(too_wide[:5])}")
    pdf = page.pdf(format="A4", print_background=True, margin=MARGIN)
    page.close()
    return title, pdf


def front_matter(browser, titles: list, first_pages: list) -> bytes:
    """Title page and table of contents (page numbers as printed at the foot of each page)."""
    rows = "".join(f"<tr><td>{html.escape(t)}</td><td>{p}</td></tr>" for t, p in zip(titles, first_pages))
    page = browser.new_page()
    page.set_content(f"""<html><body style="font-family: sans-serif">
        <div style="height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center">
          <h1 style="font-size: 26pt">Why does deep learning work?<br>The executable book</h1>
          <p style="font-size: 13pt">A computed reading of Paul and Venkatasubramanian,<br>
             <i>Why does Deep Learning work? A perspective from group theory</i> (arXiv:1412.6621)</p>
          <p>Printed from the book's website; every output shown was computed by its notebooks.</p>
        </div>
        <h2 style="page-break-before: always">Contents</h2>
        <table style="width: 100%; font-size: 12pt; border-spacing: 0 6pt">{rows}</table>
        </body></html>""")
    pdf = page.pdf(format="A4", margin=MARGIN)
    page.close()
    return pdf


def page_numbers(browser, count: int) -> PdfReader:
    """``count`` transparent A4 pages, each with its number at the foot, to lay over the book's pages."""
    feet = "".join(f'<div style="height: 297mm; position: relative; page-break-after: always">'
                   f'<span style="position: absolute; bottom: 8mm; width: 100%; text-align: center; '
                   f'font: 9pt sans-serif; color: #444">{n}</span></div>' for n in range(1, count + 1))
    page = browser.new_page()
    page.set_content(f"<html><body style='margin: 0'>{feet}</body></html>")
    pdf = page.pdf(format="A4", margin={"top": "0", "bottom": "0", "left": "0", "right": "0"})
    page.close()
    return PdfReader(io.BytesIO(pdf))


def build(site: Path = SITE, out: Path = ROOT / "_build" / "pdf", editions=tuple(EDITIONS)) -> list:
    """Write the chosen editions of the book as PDF files into ``out``; returns their paths."""
    from playwright.sync_api import sync_playwright

    if not (site / "index.html").exists():
        raise FileNotFoundError(f"no website in {site}: build it first (README's first command)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with served(site) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for edition in editions:
            pages = [print_page(browser, f"{origin}/{name}.html", edition) for name in toc_pages()]
            titles = [title for title, _ in pages]
            lengths = [len(PdfReader(io.BytesIO(pdf)).pages) for _, pdf in pages]
            n_front = len(PdfReader(io.BytesIO(front_matter(browser, titles, [0] * len(titles)))).pages)
            first_pages = [n_front + 1 + sum(lengths[:k]) for k in range(len(lengths))]
            front = PdfReader(io.BytesIO(front_matter(browser, titles, first_pages)))
            if len(front.pages) != n_front:  # the page numbers made the contents longer
                raise RuntimeError("the contents changed length once numbered; the page numbers would be off")
            writer = PdfWriter()
            writer.append(front)
            for (title, pdf), first in zip(pages, first_pages):
                writer.append(PdfReader(io.BytesIO(pdf)))
                writer.add_outline_item(title=title, page_number=first - 1)
            numbers = page_numbers(browser, len(writer.pages))
            for page, number in zip(writer.pages[n_front:], numbers.pages[n_front:]):
                page.merge_page(number)
            writer.add_metadata({"/Title": "Why does deep learning work? The executable book"
                                 + (" (student edition)" if edition == "student" else "")})
            path = out / EDITIONS[edition]
            with tempfile.NamedTemporaryFile(dir=out, delete=False) as scratch:
                writer.write(scratch)
            Path(scratch.name).replace(path)
            written.append(path)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf", help="folder for the PDF files")
    parser.add_argument("--edition", choices=[*EDITIONS, "both"], default="both",
                        help="full (solutions at each chapter's end), student (none) or both (default)")
    args = parser.parse_args()
    editions = tuple(EDITIONS) if args.edition == "both" else (args.edition,)
    for path in build(out=args.out, editions=editions):
        print(f"wrote {path} ({len(PdfReader(path).pages)} pages)")


if __name__ == "__main__":
    main()
