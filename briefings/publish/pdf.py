"""PDFs: every page that declares a `Pdf` output is printed by WeasyPrint from its own HTML.

The PDF is the page as written into the staging folder, laid out once with the page's
print stylesheet (printer.py), so its reading order is the HTML's and the page's template
decides its look. Layout checks the page asks for (a sheet that must fit one page) run on
that same layout, in the same process, before the PDF is written.

Safe: WeasyPrint reads only files inside the project and the site being built; a refused
resource stops the build with a problem naming the file and line where it is written.

Fast: PDFs render in one pool of worker processes across the cores; the workers die with
the build, and ignore Ctrl-C (the build stops them). Each worker parses a kind of page's
stylesheets once (stylesheets.py). Each PDF is cached in the project's
`.briefings-cache/pdf/` under a hash of its HTML and the renderer, with a note of every
file WeasyPrint read for it and their hashes; a PDF whose HTML and files are unchanged is
copied from the cache, with no layout and no checks (it passed them when it was made).
WeasyPrint is imported only when a PDF has to be rendered.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hashlib
import json
import multiprocessing
import os
import posixpath
import re
import shutil
import signal
import threading
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ..outputs import Pdf
from ..problems import ContentError, Pos, Problem

FORMAT = "briefings-pdf-2"             # bump to invalidate every cached PDF
HERE = Path(__file__).parent

# progress(done, total, pdf): called with done=0 before the first PDF renders, then after each.
Progress = Callable[[int, int, str], None]


@contextlib.contextmanager
def stops_held():
    """Ctrl-C and a stop signal wait until the block is over, then reach the build at once.
    For what must not be interrupted: loading a compiled library (pikepdf interrupted while
    it loads fails to import, or aborts the process) and forking workers (Python drops an
    exception raised in its fork handlers, and the build would carry on)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def printer():
    """The WeasyPrint side (imported on first use: it takes about a second)."""
    with stops_held():
        from . import printer
    return printer


# ---- the cache ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """One PDF to make (sent to a worker process: plain data)."""

    url: str                      # the page, e.g. briefings/health/index.html
    pdf: str                      # its PDF, e.g. briefings/health/health.pdf
    stage: Path                   # the staging folder both are written in
    roots: tuple[Path, ...]       # folders WeasyPrint may read from
    base_url: Optional[str]       # the public site address, if known
    key: str = ""                 # hash of the HTML and renderer
    checks: tuple = ()            # layout checks (outputs.FitsOnePage, ...)
    write: bool = True            # False: lay out and check only (briefings check)


def renderer_fingerprint() -> str:
    """Everything about the renderer that changes the bytes: versions, options (in
    printer.py) and this code."""
    h = hashlib.sha256(FORMAT.encode())
    for package in ("weasyprint", "pydyf", "pikepdf"):
        h.update(metadata.version(package).encode() + b"\0")
    for name in ("pdf.py", "printer.py", "sheet.py", "stylesheets.py", "tagging.py"):
        h.update((HERE / name).read_bytes())
    return h.hexdigest()


