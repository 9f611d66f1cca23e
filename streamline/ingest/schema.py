"""Canonical frames the importer produces, whatever the layout of the source.

`kind` says how a cell is parsed (see values.py). Label synonyms for each field live in
synonyms.toml; this module only fixes names and types.
"""

from __future__ import annotations

import json

import polars as pl

COEF = pl.Decimal(12, 4)

# field → (kind, polars dtype). Percent fields hold percent numbers (5 means 5 %).
STAFF_FIELDS: dict[str, tuple[str, pl.DataType]] = {
    "employee_id": ("code", pl.String),
    "full_name": ("text", pl.String),
    # Citizen ID (CCCD, 12 digits; its 4th–6th digits encode sex, century and birth year).
    "citizen_id": ("citizen_id", pl.String),
    "unit": ("text", pl.String),
    "position": ("text", pl.String),
    "title": ("text", pl.String),
    "staff_type": ("staff_type", pl.String),
    # Scope columns (workbooks.md pattern 13): who is budget-paid payroll is decided from them
    # in people.sql. funding: state | partial | self (as a unit's); contract_type: payroll |
    # working_contract (HĐLV, payroll) | labour_contract (HĐLĐ, Decree 111/2022: not payroll) |
    # part_time (KCT, commune part-timer: not payroll).
    "funding": ("funding", pl.String),
    "contract_type": ("contract_type", pl.String),
    # A section row naming a staff group ("Giáo viên", "Hợp đồng"), not a unit.
    "staff_group": ("text", pl.String),
    # The nested sections above the row, outermost first, joined with " > ".
    "unit_path": ("text", pl.String),
    "sex": ("sex", pl.String),
    "birth_date": ("date", pl.Date),
    "grade_code": ("grade_code", pl.String),
    "grade_name": ("text", pl.String),
    "step": ("int", pl.Int32),
    "coef": ("decimal", COEF),
    "coef_date": ("date", pl.Date),
    "lead_coef": ("decimal", COEF),
    "tnvk_pct": ("percent", COEF),
    "region_coef": ("decimal", COEF),
    "resp_coef": ("decimal", COEF),
    "prof_seniority_pct": ("percent", COEF),
    "pref_pct": ("percent", COEF),
    "party_pct": ("percent", COEF),
    "reserved_coef": ("decimal", COEF),
    "early_retire_years": ("decimal", COEF),
    "education": ("text", pl.String),
    "join_date": ("date", pl.Date),
    # Ratings of the last three years before the as-of date: 1 = most recent.
    "rating_1": ("rating", pl.String),
    "rating_2": ("rating", pl.String),
    "rating_3": ("rating", pl.String),
    # Streamlining inputs (issue 2/2); all optional.
    "route": ("route", pl.String),
    "leave_date": ("date", pl.Date),
    "reorg_date": ("date", pl.Date),
    "first12": ("bool", pl.Boolean),
    "si_years": ("decimal", COEF),
    "si_months": ("int", pl.Int32),
    "si_start": ("date", pl.Date),
    "avg_salary_60m": ("money", pl.Int64),
    "sick_days": ("int", pl.Int32),
    "training_met": ("bool", pl.Boolean),
    "volunteer": ("bool", pl.Boolean),
    "pregnant": ("bool", pl.Boolean),
    "maternity": ("bool", pl.Boolean),
    "child_under_36m": ("bool", pl.Boolean),
    "discipline": ("bool", pl.Boolean),
    "surplus": ("bool", pl.Boolean),
    "eval_score": ("decimal", COEF),
    "notes": ("text", pl.String),
}

# The staff type a contract-type cell tells when the staff-type cell is blank: a working
# contract (HĐLV) is a public employee's (Law on Public Employees, Art. 25); a labour contract
# (HĐLĐ, Decree 111/2022) is not payroll.
CONTRACT_STAFF_TYPE = {"working_contract": "public_employee", "labour_contract": "contract"}

