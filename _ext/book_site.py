"""Three hooks of the book's website (a local Sphinx extension, listed in ``_config.yml``).

1. Launch buttons (Binder, a JupyterHub) are built from the public repository's
   URL, ``repository.url`` in ``_config.yml``. While it is empty they would point
   nowhere (and the theme cannot build them), so they are left out.
2. Each chapter page offers the student edition of its notebook (no solutions,
   made by ``course.editions``) in the download menu, beside the full notebook.
3. Bibliography entries are list items: docutils marks them ``doc-biblioentry``,
   a role ARIA has deprecated, inside a ``role="list"`` that then has no items
   (an accessibility error for screen readers).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

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


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", launch_buttons_need_a_repository)
    app.connect("builder-inited", write_student_editions)
    app.connect("html-page-context", add_student_download, priority=502)  # after the theme's buttons (501)
    app.connect("html-page-context", biblioentries_as_list_items)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
