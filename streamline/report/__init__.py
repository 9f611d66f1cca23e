"""Outputs rendered from an AnalysisResult: Excel workbook, HTML report, console summary.

Helpers shared by the renderers live here: safe file replacement, VND formatting, and turning
a result table's codes into the labels a reader sees.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import polars as pl

from streamline import i18n
from streamline.errors import InputError

# Columns holding codes, and the i18n kind that labels them.
CODED_COLUMNS = {
    "staff_type": "staff_type",
    "sex": "sex",
    "severity": "severity",
    "category": "category",
    "role": "role",
    "route": "route",
    "check_code": "check",
    "rating_1": "rating",
    "rating_2": "rating",
    "rating_3": "rating",
}

# Tables shown with a total line (workbook and HTML): the label column and the summed columns.
TOTALS = {
    "targets": (
        "unit",
        (
            "baseline",
            "target",
            "retiring_by_horizon",
            "past_retirement",
            "gap",
            "proposed",
            "proposed_toward_gap",
            "remaining_gap",
            "one_off_cost",
            "annual_saving",
        ),
    ),
    "fund": (
        "unit",
        (
            "headcount",
            "monthly_fund",
            "bonus_fund",
            "yearly_fund",
            "employer_contrib",
            "yearly_employer_contrib",
            "yearly_union_fee",
            "yearly_total",
            "monthly_fund_newest",
            "yearly_total_newest",
            "yearly_difference",
        ),
    ),
    "payouts": ("full_name", ("a1", "a2", "a3", "b1", "b2", "b3", "total", "annual_saving")),
}


def with_total(name: str, frame: pl.DataFrame, lang: str) -> tuple[pl.DataFrame, bool]:
    """The table plus its "Tổng cộng" line, when it has one; True if a line was added."""
    spec = TOTALS.get(name)
    if spec is None or frame.is_empty() or spec[0] not in frame.columns:
        return frame, False
    label_col, summed = spec
    row = {label_col: i18n.label("report.total", lang)}
    row |= {c: frame[c].sum() for c in summed if c in frame.columns}
    total = pl.DataFrame([row]).cast({c: frame.schema[c] for c in row})
    return pl.concat([frame, total], how="diagonal_relaxed"), True


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def atomic_write(
    path: str | os.PathLike,
    write_fn: Callable[[Path], object],
    inputs: list[str] | tuple[str, ...] = (),
) -> Path:
    """Call `write_fn(tmp)` on a temporary file beside `path`, then rename it over `path`.

    A crash or Ctrl-C mid-write leaves the previous output intact instead of a half-written
    workbook, and an output path that names one of the inputs is refused: HR officers often
    write next to their only copy of the staff list.
    """
    target = Path(path)
    for source in inputs:
        if _same_file(target, Path(source)):
            raise InputError(str(target), "trùng với tệp đầu vào; hãy chọn nơi ghi khác")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        write_fn(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def format_vnd(n: int | float | Decimal | None) -> str:
    """1234567 → "1.234.567": the grouping Vietnamese readers expect, whatever the locale."""
    if n is None:
        return ""
    return f"{round(n):,}".replace(",", ".")


_INT = re.compile(r"-?\d+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DECIMAL = re.compile(r"-?\d*\.\d+")


def figure_int(value: str | None) -> int | None:
    """A summary value that is a plain whole number (a count or VND amount), else None."""
    return int(value) if value is not None and _INT.fullmatch(value) else None


def figure_text(key: str, value: str | None, lang: str) -> str:
    """A summary value as a reader expects it: 1.234.567, 31/12/2030 (mặc định), 20 %.

    The summary table stores machine-readable strings (it is part of the data contract);
    values already formatted upstream pass through unchanged.
    """
    if value is None:
        return ""
    number = figure_int(value)
    if number is not None:
        return format_vnd(number)
    if key == "rate" and _DECIMAL.fullmatch(value):
        percent = f"{(Decimal(value) * 100).normalize():f}"
        return (percent if lang == "en" else percent.replace(".", ",")) + " %"
    date = _ISO_DATE.match(value)
    if date:
        day = dt.date(*map(int, date.groups())).strftime("%d/%m/%Y")
        rest = value[date.end() :].replace("mặc định", i18n.label("report.default", lang))
        return day + rest
    return value


def run_dates(result, lang: str) -> tuple[str, str]:
    """As-of date and horizon as shown; the summary says whether the horizon is the default."""
    has_summary = "summary" in result.tables
    shown = []
    for key, fallback in (("as_of", result.as_of), ("horizon", result.horizon)):
        text = figure_text(key, result.figure(key) if has_summary else None, lang)
        shown.append(text or fallback.strftime("%d/%m/%Y"))
    return shown[0], shown[1]


def unconfirmed_count(result) -> int:
    """Parameters in force whose legal basis is not confirmed: every output must say so."""
    params = result.tables.get("parameters")
    if params is None or "confirmed" not in params.columns:
        return 0
    return params.filter(pl.col("confirmed").not_()).height


def localize(name: str, frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Codes → labels (staff type, sex, ratings, routes …), booleans → Có/Không.

    Vectorised on whole columns so the 100,000-row staff table costs milliseconds.
    """
    exprs = []
    for col, dtype in frame.schema.items():
        if col in CODED_COLUMNS and dtype == pl.String:
            mapping = i18n.codes(CODED_COLUMNS[col], lang)
            exprs.append(pl.col(col).replace(mapping))
        elif dtype == pl.Boolean:
            kind = "confirmed" if col == "confirmed" else "bool"
            exprs.append(
                pl.when(pl.col(col))
                .then(pl.lit(i18n.label(f"{kind}.true", lang)))
                .when(pl.col(col).not_())
                .then(pl.lit(i18n.label(f"{kind}.false", lang)))
                .alias(col)
            )
    return frame.with_columns(exprs) if exprs else frame
