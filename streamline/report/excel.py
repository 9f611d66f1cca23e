"""The Excel workbook an HR officer opens: one sheet per result table, Vietnamese labels.

Cells hold values, never formulas or links: names and units come from other people's files,
and a "name" such as =HYPERLINK(...) must stay inert text. The workbook is streamed row by row
(xlsxwriter constant_memory) so a national-size staff table neither exhausts memory nor takes
minutes.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from pathlib import Path

import polars as pl
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from streamline.report import (
    TOTALS,
    atomic_write,
    coverage_sentence,
    i18n,
    localize,
    run_dates,
    summary_items,
    unconfirmed_count,
    with_total,
)
from streamline.result import TABLE_ORDER, AnalysisResult

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": True,
    "nan_inf_to_errors": True,  # a NaN shows as #NUM! rather than aborting the workbook
}
VND = "#,##0"  # Excel shows 1.234.567 under a Vietnamese locale
COEF = "0.00"
PERCENT = "0%"
DATE = "dd/mm/yyyy"
MONTH = "mm/yyyy"
DATETIME = "dd/mm/yyyy hh:mm"
# Day 0 of Excel's serial dates, valid from 1900-03-01 (Excel's phantom 1900-02-29 before it).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_EPOCH_TIME = dt.datetime(1899, 12, 30)
# Integer columns that are identifiers or small counts, not amounts: no thousands separator.
PLAIN_INT_COLUMNS = {
    "person_id",
    "source_row",
    "row",
    "step",
    "age",
    "months_to_retirement",
    "si_months",
    "sick_days",
}
PERCENT_COLUMNS = {"rate"}
# Date columns that stand for a whole month.
MONTH_COLUMNS = {"retirement_month"}
# Short codes read better centred than pushed against a neighbouring number.
CENTER_COLUMNS = PLAIN_INT_COLUMNS | {
    "sex",
    "column",
    "retirement_month",
    "grade_code",
    "salary_type",
}
MAX_ROWS = 1_048_576  # Excel's limit, header included

# The HR view of the widest tables: their columns in reading order (the --tables files keep
# every column). The first PRINTED columns of a sheet are its print area: what fits on paper.
SHEET_COLUMNS = {
    "staff": (
        "person_id",
        "employee_id",
        "full_name",
        "unit",
        "position",
        "title",
        "staff_type",
        "sex",
        "birth_date",
        "grade_code",
        "coef",
        "lead_coef",
        "monthly_salary",
        "retirement_month",
        "grade_name",
        "salary_type",
        "step",
        "scale_coef",
        "off_scale",
        "tnvk_pct",
        "region_coef",
        "resp_coef",
        "salary",
        "leadership",
        "seniority",
        "regional",
        "responsibility",
        "public_service",
        "profession_pref",
        "prof_seniority",
        "party_union",
        "reserved",
        "insurance_base",
        "employer_contrib",
        "bonus_yearly",
        "age",
        "pension_start",
        "months_to_retirement",
        "past_retirement",
        "retiring_by_horizon",
        "in_scope",
        "funding",
        "notes",
        "source_file",
        "source_sheet",
        "source_row",
    ),
    # Close to the decree appendix lists: who, current salary S and its parts, time early,
    # SI years, each allowance, the total; then eligibility, saving and the reasons.
    "payouts": (
        "employee_id",
        "full_name",
        "unit",
        "position",
        "staff_type",
        "route",
        "s_current",
        "months_early",
        "years_early",
        "si_years",
        "a1",
        "a2",
        "a3",
        "b1",
        "b2",
        "b3",
        "total",
        "s_salary",
        "s_leadership",
        "s_seniority",
        "s_prof_seniority",
        "s_profession_pref",
        "s_responsibility",
        "s_public_service",
        "s_party_union",
        "s_reserved",
        "s_excluded",
        "s_avg",
        "leave_date",
        "retirement_month",
        "si_months",
        "first12",
        "pension_waiver",
        "eligible",
        "reason",
        "annual_saving",
        "payback_months",
        "notes",
        "unconfirmed",
    ),
    "candidates": (
        "employee_id",
        "full_name",
        "unit",
        "position",
        "staff_type",
        "rank_in_unit",
        "proposed",
        "route",
        "payout_total",
        "reasons",
        "counts_toward_gap",
        "n_triggers",
        "trig_surplus",
        "trig_training",
        "trig_rating",
        "trig_sick",
        "volunteer",
        "score",
        "rating_1",
        "rating_2",
        "rating_3",
        "months_to_retirement",
        "retirement_month",
        "er_eligible",
        "quit_eligible",
        "payout_eligible",
        "annual_saving",
        "payback_months",
    ),
}
PRINTED = {"staff": 14, "payouts": 17, "candidates": 10}
# A line above the header that must travel with the sheet (printed with it, too).
SHEET_NOTES = {"candidates": "report.recommendation", "payouts": "report.recommendation"}
WIDTH_SAMPLE = 1000
MIN_WIDTH, MAX_WIDTH, HEADER_WRAP = 5, 50, 18

RED = {"bg_color": "#F8CBAD", "font_color": "#9C0006"}
AMBER = {"bg_color": "#FFE699", "font_color": "#7F6000"}
GREEN = {"bg_color": "#C6EFCE", "font_color": "#006100"}


def write_workbook(
    result: AnalysisResult, path: str | os.PathLike, lang: str | None = None
) -> Path:
    """Write the workbook atomically; `lang` defaults to the run's language."""
    lang = lang or result.lang
    return atomic_write(path, lambda tmp: _write(result, tmp, lang), inputs=result.inputs)


