"""A Parquet staff list in the tool's own columns is read as columns: the same frame, issues
and counts as the row reader gives it (forced here with an identity --map)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import polars as pl

from streamline.analysis import grade_names, type_patterns
from streamline.ingest import read_inputs
from streamline.params import load_params


def test_columnar_read_equals_the_row_reader(tmp_path):
    path = tmp_path / "export.parquet"
    pl.DataFrame({
        "employee_id": ["001", "002", "003", None, "005", "001"],
        "full_name": ["Lê  Văn A", "Lê Thị B", "Trần Văn C", None, "  ", "Lê Văn A"],
        "birth_date": ["20/10/1970", "1985", "không rõ", "01/01/1990", None, "20/10/1970"],
        "sex": ["Nam", "Nữ", "x", None, None, "Nam"],
        "grade_code": [1.003, 6.031, None, None, None, 1.003],
        # A salary typed in the coefficient column: said, not a crash nor a silent blank.
        "coef": [4.65, 4_680_000_000.0, None, 3.0, None, 4.65],
        "tnvk_pct": [0.05, None, 7.0, None, None, 0.05],
        "staff_type": ["CC", None, None, None, None, "CC"],
        "contract_type": [None, "HĐLV", "HĐ 111", None, None, None],
        # Repeated text is cleaned once per distinct value: spacing and NFD forms still read
        # as the row reader reads them.
        "unit": ["Phòng  A", unicodedata.normalize("NFD", "Phòng A"), None, None, None,
                 " Phòng A "],
    }).write_parquet(path)
    params = load_params()
    args = (grade_names(params), type_patterns(params))
    fast = read_inputs([path], None, *args)
    slow = read_inputs([path], {"full_name": "full_name"}, *args)
    assert fast.staff.equals(slow.staff)
    key = ["row", "code", "severity"]
    assert fast.issues.select(key).sort(key).equals(slow.issues.select(key).sort(key))
    assert fast.counts.equals(slow.counts)
    assert fast.issues.filter(pl.col("code") == "number_too_large")["row"].to_list() == [3]
    a, b, c = fast.staff.iter_rows(named=True)
    assert b["coef"] is None
    assert (a["full_name"], a["grade_code"], a["tnvk_pct"], a["staff_type"]) == (
        "Lê Văn A", "01.003", Decimal("5"), "civil_servant")
    assert (b["birth_date"], b["birth_precision"], b["staff_type"], b["staff_type_source"]) == (
        dt.date(1985, 1, 1), "year", "public_employee", "contract")
    assert (c["birth_date"], c["staff_type"], c["unit"]) == (None, "contract", "Phòng A")
    assert fast.counts.select("people", "not_analysed", "blank").row(0) == (3, 3, 0)
    codes = fast.issues["code"].to_list()
    assert {"not_date", "bad_sex", "no_name", "duplicate_person", "unit_filled_down",
            "essential_blank", "staff_type_from_contract"} <= set(codes)
