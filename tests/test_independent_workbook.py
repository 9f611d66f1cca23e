"""Independent acceptance test: a workbook built here, expectations computed by hand.

The workbook below was designed without looking at the importer or at the sample files: a
commune People's Committee staff list ("UBND xã Tân Hòa") in the layouts of
shared/domain/workbooks.md — banner rows, a three-row header with merged parent cells,
birth date split into "Nam" | "Nữ" columns, a "(1) (2) …" column-number row, nested section
rows that name the unit, "Cộng" subtotals, a "Tổng cộng" total, a footer with a signer's name,
header labels partly without diacritics and partly in NFD Unicode, and cell values in mixed
forms (decimal-comma text, dates as real dates / day-first text / Excel serial numbers, grade
codes that Excel turned into numbers). A second sheet lists the units with their funding
source; one unit funds itself ("Tự chủ").

The expected figures are computed from the list of people below with `decimal.Decimal`,
following shared/domain/law.md (§1 salary, §2 retirement, §3 targets) and the tool's published
conventions, and then compared field by field with the tables `streamline analyze` writes.
The oracle's own checks against law.md's published figures (MOHA's "Mr C" and "Mr M", the
Decree 135 retirement rows) each also run the tool, on a plain list of those people, and
compare its `staff` rows with the same figures.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

# The independent rules (law.md §1–§3), written from the text and not from the tool; shared
# with the hand-built layouts of tests/independent/.
from tests.independent.oracle import (
    BUDGET_TYPES,
    base_salary_on,
    retirement,
    retirement_age_months,
    salary_components,
    vnd,
)

AS_OF = dt.date(2025, 3, 1)
HORIZON = dt.date(2030, 12, 31)
TARGET_RATE = Decimal("0.20")

# ----------------------------------------------------------------------------------------
# The people (my data) and the workbook that carries them.
# ----------------------------------------------------------------------------------------

COMMUNE = "UBND xã Tân Hòa"

# (section heading as written, unit name, parent block)
U_LEAD = "LÃNH ĐẠO UBND XÃ"
U_OFFICE = "Văn phòng HĐND và UBND"
U_ECON = "Phòng Kinh tế"
U_CULT = "Phòng Văn hóa - Xã hội"
U_SCHOOL = "Trường Mầm non Tân Hòa"
U_MARKET = "Ban Quản lý chợ Tân Hòa"

UNITS = [
    # name, parent, kind, funding
    (U_LEAD, COMMUNE, "Cơ quan hành chính", "Ngân sách nhà nước"),
    (U_OFFICE, COMMUNE, "Cơ quan hành chính", "Ngân sách nhà nước"),
    (U_ECON, COMMUNE, "Cơ quan hành chính", "Ngân sách nhà nước"),
    (U_CULT, COMMUNE, "Cơ quan hành chính", "Ngân sách nhà nước"),
    (U_SCHOOL, COMMUNE, "Đơn vị sự nghiệp công lập", "Ngân sách nhà nước"),
    (U_MARKET, COMMUNE, "Đơn vị sự nghiệp công lập", "Tự chủ"),
]
SELF_FUNDED = {U_MARKET}

TYPE_OF = {"CB": "cadre", "CC": "civil_servant", "VC": "public_employee"}


@dataclass
class Person:
    name_cell: str  # as written (may carry stray spaces)
    unit: str
    sex: str  # "M" | "F"
    birth: dt.date
    birth_form: str  # "date" | "text" | "serial"
    title: str
    type_cell: str  # "CB", "CC", "VC", "HĐ111", …
    grade_cell: object  # "01.003" or the number Excel made of it (1.003)
    grade: str  # the real code
    step: int
    coef_cell: object  # 4.65 or "4,65"
    coef: str  # true value, decimal text
    lead_cell: object = None
    lead: str = "0"
    tnvk_cell: object = None  # 5, "7%", "6"
    tnvk: str = "0"
    region_cell: object = 0.1
    region: str = "0.1"
    since: str = "01/07/2022"
    ratings: tuple = ("HTTNV", "HTTNV")
    note: str | None = None

    @property
    def full_name(self) -> str:
        return self.name_cell.strip()

    @property
    def staff_type(self) -> str:
        code = self.type_cell.strip().upper()
        return "contract" if code.startswith("HĐ") else TYPE_OF[code]


D = Decimal
P = Person

# 33 people. Birth dates chosen to exercise the Decree 135 boundaries and the horizon.
SECTIONS: list[tuple[str, list[tuple[str, list[Person]]]]] = [
    (
        "A. KHỐI QUẢN LÝ NHÀ NƯỚC",
        [
            (
                f"I. {U_LEAD}",
                [
                    P("Lê Văn Dũng", U_LEAD, "M", dt.date(1966, 3, 15), "date",
                      "Chủ tịch UBND xã", "CB", "01.002", "01.002", 4, 5.42, "5.42",
                      lead_cell=0.6, lead="0.6", ratings=("HTXSNV", "HTTNV")),
                    P("Phạm Thị Hương", U_LEAD, "F", dt.date(1970, 9, 12), "text",
                      "Phó Chủ tịch UBND xã", "CB", 1.003, "01.003", 8, "4,65", "4.65",
                      lead_cell="0,50", lead="0.5"),
                    P("Nguyễn Hữu Thắng", U_LEAD, "M", dt.date(1975, 6, 20), "serial",
                      "Phó Chủ tịch UBND xã", "CB", "01.002", "01.002", 2, 4.74, "4.74",
                      lead_cell=0.5, lead="0.5"),
                ],
            ),
            (
                f"II. {U_OFFICE}",
                [
                    P("Trần Văn Bình", U_OFFICE, "M", dt.date(1963, 11, 2), "date",
                      "Chánh Văn phòng", "CC", "01.003", "01.003", 9, 4.98, "4.98",
                      lead_cell=0.25, lead="0.25", tnvk_cell="7%", tnvk="7",
                      note="Đã có thông báo nghỉ hưu"),
                    P("Đỗ Thị Lan", U_OFFICE, "F", dt.date(1973, 1, 5), "text",
                      "Phó Chánh Văn phòng", "CC", "01.003", "01.003", 7, "4,32", "4.32",
                      lead_cell=0.15, lead="0.15"),
                    P("Hoàng Minh Tuấn  ", U_OFFICE, "M", dt.date(1985, 7, 30), "date",
                      "Chuyên viên", "CC", 1.003, "01.003", 4, 3.33, "3.33"),
                    P(" Vũ Thị Mai", U_OFFICE, "F", dt.date(1990, 2, 14), "date",
                      "Chuyên viên", "CC", "01.003", "01.003", 2, "2,67", "2.67",
                      ratings=("HTNV", "Hoàn thành tốt nhiệm vụ")),
                    P("Bùi Thị Thu Trang", U_OFFICE, "F", dt.date(1976, 4, 8), "serial",
                      "Kế toán", "CC", "06.031", "06.031", 9, 4.98, "4.98",
                      tnvk_cell=5, tnvk="5"),
                    P("Ngô Văn Hải", U_OFFICE, "M", dt.date(1970, 3, 3), "date",
                      "Nhân viên lái xe", "HĐ111", "01.005", "01.005", 3, 2.26, "2.26"),
                    P("Đặng Thị Hoa", U_OFFICE, "F", dt.date(1994, 12, 1), "text",
                      "Văn thư", "CC", "02.007", "02.007", 1, 2.34, "2.34"),
                    P("Lý Văn Khoa", U_OFFICE, "M", dt.date(1978, 8, 21), "date",
                      "Nhân viên bảo vệ", "HĐ", "01.005", "01.005", 2, 2.06, "2.06",
                      region_cell=None, region="0", ratings=(None, None)),
                ],
            ),
            (
                f"III. {U_ECON}",
                [
                    P("Phan Văn Long", U_ECON, "M", dt.date(1966, 4, 10), "date",
                      "Trưởng phòng", "CC", "01.002", "01.002", 5, 5.76, "5.76",
                      lead_cell="0,25", lead="0.25"),
                    P("Trịnh Thị Ngọc", U_ECON, "F", dt.date(1975, 2, 28), "text",
                      "Phó Trưởng phòng", "CC", 1.003, "01.003", 7, 4.32, "4.32",
                      lead_cell=0.15, lead="0.15"),
                    P("Đinh Văn Cường", U_ECON, "M", dt.date(1964, 8, 19), "serial",
                      "Chuyên viên", "CC", "01.003", "01.003", 9, 4.98, "4.98",
                      tnvk_cell=5, tnvk="5", region_cell="0,1"),
                    P("Mai Thị Thảo", U_ECON, "F", dt.date(1988, 6, 6), "date",
                      "Chuyên viên", "CC", "01.003", "01.003", 3, "3,00", "3.00"),
                    P("Lương Văn Sơn", U_ECON, "M", dt.date(1992, 8, 15), "text",
                      "Chuyên viên", "CC", 1.003, "01.003", 2, 2.67, "2.67"),
                    P("Cao Thị Yến", U_ECON, "F", dt.date(1977, 11, 23), "serial",
                      "Cán sự", "CC", "01.004", "01.004", 4, 3.03, "3.03"),
                    P("Tạ Quang Huy", U_ECON, "M", dt.date(1996, 9, 9), "date",
                      "Chuyên viên", "CC ", "01.003", "01.003", 1, 2.34, "2.34"),
                ],
            ),
            (
                f"IV. {U_CULT}",
                [
                    P("Hà Thị Nga", U_CULT, "F", dt.date(1974, 1, 25), "date",
                      "Trưởng phòng", "CC", 1.002, "01.002", 3, 5.08, "5.08",
                      lead_cell=0.25, lead="0.25"),
                    P("Kiều Văn Toàn", U_CULT, "M", dt.date(1983, 3, 3), "text",
                      "Phó Trưởng phòng", "CC", "01.003", "01.003", 5, 3.66, "3.66",
                      lead_cell="0,15", lead="0.15"),
                    P("Dương Thị Bích", U_CULT, "F", dt.date(1973, 7, 7), "serial",
                      "Chuyên viên", "CC", "01.003", "01.003", 6, 3.99, "3.99"),
                    P("Lò Văn Phúc", U_CULT, "M", dt.date(1989, 5, 17), "date",
                      "Chuyên viên", "CC", 1.003, "01.003", 3, 3, "3"),
                    P("Nông Thị Hạnh", U_CULT, "F", dt.date(1998, 11, 30), "text",
                      "Chuyên viên", "CC ", "01.003", "01.003", 1, 2.34, "2.34"),
                    P("Vi Thị Lụa", U_CULT, "F", dt.date(1980, 10, 10), "date",
                      "Nhân viên phục vụ", "HĐ111", "01.005", "01.005", 4, 2.46, "2.46",
                      region_cell=None, region="0"),
                ],
            ),
        ],
    ),
    (
        "B. KHỐI SỰ NGHIỆP",
        [
            (
                f"I. {U_SCHOOL}",
                [
                    P("Nguyễn Thị Minh Thư", U_SCHOOL, "F", dt.date(1969, 5, 12), "date",
                      "Hiệu trưởng", "VC", "V.07.02.25", "V.07.02.25", 10, 4.89, "4.89",
                      lead_cell=0.35, lead="0.35", tnvk_cell="6", tnvk="6"),
                    P("Lê Thị Tuyết", U_SCHOOL, "F", dt.date(1972, 6, 18), "text",
                      "Phó Hiệu trưởng", "VC", "V.07.02.25", "V.07.02.25", 7, "3,96", "3.96",
                      lead_cell=0.2, lead="0.2"),
                    P("Trần Thị Kim Oanh", U_SCHOOL, "F", dt.date(1985, 1, 31), "serial",
                      "Giáo viên", "VC", "V.07.02.26", "V.07.02.26", 4, 3.03, "3.03"),
                    P("Phạm Thị Diệu Linh", U_SCHOOL, "F", dt.date(1993, 3, 8), "date",
                      "Giáo viên", "VC", "V.07.02.26", "V.07.02.26", 2, "2,41", "2.41"),
                    P("Hoàng Thị Nhung", U_SCHOOL, "F", dt.date(1999, 9, 9), "text",
                      "Giáo viên", "VC", "V.07.02.26", "V.07.02.26", 1, 2.1, "2.10"),
                    P("Đoàn Văn Tài", U_SCHOOL, "M", dt.date(1975, 12, 12), "date",
                      "Nhân viên bảo vệ", "HĐ111", "01.005", "01.005", 1, 1.86, "1.86"),
                ],
            ),
            (
                f"II. {U_MARKET}",
                [
                    P("Võ Văn Hùng", U_MARKET, "M", dt.date(1965, 2, 2), "date",
                      "Trưởng ban", "VC", "01.003", "01.003", 8, 4.65, "4.65",
                      lead_cell=0.3, lead="0.3"),
                    P("Châu Thị Mỹ", U_MARKET, "F", dt.date(1987, 4, 22), "text",
                      "Kế toán", "VC", 6.032, "06.032", 3, 2.72, "2.72"),
                    P("Quách Văn Lợi", U_MARKET, "M", dt.date(1979, 9, 15), "serial",
                      "Nhân viên", "HĐ68", "01.005", "01.005", 3, 2.26, "2.26"),
                ],
            ),
        ],
    ),
]

PEOPLE: list[Person] = [p for _, subs in SECTIONS for _, ps in subs for p in ps]
N_COLS = 17  # A … Q


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def birth_cell(p: Person):
    if p.birth_form == "date":
        return p.birth
    if p.birth_form == "serial":
        return excel_serial(p.birth)
    if p.birth_form == "text":
        if p.full_name == "Kiều Văn Toàn":  # day/month without leading zeros: "3/3/1983"
            return f"{p.birth.day}/{p.birth.month}/{p.birth.year}"
        return p.birth.strftime("%d/%m/%Y")
    raise AssertionError(p.birth_form)


def build_workbook(path: Path) -> dict[str, int]:
    """Write the workbook; return each person's 1-based Excel row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sach CBCCVC"
    bold = Font(bold=True)

    # Banner rows 1–6.
    ws["A1"] = "UBND HUYỆN ĐÔNG SƠN"
    ws["J1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "UBND XÃ TÂN HÒA"
    ws["J2"] = "Độc lập - Tự do - Hạnh phúc"
    ws.merge_cells("A1:E1")
    ws.merge_cells("A2:E2")
    ws.merge_cells("J1:Q1")
    ws.merge_cells("J2:Q2")
    ws["A4"] = "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG"
    ws.merge_cells("A4:Q4")
    ws["A5"] = "(Kèm theo Công văn số 125/UBND-NV ngày 20/02/2025 của UBND xã Tân Hòa)"
    ws.merge_cells("A5:Q5")
    ws["A6"] = "Có mặt đến ngày 01/3/2025"
    ws.merge_cells("A6:Q6")

    # Three-row header, rows 8–10; labels partly without diacritics, partly NFD.
    h1, h2, h3 = 8, 9, 10

    def head(cell_range: str, text: str) -> None:
        first = cell_range.split(":")[0]
        ws[first] = text
        ws[first].font = bold
        ws[first].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if ":" in cell_range:
            ws.merge_cells(cell_range)

    head(f"A{h1}:A{h3}", "STT")
    head(f"B{h1}:B{h3}", "Ho va ten")
    head(f"C{h1}:D{h2}", nfd("Ngày, tháng, năm sinh"))
    head(f"C{h3}", "Nam")
    head(f"D{h3}", nfd("Nữ"))
    head(f"E{h1}:E{h3}", "Chuc vu")
    head(f"F{h1}:F{h3}", "Đối tượng (CB, CC, VC, HĐ)")
    head(f"G{h1}:H{h2}", nfd("Ngạch, chức danh nghề nghiệp"))
    head(f"G{h3}", "Ten ngach")
    head(f"H{h3}", nfd("Mã số"))
    head(f"I{h1}:K{h1}", "Lương hiện hưởng")
    head(f"I{h2}:I{h3}", "Bac")
    head(f"J{h2}:J{h3}", "He so")
    head(f"K{h2}:K{h3}", nfd("Thời điểm hưởng"))
    head(f"L{h1}:N{h1}", "Phu cap")
    head(f"L{h2}:L{h3}", nfd("Chức vụ"))
    head(f"M{h2}:M{h3}", nfd("Thâm niên vượt khung (%)"))
    head(f"N{h2}:N{h3}", "Khu vuc")
    head(f"O{h1}:P{h2}", nfd("Xếp loại chất lượng"))
    head(f"O{h3}", "2023")
    head(f"P{h3}", "2024")
    head(f"Q{h1}:Q{h3}", "Ghi chú")

    # Column-number row.
    for c in range(1, N_COLS + 1):
        ws.cell(row=11, column=c, value=f"({c})")

    rows: dict[str, int] = {}
    r = 12
    stt = 0
    grand_total = Decimal(0)
    for block_i, (block, subs) in enumerate(SECTIONS):
        ws.cell(row=r, column=1, value=block).font = bold
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=N_COLS)
        r += 1
        for sub_i, (heading, people) in enumerate(subs):
            ws.cell(row=r, column=1, value=heading).font = bold
            # Most section rows are merged across the table; one is left unmerged.
            if not (block_i == 0 and sub_i == 2):
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=N_COLS)
            r += 1
            first = r
            for i, p in enumerate(people):
                if p.unit == U_ECON and i == 3:
                    r += 1  # an empty row in the middle of a section
                stt += 1
                ws.cell(row=r, column=1, value=stt)
                ws.cell(row=r, column=2, value=p.name_cell)
                ws.cell(row=r, column=3 if p.sex == "M" else 4, value=birth_cell(p))
                ws.cell(row=r, column=5, value=p.title)
                ws.cell(row=r, column=6, value=p.type_cell)
                ws.cell(row=r, column=7, value=GRADE_NAMES.get(p.grade, ""))
                ws.cell(row=r, column=8, value=p.grade_cell)
                ws.cell(row=r, column=9, value=p.step)
                ws.cell(row=r, column=10, value=p.coef_cell)
                ws.cell(row=r, column=11, value=p.since)
                ws.cell(row=r, column=12, value=p.lead_cell)
                ws.cell(row=r, column=13, value=p.tnvk_cell)
                ws.cell(row=r, column=14, value=p.region_cell)
                ws.cell(row=r, column=15, value=p.ratings[0])
                ws.cell(row=r, column=16, value=p.ratings[1])
                ws.cell(row=r, column=17, value=p.note)
                rows[p.full_name] = r
                r += 1
            subtotal = sum((D(p.coef) for p in people), Decimal(0))
            grand_total += subtotal
            ws.cell(row=r, column=2, value="Cộng").font = bold
            if heading.endswith(U_ECON):
                ws.cell(row=r, column=10, value=f"=SUM(J{first}:J{r - 1})")
            else:
                ws.cell(row=r, column=10, value=float(subtotal))
            r += 1

    ws.cell(row=r, column=2, value="Tổng cộng").font = bold
    ws.cell(row=r, column=10, value=float(grand_total))
    r += 2
    ws.cell(row=r, column=12, value="Tân Hòa, ngày 25 tháng 02 năm 2025")
    r += 1
    ws.cell(row=r, column=2, value="Người lập biểu").font = bold
    ws.cell(row=r, column=12, value="CHỦ TỊCH").font = bold
    r += 1
    ws.cell(row=r, column=2, value="(Ký, ghi rõ họ tên)")
    ws.cell(row=r, column=12, value="(Ký tên, đóng dấu)")
    r += 4
    ws.cell(row=r, column=2, value="Trần Thị Hoa")
    ws.cell(row=r, column=12, value="Lê Văn Dũng")

    # Units sheet.
    wu = wb.create_sheet("Đơn vị")
    wu["A1"] = "DANH MỤC ĐƠN VỊ TRỰC THUỘC UBND XÃ TÂN HÒA"
    wu.merge_cells("A1:D1")
    for c, label in enumerate(
        ["Tên đơn vị", "Đơn vị cấp trên", "Loại đơn vị", "Nguồn kinh phí"], start=1
    ):
        wu.cell(row=3, column=c, value=label).font = bold
    for i, unit in enumerate(UNITS):
        for c, v in enumerate(unit, start=1):
            wu.cell(row=4 + i, column=c, value=v)

    # An instruction sheet, as offices often leave one in.
    wh = wb.create_sheet("Huong dan")
    wh["A1"] = "Hướng dẫn ghi biểu"
    wh["A2"] = "- Ngày sinh ghi vào cột Nam hoặc Nữ tương ứng."
    wh["A3"] = "- Hệ số lương ghi theo quyết định nâng lương gần nhất."

    wb.save(path)
    return rows


