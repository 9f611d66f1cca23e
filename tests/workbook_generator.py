"""Staff-list workbooks with the truth known, for the property tests of issue 11.

Written from shared/domain/workbooks.md (layouts, cell values, the abbreviations offices type)
and law.md (grade codes, scales, staff types, scope) without reading the importer, so that the
tests check that the importer generalises rather than that it reads its own layouts.

A `Layout` is every choice that shapes one workbook: header vocabulary per field, label
spelling (NFC, NFD, no diacritics, case), column order, header depth and merged parents, how
sex, staff type, unit and funding are given, section and subtotal rows, footers and the value
forms each column mixes. `build(layout, path)` writes the workbook and returns the people it
holds (`Person`, the truth) and a plain description of its columns for failure messages.
`layouts()` is the hypothesis strategy over those choices.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

D = Decimal
BUDGET_TYPES = {"cadre", "civil_servant", "public_employee"}

# ----------------------------------------------------------------------------------------
# Header vocabulary (workbooks.md: layouts, abbreviations, English exports).
# ----------------------------------------------------------------------------------------

# Flat labels: a column named by one header cell.
FLAT = {
    "stt": ["STT", "TT", "No.", "Số TT"],
    "full_name": ["Họ và tên", "Họ tên", "HỌ VÀ TÊN", "Name", "Full name", "Họ và tên CBCCVC"],
    "birth_date": ["Ngày sinh", "Ngày, tháng, năm sinh", "NS", "DOB", "Date of birth",
                   "Ngày tháng năm sinh"],
    "sex": ["Giới tính", "GT", "Sex", "Gender"],
    "female_tick": ["Nữ", "Nữ (x)", "Female"],
    "title": ["Chức vụ", "Chức danh", "Position", "Chức vụ, chức danh"],
    "unit": ["Đơn vị", "ĐV", "Đơn vị công tác", "Phòng, ban", "Unit"],
    "staff_type": ["Đối tượng", "Loại cán bộ", "CB, CC, VC, HĐ", "Công chức/Viên chức",
                   "Phân loại", "Đối tượng (CB, CC, VC, HĐ)"],
    "contract": ["Loại hợp đồng", "Biên chế/Hợp đồng", "Hình thức (BC/HĐ)", "HĐLV/HĐLĐ",
                 "Loại HĐ"],
    "funding": ["Nguồn chi trả lương", "Nguồn lương", "Nguồn kinh phí", "NSNN/Tự chủ"],
    "grade_name": ["Tên ngạch", "Ngạch", "Tên ngạch/CDNN"],
    "grade_code": ["Mã ngạch", "Mã số ngạch", "Mã CDNN", "Mã CD", "Mã ngạch/CDNN", "Grade",
                   "Mã ngạch, CDNN"],
    "step": ["Bậc", "Bậc lương", "Step"],
    "coef": ["Hệ số lương", "HS lương", "HSL", "HỆ SỐ LƯƠNG", "Hệ số", "Coefficient",
             "HS lương hiện hưởng"],
    "lead_coef": ["PC chức vụ", "PCCV", "HS PC CV", "Phụ cấp chức vụ", "PC CV",
                  "Hệ số phụ cấp chức vụ"],
    "tnvk_pct": ["PC TNVK", "TNVK (%)", "Phụ cấp thâm niên vượt khung", "% TNVK",
                 "Thâm niên vượt khung (%)"],
    "region_coef": ["PC KV", "PC khu vực", "Phụ cấp khu vực", "HS KV"],
    "prof_seniority_pct": ["PC TNN", "PC thâm niên nghề (%)", "TN nghề (%)",
                           "PC thâm niên nhà giáo"],
    "pref_pct": ["PC ƯĐ", "PC ưu đãi nghề (%)", "UĐN", "Ưu đãi nghề", "PC UĐ"],
    "si_years": ["Số năm đóng BHXH", "BHXH (năm)", "Năm đóng BHXH"],
    "join_date": ["Ngày tuyển dụng", "Ngày vào cơ quan", "Ngày vào ngành"],
    "party": ["Đảng viên", "ĐV"],
    "note": ["Ghi chú", "Notes"],
}

# Leaves under a merged parent (two- and three-row headers).
PARENTS = {
    "allowance": ["Phụ cấp", "PC", "Các khoản phụ cấp", "Phụ cấp (hệ số, %)"],
    "salary": ["Lương hiện hưởng", "Ngạch bậc", "Lương", "Hệ số, bậc lương"],
    "grade": ["Ngạch, chức danh nghề nghiệp", "Ngạch/CDNN", "Ngạch, CDNN"],
    "birth": ["Ngày, tháng, năm sinh", "Ngày sinh", "NS", "DOB"],
    "pay": ["Tiền lương", "Lương và phụ cấp", "Tiền lương hiện hưởng"],
}
LEAVES = {
    "lead_coef": ["Chức vụ", "CV", "PCCV", "HS CV"],
    "tnvk_pct": ["TNVK", "Thâm niên vượt khung (%)", "TNVK (%)", "Vượt khung"],
    "region_coef": ["Khu vực", "KV"],
    "prof_seniority_pct": ["TNN", "Thâm niên nghề", "TN nghề (%)"],
    "pref_pct": ["ƯĐ", "Ưu đãi nghề (%)", "UĐN", "UĐ"],
    "step": ["Bậc", "Step"],
    "coef": ["Hệ số", "HS", "Hệ số lương"],
    "grade_name": ["Tên ngạch", "Tên"],
    "grade_code": ["Mã số", "Mã", "Mã ngạch"],
    "birth_male": ["Nam", "Male"],  # drawn as a pair with birth_female: Nam | Nữ, Male | Female
    "birth_female": ["Nữ", "Female"],
}
ALLOWANCES = ("lead_coef", "tnvk_pct", "region_coef", "prof_seniority_pct", "pref_pct")
OPTIONAL = ("stt", "title", "step", "grade_name", "si_years", "join_date", "party", "note",
            *ALLOWANCES)


def spell(text: str, style: str) -> str:
    """A label as an office types it: NFC, NFD, without diacritics, upper or lower case."""
    if style == "nfd":
        return unicodedata.normalize("NFD", text)
    if style == "plain":
        return strip_marks(text)
    if style == "upper":
        return text.upper()
    if style == "lower":
        return text.lower()
    return text


def strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ----------------------------------------------------------------------------------------
# The people: grade codes, scales and staff types from law.md §1.
# ----------------------------------------------------------------------------------------

# Salary type → (first coefficient, increment, steps) — Decree 204/2004 Table 2.
SCALES = {
    "A2.1": (D("4.40"), D("0.34"), 8),
    "A2.2": (D("4.00"), D("0.34"), 8),
    "A1": (D("2.34"), D("0.33"), 9),
    "A0": (D("2.10"), D("0.31"), 10),
    "B": (D("1.86"), D("0.20"), 12),
}
# (code, name, salary type) by the staff types that hold them.
GRADES = {
    "civil_servant": [("01.002", "Chuyên viên chính", "A2.1"), ("01.003", "Chuyên viên", "A1"),
                      ("01.004", "Cán sự", "A0"), ("06.031", "Kế toán viên", "A1"),
                      ("02.007", "Văn thư viên", "A1")],
    "cadre": [("01.002", "Chuyên viên chính", "A2.1"), ("01.003", "Chuyên viên", "A1")],
    "public_employee": [("V.07.03.29", "Giáo viên tiểu học hạng III", "A1"),
                        ("V.07.03.28", "Giáo viên tiểu học hạng II", "A2.2"),
                        ("V.08.01.03", "Bác sĩ", "A1"), ("V.08.01.02", "Bác sĩ chính", "A2.1"),
                        ("V.08.05.12", "Điều dưỡng hạng III", "A1"),
                        ("V.08.05.13", "Điều dưỡng hạng IV", "B"),
                        ("06.031", "Kế toán viên", "A1")],
    "contract": [("01.005", "Nhân viên", "B")],
}
# Each unit: name, funding (state / self / partial).
UNIT_POOL = [
    "Văn phòng Sở", "Phòng Tổ chức cán bộ", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính",
    "Trường Tiểu học Kim Đồng", "Trạm Y tế xã An Bình", "Trung tâm Y tế khu vực",
    "Phòng Kinh tế", "Ban Quản lý chợ Tân Hòa", "Khoa Xét nghiệm", "Phòng Văn hóa - Xã hội",
    "Trường THCS Lê Lợi",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Trịnh", "Đinh"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công"]
MIDDLE_F = ["Thị", "Thị Thu", "Ngọc", "Thị Kim", "Thanh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc",
           "Quân", "Sơn", "Tài", "Thắng", "Tuấn", "Việt"]
GIVEN_F = ["Anh", "Bích", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga",
           "Oanh", "Thảo", "Trang", "Tuyết", "Yến"]
LEADER_TITLES = ["Trưởng phòng", "Phó Trưởng phòng", "Chánh Văn phòng", "Hiệu trưởng",
                 "Phó Hiệu trưởng", "Trưởng khoa"]
STAFF_TITLES = ["Chuyên viên", "Giáo viên", "Bác sĩ", "Kế toán", "Nhân viên", "Văn thư",
                "Điều dưỡng"]
GROUP_OF_TYPE = {"cadre": "Cán bộ", "civil_servant": "Công chức",
                 "public_employee": "Viên chức", "contract": "Hợp đồng"}

# Cell spellings of codes, by form.
TYPE_WORDS = {
    "cadre": {"abbr": ["CB"], "word": ["Cán bộ"], "plain": ["Can bo", "cb"]},
    "civil_servant": {"abbr": ["CC"], "word": ["Công chức"], "plain": ["Cong chuc", "cc"]},
    "public_employee": {"abbr": ["VC"], "word": ["Viên chức"], "plain": ["Vien chuc", "vc"]},
    "contract": {"abbr": ["HĐ111", "HĐ", "HĐ68", "HĐLĐ"], "word": ["Hợp đồng", "Hợp đồng 111"],
                 "plain": ["HD111", "Hop dong"]},
}
CONTRACT_WORDS = {
    "cadre": {"abbr": ["BC"], "word": ["Biên chế"], "plain": ["Bien che"]},
    "civil_servant": {"abbr": ["BC"], "word": ["Biên chế"], "plain": ["Bien che"]},
    "public_employee": {"abbr": ["HĐLV"], "word": ["Hợp đồng làm việc"], "plain": ["HDLV"]},
    "contract": {"abbr": ["HĐ111", "HĐLĐ", "HĐ 68"], "word": ["Hợp đồng lao động"],
                 "plain": ["HD 111", "HDLD"]},
}
FUNDING_WORDS = {
    "state": {"abbr": ["NSNN"], "word": ["Ngân sách nhà nước"], "plain": ["Ngan sach nha nuoc"]},
    "self": {"abbr": ["Tự chủ"], "word": ["Tự chủ tài chính"], "plain": ["Tu chu"]},
    "partial": {"abbr": ["Tự chủ một phần"], "word": ["Tự bảo đảm một phần chi thường xuyên"],
                "plain": ["Tu chu mot phan"]},
}


@dataclass(frozen=True)
class Person:
    """One person as the truth: what the product must read back."""

    name: str
    unit: str
    group: str | None
    sex: str  # M | F
    birth: dt.date  # the date the product should give (1st of the month/January if partial)
    birth_precision: str  # day | month | year
    staff_type: str
    funding: str
    grade_code: str
    grade_name: str
    step: int
    coef: Decimal
    title: str
    lead_coef: Decimal = D(0)
    tnvk_pct: Decimal = D(0)
    region_coef: Decimal = D(0)
    prof_seniority_pct: Decimal = D(0)
    pref_pct: Decimal = D(0)
    si_years: int = 0
    join_date: dt.date = dt.date(2010, 1, 1)
    party: bool = False

    @property
    def in_scope(self) -> bool:
        """README: cadres, civil servants and public employees of units not self-funded."""
        return self.staff_type in BUDGET_TYPES and self.funding != "self"


@dataclass(frozen=True)
class Layout:
    """Every choice that shapes one workbook (hypothesis draws these)."""

    seed: int
    n_people: int = 8
    n_units: int = 2
    unit_mode: str = "sections"  # column | sections | sheets
    section_style: str = "roman"  # roman | letter | arabic | bold | split
    groups: str = "none"  # none | school | type
    depth: int = 2  # header rows
    grouped: bool = True  # merged parents over allowance / salary / grade columns
    vmerge: bool = True  # single columns merged down the header rows (else top cell only)
    sex_mode: str = "column"  # column | split (birth under Nam | Nữ) | tick (a "Nữ" column)
    type_mode: str = "type"  # type | contract | both
    funding_col: bool = True
    optional: frozenset = frozenset(OPTIONAL)
    banner: int = 4
    number_row: str = "none"  # none | paren | plain
    subtotals: bool = True
    total: bool = True
    footer: str = "signers"  # none | plain | signers
    summary_sheet: bool = True  # sheets mode: a "Tổng hợp" sheet of totals first
    label_style: str = "nfc"  # nfc | nfd | plain | upper | lower
    values_nfd: bool = False
    labels: tuple = ()  # (key, label) chosen per field / leaf / parent
    birth_forms: frozenset = frozenset({"date", "text", "serial"})
    coef_forms: frozenset = frozenset({"number", "comma"})
    pct_forms: frozenset = frozenset({"int", "text", "fraction"})
    grade_forms: frozenset = frozenset({"text", "number"})
    word_forms: frozenset = frozenset({"abbr", "word"})
    drop: frozenset = frozenset()  # fields whose columns are left out (never-a-silent-zero)

    def label(self, key: str, pool: list[str]) -> str:
        return dict(self.labels).get(key, pool[0])


@dataclass
class Column:
    field: str
    path: tuple[str, ...]  # header cells from the top, already spelt


@dataclass
class Built:
    """What `build` wrote: the people (truth), the staff sheets and their columns."""

    people: list[Person]
    columns: list[Column]
    sheets: dict[str, int] = field(default_factory=dict)  # staff sheet → rows written
    cells: dict[tuple[str, str], object] = field(default_factory=dict)  # (name, field) → cell
    header: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet → header rows
    rows: dict[str, tuple[str, int]] = field(default_factory=dict)  # name → (sheet, row)

    def describe(self) -> str:
        """The header vocabulary of the workbook, one column a line (for failure messages)."""
        def shown(path: tuple[str, ...]) -> str:
            text = " / ".join(path)
            nfd = text != unicodedata.normalize("NFC", text)
            return repr(unicodedata.normalize("NFC", text)) + (" [typed in NFD]" if nfd else "")

        return "\n".join(f"  {c.field:<20} ← {shown(c.path)}" for c in self.columns)


# ----------------------------------------------------------------------------------------
# People.
# ----------------------------------------------------------------------------------------


def make_people(layout: Layout) -> list[Person]:
    rnd = random.Random(layout.seed)
    units = rnd.sample(UNIT_POOL, layout.n_units)
    funding = {u: rnd.choice(["state", "state", "self", "partial"]) if layout.funding_col
               else "state" for u in units}
    types = ["civil_servant", "civil_servant", "public_employee", "public_employee", "contract"]
    if layout.type_mode == "type":
        types.append("cadre")  # a contract-type column alone cannot tell a cadre
    names: set[str] = set()
    people = []
    opt = layout.optional
    for i in range(layout.n_people):
        unit = units[i % len(units)]
        sex = rnd.choice("MF")
        while True:
            name = " ".join((rnd.choice(FAMILY),
                             rnd.choice(MIDDLE_M if sex == "M" else MIDDLE_F),
                             rnd.choice(GIVEN_M if sex == "M" else GIVEN_F)))
            if name not in names:
                names.add(name)
                break
        staff_type = rnd.choice(types)
        code, gname, stype = rnd.choice(GRADES[staff_type])
        first, inc, steps = SCALES[stype]
        step = rnd.randint(1, steps)
        leader = staff_type != "contract" and rnd.random() < 0.3
        lead = D(rnd.choice(["0.15", "0.2", "0.25", "0.3", "0.4", "0.5", "0.6"])) if leader \
            else D(0)
        year = rnd.randint(1964, 2000)
        people.append(Person(
            name=name, unit=unit, group=None, sex=sex,
            birth=dt.date(year, rnd.randint(1, 12), rnd.randint(1, 28)), birth_precision="day",
            staff_type=staff_type, funding=funding[unit], grade_code=code, grade_name=gname,
            step=step, coef=first + inc * (step - 1),
            title=rnd.choice(LEADER_TITLES if leader else STAFF_TITLES),
            lead_coef=lead if "lead_coef" in opt else D(0),
            tnvk_pct=D(rnd.randint(5, 12)) if step == steps and "tnvk_pct" in opt else D(0),
            region_coef=D(rnd.choice(["0", "0.1", "0.2", "0.3", "0.5", "0.7"]))
            if "region_coef" in opt else D(0),
            prof_seniority_pct=D(rnd.randint(5, 25))
            if staff_type == "public_employee" and "prof_seniority_pct" in opt else D(0),
            pref_pct=D(rnd.choice([25, 30, 35, 40, 45]))
            if staff_type == "public_employee" and "pref_pct" in opt else D(0),
            si_years=rnd.randint(1, 35),
            join_date=dt.date(min(year + rnd.randint(21, 25), 2024), rnd.randint(1, 12),
                              rnd.randint(1, 28)),
            party=rnd.random() < 0.5,
        ))
    people = [replace(p, group=group_of(p, layout)) for p in people]
    # People in sheet/section order: by unit, then group (the order they are written in).
    order = {u: k for k, u in enumerate(units)}
    groups = group_order(layout)
    people.sort(key=lambda p: (order[p.unit], groups.index(p.group) if p.group else 0))
    return people


def group_of(p: Person, layout: Layout) -> str | None:
    if layout.groups == "school":
        if p.lead_coef:
            return "Cán bộ quản lý"
        return "Giáo viên" if p.staff_type == "public_employee" else "Nhân viên"
    if layout.groups == "type":
        return GROUP_OF_TYPE[p.staff_type]
    return None


def group_order(layout: Layout) -> list[str | None]:
    if layout.groups == "school":
        return ["Cán bộ quản lý", "Giáo viên", "Nhân viên"]
    if layout.groups == "type":
        return list(GROUP_OF_TYPE.values())
    return [None]


# ----------------------------------------------------------------------------------------
# Columns.
# ----------------------------------------------------------------------------------------


def plan_columns(layout: Layout) -> list[Column]:
    """The columns in sheet order, each with its header path (spelt as the office types it)."""
    rnd = random.Random(layout.seed * 7 + 1)
    opt = layout.optional
    s = layout.label_style
    multi = layout.depth >= 2

    def flat(f: str) -> Column:
        return Column(f, (spell(layout.label(f, FLAT[f]), s),))

    def leaf(parent: str, f: str) -> Column:
        return Column(f, (spell(layout.label("parent:" + parent, PARENTS[parent]), s),
                          spell(layout.label("leaf:" + f, LEAVES[f]), s)))

    blocks: list[list[Column]] = [[flat("full_name")]]
    if layout.sex_mode == "split" and multi:
        blocks.append([leaf("birth", "birth_male"), leaf("birth", "birth_female")])
    else:
        blocks.append([flat("birth_date")])
        blocks.append([flat("sex" if layout.sex_mode == "column" else "female_tick")])
    if layout.unit_mode == "column":
        blocks.append([flat("unit")])
    if layout.type_mode in ("type", "both"):
        blocks.append([flat("staff_type")])
    if layout.type_mode in ("contract", "both"):
        blocks.append([flat("contract")])
    if layout.funding_col:
        blocks.append([flat("funding")])
    for f in ("title", "si_years", "join_date", "party", "note"):
        if f in opt:
            blocks.append([flat(f)])
    grade = [f for f in ("grade_name", "grade_code") if f == "grade_code" or f in opt]
    salary = [f for f in ("step", "coef") if f == "coef" or f in opt]
    allowances = [f for f in ALLOWANCES if f in opt]
    rnd.shuffle(allowances)
    if multi and layout.grouped:
        blocks.append([leaf("grade", f) for f in grade])
        pay = [leaf("salary", f) for f in salary] + [leaf("allowance", f) for f in allowances]
        if layout.depth == 3:  # a third row: one parent over the salary and allowance groups
            top = spell(layout.label("parent:pay", PARENTS["pay"]), s)
            pay = [Column(c.field, (top, *c.path)) for c in pay]
        blocks.append(pay)
    else:
        blocks += [[flat(f)] for f in grade + salary + allowances]
    rnd.shuffle(blocks)
    if "stt" in opt:
        blocks.insert(0, [flat("stt")])
    return [c for b in blocks for c in b if c.field not in layout.drop]


# ----------------------------------------------------------------------------------------
# Cell values.
# ----------------------------------------------------------------------------------------


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def date_cell(d: dt.date, form: str):
    return {
        "date": d,
        "text": d.strftime("%d/%m/%Y"),
        "short": f"{d.day}/{d.month}/{d.year}",
        "dots": d.strftime("%d.%m.%Y"),
        "serial": excel_serial(d),
        "month": d.strftime("%m/%Y"),
        "year": d.year,
    }[form]


def coef_cell(x: Decimal, form: str):
    if form == "comma":
        return f"{x:.2f}".replace(".", ",")
    return float(x)


def pct_cell(x: Decimal, form: str):
    if form == "text":
        return f"{x}%"
    if form == "fraction":
        return float(x / 100)
    return int(x)


class Cells:
    """Each person's cell values, with per-cell forms drawn from the layout's allowed sets."""

    def __init__(self, layout: Layout, people: list[Person]):
        self.layout = layout
        self.rnd = random.Random(layout.seed * 13 + 5)
        self.birth_form = {}
        forms = sorted(layout.birth_forms)
        for p in people:
            self.birth_form[p.name] = self.rnd.choice(forms)
        self.join_form = {p.name: self.rnd.choice(["date", "text", "serial"]) for p in people}

    def pick(self, options):
        return self.rnd.choice(sorted(options))

    def word(self, table: dict, key: str) -> str:
        spellings = table[key]
        return self.rnd.choice(spellings[self.pick(self.layout.word_forms)])

    def text(self, s: str) -> str:
        return unicodedata.normalize("NFD", s) if self.layout.values_nfd else s

    def value(self, f: str, p: Person):
        birth = date_cell(p.birth, self.birth_form[p.name])
        pct = {"tnvk_pct": p.tnvk_pct, "prof_seniority_pct": p.prof_seniority_pct,
               "pref_pct": p.pref_pct}
        coefs = {"lead_coef": p.lead_coef, "region_coef": p.region_coef}
        if f == "full_name":
            return self.text(p.name)
        if f == "birth_date":
            return birth
        if f == "birth_male":
            return birth if p.sex == "M" else None
        if f == "birth_female":
            return birth if p.sex == "F" else None
        if f == "sex":
            return self.text(self.rnd.choice(["Nam", "NAM", "nam"] if p.sex == "M"
                                             else ["Nữ", "NỮ", "nữ", "Nu"]))
        if f == "female_tick":
            return self.rnd.choice(["x", "X", "✓"]) if p.sex == "F" else None
        if f == "unit":
            return self.text(p.unit)
        if f == "staff_type":
            return self.text(self.word(TYPE_WORDS, p.staff_type))
        if f == "contract":
            return self.text(self.word(CONTRACT_WORDS, p.staff_type))
        if f == "funding":
            return self.text(self.word(FUNDING_WORDS, p.funding))
        if f == "title":
            return self.text(p.title)
        if f == "grade_name":
            return self.text(p.grade_name)
        if f == "grade_code":
            numeric = p.grade_code[0].isdigit() and self.pick(self.layout.grade_forms) == "number"
            return float(p.grade_code) if numeric else p.grade_code
        if f == "step":
            return p.step
        if f == "coef":
            return coef_cell(p.coef, self.pick(self.layout.coef_forms))
        if f in coefs:
            return coef_cell(coefs[f], self.pick(self.layout.coef_forms)) if coefs[f] else None
        if f in pct:
            return pct_cell(pct[f], self.pick(self.layout.pct_forms)) if pct[f] else None
        if f == "si_years":
            return p.si_years
        if f == "join_date":
            return date_cell(p.join_date, self.join_form[p.name])
        if f == "party":
            return "x" if p.party else None
        if f == "note":
            return self.text(self.rnd.choice(["", "Kiêm nhiệm", "Chuyển từ huyện về"])) or None
        raise AssertionError(f)


def birth_truth(p: Person, form: str) -> Person:
    """The date and precision the product should give for a birth cell of this form."""
    if form == "year":
        return replace(p, birth=dt.date(p.birth.year, 1, 1), birth_precision="year")
    if form == "month":
        return replace(p, birth=p.birth.replace(day=1), birth_precision="month")
    return p


def unambiguous(people: list[Person], forms: dict[str, str], column_of, attr: str) -> list:
    """Day-first text dates: make the first one of each sheet column show a day above 12, so
    the column's order is decided by its content (workbooks.md: "12/03/1975", day first)."""
    seen = set()
    for i, p in enumerate(people):
        col = column_of(p)
        if forms[p.name] in ("text", "short", "dots") and col not in seen:
            seen.add(col)
            day = getattr(p, attr)
            if day.day <= 12:
                people[i] = replace(p, **{attr: day.replace(day=13 + day.day % 15)})
    return people


