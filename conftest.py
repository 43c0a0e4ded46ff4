"""The test suite's hooks: markers by kind of test, and which stored outputs nbval compares.

Markers (README lists the commands):

- ``notebooks``: every chapter re-executed by nbval;
- ``site``: tests that read the built website (``_build/html``);
- ``browser``: tests that open the website in Chromium;
- ``slow``: everything that takes minutes: the above, the seed shifts, the local
  Binder, the nbgrader path. ``pytest -m "not slow"`` runs the library's tests,
  its docstring examples and the exercises' checks.

Machine-dependent cells: a chapter's last cell (tagged ``reference-machine``,
hidden on the website) stores :func:`lib.experiments.machine` of the machine that
made the chapter's outputs. A code cell whose metadata has ``machine_dependent``
(the reason, which the website shows beside the output) prints digits that another
processor's rounding can change, e.g. a statistic of trained networks. nbval
compares such a cell's text only on a machine that computes like the reference one;
elsewhere the cell still runs and its ``assert``\\ s decide. Every other cell is
compared everywhere.

This file sits at the repository's root so that it applies to ``pytest chapters/``
as well as to the whole suite.
"""

import pytest

from lib.experiments import computes_like, machine, stored_machine

KINDS = {"test_site.py": "site", "test_browser.py": "browser", "test_pdf.py": "browser"}


def machine_dependent_cells(items) -> list:
    """The nbval items of machine-dependent cells whose notebook was made on a machine that rounds otherwise."""
    here, found, references = machine(), [], {}
    for item in items:
        cell = getattr(item, "cell", None)
        if item.path.suffix != ".ipynb" or cell is None or not cell.metadata.get("machine_dependent"):
            continue
        if item.parent not in references:
            references[item.parent] = stored_machine(item.path)
        reference = references[item.parent]
        if reference is not None and not computes_like(reference, here):
            found.append(item)
    return found


@pytest.hookimpl(tryfirst=True)  # before pytest selects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        kind = "notebooks" if item.path.suffix == ".ipynb" else KINDS.get(item.path.name)
        if kind:
            item.add_marker(getattr(pytest.mark, kind))
        if any(item.get_closest_marker(k) for k in ("notebooks", "site", "browser")):
            item.add_marker(pytest.mark.slow)
    uncompared = machine_dependent_cells(items)
    for item in uncompared:
        item.options["check"] = False  # nbval: run the cell, do not compare its text
    if any(item.path.suffix == ".ipynb" for item in items):
        here = machine()
        config.stash[UNCOMPARED] = (len(uncompared), here)


UNCOMPARED = pytest.StashKey[tuple]()


def pytest_report_collectionfinish(config, start_path, items):
    if UNCOMPARED not in config.stash:
        return []
    count, here = config.stash[UNCOMPARED]
    return [f"this machine: {here['cpu']}; NumPy dispatch {' '.join(here['numpy_dispatch']) or 'baseline only'}; "
            f"BLAS {', '.join(here['blas'])}",
            f"machine-dependent cells whose text is not compared here (their notebooks were made on a machine "
            f"that rounds otherwise): {count}"]
