"""The kinds of record: each declared once, here. Everything else derives from this table.

The loader reads each kind from its files; the checks find duplicate ids within each kind
and references (`Ref("finding")`) by kind name; the website makes each kind's pages at its
URL, lists it in the navigation, sitemap and search under its type. To add a kind: write
its record class in `model.py`, add a `Kind` here, and (if it has a page) a template named
after it. See docs/architecture.md.

One name per kind, everywhere: `Kind("case")` is `Ref("case")`, `corpus.of("case")`,
`templates/case.html`, the CSS class `.case` and the URL `cases/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import model


@dataclass(frozen=True)
class Kind:
    name: str                 # the one name: Ref("case"), corpus.of("case"), case.html, .case
    record: type              # the record class in model.py
    label: str                # what one is called in messages and searches: "case study"
    files: str = ""           # where they are written under content/: "cases/*.yaml"
    one_per_file: bool = True  # else each file holds a list of them
    key: Optional[str] = None  # in a file shared with other kinds, the key of their list
    inside: Optional[tuple[str, str]] = None  # written inside another kind: (kind, field)
    page: Optional[str] = None   # URL of each record's own page: "cases/{id}/index.html"
    at: Optional[str] = None     # or where each is shown on another page: "glossary/...#{id}"
    index: Optional[str] = None  # URL of the page that lists them all
    nav: bool = False            # that page is in the site's main navigation
    search: Optional[str] = None  # the search `type` of their pages (None: not filed)
    ids: Optional[str] = None    # id namespace, when shared with another kind
    feed: bool = False           # new ones are announced: home page "latest", Atom feed

    @property
    def namespace(self) -> str:
        return self.ids or self.name

    def url(self, id: str) -> str:
        """Where a record of this kind is shown on the site."""
        pattern = self.page or self.at
        if pattern is None:
            raise LookupError(f"{self.label}s are not shown on a page of their own")
        return pattern.format(id=id)


# In the order the site's navigation lists them.
KINDS: tuple[Kind, ...] = (
    Kind("source", model.Source, "source", "sources/*.yaml", one_per_file=False),
    Kind("sector", model.Sector, "sector", "sectors.yaml", one_per_file=False,
         page="sectors/{id}/index.html", index="sectors/index.html", nav=True),
    Kind("review", model.Review, "review", "reviews/*.yaml", page="reviews/{id}/index.html",
         index="reviews/index.html", nav=True, search="review", feed=True),
    Kind("seven_minute", model.SevenMinute, "seven-minute briefing", "seven-minute/*.yaml",
         page="seven-minute/{id}/index.html", index="seven-minute/index.html", nav=True,
         search="seven-minute briefing", feed=True),
    Kind("theme", model.Theme, "theme", "themes.yaml", one_per_file=False,
         page="themes/{id}/index.html", index="themes/index.html", nav=True),
    Kind("finding", model.Finding, "finding", "findings/*.yaml",
         page="findings/{id}/index.html", index="findings/index.html", nav=True,
         search="finding"),
    Kind("learning_point", model.LearningPoint, "learning point",
         inside=("finding", "learning_points"), page="learning-points/{id}/index.html",
         index="learning-points/index.html", nav=True, search="learning point"),
    Kind("case", model.Case, "case study", "cases/*.yaml", page="cases/{id}/index.html",
         index="cases/index.html", nav=True, search="case study"),
    Kind("table", model.Table, "table", "data/*.yaml", one_per_file=False, key="tables",
         page="data/{id}/index.html", index="data/index.html", nav=True, search="data",
         ids="key data"),
    Kind("statistic", model.Statistic, "statistic", "data/*.yaml", one_per_file=False,
         key="statistics", at="data/index.html#{id}", ids="key data"),
    Kind("term", model.Term, "glossary term", "glossary.yaml", one_per_file=False,
         at="glossary/index.html#{id}", index="glossary/index.html", nav=True,
         search="glossary"),
    Kind("section", model.Section, "section", "sections/*.yaml"),
    Kind("briefing", model.Briefing, "sector briefing", "briefings/*.yaml",
         page="briefings/{id}/index.html", search="briefing", feed=True),
    # Records of use: no page each; their counts are the evidence-of-use page
    # (render/evidence.py).
    Kind("use", model.Use, "record of use", "uses/*.yaml"),
    # Trainers' CPD sessions: each page links its slides, handout, guide, cards, evaluation.
    Kind("session", model.Session, "training session", "sessions/*.yaml",
         page="sessions/{id}/index.html", index="sessions/index.html", nav=True,
         search="training session"),
)



def kind(name: str) -> Kind:
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(f"no kind of record is called {name!r}")


def of_record(record: object) -> Kind:
    """The kind a record belongs to."""
    for k in KINDS:
        if type(record) is k.record:
            return k
    raise LookupError(f"{type(record).__name__} is not a kind of record")


def label(*names: str) -> str:
    """What a reference to these kinds is called: "finding", "table or statistic"."""
    return " or ".join(kind(n).label for n in names)
