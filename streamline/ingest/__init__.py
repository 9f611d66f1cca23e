"""Workbooks, CSV and Parquet → canonical staff, positions and units frames plus issues.

`read_inputs` never drops a row silently: each is counted as a person (or a record of a
positions/units sheet), a recognised non-person row (banner/header, blank, section, subtotal,
footer), or not analysed with an error row in `issues`.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import chain, repeat
from pathlib import Path

import polars as pl

from streamline.errors import InputError
from streamline.ingest import layout as lay
from streamline.ingest import rowframe
from streamline.ingest.columnar import canonical_columns, drop_duplicates, read_canonical
from streamline.ingest.plainpeople import PlainPeople
from streamline.ingest.reader import SUPPORTED, Grid, Marks, read_grids
from streamline.ingest.schema import (
    CONTRACT_STAFF_TYPE,
    COUNT_SCHEMA,
    ESSENTIAL,
    FILE_SCHEMA,
    ISSUE_SCHEMA,
    MAPPING_SCHEMA,
    POSITION_FIELDS,
    STAFF_FIELDS,
    UNIT_FIELDS,
    issue_row,
    staff_schema,
)
from streamline.ingest.text import clean, fold, fold_label
from streamline.ingest.values import date_order_evidence, is_error, parse, parse_date

NUMERIC_KINDS = {"decimal", "percent", "money", "int"}
# One value per person: a cell merged over several people's rows belongs to nobody.
PER_PERSON = {
    "employee_id", "citizen_id", "birth_date", "birth_male", "birth_female", "coef", "step",
    "join_date", "sex", "coef_date",
}
# Merged over several people, these keep their own handling: the unit fills down with its
# own message, and a name shared by several rows names nobody.
MERGE_OWN = {"unit", "full_name", "seq"}
RECORD_KEY = {"positions": "position", "units": "unit"}


@dataclass
class Ingested:
    staff: pl.DataFrame
    positions: pl.DataFrame
    units: pl.DataFrame
    issues: pl.DataFrame
    mapping: pl.DataFrame
    counts: pl.DataFrame
    files: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=FILE_SCHEMA))

    def __post_init__(self):
        # A list's agency is its own file until with_agencies says otherwise (frames made by
        # hand, in a notebook or a test, have none).
        for name in ("positions", "units"):
            frame = getattr(self, name)
            if "agency" not in frame.columns:
                setattr(self, name, frame.with_columns(agency=pl.col("source_file")))

    @property
    def unreadable(self) -> int:
        return self.files.filter(pl.col("status") == "unreadable").height


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders contribute their supported files (sorted, no temp files)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.iterdir()
                    if f.suffix.lower() in SUPPORTED
                    and not f.name.startswith(("~$", "."))
                    and ".streamline." not in f.name
                )
            )
        else:
            out.append(p)
    return out


def parse_overrides(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`--map "Source label=field"` items → {label: field}."""
    fields = set(STAFF_FIELDS) | set(POSITION_FIELDS) | set(UNIT_FIELDS) | set(lay.DERIVED)
    fields |= lay.PASSIVE | {"ignore"}
    out = {}
    for item in items:
        label, sep, fld = item.rpartition("=")
        fld = fld.strip()
        if not sep or not label.strip():
            raise InputError("--map", "bad_map_form", item=item)
        if fld not in fields:
            raise InputError("--map", "bad_map_field", field=fld)
        out[label.strip()] = fld
    return out


# Person fields whose reading value tells a person's row from a signature block's names.
_TELLING = {"birth_date", "birth_male", "birth_female", "coef", "employee_id", "step", "sex",
            "staff_type", "citizen_id"}


def _reads(fld: str, value: str):
    """The value a cell reads as (None when it does not read as the field's kind)."""
    kind = lay.DERIVED.get(fld) or STAFF_FIELDS[fld][0]
    parsed, note = parse(kind, value)
    return None if note and note[0] == "warning" else parsed


