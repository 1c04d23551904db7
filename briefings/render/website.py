"""The website's record pages: one per sector, theme, finding, learning point, case study and
key-data table. Each builder returns a complete `Page` whose view holds everything its
template shows, and whose `filters` say how search files it; a sector's or a theme's page
whose listing is too long for one page returns its pages (pagination.py).
"""

from __future__ import annotations

from markupsafe import Markup

from ..content.model import Case, Finding, LearningPoint, Sector, Table, Theme
from ..content.reviews import named_reviews
from ..outputs import Download
from . import blocks, briefing, handouts, pagination
from .downloads import table_csv
from .pages import Page, Planner, beside, plain, search_type, shorten, url
from .reviews import links_to
from .views import (
    BriefingCard,
    BriefingLink,
    CasePage,
    FindingPage,
    FindingSummary,
    LearningPointGroup,
    LearningPointPage,
    Link,
    OverlayView,
    SectorFraming,
    SectorPage,
    TablePage,
    ThemeFinding,
    ThemePage,
)


# The bytes of markup around each entry of a sector's or a theme's page, as their templates
# write them (pagination.Entries): a group of learning points and each learning point in it,
# a theme's finding and each sector's framing of it, and each of the other things the first
# page lists (pagination.ENTRY_MARKUP for a briefing, a seven-minute briefing, a case
# study, a role).
GROUP_MARKUP = 180
LEARNING_POINT_MARKUP = 45
THEME_FINDING_MARKUP = 400
FRAMING_MARKUP = 80


def sector_listing(p: Planner, s: Sector) -> pagination.Listed:
    """A sector's page and the pages its learning points go on to, made once: learning
    points' and findings' pages link to where each is listed."""
    return p.once(("sector", s.id), lambda: listed_sector(p, s))


def listed_sector(p: Planner, s: Sector) -> pagination.Listed:
    c = p.corpus
    page_url = url("sector", s.id)
    w = p.writer(page_url, local_refs=False)
    briefings = tuple(
        BriefingCard(b.title, url("briefing", b.id), w.block(b.summary),
                     briefing.pdf_url(b) if p.pdf else None, b.published)
        for b in c.briefings if b.sector == s.id)
    groups = []
    for f in c.findings:
        lps = [lp for lp in f.learning_points if s.id in lp.sectors]
        if lps:
            groups.append(LearningPointGroup(f.id, f.title, url("finding", f.id),
                                             tuple(blocks.learning_point_item(lp, w)
                                                   for lp in lps)))
    view = SectorPage(
        sector=s, intro=w.block(s.intro), briefings=briefings,
        seven_minute=tuple(blocks.seven_minute_link(p, sm) for sm in c.seven_minute
                           if s.id in sm.sectors),
        cases=tuple(blocks.case_link(p, cs) for cs in c.cases if s.id in cs.sectors),
        groups=(), learning_point_count=len(c.learning_points_for(s.id)))
    listing = pagination.Entries(tuple(groups), GROUP_MARKUP, LEARNING_POINT_MARKUP)
    taken = pagination.first_page_bytes(view.intro, view.briefings, view.seven_minute,
                                        view.cases, s.audience.groups)
    pages = pagination.paginate(p, page_url, listing, f"learning points for {s.name}", taken)
    anchors = {}
    for page in pages:
        for g in page.entries:
            anchors.setdefault(f"group-{g.id}", page.url)
            anchors.update((f"lp-{lp.id}", page.url) for lp in g.items)
    return pagination.Listed(view, "groups", pages, anchors)


def sector(p: Planner, s: Sector) -> list[Page]:
    """A sector's page: its briefing, seven-minute briefings, learning points, case studies
    and who it is for; learning points that do not fit go on to pages of their own."""
    return pagination.listed_pages(p, sector_listing(p, s), "sector.html", "sector", s,
                                   s.name, dict(intro=Markup(""), briefings=(), seven_minute=(),
                                                cases=()), {}, description=s.audience.lead)


