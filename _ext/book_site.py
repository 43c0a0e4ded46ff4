"""Four hooks of the book's website (a local Sphinx extension, listed in ``_config.yml``).

1. Launch buttons (Binder, a JupyterHub) are built from the public repository's
   URL, ``repository.url`` in ``_config.yml``. While it is empty they would point
   nowhere (and the theme cannot build them), so they are left out.
2. Each chapter page offers the student edition of its notebook (no solutions,
   made by ``course.editions``) in the download menu, beside the full notebook.
3. Bibliography entries are list items: docutils marks them ``doc-biblioentry``,
   a role ARIA has deprecated, inside a ``role="list"`` that then has no items
   (an accessibility error for screen readers).
4. A code cell whose metadata has ``machine_dependent`` (its reason) gets a note
   under its output: a fresh run on another processor may print other digits
   there (the tests compare that cell's text only on a machine that rounds like
   the one that made it; see ``conftest.py``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the course tooling is not installed
from course.editions import write_editions  # noqa: E402

STUDENT_FOLDER = "_student"  # in the built site: _student/NAME.ipynb


def launch_buttons_need_a_repository(app: Sphinx, config: Config) -> None:
    options = config.html_theme_options
    if not options.get("repository_url"):
        options.pop("launch_buttons", None)


def write_student_editions(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / STUDENT_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for path in write_editions(scratch, Path(app.srcdir) / "chapters")["student"]:
            shutil.copyfile(path, target / path.name)


def add_student_download(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    name = Path(pagename).name
    if not (Path(app.outdir) / STUDENT_FOLDER / f"{name}.ipynb").exists():
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(1, {
                "type": "link",
                "url": f"{context['pathto'](STUDENT_FOLDER, 1)}/{name}.ipynb",
                "text": "student .ipynb",
                "tooltip": "Download the student edition: no solutions, checks kept",
                "icon": "fas fa-graduation-cap",
                "label": "download-student-notebook-button",
            })


def biblioentries_as_list_items(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def machine_dependent_note(reason: str, docname: str) -> nodes.paragraph:
    link = addnodes.pending_xref("", nodes.inline(text="Reproducibility and speed"), refdomain="std",
                                 reftype="doc", reftarget="/chapters/reproducibility", refdoc=docname,
                                 refexplicit=True, refwarn=True)
    return nodes.paragraph("", "", nodes.strong(text="Other digits on another machine. "), nodes.Text(
        f"These numbers come from {reason}. Training amplifies the last-bit rounding differences between "
        "processors, so a fresh run elsewhere may print other digits; the cell's assert statements hold on "
        "every machine ("), link, nodes.Text(")."),
        classes=["machine-dependent-note"])


def note_machine_dependent_cells(app: Sphinx, doctree: nodes.document) -> None:
    for cell in list(doctree.findall(nodes.container)):
        reason = (cell.get("cell_metadata") or {}).get("machine_dependent")
        if reason and cell.get("nb_element") == "cell_code":
            cell += machine_dependent_note(reason, app.env.docname)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", note_machine_dependent_cells)
    app.connect("config-inited", launch_buttons_need_a_repository)
    app.connect("builder-inited", write_student_editions)
    app.connect("html-page-context", add_student_download, priority=502)  # after the theme's buttons (501)
    app.connect("html-page-context", biblioentries_as_list_items)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
