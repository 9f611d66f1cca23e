"""Small openpyxl helpers the layouts share: merged header cells and Excel serial dates."""

from __future__ import annotations

import datetime as dt

from openpyxl.styles import Alignment, Font

BOLD = Font(bold=True)


def put(ws, cell_range: str, text, bold: bool = True) -> None:
    """Write `text` in the range's first cell and merge the range (a banner or header)."""
    first = cell_range.split(":")[0]
    ws[first] = text
    if bold:
        ws[first].font = BOLD
    ws[first].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if ":" in cell_range:
        ws.merge_cells(cell_range)


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days
