"""The views templates receive: frozen, typed, and complete.

Each page's template gets the fields of one view as its variables (`page.view`), and the
pieces inside it are views too. A template that names a field a view does not have fails
the build (Jinja's StrictUndefined), so a misspelt field is found, not silently dropped.
Prose is already rendered (`Markup`); everything else is plain data or a record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Optional

from markupsafe import Markup

view = dataclass(frozen=True, slots=True)
Date = Optional[dt.date]


# ---- what every page shows ----------------------------------------------------------------------


@view
class PageLink:
    """A link in a listing's page navigation: a page's number and address, or a gap (both
    None) where pages between are left out."""

    number: Optional[int]
    url: Optional[str]
    current: bool = False


@view
class Pagination:
    """Where a page is among the pages of a listing too long for one (pagination.py)."""

    label: str                    # the navigation's accessible name: "Pages of findings"
    number: int                   # this page's number, from 1
    count: int                    # how many pages the listing has
    previous: Optional[str]
    next: Optional[str]
    pages: tuple[PageLink, ...]
    first: str                    # the listing's first page

@view
class SiteView:
    """The header navigation, footer links and the URLs every page needs, and the
    Content-Security-Policy every page carries."""

    nav: tuple["Link", ...]
    footer_links: tuple["Link", ...]
    search_url: Optional[str]
    feed_url: Optional[str]
    logo: Optional[str]
    today: dt.date
    brand_css: str           # the stylesheet of the partnership's colours
    policy: str              # <meta http-equiv="Content-Security-Policy" content=...>
    preview: bool = False    # a preview build, with embargoed reviews: never to publish
    logo_size: Optional[tuple[int, int]] = None   # its width and height, where it says


# ---- pieces shown on many pages ---------------------------------------------------------------

@view
class Link:
    title: str
    url: Optional[str]


@view
class Reference:
    """An entry in a page's list of sources."""

    id: str
    label: str
    entry: Markup
    note: Markup


@view
class LearningPointView:
    id: str
    text: Markup
    audience: str
    question: Markup
    sectors: tuple[str, ...]
    citations: Markup
    url: str
    sector_links: tuple[Link, ...]   # each to the learning point on its sector's page


@view
class LearningPointItem:
    """A learning point in a listing: its text, as plain text, linking to its own page."""

    id: str
    text: str
    url: str


@view
class LearningPointGroup:
    """Learning points listed under the finding they come from."""

    id: str
    title: str
    url: str
    items: tuple[LearningPointItem, ...]
    continued: bool = False   # the rest of a group begun on the page before


@view
class QuoteView:
    text: str
    speaker: str
    review: Optional[str]
    source: Markup


@view
class CaseView:
    id: str
    title: str
    pseudonym: Optional[str]
    description: Optional[str]
    warning: str
    summary: Markup
    outcome: str
    missed: tuple[Markup, ...]
    good: tuple[Markup, ...]
    source: Markup


@view
class CaseLink:
    title: str
    url: str
    warning: str
    outcome: str


@view
class FindingView:
    """A finding's text for every sector (`framing` and `examples` empty), or for one."""

    id: str
    title: str
    summary: str
    url: str
    body: Markup
    good_practice: Markup
    framing: Markup
    examples: Markup
    cases: tuple[CaseView, ...]
    quotes: tuple[QuoteView, ...]
    learning_points: tuple[LearningPointView, ...]
    questions: tuple[Markup, ...]
    cases_above: tuple[Link, ...] = ()   # told earlier on the same page: linked, not repeated
    # for one sector, key points only (`blocks.finding(..., key_only=True)`): how many
    # learning points the sector has here, where they all are, and its case studies' pages
    sector_learning_points: int = 0
    all_learning_points_url: Optional[str] = None
    case_links: tuple[CaseLink, ...] = ()


@view
class Cell:
    text: str
    note: Optional[str]
    numeric: bool


@view
class TableView:
    kind: ClassVar[str] = "table"
    id: str
    caption: str
    label: Optional[str]
    period: Optional[str]
    columns: tuple
    rows: tuple[tuple[Cell, ...], ...]
    total: Optional[tuple[Cell, ...]]
    total_note: Markup
    notes: tuple[Markup, ...]
    source: Markup
    chart: Optional[Markup]


@view
class StatisticView:
    kind: ClassVar[str] = "statistic"
    id: str
    group: str
    text: Markup
    note: Markup
    source: Markup


