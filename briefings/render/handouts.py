"""Sector handouts: for each theme and each finding, one small page (and its PDF) per sector
that has learning points there, for a trainer to print or share.

A theme's handout gives its findings in brief (summary, the sector's framing, the sector's
learning points with their questions), as many as fit on four pages: the rest are on the
theme's page, however many findings the theme has. A finding's handout gives the finding in
full, with all of the sector's learning points and the finding's questions for reflection.
Either lists the works it cites as references of its own. Handout pages are in the sitemap
but not in the search index: their learning points are already found on their own pages.
"""

from __future__ import annotations

from typing import Iterable

from markupsafe import Markup

from ..content.model import Finding, Sector, Theme
from ..outputs import Pdf, PdfPages
from . import blocks
from .feeds import absolute
from .pages import Page, Planner, Writer, beside, url
from .views import HandoutFinding, HandoutLink, HandoutPage, Link


# A theme's handout fits on four A4 pages (handout.css) with about this many words of its
# findings' summaries, framings and learning points, besides its heading and references.
# A theme with more learning points than fit gives each finding's first ones (`chosen`),
# with a link to the rest on the finding's page, and a theme with more findings than fit
# gives the first ones (`fitting`), with a link to its page; a finding's handout gives all
# of its learning points.
THEME_WORDS = 2000
LEARNING_POINT_WORDS = 8     # what a learning point's audience and evidence line adds


def page_url(subject: str, id: str, sector: str) -> str:
    """themes/neglect/health/index.html: the handout beside its theme's or finding's page."""
    return beside(url(subject, id), f"{sector}/index.html")


def pdf_url(subject: str, id: str, sector: str) -> str:
    return beside(page_url(subject, id, sector), f"{id}-{sector}.pdf")


def of_theme(p: Planner, t: Theme) -> list[Finding]:
    """The findings of a theme, those whose main theme it is first (as its page lists them)."""
    return sorted((f for f in p.corpus.findings if t.id in f.themes),
                  key=lambda f: f.themes.index(t.id))


def sectors_of(p: Planner, findings: Iterable[Finding]) -> list[tuple[Sector, int]]:
    """The sectors with learning points in these findings, with how many, in sector order."""
    findings = list(findings)
    counted = []
    for s in p.corpus.sectors:
        n = sum(s.id in lp.sectors for f in findings for lp in f.learning_points)
        if n:
            counted.append((s, n))
    return counted


def links(p: Planner, subject: str, id: str, findings: list[Finding]) -> tuple[HandoutLink, ...]:
    """The handouts of a theme or finding, for the list on its page, each with the number of
    learning points it gives and, once its PDF is made, its number of pages (`page_counts`)."""
    return tuple(HandoutLink(s.name, page_url(subject, id, s.id), pdf,
                             sum(room for _, _, room in chosen(subject, findings, s)),
                             Markup(PdfPages.marker(pdf)) if pdf else None)
                 for s, _ in sectors_of(p, findings)
                 for pdf in [pdf_url(subject, id, s.id) if p.pdf else None])


def page_counts(p: Planner, handouts: tuple[HandoutLink, ...]) -> tuple[PdfPages, ...]:
    """The outputs that write each handout PDF's number of pages into the page listing it."""
    return tuple(PdfPages(h.pdf, p.labels["pdf_pages"], p.labels["pdf_page"])
                 for h in handouts if h.pdf)


def theme_handouts(p: Planner, t: Theme) -> tuple[Page, ...]:
    findings = of_theme(p, t)
    return tuple(handout(p, "theme", t, t.name, t.description, findings, s)
                 for s, _ in sectors_of(p, findings))


def finding_handouts(p: Planner, f: Finding) -> tuple[Page, ...]:
    return tuple(handout(p, "finding", f, f.title, f.summary, [f], s)
                 for s, _ in sectors_of(p, [f]))


def handout(p: Planner, subject: str, record, title: str, lead: str,
            findings: list[Finding], sector: Sector) -> Page:
    here = page_url(subject, record.id, sector.id)
    w = p.writer(here)
    views = tuple(brief(p, f, sector, lps, room, subject == "finding", w)
                  for f, lps, room in chosen(subject, findings, sector))
    left_out = len(for_sector(findings, sector)) - len(views)
    refs = blocks.references(p, w.cited, w)
    said = p.labels["handout"]
    settings = p.corpus.settings
    return Page(
        here, "handout.html", said["title"].format(subject=title, sector=sector.name),
        record=record,
        description=said["description"].format(subject=title, sector=sector.name),
        crumbs=p.crumbs(p.index_crumb(subject), (title, url(subject, record.id)),
                        (said["crumb"].format(sector=sector.name), None)),
        meta=dates(record, findings),
        view=HandoutPage(
            subject=subject, title=title, lead=lead, sector=sector,
            back=Link(title, url(subject, record.id)), findings=views,
            learning_points=sum(len(v.learning_points) for v in views), left_out=left_out,
            references=refs,
            web_address=absolute(settings, here) if settings.base_url else None),
        outputs=(Pdf(pdf_url(subject, record.id, sector.id)),) if p.pdf else ())


