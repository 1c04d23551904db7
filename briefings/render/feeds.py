"""sitemap.xml and the Atom feed: the site's pages at their public addresses.

Both need full addresses, so both need `base_url`. Their dates come only from the content
(`reviewed`, else `published`), never from the clock, so the same content always builds the
same files.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..content.model import Briefing, Settings, SevenMinute
from .pages import Page, Planner, Writer, url


def latest_date(record) -> dt.date | None:
    return getattr(record, "reviewed", None) or getattr(record, "published", None)


def absolute(settings: Settings, page_url: str) -> str:
    """The public address of a page; folders end in / rather than index.html."""
    base = str(settings.base_url).rstrip("/") + "/"
    path = page_url[:-len("index.html")] if page_url.endswith("index.html") else page_url
    return base + path


def sitemap(settings: Settings, pages: list[Page], by_url: dict) -> Page:
    """Every HTML page but search and 404, with the date of the record it shows."""
    skip = {url("not-found"), url("search")}
    entries = [{"loc": absolute(settings, page.url),
                "lastmod": latest_date(by_url.get(page.url))}
               for page in pages if page.url.endswith(".html") and page.url not in skip]
    return Page(url("sitemap"), "sitemap.xml", "Sitemap", kind="sitemap",
                context={"entries": entries})


def feed(settings: Settings, p: Planner, pages: list[Page], by_url: dict) -> Page:
    """Sector and seven-minute briefings that have pages, newest first."""
    entries = []
    w = Writer(p.md, "", local_refs=False)
    for page in pages:
        record = by_url.get(page.url)
        if not isinstance(record, (Briefing, SevenMinute)) or not record.published:
            continue
        if isinstance(record, Briefing):
            sectors = [p.sectors[record.sector].name]
            summary = Markup(w.inline(record.summary)).striptags() or \
                f"Sector briefing for {sectors[0]}."
        else:
            sectors = [p.sectors[s].name for s in record.sectors]
            summary = f"Seven-minute briefing for {', '.join(sectors)}."
        entries.append({"id": absolute(settings, page.url), "title": record.title,
                        "published": record.published, "updated": latest_date(record),
                        "summary": summary, "categories": sectors})
    entries.sort(key=lambda e: (-e["updated"].toordinal(), e["title"]))
    dated = [d for d in map(latest_date, by_url.values()) if d]
    updated = max((e["updated"] for e in entries), default=None) or \
        max(dated, default=dt.date(1970, 1, 1))
    return Page(url("feed"), "feed.xml", settings.title, kind="feed", context={
        "entries": entries, "updated": updated, "feed_url": absolute(settings, url("feed")),
        "home": absolute(settings, url("home"))})
