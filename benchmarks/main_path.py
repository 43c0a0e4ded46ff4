"""What a chapter shows on load, measured in Chromium on the built website.

    .venv/bin/python benchmarks/main_path.py                 # every chapter
    .venv/bin/python benchmarks/main_path.py 01_introduction  # one

A chapter's *main path* is what a reader meets without opening anything:
prose words and lines of code (and of printed output) that are visible on
load, at 1300 px, outside the Exercises section (exercise statements are
counted apart). Collapsed evidence (dropdowns, hidden inputs and outputs) is
not on the main path. Each display or inline formula counts as one word.
Figures are the images visible in the main path. Boxes cut off are code or
output blocks that scroll sideways at that width (wider than their column).
DESIGN.md asks for a main path readable in about 30 minutes; issue 27 sets
<= 1,600 words and <= 80 visible code lines per chapter.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pdf.build import CHROMIUM, SITE, served, wait_until_drawn  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
WORD_LIMIT, CODE_LIMIT = 1600, 80

MEASURE = """() => {
  const article = document.querySelector("article.bd-article");
  const shown = el => el.checkVisibility({checkVisibilityCSS: true,
                                          visibilityProperty: true});
  const exercises = Array.from(article.querySelectorAll("section"))
    .filter(s => s.id === "exercises");
  const inExercises = el => exercises.some(s => s.contains(el));
  const count = {words: 0, exercise_words: 0, code: 0, output: 0,
                 figures: 0, cut_off: 0};
  const isCode = el => el.closest(".cell_input, .cell_output, pre, .highlight");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || isCode(el) || el.closest("mjx-container, script, style,"
        + " .headerlink, .toggle-details__summary")) continue;
    if (!shown(el)) continue;
    const n = node.textContent.split(/\\s+/).filter(w => /\\w/.test(w)).length;
    if (inExercises(el)) count.exercise_words += n; else count.words += n;
  }
  for (const m of article.querySelectorAll("mjx-container")) {
    if (!shown(m) || isCode(m)) continue;
    if (inExercises(m)) count.exercise_words += 1; else count.words += 1;
  }
  for (const pre of article.querySelectorAll("pre")) {
    if (!shown(pre) || inExercises(pre)) continue;
    const lines = pre.textContent.replace(/\\n$/, "").split("\\n").length;
    if (pre.closest(".cell_input")) count.code += lines;
    else if (pre.closest(".cell_output")) count.output += lines;
    else count.code += lines;
    if (pre.scrollWidth > pre.clientWidth + 1) count.cut_off += 1;
  }
  for (const img of article.querySelectorAll("img")) {
    if (shown(img) && !inExercises(img)) count.figures += 1;
  }
  return count;
}"""


@dataclass
class MainPath:
    page: str
    words: int
    exercise_words: int
    code: int
    output: int
    figures: int
    cut_off: int

    @property
    def within_limits(self) -> bool:
        return self.words <= WORD_LIMIT and self.code <= CODE_LIMIT


def measure(pages: list[str], width: int = 1300) -> list[MainPath]:
    """The main path of each chapter page (its name without ``.html``)."""
    from playwright.sync_api import sync_playwright

    results = []
    with served(SITE) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        for name in pages:
            page.goto(f"{origin}/chapters/{name}.html")
            wait_until_drawn(page)
            results.append(MainPath(name, **page.evaluate(MEASURE)))
        browser.close()
    return results


def chapter_pages() -> list[str]:
    return sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=chapter_pages())
    parser.add_argument("--width", type=int, default=1300)
    args = parser.parse_args()
    print(f"{'chapter':24s} words  code  output  figures  cut off  "
          f"(exercises: words)")
    for m in measure(args.pages, args.width):
        flag = "" if m.within_limits else "  over"
        print(f"{m.page:24s} {m.words:5d} {m.code:5d} {m.output:7d} "
              f"{m.figures:8d} {m.cut_off:8d}  ({m.exercise_words}){flag}")


if __name__ == "__main__":
    main()
