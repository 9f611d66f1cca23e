"""A provincial disease-control centre (Trung tâm Kiểm soát bệnh tật tỉnh Quảng Trị) with
many labour-contract staff, as its personnel office keeps it: a staff sheet "DS nhân sự", a
quota sheet "SNLV được giao" (job positions with "Số người làm việc được giao" beside a
column of Decree 111 contracts) and a hidden list sheet of drop-down values.

The staff sheet has no staff-type column: the contract column decides ("HĐLV không xác định
thời hạn", "HĐLV xác định thời hạn" = public employee; "HĐLĐ (NĐ 111/2022)", "HĐ 111",
"Hợp đồng lao động" = labour contract, outside the payroll). The unit is a column ("Khoa,
phòng"), not a section. Sex in any case ("Nam", "NỮ", "nữ "); birth dates as real dates,
"25-12-1980" with dashes and "03/1973" (month and year only); a header merged over "Lương" and
"PC" typed "ƯĐN (%)" for the preventive-medicine preferential allowance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path

from openpyxl import Workbook

from tests.independent.oracle import Truth
from tests.independent.xl import BOLD, put

FILE_NAME = "cdc_quang_tri.xlsx"

U_BGD = "Ban Giám đốc"
U_TN = "Khoa Phòng chống bệnh truyền nhiễm"
U_XN = "Khoa Xét nghiệm"
U_HC = "Phòng Tổ chức - Hành chính"

HDLV = "HĐLV không xác định thời hạn"
HDLV_TERM = "HĐLV xác định thời hạn"

TITLE_NAMES = {"V.08.01.02": "Bác sĩ chính (hạng II)", "V.08.01.03": "Bác sĩ (hạng III)",
               "V.08.05.12": "Điều dưỡng hạng III", "V.08.05.13": "Điều dưỡng hạng IV",
               "V.08.07.18": "Kỹ thuật y hạng III", "V.08.07.19": "Kỹ thuật y hạng IV",
               "06.031": "Kế toán viên"}


@dataclass(frozen=True)
class Row:
    truth: Truth
    sex_cell: str
    title: str | None
    contract: str
    step: int | None
    birth_cell: object = None  # None → a real date


def employee(name, unit, sex, birth, code, coef, position, lead="0", pref="40",
             precision="day"):
    return Truth(name, unit, sex, birth, "public_employee", code, D(coef), D(lead),
                 pref=D(pref), position=position, birth_precision=precision)


def contractor(name, unit, sex, birth, code, coef, position):
    return Truth(name, unit, sex, birth, "contract", code, D(coef), position=position)


ROWS: list[Row] = [
    Row(employee("Hoàng Văn Thái", U_BGD, "M", dt.date(1967, 9, 12), "V.08.01.02", "6.10",
                 "Giám đốc", lead="0.70"), "Nam", "Giám đốc", HDLV, 6),
    Row(employee("Nguyễn Thị Thủy", U_BGD, "F", dt.date(1973, 3, 1), "V.08.01.02", "5.42",
                 "Phó Giám đốc", lead="0.50", precision="month"),
        "NỮ", "Phó Giám đốc", HDLV, 4, birth_cell="03/1973"),
    Row(employee("Lê Văn Hưng", U_TN, "M", dt.date(1980, 12, 25), "V.08.01.03", "3.99",
                 "Bác sĩ", lead="0.30"), "Nam", "Trưởng khoa", HDLV, 6,
        birth_cell="25-12-1980"),
    Row(employee("Phan Thị Yến", U_TN, "F", dt.date(1991, 5, 19), "V.08.01.03", "2.67",
                 "Bác sĩ"), "nữ ", None, HDLV_TERM, 2),
    Row(employee("Trương Thị Nhàn", U_TN, "F", dt.date(1988, 8, 8), "V.08.05.12", "3.33",
                 "Điều dưỡng"), "Nữ", None, HDLV, 4, birth_cell="08/08/1988"),
    Row(contractor("Huỳnh Văn Lộc", U_TN, "M", dt.date(1996, 2, 29), "V.08.05.13", "2.06",
                   "Điều dưỡng"), "Nam", None, "HĐLĐ (NĐ 111/2022)", 2,
        birth_cell="29/02/1996"),
    Row(employee("Đinh Thị Hoa", U_XN, "F", dt.date(1985, 10, 10), "V.08.07.18", "3.66",
                 "Kỹ thuật viên xét nghiệm"), "Nữ", "Phó Trưởng khoa", HDLV, 5),
    Row(contractor("Lâm Văn Phú", U_XN, "M", dt.date(1993, 7, 1), "V.08.07.19", "2.26",
                   "Kỹ thuật viên xét nghiệm"), "Nam", None, "HĐ 111", 3),
    Row(employee("Vương Thị Lệ", U_HC, "F", dt.date(1976, 6, 15), "06.031", "4.65",
                 "Kế toán", lead="0.30", pref="0"), "Nữ", "Trưởng phòng", HDLV, 8),
    Row(contractor("Châu Văn Mạnh", U_HC, "M", dt.date(1970, 11, 20), None, "2.95",
                   "Lái xe"), "Nam", None, "Hợp đồng lao động", 5),
    Row(contractor("Kha Thị Bé", U_HC, "F", dt.date(1982, 4, 4), None, "2.05", "Tạp vụ"),
        "Nữ", None, "HĐLĐ (NĐ 111/2022)", 1),
    Row(contractor("Ông Văn Tài", U_HC, "M", dt.date(1987, 12, 1), None, "2.23", "Bảo vệ"),
        "Nam", None, "HĐ 111", 2, birth_cell="01-12-1987"),
]

PEOPLE: list[Truth] = [r.truth for r in ROWS]

# The quota sheet: (unit, position, group as typed, expected category, payroll quota,
# contracts under Decree 111). Category: the new regime's three groups (law.md §4; the
# analysis date is after 2026-07-01).
POSITIONS = [
    (U_BGD, "Giám đốc", "Lãnh đạo, quản lý", "leadership", 1, None),
    (U_BGD, "Phó Giám đốc", "Lãnh đạo, quản lý", "leadership", 2, None),
    (U_TN, "Bác sĩ", "Chuyên môn", "professional", 3, None),
    (U_TN, "Điều dưỡng", "Chuyên môn", "professional", 2, 1),
    (U_XN, "Kỹ thuật viên xét nghiệm", "Chuyên môn", "professional", 2, 1),
    (U_HC, "Kế toán", "Chuyên môn dùng chung", "professional", 1, None),
    (U_HC, "Lái xe", "Hỗ trợ, phục vụ", "support", 0, 1),
    (U_HC, "Tạp vụ", "Hỗ trợ, phục vụ", "support", 0, 1),
]

INSPECT_FIELDS = {"full_name", "birth_date", "sex", "unit", "position", "title",
                  "grade_code", "step", "coef", "coef_date", "lead_coef", "pref_pct",
                  "contract_type", "quota"}


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "DS nhân sự"
    put(ws, "A1:F1", "SỞ Y TẾ TỈNH QUẢNG TRỊ", bold=False)
    put(ws, "J1:P1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    put(ws, "A2:F2", "TRUNG TÂM KIỂM SOÁT BỆNH TẬT")
    put(ws, "J2:P2", "Độc lập - Tự do - Hạnh phúc")
    put(ws, "A4:P4", "DANH SÁCH VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG ĐẾN NGÀY 30/11/2026")

    put(ws, "A6:A7", "TT")
    put(ws, "B6:B7", "Họ tên")
    put(ws, "C6:C7", "Giới tính")
    put(ws, "D6:D7", "Ngày tháng năm sinh")
    put(ws, "E6:E7", "Khoa, phòng")
    put(ws, "F6:F7", "Vị trí việc làm")
    put(ws, "G6:G7", "Chức vụ")
    put(ws, "H6:I6", "Chức danh nghề nghiệp")
    put(ws, "H7", "Tên")
    put(ws, "I7", "Mã số")
    put(ws, "J6:L6", "Lương")
    put(ws, "J7", "Bậc")
    put(ws, "K7", "Hệ số")
    put(ws, "L7", "Ngày xếp")
    put(ws, "M6:N6", "PC")
    put(ws, "M7", "CV")
    put(ws, "N7", "ƯĐN (%)")
    put(ws, "O6:O7", "Loại hợp đồng")
    put(ws, "P6:P7", "Ghi chú")

    r = 8
    for i, row in enumerate(ROWS, start=1):
        t = row.truth
        values = [i, t.name, row.sex_cell, row.birth_cell or t.birth, t.unit, t.position,
                  row.title, TITLE_NAMES.get(t.grade_code), t.grade_code, row.step,
                  float(t.coef), "01/01/2025", float(t.lead) or None, int(t.pref) or None,
                  row.contract, None]
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
        r += 1
    ws.cell(row=r + 1, column=11, value="Quảng Trị, ngày 30 tháng 11 năm 2026")
    ws.cell(row=r + 2, column=2, value="Người lập biểu").font = BOLD
    ws.cell(row=r + 2, column=11, value="GIÁM ĐỐC").font = BOLD

    wq = wb.create_sheet("SNLV được giao")
    put(wq, "A1:G1", "DANH MỤC VỊ TRÍ VIỆC LÀM VÀ SỐ NGƯỜI LÀM VIỆC ĐƯỢC GIAO NĂM 2026")
    put(wq, "A2:G2", "(Theo Quyết định số 215/QĐ-SYT ngày 10/01/2026 của Sở Y tế)", bold=False)
    for c, label in enumerate(["STT", "Khoa, phòng", "Tên vị trí việc làm", "Nhóm VTVL",
                               "Hạng CDNN tối thiểu", "Số người làm việc được giao",
                               "HĐLĐ theo NĐ 111"], start=1):
        wq.cell(row=4, column=c, value=label).font = BOLD
    rank = {"leadership": "Hạng II", "professional": "Hạng III", "support": None}
    for i, (unit, position, group, category, quota, hd) in enumerate(POSITIONS, start=1):
        for c, v in enumerate([i, unit, position, group, rank[category], quota, hd], start=1):
            wq.cell(row=4 + i, column=c, value=v)
    total = 5 + len(POSITIONS)
    wq.cell(row=total, column=3, value="Tổng cộng").font = BOLD
    wq.cell(row=total, column=6, value=sum(p[4] for p in POSITIONS))
    wq.cell(row=total, column=7, value=sum(p[5] or 0 for p in POSITIONS))

    wd = wb.create_sheet("DM")
    for i, v in enumerate([HDLV, HDLV_TERM, "HĐLĐ (NĐ 111/2022)", "HĐ 111"], start=1):
        wd.cell(row=i, column=1, value=v)
    wd.sheet_state = "hidden"
    wb.save(path)
