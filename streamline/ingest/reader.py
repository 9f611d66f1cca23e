"""Files → raw grids of text cells, with the sheet's true origin so rows keep Excel numbers.

calamine (via fastexcel) drops leading empty rows and columns; for .xlsx the origin is read
from the sheet XML so reported row numbers are the ones the user sees in Excel.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from streamline.errors import InputError

SPREADSHEET = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
SUPPORTED = SPREADSHEET | {".csv", ".txt", ".parquet"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Grid:
    file: str
    sheet: str
    rows: list[list[str | None]]
    row0: int  # 1-based Excel row of rows[0]
    col0: int  # 0-based column index of rows[i][0]
    hidden: bool = False


def read_grids(path: Path) -> list[Grid]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(str(path), "file_missing")
    if suffix not in SUPPORTED:
        raise InputError(str(path), "unsupported", formats=", ".join(sorted(SUPPORTED)))
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)]
    if suffix == ".parquet":
        return [_read_parquet(path)]
    return _read_workbook(path)


def _read_workbook(path: Path) -> list[Grid]:
    import fastexcel

    head = path.read_bytes()[:8]
    if path.suffix.lower() in (".xlsx", ".xlsm") and head == OLE_MAGIC:
        raise InputError(str(path), "encrypted")
    try:
        reader = fastexcel.read_excel(str(path))
        names = reader.sheet_names
    except Exception as exc:  # calamine raises several types for unreadable files
        raise InputError(str(path), "unreadable", detail=_short(exc)) from None
    origins = _xlsx_origins(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    grids = []
    for name in names:
        try:
            sheet = reader.load_sheet(name, header_row=None, dtypes="string")
            frame = sheet.to_polars()
        except Exception as exc:
            raise InputError(str(path), "sheet_unreadable", sheet=name,
                             detail=_short(exc)) from None
        row0, col0 = origins.get(name, (1, 0))
        grids.append(
            Grid(
                str(path),
                name,
                [list(r) for r in frame.rows()],
                row0,
                col0,
                sheet.visible != "visible",
            )
        )
    return grids


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _xlsx_origins(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet name → (first row, first column) of cells holding a value, as calamine sees them.

    The first row comes from the first valued cell; the first column from the first 300 rows,
    which include the banner and header (data rows never start left of the header).
    """
    origins: dict[str, tuple[int, int]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            for name, member in _sheet_members(zf).items():
                first_row = None
                first_col = None
                with zf.open(member) as fh:
                    buf = b""
                    for chunk in iter(lambda: fh.read(1 << 16), b""):
                        buf += chunk
                        cut = buf.rfind(b"</row>")
                        if cut < 0:
                            continue
                        part, buf = buf[: cut + 6], buf[cut + 6 :]
                        for m in _CELL_REF.finditer(part):
                            if not m.group(3) or (
                                b"<v" not in m.group(3) and b"<is" not in m.group(3)
                            ):
                                continue
                            row = int(m.group(2))
                            col = _col_index(m.group(1).decode())
                            first_row = row if first_row is None else first_row
                            if row > (first_row or 0) + 300:
                                break
                            first_col = col if first_col is None else min(first_col, col)
                        else:
                            continue
                        break
                if first_row is not None:
                    origins[name] = (first_row, first_col or 0)
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    return origins


def _sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    wb = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)
    }
    targets.update(
        {
            m.group(2): m.group(1)
            for m in re.finditer(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
        }
    )
    out = {}
    for m in re.finditer(r"<sheet\b[^>]*>", wb):
        tag = m.group(0)
        name = re.search(r'name="([^"]*)"', tag)
        rid = re.search(r'r:id="([^"]*)"', tag)
        if not name or not rid or rid.group(1) not in targets:
            continue
        target = targets[rid.group(1)]
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        out[_xml_unescape(name.group(1))] = member
    return out


def _xml_unescape(s: str) -> str:
    return (
        s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM), else the Windows Vietnamese code page."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _read_csv(path: Path) -> Grid:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(str(path), "not_csv")
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [
        [c if c.strip() else None for c in row] for row in csv.reader(io.StringIO(text), dialect)
    ]
    return Grid(str(path), path.stem, rows, 1, 0)


def _read_parquet(path: Path) -> Grid:
    import polars as pl

    try:
        frame = pl.read_parquet(path)
    except Exception as exc:
        raise InputError(str(path), "bad_parquet", detail=_short(exc)) from None
    body = frame.select(pl.all().cast(pl.String)).rows()
    return Grid(str(path), path.stem, [list(frame.columns)] + [list(r) for r in body], 1, 0)