class _Sheet:
    """State while walking one sheet's rows."""

    def __init__(self, grid: Grid, layout: lay.Layout, ctx: _Context):
        self.grid, self.layout, self.ctx = grid, layout, ctx
        self.cols = [c for c in layout.columns if c.field]
        self.by_field = layout.by_field()
        self.counts = Counter()
        self.sections: list[tuple[int, str, str]] = []  # (level, mark, name)
        self.section_start: dict[str, int] = {}  # mark → index into persons
        self.since = 0  # persons index where the current subtotal scope starts
        # A record (a dict), or for a plain person row read as columns its index in `frame`.
        self.persons: list[dict | int] = []
        self.record_at: list[int] = []  # indexes of the records (not plain rows) in persons
        # (Excel row, field) of the values a person took from a merged cell above: Excel's own
        # SUM sees the merged value once, so a subtotal check counts it once too.
        self.merged_shared: set[tuple[int, str]] = set()
        self.last_unit: str | None = None
        self.last_unit_row = -1  # the walk row last_unit comes from
        self.last_letter: str | None = None
        # The staff-group section the rows are in: (level, name, fields it implies).
        self.group: tuple[int, str, dict[str, str]] | None = None
        self.banner_unit = lay.banner_unit(grid.rows[: max(layout.header_top, 0)])
        self.frame: pl.DataFrame | None = None  # the rows below the header as columns
        self.distinct: dict[int, list] = {}  # column index → its distinct cells (rowframe.py)
        self.essential: list[tuple[list[str], lay.Column]] | None = None  # essential_blanks
        # Plain person rows (plainpeople.py): the sheet's state at each (an index into
        # `states`: the section names above it, the staff group it is in), the persons the
        # walk read itself with their unit cells, and where the walk's own issues start.
        self.people: PlainPeople | None = None
        self.states: list[tuple] = []
        self.state: int | None = None
        self.plain_states: list[int] = []
        self.long_units: list[tuple[int, str]] = []
        self.said_at: list[tuple[int, int]] = []  # (index into ctx.issues, walk row)
        self.inferred_sheet_said: tuple[dict, int] | None = None
        self.plain_units: list | None = None  # the plain rows' unit cells, by frame row
        self.plain_unit_last: list = []  # frame row → the last plain row above with one
        self.start = 0  # the walk row of the frame's first row
        self.first_issue = 0  # the sheet's first issue in ctx.issues

    def excel_row(self, i: int) -> int:
        return self.grid.row0 + i

    def issue(self, i: int | None, column: str | None, value, key: str, severity: str, detail=None):
        self.ctx.issue(
            self.grid,
            None if i is None else self.excel_row(i),
            column,
            value,
            key,
            severity,
            detail,
        )

    @property
    def unit(self) -> str | None:
        return self.sections[-1][2] if self.sections else None

    def date_orders(self, start: int) -> dict[int, str]:
        """Each date column's day/month order: month-first when some of its text dates can
        only be read that way ("10/20/1959") and none only day-first; --date-order settles a
        column whose dates read both ways. Said per column."""
        role_fields = lay.ROLE_FIELDS[self.layout.role]
        orders = {}
        for col in self.cols:
            kind = lay.DERIVED.get(col.field) or role_fields.get(col.field, ("",))[0]
            if kind != "date":
                continue
            distinct = rowframe.distinct_cells(self.frame, col.index)
            if distinct is not None:  # each distinct cell once: only which readings occur counts
                seen = Counter(date_order_evidence(v) for raw in distinct if (v := clean(raw)))
            else:
                seen = Counter(date_order_evidence(v) for r in self.grid.rows[start:]
                               if (v := self.cell(r, col)))
            if self.ctx.date_order:
                orders[col.index] = self.ctx.date_order
            elif seen["mdy"] and seen["dmy"]:
                self.issue(None, col.letter, None, "date_order_mixed", "warning", col.label)
            elif seen["mdy"]:
                orders[col.index] = "mdy"
                self.issue(None, col.letter, None, "date_order_mdy", "info", col.label)
            elif seen["either"] and not seen["dmy"]:
                self.issue(None, col.letter, None, "date_order_ambiguous", "info", col.label)
        return orders

    def walk(self) -> None:
        rows = self.grid.rows
        lo = self.layout.header_top
        self.counts["header"] += lo + (self.layout.header_bottom - lo + 1)
        start = self.layout.header_bottom + 1
        if self.layout.number_row is not None:
            self.counts["header"] += 1
            start += 1
        self.first_issue, self.start = len(self.ctx.issues), start
        plain = self.plain_rows(start)
        self.orders = self.date_orders(start)
        staff = self.layout.role == "staff"
        if plain and staff:
            plain = self.read_plain_people(plain)
        if not plain:
            rows = list(rows)  # every row is walked: made at once
        readings = None
        if plain and not staff:
            read_cols, readings = rowframe.row_readings(
                rowframe.value_tables(self, self.frame, self.distinct))
        footer = False
        # A staff sheet's plain rows are not visited one by one: each run of them between
        # two other rows is noted at once (they are read as columns after the walk).
        runs = plain if plain and staff else None
        walked = (range(start, len(rows)) if runs is None
                  else [start + k for k, p in enumerate(runs) if not p] + [len(rows)])
        after = start  # the row after the last one walked
        for i in walked:
            if runs is not None:
                if i > after:
                    self.plain_run(after - start, i - start)
                    footer = False
                after = i + 1
                if i == len(rows):
                    break
                self.said_at.append((len(self.ctx.issues), i))
            reading = next(readings) if readings is not None else None
            # A plain record row (rowframe.py): what data_row would do, from the tables.
            # Below a footer it is a footer's.
            if plain and plain[i - start] and not footer:
                self.persons.append(self.plain_record(i, read_cols, reading))
                self.counts["records"] += 1
                continue
            row = rows[i]
            idx = lay.nonempty(row)
            person = self.person_like(row)
            if not idx:
                self.counts["blank"] += 1
            elif (footer and not person) or (not person and lay.is_footer(row, idx)):
                # A footer ends the table only while no person follows: people written after
                # a signature block are people.
                footer = True
                self.counts["footer"] += 1
            elif lay.is_number_row(row, idx) or lay.is_header_repeat(row, self.cols):
                # A column-number row ("1 2 3 …", "(1) (2) …") is never a person's: under a
                # repeated header, or below the header after a blank row.
                self.counts["header"] += 1
            elif label := lay.is_subtotal(row, idx, person):
                self.counts["subtotal"] += 1
                self.check_subtotal(i, row, label)
            else:
                footer = False
                self.data_row(i, row, idx)

    def read_plain_people(self, plain: list[bool]) -> list[bool] | None:
        """Read the plain rows' columns (plainpeople.py); None when a value does not fit its
        column's type: the sheet is then walked row by row, as before the frame existed."""
        try:
            self.people = PlainPeople(self, self.frame, self.distinct, plain)
        except Exception:
            return None
        units = self.people.unit_cells()
        if units is not None:  # the last plain row at or above each row with a unit cell
            self.plain_units = units
            self.plain_unit_last = pl.select(
                pl.when(pl.Series(plain) & pl.Series(units, dtype=pl.String).is_not_null())
                .then(pl.int_range(len(plain))).forward_fill()).to_series().to_list()
        return plain

    def plain_run(self, k0: int, k1: int) -> None:
        """The plain person rows k0 … k1 - 1 of the frame (rowframe.py), read after the walk
        (plainpeople.py): noted with the sheet's state there."""
        state = self.state if self.state is not None else self.new_state()
        self.persons.extend(range(k0, k1))
        self.plain_states.extend(repeat(state, k1 - k0))
        self.counts["people"] += k1 - k0

    def new_state(self) -> int:
        self.state = len(self.states)
        self.states.append((tuple(name for _, _, name in self.sections), self.group))
        return self.state

    def staff_rows(self) -> pl.DataFrame:
        """Every person of the sheet (after the walk, records with their source) as a staff
        frame in row order: the plain rows read as columns, the others from their records;
        the plain rows' issues merged into the sheet's in row order."""
        frames = []
        ks = [p for p in self.persons if isinstance(p, int)]
        if ks:
            frame, issues, first_guess = self.people.frame(
                ks, self.plain_states, self.states, self.long_units, self.start)
            frames.append(frame)
            self.merge_issues(issues, first_guess)
        records = [p for p in self.persons if isinstance(p, dict)]
        if records or not frames:
            frames.append(_records_frame(records))
        return pl.concat(frames).sort("source_row") if len(frames) > 1 else frames[0]

    def merge_issues(self, plain: list[tuple[int, int, dict]], first: int | None) -> None:
        """The walk's own issues of the sheet and the plain rows', in row order; within a
        row, in the order finish says them. `first`: the first plain row needing the
        sheet-wide "staff type inferred", if any."""
        keyed, key, m = [], -1, 0
        for n in range(self.first_issue, len(self.ctx.issues)):
            while m < len(self.said_at) and self.said_at[m][0] <= n:
                key, m = self.said_at[m][1], m + 1
            keyed.append((key, 0, n, self.ctx.issues[n]))
        sheet = (self.grid.file, self.grid.sheet)
        if first is not None:  # the sheet-wide "staff type inferred" belongs to the first
            said = self.inferred_sheet_said
            if said is None and sheet not in self.ctx.inferred_type_sheets:
                self.ctx.inferred_type_sheets.add(sheet)
                plain.append((first, 8000, issue_row(
                    Path(self.grid.file).name, self.grid.sheet, None, None, None,
                    "staff_type_inferred_sheet", "info", None)))
            elif said is not None and first < said[1]:
                keyed = [k for k in keyed if k[3] is not said[0]]
                plain.append((first, 8000, said[0]))
        keyed += [(i, seq, 0, issue) for i, seq, issue in plain]
        keyed.sort(key=lambda k: k[:3])
        self.ctx.issues[self.first_issue:] = [k[3] for k in keyed]

    TELLING = _TELLING

    def plain_rows(self, start: int) -> list[bool] | None:
        """Which rows from `start` are plain person (or record) rows (rowframe.py); None when
        the sheet is walked row by row only (no name or record-key column, cells not text).
        A plain person row is read after the walk, as columns (plainpeople.py)."""
        self.frame = None
        staff = self.layout.role == "staff"
        if ("full_name" if staff else RECORD_KEY[self.layout.role]) not in self.by_field:
            return None
        self.frame = rowframe.sheet_frame(self.grid, start)
        if self.frame is None:
            return None
        if staff:
            plain = rowframe.plain_person_rows(self, self.frame, _reads, self.distinct)
        else:
            plain = rowframe.plain_record_rows(self, self.frame, self.distinct)
        marks = self.ctx.marks.get((self.grid.file, self.grid.sheet))
        if marks is not None:  # a merged or formula cell: the row goes the long way
            for r, _ in (*marks.merged, *marks.formulas):
                k = r - self.grid.row0 - start
                if 0 <= k < len(plain):
                    plain[k] = False
        return plain if any(plain) else None

    def plain_record(self, i: int, cols: list, readings: tuple) -> dict:
        """parse_record for a plain row of a positions or units sheet, no merged or formula
        cell: the readings come from the per-column tables of distinct values."""
        rec: dict = {}
        for col, reading in zip(cols, readings, strict=True):
            if reading is None:
                continue
            value, parsed, note = reading
            if note:
                self.issue(i, col.letter, value, note[1], note[0], note[2])
            rec[col.field] = parsed
        rec["_row"] = self.excel_row(i)
        rec.setdefault("unit", self.unit)
        return rec

    def person_like(self, row) -> bool:
        """A person-like name in the name column and a person's own data beside it: two
        person fields, one of them a value that reads as such (a birth date, a coefficient, an
        ID, a step, a sex, a staff type). Such a row is a person whatever its first cell's
        words, and even below a signature block."""
        if self.layout.role != "staff" or "full_name" not in self.by_field:
            return False
        if not lay.looks_like_name(self.cell(row, self.by_field["full_name"])):
            return False
        filled = [(c, v) for c in self.cols if c.field in lay.PERSON_FIELDS
                  if (v := self.cell(row, c))]
        return len(filled) >= 2 and any(
            c.field in _TELLING and (parsed := _reads(c.field, v)) is not None
            and parsed is not False
            for c, v in filled
        )

    def cell(self, row, col: lay.Column) -> str | None:
        v = row[col.index] if col.index < len(row) else None
        return clean(v) if v is not None else None

    def data_row(self, i: int, row, idx: list[int]) -> None:
        width = len(row)
        raw = {c.field: clean(row[c.index]) if c.index < width else None for c in self.cols}
        key = "full_name" if self.layout.role == "staff" else RECORD_KEY[self.layout.role]
        data_fields = (
            lay.PERSON_FIELDS if self.layout.role == "staff" else set(raw) - lay.PASSIVE - {key}
        )
        # A section title in a date or number column ("TRƯỜNG THCS LÊ LỢI" under "Ngày sinh",
        # the first column) is no person's data: only a value that reads as its field counts.
        # A lone cell beside an empty name is a heading whatever column it sits in.
        has_data = not (len(idx) == 1 and not raw.get(key)) and any(
            raw.get(f) and (self.layout.role != "staff" or _reads(f, raw[f]) is not None)
            for f in data_fields)
        if (sec := lay.section_of(row, idx, has_data)) and not (raw.get(key) and has_data):
            self.enter_section(sec)
            self.counts["section"] += 1
            return
        if raw.get(key) and is_error(raw[key]):
            self.counts["not_analysed"] += 1
            letter = self.by_field[key].letter
            self.issue(i, letter, raw[key], "name_error" if key == "full_name" else
                       "no_record_key", "error", raw[key] if key == "full_name" else key)
            return
        if not raw.get(key):
            if any(v for f, v in raw.items() if f not in lay.PASSIVE):
                self.counts["not_analysed"] += 1
                first = next(
                    c for c in self.cols if raw.get(c.field) and c.field not in lay.PASSIVE
                )
                if self.layout.role == "staff":
                    self.issue(i, first.letter, raw[first.field], "no_name", "error")
                else:
                    self.issue(i, first.letter, raw[first.field], "no_record_key", "error", key)
            else:  # only a row number, nothing to read
                self.counts["blank"] += 1
            return
        record = self.parse_record(i, raw)
        self.record_at.append(len(self.persons))
        self.persons.append(record)
        self.counts["people" if self.layout.role == "staff" else "records"] += 1

    def enter_section(self, sec: tuple[str, str]) -> None:
        mark, name = sec
        self.state = None  # the plain rows below are in another state
        level = lay.section_level(mark, self.last_letter)
        if level == 1:
            self.last_letter = mark
        self.section_start[mark] = len(self.persons)
        self.since = len(self.persons)
        if self.group and self.group[0] >= level:
            self.group = None
        if (implied := lay.staff_group(name)) is not None:
            # "II. GIÁO VIÊN", "Hợp đồng": a group of the unit's staff, not a unit.
            self.group = (level, name, implied)
            return
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        parent = self.unit
        self.sections.append((level, mark, name))
        self.ctx.section_units.setdefault(name, parent)

    def parse_record(self, i: int, raw: dict) -> dict:
        fields = lay.ROLE_FIELDS[self.layout.role]
        rec: dict = {}
        row_no = self.excel_row(i)
        marks = self.ctx.marks.get((self.grid.file, self.grid.sheet), Marks())
        for col in self.cols:
            fld, value = col.field, raw[col.field]
            at = (row_no, col.index + self.grid.col0)
            if at in marks.merged and self.layout.role == "staff":
                if fld in PER_PERSON:
                    top = None if fld == "citizen_id" else self.top_value(marks.merged[at])
                    self.issue(i, col.letter, top, "merged_over_people", "warning")
                    rec[f"_{fld}_said"] = True
                    continue
                if value is None and fld not in MERGE_OWN and marks.merged[at] != at:
                    # A value shared by merging (one regional allowance, one funding source
                    # for a whole group): each person below the first cell has it too.
                    value = self.top_value(marks.merged[at])
                    if value is not None:
                        self.issue(i, col.letter, value, "merged_shared", "info", value)
                        self.merged_shared.add((row_no, fld))
            if value is None and at in marks.formulas:
                self.issue(i, col.letter, marks.formulas[at], "formula_no_value", "warning")
                rec[f"_{fld}_said"] = True
                continue
            if value is None or fld in lay.PASSIVE:
                continue
            kind = lay.DERIVED.get(fld) or fields[fld][0]
            if kind == "date":
                parsed, precision, note = parse_date(value, self.orders.get(col.index, "dmy"))
                note = note or (None if parsed else ("warning", "not_date", value))
                if fld in ("birth_date", "birth_male", "birth_female"):
                    rec[f"_{fld}_precision"] = precision
            else:
                parsed, note = parse(kind, value)
            if note:
                quoted = None if fld == "citizen_id" else value  # never quote a personal number
                self.issue(i, col.letter, quoted, note[1], note[0], note[2])
                rec[f"_{fld}_said"] = True
            rec[fld] = parsed
        rec["_row"] = self.excel_row(i)
        if self.layout.role == "staff":
            self.finish_person(i, rec)
        else:
            rec.setdefault("unit", self.unit)
        return rec

    def top_value(self, top: tuple[int, int]) -> str | None:
        """The value of a merged range, as its first cell holds it."""
        i, j = top[0] - self.grid.row0, top[1] - self.grid.col0
        row = self.grid.rows[i] if 0 <= i < len(self.grid.rows) else []
        return clean(row[j]) if 0 <= j < len(row) and row[j] is not None else None

    def essential_blanks(self, i: int, rec: dict, said: set[str]) -> None:
        """A blank coefficient or birth date is said once (unless its cell was already said:
        an error value, a formula without a value, a merged cell)."""
        if self.essential is None:
            births = [f for f in ("birth_date", "birth_male", "birth_female")
                      if f in self.by_field]
            self.essential = []
            for fld in ESSENTIAL:
                group = births if fld == "birth_date" else [fld] if fld in self.by_field else []
                if group:
                    self.essential.append((group, self.by_field[group[0]]))
        for group, col in self.essential:
            if any(rec.get(f) is not None or f in said for f in group):
                continue
            self.issue(i, col.letter, None, "essential_blank", "warning", col.label)

    def finish_person(self, i: int, rec: dict) -> None:
        """The person's record completed (birth columns, sex, unit, staff type …); the
        `_<field>_said` and `_<field>_precision` keys parse_record left are taken out.
        PlainPeople.frame does the same for the plain rows, as columns: a change here is a
        change there."""
        said = {k[1:-5] for k in rec if k[:1] == "_" and k.endswith("_said")}
        precision = {k[1:-10]: rec.pop(k) for k in [k for k in rec if k[:1] == "_"
                                                      and k.endswith("_precision")]}
        for fld in said:
            rec.pop(f"_{fld}_said")
        self.essential_blanks(i, rec, said)
        male, female = rec.pop("birth_male", None), rec.pop("birth_female", None)
        marker = rec.pop("female_marker", None)
        if male or female:
            if male and female:
                self.issue(
                    i,
                    self.by_field["birth_male"].letter,
                    str(male),
                    "both_birth_columns",
                    "warning",
                )
            which = "birth_male" if male else "birth_female"
            rec["birth_date"] = male or female
            precision["birth_date"] = precision.get(which)
            rec.setdefault("sex", "M" if male else "F")
        elif not rec.get("sex") and ("birth_male" in said) != ("birth_female" in said):
            # A date that cannot be read (said already) still stands in its sex's column.
            rec["sex"] = "M" if "birth_male" in said else "F"
        elif "female_marker" in self.by_field and not rec.get("sex"):
            rec["sex"] = "F" if marker else "M"  # a "Nữ" tick column: blank means a man
        if "sex" not in rec or rec["sex"] is None:
            self.issue(i, None, rec.get("full_name"), "sex_unknown", "warning")
        rec["birth_precision"] = precision.get("birth_date")
        if "unit" in self.by_field:
            self.plain_unit_above(i)
            if rec.get("unit"):
                self.last_unit, self.last_unit_row = rec["unit"], i
                self.long_units.append((i, rec["unit"]))
            elif self.last_unit:
                rec["unit"] = self.last_unit
                self.issue(
                    i,
                    self.by_field["unit"].letter,
                    None,
                    "unit_filled_down",
                    "info",
                    self.last_unit,
                )
        if not rec.get("unit"):
            rec["unit"] = self.unit or self.banner_unit or self.grid.sheet
        path = [name for _, _, name in self.sections]
        if rec["unit"] not in path[-1:] and path:
            path.append(rec["unit"])
        if not rec.get("unit_path"):  # a unit-path column (the tool's own export) wins
            rec["unit_path"] = " > ".join(path) if len(path) > 1 else None
        if rec.get("staff_type"):
            rec["staff_type_source"] = "column"
        if self.group:
            rec["staff_group"] = self.group[1]
            if self.group[2].get("staff_type") and not rec.get("staff_type"):
                rec["staff_type_source"] = "group"
            for fld, value in self.group[2].items():
                if not rec.get(fld):  # a column's own value wins over its group's
                    rec[fld] = value
                    self.issue(i, None, self.group[1], "from_group", "info", self.group[1])
        if not rec.get("grade_code") and rec.get("grade_name"):
            code = self.ctx.grade_names.get(fold(rec["grade_name"]))
            if code:
                rec["grade_code"] = code
                self.issue(
                    i,
                    self.by_field["grade_name"].letter,
                    rec["grade_name"],
                    "grade_from_name",
                    "info",
                    code,
                )
        if not rec.get("staff_type") and rec.get("contract_type") in CONTRACT_STAFF_TYPE:
            # A working contract (HĐLV) is a public employee's (Law on Public Employees, Art.
            # 25); a labour contract (HĐLĐ, Decree 111/2022) is not payroll.
            rec["staff_type"] = CONTRACT_STAFF_TYPE[rec["contract_type"]]
            rec["staff_type_source"] = "contract"
            self.issue(i, self.by_field["contract_type"].letter if "contract_type" in
                       self.by_field else None, None, "staff_type_from_contract", "info",
                       rec["staff_type"])
        if not rec.get("staff_type"):
            code = rec.get("grade_code") or ""
            inferred = next((t for p, t in self.ctx.type_patterns if p.search(code)), None)
            col = self.by_field.get("staff_type")
            letter = col.letter if col else None
            if inferred:
                # Only a guess: a labour-contract worker may hold a civil-servant grade, so
                # people.sql leaves such a person's scope unknown.
                rec["staff_type"], rec["staff_type_source"] = inferred, "grade_code"
                if col:
                    self.issue(i, letter, None, "staff_type_inferred", "info", code)
                elif (self.grid.file, self.grid.sheet) not in self.ctx.inferred_type_sheets:
                    # No staff-type column at all: said once per sheet, not per person.
                    self.ctx.inferred_type_sheets.add((self.grid.file, self.grid.sheet))
                    self.issue(None, None, None, "staff_type_inferred_sheet", "info")
                    self.inferred_sheet_said = (self.ctx.issues[-1], i)
            else:
                self.issue(i, letter, None, "staff_type_missing", "warning")

    def block_total(self, start: int, i: int, fld: str) -> Decimal:
        """The sum of `fld` over persons[start:], the persons above walk row i: the records'
        own, and the plain rows' from running sums over the frame (plainpeople.py)."""
        first = bisect_left(self.record_at, start)
        total = sum((Decimal(rec.get(fld) or 0) for rec in
                     (self.persons[n] for n in self.record_at[first:])
                     if (rec["_row"], fld) not in self.merged_shared), Decimal(0))
        if self.people is not None and start < len(self.persons):
            p = self.persons[start]
            k0 = p if isinstance(p, int) else p["_row"] - self.grid.row0 - self.start
            total += self.people.total(fld, k0, i - self.start)
        return total

    def plain_unit_above(self, i: int) -> None:
        """last_unit as the plain rows above walk row i leave it (they are read after the
        walk, but their unit cells fill down into the rows the walk reads itself)."""
        if self.plain_units is None:
            return
        k = i - self.start - 1
        above = self.plain_unit_last[k] if k >= 0 else None
        if above is not None and above + self.start > self.last_unit_row:
            self.last_unit, self.last_unit_row = self.plain_units[above], above + self.start

    def check_subtotal(self, i: int, row, label: str) -> None:
        """A subtotal's numbers against the rows it sums. A plain "Cộng" right after nested
        sections may close the innermost section or one enclosing it (a cục's "Cộng" below
        its last division): a mismatch is said only when no enclosing scope adds up."""
        scope = lay.subtotal_scope(label)
        if scope == "all":
            starts = [0]
        elif scope and scope in self.section_start:
            starts = [self.section_start[scope]]
        else:
            enclosing = [self.section_start.get(mark) for _, mark, _ in reversed(self.sections)]
            starts = [self.since] + [s for s in enclosing if s is not None and s < self.since]
        self.since = len(self.persons)
        if self.layout.role != "staff":
            return
        written = []
        for col in self.cols:
            kind = STAFF_FIELDS.get(col.field, ("",))[0]
            text = self.cell(row, col) if kind in NUMERIC_KINDS else None
            value, note = parse(kind, text) if text else (None, None)
            if value is not None and not note:
                written.append((col, text, Decimal(value)))

        def mismatches(start: int) -> list[tuple]:
            out = []
            for col, text, value in written:
                total = self.block_total(start, i, col.field)
                if not lay.close_enough(value, total):
                    out.append((col, text, value, total))
            return out

        found = [mismatches(start) for start in starts]
        if all(found):
            for col, text, value, total in found[0]:
                # The numbers as numbers: the report writes them in the reader's format.
                self.issue(i, col.letter, text, "subtotal_mismatch", "warning",
                           {"label": label, "column": col.label, "written": _json_number(value),
                            "total": _json_number(total)})


