"""PDFs: every page that names a `pdf` is printed by WeasyPrint from its own HTML.

The PDF is the page as written into the staging folder, laid out with the page's print
stylesheet, so its reading order is the HTML's and the page's template decides its look.

Safe: WeasyPrint reads only through `LocalFetcher`, which serves files inside the allowed
folders (the staging folder and the project) and refuses everything else. Nothing is ever
asked of a network, so nothing can redirect. A refused resource stops the build with a
problem naming the file and line where the address was written.

Reproducible: the HTML carries its content dates (`dcterms.created`, `dcterms.modified`),
links to the site are rewritten to the public address (or left relative), and nothing else
in the file depends on the clock or on where it was built, so the same content gives the
same bytes.

Fast: PDFs render in a process pool across the cores. Each is cached in the project's
`.briefings-cache/pdf/` under a hash of its HTML and the renderer, with a note of every
file WeasyPrint read for it (stylesheets, fonts, images) and their hashes; a PDF whose
HTML and files are unchanged is copied from the cache instead of rendered.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import mimetypes
import multiprocessing
import os
import posixpath
import re
import shutil
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import pydyf
import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..content.model import Pos
from ..problems import ContentError, Problem

OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged PDF 1.7 with title, language and alt text
FORMAT = "briefings-pdf-1"             # bump to invalidate every cached PDF

# progress(done, total, pdf): called with done=0 before the first PDF renders, then after each.
Progress = Callable[[int, int, str], None]


class RefusedResource(Exception):
    """WeasyPrint asked for something outside the project: a remote or foreign file."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason


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

    Use it to measure a page (`len(doc.pages)`) before publishing it. Resources are read
    only from inside `roots`; anything else raises `RefusedResource`.
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


# ---- one PDF --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    url: str                      # the page, e.g. briefings/health/index.html
    pdf: str                      # its PDF, e.g. briefings/health/health.pdf
    stage: Path                   # the staging folder both are written in
    roots: tuple[Path, ...]       # folders WeasyPrint may read from
    base_url: Optional[str]       # the public site address, if known
    key: str = ""                 # hash of the HTML and renderer


@dataclass
class Outcome:
    job: Job
    deps: list[tuple[int, str, str]] = field(default_factory=list)  # (root, path, sha256)
    refused: Optional[RefusedResource] = None
    errors: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    """WeasyPrint's errors (an unreadable image, an image without alt text) for one PDF."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_job(job: Job) -> Outcome:
    """Render one page's PDF into the staging folder (runs in a worker process)."""
    fetcher = LocalFetcher(job.roots)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document = layout(job.stage / job.url, job.roots, fetcher)
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


def relink(document: weasyprint.Document, job: Job) -> None:
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


# ---- the cache ------------------------------------------------------------------------------

def renderer_fingerprint() -> str:
    """Everything about the renderer that changes the bytes: versions, options, this code."""
    h = hashlib.sha256()
    for part in (FORMAT, weasyprint.__version__, getattr(pydyf, "__version__", ""),
                 json.dumps(OPTIONS, sort_keys=True)):
        h.update(str(part).encode() + b"\0")
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