@view
class SevenMinuteLink:
    title: str
    url: str
    themes: tuple[str, ...]
    sectors: tuple[str, ...]


# ---- the sector briefing ----------------------------------------------------------------------

@view
class SectionBlock:
    kind: ClassVar[str] = "section"
    id: str
    title: str
    body: Markup
    boxed: bool


@view
class AudienceBlock:
    kind: ClassVar[str] = "audience"
    id: str
    title: str
    lead: str
    groups: tuple


@view
class DataBlock:
    kind: ClassVar[str] = "data"
    items: tuple


@view
class ChartBlock:
    """A table in a concise briefing: its chart (or, with none, the table), and a link to
    the table's own page with all of it."""

    kind: ClassVar[str] = "chart"
    table: TableView
    url: str


@view
class MoreBlock:
    """In a concise briefing, a block of the full edition only: what it holds, linked."""

    kind: ClassVar[str] = "more"
    id: str
    title: str
    items: tuple[Link, ...]


@view
class FindingsBlock:
    kind: ClassVar[str] = "findings"
    items: tuple[FindingView, ...]


@view
class PartView:
    anchor: str
    title: str
    blocks: tuple


@view
class Contents:
    """An entry of a table of contents, with the entries under it."""

    anchor: str
    title: str
    children: tuple["Contents", ...] = ()


@view
class BriefingPage:
    briefing: object
    sector: object
    summary: Markup
    parts: tuple[PartView, ...]
    contents: tuple[Contents, ...]
    references: tuple[Reference, ...]
    edition: str = "concise"             # or "full"
    other_edition: Optional[Link] = None  # the full edition's PDF, from the concise page
    other_edition_pages: Markup = Markup("")  # where the build writes its number of pages
    concise: Optional[Link] = None        # the concise page, from the full edition


# ---- the website's record pages ---------------------------------------------------------------

@view
class BriefingCard:
    title: str
    url: str
    summary: Markup
    pdf: Optional[str]
    published: Date


@view
class SectorPage:
    sector: object
    intro: Markup
    briefings: tuple[BriefingCard, ...]
    seven_minute: tuple[SevenMinuteLink, ...]
    cases: tuple[CaseLink, ...]
    groups: tuple[LearningPointGroup, ...]
    learning_point_count: int
    pagination: Optional[Pagination] = None   # its learning points span more than one page


@view
class SectorFraming:
    """What a finding means for one sector, on its theme's page."""

    title: str
    url: str
    framing: Markup


@view
class ThemeFinding:
    id: str
    title: str
    url: str
    summary: str
    overlays: tuple[SectorFraming, ...]
    learning_points: int


@view
class HandoutLink:
    """A sector's handout of a theme or finding, in the list on that theme's or finding's
    page: its page, its PDF (None in a build without PDFs) and what it holds."""

    sector: str
    url: str
    pdf: Optional[str]
    learning_points: int
    pages: Optional[Markup] = None   # its number of pages, written in once the PDF is made


@view
class ThemePage:
    theme: object
    findings: tuple[ThemeFinding, ...]
    data: tuple[Link, ...]
    cases: tuple[CaseLink, ...]
    seven_minute: tuple[SevenMinuteLink, ...]
    handouts: tuple[HandoutLink, ...] = ()
    finding_count: int = 0
    pagination: Optional[Pagination] = None   # its findings span more than one page


@view
class OverlayView:
    """What a finding means for one sector, on the finding's page."""

    id: str
    title: str
    url: str
    framing: Markup
    examples: Markup
    cases: tuple[CaseLink, ...]


@view
class BriefingLink:
    title: str
    url: str
    sector: str


@view
class FindingPage:
    finding: FindingView
    record: object
    overlays: tuple[OverlayView, ...]
    themes: tuple[Link, ...]
    briefings: tuple[BriefingLink, ...]
    seven_minute: tuple[SevenMinuteLink, ...]
    references: tuple[Reference, ...]
    reviews: tuple[Link, ...]     # the reviews it comes from
    handouts: tuple[HandoutLink, ...] = ()


@view
class HandoutFinding:
    """A finding on a sector's handout: in brief on a theme's (`body` empty), in full on its
    own; the sector's framing, the learning points the handout has room for (`more`: how
    many others the finding's page has for the sector) and the finding's questions."""

    id: str
    title: str
    url: str
    summary: str
    body: Markup
    framing: Markup
    examples: Markup
    learning_points: tuple[LearningPointView, ...]
    more: int
    questions: tuple[Markup, ...]
    cases: tuple[CaseLink, ...]