# ----------------------------------------------------------------------------------------
# The workbook.
# ----------------------------------------------------------------------------------------

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
BANNER = [
    ("UBND TỈNH NGHỆ AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("SỞ Y TẾ", "Độc lập - Tự do - Hạnh phúc"),
    (None, None),
    ("DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG", None),
    ("(Kèm theo Công văn số 125/SYT-TCCB ngày 20/02/2025)", None),
    ("Có mặt đến ngày 01/3/2025", None),
]
SIGNERS = ("Lê Thị Phương", "Trịnh Văn Quyết")


def numbered(style: str, k: int, text: str) -> str:
    return {
        "roman": f"{ROMAN[k]}. {text.upper()}",
        "letter": f"{'ABCDEFGH'[k]}. {text.upper()}",
        "arabic": f"{k + 1}. {text}",
        "bold": text.upper(),
        "split": text.upper(),
    }[style]


def build(layout: Layout, path: Path) -> Built:
    """Write the workbook of `layout` to `path`; return the truth."""
    from openpyxl import Workbook

    people = make_people(layout)
    cols = plan_columns(layout)
    cells = Cells(layout, people)
    sheet = (lambda p: p.unit) if layout.unit_mode == "sheets" else (lambda p: "")
    split = layout.sex_mode == "split" and layout.depth > 1
    people = unambiguous(people, cells.birth_form,
                         lambda p: (sheet(p), p.sex if split else ""), "birth")
    people = unambiguous(people, cells.join_form, sheet, "join_date")
    wb = Workbook()
    built = Built(people=[], columns=cols)
    units = list(dict.fromkeys(p.unit for p in people))
    if layout.unit_mode == "sheets":
        first = wb.active
        if layout.summary_sheet:
            first.title = spell("Tổng hợp", layout.label_style if layout.label_style != "upper"
                                else "nfc")
            write_summary(first, units, people)
        else:
            wb.remove(first)
        for u in units:
            ws = wb.create_sheet(u)
            write_sheet(ws, layout, cols, cells, [p for p in people if p.unit == u], built,
                        sectioned=False)
    else:
        ws = wb.active
        ws.title = spell("Danh sách CBCCVC", "plain")
        write_sheet(ws, layout, cols, cells, people, built,
                    sectioned=layout.unit_mode == "sections")
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    built.people = [birth_truth(p, cells.birth_form[p.name]) for p in people]
    return built


def write_summary(ws, units: list[str], people: list[Person]) -> None:
    """A summary sheet of totals only: no people (workbooks.md pattern 10)."""
    ws.append(["BIỂU TỔNG HỢP SỐ LƯỢNG"])
    ws.append(["STT", "Đơn vị", "Số người", "Tổng hệ số lương"])
    for k, u in enumerate(units, start=1):
        mine = [p for p in people if p.unit == u]
        ws.append([k, u, len(mine), float(sum(p.coef for p in mine))])
    ws.append([None, "Tổng cộng", len(people), float(sum(p.coef for p in people))])


def write_sheet(ws, layout: Layout, cols: list[Column], cells: Cells, people: list[Person],
                built: Built, sectioned: bool) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    width = len(cols)
    index = {c.field: k for k, c in enumerate(cols, start=1)}
    r = 0
    for left, right in BANNER[:layout.banner]:
        r += 1
        if left:
            ws.cell(r, 1, left).font = bold
        if right and width >= 4:
            ws.cell(r, max(4, width - 3), right).font = bold
    if layout.banner:
        r += 1  # a blank row between the banner and the table
    top = r + 1
    r = write_header(ws, layout, cols, top)
    built.header[ws.title] = (top, r)
    if layout.number_row != "none":
        r += 1
        for k in range(1, width + 1):
            ws.cell(r, k, f"({k})" if layout.number_row == "paren" else k)

    def section(text: str, style: str, is_bold: bool = True) -> None:
        nonlocal r
        r += 1
        if style == "split" and "stt" in index:
            numeral, _, name = text.partition(". ")
            ws.cell(r, index["stt"], numeral if name else None)
            ws.cell(r, index["full_name"], name or numeral).font = bold
            return
        cell = ws.cell(r, 1, text)
        cell.font = Font(bold=is_bold)
        if width > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)

    def subtotal(label: str, mine: list[Person]) -> None:
        nonlocal r
        r += 1
        ws.cell(r, index["full_name"], label).font = bold
        if "coef" in index:
            ws.cell(r, index["coef"], float(sum(p.coef for p in mine)))

    stt = 0
    units = list(dict.fromkeys(p.unit for p in people))
    for k, unit in enumerate(units):
        in_unit = [p for p in people if p.unit == unit]
        if sectioned:
            style = layout.section_style
            section(numbered(style if style != "split" else "roman", k, cells.text(unit)), style)
        groups = list(dict.fromkeys(p.group for p in in_unit))
        for g_k, group in enumerate(groups):
            mine = [p for p in in_unit if p.group == group]
            if group:
                g_style = "arabic" if sectioned else "roman"
                section(numbered(g_style, g_k, cells.text(group)), g_style)
            for p in mine:
                r += 1
                stt += 1
                built.rows[p.name] = (ws.title, r)
                for c in cols:
                    v = stt if c.field == "stt" else cells.value(c.field, p)
                    ws.cell(r, index[c.field], v)
                    built.cells[(p.name, c.field)] = v
        if layout.subtotals and (sectioned or layout.unit_mode == "sheets"):
            subtotal("Cộng" if not sectioned else f"Cộng ({ROMAN[k]})", in_unit)
    if layout.total:
        subtotal("Tổng cộng", people)
    if layout.footer != "none":
        r += 2
        right = max(index["full_name"] + 1, width - 2)
        ws.cell(r, right, "Hà Nội, ngày 15 tháng 3 năm 2025")
        r += 1
        ws.cell(r, index["full_name"], "Người lập biểu").font = bold
        ws.cell(r, right, "Thủ trưởng đơn vị").font = bold
        r += 1
        ws.cell(r, index["full_name"], "(Ký, ghi rõ họ tên)")
        ws.cell(r, right, "(Ký tên, đóng dấu)")
        if layout.footer == "signers":
            r += 3
            ws.cell(r, index["full_name"], SIGNERS[0]).font = bold
            ws.cell(r, right, SIGNERS[1]).font = bold
    built.sheets[ws.title] = r


