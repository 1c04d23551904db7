"""The website's own pages: sectors, themes, findings, learning points, case studies, key data,
glossary, accessibility statement, search and 404 (sitemap and feed are in feeds.py).

`pages.py` is the plan; this module builds the views it lists. Each builder returns a `Page`
whose context holds everything its template shows, and whose `filters` say how Pagefind should
file it (sector, theme, source; the `type` filter is the page's `kind`).
"""

from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit

from markupsafe import Markup

from ..content.model import (
    Briefing,
    CaseStudy,
    Corpus,
    Finding,
    LearningPoint,
    Sector,
    SevenMinute,
    Table,
    Term,
    Theme,
)
from . import feeds
from .pages import Page, Planner, Writer, root_of, url

AUDIENCE = {"practitioner": "Practitioner", "manager": "Manager", "system-leader": "System leader"}
OUTCOME = {"died": "The child died", "serious-harm": "Serious harm", "other": "Other"}


def site_links(corpus: Corpus) -> dict:
    """The header navigation, footer links and the URLs every page needs."""
    s = corpus.settings
    nav = [("Sectors", "sectors"), ("Themes", "themes"), ("Findings", "findings"),
           ("Learning points", "learning-points"), ("Case studies", "cases"),
           ("Key data", "data"), ("Glossary", "glossary")]
    if corpus.seven_minute:
        nav.insert(1, ("Seven-minute briefings", "seven-minute-index"))
    footer = [("References", "references"), ("Accessibility statement", "accessibility")]
    if s.base_url:
        footer.append(("Atom feed of briefings", "feed"))
    return {"nav": [{"title": t, "url": url(k)} for t, k in nav],
            "footer_links": [{"title": t, "url": url(k)} for t, k in footer],
            "search_url": url("search") if s.search else None,
            "feed_url": url("feed") if s.base_url else None}


def plain(text: Markup) -> str:
    """Rendered inline Markdown as plain text, for titles and summaries."""
    return Markup(text).striptags()


def shorten(text: str, limit: int = 80) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def crumbs(*trail: tuple[str, str | None]) -> list[dict]:
    """Breadcrumbs from Home to the current page (the last, unlinked)."""
    return [{"title": "Home", "url": url("home")}] + [{"title": t, "url": u} for t, u in trail]