def chosen(subject: str, findings: list[Finding], sector: Sector):
    """Each finding of a handout that has something for the sector, with the sector's
    learning points in it and how many of them the handout has room for: all, on a
    finding's handout; on a theme's, of the findings that fit, as many as fit in
    `THEME_WORDS`, shared out one at a time, each finding in turn (each gives at least one),
    those marked `key` for the sector first."""
    parts = for_sector(findings, sector)
    if subject != "theme":
        return [(f, lps, len(lps)) for f, lps in parts]
    parts = [(f, sorted(lps, key=lambda lp: not lp.key_for(sector.id))) for f, lps in parts]
    parts, used = fitting(parts, sector)
    room = [0] * len(parts)
    while True:
        added = False
        for i, (f, lps) in enumerate(parts):
            if room[i] < len(lps):
                lp = lps[room[i]]
                cost = words(lp.text, lp.question) + LEARNING_POINT_WORDS
                if room[i] and used + cost > THEME_WORDS:
                    continue
                room[i] += 1
                used += cost
                added = True
        if not added:
            return [(f, lps, n) for (f, lps), n in zip(parts, room)]


def for_sector(findings: list[Finding], sector: Sector) -> list[tuple[Finding, list]]:
    """The findings that have something for the sector, with its learning points in each."""
    parts = [(f, [lp for lp in f.learning_points if sector.id in lp.sectors])
             for f in findings]
    return [(f, lps) for f, lps in parts if lps or sector.id in f.overlays]


def fitting(parts: list, sector: Sector) -> tuple[list, int]:
    """The findings of a theme's handout that fit in `THEME_WORDS`, each with its summary,
    the sector's framing and its first learning point (the first finding always, so a
    handout is never empty): those after the first that does not fit are left to the
    theme's page. With the words their summaries and framings take."""
    kept, used, least = [], 0, 0
    for f, lps in parts:
        said = words(f.title, f.summary, f.overlays[sector.id].framing
                     if sector.id in f.overlays else "")
        first = words(lps[0].text, lps[0].question) + LEARNING_POINT_WORDS if lps else 0
        if kept and least + said + first > THEME_WORDS:
            break
        kept.append((f, lps))
        used, least = used + said, least + said + first
    return kept, used


def words(*texts) -> int:
    return sum(len(str(t).split()) for t in texts if t)


def brief(p: Planner, f: Finding, sector: Sector, lps: list, room: int, full: bool,
          w: Writer) -> HandoutFinding:
    """A finding for one sector: its summary (and, `full`, its text, the sector's examples and
    case studies, and the finding's questions), the sector's framing and the first `room`
    of the sector's learning points `lps`. Only what is shown is rendered, so the handout's
    references are the works it cites (`blocks.finding` renders every part of a finding)."""
    overlay = f.overlays.get(sector.id)
    cases = p.corpus.index("case")
    return HandoutFinding(
        id=f.id, title=f.title, url=url("finding", f.id), summary=f.summary,
        body=w.block(f.body) if full else Markup(""),
        framing=w.block(overlay.framing) if overlay else Markup(""),
        examples=w.block(overlay.examples) if overlay and full else Markup(""),
        learning_points=tuple(blocks.learning_point(p, lp, w) for lp in lps[:room]),
        more=len(lps) - room,
        questions=tuple(w.inline(q) for q in f.questions) if full else (),
        cases=tuple(blocks.case_link(p, cases[c]) for c in overlay.cases)
        if overlay and full else ())


def dates(record, findings: list[Finding]) -> tuple[tuple[str, str], ...]:
    """The handout's dates, from its content (never the clock, so a rebuild gives the same
    PDF): the record's own, else those of the findings it holds (the first published, the
    last reviewed)."""
    def first(r, *names):
        return next((getattr(r, n) for n in names if getattr(r, n, None)), None)

    def pick(choose, *names):
        return first(record, *names) or choose(
            (d for d in (first(f, *names) for f in findings) if d), default=None)

    created = pick(min, "published")
    modified = pick(max, "reviewed", "published") or created
    return tuple((name, d.isoformat()) for name, d in
                 (("dcterms.created", created), ("dcterms.modified", modified)) if d)
