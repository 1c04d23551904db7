"""PDFs as a reader and a web officer meet them: one beside every sector briefing, A4, with a
cover, contents and footer; tagged for screen readers; the same bytes from the same content;
not rendered again when nothing changed; and never made from anything outside the project.

Every test here opens real PDFs made by real WeasyPrint (pypdf and poppler's pdftotext).
"""

from __future__ import annotations

import html
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefings.publish.printer import RefusedResource, layout

from . import pdfua
from .pdfs import headings, struct_elements

pytestmark = [pytest.mark.pdf, pytest.mark.xdist_group("pdf")]

FIXTURES = Path(__file__).parent / "fixtures"
A4 = (595.28, 841.89)  # points


def briefings(*args: str | Path) -> subprocess.CompletedProcess:
    """Run the `briefings` command as a user would (output is not a terminal)."""
    return subprocess.run([sys.executable, "-m", "briefings.cli", *map(str, args)],
                          capture_output=True, text=True)


def copy(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest)
    return dest


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdfs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.pdf"))}


@pytest.fixture
def built(minimal_built):
    """The minimal project, built once with its PDFs, as the CLI reports it."""
    return minimal_built


@pytest.fixture(scope="session")
def rebuilt_elsewhere(tmp_path_factory):
    """The same content copied to another folder and built from a cold cache."""
    root = copy("minimal", tmp_path_factory.mktemp("elsewhere") / "project")
    result = briefings("build", "--project", root)
    assert result.returncode == 0, result.stderr
    return root, pdfs(root / "site"), result


# ---- what a reader gets ---------------------------------------------------------------------

def test_every_sector_briefing_has_an_a4_pdf_beside_its_page_and_linked_from_it(built):
    _, site, result = built
    # 2 sectors (health with its full edition too), 1 seven-minute, 1 session pack of 5, and
    # the health and police handouts of the theme and of the finding
    assert "13 PDFs (13 rendered, 0 cached)" in result.stdout
    for sector in ("health", "police"):
        page = (site / "briefings" / sector / "index.html").read_text()
        assert f'href="../../briefings/{sector}/{sector}.pdf"' in page
        reader = PdfReader(site / "briefings" / sector / f"{sector}.pdf")
        assert 5 <= len(reader.pages) <= 9  # cover, contents, parts, references
        for page in reader.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))


def test_the_cover_shows_title_sector_date_and_partnership(built):
    _, site, _ = built
    cover = " ".join(pdf_text(site / "briefings/health/health.pdf", page=1).split())
    assert "Learning from reviews: health" in cover
    assert "SECTOR BRIEFING · HEALTH" in cover
    assert "Published: 1 November 2026" in cover
    assert "Test Safeguarding Partnership" in cover
    assert "Page 1" not in cover  # no running footer on the cover


def test_contents_give_the_page_each_part_starts_on(built):
    _, site, _ = built
    pdf = site / "briefings/health/health.pdf"
    contents = pdf_text(pdf, page=2)
    assert "Contents" in contents
    for title in ("Part 1: Introduction and key data", "Recognising neglect", "References"):
        match = re.search(re.escape(title) + r"[ .]*(\d+)\s*$", contents, re.M)
        assert match, f"{title!r} has no page number in:\n{contents}"
        assert title in pdf_text(pdf, page=int(match.group(1)))


def test_every_page_after_the_cover_has_the_title_and_its_number_in_the_footer(built):
    _, site, _ = built
    pdf = site / "briefings/police/police.pdf"
    total = len(PdfReader(pdf).pages)
    for n in range(2, total + 1):
        text = pdf_text(pdf, page=n)
        assert "Learning from reviews: police" in text
        assert f"Page {n} of {total}" in text


