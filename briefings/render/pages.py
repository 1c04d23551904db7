"""The site plan: every output page as (url, template, context), built from the records.

Everything a template shows is worked out here: which learning points a sector sees, which
sources a briefing cites, the rendered Markdown. Templates only lay it out.

URLs are relative to the site root and end in `index.html`, so the site works when opened
straight from disk as well as from a web server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from markupsafe import Markup

from ..content.model import (
    Briefing,
    CaseStudy,
    Citation,
    Corpus,
    Finding,
    LearningPoint,
    Noted,
    Sector,
    Statistic,
    Table,
)
from . import charts
from .markdown import Markdown
from .references import entry, labels


@dataclass
class Page:
    url: str                 # path under the site root, e.g. "briefings/health/index.html"
    template: str
    title: str
    context: dict = field(default_factory=dict)
    kind: str = "page"       # the search `type` filter: briefing, finding, case study, ...
    pdf: str | None = None   # url of the PDF made from this page, if any
    filters: dict = field(default_factory=dict)  # other search filters: sector, theme, source
    root: str | None = None  # how links reach the site root, when not relative (404 page)


def url(kind: str, id: str = "") -> str:
    """The one place URLs are made."""
    return {
        "home": "index.html",
        "briefing": f"briefings/{id}/index.html",
        "briefing-pdf": f"briefings/{id}/{id}.pdf",
        "finding": f"findings/{id}/index.html",
        "references": "references/index.html",
        "seven-minute": f"seven-minute/{id}/index.html",
        "sectors": "sectors/index.html",
        "sector": f"sectors/{id}/index.html",
        "themes": "themes/index.html",
        "theme": f"themes/{id}/index.html",
        "findings": "findings/index.html",
        "learning-points": "learning-points/index.html",
        "learning-point": f"learning-points/{id}/index.html",
        "cases": "cases/index.html",
        "case": f"cases/{id}/index.html",
        "data": "data/index.html",
        "table": f"data/{id}/index.html",
        "table-csv": f"data/{id}/{id}.csv",
        "glossary": "glossary/index.html",
        "accessibility": "accessibility/index.html",
        "search": "search/index.html",
        "not-found": "404.html",
        "sitemap": "sitemap.xml",
        "feed": "feed.xml",
        "seven-minute-pdf": f"seven-minute/{id}/{id}.pdf",
        "seven-minute-index": "seven-minute/index.html",
        "seven-minute-sector": f"seven-minute/{id}/index.html",  # id: a sector's
    }[kind]


def root_of(page_url: str) -> str:
    return "../" * page_url.count("/")


class Writer:
    """Renders Markdown for one page, with citations linking to the right reference list.

    It remembers every source it cited, so a briefing's reference list holds exactly the
    works that briefing cites.
    """

    def __init__(self, md: Markdown, root: str, local_refs: bool):
        self.md = md
        self.root = root
        self.cited: set[str] = set()
        self.local_refs = local_refs

    def href(self, source_id: str) -> str:
        self.cited.add(source_id)
        if self.local_refs:
            return f"#ref-{source_id}"
        return f"{self.root}{url('references')}#ref-{source_id}"

    def block(self, text) -> Markup:
        return self.md.block(text, self.href)

    def inline(self, text) -> Markup:
        return self.md.inline(text, self.href)

    def cite(self, c: Citation | None) -> Markup:
        """A structured citation, printed like an inline one."""
        if c is None:
            return Markup("")
        locator = ""
        if c.page is not None:
            page = str(c.page)
            locator = f", {'pp.' if '-' in page or '–' in page else 'p.'} {page}"
        if c.locator:
            locator = f", {c.locator}" + locator
        return self.inline(f"[@{c.source}{locator}]")


# ---- view builders ---------------------------------------------------------------------------

class Planner:
    def __init__(self, corpus: Corpus, pdf: bool = True):
        self.corpus = corpus
        # Whether this build makes PDFs, so pages may link to them: the one place that knows.
        self.pdf = pdf and corpus.settings.pdf
        self.md = Markdown(labels(corpus.sources))
        self.labels = self.md.labels
        self.sources = corpus.index("source")
        self.cases = corpus.index("case")
        self.data = corpus.index("data")
        self.sections = corpus.index("section")
        self.findings = corpus.index("finding")
        self.sectors = corpus.index("sector")
        self.themes = corpus.index("theme")

    def references(self, ids: Iterable[str], w: Writer) -> list[dict]:
        chosen = [s for s in self.corpus.sources if s.id in set(ids)]
        chosen.sort(key=lambda s: (self.labels[s.id].lower(), s.id))
        return [{"id": s.id, "label": self.labels[s.id], "entry": entry(s, self.labels[s.id]),
                 "note": w.inline(s.note)} for s in chosen]

    def learning_point(self, lp: LearningPoint, w: Writer) -> dict:
        return {"id": lp.id, "text": w.inline(lp.text), "audience": lp.audience,
                "question": w.inline(lp.question),
                "sectors": [self.sectors[s].name for s in lp.sectors],
                "citations": Markup("; ").join(w.cite(c) for c in lp.citations)}

    def case(self, case: CaseStudy, w: Writer) -> dict:
        return {"id": case.id, "title": case.title, "pseudonym": case.pseudonym,
                "description": case.description, "warning": case.content_warning,
                "summary": w.block(case.summary), "outcome": case.outcome,
                "missed": [w.inline(m) for m in case.missed_opportunities],
                "good": [w.inline(g) for g in case.good_practice],
                "source": w.cite(case.source)}

    def finding(self, f: Finding, sector: Sector | None, w: Writer) -> dict:
        overlay = f.sectors.get(sector.id) if sector else None
        lps = [lp for lp in f.learning_points if sector is None or sector.id in lp.sectors]
        case_ids = list(overlay.cases) if overlay else []
        return {
            "id": f.id, "title": f.title, "summary": f.summary, "url": url("finding", f.id),
            "body": w.block(f.body), "good_practice": w.block(f.good_practice),
            "framing": w.block(overlay.framing) if overlay else Markup(""),
            "examples": w.block(overlay.examples) if overlay else Markup(""),
            "cases": [self.case(self.cases[c], w) for c in case_ids],
            "quotes": [{"text": q.text, "speaker": q.speaker, "review": q.review,
                        "source": w.cite(Citation(source=q.source, page=q.page))}
                       for q in f.quotes],
            "learning_points": [self.learning_point(lp, w) for lp in lps],
            "questions": [w.inline(q) for q in f.questions],
        }

    def table(self, t: Table, w: Writer) -> dict:
        return {"kind": "table", "id": t.id, "caption": t.caption, "label": t.label,
                "period": t.period, "columns": t.columns,
                "rows": [[cell_view(c) for c in row] for row in t.rows],
                "total": [cell_view(c) for c in t.total] if t.total else None,
                "total_note": w.inline(t.total_note),
                "notes": [w.inline(n) for n in t.notes], "source": w.cite(t.source),
                "chart": charts.svg(t) if t.chart else None}

    def statistic(self, s: Statistic, w: Writer) -> dict:
        return {"kind": "statistic", "id": s.id, "group": s.group, "text": w.block(s.text),
                "note": w.inline(s.note), "source": w.cite(s.source)}

    def data_item(self, item, w: Writer) -> dict:
        return self.table(item, w) if isinstance(item, Table) else self.statistic(item, w)

    # -- briefings ---------------------------------------------------------------------------
    def briefing(self, b: Briefing) -> Page:
        page_url = url("briefing", b.id)
        w = Writer(self.md, root_of(page_url), local_refs=True)
        sector = self.sectors[b.sector]
        parts, toc = [], []
        for n, part in enumerate(b.parts, start=1):
            anchor = f"part-{n}"
            toc.append({"anchor": anchor, "title": part.title, "level": 1})
            blocks = []
            for block in part.blocks:
                if block.section:
                    s = self.sections[block.section]
                    body = str(s.body).replace("{sector}", sector.name)
                    blocks.append({"kind": "section", "id": s.id, "title": s.title,
                                   "body": w.block(body), "boxed": s.boxed})
                    toc.append({"anchor": s.id, "title": s.title, "level": 2})
                elif block.audience:
                    blocks.append({"kind": "audience", "id": "who-this-briefing-is-for",
                                   "title": "Who this briefing is for",
                                   "lead": sector.audience.lead,
                                   "groups": sector.audience.groups})
                    toc.append({"anchor": "who-this-briefing-is-for",
                                "title": "Who this briefing is for", "level": 2})
                elif block.data:
                    items = [self.data[i] for i in block.data]
                    blocks.append({"kind": "data", "items": [self.data_item(i, w) for i in items]})
                elif block.findings:
                    fs = [self.findings[i] for i in block.findings]
                    views = [self.finding(f, sector, w) for f in fs]
                    for f in fs:
                        toc.append({"anchor": f.id, "title": f.title, "level": 2})
                    blocks.append({"kind": "findings", "items": views})
            parts.append({"anchor": anchor, "title": part.title, "blocks": blocks})
        refs = self.references(w.cited | set(b.based_on), w)
        toc.append({"anchor": "references", "title": "References", "level": 1})
        return Page(page_url, "briefing.html", b.title, kind="briefing",
                    pdf=url("briefing-pdf", b.id) if self.pdf else None,
                    context={"briefing": b, "sector": sector, "parts": parts,
                             "contents": contents(toc), "meta": dublin_core(b),
                             "references": refs, "summary": w.block(b.summary)})


def contents(toc: list[dict]) -> list[dict]:
    """The flat table of contents as a two-level list: each part with its sections."""
    out: list[dict] = []
    for item in toc:
        if item["level"] == 1 or not out:
            out.append({**item, "children": []})
        else:
            out[-1]["children"].append(item)
    return out


def dublin_core(record) -> dict[str, str]:
    """Content dates as <meta> tags; the PDF takes its creation and modification dates
    from them, so a rebuild of the same content gives the same bytes."""
    created = getattr(record, "published", None)
    modified = getattr(record, "reviewed", None) or created
    meta = {}
    if created:
        meta["dcterms.created"] = created.isoformat()
    if modified:
        meta["dcterms.modified"] = modified.isoformat()
    return meta


def cell_view(cell) -> dict:
    """A table cell as text to show and an optional note."""
    note = None
    if isinstance(cell, Noted):
        note, cell = cell.note, cell.value
    if cell is None:
        text = "–"
    elif isinstance(cell, float):
        text = f"{cell:g}"
    else:
        text = str(cell)
    return {"text": text, "note": note, "numeric": isinstance(cell, (int, float))}


def plan(corpus: Corpus, pdf: bool = True) -> list[Page]:
    """Every page of the site."""
    p = Planner(corpus, pdf)
    pages = [p.briefing(b) for b in corpus.briefings]
    w = Writer(p.md, "", local_refs=False)
    pages.insert(0, Page(url("home"), "home.html", corpus.settings.title, kind="home",
                         context={"description": w.inline(corpus.settings.description)}))
    all_refs = Writer(p.md, root_of(url("references")), local_refs=True)
    pages.append(Page(url("references"), "references.html", "References", kind="references",
                      context={"references": p.references(p.sources, all_refs)}))
    from . import seven_minute, views  # the site's own pages; they build on this module
    site = views.Site(p)
    pages += site.pages()
    pages += seven_minute.pages(p)
    site.finish(pages)
    return pages


def site_context(corpus: Corpus) -> dict:
    """What every page shares: navigation, logo, the date overdue notices are judged by."""
    import datetime as dt

    from . import views
    return {**views.site_links(corpus), "logo": corpus.settings.partnership.logo,
            "today": corpus.settings.today or dt.date.today()}
