"""A table sheet's data rows written as worksheet XML by polars, built and deflated in slices
of rows on every core, and spliced into the workbook the Rust writer saved around them.

Why: on the 100,000-person staff list the writer's own XML and deflate, on one core, were most
of analyze's time (`make bench`); and it writes a sheet's last row twice when that row has a
format or a height (the total line, a wrapped last row), which the file format forbids: a
strict reader, Excel among them, may call the file damaged. The writer still makes
everything else — styles, the header and note lines, widths, filters, print setup,
conditional formats — from a stub of the sheet with the same height, whose first rows are one
sample per row kind: each column's cell style is read back from those samples.

Cells keep what the writer writes: strings as inline text (never formulas), booleans,
numbers; an empty cell is absent and a row's format colours it.
"""

from __future__ import annotations

import os
import re
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import polars as pl
from isal import isal_zlib

from streamline.ingest.layout import excel_letter

PLAIN, HIGHLIGHT, TOTAL = 0, 1, 2
# Deflate of the spliced rows: ISA-L (isal), level 2. On the 100 k workbook's staff sheet
# (148 MB of XML, one core) it took 0.17 s for 22.0 MB where zlib took 0.97 s at level 3
# for 20.2 MB, 0.65 s at level 1 for 23.3 MB, 2.3 s at level 6 for 17.1 MB (zlib-ng: 0.63 s
# at level 3 for 20.7 MB). Both release Python's lock; any reader inflates either.
LEVEL = 2
# Cells per job (a slice of rows built and deflated by one core): polars builds one
# expression's strings on one core, so the 100 k workbook's rows took 1.2 s in one piece and
# 0.55 s in slices of 20,000 rows on two cores.
PIECE_CELLS = 500_000
MAX_TEXT = 32_767  # Excel's limit on a cell's characters
ZIP32 = 0xFFFFFFFF
# Characters XML 1.0 forbids; Excel reads them back from _xHHHH_.
CONTROL = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"]
SPECIAL = ["&", "<", ">", "_x", *CONTROL]  # what a text cell's XML cannot hold as it is
SAMPLE = {pl.String: "x", pl.Boolean: True}


@dataclass
class Rows:
    """One sheet's data rows: display values (text, booleans, numbers) below its header at
    row `top` (0-based), each row of a kind (PLAIN, HIGHLIGHT, TOTAL), some given a height."""

    sheet: str
    frame: pl.DataFrame
    top: int
    kinds: pl.Series
    heights: dict[int, float] = field(default_factory=dict)

    def present(self) -> list[int]:
        """The kinds that occur, in the order of the stub's sample rows."""
        return sorted(self.kinds.unique().to_list())

    def stub(self) -> pl.DataFrame:
        """The frame the writer is given: the same height and columns, a sample row of each
        kind first (every cell filled, so that each column's style shows), the rest empty."""
        k, schema = len(self.present()), self.frame.schema
        sample = pl.DataFrame(
            {c: [SAMPLE.get(t, 0)] * k for c, t in schema.items()}, schema=schema, strict=False)
        return pl.concat([sample, self.frame.clear(self.frame.height - k)])

    def slice(self, offset: int, length: int) -> Rows:
        """Rows offset … offset + length - 1, numbered as they are in the sheet."""
        return Rows(self.sheet, self.frame.slice(offset, length), self.top + offset,
                    self.kinds.slice(offset, length),
                    {k - offset: h for k, h in self.heights.items()
                     if offset <= k < offset + length})


