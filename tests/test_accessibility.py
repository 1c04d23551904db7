"""WCAG 2.2 AA checks no automated validator makes, in a real Chromium against the built
partnership site served on 127.0.0.1: reflow at 320 px and at 400% zoom on every page type
(1.4.10; every page of the default site in `make validate`), a visible focus ring that nothing covers on every focusable element of every page
type (2.4.7, 2.4.11), text spacing overridden without clipping (1.4.12), the quick-exit
button, and no cookies or storage."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

# The same fixtures as the other browser tests: the partnership site, served, and Chromium.
from .test_browser import PAGE_TYPES, browser, site, site_url  # noqa: F401

pytestmark = [pytest.mark.browser]

EXIT = "https://www.bbc.co.uk/weather"      # the default quick exit: answered here, offline


def new_page(browser, width: int, height: int = 900, **options) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    context.route(EXIT + "**", lambda route: route.fulfill(
        body="<!doctype html><title>Weather</title><h1>Weather</h1>", content_type="text/html"))
    return context.new_page()


# ---- reflow: 320 px wide, and 1280 px at 400% zoom ------------------------------------------

def too_wide(browser, base: str, paths: list[str]) -> list[str]:
    """The pages that scroll sideways at 320 px wide, or at 400% zoom of a 1280 x 1024
    window (a viewport of 320 x 256 CSS pixels)."""
    wide = []
    for width, height in ((320, 640), (320, 256)):
        page = new_page(browser, width, height)
        for path in paths:
            page.goto(base + path)
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 0:
                wide.append(f"{path} at {width}x{height}: {overflow}px too wide")
        page.context.close()
    return wide


def test_no_page_type_scrolls_sideways_at_320px_or_at_400_percent_zoom(browser, site_url):
    """Every page type here; every page of the default site in `make validate`."""
    assert too_wide(browser, site_url, list(PAGE_TYPES.values())) == []


# ---- focus: visible, and not hidden under anything ------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    what: e.outerHTML.slice(0, 120),
    ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none",
    seen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
    covered: !!top && !(e === top || e.contains(top) || top.contains(e)),
  };
}"""


@pytest.mark.parametrize("name", [n for n in PAGE_TYPES if n != "search results"])
def test_every_focusable_element_shows_a_focus_ring_nothing_covers(browser, site_url, name):
    page = new_page(browser, 1280, 700)
    page.goto(site_url + PAGE_TYPES[name])
    count = page.evaluate("""document.querySelectorAll(`a[href], button, input, select,
        textarea, summary, [tabindex]:not([tabindex="-1"])`).length""")
    faults, seen = [], 0
    for _ in range(count):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        seen += 1
        if not (focused["ring"] and focused["seen"]) or focused["covered"]:
            faults.append(focused)
    page.context.close()
    assert seen >= 10 and faults == [], faults[:5]


# ---- text spacing (1.4.12): a reader's own stylesheet -----------------------------------------

SPACING = """* { line-height: 1.5 !important; letter-spacing: .12em !important;
                 word-spacing: .16em !important; }
             p, li, dd { margin-bottom: 2em !important; }"""
CLIPPED = """() => [...document.querySelectorAll("body *")].filter(e => {
  if (e.closest(".visually-hidden, .skip-link, svg")) return false;
  const s = getComputedStyle(e);
  const hides = v => v === "hidden" || v === "clip";
  if (!e.textContent.trim() || !(hides(s.overflowX) || hides(s.overflowY))) return false;
  return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
}).map(e => e.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("width", [1280, 390])
def test_text_spacing_overridden_by_the_reader_clips_no_text(browser, site_url, width):
    page = new_page(browser, width, bypass_csp=True)       # the reader's stylesheet
    faults = []
    for name, path in PAGE_TYPES.items():
        page.goto(site_url + path)
        page.add_style_tag(content=SPACING)
        faults += [f"{name}: {e}" for e in page.evaluate(CLIPPED)]
        overflow = page.evaluate("document.documentElement.scrollWidth") - width
        if overflow > 0:
            faults.append(f"{name}: scrolls sideways by {overflow}px")
    page.context.close()
    assert faults == []


# ---- quick exit --------------------------------------------------------------------------------

def test_the_quick_exit_comes_first_after_the_skip_link_and_leaves_the_page(browser, site_url):
    page = new_page(browser, 390)
    page.goto("about:blank")
    page.goto(site_url + "findings/curiosity/index.html")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    page.keyboard.press("Tab")
    exit_link = page.get_by_role("link", name="Exit this page")
    expect(exit_link).to_be_focused()
    expect(exit_link).to_have_accessible_description("or press Shift three times")
    page.mouse.wheel(0, 2500)                         # still on screen, far down the page
    page.wait_for_timeout(200)
    box = exit_link.bounding_box()
    assert box and 0 <= box["y"] < 100
    exit_link.click()
    expect(page.locator("h1")).to_have_text("Weather")
    page.go_back()                                    # the page it left is not in the history
    assert page.url == "about:blank"
    page.context.close()


def test_pressing_shift_three_times_leaves_the_page(browser, site_url):
    page = new_page(browser, 1280)
    page.goto(site_url + "cases/baby-a/index.html")
    page.keyboard.press("Shift")
    expect(page.locator(".quick-exit-status")).to_have_text("Shift, press 2 more times to exit.")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page.locator("h1")).to_have_text("Weather")
    page.context.close()


def test_typing_with_shift_in_the_search_box_does_not_leave(browser, site_url):
    page = new_page(browser, 1280)
    page.goto(site_url + "index.html")
    page.locator("#site-search-q").press_sequentially("CSE")   # Shift+C, Shift+S, Shift+E
    page.wait_for_timeout(300)
    assert page.url.startswith(site_url)
    page.context.close()


def test_the_site_sets_no_cookie_and_stores_nothing_in_the_browser(browser, site_url):
    page = new_page(browser, 1280)
    for path in ("index.html", "findings/curiosity/index.html", "search/index.html?q=neglect"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    stored = page.evaluate("""async () => ({
        cookie: document.cookie, local: localStorage.length, session: sessionStorage.length,
        databases: (await indexedDB.databases()).length,
        caches: (await caches.keys()).length })""")
    assert stored == {"cookie": "", "local": 0, "session": 0, "databases": 0, "caches": 0}
    assert page.context.cookies() == []
    page.context.close()


def test_the_quick_exit_is_set_in_briefings_yaml(project):
    from .conftest import briefings
    root = project()
    settings = root / "briefings.yaml"
    settings.write_text(settings.read_text() + "quick_exit:\n  label: Leave this site now\n"
                        "  url: https://www.example.org/\n  shift_three_times: false\n")
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    html = (root / "site/index.html").read_text()
    assert '<a href="https://www.example.org/" rel="nofollow noreferrer">Leave this site now</a>' \
        in html
    assert 'data-shift="false"' in html and "Shift three times" not in html
    settings.write_text(settings.read_text() + "  enabled: false\n")
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    assert "quick-exit" not in (root / "site/index.html").read_text()
    settings.write_text(settings.read_text().replace("https://www.example.org/", "weather"))
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1 and "briefings.yaml:" in result.stderr, result.stderr
