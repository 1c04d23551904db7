"""Stage 3: write the site. One publisher for each type of output a page can declare
(`outputs.py`); `build()` runs each over the pages that ask for it, after the HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..outputs import Download, Pdf
from .output import write
from .pdf import Counts, Progress, write_pdfs


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


# Output type -> its publisher, in the order they run.
PUBLISHERS: dict[type, Callable[[Target, list], Counts]] = {
    Download: downloads,
    Pdf: pdfs,
}
