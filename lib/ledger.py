"""The claim ledger as data: every claim of the paper the book decides, and its verdict.

The data lives in ``lib/claims.toml`` (it ships inside the package, so a chapter
run anywhere can read it). Each claim has its number, the paper's claim in the
book's words, its place in the paper, the chapters whose cells decide it (tagged
``claim-N`` there), a verdict from DESIGN's categories, the link of the paper's
argument it belongs to and a one-line why. :func:`load` reads and validates it;
the website's ledger page, the conclusions and the tests all read it from here.

Example
-------
>>> ledger = load()
>>> [link.id for link in ledger.links]
['stabilize', 'search', 'orbits', 'edges', 'shadows', 'depth']
>>> ledger.claims[8].verdict
'confirmed exactly'
"""

from __future__ import annotations

import base64
import html
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Claim", "Link", "Ledger", "ArgumentMap", "Findings", "load", "argument_map", "findings", "VERDICTS"]

DATA = Path(__file__).with_name("claims.toml")
# DESIGN's verdict categories, most damaging first
VERDICTS = ("refuted", "not supported", "proof gap", "qualified", "confirmed numerically", "confirmed exactly",
            "definition or model")
CLAIM_FIELDS = {"number": int, "claim": str, "paper": str, "chapters": list, "verdict": str, "link": str, "why": str}
LINK_FIELDS = {"id": str, "name": str, "paper": str, "short": str, "finding": str}


@dataclass(frozen=True)
class Claim:
    """One row of the ledger."""

    number: int
    claim: str
    paper: str
    chapters: tuple[str, ...]
    verdict: str
    link: str
    why: str

    @property
    def tag(self) -> str:
        """The cell tag of the cells that decide this claim.

        Example
        -------
        >>> load().claims[0].tag
        'claim-1'
        """
        return f"claim-{self.number}"


@dataclass(frozen=True)
class Link:
    """One link of the paper's argument, from "an autoencoder stabilizes its input" to depth."""

    id: str
    name: str
    paper: str
    short: str
    finding: str


@dataclass(frozen=True)
class Ledger:
    """The bottom line, the verdict categories with their meanings, the argument's links, the claims, the undecided."""

    bottom_line: str
    verdicts: dict[str, str]
    links: tuple[Link, ...]
    claims: tuple[Claim, ...]
    undecided: tuple[dict, ...]

    def counts(self) -> dict[str, int]:
        """How many claims have each verdict, in the order of :data:`VERDICTS`.

        Example
        -------
        >>> counts = load().counts()
        >>> list(counts) == list(VERDICTS) and sum(counts.values()) == len(load().claims)
        True
        """
        return {v: sum(c.verdict == v for c in self.claims) for v in VERDICTS}

    def claims_of(self, link: str) -> tuple[Claim, ...]:
        """The claims that belong to the link ``link`` (its id), in their order.

        Example
        -------
        >>> [c.number for c in load().claims_of("stabilize")]
        [1, 2]
        """
        if link not in {k.id for k in self.links}:
            raise ValueError(f"link must be one of {[k.id for k in self.links]}, got {link!r}")
        return tuple(c for c in self.claims if c.link == link)

    def link_verdict(self, link: str) -> str:
        """The link's verdict: the most damaging of its claims' verdicts (definitions count only when all are).

        Example
        -------
        >>> load().link_verdict("shadows")
        'refuted'
        """
        verdicts = {c.verdict for c in self.claims_of(link)}
        tested = verdicts - {"definition or model"}
        return min(tested or verdicts, key=VERDICTS.index)

    def link_counts(self, link: str) -> dict[str, int]:
        """How many of the link's claims have each verdict, most damaging first, zeros left out.

        Example
        -------
        >>> load().link_counts("stabilize")
        {'confirmed numerically': 1, 'definition or model': 1}
        """
        claims = self.claims_of(link)
        counts = {v: sum(c.verdict == v for c in claims) for v in VERDICTS}
        return {v: n for v, n in counts.items() if n}


def _fields(entry: dict, fields: dict, where: str) -> dict:
    if set(entry) != set(fields):
        raise ValueError(f"{where}: expected the fields {sorted(fields)}, got {sorted(entry)}")
    for name, kind in fields.items():
        if not isinstance(entry[name], kind) or isinstance(entry[name], bool):
            raise ValueError(f"{where}: {name} must be a {kind.__name__}, got {entry[name]!r}")
    return entry


