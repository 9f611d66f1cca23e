"""A staff list already in the tool's own columns (a Parquet export, a national extract) read
as columns, not row by row: the same canonical frame, issues and counts as the row reader,
at the speed of polars.

Only a Parquet file whose every column is a canonical staff field (full_name among them) takes
this path; anything else goes through the layout reader. Each distinct text value is parsed
once with the same cell parsers (values.py), so a cell reads the same either way.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from streamline.ingest.layout import excel_letter
from streamline.ingest.schema import (
    CONTRACT_STAFF_TYPE,
    ESSENTIAL,
    STAFF_FIELDS,
    issue_row,
    staff_schema,
)
from streamline.ingest.values import parse, parse_date

# The importer's own columns, besides the fields, that an export may carry back.
_PASSED = {"staff_type_source", "birth_precision"}
_BIRTH = "birth_date"


def canonical_columns(path: Path) -> list[str] | None:
    """The file's columns when it is a Parquet file in canonical field names, else None."""
    if path.suffix.lower() != ".parquet":
        return None
    try:
        columns = list(pl.read_parquet_schema(path))
    except Exception:  # an unreadable file: the row reader says why
        return None
    fields = set(STAFF_FIELDS) | _PASSED
    if "full_name" not in columns or not set(columns) <= fields:
        return None
    return columns


def _parsed(column: pl.Series, kind: str, fld: str) -> tuple[pl.Series, pl.DataFrame]:
    """The column in its field's type, and the (row, raw, note) of cells that did not read."""
    dtype = staff_schema()[fld]
    if dtype != pl.String and (column.dtype == dtype or (
            column.dtype.is_numeric() and dtype.is_numeric()
            and kind not in ("percent", "grade_code"))):
        fits = column
        if isinstance(dtype, pl.Decimal):  # polars refuses, not nulls, a number too wide
            limit = 10 ** (dtype.precision - dtype.scale)
            fits = pl.select(pl.when(column.abs() < limit).then(column)).to_series()
        out = fits.cast(dtype, strict=False)
        # A number its column cannot hold (a salary in a coefficient column) is said, not
        # silently dropped.
        lost = column.is_not_null() & out.is_null()
        if not lost.any():
            return out, pl.DataFrame()
        bad = pl.DataFrame({"row": range(len(column)), "raw": column, "lost": lost}).filter(
            "lost").select("row", pl.col("raw").cast(pl.String),
                           code=pl.lit("number_too_large"), severity=pl.lit("warning"))
        return out, bad
    if column.dtype == pl.String and kind in ("code", "text"):
        return _per_distinct(column, _clean_code if kind == "code" else _clean_text), \
            pl.DataFrame()
    text = column.cast(pl.String).str.strip_chars()
    values, notes = {}, {}
    for raw in text.drop_nulls().unique().to_list():
        if not raw:
            continue
        if kind == "date":
            value, _, note = parse_date(raw)
            note = note or (None if value else ("warning", "not_date", raw))
        else:
            value, note = parse(kind, raw)
        values[raw] = value
        if note:
            notes[raw] = note
    out = text.replace_strict(values, default=None, return_dtype=dtype)
    if kind == "date":
        precision = {raw: parse_date(raw)[1] for raw in values}
        out = out.to_frame().with_columns(
            _precision=text.replace_strict(precision, default=None, return_dtype=pl.String)
        ).to_struct(column.name)
    bad = pl.DataFrame({"row": range(len(text)), "raw": text}).filter(
        pl.col("raw").is_in(list(notes)))
    if bad.height:
        bad = bad.with_columns(
            pl.col("raw").replace_strict({k: v[1] for k, v in notes.items()}).alias("code"),
            pl.col("raw").replace_strict({k: v[0] for k, v in notes.items()}).alias("severity"),
        )
    return out, bad


def _clean_code(column: pl.Series) -> pl.Series:
    """values._code, as one expression."""
    code = column.str.strip_chars().str.replace(r"^(\d+)\.0+$", "${1}")
    return pl.select(pl.when(code != "").then(code)).to_series()


def _clean_text(column: pl.Series) -> pl.Series:
    """As the row reader cleans a cell: NFC, trimmed, inner whitespace collapsed."""
    text = column.str.normalize("NFC").str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.select(pl.when(text != "").then(text)).to_series()


def _per_distinct(column: pl.Series, clean) -> pl.Series:
    """clean(column), computed once per distinct value when values repeat (names, units and
    positions repeat thousands of times in a national list: 2.5 M cells, 13 k names)."""
    if 2 * column.approx_n_unique() > len(column):  # IDs: nothing to share
        return clean(column).alias(column.name)
    distinct = column.drop_nulls().unique()
    cleaned = clean(distinct)
    changed = cleaned.ne_missing(distinct)
    if not changed.any():  # the usual case: every value is clean already
        return column
    return column.replace(distinct.filter(changed), cleaned.filter(changed))