def _table_names(result: AnalysisResult) -> list[str]:
    known = [n for n in TABLE_ORDER if n in result.tables]
    return known + [n for n in result.tables if n not in TABLE_ORDER]


def _sheet_name(name: str, lang: str, used: set[str]) -> str:
    return unique_sheet_name(i18n.sheet(name, lang), used)


def unique_sheet_name(title: str, used: set[str]) -> str:
    """Excel forbids []:*?/\\ and names over 31 characters, and compares names ignoring case."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip(" '")[:31] or "Sheet"
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def _write(result: AnalysisResult, path: Path, lang: str) -> None:
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    fmt = _Formats(wb)
    used: set[str] = set()
    names = _table_names(result)
    truncated = {n: result.tables[n].height for n in names if result.tables[n].height >= MAX_ROWS}
    for name in names:
        ws = wb.add_worksheet(_sheet_name(name, lang, used))
        if name == "summary":
            _write_summary(ws, result, fmt, lang, truncated)
        else:
            kept = MAX_ROWS - 1 - (name in TOTALS)  # room for the total line
            shown = localize(name, result.tables[name].head(kept), lang, result.facts)
            frame, has_total = with_total(name, _with_data(_sheet_view(name, shown)), lang)
            _write_table(ws, name, frame, fmt, lang, has_total)
    wb.close()


def _sheet_view(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The sheet's columns in HR reading order, for the tables that have a curated view."""
    if name not in SHEET_COLUMNS:
        return frame
    return frame.select(c for c in SHEET_COLUMNS[name] if c in frame.columns)


def _with_data(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop all-empty columns: optional inputs the source workbook lacked (28 of the staff
    table's 77 for a plain list) would only widen the sheet and its printout. The --tables
    files keep every column; an empty table keeps its headers to show what it would hold."""
    if not frame.height:
        return frame
    return frame.select(c for c in frame.columns if frame[c].null_count() < frame.height)


class _Formats:
    """Cell formats created once per workbook and shared (Excel caps distinct formats)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self.header = wb.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "bottom": 1}
        )
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.warn = wb.add_format({"bold": True, "font_color": "#C00000"})
        self.value = wb.add_format({"align": "right"})
        self.text = wb.add_format({"text_wrap": True, "valign": "top"})
        self.red = wb.add_format(RED)
        self.amber = wb.add_format(AMBER)
        self.green = wb.add_format(GREEN)
        self._cache: dict[tuple, xlsxwriter.format.Format | None] = {}

    def cell(self, num: str | None = None, center: bool = False, bold: bool = False):
        """The format for a number format / centring / bold combination (None: plain)."""
        key = (num, center, bold)
        if key not in self._cache:
            props: dict[str, object] = {"num_format": num} if num else {}
            if center:
                props["align"] = "center"
            if bold:
                props["bold"] = True
            self._cache[key] = self.wb.add_format(props) if props else None
        return self._cache[key]


