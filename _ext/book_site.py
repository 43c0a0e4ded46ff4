"""The book's own hooks, roles and directives for its website (a local Sphinx extension, listed in
``_config.yml``).

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
5. The claim ledger's page is rendered from its data, ``lib/claims.toml``: the
   ``claim-ledger`` directive writes the summary counts, the verdicts' meanings and
   the table (with the argument ``undecided``, the claims the book does not
   decide; ``summary``, the counts; ``bottom-line``, the book's verdict and the counts); the ``verdict`` role writes a verdict as a badge (its words, coloured).
6. The paper's argument from the same data: ``argument-map`` draws the chain (link
   ids as arguments mark *you are here*), ``link-findings`` lists each link's
   verdict, finding and claims; ``reading-times`` tabulates every chapter's reading,
   exercise and run time (``course/reading.py``).
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
from sphinx.util.docutils import SphinxDirective

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the course tooling is not installed
from course.editions import write_editions  # noqa: E402
from course.reading import book_times  # noqa: E402
from lib import ledger  # noqa: E402

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


def verdict_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    if text not in ledger.VERDICTS:
        message = inliner.reporter.error(f"verdict must be one of {ledger.VERDICTS}, got {text!r}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.inline(rawtext, text, classes=["verdict", "verdict-" + text.replace(" ", "-")])], []


def chapter_links(chapters: tuple[str, ...]) -> str:
    return ", ".join(f"{{doc}}`Ch. {int(name[:2])} <{name}>`" for name in chapters)


class ClaimLedger(SphinxDirective):
    """The ledger from ``lib/claims.toml``: summary, meanings and table; or, with ``undecided``, the undecided claims."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(ledger.DATA))
        data = ledger.load()
        if self.arguments == ["undecided"]:
            return self.parse_text_to_nodes("\n".join(
                f"- {u['claim']} ({u['paper']}): {u['why']}." for u in data.undecided))
        counts = data.counts()
        summary = f"**{len(data.claims)} claims:** " + " · ".join(
            f"{{verdict}}`{verdict}` {count}" for verdict, count in counts.items())
        if self.arguments == ["summary"]:
            return self.parse_text_to_nodes(summary)
        if self.arguments == ["bottom-line"]:
            return self.parse_text_to_nodes(f"**The bottom line.** {data.bottom_line}\n\n{summary}")
        meanings = "\n".join(f"{{verdict}}`{v}`\n: {meaning}\n" for v, meaning in data.verdicts.items())
        return [*self.parse_text_to_nodes(summary), *self.parse_text_to_nodes(meanings), self.table(data)]

    def table(self, data: ledger.Ledger) -> nodes.table:
        columns = (("#", 5), ("Claim", 30), ("Verdict", 18), ("Where", 11), ("Why", 36))
        table = nodes.table(classes=["claim-ledger", "colwidths-given"])
        group = nodes.tgroup(cols=len(columns))
        table += group
        group += [nodes.colspec(colwidth=width) for _, width in columns]
        group += nodes.thead("", self.row([nodes.paragraph(text=name) for name, _ in columns], columns))
        body = nodes.tbody()
        for claim in data.claims:
            cells = (str(claim.number), f"{claim.claim} ({claim.paper})", f"{{verdict}}`{claim.verdict}`",
                     chapter_links(claim.chapters), claim.why)
            body += self.row([self.parse_text_to_nodes(text) for text in cells], columns)
            body[-1]["ids"].append(claim.tag)  # claims.html#claim-N, linked from the conclusions
        group += body
        return table

    @staticmethod
    def row(contents: list, columns: tuple) -> nodes.row:
        row = nodes.row()
        for content, (name, _) in zip(contents, columns):
            entry = nodes.entry(classes=["ledger-" + {"#": "number"}.get(name, name.lower())])
            entry += content
            row += entry
        return row