GRADE_NAMES = {
    "01.002": "Chuyên viên chính",
    "01.003": "Chuyên viên",
    "01.004": "Cán sự",
    "01.005": "Nhân viên",
    "02.007": "Văn thư",
    "06.031": "Kế toán viên",
    "06.032": "Kế toán viên trung cấp",
    "V.07.02.25": "Giáo viên mầm non hạng II",
    "V.07.02.26": "Giáo viên mầm non hạng III",
}


# ----------------------------------------------------------------------------------------
# Expected figures, from my own list of people.
# ----------------------------------------------------------------------------------------


def expected_staff() -> dict[str, dict]:
    base = base_salary_on(AS_OF)
    out = {}
    for p in PEOPLE:
        comp = salary_components(
            p.staff_type, D(p.coef), D(p.lead), D(p.tnvk), D(p.region), base
        )
        rmonth, pension, _ = retirement(p.sex, p.birth.year, p.birth.month)
        out[p.full_name] = {
            "full_name": p.full_name,
            "unit": p.unit,
            "sex": p.sex,
            "birth_date": p.birth,
            "coef": D(p.coef),
            "lead_coef": D(p.lead),
            "staff_type": p.staff_type,
            "grade_code": p.grade,
            "monthly_salary": comp["monthly_salary"],
            "employer_contrib": comp["employer_contrib"],
            "retirement_month": rmonth,
            "pension_start": pension,
            "in_scope": p.staff_type in BUDGET_TYPES and p.unit not in SELF_FUNDED,
            "_salary": comp["salary"],
        }
    assert len(out) == len(PEOPLE), "names must be unique"
    return out


