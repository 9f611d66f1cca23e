"""A merger computed by hand: two communes into one against a new job-position list.

Each commune has a chair, a vice chair, an accountant and a land officer (civil servants,
no leadership-allowance column). The new list keeps 1 chair, 2 vice chairs, 1 accountant and
1 land officer. As of 2026-12-01: base salary 2,530,000, Decree 154 in force; everyone has
more than 5 years to retirement, so the route is quitting (Art. 8(1)): 3 × S + 1.5 × S × n,
S = coefficient × base (the 25 % public-service allowance is not in S).
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from streamline.merge import merge_units
from tests.test_store import cli, write_book

AS_OF = dt.date(2026, 12, 1)
D = dt.date
UNIT = "UBND"
XA_A = [
    {"name": "Nguyễn Văn An", "birth": D(1975, 3, 1), "title": "Chủ tịch", "coef": 4.0,
     "si": 25, "position": "Chủ tịch UBND"},
    {"name": "Lê Văn Ba", "birth": D(1980, 3, 1), "title": "Phó Chủ tịch", "coef": 3.66,
     "si": 20, "position": "Phó Chủ tịch UBND"},
    {"name": "Phạm Thị Chi", "birth": D(1985, 6, 1), "sex": "Nữ", "coef": 3.0, "si": 12,
     "position": "Kế toán", "volunteer": True},
    {"name": "Hoàng Văn Dũng", "birth": D(1972, 1, 1), "coef": 3.33, "si": 28,
     "position": "Địa chính"},
]
XA_B = [
    {"name": "Trần Văn Em", "birth": D(1970, 8, 1), "title": "Chủ tịch UBND xã", "coef": 4.34,
     "si": 30,
     "position": "Chủ tịch UBND", "volunteer": True},
    {"name": "Đỗ Thị Giang", "birth": D(1988, 2, 1), "sex": "Nữ", "title": "Phó Chủ tịch UBND",
     "coef": 3.0, "si": 10, "position": "Phó Chủ tịch UBND"},
    {"name": "Vũ Văn Hùng", "birth": D(1983, 9, 1), "coef": 3.0, "si": 15,
     "position": "Kế toán"},
    {"name": "Bùi Văn Khánh", "birth": D(1990, 4, 1), "coef": 2.67, "si": 8,
     "position": "Địa chính", "volunteer": True},
]
OLD_LIST = [(None, "Chủ tịch UBND", "Lãnh đạo", "01.003", 1),
            (None, "Phó Chủ tịch UBND", "Lãnh đạo", "01.003", 1),
            (None, "Kế toán", "Chuyên môn", "01.003", 1),
            (None, "Địa chính", "Chuyên môn", "01.003", 1)]
NEW_LIST = [("Chủ tịch UBND", "Lãnh đạo", "01.003", 1),
            ("Phó Chủ tịch UBND", "Lãnh đạo", "01.003", 2),
            ("Kế toán", "Chuyên môn", "01.003", 1),
            ("Địa chính", "Chuyên môn", "01.003", 1)]


@pytest.fixture(scope="module")
def communes(tmp_path_factory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("sap_nhap")
    a = write_book(folder / "xa_a.xlsx", [{**p, "unit": UNIT} for p in XA_A], OLD_LIST)
    b = write_book(folder / "xa_b.xlsx", [{**p, "unit": UNIT} for p in XA_B], OLD_LIST)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "VTVL"
    ws.append(["STT", "Tên vị trí việc làm", "Nhóm vị trí", "Mã ngạch", "Số lượng"])
    for i, row in enumerate(NEW_LIST, 1):
        ws.append([i, *row])
    wb.save(folder / "xa_moi.xlsx")
    return a, b, folder / "xa_moi.xlsx"


@pytest.fixture(scope="module")
def merged(communes):
    a, b, new = communes
    return merge_units([a, b], "Xã Mới", new, as_of=AS_OF)


def test_surplus_by_position_and_category(merged):
    pos = {r["position"]: r for r in merged.tables["merge_positions"].iter_rows(named=True)}
    # Each commune had 1 of each post: quota before 2; present 2 each.
    assert {p: (r["quota_before"], r["quota_after"], r["present"], r["surplus"])
            for p, r in pos.items()} == {
        "Chủ tịch UBND": (2, 1, 2, 1),
        "Phó Chủ tịch UBND": (2, 2, 2, 0),
        "Kế toán": (2, 1, 2, 1),
        "Địa chính": (2, 1, 2, 1),
    }
    by_cat = {r["category"]: r for r in merged.tables["positions_by_category"].iter_rows(
        named=True)}
    # Leadership: quota 1 + 2 = 3, present 4 → +1; professional: quota 2, present 4 → +2.
    assert (by_cat["leadership"]["quota"], by_cat["leadership"]["present"]) == (3, 4)
    assert (by_cat["professional"]["quota"], by_cat["professional"]["present"]) == (2, 4)


def test_duplicate_chairs(merged, communes):
    # "Chủ tịch" (xã A) and "Chủ tịch UBND xã" (xã B) name the same post: the chair.
    lead = {r["title"]: r for r in merged.tables["merge_leadership"].iter_rows(named=True)}
    assert sorted(lead) == ["Chủ tịch", "Phó Chủ tịch"]
    chair, vice = lead["Chủ tịch"], lead["Phó Chủ tịch"]
    assert (chair["deputy"], chair["present"], chair["limit_value"], chair["excess"]) == (
        False, 2, 1, 1)
    assert chair["from_files"] == "xa_a.xlsx, xa_b.xlsx"
    # No deputies rule for a commune UBND in the parameters: the limit stays unknown.
    assert (vice["deputy"], vice["present"], vice["limit_value"], vice["excess"]) == (
        True, 2, None, None)
    # With a kind that has a rule (a commune division: 2 deputies), 2 vice chairs are within it.
    a, b, new = communes
    kinded = merge_units([a, b], "Xã Mới", new, as_of=AS_OF, kind="commune_division")
    vice = kinded.tables["merge_leadership"].filter(title="Phó Chủ tịch").row(0, named=True)
    assert (vice["limit_value"], vice["excess"]) == (2, 0)


def test_candidates_and_payouts_by_hand(merged):
    cands = merged.tables["merge_candidates"]
    chosen = {r["full_name"]: r for r in cands.filter(selected=True).iter_rows(named=True)}
    # Every holder of an over-quota post has the merger ground; the volunteer of each post
    # ranks first and is selected (one per post: each surplus is 1).
    assert sorted(chosen) == ["Bùi Văn Khánh", "Phạm Thị Chi", "Trần Văn Em"]
    assert set(cands.filter(selected=False)["full_name"]) == {
        "Nguyễn Văn An", "Vũ Văn Hùng", "Hoàng Văn Dũng"}
    assert {r["route"] for r in chosen.values()} == {"quit"}
    # Trần Văn Em: S = 4.34 × 2,530,000 = 10,980,200; n = 30:
    #   3 × S = 32,940,600 + 1.5 × 30 × S = 494,109,000 → 527,049,600.
    # Phạm Thị Chi: S = 3.0 × 2,530,000 = 7,590,000; n = 12:
    #   22,770,000 + 136,620,000 → 159,390,000.
    # Bùi Văn Khánh: S = 2.67 × 2,530,000 = 6,755,100; n = 8:
    #   20,265,300 + 81,061,200 → 101,326,500.
    assert {n: r["payout_total"] for n, r in chosen.items()} == {
        "Trần Văn Em": 527_049_600, "Phạm Thị Chi": 159_390_000, "Bùi Văn Khánh": 101_326_500}
    # A civil servant's yearly cost with salary s = coef × base: 12 × 1.25 s (salary and the
    # 25 % public-service allowance) + 0.1 × 12 s (bonus) + 12 × 20.5 % s (employer, each
    # month rounded half-up) = 18.66 s:
    #   Em 18.66 × 10,980,200 = 204,890,532; Chi 18.66 × 7,590,000 = 141,629,400;
    #   Khánh 101,326,500 + 8,106,120 + 12 × 1,384,796 (1,384,795.5 rounded) = 126,050,172.
    assert {n: r["annual_saving"] for n, r in chosen.items()} == {
        "Trần Văn Em": 204_890_532, "Phạm Thị Chi": 141_629_400, "Bùi Văn Khánh": 126_050_172}


def test_the_merger_in_one_row(merged):
    row = merged.tables["merge_summary"].row(0, named=True)
    # Yearly totals of all eight (18.66 s each, employer contributions rounded per month):
    #   An 188,839,200 + Ba 172,787,868 + Chi 141,629,400 + Dũng 157,208,640
    #   + Em 204,890,532 + Giang 141,629,400 + Hùng 141,629,400 + Khánh 126,050,172
    #   = 1,274,664,612; the three selected save 472,570,104 → 802,094,508 after.
    assert row == {
        "merged_unit": "Xã Mới", "units_merged": 2, "people": 8, "quota_before": 8,
        "quota_after": 5, "surplus": 3, "duplicate_heads": 1, "excess_deputies": 0,
        "deputy_limits_unknown": 1, "selected": 3, "unresolved": 0,
        "one_off_cost": 787_766_100, "one_off_cost_known": 787_766_100, "payouts_unknown": 0,
        "yearly_total_before": 1_274_664_612, "yearly_total_after": 802_094_508,
        "yearly_saving": 472_570_104,
    }


def test_merge_on_the_command_line(communes, tmp_path):
    a, b, new = communes
    res = cli("merge", a, b, "--into", "Xã Mới", "--positions", new, "--as-of", "2026-12-01",
              "--out", tmp_path, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "surplus 3, duplicate heads 1, excess deputies 0, 3 people selected" in res.output
    book = openpyxl.load_workbook(tmp_path / "Xã_Mới.sap_nhap.xlsx", read_only=True)
    assert {"Merger", "Positions after merger", "Leaders after merger",
            "Surplus after merger"} <= set(book.sheetnames)
    page = (tmp_path / "Xã_Mới.sap_nhap.html").read_text("utf-8")
    assert "Surplus after merger" in page and "Trần Văn Em" in page
    # Both outputs say why the surplus selection is not the proposal list's.
    why = "the proposal sheet selects by the unit's reduction target"
    assert why in next(book["Surplus after merger"].iter_rows(values_only=True))[0]
    assert html.escape(why) in page


def test_without_a_new_list_the_old_quotas_add_up(communes):
    a, b, _ = communes
    row = merge_units([a, b], "Xã Mới", as_of=AS_OF).tables["merge_summary"].row(0, named=True)
    assert (row["quota_before"], row["quota_after"], row["surplus"], row["selected"]) == (
        8, 8, 0, 0)
    assert row["duplicate_heads"] == 1


def test_a_new_list_naming_the_unit_in_another_case_selects_the_same(communes, tmp_path):
    # The new list names the unit "Ubnd" where the staff lists say "UBND": one unit, as the
    # positions are matched; its surplus holders are found and selected all the same.
    a, b, _ = communes
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "VTVL"
    ws.append(["STT", "Đơn vị", "Tên vị trí việc làm", "Nhóm vị trí", "Mã ngạch", "Số lượng"])
    for i, row in enumerate(NEW_LIST, 1):
        ws.append([i, "Ubnd", *row])
    wb.save(tmp_path / "xa_moi_ubnd.xlsx")
    result = merge_units([a, b], "Xã Mới", tmp_path / "xa_moi_ubnd.xlsx", as_of=AS_OF)
    # The new list is the merged unit's: no word of it standing apart from the staff files.
    assert not result.tables["issues"].filter(pl.col("code").str.starts_with("records_")).height
    cands = result.tables["merge_candidates"]
    assert sorted(cands.filter(selected=True)["full_name"]) == [
        "Bùi Văn Khánh", "Phạm Thị Chi", "Trần Văn Em"]
    # The other holders of over-quota posts have the merger ground too (merge_staff.sql).
    assert set(cands.filter(selected=False)["full_name"]) == {
        "Nguyễn Văn An", "Vũ Văn Hùng", "Hoàng Văn Dũng"}
    positions = result.tables["merge_positions"].sort("position")
    assert positions.select("position", "quota_after", "surplus", "selected").rows() == [
        ("Chủ tịch UBND", 1, 1, 1), ("Kế toán", 1, 1, 1), ("Phó Chủ tịch UBND", 2, 0, 0),
        ("Địa chính", 1, 1, 1)]
