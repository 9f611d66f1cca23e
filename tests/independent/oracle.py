"""The independent oracle: law.md's rules written from the text, never from the tool.

Shared by the hand-built layouts of this package and tests/test_independent_workbook.py:
base salary by date, salary components rounded half-up to whole đồng, Decree 135 retirement
ages, in-scope rule, the one target ⌈rate × in scope⌉ and the salary fund. The layouts hold
their people as `Truth` rows; `expected_person` turns one into the figures the product's
`staff` table must show.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

D = Decimal
ZERO = Decimal(0)

# law.md §1, "Base salary (mức lương cơ sở)".
BASE_SALARY_TABLE = [
    (dt.date(2013, 7, 1), 1_150_000),
    (dt.date(2016, 5, 1), 1_210_000),
    (dt.date(2017, 7, 1), 1_300_000),
    (dt.date(2018, 7, 1), 1_390_000),
    (dt.date(2019, 7, 1), 1_490_000),
    (dt.date(2023, 7, 1), 1_800_000),
    (dt.date(2024, 7, 1), 2_340_000),
    (dt.date(2026, 7, 1), 2_530_000),
]

# law.md §1: the 25 % public-service allowance and the 20.5 % employer share are for cadres
# and civil servants; public employees and contract staff pay 21.5 % (unemployment included).
CADRE_TYPES = {"cadre", "civil_servant"}
# law.md §3 "Targets": payroll paid from the state budget; contract staff never count.
BUDGET_TYPES = {"cadre", "civil_servant", "public_employee"}


def base_salary_on(day: dt.date) -> int:
    amount = None
    for start, value in BASE_SALARY_TABLE:
        if start <= day:
            amount = value
    assert amount is not None, day
    return amount


def vnd(x: Decimal) -> int:
    """Round half-up to a whole đồng."""
    return int(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def salary_components(
    staff_type: str,
    coef: Decimal,
    lead_coef: Decimal = ZERO,
    tnvk_pct: Decimal = ZERO,
    region_coef: Decimal = ZERO,
    base: int = 2_340_000,
    pref_pct: Decimal = ZERO,
    prof_seniority_pct: Decimal = ZERO,
) -> dict[str, int]:
    """law.md §1: each component rounded half-up to whole đồng; percentage allowances on
    salary + leadership + seniority; insurance base = those three + professional seniority,
    capped at 20 × base."""
    salary = vnd(coef * base)
    leadership = vnd(lead_coef * base)
    seniority = vnd(tnvk_pct / 100 * coef * base)
    regional = vnd(region_coef * base)
    core = salary + leadership + seniority
    public_service = vnd(Decimal("0.25") * core) if staff_type in CADRE_TYPES else 0
    profession_pref = vnd(pref_pct / 100 * core)
    prof_seniority = vnd(prof_seniority_pct / 100 * core)
    monthly = core + regional + public_service + profession_pref + prof_seniority
    insurance_base = min(core + prof_seniority, 20 * base)
    rate = Decimal("0.205") if staff_type in CADRE_TYPES else Decimal("0.215")
    return {
        "salary": salary,
        "leadership": leadership,
        "seniority": seniority,
        "regional": regional,
        "public_service": public_service,
        "profession_pref": profession_pref,
        "prof_seniority": prof_seniority,
        "monthly_salary": monthly,
        "insurance_base": insurance_base,
        "employer_contrib": vnd(rate * insurance_base),
    }


def retirement_age_months(sex: str, year: int) -> int:
    """law.md §2: age (in months) at which a person retires in calendar year `year`."""
    if sex == "M":
        if year < 2021:
            return 60 * 12
        return min(60 * 12 + 3 + 3 * (year - 2021), 62 * 12)
    if year < 2021:
        return 55 * 12
    return min(55 * 12 + 4 + 4 * (year - 2021), 60 * 12)


def retirement(sex: str, birth_year: int, birth_month: int | None = None):
    """(retirement_month 'YYYY-MM', pension_start date, age in months).

    Walk calendar years upward from the birth year; retire in the first year Y in which the
    birth month + age(Y) falls inside Y. Only the birth year known → January.
    """
    month = birth_month or 1
    born = birth_year * 12 + (month - 1)
    year = birth_year
    while True:
        age = retirement_age_months(sex, year)
        reached = born + age
        if reached // 12 == year:
            ry, rm = divmod(reached, 12)
            rm += 1
            nxt = dt.date(ry + 1, 1, 1) if rm == 12 else dt.date(ry, rm + 1, 1)
            return f"{ry:04d}-{rm:02d}", nxt, age
        year += 1


def fold(text: str) -> str:
    """Case, diacritics and đ folded, spaces collapsed: for comparing unit names whose
    spelling (sheet name, banner, section row) the product may take from either place."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


