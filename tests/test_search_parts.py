"""A large site's search index is written in parts, each by its own Pagefind process, so a
national site's index needs a part's memory, not the whole site's (briefings/publish/search.py).
The search page merges the parts: in a real Chromium, a search of the site indexed in parts
finds what the same search of it indexed in one finds, with the same filters and counts.

The partnership project is built again here with parts of 30 KB of HTML (a real site's
parts are 24 MB), which makes several."""

from __future__ import annotations

import json
import shutil

import pytest
from playwright.sync_api import expect

from briefings.build import build
from briefings.project import Project
from briefings.publish import search as indexing
from briefings.publish.search import BUNDLE, ENTRY, PARTS, index_site

from .sites import serve
from .test_browser import browser  # noqa: F401  (Chromium, as the other browser tests have it)

pytestmark = [pytest.mark.browser]

PART_BYTES = 30_000


@pytest.fixture(scope="module")
def parted(partnership_site, tmp_path_factory):
    """The partnership project built again, its search index in parts (its PDFs from the
    first build's cache). The build gives the index each
    page as it is written, and a part is indexed while the next pages render; the pages
    that say how many pages their PDF has are read at the end."""
    root = tmp_path_factory.mktemp("parted") / "partnership"
    shutil.copytree(partnership_site.parent, root, ignore=shutil.ignore_patterns("site"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexing, "PART_BYTES", PART_BYTES)
        build(Project.at(root))
    return root / "site"


def entries(site):
    bundle = site / BUNDLE
    names = json.loads((bundle / PARTS).read_text(encoding="utf-8"))
    return [json.loads((part / ENTRY).read_text(encoding="utf-8"))
            for part in [bundle, *(bundle / name for name in names)]]


def page_count(entry) -> int:
    return sum(language["page_count"] for language in entry["languages"].values())


def test_the_index_of_a_large_site_is_in_parts_that_hold_every_page_once(parted,
                                                                         partnership_site):
    parts, whole = entries(parted), entries(partnership_site)
    assert len(whole) == 1                  # the site as built: under 24 MB, one part
    assert len(parts) >= 3
    assert all(page_count(entry) > 0 for entry in parts)
    assert sum(map(page_count, parts)) == page_count(whole[0])


def search(browser, site, address: str) -> dict:
    """What a reader sees after a search: the status line, every result's title (each
    "Show more" pressed), the filters offered with their counts, and what went wrong."""
    page = browser.new_page()
    said: list[str] = []
    page.on("console", lambda m: said.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda e: said.append(str(e)))
    with serve(site, under="reviews") as base:
        page.goto(base + address)
        expect(page.locator("#search-status")).to_contain_text("result")
        more = page.locator("#search-more")
        while more.is_visible():
            more.click()
        seen = {
            "status": page.locator("#search-status").inner_text(),
            "titles": sorted(page.locator(".search-result-title").all_inner_texts()),
            "filters": sorted(page.locator("#search-filters label").all_inner_texts()),
            "said": said,
        }
    page.close()
    return seen


@pytest.mark.parametrize("address", [
    "search/index.html?q=neglect",
    "search/index.html?q=appointment",
    "search/index.html?q=health+records",
    "search/index.html?q=appointment&type=learning-point",
    "search/index.html?q=health&sector=police",
    "search/index.html?type=case-study",
])
def test_a_search_of_the_parts_finds_what_a_search_of_one_index_finds(browser, parted,
                                                                      partnership_site,
                                                                      address):
    whole = search(browser, partnership_site, address)
    in_parts = search(browser, parted, address)
    assert in_parts["said"] == [] and whole["said"] == []
    assert in_parts["titles"], in_parts
    assert in_parts == whole


def test_pagefind_settings_in_the_environment_change_nothing(partnership_site, tmp_path,
                                                              monkeypatch):
    """Pagefind reads PAGEFIND_ variables as its settings; a reader's shell may have some
    (from another project), and they must not change this site's index."""
    site = tmp_path / "site"
    shutil.copytree(partnership_site, site)
    monkeypatch.setenv("PAGEFIND_GLOB", "cases/**/*.html")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "main")
    assert index_site(site) == page_count(entries(partnership_site)[0])


def test_a_rebuild_indexes_again_only_the_parts_whose_pages_changed(browser, parted,
                                                                    tmp_path_factory):
    """A part whose pages are exactly those the published site's part was made from is
    taken from that site; one with an edited page is indexed again, and a search finds the
    edit. The copy of the project built into its own folder first has every page as the
    parted site has it: every part is taken from there."""
    root = tmp_path_factory.mktemp("edited") / "partnership"
    shutil.copytree(parted.parent, root)
    said: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexing, "PART_BYTES", PART_BYTES)
        build(Project.at(root), step=lambda what, seconds: said.append(what))
        parts = len(entries(root / "site"))
        assert f"indexed the site for search ({parts} of its {parts} parts unchanged, kept " \
               "from the last build)" in said
        finding = root / "content/findings/curiosity.yaml"
        finding.write_text(finding.read_text(encoding="utf-8").replace(
            "summary: Practitioners too often", "summary: Zebrafinch practitioners too often"),
            encoding="utf-8")
        said.clear()
        build(Project.at(root), step=lambda what, seconds: said.append(what))
    kept = [int(line.split("(")[1].split()[0]) for line in said
            if line.startswith("indexed the site for search (")]
    assert kept and 0 < kept[0] < parts, said
    names = sorted(p.relative_to(root / "site").as_posix()
                   for p in (root / "site" / BUNDLE).rglob("*") if p.is_file())
    made = sorted(p.relative_to(parted).as_posix()
                  for p in (parted / BUNDLE).rglob("*") if p.is_file())
    assert len(names) == len(made) and not [n for n in names if n.endswith(".kept")]
    assert sum(map(page_count, entries(root / "site"))) == \
        sum(map(page_count, entries(parted)))
    found = search(browser, root / "site", "search/index.html?q=zebrafinch")
    assert found["said"] == [] and "Professional curiosity" in found["titles"], found
