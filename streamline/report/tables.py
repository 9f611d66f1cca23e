"""Result tables as Parquet or CSV files: the documented contract for finance modellers.

Parquet keeps every value as it is. A CSV file is opened by Excel, which runs a cell starting
with = + - @ (or a tab or carriage return) as a formula: such text cells are prefixed with an
apostrophe (OWASP's advice) unless `raw=True`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from streamline.report import atomic_write
from streamline.result import TABLE_ORDER, AnalysisResult

FORMULA_START = r"^[=+\-@\t\r]"


def write_tables(result: AnalysisResult, directory: Path, fmt: str = "parquet",
                 raw: bool = False) -> list[Path]:
    """One file per table, English snake_case columns, exact types (Decimal, Int64, Date)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLE_ORDER:
        frame = result.tables.get(name)
        if frame is None:
            continue
        path = directory / f"{name}.{fmt}"
        atomic_write(path, lambda tmp, f=frame: _write(f, tmp, fmt, raw), result.inputs)
        written.append(path)
    return written


def formula_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that Excel would run as a formula, prefixed with an apostrophe."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c)).alias(c)
        for c, t in frame.schema.items() if t == pl.String
    )


def _write(frame: pl.DataFrame, path: Path, fmt: str, raw: bool) -> None:
    if fmt == "csv":
        (frame if raw else formula_safe(frame)).write_csv(path)
    else:
        frame.write_parquet(path)
