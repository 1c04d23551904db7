"""The records: plain, immutable data with no I/O.

Each record is a frozen dataclass. Its type hints are the schema: `load.py` reads YAML into
these classes by walking the hints, and `check.py` finds every cross-reference by looking for
`Ref` annotations. So adding a field here is all it takes to load, validate and check it.
Where each kind of record lives, and what it is called, is declared once in `kinds.py`.

Strings read from YAML are `Text`: a `str` that remembers where it came from, so a check made
long after loading can still name the file, line and column.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import typing
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Annotated, Literal, Mapping, Optional, Union

from ..problems import Pos


class Text(str):
    """A string that knows where in which file it was written.

    `block` is the column of the block scalar's content (for `|` and `>` scalars), so a
    position inside a Markdown field can be turned back into a file line and column.
    """

    pos: Pos
    block: Optional[int]
    quoted: bool

    def __new__(cls, value: str, pos: Pos, block: Optional[int] = None,
                quoted: bool = False) -> "Text":
        self = super().__new__(cls, value)
        self.pos = pos
        self.block = block
        self.quoted = quoted  # written in quotes: its first character follows the quote
        return self

    def pos_at(self, offset: int) -> Pos:
        """The file position of character `offset` of this string."""
        if self.block is None:
            return Pos(self.pos.path, self.pos.line, self.pos.column + self.quoted + offset)
        before = self[:offset]
        line = self.pos.line + 1 + before.count("\n")
        column = self.block + 1 + offset - (before.rfind("\n") + 1)
        return Pos(self.pos.path, line, column)


# Markers carried in Annotated[...] hints.
class Slug:
    """An id: lower-case letters, digits and hyphens."""


class Markdown:
    """A prose field, rendered with markdown-it; may hold [@source] citations."""


class Address:
    """A link: http, https, mailto or relative, like the links in prose."""


class WebAddress:
    """The full http(s) address of a site, e.g. https://learning.example.org/."""


class EmailAddress:
    """An e-mail address."""


class Public:
    """A field that holds names or contact details by design (a source's authors and title,
    a case's pseudonym, the partnership's contact details): the identifying-detail check
    (`privacy.py`) does not read it. Every other text field is checked."""


class Ref:
    """A reference to a record of another kind (or of one of several), checked after
    loading: `Ref("finding")`, `Ref("table", "statistic")`."""

    def __init__(self, *kinds: str):
        self.kinds = kinds

    def __repr__(self) -> str:
        return f"Ref{self.kinds!r}"


Id = Annotated[Text, Slug()]
Md = Annotated[Text, Markdown()]
Url = Annotated[Text, Address()]
PublicText = Annotated[Text, Public()]
PublicEmail = Annotated[Text, EmailAddress(), Public()]  # a contact address, published
SourceRef = Annotated[Text, Ref("source")]
SectorRef = Annotated[Text, Ref("sector")]
ThemeRef = Annotated[Text, Ref("theme")]
CaseRef = Annotated[Text, Ref("case")]
FindingRef = Annotated[Text, Ref("finding")]
LearningPointRef = Annotated[Text, Ref("learning_point")]
SessionRef = Annotated[Text, Ref("session")]
DataRef = Annotated[Text, Ref("table", "statistic")]
StatisticRef = Annotated[Text, Ref("statistic")]
SectionRef = Annotated[Text, Ref("section")]
ReviewRef = Annotated[Text, Ref("review")]
TermRef = Annotated[Text, Ref("term")]

Date = _dt.date
Number = Union[int, float]

record = dataclass(frozen=True, kw_only=True)  # every record is immutable, keyword-only


def derived(default=None):
    """A field the loader fills in; it may not be written in YAML."""
    return field(default=default, metadata={"derived": True}, compare=False)


def formerly(*old_keys: str, **kwargs):
    """A field once written under another key: the old key still loads, with a warning."""
    return field(metadata={"formerly": old_keys}, **kwargs)


@dataclass(frozen=True, kw_only=True)
class Dated:
    """Every record may carry publication and review dates, and the strings the privacy
    check should allow in it (a real author or a national review named in its prose)."""

    published: Optional[Date] = None
    reviewed: Optional[Date] = None
    review_due: Optional[Date] = None
    privacy_exceptions: tuple[PublicText, ...] = ()
    pos: Pos = derived()
    field_pos: dict = derived()  # where each key was written, for fields that are not Text

    def overdue(self, today: Date) -> bool:
        """Whether the record's review date has passed: a build warning and a page notice."""
        return self.review_due is not None and self.review_due < today


