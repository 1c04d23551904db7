"""What every page builder shares: the Page, the URLs, and a Markdown writer per page.

A `Page` is complete and frozen when its builder returns it: its template, the typed view
the template shows (`views.py`), its title and description, breadcrumbs, search filters
and the outputs it is published as besides its HTML (`outputs.py`).

URLs are relative to the site root and end in `index.html`, so the site works when opened
straight from disk as well as from a web server. Records' URLs come from the kind registry.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Optional

from markupsafe import Markup, escape

from ..content import kinds, prose
from ..content.model import Citation, Corpus
from ..outputs import Pdf
from .references import labels as source_labels
from .views import Link

# The site's own pages, which show no one record, and the files made for every page.
SITE_PAGES = {
    "home": "index.html",
    "references": "references/index.html",
    "accessibility": "accessibility/index.html",
    "search": "search/index.html",
    "not-found": "404.html",
    "sitemap": "sitemap.xml",
    "feed": "feed.xml",
    "brand": "static/brand.css",      # the partnership's colours (indexes.brand_stylesheet)
    "actions": "actions/index.html",  # every action taken on reviews' recommendations
}

# What every page may load (its <meta http-equiv="Content-Security-Policy">): the site's own
# files and nothing else. No inline script or style of any kind; Pagefind's search engine
# is WebAssembly ('wasm-unsafe-eval' lets it compile, and allows no JavaScript eval) and
# fetches its index with fetch() (connect-src). `file:` lets a page opened straight from
# disk load its stylesheets, fonts and images in browsers whose 'self' matches nothing
# there (Firefox); a page served over http(s) can never load a file: address, so it adds
# nothing to what a served page may load. docs/website.md explains each directive.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "connect-src 'self'",
    "style-src 'self' file:",
    "font-src 'self' file:",
    "img-src 'self' file:",
    "form-action 'self' file:",
    "base-uri 'none'",
])


def url(name: str, id: str = "") -> str:
    """The one place URLs are made: a record's page (`url("finding", id)`) or one of the
    site's own pages (`url("home")`)."""
    if name in SITE_PAGES:
        return SITE_PAGES[name]
    return kinds.kind(name).url(id)


def index_url(kind: str) -> str:
    """The page that lists every record of a kind."""
    return kinds.kind(kind).index


def search_type(kind: str) -> Optional[str]:
    """The search `type` filter of a kind's pages."""
    return kinds.kind(kind).search


def beside(page_url: str, name: str) -> str:
    """A file published in the same folder as a page (its PDF, its CSV)."""
    return posixpath.join(posixpath.dirname(page_url), name)


def root_of(page_url: str) -> str:
    return "../" * page_url.count("/")


