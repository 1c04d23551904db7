"""Listings too long for one page, split into pages a phone can load (render/pagination.py).

Given the repository's own project with its findings copied under new ids (once with all
their learning points, three times more with one, and with longer summaries), its case
studies five times over and its reviews seventy times, when I build it, then every listing
that grows with the content (the learning points, findings and case studies indexes, each
sector's learning points, each theme's findings, each review's findings, the register of
reviews) is on pages of at most 100 KB of HTML and stylesheet, each saying which page it
is, with a navigation between them (a review's or a case study's findings too, where they
do not fit); every learning point is on exactly one page of the
index; links to a learning point on its sector's page find it; a theme's handout keeps to
what fits on four pages and says how many findings are left to the theme's page. The
repository's own site, small enough, has no pages of pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefings.build import build
from briefings.project import Project
from briefings.render.pagination import Entries, navigation, pack, page_urls
from briefings.render.views import LearningPointGroup, LearningPointItem, Link

from .sites import Elements, html_pages, page_text
from .test_links import parse

REPO = Path(__file__).parent.parent
LIMIT = 100_000       # a page's HTML and the site's stylesheet (test_site.py)
LISTINGS = ("learning-points/index", "findings/index", "cases/index", "sectors/*/index",
            "themes/*/index", "reviews/index", "reviews/*/index", "reviews/*/*/index")
REVIEW_COPIES = 70    # of each of the three reviews: a register of 210


def copy_project(root: Path) -> Path:
    """The repository's own project, its findings and case studies copied under new ids."""
    for name in ("briefings.yaml", "content", "assets"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
    settings = root / "briefings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "search: false\n",
                        encoding="utf-8")   # Pagefind's index takes longer than the rest
    for finding in sorted((root / "content/findings").glob("*.yaml")):
        text = finding.read_text(encoding="utf-8")
        for copy in (2, 3, 4, 5):
            (finding.parent / f"{finding.stem}-copy-{copy}.yaml").write_text(
                copied_finding(text, copy, every_learning_point=copy == 2), encoding="utf-8")
    for case in sorted((root / "content/cases").glob("*.yaml")):
        text = case.read_text(encoding="utf-8")
        for copy in range(2, 6):
            (case.parent / f"{case.stem}-copy-{copy}.yaml").write_text(
                re.sub(r"^id: (\S+)", rf"id: \1-copy-{copy}", text, count=1, flags=re.M),
                encoding="utf-8")
    for review in sorted((root / "content/reviews").glob("*.yaml")):
        text = re.sub(r"^source: .*\n", "", review.read_text(encoding="utf-8"), flags=re.M)
        for copy in range(2, REVIEW_COPIES + 1):
            (review.parent / f"{review.stem}-copy-{copy}.yaml").write_text(
                re.sub(r"^id: (\S+)", rf"id: \1-copy-{copy}", text, count=1, flags=re.M),
                encoding="utf-8")
    return root


def copied_finding(text: str, copy: int, every_learning_point: bool) -> str:
    """A finding's YAML under new ids (its own and its learning points'), its summary seven
    times as long; with only its first learning point unless `every_learning_point`."""
    text = re.sub(r"^id: (\S+)", rf"id: \1-copy-{copy}", text, count=1, flags=re.M)
    text = re.sub(r"^  - id: (\S+)", rf"  - id: \1-copy-{copy}", text, flags=re.M)
    text = re.sub(r"^summary: >-\n((?:  .*\n)+)", lambda m: "summary: >-\n" + m[1] * 7, text,
                  count=1, flags=re.M)
    if not every_learning_point:
        head, lps = text.split("\nlearning_points:\n", 1)
        first = re.split(r"\n(?=  - id: )", lps)[0]
        text = f"{head}\nlearning_points:\n{first.rstrip()}\n"
    return text


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("listings"))
    build(Project.at(root), pdf=False)
    return root / "site"


def pages_of(site: Path, first: str) -> list[Path]:
    """The pages of the listing whose first page is `first` ("findings/index"), in order."""
    pages = [site / f"{first}.html"]
    while (site / f"{first}-{len(pages) + 1}.html").is_file():
        pages.append(site / f"{first}-{len(pages) + 1}.html")
    return pages


def listing_pages(site: Path) -> list[Path]:
    return sorted(p for pattern in LISTINGS for p in site.glob(f"{pattern}*.html"))


def html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_listing_that_grows_is_on_more_than_one_page(site):
    for first in ("learning-points/index", "findings/index", "cases/index",
                  "sectors/health/index", "themes/lived-experience/index", "reviews/index",
                  "reviews/type/national-analysis/index"):
        assert len(pages_of(site, first)) >= 2, first