def load(path: str | Path | None = None) -> Ledger:
    """Read and validate the ledger (``lib/claims.toml`` unless ``path`` is given).

    Raises ``ValueError`` naming the entry and the field when a claim is out of
    order, has a verdict outside DESIGN's categories, belongs to no link, names
    no chapter, or has a missing or extra field.

    Example
    -------
    >>> sum(load().counts().values())
    39
    """
    if path is not None and not isinstance(path, (str, Path)):
        raise TypeError(f"path must be the path of a TOML file, got {path!r}")
    source = DATA if path is None else Path(path)
    try:
        data = tomllib.loads(source.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"path must name a readable TOML ledger: {source}: {error}") from None
    if set(data) != {"bottom_line", "verdicts", "link", "claim", "undecided"}:
        raise ValueError(f"{source}: expected bottom_line and the tables verdicts, link, claim and undecided, "
                         f"got {sorted(data)}")
    if not isinstance(data["bottom_line"], str) or not data["bottom_line"].strip():
        raise ValueError(f"{source}: bottom_line must be the book's verdict in a few sentences")
    if tuple(data["verdicts"]) != VERDICTS:
        raise ValueError(f"{source}: verdicts must be DESIGN's categories {VERDICTS}, got {tuple(data['verdicts'])}")
    links = tuple(Link(**_fields(e, LINK_FIELDS, f"link {i + 1}")) for i, e in enumerate(data["link"]))
    claims = []
    for i, entry in enumerate(data["claim"]):
        where = f"claim {entry.get('number', f'at position {i + 1}')}"
        entry = _fields(entry, CLAIM_FIELDS, where)
        if entry["number"] != i + 1:
            raise ValueError(f"{where}: claims must be numbered 1, 2, ... in order; expected {i + 1}")
        if entry["verdict"] not in VERDICTS:
            raise ValueError(f"{where}: verdict must be one of {VERDICTS}, got {entry['verdict']!r}")
        if entry["link"] not in {k.id for k in links}:
            raise ValueError(f"{where}: link must be one of {[k.id for k in links]}, got {entry['link']!r}")
        if not entry["chapters"] or not all(isinstance(c, str) for c in entry["chapters"]):
            raise ValueError(f"{where}: chapters must list the notebooks that decide it, got {entry['chapters']!r}")
        claims.append(Claim(**(entry | {"chapters": tuple(entry["chapters"])})))
    undecided = tuple(_fields(e, {"claim": str, "paper": str, "why": str}, f"undecided {i + 1}")
                      for i, e in enumerate(data["undecided"]))
    return Ledger(data["bottom_line"].strip(), dict(data["verdicts"]), links, tuple(claims), undecided)


# The verdicts' colours (text on tint), as the website's badges in the light theme (_site_static/book.css).
COLOURS = {
    "refuted": ("#8a1c1c", "#fde2e1"),
    "not supported": ("#7a3e00", "#fdebd3"),
    "proof gap": ("#6b4f00", "#fff3c4"),
    "qualified": ("#4a2d8a", "#ece6fa"),
    "confirmed numerically": ("#1e6234", "#e0f3e5"),
    "confirmed exactly": ("#134d2a", "#cdebd6"),
    "definition or model": ("#3c4043", "#eceef1"),
}
# On the map the counts merge the two kinds of confirmation, to fit one line.
MAP_LABELS = {"confirmed numerically": "confirmed", "confirmed exactly": "confirmed", "definition or model": "model"}


@dataclass(frozen=True)
class ArgumentMap:
    """The paper's argument as a chain of links, each coloured and labelled by its claims' verdicts.

    In a notebook it shows as a figure (an SVG image with its alt text, and a
    caption naming the links marked *you are here*); ``svg`` is the drawing and
    ``alt`` says the chain and its verdicts in words.
    """

    svg: str
    alt: str
    caption: str

    def _repr_html_(self) -> str:
        source = "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()
        return (f'<figure class="argument-map"><img src="{source}" alt="{html.escape(self.alt)}" width="480">'
                f"<figcaption>{html.escape(self.caption)}</figcaption></figure>")

    def __repr__(self) -> str:
        return self.alt


def _counts_line(counts: dict[str, int]) -> str:
    merged: dict[str, int] = {}
    for verdict, n in counts.items():
        label = MAP_LABELS.get(verdict, verdict)
        merged[label] = merged.get(label, 0) + n
    return " · ".join(f"{n} {label}" for label, n in merged.items())


