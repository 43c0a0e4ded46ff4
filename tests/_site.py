"""Where the built website is, and which pages it must have (shared by the site tests)."""

from pathlib import Path

import pytest

from pdf.build import toc_pages  # noqa: F401  (the pages in the contents' order, one home)

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


def require_built_site() -> None:
    if not (SITE / "index.html").exists():
        pytest.fail("the website is not built: run README's first command (jupyter-book build) before the tests")
