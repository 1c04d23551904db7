"""Seven-minute briefings: a manager prints one page, presents it in seven minutes, and records
how the team used it.

Builds are real (WeasyPrint lays out every PDF), so the build of the minimal project is shared
with the other PDF tests, in one xdist group.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefings.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
HEADINGS = ["1 Background", "2 Why it matters", "3 What the review found",
            "4 Learning for practice", "5 Questions for reflection",
            "6 What to do / what must change", "7 Further information and resources"]

pytestmark = [pytest.mark.pdf, pytest.mark.xdist_group("pdf")]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def segment_headings(page: str) -> list[str]:
    return [text_of(h) for h in re.findall(r'<h2 class="segment-heading"[^>]*>(.*?)</h2>', page, re.S)]


def pdf_text(path: Path, page: int) -> str:
    return " ".join(PdfReader(path).pages[page].extract_text().split())


def in_order(text: str, parts: list[str]) -> bool:
    """Whether each part appears in the text after the one before it."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


@pytest.fixture
def site(minimal_built) -> Path:
    """The minimal fixture project, built once, PDFs and all."""
    return minimal_built[1]


def copy_project(name: str, tmp_path: Path) -> Path:
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project)
    return project


# ---- the web page ---------------------------------------------------------------------------

def test_the_page_shows_the_seven_segments_in_their_fixed_order(site):
    page = (site / "seven-minute/neglect/index.html").read_text()
    assert segment_headings(page) == HEADINGS


def test_the_page_shows_reading_time_sectors_themes_and_links_to_what_it_draws_on(site):
    page = text_of((site / "seven-minute/neglect/index.html").read_text())
    # the colons after the labels come from the stylesheet
    assert "Reading time about 1 minute aloud" in page
    assert "For Health, Police" in page
    assert "Themes Neglect" in page
    raw = (site / "seven-minute/neglect/index.html").read_text()
    assert 'href="../../findings/neglect/index.html"' in raw          # the finding
    assert 'href="../../references/index.html"' in raw                # full references
    assert "A national analysis of case reviews" in page               # its source, in segment 7
    assert 'href="../../seven-minute/neglect/neglect.pdf"' in raw      # the PDF


def test_learning_points_and_statistics_come_from_their_own_records(site):
    page = text_of((site / "seven-minute/neglect/index.html").read_text())
    # written once, in the finding and the key data, and shown here
    assert "Look at the whole history, not only the latest incident." in page
    assert "The analysis covered 235 reviews." in page


def test_a_learning_point_changed_in_its_finding_changes_in_the_briefing(tmp_path):
    project = copy_project("minimal", tmp_path)
    finding = project / "content/findings/neglect.yaml"
    finding.write_text(finding.read_text().replace(
        "Look at the whole history, not only the latest incident.",
        "Read the whole chronology before every visit."))
    result = run("build", "--project", str(project), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    page = text_of((tmp_path / "site/seven-minute/neglect/index.html").read_text())
    assert "Read the whole chronology before every visit." in page
    assert "not only the latest incident" not in page
    assert "Read the whole chronology before every visit." in pdf_text(
        tmp_path / "site/seven-minute/neglect/neglect.pdf", 0)


# ---- the PDF ----------------------------------------------------------------------------------

def test_every_seven_minute_pdf_is_the_sheet_then_facilitator_notes_and_record_of_use(site):
    pdfs = sorted(site.glob("seven-minute/*/*.pdf"))
    assert [p.name for p in pdfs] == ["neglect.pdf"]
    for pdf in pdfs:
        assert len(PdfReader(pdf).pages) == 2, pdf
        assert in_order(pdf_text(pdf, 0), HEADINGS)
        notes = pdf_text(pdf, 1)
        assert in_order(notes, ["Facilitator notes", "How to run the seven minutes",
                                "Questions for discussion", "What is a day like for this child?",
                                "Notes for this briefing", "Allow two minutes for discussion."])
        assert in_order(notes, ["Record of use", "Date used", "Number of people",
                                "Team or service", "Agency or sector", "Format",
                                "actions agreed", "Date to review the actions",
                                "Completed by (role, not name)"])


def test_the_pdf_is_tagged_real_text_with_title_and_language(site):
    reader = PdfReader(site / "seven-minute/neglect/neglect.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Neglect in seven minutes")
    assert "Neglect in seven minutes" in pdf_text(site / "seven-minute/neglect/neglect.pdf", 0)


def test_the_printed_sheets_two_columns_of_panels_end_level(minimal_built):
    """The last panel of each column takes the room left, so the sheet has no ragged bottom."""
    from briefings.publish.printer import layout
    root, site, _ = minimal_built
    sheet = layout(site / "seven-minute/neglect/index.html", [site, root]).pages[0]
    bottoms: dict[float, float] = {}
    for box in boxes_of_class(sheet._page_box, "segment"):
        x = round(box.position_x, 1)
        bottoms[x] = max(bottoms.get(x, 0), box.position_y + box.margin_height())
    assert len(bottoms) == 2, bottoms
    left, right = bottoms.values()
    assert abs(left - right) < 0.5, bottoms   # CSS pixels


def boxes_of_class(box, name: str):
    """Every box on a laid-out page made by an element with the class `name`."""
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) and \
            name in (element.get("class") or "").split():
        yield box
    for child in getattr(box, "children", ()):
        yield from boxes_of_class(child, name)