def sector_anchor(p: Planner, sector_id: str, anchor: str) -> str:
    """The address of `anchor` ("lp-…", "group-…") on a sector's page: on whichever of its
    pages holds it."""
    s = p.corpus.index("sector")[sector_id]
    return f"{sector_listing(p, s).anchors[anchor]}#{anchor}"


def theme(p: Planner, t: Theme) -> list[Page]:
    """A theme's page: its handouts, what the reviews found on it, its seven-minute
    briefings, case studies and key data; findings that do not fit go on to pages of their
    own."""
    c = p.corpus
    page_url = url("theme", t.id)
    w = p.writer(page_url, local_refs=False)
    with_theme = handouts.of_theme(p, t)   # its main theme first
    findings = tuple(
        ThemeFinding(f.id, f.title, url("finding", f.id), f.summary,
                     tuple(SectorFraming(s.name, url("sector", s.id),
                                         w.block(f.overlays[s.id].framing))
                           for s in c.sectors if s.id in f.overlays and f.overlays[s.id].framing),
                     len(f.learning_points))
        for f in with_theme)
    data = tuple(Link(tb.caption, url("table", tb.id)) for tb in c.tables if t.id in tb.themes)
    data += tuple(Link(plain(w.inline(st.text)), url("statistic", st.id))
                  for st in c.statistics if t.id in st.themes)
    sheets = handouts.links(p, "theme", t.id, with_theme)
    view = ThemePage(
        theme=t, findings=(), data=data,
        cases=tuple(blocks.case_link(p, cs) for cs in c.cases if t.id in cs.themes),
        seven_minute=tuple(blocks.seven_minute_link(p, sm) for sm in c.seven_minute
                           if t.id in sm.themes),
        handouts=sheets, finding_count=len(findings))
    listing = pagination.Entries(findings,
                                 THEME_FINDING_MARKUP + FRAMING_MARKUP * len(c.sectors))
    taken = pagination.first_page_bytes(view.handouts, view.seven_minute, view.cases,
                                        view.data)
    pages = pagination.paginate(p, page_url, listing, f"findings on {t.name}", taken)
    return pagination.listed_pages(p, pagination.Listed(view, "findings", pages, {}),
                                   "theme.html", "theme", t, t.name,
                                   dict(handouts=(), seven_minute=(), cases=(), data=()),
                                   dict(outputs=handouts.page_counts(p, sheets)),
                                   description=t.description)


def briefings_with(p: Planner, finding_id: str):
    return [b for b in p.corpus.briefings
            if any(finding_id in block.findings for part in b.parts for block in part.blocks)]


def where_in(b, finding_id: str) -> str:
    """Where a briefing tells a finding: in its concise edition, else in its full edition
    (the concise one only lists the findings of a `detail: full` block)."""
    if any(finding_id in block.findings and block.detail != "full"
           for part in b.parts for block in part.blocks):
        return f"{url('briefing', b.id)}#{finding_id}"
    if b.detail == "full":
        return f"{briefing.full_url(b)}#{finding_id}"
    return url("briefing", b.id)


def finding(p: Planner, f: Finding) -> Page:
    """One finding for every sector: the permalink a trainer puts on a slide."""
    page_url = url("finding", f.id)
    w = p.writer(page_url)
    view = blocks.finding(p, f, None, w)
    cases = p.corpus.index("case")
    overlays = tuple(
        OverlayView(f"sector-{s.id}", s.name, url("sector", s.id),
                    w.block(f.overlays[s.id].framing), w.block(f.overlays[s.id].examples),
                    tuple(blocks.case_link(p, cases[cid]) for cid in f.overlays[s.id].cases))
        for s in p.corpus.sectors if s.id in f.overlays)
    sectors = set(f.overlays) | {s for lp in f.learning_points for s in lp.sectors}
    sector_names = {s.id: s.name for s in p.corpus.sectors}
    briefings = tuple(BriefingLink(b.title, where_in(b, f.id), sector_names[b.sector])
                      for b in briefings_with(p, f.id))
    sheets = handouts.links(p, "finding", f.id, [f])
    return Page(page_url, "finding.html", f.title, type=search_type("finding"), description=f.summary,
                crumbs=p.crumbs(p.index_crumb("finding"), (f.title, None)), record=f,
                outputs=handouts.page_counts(p, sheets),
                filters=p.filters(sectors, f.themes, w.cited, f.reviews),
                view=FindingPage(
                    finding=view, record=f, overlays=overlays,
                    themes=p.links("theme", f.themes), briefings=briefings,
                    seven_minute=tuple(blocks.seven_minute_link(p, sm)
                                       for sm in p.corpus.seven_minute if f.id in sm.findings),
                    references=blocks.references(p, w.cited, w), reviews=links_to(p, f),
                    handouts=sheets))


