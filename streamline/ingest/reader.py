"""Files → raw grids of text cells, with the sheet's true origin so rows keep Excel numbers.

calamine (via fastexcel) drops leading empty rows and columns; for .xlsx the origin is read
from the sheet XML so reported row numbers are the ones the user sees in Excel.

Nothing a file holds may crash the reader: every failure becomes an InputError naming the file
and a reason a person understands (a damaged file, a PDF or Word document renamed, an
unbalanced quote on a CSV line, a sheet claiming a million rows for three cells…).
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import zipfile
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path, PurePosixPath

from streamline.errors import InputError

SPREADSHEET = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
SUPPORTED = SPREADSHEET | {".csv", ".txt", ".parquet"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A sheet whose cells span more than this many positions, and 50 times more than the cells it
# holds, is trimmed to its real cells (or refused): calamine would allocate every position.
MAX_SPAN = 2_000_000
SPARSE = 50
MAX_STRAY = 10  # cells dropped when trimming; more is not stray formatting but data


class FrameRows(Sequence):
    """A sheet's rows as lists of cells, made from calamine's frame as they are asked for: a
    staff list's plain person rows are read as columns (rowframe.py) and never need theirs.
    Each row is made once, so a change to it (an error value written back) is kept."""

    def __init__(self, frame):
        self.frame = frame
        self.made: dict[int, list[str | None]] = {}
        self.all: list[list[str | None]] | None = None

    def __len__(self) -> int:
        return self.frame.height

    def row(self, i: int) -> list[str | None]:
        if self.all is not None:
            return self.all[i]
        if i not in self.made:
            self.made[i] = list(self.frame.row(i))
        return self.made[i]

    def __getitem__(self, i):
        n = len(self)
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            if self.all is None and len(range(start, stop, step)) > 256:
                self.materialize()
            return [self.row(k) for k in range(start, stop, step)]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self.row(i)

    def __iter__(self):
        return iter(self.materialize())

    def materialize(self) -> list[list[str | None]]:
        """Every row, made at once (those made already are kept)."""
        if self.all is None:
            rows = [list(r) for r in self.frame.rows()]
            for k, row in self.made.items():
                rows[k] = row
            self.all, self.made = rows, {}
        return self.all


@dataclass
class Grid:
    file: str
    sheet: str
    rows: Sequence[list[str | None]]  # a list, or FrameRows over calamine's frame
    row0: int  # 1-based Excel row of rows[0]
    col0: int  # 0-based column index of rows[i][0]
    hidden: bool = False
    # What the file's bytes are, when its name says otherwise (an .xlsx saved as .xls).
    read_as: str | None = None
    # The same cells as calamine gave them, one String column per grid column (rows[i][j] is
    # frame[i, j]); None when the rows were not read as a frame or were changed since.
    frame: object = dc_field(default=None, repr=False, compare=False)
    # What calamine does not show of an .xlsx sheet (error values, formulas, tall merges).
    marks: Marks | None = dc_field(default=None, repr=False, compare=False)


def read_grids(path: Path) -> list[Grid]:
    """The file's sheets as grids (an .xlsx's with their marks)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(str(path), "file_missing")
    if suffix not in SUPPORTED:
        raise InputError(str(path), "unsupported", formats=", ".join(sorted(SUPPORTED)))
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(str(path), "empty_file")
    kind = _sniff(data)
    if kind in ("pdf", "word", "powerpoint", "image"):
        raise InputError(str(path), f"renamed_{kind}", suffix=suffix)
    if kind == "damaged":
        raise InputError(str(path), "damaged")
    grids = _read_by_content(path, data, kind, suffix)
    named = _NAMED.get(suffix)
    if named is not None and kind not in named:
        for grid in grids:
            grid.read_as = "csv" if kind == "text" else kind
    return grids