# ---- sources, sectors, themes, glossary -------------------------------------------------

SourceKind = Literal[
    "national-analysis", "lcspr", "scr", "research", "guidance", "legislation", "web"
]


@record
class Source(Dated):
    id: Id
    authors: tuple[PublicText, ...]
    year: Union[int, Text]
    title: PublicText
    kind: SourceKind
    publisher: Optional[PublicText] = None
    url: Optional[Url] = None
    report_number: Optional[Text] = None
    label: Optional[PublicText] = None
    note: Optional[Md] = None


@dataclass(frozen=True, kw_only=True)
class Citation:
    source: SourceRef
    page: Optional[Union[int, Text]] = None
    locator: Optional[Text] = None


@dataclass(frozen=True, kw_only=True)
class AudienceGroup:
    label: Text
    roles: tuple[Text, ...]


@dataclass(frozen=True, kw_only=True)
class Audience:
    lead: Text
    groups: tuple[AudienceGroup, ...]


@record
class Sector(Dated):
    id: Id
    name: Text
    audience: Audience
    intro: Optional[Md] = None


@record
class Theme(Dated):
    id: Id
    name: Text
    description: Text


@record
class Term(Dated):
    id: Id
    term: Text
    definition: Md
    see_also: tuple[TermRef, ...] = ()


@record
class Section(Dated):
    id: Id
    title: Text
    body: Md
    boxed: bool = False


# ---- key data ----------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Noted:
    """A value recorded as the source prints it, with a note on what is wrong with it."""

    value: Optional[Union[Number, Text]]
    note: Text


Cell = Optional[Union[Number, Noted, Text]]

Unit = Literal["count", "percent", "rate", "ratio", "text"]


@dataclass(frozen=True, kw_only=True)
class Column:
    key: Text
    header: Text
    n: Optional[int] = None
    unit: Optional[Unit] = None


@dataclass(frozen=True, kw_only=True)
class Chart:
    type: Literal["bar", "stacked-bar", "line"]
    title: Optional[Text] = None
    series: tuple[Text, ...] = ()


@record
class Table(Dated):
    id: Id
    caption: Text
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    source: Citation
    label: Optional[Text] = None
    period: Optional[Text] = None
    total: Optional[tuple[Cell, ...]] = None
    total_note: Optional[Md] = None
    notes: tuple[Md, ...] = ()
    chart: Optional[Chart] = None
    themes: tuple[ThemeRef, ...] = ()


@record
class Statistic(Dated):
    id: Id
    group: Text
    text: Md
    source: Citation
    value: Optional[Number] = None
    unit: Optional[Unit] = None
    note: Optional[Md] = None
    themes: tuple[ThemeRef, ...] = ()


# ---- findings, learning points, quotes, cases --------------------------------------------

Speaker = Literal["review", "child", "young-person", "practitioner", "parent", "researcher"]
AudienceLevel = Literal["practitioner", "manager", "system-leader"]


@dataclass(frozen=True, kw_only=True)
class Quote:
    text: Text
    speaker: Speaker
    source: SourceRef
    page: Optional[Union[int, Text]] = None
    review: Optional[PublicText] = None


@dataclass(frozen=True, kw_only=True)
class Overlay:
    """What one finding means for one sector."""

    framing: Optional[Md] = None
    examples: Optional[Md] = None
    cases: tuple[CaseRef, ...] = ()


@record
class LearningPoint(Dated):
    id: Id
    text: Md
    sectors: tuple[SectorRef, ...]
    audience: AudienceLevel
    citations: tuple[Citation, ...]
    question: Optional[Md] = None
    reviews: tuple[ReviewRef, ...] = ()  # besides its finding's
    finding: str = derived("")  # the id of the finding it is written in
    # one that matters most, in a concise sector briefing: true (for every sector it is
    # for) or the sectors it is key for
    key: Union[bool, tuple[SectorRef, ...]] = False

    def key_for(self, sector_id: str) -> bool:
        """Whether this is one of the learning points that matter most to a sector."""
        if isinstance(self.key, tuple):
            return sector_id in self.key
        return bool(self.key) and sector_id in self.sectors


