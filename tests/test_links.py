"""A link check over the whole built site: every internal link, image and anchor resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .sites import html_pages


class Links(HTMLParser):
    """Collects the ids in a page and every href/src it points at."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) is not None:
                self.targets.append(attrs[key])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def broken_links(site: Path, root_path: str = "/") -> list[str]:
    """Every broken link in `site`; `root_path` is where the site lives on its server."""
    parsed = {page: parse(page) for page in html_pages(site)}
    problems = []
    for page, links in parsed.items():
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https", "mailto"):
                    problems.append(f"{page.relative_to(site)}: unsafe link {target}")
                continue
            if parts.path.startswith("/"):        # the 404 page links from the site root
                if not parts.path.startswith(root_path):
                    problems.append(f"{page.relative_to(site)}: {target} is outside the site")
                    continue
                dest = site / parts.path[len(root_path):]
            elif parts.path:
                dest = (page.parent / unquote(parts.path)).resolve()
            else:
                dest = page
            if dest.is_dir():
                dest = dest / "index.html"
            if not dest.is_file():
                problems.append(f"{page.relative_to(site)}: {target} does not exist")
                continue
            if parts.fragment and dest.suffix == ".html":
                ids = parsed[dest].ids if dest in parsed else parse(dest).ids
                if parts.fragment not in ids:
                    problems.append(f"{page.relative_to(site)}: {target} has no such anchor")
    return problems


@pytest.fixture(scope="session")
def site(partnership_site):
    return partnership_site


def test_every_internal_link_and_anchor_resolves(site):
    assert len(html_pages(site)) > 25
    assert broken_links(site, root_path="/reviews/") == []  # base_url in briefings.yaml


def test_the_link_check_finds_a_broken_link_and_a_missing_anchor(site, tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<a href="nowhere/index.html">x</a> <a href="#gone">y</a> <p id="here"></p>'
                    '<a href="#here">z</a>')
    assert broken_links(tmp_path) == ["index.html: nowhere/index.html does not exist",
                                      "index.html: #gone has no such anchor"]
