"""CSV downloads of the key data tables, made from the same records the pages print.

Numbers live once, in content/data; the CSV is generated from them, so the download can never
disagree with the table on the page. A value recorded as printed with a note keeps its value,
and its note goes in a last `notes` column.
"""

from __future__ import annotations

import csv
import io

from ..content.model import Noted, Table


def cell_value(cell) -> str:
    if isinstance(cell, Noted):
        cell = cell.value
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:g}"
    return str(cell)


def row_notes(table: Table, row) -> str:
    return "; ".join(f"{column.header}: {cell.note}"
                     for column, cell in zip(table.columns, row) if isinstance(cell, Noted))


def table_csv(table: Table) -> str:
    """The table as CSV: a header row, the rows, the total row if any, and a notes column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(c.header) for c in table.columns] + ["notes"])
    rows = list(table.rows) + ([table.total] if table.total else [])
    for row in rows:
        writer.writerow([cell_value(c) for c in row] + [row_notes(table, row)])
    return out.getvalue()
