"""Several files at once: each input file is an agency, and a unit is identified by its agency
and its name, so same-named units of different agencies stay apart in every unit table."""

from __future__ import annotations

import datetime as dt

import polars as pl

from streamline.analysis import analyze

HEADER = "Họ và tên,Ngày sinh,Giới tính,Đơn vị,Loại,Hệ số lương,Chức vụ\n"


def _agency(path, n: int, deputies: int):
    rows = [f"Người {path.stem} {i},01/01/198{i % 10},Nam,Văn phòng,CC,2.34,"
            + ("Phó Chánh Văn phòng" if i < deputies else "") for i in range(n)]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_same_named_units_of_two_files_stay_apart(tmp_path):
    a = _agency(tmp_path / "so_a.csv", 6, 1)
    b = _agency(tmp_path / "so_b.csv", 11, 2)
    r = analyze([a, b], as_of=dt.date(2026, 12, 1))
    targets = r.tables["targets"].sort("agency")
    assert targets.select("agency", "unit", "baseline").rows() == [
        ("so_a.csv", "Văn phòng", 6), ("so_b.csv", "Văn phòng", 11)]
    # One target per agency: ⌈0.2 × 6⌉ = 2 and ⌈0.2 × 11⌉ = 3, not ⌈0.2 × 17⌉ on a merged unit.
    assert targets["target"].to_list() == [2, 3]
    assert r.tables["summary"]["target_total"][0] == 5
    fund = r.tables["fund"]
    assert sorted(fund["agency"].to_list()) == ["so_a.csv", "so_b.csv"]
    assert fund.filter(pl.col("agency") == "so_a.csv")["headcount"].sum() == 6
    cand = r.tables["candidates"]
    assert set(cand["agency"]) <= {"so_a.csv", "so_b.csv"}
