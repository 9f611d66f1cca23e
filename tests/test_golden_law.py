"""Golden figures published in law.md, computed through the real parameter files and SQL."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from streamline.params import load_params
from streamline.report import i18n


def person(**kw):
    base = {
        "full_name": "A",
        "sex": "M",
        "birth_date": dt.date(1980, 1, 1),
        "staff_type": "civil_servant",
        "unit": "U",
    }
    return base | kw


def test_base_salary_by_date():
    p = load_params()
    assert p.value("base_salary", dt.date(2024, 6, 30)) == 1_800_000
    assert p.value("base_salary", dt.date(2024, 7, 1)) == 2_340_000
    assert p.value("base_salary", dt.date(2026, 7, 1)) == 2_530_000
    assert p.value("base_salary", dt.date(2019, 7, 1)) == 1_490_000
    assert p.latest("base_salary")["value"] == 2_530_000


def test_worked_salary_figures(analyse):
    # 2.34 × 2,340,000 = 5,475,600 (public employee: no 25 % allowance)
    r = analyse([person(coef=2.34, staff_type="public_employee")])
    assert r.tables["staff"]["salary"][0] == 5_475_600
    assert r.tables["staff"]["monthly_salary"][0] == 5_475_600
    # 6.20 × 2,530,000 = 15,686,000 under the 2026-07-01 base salary
    r = analyse([person(coef=6.20, staff_type="public_employee")], as_of=dt.date(2026, 7, 1))
    assert r.tables["staff"]["salary"][0] == 15_686_000


@pytest.mark.parametrize(
    "coef, lead, expected",
    [(4.65, 0.6, 15_356_250), (3.66, None, 10_705_500)],  # MOHA "Mr C" and "Mr M"
)
def test_current_salary_with_public_service_allowance(analyse, coef, lead, expected):
    r = analyse([person(coef=coef, lead_coef=lead)])
    assert r.tables["staff"]["monthly_salary"][0] == expected


def test_seniority_and_contributions(analyse):
    # 3.33 × 2,340,000 = 7,792,200; TNVK 5 % = 389,610; public service 25 % of both = 2,045,452.5
    # → 2,045,453 (half-up); insurance base 8,181,810 × 20.5 % = 1,677,271.05 → 1,677,271
    r = analyse([person(coef=3.33, tnvk_pct=5.0)])
    s = r.tables["staff"].row(0, named=True)
    assert (s["salary"], s["seniority"], s["public_service"]) == (7_792_200, 389_610, 2_045_453)
    assert s["monthly_salary"] == 10_227_263
    assert s["insurance_base"] == 8_181_810
    assert s["employer_contrib"] == 1_677_271


def test_public_employee_contribution_and_cap(analyse):
    # 21.5 % for public employees; the base is capped at 20 × base salary = 46,800,000.
    r = analyse(
        [
            person(coef=2.34, staff_type="public_employee"),
            person(coef=10.0, lead_coef=12.0, staff_type="public_employee"),
        ]
    )
    s = r.tables["staff"]
    assert s["employer_contrib"][0] == 1_177_254  # 5,475,600 × 0.215 = 1,177,254
    assert s["insurance_base"][1] == 46_800_000
    assert s["employer_contrib"][1] == 10_062_000


def test_bonus_and_newest_base_fund(analyse):
    r = analyse([person(coef=2.34, staff_type="public_employee")])
    f = r.tables["fund"].row(0, named=True)
    # bonus = 10 % × 12 × 5,475,600 = 6,570,720; yearly = 12 × 5,475,600 + bonus
    assert f["bonus_fund"] == 6_570_720
    assert f["yearly_fund"] == 12 * 5_475_600 + 6_570_720
    # under 2,530,000: 2.34 × 2,530,000 = 5,920,200
    assert f["monthly_fund_newest"] == 5_920_200


# Every published Decree 135/2020 row of law.md §2: (sex, birth year, month) → pension start.
DECREE_135 = [
    ("M", 1961, 1, "2021-05"),
    ("M", 1961, 9, "2022-01"),
    ("M", 1961, 10, "2022-05"),
    ("M", 1966, 4, "2028-05"),
    ("F", 1966, 8, "2022-01"),
    ("F", 1966, 9, "2022-06"),
    ("F", 1975, 5, "2035-06"),
]


@pytest.mark.parametrize("sex, year, month, pension", DECREE_135)
def test_decree_135_published_rows(analyse, sex, year, month, pension):
    r = analyse([person(sex=sex, birth_date=dt.date(year, month, 15))], as_of=dt.date(2021, 1, 1))
    assert r.tables["staff"]["pension_start"][0].strftime("%Y-%m") == pension


def test_decree_135_ages(analyse):
    """Ages at retirement: men 60y3m (01/1961), 60y6m (10/1961), 62y from 04/1966; women
    55y4m (08/1966), 55y8m (09/1966), 59y8m (01–04/1975), 60y from 05/1975."""
    cases = [
        ("M", 1961, 1, 63),
        ("M", 1961, 10, 66),
        ("M", 1966, 4, 744),
        ("M", 1970, 7, 744),
        ("F", 1966, 8, 664),
        ("F", 1966, 9, 668),
        ("F", 1975, 1, 716),
        ("F", 1975, 4, 716),
        ("F", 1975, 5, 720),
        ("F", 1980, 2, 720),
    ]
    people = [person(sex=s, birth_date=dt.date(y, m, 1)) for s, y, m, _ in cases]
    staff = analyse(people, as_of=dt.date(2021, 1, 1)).tables["staff"]
    for (s, y, m, age), ret in zip(cases, staff["retirement_month"], strict=True):
        ry, rm = ret.year, ret.month
        months = (ry * 12 + rm) - (y * 12 + m)
        expected = age if age > 100 else 720 + age - 60
        assert months == expected, (s, y, m, ret)


def test_year_only_birth_takes_january(analyse):
    r = analyse(
        [person(birth_date=dt.date(1961, 1, 1), birth_precision="year")], as_of=dt.date(2021, 1, 1)
    )
    assert r.tables["staff"]["retirement_month"][0] == dt.date(2021, 4, 1)


def test_hazardous_work_retires_earlier(analyse):
    # Up to 5 years below the normal age OF THAT YEAR: in 2026 the normal age is 61 y 6 m,
    # so 56 y 6 m → a man born 06/1970 reaches it in 12/2026 (normally 62 y → 06/2032).
    r = analyse(
        [
            person(birth_date=dt.date(1970, 6, 1)),
            person(birth_date=dt.date(1970, 6, 1), early_retire_years=5.0),
        ]
    )
    months = r.tables["staff"]["retirement_month"].to_list()
    assert months == [dt.date(2032, 6, 1), dt.date(2026, 12, 1)]


def test_leadership_coefficient_checked_against_the_title(analyse):
    # Trưởng phòng: 0.25–0.60 by context (sở, chi cục, vụ, …); 0.90 fits none → flagged.
    # "Phó Trưởng phòng" is matched as its own post (0.20–0.40), not as "Trưởng phòng".
    # Public employees' posts are not in the table → not checked.
    people = [
        person(title="Trưởng phòng", lead_coef=0.5),
        person(title="Trưởng phòng", lead_coef=0.9),
        person(title="Phó Trưởng phòng", lead_coef=0.3),
        person(title="Phó Giám đốc Sở", lead_coef=0.5),
        person(title="Trưởng phòng", lead_coef=0.9, staff_type="public_employee"),
    ]
    r = analyse(people)
    flagged = r.tables["issues"].filter(pl.col("code") == "lead_mismatch")
    assert flagged["row"].to_list() == [3, 5]  # source rows of people 2 and 4
    assert [json.loads(a) for a in flagged["args"]] == [
        {"title": "Trưởng phòng", "coef": 0.9, "allowed": [0.3, 0.4, 0.5, 0.6]},
        {"title": "Phó Giám đốc Sở", "coef": 0.5, "allowed": [0.7, 0.8]},
    ]
    # Worded in the reader's number format, the list as the coefficient (not "0,9 ∉ 0.30").
    assert i18n.message("issue.lead_mismatch", flagged["args"][0], "vi").endswith(
        "(Trưởng phòng: 0,9 ∉ 0,3; 0,4; 0,5; 0,6)")
    assert i18n.message("issue.lead_mismatch", flagged["args"][0], "en").endswith(
        "(Trưởng phòng: 0.9 ∉ 0.3; 0.4; 0.5; 0.6)")


def test_a_public_service_unit_exempts_only_its_own_agency_s_titles(analyse):
    # Agency a's "Văn phòng" is a public service unit (its director's post is not in the
    # table); agency b's "Văn phòng" is a state office, so its Trưởng phòng at 0.9 is checked.
    people = [person(title="Trưởng phòng", lead_coef=0.9, unit="Văn phòng", source_file=f)
              for f in ("a.xlsx", "b.xlsx")]
    r = analyse(people, units=[{"unit": "Văn phòng", "unit_kind": "public_service_unit",
                                "source_file": "a.xlsx"}])
    flagged = r.tables["issues"].filter(pl.col("code") == "lead_mismatch")
    assert flagged.select("file", "row").rows() == [("b.xlsx", 3)]


def test_a_province_department_office_head_is_checked_as_a_division_head(analyse):
    # law.md §1: Trưởng / Phó phòng sở 0.50 / 0.30 outside Hà Nội and TP HCM; a sở's Chánh /
    # Phó Chánh Văn phòng heads one of its divisions (unconfirmed rows). 0.90 fits no row.
    people = [person(title="Chánh Văn phòng", lead_coef=0.5),
              person(title="Phó Chánh Văn phòng", lead_coef=0.3),
              person(title="Chánh Văn phòng", lead_coef=0.9)]
    r = analyse(people, as_of=dt.date(2026, 12, 1))
    flagged = r.tables["issues"].filter(pl.col("code") == "lead_mismatch")
    assert flagged["row"].to_list() == [4]
