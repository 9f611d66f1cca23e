"""Organisational checks of law.md §4, each a dated rule that yields a warning, never a crash."""

from __future__ import annotations

import datetime as dt

import polars as pl


def staff(unit, n, deputies=0, staff_type="civil_servant", position=None, grade="01.003"):
    return [
        {
            "full_name": f"{unit} {i}",
            "unit": unit,
            "sex": "M",
            "birth_date": dt.date(1980, 1, 1),
            "staff_type": staff_type,
            "grade_code": grade,
            "coef": 2.34,
            "position": position,
            "title": "Phó Trưởng phòng" if i < deputies else None,
        }
        for i in range(n)
    ]


UNITS = [
    {"unit": "Phòng A", "unit_kind": "division", "parent": "Sở"},
    {"unit": "Phòng B", "unit_kind": "division", "parent": "Sở"},
    {"unit": "Chi cục C", "unit_kind": "branch", "parent": "Sở"},
    {"unit": "Phòng C1", "unit_kind": "branch_division", "parent": "Chi cục C"},
]


def checks(analyse, people, positions=None, as_of=dt.date(2025, 9, 1)):
    r = analyse(people, as_of=as_of, units=UNITS, positions=positions)
    return {
        (c["unit"], c["check_code"]): c for c in r.tables["org_checks"].iter_rows(named=True)
    }, r


def test_minimum_payroll_and_deputies(analyse):
    # Phòng A: 6 civil servants < 7; 2 deputies with < 10 staff > 1 allowed.
    # Phòng B: 12 staff, 2 deputies: allowed 2. Chi cục C: 3 own + 10 in Phòng C1 = 13 ≥ 12.
    people = (
        staff("Phòng A", 6, deputies=2)
        + staff("Phòng B", 12, deputies=2)
        + staff("Chi cục C", 3, deputies=2)
        + staff("Phòng C1", 10)
    )
    c, r = checks(analyse, people)
    assert (c[("Phòng A", "min_staff")]["actual"], c[("Phòng A", "min_staff")]["ok"]) == (6, False)
    assert (
        c[("Phòng A", "max_deputies")]["limit_value"],
        c[("Phòng A", "max_deputies")]["ok"],
    ) == (1, False)
    assert c[("Phòng B", "max_deputies")]["ok"] and c[("Phòng B", "min_staff")]["ok"]
    assert c[("Chi cục C", "min_staff")]["actual"] == 13
    assert not c[("Chi cục C", "max_deputies")]["ok"]  # 1 division → 1 deputy allowed, 2 found
    warnings = r.tables["issues"].filter(pl.col("severity") == "warning")
    assert warnings.filter(pl.col("code") == "org_min_staff")["value"].to_list() == ["Phòng A"]


def test_rules_not_yet_in_force_are_not_applied(analyse):
    c, _ = checks(analyse, staff("Phòng A", 3), as_of=dt.date(2025, 3, 1))
    assert not [k for k in c if k[1] in ("min_staff", "max_deputies")]


def test_public_employee_professional_share(analyse):
    positions = [
        {"unit": "Trường X", "position": "Giáo viên", "category": "professional", "quota": 10},
        {"unit": "Trường X", "position": "Bảo vệ", "category": "support", "quota": 5},
    ]
    people = staff("Trường X", 6, staff_type="public_employee", position="Giáo viên") + staff(
        "Trường X", 4, staff_type="public_employee", position="Bảo vệ"
    )
    c, _ = checks(analyse, people, positions)
    share = c[("Trường X", "professional_share")]
    assert (share["actual"], share["limit_value"], share["ok"]) == (0.6, 0.65, False)


def test_grade_cap_of_a_department(analyse):
    people = staff("Phòng A", 4, grade="01.002") + staff("Phòng B", 4, grade="01.003")
    c, _ = checks(analyse, people)
    cap = c[(None, "grade_cap")]
    assert (cap["actual"], cap["ok"], cap["due"]) == (0.5, True, dt.date(2027, 7, 1))
