"""WeasyPrint, locked down: one page's HTML laid out once, checked, and written as a PDF.

This is the only module that imports WeasyPrint, with stylesheets.py (pdf.py loads them
when there is a PDF to make), and what runs in the PDF worker processes.

Safe: WeasyPrint reads only through `LocalFetcher`, which serves files inside the allowed
folders (the staging folder and the project) and refuses everything else. Nothing is ever
asked of a network, so nothing can redirect.

Reproducible: the HTML carries its content dates (`dcterms.created`, `dcterms.modified`),
and links to the site are rewritten to the public address (or left relative), so the same
content gives the same bytes.

Accessible: WeasyPrint writes a tagged PDF/UA-1 file; tagging.py mends the few faults it
leaves in the structure, with the words of each link (`link_words`) taken from the HTML.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..outputs import FitsOnePage
from ..problems import Problem
from . import sheet, tagging
from .stylesheets import linked

# Tagged PDF 1.7 with title, language and alt text; HTML form fields (`appearance: auto`)
# become PDF form fields, so a record-of-use form can be filled in on screen.
OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_forms": True}


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
    source, base_url = html_path.read_text(encoding="utf-8"), html_path.resolve().as_uri()
    fonts = None
    with refusals():
        found = linked(source, base_url, fetcher)
        if found:  # the page's stylesheets, parsed once for every PDF of the build
            source, parsed = found
            stylesheets, fonts = [*parsed.sheets, *stylesheets], parsed.fonts
        html = weasyprint.HTML(string=source, base_url=base_url, url_fetcher=fetcher)
        return html.render(stylesheets=list(stylesheets) or None, font_config=fonts, **OPTIONS)


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
        data = tagging.mend(data, link_words(document), form_fields(document))
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


def link_words(document: weasyprint.Document) -> list[list[tuple[str, str]]]:
    """What a screen reader should say for each link of each page (the PDF's `/Contents`
    of its annotation), with its target, in the order WeasyPrint writes the annotations.

    The words are the link's text (or its `aria-label`, or its images' alt text); a link to
    a place inside a section, such as a reference in the references, adds that section's
    heading: "Smith et al., 2020a, p. 3, in References".
    """
    root = _root(document)
    parents = {kid: parent for parent in root.iter() for kid in parent} if root is not None else {}
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")} if root is not None else {}
    words: dict[tuple, str] = {}
    out = []
    for page in document.pages:
        found = []
        for kind, target, _, box in page.links:
            if kind not in ("internal", "external"):
                continue
            key = (id(box.element), kind, target)
            if key not in words:
                words[key] = spoken(box.element, kind, target, parents, by_id)
            found.append((target, words[key]))
        out.append(found)
    return out


def form_fields(document: weasyprint.Document) -> dict[str, tagging.FieldWords]:
    """What a screen reader should say for each form field (its label's words, read from
    the HTML: WeasyPrint's tooltip loses the spaces where a label wraps), and whether it is
    read-only (`readonly` in the HTML; WeasyPrint leaves every field editable)."""
    root = _root(document)
    if root is None:
        return {}
    labels = {e.get("for"): _text(e) for e in root.iter("label") if e.get("for")}
    return {e.get("name"): tagging.FieldWords(
                labels.get(e.get("id")) or e.get("title") or e.get("name"),
                e.get("readonly") is not None)
            for e in root.iter() if e.tag in ("input", "textarea", "select") and e.get("name")}


def _root(document: weasyprint.Document):
    """The root element, through WeasyPrint's page box (its public API gives no way to it)."""
    return next((box.element for page in document.pages[:1]
                 for box in page._page_box.children if box.element_tag == "html"), None)


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SECTIONS = ("section", "article", "aside", "main", "nav", "body")


def spoken(element, kind: str, target: str, parents: dict, by_id: dict) -> str:
    """The words of one link (see `link_words`)."""
    link = element
    while link is not None and link.get("href") is None and link in parents:
        link = parents[link]  # a box inside the link, such as its <cite>
    link = element if link is None or link.get("href") is None else link
    text = link.get("aria-label") or _text(link) or link.get("title") or ""
    if not text:
        return f"Link to {target}" if kind == "external" else "Link to a place in this document"
    place = by_id.get(target) if kind == "internal" else None
    heading = _section_heading(place, parents) if place is not None else None
    if heading and heading.lower() != text.lower():
        return f"{text}, in {heading}"
    return text


def _text(element) -> str:
    """An element's text as read aloud, its images by their alt text."""
    def parts(e):
        if e.tag == "img":
            yield f" {e.get('alt') or ''} "
        yield e.text or ""
        for kid in e:
            yield from parts(kid)
            yield kid.tail or ""
    return " ".join("".join(parts(element)).split())


def _section_heading(place, parents: dict) -> Optional[str]:
    """The heading of the section a place is inside; None if the place has a heading of
    its own (a contents entry goes to a section, and its text already says which)."""
    if any(e.tag in HEADINGS for e in place.iter()):
        return None
    node = parents.get(place)
    while node is not None:
        if node.tag in SECTIONS:
            heading = next((e for e in node.iter() if e.tag in HEADINGS), None)
            if heading is not None:
                return re.sub(r"^\d+\s+", "", _text(heading)) or None  # "7 Further ..."
        node = parents.get(node)
    return None


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
