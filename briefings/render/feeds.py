"""sitemap.xml and the Atom feed: the site's pages at their public addresses.

Both need full addresses, so both need `base_url`. Their dates come only from the content
(`reviewed`, else `published`), never from the clock, so the same content always builds the
same files. Both are made from the finished pages, in the plan's whole-site step.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..content import kinds
from ..content.model import Settings
from .pages import Page, url
from .views import Feed, FeedEntry, Sitemap, SitemapEntry


def latest_date(record) -> dt.date | None:
    return getattr(record, "reviewed", None) or getattr(record, "published", None)


def absolute(settings: Settings, page_url: str) -> str:
    """The public address of a page; folders end in / rather than index.html."""
    base = str(settings.base_url).rstrip("/") + "/"
    path = page_url[:-len("index.html")] if page_url.endswith("index.html") else page_url
    return base + path


def sitemap(settings: Settings, pages: Iterable[Page]) -> Page:
    """Every HTML page but search and 404, with the date of the record it shows."""
    skip = {url("not-found"), url("search")}
    entries = tuple(SitemapEntry(absolute(settings, page.url), latest_date(page.record))
                    for page in pages if page.url.endswith(".html") and page.url not in skip)
    return Page(url("sitemap"), "sitemap.xml", "Sitemap", view=Sitemap(entries))


def feed(settings: Settings, pages: Iterable[Page]) -> Page:
    """The pages of records of the kinds announced in the feed (sector and seven-minute
    briefings, reviews), newest first: each record's own page, not the later pages of its
    listing (a review's findings)."""
    pages = list(pages)
    announced = [k for k in kinds.KINDS if k.feed]
    entries = sorted(
        (FeedEntry(absolute(settings, page.url), page.title, page.record.published,
                   latest_date(page.record), page.description, dict(page.filters)["sector"])
         for page in pages
         if any(isinstance(page.record, k.record) and page.url == k.url(page.record.id)
                for k in announced) and page.record.published),
        key=lambda e: (-e.updated.toordinal(), e.title))
    dated = [d for d in (latest_date(page.record) for page in pages) if d]
    updated = max((e.updated for e in entries), default=None) or \
        max(dated, default=dt.date(1970, 1, 1))
    return Page(url("feed"), "feed.xml", settings.title, view=Feed(
        tuple(entries), updated, absolute(settings, url("feed")), absolute(settings,
                                                                           url("home"))))