@view
class HandoutPage:
    """A sector's handout of a theme (each of its findings in brief) or of one finding
    (in full): the sector's framing, learning points and questions, and the
    works they cite. One page for the phone and for print."""

    subject: str                  # what it is a handout of: "theme" or "finding"
    title: str                    # the theme's or finding's name
    lead: str                     # the theme's description, or the finding's summary
    sector: object
    back: Link                    # the theme's or finding's own page
    findings: tuple[HandoutFinding, ...]
    learning_points: int
    references: tuple[Reference, ...]
    web_address: Optional[str]    # the public address of the page, printed on the PDF
    left_out: int = 0             # a theme's findings for the sector that did not fit


@view
class FindingSummary:
    title: str
    url: str
    summary: str


@view
class LearningPointPage:
    lp: LearningPointView
    record: object
    finding: FindingSummary
    sectors: tuple[Link, ...]
    themes: tuple[Link, ...]
    references: tuple[Reference, ...]
    reviews: tuple[Link, ...]


@view
class CasePage:
    case: CaseView
    record: object
    facts: tuple[tuple[str, str], ...]
    findings: tuple[Link, ...]    # those on this page, of `finding_count`
    sectors: tuple[Link, ...]
    themes: tuple[Link, ...]
    references: tuple[Reference, ...]
    reviews: tuple[Link, ...]
    finding_count: int = 0
    pagination: Optional[Pagination] = None  # where its findings run over more than one page


@view
class TablePage:
    table: TableView
    record: object
    csv: str
    themes: tuple[Link, ...]
    references: tuple[Reference, ...]


@view
class RecordPage:
    """The page of a record of a kind with no page builder of its own: the record itself,
    its prose fields rendered (`html.<field>`), and its references."""

    record: object
    html: object
    themes: tuple[Link, ...]
    sectors: tuple[Link, ...]
    references: tuple[Reference, ...]


# ---- the website's index and other pages ----------------------------------------------------

@view
class SectorCard:
    title: str
    url: str
    lead: str
    learning_points: int


@view
class LatestItem:
    title: str
    url: str
    kind: str
    published: dt.date


@view
class Counts:
    findings: int
    learning_points: int
    cases: int
    seven_minute: int


@view
class HomeLinks:
    """Index pages, where the project has records of their kind."""

    findings: Optional[str]
    learning_points: Optional[str]
    cases: Optional[str]
    data: Optional[str]
    glossary: Optional[str]


@view
class HomePage:
    description: str         # briefings.yaml's description, as written (plain text)
    sectors: tuple[SectorCard, ...]
    themes: tuple[Link, ...]
    latest: tuple[LatestItem, ...]
    counts: Counts
    links: HomeLinks


@view
class SectorsIndex:
    sectors: tuple[SectorCard, ...]


@view
class ThemeCard:
    title: str
    url: str
    description: str
    findings: int


@view
class ThemesIndex:
    themes: tuple[ThemeCard, ...]


@view
class FindingCard:
    title: str
    url: str
    summary: str
    themes: tuple[str, ...]
    learning_points: int


@view
class FindingsIndex:
    findings: tuple[FindingCard, ...]
    count: int = 0
    pagination: Optional[Pagination] = None


@view
class SectorCount:
    title: str
    url: str
    count: int


@view
class LearningPointsIndex:
    groups: tuple[LearningPointGroup, ...]
    by_sector: tuple[SectorCount, ...]
    count: int
    pagination: Optional[Pagination] = None


@view
class CaseCard:
    title: str
    url: str
    warning: str
    outcome: str
    description: Optional[str]
    sectors: tuple[str, ...]


@view
class CasesIndex:
    cases: tuple[CaseCard, ...]
    count: int = 0
    pagination: Optional[Pagination] = None


@view
class TableCard:
    caption: str
    label: Optional[str]
    period: Optional[str]
    url: str
    csv: str
    chart: bool


@view
class StatisticGroup:
    title: str
    items: tuple[StatisticView, ...]


@view
class DataIndex:
    tables: tuple[TableCard, ...]
    groups: tuple[StatisticGroup, ...]


@view
class TermLink:
    id: str
    term: str


@view
class TermView:
    id: str
    term: str
    definition: Markup
    see_also: tuple[TermLink, ...]


