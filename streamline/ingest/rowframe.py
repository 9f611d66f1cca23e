"""A staff sheet's rows classified by columns: the plain person rows found with vectorised
expressions, each field parsed once per distinct cell value.

The row walk (`_Sheet.walk`) is a state machine over every row below the header. Most rows of a
staff list are plain person rows: a person-like name, person data beside it, no header label,
no subtotal word, no merged or formula cell. Those are found here column by column (polars
`is_in` over the distinct values that qualify). A person's row is then read as columns with
the others (plainpeople.py); a positions or units record through one table per column
(distinct raw value → cleaned text, parsed value, note), so the walk only assembles it. Every
other row goes through the walk's own row-by-row code, unchanged. The
predicates below are exactly those of the walk (`_Sheet.person_like`, `layout.is_number_row`,
`layout.is_header_repeat`, `layout.is_subtotal`), read per distinct value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import repeat

import polars as pl

from streamline.ingest import headers
from streamline.ingest import layout as lay
from streamline.ingest.text import clean, fold, fold_label
from streamline.ingest.values import is_error, parse, parse_date

RECORD_KEY = {"positions": "position", "units": "unit"}
# Any letter. A cell without one (a date, a number, an ID: most distinct values of a long
# list) folds to digits and spaces, so it can start no subtotal or footer and repeat no header
# label that has letters; the cheap search spares fold() on tens of thousands of values.
_has_letter = re.compile(r"[^\W\d_]").search


def sheet_frame(grid, start: int) -> pl.DataFrame | None:
    """The grid's rows from `start` as String columns c0, c1, … (None: nothing to read, or
    cells that are not text)."""
    rows = grid.rows
    if start >= len(rows):
        return None
    frame = grid.frame
    if isinstance(frame, pl.DataFrame) and frame.height == len(rows) and all(
        len(rows[i]) == frame.width for i in (0, len(rows) - 1)
    ):
        fr = frame.slice(start)
    else:
        body = rows[start:]
        width = max(map(len, body))
        if not width:
            return None
        try:
            fr = pl.DataFrame(
                [r if len(r) == width else r + [None] * (width - len(r)) for r in body],
                schema=[(f"c{j}", pl.String) for j in range(width)],
                orient="row",
            )
        except Exception:  # a cell that is not text: the walk reads the rows itself
            return None
    if not fr.width:
        return None
    names = [f"c{j}" for j in range(fr.width)]
    return fr.rename(dict(zip(fr.columns, names, strict=True))).select(
        [pl.col(c).cast(pl.String) for c in names])


def distinct(fr: pl.DataFrame, j: int) -> list[tuple[str, str | None]]:
    """Column j's distinct non-null raw values, each with its cleaned text."""
    if j >= fr.width:
        return []
    return [(v, clean(v)) for v in fr.get_column(f"c{j}").unique().to_list() if v is not None]


def _flags(fr: pl.DataFrame, j: int, values: list[tuple[str, str | None]],
           tests: dict[str, Callable[[str, str | None], bool]]) -> dict:
    """Per test, whether column j's cell passes it (a blank or missing cell never does),
    decided once per distinct value: `values` (raw, cleaned), a test takes both."""
    if j >= fr.width:
        return {key: pl.lit(False) for key in tests}
    name = f"c{j}"
    passing: dict[str, list[str]] = {key: [] for key in tests}
    for v, cl in values:
        for key, test in tests.items():
            if test(v, cl):
                passing[key].append(v)
    return {key: pl.col(name).is_in(pl.Series(keys, dtype=pl.String).implode()).fill_null(False)
            if keys else pl.lit(False) for key, keys in passing.items()}


def _subtotal_word(v: str, cl: str | None) -> bool:
    """A cell is_subtotal might read as a subtotal label (its folded text starts with one)."""
    return bool(_has_letter(v)) and bool(lay._SUBTOTAL.match(fold(cl or "")))


def _header_hit(path) -> Callable[[str, str | None], bool]:
    """The test that a cell repeats a label of its column's header path (folded)."""
    if all(_has_letter(label) for label in path):
        return lambda v, cl: bool(_has_letter(v) and (f := fold_label(v)) and f in path)
    return lambda v, cl: bool((f := fold_label(v)) and f in path)