@record
class Finding(Dated):
    id: Id
    title: Text
    themes: tuple[ThemeRef, ...]
    summary: Text
    body: Md
    questions: tuple[Md, ...]
    learning_points: tuple[LearningPoint, ...]
    good_practice: Optional[Md] = None
    quotes: tuple[Quote, ...] = ()
    overlays: dict[SectorRef, Overlay] = formerly("sectors", default_factory=dict)
    reviews: tuple[ReviewRef, ...] = ()  # the reviews it comes from


AgeBand = Literal["unborn", "under-1", "1-4", "5-10", "11-15", "16-17", "18-plus"]
Outcome = Literal["died", "serious-harm", "other"]


@record
class Case(Dated):
    """A pseudonymised case study."""

    id: Id
    title: Text
    outcome: Outcome
    content_warning: Text
    summary: Md
    source: Citation
    themes: tuple[ThemeRef, ...]
    sectors: tuple[SectorRef, ...]
    pseudonym: Optional[PublicText] = None
    description: Optional[Text] = None
    age_band: Optional[AgeBand] = None
    harm_types: tuple[Text, ...] = ()
    agencies: tuple[Text, ...] = ()
    missed_opportunities: tuple[Md, ...] = ()
    good_practice: tuple[Md, ...] = ()
    reviews: tuple[ReviewRef, ...] = ()


# ---- reviews, their recommendations and what was done ---------------------------------------

# The kinds of review across the four UK nations; how each is named is in the theme's
# labels.yaml (`review_types:`), so a project can rename them.
ReviewType = Literal[
    "lcspr", "rapid-review", "scr", "national-analysis", "thematic", "national-panel",
    "susr", "child-practice-review", "learning-review", "cmr",
]
ActionStatus = Literal["planned", "not-started", "in-progress", "done", "superseded"]
MediaKind = Literal["seven-minute", "podcast", "video", "briefing"]


@dataclass(frozen=True, kw_only=True)
class Action:
    """What a partnership does about a recommendation, and the evidence that it worked."""

    text: Md
    owner: Text                   # a role or team, not a person
    due: Date
    status: ActionStatus
    evidence: Optional[Md] = None  # that it was done
    impact: Optional[Md] = None    # of the difference it made
    updated: Optional[Date] = None
    pos: Pos = derived()

    def overdue(self, today: Date) -> bool:
        return self.status not in ("done", "superseded") and self.due < today


@dataclass(frozen=True, kw_only=True)
class Response:
    """The partnership's answer to a recommendation."""

    accepted: bool
    reason: Optional[Md] = None    # why (above all when it is not accepted)
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Recommendation:
    id: Id                         # unique within its review
    text: Md
    sectors: tuple[SectorRef, ...] = ()     # to whom it is addressed
    agencies: tuple[PublicText, ...] = ()   # or named agencies
    response: Optional[Response] = None
    pos: Pos = derived()


@dataclass(frozen=True, kw_only=True)
class Media:
    """The review told another way: a seven-minute briefing, a podcast, a video."""

    kind: MediaKind
    title: Text
    link: Url
    transcript: Optional[Url] = None   # a podcast or video needs one
    pos: Pos = derived()


@record
class Review(Dated):
    id: Id
    title: Text
    type: ReviewType
    partnership: PublicText        # who published it
    summary: Md
    subject: Optional[PublicText] = None   # the child's pseudonym or the review code
    commissioned: Optional[Date] = None
    period: Optional[Text] = None  # the period it covers
    link: Optional[Url] = None     # the full report: a web address, or a file in assets/
    media: tuple[Media, ...] = ()
    themes: tuple[ThemeRef, ...] = ()
    source: Optional[SourceRef] = None   # the report's entry in the bibliography
    recommendations: tuple[Recommendation, ...] = ()
    embargo_until: Optional[Date] = None   # not published before this date
    publication_delayed: Optional[Md] = None   # why the report is not published yet
    online_until: Optional[Date] = None    # after this, the report is available on request
    on_request: Optional[Md] = None        # how to ask for it then

    def embargoed(self, today: Date) -> bool:
        return self.embargo_until is not None and self.embargo_until > today

    def report_withdrawn(self, today: Date) -> bool:
        return self.online_until is not None and self.online_until < today

    @property
    def actions(self) -> tuple[tuple[Recommendation, Action], ...]:
        return tuple((r, a) for r in self.recommendations if r.response
                     for a in r.response.actions)


