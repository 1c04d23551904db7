"""Views of seven-minute briefings: one page each (which is also its PDF), and their indexes.

A briefing's web page and its PDF are the same HTML: the screen stylesheet shows the seven
segments one after another; the print stylesheet lays them out as a one-page sheet of seven
numbered panels, followed by a page of facilitator notes and a record-of-use form.

Learning points and statistics are shown from their own records, so a learning point changed
in its finding changes in every seven-minute briefing that uses it.
"""

from __future__ import annotations

import dataclasses
import math
import re

from markupsafe import Markup

from ..content import seven_minute as rules
from ..content.model import SEGMENT_KEYS, Sector, SevenMinute, Source
from ..outputs import FitsOnePage, Pdf
from . import blocks, evidence
from .feeds import absolute
from .pages import (
    Page,
    Planner,
    Writer,
    beside,
    dublin_core,
    index_url,
    search_type,
    url,
)
from .reviews import links_to
from .views import (
    CompactReference,
    FindingSummary,
    ReadingTime,
    SectorTab,
    SegmentView,
    SevenMinuteCard,
    SevenMinuteIndex,
    SevenMinutePage,
)

READ_ALOUD = SEGMENT_KEYS[:4]  # the segments a presenter reads before the discussion

# Rough sizes of sheet text (seven-minute.css), in lines of body text, used only to choose
# where the printed sheet's two columns split. The real fit is measured on the PDF's layout.
CHARS_PER_LINE = 66
PANEL_LINES = 3.0       # a panel's heading, padding and gap
BLOCK_LINES = 0.5       # space between paragraphs or list items
BOX_LINES = 0.5         # padding of a statistic or the learning points box
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</p>|</li>")


def pdf_url(record: SevenMinute) -> str:
    return beside(url("seven_minute", record.id), f"{record.id}.pdf")


def briefing(p: Planner, record: SevenMinute) -> Page:
    corpus = p.corpus
    page_url = url("seven_minute", record.id)
    w = p.writer(page_url)
    wpm = corpus.settings.seven_minute.words_per_minute
    counts = rules.segment_words(record, corpus)
    total = sum(counts.values())
    segments = segment_views(p, record, w)
    facilitator_notes = w.block(record.facilitator_notes)
    # Citations point at the sources listed in segment 7, so list every work cited above.
    sources = p.corpus.index("source")
    segments[-1] = dataclasses.replace(segments[-1], sources=tuple(
        compact_reference(sources[i], p.cite_labels[i]) for i in cited_sources(p, record, w)))
    intro_minutes = rules.reading_minutes(sum(counts[k] for k in READ_ALOUD), wpm)
    split = column_split([estimated_lines(s) for s in segments])
    sectors = p.named("sector", record.sectors)
    themes = p.named("theme", record.themes)
    findings = p.corpus.index("finding")
    view = SevenMinutePage(
        briefing=record, segments=tuple(segments),
        columns=(tuple(segments[:split]), tuple(segments[split:])),
        sectors=sectors, themes=themes,
        reading=ReadingTime(total, rules.reading_minutes(total, wpm), wpm, intro_minutes,
                            max(2, rules.MINUTES - intro_minutes - 1)),
        findings=tuple(FindingSummary(findings[f].title, url("finding", f), findings[f].summary)
                       for f in record.findings),
        facilitator_notes=facilitator_notes,
        questions=segments[SEGMENT_KEYS.index("questions")].items,
        # Printed on the sheet so a reader can find the page again.
        web_address=absolute(corpus.settings, page_url) if corpus.settings.base_url else None,
        references_url=url("references"), reviews=links_to(p, record),
        used_by=evidence.used_by(corpus, record.id))
    keywords = ", ".join([p.labels["latest"]["seven_minute"].lower(), *sectors, *themes])
    sheet = FitsOnePage(f"seven-minute briefing {str(record.id)!r}", record.pos)
    return Page(page_url, "seven_minute.html", record.title, view=view, record=record,
                type=search_type("seven_minute"),
                description=p.labels["seven_minute_description"].format(
                    sectors=", ".join(sectors)),
                crumbs=p.crumbs(p.index_crumb("seven_minute"), (record.title, None)),
                meta=dublin_core(record) + (("keywords", keywords),),
                filters=p.filters(record.sectors, record.themes, record.sources, record.reviews),
                outputs=(Pdf(pdf_url(record), checks=(sheet,)),) if p.pdf else ())