def plain_person_rows(sheet, fr: pl.DataFrame, reads, values: dict) -> list[bool]:
    """For each row of `fr`: a plain person row — person-like (`_Sheet.person_like`), not a
    header repeat, no cell that could start a subtotal, and (checked by the caller) no mark.
    `values`: column index → its distinct values (filled here for value_tables)."""

    def flags(j: int, tests: dict) -> dict:
        if j not in values:
            values[j] = distinct(fr, j)
        return _flags(fr, j, values[j], tests)

    cols = sheet.cols
    name_col = sheet.by_field["full_name"]
    telling = sheet.TELLING
    filled, tell, hits, labels, subtotal = [], [], [], [], []
    named = pl.lit(False)
    mapped = {c.index for c in cols}
    for col in cols:
        fld = col.field
        tests: dict[str, Callable[[str, str | None], bool]] = {}
        if fld in lay.PERSON_FIELDS:
            tests["filled"] = lambda v, cl: bool(cl)
            if fld in telling:
                def reads_as(v, cl, fld=fld):
                    if not cl:
                        return False
                    parsed = reads(fld, cl)
                    return parsed is not None and parsed is not False
                tests["tell"] = reads_as
        tests["hit"] = _header_hit(col.path)
        if fld == "full_name":
            tests["label"] = lambda v, cl: headers.is_label_of("staff", "full_name", v)
        if col is name_col:
            tests["named"] = lambda v, cl: lay.looks_like_name(cl)
        if col.index not in {c for c, _ in subtotal}:
            tests["subtotal"] = _subtotal_word
        found = flags(col.index, tests)
        filled += [found["filled"]] if "filled" in found else []
        tell += [found["tell"]] if "tell" in found else []
        hits.append(found["hit"])
        labels += [found["label"]] if "label" in found else []
        named = found.get("named", named)
        if "subtotal" in found:
            subtotal.append((col.index, found["subtotal"]))
    for j in range(fr.width):
        if j not in mapped:
            subtotal.append((j, flags(j, {"subtotal": _subtotal_word})["subtotal"]))
    if not filled or not tell:
        return [False] * fr.height
    person = (named & (pl.sum_horizontal(filled) >= 2) & pl.any_horizontal(tell))
    repeated = pl.sum_horizontal(hits) >= 2
    if labels:
        repeated = repeated | pl.any_horizontal(labels)
    plain = person & ~repeated & ~pl.any_horizontal([e for _, e in subtotal])
    return fr.select(plain.alias("plain")).get_column("plain").to_list()


def plain_record_rows(sheet, fr: pl.DataFrame, values: dict) -> list[bool]:
    """For each row of `fr` of a positions or units sheet: a plain record row — its key
    cell filled (not an error value, not a column number), another field filled, no header
    label repeated, no cell that could start a subtotal or a footer, and (checked by the
    caller) no mark and no footer above it. data_row then reads it as a record."""

    def flags(j: int, tests: dict) -> dict:
        if j not in values:
            values[j] = distinct(fr, j)
        return _flags(fr, j, values[j], tests)

    key = RECORD_KEY[sheet.layout.role]
    source = {c.field: c for c in sheet.cols}  # the row dict keeps a field's last column
    keyed = flags(source[key].index, {"key": lambda v, cl: bool(cl) and not is_error(cl)
                                      and not lay._NUMBER_CELL.match(v.strip())})["key"]
    filled = [flags(c.index, {"filled": lambda v, cl: bool(cl)})["filled"]
              for fld, c in source.items() if fld not in lay.PASSIVE and fld != key]
    hits, labels = [], []
    for col in sheet.cols:
        hits.append(flags(col.index, {"hit": _header_hit(col.path)})["hit"])
        if col.field == "full_name":
            labels.append(flags(col.index, {"label": lambda v, cl: headers.is_label_of(
                "staff", "full_name", v)})["label"])
    odd = [flags(j, {"odd": _subtotal_or_footer})["odd"] for j in range(fr.width)]
    if not filled:
        return [False] * fr.height
    repeated = pl.sum_horizontal(hits) >= 2
    if labels:
        repeated = repeated | pl.any_horizontal(labels)
    plain = keyed & pl.any_horizontal(filled) & ~repeated & ~pl.any_horizontal(odd)
    return fr.select(plain.alias("plain")).get_column("plain").to_list()


def _subtotal_or_footer(v: str, cl: str | None) -> bool:
    """A cell is_subtotal or is_footer might read as a subtotal label or a footer's words."""
    return _subtotal_word(v, cl) or bool(_has_letter(v) and lay._FOOTER.search(fold(v)))


def value_tables(sheet, fr: pl.DataFrame, values: dict) -> list[tuple]:
    """Per mapped column read of a positions or units sheet: (column, an iterator of its
    reading on each row, None for a blank). A reading is (cleaned text, parsed value, note),
    as `_Sheet.parse_record` makes it, from a table of the distinct values. A field mapped
    twice reads its last column's cell (the walk's row dict keeps the last)."""
    fields = lay.ROLE_FIELDS[sheet.layout.role]
    source = {c.field: c for c in sheet.cols}
    out = []
    for col in sheet.cols:
        fld = col.field
        src = source[fld]
        if fld in lay.PASSIVE:
            continue  # a row number: never read
        if src.index >= fr.width:
            continue  # beyond the rows' cells: always blank
        if src.index not in values:
            values[src.index] = distinct(fr, src.index)
        raw = fr.get_column(f"c{src.index}")
        table: dict = {None: None}
        kind = lay.DERIVED.get(fld) or fields[fld][0]
        order = sheet.orders.get(col.index, "dmy")
        for v, value in values[src.index]:
            if value is None:
                table[v] = None
            elif kind == "date":
                parsed, _, note = parse_date(value, order)
                note = note or (None if parsed else ("warning", "not_date", value))
                table[v] = (value, parsed, note)
            else:
                table[v] = (value, *parse(kind, value))
        if len(table) == 1:
            continue  # an empty column
        out.append((col, map(table.__getitem__, raw.to_list())))
    return out


def row_readings(tables: list[tuple]):
    """(the columns, an iterator of each row's tuple of their readings) from value_tables."""
    if not tables:
        return [], repeat(())
    return [col for col, _ in tables], zip(*(readings for _, readings in tables), strict=True)


def distinct_cells(fr: pl.DataFrame | None, j: int) -> list[str] | None:
    """Column j's distinct raw values (None: no frame)."""
    if fr is None:
        return None
    if j >= fr.width:
        return []
    return [v for v in fr.get_column(f"c{j}").unique().to_list() if v is not None]