def write_header(ws, layout: Layout, cols: list[Column], top: int) -> int:
    """Header rows from `top`: element i of a column's path in row i, the last element
    merged down to the last header row; equal parents side by side merged across. Returns
    the last header row."""
    from openpyxl.styles import Alignment, Font

    depth = max(layout.depth, max(len(c.path) for c in cols))
    bottom = top + depth - 1
    style = {"font": Font(bold=True), "alignment": Alignment(wrap_text=True, horizontal="center")}
    for k, c in enumerate(cols, start=1):
        for i, text in enumerate(c.path):
            row = top + i
            last = i == len(c.path) - 1
            if not last:
                prev = cols[k - 2].path if k > 1 else ()
                if prev[:i + 1] == c.path[:i + 1]:
                    continue  # inside the merged parent written at its first column
                span = 1
                while k - 1 + span < len(cols) and cols[k - 1 + span].path[:i + 1] \
                        == c.path[:i + 1]:
                    span += 1
                cell = ws.cell(row, k, text)
                if span > 1:
                    ws.merge_cells(start_row=row, start_column=k, end_row=row,
                                   end_column=k + span - 1)
            else:
                cell = ws.cell(row, k, text)
                if row < bottom and layout.vmerge:
                    ws.merge_cells(start_row=row, start_column=k, end_row=bottom, end_column=k)
            cell.font = style["font"]
            cell.alignment = style["alignment"]
    return bottom