class ArgumentMapDirective(SphinxDirective):
    """The paper's argument drawn from the ledger (``lib.ledger.argument_map``); arguments: link ids marked here."""

    optional_arguments = 6

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(ledger.DATA))
        try:
            chain = ledger.argument_map(tuple(self.arguments))
        except ValueError as error:
            raise self.error(str(error)) from None
        return [nodes.raw("", chain._repr_html_(), format="html")]


class LinkFindings(SphinxDirective):
    """Each link of the argument: its verdict, the book's finding, and its claims by verdict, most damaging first."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(ledger.DATA))
        data = ledger.load()
        claims_page = self.env.app.builder.get_relative_uri(self.env.docname, "chapters/claims")
        result = []
        for number, link in enumerate(data.links, start=1):
            result += self.parse_text_to_nodes(
                f"**{number}. {link.name}** ({link.paper}): {{verdict}}`{data.link_verdict(link.id)}`. "
                f"{link.finding}")
            claims = nodes.paragraph("", "Claims: ", classes=["link-claims"])
            for i, verdict in enumerate(data.link_counts(link.id)):
                claims += nodes.Text(" · " if i else "")
                claims += nodes.inline("", verdict, classes=["verdict", "verdict-" + verdict.replace(" ", "-")])
                for j, claim in enumerate(c for c in data.claims_of(link.id) if c.verdict == verdict):
                    claims += nodes.Text(", " if j else " ")
                    claims += nodes.reference("", str(claim.number), refuri=f"{claims_page}#{claim.tag}",
                                              internal=True)
            result.append(claims)
        return result


class ReadingTimes(SphinxDirective):
    """A table of every chapter's reading, exercise and run time (``course.reading``); ``total``: one sentence."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        rows = ["| Chapter | Reading | With the evidence | Exercises | Run |", "|---|--:|--:|--:|--:|"]
        times = book_times()
        if self.arguments == ["total"]:
            read = [t.main_minutes for t in times if t.exercises]
            work = [t.exercise_minutes for t in times if t.exercises]
            return self.parse_text_to_nodes(
                f"**Time**: about {sum(t.main_minutes for t in times) / 60:.0f} hours of reading "
                f"({sum(t.reading_minutes for t in times) / 60:.0f} with every piece of evidence opened) and "
                f"{sum(work) / 60:.0f} of exercises in all; a chapter takes {min(read)}–{max(read)} minutes to "
                f"read and {min(work)}–{max(work)} minutes of exercises (the table below).")
        for t in times:
            self.env.note_dependency(str(Path(self.env.srcdir) / "chapters" / t.chapter))
            exercises = f"{t.exercise_minutes} min ({t.exercises})" if t.exercises else "—"
            run = f"{t.run_seconds:.0f} s" if t.run_seconds is not None else "—"
            short = t.title.split(":")[0]
            label = short if not t.chapter[:2].isdigit() else f"{int(t.chapter[:2])}. {short}"
            rows.append(f"| {{doc}}`{label} <{t.chapter}>` | {t.main_minutes} min | {t.reading_minutes} min | "
                        f"{exercises} | {run} |")
        main = sum(t.main_minutes for t in times)
        reading = sum(t.reading_minutes for t in times)
        exercises = sum(t.exercise_minutes for t in times)
        rows.append(f"| **All** | **{main / 60:.1f} h** | **{reading / 60:.1f} h** | **{exercises / 60:.1f} h** | "
                    f"**{sum(t.run_seconds or 0 for t in times) / 60:.0f} min** |")
        return self.parse_text_to_nodes("\n".join(rows))


def setup(app: Sphinx) -> dict:
    app.add_role("verdict", verdict_role)
    app.add_directive("claim-ledger", ClaimLedger)
    app.add_directive("argument-map", ArgumentMapDirective)
    app.add_directive("link-findings", LinkFindings)
    app.add_directive("reading-times", ReadingTimes)
    app.connect("doctree-read", note_machine_dependent_cells)
    app.connect("config-inited", launch_buttons_need_a_repository)
    app.connect("builder-inited", write_student_editions)
    app.connect("html-page-context", add_student_download, priority=502)  # after the theme's buttons (501)
    app.connect("html-page-context", biblioentries_as_list_items)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
