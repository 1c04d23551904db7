"""Hostile settings: markup and quotes in briefings.yaml are shown as written, never run.

Given the minimal project with a briefings.yaml whose title, description, partnership,
contact details, accessibility contact, base URL and seven-minute headings hold script
payloads, quotes and ampersands, when I build it (PDFs and all), then no file of the site
carries a payload as markup, every page shows the characters as written, the feed and
sitemap are well-formed XML that say them as written, and so do the PDFs' title and author.
A language that is not a language tag is an error at its line.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefings.render.pages import CONTENT_SECURITY_POLICY, Writer

from .conftest import FIXTURES, briefings
from .sites import Elements, inline_code, policy_of

pytestmark = [pytest.mark.pdf, pytest.mark.xdist_group("escaping")]

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TITLE = """Reviews "><script>alert(1)</script> & Co's <b>learning</b> &amp; more"""
# Plain text, as in the page's <meta name="description"> and the feed: not Markdown.
DESCRIPTION = """Found "'><img src=x onerror=alert(2)> & </textarea> "no" *twice* <!-- done"""
NAME = """Riverside "><script>alert(3)</script> & Sons' <i>Partnership</i>"""
PARTNERSHIP_URL = """https://example.org/?a=1&b="><script>alert(4)</script>"""
# Addresses are checked before they can reach a page (tests/test_hostile.py): quotes and
# angle brackets in them are errors, so here they carry what an address may, ampersands.
EMAIL = """learning&sharing@example.org"""
PHONE = """0123 "><script>alert(6)</script>"""
ADDRESS = """1 High St "><svg onload=alert(7)> & Co"""
ACCESS_EMAIL = """access&help@example.org"""
BASE_URL = """https://example.org/reviews/?q=1&x=2/"""
BACKGROUND = """Back "><script>alert(10)</script> & ground"""
QUESTIONS = """Ask ]]></title><script>alert(11)</script> & 'reflect'"""

# Pieces of the payloads that may appear only escaped.
RAW = ["<script>alert", "<img src=x", "<svg onload", "<b>learning", "<i>Partnership",
       "</textarea>", "]]></title>", "<!-- done"]
TEXT_FILES = {".html", ".xml", ".csv", ".json", ".css", ".js", ".svg", ".txt"}


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


SETTINGS = f"""title: {yaml_quoted(TITLE)}
description: {yaml_quoted(DESCRIPTION)}
partnership:
  name: {yaml_quoted(NAME)}
  logo: assets/logo.svg
  url: {yaml_quoted(PARTNERSHIP_URL)}
language: en-GB
base_url: {yaml_quoted(BASE_URL)}
contact:
  email: {yaml_quoted(EMAIL)}
  phone: {yaml_quoted(PHONE)}
  address: {yaml_quoted(ADDRESS)}
accessibility:
  contact_email: {yaml_quoted(ACCESS_EMAIL)}
seven_minute:
  headings:
    background: {yaml_quoted(BACKGROUND)}
    questions: {yaml_quoted(QUESTIONS)}
today: 2026-11-20
"""


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("escaping") / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "briefings.yaml").write_text(SETTINGS, encoding="utf-8")
    result = briefings("build", "--project", str(root))
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site: Path, path: str) -> Elements:
    return Elements((site / path).read_text(encoding="utf-8"))


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_no_payload_reaches_any_file_of_the_site_as_markup(site):
    checked = 0
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_FILES:
            text = path.read_text(encoding="utf-8")
            # the record-of-use form's own (empty) text areas, not a payload breaking out
            text = re.sub(r"(<textarea [^>]*>)</textarea>", r"\1", text)
            for raw in RAW:
                assert raw not in text, f"{raw!r} in {path.relative_to(site)}"
            checked += 1
    assert checked > 25


def test_no_page_has_a_script_of_its_own_an_event_handler_or_an_inline_style(site):
    for path in html_files(site):
        rel = path.relative_to(site).as_posix()
        elements = Elements(path.read_text(encoding="utf-8"))
        assert not inline_code(elements), rel
        assert policy_of(elements) == CONTENT_SECURITY_POLICY, rel
        for e in elements.find("script"):
            assert e.attrs["src"].endswith(
                ("static/search.js", "static/quick-exit.js", "static/highlight.js",
                 "static/slides.js")), rel


def test_every_page_shows_the_settings_as_written(site):
    home = page(site, "index.html")
    assert home.one("title").text == TITLE
    assert home.one("h1").text == TITLE
    assert home.one("p", "lead").text == DESCRIPTION
    assert home.one("meta", name="description").attrs["content"] == DESCRIPTION
    assert home.one("meta", name="author").attrs["content"] == NAME
    assert home.one("html").attrs["lang"] == "en-GB"
    for path in html_files(site):
        elements = Elements(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site).as_posix()
        assert elements.one("span", "brand-partnership").text == NAME, rel
        assert elements.one("span", "brand-title").text == TITLE, rel
        footer = elements.one("footer", "site-footer").text
        assert f"Published by {NAME}. Contact: {EMAIL}." in footer, rel
        assert elements.one("a", href=f"mailto:{EMAIL}").text == EMAIL, rel
        title = elements.find("title")[0].text           # the page's (charts have their own)
        assert title == TITLE or title.endswith(f" – {TITLE}"), rel
    finding = page(site, "findings/neglect/index.html")
    assert finding.one("title").text == f"Recognising neglect – {TITLE}"

    statement = page(site, "accessibility/index.html")
    lead = statement.one("p", "lead").text
    assert lead == f"This statement applies to {TITLE}, published at {BASE_URL}, by {NAME}."
    assert statement.one("a", href=BASE_URL).text == BASE_URL
    assert statement.one("a", href=f"mailto:{ACCESS_EMAIL}").text == ACCESS_EMAIL

    sheet = page(site, "seven-minute/neglect/index.html")
    headings = [e.text for e in sheet.find("span", "segment-title")]
    assert headings[0] == BACKGROUND and headings[4] == QUESTIONS
    assert f"Send a copy to {EMAIL}." in sheet.one("p", "record-intro").text
    cover = page(site, "briefings/health/index.html").one("p", "cover-imprint").text
    assert cover == f"Published by {NAME} {EMAIL} · {BASE_URL}"


