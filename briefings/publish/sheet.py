"""Seven-minute briefings on paper: the check that each sheet fits one A4 page.

The sheet is page 1 of the briefing page's print layout (see seven-minute.css); its PDF is
written by the generic pipeline in pdf.py. Each page is laid out on A4 as it will print. If
the sheet does not end on page 1, the page is laid out again with the sheet's page made very tall, so nothing breaks, and
we read where the sheet ends to say how far it overflows. Two empty markers in the template
make this possible with WeasyPrint's public API (`Page.anchors`): `#sheet-end` after the
sheet's last panel, and `#sheet-limit`, absolutely positioned at the bottom of the page area,
which tells us where the page's bottom margin starts.

WeasyPrint reads only files inside the site being built, through pdf.py's fetcher.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import weasyprint

from ..problems import Problem
from .pdf import layout

if TYPE_CHECKING:  # build passes the planned pages in; publish does not import render
    from ..render.pages import Page

KIND = "seven-minute briefing"   # Page.kind of a briefing page
END, LIMIT = "sheet-end", "sheet-limit"
PX_PER_MM = 96 / 25.4
A4_HEIGHT_MM = 297.0
LINE_MM = 3.9                    # one line of sheet text (8.6pt at 1.3), for "about n lines"
MEASURE_CSS = """
@page seven-minute-sheet { size: 210mm 3000mm !important; }
.facilitator, .record-of-use { display: none !important; }
"""


@dataclass(frozen=True)
class Fit:
    """How a sheet sits on its page; `overflow_mm` > 0 means it does not fit."""

    overflow_mm: float

    @property
    def fits(self) -> bool:
        return self.overflow_mm <= 0

    @property
    def lines(self) -> int:
        return max(1, round(self.overflow_mm / LINE_MM))


def document(html_file: Path, site: Path, measure: bool = False) -> weasyprint.Document:
    """Lay out a built page as WeasyPrint would print it (`measure`: on one very tall page)."""
    css = [weasyprint.CSS(string=MEASURE_CSS)] if measure else []
    return layout(html_file, [site], stylesheets=css)


def fit(html_file: Path, site: Path) -> Fit:
    """How far the sheet in a built seven-minute page runs past the foot of its A4 page."""
    first = document(html_file, site, measure=True).pages[0]
    if END not in first.anchors or LIMIT not in first.anchors:
        raise ValueError(f"{html_file} has no #{END} and #{LIMIT} markers: "
                         "is it a seven-minute briefing page?")
    bottom_margin = first.height - first.anchors[LIMIT][1]
    room = A4_HEIGHT_MM * PX_PER_MM - bottom_margin
    return Fit(overflow_mm=math.ceil((first.anchors[END][1] - room) / PX_PER_MM * 10) / 10)


def on_first_page(printed: weasyprint.Document) -> bool:
    """Whether the sheet, laid out on A4, ends on page 1 above the page's bottom margin."""
    anchors = printed.pages[0].anchors
    return END in anchors and LIMIT in anchors and anchors[END][1] <= anchors[LIMIT][1] + 0.5


def check_fit(site: Path, pages: Iterable[Page]) -> list[Problem]:
    """Check every seven-minute sheet in a built site fits its one A4 page.

    Sheets are laid out in parallel, one process per core. Returns one error per sheet that
    overflows, naming the briefing and by how much.
    """
    sheets = [page for page in pages if page.kind == KIND]
    jobs = [(site / page.url, site) for page in sheets]
    if len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
            results = list(pool.map(_check_one, jobs))
    else:
        results = [_check_one(job) for job in jobs]
    problems = []
    for page, result in zip(sheets, results):
        if result.fits:
            continue
        record = page.context["briefing"]
        problems.append(Problem(
            record.pos, f"seven-minute briefing {str(record.id)!r} does not fit on one A4 "
            f"page: it runs {result.overflow_mm:.1f} mm too long (about {result.lines} "
            f"line{'s' if result.lines != 1 else ''} of text)",
            "shorten its segments, or pull in fewer learning points or statistics"))
    return problems


def _check_one(job: tuple[Path, Path]) -> Fit:
    """Lay out one sheet on A4; if it runs past page 1, measure how far."""
    html_file, site = job
    if not on_first_page(document(html_file, site)):
        return Fit(overflow_mm=max(fit(html_file, site).overflow_mm, 0.1))
    return Fit(overflow_mm=0)
