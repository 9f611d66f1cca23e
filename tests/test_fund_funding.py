"""The salary fund split by the unit's funding, the trade-union fee by funding kind and date, and
the bonus fund from 2024-07-01 (law.md §1 and "Changes in force as of 2026-12-01"). Figures are
worked by hand from law.md, through the real parameter files and SQL."""

from __future__ import annotations

import datetime as dt

import pytest

from streamline.ingest.values import parse
from streamline.params import load_params

UNITS = [
    {"unit": "Văn phòng Sở", "funding": "state"},
    {"unit": "Trung tâm Dịch vụ", "funding": "self"},
    {"unit": "Bệnh viện huyện", "funding": "partial"},
]


def person(unit: str, **kw) -> dict:
    base = {
        "full_name": f"Người {unit}",
        "sex": "M",
        "birth_date": dt.date(1980, 1, 1),
        "staff_type": "public_employee",
        "unit": unit,
        "coef": 2.34,
    }
    return base | kw


def staff() -> list[dict]:
    return [
        person("Văn phòng Sở", staff_type="civil_servant"),
        person("Trung tâm Dịch vụ"),
        person("Bệnh viện huyện"),
    ]


def by_unit(frame, scenario: str | None = None) -> dict[str, dict]:
    rows = frame.iter_rows(named=True)
    return {r["unit"]: r for r in rows if scenario is None or r["scenario_id"] == scenario}


def test_union_fee_by_funding_as_of_2026_12_01(analyse):
    # Base 2,530,000: 2.34 × 2,530,000 = 5,920,200 = insurance base (no allowance in it).
    # From 2026-05-16 (Decree 105/2026): 2 % × 12 × 5,920,200 = 1,420,848 for self-financing
    # and partly self-financing units; 0 for a state agency (U).
    r = analyse(staff(), as_of=dt.date(2026, 12, 1), units=UNITS)
    fund = by_unit(r.tables["fund"])
    assert {u: row["funding"] for u, row in fund.items()} == {
        "Văn phòng Sở": "state", "Trung tâm Dịch vụ": "self", "Bệnh viện huyện": "partial"}
    assert fund["Trung tâm Dịch vụ"]["yearly_union_fee"] == 1_420_848
    assert fund["Bệnh viện huyện"]["yearly_union_fee"] == 1_420_848
    assert fund["Văn phòng Sở"]["yearly_union_fee"] == 0
    for row in fund.values():
        assert row["yearly_total"] == (12 * row["monthly_fund"] + row["bonus_fund"]
                                       + 12 * row["employer_contrib"] + row["yearly_union_fee"])
    # Public employee: 21.5 % × 5,920,200 = 1,272,843 a month; bonus 10 % × 12 × 5,920,200.
    self_row = fund["Trung tâm Dịch vụ"]
    assert (self_row["monthly_fund"], self_row["employer_contrib"], self_row["bonus_fund"]) == (
        5_920_200, 1_272_843, 7_104_240)
    assert self_row["yearly_total"] == 71_042_400 + 7_104_240 + 15_274_116 + 1_420_848


def test_union_fee_2_pct_for_everyone_before_2026_05_16(analyse):
    # As of 2026-03-01 (base 2,340,000): 2 % × 12 × 5,475,600 = 1,314,144 for every unit.
    r = analyse(staff(), as_of=dt.date(2026, 3, 1), units=UNITS)
    fund = by_unit(r.tables["fund"])
    assert {u: row["yearly_union_fee"] for u, row in fund.items()} == {
        "Văn phòng Sở": 1_314_144, "Trung tâm Dịch vụ": 1_314_144, "Bệnh viện huyện": 1_314_144}
    # The newest-base scenario is priced on 2026-07-01, under Decree 105/2026: its own rules.
    newest = by_unit(r.tables["fund_by_scenario"], "newest_base")
    assert newest["Văn phòng Sở"]["yearly_union_fee"] == 0
    assert newest["Trung tâm Dịch vụ"]["yearly_union_fee"] == 1_420_848
    assert fund["Văn phòng Sở"]["yearly_total_newest"] == newest["Văn phòng Sở"]["yearly_total"]


