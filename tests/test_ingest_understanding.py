"""Issue 11: columns understood by tokens and values, dates in either order, staff groups,
one sheet per unit, skipped sheets said, --map close matches, layout files, `inspect`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import polars as pl
import pytest
from click.testing import CliRunner

from streamline.cli import main
from streamline.errors import InputError
from streamline.ingest import read_inputs
from tests.test_ingest import xlsx

HEAD = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Hệ số lương"]


def codes(ing, code):
    return [json.loads(a)["v"] for c, a in zip(ing.issues["code"], ing.issues["args"],
                                                strict=True) if c == code]


def test_month_first_column_found_by_its_dates(tmp_path):
    """One date whose second part is above 12 ("10/20/1959") decides the whole column:
    "3/5/1980" in it is 5 March, not 3 May."""
    rows = [["Name", "DOB", "Sex", "Coefficient"], ["Lê Văn A", "10/20/1959", "M", "2.34"],
            ["Lê Thị B", "3/5/1980", "F", "3.00"]]
    ing = read_inputs([xlsx(tmp_path / "hr.xlsx", {"Export": rows})])
    assert ing.staff["birth_date"].to_list() == [dt.date(1959, 10, 20), dt.date(1980, 3, 5)]
    assert codes(ing, "date_order_mdy") == ["DOB"]
    # Told otherwise, the ambiguous date is read day-first; the impossible one is still read.
    told = read_inputs([tmp_path / "hr.xlsx"], date_order="dmy")
    assert told.staff["birth_date"].to_list() == [dt.date(1959, 10, 20), dt.date(1980, 5, 3)]


def test_ambiguous_date_column_is_said(tmp_path):
    rows = [HEAD, [1, "Lê Văn A", "03/05/1975", "Nam", 2.34], [2, "Lê Văn C", "04/06/1976",
                                                              "Nam", 2.67]]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"DS": rows})])
    assert ing.staff["birth_date"].to_list() == [dt.date(1975, 5, 3), dt.date(1976, 6, 4)]
    assert codes(ing, "date_order_ambiguous") == ["Ngày sinh"]
    assert not codes(read_inputs([tmp_path / "a.xlsx"], date_order="mdy"), "date_order_ambiguous")


def test_columns_named_by_their_values_when_headers_say_nothing(tmp_path):
    """"Cột 5" holding CC/VC is the staff type; "Ngày" holding birth dates is the birth date;
    "ĐV" holding ticks is party membership, not a unit (left unread)."""
    rows = [["Họ và tên", "Ngày", "Giới tính", "HS lương", "Cột 5", "ĐV"],
            ["Lê Văn A", "12/03/1975", "Nam", "2,34", "CC", "x"],
            ["Lê Thị B", "25/10/1982", "Nữ", "3,00", "VC", None],
            ["Trần Văn D", "01/12/1990", "Nam", "2,67", "VC", "x"]]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"DS": rows})])
    m = {r["source_label"]: r for r in ing.mapping.iter_rows(named=True)}
    assert m["Cột 5"]["field"] == "staff_type" and m["Cột 5"]["evidence"] == "values"
    assert m["Ngày"]["field"] == "birth_date"
    assert m["ĐV"]["field"] is None and m["ĐV"]["pattern"] == "tick"
    assert ing.staff["staff_type"].to_list() == ["civil_servant", "public_employee",
                                                 "public_employee"]
    assert ing.staff["unit"].to_list() == ["DS", "DS", "DS"]
    assert all(0 < c <= 1 for c in ing.mapping["confidence"].drop_nulls())


def test_staff_group_sections_are_groups_not_units(tmp_path):
    """A school's list: "I. CÁN BỘ QUẢN LÝ", "II. GIÁO VIÊN", "Hợp đồng" are groups of the
    school's staff; the school (the sheet) stays the unit, and "Hợp đồng" makes its people
    labour-contract staff."""
    rows = [["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Hệ số lương", "Loại"],
            ["I", "CÁN BỘ QUẢN LÝ"], [1, "Lê Văn A", "12/03/1975", "Nam", "4,32", "VC"],
            ["II", "GIÁO VIÊN"], [2, "Lê Thị B", "25/10/1982", "Nữ", "3,00", "VC"],
            ["Hợp đồng"], [3, "Trần Văn D", "01/12/1990", "Nam", None, None]]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"THCS Nguyễn Du": rows})])
    staff = ing.staff
    assert staff["unit"].to_list() == ["THCS Nguyễn Du"] * 3
    assert staff["staff_group"].to_list() == ["CÁN BỘ QUẢN LÝ", "GIÁO VIÊN", "Hợp đồng"]
    assert staff["contract_type"].to_list() == [None, None, "labour_contract"]
    assert ing.counts["section"].to_list() == [3]
    assert codes(ing, "from_group") == ["Hợp đồng"]


def test_nested_sections_give_a_unit_path(tmp_path):
    rows = [HEAD, ["A", "KHỐI QUẢN LÝ NHÀ NƯỚC"], ["I", "VĂN PHÒNG SỞ"],
            [1, "Lê Văn A", "12/03/1975", "Nam", 4.32], ["II", "PHÒNG TỔ CHỨC CÁN BỘ"],
            [2, "Lê Thị B", "25/10/1982", "Nữ", 3.0]]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"DS": rows})])
    assert ing.staff["unit"].to_list() == ["VĂN PHÒNG SỞ", "PHÒNG TỔ CHỨC CÁN BỘ"]
    assert ing.staff["unit_path"].to_list() == ["KHỐI QUẢN LÝ NHÀ NƯỚC > VĂN PHÒNG SỞ",
                                               "KHỐI QUẢN LÝ NHÀ NƯỚC > PHÒNG TỔ CHỨC CÁN BỘ"]


def test_one_sheet_per_unit_and_a_totals_sheet_skipped_and_said(tmp_path):
    school = [HEAD, [1, "Lê Văn A", "12/03/1975", "Nam", 4.32],
              [2, "Lê Thị B", "25/10/1982", "Nữ", 3.0]]
    other = [HEAD, [1, "Trần Văn D", "01/12/1990", "Nam", 2.67]]
    totals = [["STT", "Đơn vị", "Số lượng", "Tổng hệ số"], [1, "Trường A", 2, 7.32],
              [2, "Trường B", 1, 2.67], ["", "Tổng cộng", 3, 9.99]]
    ing = read_inputs([xlsx(tmp_path / "pgd.xlsx", {"Tổng hợp": totals, "Trường A": school,
                                                    "Trường B": other})])
    assert ing.staff["unit"].to_list() == ["Trường A", "Trường A", "Trường B"]
    assert dict(zip(ing.counts["sheet"], ing.counts["role"], strict=True))["Tổng hợp"] == \
        "ignored"
    said = ing.issues.filter(pl.col("sheet") == "Tổng hợp")["code"].to_list()
    assert said == ["sheet_totals"]


def test_map_label_matching_no_column_names_the_closest(tmp_path):
    rows = [HEAD, [1, "Lê Văn A", "12/03/1975", "Nam", 4.32]]
    path = xlsx(tmp_path / "a.xlsx", {"DS": rows})
    with pytest.raises(InputError) as err:
        read_inputs([path], overrides={"He so luongg": "coef"})
    assert err.value.code == "map_no_column"
    assert "«Hệ số lương»" in err.value.details["close"]
    res = CliRunner().invoke(main, ["analyze", str(path), "--map", "He so luongg=coef",
                                    "--no-html", "--no-workbook"])
    assert res.exit_code == 2 and "Hệ số lương" in res.output


def test_inspect_prints_fields_and_map_lines_and_saves_a_reusable_layout(tmp_path):
    """`inspect` shows each column's field and a --map line for an unread column that looks
    like something; its saved layout reads a later file of the same form the same way."""
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Mức A", "Ghi chú"],
            ["Lê Văn A", "12/03/1975", "Nam", "2,34", None],
            ["Lê Thị B", "25/10/1982", "Nữ", "3,00", None]]
    path = xlsx(tmp_path / "a.xlsx", {"DS": rows})
    runner = CliRunner()
    res = runner.invoke(main, ["inspect", str(path), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "Staff list (2)" in res.output
    assert '--map "Mức A=coef"' in res.output
    saved = tmp_path / "form.toml"
    res = runner.invoke(main, ["inspect", str(path), "--map", "Mức A=coef", "--save",
                               str(saved)])
    assert res.exit_code == 0, res.output
    assert '"Mức A" = "coef"' in saved.read_text("utf-8")
    later = xlsx(tmp_path / "b.xlsx", {"DS": rows[:1] + [["Đỗ Văn E", "01/01/1970", "Nam",
                                                          "4,98", None]]})
    from streamline.ingest.layoutfile import load_layout

    columns, order = load_layout(saved)
    ing = read_inputs([later], saved=columns, date_order=order)
    assert ing.staff["coef"].to_list() == [Decimal("4.98")]
    assert ing.mapping.filter(pl.col("source_label") == "Mức A")["evidence"][0] == "layout_file"


def test_bad_layout_file_is_a_clear_error(tmp_path):
    path = xlsx(tmp_path / "a.xlsx", {"DS": [HEAD, [1, "Lê Văn A", "12/03/1975", "Nam", 4.3]]})
    bad = tmp_path / "form.toml"
    bad.write_text('[columns]\n"Họ và tên" = "fullname"\n', "utf-8")
    res = CliRunner().invoke(main, ["analyze", str(path), "--layout", str(bad), "--no-html",
                                    "--no-workbook"])
    assert res.exit_code == 2 and "form.toml" in res.output and "fullname" in res.output


def test_banner_names_the_unit_of_its_sheet(tmp_path):
    rows = [["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"], ["Đơn vị: Trường Tiểu học Kim Đồng"], [], HEAD,
            [1, "Lê Văn A", "12/03/1975", "Nam", 4.32]]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"Sheet1": rows})])
    assert ing.staff["unit"].to_list() == ["Trường Tiểu học Kim Đồng"]
