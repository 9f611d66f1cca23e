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


@pytest.mark.parametrize(("table", "line", "code"), [
    ("grade_code,amount,from,note\n01.003,9000000,2027-01-01,x\n", 1, "salary_table_column"),
    ("grade_code,amount\n01.003,9000000\n", 1, "salary_table_columns"),
    ("grade_code,amount,from\n01.003,9000000,2027-01-01\n01.002,chín triệu,2027-01-01\n", 3,
     "not_money"),
    ("grade_code,position,amount,from\n,,9000000,2027-01-01\n", 2, "salary_table_key"),
    ("grade_code,amount,from\n01.003,9000000,1/2027\n", 2, "bad_date"),
])
def test_salary_table_mistakes_name_file_and_line(tmp_path, table, line, code):
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    (tmp_path / "a.toml").write_text('[scenario]\nsalary_table = "t.csv"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_scenario(tmp_path / "a.toml")
    assert (err.value.where, err.value.code) == (f"{tmp_path / 't.csv'}:{line}", code)


def test_salary_table_from_xlsx_and_vnd_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã ngạch", "Vị trí", "Mức lương", "Từ ngày"])
    ws.append(["01.003", None, "9.000.000", dt.datetime(2027, 1, 1)])
    ws.append([None, "Trưởng phòng", 20_000_000, "15/07/2027"])
    wb.save(tmp_path / "t.xlsx")
    (tmp_path / "a.toml").write_text('[scenario]\nsalary_table = "t.xlsx"\n', encoding="utf-8")
    sc = read_scenario(tmp_path / "a.toml")
    assert sc.salary_table.rows() == [("01.003", None, 9_000_000, dt.date(2027, 1, 1)),
                                      (None, "Trưởng phòng", 20_000_000, dt.date(2027, 7, 15))]
    (tmp_path / "b.toml").write_text('[scenario]\nsalary_table = "none.csv"\n',
                                     encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_scenario(tmp_path / "b.toml")
    assert err.value.where == f"{tmp_path / 'b.toml'}:2"
