"""Sector handouts as a trainer meets them: on a theme's page and a finding's page, a list of
handouts, one for each sector with learning points there; each a page to read on a phone and
a tagged PDF of one to four A4 pages, with that sector's framing and learning points (and not
another sector's), their questions for reflection, and the works they cite.

Everything is read from the minimal project's shared build (real WeasyPrint, real Pagefind).
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefings.build import load, render_site
from briefings.project import THEME, Project
from briefings.render.html import labels
from briefings.render import handouts
from briefings.render.plan import plan

from . import pdfua

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = [pytest.mark.pdf]  # reads the shared build: either worker may run it

HEALTH_ONLY = "Follow up every missed health appointment."   # a learning point for health
BOTH = "Look at the whole history, not only the latest incident."   # for health and police


def text(path: Path) -> str:
    """What a reader of the PDF gets, as one line of words."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


def visible(page: Path) -> str:
    """A page's main content as words, without its markup."""
    main = re.search(r"<main.*?</main>", page.read_text(), re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture(scope="module")
def site(minimal_built) -> Path:
    return minimal_built[1]


def test_the_theme_page_lists_a_handout_for_each_sector_with_learning_points(site):
    page = (site / "themes/neglect/index.html").read_text()
    assert "Handouts for your sector" in page
    for sector, name in (("health", "Health"), ("police", "Police")):
        assert f'<a href="../../themes/neglect/{sector}/index.html">{name}</a>' in page
        pdf = site / f"themes/neglect/{sector}/neglect-{sector}.pdf"
        pages = len(PdfReader(pdf).pages)  # as counted once the PDF was made
        assert (f'<a href="../../themes/neglect/{sector}/neglect-{sector}.pdf" download>PDF'
                f'<span class="visually-hidden"> handout for {name}</span>, '
                f'{pages} page{"s" if pages != 1 else ""}</a>') in page
    assert "2 learning points" in visible(site / "themes/neglect/index.html")  # health's
    # A theme with no findings has no learning points, so no handouts.
    assert "Handouts for your sector" not in (site / "themes/curiosity/index.html").read_text()
    assert not (site / "themes/curiosity/health").exists()


def test_the_health_handout_of_a_theme_has_health_learning_and_not_the_polices(site):
    pdf = site / "themes/neglect/health/neglect-health.pdf"
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 4
    words = text(pdf)
    assert "Neglect: handout for Health" in words
    assert "Recognising neglect" in words and "Neglect builds up over time" in words
    assert "Health visitors see the home." in words            # health's framing
    assert "Officers attending a home" not in words            # not the police's
    assert HEALTH_ONLY in words and BOTH in words
    assert "Reflect: What does the chronology show?" in words  # its question
    assert "Smith et al., 2020b, p. 7" in words                # cited, and listed
    assert "References" in words and "Annual review of practice reviews" in words
    assert "Neglect was present in most reviews" not in words  # no full finding bodies
    assert pdfua.problems(pdf) == []                           # tagged like the others


def test_the_police_handout_leaves_out_what_is_only_for_health(site):
    words = text(site / "themes/neglect/police/neglect-police.pdf")
    assert "Officers attending a home see its state." in words and BOTH in words
    assert HEALTH_ONLY not in words and "Health visitors see the home" not in words
    assert "Smith et al., 2020b" not in words     # cited only by the health learning point


def test_the_handout_page_reads_on_its_own_and_links_back(site):
    page = site / "themes/neglect/health/index.html"
    html = page.read_text()
    words = visible(page)
    assert "<h1 id=\"handout-title\">Neglect: handout for Health</h1>" in html
    assert "2 learning points for Health from 1 finding" in words
    assert 'href="../../../themes/neglect/health/neglect-health.pdf" download' in html
    assert 'href="../../../themes/neglect/index.html">Neglect, for every sector</a>' in html
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    assert re.findall(r">([^<>]+)</(?:a|span)>", crumbs) == [
        "Home", "Themes", "Neglect", "Handout for Health"]
    # Kept out of the search index (its learning points are found on their own pages).
    assert "data-pagefind-body" not in html and "data-pagefind-filter" not in html
    assert "data-pagefind-body" in (site / "findings/neglect/index.html").read_text()


def test_with_a_web_address_handouts_are_in_the_sitemap_and_print_their_address():
    corpus, _ = load(Project.at(FIXTURES / "minimal"))
    corpus = dataclasses.replace(corpus, settings=dataclasses.replace(
        corpus.settings, base_url="https://lscp.example.org/learning/"))
    site = plan(corpus, labels([THEME], THEME), pdf=False)
    pages = list(site.pages())
    sitemap = next(p for p in pages if p.url == "sitemap.xml")
    locs = {e.loc for e in sitemap.view.entries}
    assert {"https://lscp.example.org/learning/themes/neglect/health/",
            "https://lscp.example.org/learning/findings/neglect/police/"} <= locs
    handout = next(p for p in pages if p.url == "themes/neglect/health/index.html")
    assert handout.view.web_address == "https://lscp.example.org/learning/themes/neglect/health/"
    assert handout.pdf is None                     # a build without PDFs links to none


def test_a_finding_handout_gives_the_finding_in_full_for_one_sector(site):
    finding = (site / "findings/neglect/index.html").read_text()
    assert 'href="#handouts">Handouts for your sector</a>' in finding
    assert '<a href="../../findings/neglect/health/index.html">Health</a>' in finding
    pdf = site / "findings/neglect/health/neglect-health.pdf"
    assert 1 <= len(PdfReader(pdf).pages) <= 4
    words = text(pdf)
    assert "Recognising neglect: handout for Health" in words
    assert "Neglect was present in most reviews" in words           # the finding's text
    assert "What is a day like for this child?" in words            # its questions
    assert "Health visitors see the home." in words and HEALTH_ONLY in words
    assert "Officers attending a home" not in words
    assert "Case studies on the site • A baby whose needs went unmet Content warning:" \
        in words                                                     # health's, linked
    assert pdfua.problems(pdf) == []


def test_a_theme_handout_with_more_than_fits_gives_each_findings_first_and_links_the_rest(
        monkeypatch):
    """A theme's handout has room for so many words (four A4 pages); here room for only one
    of the health learning points, so it gives the first and links to the other."""
    monkeypatch.setattr(handouts, "THEME_WORDS", 30)
    project = Project.at(FIXTURES / "minimal")
    corpus, _ = load(project)
    html = {page.url: text for page, text in render_site(project, corpus, pdf=False,
                                                          preview=False)}
    page = html["themes/neglect/health/index.html"]
    assert BOTH in page and HEALTH_ONLY not in page
    assert ('<a href="../../../findings/neglect/index.html#learning-points">1 more learning '
            "point for Health on the finding's page</a>") in page
    assert "1 learning point for Health from 1 finding" in page
    assert "<span class=\"meta\">1 learning point</span>" in html["themes/neglect/index.html"]
    # A finding's handout gives all of the sector's learning points, whatever their length.
    assert HEALTH_ONLY in html["findings/neglect/health/index.html"]
