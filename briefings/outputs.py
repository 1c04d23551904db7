"""What a page is published as, besides its HTML: the outputs a page declares.

The render stage declares them (`Page.outputs`); the publish stage has one publisher per
output type (`publish/__init__.py`) and `build()` runs each over the pages that ask for it.
An output is plain data, so a new format is one class here and one publisher.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Pos


@dataclass(frozen=True)
class FitsOnePage:
    """A layout check: the page's printed sheet (between the `#sheet-limit` and
    `#sheet-end` markers of its template) fits on its first A4 page."""

    what: str   # how the error names the record, e.g. "seven-minute briefing 'neglect'"
    pos: Pos    # where the record is written


@dataclass(frozen=True)
class Pdf:
    """The page printed by WeasyPrint from its own HTML and print stylesheet, laid out once;
    `checks` run on that layout before the PDF is written."""

    url: str
    checks: tuple[FitsOnePage, ...] = ()


@dataclass(frozen=True)
class Download:
    """A file made from the records or the settings: a table's CSV, the brand stylesheet."""

    url: str
    text: str
