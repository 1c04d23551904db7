"""The default site, judged by the validators a UK public body runs on its own sites: the Nu
HTML Checker, pa11y-ci (HTML_CodeSniffer and axe against WCAG 2 AA) and a PDF structure
check (PDF/UA-1). Zero errors and zero warnings is the bar; a message judged a false
positive is listed below with the reason, matched narrowly, never silenced wholesale.

`make test` runs the Nu HTML Checker over every page (it is quick). `make validate`, which
CI runs after `make test`, builds the default site with its PDFs, checks every PDF and
every page's reflow, and runs pa11y-ci over every kind of page."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from . import validators
from .sites import serve

# (validator code, a regular expression the message and context must match, why it is not
# a defect). Each entry must still match something, so a fixed one is taken out.
ACCEPTED = [
    ("vnu", r"^Resource violates Content Security Policy \(meta tag\): [a-z ]+ “(/|(\.\./)*)"
            r"(static|assets)/[^”]+” blocked",
     "the checker reads the pages from disk, where the policy's 'self' matches no origin; "
     "served over http, the browser tests load every page type under the policy and "
     "report no violation (test_browser.py)"),
    ("vnu", r"Inline script violates Content Security Policy.*application/ld\+json",
     "a review page's JSON-LD record (schema.org data for search engines) is a data block, "
     "not a script: browsers never run it, so script-src does not apply to it"),
    ("htmlcs: WCAG2AA.Principle1.Guideline1_4.1_4_3.G18.Abs",
     r'class="(visually-hidden|quick-exit-status visually-hidden)"|class="skip-link"',
     "HTML_CodeSniffer cannot work out the background of absolutely positioned text: this is "
     "text for screen readers only (clipped to 1px, never seen), or the skip link, which "
     "shows black on the focus yellow (#000 on #ffbf47, 12.6:1)"),
    ("htmlcs: WCAG2AA.Principle1.Guideline1_3.1_3_1.H48", r"navigation section.*<p>[A-Z]",
     "HTML_CodeSniffer takes a paragraph with several links for a menu: these are sentences "
     "of prose that name their sources, not navigation"),
    ("htmlcs: WCAG2AA.Principle1.Guideline1_1.1_1_1.H67.2", r'class="brand-logo"',
     "the logo in the header is decorative on purpose (alt=\"\"): the link beside it names "
     "the partnership and the site in text"),
    ("axe: color-contrast (needs review)", r'<text [^>]*fill="#(333|222)"|<tspan x="[\d.]+" dy=',
     "axe cannot tell the background behind text inside an SVG chart, so it asks for a "
     "review: chart text (and the lines of a label, which take its colour) is #333 or #222 "
     "on the chart's white (12.6:1 and 15.9:1), checked by "
     "test_chart_text_has_the_contrast_axe_could_not_measure"),
]


def judged(found: list[validators.Finding]) -> tuple[list[str], set[int]]:
    """The messages not accepted above, and which entries of ACCEPTED matched."""
    left, used = [], set()
    for f in found:
        for n, (code, pattern, _) in enumerate(ACCEPTED):
            if f.code == code and re.search(pattern, f"{f.message} {f.context}", re.S):
                used.add(n)
                break
        else:
            left.append(str(f))
    return left, used


def unused(used: set[int], vnu: bool) -> list[str]:
    """The accepted messages of one validator that no longer occur: take them out."""
    return [ACCEPTED[n][2] for n in range(len(ACCEPTED))
            if (ACCEPTED[n][0] == "vnu") == vnu and n not in used]


def sitemap_paths(site: Path) -> list[str]:
    """Every page in the sitemap's order, then the 404 page, as paths in the site."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    return re.findall(r"<loc>https?://[^/]+/(.*?)</loc>", text) + ["404.html"]


def sitemap_pages(site: Path) -> list[Path]:
    return [page_file(site, p) for p in sitemap_paths(site)]


def page_file(site: Path, path: str) -> Path:
    return site / path if path.endswith(".html") else site / path / "index.html"


