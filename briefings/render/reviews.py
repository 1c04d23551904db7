"""Reviews on the site: a page per review, the register of them all (filtered without
JavaScript by type, year, theme and the state of their actions), and the page of every
action taken on their recommendations, with its CSV and the printable action tracker.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace
from typing import Optional

from markupsafe import Markup

from ..content import reviews as rules
from ..content.model import Review
from ..outputs import Download, Pdf
from . import blocks, pagination
from .feeds import absolute
from .pages import (
    Page,
    Planner,
    Writer,
    beside,
    dublin_core,
    index_url,
    plain,
    search_type,
    url,
)
from .views import (
    ActionGroup,
    ActionsPage,
    ActionView,
    BriefingLink,
    Facet,
    FacetOption,
    Link,
    MediaView,
    OwnerCount,
    RecommendationView,
    ReviewCard,
    ReviewPage,
    ReviewsIndex,
    SectorLearningPoints,
)

FACETS = rules.REGISTER_FOLDERS  # pages of the register: reviews/type/lcspr/index.html
STATUS_ORDER = ("overdue", "in-progress", "not-started", "planned", "done", "superseded")
LISTED = 40  # a review with more learning points lists its findings' counts instead
# The bytes of markup around each review in the register and each of its filters, as
# reviews.html writes them (pagination.Entries): every page of the register shows both.
REVIEW_CARD_MARKUP = 200
FACET_MARKUP = 120


# ---- one review -----------------------------------------------------------------------------

def review(p: Planner, r: Review) -> list[Page]:
    """A review's page; a review with more findings than fit on it (a national analysis of
    hundreds) lists them on pages of their own, and says only how many learning points it
    has for each sector, each linking to the sector's page."""
    c = p.corpus
    page_url = url("review", r.id)
    w = p.writer(page_url)
    came = rules.from_review(c, r.id)
    findings = came.get("finding", ())
    lps = came.get("learning_point", ())
    by_sector = tuple(sector_learning_points(s, lps, findings, w, listed=len(lps) <= LISTED)
                      for s in c.sectors if any(s.id in lp.sectors for lp in lps))
    finding_ids = {f.id for f in findings}
    sector_names = {s.id: s.name for s in c.sectors}
    briefings = tuple(BriefingLink(b.title, url("briefing", b.id), sector_names[b.sector])
                      for b in c.briefings
                      if any(set(block.findings) & finding_ids
                             for part in b.parts for block in part.blocks))
    summary = w.block(r.summary)
    withdrawn = r.report_withdrawn(p.today)
    view = ReviewPage(
        review=r, type_label=p.labels["review_types"][r.type], summary=summary,
        report=str(r.link) if r.link and not r.publication_delayed and not withdrawn else None,
        delayed=w.block(r.publication_delayed),
        withdrawn=(w.block(r.on_request) or on_request(p)) if withdrawn and r.link
        else Markup(""),
        media=tuple(MediaView(p.labels["media"][m.kind], m.title, m.link, m.transcript)
                    for m in r.media),
        themes=p.links("theme", r.themes),
        findings=(), finding_count=len(findings),
        learning_points=by_sector,
        cases=tuple(blocks.case_link(p, cs) for cs in came.get("case", ())),
        seven_minute=tuple(blocks.seven_minute_link(p, sm)
                           for sm in came.get("seven_minute", ())),
        briefings=briefings,
        recommendations=tuple(recommendation(p, r, rec, w) for rec in r.recommendations),
        repository_summary=repository_summary(p, r),
        json_ld=json_ld(p, r, page_url, plain(summary)),
        references=blocks.references(p, w.cited, w))
    listing = pagination.Entries(tuple(Link(f.title, url("finding", f.id)) for f in findings),
                                 pagination.LINK_MARKUP)
    pages = paginated(p, page_url, view, listing)
    if len(pages) > 1 and not all(group.items for group in by_sector):
        view = replace(view, learning_points=tuple(replace(group, findings=())
                                                   for group in by_sector))
        pages = paginated(p, page_url, view, listing)
    about = {s for lp in lps for s in lp.sectors} | \
        {s for rec in r.recommendations for s in rec.sectors}
    name = str(r.subject or r.title)
    return pagination.listed_pages(
        p, pagination.Listed(view, "findings", pages, {}), "review.html", "review", r, name,
        {}, dict(type=search_type("review"),
                 filters=p.filters(about, r.themes, w.cited, reviews=[r.id])),
        heading=r.title, description=plain(summary)[:300], meta=dublin_core(r))


def paginated(p: Planner, page_url: str, view: ReviewPage,
              listing: pagination.Entries) -> list[pagination.ListingPage]:
    """A review's findings, after what its first page says (each sector's learning points
    or findings counted as entries of its lists)."""
    return pagination.after_sections(
        p, page_url, view, listing, f"findings of {view.review.title}",
        dict(learning_points=tuple(entry for g in view.learning_points
                                   for entry in (*g.findings, *g.items)),
             media=view.media, cases=view.cases, seven_minute=view.seven_minute,
             briefings=view.briefings, recommendations=view.recommendations))


