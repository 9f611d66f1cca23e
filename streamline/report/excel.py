"""The Excel workbook an HR officer opens: one sheet per result table, Vietnamese labels.

Cells hold values, never formulas or links: names and units come from other people's files,
and a "name" such as =HYPERLINK(...) must stay inert text (the writer stores every string as a
text cell). Highlights are static row formats chosen from flags the SQL steps computed, not
formula conditional formats, so a sheet is written column-wise in one call.

Writer: rustpy-xlsxwriter (Rust) for each sheet's frame, sheetrows.py for its rows. Measured
on the 100,000-person staff sheet (4.2 M cells, same rows): rustpy-xlsxwriter 3.8 s,
pyexcelerate 31 s, xlsxwriter constant_memory write_row 42 s, polars write_excel (xlsxwriter
underneath) 75 s; the rows built by polars and deflated in slices on two cores, 1.4 s (with
zlib; with ISA-L the whole 100,000-person workbook now takes 1.0–1.2 s). The writer covers
what the sheets need (column formats and widths, header format, merged note line, frozen
panes, autofilter, print setup, value conditional formats, per-row formats); its one limit,
kept by the rows: a row format does not reach cells that carry their own column format
(numbers, dates), so a highlighted row colours its text cells.

A person-level table longer than a sheet holds (national runs) is not cut: the summary says
the list is in the --tables Parquet files instead.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from pathlib import Path

import polars as pl
import rustpy_xlsxwriter as rx

from streamline.report import (
    TOTALS,
    UNIT_TABLES,
    atomic_write,
    coverage_sentence,
    i18n,
    localize,
    run_dates,
    shows_units,
    summary_items,
    tables_note,
    unconfirmed_count,
    with_total,
)
from streamline.report.sheetrows import HIGHLIGHT, PLAIN, TOTAL, Rows, Splicer
from streamline.result import TABLE_ORDER, AnalysisResult

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
# An allowance amount and the input it is priced from (queries/pay_prices.sql): with that input
# blank for everyone the amount is 0 on every row.
AMOUNT_INPUTS = {"regional": "region_coef", "responsibility": "resp_coef",
                 "profession_pref": "pref_pct", "prof_seniority": "prof_seniority_pct",
                 "party_union": "party_pct", "reserved": "reserved_coef"}
PROVENANCE = ["source_file", "source_sheet"]
# Decimal columns that hold a head count in some rows and a share in others (an organisation
# check's actual value and its limit): Excel's General format shows 2 and 0,65, not 2,00.
GENERAL_COLUMNS = {"actual", "limit_value"}
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
# Tables with one row per person: past a sheet's size they go to --tables whole, never cut.
PERSON_TABLES = {"staff", "candidates", "payouts", "deferred"}

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
# Columns a sheet keeps last and leaves off paper: the unit tree's node name and parent path
# are parts of its path (the HTML leaves them out too).
UNPRINTED = {"rollup": ("node_name", "parent_path")}
A4 = 9  # Excel's paper-size code: offices print on A4, not the writers' default Letter
# Printing: A4 landscape less its 0.4" side margins, in points; below 70 % Calibri 11 prints
# under 8 pt, too small to read on paper, so a wider sheet prints on more pages across.
PAGE_WIDTH, MIN_PRINT_SCALE = 784, 0.7
# What names a row, left of the rest: repeated on each page of a sheet printed across pages,
# with the columns before it, when it is among the first IDENTITY_SPAN.
IDENTITY, IDENTITY_SPAN = ("full_name", "node_path", "unit"), 4
# A line above the header that must travel with the sheet (printed with it, too).
SHEET_NOTES = {"candidates": "report.candidates_note", "payouts": "report.recommendation",
               "org_checks": "report.org_checks_note",
               "merge_candidates": "report.merge_candidates_note"}
WIDTH_SAMPLE = 1000
MIN_WIDTH, MAX_WIDTH, HEADER_WRAP = 5, 50, 10
# A capital takes about 1.4 characters of a column's width (widths count "0"s): a wrapped
# text's lines are counted so, here and in the forms.
CAPITAL = 1.4

RED = ("#F8CBAD", "#9C0006")  # (fill, font colour)
AMBER = ("#FFE699", "#7F6000")
GREEN = ("#C6EFCE", "#006100")
# Whole rows to colour: table → (flag column computed by the SQL steps, its value, colour).
ROW_HIGHLIGHTS = {
    "staff": ("past_retirement", True, RED),
    "candidates": ("proposed", True, GREEN),
    "org_checks": ("ok", False, RED),
    "parameters": ("confirmed", False, AMBER),
}


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
    """The writer saves a stub beside `path`; the table rows are spliced in from it."""
    stub = path.with_name(path.name + ".stub")
    book = rx.FastExcel(str(stub), output_format="xlsx")
    splicer = Splicer()
    fmt = _Formats()
    used: set[str] = set()
    names = _table_names(result)
    notes = _left_out(result, names)
    for name in names:
        if name == "summary":
            _write_summary(book, _sheet_name(name, lang, used), result, fmt, lang, notes)
        elif name in notes and notes[name] != "report.truncated":
            continue  # the summary sends the reader to the --tables file
        else:
            kept = MAX_ROWS - 1 - (name in TOTALS)  # room for the total line
            raw = result.tables[name].head(kept)
            shown = localize(name, raw, lang, result.facts).drop(_says_nothing(raw), strict=False)
            frame, has_total = with_total(name, _with_data(_sheet_view(name, shown)), lang)
            _write_table(book, splicer, _sheet_name(name, lang, used), name, frame, fmt, lang,
                         has_total, _highlighted_rows(name, raw))
    try:
        book.save()
        splicer.splice(stub, path)
    finally:
        stub.unlink(missing_ok=True)


def leaves_out(result: AnalysisResult) -> bool:
    """Whether the workbook sends its reader to the --tables files for a table."""
    return bool(_left_out(result, _table_names(result)))


def _left_out(result: AnalysisResult, names: list[str]) -> dict[str, str]:
    """The tables the workbook does not show whole, each with the summary's note: left to
    --tables (past UNIT_DETAIL_MAX units, report/__init__.py, the unit tables and the whole
    staff list; person lists past a sheet's size) or cut at Excel's limit (any other table).
    The lists of people proposed, paid or deferred stay while they fit: they are what a
    ministry acts on."""
    notes = {}
    for name in names:
        if name in UNIT_TABLES and not shows_units(result):
            notes[name] = "report.units_in_tables"
        elif name == "staff" and not shows_units(result):
            notes[name] = "report.people_in_tables"
        elif result.tables[name].height >= MAX_ROWS:
            notes[name] = "report.in_tables" if name in PERSON_TABLES else "report.truncated"
    return notes


def _highlighted_rows(name: str, raw: pl.DataFrame) -> list[int]:
    """Data-row indexes whose SQL-computed flag asks for the table's row highlight."""
    if name not in ROW_HIGHLIGHTS or ROW_HIGHLIGHTS[name][0] not in raw.columns:
        return []
    col, value, _ = ROW_HIGHLIGHTS[name]
    return (raw[col] == value).fill_null(False).arg_true().to_list()

def _sheet_view(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The sheet's columns in HR reading order, for the tables that have a curated view;
    columns that only repeat another's text last (UNPRINTED)."""
    if name in SHEET_COLUMNS:
        frame = frame.select(c for c in SHEET_COLUMNS[name] if c in frame.columns)
    last = [c for c in UNPRINTED.get(name, ()) if c in frame.columns]
    return frame.select(*(c for c in frame.columns if c not in last), *last)


def _says_nothing(raw: pl.DataFrame) -> list[str]:
    """Columns that would repeat one value on every row of a person list: an allowance whose
    input the source has no column for (0 for everyone, beside its own empty input column),
    and the file and sheet of a list read from one sheet (the input files sheet names it).
    Each is a column less to read and print, and 100,000 cells less to write."""
    if not raw.height:
        return []
    cols = raw.columns
    idle = [amount for amount, source in AMOUNT_INPUTS.items()
            if amount in cols and source in cols and raw[source].null_count() == raw.height]
    if all(c in cols for c in PROVENANCE) and all(raw[c].n_unique() == 1 for c in PROVENANCE):
        idle += PROVENANCE
    return idle


def _with_data(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop all-empty columns: optional inputs the source workbook lacked (28 of the staff
    table's 77 for a plain list) would only widen the sheet and its printout. The --tables
    files keep every column; an empty table keeps its headers to show what it would hold."""
    if not frame.height:
        return frame
    return frame.select(c for c in frame.columns if frame[c].null_count() < frame.height)


class _Formats:
    """Cell formats created once per workbook and shared (Excel caps distinct formats)."""

    def __init__(self):
        self.header = (
            rx.Format().set_bold().set_text_wrap().set_align("top")
            .set_background_color("#DDEBF7").set_border_bottom("thin")
        )
        self.title = rx.Format().set_bold().set_font_size(14)
        self.warn = rx.Format().set_bold().set_font_color("#C00000")
        self.text = rx.Format().set_text_wrap().set_align("top")
        self.bold = rx.Format().set_bold()
        self.fill = {
            colour: rx.Format().set_background_color(colour[0]).set_font_color(colour[1])
            for colour in (RED, AMBER, GREEN)
        }
        self._cache: dict[tuple, rx.Format | None] = {}

    def cell(self, num: str | None = None, center: bool = False, wrap: bool = False):
        """The format for a number format / centring / wrapping combination (None: plain).
        A wrapped cell keeps Excel's bottom alignment, as every other cell of its row has
        it: the row's values stand beside its text's last line."""
        key = (num, center, wrap)
        if key not in self._cache:
            f = None
            if num:
                f = rx.Format().set_num_format(num)
            if center:
                f = (f or rx.Format()).set_align("center")
            if wrap:
                f = (f or rx.Format()).set_text_wrap()
            self._cache[key] = f
        return self._cache[key]

def _number_format(col: str, dtype: pl.DataType) -> str | None:
    if dtype == pl.Date:
        return MONTH if col in MONTH_COLUMNS else DATE
    if isinstance(dtype, pl.Datetime):
        return DATETIME
    if col in PERCENT_COLUMNS and (dtype.is_float() or dtype.is_decimal()):
        return PERCENT
    if col in GENERAL_COLUMNS:
        return "General"
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


def _print_setup(name: str, cols: list[str], widths: list[float], n: int, top: int) -> dict:
    """Landscape A4: the whole sheet, or its key columns when it is wide (PRINTED), one page
    wide when that prints at MIN_PRINT_SCALE or larger, else on as many pages across as
    keep it so, the row's identity (name, unit) repeated at the left of each page."""
    unprinted = sum(c in cols for c in UNPRINTED.get(name, ()))
    printed = min(PRINTED.get(name, len(cols) - unprinted), len(cols))
    keep = next((cols.index(c) + 1 for c in IDENTITY if c in cols[:IDENTITY_SPAN]), 0)
    wide = _pages_wide(widths[:printed], keep)
    setup = {
        "landscape": True,
        "paper_size": A4,
        "fit_to_pages": (wide, 0),
        "repeat_rows": (top, top),
        "margins": {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.5},
        "footer": "&L&A&R&P / &N",
    }
    if wide > 1 and keep:
        setup["repeat_columns"] = (0, keep - 1)
    if printed < len(cols):
        setup["print_area"] = (0, 0, top + max(n, 1), printed - 1)
    return setup


def _pages_wide(widths: list[float], keep: int) -> int:
    """Pages across for columns of these widths (characters) to print at MIN_PRINT_SCALE or
    larger, the first `keep` repeated on every page."""
    points = [(7 * w + 5) * 0.75 for w in widths]  # Calibri 11: 7 px a character, 5 padding
    whole, repeated = sum(points), sum(points[:keep])
    pages = 1
    while (pages < len(widths)
           and pages * PAGE_WIDTH / (whole + (pages - 1) * repeated) < MIN_PRINT_SCALE):
        pages += 1
    return pages


def _write_table(
    book: rx.FastExcel,
    splicer: Splicer,
    sheet: str,
    name: str,
    frame: pl.DataFrame,
    fmt: _Formats,
    lang: str,
    has_total: bool = False,
    highlighted: list[int] = (),
) -> None:
    """Note line (some sheets) and header by the writer, over a stub of the rows; the rows
    themselves by the splicer (sheetrows.py)."""
    cols = frame.columns
    top = 1 if name in SHEET_NOTES else 0
    # A cell holds one value: lists become "a, b", records their JSON text.
    disp = frame.with_columns(
        *(
            pl.col(c).cast(pl.List(pl.String)).list.join(", ")
            for c in cols
            if isinstance(frame.schema[c], pl.List)
        ),
        *(pl.col(c).struct.json_encode() for c in cols if isinstance(frame.schema[c], pl.Struct)),
    )
    headers = _unique_headers([i18n.column(c, lang) for c in cols])
    formats, widths, wrapped = [], [], []
    for col, header in zip(cols, headers, strict=True):
        dtype = frame.schema[col]
        center = col in CENTER_COLUMNS or dtype in (pl.Boolean, pl.Date, pl.Datetime)
        shown = min(len(header), HEADER_WRAP)
        wanted = max(_display_width(disp[col]), shown, MIN_WIDTH) + 2
        # Text wider than a column may be (reasons, legal sources) wraps in its cell: cut
        # off at the column's edge it would not print, and those are what users defend.
        wrap = disp.schema[col] == pl.String and wanted > MAX_WIDTH
        formats.append(fmt.cell(_number_format(col, dtype), center, wrap))
        widths.append(min(wanted, MAX_WIDTH))
        wrapped += [col] if wrap else []
    lines = max((math.ceil(len(h) / w) for h, w in zip(headers, widths, strict=True)), default=1)
    # A row whose text wraps is given the height of its lines: LibreOffice keeps a row
    # without a height one line high, and the lines overprint the next row.
    tall = _wrapped_lines(disp, wrapped, MAX_WIDTH)
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
    ).rename(dict(zip(cols, headers, strict=True)))
    # The writer gets a stub whose first rows are one sample of each row kind, formatted as
    # that kind is; the rows themselves are the splicer's, in the styles the samples show.
    n = disp.height
    kinds = pl.zeros(n, pl.Int8, eager=True).scatter([r for r in highlighted if r < n], HIGHLIGHT)
    if has_total:
        kinds[n - 1] = TOTAL
    rows = Rows(sheet, disp, top, kinds, {r: 15 * k for r, k in tall})
    kind_format = {HIGHLIGHT: fmt.fill[ROW_HIGHLIGHTS[name][2]] if highlighted else None,
                   TOTAL: fmt.bold}
    options: dict = {
        "column_widths": widths,
        "column_formats": formats,
        "header_format": fmt.header,
        "header_row": top,
        "row_heights": {top: 15 * lines},
        "row_formats": {top + 1 + i: kind_format[k]
                        for i, k in enumerate(rows.present()) if k != PLAIN},
        "autofilter": bool(cols),
        "page_setup": _print_setup(name, cols, widths, n, top),
        "conditional_formats": _value_highlights(name, cols, headers, fmt, lang) if n else None,
    }
    if top:
        options["merge_ranges"] = [
            (0, 0, 0, max(len(cols) - 1, 1), i18n.label(SHEET_NOTES[name], lang), fmt.warn)
        ]
    book.sheet(sheet, rows.stub(), **options)
    splicer.add(rows)
    if cols:
        book.freeze(row=top + 1, col=cols.index("full_name") + 1 if "full_name" in cols else 0,
                    sheet=sheet)


def _wrapped_lines(frame: pl.DataFrame, wrapped: list[str], width: int) -> list[tuple]:
    """(row index, lines) of the rows whose wrapped text needs more than one line in a
    column `width` characters wide, 2 of them its margin, capitals counted CAPITAL wide."""
    if not wrapped or not frame.height:
        return []
    per_line = max(width - 2, 1)
    lines = pl.max_horizontal(
        ((pl.col(c).str.len_chars() + (CAPITAL - 1) * pl.col(c).str.count_matches(r"\p{Lu}"))
         .fill_null(0) / per_line).ceil().cast(pl.Int64)
        for c in wrapped)
    tall = (frame.select(lines.alias("lines")).with_row_index("row")
            .filter(pl.col("lines") > 1))
    return list(tall.iter_rows())


def _unique_headers(headers: list[str]) -> list[str]:
    """Column labels made unique (a frame's column names must be)."""
    seen: set[str] = set()
    out = []
    for h in headers:
        label, k = h, 1
        while label in seen:
            k += 1
            label = f"{h} ({k})"
        seen.add(label)
        out.append(label)
    return out


def _value_highlights(
    name: str, cols: list[str], headers: list[str], fmt: _Formats, lang: str
) -> dict:
    """Cell colours that depend on the cell's own value: a cell rule, no formula."""
    rules: dict[str, list[dict]] = {}
    if name == "staff" and "off_scale" in cols:
        yes = i18n.label("bool.true", lang)  # the column holds only the yes/no words
        rules[headers[cols.index("off_scale")]] = [
            {"type": "text", "criteria": "begins_with", "value": yes, "format": fmt.fill[AMBER]}
        ]
    if name in ("positions", "positions_by_category") and "difference" in cols:
        rules[headers[cols.index("difference")]] = [
            {"type": "cell", "criteria": ">", "value": 0, "format": fmt.fill[RED]},
            {"type": "cell", "criteria": "<", "value": 0, "format": fmt.fill[AMBER]},
        ]
    return rules

def _write_summary(
    book: rx.FastExcel,
    sheet: str,
    result: AnalysisResult,
    fmt: _Formats,
    lang: str,
    notes: dict[str, str],
) -> None:
    """Key figures plus the facts that change their meaning: dates and unconfirmed rules."""
    as_of, horizon = run_dates(result, lang)
    lines: list[tuple[str, rx.Format | None]] = [
        (i18n.label("report.title", lang), fmt.title),
        (
            f"{i18n.label('report.as_of', lang)}: {as_of}    "
            f"{i18n.label('report.horizon', lang)}: {horizon}",
            None,
        ),
    ]
    if sentence := coverage_sentence(result, lang):
        lines.append((sentence, fmt.bold))
    unconfirmed = unconfirmed_count(result)
    if unconfirmed:
        lines.append((i18n.label("report.unconfirmed", lang).format(n=unconfirmed), fmt.warn))
    if result.masked:
        lines.append((i18n.label("report.masked", lang), fmt.warn))
    for name, key in notes.items():
        note = tables_note(result, name, key, lang, kept=i18n.integer(MAX_ROWS - 1, lang))
        lines.append((note, fmt.warn))
    key, value = i18n.column("key", lang), i18n.column("value", lang)
    records: list[dict] = [
        {key: label, value: v if isinstance(v, (str, int)) or v is None else float(v)}
        for _, label, v in summary_items(result, lang)
    ]
    header_row = len(lines) + 1
    inputs_row = header_row + len(records) + 2
    records.append({key: None, value: None})
    records.append({key: i18n.label("report.inputs", lang), value: None})
    records.extend({key: str(source), value: None} for source in result.inputs)
    book.sheet(
        sheet,
        records,
        column_widths=[48, 60],
        column_formats=[None, rx.Format().set_num_format(VND).set_text_wrap().set_align("top")],
        header_format=fmt.header,
        header_row=header_row,
        merge_ranges=[(r, 0, r, 1, text, *([style] if style else []))
                      for r, (text, style) in enumerate(lines)],
        row_formats={inputs_row: fmt.bold},
        page_setup={"paper_size": A4, "fit_to_pages": (1, 0)},
    )
