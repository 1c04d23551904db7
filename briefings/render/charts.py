"""Accessible SVG charts drawn from a DataTable: bar, stacked bar and line.

The chart is a picture of the table printed beside it, never the only copy of the numbers:
it carries a title and a description for screen readers, and the table holds the data.
Output is plain vector SVG, so it is sharp in print and identical on every build.
"""

from __future__ import annotations

import re
import textwrap
from typing import Mapping

from markupsafe import Markup, escape

from ..content.model import Noted, Table

WIDTH, HEIGHT = 640, 300
# The site's font, named on the <svg> itself: PDF renderers do not apply the page's CSS
# inside an SVG, and a browser's CSS (`.chart { font-family: inherit }`) overrides it.
FONT = "Source Sans Pro, sans-serif"
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 64
# Colour-blind-safe, and each at least 3:1 against white (WCAG 1.4.11 non-text contrast).
PALETTE = ["#1d4f91", "#b8420f", "#2e7d32", "#6a3d9a", "#8a6d00", "#00748a", "#a4286a"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4"]


# A value the source prints as under a bound, such as "<1" (or "<1%"): known to be below it.
BELOW = re.compile(r"\s*<\s*(\d+(?:\.\d+)?)\s*%?\s*")


def value(cell) -> float | None:
    """The number a cell holds, None if it holds none. A "<N" cell is drawn at half of N: a
    bar that shows there is something, smaller than the bound; its words say "less than N"."""
    if isinstance(cell, Noted):
        cell = cell.value
    if isinstance(cell, str) and (below := BELOW.fullmatch(cell)):
        return float(below.group(1)) / 2
    return float(cell) if isinstance(cell, (int, float)) and not isinstance(cell, bool) else None


def spoken(cell, unit, words: Mapping[str, str]) -> str:
    """A cell as the chart's description reads it: what the table prints, in words."""
    if isinstance(cell, Noted):
        cell = cell.value
    sign = "%" if unit == "percent" else ""
    if isinstance(cell, str) and (below := BELOW.fullmatch(cell)):
        return f"{words.get('less_than', 'less than')} {below.group(1)}{sign}"
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return f"{float(cell):g}{sign}"
    return str(cell) if cell not in (None, "") else words.get("no_figure", "no figure given")


def nice_max(v: float) -> float:
    if v <= 0:
        return 1
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000,
                 20000, 50000, 100000, 200000, 500000, 1000000):
        if v <= step * 5:
            return step * 5
    return v


def svg(table: Table, words: Mapping[str, str]) -> Markup:
    """The table's chart; `words` are the theme's `chart` labels (what each type is called,
    and the sentence pointing to the table)."""
    chart = table.chart
    keys = list(chart.series) or [c.key for c in table.columns[1:]
                                  if any(value(r[i]) is not None
                                         for r in table.rows for i in [table.columns.index(c)])]
    index = {c.key: i for i, c in enumerate(table.columns)}
    headers = {c.key: str(c.header) for c in table.columns}
    categories = [str(row[0]) for row in table.rows]
    series = [[value(row[index[k]]) or 0.0 for row in table.rows] for k in keys]
    stacked = chart.type == "stacked-bar"
    top = max((sum(col) for col in zip(*series)) if stacked and series else
              (v for s in series for v in s), default=1)
    units = {c.unit for c in table.columns if c.key in keys}
    # Percentages that add up to about 100 (rounding) get an axis that ends at 100.
    ymax = 100.0 if units == {"percent"} and 90 <= top <= 103 else nice_max(top)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    title = escape(chart.title or table.caption)
    uid = f"chart-{table.id}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-labelledby="{uid}-title {uid}-desc" font-family="{FONT}">',
           f'<title id="{uid}-title">{title}</title>',
           f'<desc id="{uid}-desc">'
           f'{escape(describe(table, keys, headers, categories, words))}'
           f'</desc>']
    # grid and y axis
    for i in range(6):
        y = TOP + plot_h - plot_h * i / 5
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                   f'class="grid" stroke="#d0d4d9" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
                   f'font-size="11" fill="#333">{ymax * i / 5:g}</text>')
    n = max(len(categories), 1)
    band = plot_w / n

    def y_of(v: float) -> float:
        return TOP + plot_h - plot_h * v / ymax

    if chart.type == "line":
        for s, vals in enumerate(series):
            colour, dash = PALETTE[s % len(PALETTE)], DASHES[s % len(DASHES)]
            pts = " ".join(f"{LEFT + band * (i + .5):.1f},{y_of(v):.1f}" for i, v in enumerate(vals))
            out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2.5"'
                       + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
            for i, v in enumerate(vals):
                out.append(f'<circle cx="{LEFT + band * (i + .5):.1f}" cy="{y_of(v):.1f}" r="3" '
                           f'fill="{colour}"/>')
    else:
        for i in range(len(categories)):
            base = 0.0
            for s, vals in enumerate(series):
                colour = PALETTE[s % len(PALETTE)]
                if stacked:
                    x, w = LEFT + band * i + band * .15, band * .7
                    y0, y1 = y_of(base + vals[i]), y_of(base)
                    base += vals[i]
                else:
                    w = band * .8 / len(series)
                    x = LEFT + band * i + band * .1 + w * s
                    y0, y1 = y_of(vals[i]), y_of(0)
                out.append(f'<rect x="{x:.1f}" y="{y0:.1f}" width="{w:.1f}" '
                           f'height="{max(y1 - y0, 0):.1f}" fill="{colour}" stroke="#fff" '
                           f'stroke-width=".5"/>')
    size = 11 if band >= 70 else 9.5
    for i, cat in enumerate(categories):
        x = LEFT + band * (i + .5)
        lines = "".join(f'<tspan x="{x:.1f}" dy="{0 if n == 0 else size + 1.5}">{escape(line)}'
                        f'</tspan>' for n, line in enumerate(label_lines(cat, band, size)))
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 15}" text-anchor="middle" '
                   f'font-size="{size}" fill="#222">{lines}</text>')
    # legend
    x = LEFT
    for s, key in enumerate(keys):
        colour = PALETTE[s % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{HEIGHT - 22}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{HEIGHT - 12}" font-size="11" fill="#222">'
                   f'{escape(headers[key])}</text>')
        x += 28 + 6.5 * len(headers[key])
    out.append("</svg>")
    return Markup("".join(out))


def label_lines(label: str, band: float, size: float, most: int = 3) -> list[str]:
    """A category label wrapped to fit under its bar: at most `most` lines, then "…"."""
    width = max(4, int(band / (size * .5)))
    lines = textwrap.wrap(label, width, break_long_words=False) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][:width - 1] + "…"
    return [line if len(line) <= width + 2 else line[:width] + "…" for line in lines]


def describe(table, keys, headers, categories, words) -> str:
    """A sentence-by-sentence reading of the chart, for its <desc>: each value as the table
    prints it ("less than 1%" for "<1"), never as the height it is drawn at."""
    parts = [f"{words[table.chart.type]} of {table.caption}. {words['data_follow']}"]
    index = {c.key: i for i, c in enumerate(table.columns)}
    for key in keys:
        unit = table.columns[index[key]].unit
        pairs = ", ".join(f"{c} {spoken(row[index[key]], unit, words)}"
                          for c, row in zip(categories, table.rows))
        parts.append(f"{headers[key]}: {pairs}.")
    return " ".join(parts)
