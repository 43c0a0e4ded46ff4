"""What Binder gives a student, and the launch buttons that lead there.

repo2docker's build plan is read without Docker (``--no-build``); the site is built
once more with a sample repository URL in a temporary config.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from _site import ROOT, SITE, require_built_site

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


@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS)
def test_with_a_repository_every_chapter_launches_itself_in_jupyterlab(sample_site, chapter):
    page = (sample_site / "chapters" / f"{chapter}.html").read_text()
    assert (f'href="https://mybinder.org/v2/gh/example-org/example-book/main'
            f'?urlpath=lab/tree/chapters/{chapter}.ipynb"') in page
    assert (f'href="https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/example-org/'
            f'example-book&urlpath=lab/tree/example-book/chapters/{chapter}.ipynb&branch=main"') in page


def test_without_a_repository_no_page_has_a_launch_button(sample_site):
    require_built_site()
    assert yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"] == ""
    assert "mybinder.org/v2" in (sample_site / "chapters" / "01_introduction.html").read_text()  # the control
    for page in SITE.rglob("*.html"):
        text = page.read_text()
        assert "mybinder.org/v2" not in text and "git-pull?" not in text, page.name
    assert "mybinder.org/v2" not in (sample_site / "chapters" / "claims.html").read_text()  # not on text pages
