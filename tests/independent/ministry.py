"""A ministry's list of its vụ and cục (Bộ Xây dựng), as a ministry's personnel department
sends it: banner, a two-row header ("Ngạch công chức" over "Tên ngạch" | "Mã ngạch", "Lương"
over "Bậc" | "HS lương" | "Ngày hưởng") typed in the abbreviations offices use ("NS", "GT",
"PC CV", "PC TNVK"), a "Biên chế / HĐ" column instead of a staff-type column (civil servants
are "BC" with a 01.xxx grade code; the driver is "HĐ 111"), a column-number row "1 2 3 …",
sections by vụ and cục with a nested division under the cục, "Cộng" subtotals, "Tổng cộng"
and a signature footer.

Cell values in several forms: real dates, "05.09.1972" with dots, "23/11/1985" day-first text,
Excel serials, a birth year alone; coefficients as numbers and decimal-comma text; the
seniority percentage as 5, "6%" and 0.08 (a fraction: 8 %); a grade code Excel turned into
1.003.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path

from openpyxl import Workbook

from tests.independent.oracle import Truth
from tests.independent.xl import BOLD, excel_serial, put

FILE_NAME = "bo_xay_dung_vu_cuc.xlsx"

U_TCCB = "Vụ Tổ chức cán bộ"
U_KHTC = "Vụ Kế hoạch - Tài chính"
U_CUC_LEAD = "Lãnh đạo Cục"
U_CUC_TH = "Phòng Tổng hợp"
CUC = "Cục Quản lý hoạt động xây dựng"

GRADE_NAMES = {"01.001": "Chuyên viên cao cấp", "01.002": "Chuyên viên chính",
               "01.003": "Chuyên viên", "06.031": "Kế toán viên"}


@dataclass(frozen=True)
class Row:
    truth: Truth
    birth_cell: object
    title: str
    payroll_cell: str  # "BC" | "HĐ 111"
    step: int
    coef_cell: object
    grade_cell: object = None  # as typed; None → the true code
    lead_cell: object = None
    tnvk_cell: object = None
    since: str = "01/01/2025"


def cs(name, unit, sex, birth, grade, coef, lead="0", tnvk="0", precision="day"):
    return Truth(name, unit, sex, birth, "civil_servant", grade, D(coef), D(lead), D(tnvk),
                 birth_precision=precision)


ROWS: list[tuple[str, list[tuple[str | None, list[Row]]]]] = [
    ("A. VỤ TỔ CHỨC CÁN BỘ", [(None, [
        Row(cs("Nguyễn Văn An", U_TCCB, "M", dt.date(1968, 2, 14), "01.001", "7.28", "1.00"),
            dt.date(1968, 2, 14), "Vụ trưởng", "BC", 4, 7.28, lead_cell=1),
        Row(cs("Trần Thị Bích Ngọc", U_TCCB, "F", dt.date(1972, 9, 5), "01.001", "6.56", "0.8"),
            "05.09.1972", "Phó Vụ trưởng", "BC", 2, "6,56", lead_cell="0,8"),
        Row(cs("Lê Minh Quân", U_TCCB, "M", dt.date(1985, 11, 23), "01.002", "5.08"),
            "23/11/1985", "Chuyên viên chính", "BC", 3, 5.08),
        Row(cs("Phạm Thu Hà", U_TCCB, "F", dt.date(1991, 6, 30), "01.003", "3.00"),
            excel_serial(dt.date(1991, 6, 30)), "Chuyên viên", "BC", 3, "3,00",
            grade_cell=1.003),
    ])]),
    ("B. VỤ KẾ HOẠCH - TÀI CHÍNH", [(None, [
        Row(cs("Hoàng Đức Thịnh", U_KHTC, "M", dt.date(1965, 8, 17), "01.001", "8.00", "1.0",
               "6"),
            dt.date(1965, 8, 17), "Vụ trưởng", "BC", 6, 8, lead_cell="1,0", tnvk_cell="6%"),
        Row(cs("Vũ Thị Lan Anh", U_KHTC, "F", dt.date(1970, 4, 9), "06.031", "4.98", tnvk="8"),
            "09/04/1970", "Kế toán viên", "BC", 9, 4.98, tnvk_cell=0.08),
        Row(cs("Đặng Văn Khải", U_KHTC, "M", dt.date(1988, 1, 1), "01.003", "3.33",
               precision="year"),
            1988, "Chuyên viên", "BC", 4, 3.33),
        Row(cs("Nguyễn Thị Hồng", U_KHTC, "F", dt.date(1994, 1, 17), "01.003", "2.34"),
            dt.date(1994, 1, 17), "Chuyên viên", "BC", 1, "2,34"),
    ])]),
    (f"C. {CUC.upper()}", [
        ("1. Lãnh đạo Cục", [
            Row(cs("Bùi Quang Vinh", U_CUC_LEAD, "M", dt.date(1967, 10, 2), "01.001", "7.64",
                   "1.00"),
                excel_serial(dt.date(1967, 10, 2)), "Cục trưởng", "BC", 5, 7.64, lead_cell=1),
            Row(cs("Đỗ Thị Thanh Xuân", U_CUC_LEAD, "F", dt.date(1975, 3, 21), "01.002", "6.78",
                   "0.80", "5"),
                "21/03/1975", "Phó Cục trưởng", "BC", 8, "6,78", lead_cell=0.8, tnvk_cell=5),
        ]),
        ("2. Phòng Tổng hợp", [
            Row(cs("Ngô Thị Mai Phương", U_CUC_TH, "F", dt.date(1980, 7, 11), "01.002", "5.76",
                   "0.60"),
                "11.07.1980", "Trưởng phòng", "BC", 5, 5.76, lead_cell="0,6"),
            Row(cs("Phan Thị Thoa", U_CUC_TH, "F", dt.date(1984, 5, 14), "01.003", "3.99",
                   "0.40"),
                dt.date(1984, 5, 14), "Phó Trưởng phòng", "BC", 6, 3.99, lead_cell=0.4),
            Row(cs("Trịnh Văn Hậu", U_CUC_TH, "M", dt.date(1990, 2, 28), "01.003", "3.33"),
                "28/02/1990", "Chuyên viên", "BC", 4, "3,33"),
            Row(Truth("Lý Văn Tâm", U_CUC_TH, "M", dt.date(1979, 9, 9), "contract", None,
                      D("2.77")),
                "09/09/1979", "Lái xe", "HĐ 111", 4, 2.77),
        ]),
    ]),
]

PEOPLE: list[Truth] = [r.truth for _, subs in ROWS for _, rows in subs for r in rows]

INSPECT_FIELDS = {"full_name", "birth_date", "sex", "title", "grade_code", "step", "coef",
                  "lead_coef", "tnvk_pct", "contract_type"}

N_COLS = 14  # A … N


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "DS CBCC"
    put(ws, "A1:E1", "BỘ XÂY DỰNG")
    put(ws, "H1:N1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    put(ws, "A2:E2", "VỤ TỔ CHỨC CÁN BỘ")
    put(ws, "H2:N2", "Độc lập - Tự do - Hạnh phúc")
    put(ws, "A4:N4", "DANH SÁCH CÔNG CHỨC VÀ NGƯỜI LAO ĐỘNG CÁC VỤ, CỤC THUỘC BỘ")
    put(ws, "A5:N5", "(Kèm theo Công văn số 1234/BXD-TCCB ngày 15/10/2026)", bold=False)

    put(ws, "A7:A8", "TT")
    put(ws, "B7:B8", "Họ và tên")
    put(ws, "C7:C8", "NS")
    put(ws, "D7:D8", "GT")
    put(ws, "E7:E8", "Chức vụ")
    put(ws, "F7:F8", "Biên chế / HĐ")
    put(ws, "G7:H7", "Ngạch công chức")
    put(ws, "G8", "Tên ngạch")
    put(ws, "H8", "Mã ngạch")
    put(ws, "I7:K7", "Lương")
    put(ws, "I8", "Bậc")
    put(ws, "J8", "HS lương")
    put(ws, "K8", "Ngày hưởng")
    put(ws, "L7:L8", "PC CV")
    put(ws, "M7:M8", "PC TNVK")
    put(ws, "N7:N8", "Ghi chú")
    for c in range(1, N_COLS + 1):
        ws.cell(row=9, column=c, value=c)

    r, stt = 10, 0
    for block, subs in ROWS:
        ws.cell(row=r, column=1, value=block).font = BOLD
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=N_COLS)
        r += 1
        for sub, rows in subs:
            if sub:
                ws.cell(row=r, column=1, value=sub).font = BOLD
                r += 1
            for row in rows:
                t = row.truth
                stt += 1
                values = [stt, t.name, row.birth_cell, "Nam" if t.sex == "M" else "Nữ",
                          row.title, row.payroll_cell, GRADE_NAMES.get(t.grade_code),
                          row.grade_cell if row.grade_cell is not None else t.grade_code,
                          row.step, row.coef_cell, row.since, row.lead_cell, row.tnvk_cell,
                          None]
                for c, v in enumerate(values, start=1):
                    ws.cell(row=r, column=c, value=v)
                r += 1
        ws.cell(row=r, column=2, value="Cộng").font = BOLD
        ws.cell(row=r, column=10, value=float(sum(x.truth.coef for _, rows in subs
                                                  for x in rows)))
        r += 1
    ws.cell(row=r, column=2, value="Tổng cộng").font = BOLD
    ws.cell(row=r, column=10, value=float(sum(t.coef for t in PEOPLE)))
    r += 2
    ws.cell(row=r, column=10, value="Hà Nội, ngày 20 tháng 10 năm 2026")
    ws.cell(row=r + 1, column=2, value="Người lập biểu").font = BOLD
    ws.cell(row=r + 1, column=10, value="KT. BỘ TRƯỞNG").font = BOLD
    ws.cell(row=r + 2, column=10, value="THỨ TRƯỞNG").font = BOLD
    ws.cell(row=r + 6, column=2, value="Nguyễn Thị Lệ")
    ws.cell(row=r + 6, column=10, value="Trần Quốc Khánh")
    wb.save(path)