# ----------------------------------------------------------------------------------------
# One person of a layout, and what the product must report for them.
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    """A person as they really are (the workbook writes them in its own forms)."""

    name: str
    unit: str  # the innermost unit the person belongs to (a vụ, a faculty, a division)
    sex: str  # "M" | "F"
    birth: dt.date
    staff_type: str  # cadre | civil_servant | public_employee | contract
    grade_code: str | None
    coef: Decimal
    lead: Decimal = ZERO
    tnvk: Decimal = ZERO  # percent
    region: Decimal = ZERO
    pref: Decimal = ZERO  # percent: preferential allowance by profession
    prof_sen: Decimal = ZERO  # percent: professional seniority (thâm niên nghề)
    funding: str = "state"  # state | partial | self
    position: str | None = None
    birth_precision: str = "day"

    @property
    def in_scope(self) -> bool:
        """README: cadres, civil servants and public employees not paid by a self-funded
        source (law.md §3: self-funded units are outside the budget-paid scope)."""
        return self.staff_type in BUDGET_TYPES and self.funding != "self"


def expected_person(p: Truth, as_of: dt.date) -> dict:
    comp = salary_components(p.staff_type, p.coef, p.lead, p.tnvk, p.region,
                             base_salary_on(as_of), p.pref, p.prof_sen)
    month = None if p.birth_precision == "year" else p.birth.month
    rmonth, pension, _ = retirement(p.sex, p.birth.year, month)
    ry, rm = map(int, rmonth.split("-"))
    return {
        "sex": p.sex,
        "birth_date": p.birth,
        "birth_precision": p.birth_precision,
        "staff_type": p.staff_type,
        "grade_code": p.grade_code,
        "coef": p.coef,
        "lead_coef": p.lead,
        "tnvk_pct": p.tnvk,
        "region_coef": p.region,
        "pref_pct": p.pref,
        "prof_seniority_pct": p.prof_sen,
        "funding": p.funding,
        "in_scope": p.in_scope,
        **comp,
        "retirement_month": dt.date(ry, rm, 1),
        "pension_start": pension,
    }


def expected_summary(people: Iterable[Truth], as_of: dt.date, horizon: dt.date,
                     rate: Decimal) -> dict:
    """One file = one agency: target ⌈rate × in scope⌉; the fund adds every person's monthly
    salary (contract and self-funded staff included: they are paid, only not in scope)."""
    people = list(people)
    exp = [expected_person(p, as_of) for p in people]
    in_scope = sum(1 for e in exp if e["in_scope"])
    return {
        "people": len(people),
        "in_scope": in_scope,
        "out_of_scope": len(people) - in_scope,
        "target_total": math.ceil(rate * in_scope),
        "monthly_fund": sum(e["monthly_salary"] for e in exp),
        "retiring_in_scope": sum(1 for e in exp
                                 if e["in_scope"] and e["retirement_month"] <= horizon),
    }


def expected_fund_by_type(people: Iterable[Truth], as_of: dt.date) -> dict[tuple, dict]:
    """Headcount, monthly fund and monthly employer contributions per staff type × funding,
    added up over units (the unit's spelling is checked elsewhere)."""
    out: dict[tuple, dict] = {}
    for p in people:
        e = expected_person(p, as_of)
        row = out.setdefault((p.staff_type, p.funding),
                             {"headcount": 0, "monthly_fund": 0, "employer_contrib": 0})
        row["headcount"] += 1
        row["monthly_fund"] += e["monthly_salary"]
        row["employer_contrib"] += e["employer_contrib"]
    return out
