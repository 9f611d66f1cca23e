"""Issue 11, never a silent zero: remove each essential column in turn from one good
generated workbook and the product must say what it could not compute.

Essential columns (issue 11): the coefficient (→ salary and the fund), the birth date
(→ retirement and the gap) and the staff type with the funding source (→ scope and the
target). Without one, the affected totals are NULL — never 0 —, the `summary` table marks the
run incomplete and names what is missing (`incomplete`, `not_computed`, `people_without_*`,
queries/summary.sql), the console says so in its first lines, and the exit status stays 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from click.testing import CliRunner

from streamline.analysis import analyze
from streamline.cli import main
from tests.workbook_generator import Layout, build

AS_OF = dt.date(2025, 3, 1)
ENV = {"COLUMNS": "200", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}

# One good workbook: a staff-type and a contract-type column, a funding column, a sex column
# beside one birth-date column; 10 people in 2 units, among them contract staff holding the
# grade code 01.005 that a civil servant may hold too.
GOOD = Layout(seed=4, n_people=10, n_units=2, unit_mode="sections", section_style="roman",
              depth=2, grouped=True, sex_mode="column", type_mode="both", funding_col=True,
              birth_forms=frozenset({"date", "text"}), coef_forms=frozenset({"number", "comma"}))

# Columns removed → (not_computed code, people_without_* count, summary totals that go NULL
# when nobody can be computed, staff columns that go NULL, console words (vi) of the reason).
CASES = {
    "coef": (frozenset({"coef"}), "salary_no_coef", "people_without_salary",
             ("monthly_fund", "yearly_fund", "yearly_total", "yearly_total_newest"),
             ("salary", "monthly_salary"), "hệ số lương"),
    "birth": (frozenset({"birth_date"}), "retirement_no_birth_date",
              "people_without_retirement",
              ("retiring_total", "retiring_counted_total", "gap_total", "remaining_gap_total"),
              ("retirement_month", "months_to_retirement"), "ngày sinh"),
    "scope": (frozenset({"staff_type", "contract", "funding"}), "scope_no_staff_type",
              "people_without_scope", ("in_scope", "target_total"), ("in_scope",),
              "loại cán bộ"),
}


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "good.xlsx"
    built = build(GOOD, path)
    return path, built


def test_the_good_workbook_is_complete(good):
    """The control: with every column the run is complete and no total is NULL or 0."""
    path, built = good
    types = {p.staff_type for p in built.people}
    assert {"contract", "civil_servant"} <= types, types  # the generator's own guard
    s = analyze([path], as_of=AS_OF).tables["summary"].to_dicts()[0]
    assert s["incomplete"] is False and s["not_computed"] is None, s
    assert s["people"] == len(built.people)
    assert s["people_without_salary"] == s["people_without_retirement"] == 0
    assert s["people_without_scope"] == 0
    for k in ("monthly_fund", "yearly_fund", "in_scope", "target_total"):
        assert s[k], (k, s[k])


def without(good, tmp_path, case: str):
    _, built = good
    drop = CASES[case][0]
    path = tmp_path / f"no_{case}.xlsx"
    build(replace(GOOD, drop=drop), path)
    return path, built


@pytest.mark.parametrize("case", sorted(CASES))
def test_summary_marks_the_run_incomplete(case, good, tmp_path):
    path, built = without(good, tmp_path, case)
    _, code, count, totals, staff_cols, _ = CASES[case]
    result = analyze([path], as_of=AS_OF)
    s = result.tables["summary"].to_dicts()[0]
    assert s["people"] == len(built.people), s  # nobody lost for want of a column
    assert s["incomplete"] is True, s
    assert code in (s["not_computed"] or "").split(","), s["not_computed"]
    assert s[count] > 0, s
    for k in totals:
        # Nobody's value is known: the total is unknown, never a 0.
        if s[count] == s["people"] or count == "people_without_retirement":
            assert s[k] is None, (k, s[k])
        assert s[k] != 0, (k, s[k])
    staff = result.tables["staff"]
    for c in staff_cols:
        assert staff[c].null_count() == staff.height, (c, staff[c].to_list())


def test_no_coefficient_gives_no_fund_rows_of_zero(good, tmp_path):
    """The fund table: no unit shows a monthly fund of 0 đồng for people without a
    coefficient, and each of them is an Issues row with the reason."""
    path, built = without(good, tmp_path, "coef")
    result = analyze([path], as_of=AS_OF)
    fund = result.tables["fund"]
    assert 0 not in fund["monthly_fund"].to_list(), fund
    issues = result.tables["issues"]
    flagged = issues.filter(issues["code"] == "no_salary")
    assert flagged.height == len(built.people), issues["code"].to_list()


def test_no_staff_type_counts_no_contract_worker_in_scope(good, tmp_path):
    """Without the staff-type, contract-type and funding columns, a labour-contract worker
    (grade code 01.005, "HĐ111" in the removed column) is never counted in the budget-paid
    scope: their scope is unknown (NULL), and the target is not computed from a guess."""
    path, built = without(good, tmp_path, "scope")
    result = analyze([path], as_of=AS_OF)
    staff = {r["full_name"]: r for r in result.tables["staff"].to_dicts()}
    contract = [p.name for p in built.people if p.staff_type == "contract"]
    assert contract
    counted = [n for n in contract if staff[n]["in_scope"] is True]
    assert not counted, f"contract staff counted in scope without a staff-type column: {counted}"
    assert all(staff[n]["in_scope"] is None for n in contract), \
        {n: staff[n]["in_scope"] for n in contract}
    s = result.tables["summary"].to_dicts()[0]
    assert s["target_total"] != 0, s


@pytest.mark.parametrize("case", sorted(CASES))
def test_console_says_so_first_and_exits_0(case, good, tmp_path):
    path, _ = without(good, tmp_path, case)
    words = CASES[case][-1]
    res = CliRunner(env=ENV).invoke(main, ["analyze", str(path), "--as-of", "2025-03-01",
                                           "--out", str(tmp_path / "out"), "--no-html",
                                           "--no-workbook"])
    assert res.exit_code == 0, res.output
    first = [line for line in res.stdout.splitlines() if line.strip()][:3]
    text = "\n".join(first).lower()
    assert "chưa đầy đủ" in text, first  # "Kết quả chưa đầy đủ: …"
    assert words in text, first


def test_console_in_english(good, tmp_path):
    path, _ = without(good, tmp_path, "coef")
    res = CliRunner(env=ENV).invoke(main, ["analyze", str(path), "--as-of", "2025-03-01",
                                           "--out", str(tmp_path / "out"), "--no-html",
                                           "--no-workbook", "--lang", "en"])
    assert res.exit_code == 0, res.output
    first = "\n".join([ln for ln in res.stdout.splitlines() if ln.strip()][:3]).lower()
    assert "incomplete" in first and "coefficient" in first, first