def test_no_page_of_a_listing_is_over_100_kb_of_html_and_css(site):
    css = (site / "static/site.css").stat().st_size
    pages = listing_pages(site)
    assert len(pages) > 20
    for page in pages:
        assert page.stat().st_size + css < LIMIT, page.relative_to(site)


def test_a_later_page_says_which_page_it_is_in_its_title_and_heading(site):
    count = len(pages_of(site, "learning-points/index"))
    elements = Elements(html(site / "learning-points/index-2.html"))
    title = elements.one("title").text
    assert title.startswith(f"Learning points (page 2 of {count}) – ")
    assert elements.one("h1").text == f"Learning points (page 2 of {count})"
    lead = elements.one("p", "lead").text
    assert re.search(r"All \d+ learning points", lead)
    assert f"They are listed on {count} pages: this is page 2." in lead
    crumbs = elements.one("nav", **{"aria-label": "Breadcrumb"})
    assert "Home Learning points Page 2" == crumbs.text
    assert Elements(html(site / "findings/index-2.html")).one("h1").text.startswith(
        "Findings (page 2 of ")
    assert "There are 95 findings." in page_text(site / "findings/index-2.html")


def test_every_learning_point_is_on_exactly_one_page_of_the_index(site):
    listed: list[str] = []
    for page in pages_of(site, "learning-points/index"):
        listed += re.findall(r'<li><a href="\.\./(learning-points/[^/"]+)/index\.html">',
                             html(page))
    own_pages = {p.parent.relative_to(site).as_posix()
                 for p in (site / "learning-points").glob("*/index.html")}
    assert len(listed) == len(set(listed))
    assert set(listed) == own_pages
    count = int(re.search(r"All (\d+) learning points",
                          page_text(site / "learning-points/index.html"))[1])
    assert len(listed) == count


def test_the_page_navigation_links_every_page_and_marks_the_current_one(site):
    for first in ("learning-points/index", "sectors/health/index", "cases/index",
                  "themes/lived-experience/index", "reviews/type/national-analysis/index"):
        pages = pages_of(site, first)
        for number, page in enumerate(pages, 1):
            elements = Elements(html(page))
            nav = elements.one("nav", "pagination")
            assert nav.attrs["aria-label"].startswith("Pages of ")
            links = navigation_links(elements, nav)
            for link in links:
                assert (page.parent / link.attrs["href"]).resolve().is_file(), link.attrs
            current = [a for a in links if a.attrs.get("aria-current") == "page"]
            assert [a.text for a in current] == [str(number)], page
            assert (page.parent / current[0].attrs["href"]).resolve() == page.resolve()
            texts = [a.text for a in links]
            assert ("Previous page" in texts) == (number > 1), page
            assert ("Next page" in texts) == (number < len(pages)), page
            assert texts.count("1") == 1 and str(len(pages)) in texts


def navigation_links(elements: Elements, nav) -> list:
    """The links inside the page navigation `nav`."""
    inside, found = False, []
    for e in elements.all:
        if e is nav:
            inside = True
        elif inside and e.tag == "a":
            found.append(e)
        elif inside and e.tag in ("nav", "footer"):
            break
    return found


def test_many_pages_are_shown_as_the_first_the_last_and_the_neighbours():
    urls = page_urls("findings/index.html", 12)
    assert urls[:2] == ["findings/index.html", "findings/index-2.html"]

    def shown(number: int) -> list:
        nav = navigation("Pages of findings", urls, number)
        return [n.number or "…" for n in nav.pages]

    assert shown(1) == [1, 2, "…", 12]
    assert shown(6) == [1, "…", 5, 6, 7, "…", 12]
    assert shown(4) == [1, 2, 3, 4, 5, "…", 12]     # a gap of one page is that page
    assert shown(12) == [1, "…", 11, 12]
    nav = navigation("Pages of findings", urls, 6)
    assert [n.number for n in nav.pages if n.current] == [6]
    assert (nav.previous, nav.next) == ("findings/index-5.html", "findings/index-7.html")
    assert navigation("Pages of findings", urls[:1], 1) is None


def group(id: str, *lengths: int) -> LearningPointGroup:
    return LearningPointGroup(id, f"Finding {id}", f"findings/{id}/index.html",
                              tuple(LearningPointItem(f"{id}-{n}", "x" * length, "")
                                    for n, length in enumerate(lengths)))


def test_a_group_is_kept_on_one_page_where_it_fits_and_split_where_it_cannot():
    listing = Entries((group("a", 600), group("b", 300, 300), group("c", *[300] * 8)), 0)
    pages = pack(listing, budget=1_000)
    kept = [[(g.id, len(g.items), g.continued) for g in page] for page in pages]
    assert kept[0] == [("a", 1, False)]                 # b fits whole on the next page
    assert kept[1] == [("b", 2, False), ("c", 1, False)]  # c fits on no page: it begins here
    assert kept[2:] == [[("c", 3, True)], [("c", 3, True)], [("c", 1, True)]]
    assert [item.id for page in pages for g in page for item in g.items] == \
        [f"{g}-{n}" for g, n in [("a", 0), ("b", 0), ("b", 1)] + [("c", n) for n in range(8)]]