def kind(path: str, shared_ends: Counter) -> str:
    """A page's kind: its path with each record's id as `*` (learning-points/*/). A last
    part that ends the paths of several records names a kind of its own: a session's
    slides (sessions/*/slides) or a finding's health handout (findings/*/health)."""
    parts = path.strip("/").split("/")
    last = parts[-1] if len(parts) > 2 and shared_ends[parts[-1]] > 1 else "*"
    return "/".join([parts[0], *["*"] * (len(parts) - 2), *[last] * (len(parts) > 1)])


def every_kind_of_page(site: Path) -> list[str]:
    """The largest and the smallest page of every kind (every page of a kind of one or
    two), in sitemap order: 63 of the default site's 514 pages, in 39 kinds."""
    paths = sitemap_paths(site)
    ends = Counter(p.strip("/").split("/")[-1] for p in paths if p.strip("/").count("/") > 1)
    kinds: dict[str, list[str]] = {}
    for p in paths:
        kinds.setdefault(kind(p, ends), []).append(p)
    size = {p: page_file(site, p).stat().st_size for p in paths}
    chosen = {q for pages in kinds.values() for q in (max(pages, key=size.get),
                                                      min(pages, key=size.get))}
    return [p for p in paths if p in chosen]


@pytest.fixture(autouse=True, scope="module")
def installed():
    problem = validators.missing()
    assert problem is None, f"the validators are not installed: {problem}"


def test_the_nu_html_checker_finds_nothing_on_any_page_of_the_default_site(default_site):
    found = validators.vnu(sitemap_pages(default_site))
    left, used = judged(found)
    assert left == [], f"{len(left)} messages:\n" + "\n".join(left[:60])
    assert unused(used, vnu=True) == []


def test_every_link_and_anchor_of_the_default_site_resolves(default_site):
    """A finding's link to a briefing that tells it lands on it, in whichever edition."""
    from .test_links import broken_links
    assert broken_links(default_site) == []


def test_chart_text_has_the_contrast_axe_could_not_measure(default_site):
    """What the accepted axe review above relies on: every text in every chart is #333 or
    #222 on white, and the chart draws no background of its own under it."""
    fills = set()
    for page in default_site.rglob("*.html"):
        for svg in re.findall(r'<svg[^>]*class="chart".*?</svg>', page.read_text(), re.S):
            fills |= set(re.findall(r'<text [^>]*fill="(#[0-9a-f]+)"', svg))
            assert 'width="640" height="300"' not in svg          # no background rectangle
    assert fills and fills <= {"#333", "#222"}, fills


@pytest.mark.validators
def test_pa11y_finds_nothing_on_any_kind_of_page_of_the_default_site(default_site, tmp_path):
    """pa11y-ci takes about 4 CPU-seconds a page: over the largest and the smallest page of
    every kind, not all 514, CI keeps to its 20 minutes. Every page is still read by the
    Nu HTML Checker and the reflow check here, and test_browser.py runs axe on every page
    type with the WCAG 2.2 rules."""
    paths = every_kind_of_page(default_site)
    assert len(paths) >= 60, paths            # 63 from the default content
    with serve(default_site) as base:
        found = validators.pa11y([base + p for p in paths], tmp_path)
    left, used = judged(found)
    assert left == [], f"{len(left)} messages:\n" + "\n".join(left[:80])
    assert unused(used, vnu=False) == []


