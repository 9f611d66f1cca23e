"""A public university, partly self-funded (Trường Đại học Kỹ thuật Miền Trung), as its
Phòng Tổ chức - Hành chính sends it: one sheet per faculty or office ("Khoa Co khi" without
diacritics, "Khoa Kinh tế", "P. TCHC"), each with its own banner naming the unit, and a first
sheet "Tổng hợp" of totals per unit — numbers, not people.

Inside a sheet: section rows that are staff groups, not units ("I. GIẢNG VIÊN", "II. NHÂN
VIÊN"; "Viên chức", "Hợp đồng"); no staff-type column — the contract column decides ("HĐLV …"
= public employee, "HĐLĐ", "HĐ111" = labour contract under Decree 111/2022); no sex column —
a tick column "Nữ" holds "x" for women; a per-person funding column "Nguồn chi trả lương"
(NSNN / Tự chủ một phần / Tự chủ); academic ranks (PGS.TS, GS.TS) in their own column;
lecturers' professional seniority "TN nghề (%)" and preferential allowance "ƯĐ nghề (%)"
under a merged "Phụ cấp".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D
from pathlib import Path

from openpyxl import Workbook

from tests.independent.oracle import Truth
from tests.independent.xl import BOLD, excel_serial, put

FILE_NAME = "dh_ky_thuat_mien_trung.xlsx"
SCHOOL = "TRƯỜNG ĐẠI HỌC KỸ THUẬT MIỀN TRUNG"

U_CK = "Khoa Cơ khí"
U_KT = "Khoa Kinh tế"
U_TCHC = "Phòng Tổ chức - Hành chính"

FUNDING_CELL = {"state": "NSNN", "partial": "Tự chủ một phần", "self": "Tự chủ"}
TITLE_NAMES = {"V.07.01.01": "Giảng viên cao cấp (hạng I)",
               "V.07.01.02": "Giảng viên chính (hạng II)",
               "V.07.01.03": "Giảng viên (hạng III)",
               "01.002": "Chuyên viên chính", "01.003": "Chuyên viên", "06.031": "Kế toán viên"}


@dataclass(frozen=True)
class Row:
    truth: Truth
    rank: str | None  # học hàm, học vị
    title: str | None  # chức vụ
    contract: str
    step: int | None
    birth_cell: object = None  # None → a real date
    coef_cell: object = None  # None → the number
    funding_cell: str | None = None  # None → FUNDING_CELL[truth.funding]


def lecturer(name, unit, sex, birth, code, coef, lead="0", prof="0", funding="state"):
    return Truth(name, unit, sex, birth, "public_employee", code, D(coef), D(lead),
                 pref=D(25), prof_sen=D(prof), funding=funding)


def staff(name, unit, sex, birth, kind, code, coef, lead="0", funding="state"):
    return Truth(name, unit, sex, birth, kind, code, D(coef), D(lead), funding=funding)


HDLV = "HĐLV không xác định thời hạn"
HDLV_TERM = "HĐLV xác định thời hạn"

# (sheet name, banner unit line, [(group heading, rows)])
SHEETS: list[tuple[str, str, list[tuple[str, list[Row]]]]] = [
    ("Khoa Co khi", "KHOA CƠ KHÍ", [
        ("I. GIẢNG VIÊN", [
            Row(lecturer("Trần Quốc Bảo", U_CK, "M", dt.date(1966, 5, 20), "V.07.01.01",
                         "6.92", "0.50", "25"),
                "PGS.TS", "Trưởng khoa", HDLV, 3),
            Row(lecturer("Nguyễn Thị Thu Hằng", U_CK, "F", dt.date(1978, 11, 2), "V.07.01.02",
                         "5.42", "0.40", "18", "partial"),
                "TS", "Phó Trưởng khoa", HDLV, 4, coef_cell="5,42"),
            Row(lecturer("Lê Hoàng Nam", U_CK, "M", dt.date(1987, 3, 15), "V.07.01.03",
                         "3.33", prof="11", funding="partial"),
                "ThS", None, HDLV, 4, birth_cell=excel_serial(dt.date(1987, 3, 15))),
            Row(lecturer("Võ Thị Kim Chi", U_CK, "F", dt.date(1995, 8, 8), "V.07.01.03",
                         "2.34", funding="self"),
                "ThS", None, HDLV_TERM, 1),
        ]),
        ("II. NHÂN VIÊN", [
            Row(staff("Hồ Văn Lực", U_CK, "M", dt.date(1972, 12, 12), "contract", None,
                      "2.26", funding="self"),
                None, "Nhân viên kỹ thuật", "HĐLĐ", None),
        ]),
    ]),
    ("Khoa Kinh tế", "KHOA KINH TẾ", [
        ("I. GIẢNG VIÊN", [
            Row(lecturer("Đinh Thị Ngọc Lan", U_KT, "F", dt.date(1970, 2, 14), "V.07.01.01",
                         "6.56", "0.50", "25"),
                "GS.TS", "Trưởng khoa", HDLV, 2),
            Row(lecturer("Mai Xuân Trường", U_KT, "M", dt.date(1983, 6, 30), "V.07.01.02",
                         "4.74", prof="14", funding="partial"),
                "TS", "Trưởng bộ môn", HDLV, 2, funding_cell="Tự chủ 1 phần"),
            Row(lecturer("Quách Thị Huệ", U_KT, "F", dt.date(1990, 9, 25), "V.07.01.03",
                         "3.00", prof="8"),
                "ThS", None, HDLV, 3, coef_cell="3,00"),
        ]),
        ("II. NHÂN VIÊN", [
            Row(staff("Lưu Thị Thắm", U_KT, "F", dt.date(1986, 1, 19), "public_employee",
                      "01.003", "3.33"),
                "CN", "Giáo vụ khoa", HDLV, 4),
        ]),
    ]),
    ("P. TCHC", "PHÒNG TỔ CHỨC - HÀNH CHÍNH", [
        ("Viên chức", [
            Row(staff("Nguyễn Văn Sáng", U_TCHC, "M", dt.date(1974, 7, 7), "public_employee",
                      "01.002", "5.76", "0.50"),
                "ThS", "Trưởng phòng", HDLV, 5),
            Row(staff("Đoàn Thị Hạnh", U_TCHC, "F", dt.date(1981, 10, 30), "public_employee",
                      "06.031", "3.66", funding="partial"),
                "CN", None, HDLV, 5, birth_cell="30/10/1981"),
        ]),
        ("Hợp đồng", [
            Row(staff("Tô Văn Bình", U_TCHC, "M", dt.date(1968, 4, 4), "contract", None,
                      "2.41"),
                None, "Bảo vệ", "HĐLĐ (NĐ 111)", None),
            Row(staff("Cao Thị Duyên", U_TCHC, "F", dt.date(1992, 3, 3), "contract", None,
                      "2.05", funding="self"),
                None, "Tạp vụ", "HĐ111", None),
        ]),
    ]),
]

PEOPLE: list[Truth] = [r.truth for _, _, groups in SHEETS for _, rows in groups for r in rows]

# Other names a unit may fairly be given: the sheet's own name (banner or sheet name).
UNIT_ALIASES = {U_TCHC: {"P. TCHC"}}

# The tick column "Nữ" carries sex as a mark ("female_marker"); the staff table's `sex` is
# what the layout tests check for every person.
INSPECT_FIELDS = {"full_name", "birth_date", "female_marker", "title", "grade_code", "coef",
                  "lead_coef", "prof_seniority_pct", "pref_pct", "contract_type", "funding"}

N_COLS = 17  # A … Q


def _summary_sheet(wb) -> None:
    ws = wb.active
    ws.title = "Tổng hợp"
    put(ws, "A1:D1", SCHOOL)
    put(ws, "A3:H3", "BẢNG TỔNG HỢP SỐ LƯỢNG VIÊN CHỨC, NGƯỜI LAO ĐỘNG NĂM 2026")
    for c, label in enumerate(["STT", "Đơn vị", "Tổng số", "Giảng viên", "Nhân viên",
                               "Trong đó nữ", "NSNN", "Tự chủ"], start=1):
        ws.cell(row=5, column=c, value=label).font = BOLD
    r = 6
    for i, (_, banner, groups) in enumerate(SHEETS, start=1):
        people = [x.truth for _, rows in groups for x in rows]
        lecturers = [t for t in people if t.grade_code and t.grade_code.startswith("V.07")]
        values = [i, banner.title(), len(people), len(lecturers),
                  len(people) - len(lecturers), sum(t.sex == "F" for t in people),
                  sum(t.funding == "state" for t in people),
                  sum(t.funding != "state" for t in people)]
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
        r += 1
    ws.cell(row=r, column=2, value="Tổng cộng").font = BOLD
    ws.cell(row=r, column=3, value=len(PEOPLE))


def _unit_sheet(wb, name: str, banner: str, groups) -> None:
    ws = wb.create_sheet(name)
    put(ws, "A1:F1", "BỘ GIÁO DỤC VÀ ĐÀO TẠO", bold=False)
    put(ws, "J1:Q1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    put(ws, "A2:F2", SCHOOL)
    put(ws, "J2:Q2", "Độc lập - Tự do - Hạnh phúc")
    put(ws, "A3:F3", banner)
    put(ws, "A5:Q5", f"DANH SÁCH GIẢNG VIÊN, NHÂN VIÊN - {banner}")
    put(ws, "A6:Q6", "(Trường tự chủ một phần chi thường xuyên; số liệu đến 30/11/2026)",
        bold=False)

    put(ws, "A8:A9", "STT")
    put(ws, "B8:B9", "Họ và tên")
    put(ws, "C8:C9", "Học hàm, học vị")
    put(ws, "D8:D9", "Ngày sinh")
    put(ws, "E8:E9", "Nữ")
    put(ws, "F8:F9", "Chức vụ")
    put(ws, "G8:H8", "Chức danh nghề nghiệp")
    put(ws, "G9", "Tên CDNN")
    put(ws, "H9", "Mã CDNN")
    put(ws, "I8:I9", "Bậc")
    put(ws, "J8:J9", "HSL")
    put(ws, "K8:N8", "Phụ cấp")
    put(ws, "K9", "CV")
    put(ws, "L9", "TNVK (%)")
    put(ws, "M9", "TN nghề (%)")
    put(ws, "N9", "ƯĐ nghề (%)")
    put(ws, "O8:O9", "Loại HĐ")
    put(ws, "P8:P9", "Nguồn chi trả lương")
    put(ws, "Q8:Q9", "Ghi chú")

    r, stt = 10, 0
    for heading, rows in groups:
        ws.cell(row=r, column=1, value=heading).font = BOLD
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=N_COLS)
        r += 1
        for row in rows:
            t = row.truth
            stt += 1
            values = [
                stt, t.name, row.rank, row.birth_cell or t.birth, "x" if t.sex == "F" else None,
                row.title, TITLE_NAMES.get(t.grade_code), t.grade_code, row.step,
                row.coef_cell or float(t.coef), float(t.lead) or None, None,
                int(t.prof_sen) or None, int(t.pref) or None, row.contract,
                row.funding_cell or FUNDING_CELL[t.funding], None,
            ]
            for c, v in enumerate(values, start=1):
                ws.cell(row=r, column=c, value=v)
            r += 1
    r += 1
    ws.cell(row=r, column=12, value="Đà Nẵng, ngày 30 tháng 11 năm 2026")
    ws.cell(row=r + 1, column=2, value="Người lập biểu").font = BOLD
    ws.cell(row=r + 1, column=12, value="HIỆU TRƯỞNG").font = BOLD


def build(path: Path) -> None:
    wb = Workbook()
    _summary_sheet(wb)
    for name, banner, groups in SHEETS:
        _unit_sheet(wb, name, banner, groups)
    wb.save(path)
