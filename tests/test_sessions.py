"""Training sessions as a trainer meets them: a page per session linking its pack, and the
pack itself: a slide deck that works from the keyboard and with a screen reader (and prints
as a 16:9 PDF, one slide per page), a participant handout, a facilitator guide, question
cards and an evaluation form, each a tagged PDF. A session written wrongly is named with its
file, line and column.

Everything here reads the minimal fixture project's shared build (`minimal_built`), which
holds one small session (content/sessions/neglect-health.yaml).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from . import pdfua
from .conftest import briefings
from .sites import serve
from .test_browser import WCAG, browser  # noqa: F401  (the browser tests' Chromium)

pytestmark = [pytest.mark.pdf]  # reads the shared build: either worker may run it

SESSION = "sessions/neglect-health"
PARTS = ("slides", "handout", "guide", "cards", "evaluation")


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", " ", text)


def part_pdf(site: Path, part: str) -> Path:
    return site / SESSION / part / f"neglect-health-{part}.pdf"


def slide_count(site: Path) -> int:
    return len(re.findall(r'<section class="slide[ "]', (site / SESSION / "slides/index.html")
                          .read_text()))


@pytest.fixture(scope="module")
def site_url(minimal_built):
    with serve(minimal_built[1]) as base:
        yield base


@pytest.fixture
def deck(browser, site_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + SESSION + "/slides/index.html")
    yield page
    context.close()


# ---- the session page and the index ----------------------------------------------------------

def test_the_session_page_links_every_part_of_its_pack_and_its_pdf(minimal_built):
    _, site, _ = minimal_built
    page = (site / SESSION / "index.html").read_text()
    for part in PARTS:
        assert f'href="../../{SESSION}/{part}/index.html"' in page, part
        assert f'href="../../{SESSION}/{part}/neglect-health-{part}.pdf" download' in page, part
        assert part_pdf(site, part).is_file(), part
    for title in ("Slides", "Participant handout", "Facilitator guide", "Question cards",
                  "Evaluation form"):
        assert f">{title}</a>" in page
    assert "45 minutes" in page and "health visitors, school nurses" in page
    index = (site / "sessions/index.html").read_text()
    assert f'href="../{SESSION}/index.html">Seeing neglect over time</a>' in index
    home = (site / "index.html").read_text()
    assert '<a href="sessions/index.html">Training sessions</a>' in home  # in the navigation


def test_only_the_session_page_goes_into_the_search_index(minimal_built):
    """Pagefind indexes the pages that mark their body; the pack's pages mark none."""
    _, site, _ = minimal_built
    page = (site / SESSION / "index.html").read_text()
    assert "data-pagefind-body" in page
    assert 'data-pagefind-filter="type:training session"' in page
    for part in PARTS:
        assert "data-pagefind-body" not in (site / SESSION / part / "index.html").read_text()


# ---- the slide deck --------------------------------------------------------------------------

def test_the_deck_pdf_has_one_16_9_page_per_slide(minimal_built):
    _, site, _ = minimal_built
    reader = PdfReader(part_pdf(site, "slides"))
    assert len(reader.pages) == slide_count(site) == 9
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width / height - 16 / 9) < 0.01, (width, height)
    text = pdf_text(part_pdf(site, "slides"))
    assert "The baby seen many times: step 2" in text
    assert "Presenter notes" not in text and "The earlier missed appointments" not in text
    assert pdfua.problems(part_pdf(site, "slides")) == []


def test_the_deck_moves_with_the_keyboard_and_announces_each_slide(deck, minimal_built):
    slides, status = deck.locator("section.slide"), deck.locator(".deck").get_by_role("status")
    assert slides.count() == slide_count(minimal_built[1])
    expect(status).to_have_text("Slide 1 of 9: Seeing neglect over time")
    expect(slides.nth(0)).to_be_visible()
    expect(slides.nth(1)).to_be_hidden()
    deck.keyboard.press("ArrowRight")
    expect(status).to_have_text("Slide 2 of 9: Learning outcomes")
    expect(slides.nth(0)).to_be_hidden()
    expect(slides.nth(1)).to_be_visible()
    deck.keyboard.press("PageDown")
    expect(status).to_have_text("Slide 3 of 9: Recognising neglect")
    deck.keyboard.press("End")
    expect(status).to_have_text("Slide 9 of 9: Sources")
    deck.keyboard.press("ArrowRight")                       # no further than the last
    expect(status).to_have_text("Slide 9 of 9: Sources")
    deck.keyboard.press("PageUp")
    expect(status).to_have_text("Slide 8 of 9: Before you go")
    deck.keyboard.press("Home")
    expect(status).to_have_text("Slide 1 of 9: Seeing neglect over time")
    deck.get_by_role("button", name="Next slide").click()
    expect(status).to_have_text("Slide 2 of 9: Learning outcomes")
    assert deck.url.endswith("#slide-2")                    # a reload opens the same slide
    deck.reload()
    expect(status).to_have_text("Slide 2 of 9: Learning outcomes")
    deck.get_by_role("button", name="Previous slide").click()
    expect(status).to_have_text("Slide 1 of 9: Seeing neglect over time")
    deck.goto(deck.url.split("#")[0] + "#ref-smith-2020")   # a link into a slide opens it
    expect(status).to_have_text("Slide 9 of 9: Sources")
    expect(slides.nth(8)).to_be_visible()