def test_headings_can_be_renamed_in_briefings_yaml(tmp_path):
    project = copy_project("minimal", tmp_path)
    settings = project / "briefings.yaml"
    settings.write_text(settings.read_text() + "seven_minute:\n  headings:\n"
                        "    background: The story so far\n"
                        "    what_to_do: What we will do\n")
    result = run("build", "--project", str(project), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    expected = HEADINGS[:]
    expected[0], expected[5] = "1 The story so far", "6 What we will do"
    page = (tmp_path / "site/seven-minute/neglect/index.html").read_text()
    assert segment_headings(page) == expected
    assert in_order(pdf_text(tmp_path / "site/seven-minute/neglect/neglect.pdf", 0), expected)


# ---- the checks ----------------------------------------------------------------------------

def test_a_briefing_too_long_for_its_page_fails_the_build_saying_by_how_much(tmp_path):
    out = tmp_path / "site"
    result = run("build", "--project", str(copy_project("seven_minute_overflow", tmp_path)),
                 "--out", str(out))
    assert result.exit_code == 1
    m = re.search(r"content/seven-minute/too-long\.yaml:\d+:\d+: seven-minute briefing "
                  r"'too-long' does not fit on one A4 page: it runs ([\d.]+) mm too long "
                  r"\(about (\d+) lines of text\)", result.stderr)
    assert m, result.stderr
    assert float(m.group(1)) > 100 and int(m.group(2)) > 20
    assert "nothing was written" in result.stderr
    assert not out.exists()


def test_a_briefing_that_takes_too_long_to_say_is_a_warning(tmp_path):
    out = tmp_path / "site"
    result = run("build", "--project", str(copy_project("seven_minute_long", tmp_path)),
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert re.search(r"content/seven-minute/long\.yaml:\d+:\d+: warning: seven-minute briefing "
                     r"'long' takes about 9\.\d minutes to say \(2\d\d words at 30 words a "
                     r"minute\), more than 7", result.stderr), result.stderr
    assert len(PdfReader(out / "seven-minute/long/long.pdf").pages) == 2


def test_a_short_briefing_gets_no_spoken_length_warning(project):
    result = run("check", "--project", str(project()))
    assert result.exit_code == 0, result.output
    assert "minutes to say" not in result.stderr


def test_an_unknown_segment_in_the_headings_is_an_error_with_a_suggestion(tmp_path):
    project = copy_project("minimal", tmp_path)
    settings = project / "briefings.yaml"
    lines = settings.read_text().splitlines()
    settings.write_text("\n".join(lines + ["seven_minute:", "  headings:",
                                           "    backgroud: The story so far"]) + "\n")
    result = run("check", "--project", str(project))
    assert result.exit_code == 1
    assert (f"briefings.yaml:{len(lines) + 3}:5: unknown seven-minute segment 'backgroud' in "
            "headings (did you mean 'background'?)") in result.stderr


def test_a_briefing_may_not_share_its_id_with_a_sector(tmp_path):
    project = copy_project("minimal", tmp_path)
    briefing = project / "content/seven-minute/neglect.yaml"
    briefing.write_text(briefing.read_text().replace("id: neglect", "id: health", 1))
    result = run("check", "--project", str(project))
    assert result.exit_code == 1
    assert ("content/seven-minute/neglect.yaml:1:5: seven-minute briefing id 'health' is also "
            "a sector id") in result.stderr


# ---- the indexes ---------------------------------------------------------------------------

def scripts(raw: str) -> list[str]:
    """The scripts a page loads (every page has the quick exit's)."""
    return [src.rsplit("/", 1)[-1] for src in re.findall(r'<script[^>]*src="([^"]+)"', raw)]


def test_the_index_lists_every_briefing_and_links_to_each_sector(site):
    raw = (site / "seven-minute/index.html").read_text()
    page = text_of(raw)
    assert "Neglect in seven minutes" in page
    assert 'href="../seven-minute/neglect/index.html"' in raw
    assert 'href="../seven-minute/neglect/neglect.pdf"' in raw
    assert 'href="../seven-minute/health/index.html"' in raw
    assert 'href="../seven-minute/police/index.html"' in raw
    assert scripts(raw) == ["quick-exit.js"]         # plain links: no JavaScript needed


def test_each_sector_has_its_own_index(site):
    for sector in ("health", "police"):
        raw = (site / f"seven-minute/{sector}/index.html").read_text()
        assert "Neglect in seven minutes" in text_of(raw)
        assert 'href="../../seven-minute/neglect/index.html"' in raw
        assert scripts(raw) == ["quick-exit.js"]


def test_a_sector_without_briefings_says_so(tmp_path):
    out = tmp_path / "site"
    result = run("build", "--project", str(copy_project("seven_minute_long", tmp_path)),
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "A briefing that takes too long to say" in text_of(
        (out / "seven-minute/health/index.html").read_text())
    police = text_of((out / "seven-minute/police/index.html").read_text())
    assert "There are no seven-minute briefings for Police yet." in police


# ---- in a real browser -----------------------------------------------------------------------

@pytest.mark.browser
def test_seven_minute_pages_have_no_axe_violations_on_desktop_or_phone(site):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from .sites import CHROMIUM, CHROMIUM_ARGS, serve

    found = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for url in ("seven-minute/neglect/index.html", "seven-minute/index.html",
                        "seven-minute/health/index.html"):
                page.goto(base + url)
                violations = Axe().run(page).response["violations"]
                found[(url, width)] = [v["id"] for v in violations]
            page.close()
        browser.close()
    assert all(not ids for ids in found.values()), found