# Fields whose blank cell is said (the person is kept, the field stays empty).
ESSENTIAL = ("coef", "birth_date")

# Added by the importer to every person row.
STAFF_META: dict[str, pl.DataType] = {
    "person_id": pl.Int64,
    "birth_precision": pl.String,  # day | month | year
    # Where the staff type comes from: column | group | contract | grade_code (a guess).
    "staff_type_source": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
}

POSITION_FIELDS: dict[str, tuple[str, pl.DataType]] = {
    "unit": ("text", pl.String),
    "position": ("text", pl.String),
    "category": ("category", pl.String),
    "grade_code": ("grade_code", pl.String),
    "grade_name": ("text", pl.String),
    "quota": ("int", pl.Int32),
    "notes": ("text", pl.String),
}

UNIT_FIELDS: dict[str, tuple[str, pl.DataType]] = {
    "unit": ("text", pl.String),
    "parent": ("text", pl.String),
    "unit_kind": ("unit_kind", pl.String),
    "funding": ("funding", pl.String),
    "notes": ("text", pl.String),
}

ISSUE_SCHEMA = {
    "file": pl.String,
    "sheet": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "code": pl.String,  # message catalogue key issue.<code>
    "args": pl.String,  # JSON object of the message's arguments
    "severity": pl.String,  # error (row not analysed) | warning | info
}

MAPPING_SCHEMA = {
    "file": pl.String,
    "sheet": pl.String,
    "role": pl.String,  # staff | positions | units | ignored
    "column": pl.String,  # Excel letter
    "source_label": pl.String,
    "field": pl.String,  # null: ignored
    "note": pl.String,  # how it was read: message catalogue key mapping_note.<note>
    "note_arg": pl.String,
    "confidence": pl.Float64,  # 0–1: how sure the reading is (null: not read)
    "evidence": pl.String,  # header | phrase | values | override | layout_file
    "pattern": pl.String,  # what the values look like: date | coefficient | tick | …
    "suggestion": pl.String,  # an unread column: the field it most looks like (for --map)
}

FILE_SCHEMA = {
    "file": pl.String,
    "path": pl.String,
    "sha256": pl.String,  # of the file's bytes: the same content given twice is read once
    "status": pl.String,  # read | duplicate | unreadable
    "duplicate_of": pl.String,
    "error": pl.String,  # the error code (catalogue error.<code>) of an unreadable file
    "error_args": pl.String,  # its arguments, JSON
    "read_as": pl.String,  # the format its bytes are, when its name says another (csv, xlsx…)
}

COUNT_SCHEMA = {
    "file": pl.String,
    "sheet": pl.String,
    "role": pl.String,
    "rows": pl.Int64,
    "people": pl.Int64,
    "not_analysed": pl.Int64,
    "header": pl.Int64,  # banner, header and column-number rows
    "blank": pl.Int64,
    "section": pl.Int64,
    "subtotal": pl.Int64,
    "footer": pl.Int64,
    "records": pl.Int64,  # rows of a positions or units sheet
}


def staff_schema() -> dict[str, pl.DataType]:
    return {**{k: t for k, (_, t) in STAFF_FIELDS.items()}, **STAFF_META}


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def issue_row(file, sheet, row, column, value, code: str, severity: str, detail) -> dict:
    """One row of the issues frame (ISSUE_SCHEMA)."""
    return {"file": file, "sheet": sheet, "row": row, "column": column,
            "value": None if value is None else str(value), "code": code,
            "args": issue_args(detail), "severity": severity}


def issue_args(detail) -> str:
    """An issue's arguments as JSON: the raw value or detail the message quotes, or the
    message's named arguments (a dict)."""
    if isinstance(detail, dict):
        return json.dumps(detail, ensure_ascii=False)
    return json.dumps({"v": "" if detail is None else str(detail)}, ensure_ascii=False)
