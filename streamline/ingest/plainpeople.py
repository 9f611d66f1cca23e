"""A staff sheet's plain person rows read as columns: their cells parsed once per distinct
value, and the record the walk's `finish` would complete for each row computed as polars
expressions over all of them at once.

The walk (`_Sheet.walk`) still visits every row, but for a plain row (rowframe.py) it only
notes the row and the sheet's state there (the sections above it, the staff group it is in);
everything `parse_record` and `finish` do for a row is done here, once per sheet. The issues
come out with the row they belong to and their order within it, so the sheet's issues read as
the walk would have said them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl

from streamline.ingest import layout as lay
from streamline.ingest.rowframe import distinct
from streamline.ingest.schema import (
    CONTRACT_STAFF_TYPE,
    ESSENTIAL,
    STAFF_FIELDS,
    issue_row,
    staff_schema,
)
from streamline.ingest.text import fold
from streamline.ingest.values import parse, parse_date

BIRTHS = ("birth_date", "birth_male", "birth_female")
# Where each kind of issue falls among a row's issues (the order finish says them in); a
# cell's own note takes its column's position, below all of these.
_SEQ = {"essential_blank": 1000, "both_birth_columns": 2000, "sex_unknown": 3000,
        "unit_filled_down": 4000, "from_group": 5000, "grade_from_name": 6000,
        "staff_type_from_contract": 7000, "staff_type": 8000}


def _dtype(fld: str) -> pl.DataType:
    derived = lay.DERIVED.get(fld)
    if derived:
        return pl.Date if derived == "date" else pl.Boolean
    return staff_schema()[fld]


class PlainPeople:
    """The typed readings of a staff sheet's mapped columns over the rows below its header
    (`fr`, rowframe.sheet_frame), ready for the plain rows the walk picks."""

    def __init__(self, sheet, fr: pl.DataFrame, values: dict, plain: list[bool]):
        self.sheet, self.fr, self.plain = sheet, fr, plain
        source = {c.field: c for c in sheet.cols}  # the row dict keeps a field's last column
        # (column, the field's source column) in the walk's order of its cells' notes
        self.read: list[tuple[lay.Column, lay.Column]] = []
        self.typed: dict[str, pl.Series] = {}  # field → its parsed value on every row
        self.notes: dict[int, dict[str, tuple]] = {}  # source column → raw → (note, value)
        self.precision: dict[str, pl.Series] = {}  # birth field → its reading's precision
        self.present: dict[str, pl.Series] = {}  # field → the cell has a reading
        self.sums: dict[str, list] = {}  # field → running sums over the plain rows
        self.scale: dict[str, int] = {}  # field → its sums' decimal places
        for col in sheet.cols:
            fld, src = col.field, source[col.field]
            if fld in lay.PASSIVE or src.index >= fr.width:
                continue
            self.read.append((col, src))
            if fld in self.typed:
                continue
            if src.index not in values:
                values[src.index] = distinct(fr, src.index)
            self._read_column(fld, src, values[src.index])

    def _read_column(self, fld: str, src: lay.Column, distinct: list) -> None:
        kind = lay.DERIVED.get(fld) or STAFF_FIELDS[fld][0]
        order = self.sheet.orders.get(src.index, "dmy")
        keys, parsed, precisions, notes = [], [], [], {}
        for raw, value in distinct:
            if value is None:
                continue
            if kind == "date":
                p, precision, note = parse_date(value, order)
                note = note or (None if p else ("warning", "not_date", value))
            else:
                (p, note), precision = parse(kind, value), None
            keys.append(raw)
            parsed.append(p)
            precisions.append(precision)
            if note:
                notes[raw] = (note, None if fld == "citizen_id" else value)
        # A value its column cannot hold raises here, before the walk: the sheet is then
        # walked row by row (PlainPeople is not made).
        table = pl.Series(parsed, dtype=_dtype(fld))
        raw = self.fr.get_column(f"c{src.index}")
        index = raw.replace_strict(keys, list(range(len(keys))), default=None,
                                   return_dtype=pl.UInt32)
        self.typed[fld] = table.gather(index).alias(fld)
        self.present[fld] = index.is_not_null()
        if fld in BIRTHS:
            self.precision[fld] = pl.Series(precisions, dtype=pl.String).gather(index)
        self.notes[src.index] = notes

    def total(self, fld: str, k0: int, k1: int) -> Decimal:
        """The sum of `fld` over the plain rows from frame row k0 up to k1 (excluded): the
        values their records would hold (each parsed value fits its typed column exactly:
        numbers are read to 4 decimals, Decimal(12, 4))."""
        if fld not in self.typed:
            return Decimal(0)
        if fld not in self.sums:
            typed = self.typed[fld]
            # Whole units of the column's last decimal place, summed as integers (Python
            # reads a column of Decimals ten times slower); Int64 past a long list's Int32.
            self.scale[fld] = getattr(typed.dtype, "scale", 0)
            units = typed.to_physical().cast(pl.Int64)
            plain = pl.Series(self.plain, dtype=pl.Boolean)
            units = units.zip_with(plain, pl.zeros(len(plain), pl.Int64, eager=True))
            self.sums[fld] = [0, *units.fill_null(0).cum_sum().to_list()]
        sums = self.sums[fld]
        return Decimal(sums[min(k1, len(sums) - 1)] - sums[k0]).scaleb(-self.scale[fld])

    def unit_cells(self) -> list | None:
        """The unit column's reading on every row (None: no unit column read)."""
        return self.typed["unit"].to_list() if "unit" in self.typed else None

    def frame(self, ks: list[int], states: list[int], sections: list[tuple],
              long_units: list[tuple[int, str]], start: int
              ) -> tuple[pl.DataFrame, list, int | None]:
        """The plain rows `ks` (indexes into the frame) completed as finish completes a
        record, in staff_schema columns with source_row; their issues as (walk row, order
        within the row, issue row); and the first walk row needing the sheet-wide "staff type
        inferred" (no staff-type column; None: no such row). `states[n]` indexes `sections`
        (the section names above the row, the staff group it is in) for row ks[n];
        `long_units` the (walk row, unit cell) of the persons the walk read itself, for the
        unit fill-down."""
        sheet, grid = self.sheet, self.sheet.grid
        by_field = sheet.by_field
        idx = pl.Series("_k", ks, dtype=pl.UInt32)
        blank = pl.Series([None] * len(ks), dtype=pl.String)
        # Every field a record may hold, null where the sheet has no column for it: a rule
        # about an absent field then finds nothing to do, as finish finds no key.
        fields = {**staff_schema(), **{f: _dtype(f) for f in lay.DERIVED}}
        p = pl.DataFrame({"_i": idx.cast(pl.Int64) + start,
                          "_state": pl.Series(states, dtype=pl.UInt32),
                          **{f: s.gather(idx) for f, s in self.typed.items()},
                          **{f"_{f}_precision": self.precision[f].gather(idx)
                             if f in self.precision else blank for f in BIRTHS},
                          "_sex_read": self.present["sex"].gather(idx) if "sex" in self.present
                          else pl.Series([False] * len(ks))})
        p = p.with_columns(pl.lit(None, t).alias(f) for f, t in fields.items()
                           if f not in p.columns)
        p = p.with_columns(source_row=pl.col("_i") + grid.row0)
        issues: list[tuple[int, int, dict]] = []
        name, sheet_name = Path(grid.file).name, grid.sheet

        def say(when: pl.Expr, seq: int, column, code: str, severity: str,
                value: pl.Expr | None = None, detail: pl.Expr | None = None) -> None:
            hits = p.filter(when).select(
                "_i", "source_row",
                value=(value if value is not None else pl.lit(None)).cast(pl.String),
                detail=(detail if detail is not None else pl.lit(None)).cast(pl.String))
            for i, row, v, d in hits.iter_rows():
                issues.append((i, seq, issue_row(name, sheet_name, row, column, v, code,
                                                 severity, v if d is None else d)))

        # The cells' own notes, in column order; a noted cell is said.
        said: dict[str, pl.Expr] = {}
        for n, (col, src) in enumerate(self.read):
            notes = self.notes.get(src.index)
            if not notes:
                continue
            raw = self.fr.get_column(f"c{src.index}").gather(idx)
            hit = raw.is_in(list(notes)).fill_null(False)
            said[col.field] = said.get(col.field, pl.lit(False)) | hit
            rows = p.select("_i", "source_row").with_columns(raw=raw).filter(hit)
            for i, row, r in rows.iter_rows():
                note, quoted = notes[r]
                issues.append((i, n, issue_row(name, sheet_name, row, col.letter, quoted,
                                               note[1], note[0],
                                               quoted if note[2] is None else note[2])))
        if said:
            p = p.with_columns(**{f"_said_{f}": e for f, e in said.items()})

        def has(fld: str) -> pl.Expr:
            return pl.col(fld).is_not_null()

        def letter(fld: str) -> str | None:
            return by_field[fld].letter if fld in by_field else None

        def said_of(fld: str) -> pl.Expr:
            return pl.col(f"_said_{fld}") if f"_said_{fld}" in p.columns else pl.lit(False)

        # essential_blanks
        births = [f for f in BIRTHS if f in by_field]
        for n, fld in enumerate(ESSENTIAL):
            group = births if fld == "birth_date" else [fld] if fld in by_field else []
            if group:
                col = by_field[group[0]]
                blank = ~pl.any_horizontal([has(f) | said_of(f) for f in group])
                say(blank, _SEQ["essential_blank"] + n, col.letter, "essential_blank",
                    "warning", detail=pl.lit(col.label))
        # Birth columns for men and women, a "Nữ" tick column.
        male, female = has("birth_male"), has("birth_female")
        either = male | female
        say(male & female, _SEQ["both_birth_columns"], letter("birth_male"),
            "both_birth_columns", "warning", value=pl.col("birth_male").cast(pl.String))
        p = p.with_columns(
            birth_date=pl.when(either).then(pl.coalesce("birth_male", "birth_female"))
            .otherwise(pl.col("birth_date")),
            birth_precision=pl.when(male).then(pl.col("_birth_male_precision"))
            .when(female).then(pl.col("_birth_female_precision"))
            .otherwise(pl.col("_birth_date_precision")),
            sex=pl.when(either & ~pl.col("_sex_read"))
            .then(pl.when(male).then(pl.lit("M")).otherwise(pl.lit("F")))
            # A date that cannot be read (said already) still stands in its sex's column.
            .when(~either & pl.col("sex").is_null()
                  & (said_of("birth_male") != said_of("birth_female")))
            .then(pl.when(said_of("birth_male")).then(pl.lit("M")).otherwise(pl.lit("F")))
            .otherwise(pl.col("sex")))
        if "female_marker" in by_field:
            p = p.with_columns(sex=pl.when(~either & pl.col("sex").is_null())
                               .then(pl.when(pl.col("female_marker").fill_null(False))
                                     .then(pl.lit("F")).otherwise(pl.lit("M")))
                               .otherwise(pl.col("sex")))
        say(pl.col("sex").is_null(), _SEQ["sex_unknown"], None, "sex_unknown", "warning",
            value=pl.col("full_name"))
        # The unit: its cell, else filled down from the person above (in the walk's order,
        # the persons it read itself included), else the section, the banner, the sheet.
        sec = pl.DataFrame(
            {"_state": pl.Series(range(len(sections)), dtype=pl.UInt32),
             "_sec_unit": [s[0][-1] if s[0] else None for s in sections],
             "_sec_n": pl.Series([len(s[0]) for s in sections], dtype=pl.Int64),
             "_sec_path": [" > ".join(s[0]) for s in sections],
             "_group": [s[1][1] if s[1] else None for s in sections]},
            schema_overrides={"_sec_unit": pl.String, "_sec_path": pl.String,
                              "_group": pl.String})
        p = p.join(sec, on="_state", how="left", maintain_order="left")
        if "unit" in by_field:
            others = pl.DataFrame({"_i": [i for i, _ in long_units],
                                   "_cell": [u for _, u in long_units]},
                                  schema={"_i": pl.Int64, "_cell": pl.String})
            filled = (pl.concat([p.select("_i", _cell="unit"), others]).sort("_i")
                      .with_columns(_filled=pl.col("_cell").forward_fill().shift(1)))
            p = p.join(filled.select("_i", "_filled"), on="_i", how="left",
                       maintain_order="left")
            fill = pl.col("unit").is_null() & pl.col("_filled").is_not_null()
            say(fill, _SEQ["unit_filled_down"], letter("unit"), "unit_filled_down",
                "info", detail=pl.col("_filled"))
            p = p.with_columns(unit=pl.coalesce("unit", "_filled"))
        p = p.with_columns(unit=pl.coalesce(
            "unit", "_sec_unit", pl.lit(sheet.banner_unit, pl.String),
            pl.lit(grid.sheet, pl.String)))
        joined = (pl.when(pl.col("_sec_n") == 0).then(pl.lit(None, pl.String))
                  .when(pl.col("unit") == pl.col("_sec_unit"))
                  .then(pl.when(pl.col("_sec_n") > 1).then(pl.col("_sec_path")))
                  .otherwise(pl.col("_sec_path") + " > " + pl.col("unit")))
        p = p.with_columns(unit_path=pl.coalesce("unit_path", joined))
        # The staff type: its column, the staff group, the contract, a guess from the grade.
        p = p.with_columns(staff_type_source=pl.when(pl.col("staff_type").is_not_null())
                           .then(pl.lit("column")))
        groups = {s[1][1]: s[1][2] for s in sections if s[1]}
        if groups:
            p = p.with_columns(staff_group=pl.when(pl.col("_group").is_not_null())
                               .then(pl.col("_group")).otherwise(pl.col("staff_group")))
            typing = [g for g, implied in groups.items() if implied.get("staff_type")]
            p = p.with_columns(staff_type_source=pl.when(
                pl.col("_group").is_in(typing) & pl.col("staff_type").is_null())
                .then(pl.lit("group")).otherwise(pl.col("staff_type_source")))
            for group, implied in groups.items():
                for n, (fld, value) in enumerate(implied.items()):
                    use = (pl.col("_group") == group).fill_null(False) & pl.col(fld).is_null()
                    say(use, _SEQ["from_group"] + n, None, "from_group", "info",
                        value=pl.col("_group"))
                    p = p.with_columns(pl.when(use).then(pl.lit(value))
                                       .otherwise(pl.col(fld)).alias(fld))
        grade_names = sheet.ctx.grade_names
        if grade_names:
            names = p["grade_name"].drop_nulls().unique().to_list()
            codes = {n: c for n in names if (c := grade_names.get(fold(n)))}
            found = pl.col("grade_name").replace_strict(codes, default=None,
                                                        return_dtype=pl.String)
            use = pl.col("grade_code").is_null() & found.is_not_null()
            say(use, _SEQ["grade_from_name"], letter("grade_name"), "grade_from_name", "info",
                value=pl.col("grade_name"), detail=found)
            p = p.with_columns(grade_code=pl.when(use).then(found)
                               .otherwise(pl.col("grade_code")))
        by_contract = pl.col("contract_type").replace_strict(
            CONTRACT_STAFF_TYPE, default=None, return_dtype=pl.String)
        use = pl.col("staff_type").is_null() & by_contract.is_not_null()
        say(use, _SEQ["staff_type_from_contract"], letter("contract_type"),
            "staff_type_from_contract", "info", detail=by_contract)
        p = p.with_columns(
            staff_type=pl.when(use).then(by_contract).otherwise(pl.col("staff_type")),
            staff_type_source=pl.when(use).then(pl.lit("contract"))
            .otherwise(pl.col("staff_type_source")))
        untyped = pl.col("staff_type").is_null()
        code = pl.col("grade_code").fill_null("")
        codes = p.filter(untyped).select(code.unique()).to_series().to_list()
        guesses = {c: t for c in codes
                   if (t := next((t for pat, t in sheet.ctx.type_patterns if pat.search(c)),
                                 None))}
        guess = code.replace_strict(guesses, default=None, return_dtype=pl.String)
        typed_column = "staff_type" in by_field
        inferred = untyped & guess.is_not_null()
        if typed_column:
            say(inferred, _SEQ["staff_type"], letter("staff_type"), "staff_type_inferred",
                "info", detail=code)
        say(untyped & guess.is_null(), _SEQ["staff_type"], letter("staff_type"),
            "staff_type_missing", "warning")
        first_guess = None if typed_column else p.filter(inferred)["_i"].first()
        p = p.with_columns(
            staff_type=pl.when(inferred).then(guess).otherwise(pl.col("staff_type")),
            staff_type_source=pl.when(inferred).then(pl.lit("grade_code"))
            .otherwise(pl.col("staff_type_source")))
        p = p.with_columns(source_file=pl.lit(name), source_sheet=pl.lit(sheet_name))
        return p.select(pl.col(c).cast(t) for c, t in staff_schema().items()), issues, \
            first_guess