def test_learning_points_for_the_sector_are_printed_and_only_those(built):
    _, site, _ = built
    health = pdf_text(site / "briefings/health/health.pdf")
    police = pdf_text(site / "briefings/police/police.pdf")
    assert "Look at the whole history, not only the latest incident." in health
    assert "Follow up every missed health appointment." in health
    assert "Look at the whole history, not only the latest incident." in police
    assert "Follow up every missed health appointment." not in police
    assert "Learning points" in health
    # the case studies are told in the full edition; the concise one links to their pages
    assert "Case study".upper() in pdf_text(site / "briefings/health/health-full.pdf")


def test_tables_keep_caption_notes_and_source(built):
    """In the full edition: the concise one shows the chart and links to the table."""
    _, site, _ = built
    text = pdf_text(site / "briefings/health/health-full.pdf")
    assert "Table 1 (Smith et al., 2020a): Deaths by category (2017-19)" in text
    assert "Primary category only." in text
    assert "Source: (Smith et al., 2020a, Table 1, p. 9)" in text


def test_no_page_ends_with_a_heading(built):
    root, site, _ = built
    document = layout(site / "briefings/health/index.html", [site, root])
    headings = {"h1", "h2", "h3", "h4", "h5", "h6", "caption"}
    for number, page in enumerate(document.pages, start=1):
        bottom, tags = max(text_lines(page._page_box), default=(0, ()))
        assert not headings & set(tags), f"page {number} ends with a heading: {tags}"


def text_lines(box, tags=()):
    """(bottom, enclosing element tags) of every line of text on a page, footer aside."""
    from weasyprint.formatting_structure import boxes
    if isinstance(box, boxes.MarginBox):
        return
    if isinstance(box, boxes.LineBox):
        yield box.position_y + box.height, tags
        return
    if getattr(box, "element_tag", None) and not isinstance(box, boxes.TextBox):
        tags += (box.element_tag,)
    for child in getattr(box, "children", ()):
        yield from text_lines(child, tags)


# ---- accessible ----------------------------------------------------------------------------

def test_pdf_is_tagged_with_title_language_and_alt_text(built):
    _, site, _ = built
    reader = PdfReader(site / "briefings/health/health.pdf")
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith("Learning from reviews: health")
    assert reader.metadata.author == "Test Safeguarding Partnership"
    elements = list(struct_elements(catalog["/StructTreeRoot"]))
    kinds = [e["/S"] for e in elements]
    for kind in ("/H1", "/H2", "/H3", "/L", "/LI", "/Link", "/Figure"):
        assert kind in kinds, kind
    full = PdfReader(site / "briefings/health/health-full.pdf").trailer["/Root"]
    in_full = [e["/S"] for e in struct_elements(full["/StructTreeRoot"])]
    assert "/Table" in in_full and "/TH" in in_full  # the full edition prints the tables
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) >= 2  # the logo on the cover and the chart
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert all(alts), alts
    assert "Test Safeguarding Partnership logo" in alts
    assert "Deaths by category" in alts
    # The reading order is the page's: every heading of the web page, in its order, at its
    # level, with its words, is a heading of the PDF's structure.
    page = (site / "briefings/health/index.html").read_text()
    shown = re.findall(r"<(h[1-6])\b[^>]*>(.*?)</h[1-6]>", page[page.index("<main"):], re.S)
    expected = [(tag.upper(), " ".join(re.sub(r"<[^>]+>", " ", text).split()))
                for tag, text in shown]
    found = headings(reader)
    assert len(found) >= 8, found
    assert [tag for tag, _ in found] == [tag for tag, _ in expected]
    assert [text.lower() for _, text in found] == [html.unescape(text).lower()
                                                  for _, text in expected]