def test_unit_without_funding_counts_as_state(analyse):
    r = analyse([person("Phòng không có trong danh mục")], as_of=dt.date(2026, 12, 1))
    row = r.tables["fund"].row(0, named=True)
    assert (row["funding"], row["yearly_union_fee"]) == ("state", 0)


def test_fund_rows_split_by_funding(analyse):
    people = [*staff(), person("Trung tâm Dịch vụ", full_name="B"),
              person("Văn phòng Sở", full_name="C", staff_type="civil_servant")]
    r = analyse(people, as_of=dt.date(2026, 12, 1), units=UNITS)
    for name in ("fund", "fund_by_scenario"):
        frame = r.tables[name]
        assert "funding" in frame.columns
        heads = {row["funding"]: row["headcount"]
                 for row in frame.iter_rows(named=True)
                 if row.get("scenario_id", "current") == "current"}
        assert heads == {"state": 2, "self": 2, "partial": 1}
    fund = r.tables["fund"]
    assert fund["headcount"].sum() == 5
    assert fund.filter(fund["funding"] == "state")["yearly_union_fee"].sum() == 0
    assert fund.filter(fund["funding"] == "self")["yearly_union_fee"].sum() == 2 * 1_420_848


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (dt.date(2024, 3, 1), 0),            # no bonus fund before 2024-07-01
        (dt.date(2024, 6, 30), 0),
        (dt.date(2024, 7, 1), 6_570_720),    # 10 % × 12 × 2.34 × 2,340,000 (Decree 73/2024)
        (dt.date(2025, 3, 1), 6_570_720),
        (dt.date(2026, 12, 1), 7_104_240),   # 10 % × 12 × 2.34 × 2,530,000 (Decree 161/2026)
    ],
)
def test_bonus_fund_from_2024_07_01(analyse, as_of, expected):
    r = analyse([person("Trung tâm Dịch vụ")], as_of=as_of, units=UNITS)
    assert r.tables["fund"]["bonus_fund"][0] == expected
    assert r.tables["staff"]["bonus_yearly"][0] == expected


def test_parameter_rows_and_flags():
    p = load_params()
    rates = {d: {r["funding"]: r for r in p.rows("trade_union_fee", d)}
             for d in (dt.date(2025, 6, 30), dt.date(2025, 7, 1), dt.date(2026, 5, 16))}
    assert all("2012" in r["source"] for r in rates[dt.date(2025, 6, 30)].values())
    assert all("50/2024" in r["source"] for r in rates[dt.date(2025, 7, 1)].values())
    new = rates[dt.date(2026, 5, 16)]
    assert new["state"]["rate"] == 0 and new["state"]["confirmed"] is False
    for kind in ("self", "partial"):
        assert new[kind]["rate"] * 100 == 2 and new[kind]["confirmed"] is True
        assert "105/2026" in new[kind]["source"] and "[nguồn thứ cấp]" in new[kind]["source"]
    first = p.entry("bonus_fund_pct", dt.date(2024, 6, 30))
    assert first["value"] == 0 and first["confirmed"] is True
    assert "[nguồn thứ cấp]" in first["source"]
    assert "73/2024" in p.entry("bonus_fund_pct", dt.date(2024, 7, 1))["source"]
    assert "161/2026" in p.entry("bonus_fund_pct", dt.date(2026, 7, 1))["source"]


@pytest.mark.parametrize(
    "raw, kind",
    [
        ("Tự chủ một phần", "partial"),
        ("Tự bảo đảm một phần chi thường xuyên", "partial"),
        ("tu dam bao mot phan chi thuong xuyen", "partial"),
        ("Nhóm 3", "partial"),
        ("Partly self-financing", "partial"),
        ("Tự chủ", "self"),
        ("Tự bảo đảm chi thường xuyên", "self"),
        ("Nhóm 2", "self"),
        ("Ngân sách nhà nước", "state"),
        ("Nhóm 4", "state"),
    ],
)
def test_funding_words(raw, kind):
    assert parse("funding", raw) == (kind, None)