@view
class Letter:
    letter: str
    id: str
    terms: tuple[TermView, ...]


@view
class GlossaryPage:
    groups: tuple[Letter, ...]


@view
class RecordIndex:
    """The index of a kind with no index builder of its own: a link to each record."""

    items: tuple[Link, ...]


@view
class ReferencesPage:
    references: tuple[Reference, ...]


@view
class AccessibilityPage:
    statement: object
    web_address: Optional[str]   # the site's public address, if it has one
    known_issues: tuple[Markup, ...]
    contact_email: Optional[str]
    pdf: bool
    search: bool


@view
class BrowsePage:
    """Search and 404: what to browse instead."""

    browse: tuple[Link, ...]


# ---- seven-minute briefings -------------------------------------------------------------------

@view
class SegmentView:
    key: str
    number: int
    heading: str
    body: Markup
    items: tuple[Markup, ...]
    statistics: tuple[StatisticView, ...]
    learning_points: tuple[LearningPointView, ...]
    sources: tuple


@view
class CompactReference:
    id: str
    text: Markup


@view
class ReadingTime:
    words: int
    minutes: int
    words_per_minute: int
    intro_minutes: int
    discussion_minutes: int


@view
class SevenMinutePage:
    briefing: object
    segments: tuple[SegmentView, ...]
    columns: tuple[tuple[SegmentView, ...], ...]
    sectors: tuple[str, ...]
    themes: tuple[str, ...]
    reading: ReadingTime
    findings: tuple[FindingSummary, ...]
    facilitator_notes: Markup
    questions: tuple[Markup, ...]
    web_address: Optional[str]
    references_url: str
    reviews: tuple[Link, ...]
    used_by: Optional["UsedBy"] = None   # how many teams have recorded using it


@view
class SevenMinuteCard:
    id: str
    title: str
    url: str
    pdf: Optional[str]
    sector_ids: tuple[str, ...]
    sectors: tuple[str, ...]
    themes: tuple[str, ...]
    published: Date
    reviewed: Date
    minutes: int


@view
class SectorTab:
    id: str
    title: str
    url: str
    count: int
    current: bool


@view
class SevenMinuteIndex:
    briefings: tuple[SevenMinuteCard, ...]
    sector: object
    sectors: tuple[SectorTab, ...]
    all_url: str
    all_count: int
    words_per_minute: int


# ---- sitemap and feed -------------------------------------------------------------------------

@view
class SitemapEntry:
    loc: str
    lastmod: Date


@view
class Sitemap:
    entries: tuple[SitemapEntry, ...]


@view
class FeedEntry:
    id: str
    title: str
    published: dt.date
    updated: dt.date
    summary: str
    categories: tuple[str, ...]


@view
class Feed:
    entries: tuple[FeedEntry, ...]
    updated: dt.date
    feed_url: str
    home: str


# ---- reviews ---------------------------------------------------------------------------------

@view
class ActionView:
    review: Link                  # the review it answers (on the actions page)
    recommendation: str           # the recommendation's id
    text: Markup
    owner: str
    due: dt.date
    status: str                   # planned, in-progress, ... (a CSS class)
    status_label: str             # how it is said
    overdue: bool
    evidence: Markup
    impact: Markup
    updated: Date


@view
class RecommendationView:
    id: str
    text: Markup
    to: tuple[str, ...]           # the sectors and agencies it is addressed to
    accepted: Optional[bool]      # None: no response yet
    reason: Markup
    actions: tuple[ActionView, ...]


@view
class MediaView:
    kind: str
    title: str
    url: str
    transcript: Optional[str]


@view
class SectorLearningPoints:
    """A sector's learning points from a review: each of them, or for a review with many
    (a national analysis), how many each finding has, linking to it."""

    title: str
    url: str
    count: int
    items: tuple[LearningPointItem, ...]
    findings: tuple[Link, ...]


@view
class ReviewPage:
    review: object
    type_label: str
    summary: Markup
    report: Optional[str]         # the full report's address, while it may be linked
    delayed: Markup               # why publication of the report is delayed
    withdrawn: Markup             # the report is no longer online: how to ask for it
    media: tuple[MediaView, ...]
    themes: tuple[Link, ...]
    findings: tuple[Link, ...]    # those on this page, of `finding_count`
    learning_points: tuple[SectorLearningPoints, ...]
    cases: tuple[CaseLink, ...]
    seven_minute: tuple[SevenMinuteLink, ...]
    briefings: tuple[BriefingLink, ...]
    recommendations: tuple[RecommendationView, ...]
    repository_summary: str       # the review as the national case review repository lists it
    json_ld: Markup
    references: tuple[Reference, ...]
    finding_count: int = 0
    pagination: Optional[Pagination] = None  # where its findings run over more than one page


