"""The pages made from all the records of a kind, and the site's own pages: home, the index
of each kind (sectors, themes, findings, learning points, case studies, key data, the
glossary), references, the accessibility statement, search and 404.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import urlsplit

from ..content import kinds
from ..content.check import HEX_COLOUR, rgb
from ..content.model import Colours, Term
from ..outputs import Download
from . import blocks, evidence, pagination
from .pages import (
    CONTENT_SECURITY_POLICY,
    Page,
    Planner,
    beside,
    index_url,
    search_type,
    url,
)
from .views import (
    AccessibilityPage,
    BrowsePage,
    CaseCard,
    CasesIndex,
    Counts,
    DataIndex,
    FindingCard,
    FindingsIndex,
    GlossaryPage,
    HomeLinks,
    HomePage,
    LatestItem,
    LearningPointGroup,
    LearningPointsIndex,
    Letter,
    Link,
    RecordIndex,
    ReferencesPage,
    SectorCard,
    SectorCount,
    SectorsIndex,
    SiteView,
    StatisticGroup,
    TableCard,
    TermLink,
    TermView,
    ThemeCard,
    ThemesIndex,
)


def site(p: Planner, logo_size: Optional[tuple[int, int]] = None) -> SiteView:
    """What every page shows: the main navigation (the index of each kind that has one, in
    registry order, for the kinds this project has records of), footer links and logo, the
    brand stylesheet and the Content-Security-Policy."""
    s = p.corpus.settings
    nav = tuple(Link(p.index_title(k.name), k.index) for k in kinds.KINDS
                if k.nav and k.index and p.corpus.of(k.name))
    footer = [Link(p.labels["references"], url("references")),
              Link(p.labels["accessibility"], url("accessibility"))]
    if p.corpus.seven_minute or p.corpus.of("use"):  # as evidence.pages() builds it
        footer.append(Link(p.labels["evidence"], evidence.URL))
    if s.base_url:
        footer.append(Link(p.labels["feed"], url("feed")))
    return SiteView(nav, tuple(footer), url("search") if s.search else None,
                    url("feed") if s.base_url else None, s.partnership.logo, p.today,
                    brand_css=url("brand"), policy=CONTENT_SECURITY_POLICY,
                    preview=p.preview, logo_size=logo_size)


def brand_stylesheet(colours: Colours) -> str:
    """The partnership's colours as CSS custom properties, linked from every page (pages
    carry no inline styles). Each colour is rebuilt from its three numbers, so nothing
    but a colour can reach the stylesheet; the content check has already said why a
    colour that is not hex is refused."""
    def hex_colour(value: str) -> str:
        if not HEX_COLOUR.match(value):
            raise ValueError(f"not a hex colour: {value!r}")
        return "#%02x%02x%02x" % rgb(value)
    return (f":root {{ --primary: {hex_colour(colours.primary)}; "
            f"--accent: {hex_colour(colours.accent)}; }}\n")


def home(p: Planner) -> Page:
    c = p.corpus
    latest = sorted(
        (LatestItem(r.title, url(k.name, r.id), p.labels["latest"][k.name], r.published)
         for k in kinds.KINDS if k.feed for r in c.of(k.name) if r.published),
        key=lambda item: (-item.published.toordinal(), item.title))
    return Page(url("home"), "home.html", c.settings.title,
                description=str(c.settings.description or ""),
                # Every page links the brand stylesheet; every site has a home page.
                outputs=(Download(url("brand"), brand_stylesheet(c.settings.colours)),),
                view=HomePage(
                    description=str(c.settings.description or ""),
                    sectors=sector_cards(p), themes=p.links("theme", (t.id for t in c.themes)),
                    latest=tuple(latest[:6]),
                    counts=Counts(len(c.findings), len(c.learning_points), len(c.cases),
                                  len(c.seven_minute)),
                    links=HomeLinks(*(index_url(k) if c.of(k) else None for k in (
                        "finding", "learning_point", "case", "table", "term")))))


def sector_cards(p: Planner) -> tuple[SectorCard, ...]:
    return tuple(SectorCard(s.name, url("sector", s.id), s.audience.lead,
                            len(p.corpus.learning_points_for(s.id))) for s in p.corpus.sectors)


def index_page(p: Planner, kind: str, template: str, view, **extra) -> Page:
    title = p.index_title(kind)
    return Page(index_url(kind), template, title, view=view, type=search_type(kind),
                crumbs=p.crumbs((title, None)), description=p.index_description(kind), **extra)


def listing_pages(p: Planner, kind: str, template: str, listing: pagination.Entries,
                  what: str, view, every: int = 0) -> list[Page]:
    """A kind's index on as many pages as its entries need (pagination.listing_pages)."""
    return pagination.listing_pages(p, index_url(kind), template, listing, what,
                                    p.index_title(kind), view, every=every,
                                    type=search_type(kind),
                                    description=p.index_description(kind))


