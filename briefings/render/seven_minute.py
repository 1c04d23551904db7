"""Views of seven-minute briefings: one page each (which is also its PDF), and their indexes.

A briefing's web page and its PDF are the same HTML: the screen stylesheet shows the seven
segments one after another; the print stylesheet lays them out as a one-page sheet of seven
numbered panels, followed by a page of facilitator notes and a record-of-use form.

Learning points and statistics are shown from their own records, so a learning point changed
in its finding changes in every seven-minute briefing that uses it.
"""

from __future__ import annotations

import math
import re

from markupsafe import Markup

from ..content import seven_minute as rules
from ..content.model import SEGMENT_KEYS, Sector, SevenMinute, Source
from .feeds import absolute
from .pages import Page, Planner, Writer, dublin_core, root_of, url

READ_ALOUD = SEGMENT_KEYS[:4]  # the segments a presenter reads before the discussion

# Rough sizes of sheet text (seven-minute.css), in lines of body text, used only to choose
# where the printed sheet's two columns split. The real fit is measured by publish/sheet.py.
CHARS_PER_LINE = 66
PANEL_LINES = 3.0       # a panel's heading, padding and gap
BLOCK_LINES = 0.5       # space between paragraphs or list items
BOX_LINES = 0.5         # padding of a statistic or the learning points box
TAG = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(r"</p>|</li>")


def pages(p: Planner) -> list[Page]:
    """Every seven-minute page: one per briefing, the index, and one index per sector."""
    corpus = p.corpus
    if not corpus.seven_minute:
        return []
    cards = [card(p, record) for record in corpus.seven_minute]
    out = [briefing(p, record) for record in corpus.seven_minute]
    out.append(index(p, cards, None))
    out += [index(p, cards, sector) for sector in corpus.sectors]
    return out


def briefing(p: Planner, record: SevenMinute) -> Page:
    corpus = p.corpus
    page_url = url("seven-minute", record.id)
    w = Writer(p.md, root_of(page_url), local_refs=True)
    wpm = corpus.settings.seven_minute.words_per_minute
    counts = rules.segment_words(record, corpus)
    total = sum(counts.values())
    segments = segment_views(p, record, w)
    facilitator_notes = w.block(record.facilitator_notes)
    # Citations point at the sources listed in segment 7, so list every work cited above.
    segments[-1]["sources"] = [compact_reference(p.sources[i], p.labels[i])
                               for i in cited_sources(p, record, w)]
    intro_words = sum(counts[k] for k in READ_ALOUD)
    intro_minutes = rules.reading_minutes(intro_words, wpm)
    split = column_split([estimated_lines(s) for s in segments])
    context = {
        "briefing": record,
        "segments": segments,
        "columns": [segments[:split], segments[split:]],
        "sectors": [p.sectors[s].name for s in record.sectors],
        "themes": [p.themes[t].name for t in record.themes],
        "reading": {"words": total, "minutes": rules.reading_minutes(total, wpm),
                    "words_per_minute": wpm, "intro_minutes": intro_minutes,
                    "discussion_minutes": max(2, rules.MINUTES - intro_minutes - 1)},
        "findings": [{"title": p.findings[f].title, "summary": p.findings[f].summary,
                      "url": url("finding", f)} for f in record.findings],
        "facilitator_notes": facilitator_notes,
        "meta": {**dublin_core(record), "keywords": ", ".join(
            ["seven-minute briefing", *(p.sectors[s].name for s in record.sectors),
             *(p.themes[t].name for t in record.themes)])},
        "questions": segments[SEGMENT_KEYS.index("questions")]["items"],
        # Printed on the sheet so a reader can find the page again.
        "web_address": absolute(corpus.settings, page_url) if corpus.settings.base_url else None,
        "references_url": url("references"),
        "breadcrumbs": [{"title": "Home", "url": url("home")},
                        {"title": "Seven-minute briefings", "url": url("seven-minute-index")},
                        {"title": record.title, "url": None}],
    }
    return Page(page_url, "seven_minute.html", record.title, context=context,
                kind="seven-minute briefing",
                pdf=url("seven-minute-pdf", record.id) if p.pdf else None)