# ---- briefings ---------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Block:
    """One block of a briefing part; exactly one of the fields is set."""

    section: Optional[SectionRef] = None
    audience: Optional[bool] = None
    data: tuple[DataRef, ...] = ()
    findings: tuple[FindingRef, ...] = ()
    # full: in the full edition only; the concise edition lists what it holds, linked to
    # the site (a section, having no page there, it leaves out)
    detail: Optional[Literal["full"]] = None
    pos: Pos = derived()


@dataclass(frozen=True, kw_only=True)
class Part:
    title: Text
    blocks: tuple[Block, ...]


@record
class Briefing(Dated):
    id: Id
    sector: SectorRef
    title: Text
    parts: tuple[Part, ...]
    based_on: tuple[SourceRef, ...] = ()
    summary: Optional[Md] = None
    # concise (the default): each finding in brief, with the learning points that matter
    # most; full: a full edition as well, as a second PDF
    detail: Literal["concise", "full"] = "concise"
    key_points: Optional[int] = None  # at most this many learning points per finding


@dataclass(frozen=True, kw_only=True)
class Segments:
    """The seven segments of a seven-minute briefing, in their fixed order."""

    background: Md
    why_it_matters: Md
    what_the_review_found: Md
    learning_for_practice: Md
    questions: tuple[Md, ...]
    what_to_do: tuple[Md, ...]
    further_information: Md


SEGMENT_KEYS = tuple(f.name for f in dataclasses.fields(Segments))


