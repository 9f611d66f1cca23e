"""Generate the sample staffing workbooks (see samples/README.md).

    python samples/make_samples.py [OUTDIR]                 # the three samples, default samples/
    python samples/make_samples.py --large N --out PATH     # an N-person benchmark workbook

Output is deterministic: fixed seeds and fixed document properties make reruns
byte-identical. Uses only xlsxwriter and the standard library. All people are fictitious.
"""

import argparse
import copy
import csv
import random
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

AS_OF = date(2025, 3, 1)
HORIZON = date(2030, 12, 31)  # streamline's default target horizon
PROPERTIES = {
    "created": datetime(2025, 1, 1),
    "author": "streamline samples",
    "comments": "Fictitious data",
}

# Salary type → (first coefficient, increment, steps, years between steps). NV = Table 4.
SCALES = {
    "A3.1": (6.20, 0.36, 6, 3),
    "A2.1": (4.40, 0.34, 8, 3),
    "A1": (2.34, 0.33, 9, 3),
    "A0": (2.10, 0.31, 10, 3),
    "B": (1.86, 0.20, 12, 2),
    "C2": (1.50, 0.18, 12, 2),
    "NV": (2.05, 0.18, 12, 2),
}
# Typical age at which people start on each salary type.
ENTRY_AGE = {"A3.1": 48, "A2.1": 36, "A1": 24, "A0": 22, "B": 20, "C2": 20, "NV": 22}

GRADES = {
    "01.001": ("Chuyên viên cao cấp", "A3.1"),
    "01.002": ("Chuyên viên chính", "A2.1"),
    "01.003": ("Chuyên viên", "A1"),
    "01.004": ("Cán sự", "A0"),
    "01.005": ("Nhân viên", "B"),
    "01.011": ("Lái xe, nhân viên phục vụ", "NV"),
    "02.007": ("Văn thư viên", "A1"),
    "06.031": ("Kế toán viên", "A1"),
    "06.035": ("Thủ quỹ", "C2"),
    "V.08.01.01": ("Bác sĩ cao cấp (hạng I)", "A3.1"),
    "V.08.01.02": ("Bác sĩ chính (hạng II)", "A2.1"),
    "V.08.01.03": ("Bác sĩ (hạng III)", "A1"),
    "V.08.05.11": ("Điều dưỡng hạng II", "A2.1"),
    "V.08.05.12": ("Điều dưỡng hạng III", "A1"),
    "V.08.05.13": ("Điều dưỡng hạng IV", "B"),
    "V.08.08.21": ("Dược sĩ chính (hạng II)", "A2.1"),
    "V.08.08.22": ("Dược sĩ (hạng III)", "A1"),
}

RATING_WORDS = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
RATING_SCORES = {"HTXSNV": (90, 98), "HTTNV": (70, 89), "HTNV": (52, 69), "KHTNV": (30, 49)}

LDQL = "Lãnh đạo, quản lý"
CMCN = "Chuyên môn, nghiệp vụ chuyên ngành"
CMDC = "Chuyên môn, nghiệp vụ dùng chung"
HTPV = "Hỗ trợ, phục vụ"

SURNAMES = (
    "Nguyễn Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Hoàng Phan Vũ Đặng Bùi Đỗ Hồ Ngô Dương "
    "Lý Thái Cao Đinh Võ Chu"
).split()
MIDDLE = {
    True: "Văn Văn Văn Đức Hữu Minh Quang Xuân Công Đình Thanh Ngọc Trọng Bá Duy".split(),
    False: "Thị Thị Thị Thị Thu Ngọc Thanh Hồng Phương Thùy Kim Mai Bảo Diệu".split(),
}
GIVEN = {
    True: (
        "Hùng Dũng Tuấn Nam Hải Sơn Long Thắng Cường Bình Quân Đạt Hiếu Trung Vinh Phúc Khánh "
        "Lâm Toàn Hoàng Tú Kiên Tâm Đông Thành Hòa Lộc Nghĩa Quyết Tiến"
    ).split(),
    False: (
        "Hoa Lan Hương Mai Linh Trang Hằng Nga Thảo Yến Huyền Phương Hà Ngân Oanh Nhung Hạnh "
        "Loan Vân Dung Quỳnh Giang Châu Nhàn Thủy Liên Hiền Trinh"
    ).split(),
}


@dataclass(frozen=True)
class Role:
    """A kind of job holder: how to draw age, sex, grade and leadership allowance."""

    grades: tuple[str, ...]  # candidate codes, most senior first; "" = no code
    ages: tuple[int, int]
    female: float
    title: str = ""
    lead: float | None = None
    staff_type: str | None = None  # None: the unit's default
    grade_name: str | None = None  # overrides the code's name (contract staff)


@dataclass
class Person:
    name: str
    male: bool
    birth: date
    unit: str
    position: str
    title: str
    staff_type: str
    grade_code: str
    grade_name: str
    step: int
    coef: float
    coef_date: date
    lead: float | None
    tnvk: int | None
    ratings: list[str | None]  # 2022, 2023, 2024
    note: str = ""
    pref: int | None = None  # preferential allowance by profession, %
    look: dict[str, object] = field(default_factory=dict)  # how the cells are typed
    # Streamlining columns (law.md §3), drawn after the people from a separate generator.
    join: date | None = None  # recruitment date
    si_years: float | None = None  # compulsory social-insurance years, to 0.5
    surplus: bool = False
    training_met: bool = True
    sick_days: int | None = None
    volunteer: bool = False
    child: bool = False  # raising a child under 36 months
    discipline: bool = False


@dataclass
class Post:
    """A job position and the people holding it; category None = not in the VTVL sheet."""

    position: str
    category: str | None
    code: str | None
    quota: int | None
    holders: tuple[tuple, ...]  # (role key, count) or (role key, count, extras)


@dataclass
class Section:
    label: str  # "II. VĂN PHÒNG SỞ"; the unit is the text after the numbering
    people: list[Person | None]  # None = an empty row
    children: list["Section"] = field(default_factory=list)


def post(position, category, code, quota, *holders) -> Post:
    return Post(position, category, code, quota, holders)


def unlisted(position, *holders) -> Post:
    return Post(position, None, None, None, holders)


# --------------------------------------------------------------------------- people


def months_before(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, 1)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def scale_of(code: str) -> str:
    return GRADES[code][1] if code else "NV"


def random_birth(rng: random.Random, ages: tuple[int, int], male: bool) -> date:
    """A birth date in the age range, never past retirement age on AS_OF."""
    age = rng.randint(ages[0], min(ages[1], 61 if male else 56))
    birth = date(AS_OF.year - age, rng.randint(1, 12), rng.randint(1, 28))
    oldest = date(1964, 1, 1) if male else date(1968, 9, 1)
    if birth < oldest:
        birth = date(oldest.year, rng.randint(oldest.month, 12), birth.day)
    return birth


def random_name(rng: random.Random, male: bool, taken: set[str] | None) -> str:
    """A Vietnamese name, unique within `taken` when given."""
    while True:
        middle = rng.sample(sorted(set(MIDDLE[male])), 2 if rng.random() < 0.15 else 1)
        parts = (rng.choice(SURNAMES), *middle, rng.choice(GIVEN[male]))
        if len(set(parts)) < len(parts):
            continue
        name = " ".join(parts)
        if taken is None:
            return name
        if name not in taken:
            taken.add(name)
            return name


def pick_grade(rng: random.Random, grades: tuple[str, ...], age: int) -> str:
    for code in grades[:-1]:
        if age >= ENTRY_AGE[scale_of(code)] + 4 and rng.random() < 0.5:
            return code
    return grades[-1]