def _number_format(col: str, dtype: pl.DataType) -> str | None:
    if dtype == pl.Date:
        return MONTH if col in MONTH_COLUMNS else DATE
    if isinstance(dtype, pl.Datetime):
        return DATETIME
    if col in PERCENT_COLUMNS and (dtype.is_float() or dtype.is_decimal()):
        return PERCENT
    if dtype.is_float() or dtype.is_decimal():
        return COEF
    if dtype.is_integer():
        return "0" if col in PLAIN_INT_COLUMNS else VND
    return None


def _display_width(series: pl.Series) -> int:
    """Characters needed by the widest value in a sample (whole column for numbers: cheap)."""
    dtype = series.dtype
    if dtype == pl.String:
        widest = series.head(WIDTH_SAMPLE).str.len_chars().max()
        return int(widest or 0)
    if dtype.is_numeric():
        top = series.abs().max() if series.len() else None
        if top is None or not math.isfinite(top):
            return 0
        digits = len(str(int(top)))
        decimals = 0 if dtype.is_integer() else 3
        return digits + (digits - 1) // 3 + decimals + 1
    if dtype in (pl.Date, pl.Datetime):
        return 10
    return int(series.head(WIDTH_SAMPLE).cast(pl.String).str.len_chars().max() or 0)


def _print_setup(ws, name: str, cols: list[str], n: int, top: int) -> None:
    """Landscape A4, one page wide: the whole sheet, or its key columns when it is wide."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    if name in PRINTED and len(cols) > PRINTED[name]:
        ws.print_area(0, 0, top + max(n, 1), PRINTED[name] - 1)
    ws.repeat_rows(top)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&L&A&R&P / &N")


def _write_table(
    ws, name: str, frame: pl.DataFrame, fmt: _Formats, lang: str, has_total: bool = False
) -> None:
    """Note line (some sheets), header, typed columns, then rows in order (constant_memory
    cannot go back)."""
    cols = frame.columns
    top = 0
    if name in SHEET_NOTES:
        ws.write_string(0, 0, i18n.label(SHEET_NOTES[name], lang), fmt.warn)
        top = 1
    # A cell holds one value: lists become "a, b", records their JSON text.
    disp = frame.with_columns(
        *(
            pl.col(c).cast(pl.List(pl.String)).list.join(", ")
            for c in cols
            if isinstance(frame.schema[c], pl.List)
        ),
        *(pl.col(c).struct.json_encode() for c in cols if isinstance(frame.schema[c], pl.Struct)),
    )
    headers = [i18n.column(c, lang) for c in cols]
    styles = []
    widths = []
    for c, (col, header) in enumerate(zip(cols, headers, strict=True)):
        dtype = frame.schema[col]
        styles.append(
            (
                _number_format(col, dtype),
                col in CENTER_COLUMNS or dtype in (pl.Boolean, pl.Date, pl.Datetime),
            )
        )
        shown = min(len(header), HEADER_WRAP)
        widths.append(min(max(_display_width(disp[col]), shown, MIN_WIDTH) + 2, MAX_WIDTH))
        ws.set_column(c, c, widths[-1], fmt.cell(*styles[-1]))
    lines = max((math.ceil(len(h) / w) for h, w in zip(headers, widths, strict=True)), default=1)
    ws.set_row(top, 15 * lines, fmt.header)
    ws.write_row(top, 0, headers, fmt.header)
    # Exact Decimals stay in the tables; Excel only needs a float to display. Dates become
    # Excel serial numbers in one vectorised step, so they take the column's date format.
    disp = disp.with_columns(
        *(pl.col(c).cast(pl.Float64) for c in cols if frame.schema[c].is_decimal()),
        *((pl.col(c) - EXCEL_EPOCH).dt.total_days() for c in cols if frame.schema[c] == pl.Date),
        *(
            (pl.col(c).dt.replace_time_zone(None) - EXCEL_EPOCH_TIME).dt.total_milliseconds()
            / 86_400_000
            for c in cols
            if isinstance(frame.schema[c], pl.Datetime)
        ),
    )
    n = disp.height
    body = zip(*(disp[c].to_list() for c in cols), strict=True)
    write_row = ws.write_row
    for r, values in enumerate(body, start=top + 1):
        if has_total and r == top + n:
            for c, v in enumerate(values):
                ws.write(r, c, v, fmt.cell(*styles[c], bold=True))
        else:
            write_row(r, 0, values)

    if cols:
        ws.freeze_panes(top + 1, cols.index("full_name") + 1 if "full_name" in cols else 0)
        ws.autofilter(top, 0, top + max(n, 1), len(cols) - 1)
    if n:
        _highlights(ws, name, cols, n, fmt, lang, top)
    _print_setup(ws, name, cols, n, top)


def _highlights(
    ws, name: str, cols: list[str], n: int, fmt: _Formats, lang: str, top: int = 0
) -> None:
    """Colour what a reader must not miss; conditional formats keep the cells plain values.

    Data rows are top + 1 … top + n (0-based), the header is row `top`."""
    first, last_row, last = top + 1, top + n, len(cols) - 1

    def ref(col: str) -> str:
        return f"${xl_col_to_name(cols.index(col))}{first + 1}"

    def rule(c0: int, c1: int, props: dict) -> None:
        ws.conditional_format(first, c0, last_row, c1, props)

    if name in ("positions", "positions_by_category") and "difference" in cols:
        c = cols.index("difference")
        rule(c, c, {"type": "cell", "criteria": ">", "value": 0, "format": fmt.red})
        rule(c, c, {"type": "cell", "criteria": "<", "value": 0, "format": fmt.amber})
    if name == "candidates" and "proposed" in cols:  # the proposed rows stand out
        yes = i18n.label("bool.true", lang).replace('"', '""')
        criteria = f'={ref("proposed")}="{yes}"'
        rule(0, last, {"type": "formula", "criteria": criteria, "format": fmt.green})
    if name == "staff":
        yes = i18n.label("bool.true", lang).replace('"', '""')
        if "past_retirement" in cols:
            criteria = f'={ref("past_retirement")}="{yes}"'
            rule(0, last, {"type": "formula", "criteria": criteria, "format": fmt.red})
        if "off_scale" in cols:
            c = cols.index("off_scale")
            criteria = f'={ref("off_scale")}="{yes}"'
            rule(c, c, {"type": "formula", "criteria": criteria, "format": fmt.amber})
    if name == "org_checks" and "ok" in cols:
        no = i18n.label("bool.false", lang).replace('"', '""')
        rule(0, last, {"type": "formula", "criteria": f'={ref("ok")}="{no}"', "format": fmt.red})
    if name == "parameters" and "confirmed" in cols:
        flag = i18n.label("confirmed.false", lang).replace('"', '""')
        criteria = f'={ref("confirmed")}="{flag}"'
        rule(0, last, {"type": "formula", "criteria": criteria, "format": fmt.amber})


def _write_summary(
    ws, result: AnalysisResult, fmt: _Formats, lang: str, truncated: dict[str, int]
) -> None:
    """Key figures plus the facts that change their meaning: dates and unconfirmed rules."""
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 60)
    as_of, horizon = run_dates(result, lang)
    lines: list[tuple[str, object]] = [
        (i18n.label("report.title", lang), fmt.title),
        (
            f"{i18n.label('report.as_of', lang)}: {as_of}    "
            f"{i18n.label('report.horizon', lang)}: {horizon}",
            None,
        ),
    ]
    if sentence := coverage_sentence(result, lang):
        lines.append((sentence, fmt.cell(bold=True)))
    unconfirmed = unconfirmed_count(result)
    if unconfirmed:
        lines.append((i18n.label("report.unconfirmed", lang).format(n=unconfirmed), fmt.warn))
    if result.masked:
        lines.append((i18n.label("report.masked", lang), fmt.warn))
    for name, height in truncated.items():
        note = i18n.label("report.truncated", lang).format(
            sheet=i18n.sheet(name, lang), kept=i18n.integer(MAX_ROWS - 1, lang),
            height=i18n.integer(height, lang)
        )
        lines.append((note, fmt.warn))
    row = 0
    for text, style in lines:
        ws.write_string(row, 0, text, style)
        row += 1
    row += 1
    ws.write_row(row, 0, [i18n.column("key", lang), i18n.column("value", lang)], fmt.header)
    for _, label, value in summary_items(result, lang):
        row += 1
        ws.write_string(row, 0, label)
        if isinstance(value, str):
            ws.write_string(row, 1, value, fmt.text)
        else:
            ws.write_number(row, 1, value, fmt.cell(VND))
    row += 2
    ws.write_string(row, 0, i18n.label("report.inputs", lang), fmt.cell(bold=True))
    for source in result.inputs:
        row += 1
        ws.write_string(row, 0, str(source))
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
