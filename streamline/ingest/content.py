"""What a column's values say it is, when its header does not say enough.

A sample of a column's cells is profiled against the value forms of workbooks.md: dates and
birth years, coefficients in the salary scales' range, enumerations (Nam/Nữ; CB/CC/VC/HĐ;
NSNN/Tự chủ; HĐLV/HĐ 111/KCT; ratings), tick marks. The profile confirms or weakens a header's
reading, and names the essential columns a header left unnamed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from streamline.ingest.text import fold
from streamline.ingest.values import parse, parse_date

TICKS = frozenset({"x", "v", "✓", "✔", "☑", "+"})
# A person's birth year on a staff list; a coefficient of the salary scales (law.md §1).
BIRTH_YEARS = (1940, 2010)
COEF_RANGE = (Decimal("1.00"), Decimal("12.00"))
# Share of a column's values that must read as a kind for the values alone to name the column.
DECIDES = 0.8
SAMPLE = 200
# A grade or professional-title code as offices type it: 01.003, V.07.05.13.
_CODE = re.compile(r"^(?:V\.?\s*\d{2}(?:\s*\.\s*\d{2}){2,3}|\d{1,2}\.\d{3}[a-z]?)$", re.I)


def is_tick(value: str) -> bool:
    return value.strip().lower() in TICKS


def rate(kind: str, values: list[str]) -> float:
    """Share of the values that read as this kind without a warning."""
    if not values:
        return 1.0
    ok = 0
    for v in values:
        parsed, note = parse(kind, v)
        ok += parsed is not None and not (note and note[0] == "warning")
    return ok / len(values)


def fit(kind: str, values: list[str], exact: bool) -> float:
    """How well a reading fits the values (0.2–1): a header that names the field exactly stays
    mapped even when many cells are bad (each bad cell is then said), but a loose phrase match
    whose values are something else falls below the threshold."""
    if not values:
        return 1.0
    if kind == "text":
        ticks = sum(is_tick(v) for v in values) / len(values)
        numbers = rate("decimal", values)
        codes = sum(bool(_CODE.match(v)) for v in values) / len(values)
        # "ĐV" holding ticks is party membership, not a unit; a "Chức vụ" column of
        # coefficients under "Phụ cấp" is an allowance, not a title; "V.08.05.12" is a code,
        # not a grade's name.
        return 1.0 - 0.8 * max(ticks, numbers, codes)
    floor = 0.7 if exact else 0.4
    return floor + (1 - floor) * rate(kind, values)


def _birth_dates(values: list[str]) -> float:
    ok = 0
    for v in values:
        day, _, note = parse_date(v)
        ok += bool(day and not (note and note[0] == "warning")
                   and BIRTH_YEARS[0] <= day.year <= BIRTH_YEARS[1])
    return ok / len(values)


def _coefficients(values: list[str]) -> float:
    ok, fractional = 0, 0
    for v in values:
        n, note = parse("decimal", v)
        if n is not None and not note and COEF_RANGE[0] <= n <= COEF_RANGE[1]:
            ok += 1
            fractional += n != n.to_integral_value()
    # Steps (1–12) are whole numbers; coefficients mostly are not.
    return ok / len(values) if fractional * 2 >= ok else 0.0


def guess(values: list[str]) -> tuple[str, float] | None:
    """(field, share) when the values alone name one of the fields a list must have."""
    if len(values) < 2:
        return None
    tests = (
        ("grade_code", lambda vs: sum(bool(_CODE.match(v)) for v in vs) / len(vs)),
        ("sex", lambda vs: rate("sex", vs)),
        ("contract_type", lambda vs: rate("contract_type", vs)),
        ("staff_type", lambda vs: rate("staff_type", vs)),
        ("funding", lambda vs: rate("funding", vs)),
        ("birth_date", _birth_dates),
        ("coef", _coefficients),
    )
    for fld, test in tests:
        share = test(values)
        if share >= DECIDES:
            return fld, share
    return None


def describe(values: list[str]) -> str | None:
    """A code for the value pattern a column shows (for `inspect`): date, year, coefficient,
    integer, percent, tick, enumeration, text; None for an empty column."""
    if not values:
        return None
    if sum(is_tick(v) for v in values) / len(values) >= DECIDES:
        return "tick"
    if _birth_dates(values) >= DECIDES or rate("date", values) >= DECIDES:
        return "date"
    if _coefficients(values) >= DECIDES:
        return "coefficient"
    if rate("int", values) >= DECIDES:
        return "integer"
    if rate("decimal", values) >= DECIDES:
        return "number"
    if len({fold(v) for v in values}) <= max(3, len(values) // 10):
        return "enumeration"
    return "text"

