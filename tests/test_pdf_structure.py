"""Every PDF a build writes is a clean tagged PDF, as tests/pdfua.py checks it (ISO 32000-1
tagged PDF and PDF/UA-1): zero problems is the bar. Then, that the checker finds each fault
it looks for (made by breaking a good PDF with pikepdf), and that publish/tagging.py mends
the faults WeasyPrint leaves (shown on a small page laid out here).

No problem is excused: were one ever judged a false positive, it would be listed here in
EXCUSED with the reason, never silenced wholesale.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Callable

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, NameTree, String

from briefings.publish import pdf as pdf_module
from briefings.publish import printer, tagging

from .pdfua import _elements, problems

pytestmark = [pytest.mark.pdf, pytest.mark.xdist_group("pdf")]

EXCUSED: dict[str, str] = {}  # a problem judged a false positive: the reason


def clean(path: Path) -> list[str]:
    return [p for p in problems(path) if p not in EXCUSED]


# ---- every PDF a build writes ---------------------------------------------------------------

def test_every_pdf_of_the_minimal_build_has_no_structure_problems(minimal_built):
    _, site, _ = minimal_built
    found = sorted(site.rglob("*.pdf"))
    assert len(found) == 13  # health (concise and full), police, a seven-minute, a session
    # pack of 5, and 4 handouts
    for path in found:
        assert clean(path) == [], path.relative_to(site)


def test_the_cache_holds_the_mended_pdfs(minimal_built):
    root, site, _ = minimal_built
    cached = sorted((root / ".briefings-cache/pdf").glob("*.pdf"))
    assert len(cached) == 13
    written = {hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*.pdf")}
    assert {hashlib.sha256(p.read_bytes()).hexdigest() for p in cached} == written
    for path in cached:
        assert clean(path) == [], path.name


def test_links_say_their_text_and_where_they_go(minimal_built):
    _, site, _ = minimal_built
    said = contents(site / "briefings/health/health.pdf")
    assert "Part 1: Introduction and key data" in said                # the contents page
    assert "Smith et al., 2020a, p. 3, in References" in said         # a citation
    full = contents(site / "briefings/health/health-full.pdf")
    assert "This finding for all sectors" in full                     # to another page
    sheet = contents(site / "seven-minute/neglect/neglect.pdf")
    assert "Smith et al., 2020a, p. 4, in Further information and resources" in sheet


def test_each_contents_entry_is_one_link_annotation(minimal_built):
    _, site, _ = minimal_built
    with pikepdf.open(site / "briefings/health/health.pdf") as pdf:
        dests = [str(a.Dest) for a in pdf.pages[1].Annots if "/Dest" in a]
    assert dests == ["part-1", "about", "who-this-briefing-is-for", "part-2", "neglect",
                     "references"]  # WeasyPrint wrote three for each, one inside another


def contents(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(a.Contents) for page in pdf.pages for a in page.get("/Annots", ())
                if a.get("/Subtype") == Name.Link]


# ---- what WeasyPrint writes, and what tagging.py makes of it --------------------------------

SMALL = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>A small briefing</title>
<style>
  .toc a::after { content: leader('.') target-counter(attr(href), page); }
</style></head>
<body>
<h1>A small briefing</h1>
<ul class="toc"><li><a href="#facts">Key facts</a></li></ul>
<section id="facts"><h2>Key facts</h2>
<p>Neglect was the most common harm <a href="#ref-smith">(Smith, 2020)</a>.</p>
<table><caption>Reviews by year</caption>
<thead><tr><th scope="col">Year</th><th scope="col">Reviews</th></tr></thead>
<tbody><tr><td>2019</td><td>235</td></tr></tbody></table>
<p><img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='10'/%3E"
 alt="A small chart"></p>
</section>
<section id="references"><h2>References</h2>
<ul><li id="ref-smith">Smith (2020) <a href="https://example.org/report"><cite>A national
analysis of reviews</cite></a></li></ul>
</section>
</body></html>
"""


@pytest.fixture(scope="session")
def small(tmp_path_factory):
    """A small page as WeasyPrint writes it, and as tagging.py mends it."""
    folder = tmp_path_factory.mktemp("small")
    html = folder / "index.html"
    html.write_text(SMALL)
    document = printer.layout(html, [folder])
    raw = document.write_pdf(**printer.OPTIONS)
    (folder / "raw.pdf").write_bytes(raw)
    (folder / "mended.pdf").write_bytes(tagging.mend(raw, printer.link_words(document)))
    return folder / "raw.pdf", folder / "mended.pdf"


