"""Helpers for tests of the built website: build a fixture project, serve it, open Chromium.

Kept out of conftest.py so the website tests can share them without touching it.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import shutil
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from briefings.build import build
from briefings.project import Project
from briefings.serve import Server

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def build_fixture(name: str, where: Path) -> Path:
    """Copy fixture project `name` into `where`, build it, and return the site folder."""
    root = where / name
    shutil.copytree(FIXTURES / name, root)
    build(Project.at(root))
    return root / "site"


def indexed(site: Path) -> dict[str, str]:
    """The text of each page as the search index holds it (Pagefind's fragments), by URL."""
    texts = {}
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        page = json.loads(data[data.index(b"{"):])      # after Pagefind's signature
        texts[page["url"]] = page["content"]
    return texts


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, under: str = "") -> Iterator[str]:
    """Serve `site` over http://127.0.0.1 on a free port, at path `under` (as its base_url
    says it will be published); yield the site's URL."""
    folder = site
    if under:
        folder = Path(tempfile.mkdtemp(prefix="served-"))
        (folder / under).symlink_to(site.resolve(), target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(folder))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/" + (f"{under}/" if under else "")
    finally:
        server.shutdown()
        server.server_close()
        if under:
            shutil.rmtree(folder)


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.words.append(data)


def page_text(path: Path) -> str:
    """The words of a page as a reader sees them, whitespace collapsed (no markup)."""
    words = _Words()
    words.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(words.words).split())


class Element:
    """An element of a page: its tag, attributes and the text inside it."""

    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.parts = tag, attrs, []

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


class Elements(HTMLParser):
    """Every element of a page with its attributes (unescaped) and the text inside it."""

    VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr", "area", "col"}

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.all: list[Element] = []
        self.open: list[Element] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.handle_data("\n")
        element = Element(tag, dict(attrs))
        self.all.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.all.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        for element in self.open:
            element.parts.append(data)

    def find(self, tag: str, cls: str | None = None, **attrs) -> list[Element]:
        return [e for e in self.all if e.tag == tag and (cls is None or cls in e.classes)
                and all(e.attrs.get(k) == v for k, v in attrs.items())]

    def one(self, tag: str, cls: str | None = None, **attrs) -> Element:
        found = self.find(tag, cls, **attrs)
        assert len(found) == 1, (tag, cls, attrs, len(found))
        return found[0]


def inline_code(elements: Elements) -> list[str]:
    """Whatever in a page would script or style it from inside the page, which its
    Content-Security-Policy refuses: <style> elements, style attributes, <script> elements
    without a src or with a body, event-handler attributes and javascript: addresses."""
    found = [f"<{e.tag}>" for e in elements.find("style")]
    found += [f"<script> {e.attrs.get('src')!r} {e.text[:40]!r}" for e in elements.find("script")
              if (not e.attrs.get("src") or e.text)
              and e.attrs.get("type") != "application/ld+json"]  # a data block runs nothing
    for e in elements.all:
        found += [f"<{e.tag} {a}=...>" for a in e.attrs if a == "style" or a.startswith("on")]
        found += [f"<{e.tag} {a}={e.attrs[a]!r}>" for a in ("href", "src", "action", "formaction")
                  if (e.attrs.get(a) or "").strip().lower().startswith("javascript:")]
    return found


def policy_of(elements: Elements) -> str:
    """The content of a page's Content-Security-Policy <meta> (there must be exactly one)."""
    return elements.one("meta", **{"http-equiv": "Content-Security-Policy"}).attrs["content"]
