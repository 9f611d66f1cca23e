"""The few lines printed after a run: the numbers a user checks first, and where the files are."""

from __future__ import annotations

import os
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from streamline.report import (
    coverage_sentence,
    figure_text,
    format_vnd,
    i18n,
    incomplete_sentence,
    unconfirmed_count,
)
from streamline.result import AnalysisResult

__all__ = ["format_vnd", "print_summary"]

# Summary keys shown, in reading order: people in = analysed + flagged, then target and money.
KEYS = (
    "people",
    "not_analysed",
    "in_scope",
    "target_total",
    "retiring_total",
    "gap_total",
    "monthly_fund",
)
# Shown when the run computed streamlining proposals (issue 2/2).
STREAMLINING_KEYS = (
    "proposed_total",
    "remaining_gap_total",
    "deferred_total",
    "one_off_cost",
    "annual_saving",
)


def print_summary(
    result: AnalysisResult, out_paths: Iterable[str | os.PathLike], console: Console | None = None
) -> None:
    """Print the key figures and output paths; `console` lets tests capture the text. A run
    that could not compute everything says so first."""
    console = console or Console()
    lang = result.lang
    if sentence := incomplete_sentence(result, lang):
        console.print(sentence, style="bold yellow", markup=False, highlight=False)
    if "mapping" in result.tables:
        print_mapping(result, console)
    table = Table(
        title=i18n.label("report.key_figures", lang), show_header=False, title_justify="left"
    )
    table.add_column(style="bold")
    table.add_column(justify="right")
    for key in KEYS + STREAMLINING_KEYS:
        summary = result.tables.get("summary")
        if key in STREAMLINING_KEYS and (summary is None or key not in summary.columns):
            continue
        table.add_row(
            Text(i18n.label(f"summary.{key}", lang, key)),
            Text(figure_text(result, key, lang) or "—"),
        )
    console.print(table)
    if sentence := coverage_sentence(result, lang):
        console.print(sentence, markup=False, highlight=False)
    if result.figure("policy"):
        console.print(
            f"{i18n.label('summary.policy', lang)}: {figure_text(result, 'policy', lang)}",
            markup=False,
            highlight=False,
        )
    if "summary" in result.tables:
        balance = {
            k: figure_text(result, v, lang)
            for k, v in (
                ("rows", "rows_read"),
                ("people", "people"),
                ("other", "non_person_rows"),
                ("flagged", "not_analysed"),
            )
        }
        console.print(
            i18n.label("report.rows_balance", lang).format(**balance), markup=False, highlight=False
        )
        lists = {k: result.figure(f"list_{k}") for k in ("rows", "records", "not_analysed")}
        if lists["rows"]:  # the lists' rows, counted apart from the staff lists'
            console.print(i18n.message("report.list_balance", {
                "rows": lists["rows"], "records": lists["records"],
                "other": lists["rows"] - lists["records"] - lists["not_analysed"],
                "flagged": lists["not_analysed"]}, lang), markup=False, highlight=False)
    n = unconfirmed_count(result)
    if n:
        console.print(
            i18n.label("report.unconfirmed", lang).format(n=n), style="bold yellow", markup=False
        )
    console.print(i18n.label("report.outputs", lang) + ":", style="bold")
    for path in out_paths:
        console.print(f"  {os.fspath(path)}", markup=False, highlight=False)


def print_mapping(result: AnalysisResult, console: Console) -> None:
    """What the importer understood: each sheet's role, and each source column → field.

    Sheets with the same header (one per sub-unit, say) share one mapping table.
    """
    lang = result.lang
    mapping, counts = result.tables["mapping"], result.tables["counts"]
    console.print(i18n.label("report.sheets_read", lang) + ":", style="bold")
    files = result.tables.get("files")
    if files is not None and "read_as" in files.columns:
        for f in files.filter(files["read_as"].is_not_null()).iter_rows(named=True):
            said = i18n.label("issue.read_by_content", lang).format(v=f["read_as"])
            console.print(f"  {f['file']}: {said}", markup=False, highlight=False)
    shown: set[tuple] = set()
    for sheet in counts.iter_rows(named=True):
        role = i18n.label(f"role.{sheet['role']}", lang, sheet["role"])
        extra = f" ({sheet['people']})" if sheet["role"] == "staff" else ""
        console.print(
            f"  {sheet['file']} › {sheet['sheet']}: {role}{extra}", markup=False, highlight=False
        )
        cols = mapping.filter(
            (mapping["file"] == sheet["file"]) & (mapping["sheet"] == sheet["sheet"])
        )
        signature = tuple(zip(cols["source_label"], cols["field"], strict=True))
        if sheet["role"] not in ("staff", "positions", "units") or signature in shown:
            continue
        shown.add(signature)
        table = Table(show_header=True, box=None, padding=(0, 1), pad_edge=False)
        for key in ("column", "source_label", "field"):
            table.add_column(i18n.column(key, lang), style="dim" if key == "column" else None)
        ignored = []
        for col in cols.iter_rows(named=True):
            if col["field"]:
                field = i18n.column(col["field"], lang)
                table.add_row(col["column"], Text(col["source_label"]), field)
            else:
                ignored.append(f"{col['column']} {col['source_label']}")
        console.print(table)
        if ignored:
            console.print(
                f"    {i18n.label('report.columns_ignored', lang)}: " + "; ".join(ignored),
                markup=False,
                highlight=False,
            )
