"""Concise sector briefings, as a partnership writes them and a practitioner reads them.

A briefing page shows each finding in brief (its summary and the sector's framing) with the
learning points that matter most to the sector: those the content marks `key:`, or as many
as the briefing's `key_points:` allows, and a link to all of them on the sector's page. A
briefing with `detail: full` has a full edition too, as a second PDF linked with its number
of pages. The default content's size and page limits are tested in test_validators.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import briefings
from .sites import indexed
from .test_bad_input import check, edit

FINDING = "content/findings/neglect.yaml"
HEALTH = "content/briefings/health.yaml"
POLICE = "content/briefings/police.yaml"
WHOLE_HISTORY = "Look at the whole history, not only the latest incident."
FOLLOW_UP = "Follow up every missed health appointment."


def build_html(root: Path) -> Path:
    result = briefings("build", "--project", str(root), "--no-pdf", "--quiet")
    assert result.returncode == 0, result.stderr
    return root / "site"


def main(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def learning_points(html: str) -> list[str]:
    return re.findall(r'<p class="learning-point-text">(.*?)</p>', html, re.S)


# ---- marking what matters most -----------------------------------------------------------

def test_a_key_mark_for_a_sector_shows_only_that_point_and_links_to_all_of_them(project):
    root = project()
    edit(root, FINDING, "    audience: manager\n", "    audience: manager\n    key: [health]\n")
    site = build_html(root)
    health = main(site, "briefings/health/index.html")
    assert learning_points(health) == [FOLLOW_UP]
    assert ('<a href="../../sectors/health/index.html#group-neglect">All 2 learning points for '
            'Health on this finding</a>') in health
    assert "Key learning points" in health
    # the sector's page holds both, under the finding the link points to
    sector = main(site, "sectors/health/index.html")
    group = sector[sector.index('id="group-neglect"'):]
    assert WHOLE_HISTORY in group and FOLLOW_UP in group
    # police marks nothing here, so its briefing shows the first (up to three) of its own
    assert learning_points(main(site, "briefings/police/index.html")) == [WHOLE_HISTORY]
    # the full edition (health asks for one) has every learning point for the sector
    full = main(site, "briefings/health/full/index.html")
    assert learning_points(full) == [WHOLE_HISTORY, FOLLOW_UP]


def test_key_true_marks_a_point_for_every_sector_it_is_for_and_key_points_limits(project):
    root = project()
    edit(root, FINDING, "    audience: manager\n", "    audience: manager\n    key: true\n")
    edit(root, POLICE, "title:", "key_points: 1\ntitle:")
    site = build_html(root)
    assert learning_points(main(site, "briefings/health/index.html")) == [FOLLOW_UP]
    edit(root, HEALTH, "title:", "key_points: 2\ntitle:")   # the marked point, then the rest
    site = build_html(root)
    assert learning_points(main(site, "briefings/health/index.html")) == [WHOLE_HISTORY,
                                                                         FOLLOW_UP]
    police = main(site, "briefings/police/index.html")
    assert learning_points(police) == [WHOLE_HISTORY]   # police has one; the limit is one
    assert "All 1 learning points" not in police        # nothing more to link to


def test_key_marks_and_limits_that_cannot_be_meant_are_errors_with_their_place(project):
    root = project()
    edit(root, FINDING, "    question: What does the chronology show?\n",
         "    question: What does the chronology show?\n    key: [nonexistent-sector, police]\n")
    edit(root, FINDING, "    audience: manager\n", "    audience: manager\n    key: [police]\n")
    edit(root, HEALTH, "title:", "key_points: 0\ntitle:")
    err = check(root)
    assert (f"{FINDING}:27:11: unknown sector 'nonexistent-sector' (no sector has this id)"
            in err)
    assert (f"{FINDING}:32:11: learning point 'neglect-health-only' is key for 'police', "
            "which it is not for (add police to its `sectors:`, or take it out of `key:`)"
            in err)
    assert f"{HEALTH}:3:13: key_points 0 in briefing 'health' is less than 1" in err
    assert "3 errors;" in err


def test_a_key_that_is_neither_a_list_nor_true_or_false_is_named(project):
    root = project()
    edit(root, FINDING, "    audience: manager\n", "    audience: manager\n    key: health\n")
    edit(root, HEALTH, "detail: full", "detail: everything")
    err = check(root)
    assert f"{FINDING}:31:10: key should be a list or true or false, not text 'health'" in err
    assert f"{HEALTH}:16:9: detail 'everything' is not one of: concise, full" in err


def test_a_block_of_the_full_edition_is_a_list_of_links_in_the_concise_one(project):
    root = project()
    edit(root, POLICE, "      - data: [reviews, deaths]\n",
         "      - data: [reviews, deaths]\n        detail: full\n")
    site = build_html(root)
    police = main(site, "briefings/police/index.html")
    more = police[police.index('class="more-in-full"'):]
    assert "More key data, on the website" in more
    assert '<a href="../../data/deaths/index.html">Table 1 (Smith et al., 2020a): Deaths by category</a>' in more
    assert '<a href="../../data/index.html#reviews">' in more
    assert '<svg' not in police                      # the chart is not drawn here
    # a briefing without `detail: full` has no full edition
    assert not (site / "briefings/police/full").exists()


# ---- the two editions, as built with their PDFs ------------------------------------------

@pytest.mark.pdf
@pytest.mark.xdist_group("pdf")
def test_the_full_edition_is_a_second_pdf_linked_with_its_number_of_pages(minimal_built):
    _, site, _ = minimal_built
    full = site / "briefings/health/health-full.pdf"
    pages = len(PdfReader(full).pages)
    page = (site / "briefings/health/index.html").read_text(encoding="utf-8")
    link = re.search(r'<a [^>]*href="../../briefings/health/health-full.pdf"[^>]*>(.*?)</a>',
                     page, re.S)
    assert link, "no link to the full edition"
    shown = re.sub(r"<[^>]+>", "", link.group(1))
    assert shown == f"Full edition of Learning from reviews: health (PDF, {pages} pages)"
    # and the search index has the page as published, with the number (it is written into
    # the page once the PDF is made, after the page was given to the index)
    assert f"Full edition of Learning from reviews: health (PDF, {pages} pages)." in \
        indexed(site)["/briefings/health/"]
    police = (site / "briefings/police/index.html").read_text(encoding="utf-8")
    assert "full.pdf" not in police and not (site / "briefings/police/police-full.pdf").exists()
    # the full edition tells the case study and prints the table's notes; the concise one
    # links to them
    concise_text = " ".join(PdfReader(site / "briefings/health/health.pdf").pages[n]
                            .extract_text() for n in range(2, 4))
    full_text = " ".join(p.extract_text() for p in PdfReader(full).pages)
    assert "Primary category only." in full_text and "Primary category only." not in concise_text
    assert "A baby whose needs went unmet" in full_text
    assert "A baby whose needs went unmet" not in concise_text
    assert "The table behind this chart" in concise_text
    # and its chart tells a screen reader where the data are: not after it, but linked
    assert "The data are in the table linked after the chart." in page
    assert "The data are in the table that follows." not in page
    full_page = (site / "briefings/health/full/index.html").read_text(encoding="utf-8")
    assert "The data are in the table that follows." in full_page
    assert "SECTOR BRIEFING · HEALTH · FULL EDITION" in PdfReader(full).pages[0].extract_text()