def _apply_marks(grid: Grid, marks: Marks) -> None:
    """Write the error values calamine left empty back into the grid, so they are read (and
    said) as errors, never as blanks."""
    for (r, c), value in marks.errors.items():
        i, j = r - grid.row0, c - grid.col0
        if 0 <= i < len(grid.rows) and 0 <= j:
            row = grid.rows[i]
            if j >= len(row):
                row.extend([None] * (j + 1 - len(row)))
            if row[j] is None:
                row[j] = value
                grid.frame = None  # the rows now differ from calamine's frame


class _Context:
    """Accumulates outputs across every file and sheet of one run."""

    def __init__(self, grade_names: dict[str, str], type_patterns: list[tuple[str, str]]):
        self.grade_names = grade_names
        self.type_patterns = [(re.compile(p), t) for p, t in type_patterns]
        self.issues: list[dict] = []
        self.mapping: list[dict] = []
        self.counts: list[dict] = []
        self.files: list[dict] = []
        self.records: dict[str, list[dict]] = {"positions": [], "units": []}
        self.staff: list[pl.DataFrame] = []  # each staff sheet's persons (_Sheet.staff_rows)
        self.section_units: dict[str, str | None] = {}
        self.marks: dict[tuple[str, str], Marks] = {}
        self.inferred_type_sheets: set[tuple[str, str]] = set()
        self.read_as: dict[str, str] = {}  # file → its format, when its name says another
        self.date_order: str | None = None
        self.saved: dict[str, str] = {}
        self.frames: list[pl.DataFrame] = []  # staff lists read as columns (columnar.py)

    def issue_at(self, file: str, key: str, severity: str, detail=None):
        """An issue about a whole file (no sheet, row or column)."""
        self.issues.append(issue_row(file, None, None, None, None, key, severity, detail))

    def issue(self, grid: Grid, row, column, value, key: str, severity: str, detail=None):
        self.issues.append(issue_row(Path(grid.file).name, grid.sheet, row, column, value, key,
                                     severity, value if detail is None else detail))