class Cache:
    """PDFs by the hash of their HTML, valid while the files they read are unchanged."""

    def __init__(self, folder: Path, roots: Sequence[Path]):
        self.folder = folder
        self.roots = [Path(r) for r in roots]
        self._hashes: dict[Path, Optional[str]] = {}
        self.used: set[str] = set()

    def key(self, job, fingerprint: str) -> str:
        h = hashlib.sha256()
        checks = ",".join(type(c).__name__ for c in job.checks)
        for part in (fingerprint, job.url, job.pdf, job.base_url or "", checks):
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
        pdf = self.folder / f"{key}.pdf"
        return pdf if self._unchanged(self.folder / f"{key}.json") and pdf.is_file() else None

    def checked(self, key: str) -> bool:
        """Whether `briefings check` laid this page out and it passed its checks, with every
        file it read unchanged since (or its PDF is cached, which passed them too)."""
        self.used.add(key)
        return self._unchanged(self.folder / f"{key}.checked") or self.get(key) is not None

    def _unchanged(self, note: Path) -> bool:
        try:
            deps = json.loads(note.read_text())["deps"]
        except (OSError, ValueError, KeyError):
            return False
        return all(root < len(self.roots) and self._hash(self.roots[root] / rel) == digest
                   for root, rel, digest in deps)

    def put_checked(self, key: str, deps: list[tuple[int, str, str]]) -> None:
        """Note that a page passed its layout checks, so `check` need not lay it out again."""
        self._keep(f"{key}.checked", lambda p: p.write_text(json.dumps({"deps": deps})))

    def put(self, key: str, pdf: Path, deps: list[tuple[int, str, str]]) -> None:
        """Keep a PDF for next time. Best effort: a full disk costs a render next time."""
        self._keep(f"{key}.pdf", lambda p: shutil.copyfile(pdf, p))
        self._keep(f"{key}.json", lambda p: p.write_text(json.dumps({"deps": deps})))

    def _keep(self, name: str, write) -> None:
        """Write one file of the cache whole. Best effort: a full disk costs work next time."""
        tmp = self.folder / f".{name}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write(tmp)
            os.replace(tmp, self.folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def prune(self) -> None:
        """Forget PDFs this build did not ask for, so the cache holds one site's worth."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix in (".pdf", ".json", ".checked") and path.stem not in self.used:
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


def write_pdfs(stage: Path, pages: Iterable[tuple[str, Pdf]], *, project_root: Path,
               cache_folder: Path, base_url: Optional[str] = None,
               sources: Sequence[Path] = (), workers: Optional[int] = None,
               progress: Optional[Progress] = None, check_only: bool = False) -> Counts:
    """Write the PDF of every (page url, Pdf output) into the staging folder.

    With `check_only`, lay out and check each one that has not passed them before (its PDF
    in the cache, or a note of an earlier check), write no PDF, and note those that pass.

    Unchanged PDFs come from the cache; the rest render in `workers` processes. Raises
    ContentError if a page asks for a remote or foreign file, naming where it is written
    (searching the folders in `sources`, the author's content and templates, before the
    built HTML), or fails a layout check.
    """
    pages = list(pages)
    if not pages:  # e.g. an HTML-only build: leave the cache for the next full one
        return Counts()
    roots = (stage.resolve(), project_root.resolve())
    cache = Cache(cache_folder, roots)
    fingerprint = renderer_fingerprint()
    counts = Counts()
    todo = []
    base_url = str(base_url) if base_url else None  # plain strings: jobs go to other processes
    for url, output in pages:
        job = Job(str(url), output.url, stage, roots, base_url,
                  checks=tuple(output.checks), write=not check_only)
        job = dataclasses.replace(job, key=cache.key(job, fingerprint))
        hit = None if check_only else cache.get(job.key)
        if check_only and cache.checked(job.key):
            counts.cached += 1
        elif hit:
            target = stage / output.url
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(hit, target)
            counts.cached += 1
        else:
            todo.append(job)
    problems: list[Problem] = []
    for outcome in _run(todo, workers or default_workers(), progress):
        found = _problems(outcome, sources)
        problems += found
        if found:  # a PDF with problems is never cached, so they show again next time
            continue
        if check_only:
            cache.put_checked(outcome.job.key, outcome.deps)
        else:
            cache.put(outcome.job.key, stage / outcome.job.pdf, outcome.deps)
        counts.rendered += 1
    if problems:
        raise ContentError(problems)
    if not check_only:
        cache.prune()
    return counts


def _run(jobs: list[Job], workers: int, progress: Optional[Progress]) -> Iterable:
    """Render jobs, in this process when one worker will do, else in a pool."""
    total = len(jobs)
    if not total:
        return
    if progress:
        progress(0, total, "")
    workers = max(1, min(workers, total))
    render = printer().render_job     # here, before any result is unpickled (it imports it)
    if workers == 1:
        for n, job in enumerate(jobs, start=1):
            outcome = render(job)
            if progress:
                progress(n, total, job.pdf)
            yield outcome
        return
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                               initializer=_worker_start, initargs=(os.getpid(),))
    try:
        # The workers start at the first submit: a worker never gets a stop before it can
        # ignore it, and the build never gets one while it forks.
        with stops_held():
            pending = {pool.submit(render, job) for job in jobs}
        finished = 0
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for outcome in sorted((f.result() for f in done), key=lambda o: o.job.url):
                finished += 1
                if progress:
                    progress(finished, total, outcome.job.pdf)
                yield outcome
    except BaseException:  # Ctrl-C, a stop signal or a crash: stop every worker now
        _stop(pool)
        raise
    pool.shutdown()


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(timeout=5)


PR_SET_PDEATHSIG = 1


def _worker_start(parent: int) -> None:
    """In each worker: die with the build (even if it is killed), and leave Ctrl-C and stop
    signals to it (it stops the workers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # held while it started
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent and multiprocessing.parent_process() is None:
        os._exit(1)  # the build died before we could ask to die with it


def _context():
    """How worker processes start: forked from this one where that is safe, which is quick
    and needs nothing of the calling program. A process with threads (a server, a test
    runner) uses a fork server instead, as forking would copy their locks mid-use."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__, f"{__package__}.printer"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def _problems(outcome, sources: Sequence[Path]) -> list[Problem]:
    job = outcome.job
    out = list(outcome.problems)
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
    elif url.startswith("../"):  # as the page writes it; a template writes {{ root }}assets/...
        needles.append(re.sub(r"^(\.\./)+", "", url))
    candidates: list[tuple[str, Path]] = []
    for folder in sources:
        if folder.is_dir():
            base = folder.parent
            candidates += [(p.relative_to(base).as_posix(), p) for p in sorted(folder.rglob("*"))
                           if p.suffix in SEARCHED and p.is_file()]
    # The author's own files first, with every form of the address; the built page last.
    for group in (candidates, [(job.url, job.stage / job.url)]):
        for needle in needles:
            for shown, path in group:
                text = path.read_text(encoding="utf-8", errors="replace")
                at = text.find(needle)
                if at < 0 and "&" in needle:
                    at = text.find(needle.replace("&", "&amp;"))
                if at >= 0:
                    line = text.count("\n", 0, at) + 1
                    return Pos(shown, line, at - (text.rfind("\n", 0, at) + 1) + 1)
    return Pos(job.url, 1, 1)

