"""The glossary defines every term the book relies on, and each chapter links a term where it first uses it."""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = (ROOT / "chapters" / "glossary.md").read_text()
TERMS = re.findall(r"^(\S[^\n]*)\n  ", GLOSSARY.split("```{glossary}")[1], re.M)
# Terms a reader without Lie theory or topology meets in the chapters: each must be defined.
REQUIRED = ["Lie algebra", "Lie group", "Haar measure", "Compact", "Identity component", "Homeomorphism",
            "Homotopy", "Isotopy", "Stabilizer", "Orbit", "Orbit–stabilizer theorem", "Action", "Moduli space",
            "Intrinsic space", "Figure", "Generalized edge", "Shadow group", "Codimension", "Tube",
            "Matrix exponential", "Gabor function", "Whitening"]
ROLE = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>`]+)>)?`")


def chapter_texts():
    for path in [ROOT / "chapters" / "primer.ipynb", *sorted((ROOT / "chapters").glob("[0-9][0-9]_*.*"))]:
        if path.suffix == ".ipynb":
            cells = nbformat.read(path, as_version=4).cells
            yield path.stem, "\n".join(c.source for c in cells if c.cell_type == "markdown")
        elif path.suffix == ".md":
            yield path.stem, path.read_text()


TEXTS = dict(chapter_texts())


def linked_terms(text):
    return [(target or label).strip() for label, target in ROLE.findall(text)]


def test_the_glossary_is_sorted_and_defines_every_required_term():
    assert TERMS == sorted(TERMS, key=str.lower)
    missing = [t for t in REQUIRED if t not in TERMS]
    assert not missing, f"the glossary does not define {missing}"


def test_every_glossary_term_is_linked_from_some_chapter():
    used = {t for text in TEXTS.values() for t in linked_terms(text)}
    unused = [t for t in TERMS if t not in used]
    assert not unused, f"no chapter links these glossary terms: {unused}"


def test_every_link_names_a_defined_term():
    for chapter, text in TEXTS.items():
        unknown = [t for t in linked_terms(text) if t not in TERMS]
        assert not unknown, f"{chapter} links terms the glossary does not define: {unknown}"


@pytest.mark.parametrize("chapter", sorted(TEXTS))
def test_a_term_is_linked_at_most_once_per_chapter(chapter):
    links = linked_terms(TEXTS[chapter])
    assert len(links) == len(set(links)), sorted(t for t in set(links) if links.count(t) > 1)


@pytest.mark.parametrize("chapter", sorted(TEXTS))
def test_a_required_term_is_linked_where_the_chapter_first_uses_it(chapter):
    text = TEXTS[chapter]
    # blank out math, code, roles, headings and directive lines, keeping every position
    prose = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$|\{[\w:-]+\}`[^`]*`|`[^`]*`|^[#:].*$",
                   lambda m: " " * len(m.group(0)), text, flags=re.S | re.M)
    for term in REQUIRED:
        word = {"Orbit–stabilizer theorem": "orbit–stabilizer", "Figure": "figure", "Tube": "tube",
                "Whitening": "whiten", "Shadow group": "shadow group", "Gabor function": "Gabor function"}.get(term, term)
        flags = 0 if term in ("Figure", "Tube") else re.I
        first_use = re.search(r"(?<![\w-])" + re.escape(word), prose, flags)
        if first_use is None:
            continue
        role = re.search(r"\{term\}`[^`]*<" + re.escape(term) + ">`", text)
        assert role, f"{chapter} uses {term!r} but never links it to the glossary"
        assert role.start() < first_use.start(), \
            f"{chapter} uses {term!r} before it links it: {text[first_use.start() - 40:first_use.end() + 20]!r}"
