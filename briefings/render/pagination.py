"""Listings split into pages, so that no page is too heavy to read on a phone.

A listing that grows with the content (every learning point, every finding, a sector's
learning points, a theme's findings, every case study) is packed into pages by the bytes
of HTML its entries take, not by a count: a page holds at most `PAGE_BYTES` of entries,
whatever their length, and the page around them (header, navigation, footer) and the site's
stylesheet fit in what is left of the 100 KB a page may weigh. A listing that fits on one
page is published exactly as it was before there were pages.

Where an entry is a group (a finding's learning points) it is kept on one page when it
fits; a group longer than a page is split, and its continuation says so (`continued`).

The first page keeps the listing's address; the others are files beside it,
`learning-points/index-2.html`, `sectors/health/index-3.html`. A record's page is a folder
named after its id, and an id is a slug (letters, digits and hyphens, no dot), so no record
can ever be at the address of a page of a listing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from markupsafe import Markup, escape

from .pages import Page, Planner, beside
from .views import Link, PageLink, Pagination

# The most HTML of entries one page of a listing holds (as `size` counts them, with the
# markup around each): what is left of the most a page may weigh with the site's stylesheet
# once the page around the listing has its share (header, navigation and footer, about
# 4.2 KB; the navigation between the listing's pages, its headings and lead, about 1 KB).
PAGE_LIMIT = 100_000     # bytes of a page's HTML and the site's stylesheet
STYLESHEET = 18_500      # static/site.css: 18.1 KB
PAGE_AROUND = 5_500
PAGE_BYTES = PAGE_LIMIT - STYLESHEET - PAGE_AROUND
NEIGHBOURS = 1     # the page navigation links the first, the last and these either side
# The bytes of markup around each of the other things the first page of a record's listing
# shows (a briefing, a seven-minute briefing, a case study, a role), and the headings of
# its sections (`first_page_bytes`).
ENTRY_MARKUP = 90
PAGE_MARKUP = 1_500
LINK_MARKUP = 60   # around each entry of a list of links (a review's or a case's findings)


def size(*views) -> int:
    """The bytes of HTML the words and addresses in these views take on a page, escaped
    as the page escapes them: a view's fields, and the views and tuples inside it. The
    markup around them is counted by the listing (`Entries`)."""
    total = 0
    for v in views:
        if isinstance(v, Markup):
            total += len(str(v).encode())
        elif isinstance(v, str):
            total += len(str(escape(v)).encode())
        elif isinstance(v, (int, float)):
            total += len(str(v))
        elif isinstance(v, (tuple, list)):
            total += size(*v)
        elif dataclasses.is_dataclass(v) and not isinstance(v, type):
            total += size(*(getattr(v, f.name) for f in dataclasses.fields(v)))
    return total


@dataclass(frozen=True)
class Entries:
    """What a listing holds, for splitting it into pages: its entries in order, and the
    bytes of markup a page puts around each entry and around each item of a group (an
    entry with `items` and `continued`, like `LearningPointGroup`)."""

    entries: tuple
    markup: int          # around each entry: its heading, list, section...
    item_markup: int = 0  # around each item of a group


def is_group(entry) -> bool:
    return hasattr(entry, "items") and hasattr(entry, "continued")


def pack(listing: Entries, taken: int = 0, budget: int = PAGE_BYTES) -> list[tuple]:
    """The entries on each page, in order. `taken`: the bytes of the first page that its
    other sections take (a sector page's briefing, case studies...); when they leave no
    room, the listing begins on the second page. An entry longer than a page has a page
    of its own."""
    pages: list[list] = []
    page: list = []
    used = taken

    def turn() -> None:
        nonlocal page, used
        pages.append(page)
        page, used = [], 0

    for entry in listing.entries:
        if not is_group(entry):
            weight = size(entry) + listing.markup
            if used and used + weight > budget:
                turn()
            page.append(entry)
            used += weight
            continue
        head = size(dataclasses.replace(entry, items=())) + listing.markup
        weights = [size(item) + listing.item_markup for item in entry.items]
        if used and used + head + sum(weights) > budget >= head + sum(weights):
            turn()      # the whole group fits on a page of its own: keep it together
        start = 0
        while start < len(weights):
            stop, room = start, budget - used - head
            while stop < len(weights) and (weights[stop] <= room or not used and stop == start):
                room -= weights[stop]
                stop += 1
            if stop == start:      # not one more item fits here: go on on a new page
                turn()
                continue
            page.append(dataclasses.replace(entry, items=entry.items[start:stop],
                                            continued=start > 0))
            used = budget - room
            start = stop
    pages.append(page)
    return [tuple(p) for p in pages]


def page_urls(first: str, count: int) -> list[str]:
    """The addresses of a listing's pages: the first keeps the listing's own."""
    return [first] + [beside(first, f"index-{n}.html") for n in range(2, count + 1)]


def navigation(label: str, urls: list[str], number: int) -> Optional[Pagination]:
    """The navigation between the pages of a listing, shown on its page `number` (from 1);
    None for a listing of one page. With many pages it links the first, the last and the
    neighbours of the current page, with a gap for the pages between."""
    count = len(urls)
    if count == 1:
        return None
    shown = {1, count} | set(range(number - NEIGHBOURS, number + NEIGHBOURS + 1))
    links: list[PageLink] = []
    for n in range(1, count + 1):
        if n in shown or (n - 1 in shown and n + 1 in shown):  # a gap of one: link it
            links.append(PageLink(n, urls[n - 1], n == number))
        elif links[-1].number is not None:
            links.append(PageLink(None, None))
    return Pagination(label, number, count,
                      urls[number - 2] if number > 1 else None,
                      urls[number] if number < count else None, tuple(links), urls[0])


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing: its address, its entries and its navigation (None on a
    listing of one page)."""

    url: str
    entries: tuple
    pagination: Optional[Pagination]

    @property
    def number(self) -> int:
        return self.pagination.number if self.pagination else 1


def paginate(p: Planner, first: str, listing: Entries, what: str, taken: int = 0,
             every: int = 0) -> list[ListingPage]:
    """A listing at `first`, split into pages; `what` it lists names its navigation
    ("learning points", "findings on Neglect"). `taken`: bytes the first page's other
    sections take; `every`: bytes each page shows besides its entries (the register's
    filters)."""
    packed = pack(listing, taken, PAGE_BYTES - every)
    urls = page_urls(first, len(packed))
    label = p.labels["pages_of"].format(listing=what)
    return [ListingPage(u, entries, navigation(label, urls, n))
            for n, (u, entries) in enumerate(zip(urls, packed), 1)]


def title(p: Planner, name: str, page: ListingPage) -> str:
    """A page's title, saying which page of its listing it is: "Findings (page 2 of 7)"."""
    if page.pagination is None:
        return name
    return p.labels["page_of"].format(title=name, number=page.number,
                                      count=page.pagination.count)


def crumbs(p: Planner, trail: tuple, page: ListingPage, name: str) -> tuple[Link, ...]:
    """Breadcrumbs ending at the listing (`trail` leads to it), linked from its later
    pages, which end at their own page number."""
    if page.number == 1:
        return p.crumbs(*trail, (name, None))
    last = p.labels["page_number"].format(number=page.number)
    return p.crumbs(*trail, (name, page.pagination.first), (last, None))


def listing_pages(p: Planner, first: str, template: str, listing: Entries, what: str,
                  name: str, view, trail: tuple = (), heading: Optional[str] = None,
                  every: int = 0, **extra) -> list[Page]:
    """The pages of a listing at `first` that is a page of its own (an index, the review
    register): `view(entries, pagination)` makes each page's view; `name` is the listing's
    last breadcrumb, reached by `trail`; `heading` (else `name`) its title; `every`: bytes
    each page shows besides its entries (the register's filters)."""
    return [Page(page.url, template, title(p, heading or name, page),
                 view=view(page.entries, page.pagination),
                 crumbs=crumbs(p, trail, page, name), **extra)
            for page in paginate(p, first, listing, what, every=every)]


@dataclass(frozen=True)
class Listed:
    """A record's page (a sector's, a theme's, a review's) with its listing split into
    pages: the view of its first page, less the listing (its field `field`); the pages;
    and which page holds each anchor ("lp-…")."""

    view: object
    field: str
    pages: list[ListingPage]
    anchors: Mapping[str, str]


def listed_pages(p: Planner, listed: Listed, template: str, kind: str, record, name: str,
                 cleared: Mapping, first: Mapping, heading: Optional[str] = None,
                 **extra) -> list[Page]:
    """A record's page, then the pages its listing goes on to: those show only the listing,
    with the first page's other sections `cleared`, and the `first` page's own arguments
    (its PDFs' page counts, its place in the search index) left out. `name` is the record's
    last breadcrumb, `heading` (else `name`) its page's title."""
    pages = []
    for page in listed.pages:
        view = dataclasses.replace(listed.view, pagination=page.pagination,
                                   **{listed.field: page.entries})
        called, own = heading or name, first
        if page.number > 1:
            view, own = dataclasses.replace(view, **cleared), {}
            called = title(p, p.labels["later_pages"][kind].format(name=name), page)
        pages.append(Page(page.url, template, called, record=record, view=view,
                          crumbs=crumbs(p, (p.index_crumb(kind),), page, name),
                          **own, **extra))
    return pages


def after_sections(p: Planner, first: str, view, listing: Entries, what: str,
                   lists: Mapping[str, tuple]) -> list[ListingPage]:
    """The pages of a listing that a record's page shows after its own sections (a review's
    or a case study's findings): `lists` are the entries of the view's fields that are
    lists, by field, whose markup counts besides what they say."""
    rest = dataclasses.replace(view, **{name: () for name in lists})
    return paginate(p, first, listing, what, first_page_bytes(rest, *lists.values()))


def first_page_bytes(*sections) -> int:
    """The bytes of the sections a record's first page shows besides its
    listing: what they say, and the markup around each of their entries."""
    return size(sections) + ENTRY_MARKUP * sum(len(s) for s in sections
                                               if isinstance(s, tuple)) + PAGE_MARKUP