def test_presenter_notes_are_hidden_until_presenter_mode(deck):
    deck.keyboard.press("End")
    deck.keyboard.press("ArrowLeft")
    deck.keyboard.press("ArrowLeft")
    deck.keyboard.press("ArrowLeft")
    deck.keyboard.press("ArrowLeft")                        # slide 5: the exercise's step 1
    current = deck.locator("section.slide:visible")
    expect(current.get_by_role("heading")).to_have_text("The baby seen many times: step 1")
    notes = current.get_by_text("The earlier missed appointments.")
    expect(notes).to_be_hidden()
    button = deck.get_by_role("button", name="Presenter notes")
    expect(button).to_have_attribute("aria-pressed", "false")
    deck.keyboard.press("n")
    expect(notes).to_be_visible()
    expect(button).to_have_attribute("aria-pressed", "true")
    results = Axe().run(deck, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "resultTypes": ["violations"]})
    assert results.violations_count == 0, results.generate_report()
    button.click()
    expect(notes).to_be_hidden()


def test_without_javascript_the_deck_is_a_page_of_slides(browser, site_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + SESSION + "/slides/index.html")
    slides = page.locator("section.slide")
    for i in range(slides.count()):
        expect(slides.nth(i)).to_be_visible()
        expect(slides.nth(i).get_by_role("heading").first).to_be_visible()
    expect(page.get_by_role("button", name="Next slide")).to_be_hidden()
    expect(page.get_by_text("The earlier missed appointments.")).to_be_hidden()  # folded away
    slides.nth(4).get_by_text("Presenter notes", exact=True).click()   # unfolded by hand
    expect(page.get_by_text("The earlier missed appointments.")).to_be_visible()
    context.close()


# ---- the printed parts -------------------------------------------------------------------------

@pytest.mark.parametrize("part, words", [
    ("handout", ["PARTICIPANT HANDOUT", "Describe how neglect builds up over time.",
                 "Look at the whole history, not only the latest incident.",
                 "Reflect: What does the chronology show?", "Your notes"]),
    ("guide", ["FACILITATOR GUIDE", "Timings", "Agree how the group will talk about families.",
               "Exercise 1: The baby seen many times (20 minutes)", "Step 2",
               "Listen for, and prompt if need be", "The earlier missed appointments.",
               "Nobody put the visits together.", "Case studies in full",
               "A baby whose needs went unmet", "Remind the group that the case is pseudonymised."]),
    ("cards", ["Question cards: Seeing neglect over time", "What is a day like for this child?",
               "Who holds the whole picture?", "What would a chronology show?"]),
    ("evaluation", ["Strongly disagree", "Strongly agree",
                    "Use a chronology to see the whole history.",
                    "What will you do differently in your work with children and families?"]),
])
def test_each_printed_part_of_the_pack_has_its_text_and_is_tagged(minimal_built, part, words):
    path = part_pdf(minimal_built[1], part)
    text = pdf_text(path)
    for w in words:
        assert w in text, (part, w)
    assert pdfua.problems(path) == []
    assert PdfReader(path).metadata.title.startswith("Seeing neglect over time: ")
    # the handout and guide list the works they cite; a sheet of cards or a form lists none
    assert ("Sources" in text) == (part in ("handout", "guide")), part


# ---- bad input ----------------------------------------------------------------------------------

def test_a_session_written_wrongly_is_named_with_file_line_and_column(project):
    root = project()
    sessions = root / "content/sessions"
    (sessions / "bad-length.yaml").write_text((sessions / "neglect-health.yaml").read_text()
                                              .replace("id: neglect-health", "id: bad-length")
                                              .replace("minutes: 45", "minutes: ninety"))
    (sessions / "bad.yaml").write_text("""\
id: bad
title: A bad session
summary: Wrong in two ways.
audience: {sectors: [health], roles: [nurses]}
minutes: 90
outcomes: [Something.]
plan: [{activity: All of it, minutes: 90}]
cases: [baby-z]
exercises:
  - title: Nothing to reveal
    minutes: 10
    steps: []
""")
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1, result.stdout
    err = result.stderr
    assert ("content/sessions/bad-length.yaml:9:10: minutes should be a whole number, "
            "not text 'ninety'") in err
    assert "content/sessions/bad.yaml:8:9: unknown case study 'baby-z'" in err
    assert "content/sessions/bad.yaml:12:12: exercise 'Nothing to reveal' has no steps" in err
    assert "Traceback" not in err
