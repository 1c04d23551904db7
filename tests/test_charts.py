"""Charts: SVG pictures of a table, readable by a screen reader, drawn the same every time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from briefings.content.model import Chart, Citation, Column, Noted, Table, Text
from briefings.problems import Pos
from briefings.render import charts

SVG = "{http://www.w3.org/2000/svg}"
WORDS = {"bar": "Bar chart", "stacked-bar": "Stacked bar chart", "line": "Line chart",
         "data_follow": "The data are in the table that follows."}


def table(kind: str, rows, columns=(("n", "count"),), series=()) -> Table:
    t = lambda s: Text(s, Pos("t.yaml", 1, 1))  # noqa: E731
    return Table(id=t("deaths"), caption=t("Deaths by category"),
                 columns=(Column(key=t("category"), header=t("Category")),
                          *(Column(key=t(k), header=t(k.upper()), unit=u) for k, u in columns)),
                 rows=tuple(tuple(r) for r in rows), source=Citation(source=t("smith")),
                 chart=Chart(type=kind, series=tuple(t(s) for s in series)))


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_a_bar_chart_has_a_title_a_description_of_every_value_and_one_bar_each():
    svg = parse(charts.svg(table("bar", [["Physical abuse", 10], ["Neglect",
                                          Noted(value=12, note="printed as 21")], ["Other", 8]]),
                           WORDS))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Deaths by category"
    assert svg.find(f"{SVG}desc").text == (
        "Bar chart of Deaths by category. The data are in the table that follows. "
        "N: Physical abuse 10, Neglect 12, Other 8.")
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("height") != "12"]  # legend aside
    assert len(bars) == 3
    heights = [float(r.get("height")) for r in bars]
    assert heights[1] > heights[0] > heights[2]          # taller for more


def test_percentages_that_add_up_to_about_100_get_an_axis_ending_at_100():
    svg = parse(charts.svg(table("stacked-bar", [["2017-19", 33, 40]],
                                 columns=(("a", "percent"), ("b", "percent"))), WORDS))
    ticks = [t.text for t in svg.iter(f"{SVG}text") if re.fullmatch(r"[\d.]+", t.text or "")]
    assert ticks[-1] == "100"
    assert svg.find(f"{SVG}desc").text.startswith("Stacked bar chart of")


def test_a_line_chart_draws_one_line_per_series_told_apart_by_dashes_not_colour_alone():
    svg = parse(charts.svg(table("line", [["2014", 1, 2], ["2017", 3, 4]],
                                 columns=(("a", "count"), ("b", "count"))), WORDS))
    lines = list(svg.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray")


def test_long_category_labels_wrap_under_their_bar():
    assert charts.label_lines("Sudden unexpected death in infancy and others", 60, 11) == [
        "Sudden", "unexpected", "death in…"]


def test_the_same_table_draws_the_same_chart():
    rows = [["A", 1], ["B", 2]]
    assert charts.svg(table("bar", rows), WORDS) == charts.svg(table("bar", rows), WORDS)


def test_a_value_printed_as_under_one_is_read_out_as_less_than_one_not_as_zero():
    svg = parse(charts.svg(table("bar", [["Fatal physical abuse", 22], ["Extreme neglect", "<1"],
                                         ["Not maltreatment related", Noted(value="<1%", note="x")],
                                         ["Severe persistent cruelty", None]],
                                 columns=(("pct", "percent"),)), WORDS))
    desc = svg.find(f"{SVG}desc").text
    assert desc.endswith("PCT: Fatal physical abuse 22%, Extreme neglect less than 1%, "
                         "Not maltreatment related less than 1%, "
                         "Severe persistent cruelty no figure given.")
    assert " 0" not in desc
    bars = [float(r.get("height")) for r in svg.iter(f"{SVG}rect") if r.get("height") != "12"]
    assert bars[0] > bars[1] > 0 and bars[1] == bars[2] and bars[3] == 0   # small, but drawn
