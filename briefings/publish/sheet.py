"""The one-page check: does a page's printed sheet fit on its first A4 page?

It runs on the layout the PDF is written from (printer.py), so the sheet is laid out once.
Two empty markers in the template make it possible with WeasyPrint's public API
(`Page.anchors`): `#sheet-end` after the sheet's last panel, and `#sheet-limit`, absolutely
positioned at the bottom of the page area, which tells us where the bottom margin starts.
Only when the sheet does not fit is the page laid out again, with the sheet's page made very
tall so nothing breaks, to say by how much it overflows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

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


def on_first_page(printed) -> bool:
    """Whether the sheet, laid out on A4, ends on page 1 above the page's bottom margin."""
    anchors = printed.pages[0].anchors
    return END in anchors and LIMIT in anchors and anchors[END][1] <= anchors[LIMIT][1] + 0.5


def overflow(measured) -> float:
    """How far (mm) the sheet, laid out on one very tall page, runs past an A4 page."""
    first = measured.pages[0]
    if END not in first.anchors or LIMIT not in first.anchors:
        raise ValueError(f"the page has no #{END} and #{LIMIT} markers: "
                         "its template must mark where the sheet ends")
    bottom_margin = first.height - first.anchors[LIMIT][1]
    room = A4_HEIGHT_MM * PX_PER_MM - bottom_margin
    return math.ceil((first.anchors[END][1] - room) / PX_PER_MM * 10) / 10


def fit(printed, relayout: Callable[[str], object]) -> Fit:
    """How the sheet of a laid-out page sits on its first page. `relayout(css)` lays the
    same page out again with extra CSS, used only to measure an overflow."""
    if on_first_page(printed):
        return Fit(overflow_mm=0)
    return Fit(overflow_mm=max(overflow(relayout(MEASURE_CSS)), 0.1))
