"""Where the built website is, and which pages it must have (shared by the site tests)."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


def toc_pages() -> list:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    parts = toc.get("parts", [{"chapters": toc.get("chapters", [])}])
    return [toc["root"]] + [entry["file"] for part in parts for entry in part["chapters"]]


def require_built_site() -> None:
    if not (SITE / "index.html").exists():
        pytest.fail("the website is not built: run README's first command (jupyter-book build) before the tests")
