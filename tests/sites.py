"""Helpers for tests of the built website: build a fixture project, serve it, open Chromium.

Kept out of conftest.py so the website tests can share them without touching it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from briefings.build import build
from briefings.project import Project

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
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