def test_weasyprint_leaves_the_three_faults_tagging_mends(small):
    raw, _ = small
    found = problems(raw)
    assert any("has no /IDTree" in p for p in found), found
    assert any("belongs to a /NonStruct structure element, not a /Link" in p
               for p in found), found
    assert any("is a duplicate of another annotation" in p for p in found), found
    assert any("has the /Contents 'ref-smith', an id" in p for p in found), found
    assert any("has the /Contents 'facts', an id" in p for p in found), found
    assert any("claims PDF/UA-1" in p for p in found), found


def test_tagging_mends_them_and_changes_nothing_else(small):
    raw, mended = small
    assert problems(mended) == []
    said = contents(mended)
    assert said == ["Key facts", "(Smith, 2020), in References",
                    "A national analysis of reviews"], said
    with pikepdf.open(raw) as before, pikepdf.open(mended) as after:
        assert len(before.pages) == len(after.pages)
        for b, a in zip(before.pages, after.pages):  # the same marks on the page
            assert b.Contents.read_bytes() == a.Contents.read_bytes()


def test_mending_gives_the_same_bytes_every_time(small):
    raw, mended = small
    document = printer.layout(raw.parent / "index.html", [raw.parent])
    again = tagging.mend(raw.read_bytes(), printer.link_words(document))
    assert again == mended.read_bytes()


def test_a_change_to_the_mending_code_invalidates_cached_pdfs(tmp_path, monkeypatch):
    code = tmp_path / "publish"
    shutil.copytree(Path(pdf_module.__file__).parent, code)
    monkeypatch.setattr(pdf_module, "HERE", code)
    before = pdf_module.renderer_fingerprint()
    (code / "tagging.py").write_text((code / "tagging.py").read_text() + "\n# changed\n")
    assert pdf_module.renderer_fingerprint() != before


# ---- the checker finds each fault -----------------------------------------------------------

@pytest.fixture(scope="module")
def good(minimal_built) -> Path:
    """A clean PDF with tables, figures, headings and links: the health briefing's full
    edition (the concise one has charts but links to its tables)."""
    path = minimal_built[1] / "briefings/health/health-full.pdf"
    assert problems(path) == []
    return path


def broken(good: Path, tmp_path: Path, harm: Callable[[pikepdf.Pdf], None]) -> list[str]:
    """The problems of `good` once `harm` has been done to it."""
    with pikepdf.open(good) as pdf:
        harm(pdf)
        pdf.save(tmp_path / "broken.pdf")
    return problems(tmp_path / "broken.pdf")


def said(found: list[str], *words: str) -> bool:
    return any(all(w in p for w in words) for p in found)


def elements(pdf: pikepdf.Pdf, tag: str) -> list[Dictionary]:
    return [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == Name(tag)]


def links(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Page, Dictionary]]:
    return [(page, a) for page in pdf.pages for a in page.get("/Annots", ())
            if a.get("/Subtype") == Name.Link]


def test_an_unreadable_file(tmp_path):
    (tmp_path / "not.pdf").write_bytes(b"not a PDF")
    assert said(problems(tmp_path / "not.pdf"), "cannot be read as a PDF")


def test_no_structure_tree(good, tmp_path):
    found = broken(good, tmp_path, lambda pdf: pdf.Root.__delitem__("/StructTreeRoot"))
    assert said(found, "has no /StructTreeRoot")


def test_ids_without_an_id_tree(good, tmp_path):
    found = broken(good, tmp_path, lambda pdf: pdf.Root.StructTreeRoot.__delitem__("/IDTree"))
    assert said(found, "have an /ID", "no /IDTree")
    assert said(found, "claims PDF/UA-1", "fails the checks above")


def test_an_id_missing_from_the_id_tree(good, tmp_path):
    def harm(pdf):
        tree = NameTree(pdf.Root.StructTreeRoot.IDTree)
        del tree[next(iter(tree.keys()))]
    assert said(broken(good, tmp_path, harm), "the /IDTree has no entry for the id")


def test_a_cell_naming_a_header_that_does_not_exist(good, tmp_path):
    def harm(pdf):
        elements(pdf, "/TD")[0].A.Headers = Array([String("no-such-header")])
    assert said(broken(good, tmp_path, harm), "names the header 'no-such-header'",
                "no /IDTree entry resolves")