def expected_targets(staff: dict[str, dict]) -> dict[str, dict]:
    """One total target, ⌈rate × all in scope⌉, shared among the units: each its whole part of
    rate × baseline, then one more to the units with the largest remainders (ties: the unit
    listed first) until the total is reached. Each unit's own ⌈rate × baseline⌉ beside it."""
    horizon_month = f"{HORIZON.year:04d}-{HORIZON.month:02d}"
    rate = Decimal(str(TARGET_RATE))
    out = {}
    for unit, *_ in UNITS:
        scope = [s for s in staff.values() if s["unit"] == unit and s["in_scope"]]
        baseline = len(scope)
        retiring = sum(1 for s in scope if s["retirement_month"] <= horizon_month)
        out[unit] = {
            "unit": unit,
            "baseline": baseline,
            "target": math.floor(rate * baseline),
            "target_rounded_up": math.ceil(rate * baseline),
            "retiring_by_horizon": retiring,
        }
    total = math.ceil(rate * sum(t["baseline"] for t in out.values()))
    left = total - sum(t["target"] for t in out.values())
    by_remainder = sorted(out, key=lambda u: -(rate * out[u]["baseline"] - out[u]["target"]))
    for unit in by_remainder[:left]:
        out[unit]["target"] += 1
    for t in out.values():
        t["gap"] = max(t["target"] - t["retiring_by_horizon"], 0)
    return out