def salary(rng: random.Random, scale: str, age: int) -> tuple[int, float, date, int | None]:
    """Step, coefficient, date of the current step and seniority-beyond-frame %."""
    first, inc, steps, years = SCALES[scale]
    served = max(0, age - ENTRY_AGE[scale])
    step = max(1, min(steps, 1 + served // years - (rng.random() < 0.3)))
    coef = round(first + (step - 1) * inc, 2)
    if step < steps:
        return step, coef, months_before(AS_OF, rng.randint(1, years * 12 - 1)), None
    at_top = max(0, served - (steps - 1) * years)
    since = months_before(AS_OF, at_top * 12 + rng.randint(0, 11))
    tnvk = min(15, 5 + at_top - years) if at_top >= years else None
    return step, coef, since, tnvk


def random_ratings(rng: random.Random, age: int) -> list[str | None]:
    ratings: list[str | None] = rng.choices(("HTXSNV", "HTTNV", "HTNV"), (15, 62, 23), k=3)
    unrated = min(2, 27 - age)  # recruited recently: not rated in the early years
    if unrated > 0:
        ratings[:unrated] = [None] * unrated
    return ratings


def make_person(rng, role: Role, unit: str, position: str, default_type: str,
                taken: set[str] | None, extras: dict | None = None) -> Person:
    extras = extras or {}
    male = extras.get("male", rng.random() >= role.female)
    birth = extras.get("birth") or random_birth(rng, role.ages, male)
    age = age_on(birth, AS_OF)
    code = pick_grade(rng, role.grades, age)
    step, coef, coef_date, tnvk = salary(rng, scale_of(code), age)
    person = Person(
        name=random_name(rng, male, taken),
        male=male,
        birth=birth,
        unit=unit,
        position=position,
        title=role.title,
        staff_type=role.staff_type or default_type,
        grade_code=code,
        grade_name=role.grade_name or GRADES[code][0],
        step=step,
        coef=coef,
        coef_date=coef_date,
        lead=role.lead,
        tnvk=tnvk,
        ratings=random_ratings(rng, age),
    )
    for key, value in extras.items():
        setattr(person, key, copy.copy(value))
    return person


def staff_posts(rng, roles: dict[str, Role], unit: str, posts: list[Post], default_type: str,
                taken: set[str] | None) -> list[Person]:
    return [
        make_person(rng, roles[h[0]], unit, p.position, default_type, taken, *h[2:])
        for p in posts
        for h in p.holders
        for _ in range(h[1])
    ]


def retirement_month(p: Person) -> date:
    """First day of the month a person reaches retirement age (Decree 135/2020, normal
    conditions: men 60 years 3 months in 2021 rising 3 months a year to 62, women 55 years
    4 months rising 4 months a year to 60). Only used to pick the planted cases."""
    base, step, cap = (720, 3, 744) if p.male else (660, 4, 720)
    start = p.birth.year * 12 + p.birth.month - 1
    for k in range(base, cap + 1):
        y, m = divmod(start + k, 12)
        if k >= min(cap, base + step * max(0, y - 2020)):
            break
    return date(y, m + 1, 1)


def add_service(rng: random.Random, p: Person, text_dates: float, text_years: float) -> None:
    """Recruitment at age 23–28 (never before 23, never after AS_OF), compulsory SI years
    from then to AS_OF rounded to the nearest half year, and sick-leave days of a normal
    year. `text_dates` / `text_years`: shares written as text ("dd/mm/yyyy", "22,5")."""
    age = age_on(p.birth, AS_OF)
    join_age = rng.randint(23, max(23, min(28, age - 1)))
    join = date(p.birth.year + join_age, p.birth.month, p.birth.day)
    p.join = min(join + timedelta(days=rng.randint(0, 330)), AS_OF - timedelta(days=60))
    months = (AS_OF.year - p.join.year) * 12 + AS_OF.month - p.join.month
    p.si_years = max(0.5, round(months / 6) / 2)
    if rng.random() < text_dates:
        p.look["join"] = "dmy"
    if p.si_years % 1 and rng.random() < text_years:
        p.look["si"] = "text"
    p.sick_days = 0 if rng.random() < 0.6 else rng.randint(1, 14)


def random_streamlining(rng: random.Random, p: Person) -> None:
    """Streamlining columns at low random rates, for the large workbook."""
    add_service(rng, p, 0.05, 0.02)
    p.surplus = rng.random() < 0.01
    p.training_met = rng.random() >= 0.005
    if rng.random() < 0.002:
        p.sick_days = rng.randint(300, 340)
    p.volunteer = rng.random() < 0.005
    p.child = not p.male and age_on(p.birth, AS_OF) < 40 and rng.random() < 0.02
    p.discipline = rng.random() < 0.003


def vtvl_rows(unit: str, posts: list[Post]) -> list[tuple]:
    return [(unit, p.position, p.category, p.code, p.quota) for p in posts if p.category]


# --------------------------------------------------------------------------- cell values


def excel_serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


def birth_value(d: date, style: object):
    """The birth date as a date, or as the text / serial number named by `style`."""
    if style is None:
        return d
    if style == "serial":
        return excel_serial(d)
    return {
        "dmy": f"{d:%d/%m/%Y}",
        "d/m": f"{d.day}/{d.month}/{d.year}",
        "dash": f"{d:%d-%m-%Y}",
        "my": f"{d:%m/%Y}",
        "y": str(d.year),
    }[style]


def comma(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def name_value(p: Person) -> str:
    style = p.look.get("name")
    if style == "trail":
        return p.name + "  "
    return unicodedata.normalize("NFD", p.name) if style == "nfd" else p.name


def rating_values(p: Person) -> list[str | None]:
    words = p.look.get("words", ())
    return [RATING_WORDS[r] if i in words and r else r for i, r in enumerate(p.ratings)]


def random_look(rng: random.Random) -> dict[str, object]:
    """Occasional odd cell types, for the large workbook."""
    look: dict[str, object] = {}
    x = rng.random()
    if x < 0.06:  # 6 % of birth dates as text, one style per percent
        look["birth"] = ("dmy", "dmy", "dash", "d/m", "my", "y")[int(x * 100)]
    if rng.random() < 0.02:
        look["coef"] = "text"
    if rng.random() < 0.01:
        look["code"] = "number"
    if rng.random() < 0.02:
        look["words"] = (rng.randrange(3),)
    if rng.random() < 0.01:
        look["name"] = "trail"
    if rng.random() < 0.2:
        look["tnvk"] = rng.choice(("pct", "frac"))
    return look


# --------------------------------------------------------------------------- formats


def formats(wb) -> SimpleNamespace:
    def fmt(**kw):
        return wb.add_format({"font_name": "Times New Roman", "font_size": 11, **kw})

    cell = {"border": 1, "valign": "vcenter"}
    return SimpleNamespace(
        plain=fmt(),
        bold_center=fmt(bold=True, align="center"),
        center=fmt(align="center"),
        italic_center=fmt(italic=True, align="center"),
        title=fmt(bold=True, align="center", font_size=13),
        head=fmt(bold=True, align="center", text_wrap=True, **cell),
        number_row=fmt(italic=True, align="center", **cell),
        section=fmt(bold=True, **cell),
        text=fmt(**cell),
        int=fmt(align="center", **cell),
        coef=fmt(num_format="0.00", **cell),
        general=fmt(**cell),
        date=fmt(num_format="dd/mm/yyyy", align="center", **cell),
        sub=fmt(bold=True, **cell),
        sub_coef=fmt(bold=True, num_format="0.00", **cell),
    )


def put(ws, row: int, col: int, value, number_format, F) -> None:
    """Write one bordered cell, choosing the xlsxwriter call by the value's type."""
    if value is None:
        ws.write_blank(row, col, None, F.text)
    elif isinstance(value, str):
        ws.write_string(row, col, value, F.text)
    elif isinstance(value, date):
        ws.write_datetime(row, col, value, F.date)
    else:
        ws.write_number(row, col, value, number_format)


def new_workbook(path: Path, constant_memory: bool = False):
    options = {"constant_memory": True} if constant_memory else {"in_memory": True}
    wb = xlsxwriter.Workbook(str(path), options)
    wb.set_properties(PROPERTIES)
    return wb, formats(wb)


# --------------------------------------------------------------------------- department layout

NCOLS = 27
COEF_COL, LEAD_COL = 10, 12
INT_COLS, COEF_COLS = (0, 9, 22), (10, 12, 14)
HEAD_SINGLE = {0: "STT", 1: "Họ và tên", 4: "Chức vụ", 5: "Vị trí việc làm", 6: "Loại cán bộ",
               18: "Ngày tuyển dụng", 19: "Số năm đóng BHXH", 20: "Dôi dư",
               21: "Đạt chuẩn VTVL", 22: "Số ngày nghỉ ốm", 23: "Tự nguyện",
               24: "Nuôi con dưới 36 tháng", 25: "Đang bị kỷ luật", 26: "Ghi chú"}
HEAD_GROUPS = (
    (2, "Ngày, tháng, năm sinh", ("Nam", "Nữ")),
    (7, "Ngạch, chức danh nghề nghiệp", ("Tên ngạch", "Mã số")),
    (9, "Lương hiện hưởng", ("Bậc", "Hệ số", "Thời điểm hưởng")),
    (12, "Phụ cấp", ("Chức vụ", "Thâm niên vượt khung (%)", "Khu vực")),
    (15, "Xếp loại chất lượng", (2022, 2023, 2024)),
)
WIDTHS = (5, 24, 11, 11, 16, 30, 8, 18, 9, 5, 7, 11, 7, 10, 7, 8, 8, 8,
          11, 8, 6, 8, 7, 7, 9, 8, 16)


def streamlining_cells(p: Person) -> list:
    """Recruitment date, SI years, surplus, training, sick days, volunteer, child, discipline."""
    join = p.join
    if join is not None and p.look.get("join"):
        join = birth_value(join, p.look["join"])
    si = p.si_years
    if si is not None and p.look.get("si") == "text":
        si = f"{si:g}".replace(".", ",")

    def mark(flag: bool) -> str | None:
        return "x" if flag else None

    return [join, si, mark(p.surplus), "Có" if p.training_met else "Không", p.sick_days,
            mark(p.volunteer), mark(p.child), mark(p.discipline)]


def dept_cells(p: Person, stt: int) -> list:
    birth = birth_value(p.birth, p.look.get("birth"))
    code = float(p.grade_code) if p.look.get("code") == "number" else p.grade_code or None
    tnvk = p.tnvk
    if tnvk is not None and p.look.get("tnvk") == "pct":
        tnvk = f"{tnvk}%"
    elif tnvk is not None and p.look.get("tnvk") == "frac":
        tnvk = tnvk / 100
    position = p.position or None
    if position and p.look.get("position") == "nfd":
        position = unicodedata.normalize("NFD", position)
    return [
        stt, name_value(p), birth if p.male else None, None if p.male else birth,
        p.title or None, position, p.staff_type, p.grade_name or None, code, p.step,
        comma(p.coef) if p.look.get("coef") == "text" else p.coef, p.coef_date, p.lead, tnvk,
        None, *rating_values(p), *streamlining_cells(p), p.note or None,
    ]


class DeptSheet:
    """The staff sheet of a provincial department: banner, two-row merged header, column
    numbers, sections with subtotals, a grand total and a signature footer.

    Rows are written strictly top to bottom, so this works in constant_memory mode.
    """

    def __init__(self, wb, F, name: str, banner: tuple[str, str, str, str],
                 formulas: bool, wrong_subtotal: str | None = None):
        self.ws = wb.add_worksheet(name)
        self.F = F
        self.formulas = formulas
        self.wrong = wrong_subtotal
        self.num_fmt = [F.int if c in INT_COLS else F.coef if c in COEF_COLS else F.general
                        for c in range(NCOLS)]
        self.totals: list[tuple[str, str, float, float]] = []
        for c, width in enumerate(WIDTHS):
            self.ws.set_column(c, c, width)
        self.row = 0
        self._banner(*banner)
        self._header()
        self.ws.freeze_panes(self.row, 2)

    def _merge(self, c1: int, c2: int, text: str, fmt) -> None:
        self.ws.merge_range(self.row, c1, self.row, c2, text, fmt)

    def _banner(self, issuer: str, body: str, title: str, reference: str) -> None:
        F = self.F
        self._merge(0, 5, issuer, F.center)
        self._merge(7, NCOLS - 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", F.bold_center)
        self.row += 1
        self._merge(0, 5, body, F.bold_center)
        self._merge(7, NCOLS - 1, "Độc lập - Tự do - Hạnh phúc", F.bold_center)
        self.row += 2
        self._merge(0, NCOLS - 1, title, F.title)
        self.row += 1
        self._merge(0, NCOLS - 1, reference, F.italic_center)
        self.row += 2

    def _header(self) -> None:
        # Merges are declared first and without a format, so merge_range pads no blank
        # cells into the second row; both rows are then written in order.
        ws, r = self.ws, self.row
        top: list = [None] * NCOLS
        bottom: list = [None] * NCOLS
        for c, label in HEAD_SINGLE.items():
            ws.merge_range(r, c, r + 1, c, label)
            top[c] = label
        for c, label, subs in HEAD_GROUPS:
            ws.merge_range(r, c, r, c + len(subs) - 1, label)
            top[c] = label
            bottom[c : c + len(subs)] = subs
        for c in range(NCOLS):
            ws.write(r, c, top[c], self.F.head)
        for c in range(NCOLS):
            ws.write(r + 1, c, bottom[c], self.F.head)
        ws.set_row(r, 30)
        ws.set_row(r + 1, 45)
        for c in range(NCOLS):
            ws.write_string(r + 2, c, f"({c + 1})", self.F.number_row)
        self.row = r + 3

    def section(self, sec: Section, top_level: bool = True) -> tuple[str, str, float, float]:
        """Write a section, its people, its sub-sections and its subtotal row."""
        self._merge(0, NCOLS - 1, sec.label, self.F.section)
        self.row += 1
        first, stt = self.row, 0
        coef_sum = lead_sum = 0.0
        for p in sec.people:
            if p is not None:
                stt += 1
                for c, value in enumerate(dept_cells(p, stt)):
                    put(self.ws, self.row, c, value, self.num_fmt[c], self.F)
                coef_sum += p.coef
                lead_sum += p.lead or 0
            else:
                for c in range(NCOLS):
                    self.ws.write_blank(self.row, c, None, self.F.text)
            self.row += 1
        terms = [[], []]
        if self.row > first:
            for t, col in zip(terms, (COEF_COL, LEAD_COL), strict=True):
                a, b = xl_rowcol_to_cell(first, col), xl_rowcol_to_cell(self.row - 1, col)
                t.append(f"SUM({a}:{b})")
        for child in sec.children:
            coef_ref, lead_ref, c_sum, l_sum = self.section(child, top_level=False)
            terms[0].append(coef_ref)
            terms[1].append(lead_ref)
            coef_sum += c_sum
            lead_sum += l_sum
        label = f"Cộng ({sec.label.split('.', 1)[0]})" if sec.children else "Cộng"
        written = coef_sum + (1.0 if sec.label == self.wrong else 0.0)
        refs = self._total_row(label, terms, (written, lead_sum))
        result = (*refs, coef_sum, lead_sum)
        if top_level:
            self.totals.append(result)
        return result

    def _total_row(self, label: str, terms, values) -> tuple[str, str]:
        F = self.F
        self._merge(0, 1, label, F.sub)
        for c in range(2, NCOLS):
            if c not in (COEF_COL, LEAD_COL):
                self.ws.write_blank(self.row, c, None, F.sub)
        for col, t, value in zip((COEF_COL, LEAD_COL), terms, values, strict=True):
            value = round(value, 2)
            if self.formulas:
                self.ws.write_formula(self.row, col, "=" + "+".join(t), F.sub_coef, value)
            else:
                self.ws.write_number(self.row, col, value, F.sub_coef)
        refs = (xl_rowcol_to_cell(self.row, COEF_COL), xl_rowcol_to_cell(self.row, LEAD_COL))
        self.row += 1
        return refs

    def finish(self, place: str, preparer: str, head: str) -> None:
        """Grand total over the top-level subtotals, then the signature footer."""
        coef_refs, lead_refs, coef_sums, lead_sums = zip(*self.totals, strict=True)
        self._total_row("Tổng cộng", (coef_refs, lead_refs), (sum(coef_sums), sum(lead_sums)))
        F = self.F
        self.row += 1
        self._merge(12, NCOLS - 1, f"{place}, ngày 10 tháng 3 năm 2025", F.italic_center)
        self.row += 1
        self._merge(1, 4, "Người lập biểu", F.bold_center)
        self._merge(12, NCOLS - 1, "Thủ trưởng đơn vị (Ký tên, đóng dấu)", F.bold_center)
        self.row += 4
        self._merge(1, 4, preparer, F.bold_center)
        self._merge(12, NCOLS - 1, head, F.bold_center)


def positions_sheet(wb, F, name: str, banner: tuple[str, ...], headers: tuple[str, ...],
                    rows: list[tuple]) -> None:
    ws = wb.add_worksheet(name)
    for c, width in enumerate((5, 40, 42, 34, 14, 12)):
        ws.set_column(c, c, width)
    for r, text in enumerate(banner):
        ws.merge_range(r, 0, r, len(headers) - 1, text, F.title if r else F.bold_center)
    r = len(banner) + 1
    for c, label in enumerate(headers):
        ws.write_string(r, c, label, F.head)
    for i, values in enumerate(rows, 1):
        for c, value in enumerate((i, *values)):
            put(ws, r + i, c, value, F.int, F)


# --------------------------------------------------------------------------- so_noi_vu.xlsx

SNV_ROLES = {
    "gd": Role(("01.001",), (51, 57), 0.0, "Giám đốc", 0.90),
    "pgd": Role(("01.001", "01.002"), (45, 58), 0.34, "Phó Giám đốc", 0.70),
    "cvp": Role(("01.002",), (42, 56), 0.3, "Chánh Văn phòng", 0.50),
    "pcvp": Role(("01.002", "01.003"), (36, 54), 0.5, "Phó Chánh Văn phòng", 0.30),
    "tp": Role(("01.002",), (40, 57), 0.3, "Trưởng phòng", 0.50),
    "ptp": Role(("01.002", "01.003"), (35, 55), 0.45, "Phó Trưởng phòng", 0.30),
    "ctt": Role(("01.002",), (44, 57), 0.2, "Chánh Thanh tra", 0.50),
    "pctt": Role(("01.002", "01.003"), (38, 55), 0.4, "Phó Chánh Thanh tra", 0.30),
    "tb": Role(("01.002",), (46, 57), 0.3, "Trưởng Ban", 0.70),
    "ptb": Role(("01.002",), (42, 56), 0.4, "Phó Trưởng Ban", 0.50),
    "tp_cc": Role(("01.002",), (40, 56), 0.4, "Trưởng phòng", 0.30),
    "ptp_cc": Role(("01.002", "01.003"), (34, 52), 0.5, "Phó Trưởng phòng", 0.20),
    "cvp_cc": Role(("01.002",), (40, 56), 0.5, "Chánh Văn phòng", 0.30),
    "gdtt": Role(("01.002",), (42, 56), 0.3, "Giám đốc", 0.50),
    "pgdtt": Role(("01.002", "01.003"), (36, 55), 0.5, "Phó Giám đốc", 0.30),
    "cvc": Role(("01.002",), (39, 60), 0.4),
    "cv": Role(("01.003",), (25, 60), 0.5),
    "cs": Role(("01.004",), (25, 50), 0.5),
    "kt": Role(("06.031",), (26, 56), 0.7),
    "tq": Role(("06.035",), (30, 55), 0.9),
    "vt": Role(("02.007",), (25, 55), 0.7),
    "nv": Role(("01.005",), (25, 55), 0.5),
    "lx": Role(("01.011",), (28, 58), 0.0, staff_type="HĐ111", grade_name="Lái xe"),
    "lx68": Role(("",), (45, 60), 0.0, staff_type="HĐ68", grade_name="Lái xe"),
    "bv": Role(("01.011",), (30, 58), 0.0, staff_type="HĐ111", grade_name="Bảo vệ"),
    "bv68": Role(("",), (40, 60), 0.0, staff_type="HĐ68", grade_name="Bảo vệ"),
    "pv": Role(("",), (30, 52), 0.9, staff_type="HĐ111", grade_name="Phục vụ"),
    "pv68": Role(("01.011",), (40, 55), 1.0, staff_type="HĐ68", grade_name="Phục vụ"),
}

PAST_RETIREMENT = {"male": True, "birth": date(1962, 8, 15)}
OFF_SCALE = {"male": False, "birth": date(1981, 6, 14), "step": 7, "coef": 4.50, "tnvk": None}
ROTATED_CB = {"staff_type": "CB", "note": "Luân chuyển từ cấp xã"}
KHTNV_2024 = {"ratings": ["HTTNV", "HTNV", "KHTNV"]}
KHTNV_2023 = {"ratings": ["HTNV", "KHTNV", "HTNV"]}
NEW_ARRIVAL = {"note": "Mới tiếp nhận tháng 01/2025"}

# (section label, unit name, default staff type, posts, index of an empty row, sub-sections)
SNV_UNITS = (
    ("I. LÃNH ĐẠO SỞ", "LÃNH ĐẠO SỞ", "CC", [
        post("Giám đốc Sở", LDQL, "01.001", 1, ("gd", 1)),
        post("Phó Giám đốc Sở", LDQL, "01.002", 3, ("pgd", 3)),
    ], None, ()),
    ("II. VĂN PHÒNG SỞ", "VĂN PHÒNG SỞ", "CC", [
        post("Chánh Văn phòng", LDQL, "01.002", 1, ("cvp", 1)),
        post("Phó Chánh Văn phòng", LDQL, "01.002", 2, ("pcvp", 2)),
        post("Chuyên viên tổng hợp", CMDC, "01.003", 4, ("cvc", 1), ("cv", 5)),
        post("Chuyên viên hành chính - quản trị", CMDC, "01.003", 3,
             ("cv", 2), ("cv", 1, PAST_RETIREMENT)),
        post("Chuyên viên pháp chế", CMDC, "01.003", 2, ("cv", 2)),
        post("Chuyên viên công nghệ thông tin", CMDC, "01.003", 2, ("cv", 1)),
        post("Kế toán viên", CMDC, "06.031", 2, ("kt", 2)),
        post("Thủ quỹ", CMDC, "06.035", 1, ("tq", 1)),
        post("Văn thư viên", CMDC, "02.007", 2, ("vt", 2)),
        post("Nhân viên hành chính", HTPV, "01.005", 1, ("nv", 1)),
        post("Lái xe", HTPV, None, 4, ("lx", 3), ("lx68", 1)),
        post("Bảo vệ", HTPV, None, 2, ("bv", 1), ("bv68", 1)),
        post("Phục vụ", HTPV, None, 2, ("pv", 1), ("pv68", 1)),
        unlisted("", ("cv", 1, NEW_ARRIVAL)),
    ], None, ()),
    ("III. PHÒNG TỔ CHỨC, BIÊN CHẾ VÀ TỔ CHỨC PHI CHÍNH PHỦ",
     "PHÒNG TỔ CHỨC, BIÊN CHẾ VÀ TỔ CHỨC PHI CHÍNH PHỦ", "CC", [
        post("Trưởng phòng", LDQL, "01.002", 1, ("tp", 1)),
        post("Phó Trưởng phòng", LDQL, "01.002", 2, ("ptp", 2)),
        post("Chuyên viên chính về tổ chức bộ máy", CMCN, "01.002", 3, ("cvc", 3)),
        post("Chuyên viên về tổ chức bộ máy", CMCN, "01.003", 6, ("cv", 6), ("cv", 1, ROTATED_CB)),
        post("Chuyên viên về quản lý biên chế", CMCN, "01.003", 6, ("cv", 4), ("cs", 1)),
        post("Chuyên viên về tổ chức phi chính phủ", CMCN, "01.003", None, ("cv", 4)),
    ], None, ()),
    ("IV. PHÒNG CÔNG CHỨC, VIÊN CHỨC", "PHÒNG CÔNG CHỨC, VIÊN CHỨC", "CC", [
        post("Trưởng phòng", LDQL, "01.002", 1, ("tp", 1)),
        post("Phó Trưởng phòng", LDQL, "01.002", 3, ("ptp", 3)),
        post("Chuyên viên chính về quản lý công chức", CMCN, "01.002", 4, ("cvc", 4)),
        post("Chuyên viên về quản lý công chức", CMCN, "01.003", 6,
             ("cv", 7), ("cv", 1, ROTATED_CB)),
        post("Chuyên viên về quản lý viên chức", CMCN, "01.003", 6,
             ("cv", 4), ("cv", 1, KHTNV_2024)),
        post("Chuyên viên về đào tạo, bồi dưỡng", CMCN, "01.003", 3, ("cv", 3)),
        unlisted("", ("cv", 1)),
    ], 10, ()),
    ("V. THANH TRA SỞ", "THANH TRA SỞ", "CC", [
        post("Chánh Thanh tra", LDQL, "01.002", 1, ("ctt", 1)),
        post("Phó Chánh Thanh tra", LDQL, "01.002", 2, ("pctt", 2)),
        post("Thanh tra viên chính", CMCN, "01.002", 4, ("cvc", 4)),
        post("Thanh tra viên", CMCN, "01.003", 8,
             ("cv", 6), ("cv", 1, OFF_SCALE), ("cv", 1, KHTNV_2023)),
        unlisted("Chuyên viên pháp chế", ("cv", 1, {"note": "Biệt phái từ Văn phòng Sở"})),
    ], None, ()),
    ("VI. BAN THI ĐUA - KHEN THƯỞNG", "BAN THI ĐUA - KHEN THƯỞNG", "CC", [
        post("Trưởng Ban", LDQL, "01.002", 1, ("tb", 1)),
        post("Phó Trưởng Ban", LDQL, "01.002", 2, ("ptb", 2)),
    ], None, (
        ("1. Phòng Nghiệp vụ Thi đua", "Phòng Nghiệp vụ Thi đua", "CC", [
            post("Trưởng phòng", LDQL, "01.002", 1, ("tp_cc", 1)),
            post("Phó Trưởng phòng", LDQL, "01.003", 1, ("ptp_cc", 1)),
            post("Chuyên viên chính về thi đua, khen thưởng", CMCN, "01.002", 2, ("cvc", 2)),
            post("Chuyên viên về thi đua, khen thưởng", CMCN, "01.003", 8,
                 ("cv", 7), ("cv", 1, ROTATED_CB)),
        ], None, ()),
        ("2. Văn phòng Ban", "Văn phòng Ban", "CC", [
            post("Chánh Văn phòng", LDQL, "01.002", 1, ("cvp_cc", 1)),
            post("Chuyên viên tổng hợp", CMDC, "01.003", 3, ("cv", 4)),
            post("Kế toán viên", CMDC, "06.031", 1, ("kt", 1)),
            post("Văn thư viên", CMDC, "02.007", 1, ("vt", 1)),
            post("Lái xe", HTPV, None, 1, ("lx", 1)),
        ], None, ()),
    )),
    ("VII. TRUNG TÂM DỊCH VỤ VIỆC LÀM", "TRUNG TÂM DỊCH VỤ VIỆC LÀM", "VC", [
        post("Giám đốc Trung tâm", LDQL, "01.002", 1, ("gdtt", 1)),
        post("Phó Giám đốc Trung tâm", LDQL, "01.002", 2, ("pgdtt", 2)),
        post("Chuyên viên chính tư vấn việc làm", CMCN, "01.002", 2, ("cvc", 2)),
        post("Tư vấn viên việc làm", CMCN, "01.003", 12,
             ("cv", 12), ("cv", 1, {"look": {"position": "nfd"}})),
        post("Chuyên viên thông tin thị trường lao động", CMCN, "01.003", 6, ("cv", 5)),
        post("Kế toán viên", CMDC, "06.031", 2, ("kt", 2)),
        post("Chuyên viên hành chính tổng hợp", CMDC, "01.003", 3, ("cv", 3)),
        post("Văn thư viên", CMDC, "02.007", 1, ("vt", 1)),
        unlisted("", ("cv", 1)),
    ], None, ()),
)

SNV_UNIT_SHEET = (  # unit → (parent, kind, funding)
    ("LÃNH ĐẠO SỞ", None, None, "Ngân sách nhà nước"),
    ("VĂN PHÒNG SỞ", None, "Phòng thuộc sở", "Ngân sách nhà nước"),
    ("PHÒNG TỔ CHỨC, BIÊN CHẾ VÀ TỔ CHỨC PHI CHÍNH PHỦ", None, "Phòng thuộc sở",
     "Ngân sách nhà nước"),
    ("PHÒNG CÔNG CHỨC, VIÊN CHỨC", None, "Phòng thuộc sở", "Ngân sách nhà nước"),
    ("THANH TRA SỞ", None, "Phòng thuộc sở", "Ngân sách nhà nước"),
    ("BAN THI ĐUA - KHEN THƯỞNG", None, "Chi cục", "Ngân sách nhà nước"),
    ("Phòng Nghiệp vụ Thi đua", "BAN THI ĐUA - KHEN THƯỞNG", "Phòng thuộc chi cục",
     "Ngân sách nhà nước"),
    ("Văn phòng Ban", "BAN THI ĐUA - KHEN THƯỞNG", "Phòng thuộc chi cục", "Ngân sách nhà nước"),
    ("TRUNG TÂM DỊCH VỤ VIỆC LÀM", None, "Đơn vị sự nghiệp", "Tự chủ"),
)

GUIDE = (
    "HƯỚNG DẪN LẬP DANH SÁCH",
    "1. Mỗi người ghi một dòng, dưới đúng mục đơn vị (I, II, III…); cuối mỗi mục có dòng Cộng.",
    "2. Ngày sinh ghi vào cột Nam hoặc cột Nữ theo giới tính, định dạng ngày/tháng/năm.",
    "3. Hệ số lương và phụ cấp ghi hai chữ số thập phân.",
    "4. Loại cán bộ: CB, CC, VC, HĐ111 (Nghị định 111/2022), HĐ68 (Nghị định 68/2000).",
    "5. Xếp loại chất lượng ghi tắt: HTXSNV, HTTNV, HTNV, KHTNV.",
    "6. Vị trí việc làm ghi đúng tên trong sheet VTVL; không đổi tên các sheet.",
    "7. Số năm đóng BHXH làm tròn đến 0,5 năm; Đạt chuẩn VTVL ghi Có/Không; các cột Dôi dư, "
    "Tự nguyện, Nuôi con dưới 36 tháng, Đang bị kỷ luật đánh dấu x.",
)


def build_sections(rng, spec, taken, vtvl: list[tuple]) -> Section:
    label, unit, default_type, posts, blank_at, children = spec
    people: list[Person | None] = staff_posts(rng, SNV_ROLES, unit, posts, default_type, taken)
    if blank_at is not None:
        people.insert(blank_at, None)
    vtvl.extend(vtvl_rows(unit, posts))
    kids = [build_sections(rng, child, taken, vtvl) for child in children]
    return Section(label, people, kids)


def all_people(sections: list[Section]) -> list[Person]:
    out: list[Person] = []
    for s in sections:
        out += [p for p in s.people if p is not None] + all_people(s.children)
    return out


def assign_snv_looks(rng: random.Random, people: list[Person]) -> None:
    """Give a few ordinary people the odd cell types of workbooks.md."""
    ordinary = [p for p in people if p.position and not p.note and p.birth.year >= 1970
                and p.coef != 4.50
                and p.ratings[0] and "KHTNV" not in p.ratings and not p.look]
    for p, style in zip([p for p in ordinary if p.tnvk][:3], ("pct", "pct", "frac"), strict=True):
        p.look["tnvk"] = style
    pool = [p for p in ordinary if not p.look]
    rng.shuffle(pool)
    short_day = [p for p in pool if p.birth.day < 10]
    for style in ("d/m",) * 3:
        short_day.pop().look["birth"] = style
    pool = [p for p in pool if not p.look]
    for style in ("dmy",) * 6 + ("dash",) * 3 + ("my",) * 2 + ("y",):
        pool.pop().look["birth"] = style
    for _ in range(8):
        pool.pop().look["coef"] = "text"
    for code in ("01.002", "01.003"):
        for p in [p for p in pool if p.grade_code == code][:2]:
            p.look["code"] = "number"
            pool.remove(p)
    for _ in range(5):
        pool.pop().look["words"] = (rng.randrange(3),)
    for style in ("trail", "trail", "nfd", "nfd"):
        pool.pop().look["name"] = style


# (flag, unit) of the planted streamlining cases besides the surplus people and the
# volunteer near retirement (see assign_snv_streamlining).
SNV_CASES = (
    ("training", "VĂN PHÒNG SỞ"),
    ("training", "Phòng Nghiệp vụ Thi đua"),
    ("sick", "Văn phòng Ban"),
    ("volunteer", "Phòng Nghiệp vụ Thi đua"),
    ("child", "PHÒNG CÔNG CHỨC, VIÊN CHỨC"),
    ("discipline", "PHÒNG TỔ CHỨC, BIÊN CHẾ VÀ TỔ CHỨC PHI CHÍNH PHỦ"),
)


def assign_snv_streamlining(rng: random.Random, people: list[Person], vtvl: list[tuple]) -> None:
    """Recruitment dates and SI years for everyone, then the planted streamlining cases:
    surplus = the excess of each over-quota position in a state-funded unit; 2 not meeting
    the training standard; 320 sick days; 2 volunteers (one with 2–5 years to retirement);
    a young woman raising a child under 36 months; one person under discipline. Cases are
    ordinary in-scope staff (no note, no other planted fact) who are not leaders and, but for
    the near-retirement volunteer, do not reach retirement age by the target horizon."""
    for p in people:
        add_service(rng, p, 0.3, 0.15)
    self_funded = {u for u, *_, funding in SNV_UNIT_SHEET if funding == "Tự chủ"}
    flagged: set[int] = set()

    def pool(p: Person) -> bool:
        return (p.staff_type in ("CC", "CB") and p.unit not in self_funded and bool(p.position)
                and not p.title and not p.note and "KHTNV" not in p.ratings
                and p.coef != OFF_SCALE["coef"] and id(p) not in flagged)

    def pick(people_: list[Person]) -> Person:
        p = rng.choice(people_)
        flagged.add(id(p))
        return p

    staying = [p for p in people if retirement_month(p) > date(HORIZON.year + 1, 6, 1)]
    holders: dict[tuple[str, str], list[Person]] = {}
    for p in staying:
        holders.setdefault((p.unit, p.position), []).append(p)
    counts: dict[tuple[str, str], int] = {}
    for p in people:
        counts[p.unit, p.position] = counts.get((p.unit, p.position), 0) + 1
    for unit, position, _, _, quota in vtvl:
        if unit in self_funded or quota is None:
            continue
        for _ in range(counts[unit, position] - quota):
            pick([p for p in holders.get((unit, position), []) if pool(p)]).surplus = True

    for flag, unit in SNV_CASES:
        in_unit = [p for p in staying if p.unit == unit and pool(p)]
        if flag == "training":
            pick(in_unit).training_met = False
        elif flag == "sick":
            pick(in_unit).sick_days = 320
        elif flag == "volunteer":
            pick(in_unit).volunteer = True
        elif flag == "child":
            pick([p for p in in_unit if not p.male
                  and 27 <= age_on(p.birth, AS_OF) <= 34]).child = True
        elif flag == "discipline":
            pick(in_unit).discipline = True
    near = [p for p in people if pool(p)
            and date(AS_OF.year + 2, AS_OF.month, 2) <= retirement_month(p)
            <= date(AS_OF.year + 5, AS_OF.month, 1)]
    pick(near).volunteer = True


def make_so_noi_vu(path: Path) -> None:
    rng = random.Random(20250301)
    taken: set[str] = set()
    vtvl: list[tuple] = []
    sections = [build_sections(rng, spec, taken, vtvl) for spec in SNV_UNITS]
    people = all_people(sections)
    assign_snv_looks(rng, people)
    assign_snv_streamlining(random.Random("20250301/streamlining"), people, vtvl)

    wb, F = new_workbook(path)
    sheet = DeptSheet(
        wb, F, "Danh sach CBCC",
        ("UBND TỈNH NGHỆ AN", "SỞ NỘI VỤ",
         "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG CỦA SỞ NỘI VỤ NĂM 2025",
         "(Kèm theo Công văn số 215/SNV-TCBC ngày 05 tháng 3 năm 2025 của Sở Nội vụ)"),
        formulas=True, wrong_subtotal="IV. PHÒNG CÔNG CHỨC, VIÊN CHỨC",
    )
    for sec in sections:
        sheet.section(sec)
    preparer = next(p for p in people if p.position == "Chuyên viên tổng hợp")
    sheet.finish("Nghệ An", preparer.name, people[0].name)

    positions_sheet(
        wb, F, "VTVL",
        ("SỞ NỘI VỤ TỈNH NGHỆ AN", "DANH MỤC VỊ TRÍ VIỆC LÀM VÀ SỐ LƯỢNG NGƯỜI LÀM VIỆC"),
        ("STT", "Đơn vị", "Tên vị trí việc làm", "Nhóm vị trí", "Ngạch tối thiểu",
         "Số lượng người làm việc"),
        vtvl,
    )

    ws = wb.add_worksheet("Don vi")
    for c, (label, width) in enumerate((("Tên đơn vị", 50), ("Đơn vị cấp trên", 30),
                                         ("Loại đơn vị", 22), ("Nguồn kinh phí", 20))):
        ws.set_column(c, c, width)
        ws.write_string(0, c, label, F.head)
    for r, values in enumerate(SNV_UNIT_SHEET, 1):
        for c, value in enumerate(values):
            put(ws, r, c, value, F.general, F)

    ws = wb.add_worksheet("Huong dan")
    ws.set_column(0, 0, 100)
    for r, line in enumerate(GUIDE):
        ws.write_string(r, 0, line, F.bold_center if r == 0 else F.plain)

    ws = wb.add_worksheet("DM")
    lists = (("Xếp loại", *RATING_WORDS), ("Loại cán bộ", "CB", "CC", "VC", "HĐ111", "HĐ68"),
             ("Mã ngạch", *sorted(c for c in GRADES if not c.startswith("V."))),
             ("Nhóm vị trí", LDQL, CMCN, CMDC, HTPV))
    for c, column in enumerate(lists):
        for r, value in enumerate(column):
            ws.write_string(r, c, value)
    ws.hide()
    wb.close()


# --------------------------------------------------------------------------- large workbook

LARGE_UNITS = ("PHÒNG TỔ CHỨC CÁN BỘ", "PHÒNG KẾ HOẠCH - TÀI CHÍNH", "PHÒNG NGHIỆP VỤ",
               "VĂN PHÒNG", "THANH TRA", "PHÒNG PHÁP CHẾ", "PHÒNG QUẢN LÝ CHUYÊN NGÀNH")
LARGE_POSTS = {  # role → (position, category, minimum grade)
    "tp": ("Trưởng phòng", LDQL, "01.002"),
    "ptp": ("Phó Trưởng phòng", LDQL, "01.002"),
    "kt": ("Kế toán viên", CMDC, "06.031"),
    "vt": ("Văn thư viên", CMDC, "02.007"),
    "lx": ("Lái xe", HTPV, None),
    "pv68": ("Phục vụ", HTPV, None),
    "cvc": ("Chuyên viên chính", CMCN, "01.002"),
    "cv": ("Chuyên viên", CMCN, "01.003"),
}


def make_large(path, n_people: int, seed: int = 1) -> Path:
    """Write an n-person workbook in the so_noi_vu.xlsx layout, in constant_memory mode."""
    if n_people < 1:
        raise ValueError("n_people must be at least 1")
    path = Path(path)
    rng = random.Random(seed)
    service_rng = random.Random(f"{seed}/streamlining")  # leaves the people as they were
    wb, F = new_workbook(path, constant_memory=True)
    sheet = DeptSheet(
        wb, F, "Danh sach CBCC",
        ("UBND TỈNH NGHỆ AN", "CÁC CƠ QUAN, ĐƠN VỊ",
         "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG TOÀN TỈNH NĂM 2025",
         "(Biểu tổng hợp kiểm thử hiệu năng)"),
        formulas=False,
    )
    vtvl: list[tuple] = []
    first_person = None
    left, i = n_people, 0
    while left > 0:
        i += 1
        size = min(left, rng.randint(35, 45))
        left -= size
        unit = f"{LARGE_UNITS[i % len(LARGE_UNITS)]} SỐ {i}"
        keys = ["tp", "ptp", "ptp", "kt", "vt", "lx", "pv68"] + ["cvc"] * (size // 5)
        keys = (keys + ["cv"] * size)[:size]
        people = [
            make_person(rng, SNV_ROLES[k], unit, LARGE_POSTS[k][0], "VC" if i % 5 == 0 else "CC",
                        None, {"look": random_look(rng)})
            for k in keys
        ]
        for p in people:
            random_streamlining(service_rng, p)
        for k in dict.fromkeys(keys):
            count = keys.count(k)
            position, category, code = LARGE_POSTS[k]
            vtvl.append((unit, position, category, code,
                         max(0, count + rng.choice((-1, 0, 0, 1)))))
        first_person = first_person or people[0]
        sheet.section(Section(f"{i}. {unit}", people))
    sheet.finish("Nghệ An", "Nguyễn Văn An", first_person.name if first_person else "")
    positions_sheet(
        wb, F, "VTVL", ("UBND TỈNH NGHỆ AN", "DANH MỤC VỊ TRÍ VIỆC LÀM"),
        ("STT", "Đơn vị", "Tên vị trí việc làm", "Nhóm vị trí", "Ngạch tối thiểu",
         "Số lượng người làm việc"),
        vtvl,
    )
    wb.close()
    return path


# --------------------------------------------------------------------------- benh_vien.xlsx

HOSPITAL_ROLES = {
    "gd": Role(("V.08.01.01",), (50, 58), 0.2, "Giám đốc", 0.80),
    "pgd": Role(("V.08.01.01", "V.08.01.02"), (42, 57), 0.35, "Phó Giám đốc", 0.60),
    "tp": Role(("01.002",), (40, 56), 0.4, "Trưởng phòng", 0.40),
    "ptp": Role(("01.002", "01.003"), (34, 54), 0.5, "Phó Trưởng phòng", 0.25),
    "tp_dd": Role(("V.08.05.11",), (40, 55), 0.9, "Trưởng phòng", 0.40),
    "tk": Role(("V.08.01.01", "V.08.01.02"), (40, 58), 0.3, "Trưởng khoa", 0.40),
    "ptk": Role(("V.08.01.02", "V.08.01.03"), (34, 55), 0.4, "Phó Trưởng khoa", 0.25),
    "ddt": Role(("V.08.05.11", "V.08.05.12"), (35, 55), 0.85, "Điều dưỡng trưởng", 0.20),
    "tkd": Role(("V.08.08.21",), (40, 56), 0.6, "Trưởng khoa", 0.40),
    "bs": Role(("V.08.01.02", "V.08.01.03"), (26, 58), 0.45),
    "dd": Role(("V.08.05.11", "V.08.05.12", "V.08.05.13"), (23, 55), 0.8),
    "ds": Role(("V.08.08.22",), (25, 55), 0.7),
    "cv": Role(("01.003",), (25, 58), 0.6),
    "kt": Role(("06.031",), (25, 56), 0.8),
    "hl": Role(("",), (25, 55), 0.9, staff_type="HĐ68", grade_name="Hộ lý"),
    "pv": Role(("",), (30, 55), 0.9, staff_type="HĐ68", grade_name="Nhân viên phục vụ"),
    "lx": Role(("01.011",), (28, 58), 0.0, staff_type="HĐ111", grade_name="Lái xe"),
    "bv": Role(("01.011", ""), (28, 58), 0.0, staff_type="HĐ111", grade_name="Bảo vệ"),
    "dn": Role(("01.011",), (28, 58), 0.0, staff_type="HĐ111", grade_name="Kỹ thuật điện nước"),
    "vs": Role(("",), (30, 55), 0.8, staff_type="HĐ111", grade_name="Nhân viên vệ sinh"),
}


def ward(name: str, deputies: int, doctors: tuple[int, int], nurses: tuple[int, int],
         aides: tuple[int, int], *extra: Post) -> tuple[str, list[Post]]:
    """A clinical ward: head, deputies, head nurse, doctors, nurses, aides (count, quota)."""
    return name, [
        post("Trưởng khoa", LDQL, "V.08.01.02", 1, ("tk", 1)),
        post("Phó Trưởng khoa", LDQL, "V.08.01.03", deputies, ("ptk", deputies)),
        post("Điều dưỡng trưởng khoa", LDQL, "V.08.05.12", 1, ("ddt", 1)),
        post("Bác sĩ điều trị", CMCN, "V.08.01.03", doctors[1], ("bs", doctors[0])),
        post("Điều dưỡng lâm sàng", CMCN, "V.08.05.13", nurses[1], ("dd", nurses[0])),
        post("Hộ lý", HTPV, None, aides[1], ("hl", aides[0])),
        *extra,
    ]


HOSPITAL_SHEETS = {
    "Khối hành chính": [
        ("Ban Giám đốc", [
            post("Giám đốc", LDQL, "V.08.01.02", 1, ("gd", 1)),
            post("Phó Giám đốc", LDQL, "V.08.01.02", 3, ("pgd", 3)),
        ]),
        ("Phòng Kế hoạch tổng hợp", [
            post("Trưởng phòng", LDQL, "01.002", 1, ("tp", 1)),
            post("Phó Trưởng phòng", LDQL, "01.002", 1, ("ptp", 1)),
            post("Bác sĩ kế hoạch tổng hợp", CMCN, "V.08.01.03", 2, ("bs", 2)),
            post("Chuyên viên kế hoạch tổng hợp", CMDC, "01.003", 4, ("cv", 5)),
        ]),
        ("Phòng Tổ chức cán bộ", [
            post("Trưởng phòng", LDQL, "01.002", 1, ("tp", 1)),
            post("Phó Trưởng phòng", LDQL, "01.002", 1, ("ptp", 1)),
            post("Chuyên viên tổ chức cán bộ", CMDC, "01.003", 4, ("cv", 4)),
        ]),
        ("Phòng Tài chính kế toán", [
            post("Trưởng phòng", LDQL, "01.002", 1, ("tp", 1)),
            post("Phó Trưởng phòng", LDQL, "01.002", 1, ("ptp", 1)),
            post("Kế toán viên", CMDC, "06.031", 7, ("kt", 8)),
        ]),
        ("Phòng Điều dưỡng", [
            post("Trưởng phòng", LDQL, "V.08.05.11", 1, ("tp_dd", 1)),
            post("Điều dưỡng quản lý chất lượng", CMCN, "V.08.05.12", 3, ("dd", 3)),
        ]),
        ("Phòng Hành chính quản trị", [
            post("Trưởng phòng", LDQL, "01.002", 1, ("tp", 1)),
            post("Phó Trưởng phòng", LDQL, "01.002", 1, ("ptp", 1)),
            post("Chuyên viên hành chính", CMDC, "01.003", 3, ("cv", 3)),
            post("Lái xe", HTPV, None, 6, ("lx", 6)),
            post("Bảo vệ", HTPV, None, 8, ("bv", 8)),
            post("Kỹ thuật điện nước", HTPV, None, 3, ("dn", 3)),
            post("Nhân viên phục vụ", HTPV, None, 4, ("pv", 4)),
        ]),
    ],
    "Khối lâm sàng": [
        ward("Khoa Khám bệnh", 1, (8, 8), (16, 15), (2, 2)),
        ward("Khoa Cấp cứu", 1, (7, 8), (16, 14), (3, 3)),
        ward("Khoa Hồi sức tích cực - Chống độc", 1, (6, 6), (15, 16), (3, 3)),
        ward("Khoa Nội tổng hợp", 2, (10, 10), (24, 22), (4, 4)),
        ward("Khoa Ngoại tổng hợp", 2, (9, 10), (22, 22), (4, 4)),
        ward("Khoa Phụ sản", 1, (7, 7), (15, 15), (3, 3)),
        ward("Khoa Nhi", 1, (6, 7), (14, 14), (2, 2)),
        ("Khoa Dược", [
            post("Trưởng khoa", LDQL, "V.08.08.21", 1, ("tkd", 1)),
            post("Dược sĩ", CMCN, "V.08.08.22", 6, ("ds", 6)),
            post("Thống kê dược", CMDC, "06.031", 1, ("kt", 1)),
        ]),
        ("Khoa Kiểm soát nhiễm khuẩn", [
            post("Trưởng khoa", LDQL, "V.08.01.02", 1, ("tk", 1)),
            post("Điều dưỡng kiểm soát nhiễm khuẩn", CMCN, "V.08.05.13", 5, ("dd", 5)),
            post("Hộ lý", HTPV, None, 2, ("hl", 2)),
            post("Nhân viên vệ sinh", HTPV, None, 6, ("vs", 6)),
        ]),
    ],
}
PREF_PCT = {"Khoa Cấp cứu": 50, "Khoa Hồi sức tích cực - Chống độc": 50, "Khoa Dược": 30}
HOSPITAL_HEAD = ("STT", "Họ và tên", "Giới tính", "Ngày sinh", "Khoa, phòng", "Chức vụ",
                 "Vị trí việc làm", "Đối tượng", "Chức danh nghề nghiệp", "Mã số CDNN",
                 "Bậc lương", "Hệ số lương", "PC chức vụ", "PC ưu đãi nghề (%)",
                 "Xếp loại 2022", "Xếp loại 2023", "Điểm đánh giá 2024", "Ghi chú")
HOSPITAL_WIDTHS = (5, 24, 8, 11, 30, 16, 28, 9, 22, 12, 6, 7, 7, 9, 9, 9, 9, 18)


def make_benh_vien(path: Path) -> None:
    rng = random.Random(20250302)
    taken: set[str] = set()
    wb, F = new_workbook(path)
    num_fmt = [F.int, F.text, F.text, F.general, *[F.text] * 6, F.int, F.coef, F.coef, F.int,
               F.text, F.text, F.general, F.text]
    vtvl: list[tuple] = []
    sheets = {}
    for sheet_name, units in HOSPITAL_SHEETS.items():
        people = []
        for unit, posts in units:
            staff = staff_posts(rng, HOSPITAL_ROLES, unit, posts, "VC", taken)
            if sheet_name == "Khối lâm sàng":
                for p in staff:
                    if p.staff_type == "VC":
                        p.pref = PREF_PCT.get(unit, 40)
            people += staff
            vtvl += vtvl_rows(unit, posts)
        sheets[sheet_name] = people
    young_nurses = [p for p in sheets["Khối lâm sàng"] if p.grade_code.startswith("V.08.05")
                    and not p.male and age_on(p.birth, AS_OF) < 35]
    for p in young_nurses[:2]:
        p.note = "Đang nghỉ thai sản"
    everyone = [p for people in sheets.values() for p in people]
    for p in rng.sample([p for p in everyone if not p.note], 5):
        p.look["birth"] = "serial"

    for sheet_name in ("Khối lâm sàng", "Khối hành chính"):
        ws = wb.add_worksheet(sheet_name)
        for c, width in enumerate(HOSPITAL_WIDTHS):
            ws.set_column(c, c, width)
        ws.merge_range(0, 0, 0, len(HOSPITAL_HEAD) - 1,
                       "BỆNH VIỆN ĐA KHOA KHU VỰC TÂY BẮC NGHỆ AN - DANH SÁCH VIÊN CHỨC, "
                       f"NGƯỜI LAO ĐỘNG ({sheet_name.upper()}) NĂM 2025", F.title)
        for c, label in enumerate(HOSPITAL_HEAD):
            ws.write_string(2, c, label, F.head)
        ws.freeze_panes(3, 2)
        for i, p in enumerate(sheets[sheet_name], 1):
            r22, r23, r24 = p.ratings
            lo, hi = RATING_SCORES[r24] if r24 else (0, 0)
            score = rng.choice((rng.randint(lo, hi), rng.randint(lo, hi) + 0.5)) if r24 else None
            birth = birth_value(p.birth, p.look.get("birth"))
            cells = [i, p.name, "Nam" if p.male else "Nữ", birth, p.unit, p.title or None,
                     p.position, p.staff_type, p.grade_name, p.grade_code or None, p.step,
                     p.coef, p.lead, p.pref, r22, r23, score, p.note or None]
            for c, value in enumerate(cells):
                put(ws, 2 + i, c, value, num_fmt[c], F)

    positions_sheet(
        wb, F, "Danh muc VTVL",
        ("BỆNH VIỆN ĐA KHOA KHU VỰC TÂY BẮC NGHỆ AN",
         "DANH MỤC VỊ TRÍ VIỆC LÀM VÀ SỐ LƯỢNG NGƯỜI LÀM VIỆC NĂM 2025"),
        ("STT", "Khoa, phòng", "Vị trí việc làm", "Nhóm vị trí việc làm", "Mã CDNN tối thiểu",
         "Số lượng người làm việc"),
        vtvl,
    )
    wb.close()


# --------------------------------------------------------------------------- danh_sach_xa.csv

COMMUNE_ROLES = {
    "cthd": Role(("01.002",), (45, 57), 0.3, "Chủ tịch HĐND", 0.60, "CB"),
    "pcthd": Role(("01.003",), (40, 55), 0.5, "Phó Chủ tịch HĐND", 0.50, "CB"),
    "ct": Role(("01.002",), (42, 56), 0.2, "Chủ tịch UBND", 0.60, "CB"),
    "pct": Role(("01.002", "01.003"), (38, 55), 0.4, "Phó Chủ tịch UBND", 0.50, "CB"),
    "tp": Role(("01.002", "01.003"), (36, 56), 0.4, "Trưởng phòng", 0.25),
    "ptp": Role(("01.003",), (30, 52), 0.5, "Phó Trưởng phòng", 0.15),
    "gd": Role(("01.002", "01.003"), (36, 56), 0.4, "Giám đốc", 0.25),
    "pgd": Role(("01.003",), (30, 52), 0.5, "Phó Giám đốc", 0.15),
    "cv": Role(("01.003",), (24, 58), 0.55),
    "cs": Role(("01.004",), (24, 50), 0.6),
    "kt": Role(("06.031",), (25, 55), 0.8),
    "vt": Role(("02.007",), (25, 55), 0.85),
    "lx": Role(("01.011",), (30, 58), 0.0, staff_type="HĐ111", grade_name="Lái xe"),
    "bv": Role(("",), (35, 58), 0.0, staff_type="HĐ111", grade_name="Bảo vệ"),
}
COMMUNE_UNITS = (  # unit, default staff type, (role, count) …
    ("Thường trực HĐND", "CB", ("cthd", 1), ("pcthd", 1)),
    ("Lãnh đạo UBND", "CB", ("ct", 1), ("pct", 2)),
    ("Văn phòng HĐND và UBND", "CC", ("tp", 1), ("ptp", 1), ("cv", 6), ("kt", 2), ("vt", 1),
     ("lx", 1), ("bv", 1)),
    ("Phòng Kinh tế", "CC", ("tp", 1), ("ptp", 2), ("cv", 9), ("cs", 1)),
    ("Phòng Văn hóa - Xã hội", "CC", ("tp", 1), ("ptp", 1), ("cv", 9)),
    ("Trung tâm Phục vụ hành chính công", "CC", ("gd", 1), ("pgd", 1), ("cv", 5)),
    ("Trung tâm Dịch vụ tổng hợp", "VC", ("gd", 1), ("pgd", 1), ("cv", 7), ("kt", 1), ("cs", 1)),
)
COMMUNE_HEAD = ("STT", "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Loại CBCCVC",
                "Mã ngạch", "Bậc", "Hệ số lương", "Hệ số PC chức vụ")


def make_xa_csv(path: Path) -> None:
    rng = random.Random(20250303)
    taken: set[str] = set()
    rows = []
    for unit, default_type, *holders in COMMUNE_UNITS:
        posts = [post("", None, None, None, *holders)]
        for p in staff_posts(rng, COMMUNE_ROLES, unit, posts, default_type, taken):
            rows.append([len(rows) + 1, p.name, "Nam" if p.male else "Nữ", f"{p.birth:%d/%m/%Y}",
                         unit, p.staff_type, p.grade_code, p.step, comma(p.coef),
                         comma(p.lead) if p.lead else ""])
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COMMUNE_HEAD)
        writer.writerows(rows)


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=Path(__file__).parent,
                        help="where to write the samples (default: samples/)")
    parser.add_argument("--large", type=int, metavar="N", help="write an N-person workbook")
    parser.add_argument("--out", type=Path, help="path of the --large workbook")
    parser.add_argument("--seed", type=int, default=1, help="seed of the --large workbook")
    args = parser.parse_args(argv)
    if args.large is not None:
        if args.out is None:
            parser.error("--large needs --out PATH")
        start = time.perf_counter()
        make_large(args.out, args.large, args.seed)
        print(f"{args.out}: {args.large} people in {time.perf_counter() - start:.1f} s")
        return
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name, make in (("so_noi_vu.xlsx", make_so_noi_vu), ("benh_vien.xlsx", make_benh_vien),
                       ("danh_sach_xa.csv", make_xa_csv)):
        make(args.outdir / name)
        print(args.outdir / name)


if __name__ == "__main__":
    sys.exit(main())
