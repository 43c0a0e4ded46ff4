"""Every page of the built website in a real browser (Debian's Chromium driven by Playwright).

The site is served on 127.0.0.1; each page must load with no request to another
host, no console error, its math typeset by MathJax, its widgets drawn by the
widget manager, every image described by an alt text, and its solutions collapsed.
"""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from _site import SITE, require_built_site, toc_pages

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Console errors of the theme itself that no setting of this book removes:
ALLOWED_ERRORS = (
    # sphinx-thebe's loader is included twice by Jupyter Book 1's page template
    "Identifier 'THEBE_JS_URL' has already been declared",
    # pydata-sphinx-theme reports a fresh browser profile's empty stored theme mode
    "Got invalid theme mode: . Resetting to auto.",
)


@pytest.fixture(scope="module")
def origin():
    require_built_site()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


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
    html = page.content()
    if 'class="math' in html:
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("MathJax.startup.promise")
        assert page.locator("mjx-container").count() > 0, "math is not typeset"
        text = page.locator("article").inner_text()
        assert "\\(" not in text and "\\[" not in text, "raw TeX left on the page"
    if "FloatSliderModel" in html:  # an explorer's saved widget state: the manager must draw it
        page.wait_for_selector(".widget-slider", timeout=15_000)
        assert page.locator(".widget-slider").count() >= 4, "the widget manager did not draw the explorer"
        assert page.locator(".jupyter-widgets img").count() >= 1, "the explorer's picture is missing"
    if 'class="solution dropdown' in html:
        # sphinx-exercise solutions start collapsed: their bodies are hidden
        assert page.locator("div.solution.dropdown").count() > 0
        assert page.locator("div.solution.dropdown .solution-content").first.is_hidden()
    alts = [img.get_attribute("alt") or "" for img in page.locator("article img").all()]
    page.close()
    missing = [a for a in alts if not a.strip() or a.endswith(".png")]
    assert not missing, f"{len(missing)} images without a real alt text"
    assert not outside, f"requests to other hosts: {outside[:5]}"
    errors = [e for e in errors if not any(allowed in e for allowed in ALLOWED_ERRORS)]
    assert not errors, f"console errors: {errors[:5]}"
