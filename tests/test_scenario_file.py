"""Scenario files: read, validated with file and line, and the Excel sheet's rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from streamline.errors import InputError
from streamline.scenario_file import SHEET, base_scenario, read_scenario, write_template


def test_toml_scenario(tmp_path):
    f = tmp_path / "a.toml"
    f.write_text('[scenario]\nlabel = "Cắt giảm"\nreplacement_rate = "33%"\n'
                 'reduction = { rate = 0.2, by = 2030-12-31, mode = "even" }\n',
                 encoding="utf-8")
    sc = read_scenario(f)
    assert (sc.name, sc.label, sc.replacement_rate) == ("a", "Cắt giảm", Decimal("0.33"))
    assert sc.reduction.by == dt.date(2030, 12, 31) and sc.reduction.mode == "even"
    assert sc.step_increases is True


def test_base_option():
    sc = base_scenario("2027-07-01=2.800.000")
    assert sc.params.value("base_salary", dt.date(2027, 7, 1)) == 2_800_000
    assert sc.params.value("base_salary", dt.date(2027, 6, 30)) == 2_530_000
    with pytest.raises(InputError) as err:
        base_scenario("01/07/2027=2800000")
    assert err.value.where == "--base" and err.value.code == "bad_date"


def test_sheet_rows_name_their_excel_row(tmp_path):
    book = tmp_path / "k.xlsx"
    write_template(book, dt.date(2026, 12, 1))
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    ws.append(["base_salaryy", 2_900_000, dt.datetime(2028, 1, 1)])
    wb.save(book)
    with pytest.raises(InputError) as err:
        read_scenario(book)
    assert err.value.where == f"{book}:{ws.max_row}" and err.value.code == "param_unknown"


def test_sheet_bad_share(tmp_path):
    book = tmp_path / "k.xlsx"
    write_template(book, dt.date(2026, 12, 1))
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "scenario.replacement_rate")
    row[1].value = 3
    wb.save(book)
    with pytest.raises(InputError) as err:
        read_scenario(book)
    assert err.value.where == f"{book}:{row[0].row}" and err.value.code == "scenario_bad_share"
