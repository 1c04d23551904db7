"""Views of the building blocks shown on many pages: learning points, quotes, case studies,
findings, tables and statistics, and a page's list of sources.

Each takes the page's `Writer`, so citations link where that page's references are.
"""

from __future__ import annotations

from typing import Iterable, Optional

from markupsafe import Markup

from ..content.model import (
    Case,
    Citation,
    Finding,
    LearningPoint,
    Noted,
    Sector,
    SevenMinute,
    Statistic,
    Table,
)
from . import charts
from .pages import Planner, Writer, plain, url
from .references import entry
from .views import (
    CaseLink,
    CaseView,
    Cell,
    FindingView,
    LearningPointItem,
    LearningPointView,
    Link,
    QuoteView,
    Reference,
    SevenMinuteLink,
    StatisticView,
    TableView,
)


def references(p: Planner, ids: Iterable[str], w: Writer) -> tuple[Reference, ...]:
    """The sources among `ids`, in reference-list order."""
    wanted = set(ids)
    chosen = sorted((s for s in p.corpus.sources if s.id in wanted),
                    key=lambda s: (p.cite_labels[s.id].lower(), s.id))
    return tuple(Reference(s.id, p.cite_labels[s.id], entry(s, p.cite_labels[s.id]),
                           w.inline(s.note)) for s in chosen)


def learning_point(p: Planner, lp: LearningPoint, w: Writer) -> LearningPointView:
    return LearningPointView(
        id=lp.id, text=w.inline(lp.text), audience=lp.audience, question=w.inline(lp.question),
        sectors=p.named("sector", lp.sectors),
        citations=Markup("; ").join(w.cite(c) for c in lp.citations),
        url=url("learning_point", lp.id),
        sector_links=sector_links(p, lp))


def sector_links(p: Planner, lp: LearningPoint) -> tuple[Link, ...]:
    """Links to a learning point where each of its sectors' pages lists it (on whichever
    page of a long sector page it is)."""
    return tuple(Link(str(s.name), p.listed_at("sector", s.id, f"lp-{lp.id}"))
                 for s in p.corpus.sectors if s.id in lp.sectors)


def learning_point_item(lp: LearningPoint, w: Writer) -> LearningPointItem:
    """Listings hold up to a few hundred of these, so they stay small: citations and the
    audience are on the learning point's own page."""
    return LearningPointItem(lp.id, plain(w.inline(lp.text)), url("learning_point", lp.id))


def case(case: Case, w: Writer, outcome: str) -> CaseView:
    return CaseView(id=case.id, title=case.title, pseudonym=case.pseudonym,
                    description=case.description, warning=case.content_warning,
                    summary=w.block(case.summary), outcome=outcome,
                    missed=tuple(w.inline(m) for m in case.missed_opportunities),
                    good=tuple(w.inline(g) for g in case.good_practice),
                    source=w.cite(case.source))


def case_link(p: Planner, c: Case) -> CaseLink:
    return CaseLink(c.title, url("case", c.id), c.content_warning, p.labels["outcome"][c.outcome])


DEFAULT_KEY_POINTS = 3  # per finding, where nothing is marked key and no limit is set


def key_learning_points(lps: list[LearningPoint], sector_id: str,
                        limit: Optional[int] = None) -> list[LearningPoint]:
    """The learning points of one finding that matter most to a sector, in the order they
    are written: those marked `key:` for it; with a `limit`, at most that many, the marked
    ones first and then the others in order; with neither, the first three."""
    marked = [lp for lp in lps if lp.key_for(sector_id)]
    if limit is None:
        return marked or lps[:DEFAULT_KEY_POINTS]
    first = {lp.id for lp in marked}
    chosen = {lp.id for lp in (marked + [lp for lp in lps if lp.id not in first])[:limit]}
    return [lp for lp in lps if lp.id in chosen]


