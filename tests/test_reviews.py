"""A partnership's own reviews: from the review to its recommendations, the response and what
was done, and everything that came from it.

Given the `reviews` fixture (a fictional partnership: Child M, a local review with three
recommendations and their actions; Child R, a rapid review still under embargo, with the
finding that comes from it; a thematic review whose report is delayed; Child K, an old review
whose report has gone offline), when I build it, then each review has its page, the register
lists and filters them without JavaScript, the actions page tracks every action (CSV and PDF),
and nothing of the embargoed review is published anywhere.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import FIXTURES, briefings
from .pdfs import struct_elements
from .sites import Elements, inline_code, page_text

pytestmark = [pytest.mark.pdf, pytest.mark.xdist_group("reviews")]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("reviews") / "project"
    shutil.copytree(FIXTURES / "reviews", root)
    result = briefings("build", "--project", str(root))
    assert result.returncode == 0, result.stderr
    return root, root / "site", result


def text(site: Path, path: str) -> str:
    """The words of a page's main content, a space between every element's."""
    source = html(site, path)
    main = source[source.index("<main"):source.index("</main>")]
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())
    return re.sub(r" ([.,;:)])", r"\1", words)


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


# ---- a review's page ----------------------------------------------------------------------

def test_a_review_page_says_what_happened_what_was_recommended_and_what_was_done(built):
    _, site, _ = built
    page = text(site, "reviews/child-m/index.html")
    for words in ("Local child safeguarding practice review",
                  "Child M: a local child safeguarding practice review",
                  "Published by Riverside Safeguarding Children Partnership",
                  "Commissioned 1 September 2025", "Published 1 June 2026",
                  "Period it covers March 2023 to August 2025",
                  "each agency saw only its own part",
                  "Every agency keeps a chronology for a child open to it. For: Health, Police "
                  "Response: accepted.",
                  "The partnership reviews its escalation policy. For: Riverside Council",
                  "Response: not accepted. The existing core groups already meet",
                  "Head of health visiting 30 September 2026 Done (updated 15 October 2026) "
                  "Evidence: The template went live on 1 September 2026. Impact: An audit of 40 "
                  "records in October 2026 found a chronology in 36.",
                  "Partnership business manager 1 October 2026 In progress (overdue)"):
        assert words in page, words
    source = html(site, "reviews/child-m/index.html")
    assert 'href="../../assets/child-m-report.pdf">Read the full report' in source
    assert (site / "assets/child-m-report.pdf").is_file()
    assert 'href="https://learning.riverside.example/podcasts/child-m-transcript.html"' in source
    assert '<meta name="dcterms.created" content="2026-06-01">' in source


def test_a_review_page_lists_everything_that_came_from_it(built):
    _, site, _ = built
    elements = Elements(html(site, "reviews/child-m/index.html"))
    links = {a.text: a.attrs["href"] for a in elements.find("a")}
    assert links["Recognising neglect"] == "../../findings/neglect/index.html"
    assert links["Health"] == "../../sectors/health/index.html"
    assert links["Look at the whole history, not only the latest incident."] == \
        "../../learning-points/neglect-cumulative/index.html"
    assert links["Neglect in seven minutes"] == "../../seven-minute/neglect/index.html"
    assert links["A baby whose needs went unmet"] == "../../cases/baby-a/index.html"
    assert links["Learning from reviews: health"] == "../../briefings/health/index.html"
    page = text(site, "reviews/child-m/index.html")
    health, police = page.index("Learning points, by sector"), page.index("Police")
    assert "Follow up every missed health appointment." in page[health:police]  # health only
    assert "Follow up every missed health appointment." not in page[police:]


def test_every_record_from_a_review_links_back_to_it(built):
    _, site, _ = built
    for path in ("findings/neglect/index.html", "learning-points/neglect-cumulative/index.html",
                 "cases/baby-a/index.html", "seven-minute/neglect/index.html"):
        links = {a.text: a.attrs["href"] for a in Elements(html(site, path)).find("a")}
        assert links.get("Child M: a local child safeguarding practice review") == \
            "../../reviews/child-m/index.html", path


def test_a_review_is_cited_like_a_source_and_links_to_its_page(built):
    _, site, _ = built
    assert '<a href="../../reviews/child-m/index.html">Child M, 2026</a>' in \
        html(site, "findings/neglect/index.html")


def test_the_review_is_summarised_for_the_national_repository_and_as_json_ld(built):
    _, site, _ = built
    elements = Elements(html(site, "reviews/child-m/index.html"))
    assert elements.one("p", "repository-summary").text == (
        "2026 – Riverside Safeguarding Children Partnership – Child M. Learning themes "
        "include: neglect. Recommendations include: Every agency keeps a chronology for a "
        "child open to it; The partnership reviews its escalation policy; A new multi-agency "
        "panel meets weekly about every baby on a plan.")
    data = json.loads(elements.one("script", type="application/ld+json").text)
    assert data["@type"] == "Report" and data["reportNumber"] == "Child M"
    assert data["datePublished"] == "2026-06-01"
    assert data["publisher"] == {"@type": "Organization",
                                 "name": "Riverside Safeguarding Children Partnership"}
    assert data["url"] == "https://learning.riverside.example/reviews/child-m/"
    assert inline_code(elements) == []           # a data block, not a script


def test_a_delayed_report_shows_why_and_an_old_one_how_to_ask_for_it(built):
    _, site, _ = built
    delayed = text(site, "reviews/thematic-exploitation/index.html")
    assert "Publication of the full report is delayed. The full report will be published " \
           "when criminal proceedings end." in delayed
    assert "exploitation.pdf" not in html(site, "reviews/thematic-exploitation/index.html")
    old = text(site, "reviews/child-k/index.html")
    assert "The full report is no longer online. To ask for a copy, contact " \
           "learning@riverside.example." in old
    assert "child-k.pdf" not in html(site, "reviews/child-k/index.html")


def test_review_pages_are_searchable_by_review_and_its_type(built):
    _, site, _ = built
    review = html(site, "reviews/child-m/index.html")
    assert '<template data-pagefind-filter="type:review">' in review
    finding = html(site, "findings/neglect/index.html")
    assert '<template data-pagefind-filter="review:Child M, 2026">' in finding
    assert ('<template data-pagefind-filter="review_type:Local child '
            'safeguarding practice review">') in finding


# ---- the register ---------------------------------------------------------------------------

def register(site: Path, path: str = "reviews/index.html") -> list[str]:
    return [h.text for h in Elements(html(site, path)).find("h2", "card-title")]


def test_the_register_lists_every_published_review_newest_first(built):
    _, site, _ = built
    assert register(site) == ["Child M: a local child safeguarding practice review",
                              "A thematic review of children at risk of exploitation",
                              "Child K: a serious case review"]
    assert "3 actions: 1 overdue, 1 in progress, 1 done" in text(site, "reviews/index.html")
    scripts = re.findall(r"<script[^>]*>", html(site, "reviews/index.html"))
    assert [s for s in scripts if not re.search(r"static/(highlight|quick-exit)\.js", s)] == []
    # filters without JavaScript (the highlighter only marks the words of a search that
    # opened the page; the quick exit is on every page)


@pytest.mark.parametrize("path, expected", [
    ("reviews/type/lcspr/index.html", ["Child M: a local child safeguarding practice review"]),
    ("reviews/year/2019/index.html", ["Child K: a serious case review"]),
    ("reviews/theme/curiosity/index.html",
     ["A thematic review of children at risk of exploitation"]),
    ("reviews/status/overdue/index.html",
     ["Child M: a local child safeguarding practice review"]),
])
def test_each_filter_of_the_register_is_a_page(built, path, expected):
    _, site, _ = built
    assert register(site, path) == expected
    current = [a for a in Elements(html(site, path)).find("a") if a.attrs.get("aria-current")]
    assert [a.attrs["href"] for a in current] == ["../../../" + path]


# ---- actions and improvements ---------------------------------------------------------------

def test_the_actions_page_puts_overdue_actions_first_and_counts_them_by_owner(built):
    _, site, _ = built
    page = text(site, "actions/index.html")
    assert "3 actions on the recommendations of our reviews, of which 1 is overdue." in page
    assert page.index("Overdue (1)") < page.index("In progress (1)") < page.index("Done (1)")
    assert "Partnership business manager 1 in progress (overdue)" not in page
    assert "Partnership business manager 1 overdue" in page
    assert "Head of health visiting 1 done" in page


def test_every_action_is_in_a_csv(built):
    _, site, _ = built
    rows = list(csv.reader(io.StringIO((site / "actions/actions.csv").read_text())))
    assert rows[0] == ["review", "recommendation", "action", "owner", "due", "status", "overdue",
                       "evidence", "impact", "updated"]
    assert rows[1][:7] == ["child-m", "chronology", "Add a chronology template to the health "
                           "visiting record.", "Head of health visiting", "2026-09-30", "done",
                           "no"]
    assert rows[3][:7] == ["child-m", "escalation", "Rewrite the escalation policy with "
                           "practitioners.", "Partnership business manager", "2026-10-01",
                           "in-progress", "yes"]
    assert len(rows) == 4


def test_the_action_tracker_is_a_tagged_landscape_pdf_with_table_headers(built):
    _, site, _ = built
    reader = PdfReader(site / "actions/action-tracker.pdf")
    assert 1 <= len(reader.pages) <= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)   # A4 landscape
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and catalog["/Lang"] == "en-GB"
    kinds = [str(e["/S"]) for e in struct_elements(catalog["/StructTreeRoot"])]
    assert kinds.count("/Table") >= 4 and "/TH" in kinds and "/Caption" in kinds
    words = " ".join(page.extract_text() for page in reader.pages)
    assert "Actions and improvements" in words and "In progress (overdue)" in words
    assert "Download all actions" not in words          # screen-only, not on paper


def test_an_overdue_action_is_a_warning_and_a_done_one_without_evidence_too(built, tmp_path):
    _, _, result = built
    assert ("content/reviews/child-m.yaml:45:11: warning: an action on recommendation "
            "'escalation' of review 'child-m' was due on 2026-10-01 and is in progress") \
        in result.stderr
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "reviews", root)
    path = root / "content/reviews/child-m.yaml"
    path.write_text(path.read_text().replace(
        "          evidence: The template went live on 1 September 2026.\n", ""))
    result = briefings("check", "--project", str(root))
    assert result.returncode == 0
    assert ("content/reviews/child-m.yaml:27:11: warning: an action on recommendation "
            "'chronology' of review 'child-m' is done but gives no evidence") in result.stderr


# ---- the embargo --------------------------------------------------------------------------

EMBARGOED = ["Child R", "child-r", "asking-for-help", "Hearing a teenager",
             "request for help on the day"]


def test_an_embargoed_review_is_nowhere_in_a_normal_build(built):
    root, site, result = built
    assert ("content/reviews/child-r.yaml:2:1: warning: review 'child-r' is embargoed until "
            "2027-03-01: a build leaves it out, with the 2 records that come only from it") \
        in result.stderr
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.parts[len(site.parts)] == "assets":
            continue                              # the project's own files, as they are
        if path.suffix == ".pdf":
            data = "".join(page.extract_text() for page in PdfReader(path).pages).encode()
        elif path.name.endswith(("pf_fragment", "pf_meta", "pf_filter", "pf_index")):
            data = gzip.decompress(data)          # the search index, as Pagefind reads it
        text_ = data.decode("utf-8", errors="replace")
        for words in EMBARGOED:
            assert words not in text_, f"{words!r} in {path.relative_to(site)}"
    locs = [u.findtext(f"{SITEMAP}loc") for u in ET.parse(site / "sitemap.xml").getroot()]
    assert not any("child-r" in loc for loc in locs)
    assert not (site / "reviews/child-r").exists()
    assert not (site / "findings/asking-for-help").exists()


def test_a_preview_build_shows_the_embargoed_review_marked_and_leaves_the_site_alone(built):
    root, site, _ = built
    before = (site / "index.html").read_bytes()
    result = briefings("build", "--project", str(root), "--preview", "--no-pdf")
    assert result.returncode == 0, result.stderr
    preview = root / "preview"
    page = html(preview, "reviews/child-r/index.html")
    assert "Preview, not for publishing" in page_text(preview / "reviews/child-r/index.html")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "Preview, not for publishing" in html(preview, "index.html")
    assert (preview / "findings/asking-for-help/index.html").is_file()
    assert not (preview / "sitemap.xml").exists() and not (preview / "feed.xml").exists()
    assert (site / "index.html").read_bytes() == before
    assert "Preview" not in html(site, "index.html")


def test_the_feed_announces_reviews_but_not_embargoed_ones(built):
    _, site, _ = built
    titles = [e.findtext(f"{ATOM}title")
              for e in ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")]
    assert "Child M: a local child safeguarding practice review" in titles
    assert not any("Child R" in t for t in titles)


# ---- mistakes in a review ---------------------------------------------------------------------

def broken(tmp_path: Path, old: str, new: str, file: str = "content/reviews/child-m.yaml"):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "reviews", root)
    path = root / file
    assert old in path.read_text(), old
    path.write_text(path.read_text().replace(old, new, 1))
    result = briefings("check", "--project", str(root))
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize("old, new, expected", [
    ("          owner: Head of health visiting\n", "",
     "content/reviews/child-m.yaml:27:11: action is missing required field 'owner'"),
    ("          due: 2026-09-30\n", "",
     "content/reviews/child-m.yaml:27:11: action is missing required field 'due'"),
    ("status: done", "status: finished",
     "content/reviews/child-m.yaml:30:19: status 'finished' is not one of: planned, "
     "not-started, in-progress, done, superseded"),
    ("  - id: escalation", "  - id: chronology",
     "content/reviews/child-m.yaml:39:9: recommendation 'chronology' appears twice in review "
     "'child-m'"),
    ("type: lcspr", "type: lcpsr",
     "content/reviews/child-m.yaml:4:7: type 'lcpsr' is not one of"),
    ("    transcript: https://learning.riverside.example/podcasts/child-m-transcript.html\n", "",
     "content/reviews/child-m.yaml:15:5: the podcast 'Child M: the review in twenty minutes' "
     "has no transcript"),
    ("id: child-m", "id: type",
     "content/reviews/child-m.yaml:2:5: review id 'type' is the name of a page of the "
     "register of reviews"),
])
def test_a_mistake_in_a_review_is_an_error_at_its_line(tmp_path, old, new, expected):
    result = broken(tmp_path, old, new)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    if not old.startswith("id:"):          # (a new id leaves the records naming the old one)
        assert "1 error;" in result.stderr   # the one mistake, not what it makes fail


@pytest.mark.parametrize("field", ["embargo_until", "online_until"])
def test_a_lifecycle_date_that_is_not_a_date_is_an_error(tmp_path, field):
    result = broken(tmp_path, "period: March 2023 to August 2025",
                    f"period: March 2023 to August 2025\n{field}: next spring")
    assert result.returncode == 1
    assert (f"content/reviews/child-m.yaml:10:{len(field) + 3}: {field} should be a date "
            "written YYYY-MM-DD, not text 'next spring'") in result.stderr


def test_a_record_naming_an_unknown_review_is_an_error(tmp_path):
    result = broken(tmp_path, "reviews: [child-m]", "reviews: [child-mm]",
                    "content/findings/neglect.yaml")
    assert result.returncode == 1
    assert ("content/findings/neglect.yaml:5:11: unknown review 'child-mm' (did you mean "
            "'child-m'?)") in result.stderr


def test_a_published_record_may_not_cite_an_embargoed_review(tmp_path):
    result = broken(tmp_path, "our own review of\n  Child M [@child-m].",
                    "our own review of\n  Child R [@child-r].", "content/findings/neglect.yaml")
    assert result.returncode == 1
    assert ("content/findings/neglect.yaml:8:11: cites review 'child-r', which is embargoed "
            "until 2027-03-01") in result.stderr


# ---- in a browser -----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("path", ["reviews/child-m/index.html", "reviews/index.html",
                                  "reviews/status/overdue/index.html", "actions/index.html"])
def test_the_review_pages_have_no_wcag_22_aa_violations_or_policy_violations(built, path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from .sites import CHROMIUM, CHROMIUM_ARGS, serve
    _, site, _ = built
    wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            violations: list[str] = []
            page.on("console", lambda m: violations.append(m.text)
                    if "Content Security Policy" in m.text else None)
            page.goto(base + path)
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": wcag},
                                               "resultTypes": ["violations"]})
            assert results.violations_count == 0, results.generate_report()
            assert violations == [], violations
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.close()
        browser.close()


def test_status_is_said_in_words_not_colour_alone(built):
    _, site, _ = built
    statuses = [s.text for s in Elements(html(site, "actions/index.html")).find("span")
                if "status" in s.classes]
    assert statuses == ["In progress (overdue)", "In progress", "Done"]
    assert re.search(r"\.status-overdue \{[^}]*border", (site / "static/site.css").read_text())


@pytest.mark.browser
def test_search_filters_by_the_review_a_page_comes_from(built):
    from playwright.sync_api import expect, sync_playwright

    from .sites import CHROMIUM, CHROMIUM_ARGS, serve
    _, site, _ = built
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "search/index.html?q=neglect")
        expect(page.locator("#search-status")).to_contain_text("result")
        everything = page.locator("#search-results > li").count()
        page.locator("summary", has_text=re.compile("^Review$")).click()
        page.get_by_role("checkbox", name="Child K, 2019").check()
        expect(page.locator("#search-status")).to_contain_text("with the filters you chose")
        links = page.locator("#search-results > li a").all_inner_texts()
        assert links and all("Child K" in t for t in links), links
        assert everything > 1
        browser.close()


def test_identifying_detail_in_a_recommendation_or_an_action_is_flagged(tmp_path):
    result = broken(tmp_path, "owner: Partnership business manager", "owner: Karen Whitfield")
    assert result.returncode == 1
    assert "content/reviews/child-m.yaml:46:18: 'Karen Whitfield' looks like a full name" \
        in result.stderr, result.stderr


@pytest.mark.parametrize("link, says", [
    ("assets/child-m-full.pdf", "file 'assets/child-m-full.pdf' not found"),
    ("content/findings/neglect.yaml", "file 'content/findings/neglect.yaml' is not in the "
                                      "project's assets/ folder"),
])
def test_a_report_in_the_project_must_be_one_of_its_assets(tmp_path, link, says):
    result = broken(tmp_path, "link: assets/child-m-report.pdf", f"link: {link}")
    assert result.returncode == 1
    assert f"content/reviews/child-m.yaml:13:7: {says}" in result.stderr, result.stderr
