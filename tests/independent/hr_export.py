"""An HR system's export (a provincial Sở Tài chính): one header row of short field codes
(MA_CB, HO_TEN, NGAY_SINH, GIOI_TINH, DON_VI, CHUC_VU, LOAI_CB, MA_NGACH, TEN_NGACH, BAC,
HE_SO, NGAY_HUONG, PC_CV, PC_TNVK, PC_KV, NGUON_KP), no banner, values without diacritics
where the system strips them ("Nu", "HDLD", "TU CHU"), employee numbers with leading zeros,
dates as text in month/day/year order (the export ran on a PC set to an English locale:
"10/20/1966") — and the file saved as .xlsx content under a .xls name.

`build` writes the main export, whose date columns each hold a day above 12 in the second
place (so the order can be told from the values); `build_ambiguous` writes a second export
whose dates all fit either order (every day and month ≤ 12), which the product must report as
ambiguous unless told `--date-order mdy`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path

from openpyxl import Workbook

from tests.independent.oracle import Truth

FILE_NAME = "nhansu_export.xls"
AMBIGUOUS_FILE_NAME = "nhansu_export_thang11.xls"

U_LD = "Lãnh đạo Sở"
U_VP = "Văn phòng Sở"
U_NS = "Phòng Quản lý ngân sách"
U_TT = "Trung tâm Dịch vụ tài chính công"

HEADER = ["MA_CB", "HO_TEN", "NGAY_SINH", "GIOI_TINH", "DON_VI", "CHUC_VU", "LOAI_CB",
          "MA_NGACH", "TEN_NGACH", "BAC", "HE_SO", "NGAY_HUONG", "PC_CV", "PC_TNVK", "PC_KV",
          "NGUON_KP"]
TYPE_CELL = {"civil_servant": "CC", "public_employee": "VC", "contract": "HDLD"}
FUNDING_CELL = {"state": "NSNN", "self": "TU CHU"}
GRADE_NAMES = {"01.002": "Chuyen vien chinh", "01.003": "Chuyen vien",
               "06.031": "Ke toan vien"}


@dataclass(frozen=True)
class Row:
    truth: Truth
    title: str | None
    step: int | None
    since: dt.date


def mdy(d: dt.date) -> str:
    """A US-locale short date: month/day/year, no leading zeros."""
    return f"{d.month}/{d.day}/{d.year}"


def p(name, unit, sex, birth, kind, code, coef, lead="0", tnvk="0", region="0.1",
      funding="state"):
    return Truth(name, unit, sex, birth, kind, code, D(coef), D(lead), D(tnvk), D(region),
                 funding=funding)


CC, VC, HD = "civil_servant", "public_employee", "contract"

ROWS: list[Row] = [
    Row(p("Trần Văn Hải", U_LD, "M", dt.date(1966, 10, 20), CC, "01.002", "6.78", "0.90", "6"),
        "Giam doc So", 8, dt.date(2021, 3, 15)),
    Row(p("Nguyễn Thị Lý", U_LD, "F", dt.date(1971, 4, 25), CC, "01.002", "6.10", "0.70"),
        "Pho Giam doc So", 6, dt.date(2024, 1, 31)),
    Row(p("Lê Văn Sơn", U_VP, "M", dt.date(1978, 12, 3), CC, "01.002", "5.08", "0.50"),
        "Chanh Van phong", 3, dt.date(2025, 7, 20)),
    Row(p("Hồ Thị Mai", U_VP, "F", dt.date(1986, 7, 14), CC, "01.003", "3.33"),
        "Chuyen vien", 4, dt.date(2023, 9, 30)),
    Row(p("Phạm Đình Toàn", U_VP, "M", dt.date(1990, 1, 31), CC, "01.003", "3.00"),
        "Chuyen vien", 3, dt.date(2024, 6, 18)),
    Row(p("Nguyễn Văn Bảy", U_VP, "M", dt.date(1975, 9, 17), HD, None, "2.59"),
        "Lai xe", None, dt.date(2022, 2, 14)),
    Row(p("Đỗ Thị Hằng", U_NS, "F", dt.date(1974, 11, 16), CC, "01.002", "6.10", "0.50"),
        "Truong phong", 6, dt.date(2023, 5, 22)),
    Row(p("Vũ Quang Minh", U_NS, "M", dt.date(1983, 2, 13), CC, "01.003", "4.32", "0.30"),
        "Pho Truong phong", 7, dt.date(2025, 10, 13)),
    Row(p("Kiều Thị Thanh", U_NS, "F", dt.date(1992, 6, 6), CC, "01.003", "2.67"),
        "Chuyen vien", 2, dt.date(2024, 12, 27)),
    Row(p("Lương Văn Đạt", U_TT, "M", dt.date(1969, 8, 21), VC, "06.031", "4.98", "0.50", "5",
          funding="self"),
        "Giam doc Trung tam", 9, dt.date(2020, 4, 16)),
    Row(p("Mạc Thị Nga", U_TT, "F", dt.date(1988, 3, 19), VC, "06.031", "3.00",
          funding="self"),
        "Ke toan vien", 3, dt.date(2024, 11, 28)),
    Row(p("Tăng Văn Hòa", U_TT, "M", dt.date(1995, 5, 30), HD, None, "2.23", funding="self"),
        "Nhan vien", None, dt.date(2023, 8, 15)),
]

PEOPLE: list[Truth] = [r.truth for r in ROWS]

# Every date fits both orders: only `--date-order mdy` (or the user) can say which is meant.
AMBIGUOUS_ROWS: list[Row] = [
    Row(p("Bùi Văn Quyết", U_VP, "M", dt.date(1985, 3, 7), CC, "01.003", "3.66"),
        "Chuyen vien", 5, dt.date(2024, 5, 1)),
    Row(p("Trịnh Thị Xuân", U_VP, "F", dt.date(1979, 11, 2), CC, "01.003", "4.32"),
        "Chuyen vien", 7, dt.date(2025, 2, 10)),
    Row(p("Dương Văn Khoa", U_NS, "M", dt.date(1990, 5, 9), CC, "01.003", "3.00"),
        "Chuyen vien", 3, dt.date(2023, 8, 4)),
    Row(p("Lã Thị Ngân", U_NS, "F", dt.date(1968, 10, 4), CC, "01.002", "5.76", "0.50"),
        "Truong phong", 5, dt.date(2022, 6, 3)),
]

AMBIGUOUS_PEOPLE: list[Truth] = [r.truth for r in AMBIGUOUS_ROWS]

INSPECT_FIELDS = {"employee_id", "full_name", "birth_date", "sex", "unit", "title",
                  "staff_type", "grade_code", "grade_name", "step", "coef", "coef_date",
                  "lead_coef", "tnvk_pct", "region_coef", "funding"}


def _write(path: Path, rows: list[Row], first_id: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(HEADER)
    for i, row in enumerate(rows, start=first_id):
        t = row.truth
        ws.append([
            f"{i:05d}", t.name, mdy(t.birth), "Nam" if t.sex == "M" else "Nu", t.unit,
            row.title, TYPE_CELL[t.staff_type], t.grade_code, GRADE_NAMES.get(t.grade_code),
            row.step, float(t.coef), mdy(row.since), float(t.lead) or None,
            int(t.tnvk) or None, float(t.region), FUNDING_CELL[t.funding],
        ])
    wb.save(path)  # openpyxl writes .xlsx content whatever the name says


def build(path: Path) -> None:
    _write(path, ROWS, 12)


def build_ambiguous(path: Path) -> None:
    _write(path, AMBIGUOUS_ROWS, 101)
