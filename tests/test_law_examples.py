"""law.md's SI-switch boundary example through `streamline payout` and through a workbook, the
Decree 154 refund note, and the demo as of 2026-12-01 under the law of that day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from streamline.analysis import analyze
from streamline.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "so_noi_vu.xlsx"

# Woman born 03/1972: 58 y 4 m reached 07/2030, statutory pension 08/2030; n = 24;
# S = 15,590,250 = 5.33 × 2,340,000 × 1.25 (coefficient 4.98 + leadership 0.35, civil servant);
# Decree 178, first 12 months.
#   Last day 2025-06-30 → pension 2025-07-01 (new SI rule): m = 61 → 5–10-year group,
#   y = 5 y 1 m → 5.5: A1 = 0.9 × 60 × S = 841,873,500; A2 = 4 × 5.5 × S = 342,985,500;
#   A3 = (4 + 0.5 × 9) × S = 132,517,125; total 1,317,376,125.
#   Last day 2025-07-31: m = 60, y = 5: (60 + 25 + 8.5) × S = 1,457,688,375.
BOUNDARY = {dt.date(2025, 6, 30): 1_317_376_125, dt.date(2025, 7, 31): 1_457_688_375}


@pytest.mark.parametrize("leave, total", BOUNDARY.items())
def test_si_switch_boundary_through_the_payout_command(leave, total):
    res = CliRunner().invoke(main, [
        "payout", "--json", "--salary", "15.590.250", "--sex", "F", "--birth", "1972-03-10",
        "--leave", leave.isoformat(), "--si-years", "24", "--route", "early-retirement",
        "--first12", "--policy", "decree-178", "--as-of", "2025-03-01"])
    assert res.exit_code == 0, res.output
    row = json.loads(res.stdout)
    assert row["total"] == total
    if leave.month == 6:
        assert (row["months_early"], row["a1"], row["a2"], row["a3"]) == (
            61, 841_873_500, 342_985_500, 132_517_125)


def test_si_switch_boundary_through_a_workbook(analyse):
    people = [{"full_name": f"Bà {leave.month}", "unit": "P", "sex": "F",
               "birth_date": dt.date(1972, 3, 10), "staff_type": "civil_servant",
               "coef": 4.98, "lead_coef": 0.35, "si_years": 24.0,
               "route": "early_retirement", "leave_date": leave, "first12": True}
              for leave in BOUNDARY]
    pay = analyse(people, policy="decree-178").tables["payouts"].sort("leave_date")
    assert pay["s_current"].to_list() == [15_590_250, 15_590_250]
    assert pay["total"].to_list() == list(BOUNDARY.values())


def test_decree_154_payouts_say_they_are_refunded_on_rehiring():
    res = CliRunner().invoke(main, [
        "payout", "--coef", "3.33", "--staff-type", "public-employee", "--sex", "M",
        "--birth", "1980-01-01", "--si-months", "148", "--route", "quit",
        "--leave", "2026-12-31", "--as-of", "2026-12-01"])
    assert res.exit_code == 0, res.output
    assert "hoàn trả trợ cấp" in res.stdout and "60 tháng" in res.stdout


@pytest.fixture(scope="module")
def demo_today():
    return analyze([SAMPLE], as_of=dt.date(2026, 12, 1))


def test_demo_as_of_2026_12_01_applies_the_law_of_that_day(demo_today):
    s = demo_today.tables["summary"].row(0, named=True)
    assert (s["policy"], s["base_salary"]) == ("decree-154", 2_530_000)
    checks = demo_today.tables["org_checks"]
    assert "professional_share" not in checks["check_code"].to_list()  # ended 2026-06-30
    fund = demo_today.tables["fund"]
    # Trade-union fee from 2026-05-16: none for state agencies and fully budget-funded units
    # (unconfirmed), 2 % for self-financing public service units.
    assert fund.filter(pl.col("funding") == "state")["yearly_union_fee"].sum() == 0
    assert fund.filter(pl.col("funding") == "self")["yearly_union_fee"].sum() > 0
    params = demo_today.tables["parameters"]
    fee = params.filter(pl.col("name").str.starts_with("trade_union_fee[state"))
    assert fee["confirmed"].to_list() == [False]


def test_per_person_checks_point_at_the_cell_they_are_about(demo_today):
    # The sample's rows 114 (coefficient 4.5 at A1 step 7, the scale says 4.32), 137 (Chánh
    # Văn phòng at 0.3) and the people past retirement age, whose birth dates sit in the
    # sheet's men's (C) or women's (D) column: each issue names that column and quotes the
    # value as read (4.5, not 4.5000; the birth date, not the month derived from it).
    issues = demo_today.tables["issues"].filter(
        pl.col("code").is_in(["off_scale", "lead_mismatch", "past_retirement"]))
    found = {(r["code"], r["row"]): (r["column"], r["value"])
             for r in issues.iter_rows(named=True)}
    assert found[("off_scale", 114)] == ("K", "4.5")
    assert found[("lead_mismatch", 137)] == ("M", "0.3")
    assert found[("past_retirement", 28)] == ("C", "1962-08-15")
    assert found[("past_retirement", 111)] == ("D", "1969-08-16")