def test_the_one_font_family_of_the_site_is_embedded(built):
    _, site, _ = built
    fonts = subprocess.run(["pdffonts", str(site / "briefings/health/health.pdf")],
                           capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        name, embedded = line.split()[0], line.split()[-5]
        assert "Source-Sans-Pro" in name, line
        assert embedded == "yes", line


def test_links_are_live_and_point_at_the_site_never_at_the_build_folder(built):
    _, site, _ = built
    reader = PdfReader(site / "briefings/health/health.pdf")
    uris, internal = [], []
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if "/A" in annot:
                uris.append(str(annot["/A"]["/URI"]))
            elif "/Dest" in annot:
                internal.append(str(annot["/Dest"]))
    assert "ref-smith-2020" in internal  # a citation jumps to the reference list
    assert "../../findings/neglect/index.html" in uris  # relative to the PDF, beside its page
    assert not [u for u in uris if u.startswith("file:") or "building" in u], uris


def test_with_a_base_url_links_to_the_site_are_absolute(tmp_path):
    root = copy("minimal", tmp_path / "project")
    settings = root / "briefings.yaml"
    settings.write_text(settings.read_text() + "base_url: https://lscp.example.org/learning/\n")
    assert briefings("build", "--project", root).returncode == 0
    reader = PdfReader(root / "site/briefings/health/health.pdf")
    uris = {str(a.get_object()["/A"]["/URI"]) for page in reader.pages
            for a in page.get("/Annots", []) or [] if "/A" in a.get_object()}
    assert "https://lscp.example.org/learning/findings/neglect/index.html" in uris
    assert all(u.startswith(("https:", "http:", "mailto:")) for u in uris), uris
    for path in sorted((root / "site").rglob("*.pdf")):  # and the structure is still clean
        assert pdfua.problems(path) == [], path


# ---- reproducible and cached ------------------------------------------------------------------

def test_pdf_dates_are_the_content_dates_not_the_clock(built):
    _, site, _ = built
    info = PdfReader(site / "briefings/health/health.pdf").metadata
    assert info["/CreationDate"].startswith("D:20261101")
    assert info["/ModDate"].startswith("D:20261101")


def test_the_same_content_built_twice_gives_identical_pdfs(built, rebuilt_elsewhere):
    _, site, _ = built
    _, other, result = rebuilt_elsewhere
    assert "(13 rendered, 0 cached)" in result.stdout  # really rendered again
    assert pdfs(site).keys() == other.keys() == {"briefings/health/health.pdf",
                                                 "briefings/health/health-full.pdf",
                                                 "briefings/police/police.pdf",
                                                 "seven-minute/neglect/neglect.pdf",
                                                 "themes/neglect/health/neglect-health.pdf",
                                                 "themes/neglect/police/neglect-police.pdf",
                                                 "findings/neglect/health/neglect-health.pdf",
                                                 "findings/neglect/police/neglect-police.pdf",
                                                 *(f"sessions/neglect-health/{part}/"
                                                   f"neglect-health-{part}.pdf"
                                                   for part in ("slides", "handout", "guide",
                                                                "cards", "evaluation"))}
    assert pdfs(site) == other


def test_a_rebuild_renders_only_the_pdfs_whose_content_changed(rebuilt_elsewhere):
    root, _, _ = rebuilt_elsewhere
    again = briefings("build", "--project", root)
    assert "Nothing has changed since the last build" in again.stdout  # no work at all
    # Into another folder the pages are written again, but every PDF comes from the cache.
    again = briefings("build", "--project", root, "--out", root / "elsewhere")
    assert again.returncode == 0, again.stderr
    assert "13 PDFs (0 rendered, 13 cached)" in again.stdout
    assert "Rendering PDFs" not in again.stdout + again.stderr  # not a terminal: no bar

    finding = root / "content/findings/neglect.yaml"
    finding.write_text(finding.read_text().replace(
        "Health visitors see the home.", "Health visitors see the home and the cupboards."))
    changed = briefings("build", "--project", root)
    assert changed.returncode == 0, changed.stderr
    assert "13 PDFs (4 rendered, 9 cached)" in changed.stdout  # health: concise, full, 2 handouts
    assert "the cupboards" in pdf_text(root / "site/briefings/health/health.pdf")


def run_in_terminal(*args: str | Path) -> str:
    """Run the command with a pseudo-terminal as its output, as in an interactive shell."""
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "briefings.cli", *map(str, args)],
                            stdin=child, stdout=child, stderr=child)
    os.close(child)
    out = b""
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    os.close(main)
    assert proc.wait() == 0, out
    return out.decode(errors="replace")


