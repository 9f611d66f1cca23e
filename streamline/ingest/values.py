"""Cell parsers: raw cell text → canonical value, plus a note when the reading needs saying.

Every parser returns `(value, note)`: `note` is None, or `(severity, message_key, detail)` where
severity is "warning" (the cell could not be read; the field stays empty) or "info" (read, but
by an interpretation the user should know about, e.g. a grade code whose leading zero Excel ate).
Results are memoised per (kind, raw) because staff columns repeat the same values.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from streamline.ingest.text import fold

Note = tuple[str, str, str] | None

EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_MY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?$")
_SERIAL = re.compile(r"^\d{3,5}(?:\.\d+)?$")
_GRADE_NUM = re.compile(r"^(\d{1,2})\.(\d{1,3})$")
_GRADE_TEXT = re.compile(r"^\d{2}\.\d{3}[a-z]?$", re.IGNORECASE)
_TITLE_CODE = re.compile(r"^V\.?\s*(\d{2})\s*\.\s*(\d{2})\s*\.\s*(\d{2})\s*\.\s*(\d{2})$", re.I)
_QUANT = Decimal("0.0001")
_LARGEST = Decimal("1e15")  # no amount, coefficient or count reaches it
# Coefficients, percentages and years are held with 8 digits before the point (schema.COEF,
# DECIMAL(12, 4)): a larger number there is a salary typed in the wrong column, not a value.
_COEF_LIMIT = Decimal("1e8")


# Excel's error values, as calamine or a CSV export writes them: never a number, never 0.
EXCEL_ERRORS = frozenset({
    "#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
})


def is_error(raw: str | None) -> bool:
    """An Excel error value ("#REF!", "#N/A", "#DIV/0!" …), as read from a cell."""
    return raw is not None and raw.strip().upper() in EXCEL_ERRORS


def parse(kind: str, raw: str | None) -> tuple[object, Note]:
    """Any kind: an error value gives (None, warning `cell_error`), whatever the parser."""
    if raw is None:
        return None, None
    if is_error(raw):
        return None, ("warning", "cell_error", raw.strip())
    return _parse(kind, raw)


@lru_cache(maxsize=262144)
def _parse(kind: str, raw: str) -> tuple[object, Note]:
    return PARSERS[kind](raw)


def _text(raw: str):
    return raw, None


def _number(raw: str, money: bool = False) -> Decimal | None:
    """Vietnamese or English number text: "4,65", "15.356.250", "1,234.5", "7%"."""
    s = raw.replace("\u00a0", "").replace(" ", "").rstrip("%").strip()
    if not s:
        return None
    if "," in s and "." in s:
        # The later separator is the decimal one.
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        s = s.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3}){2,}", s) else s.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3}){2,}", s) or (
        money and re.fullmatch(r"-?\d{1,3}\.\d{3}", s)
    ):
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    # NaN, infinity and absurd magnitudes (1e308, a step "1e20") are not a reading of any cell:
    # they would break rounding and the 64-bit columns downstream.
    return value if value.is_finite() and abs(value) < _LARGEST else None


def _decimal(raw: str):
    v = _number(raw)
    if v is None:
        return None, ("warning", "not_number", raw)
    if abs(v) >= _COEF_LIMIT:
        return None, ("warning", "number_too_large", raw)
    return v.quantize(_QUANT), None


def _money(raw: str):
    v = _number(raw, money=True)
    if v is None:
        return None, ("warning", "not_number", raw)
    return int(v.to_integral_value()), None


def _int(raw: str):
    v = _number(raw)
    if v is None or v != v.to_integral_value():
        return None, ("warning", "not_integer", raw)
    return int(v), None


def _percent(raw: str):
    """Percent number (5 = 5 %). "5%", "5" and 5 are 5; a fraction like 0.05 is read as 5 %."""
    v = _number(raw)
    if v is None:
        return None, ("warning", "not_number", raw)
    if "%" not in raw and 0 < v < 1:
        return (v * 100).quantize(_QUANT), ("info", "percent_fraction", raw)
    if abs(v) >= _COEF_LIMIT:
        return None, ("warning", "number_too_large", raw)
    return v.quantize(_QUANT), None


def date_order_evidence(raw: str) -> str | None:
    """'dmy' or 'mdy' when a text date can be read only one way ("20/10/1959", "10/20/1959"),
    'either' when both parts are months ("03/05/1975"), None when it is no d/m/y text."""
    m = _DMY.match(raw.strip())
    if not m:
        return None
    first, second = int(m[1]), int(m[2])
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return "either" if first != second else None


@lru_cache(maxsize=262144)
def parse_date(raw: str, order: str = "dmy") -> tuple[dt.date | None, str | None, Note]:
    """Date with its precision (day | month | year). Day-first, as Vietnamese forms write it,
    unless the column was found (or told with --date-order) to be month-first."""
    s = raw.strip()
    if is_error(s):
        return None, None, ("warning", "cell_error", s)
    if m := _ISO.match(s):
        return _mk(int(m[1]), int(m[2]), int(m[3]), raw), "day", None
    if m := _DMY.match(s):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        if y < 100:
            y += 1900 if y > 30 else 2000
        if order == "mdy":
            d, mo = mo, d
        if mo > 12 and d <= 12:  # the other order is the only reading that is a date
            value = _mk(y, d, mo, raw)
            return value, "day", ("info", "date_month_first", raw) if value else None
        return _mk(y, mo, d, raw), "day", None
    if m := _MY.match(s):
        return _mk(int(m[2]), int(m[1]), 1, raw), "month", None
    if m := _YEAR.match(s):
        year = int(m[1])
        if 1900 <= year <= 2100:
            return dt.date(year, 1, 1), "year", ("info", "date_year_only", raw)
    if _SERIAL.match(s):
        serial = float(s)
        if 1 <= serial < 80000:
            return (
                EXCEL_EPOCH + dt.timedelta(days=int(serial)),
                "day",
                (
                    "info",
                    "date_serial",
                    raw,
                ),
            )
    return None, None, ("warning", "not_date", raw)


def _mk(y: int, m: int, d: int, raw: str) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _date(raw: str):
    value, _, note = parse_date(raw)
    if value is None and note is None:
        note = ("warning", "not_date", raw)
    return value, note


def _grade_code(raw: str):
    """Grade code; recovers "01.003" from the number 1.003 Excel made of it."""
    s = raw.strip().replace(" ", "")
    if _GRADE_TEXT.match(s):
        return s.upper(), None
    if m := _TITLE_CODE.match(s):
        return "V." + ".".join(m.groups()), None
    if m := _GRADE_NUM.match(s):
        code = f"{int(m[1]):02d}.{m[2].ljust(3, '0')}"
        return code, ("info", "code_recovered", f"{raw} → {code}")
    return s.upper(), None


def _code(raw: str):
    s = raw.strip()
    if re.fullmatch(r"\d+\.0+", s):  # an ID typed as a number and shown as float
        s = s.split(".")[0]
    return s, None


def _citizen_id(raw: str):
    """Citizen ID (CCCD): 12 digits; 9 (the old CMND) kept as written. A number that lost its
    leading zeros in Excel (10–11 digits) is padded back; anything else stays empty. The notes
    quote the length only, never the ID (a personal number)."""
    s = raw.strip()
    s = s.split(".")[0] if re.fullmatch(r"\d+\.0+", s) else re.sub(r"[\s.\-]", "", s)
    if re.fullmatch(r"\d{12}|\d{9}", s):
        return s, None
    if re.fullmatch(r"\d{10,11}", s):
        padded = s.zfill(12)
        return padded, ("info", "citizen_id_padded", str(len(s)))
    return None, ("warning", "bad_citizen_id", str(len(s)))


_SEX = {"nam": "M", "m": "M", "male": "M", "trai": "M", "nu": "F", "f": "F", "female": "F"}


def _sex(raw: str):
    v = _SEX.get(fold(raw))
    return (v, None) if v else (None, ("warning", "bad_sex", raw))


def _staff_type(raw: str):
    """A staff type; a contract word typed in the staff-type column makes the type its
    contract makes (workbooks.md: HĐLV is a public employee's payroll contract, KCT a commune
    part-timer, HĐ / HĐ 111 / HĐ 68 a labour contract — neither of the last two payroll)."""
    f = fold(raw)
    compact = f.replace(" ", "")
    if compact in ("cc", "congchuc") or f.startswith("cong chuc"):
        return "civil_servant", None
    if compact in ("cb", "canbo") or f.startswith("can bo"):
        return "cadre", None
    if compact in ("vc", "vienchuc") or f.startswith("vien chuc"):
        return "public_employee", None
    contract = _contract_type(raw)[0]
    if contract == "working_contract":
        return "public_employee", None
    if contract == "part_time":
        return "commune_parttime", None
    if compact.startswith(("hd", "hopdong", "ld", "nld", "laodong")):
        return "contract", None
    return None, ("warning", "bad_staff_type", raw)


_RATINGS = {
    "htxsnv": "excellent",
    "hoan thanh xuat sac nhiem vu": "excellent",
    "xuat sac": "excellent",
    "httnv": "good",
    "hoan thanh tot nhiem vu": "good",
    "tot": "good",
    "htnv": "completed",
    "hoan thanh nhiem vu": "completed",
    "hoan thanh": "completed",
    "khtnv": "not_completed",
    "khong hoan thanh nhiem vu": "not_completed",
    "khong hoan thanh": "not_completed",
}


def _rating(raw: str):
    """A rating code, or a 0–100 score kept as its number (banded in SQL by parameters)."""
    f = fold(raw)
    if f in _RATINGS:
        return _RATINGS[f], None
    v = _number(raw)
    if v is not None and 0 <= v <= 100:
        return format(v.normalize(), "f"), None
    return None, ("warning", "bad_rating", raw)


def _route(raw: str):
    """The leaving route (law.md §3; Decree 154 Arts. 6–9): "Nghỉ hưu trước tuổi", "Thôi
    việc", "Thôi việc sau khi đi học nghề / đào tạo", "Chuyển sang tổ chức không hưởng lương
    từ ngân sách", "Người hoạt động không chuyên trách (KCT) cấp xã nghỉ việc". Tested most
    specific first: the training and part-timer wordings also contain "thôi/nghỉ việc"."""
    f = fold(raw)
    if "khong chuyen trach" in f or re.search(r"\bkct\b", f) or "commune" in f \
            or "part time" in f or "parttime" in f:
        return "commune_parttime", None
    if "dao tao" in f or "hoc nghe" in f or "training" in f:
        return "training", None
    if "chuyen sang" in f or "khong huong luong" in f or "transfer" in f:
        return "transfer", None
    if "huu" in f or "early" in f:
        return "early_retirement", None
    if "thoi viec" in f or "quit" in f:
        return "quit", None
    return None, ("warning", "bad_route", raw)


_TRUE = {"x", "co", "yes", "y", "1", "true", "dung", "v", "✓", "✔", "☑", "+"}
_FALSE = {"khong", "no", "n", "0", "false", "sai", "-"}


def _bool(raw: str):
    f = fold(raw) or raw.strip()
    if f in _TRUE:
        return True, None
    if f in _FALSE:
        return False, None
    return None, ("warning", "bad_bool", raw)


def _category(raw: str):
    f = fold(raw)
    if "lanh dao" in f or "quan ly" in f:
        return "leadership", None
    if "dung chung" in f:
        return "shared", None
    if "ho tro" in f or "phuc vu" in f:
        return "support", None
    if "chuyen mon" in f or "nghiep vu" in f or "chuyen nganh" in f:
        return "professional", None
    return None, ("warning", "bad_category", raw)


def _funding(raw: str):
    """A unit's funding (Decree 60/2021 groups): `self` — self-financing its regular spending
    (tự chủ, tự bảo đảm chi thường xuyên; groups 1–2); `partial` — partly self-financing (tự
    chủ / tự bảo đảm một phần chi thường xuyên, ngân sách bảo đảm một phần; group 3); `state` —
    a state agency or a unit the budget pays in full (ngân sách nhà nước; group 4)."""
    f = fold(raw)
    group = re.search(r"\b(?:nhom|group)\s*([1-4])\b", f)
    if group:
        return ("self", "self", "partial", "state")[int(group.group(1)) - 1], None
    if re.search(r"\b(?:mot|1) phan\b", f) or f.startswith(("partial", "partly")):
        return "partial", None
    if "tu chu" in f or "tu bao dam" in f or "tu dam bao" in f or f.startswith("self"):
        return "self", None
    if "ngan sach" in f or f in ("nsnn", "ns") or f.startswith("state"):
        return "state", None
    return None, ("warning", "bad_funding", raw)


def _contract_type(raw: str):
    """How a person is employed (workbooks.md pattern 13): `working_contract` — a public
    employee's working contract (HĐLV, payroll); `labour_contract` — a labour contract (HĐLĐ,
    HĐ 111 under Decree 111/2022, HĐ 68 before it: not payroll); `part_time` — a commune
    part-timer (KCT: not payroll); `payroll` — on the payroll quota (biên chế)."""
    f = fold(raw)
    compact = f.replace(" ", "")
    if "khong chuyen trach" in f or compact == "kct" or "part time" in f:
        return "part_time", None
    if compact.startswith("hdlv") or "lam viec" in f or "working" in f:
        return "working_contract", None
    if (compact.startswith(("hd", "hopdong", "laodong", "nld")) or "111" in f or "68" in f
            or "labour" in f or "labor" in f):
        return "labour_contract", None
    if compact.startswith(("bienche", "bc", "trongbienche")) or "payroll" in f:
        return "payroll", None
    return None, ("warning", "bad_contract_type", raw)


# Unit kinds the organisational checks know (law.md §4; their rules: org_rules.toml).
UNIT_KINDS = frozenset({
    "division", "branch", "branch_division", "public_service_unit", "department",
    "commune", "commune_division",
    "ministry_department", "ministry_department_division", "ministry_office_division",
    "general_department", "cuc", "cuc_division", "cuc_type2_division",
})
# Folded text. A commune (xã, phường, đặc khu — not "xã hội", not "địa phương").
_COMMUNE = re.compile(r"\b(?:xa(?! hoi\b)|(?<!dia )phuong|dac khu)\b")
# The commune divisions and centre of Decree 150/2025, named without their commune.
_COMMUNE_DIVISION = re.compile(
    r"\bvan phong hdnd (?:va )?ubnd\b|\bphong kinh te\b|\bphong van hoa xa hoi\b"
    r"|\btrung tam phuc vu hanh chinh cong\b(?!.*\btinh\b)"
)
_UNIT_KIND_RULES = (
    (re.compile(r"phong thuoc chi cuc"), "branch_division"),
    (re.compile(r"chi cuc"), "branch"),
    (re.compile(r"su nghiep"), "public_service_unit"),
    (_COMMUNE_DIVISION, "commune_division"),
    (re.compile(r"^(?!.*\bdang\b)(?=.*\bphong\b)(?=.*" + _COMMUNE.pattern + ")"),
     "commune_division"),
    (_COMMUNE, "commune"),
    (re.compile(r"\bphong\b.*\bvan phong bo\b"), "ministry_office_division"),
    (re.compile(r"\bphong\b.*\bcuc loai 2\b"), "cuc_type2_division"),
    (re.compile(r"\bphong\b.*\bcuc\b"), "cuc_division"),
    (re.compile(r"\bphong\b.*\bvu\b"), "ministry_department_division"),
    (re.compile(r"\btong cuc\b"), "general_department"),
    (re.compile(r"\bcuc\b"), "cuc"),
    (re.compile(r"^vu\b"), "ministry_department"),
    (re.compile(r"phong"), "division"),
    (re.compile(r"so"), "department"),
)


def _unit_kind(raw: str):
    """A unit's kind from the units sheet's text: a code of UNIT_KINDS as written
    ("commune_division"), or a Vietnamese name — "Phòng thuộc sở" → division, "Chi cục" →
    branch, "Xã" / "Phường" / "Đặc khu" / "UBND xã" → commune, "Phòng Kinh tế", "Văn phòng
    HĐND và UBND", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công" or "Phòng
    thuộc UBND xã" → commune_division (not a phòng thuộc sở: its ≥ 7 minimum and 1/2/3 deputy
    scale do not apply), "Vụ" → ministry_department, "Cục" → cuc, "Tổng cục" →
    general_department, "Phòng thuộc Văn phòng Bộ" → ministry_office_division, "Phòng thuộc
    Cục loại 2" → cuc_type2_division. Other text is kept (folded): a kind no rule knows."""
    f = fold(raw)
    if f.replace(" ", "_") in UNIT_KINDS:
        return f.replace(" ", "_"), None
    for pattern, kind in _UNIT_KIND_RULES:
        if pattern.search(f):
            return kind, None
    return f or None, None


PARSERS = {
    "text": _text,
    "code": _code,
    "citizen_id": _citizen_id,
    "decimal": _decimal,
    "money": _money,
    "int": _int,
    "percent": _percent,
    "date": _date,
    "grade_code": _grade_code,
    "sex": _sex,
    "staff_type": _staff_type,
    "rating": _rating,
    "route": _route,
    "bool": _bool,
    "category": _category,
    "funding": _funding,
    "contract_type": _contract_type,
    "unit_kind": _unit_kind,
}