def learning_point(p: Planner, lp: LearningPoint) -> Page:
    """One learning point on its own page, so search can find it on its own."""
    page_url = url("learning_point", lp.id)
    w = p.writer(page_url)
    f = p.corpus.index("finding")[lp.finding]
    view = blocks.learning_point(p, lp, w)
    text = plain(view.text)
    return Page(page_url, "learning_point.html", shorten(text), type=search_type("learning_point"),
                description=text, record=lp,
                crumbs=p.crumbs(p.index_crumb("learning_point"), (shorten(text, 40), None)),
                filters=p.filters(lp.sectors, f.themes, w.cited, named_reviews(p.corpus, lp)),
                view=LearningPointPage(
                    lp=view, record=lp,
                    finding=FindingSummary(f.title, url("finding", f.id), f.summary),
                    sectors=blocks.sector_links(p, lp),
                    themes=p.links("theme", f.themes),
                    references=blocks.references(p, w.cited, w), reviews=links_to(p, lp)))


def case(p: Planner, cs: Case) -> list[Page]:
    """A case study's page; one that illustrates more findings than fit lists them on pages
    of their own."""
    page_url = url("case", cs.id)
    w = p.writer(page_url)
    outcome = p.labels["outcome"][cs.outcome]
    findings = tuple(Link(f.title, url("finding", f.id)) for f in p.corpus.findings
                     if any(cs.id in o.cases for o in f.overlays.values()))
    names = p.labels["case_facts"]
    facts = [(names["child"], cs.description), (names["age"], cs.age_band),
             (names["outcome"], outcome), (names["harm"], ", ".join(cs.harm_types)),
             (names["agencies"], ", ".join(cs.agencies))]
    view = CasePage(case=blocks.case(cs, w, outcome), record=cs,
                    facts=tuple((k, str(v)) for k, v in facts if v), findings=(),
                    finding_count=len(findings), sectors=p.links("sector", cs.sectors),
                    themes=p.links("theme", cs.themes),
                    references=blocks.references(p, w.cited, w), reviews=links_to(p, cs))
    pages = pagination.after_sections(
        p, page_url, view, pagination.Entries(findings, pagination.LINK_MARKUP),
        f"findings {cs.title} illustrates",
        dict(facts=view.facts, sectors=view.sectors, themes=view.themes,
             references=view.references, reviews=view.reviews))
    return pagination.listed_pages(
        p, pagination.Listed(view, "findings", pages, {}), "case.html", "case", cs, cs.title,
        {}, dict(type=search_type("case"),
                 filters=p.filters(cs.sectors, cs.themes, w.cited, cs.reviews)),
        description=plain(w.inline(cs.summary))[:300])


def table(p: Planner, t: Table) -> Page:
    page_url = url("table", t.id)
    w = p.writer(page_url)
    view = blocks.table(p, t, w)
    name = blocks.table_name(p, t)
    title = f"{name}: {t.caption}" if name else str(t.caption)
    csv = beside(page_url, f"{t.id}.csv")
    return Page(page_url, "table.html", title, type=search_type("table"), description=title, record=t,
                crumbs=p.crumbs(p.index_crumb("table"), (shorten(title, 50), None)),
                filters=p.filters((), t.themes, w.cited),
                outputs=(Download(csv, table_csv(t)),),
                view=TablePage(table=view, record=t, csv=csv,
                               themes=p.links("theme", t.themes),
                               references=blocks.references(p, w.cited, w)))