def test_a_terminal_shows_a_progress_bar_unless_quiet(tmp_path, minimal_built):
    root = copy("minimal", tmp_path / "project")
    shutil.copytree(minimal_built[0] / ".briefings-cache", root / ".briefings-cache")
    briefing = root / "content/briefings/health.yaml"
    title = "title: \"Learning from reviews: health"
    briefing.write_text(briefing.read_text().replace(title, title + " (revised)"))
    shown = run_in_terminal("build", "--project", root)
    assert "Rendering PDFs" in shown and "briefings/health/health.pdf" in shown
    briefing.write_text(briefing.read_text().replace("(revised)", "(revised again)"))
    quiet = run_in_terminal("build", "--project", root, "--quiet")
    assert quiet.strip() == ""
    assert "(revised again)" in pdf_text(root / "site/briefings/health/health.pdf", page=1)
    assert len(pdfs(root / "site")) == 13


def test_no_pdf_builds_html_only_and_links_to_no_pdf(tmp_path):
    root = copy("minimal", tmp_path / "project")
    result = briefings("build", "--project", root, "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "PDF" not in result.stdout
    assert not list((root / "site").rglob("*.pdf"))
    assert "Download the PDF" not in (root / "site/briefings/health/index.html").read_text()
    linking = [p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html")
               if ".pdf\"" in p.read_text()]
    assert linking == []  # no page anywhere links to a PDF that was not made


def test_pdf_false_in_settings_turns_pdfs_off(tmp_path):
    root = copy("minimal", tmp_path / "project")
    settings = root / "briefings.yaml"
    settings.write_text(settings.read_text() + "pdf: false\n")
    assert briefings("build", "--project", root).returncode == 0
    assert not list((root / "site").rglob("*.pdf"))


# ---- safe -----------------------------------------------------------------------------------

def test_a_remote_image_in_content_is_an_error_naming_file_and_line(tmp_path):
    root = copy("remote_image", tmp_path / "project")
    result = briefings("build", "--project", root)
    assert result.returncode == 1
    assert "content/sections/about.yaml:6:3: remote image 'https://example.org/chart.png'" \
        in result.stderr
    assert "nothing was written" in result.stderr
    assert not (root / "site").exists()


def test_a_remote_image_given_by_reference_is_an_error_in_check_and_every_build(tmp_path):
    """`![alt][ref]` with `[ref]: https://...`: judged on markdown-it's tokens, so it is
    caught where the address is written, before anything is built."""
    root = copy("remote_image_by_reference", tmp_path / "project")
    expected = ("content/sections/about.yaml:8:3: remote image 'https://example.org/chart.png' "
                "is not allowed")
    for command in (["check"], ["build", "--no-pdf"], ["build"]):
        result = briefings(*command, "--project", root)
        assert result.returncode == 1, command
        assert expected in result.stderr, command
    assert not (root / "site").exists()


def test_a_remote_stylesheet_in_the_projects_css_is_an_error_naming_file_and_line(tmp_path):
    root = copy("remote_stylesheet", tmp_path / "project")
    (root / "site").mkdir()
    (root / "site/.briefings-site").write_text("a site an earlier build published")
    (root / "site/index.html").write_text("the published site")
    result = briefings("build", "--project", root)
    assert result.returncode == 1
    assert "templates/static/print.css:2:14: remote resource " \
           "'https://fonts.example.org/css?family=Brand+Sans' is not allowed" in result.stderr
    assert (root / "site/index.html").read_text() == "the published site"


def test_an_image_without_alt_text_is_an_error_in_check_and_every_build(tmp_path):
    """Caught in the content, so `check` and an HTML-only build say so too, not only the PDF."""
    root = copy("image_without_alt", tmp_path / "project")
    for command in (["check"], ["build", "--no-pdf"], ["build"]):
        result = briefings(*command, "--project", root)
        assert result.returncode == 1, command
        assert "content/sections/about.yaml:6:3: image 'assets/diagram.svg' has no alt text" \
            in result.stderr, command


def test_an_image_without_alt_text_in_a_template_is_an_error_naming_where_it_is(tmp_path):
    root = copy("minimal", tmp_path / "project")
    (root / "templates").mkdir()
    (root / "templates/briefing.html").write_text(
        '{% extends "base.html" %}\n{% block main %}<article><h1>{{ briefing.title }}</h1>\n'
        '<img src="{{ root }}assets/logo.svg"></article>{% endblock %}\n')
    for attempt in ("first", "second"):  # a failed PDF is never cached, so it fails again
        result = briefings("build", "--project", root)
        assert result.returncode == 1, attempt
        assert 'templates/briefing.html:3:21: Image "../../assets/logo.svg" has no required ' \
               "alt description" in result.stderr, result.stderr


def page_with(tmp_path: Path, body: str) -> Path:
    site = tmp_path / "site"
    site.mkdir(parents=True)
    (site / "page.html").write_text(
        f'<!doctype html><html lang="en"><title>t</title><body>{body}</body></html>')
    return site / "page.html"


@pytest.mark.parametrize("body, reason", [
    ('<img src="https://example.org/x.png" alt="x">', "remote"),
    ('<link rel="stylesheet" href="http://example.org/x.css">', "remote"),
    ('<img src="file:///etc/hostname" alt="x">', "outside the project"),
    ('<img src="../outside.png" alt="x">', "outside the project"),
    ('<img src="linked.png" alt="x">', "outside the project"),  # a symlink leading out
])
def test_weasyprint_reads_nothing_outside_the_project(tmp_path, body, reason):
    (tmp_path / "outside.png").write_bytes(b"not inside")
    page = page_with(tmp_path, body)
    (page.parent / "linked.png").symlink_to(tmp_path / "outside.png")
    with pytest.raises(RefusedResource) as refused:
        layout(page, [page.parent])
    assert refused.value.reason == reason


def themed_page(folder: Path, name: str, css: str = "style.css") -> Path:
    """A page that links its stylesheet as the theme's templates do."""
    (folder / name).write_text(f'<!doctype html><html lang="en"><head><title>t</title>'
                               f'<link rel="stylesheet" href="{css}"></head>'
                               f'<body><p>Text</p></body></html>')
    return folder / name


def test_a_stylesheet_parsed_for_one_pdf_is_read_again_when_it_changes(tmp_path):
    """The PDFs of a build share their parsed stylesheets: an edit is still seen, and the
    file still counts as read for each PDF (so a cached PDF is made again after it)."""
    from briefings.publish.printer import LocalFetcher
    (tmp_path / "style.css").write_text("@page { size: A5 }")
    first, second = themed_page(tmp_path, "a.html"), themed_page(tmp_path, "b.html")
    assert round(layout(first, [tmp_path]).pages[0].width) == 559      # 148 mm
    fetcher = LocalFetcher([tmp_path])
    assert round(layout(second, [tmp_path], fetcher).pages[0].width) == 559
    assert (tmp_path / "style.css").resolve() in fetcher.read
    (tmp_path / "style.css").write_text("@page { size: A4 }")
    assert round(layout(second, [tmp_path]).pages[0].width) == 794     # 210 mm


def test_a_stylesheet_parsed_for_one_pdf_is_refused_to_a_page_that_may_not_read_it(tmp_path):
    (tmp_path / "style.css").write_text("p { color: #333 }")
    (tmp_path / "inner").mkdir()
    page = themed_page(tmp_path / "inner", "page.html", css="../style.css")
    layout(page, [tmp_path])
    with pytest.raises(RefusedResource) as refused:
        layout(page, [tmp_path / "inner"])
    assert refused.value.reason == "outside the project"