def expected_fund(staff: dict[str, dict]) -> dict[tuple[str, str], dict]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for s in staff.values():
        groups[(s["unit"], s["staff_type"])].append(s)
    out = {}
    for key, ss in groups.items():
        monthly = sum(s["monthly_salary"] for s in ss)
        bonus = vnd(Decimal("0.10") * 12 * sum(s["_salary"] for s in ss))
        out[key] = {
            "unit": key[0],
            "staff_type": key[1],
            "headcount": len(ss),
            "monthly_fund": monthly,
            "yearly_fund": 12 * monthly + bonus,
            "employer_contrib": sum(s["employer_contrib"] for s in ss),
        }
    return out


# ----------------------------------------------------------------------------------------
# Part 4: the independent rules reproduce law.md's published figures — and so does the tool,
# on a plain list of people built for them.
# ----------------------------------------------------------------------------------------

RETIREMENT_ROWS = [
    # law.md §2 published rows: (sex, birth year, birth month, age (y, m), pension (y, m)).
    ("M", 1961, 1, (60, 3), (2021, 5)),
    ("M", 1961, 9, (60, 3), (2022, 1)),
    ("M", 1961, 10, (60, 6), (2022, 5)),
    ("M", 1966, 4, (62, 0), (2028, 5)),
    ("F", 1966, 8, (55, 4), (2022, 1)),
    ("F", 1966, 9, (55, 8), (2022, 6)),
    ("F", 1975, 5, (60, 0), (2035, 6)),
    ("F", 1975, 1, (59, 8), None),
    ("F", 1975, 2, (59, 8), None),
    ("F", 1975, 3, (59, 8), None),
    ("F", 1975, 4, (59, 8), None),
    # "or later" parts of the published rows.
    ("M", 1966, 5, (62, 0), (2028, 6)),
    ("M", 1970, 1, (62, 0), (2032, 2)),
    ("M", 1985, 12, (62, 0), (2048, 1)),
    ("F", 1975, 6, (60, 0), (2035, 7)),
    ("F", 1990, 1, (60, 0), (2050, 2)),
    # The wrong boundary some web copies print: women born 05–08/1966 are 55 y 4 m.
    ("F", 1966, 5, (55, 4), (2021, 10)),
    # Before 2021: 60 y / 55 y.
    ("M", 1960, 6, (60, 0), (2020, 7)),
    ("F", 1965, 3, (55, 0), (2020, 4)),
]
# Born in January of each year, so each retires in a different calendar year of the schedule.
SCHEDULE_ROWS = [("M", y) for y in range(1960, 1969)] + [("F", y) for y in range(1965, 1981)]

