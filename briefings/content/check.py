"""Checks that need the whole corpus: ids, cross-references, citations, tables, privacy, dates.

Loading has already checked each file's shape. Here we check what only makes sense once
everything is loaded, and report every problem with the place it was written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Iterator

from ..problems import Pos, Problem
from . import kinds, prose, reviews, seven_minute
from . import sessions as training_sessions
from .citations import citations
from .load import did_you_mean
from .model import (
    Address,
    Block,
    Corpus,
    Dated,
    EmailAddress,
    Markdown,
    Noted,
    Ref,
    Settings,
    Table,
    Text,
    WebAddress,
    marker,
    walk,
)
from .privacy import privacy


def check(corpus: Corpus, today: dt.date | None = None) -> list[Problem]:
    """Every problem in the corpus, errors and warnings together."""
    today = corpus.settings.today or today or dt.date.today()
    problems: list[Problem] = []
    problems += duplicate_ids(corpus)
    problems += references(corpus)
    problems += markdown_fields(corpus)
    problems += addresses(corpus)
    problems += tables(corpus)
    problems += completeness(corpus)
    problems += key_points(corpus)
    problems += privacy(corpus)
    problems += review_dates(corpus, today)
    problems += colours(corpus.settings)
    problems += language(corpus.settings)
    problems += seven_minute.problems(corpus)
    problems += reviews.problems(corpus, today)
    problems += training_sessions.problems(corpus)
    problems += uses(corpus)
    return problems


def uses(corpus: Corpus) -> Iterator[Problem]:
    """A record of use says what was used: one seven-minute briefing or one session."""
    for use in corpus.of("use"):
        if bool(use.briefing) == bool(use.session):
            yield Problem(use.pos, f"the record of use {str(use.id)!r} must say what was used: "
                          "a seven-minute briefing or a training session, not both",
                          "give either `briefing: <seven-minute id>` or `session: <session id>`")


def all_records(corpus: Corpus) -> Iterator[object]:
    """Every record of every kind, each once (records written inside another, such as
    learning points, come with their parent), then the settings."""
    for k in kinds.KINDS:
        if not k.inside:
            yield from corpus.of(k.name)
    yield corpus.settings


def duplicate_ids(corpus: Corpus) -> Iterator[Problem]:
    """Ids are unique within each kind (or group of kinds sharing their ids)."""
    first: dict[tuple[str, str], Pos] = {}
    for k in kinds.KINDS:
        for r in corpus.of(k.name):
            key = (k.namespace, str(r.id))
            if key in first:
                yield Problem(r.id.pos, f"duplicate {k.label} id {r.id!r}",
                              f"first defined at {first[key]}")
            else:
                first[key] = r.id.pos


def references(corpus: Corpus) -> Iterator[Problem]:
    """Every `Ref` field names a record of its kind."""
    broken = {kind for kind, _ in corpus.unloaded}
    # A record that failed to load has been reported already; so have references to it,
    # and to anything written inside a record of its kind.
    hidden = {k.name for k in kinds.KINDS if k.inside and k.inside[0] in broken}
    for record in all_records(corpus):
        for hint, value in walk(record):
            ref = marker(hint, Ref)
            if ref is None or not isinstance(value, Text):
                continue
            if hidden & set(ref.kinds) or any((k, value) in corpus.unloaded for k in ref.kinds):
                continue
            index = corpus.index(*ref.kinds)
            if value not in index:
                what = kinds.label(*ref.kinds)
                hint_text = did_you_mean(value, index)
                for other in ("table", "statistic"):
                    if other not in ref.kinds and value in corpus.index(other):
                        hint_text = f"this is a {other}, and a {what} is needed here"
                yield Problem(value.pos, f"unknown {what} {value!r}",
                              hint_text or f"no {what} has this id")


def markdown_fields(corpus: Corpus) -> Iterator[Problem]:
    """Citations must name known sources (or reviews); links must be safe; images must be
    local."""
    sources = corpus.index("source", "review")
    for record in all_records(corpus):
        for hint, value in walk(record):
            if not isinstance(value, Text) or marker(hint, Markdown) is None:
                continue
            for cite in citations(value):
                if cite.source not in sources and not any(
                        (kind, cite.source) in corpus.unloaded for kind in ("source", "review")):
                    yield Problem(value.pos_at(cite.offset),
                                  f"citation of unknown source {cite.source!r}",
                                  did_you_mean(cite.source, sources)
                                  or "add it to content/sources/")
            for bad in prose.refused(value):
                yield Problem(value.pos_at(bad.offset), *REFUSED[bad.what](bad.url))


REFUSED = {
    "remote image": lambda url: (f"remote image {url!r} is not allowed",
                                 "put the image in the project and link to it by a relative "
                                 "path"),
    "absolute image": lambda url: (f"image {url!r} is an absolute path",
                                   "write it relative to the project folder, e.g. "
                                   "assets/poster.png"),
    "link": lambda url: (f"link {url!r} is not allowed",
                         "links may be http, https, mailto or relative"),
}
EMAIL = re.compile(r"^[^\s@<>()\[\]\\,;:\"']+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
WEB = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s<>\"'`]*)?$", re.I)


def addresses(corpus: Corpus) -> Iterator[Problem]:
    """Every field that holds an address (a source's url, the partnership's, base_url, an
    e-mail) is held to the rule links in prose are: nothing that could run a script."""
    for record in all_records(corpus):
        for hint, value in walk(record):
            if not isinstance(value, Text):
                continue
            if marker(hint, Address) and prose.refusal(value, image=False):
                yield Problem(value.pos, *REFUSED["link"](value))
            elif marker(hint, WebAddress) and not WEB.match(value):
                yield Problem(value.pos, f"base_url {value!r} is not a web address",
                              "give the full address the site will be published at, e.g. "
                              "https://learning.example.org/")
            elif marker(hint, EmailAddress) and not EMAIL.match(value):
                yield Problem(value.pos, f"contact email {value!r} is not an e-mail address",
                              "write it as name@example.org")


def tables(corpus: Corpus) -> Iterator[Problem]:
    for table in corpus.tables:
        width = len(table.columns)
        for row in table.rows + ((table.total,) if table.total else ()):
            if len(row) != width:
                yield Problem(table.id.pos, f"table {table.id!r} has a row of {len(row)} cells "
                              f"({row[0]!r}...) but {width} columns")
        keys = {c.key for c in table.columns}
        if table.chart:
            for key in table.chart.series:
                if key not in keys:
                    yield Problem(key.pos, f"chart series {key!r} is not a column of "
                                  f"table {table.id!r}", did_you_mean(key, keys))
        if table.total and not table.total_note:
            yield from totals(table)


def number(cell) -> float | None:
    if isinstance(cell, Noted):
        cell = cell.value
    return cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else None


def totals(table: Table) -> Iterator[Problem]:
    """Count columns must add up to the printed total, unless a note says why they don't."""
    for i, column in enumerate(table.columns[1:], start=1):
        if column.unit not in (None, "count"):
            continue
        values = [number(row[i]) for row in table.rows if len(row) > i]
        total = number(table.total[i]) if len(table.total) > i else None
        if total is None or any(v is None for v in values):
            continue
        if abs(sum(values) - total) > 1e-9:
            yield Problem(table.id.pos, f"table {table.id!r}: column {column.header!r} adds up "
                          f"to {sum(values):g}, but the total row says {total:g}",
                          "fix the numbers, or add `total_note:` saying why the source's "
                          "figures do not add up")