# ----------------------------------------------------------------------------------------
# The hypothesis strategy.
# ----------------------------------------------------------------------------------------


def subset(options, min_size=1):
    return st.frozensets(st.sampled_from(sorted(options)), min_size=min_size)


@st.composite
def layouts(draw) -> Layout:
    """One workbook's choices. Labels are drawn per field, per leaf and per parent."""
    labels = []
    for f, pool in FLAT.items():
        labels.append((f, draw(st.sampled_from(pool))))
    for f, pool in LEAVES.items():
        if f != "birth_female":
            labels.append(("leaf:" + f, draw(st.sampled_from(pool))))
    male = dict(labels)["leaf:birth_male"]
    labels.append(("leaf:birth_female", LEAVES["birth_female"][LEAVES["birth_male"].index(male)]))
    for f, pool in PARENTS.items():
        labels.append(("parent:" + f, draw(st.sampled_from(pool))))
    depth = draw(st.sampled_from([1, 2, 3]))
    unit_mode = draw(st.sampled_from(["column", "sections", "sheets"]))
    return Layout(
        seed=draw(st.integers(0, 10**6)),
        n_people=draw(st.integers(3, 14)),
        n_units=draw(st.integers(1, 3)),
        unit_mode=unit_mode,
        section_style=draw(st.sampled_from(["roman", "letter", "arabic", "bold", "split"])),
        groups=draw(st.sampled_from(["none", "school", "type"])),
        depth=depth,
        grouped=draw(st.booleans()),
        vmerge=draw(st.booleans()),
        sex_mode=draw(st.sampled_from(["column", "split", "tick"] if depth > 1
                                      else ["column", "tick"])),
        type_mode=draw(st.sampled_from(["type", "contract", "both"])),
        funding_col=draw(st.booleans()),
        optional=draw(subset(OPTIONAL, min_size=0)),
        banner=draw(st.integers(0, len(BANNER))),
        number_row=draw(st.sampled_from(["none", "paren", "plain"])),
        subtotals=draw(st.booleans()),
        total=draw(st.booleans()),
        footer=draw(st.sampled_from(["none", "plain", "signers"])),
        summary_sheet=draw(st.booleans()),
        label_style=draw(st.sampled_from(["nfc", "nfd", "plain", "upper", "lower"])),
        values_nfd=draw(st.booleans()),
        labels=tuple(labels),
        birth_forms=draw(subset(["date", "text", "short", "dots", "serial", "month", "year"])),
        coef_forms=draw(subset(["number", "comma"])),
        pct_forms=draw(subset(["int", "text", "fraction"])),
        grade_forms=draw(subset(["text", "number"])),
        word_forms=draw(subset(["abbr", "word", "plain"])),
    )