GIVEN = ["An", "Bình", "Chi", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Huệ", "Hùng",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phúc",
         "Quang", "Quyên", "Sơn", "Tâm", "Thảo", "Thắng", "Thu", "Trang", "Trung", "Tuấn",
         "Vân", "Việt", "Xuân", "Yến", "Bảo", "Cúc", "Đạt", "Đào", "Hiếu", "Hồng", "Kiên",
         "Loan", "Lực", "Nhung"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]


def _law_name(i: int, sex: str) -> str:
    return f"{SURNAMES[i % len(SURNAMES)]} {'Văn' if sex == 'M' else 'Thị'} {GIVEN[i]}"


# (name, sex, birth cell, staff type code, grade code, coefficient, leadership coefficient)
GOLDEN_PEOPLE = [
    ("Nguyễn Văn Cường", "M", dt.date(1980, 5, 10), "CC", "01.003", "2.34", None),
    ("Trần Văn Chiến", "M", dt.date(1968, 2, 3), "CC", "01.002", "4.65", "0.6"),  # "Mr C"
    ("Lê Văn Mạnh", "M", dt.date(1976, 9, 21), "CC", "01.003", "3.66", None),  # "Mr M"
    ("Phạm Thị Vân", "F", dt.date(1992, 4, 4), "VC", "V.07.03.29", "2.34", None),
    ("Hoàng Văn Bắc", "M", dt.date(1985, 11, 30), "CB", "01.003", "2.34", None),
    ("Vũ Văn Sâm", "M", dt.date(1970, 6, 6), "CC", "01.001", "6.20", None),
]
LAW_PEOPLE = (
    GOLDEN_PEOPLE
    + [(_law_name(i, sex), sex, dt.date(y, m, 15), "CC", "01.003", "3.00", None)
       for i, (sex, y, m, *_) in enumerate(RETIREMENT_ROWS)]
    + [(_law_name(len(RETIREMENT_ROWS) + i, sex), sex, dt.date(y, 1, 15), "CC", "01.003",
        "3.00", None) for i, (sex, y) in enumerate(SCHEDULE_ROWS)]
    + [("Ngô Văn Năm", "M", 1966, "CC", "01.003", "3.00", None)]  # only the birth year
)


