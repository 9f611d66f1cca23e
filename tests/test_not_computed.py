"""Never a silent zero, and the scope columns (issue 11): a person whose salary, retirement or
scope cannot be computed is counted and said, never priced or counted as 0; funding and
contract type per person decide who is budget-paid payroll (law.md §3 Targets).

Figures worked by hand with the rules in force on 2025-03-01: base salary 2,340,000, 25 %
public-service allowance for cadres and civil servants, reduction rate 20 %, horizon
31/12/2030 (law.md §1, §3)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import polars as pl
import pytest
from rich.console import Console

from streamline.report import (
    figure_text,
    incomplete_sentence,
    localize,
    summary_items,
    with_total,
)
from streamline.report.console import print_summary
from streamline.report.html import render_html
from tests.test_schema import schema_problems

# 2.34 × 2,340,000 = 5,475,600; a civil servant adds 25 % of it: 1,368,900 → 6,844,500 a month.
SALARY_234 = 5_475_600
MONTHLY_234_CS = 6_844_500


def person(name: str, **kw) -> dict:
    base = {"full_name": name, "unit": "Phòng A", "staff_type": "civil_servant", "sex": "M",
            "birth_date": dt.date(1985, 1, 1), "coef": 2.34}
    return base | kw


def summary(result) -> dict:
    return result.tables["summary"].row(0, named=True)


def issues(result, code: str) -> list[int]:
    frame = result.tables["issues"]
    return sorted(frame.filter(frame["code"] == code)["row"].to_list())


# The computed tables that unknown inputs reach (the importer's own tables are checked with
# the importer).
COMPUTED = ("summary", "staff", "targets", "fund", "fund_by_scenario", "candidates", "payouts",
            "deferred", "issues")


def assert_schema(result) -> None:
    for name in COMPUTED:
        assert schema_problems(name, result.tables[name]) == [], name


def console_lines(result) -> list[str]:
    out = io.StringIO()
    print_summary(result, [], Console(file=out, width=200, color_system=None))
    return out.getvalue().splitlines()


# --------------------------------------------------------------------------------------------
# Coefficient → salary fund
# --------------------------------------------------------------------------------------------


def test_person_without_coefficient_is_left_out_of_the_fund_not_priced_at_zero(analyse):
    r = analyse([person("Có hệ số"), person("Không hệ số", coef=None, lead_coef=0.2)])
    staff = {s["full_name"]: s for s in r.tables["staff"].iter_rows(named=True)}
    assert staff["Có hệ số"]["salary"] == SALARY_234
    assert staff["Có hệ số"]["monthly_salary"] == MONTHLY_234_CS
    # No coefficient: every component unknown, the leadership allowance included.
    for col in ("salary", "leadership", "seniority", "public_service", "regional",
                "monthly_salary", "insurance_base", "employer_contrib", "bonus_yearly"):
        assert staff["Không hệ số"][col] is None, col
    fund = r.tables["fund"].row(0, named=True)
    assert (fund["headcount"], fund["people_without_salary"]) == (2, 1)
    assert fund["monthly_fund"] == MONTHLY_234_CS  # the priced person only, and said so
    s = summary(r)
    assert s["monthly_fund"] == MONTHLY_234_CS
    assert s["people_without_salary"] == 1
    assert s["incomplete"] is True
    assert s["not_computed"] == "salary_no_coef"
    assert issues(r, "no_salary") == [3]  # the second person's row
    assert figure_text(r, "monthly_fund", "vi") == (
        "6.844.500 (chưa đủ: 1 người thiếu hệ số lương)")
    assert figure_text(r, "monthly_fund", "en") == (
        "6,844,500 (incomplete: 1 people without a salary coefficient)")
    assert_schema(r)


def test_no_coefficient_at_all_gives_no_fund(analyse):
    r = analyse([person("A", coef=None), person("B", coef=None, unit="Phòng B")])
    s = summary(r)
    for key in ("monthly_fund", "yearly_fund", "yearly_total", "yearly_total_newest",
                "yearly_difference"):
        assert s[key] is None, key
    assert s["people_without_salary"] == 2
    assert r.tables["fund"]["monthly_fund"].null_count() == 2  # one NULL per unit, never 0
    assert r.tables["fund_by_scenario"]["yearly_total"].null_count() == 4
    assert figure_text(r, "monthly_fund", "vi") == "chưa tính"
    assert figure_text(r, "monthly_fund", "en") == "not computed"
    # Scope and target do not need the salary: 2 in scope, ⌈20 % × 2⌉ = 1.
    assert (s["in_scope"], s["target_total"]) == (2, 1)
    lines = console_lines(r)
    assert lines[0] == ("⚠ Kết quả chưa đầy đủ: 2 người thiếu hệ số lương. Các số liệu liên "
                        "quan ghi «chưa tính» hoặc «chưa đủ»; xem trang Vấn đề dữ liệu.")
    assert any("Quỹ lương tháng" in line and "chưa tính" in line for line in lines)
    assert_schema(r)


# --------------------------------------------------------------------------------------------
# Birth date → retirements
# --------------------------------------------------------------------------------------------


def test_person_without_birth_date_is_counted_as_retirement_unknown(analyse):
    # A man born 01/1963 reaches the retirement age (61 y 6 m for 2025, +3 months a year)
    # in 2024-07: past it on 2025-03-01, so retiring by the 31/12/2030 horizon.
    r = analyse([person("Đến tuổi", birth_date=dt.date(1963, 1, 1)),
                 person("Không ngày sinh", birth_date=None),
                 person("Trẻ")])
    s = summary(r)
    assert s["in_scope"] == 3
    assert s["target_total"] == 1  # ⌈20 % × 3⌉
    assert s["retiring_total"] == 1
    assert s["people_without_retirement"] == 1
    assert s["not_computed"] == "retirement_no_birth_date"
    t = r.tables["targets"].row(0, named=True)
    assert (t["retiring_by_horizon"], t["people_without_retirement"]) == (1, 1)
    assert issues(r, "no_retirement") == [3]
    assert figure_text(r, "retiring_total", "vi") == (
        "1 (chưa đủ: 1 người thuộc phạm vi thiếu ngày sinh hoặc giới tính)")
    assert figure_text(r, "monthly_fund", "vi") == "20.533.500"  # 3 × 6,844,500: complete
    assert_schema(r)


def test_no_birth_date_at_all_leaves_retirements_and_gap_not_computed(analyse):
    r = analyse([person("A", birth_date=None), person("B", birth_date=None)])
    s = summary(r)
    assert s["target_total"] == 1  # ⌈20 % × 2⌉: the target needs no birth date
    for key in ("retiring_total", "retiring_counted_total", "gap_total", "remaining_gap_total"):
        assert s[key] is None, key
    assert s["people_without_retirement"] == 2
    assert figure_text(r, "gap_total", "en") == "not computed"
    assert_schema(r)


# --------------------------------------------------------------------------------------------
# Staff type → scope and target
# --------------------------------------------------------------------------------------------


def test_person_without_staff_type_has_unknown_scope(analyse):
    r = analyse([person("CC 1"), person("CC 2"), person("Chưa rõ", staff_type=None)])
    staff = {s["full_name"]: s["in_scope"] for s in r.tables["staff"].iter_rows(named=True)}
    assert staff == {"CC 1": True, "CC 2": True, "Chưa rõ": None}
    s = summary(r)
    assert (s["in_scope"], s["out_of_scope"], s["people_without_scope"]) == (2, 0, 1)
    assert s["target_total"] == 1  # ⌈20 % × 2⌉, the unknown person left out and said
    assert r.tables["targets"]["people_without_scope"].to_list() == [1]
    assert issues(r, "no_scope") == [4]
    assert figure_text(r, "target_total", "en") == (
        "1 (incomplete: 1 people whose staff type is unknown (not given, or only inferred from "
        "the grade code))")
    assert_schema(r)


def test_no_staff_type_at_all_gives_no_scope_and_no_target(analyse):
    # The commune of issue 11: 43 people, no staff type → never "0 in scope, target 0".
    r = analyse([person(f"Người {i}", staff_type=None, coef=None) for i in range(43)])
    s = summary(r)
    for key in ("in_scope", "out_of_scope", "target_total", "retiring_total", "gap_total"):
        assert s[key] is None, key
    assert (s["people_without_scope"], s["people_without_salary"]) == (43, 43)
    assert s["not_computed"] == "scope_no_staff_type,salary_no_coef"
    assert s["incomplete"] is True
    sentence = ("⚠ Kết quả chưa đầy đủ: 43 người chưa rõ loại cán bộ, công chức, viên chức "
                "(không ghi, hoặc chỉ suy từ mã ngạch); 43 người thiếu hệ số lương. Các số liệu "
                "liên quan ghi «chưa tính» hoặc «chưa đủ»; xem trang Vấn đề dữ liệu.")
    assert incomplete_sentence(r, "vi") == sentence
    # First, wrapped at 200 columns.
    assert " ".join(" ".join(console_lines(r)).split()).startswith(sentence)
    # The workbook's summary sheet leads with the sentence; the figures say "chưa tính".
    items = {key: value for key, _, value in summary_items(r, "vi")}
    assert next(iter(items)) == "incomplete" and items["incomplete"] == sentence
    assert items["target_total"] == "chưa tính"
    assert items["monthly_fund"] == "chưa tính"
    # The HTML's first screen: the sentence, then the cards saying "chưa tính".
    page = render_html(r, "vi")
    head = page[page.index('id="headline"'):]
    head = head[:head.index("</section>")]
    assert "Kết quả chưa đầy đủ: 43 người chưa rõ loại cán bộ" in head
    assert head.count("chưa tính") >= 2  # people in scope and the target
    en = console_lines(dataclasses.replace(r, lang="en"))[0]
    assert en.startswith("⚠ Incomplete results: 43 people whose staff type is unknown (not "
                         "given, or only inferred from the grade code); 43 people without a "
                         "salary coefficient.")
    assert_schema(r)


def test_complete_run_says_nothing(analyse):
    r = analyse([person("A"), person("B")])
    s = summary(r)
    assert (s["incomplete"], s["not_computed"]) == (False, None)
    assert incomplete_sentence(r, "vi") is None
    assert next(iter(summary_items(r, "vi")))[0] != "incomplete"
    assert figure_text(r, "monthly_fund", "vi") == "13.689.000"  # 2 × 6,844,500


# --------------------------------------------------------------------------------------------
# Scope columns: contract type and funding per person
# --------------------------------------------------------------------------------------------


def scope_of(result) -> dict[str, tuple]:
    return {s["full_name"]: (s["staff_type"], s["in_scope"], s["funding"], s["funding_source"])
            for s in result.tables["staff"].iter_rows(named=True)}


def test_contract_type_decides_payroll_whatever_the_staff_type_says(analyse):
    r = analyse([
        person("HĐLĐ gõ VC", staff_type="public_employee", contract_type="labour_contract"),
        person("HĐLĐ gõ CC", contract_type="labour_contract"),
        person("KCT", staff_type=None, contract_type="part_time"),
        person("KCT gõ CC", contract_type="part_time"),
        person("HĐLV", staff_type=None, contract_type="working_contract"),
        person("Biên chế", contract_type="payroll"),
    ])
    scope = {k: v[:2] for k, v in scope_of(r).items()}
    assert scope == {
        "HĐLĐ gõ VC": ("contract", False),
        "HĐLĐ gõ CC": ("contract", False),
        "KCT": ("commune_parttime", False),
        "KCT gõ CC": ("commune_parttime", False),
        "HĐLV": ("public_employee", True),  # a working contract is a public employee's
        "Biên chế": ("civil_servant", True),
    }
    staff = {s["full_name"]: s for s in r.tables["staff"].iter_rows(named=True)}
    # A labour contract gets no public-service allowance: 2.34 × 2,340,000 = 5,475,600 only;
    # the civil servant on the payroll gets 25 % more: 6,844,500.
    assert staff["HĐLĐ gõ CC"]["public_service"] == 0
    assert staff["HĐLĐ gõ CC"]["monthly_salary"] == SALARY_234
    assert staff["Biên chế"]["monthly_salary"] == MONTHLY_234_CS
    s = summary(r)
    assert (s["in_scope"], s["out_of_scope"], s["target_total"]) == (2, 4, 1)  # ⌈20 % × 2⌉
    assert s["incomplete"] is False
    assert_schema(r)


def test_funding_per_person_overrides_the_unit(analyse):
    units = [{"unit": "Phòng A", "funding": "state"},
             {"unit": "Trung tâm", "funding": "self"}]
    r = analyse([
        person("Tự chủ ở đơn vị ngân sách", funding="self"),
        person("Ngân sách ở đơn vị tự chủ", unit="Trung tâm", funding="state"),
        person("Theo đơn vị tự chủ", unit="Trung tâm"),
        person("Theo đơn vị ngân sách"),
        person("Tự chủ một phần", funding="partial"),
        person("Không ghi", unit="Phòng khác"),
    ], units=units)
    assert scope_of(r) == {
        "Tự chủ ở đơn vị ngân sách": ("civil_servant", False, "self", "person"),
        "Ngân sách ở đơn vị tự chủ": ("civil_servant", True, "state", "person"),
        "Theo đơn vị tự chủ": ("civil_servant", False, "self", "unit"),
        "Theo đơn vị ngân sách": ("civil_servant", True, "state", "unit"),
        "Tự chủ một phần": ("civil_servant", True, "partial", "person"),
        "Không ghi": ("civil_servant", True, "state", "assumed"),
    }
    s = summary(r)
    assert (s["in_scope"], s["out_of_scope"]) == (4, 2)
    # The fund follows the person's funding: Phòng A holds a self-funded, a state and a partly
    # self-funded row of one person each (6,844,500 a month each).
    fund = r.tables["fund"].filter(r.tables["fund"]["unit"] == "Phòng A")
    assert dict(zip(fund["funding"], fund["monthly_fund"], strict=True)) == {
        "partial": MONTHLY_234_CS, "self": MONTHLY_234_CS, "state": MONTHLY_234_CS}
    assert_schema(r)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_issue_messages_are_worded(analyse, lang):
    r = analyse([person("A", coef=None, staff_type=None)])
    shown = localize("issues", r.tables["issues"], lang)
    words = set(shown["message"].to_list())
    expected = {"vi": ("Thiếu hệ số lương", "Thiếu loại cán bộ"),
                "en": ("Salary coefficient missing", "Staff type missing")}[lang]
    for start in expected:
        assert any(w.startswith(start) for w in words), (start, words)


def test_proposed_person_without_coefficient_leaves_cost_and_saving_unknown(analyse):
    # A volunteer without a coefficient: S unknown, so the payout and the saving are unknown
    # (never 0), and so are the totals they enter.
    people = [person(f"CC {i}") for i in range(4)] + [
        person("Tình nguyện", coef=None, volunteer=True, si_years=20)]
    r = analyse(people)
    payout = r.tables["payouts"].row(0, named=True)
    assert payout["full_name"] == "Tình nguyện"
    assert (payout["s_current"], payout["total"], payout["annual_saving"]) == (None, None, None)
    s = summary(r)
    assert (s["one_off_cost"], s["payouts_unknown"], s["annual_saving"]) == (None, 1, None)
    assert r.tables["targets"]["annual_saving"].to_list() == [None]
    for name in ("summary", "staff", "targets", "candidates"):
        assert schema_problems(name, r.tables[name]) == [], name


def test_volunteer_without_coefficient_has_an_unknown_payout_not_zero(analyse):
    """A volunteer with no coefficient is proposed on their request, but S cannot be priced:
    every payout amount is NULL with the reason `salary_unknown`, and the one-off cost is not
    computed (never 0)."""
    people = [person("Lê Văn A", coef=None, volunteer=True, si_years=20,
                     birth_date=dt.date(1980, 5, 1))]
    people += [person(f"Trần Văn {c}") for c in "BCDE"]  # target ⌈0.2 × 5⌉ = 1, no retiree
    result = analyse(people, as_of=dt.date(2026, 12, 1))
    pay = result.tables["payouts"].row(0, named=True)
    assert pay["full_name"] == "Lê Văn A"
    assert (pay["reason_code"], pay["total"], pay["a1"], pay["b1"]) == (
        "salary_unknown", None, None, None)
    assert summary(result)["one_off_cost"] is None
    assert_schema(result)


# --------------------------------------------------------------------------------------------
# Unknown in the job-position, proposal and staff tables (found by an independent check)
# --------------------------------------------------------------------------------------------


def test_positions_without_a_quota_have_no_vacancy_or_surplus_of_zero(analyse):
    people = [person(f"P{i}", position=pos) for i, pos in
              enumerate(("Chuyên viên", "Chuyên viên", "Kế toán", "Văn thư"))]
    r = analyse(people, positions=[
        {"unit": "Phòng A", "position": "Chuyên viên", "category": "professional", "quota": 1},
        {"unit": "Phòng A", "position": "Kế toán", "category": "professional"},
        {"unit": "Phòng A", "position": "Văn thư", "category": "support", "quota": 2}])
    rows = r.tables["positions"].select("position", "quota", "present", "vacancies", "surplus")
    assert sorted(rows.rows()) == [("Chuyên viên", 1, 2, 0, 1), ("Kế toán", None, 1, None, None),
                                   ("Văn thư", 2, 1, 1, 0)]
    # A group's quota is unknown while one of its positions has none (never 1 of 2).
    groups = r.tables["positions_by_category"].select("category", "quota", "present")
    assert sorted(groups.rows()) == [("professional", None, 3), ("support", 2, 1)]
    unit = r.tables["rollup"].filter(pl.col("level") == 2).row(0, named=True)
    assert (unit["quota"], unit["surplus"], unit["vacancies"]) == (None, None, None)
    assert_schema(r)


def test_a_proposal_whose_payout_lacks_an_input_has_no_total_of_zero(analyse):
    # A volunteer without SI years: the payout is unknown (si_unknown), in the proposal list
    # as in the payouts (it read 0 in the proposal list).
    r = analyse([person("Không BHXH", volunteer=True, birth_date=dt.date(1975, 1, 1))]
                + [person(f"P{i}") for i in range(4)])
    cand = r.tables["candidates"].filter(pl.col("proposed")).row(0, named=True)
    assert cand["full_name"] == "Không BHXH" and cand["payout_total"] is None
    pay = r.tables["payouts"].row(0, named=True)
    assert (pay["total"], pay["reason_code"]) == (None, "si_unknown")
    assert_schema(r)


def test_retirement_flags_are_unknown_without_a_birth_date(analyse):
    r = analyse([person("Không ngày sinh", birth_date=None, volunteer=True, si_years=20),
                 person("Trẻ")])
    row = r.tables["staff"].filter(pl.col("full_name") == "Không ngày sinh").row(0, named=True)
    assert (row["past_retirement"], row["retiring_by_horizon"]) == (None, None)
    # Unknown is not "retiring anyway": a volunteer without a birth date is still listed.
    assert "Không ngày sinh" in r.tables["candidates"]["full_name"].to_list()
    assert_schema(r)


def test_the_total_lines_add_up_the_people_left_uncounted(analyse):
    r = analyse([person("Không loại", staff_type=None), person("Không ngày sinh", birth_date=None),
                 person("Không hệ số", coef=None), person("Đủ")])
    targets, _ = with_total("targets", r.tables["targets"], "vi")
    fund, _ = with_total("fund", r.tables["fund"], "vi")
    assert targets.select("people_without_scope", "people_without_retirement").row(-1) == (1, 1)
    assert fund["people_without_salary"][-1] == 1