def completeness(corpus: Corpus) -> Iterator[Problem]:
    for finding in corpus.findings:
        if not finding.questions:
            yield Problem(finding.id.pos, f"finding {finding.id!r} has no reflective questions",
                          "add at least one under `questions:`")
        for lp in finding.learning_points:
            if not lp.citations:
                yield Problem(lp.id.pos, f"learning point {lp.id!r} cites no evidence",
                              "add `citations: [{source: ..., page: ...}]`")
            if not lp.sectors:
                yield Problem(lp.id.pos, f"learning point {lp.id!r} is for no sector",
                              "list the sectors it is for under `sectors:`")
    for briefing in corpus.briefings:
        for part in briefing.parts:
            for block in part.blocks:
                yield from one_kind(block)


def key_points(corpus: Corpus) -> Iterator[Problem]:
    """A learning point is key only for sectors it is for (an unknown sector is reported
    with the other references); a briefing's limit of learning points is at least one."""
    known = corpus.index("sector")
    for lp in corpus.learning_points:
        if isinstance(lp.key, tuple):
            for s in lp.key:
                if s in known and s not in lp.sectors:
                    yield Problem(s.pos, f"learning point {lp.id!r} is key for {s!r}, which "
                                  "it is not for", f"add {s} to its `sectors:`, or take it out "
                                  "of `key:`")
    for b in corpus.briefings:
        if b.key_points is not None and b.key_points < 1:
            yield Problem((b.field_pos or {}).get("key_points", b.pos),
                          f"key_points {b.key_points} in briefing {b.id!r} is less than 1",
                          "give how many learning points to show for each finding, e.g. 3, "
                          "or leave it out to show those marked `key:`")


