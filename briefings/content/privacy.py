"""Identifying detail in case material: the patterns, and the check that flags them.

Case studies and quotes are written by people who know the families. Before anything is
published, whatever looks like a real person's details is flagged as an error naming the
place: full names outside the pseudonym field, dates of birth, postcodes, phone numbers,
e-mail addresses, NHS numbers (with a valid check digit) and National Insurance numbers.
An author can list a deliberate exception under `privacy_exceptions:`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable, Iterator

from ..problems import Problem
from .model import Corpus, Text, walk

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
