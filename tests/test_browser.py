"""The built website in a real browser: Debian's Chromium, driven by Playwright, with the site
served over http://127.0.0.1. Search, filters, keyboard use, phone layout, axe-core's
WCAG 2.2 A and AA rules on every page type, and the Content-Security-Policy: every page
type (and the site opened from disk) works under it without one violation.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

from briefings.render.pages import CONTENT_SECURITY_POLICY

from .sites import CHROMIUM, CHROMIUM_ARGS, serve

pytestmark = [pytest.mark.browser]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGE_TYPES = {
    "home": "index.html",
    "sectors": "sectors/index.html",
    "sector": "sectors/police/index.html",
    "briefing": "briefings/education-early-help/index.html",
    "themes": "themes/index.html",
    "theme": "themes/curiosity/index.html",
    "findings": "findings/index.html",
    "finding": "findings/curiosity/index.html",
    "handout": "themes/curiosity/education-early-help/index.html",
    "learning points": "learning-points/index.html",
    "learning point": "learning-points/curiosity-check-explanations/index.html",
    "case studies": "cases/index.html",
    "case study": "cases/baby-a/index.html",
    "key data": "data/index.html",
    "data table": "data/deaths/index.html",
    "glossary": "glossary/index.html",
    "references": "references/index.html",
    "accessibility statement": "accessibility/index.html",
    "evidence of use": "evidence/index.html",
    "search results": "search/index.html?q=neglect",
    "404": "404.html",
    "training session": "sessions/neglect-health/index.html",
    "session slides": "sessions/neglect-health/slides/index.html",
}


@pytest.fixture(scope="session")
def site(partnership_site):
    return partnership_site


@pytest.fixture(scope="module")
def site_url(site):
    with serve(site, under="reviews") as base:      # where its base_url puts it
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Page:
    """A desktop page; what its console said is printed, which pytest shows if the test
    fails (a search that did not load says why there)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    said: list[str] = []
    page.on("console", lambda m: said.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: said.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: said.append(f"request failed: {r.url} {r.failure}"))
    yield page
    print("\n".join(said))
    context.close()


def search_results(page: Page):
    return page.locator("#search-results > li")


def wait_for_results(page: Page) -> None:
    expect(page.locator("#search-status")).to_contain_text("result")


def test_a_search_from_the_header_finds_the_expected_finding(page, site_url):
    page.goto(site_url + "index.html")
    page.get_by_role("searchbox", name="Search the briefings").fill("explanations")
    page.get_by_role("button", name="Search", exact=True).first.click()
    expect(page).to_have_url(site_url + "search/index.html?q=explanations")
    wait_for_results(page)
    finding = page.locator(".search-result-title").get_by_role(
        "link", name="Professional curiosity", exact=True)
    expect(finding).to_be_visible()
    assert urlsplit(finding.get_attribute("href")).path == "/reviews/findings/curiosity/"
    expect(search_results(page).first.locator(".search-result-excerpt mark").first) \
        .to_have_text("explanations")


def test_the_sector_filter_narrows_results_to_that_sector(page, site_url):
    page.goto(site_url + "search/index.html?q=health")
    wait_for_results(page)
    everything = search_results(page).count()
    metas = search_results(page).locator(".search-result-meta").all_inner_texts()
    assert any("Police" not in m for m in metas)
    page.locator("summary", has_text="Sector").click()
    page.get_by_role("checkbox", name="Police").check()
    expect(page.locator("#search-status")).to_contain_text("with the filters you chose")
    narrowed = search_results(page).locator(".search-result-meta").all_inner_texts()
    assert 0 < len(narrowed) < everything
    assert all("Police" in m for m in narrowed), narrowed
    assert "sector=police" in page.url                # the filtered search is a shareable link


def test_each_learning_point_is_found_on_its_own(page, site_url):
    page.goto(site_url + "search/index.html?q=appointment")
    wait_for_results(page)
    first = search_results(page).first
    expect(first.get_by_role("link")).to_have_text("Follow up every missed health appointment.")
    expect(first.locator(".search-result-meta")).to_have_text("Learning point · Health")
    page.locator("summary", has_text="Type").click()
    page.get_by_role("checkbox", name="learning point").check()
    expect(page.locator("#search-status")).to_have_text(
        "1 result for “appointment” with the filters you chose.")


