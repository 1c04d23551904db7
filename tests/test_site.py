"""The website a partnership publishes, built from a branded fixture project.

Given the `partnership` fixture (three sectors, two findings, a base URL, a logo and colours),
when I build it, then every finding, learning point and case study has its own page, findable
by sector and theme, with breadcrumbs and the header search on every page, a sitemap, an Atom
feed and CSV downloads.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefings.render.pages import CONTENT_SECURITY_POLICY

from .sites import (
    Elements,
    build_fixture,
    html_pages,
    inline_code,
    page_text,
    policy_of,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="session")
def site(partnership_site):
    return partnership_site


def text(site: Path, path: str) -> str:
    return page_text(site / path)


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_page_type_is_published(site):
    for path in ["index.html", "sectors/index.html", "sectors/police/index.html",
                 "themes/index.html", "themes/curiosity/index.html", "findings/index.html",
                 "findings/curiosity/index.html", "learning-points/index.html",
                 "learning-points/curiosity-check-explanations/index.html", "cases/index.html",
                 "cases/child-b/index.html", "data/index.html", "data/deaths/index.html",
                 "data/deaths/deaths.csv", "glossary/index.html", "references/index.html",
                 "accessibility/index.html", "search/index.html", "404.html", "sitemap.xml",
                 "feed.xml", "briefings/police/index.html", "pagefind/pagefind.js"]:
        assert (site / path).is_file(), path


def test_a_sector_page_gathers_its_briefing_seven_minute_briefings_and_learning_points(site):
    page = text(site, "sectors/police/index.html")
    assert "Learning from reviews: police" in page
    assert "Neglect in seven minutes" in page
    assert "Check explanations for injuries with another professional" in page
    assert "Look at the whole history, not only the latest incident." in page
    assert "Follow up every missed health appointment" not in page   # health only
    assert "A teenager who stopped coming to school" in page
    assert 'id="lp-curiosity-check-explanations"' in html(site, "sectors/police/index.html")


def test_a_theme_page_shows_the_finding_across_sectors(site):
    page = text(site, "themes/curiosity/index.html")
    assert "Practitioners too often accepted what parents told them" in page
    assert "Officers attending a domestic incident should ask where the children are." in page
    assert "Teachers notice changes in a child’s attendance" in page


def test_a_finding_page_is_a_permalink_with_every_sector_and_its_sources(site):
    page = text(site, "findings/curiosity/index.html")
    source = html(site, "findings/curiosity/index.html")
    assert "Professional curiosity" in page
    assert "What it means for each sector" in page
    assert "Education and early help" in page and "Police" in page
    assert "Read the whole health record" in page               # every sector's learning points
    assert "When did you last check what a parent told you?" in page
    assert '<a href="#ref-smith-2020">Smith et al., 2020a, p. 50</a>' in source
    assert 'id="ref-smith-2020"' in source and 'id="ref-smith-2020-annual"' in source
    assert "Learning from reviews: education and early help" in page   # where it appears


def test_each_learning_point_has_its_own_page_filed_by_sector_theme_and_source(site):
    source = html(site, "learning-points/curiosity-attendance-pattern/index.html")
    assert "<h1" in source and "Treat a falling attendance pattern" in source
    assert 'data-pagefind-body' in source
    assert '<template data-pagefind-filter="type:learning point">' in source
    assert '<template data-pagefind-filter="sector:Education and early help">' \
        in source
    assert '<template data-pagefind-filter="theme:Professional curiosity">' \
        in source
    assert '<template data-pagefind-filter="source:Smith et al., 2020b">' in source
    assert 'data-pagefind-filter="sector:Police"' not in source


def test_every_page_has_the_header_search_and_all_but_home_and_404_have_breadcrumbs(site):
    for page in html_pages(site):
        source = page.read_text(encoding="utf-8")
        rel = page.relative_to(site).as_posix()
        assert re.search(r'<form class="site-search" role="search" action="[^"]*search/index'
                         r'\.html" method="get">', source), rel
        assert '<a class="skip-link" href="#main">' in source, rel
        if rel not in ("index.html", "404.html"):
            assert 'aria-label="Breadcrumb"' in source, rel


def test_the_search_page_says_search_needs_javascript(site):
    assert "Search needs JavaScript" in text(site, "search/index.html")


def test_the_404_page_links_from_the_site_root(site):
    source = html(site, "404.html")
    assert 'href="/reviews/static/site.css"' in source
    assert 'href="/reviews/findings/index.html"' in source


def test_the_csv_download_holds_the_table_numbers_and_notes(site):
    rows = list(csv.reader(io.StringIO((site / "data/deaths/deaths.csv").read_text())))
    assert rows[0] == ["Category", "Number", "%", "notes"]
    assert rows[2] == ["Neglect", "12", "40", "Number: printed as 21 in the text"]
    assert rows[-1] == ["All", "30", "100", ""]
    assert 'href="../../data/deaths/deaths.csv" download' in html(site, "data/deaths/index.html")


def test_the_sitemap_lists_every_page_at_its_public_address(site):
    tree = ET.parse(site / "sitemap.xml")
    locs = [u.findtext(f"{SITEMAP}loc") for u in tree.getroot()]
    assert "https://learning.riverside.example/reviews/" in locs
    assert "https://learning.riverside.example/reviews/findings/curiosity/" in locs
    assert "https://learning.riverside.example/reviews/search/" not in locs
    pages = [p for p in html_pages(site) if p.name != "404.html" and "search" not in p.parts]
    assert len(locs) == len(pages)
    lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
               for u in tree.getroot()}
    assert lastmod["https://learning.riverside.example/reviews/briefings/education-early-help/"] \
        == "2026-11-10"                                           # reviewed, from the content


def test_the_atom_feed_lists_briefings_newest_first_dated_from_the_content(site):
    """Sector briefings and seven-minute briefings alike."""
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == "2026-11-10T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Learning from reviews: education and early help", "Learning from reviews: health",
        "Learning from reviews: police", "Neglect in seven minutes"]
    assert entries[0].findtext(f"{ATOM}id") == \
        "https://learning.riverside.example/reviews/briefings/education-early-help/"
    assert '<link rel="alternate" type="application/atom+xml"' in html(site, "index.html")


def test_the_accessibility_statement_comes_from_briefings_yaml(site):
    page = text(site, "accessibility/index.html")
    assert "Riverside Safeguarding Children Partnership" in page
    assert "access@riverside.example" in page
    assert "within 10 working days" in page
    assert "Charts in the PDF briefings have no text alternative" in page
    assert "last reviewed on 15 October 2026" in page
    assert "WCAG" in page and "2.2" in page


def test_branding_comes_from_briefings_yaml(site):
    """The colours are in a stylesheet every page links (pages carry no inline style)."""
    brand = (site / "static/brand.css").read_text()
    assert re.search(r"--primary:\s*#5b2a86\b", brand)
    assert re.search(r"--accent:\s*#a4361d\b", brand)
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        expected = "/reviews/static/brand.css" if rel == "404.html" else \
            "../" * rel.count("/") + "static/brand.css"
        assert f'<link rel="stylesheet" href="{expected}">' in page.read_text(), rel
    source = html(site, "index.html")
    assert "#5b2a86" not in source and "<style" not in source
    assert 'src="assets/logo.svg"' in source and (site / "assets/logo.svg").is_file()
    assert "Riverside Safeguarding Children Partnership" in source


def test_every_page_carries_the_policy_and_no_inline_script_or_style(site):
    for page in html_pages(site):
        elements = Elements(page.read_text(encoding="utf-8"))
        assert policy_of(elements) == CONTENT_SECURITY_POLICY, page
        assert not inline_code(elements), page
    head = html(site, "index.html").split("<head>", 1)[1]
    assert head.index("Content-Security-Policy") < head.index("<link")  # before it loads


def test_the_policy_docs_give_for_http_headers_is_the_one_pages_carry():
    docs = (Path(__file__).parent.parent / "docs/website.md").read_text()
    given = re.findall(r"Content-Security-Policy(?::| \")? ?(default-src[^\"\n]+)", docs)
    assert len(given) == 2 and set(given) == {CONTENT_SECURITY_POLICY}, given
    block = docs.split("`site.policy`:\n\n```\n", 1)[1].split("```", 1)[0]
    assert " ".join(block.split()) == CONTENT_SECURITY_POLICY


def test_pages_make_no_third_party_requests(site):
    loads = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//')
    for page in html_pages(site):
        source = page.read_text(encoding="utf-8")
        assert not loads.search(source), page
    assert "http" not in (site / "static/site.css").read_text().replace("http://www.w3.org", "")


def test_home_and_finding_pages_are_under_100_kb_of_html_and_css(site):
    css = (site / "static/site.css").stat().st_size
    for path in ("index.html", "findings/curiosity/index.html"):
        assert (site / path).stat().st_size + css < 100_000, path


def test_the_same_content_builds_the_same_site(site, tmp_path):
    again = build_fixture("partnership", tmp_path)
    files = sorted(p.relative_to(site) for p in site.rglob("*")
                   if p.is_file() and "pagefind" not in p.parts)  # Pagefind#638: filter order
    assert files == sorted(p.relative_to(again) for p in again.rglob("*")
                           if p.is_file() and "pagefind" not in p.parts)
    for rel in files:
        assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_without_a_base_url_there_is_no_sitemap_or_feed(tmp_path):
    site = build_fixture("minimal", tmp_path)
    assert (site / "findings/neglect/index.html").is_file()
    assert not (site / "sitemap.xml").exists()
    assert not (site / "feed.xml").exists()
    assert "feed.xml" not in (site / "index.html").read_text()


def test_the_web_fonts_are_small_copies_with_every_character_a_briefing_uses():
    """The theme's WOFF2 copies (made by scripts/web-fonts.py) hold the Latin letters,
    punctuation and symbols of WEB_CHARACTERS that the whole font has, and no more."""
    import runpy

    from fontTools.ttLib import TTFont

    from briefings.publish.assets import font_paths
    script = runpy.run_path(str(Path(__file__).parent.parent / "scripts" / "web-fonts.py"))
    WEB_CHARACTERS = script["WEB_CHARACTERS"]
    for path in font_paths():
        copy = script["THEME_FONTS"] / path.with_suffix(".woff2").name
        assert copy.stat().st_size < 20_000, copy
        whole = set(TTFont(path).getBestCmap())
        assert set(TTFont(copy).getBestCmap()) == whole & set(WEB_CHARACTERS), copy
        assert {ord(c) for c in "ŵŷ£€–“”…→"} <= whole & set(WEB_CHARACTERS)


def test_a_search_bundle_with_an_empty_file_is_found_incomplete(site, tmp_path):
    """What the build checks before it publishes a search index (and makes it again if it
    fails): a bundle Pagefind left with an empty file would give a search that cannot load."""
    import shutil

    from briefings.publish.search import complete
    bundle = tmp_path / "pagefind"
    shutil.copytree(site / "pagefind", bundle)
    assert complete(bundle)
    fragment = next((bundle / "fragment").iterdir())
    fragment.write_bytes(b"")
    assert not complete(bundle)
    shutil.copy(site / "pagefind" / "fragment" / fragment.name, fragment)
    (bundle / "pagefind-entry.json").write_text("")
    assert not complete(bundle)


def test_search_is_given_the_pages_that_mark_their_searchable_part_or_else_every_page(tmp_path):
    """A project whose own templates mark no page still gets every page searched."""
    from briefings.publish.search import index_site

    from .sites import indexed
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "stale.html").write_text("<main data-pagefind-body>old</main>")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<html><body><main>a listing</main></body></html>")
    (tmp_path / "index.html").write_text("<html><body><main>home</main></body></html>")
    assert index_site(tmp_path) == 2
    assert sorted(indexed(tmp_path).items()) == [("/", "home"), ("/a/", "a listing")]
    (tmp_path / "b.html").write_text('<html><body><article data-pagefind-body="">a finding'
                                     '</article></body></html>')
    assert index_site(tmp_path) == 1
    assert indexed(tmp_path) == {"/b.html": "a finding."}