# The content kinds each file name promises; any other content is read by what it is.
_NAMED = {".xlsx": {"xlsx"}, ".xlsm": {"xlsx"}, ".xlsb": {"zip", "xlsx"}, ".xls": {"xls", "ole"},
          ".ods": {"ods"}, ".csv": {"text"}, ".txt": {"text"}, ".parquet": {"parquet"}}


def _read_by_content(path: Path, data: bytes, kind: str, suffix: str) -> list[Grid]:
    """The file read by what its bytes are, whatever it is called: an .xlsx saved as .xls, a
    CSV export called .xlsx, an HTML table saved as .xls by a web application."""
    if kind == "html":
        return _read_html(path, data)
    if kind == "text" and suffix in SPREADSHEET and _looks_delimited(data):
        return [_read_csv(path, data)]
    try:
        if suffix in (".csv", ".txt"):
            if kind in ("xlsx", "xls", "ods"):  # a workbook saved under a CSV name: read it
                return _read_workbook(path, data, kind)
            if kind in ("zip", "ole", "parquet", "encrypted"):
                raise InputError(str(path), "not_csv")
            return [_read_csv(path, data)]
        if suffix == ".parquet":
            if kind != "parquet":
                raise InputError(str(path), "not_parquet")
            return [_read_parquet(path)]
        if kind in ("ole", "encrypted") and suffix in (".xlsx", ".xlsm", ".xlsb"):
            raise InputError(str(path), "encrypted")
        return _read_workbook(path, data, kind)
    except InputError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except BaseException as exc:  # calamine panics derive from BaseException
        raise InputError(str(path), "unreadable", detail=_short(exc)) from None


def _sniff(data: bytes) -> str:
    """What the bytes are, whatever the file is called: xlsx | ods | zip | xls | encrypted |
    ole | word | powerpoint | pdf | html | image | parquet | damaged | text."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    if data.startswith(b"PAR1"):
        return "parquet"
    if data.startswith(OLE_MAGIC):
        for name, kind in (("WordDocument", "word"), ("EncryptedPackage", "encrypted"),
                           ("PowerPoint Document", "powerpoint"), ("Workbook", "xls"),
                           ("Book", "xls")):
            if name.encode("utf-16-le") in data:
                return kind
        return "ole"
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
            return "damaged"
        if any(n.startswith("word/") for n in names):
            return "word"
        if any(n.startswith("ppt/") for n in names):
            return "powerpoint"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "content.xml" in names or "mimetype" in names:
            return "ods"
        return "zip"
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<table" in head:
        return "html"
    return "text"


def _read_workbook(path: Path, data: bytes, kind: str) -> list[Grid]:
    import fastexcel

    source: str | bytes = str(path)
    origins: dict[str, tuple[int, int]] = {}
    # Every member of a zip is inflated to its end and its CRC checked, and an .xlsx's marks
    # read from its XML, while calamine loads the cells: zlib, polars and calamine release
    # Python's lock. A damaged member is the reason given, whatever calamine made of it.
    with ThreadPoolExecutor(1) as pool:
        checked = pool.submit(_check_and_mark, path, data, kind) \
            if kind in ("xlsx", "ods") else None
        try:
            if kind == "xlsx":
                patched = _guard_span(path, data)
                if patched is not None:
                    source = patched
                origins = _xlsx_origins(io.BytesIO(data))
                if path.suffix.lower() not in (".xlsx", ".xlsm"):
                    source = patched or data  # an .xlsx under another name: read the bytes
            elif kind in ("xls", "ods") or path.suffix.lower() in (".csv", ".txt"):
                source = data  # calamine tells the format from the bytes, not from the name
            try:
                reader = fastexcel.read_excel(source)
                names = reader.sheet_names
            except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
                raise
            except BaseException as exc:  # calamine raises several types, panics included
                raise _diagnose(path, data, exc) from None
            grids = [_load_sheet(path, data, reader, name, origins) for name in names]
        except InputError:
            if checked is not None:
                checked.result()  # raises "damaged" when a member is
            raise
        marks = checked.result() if checked is not None else {}
    for grid in grids:
        grid.marks = marks.get(grid.sheet)
    return grids


def _check_and_mark(path: Path, data: bytes, kind: str) -> dict[str, Marks]:
    """_check_zip, then an .xlsx's marks from the members it read."""
    members = _check_zip(path, data)
    return _xlsx_marks(data, members) if kind == "xlsx" else {}


