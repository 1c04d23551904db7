"""From nothing to a partnership's own site: `briefings new`, `check` that checks what a
build checks, `--strict` and `--verbose`, images written from the project folder, and a
logo of any shape."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefings.build import load
from briefings.project import Project

from .conftest import FIXTURES, REPO, briefings

pytestmark = pytest.mark.xdist_group("authoring")


# ---- briefings new ------------------------------------------------------------------------------

def test_new_makes_a_starter_project_that_builds_at_once(tmp_path):
    made = briefings("new", "riverside", "--name", "Riverside Safeguarding Children Partnership",
                     cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Made a new project in riverside" in made.stdout
    root = tmp_path / "riverside"
    for path in ("briefings.yaml", "README.md", "assets/logo.svg", ".gitignore",
                 "content/reviews/example-child-a.yaml", "content/sectors.yaml",
                 "schemas/findings.schema.json", ".vscode/settings.json"):
        assert (root / path).is_file(), path
    assert len(list((root / "content/findings").glob("*.yaml"))) == 2
    import json
    mapping = json.loads((root / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert mapping["./schemas/findings.schema.json"] == ["/content/findings/*.yaml"]
    assert "name: \"Riverside Safeguarding Children Partnership\"" in \
        (root / "briefings.yaml").read_text()
    assert "What to change first" in (root / "README.md").read_text().replace(
        "Change these first", "What to change first")
    check = briefings("check", cwd=root)
    assert check.returncode == 0, check.stderr
    assert "OK: 1 reviews, 2 findings, 4 learning points" in check.stdout
    built = briefings("build", cwd=root)
    assert built.returncode == 0, built.stderr
    review = (root / "site/reviews/example-child-a/index.html").read_text()
    assert "fictional example" in review and "Riverside Safeguarding Children Partnership" in review
    for path in ("briefings/health/health.pdf", "seven-minute/example-child-a/example-child-a.pdf",
                 "sectors/police/index.html", "findings/example-not-brought/index.html"):
        assert (root / "site" / path).is_file(), path


def test_new_refuses_a_folder_that_is_not_empty_and_force_adds_without_overwriting(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("my notes")
    (theirs / "briefings.yaml").write_text("title: Mine\npartnership: {name: Mine}\n")
    refused = briefings("new", str(theirs))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert f"error: {theirs} is not empty" in refused.stderr and "--force" in refused.stderr
    assert sorted(p.name for p in theirs.iterdir()) == ["briefings.yaml", "notes.txt"]
    forced = briefings("new", str(theirs), "--force")
    assert forced.returncode == 0, forced.stderr
    assert f"kept {theirs / 'briefings.yaml'} (already there)" in forced.stdout
    assert (theirs / "notes.txt").read_text() == "my notes"
    assert (theirs / "briefings.yaml").read_text().startswith("title: Mine")
    assert (theirs / "content/reviews/example-child-a.yaml").is_file()


def test_new_can_copy_the_national_showcase(tmp_path):
    made = briefings("new", "national", "--example", "national", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "national"
    assert not (root / "content/reviews/example-child-a.yaml").exists()
    ours = sorted(p.relative_to(REPO / "content").as_posix()
                  for p in (REPO / "content").rglob("*.yaml"))
    theirs = sorted(p.relative_to(root / "content").as_posix()
                    for p in (root / "content").rglob("*.yaml"))
    assert theirs == ours
    assert "title: Learning from serious case reviews 2017-19" in \
        (root / "briefings.yaml").read_text()
    for path in (REPO / "content").rglob("*.yaml"):     # the showcase, as it is
        assert (root / "content" / path.relative_to(REPO / "content")).read_bytes() == \
            path.read_bytes()
    corpus, _ = load(Project.at(root))                   # and it loads, with our settings
    assert len(corpus.findings) == 19 and len(corpus.learning_points) == 215


# ---- check checks what build checks -------------------------------------------------------------

def test_check_finds_a_seven_minute_sheet_too_long_for_its_page(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "seven_minute_overflow", root)
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1
    assert ("content/seven-minute/too-long.yaml:2:1: seven-minute briefing 'too-long' does not "
            "fit on one A4 page: it runs") in result.stderr
    assert not (root / "site").exists() and not (root / ".briefings-cache").exists()


def test_check_remembers_the_sheets_that_fit_until_one_changes(project):
    root = project()
    shutil.rmtree(root / ".briefings-cache")
    assert briefings("check", "--project", str(root)).returncode == 0
    assert len(list((root / ".briefings-cache/pdf").glob("*.checked"))) == 1  # one sheet
    assert not list((root / ".briefings-cache/pdf").glob("*.pdf"))            # and no PDF
    sheet = root / "content/seven-minute/neglect.yaml"
    sheet.write_text(sheet.read_text().replace(
        "Keep a chronology.", "Keep a chronology. " * 400))
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1
    assert "does not fit on one A4 page" in result.stderr


def project_with(tmp_path: Path, body: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    section = root / "content/sections/about.yaml"
    section.write_text(section.read_text() + f"\n  {body}\n")
    return root


def test_an_image_written_from_the_project_folder_works_on_the_page_and_in_the_pdf(tmp_path):
    root = project_with(tmp_path, "![A chart of reviews by year](assets/chart.svg)")
    shutil.copy(root / "assets/logo.svg", root / "assets/chart.svg")
    result = briefings("build", "--project", str(root))
    assert result.returncode == 0, result.stderr
    page = (root / "site/briefings/health/index.html").read_text()
    assert '<img src="../../assets/chart.svg" alt="A chart of reviews by year"' in page
    assert (root / "site/assets/chart.svg").is_file()
    pdf = PdfReader(root / "site/briefings/health/health.pdf")
    from .pdfs import struct_elements
    alts = [str(e.get("/Alt")) for e in struct_elements(pdf.trailer["/Root"]["/StructTreeRoot"])
            if e["/S"] == "/Figure"]
    assert "A chart of reviews by year" in alts


@pytest.mark.parametrize("image, says", [
    ("![A poster](assets/poster.png)", "image 'assets/poster.png' not found"),
    ("![A poster](poster.png)", "image 'poster.png' is not in the project's assets/ folder "
                                "(write its path from the project folder, e.g. "
                                "assets/poster.png"),
    ("![A poster](../../assets/logo.svg)", "image '../../assets/logo.svg' is not in the "
                                           "project's assets/ folder"),
])
def test_a_missing_or_misplaced_image_is_an_error_in_check_and_an_html_only_build(
        tmp_path, image, says):
    root = project_with(tmp_path, image)
    for command in (["check"], ["build", "--no-pdf"]):
        result = briefings(*command, "--project", str(root))
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr
        assert f"content/sections/about.yaml:8:3: {says}" in result.stderr, result.stderr


# ---- --strict, --verbose, and a log that shows progress --------------------------------------------

def test_strict_makes_a_warning_an_error(project):
    root = project()
    (root / "content/briefings/health.yaml").write_text(
        (root / "content/briefings/health.yaml").read_text().replace(
            "review_due: 2027-11-01", "review_due: 2026-11-10"))
    relaxed = briefings("check", "--project", str(root))
    assert relaxed.returncode == 0
    assert "warning: 'health' was due for review on 2026-11-10" in relaxed.stderr
    for command in ("check", "build"):
        strict = briefings(command, "--project", str(root), "--strict", "--no-pdf"
                           if command == "build" else "--strict")
        assert strict.returncode == 1, command
        assert "content/briefings/health.yaml:1:1: 'health' was due for review" in strict.stderr
        assert "1 error (with --strict, warnings count as errors); nothing was written." \
            in strict.stderr
    assert not (root / "site").exists()


def test_a_build_logs_each_step_with_its_time_when_not_on_a_terminal(project):
    root = project()
    result = briefings("build", "--project", str(root))
    assert result.returncode == 0, result.stderr
    steps = re.findall(r"^  (.+) \((\d+\.\d\d)s\)$", result.stdout, re.M)
    assert [s for s, _ in steps] == [
        "read and checked the content",
        "planned, rendered and wrote 40 pages and the static files", "wrote 2 more files (data and styles)",
        "made 13 PDFs (0 rendered, 13 from the cache)",
        "wrote the number of pages of 5 PDFs into their pages",
        "indexed the site for search"]  # seeded cache
    assert "Built 40 pages and 13 PDFs" in result.stdout.splitlines()[-1]
    quiet = briefings("build", "--project", str(root), "--quiet", "--out", str(root / "other"))
    assert quiet.stdout == ""


def test_verbose_check_says_what_it_did(project):
    result = briefings("check", "--project", str(project()), "--verbose")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^  read and checked the content \(\d+\.\d\ds\)$", result.stdout, re.M)
    assert re.search(r"^  laid out the pages whose layout is checked \(\d+\.\d\ds\)$",
                     result.stdout, re.M)


# ---- settings and the logo --------------------------------------------------------------------

def test_an_error_in_briefings_yaml_does_not_stop_the_content_being_checked(project):
    root = project()
    (root / "briefings.yaml").write_text(
        (root / "briefings.yaml").read_text().replace("title: Minimal briefings",
                                                      "titel: Minimal briefings"))
    finding = root / "content/findings/neglect.yaml"
    finding.write_text(finding.read_text().replace("themes: [neglect]", "themes: [neglet]"))
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1
    assert "briefings.yaml:1:1: unknown key 'titel' in briefings.yaml (did you mean 'title'?)" \
        in result.stderr
    assert ("content/findings/neglect.yaml:3:10: unknown theme 'neglet' (did you mean "
            "'neglect'?)") in result.stderr
    assert "2 errors" in result.stderr


@pytest.mark.browser
def test_a_wide_logo_keeps_its_shape_in_the_header_and_on_the_pdf_cover(tmp_path):
    """...and the header keeps the logo's room while it loads, so nothing moves when it comes."""
    from playwright.sync_api import sync_playwright

    from briefings.publish.printer import layout

    from .sites import CHROMIUM, CHROMIUM_ARGS, serve
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "assets/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
        '<rect width="200" height="50" fill="#1d4f91"/></svg>')
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    with serve(root / "site") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "index.html")
        box = page.locator(".brand-logo").bounding_box()
        waiting = browser.new_page()   # the logo has not arrived: its room is kept
        waiting.route("**/logo.svg", lambda route: None)
        waiting.goto(base + "index.html", wait_until="domcontentloaded")
        before = waiting.locator(".brand-logo").bounding_box()
        browser.close()
    assert box["width"] / box["height"] == pytest.approx(4, rel=0.05)
    assert (before["width"], before["height"]) == (box["width"], box["height"])
    document = layout(root / "site/briefings/health/index.html", [root / "site", root])
    sizes = [(b.width, b.height) for b in images(document.pages[0]._page_box)]
    assert sizes and sizes[0][0] / sizes[0][1] == pytest.approx(4, rel=0.05)


def images(box):
    from weasyprint.formatting_structure import boxes
    if isinstance(box, boxes.ReplacedBox) and "cover-logo" in \
            (box.element.get("class") or ""):
        yield box
    for child in getattr(box, "children", ()):
        yield from images(child)