class Site:
    """Builds the website's pages from a Planner's records and Markdown."""

    def __init__(self, p: Planner):
        self.p = p
        self.corpus = p.corpus
        self.settings = p.corpus.settings
        self.themes = p.corpus.index("theme")
        self.sectors = p.sectors
        self.seven_minute_links: list[dict] = []

    # -- small shared pieces -------------------------------------------------------------
    def labels_of(self, source_ids: Iterable[str]) -> list[str]:
        return sorted({self.p.labels[s] for s in source_ids}, key=str.lower)

    def sector_links(self, ids: Iterable[str], anchor: str = "") -> list[dict]:
        wanted = set(ids)
        return [{"name": s.name, "url": url("sector", s.id) + anchor}
                for s in self.corpus.sectors if s.id in wanted]

    def theme_links(self, ids: Iterable[str]) -> list[dict]:
        wanted = set(ids)
        return [{"name": t.name, "url": url("theme", t.id)}
                for t in self.corpus.themes if t.id in wanted]

    def filters(self, sectors: Iterable[str] = (), themes: Iterable[str] = (),
                sources: Iterable[str] = ()) -> dict:
        wanted_s, wanted_t = set(sectors), set(themes)
        return {"sector": [s.name for s in self.corpus.sectors if s.id in wanted_s],
                "theme": [t.name for t in self.corpus.themes if t.id in wanted_t],
                "source": self.labels_of(sources)}

    def seven_minute_link(self, sm: SevenMinute) -> dict:
        """A link to a seven-minute briefing; `finish` unlinks it if no page was made."""
        link = {"title": sm.title, "url": url("seven-minute", sm.id),
                "themes": [t["name"] for t in self.theme_links(sm.themes)],
                "sectors": [s["name"] for s in self.sector_links(sm.sectors)]}
        self.seven_minute_links.append(link)
        return link

    def case_link(self, c: CaseStudy) -> dict:
        return {"title": c.title, "url": url("case", c.id), "warning": c.content_warning,
                "outcome": OUTCOME[c.outcome]}

    def lp_item(self, lp: LearningPoint, w: Writer) -> dict:
        """A learning point in a listing: its text, as plain text, linking to its own page.

        Listings hold up to a few hundred of these, so they stay small: citations and the
        audience are on the learning point's own page.
        """
        return {"id": lp.id, "text": plain(w.inline(lp.text)),
                "url": url("learning-point", lp.id)}

    def briefings_with(self, finding_id: str) -> list[Briefing]:
        return [b for b in self.corpus.briefings
                if any(finding_id in block.findings for part in b.parts for block in part.blocks)]

    # -- every page ------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        c = self.corpus
        pages = [self.sectors_index()] + [self.sector(s) for s in c.sectors]
        pages += [self.themes_index()] + [self.theme(t) for t in c.themes]
        pages += [self.findings_index()] + [self.finding(f) for f in c.findings]
        pages += [self.learning_points_index()]
        pages += [self.learning_point(lp, f) for f in c.findings for lp in f.learning_points]
        pages += [self.cases_index()] + [self.case(cs) for cs in c.cases]
        pages += [self.data_index()] + [self.table(t) for t in c.tables]
        pages += [self.glossary(), self.accessibility(), self.not_found()]
        if self.settings.search:
            pages.append(self.search())
        return pages

    def finish(self, pages: list[Page]) -> None:
        """Work that needs the whole plan: home page lists, crumbs, sitemap and feed.

        Seven-minute briefing pages are planned elsewhere; a listing links to one only if the
        plan has its page.
        """
        planned = {page.url for page in pages}
        for link in self.seven_minute_links:
            if link["url"] not in planned:
                link["url"] = None
        by_url = self.records_by_url()
        for page in pages:
            if page.kind == "briefing":
                self.decorate_briefing(page)
            elif page.kind == "home":
                page.context.update(self.home(pages, by_url))
            elif page.kind == "references":
                page.context["breadcrumbs"] = crumbs(("References", None))
            elif page.kind == "seven-minute briefing":
                sm: SevenMinute = page.context["briefing"]
                page.filters = self.filters(sm.sectors, sm.themes, sm.sources)
        if self.settings.base_url:
            pages.append(feeds.sitemap(self.settings, pages, by_url))
            pages.append(feeds.feed(self.settings, self.p, pages, by_url))

    def records_by_url(self) -> dict[str, object]:
        """The dated record each page is made from, for sitemap, feed and 'latest' lists."""
        c = self.corpus
        out: dict[str, object] = {url("briefing", b.id): b for b in c.briefings}
        out.update({url("seven-minute", s.id): s for s in c.seven_minute})
        out.update({url("finding", f.id): f for f in c.findings})
        out.update({url("case", cs.id): cs for cs in c.cases})
        out.update({url("table", t.id): t for t in c.tables})
        return out

    # -- home and briefings ------------------------------------------------------------------
    def home(self, pages: list[Page], by_url: dict) -> dict:
        c = self.corpus
        latest = []
        for page in pages:
            record = by_url.get(page.url)
            if isinstance(record, (Briefing, SevenMinute)) and record.published:
                kind = "Sector briefing" if isinstance(record, Briefing) else \
                    "Seven-minute briefing"
                latest.append({"title": record.title, "url": page.url, "kind": kind,
                               "published": record.published})
        latest.sort(key=lambda item: (-item["published"].toordinal(), item["title"]))
        return {
            "sectors": [{"name": s.name, "url": url("sector", s.id), "lead": s.audience.lead,
                         "learning_points": len(c.learning_points_for(s.id))}
                        for s in c.sectors],
            "themes": [{"name": t.name, "url": url("theme", t.id)} for t in c.themes],
            "latest": latest[:6],
            "counts": {"findings": len(c.findings), "learning_points": len(c.learning_points),
                       "cases": len(c.cases), "seven_minute": len(c.seven_minute)},
            "links": {k: url(k) for k in ("findings", "learning-points", "cases", "data",
                                          "glossary", "themes", "sectors")},
        }

    def decorate_briefing(self, page: Page) -> None:
        """Breadcrumbs and search filters for a sector briefing page."""
        b: Briefing = page.context["briefing"]
        sector = self.sectors[b.sector]
        page.context["breadcrumbs"] = crumbs((sector.name, url("sector", sector.id)),
                                             (b.title, None))
        themes = {t for part in b.parts for block in part.blocks for f in block.findings
                  for t in self.p.findings[f].themes}
        page.filters = self.filters([b.sector], themes, [r["id"] for r in
                                                         page.context["references"]])

    # -- sectors ---------------------------------------------------------------------------
    def sectors_index(self) -> Page:
        items = [{"name": s.name, "url": url("sector", s.id), "lead": s.audience.lead}
                 for s in self.corpus.sectors]
        return Page(url("sectors"), "sectors.html", "Sectors", kind="sectors",
                    context={"sectors": items, "breadcrumbs": crumbs(("Sectors", None))})

    def sector(self, s: Sector) -> Page:
        c = self.corpus
        page_url = url("sector", s.id)
        w = Writer(self.p.md, root_of(page_url), local_refs=False)
        briefings = [{"title": b.title, "url": url("briefing", b.id), "summary": w.block(b.summary),
                      "pdf": url("briefing-pdf", b.id) if self.p.pdf else None,
                      "published": b.published} for b in c.briefings if b.sector == s.id]
        groups = []
        for f in c.findings:
            lps = [lp for lp in f.learning_points if s.id in lp.sectors]
            if lps:
                groups.append({"id": f.id, "title": f.title, "url": url("finding", f.id),
                               "items": [self.lp_item(lp, w) for lp in lps]})
        return Page(page_url, "sector.html", s.name, kind="sector", context={
            "sector": s, "intro": w.block(s.intro), "briefings": briefings,
            "seven_minute": [self.seven_minute_link(sm) for sm in c.seven_minute
                             if s.id in sm.sectors],
            "cases": [self.case_link(cs) for cs in c.cases if s.id in cs.sectors],
            "groups": groups, "learning_point_count": len(c.learning_points_for(s.id)),
            "breadcrumbs": crumbs(("Sectors", url("sectors")), (s.name, None)),
            "summary_text": s.audience.lead})

    # -- themes ----------------------------------------------------------------------------
    def themes_index(self) -> Page:
        c = self.corpus
        items = [{"name": t.name, "url": url("theme", t.id), "description": t.description,
                  "findings": sum(1 for f in c.findings if t.id in f.themes)} for t in c.themes]
        return Page(url("themes"), "themes.html", "Themes", kind="themes",
                    context={"themes": items, "breadcrumbs": crumbs(("Themes", None))})

    def theme(self, t: Theme) -> Page:
        c = self.corpus
        page_url = url("theme", t.id)
        w = Writer(self.p.md, root_of(page_url), local_refs=False)
        findings = []
        with_theme = [f for f in c.findings if t.id in f.themes]
        with_theme.sort(key=lambda f: f.themes.index(t.id))   # its main theme first
        for f in with_theme:
            overlays = [{"name": s.name, "url": url("sector", s.id),
                         "framing": w.block(f.sectors[s.id].framing)}
                        for s in c.sectors if s.id in f.sectors and f.sectors[s.id].framing]
            findings.append({"id": f.id, "title": f.title, "url": url("finding", f.id),
                             "summary": f.summary, "overlays": overlays,
                             "learning_points": len(f.learning_points)})
        data = [{"title": tb.caption, "url": url("table", tb.id)}
                for tb in c.tables if t.id in tb.themes]
        data += [{"title": plain(w.inline(st.text)), "url": url("data", "") + f"#{st.id}"}
                 for st in c.statistics if t.id in st.themes]
        return Page(page_url, "theme.html", t.name, kind="theme", context={
            "theme": t, "findings": findings, "data": data,
            "cases": [self.case_link(cs) for cs in c.cases if t.id in cs.themes],
            "seven_minute": [self.seven_minute_link(sm) for sm in c.seven_minute
                             if t.id in sm.themes],
            "breadcrumbs": crumbs(("Themes", url("themes")), (t.name, None)),
            "summary_text": t.description})

    # -- findings --------------------------------------------------------------------------
    def findings_index(self) -> Page:
        items = [{"title": f.title, "url": url("finding", f.id), "summary": f.summary,
                  "themes": [t["name"] for t in self.theme_links(f.themes)],
                  "learning_points": len(f.learning_points)} for f in self.corpus.findings]
        return Page(url("findings"), "findings.html", "Findings", kind="findings",
                    context={"findings": items, "breadcrumbs": crumbs(("Findings", None))})

    def finding(self, f: Finding) -> Page:
        """One finding for every sector: the permalink a trainer puts on a slide."""
        page_url = url("finding", f.id)
        w = Writer(self.p.md, root_of(page_url), local_refs=True)
        view = self.p.finding(f, None, w)
        for lp_view, lp in zip(view["learning_points"], f.learning_points):
            lp_view["url"] = url("learning-point", lp.id)
            lp_view["sector_links"] = self.sector_links(lp.sectors, f"#lp-{lp.id}")
        overlays = []
        for s in self.corpus.sectors:
            overlay = f.sectors.get(s.id)
            if overlay is None:
                continue
            overlays.append({"id": f"sector-{s.id}", "name": s.name, "url": url("sector", s.id),
                             "framing": w.block(overlay.framing),
                             "examples": w.block(overlay.examples),
                             "cases": [self.case_link(self.p.cases[cid]) for cid in overlay.cases]})
        sectors = set(f.sectors) | {s for lp in f.learning_points for s in lp.sectors}
        briefings = [{"title": b.title, "url": url("briefing", b.id) + f"#{f.id}",
                      "sector": self.sectors[b.sector].name} for b in self.briefings_with(f.id)]
        return Page(page_url, "finding.html", f.title, kind="finding", context={
            "finding": view, "record": f, "overlays": overlays,
            "themes": self.theme_links(f.themes), "briefings": briefings,
            "seven_minute": [self.seven_minute_link(sm) for sm in self.corpus.seven_minute
                             if f.id in sm.findings],
            "references": self.p.references(w.cited, w),
            "breadcrumbs": crumbs(("Findings", url("findings")), (f.title, None)),
            "summary_text": f.summary},
            filters=self.filters(sectors, f.themes, w.cited))

    # -- learning points -------------------------------------------------------------------
    def learning_points_index(self) -> Page:
        c = self.corpus
        page_url = url("learning-points")
        w = Writer(self.p.md, root_of(page_url), local_refs=False)
        groups = [{"id": f.id, "title": f.title, "url": url("finding", f.id),
                   "items": [self.lp_item(lp, w) for lp in f.learning_points]}
                  for f in c.findings if f.learning_points]
        by_sector = [{"name": s.name, "url": url("sector", s.id) + "#learning-points",
                      "count": len(c.learning_points_for(s.id))}
                     for s in c.sectors]
        return Page(page_url, "learning_points.html", "Learning points", kind="learning points",
                    context={"groups": groups, "by_sector": by_sector,
                             "count": len(c.learning_points),
                             "breadcrumbs": crumbs(("Learning points", None))})

    def learning_point(self, lp: LearningPoint, f: Finding) -> Page:
        """One learning point on its own page, so search can find it on its own."""
        page_url = url("learning-point", lp.id)
        w = Writer(self.p.md, root_of(page_url), local_refs=True)
        view = self.p.learning_point(lp, w)
        text = plain(view["text"])
        return Page(page_url, "learning_point.html", shorten(text), kind="learning point",
                    context={
                        "lp": view, "record": lp,
                        "finding": {"title": f.title, "url": url("finding", f.id),
                                    "summary": f.summary},
                        "sectors": self.sector_links(lp.sectors, f"#lp-{lp.id}"),
                        "themes": self.theme_links(f.themes),
                        "references": self.p.references(w.cited, w),
                        "breadcrumbs": crumbs(("Learning points", url("learning-points")),
                                              (shorten(text, 40), None)),
                        "summary_text": text},
                    filters=self.filters(lp.sectors, f.themes, w.cited))

    # -- case studies ----------------------------------------------------------------------
    def cases_index(self) -> Page:
        items = [dict(self.case_link(cs), description=cs.pseudonym or cs.description,
                      sectors=[s["name"] for s in self.sector_links(cs.sectors)])
                 for cs in self.corpus.cases]
        return Page(url("cases"), "cases.html", "Case studies", kind="case studies",
                    context={"cases": items, "breadcrumbs": crumbs(("Case studies", None))})

    def case(self, cs: CaseStudy) -> Page:
        page_url = url("case", cs.id)
        w = Writer(self.p.md, root_of(page_url), local_refs=True)
        view = self.p.case(cs, w)
        findings = [{"title": f.title, "url": url("finding", f.id)} for f in self.corpus.findings
                    if any(cs.id in o.cases for o in f.sectors.values())]
        facts = [("Child", cs.description), ("Age", cs.age_band),
                 ("Outcome", OUTCOME[cs.outcome]), ("Harm", ", ".join(cs.harm_types)),
                 ("Agencies involved", ", ".join(cs.agencies))]
        return Page(page_url, "case.html", cs.title, kind="case study", context={
            "case": view, "record": cs, "facts": [(k, v) for k, v in facts if v],
            "findings": findings, "sectors": self.sector_links(cs.sectors),
            "themes": self.theme_links(cs.themes),
            "references": self.p.references(w.cited, w),
            "breadcrumbs": crumbs(("Case studies", url("cases")), (cs.title, None)),
            "summary_text": plain(w.inline(cs.summary))[:300]},
            filters=self.filters(cs.sectors, cs.themes, w.cited))

    # -- key data --------------------------------------------------------------------------
    def data_index(self) -> Page:
        c = self.corpus
        page_url = url("data")
        w = Writer(self.p.md, root_of(page_url), local_refs=False)
        tables = [{"caption": t.caption, "label": t.label, "period": t.period,
                   "url": url("table", t.id), "csv": url("table-csv", t.id),
                   "chart": bool(t.chart)} for t in c.tables]
        groups: dict[str, list] = {}
        for st in c.statistics:
            groups.setdefault(str(st.group), []).append(self.p.statistic(st, w))
        sources = {t.source.source for t in c.tables} | {st.source.source for st in c.statistics}
        themes = {th for t in c.tables for th in t.themes} | \
                 {th for st in c.statistics for th in st.themes}
        return Page(page_url, "data.html", "Key data", kind="data", context={
            "tables": tables, "groups": [{"title": k, "items": v} for k, v in groups.items()],
            "breadcrumbs": crumbs(("Key data", None))},
            filters=self.filters((), themes, sources))

    def table(self, t: Table) -> Page:
        page_url = url("table", t.id)
        w = Writer(self.p.md, root_of(page_url), local_refs=True)
        view = self.p.table(t, w)
        title = f"{t.label}: {t.caption}" if t.label else str(t.caption)
        return Page(page_url, "table.html", title, kind="data", context={
            "table": view, "record": t, "csv": url("table-csv", t.id),
            "themes": self.theme_links(t.themes),
            "references": self.p.references(w.cited, w),
            "breadcrumbs": crumbs(("Key data", url("data")), (shorten(title, 50), None)),
            "summary_text": title},
            filters=self.filters((), t.themes, w.cited))

    # -- glossary, accessibility, search, 404 -----------------------------------------------
    def glossary(self) -> Page:
        page_url = url("glossary")
        w = Writer(self.p.md, root_of(page_url), local_refs=False)
        terms: list[Term] = sorted(self.corpus.glossary, key=lambda t: (t.term.lower(), t.id))
        names = {t.id: t.term for t in terms}
        letters: dict[str, list] = {}
        for t in terms:
            letter = t.term[:1].upper() if t.term[:1].isalpha() else "#"
            letters.setdefault(letter, []).append({
                "id": t.id, "term": t.term, "definition": w.block(t.definition),
                "see_also": [{"id": s, "term": names[s]} for s in t.see_also]})
        groups = [{"letter": k, "id": f"letter-{k.lower() if k != '#' else 'other'}",
                   "terms": v} for k, v in letters.items()]
        return Page(page_url, "glossary.html", "Glossary", kind="glossary", context={
            "groups": groups, "breadcrumbs": crumbs(("Glossary", None))},
            filters=self.filters((), (), w.cited))

    def accessibility(self) -> Page:
        a = self.settings.accessibility
        w = Writer(self.p.md, root_of(url("accessibility")), local_refs=False)
        return Page(url("accessibility"), "accessibility.html", "Accessibility statement",
                    kind="accessibility", context={
                        "statement": a, "known_issues": [w.block(i) for i in a.known_issues],
                        "contact_email": a.contact_email or self.settings.contact.email,
                        "pdf": self.p.pdf, "search": self.settings.search,
                        "breadcrumbs": crumbs(("Accessibility statement", None))})

    def search(self) -> Page:
        browse = [{"title": t, "url": url(k)} for t, k in (
            ("Sectors", "sectors"), ("Themes", "themes"), ("Findings", "findings"),
            ("Learning points", "learning-points"), ("Case studies", "cases"))]
        return Page(url("search"), "search.html", "Search", kind="search", context={
            "browse": browse, "breadcrumbs": crumbs(("Search", None))})

    def not_found(self) -> Page:
        """The 404 page is served from any address, so its links start from the site root."""
        base = self.settings.base_url
        root_path = urlsplit(str(base)).path.rstrip("/") + "/" if base else "/"
        browse = [{"title": t, "url": url(k)} for t, k in (
            ("Sectors", "sectors"), ("Themes", "themes"), ("Findings", "findings"),
            ("Learning points", "learning-points"), ("Case studies", "cases"),
            ("Key data", "data"), ("Glossary", "glossary"))]
        return Page(url("not-found"), "404.html", "Page not found", kind="not-found",
                    root=root_path, context={"browse": browse})