def sectors(p: Planner) -> list[Page]:
    return [index_page(p, "sector", "sectors.html", SectorsIndex(sector_cards(p)))]


def themes(p: Planner) -> list[Page]:
    c = p.corpus
    items = tuple(ThemeCard(t.name, url("theme", t.id), t.description,
                            sum(1 for f in c.findings if t.id in f.themes)) for t in c.themes)
    return [index_page(p, "theme", "themes.html", ThemesIndex(items))]


# The bytes of markup around each entry of an index (a card, a group of learning points)
# and each learning point in a group, as their templates write them: pagination.Entries.
FINDING_CARD_MARKUP = 140
CASE_CARD_MARKUP = 180
LEARNING_POINT_GROUP_MARKUP = 170
LEARNING_POINT_MARKUP = 5
SECTOR_LINK_MARKUP = 40     # each sector's link above the learning points, on every page


def findings(p: Planner) -> list[Page]:
    items = tuple(FindingCard(f.title, url("finding", f.id), f.summary,
                              p.names("theme", f.themes), len(f.learning_points))
                  for f in p.corpus.findings)
    return listing_pages(p, "finding", "findings.html",
                         pagination.Entries(items, FINDING_CARD_MARKUP), "findings",
                         lambda cards, pages: FindingsIndex(cards, len(items), pages))


def learning_points(p: Planner) -> list[Page]:
    c = p.corpus
    w = p.writer(index_url("learning_point"), local_refs=False)
    groups = tuple(LearningPointGroup(f.id, f.title, url("finding", f.id),
                                      tuple(blocks.learning_point_item(lp, w)
                                            for lp in f.learning_points))
                   for f in c.findings if f.learning_points)
    by_sector = tuple(SectorCount(s.name, url("sector", s.id) + "#learning-points",
                                  len(c.learning_points_for(s.id))) for s in c.sectors)
    listing = pagination.Entries(groups, LEARNING_POINT_GROUP_MARKUP, LEARNING_POINT_MARKUP)
    return listing_pages(p, "learning_point", "learning_points.html", listing,
                         "learning points", lambda shown, pages: LearningPointsIndex(
                             shown, by_sector, len(c.learning_points), pages),
                         every=pagination.size(by_sector) + SECTOR_LINK_MARKUP * len(by_sector))


def cases(p: Planner) -> list[Page]:
    items = tuple(CaseCard(cs.title, url("case", cs.id), cs.content_warning,
                           p.labels["outcome"][cs.outcome], cs.pseudonym or cs.description,
                           p.names("sector", cs.sectors))
                  for cs in p.corpus.cases)
    return listing_pages(p, "case", "cases.html", pagination.Entries(items, CASE_CARD_MARKUP),
                         "case studies", lambda cards, pages: CasesIndex(cards, len(items),
                                                                         pages))


