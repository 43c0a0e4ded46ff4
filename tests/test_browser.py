"""Every page of the built website in a real browser (Debian's Chromium driven by Playwright).

The site is served on 127.0.0.1; each page must load with no request to another
host, no console error, its math typeset by MathJax, its widgets drawn by the
widget manager, every image described by an alt text, and its solutions collapsed.
Each page, in the light and the dark theme, must pass axe-core's WCAG 2.0 and 2.1
A and AA rules with no serious or critical violation, and show its figures on an
opaque background; solutions and explorers must work from the keyboard.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from _site import SITE, require_built_site, toc_pages

from pdf.build import CHROMIUM, served, wait_until_drawn

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Console errors of the theme itself that no setting of this book removes:
ALLOWED_ERRORS = (
    # sphinx-thebe's loader is included twice by Jupyter Book 1's page template
    "Identifier 'THEBE_JS_URL' has already been declared",
    # pydata-sphinx-theme reports a fresh browser profile's empty stored theme mode
    "Got invalid theme mode: . Resetting to auto.",
)


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
# Serious or critical violations that the theme causes and that no setting or CSS of this
# book removes, by axe rule id, each with its reason. None at present.
ALLOWED_VIOLATIONS: dict = {}
SOLUTION_BODIES = "div.solution.dropdown > :not(.admonition-title)"  # below each solution's title
# Pixels of the page's images that are not fully opaque, per image. Figures must be opaque:
# a transparent one shows whatever the theme puts behind it, which in the dark theme (or in
# JupyterLab's) can hide black lines.
SEE_THROUGH_IMAGES = """() => Array.from(document.querySelectorAll("article img")).map(img => {
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let clear = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] < 255) clear++;
    return [img.getAttribute("alt"), clear];
}).filter(([alt, clear]) => clear > 0)"""


@pytest.fixture(scope="module")
def origin():
    require_built_site()
    with served(SITE) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: README's first command installs it (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("page_name", toc_pages())
def test_page_renders_offline(page_name, origin, browser):
    page = browser.new_page()
    outside, errors = [], []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((origin, "data:", "blob:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{origin}/{page_name}.html", wait_until="load")
    wait_until_drawn(page)
    html = page.content()
    if 'class="math' in html:
        assert page.locator("mjx-container").count() > 0, "math is not typeset"
        text = page.locator("article").inner_text()
        assert "\\(" not in text and "\\[" not in text, "raw TeX left on the page"
    if "FloatSliderModel" in html:  # an explorer's saved widget state: the manager must draw it
        assert page.locator(".widget-slider").count() >= 4, "the widget manager did not draw the explorer"
        assert page.locator(".jupyter-widgets img").count() >= 1, "the explorer's picture is missing"
    if 'class="solution dropdown' in html:
        # sphinx-exercise solutions start collapsed: their bodies are hidden
        bodies = page.locator(SOLUTION_BODIES).all()
        assert bodies and all(body.is_hidden() for body in bodies), "a solution is not collapsed"
    alts = [img.get_attribute("alt") or "" for img in page.locator("article img").all()]
    page.close()
    missing = [a for a in alts if not a.strip() or a.endswith(".png")]
    assert not missing, f"{len(missing)} images without a real alt text"
    assert not outside, f"requests to other hosts: {outside[:5]}"
    errors = [e for e in errors if not any(allowed in e for allowed in ALLOWED_ERRORS)]
    assert not errors, f"console errors: {errors[:5]}"


def open_page(browser, origin: str, page_name: str, mode: str):
    page = browser.new_context(color_scheme=mode).new_page()  # the theme follows the reader's system
    page.goto(f"{origin}/{page_name}.html", wait_until="load")
    wait_until_drawn(page)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page


def serious_violations(page) -> list:
    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements, e.g. {v['nodes'][0]['target']}): {v['help']}"
            for v in found if v["impact"] in ("serious", "critical") and v["id"] not in ALLOWED_VIOLATIONS]


# Pages Sphinx makes beside the contents: the index, the search page, sphinx-proof's index of theorems
GENERATED_PAGES = ["genindex", "search", "prf-prf"]


def test_every_built_page_is_checked():
    require_built_site()
    built = {str(p.relative_to(SITE).with_suffix("")) for p in SITE.glob("**/*.html")
             if not p.relative_to(SITE).parts[0].startswith(("_", "@")) and "@jupyter-widgets" not in str(p)}
    assert built - {"index"} == set(toc_pages()) | set(GENERATED_PAGES)  # index.html only redirects


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_name", toc_pages() + GENERATED_PAGES)
def test_page_is_accessible(page_name, mode, origin, browser):
    page = open_page(browser, origin, page_name, mode)
    violations = serious_violations(page)
    see_through = page.evaluate(SEE_THROUGH_IMAGES) if mode == "dark" else []  # the pixels are the same in both
    page.context.close()
    assert not violations, "\n".join(violations)
    assert not see_through, f"images with transparent pixels (alt text, count): {see_through[:3]}"


def reached_by_tab(page, element) -> bool:
    """Whether Tab, pressed on the element before it in the tab order, lands on ``element``."""
    element.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    return element.evaluate("e => e === document.activeElement")


def test_solutions_and_explorers_work_from_the_keyboard(origin, browser):
    page = open_page(browser, origin, "chapters/01_introduction", "light")
    body = page.locator(SOLUTION_BODIES).first
    assert body.is_hidden()
    toggle = page.locator("div.solution.dropdown button.toggle-button").first
    assert reached_by_tab(page, toggle), "the solution's toggle is not in the tab order"
    page.keyboard.press("Enter")
    body.wait_for(state="visible", timeout=5_000)
    handle = page.locator(".widget-slider .noUi-handle").first
    readout = page.locator(".widget-slider .widget-readout").first
    assert handle.get_attribute("aria-label") == "a", "the slider's handle is not named after its label"
    assert reached_by_tab(page, handle), "the slider is not in the tab order"
    before = float(readout.inner_text())
    page.keyboard.press("ArrowRight")
    after = float(readout.inner_text())
    page.context.close()
    assert after > before, "the arrow key did not move the slider"


def test_the_checks_see_planted_faults(origin, browser):
    """The accessibility and opacity checks fail where they should: faults put into a page."""
    page = open_page(browser, origin, "chapters/03_gl2_examples", "dark")
    assert not serious_violations(page) and not page.evaluate(SEE_THROUGH_IMAGES)
    page.evaluate("""() => {
        document.querySelector("article img").removeAttribute("alt");
        const faint = document.createElement("p");
        faint.textContent = "grey on grey";
        faint.style.cssText = "color: #777; background: #666";
        document.querySelector("article").prepend(faint);
        const slider = document.createElement("div");  // a slider with no name
        slider.setAttribute("role", "slider");
        slider.setAttribute("aria-valuenow", "0");
        slider.tabIndex = 0;
        document.querySelector("article").append(slider);
        const clear = document.createElement("canvas");
        clear.width = clear.height = 8;
        const figure = document.createElement("img");
        figure.alt = "a transparent figure";
        figure.src = clear.toDataURL();
        document.querySelector("article").append(figure);
    }""")
    page.wait_for_function("Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)")
    found = " ".join(serious_violations(page))
    see_through = page.evaluate(SEE_THROUGH_IMAGES)
    page.context.close()
    for rule in ("image-alt", "color-contrast", "aria-input-field-name"):
        assert rule in found, f"axe missed the planted {rule} fault"
    assert [alt for alt, _ in see_through] == ["a transparent figure"]