@view
class ReviewCard:
    title: str
    url: str
    type_label: str
    subject: Optional[str]
    partnership: str
    published: Date
    themes: tuple[str, ...]
    actions: str                  # "5 actions: 3 done, 2 in progress"


@view
class FacetOption:
    title: str
    url: str
    count: int
    current: bool


@view
class Facet:
    title: str
    options: tuple[FacetOption, ...]


@view
class ReviewsIndex:
    reviews: tuple[ReviewCard, ...]
    facets: tuple[Facet, ...]
    all_url: str
    all_count: int
    filtered: bool                # a page of the register filtered by one value
    actions_url: Optional[str]
    pagination: Optional[Pagination] = None


@view
class ActionGroup:
    title: str
    status: str
    actions: tuple[ActionView, ...]


@view
class OwnerCount:
    owner: str
    counts: tuple[tuple[str, int], ...]   # (status label, number)


@view
class ActionsPage:
    groups: tuple[ActionGroup, ...]       # by status, overdue first
    owners: tuple[OwnerCount, ...]
    total: int
    overdue: int
    csv: str


# ---- the evidence of use ------------------------------------------------------------------------

@view
class UseCount:
    """One row of a table of the evidence of use: sessions and people for one briefing,
    agency or sector, or month."""

    label: str
    url: Optional[str]     # a briefing's page (relative to the site root)
    sessions: int
    people: int            # where the forms gave a number
    teams: int


@view
class EvidencePage:
    sessions: int
    people: int
    teams: int
    first: str             # the first and last month with a session: "October 2026"
    last: str
    by_briefing: tuple[UseCount, ...]
    by_agency: tuple[UseCount, ...]
    by_month: tuple[UseCount, ...]
    csv: Optional[str]
    contact: Optional[str]
    seven_minute_url: Optional[str]
    sessions_url: Optional[str] = None


@view
class UsedBy:
    """On a briefing's page: how many teams have recorded using it."""

    teams: int
    sessions: int
    url: str               # the evidence-of-use page
# ---- training sessions (render/sessions.py) -----------------------------------------------------

@view
class TimingView:
    activity: str
    minutes: int
    start: int              # minutes from the start of the session
    notes: Markup


@view
class StepView:
    number: int
    text: Markup
    questions: tuple[Markup, ...]
    prompts: tuple[Markup, ...]


@view
class ExerciseView:
    number: int
    title: str
    minutes: int
    case: Optional["CaseView"]    # the case study it is built on, told in full in the guide
    case_url: Optional[str]
    steps: tuple[StepView, ...]
    debrief: Markup


@view
class SessionFinding:
    """A finding a session draws on, with the learning points the session chose from it."""

    title: str
    url: str
    summary: str
    learning_points: tuple["LearningPointView", ...]
    questions: tuple[Markup, ...]


@view
class SessionOutput:
    """One part of the session pack: its web page and, when PDFs are built, its PDF."""

    key: str                # slides, handout, guide, cards, evaluation
    title: str
    description: str
    url: str
    pdf: Optional[str]


@view
class SessionPage:
    """What each page of a session pack shows (the session page, the deck, the handout,
    the guide, the cards and the evaluation form all draw on the same view)."""

    session: object
    summary: Markup
    sectors: tuple[str, ...]
    sector_links: tuple["Link", ...]
    roles: tuple[str, ...]
    outcomes: tuple[Markup, ...]
    plan: tuple[TimingView, ...]
    findings: tuple[SessionFinding, ...]
    cases: tuple["CaseView", ...]
    case_links: tuple["CaseLink", ...]
    exercises: tuple[ExerciseView, ...]
    seven_minute: tuple["SevenMinuteLink", ...]
    facilitator_notes: Markup
    outputs: tuple[SessionOutput, ...]
    session_url: str
    web_address: Optional[str]     # the session page's public address, printed on paper
    references: tuple["Reference", ...]
    references_url: str


@view
class SessionCard:
    title: str
    url: str
    summary: str
    sectors: tuple[str, ...]
    minutes: int


@view
class SessionsIndex:
    sessions: tuple[SessionCard, ...]