def build_law_workbook(path: Path) -> None:
    """A plain staff list: one header row of the commonest labels, one person per row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đối tượng", "Mã ngạch",
               "Hệ số lương", "Phụ cấp chức vụ"])
    for i, (name, sex, birth, kind, grade, coef, lead) in enumerate(LAW_PEOPLE, start=1):
        ws.append([i, name, birth, "Nam" if sex == "M" else "Nữ", kind, grade, float(coef),
                   None if lead is None else float(lead)])
    wb.save(path)


@pytest.fixture(scope="module")
def law_staff(tmp_path_factory) -> dict[dt.date, dict[str, dict]]:
    """The product's staff rows of the plain list, by name, as of AS_OF and as of 2026-07-01
    (the 2,530,000 base salary)."""
    from streamline.analysis import analyze

    path = tmp_path_factory.mktemp("law") / "danh_sach.xlsx"
    build_law_workbook(path)
    out = {}
    for day in (AS_OF, dt.date(2026, 7, 1)):
        staff = analyze([path], as_of=day, horizon=HORIZON, rate=TARGET_RATE).tables["staff"]
        out[day] = {unicodedata.normalize("NFC", r["full_name"]): r for r in staff.to_dicts()}
    return out


def _pay_of(law_staff, name: str, day: dt.date = AS_OF) -> dict:
    row = law_staff[day].get(name)
    assert row is not None, f"{name} is not in the product's staff table"
    return {k: row[k] for k in ("salary", "monthly_salary", "employer_contrib")}


def test_independent_salary_reproduces_law_golden_figures(law_staff):
    assert base_salary_on(AS_OF) == 2_340_000
    assert base_salary_on(dt.date(2026, 7, 1)) == 2_530_000
    assert salary_components("civil_servant", D("2.34"))["salary"] == 5_475_600
    assert salary_components("civil_servant", D("6.20"), base=2_530_000)["salary"] == 15_686_000
    # MOHA "Mr C": S = (4.65 + 0.6) × 2,340,000 × 1.25 (no regional allowance in S).
    assert salary_components("civil_servant", D("4.65"), D("0.6"))["monthly_salary"] == 15_356_250
    # MOHA "Mr M": 3.66 × 2,340,000 × 1.25.
    assert salary_components("civil_servant", D("3.66"))["monthly_salary"] == 10_705_500
    # No public-service allowance for public employees; 21.5 % vs 20.5 % employer share.
    ve = salary_components("public_employee", D("2.34"))
    assert ve["monthly_salary"] == 5_475_600
    assert ve["employer_contrib"] == vnd(D("0.215") * 5_475_600)
    assert salary_components("cadre", D("2.34"))["employer_contrib"] == vnd(D("0.205") * 5_475_600)
    # Insurance base capped at 20 × base salary (an artificial 18 + 3 to exceed it).
    top = salary_components("civil_servant", D("18"), D("3"))
    assert top["employer_contrib"] == vnd(D("0.205") * 20 * 2_340_000)

    # The tool gives the same figures for the same people read from a workbook.
    assert _pay_of(law_staff, "Nguyễn Văn Cường")["salary"] == 5_475_600
    assert _pay_of(law_staff, "Trần Văn Chiến")["monthly_salary"] == 15_356_250
    assert _pay_of(law_staff, "Lê Văn Mạnh")["monthly_salary"] == 10_705_500
    # 6.20 × 2,530,000 once the 2026 base salary is in force.
    assert _pay_of(law_staff, "Vũ Văn Sâm", dt.date(2026, 7, 1))["salary"] == 15_686_000
    types = {"CC": "civil_servant", "CB": "cadre", "VC": "public_employee"}
    for name, _, _, kind, _, coef, lead in GOLDEN_PEOPLE:
        for day in (AS_OF, dt.date(2026, 7, 1)):
            comp = salary_components(types[kind], D(coef), D(lead or 0),
                                     base=base_salary_on(day))
            want = {k: comp[k] for k in ("salary", "monthly_salary", "employer_contrib")}
            assert _pay_of(law_staff, name, day) == want, (name, day)


def _product_retirement(law_staff, name: str) -> tuple[str, dt.date]:
    row = law_staff[AS_OF].get(name)
    assert row is not None, f"{name} is not in the product's staff table"
    month = row["retirement_month"]
    return (None if month is None else month.strftime("%Y-%m")), row["pension_start"]


@pytest.mark.parametrize("i", range(len(RETIREMENT_ROWS)),
                         ids=[f"{s}-{y}-{m:02d}" for s, y, m, *_ in RETIREMENT_ROWS])
def test_independent_retirement_reproduces_decree_135_rows(i, law_staff):
    sex, year, month, age, pension = RETIREMENT_ROWS[i]
    rmonth, start, age_months = retirement(sex, year, month)
    assert divmod(age_months, 12) == age
    if pension is not None:
        assert (start.year, start.month, start.day) == (*pension, 1)
    ry, rm = map(int, rmonth.split("-"))
    # Retirement month = birth month + age; pension starts the first day of the next month.
    assert ry * 12 + rm - 1 == year * 12 + month - 1 + age_months
    assert start == (dt.date(ry + 1, 1, 1) if rm == 12 else dt.date(ry, rm + 1, 1))
    # The tool, for a person born on the 15th of that month.
    assert _product_retirement(law_staff, _law_name(i, sex)) == (rmonth, start)


def test_independent_retirement_age_schedule(law_staff):
    # Men: 60 y 3 m in 2021, +3 months a year, 62 y from 2028.
    assert [retirement_age_months("M", y) for y in range(2020, 2030)] == [
        720, 723, 726, 729, 732, 735, 738, 741, 744, 744,
    ]
    # Women: 55 y 4 m in 2021, +4 months a year, 60 y from 2035.
    assert retirement_age_months("F", 2020) == 660
    assert retirement_age_months("F", 2021) == 664
    assert retirement_age_months("F", 2034) == 716
    assert retirement_age_months("F", 2035) == 720
    assert retirement_age_months("F", 2040) == 720
    # Only the birth year known → January.
    assert retirement("M", 1966) == retirement("M", 1966, 1)

    # The tool follows the same schedule for people born in January 1960–1968 (men) and
    # 1965–1980 (women), and takes January for a birth year alone.
    diffs = []
    for i, (sex, year) in enumerate(SCHEDULE_ROWS, start=len(RETIREMENT_ROWS)):
        rmonth, start, _ = retirement(sex, year, 1)
        got = _product_retirement(law_staff, _law_name(i, sex))
        if got != (rmonth, start):
            diffs.append(f"{sex} born 01/{year}: expected {(rmonth, start)}, got {got}")
    rmonth, start, _ = retirement("M", 1966)
    if _product_retirement(law_staff, "Ngô Văn Năm") != (rmonth, start):
        diffs.append(f"M born 1966: expected {(rmonth, start)}, "
                     f"got {_product_retirement(law_staff, 'Ngô Văn Năm')}")
    assert law_staff[AS_OF]["Ngô Văn Năm"]["birth_precision"] == "year"
    assert not diffs, "\n".join(diffs)


def test_expected_targets_are_what_the_workbook_was_designed_for(analyzed):
    """Pins my own expectations, so a change to the data above is deliberate — and the
    tool's targets table agrees with them."""
    staff = expected_staff()
    assert 25 <= len(staff) <= 40
    got = {u: (t["baseline"], t["target"], t["retiring_by_horizon"], t["gap"])
           for u, t in expected_targets(staff).items()}
    designed = {
        U_LEAD: (3, 1, 2, 0),
        # 26 in scope → one target of ⌈5.2⌉ = 6: whole parts 0+1+1+1+1 = 4, the two largest
        # remainders (3 × 0.2 = 0.6, 7 × 0.2 = 1.4) get one more; the office's 1.2 stays 1.
        U_OFFICE: (6, 1, 1, 0),
        U_ECON: (7, 2, 2, 0),
        U_CULT: (5, 1, 0, 1),
        U_SCHOOL: (5, 1, 2, 0),
        U_MARKET: (0, 0, 0, 0),
    }
    assert got == designed
    product = {r["unit"]: (r["baseline"], r["target"], r["retiring_by_horizon"], r["gap"])
               for r in _read(analyzed, "targets").to_dicts()}
    # A unit with nobody in scope may have no targets row.
    assert product == {u: t for u, t in designed.items() if t[0] or u in product}
    summary = _read(analyzed, "summary").row(0, named=True)
    assert (summary["in_scope"], summary["target_total"]) == (26, 6)