def _load_sheet(path: Path, data: bytes, reader, name: str,
                origins: dict[str, tuple[int, int]]) -> Grid:
    try:
        sheet = reader.load_sheet(name, header_row=None, dtypes="string")
        frame = sheet.to_polars()
        rows = FrameRows(frame)
        hidden = sheet.visible != "visible"
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except BaseException as exc:
        if _diagnose(path, data, exc).code == "damaged":
            raise InputError(str(path), "damaged") from None
        raise InputError(str(path), "sheet_unreadable", sheet=name,
                         detail=_short(exc)) from None
    row0, col0 = origins.get(name, (1, 0))
    return Grid(str(path), name, rows, row0, col0, hidden, frame=frame)


def _check_zip(path: Path, data: bytes) -> dict[str, bytes]:
    """A damaged member (bad CRC, cut short) is refused: calamine may read it as other text.
    Every member is read to its end, as ZipFile.testzip does; their bytes are returned."""
    members: dict[str, bytes] = {}
    bad = None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.filelist:
                if info.filename in members:
                    continue
                try:
                    members[info.filename] = zf.read(info.filename)
                except zipfile.BadZipFile:
                    bad = info.filename
                    break
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        bad = path.name
    if bad is not None:
        raise InputError(str(path), "damaged")
    return members


@dataclass
class Marks:
    """What calamine does not show of an .xlsx sheet, by (Excel row, 0-based column)."""

    errors: dict[tuple[int, int], str] = dc_field(default_factory=dict)  # #REF!, #N/A …
    formulas: dict[tuple[int, int], str] = dc_field(default_factory=dict)  # saved valueless
    merged: dict[tuple[int, int], tuple[int, int]] = dc_field(default_factory=dict)  # → top


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f[^>]*?(?:/>|>([^<]*)</f>)")


def _xlsx_marks(data: bytes, members: dict[str, bytes]) -> dict[str, Marks]:
    """Sheet → error cells, formulas without a saved value, and vertical merges of an .xlsx
    (its bytes, and its members as _check_zip read them); {} on any failure."""
    out: dict[str, Marks] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name, member in _sheet_members(zf).items():
                xml = members[member] if member in members else zf.read(member)
                errors, formulas, merged = _holds(xml, b't="e"', b"<f", b"<mergeCell ")
                if not errors and not formulas and not merged:
                    continue
                # every _MERGE match starts so; their list ends the sheet
                first_merge = max(xml.rfind(b"<mergeCells"), 0) if merged else 0
                marks = Marks()
                merges = [
                    (int(m[2]), _col_index(m[1].decode()), int(m[4]), _col_index(m[3].decode()))
                    for m in _MERGE.finditer(xml, first_merge)
                ] if merged else []
                if errors or formulas:
                    for m in _CELL.finditer(xml):
                        at = (int(m[2]), _col_index(m[1].decode()))
                        body = m[4] or b""
                        v = _VALUE.search(body)
                        if b't="e"' in m[3] and v:
                            marks.errors[at] = html.unescape(v[1].decode("utf-8", "replace"))
                        elif (f := _FORMULA.search(body)) and not (v and v[1]):
                            marks.formulas[at] = "=" + html.unescape(
                                (f[1] or b"").decode("utf-8", "replace"))
                for r1, c1, r2, c2 in merges:
                    if r2 > r1:  # a tall merge: its cells below the first read as empty
                        for r in range(r1, r2 + 1):
                            for c in range(c1, c2 + 1):
                                marks.merged[(r, c)] = (r1, c1)
                out[name] = marks
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    return out