def _json_number(d: Decimal) -> int | float:
    """A number an issue's JSON arguments carry (shown only: a float's digits are enough)."""
    return int(d) if d == d.to_integral_value() else float(d)


def read_inputs(
    paths: list[Path],
    overrides: dict[str, str] | None = None,
    grade_names: dict[str, str] | None = None,
    type_patterns: list[tuple[str, str]] | None = None,
    date_order: str | None = None,
    saved: dict[str, str] | None = None,
    records_suffice: bool = False,
) -> Ingested:
    """Read every file and sheet; raise InputError when a file yields nothing usable: no
    person at all (or, with `records_suffice`, as the store imports one file at a time, no
    person, job position or unit either — a unit's position list may come in a file of its
    own).

    `grade_names` (folded grade name → grade code) and `type_patterns` (grade-code regex →
    staff type) come from the parameter files: they fill a missing grade code or staff type.
    `date_order` ('dmy' | 'mdy') settles text dates a column leaves ambiguous; `saved` is a
    --layout file's mapping (header label → field), `overrides` the --map items."""
    ctx = _Context(grade_names or {}, type_patterns or [])
    ctx.date_order, ctx.saved = date_order, saved or {}
    files = expand_paths(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)), "no_spreadsheets")
    seen: dict[str, str] = {}
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        entry = {"file": path.name, "path": str(path), "sha256": digest, "error": None,
                 "error_args": None}
        if digest in seen:  # the same content given twice is read once
            ctx.files.append({**entry, "status": "duplicate", "duplicate_of": seen[digest]})
            ctx.issue_at(path.name, "duplicate_file", "info", seen[digest])
            continue
        seen[digest] = path.name
        try:
            columns = None if overrides or ctx.saved else canonical_columns(path)
            if columns:
                _read_columnar(path, columns, ctx)
            else:
                _read_file(path, overrides or {}, ctx)
        except InputError as exc:
            if len(files) == 1:
                raise
            # One unreadable file does not stop the others: listed, and the run is partial.
            args = json.dumps({"error": exc.code, **{k: str(v) for k, v in exc.details.items()}},
                              ensure_ascii=False)
            ctx.files.append({**entry, "status": "unreadable", "duplicate_of": None,
                              "error": exc.code, "error_args": args})
            ctx.issues.append({"file": path.name, "sheet": None, "row": None, "column": None,
                               "value": None, "code": "file_unreadable", "args": args,
                               "severity": "error"})
            continue
        ctx.files.append({**entry, "status": "read", "duplicate_of": None,
                          "read_as": ctx.read_as.get(path.name)})
    _check_overrides(overrides or {}, ctx)
    if not any(f["status"] == "read" for f in ctx.files):
        raise InputError(", ".join(str(f) for f in files), "no_file_readable")
    records = records_suffice and any(ctx.records.values())
    if not records and not any(f.height for f in ctx.staff + ctx.frames):
        raise InputError(", ".join(str(f) for f in files), "no_people")
    staff = pl.concat(ctx.staff) if ctx.staff else _records_frame([])
    staff = _drop_duplicates(_pad_ids(staff, ctx), ctx)
    return with_agencies(Ingested(
        staff=pl.concat([staff, *ctx.frames]).with_columns(
            person_id=pl.int_range(1, pl.len() + 1, dtype=pl.Int64)),
        positions=_frame(ctx.records["positions"], POSITION_FIELDS),
        units=_units_frame(ctx),
        issues=pl.DataFrame(ctx.issues, schema=ISSUE_SCHEMA, orient="row"),
        mapping=pl.DataFrame(ctx.mapping, schema=MAPPING_SCHEMA, orient="row"),
        counts=pl.DataFrame(ctx.counts, schema=COUNT_SCHEMA, orient="row"),
        files=pl.DataFrame(ctx.files, schema=FILE_SCHEMA, orient="row"),
    ), {f["file"]: str(Path(f["path"]).resolve().parent)
        for f in ctx.files if f["status"] == "read"})