def test_the_feed_and_sitemap_are_xml_that_say_the_settings_as_written(site):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.get(XML_LANG) == "en-GB"
    assert feed.findtext(f"{ATOM}title") == TITLE
    assert feed.findtext(f"{ATOM}subtitle") == DESCRIPTION
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == NAME
    assert feed.findtext(f"{ATOM}id") == BASE_URL
    entries = feed.findall(f"{ATOM}entry")
    assert entries and all(e.findtext(f"{ATOM}id").startswith(BASE_URL) for e in entries)
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = [u.findtext(f"{SITEMAP}loc") for u in sitemap]
    assert BASE_URL in locs and all(loc.startswith(BASE_URL) for loc in locs)


def test_the_pdfs_title_and_author_are_the_settings_as_written(site):
    for path, title in [("briefings/health/health.pdf", "Learning from reviews: health"),
                        ("seven-minute/neglect/neglect.pdf", "Neglect in seven minutes")]:
        info = PdfReader(site / path).metadata
        assert info.title == f"{title} – {TITLE}", path
        assert info.author == NAME, path
    text = PdfReader(site / "seven-minute/neglect/neglect.pdf").pages[0].extract_text()
    assert "alert(10)" in " ".join(text.split())    # the heading, printed as text


def minimal_with_language(tmp_path: Path, line: str) -> Path:
    root = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    settings = root / "briefings.yaml"
    text = settings.read_text()
    assert "language: en-GB\n" in text
    settings.write_text(text.replace("language: en-GB\n", line + "\n"))
    return root


def test_a_language_that_is_not_a_language_tag_is_an_error_at_its_line(tmp_path):
    root = minimal_with_language(tmp_path, """language: 'en"><script>alert(1)</script>'""")
    line = (root / "briefings.yaml").read_text().splitlines().index(
        """language: 'en"><script>alert(1)</script>'""") + 1
    result = briefings("build", "--project", str(root))
    assert result.returncode == 1
    assert f"""briefings.yaml:{line}:11: language 'en"><script>alert(1)</script>' is not a """ \
           "language tag" in result.stderr
    assert "e.g. en-GB" in result.stderr
    assert not (root / "site").exists()


@pytest.mark.parametrize("tag, ok", [
    ("en-GB", True), ("cy", True), ("en", True), ("cy-GB", True), ("zh-Hant-TW", True),
    ("es-419", True), ("de-CH-1996", True),
    ("english", False), ("en_GB", False), ("en-", False), ("e", False), ("en GB", False),
    ("en-GB<x>", False),
])
def test_language_tags(tmp_path, tag, ok):
    root = minimal_with_language(tmp_path, f"language: {yaml_quoted(tag)}")
    result = briefings("check", "--project", str(root))
    assert (result.returncode == 0) is ok, result.stderr
    if not ok:
        assert "is not a language tag" in result.stderr


def test_a_markdown_table_is_aligned_by_class_not_by_an_inline_style():
    html = Writer({}, "", True).block("| Area | Number |\n|:--|--:|\n| North | 12 |")
    assert 'style=' not in html
    assert '<th class="align-left">Area</th>' in html
    assert '<td class="align-right">12</td>' in html


@pytest.mark.parametrize("address, ok", [
    ("https://learning.example/reviews/", True), ("http://learning.example/", True),
    ("javascript:alert(1)//", False), ("JavaScript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False), ("//learning.example/", False),
])
def test_only_an_http_or_https_base_url_is_accepted(tmp_path, address, ok):
    root = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "briefings.yaml").write_text(
        (root / "briefings.yaml").read_text() + f"base_url: {yaml_quoted(address)}\n")
    result = briefings("check", "--project", str(root))
    assert (result.returncode == 0) is ok, result.stderr
    if not ok:
        assert f"base_url {address!r} is not a web address" in result.stderr


@pytest.mark.parametrize("key, value", [
    ("base_url", BASE_URL.replace("q=1", 'q="><script>alert(9)</script>')),
    ("contact:\n  email", """learning"><script>alert(5)</script>@example.org"""),
    ("accessibility:\n  contact_email", """access'"><script>alert(8)</script>@example.org"""),
])
def test_an_address_carrying_markup_is_an_error_before_it_can_reach_a_page(tmp_path, key, value):
    root = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "briefings.yaml").write_text(
        (root / "briefings.yaml").read_text() + f"{key}: {yaml_quoted(value)}\n")
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{value!r} is not a" in result.stderr, result.stderr
