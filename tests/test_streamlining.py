"""Streamlining payouts and proposals (issue 3, law.md §3).

Golden figures: the two published MOHA examples (Decree 178, base 2,340,000), the Ministry of
Defence example (S given), every bracket boundary, law.md's SI-law-switch boundary example
(judged by the pension-start date), and one Decree 29 and one Decree 154 case worked by hand
in the comments (Decree 154's other routes and worked examples: tests/test_decree154.py).
Properties: payouts are never negative and never decrease when S or SI years grow; deferred
people are never candidates.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streamline.cli import main
from streamline.params import load_params
from streamline.payout import payout_rows
from streamline.regimes import select_regime
from streamline.report import with_text

AS_OF = dt.date(2025, 3, 1)
PARAMS = load_params()


def cli_json(*args: str) -> dict:
    res = CliRunner().invoke(main, ["payout", "--json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


# --------------------------------------------------------------------------------------------
# Published examples through `streamline payout`
# --------------------------------------------------------------------------------------------

MR_C = ["--coef", "4.65", "--lead", "0.6", "--staff-type", "civil-servant", "--sex", "M",
        "--birth", "1966-01-20", "--leave", "2025-04-30", "--si-years", "22",
        "--route", "early-retirement", "--policy", "decree-178", "--as-of", "2025-03-01"]
# Mr M: 3.66, civil servant, 15 SI years; born 1980 → far from retirement, k = min(60, 180).
MR_M = ["--coef", "3.66", "--staff-type", "civil-servant", "--sex", "M", "--birth", "1980-05-01",
        "--leave", "2025-04-30", "--si-years", "15", "--route", "quit",
        "--policy", "decree-178", "--as-of", "2025-03-01"]


def test_moha_mr_c_early_retirement_cli():
    # S = (4.65 + 0.6) × 2,340,000 × 1.25 = 15,356,250. Born 01/1966 → retirement month
    # 2027-10, leaving at the end of 2025-04: m = 30, y = 2.5; first 12 months; n = 22.
    r = cli_json(*MR_C)
    assert r["s_current"] == 15_356_250
    assert (r["months_early"], Decimal(str(r["years_early"]))) == (30, Decimal("2.5"))
    assert (r["a1"], r["a2"], r["a3"]) == (460_687_500, 191_953_125, 92_137_500)
    assert r["total"] == 744_778_125
    assert r["eligible"] and r["pension_waiver"]


def test_moha_mr_m_quit_cli():
    r = cli_json(*MR_M)
    assert r["s_current"] == 10_705_500
    assert (r["b1"], r["b2"], r["b3"]) == (513_864_000, 240_873_750, 32_116_500)
    assert r["total"] == 786_854_250
    assert r["eligible"] and not r["pension_waiver"]


def test_payout_prints_components_vietnamese_and_english():
    out = CliRunner().invoke(main, ["payout", *MR_C]).output
    for text in ("460.687.500", "191.953.125", "92.137.500", "744.778.125", "Tổng cộng"):
        assert text in out, out
    out = CliRunner().invoke(main, ["payout", *MR_M, "--lang", "en"]).output
    for text in ("513,864,000", "240,873,750", "32,116,500", "786,854,250", "Total"):
        assert text in out, out


def test_ministry_of_defence_example_salary_given():
    # S = 30,000,000; 48 months early inside the first 12 months; 35.5 SI years before
    # 2025-07-01: A1 = 30M × 48 = 1,440,000,000; A2 = 5 × 30M × 4 = 600,000,000;
    # A3 = 5 × 30M + 0.5 × 30M × 15.5 = 382,500,000; total 2,422,500,000.
    r = cli_json("--salary", "30.000.000", "--months-early", "48", "--leave", "2025-04-30",
                 "--si-years", "35.5", "--route", "early-retirement", "--first12",
                 "--policy", "decree-178", "--as-of", "2025-03-01")
    assert (r["a1"], r["a2"], r["a3"], r["total"]) == (
        1_440_000_000, 600_000_000, 382_500_000, 2_422_500_000)


def test_a_default_regime_says_what_it_assumes():
    # law.md §3: Decree 178 is the default for reorganisation cases only; in 2025 the tool
    # takes every leaver for one and says so, with the choices for an ordinary case.
    args = ["payout", "--salary", "10.000.000", "--months-early", "36", "--si-years", "25",
            "--lang", "en"]
    in_2025 = CliRunner().invoke(main, [*args, "--as-of", "2025-06-01"], env={"COLUMNS": "300"})
    assert "default: taken as a case of the apparatus reorganisation; ordinary streamlining: " \
        "--policy 29 to 15/6/2025, --policy 154 from 16/6/2025" in in_2025.output
    in_2026 = CliRunner().invoke(main, [*args, "--as-of", "2026-06-01"], env={"COLUMNS": "300"})
    assert "Decree 154/2025 (default)" in in_2026.output


def test_payout_takes_a_birth_year_alone_as_january():
    # law.md §2: a year alone is January. Born 01/1968, a man retires at 62 in 01/2030: 36
    # months early on 31/12/2026.
    args = ["--coef", "4.65", "--sex", "M", "--si-years", "30", "--as-of", "2026-12-01"]
    by_year, by_day = (cli_json(*args, "--birth", b) for b in ("1968", "1968-01-01"))
    assert by_year["months_early"] == by_day["months_early"] == 36
    assert by_year["total"] == by_day["total"] is not None
    shown = CliRunner().invoke(main, ["payout", *args, "--birth", "1968", "--lang", "en"],
                               env={"COLUMNS": "200"})
    assert "Only the year «1968»: January assumed" in shown.output


def test_payout_user_mistake_is_one_line_exit_2():
    res = CliRunner().invoke(main, ["payout", "--coef", "4.65", "--as-of", "2025-03-01"])
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1 and "lỗi" in res.output
    res = CliRunner().invoke(main, ["payout", "--salary", "abc", "--months-early", "30",
                                    "--si-years", "20"])
    assert res.exit_code == 2


# --------------------------------------------------------------------------------------------
# Golden boundaries (S = 10,000,000 given directly; months early given directly)
# --------------------------------------------------------------------------------------------

S = 10_000_000


def pay(months, si_months=240, route="early_retirement", leave=dt.date(2025, 4, 30),
        policy="decree-178", as_of=AS_OF, salary=S, **person) -> dict:
    person = {"staff_type": "civil_servant", "route": route, "leave_date": leave,
              "si_months": si_months, **person}
    _, frame = payout_rows(PARAMS, as_of, [person], policy, salary=salary, months=months)
    return frame.to_dicts()[0]


@pytest.mark.parametrize("months, a1, a2, a3", [
    # < 2 years: A1 = 1.0 × S × m; no A2; no A3 (law.md: U, evidence says none).
    (23, 230_000_000, 0, 0),
    # exactly 2 years left: the 2–5 bracket. A2 = 5 × S × 2; A3 = 5 × S (n = 20).
    (24, 240_000_000, 100_000_000, 50_000_000),
    # exactly 5 years left: still ≤ 5. A1 = S × 60; A2 = 5 × S × 5.
    (60, 600_000_000, 250_000_000, 50_000_000),
    # 5 years 1 month: > 5 to 10. A1 = 0.9 × S × 60; y = 5.5 → A2 = 4 × S × 5.5.
    (61, 540_000_000, 220_000_000, 50_000_000),
    # exactly 10 years left: still eligible. A2 = 4 × S × 10.
    (120, 540_000_000, 400_000_000, 50_000_000),
])
def test_decree_178_early_retirement_brackets(months, a1, a2, a3):
    r = pay(months)
    assert r["eligible"], r["reason"]
    assert (r["a1"], r["a2"], r["a3"]) == (a1, a2, a3)
    assert r["total"] == a1 + a2 + a3


def test_decree_178_more_than_10_years_not_eligible():
    r = pay(121)
    assert not r["eligible"] and r["reason_code"] == "too_far" and r["total"] == 0
    # The sentence quotes the regime's own limit (er_max_months = 120 → 10 years).
    facts = {"er_max_years": Decimal(120) / 12}
    worded = with_text("payouts", pl.DataFrame([r]), "vi", facts).row(0, named=True)
    assert "Còn hơn 10 năm" in worded["reason"]


def test_six_versus_seven_leftover_months():
    # y: 30 months = 2 y 6 m → 2.5; 31 months = 2 y 7 m → 3. A2 = 5 × S × y.
    assert pay(30)["a2"] == 125_000_000
    assert pay(31)["a2"] == 150_000_000
    # n: 20 y 6 m → 20.5 → A3 = 5 S + 0.5 S × 0.5; 20 y 7 m → 21 → 5 S + 0.5 S × 1.
    assert pay(30, si_months=246)["a3"] == 52_500_000
    assert pay(30, si_months=247)["a3"] == 55_000_000
    # B2 = 1.5 × S × n with n = 20.5 and 21.
    assert pay(100, si_months=246, route="quit")["b2"] == 307_500_000
    assert pay(100, si_months=247, route="quit")["b2"] == 315_000_000


def test_a3_before_and_after_2025_07_01():
    # The SI-law switch is judged by the PENSION-START date (law.md §3), the first day of the
    # month after the leave date — not by the last working day.
    # n = 22. Leaving 2025-05-31 → pension 2025-06-01 (old rule): 5 S + 0.5 S × 2 = 6 S.
    assert pay(30, si_months=264, leave=dt.date(2025, 5, 31))["a3"] == 60_000_000
    # Leaving 2025-06-30 → pension 2025-07-01 (new rule): 4 S + 0.5 S × 7 = 7.5 S.
    assert pay(30, si_months=264, leave=dt.date(2025, 6, 30))["a3"] == 75_000_000
    assert pay(30, si_months=264, leave=dt.date(2025, 7, 31))["a3"] == 75_000_000
    # n = 17: no pension from 2025-06-01 (20 years needed), 15 years from 2025-07-01: 4 S + 1 S.
    before = pay(30, si_months=204, leave=dt.date(2025, 5, 31))
    assert not before["eligible"] and before["reason_code"] == "si_short"
    assert pay(30, si_months=204, leave=dt.date(2025, 6, 30))["a3"] == 50_000_000


# law.md §3 "SI-law switch", boundary example (Decree 178, first 12 months, base 2,340,000):
# woman born 03/1972. Women's age rises 4 months a year from 55 y 4 m in 2021: 58 y 4 m in
# 2030 → 03/1972 + 58 y 4 m = 07/2030 (in 2029 the age is 58 y → 03/2030, not in 2029), so the
# retirement month is 07/2030 and the statutory pension starts 08/2030.
# S = 5.33 × 2,340,000 × 1.25 (public-service allowance) = 15,590,250; n = 24.
BOUNDARY = ["--coef", "5.33", "--staff-type", "civil-servant", "--sex", "F",
            "--birth", "1972-03-15", "--first12", "--route", "early-retirement",
            "--policy", "decree-178", "--as-of", "2025-03-01"]


def test_boundary_example_last_day_2025_06_30():
    # Last day 2025-06-30 → pension 2025-07-01 (the new SI law).
    # m = (2030·12 + 6) − (2025·12 + 5) = 61 → more than 5 to 10 years; y = 5 y 1 m → 5.5.
    #   A1 = 0.9 × 60 × S = 54 × 15,590,250          = 841,873,500
    #   A2 = 4 × 5.5 × S  = 22 × 15,590,250          = 342,985,500
    #   A3 = (4 + 0.5 × (24 − 15)) × S = 8.5 × S     = 132,517,125   (not 7 × S = 109,131,750)
    #   total                                        = 1,317,376,125
    r = cli_json(*BOUNDARY, "--leave", "2025-06-30", "--si-years", "24")
    assert r["s_current"] == 15_590_250
    assert (r["months_early"], Decimal(str(r["years_early"]))) == (61, Decimal("5.5"))
    assert (r["a1"], r["a2"], r["a3"]) == (841_873_500, 342_985_500, 132_517_125)
    assert r["total"] == 1_317_376_125 and r["eligible"]


def test_boundary_example_last_day_2025_07_31():
    # Last day 2025-07-31: m = 60, y = 5 → the ≤ 5-year bracket.
    #   A1 = 1.0 × 60 × S = 60 S;  A2 = 5 × 5 × S = 25 S;  A3 = 8.5 S
    #   total (60 + 25 + 8.5) × 15,590,250 = 93.5 × 15,590,250 = 1,457,688,375
    r = cli_json(*BOUNDARY, "--leave", "2025-07-31", "--si-years", "24")
    assert (r["months_early"], Decimal(str(r["years_early"]))) == (60, Decimal("5"))
    assert (r["a1"], r["a2"], r["a3"]) == (935_415_000, 389_756_250, 132_517_125)
    assert r["total"] == 1_457_688_375


def test_boundary_example_17_si_years():
    # "With 17 SI years, a pension from 2025-07-01 allows early retirement; from 2025-06-01,
    # not." Pension from 2025-07-01 (last day 2025-06-30): 15 years suffice; A3 = (4 + 0.5 × 2)
    # × S = 5 S; total (54 + 22 + 5) × S = 81 × 15,590,250 = 1,262,810,250.
    r = cli_json(*BOUNDARY, "--leave", "2025-06-30", "--si-years", "17")
    assert r["eligible"] and r["a3"] == 77_951_250 and r["total"] == 1_262_810_250
    # Pension from 2025-06-01 (last day 2025-05-31): 20 years needed.
    r = cli_json(*BOUNDARY, "--leave", "2025-05-31", "--si-years", "17")
    assert not r["eligible"] and r["reason_code"] == "si_short" and r["total"] == 0


def test_first_12_months_versus_later():
    # Reorganisation decision 2024-01-01: leaving 2025-04-30 is after its first 12 months.
    later = pay(30, reorg_date=dt.date(2024, 1, 1))
    assert (later["first12"], later["first12_source"]) == (False, "reorg_date")
    assert later["a1"] == 150_000_000  # 0.5 × S × 30
    within = pay(30, reorg_date=dt.date(2025, 1, 1))
    assert within["first12"] and within["a1"] == 300_000_000  # 1.0 × S × 30
    assert pay(30, first12=False)["a1"] == 150_000_000
    # Quitting: B1 = 0.8 × S × 60 within, 0.4 × S × 60 later (k = min(60, 240)).
    assert pay(100, route="quit", first12=True)["b1"] == 480_000_000
    assert pay(100, route="quit", first12=False)["b1"] == 240_000_000
    # Neither flag nor date: assumed first 12 months, and the note says so.
    assumed = pay(30)
    assert assumed["first12"] and "first12_assumed" in assumed["note_codes"].split(",")


def test_quitting_needs_two_years_left():
    assert pay(24, route="quit")["eligible"]
    r = pay(23, route="quit")
    assert not r["eligible"] and r["reason_code"] == "under_2_years"


def test_public_employee_b3_is_flagged_unconfirmed():
    r = pay(100, route="quit", staff_type="public_employee")
    assert r["b3"] == 30_000_000 and "B3:b3_public_employee" in r["unconfirmed_codes"]
    regime = select_regime(PARAMS, AS_OF, "decree-178")
    worded = with_text("payouts", pl.DataFrame([r]), "vi", {"rule_notes": regime.notes})
    assert "B3: B3 cho viên chức (Điều 10): 3 × S" in worded["unconfirmed"][0]  # in words
    worded = with_text("payouts", pl.DataFrame([r]), "en", {"rule_notes_en": regime.notes_en})
    assert "B3: B3 for public employees (Art. 10): 3 × S" in worded["unconfirmed"][0]
    assert "b3_public_employee" not in pay(100, route="quit")["unconfirmed_codes"]


def test_default_leave_date_is_end_of_next_month():
    r = pay(30, leave=None)
    assert r["leave_date"] == dt.date(2025, 4, 30)
    assert "leave_default" in r["note_codes"].split(",")


def test_default_policy_by_as_of_date():
    assert select_regime(PARAMS, dt.date(2024, 5, 1)).code == "decree-29"
    assert select_regime(PARAMS, dt.date(2025, 3, 1)).code == "decree-178"
    assert select_regime(PARAMS, dt.date(2025, 10, 1)).code == "decree-154"
    assert select_regime(PARAMS, dt.date(2025, 3, 1)).defaulted
    assert not select_regime(PARAMS, dt.date(2025, 3, 1), "decree-154").defaulted


# --------------------------------------------------------------------------------------------
# Decree 29 and Decree 154, worked by hand
# --------------------------------------------------------------------------------------------

def test_decree_29_worked_by_hand():
    # Man born 1966-10-05, coefficient 4.0, civil servant; 60-month average salary 9,000,000;
    # 306 SI months; leaves 2025-04-30 (as of 2025-03-01, Decree 29 in force until 2025-06-15).
    # Retirement (law.md §2): men retire at 62 from 2028 → 1966-10 + 62 y = 2028-10 (in 2027
    # the age is 61 y 9 m → 2028-07, not inside 2027). Months early = (2028·12 + 9) −
    # (2025·12 + 3) = 42 → y = 3 y 6 m → 3.5 (6 leftover months count 0.5).
    # n: 306 months = 25 y 6 m → 25.5. Between 2 and 5 years left, n ≥ 20 → early retirement:
    #   Sbar = 9,000,000
    #   per year early:  3 × Sbar × 3.5           =  94,500,000
    #   SI allowance:    5 × Sbar + 0.5 × Sbar × (25.5 − 20) = 45,000,000 + 24,750,000
    #                                              =  69,750,000
    #   total                                      = 164,250,000
    person = dict(coef=Decimal("4.0"), staff_type="civil_servant", sex="M",
                  birth_date=dt.date(1966, 10, 5), leave_date=dt.date(2025, 4, 30),
                  si_months=306, avg_salary_60m=9_000_000, route="early_retirement")
    _, f = payout_rows(PARAMS, AS_OF, [person], "decree-29")
    r = f.to_dicts()[0]
    assert (r["months_early"], Decimal(str(r["years_early"]))) == (42, Decimal("3.5"))
    assert Decimal(str(r["si_years"])) == Decimal("25.5")
    assert (r["a1"], r["a2"], r["a3"], r["total"]) == (0, 94_500_000, 69_750_000, 164_250_000)
    assert r["pension_waiver"] and r["eligible"]
    # Current S under Decree 29 = grade salary 4.0 × 2,340,000 = 9,360,000 (no 25 %).
    assert r["s_current"] == 9_360_000 and r["s_avg"] == 9_000_000

    # Quitting at once, man born 1980-05-01 (far from retirement, so not eligible for early
    # retirement), same salaries, 180 SI months (n = 15):
    #   per SI year:  1.5 × Sbar × 15 = 202,500,000
    #   job search:   3 × S (current) = 3 × 9,360,000 = 28,080,000
    #   total                          = 230,580,000
    quitter = {**person, "birth_date": dt.date(1980, 5, 1), "si_months": 180, "route": "quit"}
    _, f = payout_rows(PARAMS, AS_OF, [quitter], "decree-29")
    q = f.to_dicts()[0]
    assert (q["b1"], q["b2"], q["b3"], q["total"]) == (0, 202_500_000, 28_080_000, 230_580_000)
    # Without the 60-month average, S is used and the note says so.
    _, f = payout_rows(PARAMS, AS_OF, [{**quitter, "avg_salary_60m": None}], "decree-29")
    assert "avg_missing" in f.to_dicts()[0]["note_codes"].split(",")


def test_decree_154_worked_by_hand():
    # As of 2025-10-01 (Decree 154). Man born 1966-10-05 → retirement month 2028-10 (see the
    # Decree 29 case); leaves 2025-10-31 → months early = (2028·12+9) − (2025·12+9) = 36,
    # y = 3. Coefficient 4.65 + leadership 0.6, civil servant: Decree 154's S has no 25 %
    # public-service allowance: S = 5.25 × 2,340,000 = 12,285,000. n = 18 (216 months):
    # leaving after 2025-07-01 a pension needs 15 years, and 15 ≤ n < 20 gives the flat 5 × S.
    #   per year early:  5 × S × 3 = 184,275,000
    #   SI allowance:    5 × S     =  61,425,000
    #   total                      = 245,700,000     (no months-based A1 under Decree 154)
    as_of = dt.date(2025, 10, 1)
    person = dict(coef=Decimal("4.65"), lead_coef=Decimal("0.6"), staff_type="civil_servant",
                  sex="M", birth_date=dt.date(1966, 10, 5), leave_date=dt.date(2025, 10, 31),
                  si_months=216, route="early_retirement")
    regime, f = payout_rows(PARAMS, as_of, [person])
    assert regime.code == "decree-154" and regime.defaulted
    r = f.to_dicts()[0]
    assert r["s_current"] == 12_285_000 and r["s_public_service"] == 0
    assert (r["a1"], r["a2"], r["a3"], r["total"]) == (0, 184_275_000, 61_425_000, 245_700_000)
    # Decree 154's M items are confirmed (law.md: M → confirmed, "[nguồn thứ cấp]"); the
    # rounding of y and n for civil servants is U.
    assert "A2:er_per_year" not in r["unconfirmed_codes"]
    assert "A2:y_half_max_months" in r["unconfirmed_codes"]
    # Eligible for early retirement, so not for quitting at once (Art. 8(1)).
    _, f = payout_rows(PARAMS, as_of, [{**person, "route": "quit"}])
    assert f.to_dicts()[0]["reason_code"] == "early_retirement_instead"
    # More than 5 years left (born 1970-01-01): no early-retirement bracket under Decree 154 …
    far = {**person, "birth_date": dt.date(1970, 1, 1)}
    _, f = payout_rows(PARAMS, as_of, [far])
    assert f.to_dicts()[0]["reason_code"] == "too_far"
    # … so he may quit at once, n = 18: 1.5 × S × 18 = 331,695,000; job search 3 × S =
    # 36,855,000; total 368,550,000.
    _, f = payout_rows(PARAMS, as_of, [{**far, "route": "quit"}])
    q = f.to_dicts()[0]
    assert (q["b1"], q["b2"], q["b3"], q["total"]) == (0, 331_695_000, 36_855_000, 368_550_000)


# --------------------------------------------------------------------------------------------
# A workbook analysed end to end (openpyxl), --as-of 2025-03-01 --policy decree-178
# --------------------------------------------------------------------------------------------

HEADER = ["STT", "Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Loại", "Hệ số lương",
          "Phụ cấp chức vụ", "Đơn vị", "Hình thức nghỉ", "Thời điểm nghỉ", "Số năm đóng BHXH",
          "Dôi dư", "Đang mang thai", "Đang bị kỷ luật", "Xếp loại năm 2024",
          "Xếp loại năm 2023"]
TC, KH = "Phòng Tổ chức", "Phòng Kế hoạch"
ROWS = [
    # Phòng Tổ chức: 5 in scope → target 1; Mr C retires in 2027 (natural) → gap 0.
    ["CB01", "Ông C", "20/01/1966", "Nam", "Công chức", 4.65, 0.6, TC, "Nghỉ hưu trước tuổi",
     "30/04/2025", 22, None, None, None, None, None],
    ["CB02", "Ông M", "01/05/1980", "Nam", "Công chức", 3.66, None, TC, "Thôi việc",
     "30/04/2025", 15, None, None, None, None, None],
    ["CB03", "Trần Văn X", "01/01/1985", "Nam", "Công chức", 3.00, None, TC, None, None, 15,
     None, None, None, "HTTNV", "HTTNV"],
    ["CB04", "Lê Thị Y", "01/01/1992", "Nữ", "Công chức", 2.34, None, TC, None, None, 8,
     None, None, None, "HTTNV", "HTXSNV"],
    ["CB05", "Phạm Văn Z", "01/06/1972", "Nam", "Công chức", 4.00, None, TC, None, None, 28,
     None, None, None, "HTTNV", "HTTNV"],
    # Phòng Kế hoạch: 6 in scope → target 2, no natural retirement → gap 2.
    ["KH01", "Nguyễn Thị Mai", "01/01/1990", "Nữ", "Công chức", 3.00, None, KH, "Thôi việc",
     None, 10, "x", "x", None, None, None],  # pregnant: deferred even with a route
    ["KH02", "Hoàng Văn Kỷ", "01/01/1985", "Nam", "Công chức", 3.33, None, KH, None, None, 15,
     "x", None, "x", None, None],  # under discipline: deferred
    ["KH03", "Đỗ Văn Dư", "10/03/1978", "Nam", "Công chức", 3.00, None, KH, None, None, 20,
     "x", None, None, "HTNV", "HTNV"],  # surplus
    ["KH04", "Vũ Thị Hạnh", "15/06/1975", "Nữ", "Công chức", 4.00, None, KH, None, None, 25,
     None, None, None, "KHTNV", "HTNV"],  # not completed last year (Decree 29 list)
    ["KH05", "Bùi Văn An", "01/01/1990", "Nam", "Công chức", 2.67, None, KH, None, None, 8,
     None, None, None, "HTTNV", "HTTNV"],
    ["KH06", "Đinh Thị Bình", "01/01/1988", "Nữ", "Công chức", 2.34, None, KH, None, None, 10,
     None, None, None, "HTXSNV", "HTTNV"],
]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    from openpyxl import Workbook

    folder = tmp_path_factory.mktemp("streamlining")
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC ĐỀ NGHỊ TINH GIẢN"])
    ws.append(HEADER)
    for i, row in enumerate(ROWS, start=1):
        ws.append([i, *row])
    path = folder / "tinh_gian.xlsx"
    wb.save(path)
    tables = folder / "tables"
    res = CliRunner().invoke(
        main,
        ["analyze", str(path), "--as-of", "2025-03-01", "--policy", "decree-178",
         "--tables", str(tables), "--out", str(folder), "--no-html"],
    )
    assert res.exit_code == 0, res.output + repr(res.exception)
    return tables


def _read(tables: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(tables / f"{name}.parquet")


def test_workbook_moha_examples_exact(analysed):
    payouts = _read(analysed, "payouts")
    c = payouts.filter(pl.col("full_name") == "Ông C").to_dicts()[0]
    assert (c["regime"], c["route"], c["s_current"]) == ("decree-178", "early_retirement",
                                                         15_356_250)
    assert (c["a1"], c["a2"], c["a3"], c["total"]) == (
        460_687_500, 191_953_125, 92_137_500, 744_778_125)
    m = payouts.filter(pl.col("full_name") == "Ông M").to_dicts()[0]
    assert (m["route"], m["s_current"]) == ("quit", 10_705_500)
    assert (m["b1"], m["b2"], m["b3"], m["total"]) == (
        513_864_000, 240_873_750, 32_116_500, 786_854_250)
    for column in ("employee_id", "regime", "route", "s_current", "months_early",
                   "years_early", "si_years", "a1", "a2", "a3", "b1", "b2", "b3", "total",
                   "annual_saving", "payback_months", "eligible", "reason_code"):
        assert column in payouts.columns


def test_workbook_proposals_fill_the_gap(analysed):
    cand = _read(analysed, "candidates")
    proposed = set(cand.filter(pl.col("proposed"))["employee_id"])
    # Stated routes are taken as they are; Phòng Kế hoạch's gap of 2 goes to the two people
    # with decree triggers (surplus; "not completed" last year), not to the others.
    assert proposed == {"CB01", "CB02", "KH03", "KH04"}
    kh03 = cand.filter(pl.col("employee_id") == "KH03").to_dicts()[0]
    assert kh03["trig_surplus"] and "surplus" in kh03["reason_codes"].split(",")
    kh04 = cand.filter(pl.col("employee_id") == "KH04").to_dicts()[0]
    assert kh04["trig_rating"] and kh04["route"] == "quit"  # 122 months left: > 10 years
    targets = _read(analysed, "targets").filter(pl.col("unit") == KH).to_dicts()[0]
    assert (targets["target"], targets["gap"], targets["proposed"], targets["remaining_gap"]) \
        == (2, 2, 2, 0)
    payouts = _read(analysed, "payouts").filter(pl.col("unit") == KH)
    assert targets["one_off_cost"] == payouts["total"].sum() > 0
    assert targets["annual_saving"] == payouts["annual_saving"].sum() > 0
    summary = _read(analysed, "summary").row(0, named=True)
    assert summary["policy"] == "decree-178"
    assert summary["one_off_cost"] == _read(analysed, "payouts")["total"].sum()


def test_workbook_deferred_never_proposed(analysed):
    deferred = _read(analysed, "deferred")
    assert set(deferred["employee_id"]) == {"KH01", "KH02"}
    reasons = dict(zip(deferred["employee_id"], deferred["reason_codes"], strict=True))
    assert "pregnant" in reasons["KH01"] and "discipline" in reasons["KH02"]
    cand = _read(analysed, "candidates")
    assert not set(deferred["employee_id"]) & set(cand["employee_id"])
    assert not set(deferred["employee_id"]) & set(_read(analysed, "payouts")["employee_id"])


def test_annual_saving_and_payback(analysed):
    m = _read(analysed, "payouts").filter(pl.col("full_name") == "Ông M").to_dicts()[0]
    # 12 × (monthly salary + employer contributions) + yearly bonus, civil servant 20.5 %:
    # monthly 10,705,500; insurance base 8,564,400 → 1,755,702; bonus 10 % × 12 × 8,564,400.
    assert m["annual_saving"] == 12 * (10_705_500 + 1_755_702) + 10_277_280
    assert float(m["payback_months"]) == pytest.approx(786_854_250 * 12 / m["annual_saving"],
                                                       abs=0.05)


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

REGIME_DATES = {"decree-178": AS_OF, "decree-154": dt.date(2025, 10, 1),
                "decree-29": dt.date(2024, 6, 1)}
COMPONENTS = ("a1", "a2", "a3", "b1", "b2", "b3", "total")

person_st = st.fixed_dictionaries({
    "coef": st.decimals(min_value=Decimal("1.00"), max_value=Decimal("10.00"), places=2),
    "lead_coef": st.sampled_from([None, Decimal("0.2"), Decimal("0.6"), Decimal("1.3")]),
    "staff_type": st.sampled_from(["civil_servant", "cadre", "public_employee"]),
    "sex": st.sampled_from(["M", "F"]),
    "birth_date": st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(1995, 12, 31)),
    "si_months": st.integers(min_value=0, max_value=480),
    "first12": st.sampled_from([None, True, False]),
    # Decree 154's training and transfer routes too (other regimes: route_not_in_regime, 0).
    "route": st.sampled_from(["early_retirement", "quit", "training", "transfer"]),
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(person=person_st, policy=st.sampled_from(sorted(REGIME_DATES)),
       more_coef=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3"), places=2),
       more_si=st.integers(min_value=1, max_value=120))
def test_payouts_never_negative_and_monotone(person, policy, more_coef, more_si):
    richer = {**person, "coef": person["coef"] + more_coef}
    longer = {**person, "si_months": person["si_months"] + more_si}
    _, f = payout_rows(PARAMS, REGIME_DATES[policy], [person, richer, longer], policy)
    base, rich, long_ = f.to_dicts()
    for row in (base, rich, long_):
        assert all(row[c] >= 0 for c in COMPONENTS), row
        assert row["total"] == sum(row[c] for c in COMPONENTS[:-1])
    assert rich["total"] >= base["total"]
    # Decrees 29 and 154 open quitting at once only to people NOT eligible for early
    # retirement: when more SI years make someone eligible (n reaches 20, or 15 for a Decree
    # 154 pension), the quit payout legally drops to 0; so does Decree 154's transfer payout
    # for someone at most 3 years from retirement age once n reaches a pension.
    if long_["reason_code"] not in ("early_retirement_instead", "near_retirement_with_pension"):
        assert long_["total"] >= base["total"]


flags_st = st.lists(st.fixed_dictionaries({
    "pregnant": st.booleans(), "maternity": st.booleans(), "child_under_36m": st.booleans(),
    "discipline": st.booleans(), "volunteer": st.booleans(), "surplus": st.booleans(),
    "route": st.sampled_from([None, "early_retirement", "quit"]),
    "birth_date": st.dates(min_value=dt.date(1962, 1, 1), max_value=dt.date(1995, 12, 31)),
}), min_size=3, max_size=12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(flags=flags_st)
def test_deferred_never_candidates(analyse, flags):
    people = [{"full_name": f"Người {i}", "unit": "Phòng A", "sex": "M", "coef": 3.0,
               "staff_type": "civil_servant", "si_years": 20, **f} for i, f in enumerate(flags)]
    r = analyse(people, policy="decree-178")
    deferred = set(r.tables["deferred"]["full_name"])
    staff = r.tables["staff"]
    present = set(staff.filter(pl.col("in_scope") & ~pl.col("past_retirement"))["full_name"])
    expected = {p["full_name"] for p in people if p["full_name"] in present and (
                p["discipline"] or (not p["volunteer"] and (
                    p["pregnant"] or p["maternity"] or p["child_under_36m"])))}
    assert deferred == expected
    assert not deferred & set(r.tables["candidates"]["full_name"])
    assert not deferred & set(r.tables["payouts"]["full_name"])


def test_si_years_from_recruitment_date_when_no_si_figures(analyse):
    # Quitting under Decree 178: recruited 01/05/2010, leaving at the end of 04/2025 →
    # 05/2010 … 04/2025 = 180 months = 15 years, said in the notes. S = 3.66 × 2,340,000
    # × 1.25 = 10,705,500 → the Mr M figures: B1 513,864,000 + B2 240,873,750 + B3 32,116,500.
    person = {"full_name": "Mr M", "unit": "P", "sex": "M", "birth_date": dt.date(1980, 5, 1),
              "staff_type": "civil_servant", "coef": 3.66, "join_date": dt.date(2010, 5, 1),
              "route": "quit"}
    pay = analyse([person], policy="decree-178").tables["payouts"].row(0, named=True)
    assert (pay["si_months"], pay["total"]) == (180, 786_854_250)
    assert "si_from_join_date" in pay["note_codes"].split(",")


def test_unknown_si_years_still_proposed_with_payout_pending(analyse):
    # Three in-scope people → target ⌈0.2 × 3⌉ = 1, nobody retires by the horizon: gap 1.
    # The one with a failed rating is proposed although no SI figure is known; the payout
    # is not computed and the reason says what is missing.
    people = [{"full_name": f"N{i}", "unit": "P", "sex": "F", "birth_date": dt.date(1985, 1, 1),
               "staff_type": "civil_servant", "coef": 3.0,
               "rating_1": "not_completed" if i == 0 else "good"} for i in range(3)]
    r = analyse(people, policy="decree-154")
    cand = r.tables["candidates"].filter(pl.col("proposed"))
    assert cand["full_name"].to_list() == ["N0"]
    assert "payout_pending_si" in cand["reason_codes"][0].split(",")
    assert cand["payout_eligible"][0] is False
    assert r.tables["targets"]["remaining_gap"][0] == 0


def test_a_stated_route_past_the_gap_is_proposed_but_not_counted_toward_it(analyse):
    # Five in-scope people → target ⌈0.2 × 5⌉ = 1, covered by one natural retirement (born
    # 1962): gap 0. Two more leave by a route the list states: proposed (their decision is in
    # the input), yet the target equation must still add up: 1 = 1 + 0 + 0, not 1 + 2.
    people = [{"full_name": f"N{i}", "unit": "P", "sex": "M", "staff_type": "civil_servant",
               "birth_date": dt.date(1962 if i == 0 else 1985, 1, 1), "coef": 3.0,
               "si_years": 15.0, "route": "quit" if i in (1, 2) else None} for i in range(5)]
    r = analyse(people, as_of=dt.date(2026, 12, 1))
    cand = r.tables["candidates"].filter(pl.col("proposed")).sort("full_name")
    assert cand.select("full_name", "counts_toward_gap").rows() == [("N1", False),
                                                                     ("N2", False)]
    s = r.tables["summary"].row(0, named=True)
    assert (s["target_total"], s["retiring_counted_total"], s["proposed_toward_gap"],
            s["remaining_gap_total"], s["proposed_total"]) == (1, 1, 0, 0, 2)


def test_a_stated_route_lacking_si_years_is_pending_not_refused(analyse):
    # Quitting with more than 5 years left is open (Decree 154 Art. 8(1)); without SI years
    # the amount is unknown: the reason says so, never "the stated route is not eligible".
    people = [{"full_name": f"N{i}", "unit": "P", "sex": "F", "staff_type": "civil_servant",
               "birth_date": dt.date(1992, 1, 1), "coef": 3.0,
               "si_years": None if i == 0 else 5.0, "route": "quit" if i == 0 else None}
              for i in range(5)]
    r = analyse(people, as_of=dt.date(2026, 12, 1))
    row = r.tables["candidates"].filter(pl.col("full_name") == "N0").row(0, named=True)
    codes = row["reason_codes"].split(",")
    assert "payout_pending_si" in codes and "stated_not_eligible" not in codes
    assert row["payout_total"] is None