class Cache:
    """PDFs by the hash of their HTML, valid while the files they read are unchanged."""

    def __init__(self, folder: Path, roots: Sequence[Path]):
        self.folder = folder
        self.roots = [Path(r) for r in roots]
        self._hashes: dict[Path, Optional[str]] = {}
        self.used: set[str] = set()

    def key(self, job: Job, fingerprint: str) -> str:
        h = hashlib.sha256()
        for part in (fingerprint, job.url, job.pdf, job.base_url or ""):
            h.update(part.encode() + b"\0")
        h.update((job.stage / job.url).read_bytes())
        return h.hexdigest()

    def _hash(self, path: Path) -> Optional[str]:
        if path not in self._hashes:
            try:
                self._hashes[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self._hashes[path] = None
        return self._hashes[path]

    def get(self, key: str) -> Optional[Path]:
        """The cached PDF for `key`, if every file it was made from is unchanged."""
        self.used.add(key)
        note, pdf = self.folder / f"{key}.json", self.folder / f"{key}.pdf"
        try:
            deps = json.loads(note.read_text())["deps"]
        except (OSError, ValueError, KeyError):
            return None
        for root, rel, digest in deps:
            if root >= len(self.roots) or self._hash(self.roots[root] / rel) != digest:
                return None
        return pdf if pdf.is_file() else None

    def put(self, key: str, pdf: Path, deps: list[tuple[int, str, str]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, write in ((f"{key}.pdf", lambda p: shutil.copyfile(pdf, p)),
                            (f"{key}.json", lambda p: p.write_text(json.dumps({"deps": deps})))):
            tmp = self.folder / f".{name}.{os.getpid()}.tmp"
            write(tmp)
            os.replace(tmp, self.folder / name)

    def prune(self) -> None:
        """Forget PDFs this build did not ask for, so the cache holds one site's worth."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix in (".pdf", ".json") and path.stem not in self.used:
                path.unlink(missing_ok=True)


# ---- all PDFs of a build --------------------------------------------------------------------

@dataclass
class Counts:
    rendered: int = 0
    cached: int = 0


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def cached(stage: Path, pages: Iterable[tuple[str, str]], *, project_root: Path,
           cache_folder: Path, base_url: Optional[str] = None) -> set[str]:
    """Urls of the pages whose PDF the cache already holds, exactly as it would be made now.

    A cached PDF was made in a build that passed every check on that same HTML and the same
    files it reads, so checks of the layout need not run again for it.
    """
    roots = (stage.resolve(), project_root.resolve())
    cache, fingerprint = Cache(cache_folder, roots), renderer_fingerprint()
    base_url = str(base_url) if base_url else None
    return {url for url, pdf in pages
            if cache.get(cache.key(Job(str(url), str(pdf), stage, roots, base_url),
                                   fingerprint))}


def write_pdfs(stage: Path, pages: Iterable[tuple[str, str]], *, project_root: Path,
               cache_folder: Path, base_url: Optional[str] = None,
               sources: Sequence[Path] = (), workers: Optional[int] = None,
               progress: Optional[Progress] = None) -> Counts:
    """Write the PDF of every (page url, pdf url) into the staging folder.

    Unchanged PDFs come from the cache; the rest render in `workers` processes. Raises
    ContentError if a page asks for a remote or foreign file, naming where it is written
    (searching the folders in `sources`, the author's content and templates, before the
    built HTML).
    """
    pages = list(pages)
    if not pages:  # e.g. an HTML-only build: leave the cache for the next full one
        return Counts()
    roots = (stage.resolve(), project_root.resolve())
    cache = Cache(cache_folder, roots)
    fingerprint = renderer_fingerprint()
    counts = Counts()
    todo: list[Job] = []
    base_url = str(base_url) if base_url else None  # plain strings: jobs go to other processes
    for url, pdf in pages:
        job = Job(str(url), str(pdf), stage, roots, base_url)
        job = dataclasses.replace(job, key=cache.key(job, fingerprint))
        hit = cache.get(job.key)
        if hit:
            target = stage / pdf
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(hit, target)
            counts.cached += 1
        else:
            todo.append(job)
    problems: list[Problem] = []
    for outcome in _run(todo, workers or default_workers(), progress):
        found = _problems(outcome, sources)
        problems += found
        if not found:  # a PDF with problems is never cached, so they show again next time
            cache.put(outcome.job.key, stage / outcome.job.pdf, outcome.deps)
            counts.rendered += 1
    if problems:
        raise ContentError(problems)
    cache.prune()
    return counts


def _run(jobs: list[Job], workers: int, progress: Optional[Progress]) -> Iterable[Outcome]:
    """Render jobs, in this process when one worker will do, else in a pool."""
    total = len(jobs)
    if not total:
        return
    if progress:
        progress(0, total, "")
    workers = max(1, min(workers, total))
    if workers == 1:
        for n, job in enumerate(jobs, start=1):
            outcome = render_job(job)
            if progress:
                progress(n, total, job.pdf)
            yield outcome
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        pending = {pool.submit(render_job, job) for job in jobs}
        finished = 0
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for outcome in sorted((f.result() for f in done), key=lambda o: o.job.url):
                finished += 1
                if progress:
                    progress(finished, total, outcome.job.pdf)
                yield outcome
    except BaseException:  # Ctrl-C or a crash: do not wait for the other PDFs
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _context():
    """How worker processes start: forked from this one where that is safe, which is quick
    and needs nothing of the calling program. A process with threads (a server, a test
    runner) uses a fork server instead, as forking would copy their locks mid-use."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def _problems(outcome: Outcome, sources: Sequence[Path]) -> list[Problem]:
    job = outcome.job
    out = []
    for message in outcome.errors:  # e.g. 'Image "x.png" has no required alt description'
        quoted = re.search(r'"([^"]+)"', message)
        pos = locate(quoted.group(1), sources, job) if quoted else Pos(job.url, 1, 1)
        out.append(Problem(pos, f"{message} in the PDF {job.pdf}",
                           "give every image alt text, and keep its file inside the project"))
    refused = outcome.refused
    if refused:
        shown = display(refused.url, job)
        message = {"remote": f"remote {noun(refused.url)} {shown!r} is not allowed",
                   "missing": f"file {shown!r} not found",
                   }.get(refused.reason, f"file {shown!r} is outside the project")
        hint = {"remote": "download it into the project (assets/ or templates/static/) and "
                          "link to it by a relative path",
                "missing": "check the path; it is resolved from the page in the site folder",
                }.get(refused.reason, "only files inside the project can go into a PDF")
        out.append(Problem(locate(refused.url, sources, job),
                           f"{message} in the PDF {job.pdf}", hint))
    return out


def noun(url: str) -> str:
    ext = posixpath.splitext(urlsplit(url).path)[1].lower()
    if ext == ".css":
        return "stylesheet"
    if ext in (".woff", ".woff2", ".ttf", ".otf"):
        return "font"
    if ext in (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"):
        return "image"
    return "resource"


def display(url: str, job: Job) -> str:
    """A refused address as the author wrote it: site-relative for our own files."""
    if not url.startswith("file:"):
        return url
    path = Path(url2pathname(urlsplit(url).path))
    for root in job.roots:
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return str(path)


SEARCHED = (".yaml", ".yml", ".md", ".html", ".css", ".svg")


def locate(url: str, sources: Sequence[Path], job: Job) -> Pos:
    """Where the refused address is written: in the author's content, templates or
    stylesheets if we can find it there, otherwise in the built HTML page."""
    needles = [url]
    if url.startswith("file:"):
        needles.append(posixpath.basename(urlsplit(url).path))
    candidates: list[tuple[str, Path]] = []
    for folder in sources:
        if folder.is_dir():
            base = folder.parent
            candidates += [(p.relative_to(base).as_posix(), p) for p in sorted(folder.rglob("*"))
                           if p.suffix in SEARCHED and p.is_file()]
    candidates.append((job.url, job.stage / job.url))
    for needle in needles:
        for shown, path in candidates:
            text = path.read_text(encoding="utf-8", errors="replace")
            at = text.find(needle)
            if at < 0 and "&" in needle:
                at = text.find(needle.replace("&", "&amp;"))
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                return Pos(shown, line, at - (text.rfind("\n", 0, at) + 1) + 1)
    return Pos(job.url, 1, 1)

