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


@dataclass(frozen=True)
class PdfPages:
    """The number of pages of a PDF the build makes (`pdf`), written into the page's HTML
    where its template put `marker(pdf)`, once the PDF is made: `text` with `{pages}` in
    it, e.g. "{pages} pages". Where the PDF is not made, the marker (a comment) stays."""

    pdf: str
    text: str
    one: str = ""   # the text for a PDF of one page ("1 page"), if not `text`

    @staticmethod
    def marker(pdf: str) -> str:
        return f"<!--pages of {pdf}-->"
