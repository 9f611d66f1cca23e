"""The unit tree: three agencies in folders (a folder per agency), units named alike across
them, one agency in two files. Every node is the sum of the nodes below it, the roots add up
to the run's totals, and same-named units of different agencies stay apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from streamline.analysis import analyze
from streamline.errors import InputError
from streamline.store import load, select_nodes
from tests.test_store import cli, write_book

AS_OF = dt.date(2026, 12, 1)
# Distinct names, as many as needed: family × middle × given.
NAMES = (f"{f} {m} {g}" for g in ("An", "Bình", "Cường", "Dung", "Em", "Gấm", "Hải", "Hoa")
         for m in ("Văn", "Thị", "Minh") for f in ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"))
UNITS = [("Văn phòng", None, "division"), ("Phòng Kế hoạch", None, "division"),
         ("Tổ Tổng hợp", "Phòng Kế hoạch", None), ("Tổ Kế hoạch", "Phòng Kế hoạch", None)]
POSITIONS = [("Văn phòng", "Chuyên viên", "Chuyên môn", "01.003", 2),
             ("Tổ Tổng hợp", "Chuyên viên", "Chuyên môn", "01.003", 1),
             ("Tổ Kế hoạch", "Chuyên viên", "Chuyên môn", "01.003", 2)]


def staff(unit: str, n: int, old: int = 0, volunteers: int = 0) -> list[dict]:
    """n civil servants of a unit: the first `old` born in 1965 (retiring by the 2030
    horizon), the next `volunteers` volunteering, the rest born in 1985."""
    return [{"name": next(NAMES), "unit": unit, "position": "Chuyên viên", "si": 15,
             "birth": dt.date(1965, 3, 1) if i < old else dt.date(1985, 3, 1),
             "volunteer": old <= i < old + volunteers}
            for i in range(n)]


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tinh")
    # Sở A and Sở B: one file each, both named danh_sach.xlsx.
    write_book(root / "So A" / "danh_sach.xlsx",
               staff("Văn phòng", 3, old=1) + staff("Tổ Tổng hợp", 2, volunteers=1)
               + staff("Tổ Kế hoạch", 2), POSITIONS, UNITS)
    write_book(root / "So B" / "danh_sach.xlsx",
               staff("Văn phòng", 4) + staff("Tổ Tổng hợp", 3, old=1) + staff("Tổ Kế hoạch", 1),
               POSITIONS, UNITS)
    # Sở C: its office in one file (no units sheet), its planning division in another.
    write_book(root / "So C" / "van_phong.xlsx", staff("Văn phòng", 2, volunteers=1))
    write_book(root / "So C" / "ke_hoach.xlsx",
               staff("Tổ Tổng hợp", 2, old=1) + staff("Tổ Kế hoạch", 1), None, UNITS[1:])
    return root


@pytest.fixture(scope="module")
def stored(province, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "tinh.duckdb"
    res = cli("import", province, "--db", db, "--workers", "2")
    assert res.exit_code == 0, res.output
    ingested, roots = load(db)
    return db, analyze([db], as_of=AS_OF, ingested=ingested, roots=roots)


ADDITIVE = ("headcount", "in_scope", "surplus", "vacancies", "target", "retiring_by_horizon",
            "retiring_counted", "gap", "proposed", "proposed_toward_gap", "remaining_gap",
            "monthly_fund", "yearly_total", "yearly_total_newest", "one_off_cost_known",
            "payouts_unknown", "annual_saving")


def test_the_tree(stored):
    _, result = stored
    tree = result.tables["rollup"]
    assert tree["node_path"].to_list() == [
        "So A", "So A > Phòng Kế hoạch", "So A > Phòng Kế hoạch > Tổ Kế hoạch",
        "So A > Phòng Kế hoạch > Tổ Tổng hợp", "So A > Văn phòng",
        "So B", "So B > Phòng Kế hoạch", "So B > Phòng Kế hoạch > Tổ Kế hoạch",
        "So B > Phòng Kế hoạch > Tổ Tổng hợp", "So B > Văn phòng",
        "So C", "So C > Phòng Kế hoạch", "So C > Phòng Kế hoạch > Tổ Kế hoạch",
        "So C > Phòng Kế hoạch > Tổ Tổng hợp", "So C > Văn phòng",
    ]
    # Two files are named danh_sach.xlsx: each is known by its agency folder.
    assert sorted(result.tables["staff"]["agency"].unique()) == [
        "So A/danh_sach.xlsx", "So B/danh_sach.xlsx", "ke_hoach.xlsx", "van_phong.xlsx"]


def test_every_node_is_the_sum_of_its_children(stored):
    _, result = stored
    tree = result.tables["rollup"]
    # Unknown below (a position without a quota: surplus and vacancies) is unknown above.
    children = (tree.filter(pl.col("parent_path").is_not_null())
                .group_by("parent_path").agg(
                    pl.when(pl.col(c).is_null().any()).then(None).otherwise(pl.col(c).sum())
                    .alias(c) for c in ADDITIVE))
    parents = tree.join(children, left_on="node_path", right_on="parent_path", suffix="_below")
    assert parents.height == 6  # three agencies and their three planning divisions
    for col in ADDITIVE:
        assert parents[col].to_list() == parents[f"{col}_below"].to_list(), col
    # Sở C gave no job-position list: its positions come from the staff list, quota unknown.
    known = dict(parents.select(pl.col("node_path").str.starts_with("So C"), "surplus").rows())
    assert known[True] is None and known[False] is not None
    # The roots add up to the run's totals.
    roots = tree.filter(pl.col("level") == 1)
    summary = result.tables["summary"].row(0, named=True)
    assert roots["headcount"].sum() == summary["people"] == 7 + 8 + 5
    assert roots["in_scope"].sum() == summary["in_scope"]
    assert roots["target"].sum() == summary["target_total"]
    assert roots["monthly_fund"].sum() == summary["monthly_fund"]
    assert roots["proposed"].sum() == summary["proposed_total"]


def test_targets_by_hand(stored):
    _, result = stored
    tree = {r["node_path"]: r for r in result.tables["rollup"].iter_rows(named=True)}
    # Sở A: one file, 7 in scope → ⌈0.2 × 7⌉ = ⌈1.4⌉ = 2, shared by exact shares: Văn phòng
    # 0.6, Tổ Tổng hợp 0.4, Tổ Kế hoạch 0.4 → whole parts 0, the 2 go to the largest
    # remainders: Văn phòng (0.6), then Tổ Tổng hợp (0.4, listed before Tổ Kế hoạch).
    assert tree["So A"]["target"] == 2
    assert tree["So A > Văn phòng"]["target"] == 1
    assert tree["So A > Phòng Kế hoạch > Tổ Tổng hợp"]["target"] == 1
    assert tree["So A > Phòng Kế hoạch"]["target"] == 1
    # Sở A's retiree (born 03/1965, 62 in 2027) covers Văn phòng's 1; its volunteer in Tổ Tổng
    # hợp is proposed for that unit's 1.
    assert tree["So A > Văn phòng"]["retiring_counted"] == 1
    assert tree["So A > Phòng Kế hoạch > Tổ Tổng hợp"]["proposed"] == 1
    assert tree["So A"]["gap"] == 1 and tree["So A"]["remaining_gap"] == 0
    # Sở C: two files, each an agency of the analysis with its own ⌈0.2 × n⌉: van_phong.xlsx
    # 2 → 1, ke_hoach.xlsx 3 → 1; Sở C's target is their sum, 2 (not ⌈0.2 × 5⌉ = 1).
    assert tree["So C"]["in_scope"] == 5 and tree["So C"]["target"] == 2
    assert tree["So C > Văn phòng"]["target"] == 1
    # Same-named units of different agencies stay apart: Văn phòng 3, 4 and 2 people.
    assert [tree[f"So {a} > Văn phòng"]["headcount"] for a in "ABC"] == [3, 4, 2]
    # Quota: Sở A's lists give every position one (2 + 1 + 2); Sở C's office has no list.
    assert tree["So A"]["quota"] == 5
    assert tree["So C"]["quota"] is None


def test_unit_and_level_select_nodes(stored):
    _, result = stored
    tree = result.tables["rollup"]
    assert select_nodes(tree, None, 1)["node_path"].to_list() == ["So A", "So B", "So C"]
    sub = select_nodes(tree, "So B>Phòng Kế hoạch", 1)
    assert sub["node_path"].to_list() == ["So B > Phòng Kế hoạch"]
    assert select_nodes(tree, "So B > Phòng Kế hoạch", None).height == 3
    with pytest.raises(InputError):
        select_nodes(tree, "So D", None)


def test_reimport_of_a_folder_replaces_never_duplicates(stored, province, tmp_path):
    db, result = stored
    before = result.tables["rollup"].filter(pl.col("level") == 1)["headcount"].to_list()
    write_book(province / "So C" / "van_phong.xlsx", staff("Văn phòng", 3))  # changed: 3
    res = cli("import", province, "--db", db, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert res.output.count("unchanged, skipped") == 3
    assert "changed, its rows replaced (3 people)" in res.output
    ingested, roots = load(db)
    after = analyze([db], as_of=AS_OF, ingested=ingested, roots=roots).tables["rollup"]
    assert after.filter(pl.col("level") == 1)["headcount"].to_list() == [
        before[0], before[1], before[2] + 1]
    # Given on its own, the file keeps the agency folder it was imported under.
    write_book(province / "So C" / "van_phong.xlsx", staff("Văn phòng", 4))
    res = cli("import", province / "So C" / "van_phong.xlsx", "--db", db)
    assert res.exit_code == 0, res.output
    assert load(db)[1]["van_phong.xlsx"] == "So C"


def test_the_workbook_shows_the_level_asked_for(stored, tmp_path):
    db, _ = stored
    res = cli("analyze", "--db", db, "--as-of", "2026-12-01", "--level", "2", "--out", tmp_path,
              "--no-html", "--lang", "en")
    assert res.exit_code == 0, res.output
    sheet = openpyxl.load_workbook(tmp_path / f"{db.stem}.streamline.xlsx")["Unit tree"]
    nodes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert "So A > Văn phòng" in nodes
    assert not any(n.count(">") == 2 for n in nodes)


def test_a_unit_named_in_another_case_is_one_node(analyse):
    # The staff list's section says "VĂN PHÒNG", the job-position list "Văn phòng": the
    # positions match (position_match.sql), so the tree holds one node with both.
    people = [{"full_name": f"Người {i}", "unit": "VĂN PHÒNG", "position": "Chuyên viên",
               "staff_type": "civil_servant", "sex": "M", "birth_date": dt.date(1985, 1, 1),
               "coef": 2.34} for i in range(3)]
    r = analyse(people, positions=[{"unit": "Văn phòng", "position": "Chuyên viên",
                                    "quota": 2}])
    tree = r.tables["rollup"].sort("level")
    assert tree.select("node_path", "headcount", "quota", "surplus").rows() == [
        ("t.xlsx", 3, 2, 1), ("t.xlsx > VĂN PHÒNG", 3, 2, 1)]