# ----------------------------------------------------------------------------------------
# Part 3: the tool against the independent expectations.
# ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory):
    """`streamline analyze` run in-process on the commune's workbook, tables as Parquet."""
    from streamline.cli import main

    work = tmp_path_factory.mktemp("independent")
    xlsx = work / "ubnd_xa_tan_hoa.xlsx"
    rows = build_workbook(xlsx)
    tables_dir = work / "tables"
    run = CliRunner().invoke(main, [
        "analyze", str(xlsx), "--as-of", AS_OF.isoformat(), "--horizon", HORIZON.isoformat(),
        "--target", str(TARGET_RATE), "--tables", str(tables_dir), "--out", str(work / "out"),
    ])
    assert run.exit_code == 0, f"analyze exited {run.exit_code}\n{run.output[-4000:]}"
    return {"xlsx": xlsx, "rows": rows, "tables": tables_dir}


def _read(analyzed, name: str):
    import polars as pl

    path = analyzed["tables"] / f"{name}.parquet"
    have = sorted(p.name for p in path.parent.iterdir()) if path.parent.is_dir() else []
    assert path.exists(), f"{path.name} not written; have {have}"
    return pl.read_parquet(path)


def _norm_value(field: str, v):
    """Representation only: dates may come back as date, datetime or ISO text."""
    if field in ("birth_date", "pension_start"):
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, str):
            return dt.date.fromisoformat(v[:10])
    if field == "retirement_month" and isinstance(v, dt.date):
        return v.strftime("%Y-%m")  # the month as a date (its first day) in the tables
    if field == "full_name" and isinstance(v, str):
        return unicodedata.normalize("NFC", v)
    return v


