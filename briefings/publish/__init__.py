"""Stage 3: write the site. One publisher for each type of output a page can declare
(`outputs.py`); `build()` runs each over the pages that ask for it, after the HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..outputs import Download, Pdf, PdfPages
from .output import write
from .pdf import Counts, Progress, stops_held, write_pdfs


@dataclass(frozen=True)
class Target:
    """Where a build publishes, and what its publishers need to know."""

    stage: Path                   # the staging folder
    project_root: Path
    cache: Path                   # the project's .briefings-cache/
    sources: tuple[Path, ...]     # the author's own folders, to point errors into
    base_url: Optional[str] = None
    workers: Optional[int] = None
    progress: Optional[Progress] = None


def downloads(target: Target, wanted: list[tuple[str, Download]]) -> Counts:
    for _, output in wanted:
        write(target.stage, output.url, output.text)
    return Counts()


def pdfs(target: Target, wanted: list[tuple[str, Pdf]]) -> Counts:
    return write_pdfs(target.stage, wanted, project_root=target.project_root,
                      cache_folder=target.cache / "pdf", base_url=target.base_url,
                      sources=target.sources, workers=target.workers, progress=target.progress)


def pdf_pages(target: Target, wanted: list[tuple[str, PdfPages]]) -> Counts:
    """Write the number of pages of each PDF made into the pages that say it (after the
    PDFs: a cached PDF is never laid out, so its pages are counted in the file)."""
    for page_url, output in wanted:
        pdf, page = target.stage / output.pdf, target.stage / page_url
        if not pdf.is_file():
            continue
        with stops_held():  # only when there are PDFs: it takes a moment to load
            import pikepdf
        with pikepdf.open(pdf) as doc:
            count = len(doc.pages)
        html = page.read_text(encoding="utf-8")
        text = (output.one if count == 1 and output.one else output.text).format(pages=count)
        write(target.stage, page_url, html.replace(PdfPages.marker(output.pdf), text))
    return Counts()


# Output type -> its publisher, in the order they run.
PUBLISHERS: dict[type, Callable[[Target, list], Counts]] = {
    Download: downloads,
    Pdf: pdfs,
    PdfPages: pdf_pages,
}