def sector_learning_points(sector, lps, findings, w: Writer,
                           listed: bool) -> SectorLearningPoints:
    mine = [lp for lp in lps if sector.id in lp.sectors]
    counts = Counter(lp.finding for lp in mine)
    return SectorLearningPoints(
        sector.name, url("sector", sector.id), len(mine),
        tuple(blocks.learning_point_item(lp, w) for lp in mine) if listed else (),
        () if listed else tuple(Link(f"{f.title} ({counts[f.id]})",
                                     url("finding", f.id) + "#learning-points")
                                for f in findings if counts[f.id]))


def on_request(p: Planner) -> Markup:
    contact = p.corpus.settings.contact.email or p.corpus.settings.partnership.name
    return Markup("<p>{}</p>").format(p.labels["on_request"].format(contact=contact))


def recommendation(p: Planner, r: Review, rec, w: Writer) -> RecommendationView:
    to = p.named("sector", rec.sectors) + tuple(str(a) for a in rec.agencies)
    response = rec.response
    return RecommendationView(
        id=rec.id, text=w.block(rec.text), to=to,
        accepted=response.accepted if response else None,
        reason=w.block(response.reason) if response else Markup(""),
        actions=tuple(action(p, r, rec, a, w) for a in (response.actions if response else ())))


def action(p: Planner, r: Review, rec, a, w: Writer) -> ActionView:
    overdue = a.overdue(p.today)
    return ActionView(
        review=Link(str(r.subject or r.title), url("review", r.id)), recommendation=rec.id,
        text=w.inline(a.text), owner=str(a.owner), due=a.due,
        status="overdue" if overdue else a.status,
        status_label=p.labels["action_status"][a.status] + (" (overdue)" if overdue else ""),
        overdue=overdue, evidence=w.block(a.evidence), impact=w.block(a.impact),
        updated=a.updated)


def year(p: Planner, r: Review) -> str:
    """The year a review was published: its own date, else its report's in the bibliography."""
    if r.published:
        return str(r.published.year)
    source = p.corpus.index("source").get(r.source) if r.source else None
    return str(source.year) if source else ""


def repository_summary(p: Planner, r: Review) -> str:
    """The review in the shape the national case review repository lists reviews: year –
    area – pseudonym; learning themes include ...; recommendations include ..."""
    year_ = year(p, r)
    head = " – ".join(part for part in (year_, str(r.partnership), str(r.subject or r.title))
                      if part)
    parts = [head + "."]
    themes = p.named("theme", r.themes)
    if themes:
        parts.append(f"Learning themes include: {'; '.join(t.lower() for t in themes)}.")
    recs = [plain(Writer({}, "", False).inline(rec.text)) for rec in r.recommendations]
    if recs:
        parts.append(f"Recommendations include: {'; '.join(t.rstrip('.') for t in recs)}.")
    return " ".join(parts)


def json_ld(p: Planner, r: Review, page_url: str, summary: str) -> Markup:
    """schema.org's Report, for search engines and repositories: a data block, not a script,
    with <, > and & written as escapes so nothing in it can end the block."""
    data = {"@context": "https://schema.org", "@type": "Report", "name": str(r.title),
            "description": summary, "publisher": {"@type": "Organization",
                                                  "name": str(r.partnership)},
            "genre": p.labels["review_types"][r.type],
            "about": list(p.named("theme", r.themes))}
    if r.subject:
        data["reportNumber"] = str(r.subject)
    if r.published:
        data["datePublished"] = r.published.isoformat()
    if p.corpus.settings.base_url:
        data["url"] = absolute(p.corpus.settings, page_url)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)


# ---- the register -----------------------------------------------------------------------------

def action_summary(p: Planner, r: Review) -> str:
    actions = [a for _, a in r.actions]
    if not actions:
        return ""
    counts = Counter("overdue" if a.overdue(p.today) else a.status for a in actions)
    said = ", ".join(f"{counts[s]} {status_word(p, s).lower()}" for s in STATUS_ORDER
                     if counts[s])
    return f"{len(actions)} action{'s' if len(actions) != 1 else ''}: {said}"


def status_word(p: Planner, status: str) -> str:
    return "Overdue" if status == "overdue" else p.labels["action_status"][status]


def facet_values(p: Planner, r: Review) -> dict[str, set[str]]:
    """The values a review is filed under in each facet of the register."""
    return {"type": {r.type}, "year": {year(p, r)} - {""},
            "theme": set(r.themes),
            "status": {"overdue" if a.overdue(p.today) else a.status for _, a in r.actions}}


def facet_title(p: Planner, facet: str, value: str) -> str:
    if facet == "type":
        return p.labels["review_types"][value]
    if facet == "theme":
        return str(p.corpus.index("theme")[value].name)
    if facet == "status":
        return status_word(p, value)
    return value