STAFF_FIELDS = [
    "full_name", "unit", "sex", "birth_date", "coef", "lead_coef", "staff_type",
    "grade_code", "monthly_salary", "employer_contrib", "retirement_month",
    "pension_start", "in_scope",
]


def _format_diffs(diffs: list[tuple]) -> str:
    return "\n".join(f"  {who}: {field}: expected {exp!r}, got {got!r}"
                     for who, field, exp, got in diffs)


def test_staff_table_matches_every_person(analyzed):
    import polars as pl

    staff = _read(analyzed, "staff")
    missing_cols = [c for c in STAFF_FIELDS + ["source_row"] if c not in staff.columns]
    assert not missing_cols, f"staff table lacks columns {missing_cols}; has {staff.columns}"

    # Types of the contract: money in whole VND (integers), coefficients as decimals.
    for col in ("monthly_salary", "employer_contrib"):
        assert staff.schema[col].is_integer(), f"{col} is {staff.schema[col]}, not an integer"
    for col in ("coef", "lead_coef"):
        assert isinstance(staff.schema[col], pl.Decimal), f"{col} is {staff.schema[col]}"

    expected = expected_staff()
    got_rows = staff.to_dicts()
    got_names = [_norm_value("full_name", r["full_name"]) for r in got_rows]
    extra = sorted(set(got_names) - set(expected))
    absent = sorted(set(expected) - set(got_names))
    dupes = sorted({n for n in got_names if got_names.count(n) > 1})
    assert not (extra or absent or dupes), (
        f"people: expected {len(expected)}, got {staff.height}; "
        f"not in my list: {extra}; missing: {absent}; duplicated: {dupes}"
    )
    assert staff.height == len(PEOPLE) == 33

    diffs = []
    for r in got_rows:
        name = _norm_value("full_name", r["full_name"])
        exp = expected[name]
        for f in STAFF_FIELDS:
            got = _norm_value(f, r[f])
            want = exp[f]
            if f == "lead_coef" and got is None:
                got = Decimal(0)  # no leadership allowance may be stored as null
            if got != want:
                diffs.append((name, f, want, got))
    assert not diffs, f"{len(diffs)} differing field(s):\n{_format_diffs(diffs)}"


def test_source_rows_are_real_excel_rows(analyzed):
    staff = _read(analyzed, "staff")
    rows = analyzed["rows"]
    got = {_norm_value("full_name", r["full_name"]): r["source_row"] for r in staff.to_dicts()}
    for name in ("Lê Văn Dũng", "Mai Thị Thảo", "Quách Văn Lợi"):
        assert got.get(name) == rows[name], (
            f"{name}: source_row expected {rows[name]} (1-based Excel row), got {got.get(name)}"
        )


def test_targets_per_unit(analyzed):
    targets = _read(analyzed, "targets")
    cols = ["unit", "baseline", "target", "target_rounded_up", "retiring_by_horizon", "gap"]
    assert all(c in targets.columns for c in cols), targets.columns
    expected = expected_targets(expected_staff())
    got = {r["unit"]: {c: r[c] for c in cols} for r in targets.to_dicts()}
    diffs = []
    for unit, exp in expected.items():
        if unit not in got:
            # A unit with nobody in scope may be left out, but only then.
            if exp["baseline"] != 0:
                diffs.append((unit, "row", exp, None))
            continue
        for c in cols[1:]:
            if got[unit][c] != exp[c]:
                diffs.append((unit, c, exp[c], got[unit][c]))
    for unit in sorted(set(got) - set(expected), key=str):
        diffs.append((unit, "row", None, got[unit]))
    assert not diffs, f"targets differ:\n{_format_diffs(diffs)}"


def test_fund_per_unit_and_staff_type(analyzed):
    fund = _read(analyzed, "fund")
    cols = ["unit", "staff_type", "headcount", "monthly_fund", "yearly_fund", "employer_contrib"]
    assert all(c in fund.columns for c in cols), fund.columns
    for col in ("monthly_fund", "yearly_fund", "employer_contrib"):
        assert fund.schema[col].is_integer(), f"{col} is {fund.schema[col]}, not an integer"
    expected = expected_fund(expected_staff())
    got = {(r["unit"], r["staff_type"]): {c: r[c] for c in cols} for r in fund.to_dicts()}
    diffs = []
    for key, exp in sorted(expected.items()):
        if key not in got:
            diffs.append((key, "row", exp, None))
            continue
        for c in cols[2:]:
            if got[key][c] != exp[c]:
                diffs.append((key, c, exp[c], got[key][c]))
    for key in sorted(set(got) - set(expected), key=str):
        diffs.append((key, "row", None, got[key]))
    assert not diffs, f"fund differs:\n{_format_diffs(diffs)}"