def test_the_first_page_leaves_room_for_its_other_sections():
    cards = Entries(tuple(Link(f"Finding {n}", "x" * 200) for n in range(6)), 100)
    assert [len(page) for page in pack(cards, budget=1_000)] == [3, 3]
    assert [len(page) for page in pack(cards, taken=700, budget=1_000)] == [0, 3, 3]
    assert [len(page) for page in pack(Entries((), 100), budget=1_000)] == [0]


def test_every_page_of_the_register_keeps_its_filters(site):
    for page in pages_of(site, "reviews/type/national-analysis/index"):
        elements = Elements(html(page))
        assert elements.one("nav", "facets").attrs["aria-label"] == "Filter the reviews"
    later = Elements(html(site / "reviews/type/national-analysis/index-2.html"))
    assert later.one("h1").text.startswith("Reviews: National analysis of reviews (page 2 of ")
    assert later.one("nav", **{"aria-label": "Breadcrumb"}).text == \
        "Home Reviews National analysis of reviews Page 2"


def test_a_sector_page_keeps_its_sections_on_its_first_page_and_links_back(site):
    first = Elements(html(site / "sectors/health/index.html"))
    assert first.one("h1").text == "Health"
    for anchor in ("briefing", "learning-points", "case-studies", "audience"):
        assert first.find("section", id=anchor), anchor
    toc = first.one("nav", "toc")
    assert "Learning points" in toc.text
    later = Elements(html(site / "sectors/health/index-2.html"))
    assert later.one("h1").text.startswith("Health: learning points (page 2 of ")
    assert re.match(r"The \d+ learning points for Health, grouped by the finding",
                    later.one("p", "lead").text)
    assert not later.find("section", id="briefing") and not later.find("nav", "toc")
    back = [a for a in later.find("a") if a.text == "Back to the start of the Health page"]
    assert back and back[0].attrs["href"] == "../../sectors/health/index.html"


def test_a_review_with_many_findings_gives_each_sectors_count_not_a_list_of_them(site):
    source = html(site / "reviews/final-analysis-2017-19/index.html")
    assert source.count('findings/recognising-neglect-copy-4/index.html"') == 1  # its findings
    learning = Elements(source.split('id="review-learning"')[1].split("</section>\n  </section>")[0])
    headings = [h.text for h in learning.find("h3")]
    assert len(headings) == 4 and all(re.fullmatch(r".+ \(\d+\)", h) for h in headings)
    assert not learning.find("ul")


def test_a_review_or_case_with_more_findings_than_fit_lists_them_on_pages_of_its_own(
        tmp_path, monkeypatch):
    monkeypatch.setattr("briefings.render.pagination.PAGE_BYTES", 4_000)  # as at 5,000 findings
    root = copy_project(tmp_path)
    review = root / "content/reviews/final-analysis-2017-19.yaml"    # announced in the feed
    review.write_text(review.read_text(encoding="utf-8").replace(
        "\nid: final-analysis-2017-19\n", "\nid: final-analysis-2017-19\npublished: 2022-03-01\n"),
        encoding="utf-8")
    build(Project.at(root), pdf=False)
    pages = pages_of(root / "site", "reviews/final-analysis-2017-19/index")
    assert len(pages) >= 3
    first, later = (Elements(html(page)) for page in pages[:2])
    assert first.one("h1").text == "Learning for the future: the final national analysis " \
                                   "of serious case reviews, 2017 to 2019"
    assert first.find("section", **{"aria-labelledby": "review-recommendations"}) or \
        first.find("section", **{"aria-labelledby": "review-repository"})
    assert re.search(r"The review has \d+ findings\. They are listed on \d+ pages",
                     first.one("section", **{"aria-labelledby": "review-findings"}).text)
    assert later.one("h1").text.startswith(
        "Learning for the future: the final national analysis of serious case reviews, 2017 "
        f"to 2019: what the review found (page 2 of {len(pages)})")
    assert not later.find("section", **{"aria-labelledby": "review-repository"})
    assert "data-pagefind-body" in html(pages[0]) and "data-pagefind-body" not in html(pages[1])
    assert 'application/ld+json' not in html(pages[1])
    listed = [a.attrs["href"] for page in pages
              for a in Elements(re.split(r'id="(?:review-findings|findings-listed)"', html(page))[1]
                                .split("</section>")[0]).find("a")
              if "findings/" in a.attrs["href"]]
    assert len(listed) == len(set(listed)) > 20     # each finding on one page
    feed = (root / "site/feed.xml").read_text(encoding="utf-8")
    assert "final-analysis-2017-19/index-2.html" not in feed
    assert feed.count("reviews/final-analysis-2017-19/</id>") == 1

    cases = pages_of(root / "site", "cases/billy/index")
    assert len(cases) >= 2
    first, later = (Elements(html(page)) for page in cases[:2])
    assert first.one("h1").text == "Billy: a boy out of sight of health services for seven years"
    assert re.search(r"The case study illustrates 10 findings\. They are listed on \d pages",
                     page_text(cases[0]))
    assert later.one("h1").text == "Billy: a boy out of sight of health services for seven " \
                                   f"years: findings it illustrates (page 2 of {len(cases)})"
    assert later.one("p", "lead").text.startswith("The case study illustrates 10 findings.")
    assert not later.find("p", "notice") and "data-pagefind-body" not in html(cases[1])
    assert sum(len([a for a in Elements(html(page)).find("a")
                    if "/findings/" in a.attrs["href"] and "index.html" in a.attrs["href"]
                    and not a.attrs["href"].endswith("findings/index.html")])
               for page in cases) == 10


