"""What Binder gives a student, and the launch buttons that lead there.

repo2docker's build plan is read without Docker (``--no-build``); the site is built
once more with a sample repository URL in a temporary config.
"""

import concurrent.futures
import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import nbformat
import pytest
import yaml
from _site import ROOT, SITE, require_built_site
from test_browser import ARGS, CHROMIUM

BIN = Path(sys.executable).parent
NOTEBOOK_CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
# what a student running a chapter never needs: the website, tests, browsers, grading
NOT_FOR_STUDENTS = ("jupyter-book", "sphinx", "myst-nb", "pytest", "nbval", "hypothesis", "playwright", "nbgrader",
                    "jupyter-repo2docker")


def pins(path):
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return dict(line.split("==") for line in lines if "==" in line)


@pytest.fixture(scope="module")
def plan():
    # as on Binder: the repository is copied as the notebook user (uid 1000), not as root
    result = subprocess.run([str(BIN / "jupyter-repo2docker"), "--no-build", "--debug", "--user-id", "1000",
                             "--user-name", "jovyan", str(ROOT)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_binder_installs_the_pinned_requirements_before_it_copies_the_repository(plan):
    lines = plan.splitlines()
    where = {name: next(i for i, line in enumerate(lines) if re.search(pattern, line))
             for name, pattern in {"copy requirements": r"^COPY .*src/\.binder/requirements\.txt ",
                                   "install requirements": r"^RUN .*pip install .*-r \"?\.binder/requirements\.txt",
                                   "copy repository": r"^COPY .* src/ \$\{REPO_DIR\}/$",
                                   "postBuild": r"^RUN \./\.binder/postBuild$"}.items()}
    assert where["copy requirements"] < where["install requirements"] < where["copy repository"] < where["postBuild"]
    assert "Building conda environment for python=3.11" in plan  # .binder/runtime.txt
    assert not re.search(r"pip install .*\s\.$", plan, re.M), "repo2docker must not install the repository itself"


def test_the_binder_requirements_are_lean_and_pinned_like_the_book():
    binder, book = pins(ROOT / ".binder" / "requirements.txt"), pins(ROOT / "requirements.txt")
    assert not [name for name in binder if name in NOT_FOR_STUDENTS]
    assert "jupyterlab-myst" in binder
    assert {name: version for name, version in binder.items() if name in book} == \
        {name: book[name] for name in binder if name in book}, "a package pinned differently from requirements.txt"
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert {re.split(r"[<>=]", d)[0] for d in declared} <= set(binder)  # lib's own dependencies
    assert "--no-deps" in (ROOT / ".binder" / "postBuild").read_text()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    """The site built with a sample repository and hub URL (a temporary config, never committed)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["repository"]["url"] = "https://github.com/example-org/example-book"
    config["launch_buttons"]["jupyterhub_url"] = "https://hub.example.edu"
    config["sphinx"]["local_extensions"] = {"book_site": str(ROOT / "_ext")}
    out = tmp_path_factory.mktemp("sample")
    (out / "_config.yml").write_text(yaml.safe_dump(config))
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(ROOT), "--config", str(out / "_config.yml"),
                             "--path-output", str(out), "-W", "-n", "--keep-going"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


@pytest.mark.site
@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS)
def test_with_a_repository_every_chapter_launches_itself_in_jupyterlab(sample_site, chapter):
    page = (sample_site / "chapters" / f"{chapter}.html").read_text()
    assert (f'href="https://mybinder.org/v2/gh/example-org/example-book/main'
            f'?urlpath=lab/tree/chapters/{chapter}.ipynb"') in page
    assert (f'href="https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/example-org/'
            f'example-book&urlpath=lab/tree/example-book/chapters/{chapter}.ipynb&branch=main"') in page


@pytest.mark.site
def test_without_a_repository_no_page_has_a_launch_button(sample_site):
    require_built_site()
    assert yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"] == ""
    assert "mybinder.org/v2" in (sample_site / "chapters" / "01_introduction.html").read_text()  # the control
    for page in SITE.rglob("*.html"):
        text = page.read_text()
        assert "mybinder.org/v2" not in text and "git-pull?" not in text, page.name
    assert "mybinder.org/v2" not in (sample_site / "chapters" / "claims.html").read_text()  # not on text pages


# --- A local Binder: .binder/ installed into a fresh environment, served by JupyterLab, opened in Chromium ---

def base_pins():
    return pins(ROOT / "tests" / "binder_base.txt")


def test_the_base_pins_are_those_of_repo2docker_s_image():
    import repo2docker

    lock = (Path(repo2docker.__file__).parent / "buildpacks" / "conda" / "environment.py-3.11-linux-64.lock").read_text()
    for name, version in base_pins().items():
        assert f"/{name}-{version}-" in lock, f"Binder's base image does not have {name} {version}"


def test_setuptools_installs_every_package_of_lib():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "lib").rglob("__init__.py")}
    assert listed == found  # a package left out is missing from a non-editable install, as on Binder


@pytest.fixture(scope="module")
def binder_home(tmp_path_factory):
    """The repository as Binder lays it out, with .binder/'s environment installed and postBuild run."""
    home = tmp_path_factory.mktemp("binder") / "home"
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.splitlines()
    for name in tracked:
        if (ROOT / name).is_file():
            (home / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, home / name)
    env = home.parent / "env"
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    subprocess.run([str(env / "bin" / "pip"), "install", "-q", "-r", str(home / ".binder" / "requirements.txt"),
                    "-r", str(ROOT / "tests" / "binder_base.txt")], check=True, timeout=900)
    subprocess.run(["bash", ".binder/postBuild"], cwd=home, check=True, timeout=300,
                   env={**os.environ, "PATH": f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}"})
    print(f"\nthe Binder environment installed in {time.monotonic() - start:.0f} s")
    # for the test only: every cell in the page (no windowing), and no calls home for news
    settings = env / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps({
        "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}))
    return home, env


@pytest.mark.slow
def test_the_binder_environment_has_the_book_and_no_grading_tools(binder_home):
    home, env = binder_home
    installed = subprocess.run([str(env / "bin" / "pip"), "list", "--format", "freeze"], capture_output=True,
                               text=True, check=True).stdout.lower().replace("_", "-")
    assert "why-deep-learning-works-book==" in installed and "jupyterlab-myst==" in installed
    assert not [name for name in NOT_FOR_STUDENTS if f"\n{name}==" in "\n" + installed]
    assert not [p.name for p in home.iterdir() if p.name == "build" or p.name.endswith(".egg-info")]


@pytest.mark.slow
def test_every_chapter_runs_top_to_bottom_in_the_binder_environment(binder_home, tmp_path):
    home, env = binder_home

    def run(chapter):
        return chapter, subprocess.run(
            [str(env / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute", "--output-dir",
             str(tmp_path), str(home / "chapters" / f"{chapter}.ipynb")],
            capture_output=True, text=True, timeout=900, env={**os.environ, "OMP_NUM_THREADS": "1"})

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        failed = {chapter: r.stderr[-1500:] for chapter, r in pool.map(run, NOTEBOOK_CHAPTERS) if r.returncode}
    assert not failed, failed


@pytest.fixture(scope="module")
def lab(binder_home):
    home, env = binder_home
    token = secrets.token_hex(16)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(env / "bin" / "jupyter"), "lab", "--no-browser", "--ip", "127.0.0.1",
                               "--port", str(port), f"--ServerApp.token={token}", "--allow-root",
                               f"--ServerApp.root_dir={home}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    origin = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{origin}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start")
    yield origin, token, home
    server.terminate()
    server.wait(timeout=30)


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_chapter(browser, lab, chapter):
    origin, token, _ = lab
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((origin, "data:", "blob:")) else None)
    page.goto(f"{origin}/lab/tree/chapters/{chapter}.ipynb?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=120_000)
    page.wait_for_function("() => [...document.querySelectorAll('.jp-MarkdownCell')].every("
                           "c => c.classList.contains('jp-mod-rendered'))", timeout=60_000)
    page.wait_for_timeout(2000)  # let jupyterlab-myst finish the last cells
    return page, outside


@pytest.mark.slow
@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS)
def test_jupyterlab_renders_every_theorem_and_exercise_and_shows_no_grading_menu(chapter, lab):
    source = "\n".join(c.source for c in nbformat.read(ROOT / "chapters" / f"{chapter}.ipynb", 4).cells)
    with chromium() as browser:
        page, outside = open_chapter(browser, lab, chapter)
        exercises = source.count(":::{exercise}")
        proofs = len(re.findall(r"^(?::::|```)\{prf:[a-z]+\}", source, re.M))
        # jupyterlab-myst renders after the notebook opens (slower on a fresh server): wait for it, or fail
        rendered = """([exercises, proofs]) => [...document.querySelectorAll('.myst-exercise')].filter(
            b => /^Exercise \\d+ \\(/.test(b.innerText)).length === exercises
            && document.querySelectorAll('.myst-proof').length === proofs"""
        try:
            page.wait_for_function(rendered, arg=[exercises, proofs], timeout=90_000)
        except Exception:  # Playwright's TimeoutError
            boxes = page.locator(".myst-exercise").all_inner_texts()
            pytest.fail(f"{chapter}: {len([b for b in boxes if b.startswith('Exercise')])} of {exercises} exercises "
                        f"and {page.locator('.myst-proof').count()} of {proofs} theorem boxes rendered in 90 s")
        text = page.locator(".jp-Notebook").inner_text()
        assert not re.search(r"\{prf:|:::\{|\{exercise\}|\{solution", text), "raw MyST in the rendered chapter"
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "Run" in menus and not [m for m in menus if m.lower() in ("nbgrader", "formgrader", "assignments")]
        assert not outside, outside[:3]


@pytest.mark.slow
def test_a_chapter_runs_all_its_cells_in_the_jupyterlab_page(lab):
    chapter = "10_appendix"
    with chromium() as browser:
        page, _ = open_chapter(browser, lab, chapter)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        page.wait_for_function("() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].every("
                               "p => /\\[\\d+\\]/.test(p.textContent))", timeout=300_000)
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
    saved = nbformat.read(lab[2] / "chapters" / f"{chapter}.ipynb", 4)
    code = [c for c in saved.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "a cell did not run"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
