"""`streamline inspect`: what the importer understood of each file, before anything is computed.

Per sheet its role (or why it was skipped); per column the field it was read as, how sure the
reading is and from what (header tokens, values), the columns left unread, and a ready --map
line for every unread column that looks meaningful or reading the user should confirm.
"""

from __future__ import annotations

import json

import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

from streamline.ingest import Ingested
from streamline.report import i18n

# A reading below this, or one the values alone made, is shown with a --map line to confirm.
CONFIRM_BELOW = 0.7
_SKIPPED = ("sheet_ignored", "sheet_totals", "sheet_no_names", "sheet_hidden")


def map_line(label: str, field: str) -> str:
    """The --map option for one column, quoted for a shell."""
    return '--map "' + f"{label}={field}".replace('"', '\\"') + '"'


def print_inspection(ing: Ingested, lang: str, console: Console | None = None) -> None:
    console = console or Console()
    issues = ing.issues
    for f in ing.files.iter_rows(named=True):
        line = f["file"]
        if f.get("read_as"):
            line += ": " + i18n.label("issue.read_by_content", lang).format(v=f["read_as"])
        if f["status"] != "read":
            status = f["status"]
            line += f" ({i18n.label('file_status.' + status, lang, status)})"
        console.print(line, style="bold", markup=False, highlight=False)
    for sheet in ing.counts.iter_rows(named=True):
        _print_sheet(ing.mapping, issues, sheet, lang, console)


def _print_sheet(mapping: pl.DataFrame, issues: pl.DataFrame, sheet: dict, lang: str,
                 console: Console) -> None:
    role = i18n.label(f"role.{sheet['role']}", lang, sheet["role"])
    head = f"{sheet['file']} › {sheet['sheet']}: {role}"
    if sheet["role"] == "staff":
        head += f" ({sheet['people']})"
    console.print(head, markup=False, highlight=False)
    mine = issues.filter((pl.col("file") == sheet["file"]) & (pl.col("sheet") == sheet["sheet"]))
    for row in mine.filter(pl.col("code").is_in(_SKIPPED + ("date_order_mdy", "date_order_mixed",
                                                            "date_order_ambiguous"))).iter_rows(
            named=True):
        args = json.loads(row["args"] or "{}")
        console.print("  " + i18n.message(f"issue.{row['code']}", args, lang),
                      markup=False, highlight=False)
    cols = mapping.filter((pl.col("file") == sheet["file"]) & (pl.col("sheet") == sheet["sheet"]))
    if sheet["role"] not in ("staff", "positions", "units") or cols.is_empty():
        return
    table = Table(show_header=True, box=None, padding=(0, 1), pad_edge=False)
    for key in ("column", "source_label", "field", "confidence", "evidence", "pattern"):
        table.add_column(i18n.column(key, lang), style="dim" if key == "column" else None)
    fixes = []
    for col in cols.iter_rows(named=True):
        conf = col["confidence"]
        table.add_row(
            col["column"],
            Text(col["source_label"]),
            i18n.column(col["field"], lang) if col["field"] else "—",
            "" if conf is None else f"{conf:.0%}",
            i18n.label(f"evidence.{col['evidence']}", lang, "") if col["evidence"] else "",
            i18n.label(f"pattern.{col['pattern']}", lang, "") if col["pattern"] else "",
        )
        if col["field"] and (col["evidence"] == "values"
                             or (conf is not None and conf < CONFIRM_BELOW)):
            fixes.append(map_line(col["source_label"], col["field"]))
        elif not col["field"] and col["suggestion"]:
            fixes.append(map_line(col["source_label"], col["suggestion"]))
    console.print(table)
    if fixes:
        console.print("  " + i18n.label("inspect.fix", lang), markup=False, highlight=False)
        for fix in fixes:
            console.print(f"    {fix}", markup=False, highlight=False)