def one_kind(block: Block) -> Iterator[Problem]:
    set_ = [f.name for f in dataclasses.fields(block)
            if f.name not in ("pos", "detail") and getattr(block, f.name) not in (None, (), False)]
    if len(set_) != 1:
        yield Problem(block.pos, "a briefing block needs exactly one of section, audience, "
                      f"data or findings (this one has {', '.join(set_) or 'none'})")


def review_dates(corpus: Corpus, today: dt.date) -> Iterator[Problem]:
    for record in all_records(corpus):
        if not isinstance(record, Dated):
            continue
        for later in ("reviewed", "review_due"):
            date = getattr(record, later)
            if date and record.published and date < record.published:
                yield Problem((record.field_pos or {}).get(later, record.pos),
                              f"{later} {date.isoformat()} is before published "
                              f"{record.published.isoformat()}",
                              "check the dates: a record is published before it is reviewed")
        if record.overdue(today):
            yield Problem(record.pos, f"{getattr(record, 'id', 'record')!r} was due for review "
                          f"on {record.review_due.isoformat()}", "review it and update `reviewed:` and "
                          "`review_due:`", warning=True)


# ---- branding colours -------------------------------------------------------------------

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
MIN_CONTRAST = 4.5  # WCAG 2.2 AA for normal text: the colours sit behind white text


def rgb(hex_colour: str) -> tuple[int, int, int]:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: tuple[int, int, int]) -> float:
    """Relative luminance, as WCAG defines it."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: tuple[int, int, int]) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def darker(colour: tuple[int, int, int]) -> str:
    """The nearest darker shade that white text can sit on."""
    r, g, b = colour
    for step in range(100, -1, -1):
        shade = tuple(round(c * step / 100) for c in (r, g, b))
        if contrast_with_white(shade) >= MIN_CONTRAST:
            return "#%02x%02x%02x" % shade
    return "#000000"


def colours(settings: Settings) -> Iterator[Problem]:
    """Brand colours must be hex colours that white text is readable on (WCAG AA)."""
    for name in ("primary", "accent"):
        value = getattr(settings.colours, name)
        if not HEX_COLOUR.match(value):
            yield Problem(value.pos, f"colours.{name} {value!r} is not a hex colour",
                          "write it as # and six hex digits, e.g. \"#1d4f91\" (in quotes)")
            continue
        ratio = contrast_with_white(rgb(value))
        if ratio < MIN_CONTRAST:
            yield Problem(value.pos, f"colours.{name} {value} is too light: white text on it has "
                          f"a contrast of {ratio:.2f}:1, and WCAG AA needs {MIN_CONTRAST}:1",
                          f"use a darker shade, e.g. {darker(rgb(value))}")


# ---- the language -----------------------------------------------------------------------

# A language tag (BCP 47): a language, then an optional script, region and variants, e.g.
# "en-GB", "cy", "zh-Hant-TW", "es-419". It goes into every page's <html lang>, the feed's
# xml:lang and the PDFs, so nothing else may get through.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?"
                          r"(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*")


def language(settings: Settings) -> Iterator[Problem]:
    """The language must be a language tag, such as en-GB or cy."""
    value = settings.language
    if not LANGUAGE_TAG.fullmatch(value):
        yield Problem(value.pos, f"language {value!r} is not a language tag",
                      "write a language and optional region, e.g. en-GB, en or cy")