# Every change of the search status line (the polite live region) as a screen reader hears it.
HEAR_STATUS = """
window.__heard = [];
new MutationObserver(function (records) {
  records.forEach(function (r) {
    var node = r.target.nodeType === 3 ? r.target.parentNode : r.target;
    if (node && node.id === "search-status") window.__heard.push(node.textContent);
  });
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def test_a_filtered_search_is_a_link_with_its_filters_as_slugs(page, site_url):
    page.goto(site_url + "search/?q=appointment&sector=health&type=learning-point")
    expect(page.locator("#search-status")).to_have_text(
        "1 result for “appointment” with the filters you chose.")
    expect(page.get_by_role("checkbox", name="Health")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Learning point")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Police")).not_to_be_checked()
    page.get_by_role("checkbox", name="Learning point").uncheck()
    expect(page).to_have_url(site_url + "search/?q=appointment&sector=health")
    page.get_by_role("searchbox", name="Search findings").fill("missed appointment")
    page.get_by_role("searchbox", name="Search findings").press("Enter")
    expect(page).to_have_url(site_url + "search/?q=missed+appointment&sector=health")
    page.get_by_role("checkbox", name="Learning point").check()
    expect(page).to_have_url(
        site_url + "search/?q=missed+appointment&type=learning-point&sector=health")
    # a filter written as it reads on the page still works; one no page has is left out,
    # and said to be; a parameter that is not a filter is ignored
    page.goto(site_url + "search/?q=appointment&type=Learning+point&theme=nonsense&colour=blue")
    expect(page.locator("#search-status")).to_have_text(
        "1 result for “appointment” with the filters you chose. No page is filed under Theme "
        "“nonsense”, which the link asked for, so that filter is not used.")
    expect(search_results(page)).to_have_count(1)


def test_the_number_of_results_is_announced_once_per_search(browser, site_url):
    context = browser.new_context()
    context.add_init_script(HEAR_STATUS)
    page = context.new_page()
    page.goto(site_url + "search/index.html?q=neglect")
    status = page.get_by_role("main").get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("7 results for “neglect”.")
    page.locator("summary", has_text="Sector").click()
    page.get_by_role("checkbox", name="Education and early help").check()
    expect(status).to_have_text("No results for “neglect” with the filters you chose.")
    page.get_by_role("checkbox", name="Education and early help").uncheck()
    expect(status).to_have_text("7 results for “neglect”.")
    assert page.evaluate("window.__heard") == [
        "7 results for “neglect”.",
        "No results for “neglect” with the filters you chose.",
        "7 results for “neglect”.",
    ]
    context.close()


def test_search_excerpts_read_each_label_apart_from_its_value(page, site_url):
    page.goto(site_url + "search/?q=neglect&type=seven-minute-briefing")
    excerpt = search_results(page).first.locator(".search-result-excerpt")
    expect(excerpt).to_contain_text(
        "For: Health, Police. Themes: Neglect. Reading time: about 1 minute aloud. "
        "Published: 1 November 2026.")
    assert "ForHealth" not in excerpt.inner_text()


def test_a_result_opens_its_page_with_the_words_searched_for_highlighted(watched, site_url):
    watched.goto(site_url + "search/?q=missed+appointment")
    wait_for_results(watched)
    watched.get_by_role("link", name="Follow up every missed health appointment.").click()
    expect(watched).to_have_url(site_url + "learning-points/neglect-health-only/"
                                "?highlight=missed&highlight=appointment")
    marks = watched.locator("main mark.pagefind-highlight")
    expect(marks).to_have_text(["missed", "appointment"])
    assert marks.first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 242, 168)"
    looks_right(watched, "a page opened from a search result")   # no inline style added
    fetched: list[str] = []
    watched.on("request", lambda r: fetched.append(r.url))
    watched.goto(site_url + "learning-points/neglect-health-only/")   # not from a result
    watched.wait_for_load_state("networkidle")
    expect(watched.locator("mark")).to_have_count(0)
    assert not any("pagefind" in u for u in fetched), fetched


def test_keyboard_alone_reaches_search_and_the_results(page, site_url):
    page.goto(site_url + "index.html")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_be_in_viewport()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"                             # focus is visible
    page.keyboard.type("chronology")
    page.keyboard.press("Enter")
    wait_for_results(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#search-results')"):
            break
    focused = page.locator(":focus")
    expect(focused).to_have_text(search_results(page).first.get_by_role("link").inner_text())
    target = focused.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(urlsplit(site_url)._replace(path=target).geturl())
    expect(page.locator("main")).to_contain_text("chronology")


def test_the_skip_link_moves_focus_to_the_main_content(page, site_url):
    page.goto(site_url + "findings/curiosity/index.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_has_no_wcag_22_aa_violations_and_works_under_its_policy(
        browser, site_url, name):
    """One visit per width: axe's WCAG 2.2 AA rules, no sideways scrolling, no third-party
    request, and (at full width) the page keeps its look under its Content-Security-Policy
    with no violation reported."""
    requests: list[str] = []
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        page.messages = []
        page.on("console", lambda m: page.messages.append(f"{m.type}: {m.text}"))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(site_url + PAGE_TYPES[name])
        if name == "search results":
            wait_for_results(page)                   # Pagefind: script, fetches, WebAssembly
            assert search_results(page).count() > 0
            expect(search_results(page).first.locator(".search-result-excerpt mark").first) \
                .to_contain_text("neglect", ignore_case=True)
        if width == 1280:
            looks_right(page, name)
        if name == "search results":
            for summary in page.locator("summary").all():
                summary.click()                          # open every filter group
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                           "resultTypes": ["violations"]})
        assert results.violations_count == 0, f"{name} at {width}px:\n{results.generate_report()}"
        overflow = page.evaluate("document.documentElement.scrollWidth") - width
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"
        context.close()
    assert all(r.startswith(site_url) for r in requests), "third-party request"


def test_pages_work_without_javascript_except_search(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "findings/curiosity/index.html")
    expect(page.locator("h1")).to_have_text("Professional curiosity")
    expect(page.get_by_text("Check explanations for injuries")).to_be_visible()
    page.goto(site_url + "search/index.html?q=neglect")
    expect(page.get_by_text("Search needs JavaScript")).to_be_visible()
    context.close()


def test_a_query_fetches_under_100_kb_besides_the_search_engine(page, site_url):
    """Pagefind's engine (pagefind.js and its WebAssembly, about 85 KB compressed) is fetched
    once and cached; what each query adds (index chunk, filters, result fragments) is small.
    benchmarks/site_weight.py measures both on the default site."""
    engine = ("pagefind/pagefind.js", "pagefind/wasm.", "static/search.js")
    fetched: dict[str, int] = {}

    def count(response):
        if "/pagefind/" in response.url or response.url.endswith("search.js"):
            fetched[response.url] = len(response.body())

    page.on("response", count)
    page.goto(site_url + "search/index.html?q=neglect")
    wait_for_results(page)
    page.wait_for_load_state("networkidle")
    assert any("pagefind/index/" in u for u in fetched)
    assert not any("worker" in u for u in fetched)     # one copy of the engine, not two
    query = {u: n for u, n in fetched.items() if not any(e in u for e in engine)}
    assert 0 < sum(query.values()) < 100_000, query


def test_a_first_view_of_the_home_page_on_a_phone_is_light_and_in_the_site_font(browser,
                                                                                 site_url):
    """The web font is small WOFF2 copies (the PDFs embed the whole TrueType files): a first
    view of the home page fetches under 150 KB, and text is drawn in Source Sans Pro."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    fetched: dict[str, int] = {}
    page.on("response", lambda r: fetched.__setitem__(r.url, len(r.body())) if r.ok else None)
    page.goto(site_url + "index.html")
    page.wait_for_load_state("networkidle")
    fonts = page.evaluate("async () => { await document.fonts.ready; return [...document.fonts]"
                          ".filter(f => f.status === 'loaded').map(f => f.weight); }")
    context.close()
    assert "400" in fonts
    font_files = [u for u in fetched if "/fonts/" in u]
    assert font_files and all(u.endswith(".woff2") for u in font_files), font_files
    assert all(fetched[u] < 20_000 for u in font_files), fetched
    assert sum(fetched.values()) < 150_000, fetched


