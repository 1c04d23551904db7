"""Checks that need the whole corpus: ids, cross-references, citations, tables, privacy, dates.

Loading has already checked each file's shape. Here we check what only makes sense once
everything is loaded, and report every problem with the place it was written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Iterable, Iterator

from ..problems import Problem
from . import seven_minute
from .citations import citations
from .load import did_you_mean
from .model import (
    Block,
    Dated,
    Corpus,
    Markdown,
    Noted,
    Pos,
    Ref,
    Settings,
    Table,
    Text,
    marker,
    walk,
)

LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)")
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def check(corpus: Corpus, today: dt.date | None = None) -> list[Problem]:
    """Every problem in the corpus, errors and warnings together."""
    today = corpus.settings.today or today or dt.date.today()
    problems: list[Problem] = []
    problems += duplicate_ids(corpus)
    problems += references(corpus)
    problems += markdown_fields(corpus)
    problems += tables(corpus)
    problems += completeness(corpus)
    problems += privacy(corpus)
    problems += review_dates(corpus, today)
    problems += colours(corpus.settings)
    problems += seven_minute.problems(corpus)
    return problems


def all_records(corpus: Corpus) -> Iterator[object]:
    for f in dataclasses.fields(corpus):
        value = getattr(corpus, f.name)
        if isinstance(value, tuple):
            yield from value


def duplicate_ids(corpus: Corpus) -> Iterator[Problem]:
    groups = {"source": corpus.sources, "sector": corpus.sectors, "theme": corpus.themes,
              "glossary term": corpus.glossary, "section": corpus.sections,
              "key data item": corpus.tables + corpus.statistics, "finding": corpus.findings,
              "learning point": corpus.learning_points, "case study": corpus.cases,
              "briefing": corpus.briefings, "seven-minute briefing": corpus.seven_minute}
    for kind, records in groups.items():
        first: dict[str, Pos] = {}
        for r in records:
            if r.id in first:
                yield Problem(r.id.pos, f"duplicate {kind} id {r.id!r}",
                              f"first defined at {first[r.id]}")
            else:
                first[r.id] = r.id.pos


def references(corpus: Corpus) -> Iterator[Problem]:
    names = {"source": "source", "sector": "sector", "theme": "theme", "case": "case study",
             "finding": "finding", "learning_point": "learning point", "data": "key data item",
             "statistic": "statistic", "section": "section", "term": "glossary term"}
    indexes = {kind: corpus.index(kind) for kind in names}
    # A record that failed to load has been reported already; so have references to it.
    kinds = {"source": "sources", "sector": "sectors", "theme": "themes", "case": "cases",
             "finding": "findings", "section": "sections", "term": "glossary",
             "data": "data", "statistic": "data", "learning_point": "findings"}
    broken_findings = any(kind == "findings" for kind, _ in corpus.unloaded)
    for record in all_records(corpus):
        for hint, value in walk(record):
            ref = marker(hint, Ref)
            if ref is None or not isinstance(value, Text):
                continue
            if (kinds[ref.kind], value) in corpus.unloaded or (
                    ref.kind == "learning_point" and broken_findings):
                continue
            if value not in indexes[ref.kind]:
                hint_text = did_you_mean(value, indexes[ref.kind])
                if ref.kind == "statistic" and value in indexes["data"]:
                    hint_text = "only statistics can be used here, not tables"
                yield Problem(value.pos, f"unknown {names[ref.kind]} {value!r}",
                              hint_text or f"no {names[ref.kind]} has this id")


def markdown_fields(corpus: Corpus) -> Iterator[Problem]:
    """Citations must name known sources; links must be safe; images must be local."""
    sources = corpus.index("source")
    for record in all_records(corpus):
        for hint, value in walk(record):
            if not isinstance(value, Text) or marker(hint, Markdown) is None:
                continue
            for cite in citations(value):
                if cite.source not in sources:
                    yield Problem(value.pos_at(cite.offset),
                                  f"citation of unknown source {cite.source!r}",
                                  did_you_mean(cite.source, sources)
                                  or "add it to content/sources/")
            for m in LINK.finditer(value):
                image, url = m.group(1), m.group(2)
                pos = value.pos_at(m.start())
                scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:)", url)
                if image and (scheme or url.startswith("//")):
                    yield Problem(pos, f"remote image {url!r} is not allowed",
                                  "put the image in the project and link to it by a relative path")
                elif url.startswith("//") or (scheme and scheme.group(1).lower()
                                              not in SAFE_SCHEMES):
                    yield Problem(pos, f"link {url!r} is not allowed",
                                  "links may be http, https, mailto or relative")


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


def one_kind(block: Block) -> Iterator[Problem]:
    set_ = [f.name for f in dataclasses.fields(block)
            if f.name != "pos" and getattr(block, f.name) not in (None, (), False)]
    if len(set_) != 1:
        yield Problem(block.pos, "a briefing block needs exactly one of section, audience, "
                      f"data or findings (this one has {', '.join(set_) or 'none'})")


# ---- privacy ----------------------------------------------------------------------------

GIVEN_NAMES = set("""adam alan alice amy andrew anna anne ben benjamin beth callum carl charlie
chloe chris christopher claire daniel darren david dean ella emily emma eve frank gary george
grace hannah harry helen ian isaac jack jacob james jane jason jessica joanne john jonathan
joseph josh joshua julie karen kate katie kevin kyle laura lee leo lewis liam lily lisa lucy
luke mark martin mary matthew megan michael mohammed muhammad nathan nicola noah oliver olivia
paul peter rachel rebecca richard robert ryan sam samuel sarah scott simon sophie stephen
steven susan thomas tom tracey william zoe""".split())
PATTERNS = [
    ("a postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b")),
    ("a phone number", re.compile(r"(?<!\d)(?:\+44\s?7\d{3}|\(?0\d{2,4}\)?)[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")),
    ("an e-mail address", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    ("a National Insurance number",
     re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")),
    ("a date of birth", re.compile(r"\b(?:born|DOB|date of birth)\b[^.\n]{0,25}?\b\d{1,2}"
                                   r"(?:[/.-]\d{1,2}[/.-]\d{2,4}|\s+(?:Jan|Feb|Mar|Apr|May|Jun|"
                                   r"Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{4})", re.I)),
    ("a full date", re.compile(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b")),
    ("a full name", re.compile(r"\b(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+|"
                               r"[A-Z][a-z]+\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")),
]
NHS = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")


def nhs_number_valid(digits: str) -> bool:
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def identifying(text: str, allowed: Iterable[str] = ()) -> Iterator[tuple[int, str, str]]:
    """(offset, what, matched text) for everything that looks like identifying detail."""
    allowed = set(allowed)
    for what, pattern in PATTERNS:
        for m in pattern.finditer(text):
            found = m.group(0)
            if found in allowed:
                continue
            if what == "a full name" and not found.startswith(("Mr", "Mrs", "Ms", "Miss", "Dr")):
                if found.split()[0].lower() not in GIVEN_NAMES:
                    continue
            yield m.start(), what, found
    for m in NHS.finditer(text):
        digits = "".join(m.groups())
        if nhs_number_valid(digits) and m.group(0) not in allowed:
            yield m.start(), "an NHS number", m.group(0)


def privacy(corpus: Corpus) -> Iterator[Problem]:
    """Flag what looks like identifying detail in case material (cases and quotes)."""
    material: list[tuple[object, tuple[str, ...]]] = []
    for case in corpus.cases:
        material.append((dataclasses.replace(case, pseudonym=None, privacy_exceptions=()),
                         tuple(case.privacy_exceptions)))
    for finding in corpus.findings:
        material.extend((q, ()) for q in finding.quotes)
    for record, allowed in material:
        for _, value in walk(record):
            if not isinstance(value, Text):
                continue
            for offset, what, found in identifying(value, allowed):
                yield Problem(value.pos_at(offset), f"{found!r} looks like {what}",
                              "remove it, or if it is deliberate list it under "
                              "`privacy_exceptions:` in the case study")


def review_dates(corpus: Corpus, today: dt.date) -> Iterator[Problem]:
    for record in all_records(corpus):
        if isinstance(record, Dated) and record.overdue(today):
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