def segment_views(p: Planner, record: SevenMinute, w: Writer) -> list[dict]:
    """The seven segments in their fixed order, each with what it pulls in from other records."""
    headings = rules.headings(p.corpus.settings)
    learning_points = p.corpus.index("learning_point")
    statistics = p.corpus.index("statistic")
    views = []
    for number, key in enumerate(SEGMENT_KEYS, start=1):
        value = getattr(record.segments, key)
        view = {"key": key, "number": number, "heading": headings[key], "body": Markup(""),
                "items": [], "statistics": [], "learning_points": [], "sources": []}
        if isinstance(value, tuple):
            view["items"] = [w.inline(item) for item in value]
        else:
            view["body"] = w.block(value)
        if key == "why_it_matters":
            view["statistics"] = [p.statistic(statistics[i], w) for i in record.data]
        if key == "learning_for_practice":
            view["learning_points"] = [p.learning_point(learning_points[i], w)
                                       for i in record.learning_points]
        views.append(view)
    return views


def estimated_lines(view: dict) -> float:
    """Roughly how many lines of text a segment's panel takes on the printed sheet."""
    def lines(html, narrower: float = 1.0) -> float:
        return sum(math.ceil(len(text) / (CHARS_PER_LINE * narrower)) + BLOCK_LINES
                   for text in (TAG.sub("", part).strip() for part in BLOCK_END.split(str(html)))
                   if text)
    total = PANEL_LINES + lines(view["body"])
    total += sum(lines(item, .93) for item in view["items"])
    for statistic in view["statistics"]:
        total += BOX_LINES + 1 + lines(statistic["text"], .85)
    if view["learning_points"]:
        total += BOX_LINES + sum(lines(lp["text"], .88) for lp in view["learning_points"])
    total += sum(.87 * lines(r["text"], 1.15) for r in view["sources"])
    return total


def column_split(heights: list[float]) -> int:
    """Where to split the panels into two columns, in order, so the columns are most even."""
    return min(range(1, len(heights)),
               key=lambda k: (max(sum(heights[:k]), sum(heights[k:])), k))


def cited_sources(p: Planner, record: SevenMinute, w: Writer) -> list[str]:
    """The sources listed in segment 7: those the author listed, then any others cited."""
    listed = list(dict.fromkeys(record.sources))
    extra = sorted(w.cited - set(listed), key=lambda i: (p.labels[i].lower(), i))
    return listed + extra


def compact_reference(source: Source, label: str) -> dict:
    """A short reference for the sheet: Author (year) *Title*, linked to the work."""
    who, _, year = label.rpartition(", ")
    title = Markup("<cite>{}</cite>").format(source.title)
    if source.url:
        title = Markup('<a href="{}">{}</a>').format(source.url, title)
    text = Markup("{} ({}) {}").format(who or label, year or source.year, title)
    return {"id": source.id, "text": text}




# ---- indexes ---------------------------------------------------------------------------------

def card(p: Planner, record: SevenMinute) -> dict:
    """How a briefing is listed on the index pages (urls relative to the site root)."""
    wpm = p.corpus.settings.seven_minute.words_per_minute
    total = sum(rules.segment_words(record, p.corpus).values())
    return {"id": record.id, "title": record.title, "url": url("seven-minute", record.id),
            "pdf": url("seven-minute-pdf", record.id) if p.pdf else None,
            "sector_ids": list(record.sectors),
            "sectors": [p.sectors[s].name for s in record.sectors],
            "themes": [p.themes[t].name for t in record.themes],
            "published": record.published, "reviewed": record.reviewed,
            "minutes": rules.reading_minutes(total, wpm)}


def index(p: Planner, cards: list[dict], sector: Sector | None) -> Page:
    """The list of all seven-minute briefings, or of those for one sector."""
    corpus = p.corpus
    if sector is None:
        page_url, title, chosen = url("seven-minute-index"), "Seven-minute briefings", cards
        crumbs = [{"title": "Home", "url": url("home")}, {"title": title, "url": None}]
    else:
        page_url = url("seven-minute-sector", sector.id)
        title = f"Seven-minute briefings: {sector.name}"
        chosen = [c for c in cards if sector.id in c["sector_ids"]]
        crumbs = [{"title": "Home", "url": url("home")},
                  {"title": "Seven-minute briefings", "url": url("seven-minute-index")},
                  {"title": sector.name, "url": None}]
    sectors = [{"id": s.id, "name": s.name, "url": url("seven-minute-sector", s.id),
                "count": sum(1 for c in cards if s.id in c["sector_ids"]),
                "current": sector is not None and s.id == sector.id}
               for s in corpus.sectors]
    return Page(page_url, "seven_minute_index.html", title, context={
        "briefings": chosen, "sector": sector, "sectors": sectors,
        "all_url": url("seven-minute-index"), "all_count": len(cards),
        "words_per_minute": corpus.settings.seven_minute.words_per_minute,
        "breadcrumbs": crumbs})