def data(p: Planner) -> list[Page]:
    c = p.corpus
    w = p.writer(index_url("table"), local_refs=False)
    tables = tuple(TableCard(t.caption, blocks.table_name(p, t), t.period, url("table", t.id),
                             beside(url("table", t.id), f"{t.id}.csv"), bool(t.chart))
                   for t in c.tables)
    groups: dict[str, list] = {}
    for st in c.statistics:
        groups.setdefault(str(st.group), []).append(blocks.statistic(st, w))
    sources = {t.source.source for t in c.tables} | {st.source.source for st in c.statistics}
    themes = {th for t in c.tables for th in t.themes} | \
             {th for st in c.statistics for th in st.themes}
    return [index_page(p, "table", "data.html",
                       DataIndex(tables, tuple(StatisticGroup(k, tuple(v))
                                               for k, v in groups.items())),
                       filters=p.filters((), themes, sources))]


def glossary(p: Planner) -> list[Page]:
    w = p.writer(index_url("term"), local_refs=False)
    terms: list[Term] = sorted(p.corpus.terms, key=lambda t: (t.term.lower(), t.id))
    names = {t.id: t.term for t in terms}
    letters: dict[str, list] = {}
    for t in terms:
        letter = t.term[:1].upper() if t.term[:1].isalpha() else "#"
        letters.setdefault(letter, []).append(TermView(
            t.id, t.term, w.block(t.definition),
            tuple(TermLink(s, names[s]) for s in t.see_also)))
    groups = tuple(Letter(k, f"letter-{k.lower() if k != '#' else 'other'}", tuple(v))
                   for k, v in letters.items())
    return [index_page(p, "term", "glossary.html", GlossaryPage(groups),
                       filters=p.filters((), (), w.cited))]


def record_index(p: Planner, kind: kinds.Kind) -> list[Page]:
    """The index of a kind with no index builder of its own: a link to each record."""
    items = tuple(Link(title_of(r), kind.url(r.id)) for r in p.corpus.of(kind.name))
    return [index_page(p, kind.name, "records.html", RecordIndex(items))]


def title_of(record) -> str:
    """What a record is called on a page, whatever its kind."""
    for name in ("title", "name", "term", "caption"):
        if getattr(record, name, None):
            return str(getattr(record, name))
    return str(record.id)


# ---- the site's own pages -----------------------------------------------------------------

def references(p: Planner) -> Page:
    page_url = url("references")
    w = p.writer(page_url)
    title = p.labels["references"]
    return Page(page_url, "references.html", title, crumbs=p.crumbs((title, None)),
                view=ReferencesPage(blocks.references(p, p.corpus.index("source"), w)))


def accessibility(p: Planner) -> Page:
    s = p.corpus.settings
    a = s.accessibility
    page_url = url("accessibility")
    w = p.writer(page_url, local_refs=False)
    title = p.labels["accessibility"]
    return Page(page_url, "accessibility.html", title, crumbs=p.crumbs((title, None)),
                view=AccessibilityPage(a, str(s.base_url) if s.base_url else None,
                                       tuple(w.block(i) for i in a.known_issues),
                                       a.contact_email or s.contact.email, p.pdf, s.search))


def browse(p: Planner, names: tuple[str, ...]) -> tuple[Link, ...]:
    return tuple(Link(p.index_title(k), index_url(k)) for k in names if p.corpus.of(k))


def search(p: Planner) -> Page:
    title = p.labels["search"]
    return Page(url("search"), "search.html", title, crumbs=p.crumbs((title, None)),
                view=BrowsePage(browse(p, ("sector", "theme", "finding", "learning_point",
                                           "case"))))


def not_found(p: Planner) -> Page:
    """The 404 page is served from any address, so its links start from the site root."""
    base = p.corpus.settings.base_url
    root_path = urlsplit(str(base)).path.rstrip("/") + "/" if base else "/"
    return Page(url("not-found"), "404.html", p.labels["not_found"], root=root_path,
                view=BrowsePage(browse(p, ("sector", "theme", "finding", "learning_point",
                                           "case", "table", "term"))))