def with_agencies(ing: Ingested, folders: dict[str, str]) -> Ingested:
    """`agency` on the job positions and units: the file they come from (the agency of
    every table), except for a file that holds no person — a unit's position list kept apart
    from its staff list —, which belongs to the staff file beside it: the one staff file in
    its folder, else the run's one staff file. Said either way: attached (info), or left apart
    when several staff files could own it (a warning: its positions then match nobody).
    `folders`: each file (as source_file names it) → its folder."""
    staff_files = set(ing.staff["source_file"].drop_nulls().unique())
    by_folder: dict[str, list[str]] = {}
    for name in sorted(staff_files):
        by_folder.setdefault(folders.get(name, ""), []).append(name)
    owners, said = {}, []
    listed = (set(ing.positions["source_file"].drop_nulls())
              | set(ing.units["source_file"].drop_nulls())) - staff_files
    for name in sorted(listed):
        beside = by_folder.get(folders.get(name, ""), []) or sorted(staff_files)
        if len(beside) == 1:
            owners[name] = beside[0]
            said.append(issue_row(name, None, None, None, None, "records_attached", "info",
                                  beside[0]))
        elif beside:
            said.append(issue_row(name, None, None, None, None, "records_apart", "warning",
                                  ", ".join(beside)))

    def attach(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(agency=pl.col("source_file").replace(owners))

    issues = pl.DataFrame(said, schema=ISSUE_SCHEMA, orient="row")
    return replace(ing, positions=attach(ing.positions), units=attach(ing.units),
                   issues=pl.concat([ing.issues, issues]))


def _read_columnar(path: Path, columns: list[str], ctx: _Context) -> None:
    """A staff list in the tool's own columns, read as columns (columnar.py)."""
    staff, issues, counts, mapping = read_canonical(path, columns, ctx.type_patterns)
    staff, duplicates = drop_duplicates(staff, counts)
    ctx.frames.append(staff)
    ctx.issues.extend(issues + duplicates)
    ctx.counts.append(counts)
    ctx.mapping.extend(mapping)


def _check_overrides(overrides: dict[str, str], ctx: _Context) -> None:
    """A --map label that names no column of any sheet is a mistake: said with the nearest
    labels the files do have."""
    from streamline.ingest.headers import close_labels

    labels = {m["source_label"] for m in ctx.mapping}
    leaves = {x.split(" / ")[-1] for x in labels}
    known = {fold(x) for x in labels | leaves} | {fold_label(x) for x in leaves}
    for label in overrides:
        if fold(label) not in known:
            close = close_labels(label, sorted(labels | leaves))
            raise InputError("--map", "map_no_column", label=label,
                             close=", ".join(f"«{c}»" for c in close) or "—")


def _read_file(path: Path, overrides: dict[str, str], ctx: _Context) -> None:
    """Every sheet of one file into the context; InputError when none holds a table."""
    grids = read_grids(path)
    if grids and grids[0].read_as:
        ctx.issue_at(path.name, "read_by_content", "info", grids[0].read_as)
        ctx.read_as[path.name] = grids[0].read_as
    used = False
    for grid in grids:
        if grid.marks is not None:
            ctx.marks[(grid.file, grid.sheet)] = grid.marks
            _apply_marks(grid, grid.marks)
        used |= _read_grid(grid, overrides, ctx)
    if not used:
        raise InputError(str(path), "no_header")


def _read_grid(grid: Grid, overrides: dict[str, str], ctx: _Context) -> bool:
    name = Path(grid.file).name
    base = {"file": name, "sheet": grid.sheet}
    if grid.hidden:
        ctx.issue(grid, None, None, None, "sheet_hidden", "info")
        ctx.counts.append({**base, "role": "hidden", "rows": len(grid.rows)})
        return False
    layout = lay.find_layout(grid, overrides, ctx.saved)
    for col in layout.columns:
        ctx.mapping.append(
            {
                **base,
                "role": layout.role,
                "column": col.letter,
                "source_label": col.label,
                "field": col.field,
                **_mapping_note(col),
                "confidence": col.confidence if col.field else None,
                "evidence": col.evidence if col.field else None,
                "pattern": col.pattern,
                "suggestion": col.suggestion,
            }
        )
    if layout.role == "ignored":
        if grid.rows:
            ctx.issue(grid, None, None, None, _ignored_because(grid, layout), "info")
        ctx.counts.append({**base, "role": "ignored", "rows": len(grid.rows)})
        return False
    sheet = _Sheet(grid, layout, ctx)
    sheet.walk()
    records = [p for p in sheet.persons if isinstance(p, dict)]
    for rec in records:
        rec["source_file"], rec["source_sheet"], rec["source_row"] = (
            name,
            grid.sheet,
            rec.pop("_row"),
        )
    if layout.role == "staff":
        ctx.staff.append(sheet.staff_rows())
    else:
        ctx.records[layout.role].extend(records)
    c = sheet.counts
    ctx.counts.append(
        {
            **base,
            "role": layout.role,
            "rows": len(grid.rows),
            "people": c["people"],
            "not_analysed": c["not_analysed"],
            "header": c["header"],
            "blank": c["blank"],
            "section": c["section"],
            "subtotal": c["subtotal"],
            "footer": c["footer"],
            "records": c["records"],
        }
    )
    return True


def _ignored_because(grid: Grid, layout: lay.Layout) -> str:
    """Why a sheet holds no table to read, as an issue code: a sheet of totals (a summary
    sheet: never counted), person columns without a name column, or nothing recognised."""
    if "tong hop" in fold(grid.sheet) or "summary" in fold(grid.sheet):
        return "sheet_totals"
    fields = {lay.match_field("staff", c.label.split(" / ")) for c in layout.columns}
    if "full_name" not in fields and fields & lay.PERSON_FIELDS - {"position"}:
        return "sheet_no_names"
    if any(c.pattern in ("integer", "number") for c in layout.columns):
        return "sheet_totals"
    return "sheet_ignored"


def _mapping_note(col: lay.Column) -> dict:
    """How a column was read, as a code (`note`) and its argument (`note_arg`)."""
    if col.note in ("override", "layout_file"):
        return {"note": col.note, "note_arg": None}
    if col.note and col.note.startswith("year:"):
        return {"note": "rating_year", "note_arg": col.note[5:]}
    if col.note and col.note.startswith("duplicate:"):
        return {"note": "duplicate", "note_arg": col.note.split(":", 1)[1]}
    if col.field in ("tnvk_pct", "prof_seniority_pct", "pref_pct", "party_pct"):
        return {"note": "percent", "note_arg": None}
    if col.field in ("birth_male", "birth_female"):
        return {"note": col.field, "note_arg": None}
    return {"note": None, "note_arg": None}


def _pad_ids(staff: pl.DataFrame, ctx: _Context) -> pl.DataFrame:
    """Restore leading zeros of numeric employee IDs when others in the file keep them."""
    digits = [v for v in staff["employee_id"].drop_nulls().unique().to_list() if v.isdigit()]
    if not digits:
        return staff
    eid = pl.col("employee_id")
    numeric = eid.is_in(pl.Series(digits, dtype=pl.String).implode())
    width = (pl.when(numeric & eid.str.starts_with("0")).then(eid.str.len_chars())
             .max().over("source_file").fill_null(0))
    marked = staff.with_columns(_pad=(numeric & (eid.str.len_chars() < width)).fill_null(False),
                                _padded=eid.str.zfill(width))
    for rec in marked.filter("_pad").select("source_file", "source_sheet", "source_row",
                                            "employee_id", "_padded").iter_rows(named=True):
        ctx.issues.append(_record_issue(rec, rec["employee_id"], "id_padded", "info",
                                        f"{rec['employee_id']} → {rec['_padded']}"))
    return marked.with_columns(employee_id=pl.when("_pad").then("_padded").otherwise(eid)
                               ).drop("_pad", "_padded")


def first_records(records: Iterable[dict]) -> Iterator[tuple[dict, dict | None]]:
    """Each record with the earlier record it repeats, else None: the same employee ID and
    name, or the same name and birth date (names compared folded). Only records that repeat
    none are remembered, as only they are kept."""
    seen_id: dict[tuple[str, str], dict] = {}
    seen_birth: dict[tuple[str, object], dict] = {}
    for rec in records:
        name = fold(rec.get("full_name") or "")
        eid = (rec.get("employee_id") or "").strip()
        birth = rec.get("birth_date")
        first = seen_id.get((eid, name)) if eid else None
        if first is None and birth:
            first = seen_birth.get((name, birth))
        yield rec, first
        if first is None:
            if eid:
                seen_id.setdefault((eid, name), rec)
            if birth:
                seen_birth.setdefault((name, birth), rec)


def repeat_place(rec: dict, first: dict) -> str:
    """Where the record a repeat repeats is, as `duplicate_person` quotes it: its row, with
    its sheet when another ("DS!12"), with its file when another ("a.xlsx › 12")."""
    where = str(first["source_row"])
    if first["source_sheet"] != rec["source_sheet"]:
        where = f"{first['source_sheet']}!{first['source_row']}"
    if first["source_file"] != rec["source_file"]:
        where = f"{first['source_file']} › {where}"
    return where


def _drop_duplicates(staff: pl.DataFrame, ctx: _Context) -> pl.DataFrame:
    """The same person twice, within a file or across files (first_records), is counted
    once: the later row becomes "not analysed: duplicate of row R" (of file F when another) in
    its sheet's counts. The same ID under another name in one file is said (`duplicate_id`),
    both kept. Only rows sharing a key with another (an ID and name, a name and birth date,
    a file and ID; names folded coarser than fold() does) can be either: those alone go
    through the record-by-record rule, in reading order."""
    eid = pl.col("employee_id").str.strip_chars()
    name = (pl.col("full_name").fill_null("").str.replace_all("đ", "d")
            .str.replace_all("Đ", "D").str.to_lowercase().str.normalize("NFD")
            .str.replace_all("[^0-9a-z]", ""))
    has_id = eid.fill_null("") != ""
    shared = pl.any_horizontal(
        (valid & pl.struct(key).is_duplicated())
        for valid, key in ((has_id, [eid, name]),
                           (pl.col("birth_date").is_not_null(), [name, pl.col("birth_date")]),
                           (has_id, [pl.col("source_file"), eid])))
    numbered = staff.with_row_index("_n")
    involved = numbered.filter(shared)
    if not involved.height:
        return staff
    kept = {rec["_n"] for rec in _kept_records(involved.to_dicts(), ctx)}
    dropped = [n for n in involved["_n"].to_list() if n not in kept]
    return numbered.filter(~pl.col("_n").is_in(dropped)).drop("_n")


def _kept_records(staff: list[dict], ctx: _Context) -> list[dict]:
    """_drop_duplicates record by record: the records kept."""
    kept: list[dict] = []
    id_in_file: dict[tuple[str, str], dict] = {}
    counts = {(c["file"], c["sheet"]): c for c in ctx.counts}
    for rec, first in first_records(staff):
        file = rec["source_file"]
        eid = (rec.get("employee_id") or "").strip()
        if first is not None:
            c = counts[(file, rec["source_sheet"])]
            c["people"] -= 1
            c["not_analysed"] += 1
            ctx.issues.append(_record_issue(rec, eid or rec.get("full_name"),
                                            "duplicate_person", "error",
                                            repeat_place(rec, first)))
            continue
        in_file = id_in_file.get((file, eid)) if eid else None
        if in_file is not None and (fold(in_file.get("full_name") or "")
                                    != fold(rec.get("full_name") or "")):
            ctx.issues.append(_record_issue(rec, eid, "duplicate_id", "warning", eid))
        if eid:
            id_in_file.setdefault((file, eid), rec)
        kept.append(rec)
    return kept


def _record_issue(rec: dict, value, code: str, severity: str, detail) -> dict:
    return issue_row(rec["source_file"], rec["source_sheet"], rec["source_row"], None, value,
                     code, severity, detail)


def _frame(records: list[dict], fields: dict) -> pl.DataFrame:
    schema = {k: t for k, (_, t) in fields.items()}
    schema.update({"source_file": pl.String, "source_sheet": pl.String, "source_row": pl.Int64})
    for rec in records:
        rec.setdefault("source_row", rec.pop("_row", None))
    return pl.DataFrame({k: [r.get(k) for r in records] for k in schema}, schema=schema)


def _records_frame(records: list[dict]) -> pl.DataFrame:
    """Person records as a staff frame."""
    schema = staff_schema()
    present = set(chain.from_iterable(records))
    blank = [None] * len(records)
    try:  # built column by column: the same frame, faster than row dicts
        return pl.DataFrame([_column(k, list(map(dict.get, records, repeat(k))), t)
                             if k in present else pl.Series(k, blank, dtype=t)
                             for k, t in schema.items()])
    except Exception:  # a value its column cannot hold: the row reading says which
        return pl.DataFrame([{k: r.get(k) for k in schema} for r in records], schema=schema,
                            orient="row")


def _column(name: str, values: list, dtype: pl.DataType) -> pl.Series:
    """A column of Python values. Decimals and dates are converted once per distinct value and
    gathered: converting each of 100,000 objects is what made this slow."""
    if not (dtype.is_decimal() or dtype == pl.Date):
        return pl.Series(name, values, dtype=dtype)
    position = {v: k for k, v in enumerate(dict.fromkeys(values))}
    return pl.Series(name, list(position), dtype=dtype).gather(
        pl.Series(list(map(position.__getitem__, values)), dtype=pl.UInt32))


def _units_frame(ctx: _Context) -> pl.DataFrame:
    """Units sheets, plus units implied by section nesting (parent = enclosing section)."""
    units = _frame(ctx.records["units"], UNIT_FIELDS)
    known = set(units["unit"].drop_nulls())
    implied = [
        {"unit": name, "parent": parent}
        for name, parent in ctx.section_units.items()
        if name not in known
    ]
    if implied:
        units = pl.concat([units, pl.DataFrame(implied).cast(pl.String)], how="diagonal_relaxed")
    return units