def read_canonical(path: Path, columns: list[str], type_patterns) -> tuple[pl.DataFrame,
                                                                          list[dict], dict,
                                                                          list[dict]]:
    """(staff rows, issues, counts, mapping) of a canonical Parquet staff list."""
    frame = pl.read_parquet(path, columns=columns)
    name, sheet = path.name, path.stem
    schema = staff_schema()
    issues: list[dict] = []
    out = {}
    letters = {c: excel_letter(i) for i, c in enumerate(columns)}
    said: dict[str, pl.Series] = {}  # cells already said (unreadable), per field
    for fld in columns:
        if fld in _PASSED:
            out[fld] = frame[fld].cast(pl.String)
            continue
        kind = STAFF_FIELDS[fld][0]
        out[fld], bad = _parsed(frame[fld], kind, fld)
        if out[fld].dtype == pl.Struct:  # a date column of text: its precision beside it
            if fld == _BIRTH:
                out["birth_precision"] = out[fld].struct.field("_precision")
            out[fld] = out[fld].struct.field(fld)
        said[fld] = pl.zeros(frame.height, pl.Boolean, eager=True)
        if bad.height:
            said[fld] = said[fld].scatter(bad["row"], True)
        for r in bad.iter_rows(named=True):
            issues.append(issue_row(name, sheet, r["row"] + 2, letters[fld],
                                 None if fld == "citizen_id" else r["raw"], r["code"],
                                 r["severity"], r["raw"]))
    staff = pl.DataFrame(out).with_columns(source_row=pl.int_range(2, frame.height + 2))
    named = staff["full_name"].cast(pl.String).str.strip_chars().fill_null("") != ""
    others = [c for c in columns if c != "full_name"]
    has_other = (pl.any_horizontal([pl.col(c).is_not_null() for c in others])
                 if others else pl.lit(False))
    flags = staff.select(named=named, other=has_other)
    for row in flags.with_row_index().filter(~pl.col("named") & pl.col("other"))["index"]:
        issues.append(issue_row(name, sheet, row + 2, letters["full_name"], None, "no_name",
                             "error", None))
    not_analysed = int((~flags["named"] & flags["other"]).sum())
    blank = int((~flags["named"] & ~flags["other"]).sum())
    staff = staff.with_columns(
        [pl.Series(f"_said_{f}", v) for f, v in said.items() if f in ESSENTIAL]
    ).filter(flags["named"])
    if _BIRTH in columns and "birth_precision" not in staff.columns:
        staff = staff.with_columns(
            birth_precision=pl.when(pl.col(_BIRTH).is_not_null()).then(pl.lit("day")))
    note = _Notes(name, sheet, letters)
    for fld in ESSENTIAL:
        if fld in columns:
            note.add(staff, pl.col(fld).is_null() & ~pl.col(f"_said_{fld}"), fld,
                     "essential_blank", "warning", pl.lit(fld))
    note.add(staff, pl.col("sex").is_null() if "sex" in columns else pl.lit(True), None,
             "sex_unknown", "warning", pl.col("full_name"), value=pl.col("full_name"))
    if "unit" in columns:
        filled = pl.col("unit").forward_fill()
        note.add(staff, pl.col("unit").is_null() & filled.is_not_null(), "unit", "unit_filled_down",
                 "info", filled)
        staff = staff.with_columns(unit=filled.fill_null(sheet))
    staff = _staff_type(staff, columns, type_patterns, note)
    staff = staff.with_columns(
        unit=pl.col("unit") if "unit" in columns else pl.lit(sheet),
        source_file=pl.lit(name), source_sheet=pl.lit(sheet))
    issues.extend(note.rows)
    staff = staff.select([pl.col(c).cast(t) if c in staff.columns else pl.lit(None, t).alias(c)
                          for c, t in schema.items()])
    counts = {"file": name, "sheet": sheet, "role": "staff", "rows": frame.height + 1,
              "people": staff.height, "not_analysed": not_analysed, "header": 1,
              "blank": blank, "section": 0, "subtotal": 0, "footer": 0, "records": 0}
    mapping = [{"file": name, "sheet": sheet, "role": "staff", "column": letters[c],
                "source_label": c, "field": None if c in _PASSED else c, "note": None,
                "note_arg": None, "confidence": 1.0, "evidence": "header", "pattern": None,
                "suggestion": None} for c in columns]
    return staff, issues, counts, mapping


