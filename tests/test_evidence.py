"""The default content says what its sources say: charts read values as the tables print
them, tables show only the totals their sources print, every table is named by its report as
well as its number, and corrections found in a check against the seed documents stay made.

The default site, built once for the whole run (conftest.py), serves the page tests.
"""

from __future__ import annotations

import re

import pytest

from briefings.content.model import Noted
from briefings.render.references import labels

from .sites import Elements, page_text


@pytest.fixture
def corpus(default_corpus):
    return default_corpus


@pytest.fixture
def site(default_site):
    return default_site


def desc(html: str, table_id: str) -> str:
    found = re.search(rf'<desc id="chart-{table_id}-desc">(.*?)</desc>', html, re.S)
    assert found, f"no chart for {table_id}"
    return found.group(1)


# "<1" in a table is "less than 1%" in its chart's words, on every page that shows the chart.

def test_a_chart_reads_a_value_printed_as_under_one_as_less_than_one(site):
    pages = [p for p in site.rglob("*.html") if 'id="chart-deaths-by-category-desc"' in
             p.read_text()]
    assert len(pages) >= 5          # the table's own page and the four sector briefings
    for page in pages:
        words = desc(page.read_text(), "deaths-by-category")
        assert "Extreme neglect less than 1%" in words
        assert "Not maltreatment related less than 1%" in words
        assert not re.search(r"(Extreme neglect|Not maltreatment related) 0\b", words)


def test_every_value_a_chart_reads_out_is_one_its_table_prints(corpus, site):
    """No "<N" (or blank) cell of any charted table is read out as 0."""
    for t in (t for t in corpus.tables if t.chart):
        html = (site / "data" / t.id / "index.html").read_text()
        words = desc(html, t.id)
        for row in t.rows:
            for cell in row[1:]:
                value = cell.value if isinstance(cell, Noted) else cell
                if isinstance(value, str) and value.startswith("<"):
                    assert f"{row[0]} less than {value[1:].rstrip('%')}" in words, (t.id, row[0])


# Totals: only where the source prints one.

NO_PRINTED_TOTAL = ("deaths-by-category", "maltreatment-deaths-by-subcategory",
                    "serious-harm-by-category")


@pytest.mark.parametrize("table_id", NO_PRINTED_TOTAL)
def test_a_table_whose_source_prints_no_total_shows_none(corpus, site, table_id):
    assert not next(t for t in corpus.tables if t.id == table_id).total
    html = (site / "data" / table_id / "index.html").read_text()
    assert "<tfoot" not in html
    assert "The source prints no total row" in page_text(site / "data" / table_id / "index.html")


def test_no_table_shows_a_percentage_total_its_rows_do_not_make(corpus):
    """A total row (one the source prints) never claims 100% for percentages that add up to
    less, or more, than rounding allows: Table 2's 2017-19 column adds up to 94."""
    for t in (t for t in corpus.tables if t.total):
        for i, column in enumerate(t.columns[1:], start=1):
            cells = [c.value if isinstance(c, Noted) else c for c in (r[i] for r in t.rows)]
            total = t.total[i].value if isinstance(t.total[i], Noted) else t.total[i]
            if column.unit != "percent" or not isinstance(total, (int, float)) \
                    or not all(isinstance(c, (int, float)) for c in cells):
                continue
            assert abs(sum(cells) - total) <= 0.5 * len(cells), (t.id, column.header)


# Naming: "Table 1" is in two reports; each table is named by its report as well.

def visible_names(html: str) -> list[str]:
    items = Elements(html).find("li")
    return [re.sub(r"\s+", " ", li.text).split(":")[0].strip() for li in items
            if li.text.startswith(("Table ", "Appendix "))]


def test_the_key_data_index_names_each_table_unambiguously(corpus, site):
    names = visible_names((site / "data" / "index.html").read_text())
    assert len(names) == len([t for t in corpus.tables if t.label])
    assert len(set(names)) == len(names), sorted(n for n in names if names.count(n) > 1)
    assert "Table 1 (Research in Practice, 2022)" in names
    assert any(re.fullmatch(r"Table 1 \(Dickens et al\., 2022[a-c]\)", n) for n in names)


def test_a_table_is_named_by_its_report_in_its_heading_and_in_the_briefings(site):
    table_page = page_text(site / "data" / "deaths-by-category" / "index.html")
    assert "Table 1 (Research in Practice, 2022): How the children died" in table_page
    briefing = page_text(site / "briefings" / "health" / "index.html")
    assert "Table 1 (Research in Practice, 2022):" in briefing
    assert not re.search(r"(?<![(\w])Table \d+: ", briefing)


# Sources: a note that says how a work prints says what the site prints.

def test_a_source_note_gives_the_label_the_work_prints_with(corpus):
    printed = labels(corpus.sources)
    for s in corpus.sources:
        for claim in re.findall(r'(?:prints|printed) as "([^"]+)"', str(s.note or "")):
            if claim.startswith(s.authors[0].split(",")[0]):
                assert claim == printed[s.id], (s.id, claim, printed[s.id])


# Corrections found in a check against the seeds.

def test_the_84_lcspr_141_children_figure_is_cited_to_page_13(corpus):
    """The 84 reviews' 141 children are on p. 13 of the annual review, not with the chapter's
    summary points on p. 18."""
    sample = next(st for st in corpus.statistics if st.id == "lcspr-2021-sample")
    bullet = next(line for line in str(sample.text).split("\n- ") if "**141**" in line)
    assert "[@dickens-2022-lcspr, p. 13]" in bullet