def argument_map(here: str | tuple[str, ...] = (), *, ledger: Ledger | None = None) -> ArgumentMap:
    """Draw the paper's argument from the ledger; the links in ``here`` (ids) are marked *you are here*.

    Example
    -------
    >>> chain = argument_map("edges")
    >>> print(chain.alt.splitlines()[4])
    4. In GL(2), edges have the largest stabilizers (§2.3): qualified; 2 qualified, 2 confirmed numerically, 4 confirmed exactly. You are here.
    >>> chain.caption.startswith("Where this chapter sits")
    True
    """
    ledger = load() if ledger is None else ledger
    if not isinstance(ledger, Ledger):
        raise TypeError(f"ledger must be a Ledger (from lib.ledger.load()), got {type(ledger).__name__}")
    here = (here,) if isinstance(here, str) else tuple(here)
    ids = [link.id for link in ledger.links]
    if not all(isinstance(h, str) and h in ids for h in here):
        raise ValueError(f"here must be link ids among {ids}, got {here!r}")
    box, gap, width = 70, 22, 480
    height = len(ids) * box + (len(ids) - 1) * gap + 16
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" font-family="DejaVu Sans, Verdana, sans-serif">',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#3c4043"/></marker></defs>']
    lines = [f"The paper's argument as a chain of {len(ids)} links, each with the book's verdict "
             "(the most damaging among its claims) and its claims' verdicts:"]
    for i, link in enumerate(ledger.links):
        y = 8 + i * (box + gap)
        verdict, counts = ledger.link_verdict(link.id), ledger.link_counts(link.id)
        text, tint = COLOURS[verdict]
        marked = link.id in here
        parts.append(f'<rect x="12" y="{y}" width="{width - 24}" height="{box}" rx="8" fill="{tint}" '
                     f'stroke="{"#1f2328" if marked else text}" stroke-width="{4 if marked else 1.5}"/>')
        parts.append(f'<text x="26" y="{y + 24}" font-size="15" font-weight="700" fill="#1f2328">'
                     f'{i + 1}. {html.escape(link.short)}</text>')
        parts.append(f'<text x="26" y="{y + 44}" font-size="13" fill="{text}" font-weight="700">{verdict}'
                     f'<tspan font-weight="400" fill="#1f2328">  ({html.escape(link.paper)})</tspan></text>')
        parts.append(f'<text x="26" y="{y + 62}" font-size="12" fill="#1f2328">'
                     f'{html.escape(_counts_line(counts))}</text>')
        if marked:
            parts.append(f'<rect x="{width - 150}" y="{y + 31}" width="124" height="22" rx="11" fill="#1f2328"/>'
                         f'<text x="{width - 88}" y="{y + 46}" font-size="13" font-weight="700" fill="#ffffff" '
                         'text-anchor="middle">you are here</text>')
        if i:
            parts.append(f'<line x1="{width / 2}" y1="{y - gap}" x2="{width / 2}" y2="{y - 1}" stroke="#3c4043" '
                         'stroke-width="2" marker-end="url(#arrow)"/>')
        listed = ", ".join(f"{n} {v}" for v, n in counts.items())
        lines.append(f"{i + 1}. {link.short} ({link.paper}): {verdict}; {listed}."
                     + (" You are here." if marked else ""))
    parts.append("</svg>")
    numbers = [str(ids.index(h) + 1) for h in here]
    if numbers:
        caption = (f"Where this chapter sits in the paper's argument: link{'s' if len(numbers) > 1 else ''} "
                   f"{' and '.join(numbers)} of {len(ids)}. ")
    else:
        caption = f"The paper's argument, link by link. "
    caption += ("Each link is coloured and named by the most damaging verdict among its claims, with "
                "the claims' verdicts counted below it (from the claim ledger).")
    svg = "\n".join(parts)
    return ArgumentMap(svg, "\n".join(lines), caption)


@dataclass(frozen=True)
class Findings:
    """The book's verdict on some links of the argument, as a chapter closes with it (Markdown in a notebook)."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def findings(here: str | tuple[str, ...], *, ledger: Ledger | None = None) -> Findings:
    """The verdict and the finding of each link in ``here`` (ids), from the ledger.

    Example
    -------
    >>> print(findings("edges").text.split(":")[0])
    **Link 4 of the argument, "In GL(2) edges have the largest stabilizers, so first layers learn edges"
    """
    ledger = load() if ledger is None else ledger
    if not isinstance(ledger, Ledger):
        raise TypeError(f"ledger must be a Ledger (from lib.ledger.load()), got {type(ledger).__name__}")
    here = (here,) if isinstance(here, str) else tuple(here)
    ids = [link.id for link in ledger.links]
    if not here or not all(isinstance(h, str) and h in ids for h in here):
        raise ValueError(f"here must be one or more link ids among {ids}, got {here!r}")
    paragraphs = []
    for link_id in here:
        link = ledger.links[ids.index(link_id)]
        where = _chapter_list(ledger.claims_of(link_id))
        paragraphs.append(f'**Link {ids.index(link_id) + 1} of the argument, "{link.name}": '
                          f"{ledger.link_verdict(link_id)}.** {link.finding}"
                          + (f" *(The evidence: {where}.)*" if where else ""))
    return Findings("\n\n".join(paragraphs))


def _chapter_list(claims: tuple[Claim, ...]) -> str:
    """The numbered chapters that decide ``claims``, as "Chapters 2, 3 and 4" ("" if none), for a summary to say where its findings come from."""
    numbers = sorted({int(name.split("_")[0]) for c in claims for name in c.chapters if name[:2].isdigit()})
    if len(numbers) <= 1:
        return f"Chapter {numbers[0]}" if numbers else ""
    return "Chapters " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
