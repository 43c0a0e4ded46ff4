"""Where the built website is, and which pages it must have (shared by the site tests)."""

import pytest

from pdf.build import ROOT, SITE, toc_pages  # noqa: F401  (one home: the repository, the site, its pages in order)


def require_built_site() -> None:
    if not (SITE / "index.html").exists():
        pytest.fail("the website is not built: run README's first command (jupyter-book build) before the tests")
