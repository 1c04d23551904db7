"""The site plan: every page the build publishes, in two declared steps.

1. Record pages: for each kind in the registry that has pages, its builder makes one
   complete page per record (a kind with no builder of its own gets the generic one), and
   the pages made beside it, if its kind has any (a theme's and a finding's handouts).
2. The whole-site step: the pages made from all the others — home, each kind's index, the
   site's own pages, then the sitemap and feed that list every page.

Nothing is changed after it is made: each step returns new, frozen pages. The pages are
planned one at a time, as the build renders and writes them, so a site's views are never all
held at once (at 5,000 findings they would take gigabytes): the whole-site step sees the
record pages without their views, which it does not need.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator, Mapping, Optional

from ..content import kinds
from ..content.model import Corpus
from . import (briefing, evidence, feeds, handouts, indexes, reviews, sessions, seven_minute,
               website)
from .pages import Page, Planner
from .records import record_page
from .views import SiteView

# Record kind -> the builder of each record's page (or of its pages: a session and its pack).
PAGES: dict[str, Callable] = {
    "sector": website.sector,
    "review": reviews.review,
    "seven_minute": seven_minute.briefing,
    "theme": website.theme,
    "finding": website.finding,
    "learning_point": website.learning_point,
    "case": website.case,
    "table": website.table,
    "briefing": briefing.briefing,
    "session": sessions.pages,      # the session, its slides, handout, guide, cards, form
}
# Record kind -> the builder of the pages made beside each record's own: its sector handouts.
BESIDE: dict[str, Callable] = {
    "theme": handouts.theme_handouts,
    "finding": handouts.finding_handouts,
}
# Record kind -> where its record's page lists each entry of a listing that can run over
# more than one page (a sector's learning points): links into the listing find the page.
LISTED: dict[str, Callable] = {
    "sector": website.sector_anchor,
}
# Record kind -> the builder of its index pages.
INDEXES: dict[str, Callable] = {
    "sector": indexes.sectors,
    "review": reviews.register,
    "seven_minute": seven_minute.indexes,
    "theme": indexes.themes,
    "finding": indexes.findings,
    "learning_point": indexes.learning_points,
    "case": indexes.cases,
    "table": indexes.data,
    "term": indexes.glossary,
    "session": sessions.indexes,
}


@dataclass(frozen=True)
class Plan:
    planner: Planner
    site: SiteView          # what every page shows: navigation, footer, logo

    def pages(self) -> Iterator[Page]:
        """Every page of the site, each planned as it is asked for (each call plans them
        again)."""
        made = []
        for page in record_pages(self.planner):
            yield page
            made.append(replace(page, view=None))
        yield from site_pages(self.planner, tuple(made))


def plan(corpus: Corpus, labels: Mapping, pdf: bool = True, preview: bool = False,
         logo_size: Optional[tuple[int, int]] = None) -> Plan:
    """The site's plan. A preview (with embargoed reviews) has no sitemap or feed.
    `logo_size` is the logo's width and height, where its file says them."""
    p = Planner(corpus, labels, pdf, preview, LISTED)
    return Plan(p, indexes.site(p, logo_size))


def record_pages(p: Planner) -> Iterator[Page]:
    for kind in kinds.KINDS:
        if kind.page:
            build, beside = PAGES.get(kind.name), BESIDE.get(kind.name)
            for r in p.corpus.of(kind.name):
                made = build(p, r) if build else record_page(p, kind, r)
                yield from [made] if isinstance(made, Page) else made  # a page, or a pack
                yield from beside(p, r) if beside else ()


def site_pages(p: Planner, pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """The whole-site step: pages made from all the records, then those listing every page."""
    made = [indexes.home(p)]
    for kind in kinds.KINDS:
        if kind.index and p.corpus.of(kind.name):
            build = INDEXES.get(kind.name)
            made += build(p) if build else indexes.record_index(p, kind)
    made += reviews.actions_page(p)
    made += evidence.pages(p)  # the evidence of use: the records of use counted
    made += [indexes.references(p), indexes.accessibility(p), indexes.not_found(p)]
    if p.corpus.settings.search:
        made.append(indexes.search(p))
    settings = p.corpus.settings
    if settings.base_url and not p.preview:
        every = (*pages, *made)
        made += [feeds.sitemap(settings, every), feeds.feed(settings, every)]
    return tuple(made)
