"""WeasyPrint, locked down: one page's HTML laid out once, checked, and written as a PDF.

This is the only module that imports WeasyPrint (pdf.py loads it when there is a PDF to
make), and what runs in the PDF worker processes.

Safe: WeasyPrint reads only through `LocalFetcher`, which serves files inside the allowed
folders (the staging folder and the project) and refuses everything else. Nothing is ever
asked of a network, so nothing can redirect.

Reproducible: the HTML carries its content dates (`dcterms.created`, `dcterms.modified`),
and links to the site are rewritten to the public address (or left relative), so the same
content gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import mimetypes
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..outputs import FitsOnePage
from ..problems import Problem
from . import sheet

OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged PDF 1.7 with title, language and alt text


class RefusedResource(Exception):
    """WeasyPrint asked for something outside the project: a remote or foreign file."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason

    def __reduce__(self):  # so a worker process can send it back
        return RefusedResource, (self.url, self.reason)


class LocalFetcher(URLFetcher):
    """Serve files inside `roots` and nothing else: no network, no file:// elsewhere.

    It remembers every file it served, with its hash, so the cache knows what a PDF
    was made from.
    """

    def __init__(self, roots: Sequence[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False,
                         fail_on_errors=True)
        self.roots = [Path(r).resolve() for r in roots]
        self.read: dict[Path, str] = {}

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":  # inline data: decoded in memory, nothing is read
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(url, "remote")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedResource(url, "remote")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedResource(url, "outside the project")
        try:
            data = path.read_bytes()
        except OSError:
            raise RefusedResource(url, "missing") from None
        self.read[path] = hashlib.sha256(data).hexdigest()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind})


def layout(html_path: Path, roots: Sequence[Path], fetcher: Optional[LocalFetcher] = None,
           stylesheets: Sequence[weasyprint.CSS] = ()) -> weasyprint.Document:
    """Lay out one HTML file as its PDF will be: pages, boxes, but no PDF written yet.

    Resources are read only from inside `roots`; anything else raises `RefusedResource`.
    """
    fetcher = fetcher or LocalFetcher(roots)
    html = weasyprint.HTML(string=html_path.read_text(encoding="utf-8"),
                           base_url=html_path.resolve().as_uri(), url_fetcher=fetcher)
    with refusals():
        return html.render(stylesheets=list(stylesheets) or None, **OPTIONS)


@contextlib.contextmanager
def refusals() -> Iterator[None]:
    """WeasyPrint wraps the fetcher's refusal in its own fatal error: unwrap it."""
    try:
        yield
    except FatalURLFetchingError as exc:
        if isinstance(exc.__cause__, RefusedResource):
            raise exc.__cause__ from None
        raise


# ---- one PDF, in a worker -------------------------------------------------------------------

@dataclass
class Outcome:
    job: object                   # the pdf.Job it was made for
    deps: list[tuple[int, str, str]] = field(default_factory=list)  # (root, path, sha256)
    refused: Optional[RefusedResource] = None
    errors: list[str] = field(default_factory=list)       # WeasyPrint's own
    problems: list[Problem] = field(default_factory=list)  # failed layout checks

    @property
    def written(self) -> bool:
        return self.refused is None and not self.problems


class _Collect(logging.Handler):
    """WeasyPrint's errors (an unreadable image, an image without alt text) for one PDF."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_job(job) -> Outcome:
    """Lay out one page, run its layout checks on that layout, and (if they pass) write its
    PDF into the staging folder."""
    fetcher = LocalFetcher(job.roots)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    html = job.stage / job.url
    try:
        document = layout(html, job.roots, fetcher)
        problems = [p for check in job.checks for p in run_check(check, document, html, job)]
        if problems or not job.write:
            return Outcome(job, problems=problems, errors=collect.messages)
        relink(document, job)
        with refusals():
            data = document.write_pdf(**OPTIONS)
    except RefusedResource as exc:
        return Outcome(job, refused=exc)
    finally:
        logger.removeHandler(collect)
    target = job.stage / job.pdf
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Outcome(job, deps=dependencies(fetcher.read, job.roots), errors=collect.messages)


def run_check(check, document: weasyprint.Document, html: Path, job) -> list[Problem]:
    if isinstance(check, FitsOnePage):
        fit = sheet.fit(document, lambda css: layout(html, job.roots, stylesheets=[
            weasyprint.CSS(string=css)]))
        if not fit.fits:
            return [Problem(check.pos, f"{check.what} does not fit on one A4 page: it runs "
                            f"{fit.overflow_mm:.1f} mm too long (about {fit.lines} "
                            f"line{'s' if fit.lines != 1 else ''} of text)",
                            "shorten its segments, or pull in fewer learning points or "
                            "statistics")]
        return []
    raise TypeError(f"no layout check {check!r}")  # a bug in the render stage


def relink(document: weasyprint.Document, job) -> None:
    """Point links to other site pages at the public site, never at the staging folder.

    With a `base_url` the link is absolute; without one it stays relative, which works
    because the PDF sits in the same folder as its page.
    """
    stage = job.stage.resolve()
    here = posixpath.dirname(job.url)
    for page in document.pages:
        for i, (kind, target, rect, box) in enumerate(page.links):
            if kind != "external" or not target.startswith("file:"):
                continue
            parts = urlsplit(target)
            path = Path(url2pathname(parts.path)).resolve()
            rel = path.relative_to(stage).as_posix() if path.is_relative_to(stage) else path.name
            frag = f"#{parts.fragment}" if parts.fragment else ""
            public = (urljoin(job.base_url, rel) if job.base_url
                      else posixpath.relpath(rel, here or "."))
            page.links[i] = (kind, public + frag, rect, box)


def dependencies(read: dict[Path, str], roots: Sequence[Path]) -> list[tuple[int, str, str]]:
    """Files read, as (index of root, path inside it, hash): independent of where we built."""
    out = []
    resolved = [Path(r).resolve() for r in roots]
    for path, digest in read.items():
        for i, root in enumerate(resolved):
            if path.is_relative_to(root):
                out.append((i, path.relative_to(root).as_posix(), digest))
                break
    return sorted(out)
