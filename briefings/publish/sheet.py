"""Seven-minute briefings on paper: the check that each sheet fits one A4 page, and its PDF.

The sheet is page 1 of the briefing page's print layout (see seven-minute.css). Each page is
laid out on A4 as it will print; if the sheet ends on page 1, that layout becomes the PDF. If
not, the page is laid out again with the sheet's page made very tall, so nothing breaks, and
we read where the sheet ends to say how far it overflows. Two empty markers in the template
make this possible with WeasyPrint's public API (`Page.anchors`): `#sheet-end` after the
sheet's last panel, and `#sheet-limit`, absolutely positioned at the bottom of the page area,
which tells us where the page's bottom margin starts.

WeasyPrint reads only files inside the site being built: no network, nothing outside.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import URLFetcher

from ..problems import Problem

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


class LocalFetcher(URLFetcher):
    """Fetches files inside one folder and nothing else."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url, headers=None):
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if urlsplit(url).scheme != "file" or not path.is_relative_to(self.root):
            raise ValueError(f"not fetched (outside the site): {url}")
        return super().fetch(url, headers)


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
    html = weasyprint.HTML(filename=str(html_file), url_fetcher=LocalFetcher(site))
    return html.render(stylesheets=css)


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


def pdf_bytes(printed: weasyprint.Document) -> bytes:
    """The PDF: tagged (PDF/UA-1); its dates come from the page's dcterms meta tags."""
    return printed.write_pdf(pdf_variant="pdf/ua-1")


def pdf(html_file: Path, site: Path) -> bytes:
    """The PDF of a built page."""
    return pdf_bytes(document(html_file, site))


def check_and_write(site: Path, pages: Iterable[Page], write_pdfs: bool = True) -> list[Problem]:
    """Check every seven-minute sheet in a built site fits its page; write the PDFs of those that do.

    Sheets are laid out in parallel, one process per core. Returns one error per sheet that
    overflows, naming the briefing and by how much.
    """
    sheets = [page for page in pages if page.kind == KIND]
    jobs = [(site / page.url, site, site / page.pdf if write_pdfs and page.pdf else None)
            for page in sheets]
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


def _check_one(job: tuple[Path, Path, Path | None]) -> Fit:
    """Lay out one sheet on A4; write its PDF if it fits, else measure how far over it runs."""
    html_file, site, pdf_file = job
    printed = document(html_file, site)
    if not on_first_page(printed):
        return Fit(overflow_mm=max(fit(html_file, site).overflow_mm, 0.1))
    if pdf_file is not None:
        pdf_file.write_bytes(pdf_bytes(printed))
    return Fit(overflow_mm=0)