class Splicer:
    """Collects the sheets whose rows are written here; `splice` then builds the final file
    from the writer's stub."""

    def __init__(self):
        self._sheets: dict[str, Rows] = {}

    def add(self, rows: Rows) -> None:
        """Queue `rows`; their XML is built once the stub shows the styles (see `splice`)."""
        self._sheets[rows.sheet] = rows

    def splice(self, stub: Path, target: Path) -> None:
        """Write `target`: the stub's parts, each table sheet's rows put in its sheetData,
        their XML built and deflated in slices on every core."""
        with ThreadPoolExecutor(os.cpu_count() or 2) as pool, _Zip(stub) as source:
            parts = _sheet_parts(source)
            replaced = {}
            for name, rows in self._sheets.items():
                head, tail, styles = _split(source.read(parts[name]), rows)
                step = max(1, PIECE_CELLS // max(rows.frame.width, 1))
                jobs = [pool.submit(_piece, rows.slice(lo, step), styles)
                        for lo in range(0, rows.frame.height, step)]
                replaced[parts[name]] = (head, tail, jobs)
            _write_zip(source, target, replaced)


def _piece(rows: Rows, styles: dict[int, dict]) -> tuple[int, int, bytes]:
    """The rows' XML deflated, with its length and CRC (the XML itself is not kept)."""
    data = _xml(rows, styles)
    return len(data), isal_zlib.crc32(data), _deflate(data)


def _deflate(data, final: bool = False) -> bytes:
    """Raw deflate of one piece, byte-aligned so that pieces deflated apart concatenate."""
    z = isal_zlib.compressobj(LEVEL, isal_zlib.DEFLATED, -15)
    return z.compress(data) + z.flush(isal_zlib.Z_FINISH if final else isal_zlib.Z_SYNC_FLUSH)


# ----------------------------------------------------------------------------- the rows' XML


def _text(col: pl.Expr, values: pl.Series) -> pl.Expr:
    """Escaped XML text: &<> as entities; a literal _xHHHH_ guarded and forbidden control
    characters written so, as Excel reads them; cut at Excel's cell limit. Each step only on
    a column that needs it (one scan finds out): most need none."""
    text = col.str.slice(0, MAX_TEXT) if (values.str.len_chars().max() or 0) > MAX_TEXT else col
    hits = values.filter(values.str.contains_any(SPECIAL))
    found = {p for p in SPECIAL if hits.str.contains(p, literal=True).any()} if len(hits) else ()
    if "_x" in found:
        text = text.str.replace_all(r"_(x[0-9A-Fa-f]{4}_)", "_x005F_$1")
    for ch, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        if ch in found:
            text = text.str.replace_all(ch, entity, literal=True)
    for ch in (c for c in CONTROL if c in found):
        text = text.str.replace_all(ch, f"_x{ord(ch):04X}_", literal=True)
    return text


def _xml(rows: Rows, styles: dict[int, dict]) -> memoryview:
    """The sheet's data rows as UTF-8 XML, built column-wise."""
    frame, kinds = rows.frame, rows.kinds
    kind = pl.col("__kind")
    number = pl.col("__row")

    def by_kind(values: dict[int, str]) -> pl.Expr:
        if len(set(values.values())) == 1:
            return pl.lit(next(iter(values.values())))
        expr = pl.when(kind == PLAIN).then(pl.lit(values.get(PLAIN, "")))
        for k in (HIGHLIGHT, TOTAL):
            expr = expr.when(kind == k).then(pl.lit(values.get(k, "")))
        return expr.otherwise(pl.lit(""))

    cells = []
    for j, (name, dtype) in enumerate(frame.schema.items()):
        col, ref = pl.col(name), excel_letter(j)
        style = by_kind({k: (f' s="{s}"' if (s := cols.get(ref)) else "")
                         for k, cols in styles.items() if k != "row"})
        if dtype == pl.Boolean:
            body = [pl.lit(' t="b"><v>'), col.cast(pl.Int8).cast(pl.String), pl.lit("</v></c>")]
        elif dtype.is_numeric():
            value = pl.when(col.is_finite()).then(col) if dtype.is_float() else col
            body = [pl.lit("><v>"), value.cast(pl.String), pl.lit("</v></c>")]
        else:  # text, and anything else as its text; empty text is an empty cell
            col = col.cast(pl.String)
            col = pl.when(col != "").then(col)
            edge = col.str.contains(r"^\s|\s$")
            space = (pl.when(edge).then(pl.lit('<t xml:space="preserve">')).otherwise(pl.lit("<t>"))
                     if frame.select(edge.any()).item() else pl.lit("<t>"))
            body = [pl.lit(' t="inlineStr"><is>'), space,
                    _text(col, frame[name].cast(pl.String)), pl.lit("</t></is></c>")]
        cells.append(pl.concat_str([pl.lit(f'<c r="{ref}'), number, pl.lit('"'), style, *body]))
    height = pl.Series("__height", [None] * frame.height, dtype=pl.String)
    if rows.heights:
        height = height.scatter(list(rows.heights),
                                [f' ht="{h:g}" customHeight="1"' for h in rows.heights.values()])
    row = pl.concat_str(
        [pl.lit('<row r="'), number, pl.lit('"'), by_kind(styles["row"]), pl.col("__height"),
         pl.lit(">"), *cells, pl.lit("</row>")],
        ignore_nulls=True,
    )
    xml = frame.with_columns(
        (pl.int_range(pl.len()) + rows.top + 2).cast(pl.String).alias("__row"),
        kinds.alias("__kind"), height,
    ).select(row).to_series().str.join("")
    array = xml.to_arrow(compat_level=pl.CompatLevel.oldest())
    _, offsets, data = array.buffers()  # one string: read in place, not copied to Python
    start, end = memoryview(offsets).cast("q")[array.offset:array.offset + 2]
    return memoryview(data)[start:end]


# ------------------------------------------------------------------------ reading the stub

ROW_TAG = re.compile(r'<row r="(\d+)"([^>]*?)(/?)>')
CELL = re.compile(r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?')
ROW_OWN = re.compile(r'\s*(?:ht|customHeight|spans)="[^"]*"')


def _split(xml: bytes, rows: Rows) -> tuple[bytes, bytes, dict]:
    """The stub sheet's XML before and after its data rows (header and note rows kept, the
    dimension widened to the data), and the styles its sample rows show: per kind, the row's
    attributes and each column's cell style."""
    text = xml.decode().replace("<sheetData/>", "<sheetData></sheetData>", 1)
    start = text.index("<sheetData>") + len("<sheetData>")
    end = text.index("</sheetData>")
    body = text[start:end]
    first_data = rows.top + 2
    samples = {first_data + i: k for i, k in enumerate(rows.present())}
    kept, styles = {}, {"row": {}}  # the writer may repeat a row: the first is whole
    for match in ROW_TAG.finditer(body):
        number = int(match.group(1))
        close = match.end() if match.group(3) else body.index("</row>", match.end()) + 6
        if number < first_data and number not in kept:
            kept[number] = body[match.start():close]
        elif number in samples and samples[number] not in styles["row"]:
            k = samples[number]
            styles["row"][k] = ROW_OWN.sub("", match.group(2))
            styles[k] = {ref: s for ref, s in CELL.findall(body[match.end():close])}
    last = f"{excel_letter(rows.frame.width - 1)}{rows.top + 1 + rows.frame.height}"
    head = re.sub(r'<dimension ref="[^"]*"/>',
                  f'<dimension ref="A1:{last}"/>' if rows.frame.width else '<dimension ref="A1"/>',
                  text[:start], count=1)
    return (head + "".join(kept.values())).encode(), text[end:].encode(), styles


def _sheet_parts(source: _Zip) -> dict[str, str]:
    """Sheet name → its part in the zip, from the workbook and its relationships."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    book = ElementTree.fromstring(source.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(source.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", ns)}
    return {s.get("name"): "xl/" + targets[s.get(rid)].lstrip("/").removeprefix("xl/")
            for s in book.findall("m:sheets/m:sheet", ns)}


# ------------------------------------------------------------------------------- the zip


class _Zip:
    """The stub's entries, read raw: parts not replaced are copied without inflating."""

    def __init__(self, path: Path):
        import zipfile

        self._file = zipfile.ZipFile(path)
        self.entries = self._file.infolist()

    def read(self, name: str) -> bytes:
        return self._file.read(name)

    def raw(self, info) -> bytes:
        fp = self._file.fp
        fp.seek(info.header_offset + 26)
        name_len, extra_len = struct.unpack("<HH", fp.read(4))
        fp.seek(info.header_offset + 30 + name_len + extra_len)
        return fp.read(info.compress_size)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()


def _write_zip(source: _Zip, target: Path, replaced: dict[str, tuple]) -> None:
    """A plain zip (deflate, no data descriptors): the stub's entries in order, the replaced
    sheets as head + deflated rows + tail with their CRC computed over the three."""
    central, offset = [], 0
    with open(target, "wb") as out:
        for info in source.entries:
            name = info.filename.encode()
            if info.filename in replaced:
                head, tail, jobs = replaced[info.filename]
                done = [job.result() for job in jobs]
                pieces = [_deflate(head), *(packed for *_, packed in done), _deflate(tail, True)]
                crc, size = isal_zlib.crc32(head), len(head) + len(tail)
                for length, piece_crc, _ in done:
                    crc = isal_zlib.crc32_combine(crc, piece_crc, length)
                    size += length
                crc = isal_zlib.crc32(tail, crc)
                packed = sum(map(len, pieces))
            else:
                pieces = [source.raw(info)]
                crc, size, packed = info.CRC, info.file_size, info.compress_size
            if max(size, packed, offset) > ZIP32:
                raise OverflowError(f"{info.filename}: over 4 GiB, past a plain zip's limit")
            y, mo, d, h, mi, s = info.date_time
            stamp = (h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d)
            fields = (20, 0, info.compress_type, *stamp, crc, packed, size, len(name))
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name)
            for piece in pieces:
                out.write(piece)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields,
                                       0, 0, 0, 0, 0, offset) + name)
            offset += 30 + len(name) + packed
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                              len(directory), offset, 0))