class _Notes:
    """Issue rows for every person a condition holds for, as the row reader says them."""

    def __init__(self, file: str, sheet: str, letters: dict[str, str]):
        self.file, self.sheet, self.letters, self.rows = file, sheet, letters, []

    def add(self, staff: pl.DataFrame, when: pl.Expr, fld: str | None, code: str,
            severity: str, detail: pl.Expr, value: pl.Expr | None = None) -> None:
        hits = staff.filter(when).select(
            row="source_row", detail=detail.cast(pl.String),
            value=(value if value is not None else pl.lit(None)).cast(pl.String))
        self.rows.extend(issue_row(self.file, self.sheet, r["row"], self.letters.get(fld),
                                r["value"], code, severity, r["detail"])
                         for r in hits.iter_rows(named=True))


def _staff_type(staff: pl.DataFrame, columns: list[str], type_patterns,
                note: _Notes) -> pl.DataFrame:
    """Where the staff type comes from, as the row reader decides it: the column, else the
    contract type, else a guess from the grade code."""
    typed = pl.col("staff_type").is_not_null() if "staff_type" in columns else pl.lit(False)
    if "staff_type_source" in columns:
        source = pl.col("staff_type_source")
    else:
        source = pl.when(typed).then(pl.lit("column"))
    staff = staff.with_columns(
        staff_type=pl.col("staff_type") if "staff_type" in columns else pl.lit(None, pl.String),
        staff_type_source=source)
    if "contract_type" in columns:
        by_contract = pl.col("contract_type").replace_strict(CONTRACT_STAFF_TYPE, default=None)
        use = pl.col("staff_type").is_null() & by_contract.is_not_null()
        note.add(staff, use, "contract_type", "staff_type_from_contract", "info", by_contract)
        staff = staff.with_columns(
            staff_type=pl.when(use).then(by_contract).otherwise(pl.col("staff_type")),
            staff_type_source=pl.when(use).then(pl.lit("contract"))
            .otherwise(pl.col("staff_type_source")))
    if "grade_code" in columns and type_patterns:
        guess = pl.lit(None, pl.String)
        for pattern, kind in reversed(type_patterns):
            guess = pl.when(pl.col("grade_code").str.contains(pattern.pattern)).then(
                pl.lit(kind)).otherwise(guess)
        use = pl.col("staff_type").is_null() & guess.is_not_null()
        if "staff_type" in columns:
            note.add(staff, use, "staff_type", "staff_type_inferred", "info",
                     pl.col("grade_code"))
        elif staff.select(use.any()).item():
            note.rows.append(issue_row(note.file, note.sheet, None, None, None,
                                    "staff_type_inferred_sheet", "info", None))
        staff = staff.with_columns(
            staff_type=pl.when(use).then(guess).otherwise(pl.col("staff_type")),
            staff_type_source=pl.when(use).then(pl.lit("grade_code"))
            .otherwise(pl.col("staff_type_source")))
    note.add(staff, pl.col("staff_type").is_null(), "staff_type", "staff_type_missing",
             "warning", pl.lit(None))
    return staff


def drop_duplicates(staff: pl.DataFrame, counts: dict) -> tuple[pl.DataFrame, list[dict]]:
    """The same person twice in the file (the same ID and name, or the same name and birth
    date) is counted once, as the row reader does: the later row is not analysed, said with
    the row it repeats. Names compare case-insensitively."""
    name = _per_distinct(staff["full_name"].cast(pl.String),
                         lambda c: c.str.to_lowercase().str.strip_chars())
    keys = [["employee_id", "_name"]] if "employee_id" in staff.columns else []
    keys.append(["_name", "birth_date"])
    marked = staff.with_columns(_name=name).with_columns(
        pl.when(pl.all_horizontal(pl.col(k).is_not_null() for k in key))
        .then(pl.col("source_row").first().over(key)).alias(f"_first{i}")
        for i, key in enumerate(keys))
    marked = marked.with_columns(_dup_of=pl.coalesce(
        pl.when(pl.col(f"_first{i}") != pl.col("source_row")).then(pl.col(f"_first{i}"))
        for i in range(len(keys))))
    dups = marked.filter(pl.col("_dup_of").is_not_null())
    # One issue_row per repeat, its fields taken a column at a time: a generated national list
    # repeats 44,000 people, and a dict per row (iter_rows) cost more than the issues.
    shown = pl.col("employee_id")
    fields = dups.select("source_file", "source_sheet", "source_row",
                         pl.when(shown.is_null() | (shown == "")).then(pl.col("full_name"))
                         .otherwise(shown), "_dup_of")
    issues = [issue_row(file, sheet, row, None, value, "duplicate_person", "error", str(first))
              for file, sheet, row, value, first in zip(*fields.get_columns(), strict=True)]
    counts["people"] -= dups.height
    counts["not_analysed"] += dups.height
    return marked.filter(pl.col("_dup_of").is_null()).select(staff.columns), issues
