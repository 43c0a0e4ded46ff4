"""Markers by kind of test, so a developer can run the quick ones (README lists the commands).

- ``notebooks``: every chapter re-executed by nbval;
- ``site``: tests that read the built website (``_build/html``);
- ``browser``: tests that open the website in Chromium;
- ``slow``: everything that takes minutes: the above, the seed shifts, the local
  Binder, the nbgrader path. ``pytest -m "not slow"`` runs the library's tests,
  its docstring examples and the exercises' checks.
"""

import pytest

KINDS = {"test_site.py": "site", "test_browser.py": "browser", "test_pdf.py": "browser"}


@pytest.hookimpl(tryfirst=True)  # before pytest selects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        kind = "notebooks" if item.path.suffix == ".ipynb" else KINDS.get(item.path.name)
        if kind:
            item.add_marker(getattr(pytest.mark, kind))
        if any(item.get_closest_marker(k) for k in ("notebooks", "site", "browser")):
            item.add_marker(pytest.mark.slow)