def test_a_header_cell_with_no_scope_in_a_table_without_headers(good, tmp_path):
    def harm(pdf):
        for cell in elements(pdf, "/TD"):
            del cell.A["/Headers"]
    assert said(broken(good, tmp_path, harm), "/TH", "has no /Scope")


def test_no_language(good, tmp_path):
    assert said(broken(good, tmp_path, lambda pdf: pdf.Root.__delitem__("/Lang")), "no /Lang")


def test_no_title(good, tmp_path):
    def harm(pdf):
        del pdf.docinfo["/Title"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            del meta["dc:title"]
    assert said(broken(good, tmp_path, harm), "has no document title")


def test_a_title_viewers_do_not_show(good, tmp_path):
    def harm(pdf):
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
    assert said(broken(good, tmp_path, harm), "/DisplayDocTitle true")


def test_not_marked(good, tmp_path):
    def harm(pdf):
        pdf.Root.MarkInfo.Marked = False
    assert said(broken(good, tmp_path, harm), "/MarkInfo /Marked true")


def test_no_pdf_ua_identifier(good, tmp_path):
    def harm(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            del meta["pdfuaid:part"]
    assert broken(good, tmp_path, harm) == [
        "the XMP metadata has no PDF/UA identifier (pdfuaid:part 1)"]


def test_a_figure_without_alt_text(good, tmp_path):
    def harm(pdf):
        del elements(pdf, "/Figure")[0]["/Alt"]
    assert said(broken(good, tmp_path, harm), "a /Figure", "has no /Alt text")


def test_headings_that_do_not_start_at_h1(good, tmp_path):
    def harm(pdf):
        for h1 in elements(pdf, "/H1"):
            h1.S = Name.H2
    assert said(broken(good, tmp_path, harm), "the first heading is /H2, not /H1")


def test_a_skipped_heading_level(good, tmp_path):
    def harm(pdf):
        elements(pdf, "/H2")[0].S = Name.H4
    assert said(broken(good, tmp_path, harm), "a heading skips from /H1 to /H4")


def test_a_link_whose_element_is_not_a_link(good, tmp_path):
    def harm(pdf):
        elements(pdf, "/Link")[0].S = Name.NonStruct
    assert said(broken(good, tmp_path, harm), "belongs to a /NonStruct structure element, "
                "not a /Link")


def test_a_link_outside_the_structure_tree(good, tmp_path):
    def harm(pdf):
        del links(pdf)[0][1]["/StructParent"]
    assert said(broken(good, tmp_path, harm), "has no /StructParent")


@pytest.mark.parametrize("contents", ["ref-smith-2020", "#part-1", "part-1",
                                      "../../findings/neglect/index.html",
                                      "who-this-briefing-is-for", ""])
def test_a_link_whose_contents_are_not_words(good, tmp_path, contents):
    def harm(pdf):
        for _, link in links(pdf):
            link.Contents = String(contents)
    found = broken(good, tmp_path, harm)
    assert said(found, "has no /Contents") if not contents else said(
        found, f"has the /Contents {contents!r}, an id")


def test_words_with_hyphens_and_web_addresses_are_words():
    from .pdfua import id_like
    for words in ("Smith et al., 2020a, p. 3, in References", "self-neglect", "References",
                  "https://briefings.example.org/seven-minute/neglect/", "Part 1: About"):
        assert not id_like(words), words


def test_a_duplicated_link_annotation(good, tmp_path):
    def harm(pdf):
        page, link = links(pdf)[0]
        copy = pdf.make_indirect(Dictionary({k: link[k] for k in link.keys()
                                             if k != "/StructParent"}))
        page.Annots.append(copy)
    found = broken(good, tmp_path, harm)
    assert said(found, "is a duplicate of another annotation")
    assert said(found, "has no /StructParent")


def test_annotations_without_a_tab_order(good, tmp_path):
    def harm(pdf):
        del links(pdf)[0][0].obj["/Tabs"]
    assert said(broken(good, tmp_path, harm), "has annotations but no /Tabs /S")


def test_a_font_not_embedded(good, tmp_path):
    def harm(pdf):
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                for f in (font.DescendantFonts if "/DescendantFonts" in font else [font]):
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        if key in f.FontDescriptor:
                            del f.FontDescriptor[key]
    assert said(broken(good, tmp_path, harm), "is not embedded")
