"""An analysis' output files, written side by side.

The workbook's writer (rustpy-xlsxwriter) spends its time in Rust without Python's lock, so it
runs in a second thread while this one renders the HTML report and writes the tables: on a
machine with two cores the workbook's seconds hide the others' (measured in `make bench`).
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from streamline.result import AnalysisResult


def write_outputs(
    result: AnalysisResult,
    folder: Path,
    stem: str,
    *,
    workbook: bool = True,
    html: bool = True,
    tables_dir: Path | None = None,
    tables_format: str = "parquet",
    raw: bool = False,
) -> list[Path]:
    """`<stem>.streamline.xlsx` and `.html` in `folder`, and the tables in `tables_dir`; the
    paths written, in that order. A failure in either thread is raised once both are done,
    so no temporary file is left behind. When the workbook sends its reader to the tables
    (a national run: see excel.leaves_out) and no `tables_dir` is given, they are written to
    `<stem>.tables` beside it, so that what the workbook leaves out is somewhere."""
    from streamline.report.excel import leaves_out, write_workbook
    from streamline.report.tables import write_tables

    if workbook and tables_dir is None and leaves_out(result):
        tables_dir = folder / f"{stem}.tables"
    if tables_dir:
        told = tables_dir.name if tables_dir.parent == folder else str(tables_dir)
        result = dataclasses.replace(result, tables_dir=told, tables_format=tables_format)

    outputs: list[Path] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        book = pool.submit(write_workbook, result, folder / f"{stem}.streamline.xlsx") \
            if workbook else None
        if html:
            from streamline.report.html import write_html

            outputs.append(write_html(result, folder / f"{stem}.streamline.html"))
        if tables_dir:
            write_tables(result, tables_dir, tables_format, raw=raw)
            outputs.append(tables_dir)
        if book is not None:
            outputs.insert(0, book.result())
    return outputs