def _holds(xml: bytes, *needles: bytes) -> tuple[bool, ...]:
    """Whether the XML holds each needle, searched by polars without Python's lock: calamine's
    loading in the other thread needs it back between calls, and `needle in xml` keeps it
    for 0.1 s per 100 MB."""
    import polars as pl

    text = pl.lit(pl.Series([xml], dtype=pl.Binary))
    return pl.select(text.bin.contains(n).alias(str(i)) for i, n in enumerate(needles)).row(0)


def _diagnose(path: Path, data: bytes, exc: BaseException) -> InputError:
    """The reason calamine failed, as the user can act on it: a damaged zip (a truncated
    download, a bad CRC) or the library's own words."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if zf.testzip() is not None:
                    return InputError(str(path), "damaged")
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
            return InputError(str(path), "damaged")
    return InputError(str(path), "unreadable", detail=_short(exc))


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:160] if text else type(exc).__name__


_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_ANY_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _guard_span(path: Path, data: bytes) -> bytes | None:
    """Guard calamine against a sheet whose cells span an absurd range (a stray cell in
    XFD1048576 makes it allocate 17 billion positions and abort the process). Such a sheet is
    trimmed to its real cells when only a few stray cells lie far away (the workbook is then
    read from the patched bytes returned); otherwise it is refused. None: nothing to trim."""
    patched: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name, member in _sheet_members(zf).items():
                if member not in zf.namelist():
                    continue
                xml = _unless_filled(zf, member)
                if xml is None:
                    continue
                count, span = _count_and_span(xml)
                if not count or span <= max(MAX_SPAN, SPARSE * count):
                    continue  # the cells fill their range: nothing to trim (_trim says None)
                cells = [(int(m.group(2)), _col_index(m.group(1).decode()))
                         for m in _ANY_CELL.finditer(xml)]
                trimmed = _trim(path, name, cells)
                if trimmed is not None:
                    patched[member] = _cut(xml, *trimmed)
            if not patched:
                return None
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in zf.infolist():
                    dst.writestr(info, patched.get(info.filename) or zf.read(info.filename))
            return out.getvalue()
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(str(path), "damaged") from exc
    except KeyError:
        return None  # no workbook.xml: calamine words the error


def _unless_filled(zf: zipfile.ZipFile, member: str) -> bytes | None:
    """The sheet's XML when its cells might span far more positions than they fill; None when
    they cannot: its dimension claims a modest range, or cells enough to fill the range it
    claims — counted as the XML inflates, and there it stops: a long list is not inflated
    whole (zip members are checked apart, _check_zip)."""
    with zf.open(member) as fh:
        chunks = [fh.read(1 << 14)]
        dim, claim = _DIMENSION.search(chunks[0]), None
        if dim and dim.group(3):
            cols = _col_index(dim.group(3).decode()) - _col_index(dim.group(1).decode())
            claim = (cols + 1) * (int(dim.group(4)) - int(dim.group(2)) + 1)
            if claim <= MAX_SPAN:
                return None  # the sheet's own claim is modest: nothing to check
        count = chunks[0].count(_CELL_OPEN)
        while claim is None or claim > SPARSE * count:
            chunk = fh.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            # a tag cut between two chunks is counted once: 5 bytes cannot hold it whole
            count += (chunks[-1][-5:] + chunk).count(_CELL_OPEN)
            chunks.append(chunk)
    return None  # a large claim its cells fill (a long list): nothing to check


_CELL_OPEN = b'<c r="'
_ANY_REF = re.compile(rb'<c r="([A-Z]{1,3}\d{1,7})"')


def _count_and_span(xml: bytes) -> tuple[int, int]:
    """How many cells _ANY_CELL finds in the sheet XML, and the span of their positions
    (what _span gives of them), read as columns rather than one match object per cell."""
    import polars as pl

    refs = _ANY_REF.findall(xml)
    if not refs:
        return 0, 0
    text = pl.Series(refs, dtype=pl.Binary).cast(pl.String)
    rows = text.str.strip_chars_start("ABCDEFGHIJKLMNOPQRSTUVWXYZ").cast(pl.Int64)
    cols = [_col_index(x) for x in text.str.strip_chars_end("0123456789").unique().to_list()]
    return len(refs), (rows.max() - rows.min() + 1) * (max(cols) - min(cols) + 1)


def _span(cells: list[tuple[int, int]]) -> int:
    rows = max(r for r, _ in cells) - min(r for r, _ in cells) + 1
    cols = max(c for _, c in cells) - min(c for _, c in cells) + 1
    return rows * cols


def _trim(path: Path, sheet: str, cells: list[tuple[int, int]]) -> tuple[int, int] | None:
    """(last row, last column) to keep when the sheet's cells span an absurd range; None when
    the span is fine. Cut at the first wide gap of rows and of columns from the top left."""
    if not cells or _span(cells) <= max(MAX_SPAN, SPARSE * len(cells)):
        return None
    last_row = _before_gap(sorted({r for r, _ in cells}), 1000)
    last_col = _before_gap(sorted({c for _, c in cells}), 100)
    kept = [(r, c) for r, c in cells if r <= last_row and c <= last_col]
    if (len(cells) - len(kept) > MAX_STRAY or not kept
            or _span(kept) > max(MAX_SPAN, SPARSE * len(kept))):
        rows = max(r for r, _ in cells)
        cols = max(c for _, c in cells) + 1
        raise InputError(str(path), "sheet_too_large", sheet=sheet, cols=cols, rows=rows,
                         cells=len(cells))
    return last_row, last_col


def _before_gap(values: list[int], least_gap: int) -> int:
    """The last value before the first gap wider than `least_gap` and ten times the run so
    far."""
    last = values[0]
    for v in values[1:]:
        if v - last > max(least_gap, 10 * (last - values[0] + 1)):
            break
        last = v
    return last


def _cut(xml: bytes, last_row: int, last_col: int) -> bytes:
    """The sheet XML without the cells below `last_row` or right of `last_col`."""

    def cell(m: re.Match) -> bytes:
        keep = int(m.group(2)) <= last_row and _col_index(m.group(1).decode()) <= last_col
        return m.group(0) if keep else b""

    xml = _CELL_REF.sub(cell, xml)
    return re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", xml)


def _xlsx_origins(source) -> dict[str, tuple[int, int]]:
    """Sheet name → (first row, first column) of cells holding a value, as calamine sees them.

    The first row comes from the first valued cell; the first column from the first 300 rows,
    which include the banner and header (data rows never start left of the header).
    """
    origins: dict[str, tuple[int, int]] = {}
    try:
        with zipfile.ZipFile(source) as zf:
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
    except (zipfile.BadZipFile, KeyError, OSError, zlib.error, EOFError, ValueError):
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


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with BOM, or told by its zero bytes), else the
    Windows Vietnamese code page. A UTF-8 or UTF-16 text with a damaged character is refused
    with the line that holds it (read with a replacement, a name would silently change)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(path, data, "utf-16")
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):  # UTF-16 without its BOM
        odd_zeros = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        return _strict(path, data, "utf-16-le" if odd_zeros else "utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if sum(ord(ch) > 127 for ch in text) > 4 * bad:  # UTF-8 text with a damaged byte
            return _strict(path, data, "utf-8")
        return data.decode("cp1258", errors="replace")


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode(encoding, errors="replace")
        line = good.count("\n") + 1
        raise InputError(str(path), "bad_encoding", encoding=encoding.upper().replace("-LE", "")
                         .replace("-BE", ""), line=line) from None


def _read_csv(path: Path, data: bytes) -> Grid:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if data[:4096].count(b"\x00") * 3 < len(data[:4096]):
            raise InputError(str(path), "not_csv")
    text = _decode(path, data).replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        if dialect.quotechar not in ('"', "'"):
            dialect = csv.excel
    except csv.Error:
        dialect = _count_delimiter(text[:8192])
    rows: list[list[str | None]] = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    width = 0
    line = 1
    try:
        for row in reader:
            _check_quotes(path, row, dialect.delimiter, width, line)
            width = max(width, len(row))
            rows.append([c if c.strip() else None for c in row])
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(str(path), "csv_error", line=reader.line_num or line,
                         detail=_short(exc)) from None
    return Grid(str(path), path.stem, rows, 1, 0)


def _count_delimiter(sample: str) -> type[csv.Dialect]:
    """The sniffer gave up (one column, a header only): the most frequent of , ; tab."""

    class Dialect(csv.excel):
        delimiter = max(",;\t", key=sample.count) if any(d in sample for d in ",;\t") else ","

    return Dialect


def _check_quotes(path: Path, row: list[str], delimiter: str, width: int, line: int) -> None:
    """An unbalanced quote makes one field swallow the rows after it: refuse a field spanning
    lines that themselves look like rows (several delimiters), naming the line it starts on."""
    for field in row:
        if "\n" not in field:
            continue
        lines = field.split("\n")
        rowlike = sum(1 for part in lines[1:] if part.count(delimiter) >= max(2, width // 2))
        if rowlike >= 1 or len(lines) > 20:
            raise InputError(str(path), "unbalanced_quote", line=line, lines=len(lines))


def _looks_delimited(data: bytes) -> bool:
    """Text with at least two lines holding the same delimiter: a CSV export, whatever its
    name (not a stray text file called .xlsx)."""
    try:
        text = data[:8192].decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data[:8192].decode("utf-16")
        except UnicodeDecodeError:
            return False
    lines = [ln for ln in text.splitlines() if ln.strip()][:20]
    return len(lines) >= 2 and any(sum(d in ln for ln in lines) >= 2 for d in ",;\t")


def _read_html(path: Path, data: bytes) -> list[Grid]:
    """The tables of an HTML page (what web applications save as .xls): one grid per table,
    cells as text, a cell spanning columns written in its first column."""
    from html.parser import HTMLParser

    class Tables(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tables: list[list[list[str | None]]] = []
            self.open: list[list[list[str | None]]] = []  # nested tables being read
            self.cell: list[str] | None = None
            self.span = 1

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.open.append([])
                self.tables.append(self.open[-1])
            elif tag == "tr" and self.open:
                self.open[-1].append([])
            elif tag in ("td", "th") and self.open and self.open[-1]:
                self.cell = []
                span = dict(attrs).get("colspan") or "1"
                self.span = int(span) if span.isdigit() and 0 < int(span) < 1000 else 1
            elif tag == "br" and self.cell is not None:
                self.cell.append(" ")

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                text = "".join(self.cell).strip() or None
                self.open[-1][-1].extend([text] + [None] * (self.span - 1))
                self.cell = None
            elif tag == "table" and self.open:
                self.open.pop()

        def handle_data(self, text):
            if self.cell is not None:
                self.cell.append(text)

    parser = Tables()
    parser.feed(_decode(path, data))
    grids = [Grid(str(path), f"{path.stem}" if n == 0 else f"{path.stem} ({n + 1})", rows, 1, 0)
             for n, rows in enumerate(t for t in parser.tables if t)]
    if not grids:
        raise InputError(str(path), "renamed_html", suffix=path.suffix.lower())
    return grids


def _read_parquet(path: Path) -> Grid:
    import polars as pl

    try:
        schema = pl.read_parquet_schema(path)
    except Exception as exc:
        raise InputError(str(path), "bad_parquet", detail=_short(exc)) from None
    for column, dtype in schema.items():
        if dtype.is_nested() or dtype == pl.Object:
            raise InputError(str(path), "parquet_nested", column=column, dtype=str(dtype))
    try:
        frame = pl.read_parquet(path)
        body = frame.select(pl.all().cast(pl.String)).rows()
    except Exception as exc:
        raise InputError(str(path), "bad_parquet", detail=_short(exc)) from None
    return Grid(str(path), path.stem, [list(frame.columns)] + [list(r) for r in body], 1, 0)