Filters = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Page:
    url: str                     # path under the site root, e.g. "briefings/health/index.html"
    template: str
    title: str
    view: object                 # the frozen view its template shows (views.py)
    type: Optional[str] = None   # the search `type` filter: briefing, finding, ...
    description: str = ""        # <meta name="description">
    crumbs: tuple[Link, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()   # more <meta name=... content=...> tags
    filters: Filters = ()        # other search filters: sector, theme, source
    outputs: tuple = ()          # what else it is published as (outputs.py)
    record: object = None        # the record it shows, if one (sitemap and feed dates)
    root: Optional[str] = None   # how links reach the site root, when not relative (404)

    @property
    def pdf(self) -> Optional[str]:
        """The URL of the page's PDF, if it has one."""
        return next((o.url for o in self.outputs if isinstance(o, Pdf)), None)


class Writer:
    """Renders Markdown for one page, with citations linking to the right reference list.

    It remembers every source it cited, so a page's reference list holds exactly the works
    that page cites.
    """

    def __init__(self, labels: Mapping[str, str], root: str, local_refs: bool,
                 reviews: Mapping[str, str] | None = None):
        self.labels = labels
        self.root = root
        self.cited: set[str] = set()
        self.local_refs = local_refs
        self.reviews = reviews or {}  # a citation of a review links to its page

    def href(self, source_id: str) -> str:
        if source_id in self.reviews:
            return f"{self.root}{self.reviews[source_id]}"
        self.cited.add(source_id)
        if self.local_refs:
            return f"#ref-{source_id}"
        return f"{self.root}{url('references')}#ref-{source_id}"

    def _cite(self, items, space: bool) -> str:
        parts = []
        for source, locator in items:
            label = escape(self.labels.get(source, source))
            text = f"{label}, {escape(locator)}" if locator else str(label)
            parts.append(f'<a href="{escape(self.href(source))}">{text}</a>')
        return f'<span class="citation">{" " if space else ""}({"; ".join(parts)})</span>'

    def block(self, text) -> Markup:
        """Markdown paragraphs, lists, tables..."""
        return self._render(text, False)

    def inline(self, text) -> Markup:
        """One line of Markdown, without a wrapping paragraph."""
        return self._render(text, True)

    def _render(self, text, inline: bool) -> Markup:
        if not text:
            return Markup("")
        return Markup(prose.render(str(text), inline, self._cite, self.root))

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


class Planner:
    """What every page builder needs: the corpus, the theme's words (`labels`), the
    sources' citation labels, and whether this build makes PDFs."""

    def __init__(self, corpus: Corpus, labels: Mapping, pdf: bool = True,
                 preview: bool = False, listed: Mapping[str, Callable] | None = None):
        self.corpus = corpus
        self.listed = listed or {}  # kind -> where its pages list each entry (`listed_at`)
        self.labels = labels
        self.preview = preview  # embargoed reviews included: marked, and never announced
        # Whether this build makes PDFs, so pages may link to them: the one place that knows.
        self.pdf = pdf and corpus.settings.pdf
        self.cite_labels = source_labels(corpus.sources)
        self.cite_labels.update({r.id: self.review_label(r) for r in corpus.reviews})
        self.review_urls = {r.id: url("review", r.id) for r in corpus.reviews}
        self.today = corpus.settings.today or dt.date.today()
        self.made: dict = {}  # what more than one page needs, made once (`once`)

    def listed_at(self, kind: str, id: str, anchor: str) -> str:
        """The address of `anchor` ("lp-…") on the page of record `id` of `kind`: on whichever
        of its pages lists it, when its listing runs over more than one (plan.LISTED)."""
        where = self.listed.get(kind)
        return where(self, id, anchor) if where else f"{url(kind, id)}#{anchor}"

    def once(self, key, make):
        """What `make()` returns, made the first time it is asked for: a sector's listing is
        split into pages once, for its pages and for the links into them."""
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]

    def review_label(self, review) -> str:
        """How a review is cited: as its report is in the bibliography, else by its child's
        pseudonym or code (or title) and year."""
        if review.source:
            return self.cite_labels[review.source]
        name = str(review.subject or review.title)
        return f"{name}, {review.published.year}" if review.published else name

    def writer(self, page_url: str, local_refs: bool = True) -> Writer:
        """A Markdown writer for a page; `local_refs`: citations link to the page's own
        reference list, else to the site's."""
        return Writer(self.cite_labels, root_of(page_url), local_refs, self.review_urls)

    def crumbs(self, *trail: tuple[str, Optional[str]]) -> tuple[Link, ...]:
        """Breadcrumbs from Home to the current page (the last, unlinked)."""
        return (Link(self.labels["home"], url("home")),) + tuple(Link(t, u) for t, u in trail)

    def index_crumb(self, kind: str) -> tuple[str, str]:
        """The breadcrumb of a kind's index page."""
        return self.index_title(kind), index_url(kind)

    def index_title(self, kind: str) -> str:
        k = kinds.kind(kind)
        return self.labels["index"].get(kind) or k.label.capitalize() + "s"

    def index_description(self, kind: str) -> Optional[str]:
        return self.labels["index_description"].get(kind)

    def names(self, kind: str, ids: Iterable[str]) -> tuple[str, ...]:
        """The names of the sectors or themes among `ids`, in the order they are defined."""
        wanted = set(ids)
        return tuple(str(r.name) for r in self.corpus.of(kind) if r.id in wanted)

    def named(self, kind: str, ids: Iterable[str]) -> tuple[str, ...]:
        """The names of the sectors or themes `ids`, in the order given."""
        index = self.corpus.index(kind)
        return tuple(str(index[i].name) for i in ids)

    def links(self, kind: str, ids: Iterable[str], anchor: str = "") -> tuple[Link, ...]:
        """Links to the sectors or themes among `ids`, in the order they are defined."""
        wanted = set(ids)
        return tuple(Link(str(r.name), url(kind, r.id) + anchor)
                     for r in self.corpus.of(kind) if r.id in wanted)

    def source_names(self, ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({self.cite_labels[s] for s in ids}, key=str.lower))

    def filters(self, sectors: Iterable[str] = (), themes: Iterable[str] = (),
                sources: Iterable[str] = (), reviews: Iterable[str] = ()) -> Filters:
        """The search filters of a page about these sectors and themes, citing these
        sources, coming from these reviews."""
        index = self.corpus.index("review")
        chosen = [index[r] for r in dict.fromkeys(reviews) if r in index]
        return (("sector", self.names("sector", sectors)),
                ("theme", self.names("theme", themes)),
                ("source", self.source_names(sources)),
                ("review", tuple(sorted({self.review_label(r) for r in chosen}))),
                ("review_type", tuple(sorted({self.labels["review_types"][r.type]
                                              for r in chosen}))))


def dublin_core(record) -> tuple[tuple[str, str], ...]:
    """Content dates as <meta> tags; the PDF takes its creation and modification dates
    from them, so a rebuild of the same content gives the same bytes."""
    created = getattr(record, "published", None)
    modified = getattr(record, "reviewed", None) or created
    meta = []
    if created:
        meta.append(("dcterms.created", created.isoformat()))
    if modified:
        meta.append(("dcterms.modified", modified.isoformat()))
    return tuple(meta)


def plain(text: Markup) -> str:
    """Rendered inline Markdown as plain text, for titles and summaries."""
    return Markup(text).striptags()


def shorten(text: str, limit: int = 80) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