def finding(p: Planner, f: Finding, sector: Optional[Sector], w: Writer,
            shown: Optional[set[str]] = None, *, key_only: bool = False,
            key_points: Optional[int] = None) -> FindingView:
    """A finding for one sector (with its overlay, and only its learning points), or for
    every sector (`sector` None). `shown` holds the case studies already told on the page:
    those are linked to, not told twice (one id, one telling), and the rest are added.

    `key_only` (for one sector): only the learning points that matter most to it
    (`key_learning_points`, at most `key_points` of them if given), with how many it has
    here and a link to all of them on the sector's page."""
    overlay = f.overlays.get(sector.id) if sector else None
    lps = [lp for lp in f.learning_points if sector is None or sector.id in lp.sectors]
    every = len(lps)
    if key_only and sector is not None:
        lps = key_learning_points(lps, sector.id, key_points)
    cases = p.corpus.index("case")
    links = tuple(case_link(p, cases[c]) for c in overlay.cases) if overlay else ()
    shown = set() if shown is None else shown
    ids = overlay.cases if overlay else ()
    above = tuple(Link(cases[c].title, f"#case-{c}") for c in ids if c in shown)
    ids = tuple(c for c in ids if c not in shown)
    shown.update(ids)
    return FindingView(
        id=f.id, title=f.title, summary=f.summary, url=url("finding", f.id),
        body=w.block(f.body), good_practice=w.block(f.good_practice),
        framing=w.block(overlay.framing) if overlay else Markup(""),
        examples=w.block(overlay.examples) if overlay else Markup(""),
        cases=tuple(case(cases[c], w, p.labels["outcome"][cases[c].outcome]) for c in ids),
        cases_above=above,
        quotes=tuple(QuoteView(q.text, q.speaker, q.review,
                               w.cite(Citation(source=q.source, page=q.page)))
                     for q in f.quotes),
        learning_points=tuple(learning_point(p, lp, w) for lp in lps),
        questions=tuple(w.inline(q) for q in f.questions),
        sector_learning_points=every, case_links=links,
        all_learning_points_url=(p.listed_at("sector", sector.id, f"group-{f.id}")
                                 if sector is not None and every else None))


def cell(value) -> Cell:
    """A table cell as text to show and an optional note."""
    note = None
    if isinstance(value, Noted):
        note, value = value.note, value.value
    if value is None:
        text = "–"
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    return Cell(text, note, isinstance(value, (int, float)))


def table_name(p: Planner, t: Table) -> Optional[str]:
    """The table's number with the report it comes from, "Table 1 (Smith, 2020)": two
    reports each have a Table 1, so a number alone does not say which table it is."""
    if not t.label:
        return None
    return f"{t.label} ({p.cite_labels.get(t.source.source, t.source.source)})"


def table(p: Planner, t: Table, w: Writer, linked: bool = False) -> TableView:
    """A table's view; `linked`: shown as its chart alone, with a link to its page (a
    concise briefing), so the chart's description says where its data are."""
    said = p.labels["chart"]
    if linked:
        said = {**said, "data_follow": said.get("data_linked", said["data_follow"])}
    return TableView(
        id=t.id, caption=t.caption, label=table_name(p, t), period=t.period, columns=t.columns,
        rows=tuple(tuple(cell(c) for c in row) for row in t.rows),
        total=tuple(cell(c) for c in t.total) if t.total else None,
        total_note=w.inline(t.total_note), notes=tuple(w.inline(n) for n in t.notes),
        source=w.cite(t.source), chart=charts.svg(t, said) if t.chart else None)


def statistic(s: Statistic, w: Writer) -> StatisticView:
    return StatisticView(id=s.id, group=s.group, text=w.block(s.text), note=w.inline(s.note),
                         source=w.cite(s.source))


def data_item(p: Planner, item, w: Writer):
    return table(p, item, w) if isinstance(item, Table) else statistic(item, w)


def seven_minute_link(p: Planner, sm: SevenMinute) -> SevenMinuteLink:
    return SevenMinuteLink(sm.title, url("seven_minute", sm.id), p.names("theme", sm.themes),
                           p.names("sector", sm.sectors))