@pytest.mark.validators
@pytest.mark.parametrize("half", [0, 1])   # two halves, for two workers
def test_no_page_of_the_default_site_scrolls_sideways_at_320px_or_400_percent_zoom(
        default_site, half):
    from playwright.sync_api import sync_playwright

    from .sites import CHROMIUM, CHROMIUM_ARGS
    from .test_accessibility import too_wide
    with serve(default_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        assert too_wide(browser, base, sitemap_paths(default_site)[half::2]) == []
        browser.close()


@pytest.mark.validators
def test_every_pdf_of_the_default_site_has_a_sound_structure(default_site):
    from .pdfua import problems
    pdfs = sorted(default_site.rglob("*.pdf"))
    assert len(pdfs) >= 16, pdfs
    found = {str(p.relative_to(default_site)): problems(p) for p in pdfs}
    assert {p: f for p, f in found.items() if f} == {}


# ---- training sessions (content/sessions/): the default sessions' packs ---------------------------

@pytest.mark.validators
def test_every_default_session_deck_has_one_16_9_page_per_slide_and_a_one_page_form(
        default_site):
    """No slide of the default sessions holds more than its page (it would run onto a second
    one), and each evaluation form is one sheet."""
    from pypdf import PdfReader
    decks = sorted(default_site.glob("sessions/*/slides/*-slides.pdf"))
    assert len(decks) == 2, decks
    for deck in decks:
        html = (deck.parent / "index.html").read_text()
        slides = len(re.findall(r'<section class="slide[ "]', html))
        pages = PdfReader(deck).pages
        assert len(pages) == slides, deck.name
        assert all(abs(float(p.mediabox.width) / float(p.mediabox.height) - 16 / 9) < .01
                   for p in pages), deck.name
        form = deck.parents[1] / "evaluation" / deck.name.replace("slides", "evaluation")
        assert len(PdfReader(form).pages) == 1, form.name


# ---- sector handouts --------------------------------------------------------------------------

@pytest.mark.validators
def test_every_sector_handout_of_the_default_content_is_one_to_four_a4_pages(default_site):
    """Every handout a theme's or a finding's page links to is there, one to four A4 pages,
    and tagged soundly (every PDF's structure is checked above; these are checked here too,
    so a handout's failure names the handout)."""
    from pypdf import PdfReader

    from .pdfua import problems
    linked = set()
    for page in [*default_site.glob("themes/*/index.html"),
                 *default_site.glob("findings/*/index.html")]:
        section = re.search(r'<section id="handouts".*?</section>', page.read_text(), re.S)
        for href in re.findall(r'href="([^"]+\.pdf)" download', section.group(0)
                               if section else ""):
            linked.add((page.parent / href).resolve())
    assert len(linked) >= 100, len(linked)        # 148 from the default content
    pages = {}
    for pdf in sorted(linked):
        reader = PdfReader(pdf)
        pages[str(pdf.relative_to(default_site.resolve()))] = len(reader.pages)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), pdf
        assert problems(pdf) == [], pdf
    assert {p: n for p, n in pages.items() if not 1 <= n <= 4} == {}


# ---- concise sector briefings (issue 13): what a practitioner is asked to read ----------------

SECTOR_BRIEFINGS = ("health", "police", "education-early-help", "childrens-social-care")


def test_every_default_sector_briefing_page_is_at_most_100_kb_of_html(default_site):
    sizes = {s: (default_site / "briefings" / s / "index.html").stat().st_size
             for s in SECTOR_BRIEFINGS}
    assert {s: n for s, n in sizes.items() if n > 100 * 1024} == {}, sizes


def test_nothing_is_lost_every_learning_point_has_its_page_and_is_on_its_finding_page(
        default_site, default_corpus):
    """The concise briefings show the learning points that matter most to each sector; the
    rest are a link away, each on its own page and on its finding's page."""
    corpus = default_corpus
    shown = {s: (default_site / "briefings" / s / "index.html").read_text(encoding="utf-8")
             for s in SECTOR_BRIEFINGS}
    missing, briefed = [], 0
    for f in corpus.findings:
        page = (default_site / "findings" / f.id / "index.html").read_text(encoding="utf-8")
        for lp in f.learning_points:
            if not (default_site / "learning-points" / lp.id / "index.html").is_file():
                missing.append(f"no page for {lp.id}")
            if f'id="lp-{lp.id}"' not in page:
                missing.append(f"{lp.id} not on the page of {f.id}")
            briefed += any(f'id="lp-{lp.id}"' in html for html in shown.values())
    assert missing == []
    assert 0 < briefed < len(corpus.learning_points)   # the briefings show a chosen few
    for s, html in shown.items():  # and link to where all of a finding's points for it are
        assert f'href="../../sectors/{s}/index.html#group-recognising-neglect"' in html, s


@pytest.mark.validators
def test_every_default_sector_briefing_pdf_is_at_most_32_a4_pages(default_site):
    from pypdf import PdfReader
    pages = {s: len(PdfReader(default_site / "briefings" / s / f"{s}.pdf").pages)
             for s in SECTOR_BRIEFINGS}
    assert {s: n for s, n in pages.items() if n > 32} == {}, pages
    assert min(pages.values()) >= 12, pages   # still a briefing: parts, findings, references
