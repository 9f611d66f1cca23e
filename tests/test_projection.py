"""Golden tests of `streamline project`, computed by hand below each case.

Base salary (law.md §1): 2,340,000 to 2026-06-30, 2,530,000 from 2026-07-01. Civil servants get
the 25 % public-service allowance on salary + leadership + seniority; employer contributions
20.5 % of the insurance base (no unemployment insurance); bonus fund 10 % of the coefficient
salary. Every component is rounded half-up to whole đồng per person and month.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from streamline.projection import project
from streamline.report.projection import notes
from streamline.scenario_file import Reduction, Scenario, base_scenario, current_law
from tests.conftest import ingested

CS = {"unit": "U", "staff_type": "civil_servant", "sex": "M"}


def run(people, start, end, scenarios=None, as_of=None):
    return project([], scenarios, start, end, as_of=as_of, ingested=ingested(people))


def monthly(result, scenario="current_law") -> dict[dt.date, int]:
    t = result.tables["projection_monthly"].filter(pl.col("scenario_id") == scenario)
    return dict(zip(t["month"].to_list(), t["salary_fund"].to_list(), strict=True))


def yearly(result, column, scenario="current_law") -> dict[int, object]:
    t = (result.tables["projection"].filter(pl.col("scenario_id") == scenario)
         .group_by("year").agg(pl.col(column).sum()).sort("year"))
    return dict(zip(t["year"].to_list(), t[column].to_list(), strict=True))


# A1 (01.003: first 2.34, +0.33, 9 steps, every 36 months), step 3, coefficient 3.00 since
# 2024-03-15; born 1980: no retirement before 2030.
STEPPER = {**CS, "birth_date": dt.date(1980, 5, 10), "grade_code": "01.003", "step": 3,
           "coef": 3.0, "coef_date": dt.date(2024, 3, 15)}


def test_step_increase_and_base_change():
    r = run([STEPPER], dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    m = monthly(r)
    # Jan–Jun 2026: 3.00 × 2,340,000 = 7,020,000; + 25 % = 1,755,000 → 8,775,000.
    assert m[dt.date(2026, 6, 1)] == 8_775_000
    # From Jul 2026: 3.00 × 2,530,000 = 7,590,000; + 1,897,500 → 9,487,500.
    assert m[dt.date(2026, 7, 1)] == 9_487_500
    assert m[dt.date(2027, 2, 1)] == 9_487_500
    # Step 4 from the month containing 2024-03-15 + 36 months = March 2027: 3.33 × 2,530,000
    # = 8,424,900; + 2,106,225 → 10,531,125.
    assert m[dt.date(2027, 3, 1)] == 10_531_125
    # 2026: 6 × 8,775,000 + 6 × 9,487,500 = 109,575,000; bonus 6 × 702,000 + 6 × 759,000 =
    # 8,766,000; contributions 20.5 %: 6 × 1,439,100 + 6 × 1,555,950 = 17,970,300.
    assert yearly(r, "salary_fund")[2026] == 109_575_000
    assert yearly(r, "bonus_fund")[2026] == 8_766_000
    assert yearly(r, "employer_contrib")[2026] == 17_970_300
    # 2027: 2 × 9,487,500 + 10 × 10,531,125 = 124,286,250; contributions 2 × 1,555,950 +
    # 10 × round(0.205 × 8,424,900 = 1,727,104.5 → 1,727,105) = 20,382,950; bonus 2 × 759,000
    # + 10 × 842,490 = 9,942,900; total 154,612,100.
    assert yearly(r, "salary_fund")[2027] == 124_286_250
    assert yearly(r, "employer_contrib")[2027] == 20_382_950
    assert yearly(r, "total_cost")[2027] == 154_612_100
    assert yearly(r, "person_months")[2027] == Decimal("12.00")


def test_last_step_and_seniority_beyond_frame():
    # B (01.005: first 1.86, +0.20, 12 steps, every 24 months), step 11 = 3.86 since 2025-02-01.
    person = {**CS, "birth_date": dt.date(1985, 1, 1), "grade_code": "01.005", "step": 11,
              "coef": 3.86, "coef_date": dt.date(2025, 2, 1)}
    # A1 at its last step 9 (4.98) with TNVK 7 % as of 2026-01-01, coefficient date 2022-06-10.
    senior = {**CS, "unit": "V", "birth_date": dt.date(1975, 1, 1), "grade_code": "01.003",
              "step": 9, "coef": 4.98, "tnvk_pct": 7, "coef_date": dt.date(2022, 6, 10)}
    r = run([person, senior], dt.date(2026, 1, 1), dt.date(2030, 3, 31),
            as_of=dt.date(2026, 1, 1))
    rows = r.tables["projection"]

    def month_pay(unit, month):
        t = project([], None, month, month, as_of=dt.date(2026, 1, 1),
                    ingested=ingested([person if unit == "U" else senior]))
        return t.tables["projection"]["salary_fund"][0]

    # Step 12 (4.06) from Feb 2027 (2025-02 + 24). Jan 2029: 4.06 × 2,530,000 = 10,271,800;
    # + 25 % = 2,567,950 → 12,839,750.
    assert month_pay("U", dt.date(2029, 1, 1)) == 12_839_750
    # TNVK 5 % from the month containing the last-step date + 24 months = Feb 2029:
    # 5 % × 10,271,800 = 513,590; 25 % × (10,271,800 + 513,590) = 2,696,347.5 → 2,696,348;
    # 10,271,800 + 513,590 + 2,696,348 = 13,481,738.
    assert month_pay("U", dt.date(2029, 2, 1)) == 13_481_738
    # +1 point a further 12 months later (Feb 2030): 6 % = 616,308; 25 % × 10,888,108 =
    # 2,722,027; total 13,610,135.
    assert month_pay("U", dt.date(2030, 2, 1)) == 13_610_135
    # The given 7 % rises 1 point on each anniversary after the as-of date: June 2026 → 8 %.
    # May 2026: 4.98 × 2,340,000 = 11,653,200; 7 % = 815,724; 25 % × 12,468,924 = 3,117,231;
    # total 15,586,155. June 2026: 8 % = 932,256; 25 % × 12,585,456 = 3,146,364; 15,731,820.
    assert month_pay("V", dt.date(2026, 5, 1)) == 15_586_155
    assert month_pay("V", dt.date(2026, 6, 1)) == 15_731_820
    assert rows.height > 0


# Born 1966-03-10, a man: retirement age in 2027 is 60y3m + 6 × 3 months = 61y9m (Decree 135),
# reached in December 2027; the pension starts January 2028, which is not paid.
# A1 step 5 = 3.66 since 2026-01-01 (next step 2029): 3.66 × 2,530,000 = 9,259,800; + 25 % =
# 2,314,950 → 11,574,750 a month.
RETIREE = {**CS, "birth_date": dt.date(1966, 3, 10), "grade_code": "01.003", "step": 5,
           "coef": 3.66, "coef_date": dt.date(2026, 1, 1)}


def test_retirement_without_replacement():
    r = run([RETIREE], dt.date(2027, 7, 1), dt.date(2028, 6, 30))
    # Jul–Dec 2027: 6 × 11,574,750 = 69,448,500; nothing from January 2028.
    assert yearly(r, "salary_fund")[2027] == 69_448_500
    assert yearly(r, "headcount_end")[2027] == Decimal("1.00")
    assert 2028 not in yearly(r, "salary_fund")
    assert monthly(r).get(dt.date(2028, 1, 1)) is None


def test_what_the_projection_assumes_is_said_first():
    # RETIREE's pension starts in January 2028: a projection from February 2028 never pays
    # him, and says so; without a birth date STEPPER is paid to the end; without a
    # coefficient nobody prices him. Each count comes once, whatever the scenarios.
    no_birth = {**STEPPER, "birth_date": None}
    no_coef = {**STEPPER, "coef": None}
    r = run([RETIREE, STEPPER, no_birth, no_coef], dt.date(2028, 2, 1), dt.date(2028, 6, 30),
            [current_law(), Scenario("half", replacement_rate=Decimal("0.5"))])
    # STEPPER's step 4 fell due in March 2027, before February 2028: it is paid from the
    # first month, for him and the one without a birth date (the unpriced one has no pay to
    # raise, RETIREE is not paid).
    assert r.tables["projection_notes"].row(0, named=True) == {
        "retired_before_start": 1, "no_pension_start": 1, "no_coef": 1, "steps_overdue": 2}
    assert [line.split(":")[0] for line in notes(r, "vi")] == [
        "1 người đã đến tháng hưởng lương hưu trước tháng đầu của dự báo",
        "1 người thiếu ngày sinh hoặc giới tính", "1 người thiếu hệ số lương",
        "2 người đã đến hạn nâng bậc lương trước tháng đầu của dự báo (theo ngày hưởng bậc "
        "trong danh sách)", "Năm 2028 chỉ gồm 5 tháng (02/2028–06/2028)"]
    # From March 2027 itself his step is not yet overdue; without step increases, never.
    early = run([STEPPER], dt.date(2027, 3, 1), dt.date(2027, 6, 30))
    assert early.tables["projection_notes"]["steps_overdue"].to_list() == [0]
    flat = run([STEPPER], dt.date(2028, 2, 1), dt.date(2028, 6, 30),
               [Scenario("flat", step_increases=False)])
    assert flat.tables["projection_notes"]["steps_overdue"].to_list() == [0]
    # Present every month: STEPPER, the one without a birth date and the unpriced one (whose
    # person-months are counted); RETIREE never.
    assert yearly(r, "headcount_end")[2028] == Decimal("3.00")
    assert yearly(r, "unpriced_months")[2028] == Decimal("5.00")
    assert notes(run([STEPPER], dt.date(2027, 1, 1), dt.date(2028, 12, 31)), "en") == []
    assert notes(run([STEPPER], dt.date(2026, 12, 1), dt.date(2027, 12, 31)), "en") == [
        "2026 covers 1 of its 12 months (12/2026–12/2026): its total is not comparable "
        "with a whole year's"]


def test_retirement_with_replacement():
    half = Scenario("half", replacement_rate=Decimal("0.5"))
    r = run([RETIREE], dt.date(2027, 7, 1), dt.date(2028, 6, 30), [current_law(), half])
    # The newcomer: step 1 of A1 = 2.34 from January 2028: 2.34 × 2,530,000 = 5,920,200;
    # + 25 % = 1,480,050 → 7,400,250 a month, weighted 0.5 → 3,700,125; 6 months = 22,200,750.
    assert monthly(r, "half")[dt.date(2028, 1, 1)] == 3_700_125
    assert yearly(r, "salary_fund", "half")[2028] == 22_200_750
    assert yearly(r, "headcount_start", "half")[2028] == Decimal("0.50")
    assert yearly(r, "salary_fund", "half")[2027] == 69_448_500  # the same until he retires


def test_three_scenarios_and_their_differences():
    raise_ = base_scenario("2027-07-01=2800000")
    frozen = Scenario("no_steps", step_increases=False)
    r = run([STEPPER], dt.date(2027, 1, 1), dt.date(2027, 12, 31),
            [current_law(), raise_, frozen])
    total = {sc: yearly(r, "total_cost", sc)[2027] for sc in ("current_law", raise_.name,
                                                               "no_steps")}
    # Current law 2027: 154,612,100 (see test_step_increase_and_base_change).
    assert total["current_law"] == 154_612_100
    # 2,800,000 from July: Jul–Dec 3.33 × 2,800,000 = 9,324,000, + 25 % = 11,655,000 a month,
    # 1,123,875 more than 10,531,125 → salary +6,743,250; bonus +6 × 89,910 = 539,460;
    # contributions +6 × (1,911,420 − 1,727,105) = 1,105,890; together +8,388,600.
    assert total[raise_.name] - total["current_law"] == 8_388_600
    # No step increase: Mar–Dec at 9,487,500 instead of 10,531,125: salary −10,436,250;
    # bonus 10 × (759,000 − 842,490) = −834,900; contributions 10 × (1,555,950 − 1,727,105)
    # = −1,711,550; together −12,982,700.
    assert total["no_steps"] - total["current_law"] == -12_982_700
    eff = {row["scenario_id"]: row for row in
           r.tables["projection_effects"].filter(pl.col("year") == 2027).iter_rows(named=True)}
    # The raise is a base-salary effect, month by month: Jul–Dec the current law costs
    # 10,531,125 + 842,490 + 1,727,105 = 13,100,720 a month; × (2,800,000 / 2,530,000 − 1)
    # = × 27 / 253 → 1,398,100.55 a month, 8,388,603 for the six months (Jan–Jun: 0). The
    # step effect keeps only the whole-đồng rounding of each component, −3 — not the
    # 138,547 a yearly mean base salary (2,665,000) left there; no headcount or one-off.
    assert eff[raise_.name]["base_salary_effect"] == 8_388_603
    assert eff[raise_.name]["step_effect"] == -3
    assert eff[raise_.name]["headcount_effect"] == 0
    # Freezing steps is all step effect.
    assert eff["no_steps"]["step_effect"] == -12_982_700
    assert eff["no_steps"]["base_salary_effect"] == 0
    for row in eff.values():
        assert row["diff_total"] == (row["base_salary_effect"] + row["step_effect"]
                                     + row["headcount_effect"] + row["one_off_effect"])
    diffs = r.tables["projection"].filter(pl.col("scenario_id") == "no_steps")["diff_vs_first"]
    assert diffs.to_list() == [-12_982_700]


def test_even_attrition():
    # Ten in-scope people of one unit, none retiring; 20 % by the end of June 2026, evenly from
    # January: E = 0.2 × 10 − 0 = 2 leave, 2 / 10 / 6 months = 1/30 of each person a month.
    people = [dict(STEPPER) for _ in range(10)]
    even = Scenario("even", reduction=Reduction(Decimal("0.2"), dt.date(2026, 6, 30), "even"))
    r = run(people, dt.date(2026, 1, 1), dt.date(2026, 12, 31), [current_law(), even])
    heads = r.tables["projection_monthly"].filter(pl.col("scenario_id") == "even")
    by_month = dict(zip(heads["month"].to_list(), heads["headcount"].to_list(), strict=True))
    # January: 10 × (1 − 1/30) = 9.67; June and after: 10 × (1 − 6/30) = 8.
    assert by_month[dt.date(2026, 1, 1)] == Decimal("9.67")
    assert by_month[dt.date(2026, 6, 1)] == Decimal("8.00")
    assert by_month[dt.date(2026, 12, 1)] == Decimal("8.00")
    # Person-months: 10 × (12 − (1 + 2 + … + 6) / 30 − 6 × 6 / 30) = 10 × (12 − 0.7 − 1.2) = 101.
    assert yearly(r, "person_months", "even")[2026] == Decimal("101.00")


def test_even_attrition_replaced_by_half():
    # As above, with replacement_rate 0.5: each month's loss of 10 × 1/30 person is replaced by
    # 0.5 × 1/3 = 1/6 newcomer (step 1 of A1) from that month; by June 6 × 1/6 = 1 newcomer, so
    # 8 + 1 = 9 people are paid.
    people = [dict(STEPPER) for _ in range(10)]
    even = Scenario("even", replacement_rate=Decimal("0.5"),
                    reduction=Reduction(Decimal("0.2"), dt.date(2026, 6, 30), "even"))
    r = run(people, dt.date(2026, 1, 1), dt.date(2026, 12, 31), [even])
    t = r.tables["projection_monthly"]
    june = t.filter(pl.col("month") == dt.date(2026, 6, 1)).row(0, named=True)
    assert (june["headcount"], june["newcomers"]) == (Decimal("9.00"), Decimal("1.00"))
    # December: 8 people at 9,487,500 = 75,900,000 and 1 newcomer at 2.34 × 2,530,000 =
    # 5,920,200 + 25 % = 7,400,250: 83,300,250 (weights exact to 10⁻⁹ person: ±1 đồng).
    dec = t.filter(pl.col("month") == dt.date(2026, 12, 1)).row(0, named=True)
    assert abs(dec["salary_fund"] - 83_300_250) <= 1


def test_even_attrition_newcomers_reach_their_next_step_by_arrival_month():
    # As above over four years: the 1/6 newcomer arriving in each month January–June 2026
    # reaches step 2 (2.67) 36 months after arriving, January–June 2029. Base 2,530,000 from
    # July 2026; the 8 remaining people are at 3.33 from March 2027 (3.66 only from March 2030):
    # 8 × (8,424,900 + 25 %) = 8 × 10,531,125 = 84,249,000 a month.
    # Step 1: 2.34 × 2,530,000 = 5,920,200 + 25 % = 7,400,250; step 2: 2.67 × 2,530,000 =
    # 6,755,100 + 25 % = 8,443,875.
    people = [dict(STEPPER) for _ in range(10)]
    even = Scenario("even", replacement_rate=Decimal("0.5"),
                    reduction=Reduction(Decimal("0.2"), dt.date(2026, 6, 30), "even"))
    r = run(people, dt.date(2026, 1, 1), dt.date(2029, 12, 31), [even])
    fund = monthly(r, "even")
    # December 2028: every newcomer at step 1: 84,249,000 + 7,400,250.
    assert abs(fund[dt.date(2028, 12, 1)] - 91_649_250) <= 1
    # March 2029: the January, February and March arrivals at step 2, the others at step 1:
    # 84,249,000 + 0.5 × 8,443,875 + 0.5 × 7,400,250 = 92,171,062.5 (weights exact to 10⁻⁹).
    assert abs(fund[dt.date(2029, 3, 1)] - 92_171_062.5) <= 1
    # January 2029: one sixth at step 2: 84,249,000 + (8,443,875 + 5 × 7,400,250) / 6
    # = 84,249,000 + 7,574,187.5.
    assert abs(fund[dt.date(2029, 1, 1)] - 91_823_187.5) <= 1
    # July 2029 on: all at step 2: 84,249,000 + 8,443,875.
    assert abs(fund[dt.date(2029, 7, 1)] - 92_692_875) <= 1
    assert abs(fund[dt.date(2029, 12, 1)] - 92_692_875) <= 1


def test_salary_table_replaces_coefficient_times_base(tmp_path):
    """A scenario's salary table (law.md §5): from its date the amount replaces coefficient ×
    base; the position's row comes before the grade code's; step increases no longer change
    it; allowances are computed on it as today (here the 25 % public-service allowance)."""
    from streamline.scenario_file import read_scenario

    (tmp_path / "bang_luong.csv").write_text(
        "grade_code,position,amount,from\n"
        '01.003,,"9.000.000",2027-01-01\n'
        ',Trưởng phòng,20000000,15/07/2027\n', encoding="utf-8")
    (tmp_path / "reform.toml").write_text(
        '[scenario]\nsalary_table = "bang_luong.csv"\n', encoding="utf-8")
    reform = read_scenario(tmp_path / "reform.toml")
    head = {**STEPPER, "position": "Trưởng phòng"}
    r = run([STEPPER, head], dt.date(2026, 1, 1), dt.date(2027, 12, 31),
            [current_law(), reform])
    m = monthly(r, "reform")
    # 2026 is as under the current law: 2 × 8,775,000 in June, 2 × 9,487,500 in July.
    assert m[dt.date(2026, 6, 1)] == 2 * 8_775_000
    assert m[dt.date(2026, 12, 1)] == 2 * 9_487_500
    # January 2027: both are paid the grade's 9,000,000 + 25 % (2,250,000) = 11,250,000.
    assert m[dt.date(2027, 1, 1)] == 2 * 11_250_000
    # March 2027 (step 4 under the current law: 10,531,125 each): still 11,250,000 each.
    assert m[dt.date(2027, 3, 1)] == 2 * 11_250_000
    assert monthly(r)[dt.date(2027, 3, 1)] == 2 * 10_531_125
    # The post's row is in force on the first day of August (from 15/07): the head gets
    # 20,000,000 + 5,000,000 = 25,000,000 from August; July is still 11,250,000.
    assert m[dt.date(2027, 7, 1)] == 2 * 11_250_000
    assert m[dt.date(2027, 8, 1)] == 11_250_000 + 25_000_000
    # 2027 bonus fund: 10 % of the amounts: 12 × 900,000 + 7 × 900,000 + 5 × 2,000,000 =
    # 27,100,000; employer contributions 20.5 % of them: 12 × 1,845,000 + 7 × 1,845,000 +
    # 5 × 4,100,000 = 55,555,000.
    assert yearly(r, "bonus_fund", "reform")[2027] == 27_100_000
    assert yearly(r, "employer_contrib", "reform")[2027] == 55_555_000
    # Salary fund 2027: 12 × 11,250,000 + 7 × 11,250,000 + 5 × 25,000,000 = 338,750,000.
    assert yearly(r, "salary_fund", "reform")[2027] == 338_750_000


# Any staff of two scales (A1 every 36 months, B every 24), on or off the scale, with or without
# a TNVK %, some retiring inside the window.
_PERSON = st.fixed_dictionaries({
    "unit": st.sampled_from(["U", "V"]),
    "staff_type": st.sampled_from(["civil_servant", "public_employee"]),
    "sex": st.sampled_from(["M", "F"]),
    "birth_date": st.dates(dt.date(1962, 1, 1), dt.date(1995, 12, 31)),
    "grade_code": st.sampled_from(["01.003", "01.005"]),
    "step": st.integers(1, 12),
    "coef": st.sampled_from([1.86, 2.34, 2.67, 3.0, 3.33, 4.06, 4.98]),
    "coef_date": st.dates(dt.date(2018, 1, 1), dt.date(2026, 4, 30)),
    "tnvk_pct": st.sampled_from([None, None, 5, 9]),
})


# Each example projects 13 times: no shrinking (a failure shows the example as drawn).
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.lists(_PERSON, min_size=1, max_size=6))
def test_every_month_is_what_a_projection_of_that_month_alone_says(people):
    """Two ways to one figure: the months of a year-long projection (running sums of the
    stretches' changes, per staff type) against projections of each month alone, read from
    their year table (each stretch's closed-form share, per unit); and the year-long
    projection's years against the sums of its months (whole people: nothing to round)."""
    as_of = dt.date(2026, 5, 1)
    months = [dt.date(2026 + (4 + k) // 12, (4 + k) % 12 + 1, 1) for k in range(12)]
    whole = run(people, months[0], dt.date(2027, 4, 30), as_of=as_of)
    by_month = {(r["month"], r["staff_type"]): (r["headcount"], r["salary_fund"],
                                                r["bonus_fund"], r["employer_contrib"])
                for r in whole.tables["projection_monthly"].iter_rows(named=True)}
    for month in months:
        year = run(people, month, month, as_of=as_of).tables["projection"]
        alone = {(month, r["staff_type"]): (r["person_months"], r["salary_fund"],
                                            r["bonus_fund"], r["employer_contrib"])
                 for r in year.group_by("staff_type").agg(
                     pl.col("person_months", "salary_fund", "bonus_fund", "employer_contrib")
                     .sum()).iter_rows(named=True)}
        assert {k: v for k, v in by_month.items() if k[0] == month and v[0]} == alone, month
    for year, fund in yearly(whole, "salary_fund").items():
        assert fund == sum(v[1] or 0 for k, v in by_month.items() if k[0].year == year)