def segment_views(p: Planner, record: SevenMinute, w: Writer) -> list[SegmentView]:
    """The seven segments in their fixed order, each with what it pulls in from other records."""
    headings = rules.headings(p.corpus.settings)
    learning_points = p.corpus.index("learning_point")
    statistics = p.corpus.index("statistic")
    views = []
    for number, key in enumerate(SEGMENT_KEYS, start=1):
        value = getattr(record.segments, key)
        listed = isinstance(value, tuple)
        views.append(SegmentView(
            key=key, number=number, heading=headings[key],
            body=Markup("") if listed else w.block(value),
            items=tuple(w.inline(item) for item in value) if listed else (),
            statistics=tuple(blocks.statistic(statistics[i], w) for i in record.data)
            if key == "why_it_matters" else (),
            learning_points=tuple(blocks.learning_point(p, learning_points[i], w)
                                  for i in record.learning_points)
            if key == "learning_for_practice" else (),
            sources=()))
    return views


def estimated_lines(view: SegmentView) -> float:
    """Roughly how many lines of text a segment's panel takes on the printed sheet."""
    def lines(html, narrower: float = 1.0) -> float:
        return sum(math.ceil(len(text) / (CHARS_PER_LINE * narrower)) + BLOCK_LINES
                   for text in (TAG.sub("", part).strip() for part in BLOCK_END.split(str(html)))
                   if text)
    total = PANEL_LINES + lines(view.body)
    total += sum(lines(item, .93) for item in view.items)
    for statistic in view.statistics:
        total += BOX_LINES + 1 + lines(statistic.text, .85)
    if view.learning_points:
        total += BOX_LINES + sum(lines(lp.text, .88) for lp in view.learning_points)
    total += sum(.87 * lines(r.text, 1.15) for r in view.sources)
    return total


def column_split(heights: list[float]) -> int:
    """Where to split the panels into two columns, in order, so the columns are most even."""
    return min(range(1, len(heights)),
               key=lambda k: (max(sum(heights[:k]), sum(heights[k:])), k))


def cited_sources(p: Planner, record: SevenMinute, w: Writer) -> list[str]:
    """The sources listed in segment 7: those the author listed, then any others cited."""
    listed = list(dict.fromkeys(record.sources))
    extra = sorted(w.cited - set(listed), key=lambda i: (p.cite_labels[i].lower(), i))
    return listed + extra


def compact_reference(source: Source, label: str) -> CompactReference:
    """A short reference for the sheet: Author (year) *Title*, linked to the work."""
    who, _, year = label.rpartition(", ")
    title = Markup("<cite>{}</cite>").format(source.title)
    if source.url:
        title = Markup('<a href="{}">{}</a>').format(source.url, title)
    text = Markup("{} ({}) {}").format(who or label, year or source.year, title)
    return CompactReference(source.id, text)


# ---- indexes ---------------------------------------------------------------------------------

def card(p: Planner, record: SevenMinute) -> SevenMinuteCard:
    """How a briefing is listed on the index pages (urls relative to the site root)."""
    wpm = p.corpus.settings.seven_minute.words_per_minute
    total = sum(rules.segment_words(record, p.corpus).values())
    return SevenMinuteCard(
        id=record.id, title=record.title, url=url("seven_minute", record.id),
        pdf=pdf_url(record) if p.pdf else None, sector_ids=tuple(record.sectors),
        sectors=p.named("sector", record.sectors), themes=p.named("theme", record.themes),
        published=record.published, reviewed=record.reviewed,
        minutes=rules.reading_minutes(total, wpm))


def indexes(p: Planner) -> list[Page]:
    """The list of all seven-minute briefings, and one for each sector."""
    cards = [card(p, record) for record in p.corpus.seven_minute]
    return [index(p, cards, None)] + [index(p, cards, s) for s in p.corpus.sectors]


def sector_index_url(sector: Sector) -> str:
    """A sector's list of seven-minute briefings (its id may not be a briefing's)."""
    return url("seven_minute", sector.id)


def index(p: Planner, cards: list[SevenMinuteCard], sector: Sector | None) -> Page:
    """The list of all seven-minute briefings, or of those for one sector."""
    corpus = p.corpus
    everything, title = index_url("seven_minute"), p.index_title("seven_minute")
    if sector is None:
        page_url, heading, chosen = everything, title, cards
        crumbs = p.crumbs((title, None))
    else:
        page_url = sector_index_url(sector)
        heading = p.labels["seven_minute_for_sector"].format(sector=sector.name)
        chosen = [c for c in cards if sector.id in c.sector_ids]
        crumbs = p.crumbs((title, everything), (sector.name, None))
    tabs = tuple(SectorTab(s.id, s.name, sector_index_url(s),
                           sum(1 for c in cards if s.id in c.sector_ids),
                           sector is not None and s.id == sector.id)
                 for s in corpus.sectors)
    return Page(page_url, "seven_minute_index.html", heading, crumbs=crumbs,
                description=p.index_description("seven_minute"),
                view=SevenMinuteIndex(tuple(chosen), sector, tabs, everything, len(cards),
                                      corpus.settings.seven_minute.words_per_minute))