def test_a_themes_handout_keeps_to_four_pages_and_says_how_many_findings_it_leaves(site):
    page = site / "themes/neglect/health/index.html"
    text = page_text(page)
    shown = len(Elements(html(page)).find("section", "handout-finding"))
    left = re.search(r"(\d+) more findings on Recognising and responding to neglect with "
                     r"learning for Health on the theme's page", text)
    assert left and shown >= 1
    on_theme = re.search(r"There are (\d+) findings on Recognising and responding to neglect\.",
                         page_text(site / "themes/neglect/index.html"))
    assert shown + int(left[1]) <= int(on_theme[1])
    assert f"from {shown} findings" in text
    assert page.stat().st_size < 40_000


def test_links_to_a_learning_point_on_its_sector_page_find_it_on_whichever_page(site):
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in [*site.glob("findings/*/index.html"), *site.glob("briefings/*/index.html"),
                 *site.glob("learning-points/*-copy-2/index.html")]:
        for target in parse(page).targets:
            if "sectors/" in target and "#" in target:
                path, anchor = target.split("#")
                dest = (page.parent / path).resolve()
                assert dest.is_file(), (page, target)
                if dest not in ids:
                    ids[dest] = parse(dest).ids
                assert anchor in ids[dest], (page, target)
                checked += "index-" in path
    assert checked > 50


def test_later_pages_are_in_the_sitemap_and_filed_for_search_as_their_first_page(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in listing_pages(site):
        rel = page.relative_to(site).as_posix()
        assert (f"/{rel}</loc>" in sitemap) or (f"/{rel[:-len('index.html')]}</loc>" in sitemap)
    for first in ("learning-points/index", "sectors/health/index"):
        pages = pages_of(site, first)
        body = ["data-pagefind-body" in html(p) for p in pages]
        assert body == [body[0]] * len(pages)


def test_the_repositorys_own_listings_are_single_pages_with_no_page_navigation(tmp_path):
    site = tmp_path / "site"
    root = tmp_path / "project"
    root.mkdir()
    for name in ("briefings.yaml", "content", "assets"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
    (root / "briefings.yaml").write_text(
        (root / "briefings.yaml").read_text(encoding="utf-8") + "search: false\n",
        encoding="utf-8")
    build(Project.at(root), pdf=False)
    site = root / "site"
    assert not [p for p in html_pages(site) if re.search(r"/index-\d+\.html$", p.as_posix())]
    for page in listing_pages(site):
        source = html(page)
        assert 'class="pagination"' not in source and "(page 1 of" not in source, page


@pytest.mark.browser
def test_the_page_navigation_fits_a_phone_with_targets_to_tap_and_a_visible_focus(site):
    """At 320 px wide (WCAG 1.4.10), every link of the navigation is at least 24 by 24 px
    (2.5.8), the current page looks different from the others, and a focused link shows
    its focus ring (2.4.7)."""
    from playwright.sync_api import sync_playwright

    from .sites import CHROMIUM, CHROMIUM_ARGS, serve
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 320, "height": 640})
            tab.goto(base + "learning-points/index-2.html")
            assert tab.evaluate("document.documentElement.scrollWidth") <= 320
            links = tab.locator("nav.pagination a")
            assert links.count() >= 3       # Previous page, 1, 2
            for i in range(links.count()):
                box = links.nth(i).bounding_box()
                assert box["width"] >= 24 and box["height"] >= 24, links.nth(i).text_content()
            fill = "e => getComputedStyle(e).backgroundColor"
            current = tab.locator('nav.pagination a[aria-current="page"]')
            assert current.evaluate(fill) != links.first.evaluate(fill)
            step = tab.locator('nav.pagination a[rel="prev"]')
            step.focus()
            assert step.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
        finally:
            browser.close()
