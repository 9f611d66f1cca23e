"""Decree 154/2025 in full (law.md §3 "Decree 154/2025", "Decree 154 worked examples").

Golden figures to the đồng: law.md's three worked examples through `streamline payout --json`
and through a workbook analysed end to end, then routes worked by hand in the comments —
early retirement under 2 years, quitting at once with no minimum of years left (Art. 8(1)),
quitting after vocational training (Art. 8(2)), moving to a body not paid from the regular
budget (Art. 7) and commune part-time workers (Art. 9). Base salary 2,530,000 (from
2026-07-01); every run is as of 2026-12-01 and leaves on 2026-12-31 unless stated.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import polars as pl
import pytest
from click.testing import CliRunner

from streamline.analysis import analyze
from streamline.cli import main
from streamline.ingest.values import _route
from streamline.params import load_params
from streamline.payout import payout_rows
from streamline.regimes import select_regime

AS_OF = dt.date(2026, 12, 1)
LEAVE = dt.date(2026, 12, 31)
PARAMS = load_params()
B = ("b1", "b2", "b3")


def cli_json(*args: str) -> dict:
    res = CliRunner().invoke(main, ["payout", "--json", "--policy", "decree-154",
                                    "--as-of", "2026-12-01", *args])
    assert res.exit_code == 0, res.output + repr(res.exception)
    return json.loads(res.output)


def pay(route: str, months: int | None = None, salary: int | None = None, **person) -> dict:
    """One person through payout_rows under Decree 154 (staff fields; S or P given directly
    with `salary`, months to retirement age with `months`)."""
    person = {"staff_type": "civil_servant", "route": route, "leave_date": LEAVE, **person}
    _, frame = payout_rows(PARAMS, AS_OF, [person], "decree-154", salary=salary, months=months)
    return frame.to_dicts()[0]


def parts(row: dict, keys=B) -> tuple:
    return tuple(row[k] for k in keys)


# --------------------------------------------------------------------------------------------
# law.md "Decree 154 worked examples" through `streamline payout`
# --------------------------------------------------------------------------------------------

# Man born 05/1968: 62 years from 2028 → reached 05/2030, statutory pension from 06/2030.
# Leaving at the end of 12/2026 (pension from 01/2027): m = (2030·12 + 4) − (2026·12 + 11) = 41
# = 3 y 5 m → y = 3.5. S (Art. 5) = grade salary + leadership + seniority beyond the frame:
#   4.98 × 2,530,000 = 12,599,400;  0.3 × 2,530,000 = 759,000;  7 % × 12,599,400 = 881,958
#   S = 14,240,358 (no 25 % public-service allowance).
ER_MAN = ["--coef", "4.98", "--lead", "0.3", "--tnvk", "7", "--staff-type", "civil-servant",
          "--sex", "M", "--birth", "1968-05-10", "--leave", "2026-12-31",
          "--route", "early-retirement"]
# Public employee, coefficient 3.33, preferential-by-profession 30 % (not in S); 12 y 4 m of SI
# (148 months → n = 12.5: 4 leftover months count 0.5), too few for a pension (15 years), so
# Art. 8(1) applies. S = 3.33 × 2,530,000 = 8,424,900. Born 01/1980 (woman: 60 years, far).
QUITTER = ["--coef", "3.33", "--pref", "30", "--staff-type", "public-employee", "--sex", "F",
           "--birth", "1980-01-15", "--leave", "2026-12-31", "--si-months", "148",
           "--route", "quit"]


def test_law_early_retirement_n28_cli():
    # Per year early 5 × 3.5 × S = 17.5 × 14,240,358 = 249,206,265
    # SI (n = 28): (5 + 0.5 × 8) × S = 9 × 14,240,358   = 128,163,222
    # total                                              = 377,369,487 (plus the uncut pension)
    r = cli_json(*ER_MAN, "--si-years", "28")
    assert r["regime"] == "decree-154" and r["route"] == "early_retirement"
    assert (r["s_salary"], r["s_leadership"], r["s_seniority"]) == (12_599_400, 759_000, 881_958)
    assert r["s_current"] == 14_240_358 and r["s_public_service"] == 0
    assert (r["months_early"], Decimal(str(r["years_early"]))) == (41, Decimal("3.5"))
    assert parts(r, ("a1", "a2", "a3")) == (0, 249_206_265, 128_163_222)
    assert (r["b1"], r["b2"], r["b3"]) == (0, 0, 0)
    assert r["total"] == 377_369_487
    assert r["eligible"] and r["pension_waiver"]


def test_law_early_retirement_n17_cli():
    # 15 ≤ n < 20: the flat SI allowance 5 × S = 71,201,790; total 249,206,265 + 71,201,790
    # = 320,408,055.
    r = cli_json(*ER_MAN, "--si-years", "17")
    assert parts(r, ("a1", "a2", "a3")) == (0, 249_206_265, 71_201_790)
    assert r["total"] == 320_408_055 and r["eligible"]


def test_law_quitting_public_employee_cli():
    # 1.5 × 12.5 × S = 18.75 × 8,424,900 = 157,966,875; job search 3 × S = 25,274,700;
    # total 183,241,575.
    r = cli_json(*QUITTER)
    assert r["s_current"] == 8_424_900 and r["s_profession_pref"] == 0
    assert r["s_excluded"] > 0  # the 30 % preferential allowance is paid but not in S
    assert Decimal(str(r["si_years"])) == Decimal("12.5")
    assert parts(r) == (0, 157_966_875, 25_274_700)
    assert r["total"] == 183_241_575
    assert r["eligible"] and not r["pension_waiver"]


def test_quitting_has_no_minimum_of_years_left():
    # The same public employee 18 months from retirement age: Decree 154 reports no 2-year
    # minimum for quitting at once (law.md M/H), and 12.5 SI years give no pension, so Art. 6
    # does not apply: the same 183,241,575 (Decree 178 would refuse: under_2_years).
    r = cli_json(*QUITTER, "--months-early", "18")
    assert r["eligible"] and r["total"] == 183_241_575


def test_quitting_only_when_not_eligible_for_early_retirement():
    # The early-retirement man asks to quit at once: he is eligible under Art. 6, so Art. 8(1)
    # is closed to him.
    r = cli_json(*ER_MAN, "--si-years", "28", "--route", "quit")
    assert not r["eligible"] and r["reason_code"] == "early_retirement_instead"
    assert r["total"] == 0
    # More than 5 years left (man born 01/1975 → 62 in 01/2037): no Art. 6, so he may quit.
    # S = 14,240,358 (same pay), n = 28: 1.5 × 28 × S = 42 × S = 598,095,036; 3 × S =
    # 42,721,074; total 640,816,110.
    r = cli_json(*[a if a != "1968-05-10" else "1975-01-10" for a in ER_MAN],
                 "--si-years", "28", "--route", "quit")
    assert r["eligible"] and parts(r) == (0, 598_095_036, 42_721_074)
    assert r["total"] == 640_816_110


def test_under_two_years_pension_only_and_flagged():
    # 23 months left, n = 30: Art. 6's under-2-years case — the uncut pension only (U): eligible,
    # no amount, the note and the unconfirmed rule say so; quitting at once is closed.
    r = pay("early_retirement", months=23, salary=10_000_000, si_months=360)
    assert r["eligible"] and r["total"] == 0 and r["pension_waiver"]
    assert "under2_pension_only" in r["note_codes"].split(",")
    assert "A:under2_waiver" in r["unconfirmed_codes"]
    q = pay("quit", months=23, salary=10_000_000, si_months=360)
    assert not q["eligible"] and q["reason_code"] == "early_retirement_instead"
    assert "B:under2_waiver" in q["unconfirmed_codes"]


def test_flags_follow_the_law_marks():
    regime = select_regime(PARAMS, AS_OF, "decree-154")
    # M items are confirmed (with "[nguồn thứ cấp]" in the source); U items are not.
    assert {"under2_waiver", "y_half_max_months", "n_half_max_months",
            "sick_days_trigger"} <= set(regime.unconfirmed)
    assert not {"s_parts", "er_per_year", "er_si_flat", "quit_per_si_year",
                "training_course_max", "transfer_per_si_year", "commune_per_month",
                "service_half_max_months"} & set(regime.unconfirmed)
    assert "quit_min_months" not in regime.items  # no 2-year condition for quitting
    rows = {r["item"]: r for r in PARAMS.rows("policy_decree154", AS_OF)}
    for item in ("s_parts", "er_per_year", "training_max_age", "transfer_lump",
                 "commune_at_age", "si_switch_date"):
        assert "[nguồn thứ cấp]" in rows[item]["source"], item
    assert regime.items["s_parts"] == "salary,leadership,seniority,prof_seniority,reserved"


# --------------------------------------------------------------------------------------------
# Quitting after vocational training (Art. 8(2)): B1 course cost (6 × S cap), B2 1 × S per SI
# year, B3 3 × S job search
# --------------------------------------------------------------------------------------------

TRAINEE = ["--coef", "3.00", "--staff-type", "public-employee", "--sex", "F",
           "--leave", "2026-12-31", "--si-months", "128", "--route", "training"]


def test_training_route_worked_by_hand():
    # Woman born 15/03/1990: 36 on the leave date (< 45). S = 3.00 × 2,530,000 = 7,590,000.
    # 128 SI months = 10 y 8 m → n = 11 (8 leftover months count 1).
    #   B1 course cost at its cap 6 × S  = 45,540,000
    #   B2 1 × S × 11                    = 83,490,000
    #   B3 job search 3 × S              = 22,770,000
    #   total 20 × S                     = 151,800,000
    r = cli_json(*TRAINEE, "--birth", "1990-03-15")
    assert r["route"] == "training" and r["s_current"] == 7_590_000
    assert Decimal(str(r["si_years"])) == Decimal("11")
    assert parts(r) == (45_540_000, 83_490_000, 22_770_000)
    assert parts(r, ("a1", "a2", "a3")) == (0, 0, 0)
    assert r["total"] == 151_800_000 and r["eligible"] and not r["pension_waiver"]
    notes = r["note_codes"].split(",")
    assert "training_cost_at_cap" in notes and "training_pay_excluded" in notes


def test_training_needs_under_45_on_the_leave_date():
    # Born 01/01/1982: 44 on 31/12/2026 → eligible. Born 31/12/1981: 45 that day → over_45.
    assert cli_json(*TRAINEE, "--birth", "1982-01-01")["total"] == 151_800_000
    r = cli_json(*TRAINEE, "--birth", "1981-12-31")
    assert not r["eligible"] and r["reason_code"] == "over_45" and r["total"] == 0


# --------------------------------------------------------------------------------------------
# Moving to a body not paid from the regular budget (Art. 7): B2 0.5 × S per SI year, B3 3 × S
# --------------------------------------------------------------------------------------------


def test_transfer_route_worked_by_hand():
    # Man born 01/06/1975, civil servant, coefficient 4.0 + leadership 0.2:
    # S = 4.2 × 2,530,000 = 10,626,000. 243 SI months = 20 y 3 m → n = 20.5.
    #   B1 none                           = 0
    #   B2 0.5 × S × 20.5 = 10.25 × S     = 108,916,500
    #   B3 3 × S                          = 31,878,000
    #   total 13.25 × S                   = 140,794,500
    r = cli_json("--coef", "4.0", "--lead", "0.2", "--sex", "M", "--birth", "1975-06-01",
                 "--leave", "2026-12-31", "--si-months", "243", "--route", "transfer")
    assert r["route"] == "transfer" and r["s_current"] == 10_626_000
    assert parts(r) == (0, 108_916_500, 31_878_000)
    assert r["total"] == 140_794_500 and r["eligible"]


@pytest.mark.parametrize("months, si_months, b2", [
    # exactly 3 years left, 243 months = 20.5 SI years (a pension): excluded
    (36, 243, None),
    # 3 years 1 month left: open. S = 10,000,000: B2 = 0.5 × 20.5 × S = 102,500,000
    (37, 243, 102_500_000),
    # 3 years left but 170 months = 14 y 2 m → 14.5 SI years, no pension: open.
    # B2 = 0.5 × 14.5 × S = 72,500,000
    (36, 170, 72_500_000),
])
def test_transfer_not_for_people_near_retirement_with_a_pension(months, si_months, b2):
    r = pay("transfer", months=months, salary=10_000_000, si_months=si_months)
    if b2 is None:
        assert not r["eligible"] and r["reason_code"] == "near_retirement_with_pension"
        assert r["total"] == 0
    else:
        assert r["eligible"] and parts(r) == (0, b2, 30_000_000)  # B3 = 3 × S


# --------------------------------------------------------------------------------------------
# Commune part-time workers (Art. 9), P = the monthly allowance given with --allowance
# --------------------------------------------------------------------------------------------

P = 3_795_000  # e.g. 1.5 × 2,530,000


@pytest.mark.parametrize("si_months, months, b1, b2, b3", [
    # Service 40 months (< 5 years; 3 y 4 m → 3.5 years), far from retirement:
    #   B1 0.8 × P × 40 = 32 P = 121,440,000; B2 1.5 × 3.5 = 5.25 P = 19,923,750; B3 3 P.
    (40, 100, 121_440_000, 19_923_750, 11_385_000),
    # Service 100 months (≥ 5 years; 8 y 4 m → 8.5), 80 months (≥ 5 years) left:
    #   B1 0.8 × P × 60 = 48 P = 182,160,000; B2 1.5 × 8.5 = 12.75 P = 48,386,250.
    (100, 80, 182_160_000, 48_386_250, 11_385_000),
    # Exactly 5 years left counts as ≥ 5 years: × 60 again.
    (100, 60, 182_160_000, 48_386_250, 11_385_000),
    # 59 months left (< 5 years): B1 0.8 × P × 59 = 47.2 P = 179,124,000.
    (100, 59, 179_124_000, 48_386_250, 11_385_000),
    # 30 months left: B1 0.8 × P × 30 = 24 P = 91,080,000.
    (100, 30, 91_080_000, 48_386_250, 11_385_000),
    # Exactly 60 months of service is "≥ 5 years' service" (5 years → 7.5 P = 28,462,500);
    # 30 months left: B1 = 24 P.
    (60, 30, 91_080_000, 28_462_500, 11_385_000),
    # At retirement age on the leave date: 15 × P once = 56,925,000, nothing else.
    (100, 0, 0, 0, 56_925_000),
])
def test_commune_parttimer_worked_by_hand(si_months, months, b1, b2, b3):
    r = pay("commune_parttime", months=months, salary=P, si_months=si_months)
    assert r["eligible"], r["reason_code"]
    assert parts(r) == (b1, b2, b3)
    assert r["total"] == b1 + b2 + b3
    assert parts(r, ("a1", "a2", "a3")) == (0, 0, 0)


def test_commune_parttimer_cli_with_allowance():
    # Woman born 10/05/1980 → 60 in 05/2040: far. 100 SI months of service (8.5 years).
    # B1 48 P = 182,160,000; B2 12.75 P = 48,386,250; B3 3 P = 11,385,000; total 241,931,250.
    args = ["--allowance", "3.795.000", "--sex", "F", "--birth", "1980-05-10",
            "--leave", "2026-12-31", "--si-months", "100", "--route", "commune-parttime"]
    r = cli_json(*args)
    assert r["route"] == "commune_parttime" and r["s_current"] == P
    assert parts(r) == (182_160_000, 48_386_250, 11_385_000)
    assert r["total"] == 241_931_250 and r["eligible"]
    assert {"allowance_given", "service_from_si"} <= set(r["note_codes"].split(","))
    out = CliRunner().invoke(main, ["payout", "--policy", "decree-154", "--as-of",
                                    "2026-12-01", *args, "--lang", "en"]).output
    for text in ("Monthly allowance P", "182,160,000", "241,931,250", "per year of service"):
        assert text in out, out
    both = CliRunner().invoke(main, ["payout", *args, "--salary", "1000000"])
    assert both.exit_code == 2


def test_commune_parttimer_without_allowance_is_unknown():
    # A coefficient is not the allowance P (law.md gives no such rule): the amount stays NULL.
    r = cli_json("--coef", "1.5", "--sex", "F", "--birth", "1980-05-10", "--leave",
                 "2026-12-31", "--si-months", "100", "--route", "commune-parttime")
    assert not r["eligible"] and r["reason_code"] == "allowance_missing"
    assert r["total"] is None and parts(r) == (None, None, None)


def test_other_regimes_answer_for_a_stated_new_route():
    # Decree 178 computes no training payout: the stated route has a row, not eligible.
    _, frame = payout_rows(PARAMS, dt.date(2025, 3, 1), [{
        "staff_type": "civil_servant", "route": "training", "sex": "F",
        "birth_date": dt.date(1990, 3, 15), "leave_date": dt.date(2025, 4, 30),
        "si_months": 128, "coef": Decimal("3.0")}], "decree-178")
    r = frame.to_dicts()[0]
    assert (r["route"], r["eligible"], r["reason_code"]) == (
        "training", False, "route_not_in_regime")
    assert r["total"] == 0


# --------------------------------------------------------------------------------------------
# The route column of a workbook
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, route", [
    ("Nghỉ hưu trước tuổi", "early_retirement"),
    ("Thôi việc ngay", "quit"),
    ("Thôi việc sau khi đi học nghề", "training"),
    ("Đi đào tạo nghề rồi thôi việc", "training"),
    ("Chuyển sang tổ chức không hưởng lương thường xuyên từ NSNN", "transfer"),
    ("Người hoạt động không chuyên trách cấp xã nghỉ việc", "commune_parttime"),
    ("KCT", "commune_parttime"),
])
def test_route_words(text, route):
    assert _route(text) == (route, None)


# --------------------------------------------------------------------------------------------
# The same figures through a workbook analysed end to end (openpyxl → analyze)
# --------------------------------------------------------------------------------------------

HEADER = ["STT", "Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Loại", "Hệ số lương",
          "Phụ cấp chức vụ", "Phụ cấp thâm niên vượt khung", "Phụ cấp ưu đãi nghề", "Đơn vị",
          "Hình thức nghỉ", "Thời điểm nghỉ", "Số năm đóng BHXH", "Số tháng đóng BHXH",
          "Dôi dư"]
U = "Phòng Tổng hợp"
ROWS = [
    ["ER28", "Nguyễn Văn Hưu", "10/05/1968", "Nam", "Công chức", 4.98, 0.3, 7, None, U,
     "Nghỉ hưu trước tuổi", "31/12/2026", 28, None, None],
    ["ER17", "Trần Văn Mười", "10/05/1968", "Nam", "Công chức", 4.98, 0.3, 7, None, U,
     "Nghỉ hưu trước tuổi", "31/12/2026", 17, None, None],
    ["QV01", "Lê Thị Vân", "15/01/1980", "Nữ", "Viên chức", 3.33, None, None, 30, U,
     "Thôi việc", "31/12/2026", None, 148, None],
    ["DT01", "Phạm Thị Nghề", "15/03/1990", "Nữ", "Viên chức", 3.00, None, None, None, U,
     "Thôi việc sau khi đi học nghề", "31/12/2026", None, 128, None],
    ["CS01", "Hoàng Văn Chuyển", "01/06/1975", "Nam", "Công chức", 4.0, 0.2, None, None, U,
     "Chuyển sang tổ chức không hưởng lương thường xuyên từ ngân sách", "31/12/2026", None,
     243, None],
    # No stated route: the default is early retirement when eligible, else quitting at once.
    ["ND01", "Đỗ Văn Mặc", "10/05/1968", "Nam", "Công chức", 4.98, 0.3, 7, None, U, None,
     "31/12/2026", 28, None, "x"],
    ["ND02", "Vũ Thị Định", "15/01/1980", "Nữ", "Viên chức", 3.33, None, None, 30, U, None,
     "31/12/2026", None, 148, "x"],
]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    from openpyxl import Workbook

    path = tmp_path_factory.mktemp("decree154") / "nd154.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH ĐỀ NGHỊ TINH GIẢN BIÊN CHẾ THEO NGHỊ ĐỊNH 154/2025/NĐ-CP"])
    ws.append(HEADER)
    for i, row in enumerate(ROWS, start=1):
        ws.append([i, *row])
    wb.save(path)
    # Horizon 2027-12-31: the unstated early retiree (statutory retirement 05/2030) does not
    # retire naturally by it, so he is in the pool.
    return analyze([path], as_of=AS_OF, horizon=dt.date(2027, 12, 31), policy="decree-154")


def _payout(result, employee_id: str) -> dict:
    rows = result.tables["payouts"].filter(pl.col("employee_id") == employee_id).to_dicts()
    assert len(rows) == 1, result.tables["payouts"]
    return rows[0]


def test_workbook_law_examples_exact(analysed):
    er = _payout(analysed, "ER28")
    assert (er["regime"], er["route"], er["s_current"]) == (
        "decree-154", "early_retirement", 14_240_358)
    assert parts(er, ("a1", "a2", "a3")) == (0, 249_206_265, 128_163_222)
    assert er["total"] == 377_369_487
    assert _payout(analysed, "ER17")["total"] == 320_408_055
    q = _payout(analysed, "QV01")
    assert (q["route"], q["s_current"]) == ("quit", 8_424_900)
    assert parts(q) == (0, 157_966_875, 25_274_700) and q["total"] == 183_241_575


def test_workbook_new_routes_exact(analysed):
    t = _payout(analysed, "DT01")
    assert t["route"] == "training"
    assert parts(t) == (45_540_000, 83_490_000, 22_770_000) and t["total"] == 151_800_000
    c = _payout(analysed, "CS01")
    assert c["route"] == "transfer"
    assert parts(c) == (0, 108_916_500, 31_878_000) and c["total"] == 140_794_500


def test_workbook_default_routes(analysed):
    cand = analysed.tables["candidates"]
    routes = dict(zip(cand["employee_id"], cand["route"], strict=True))
    sources = dict(zip(cand["employee_id"], cand["route_source"], strict=True))
    assert (routes["ND01"], sources["ND01"]) == ("early_retirement", "recommended")
    assert (routes["ND02"], sources["ND02"]) == ("quit", "recommended")
    assert routes["DT01"] == "training" and sources["DT01"] == "input"