@record
class SevenMinute(Dated):
    id: Id
    title: Text
    sectors: tuple[SectorRef, ...]
    themes: tuple[ThemeRef, ...]
    segments: Segments
    findings: tuple[FindingRef, ...] = ()
    learning_points: tuple[LearningPointRef, ...] = ()
    data: tuple[StatisticRef, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    facilitator_notes: Optional[Md] = None
    reviews: tuple[ReviewRef, ...] = ()


# ---- records of use: evidence that the briefings were used -------------------------------

SevenMinuteRef = Annotated[Text, Ref("seven_minute")]


@record
class Use(Dated):
    """One session in which a team used a briefing, from a returned record-of-use form
    (`briefings uses import`). Only counts are published (the evidence-of-use page): how
    many sessions and people, by briefing, agency or sector, and month. No field holds the
    names of the people who took part."""

    id: Id
    date: Date                       # when the team used it
    team: Text                       # the team or service (not published)
    agency: Text                     # its agency or sector (published, as counts)
    attendees: Optional[int] = None  # how many people took part
    format: Optional[Text] = None    # team meeting, supervision, training...
    completed_by: Optional[Text] = None  # a role, not a name
    discussion: Optional[Text] = None    # questions discussed and key points
    actions: Optional[Text] = None       # what the team will do differently
    follow_up: Optional[Date] = None     # when the actions will be reviewed
    # What the form came with: a seven-minute briefing or a training session (one of them).
    briefing: Optional[SevenMinuteRef] = None
    session: Optional[SessionRef] = None

    @property
    def used(self) -> tuple[str, str]:
        """(kind, id) of what was used: ("seven_minute", "neglect")."""
        return ("session", str(self.session)) if self.session else (
            "seven_minute", str(self.briefing))


# ---- sessions: a trainer's CPD session, built into slides, handout, guide, cards, evaluation ----


@dataclass(frozen=True, kw_only=True)
class SessionAudience:
    """Who a session is for: the sectors (as in sectors.yaml) and the roles within them."""

    sectors: tuple[SectorRef, ...]
    roles: tuple[Text, ...]


@dataclass(frozen=True, kw_only=True)
class Timing:
    """One part of the session's plan, in order; the minutes add up to the session's length."""

    activity: Text
    minutes: int
    notes: Optional[Md] = None   # for the facilitator: what to do in this part
    pos: Pos = derived()


@dataclass(frozen=True, kw_only=True)
class ExerciseStep:
    """What the group is told next about the case, and what they are asked."""

    text: Md
    questions: tuple[Md, ...]
    prompts: tuple[Md, ...] = ()   # for the facilitator: what to listen for, possible answers
    pos: Pos = derived()


@dataclass(frozen=True, kw_only=True)
class Exercise:
    """A case study revealed to the group in steps."""

    title: Text
    minutes: int
    steps: tuple[ExerciseStep, ...]
    case: Optional[CaseRef] = None
    debrief: Optional[Md] = None   # for the facilitator: how to draw the exercise together
    pos: Pos = derived()
    field_pos: dict = derived()


@record
class Session(Dated):
    id: Id
    title: Text
    summary: Md
    audience: SessionAudience
    minutes: int                   # the session's length
    outcomes: tuple[Md, ...]       # "By the end of the session, participants will be able to..."
    plan: tuple[Timing, ...]
    exercises: tuple[Exercise, ...]
    findings: tuple[FindingRef, ...] = ()
    learning_points: tuple[LearningPointRef, ...] = ()
    cases: tuple[CaseRef, ...] = ()
    seven_minute: tuple[SevenMinuteRef, ...] = ()
    themes: tuple[ThemeRef, ...] = ()
    facilitator_notes: Optional[Md] = None


# ---- project settings (briefings.yaml) ---------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Partnership:
    name: PublicText
    logo: Optional[Text] = None
    url: Optional[Url] = None


@dataclass(frozen=True, kw_only=True)
class Colours:
    primary: Text = Text("#1d4f91", Pos("briefings.yaml", 0, 0))
    accent: Text = Text("#b8420f", Pos("briefings.yaml", 0, 0))


@dataclass(frozen=True, kw_only=True)
class Contact:
    email: Optional[PublicEmail] = None
    phone: Optional[PublicText] = None
    address: Optional[PublicText] = None


@dataclass(frozen=True, kw_only=True)
class AccessibilitySettings:
    """What the generated accessibility statement says about the publisher."""

    contact_email: Optional[PublicEmail] = None
    response_days: int = 5
    last_reviewed: Optional[Date] = None
    known_issues: tuple[Md, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SevenMinuteSettings:
    words_per_minute: int = 150
    headings: Optional[dict[Text, Text]] = None


@dataclass(frozen=True, kw_only=True)
class QuickExit:
    """The "Exit this page" button on every page, for a reader who must leave the site at
    once (someone they fear may see the screen): it opens `url`, a neutral site, in place of
    the page, also when Shift is pressed three times in a row."""

    enabled: bool = True
    url: Annotated[Text, WebAddress()] = Text("https://www.bbc.co.uk/weather",
                                              Pos("briefings.yaml", 0, 0))
    label: Text = Text("Exit this page", Pos("briefings.yaml", 0, 0))
    shift_three_times: bool = True


@dataclass(frozen=True, kw_only=True)
class Settings:
    title: Text
    partnership: Partnership
    description: Optional[Text] = None
    language: Text = Text("en-GB", Pos("briefings.yaml", 0, 0))
    base_url: Optional[Annotated[Text, WebAddress()]] = None
    colours: Colours = field(default_factory=Colours)
    contact: Contact = field(default_factory=Contact)
    accessibility: AccessibilitySettings = field(default_factory=AccessibilitySettings)
    seven_minute: SevenMinuteSettings = field(default_factory=SevenMinuteSettings)
    quick_exit: QuickExit = field(default_factory=QuickExit)
    pdf: bool = True
    search: bool = True
    today: Optional[Date] = None
    privacy_exceptions: tuple[PublicText, ...] = ()  # allowed in every record
    pos: Pos = derived()


# ---- the whole corpus --------------------------------------------------------------------

@dataclass(frozen=True)
class Corpus:
    """Everything loaded from one project: the records of each kind (`kinds.py`), in the
    order authors gave them, by kind name."""

    settings: Settings
    records: Mapping[str, tuple] = field(default_factory=dict)
    unloaded: frozenset = frozenset()  # (kind, id) of records that failed to load

    def __post_init__(self):
        object.__setattr__(self, "records", MappingProxyType(dict(self.records)))
        object.__setattr__(self, "_indexes", {})

    def of(self, *kinds: str) -> tuple:
        """The records of one kind (or several, in turn)."""
        return tuple(r for kind in kinds for r in self.records.get(kind, ()))

    def index(self, *kinds: str) -> dict[str, object]:
        """Records of one kind (or several) by id."""
        if kinds not in self._indexes:
            self._indexes[kinds] = {r.id: r for r in self.of(*kinds)}
        return self._indexes[kinds]

    # The kinds the engine itself builds pages from, by name, for readable code.
    sources = property(lambda self: self.of("source"))
    sectors = property(lambda self: self.of("sector"))
    themes = property(lambda self: self.of("theme"))
    terms = property(lambda self: self.of("term"))
    sections = property(lambda self: self.of("section"))
    tables = property(lambda self: self.of("table"))
    statistics = property(lambda self: self.of("statistic"))
    findings = property(lambda self: self.of("finding"))
    learning_points = property(lambda self: self.of("learning_point"))
    cases = property(lambda self: self.of("case"))
    briefings = property(lambda self: self.of("briefing"))
    reviews = property(lambda self: self.of("review"))
    seven_minute = property(lambda self: self.of("seven_minute"))
    sessions = property(lambda self: self.of("session"))

    def learning_points_for(self, sector_id: str) -> tuple[LearningPoint, ...]:
        """The learning points addressed to one sector, in finding order."""
        return tuple(lp for lp in self.learning_points if sector_id in lp.sectors)


@functools.cache
def hints(cls) -> dict[str, object]:
    """The resolved type hints of a dataclass, with Annotated markers kept (cached: resolving
    them is slow, and the loader and checks ask for them once per record)."""
    return typing.get_type_hints(cls, include_extras=True)


@functools.cache
def data_fields(cls) -> tuple[tuple[str, object], ...]:
    """(name, hint) of each field written in YAML, in order; derived fields left out."""
    h = hints(cls)
    return tuple((f.name, h[f.name]) for f in dataclasses.fields(cls)
                 if not f.metadata.get("derived"))


def walk(value, hint=None) -> list[tuple[object, object]]:
    """(hint, value) of every leaf value inside a record, depth first.

    Used by checks that look at every reference or every Markdown field, whatever record
    it sits in. A project of thousands of findings has millions of leaves, so the way down
    each type hint is worked out once (`_visitor`), not again at every value.
    """
    out: list[tuple[object, object]] = []
    _leaves(value, _visitor(hint), out)
    return out


def _leaves(value, visit, out: list) -> None:
    fields = _record_fields(type(value))
    if fields is None:
        visit(value, out)
    else:  # a record, whatever the hint says: each of its fields by its own hint
        for name, field_visit in fields:
            _leaves(getattr(value, name), field_visit, out)


@functools.cache
def _record_fields(cls) -> Optional[tuple]:
    """(name, visitor) of each field of a record class; None for any other class."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple((name, _visitor(hint)) for name, hint in data_fields(cls))


@functools.cache
def _visitor(hint):
    """How to find the leaves of a value given this hint: `visit(value, out)`."""
    origin, args, non_none = _shape(hint)
    if origin is Union:
        inner = non_none[0] if len(non_none) == 1 else None
        # e.g. `key: [health]`, where `key: true` is allowed too
        as_tuple = next((a for a in non_none if typing.get_origin(a) is tuple), inner)
        inner_visit = _visitor(inner) if inner is not None else None
        tuple_visit = _visitor(as_tuple) if as_tuple is not None else None

        def union(value, out):
            visit = tuple_visit if isinstance(value, tuple) else inner_visit
            if visit is not None and value is not None:
                _leaves(value, visit, out)
            else:
                out.append((hint, value))
        return union
    if origin is tuple:
        item_visit = _visitor(args[0])

        def items(value, out):
            if isinstance(value, tuple):
                for item in value:
                    _leaves(item, item_visit, out)
            else:
                out.append((hint, value))
        return items
    if origin is dict:
        key_hint, value_visit = args[0], _visitor(args[1])

        def mapping(value, out):
            if isinstance(value, dict):
                for k, v in value.items():
                    out.append((key_hint, k))
                    _leaves(v, value_visit, out)
            else:
                out.append((hint, value))
        return mapping
    return lambda value, out: out.append((hint, value))


def _shape(hint) -> tuple:
    """A type hint's origin, its arguments and those that are not None."""
    args = typing.get_args(hint)
    return typing.get_origin(hint), args, tuple(a for a in args if a is not type(None))


_ANNOTATED = type(Annotated[int, "marker"])


def marker(hint, cls):
    """The Annotated marker of class `cls` on `hint`, or None. (Asked of every leaf by
    several checks, so asked quickly: `__metadata__` is what `typing.get_args` gives after
    the type.)"""
    if isinstance(hint, _ANNOTATED):
        for m in hint.__metadata__:
            if isinstance(m, cls):
                return m
    return None