def facet_url(facet: str, value: str) -> str:
    return f"reviews/{facet}/{value}/index.html"


def register(p: Planner) -> list[Page]:
    """The register of all reviews, and one page of it for each value of each facet."""
    c = p.corpus
    reviews = sorted(c.reviews, key=lambda r: (-(r.published.toordinal() if r.published
                                                 else 0), str(r.title)))
    cards = {r.id: ReviewCard(str(r.title), url("review", r.id),
                              p.labels["review_types"][r.type], r.subject, str(r.partnership),
                              r.published, p.names("theme", r.themes), action_summary(p, r))
             for r in reviews}
    filed = {r.id: facet_values(p, r) for r in reviews}
    values = {f: sorted({v for r in reviews for v in filed[r.id][f]},
                        key=lambda v: facet_order(f, v)) for f in FACETS}
    actions = url("actions") if any(r.actions for r in reviews) else None
    title = p.index_title("review")

    def listed(chosen: list, current: Optional[tuple[str, str]]) -> list[Page]:
        """The register, or its reviews of one value of a facet, on as many pages as they
        need (pagination.py)."""
        facets = tuple(Facet(p.labels["review_facets"][f], tuple(
            FacetOption(facet_title(p, f, v), facet_url(f, v),
                        sum(1 for r in reviews if v in filed[r.id][f]), current == (f, v))
            for v in values[f])) for f in FACETS if values[f])
        first = index_url("review") if current is None else facet_url(*current)
        name = title if current is None else facet_title(p, *current)
        heading = title if current is None else p.labels["reviews_for"].format(value=name)
        entries = pagination.Entries(tuple(cards[r.id] for r in chosen), REVIEW_CARD_MARKUP)
        every = pagination.size(facets) + FACET_MARKUP * sum(len(f.options) for f in facets)
        trail = () if current is None else ((title, index_url("review")),)
        own = dict(type=search_type("review"), description=p.index_description("review"))
        return pagination.listing_pages(
            p, first, "reviews.html", entries, heading[:1].lower() + heading[1:], name,
            lambda shown, pages: ReviewsIndex(shown, facets, index_url("review"), len(reviews),
                                              current is not None, actions, pages),
            trail=trail, heading=heading, every=every, **(own if current is None else {}))

    pages = listed(reviews, None)
    for f in FACETS:
        for v in values[f]:
            pages += listed([r for r in reviews if v in filed[r.id][f]], (f, v))
    return pages


def facet_order(facet: str, value: str):
    if facet == "year":
        return (-int(value) if value.isdigit() else 0, value)
    if facet == "status":
        return (STATUS_ORDER.index(value), value)
    return (0, value)


# ---- actions and improvements ---------------------------------------------------------------

def actions_page(p: Planner) -> list[Page]:
    """Every action on every recommendation, by status (overdue first) and by owner, with a
    CSV of them all and a printable tracker (the page's PDF) for a board or a yearly report."""
    c = p.corpus
    page_url = url("actions")
    w = p.writer(page_url, local_refs=False)
    views = [action(p, r, rec, a, w) for r in c.reviews for rec, a in r.actions]
    if not views:
        return []
    groups = tuple(ActionGroup(status_word(p, s), s, tuple(v for v in views if v.status == s))
                   for s in STATUS_ORDER if any(v.status == s for v in views))
    owners = tuple(OwnerCount(owner, tuple(
        (status_word(p, s), n) for s in STATUS_ORDER
        if (n := sum(1 for v in views if v.owner == owner and v.status == s))))
        for owner in sorted({v.owner for v in views}, key=str.lower))
    csv = beside(page_url, "actions.csv")
    title = p.labels["actions"]
    return [Page(page_url, "actions.html", title, crumbs=p.crumbs(
        p.index_crumb("review"), (title, None)),
        view=ActionsPage(groups, owners, len(views), sum(v.overdue for v in views), csv),
        outputs=(Download(csv, actions_csv(p, c.reviews)),)
        + ((Pdf(beside(page_url, "action-tracker.pdf")),) if p.pdf else ()))]


def actions_csv(p: Planner, reviews) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["review", "recommendation", "action", "owner", "due", "status", "overdue",
                     "evidence", "impact", "updated"])
    for r in reviews:
        for rec, a in r.actions:
            writer.writerow([r.id, rec.id, a.text, a.owner, a.due.isoformat(), a.status,
                             "yes" if a.overdue(p.today) else "no", a.evidence or "",
                             a.impact or "", a.updated.isoformat() if a.updated else ""])
    return out.getvalue()


# ---- what every record from a review shows --------------------------------------------------

def links_to(p: Planner, record) -> tuple[Link, ...]:
    """Links to the reviews a record comes from."""
    index = p.corpus.index("review")
    return tuple(Link(str(index[i].title), url("review", i))
                 for i in rules.named_reviews(p.corpus, record) if i in index)