# ---- the Content-Security-Policy ---------------------------------------------------------------

BRAND = "rgb(91, 42, 134)"      # the partnership fixture's primary colour, #5b2a86
# Every violation of the page's policy, as the browser reports it to the page.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
# What the page looks like and what it carries, once its fonts are in.
INSPECT = """async () => {
  await document.fonts.ready;
  const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return {
    policy: policy && policy.content,
    header: getComputedStyle(document.querySelector(".site-header")).backgroundColor,
    link: getComputedStyle(document.querySelector("main a")).color,
    fonts: [...document.fonts].filter(f => f.status === "loaded").map(f => f.family),
    logo: document.querySelector(".brand-logo").naturalWidth,
    styles: document.querySelectorAll("style, [style]").length,
    inline: [...document.scripts].filter(s => !s.src || s.text.trim()).length,
    violations: window.__violations,
  };
}"""


@pytest.fixture
def watched(browser):
    """A page that records every Content-Security-Policy violation and console message."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    page.messages = []
    page.on("console", lambda m: page.messages.append(f"{m.type}: {m.text}"))
    yield page
    context.close()


def looks_right(page: Page, where: str) -> dict:
    """The page carries the policy, keeps its look under it (brand colours, the site's
    font, the logo), has no inline style or script, and the browser reported nothing."""
    page.wait_for_load_state("networkidle")
    seen = page.evaluate(INSPECT)
    assert seen["policy"] == CONTENT_SECURITY_POLICY, where
    assert seen["header"] == BRAND and seen["link"] == BRAND, (where, seen)
    assert any("Source Sans Pro" in family for family in seen["fonts"]), (where, seen)
    assert seen["logo"] > 0, where
    assert seen["styles"] == 0 and seen["inline"] == 0, (where, seen)
    assert seen["violations"] == [], (where, seen["violations"])
    reported = [m for m in page.messages if "Content Security Policy" in m or "Refused" in m]
    assert reported == [], (where, reported)
    return seen


def test_the_404_page_works_under_its_policy_at_any_address(watched, site, site_url):
    """A host serves 404.html in place of whatever address was asked for."""
    missing = site_url + "no/such/page/"
    body = (site / "404.html").read_bytes()
    watched.route(missing, lambda route: route.fulfill(status=404, body=body,
                                                       content_type="text/html"))
    watched.goto(missing)
    expect(watched.locator("h1")).to_have_text("Page not found")
    looks_right(watched, "404 at another address")
    watched.get_by_role("link", name="Findings").last.click()
    expect(watched).to_have_url(site_url + "findings/index.html")


def test_pages_opened_from_disk_keep_their_look_under_the_policy(watched, site):
    """Everything but search works from a folder (file://): the policy lets such a page
    load its own stylesheets, font and logo."""
    for path in ("index.html", "findings/curiosity/index.html", "seven-minute/neglect/index.html"):
        watched.goto((site / path).resolve().as_uri())
        looks_right(watched, f"file:// {path}")
    watched.goto((site / "search/index.html").resolve().as_uri())
    expect(watched.locator("#search-status")).to_contain_text("not opened from a folder")


def test_on_a_phone_a_briefing_opens_on_its_summary_with_the_contents_folded(browser, site_url):
    """At 390x844 the summary's heading is on the first screen; the contents are one tap
    away (a <details>), and open to every part of the briefing."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES["briefing"])
    summary = page.locator("#summary-heading")
    expect(summary).to_have_text("Summary")
    box = summary.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    contents = page.get_by_role("link", name="Part 2: Learning for the sector")
    expect(contents).to_be_hidden()
    page.locator(".toc-details > summary").click()
    expect(contents).to_be_visible()
    contents.click()
    expect(page).to_have_url(site_url + PAGE_TYPES["briefing"] + "#part-2")
    context.close()
