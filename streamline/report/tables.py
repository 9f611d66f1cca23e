"""Result tables as Parquet or CSV files: the documented contract for finance modellers."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from streamline.report import atomic_write
from streamline.result import TABLE_ORDER, AnalysisResult


def write_tables(result: AnalysisResult, directory: Path, fmt: str = "parquet") -> list[Path]:
    """One file per table, English snake_case columns, exact types (Decimal, Int64, Date)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLE_ORDER:
        frame = result.tables.get(name)
        if frame is None:
            continue
        path = directory / f"{name}.{fmt}"
        atomic_write(path, lambda tmp, f=frame: _write(f, tmp, fmt), result.inputs)
        written.append(path)
    return written


def _write(frame: pl.DataFrame, path: Path, fmt: str) -> None:
    if fmt == "csv":
        frame.write_csv(path)
    else:
        frame.write_parquet(path)
