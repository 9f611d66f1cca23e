"""Several files at once: each input file is an agency, and a unit is identified by its agency
and its name, so same-named units of different agencies stay apart in every unit table."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from streamline.analysis import analyze
from streamline.cli import main, output_stem

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


SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "so_noi_vu.xlsx"


def test_the_same_file_twice_is_read_once(tmp_path):
    a, b = tmp_path / "a" / "so.xlsx", tmp_path / "b" / "so_copy.xlsx"
    for p in (a, b):
        p.parent.mkdir()
        shutil.copy(SAMPLE, p)
    once = analyze([SAMPLE], as_of=dt.date(2026, 12, 1))
    twice = analyze([a, b], as_of=dt.date(2026, 12, 1))
    assert twice.tables["staff"].height == once.tables["staff"].height == 150  # not 300
    files = twice.tables["files"]
    assert files["status"].to_list() == ["read", "duplicate"]
    assert files["duplicate_of"].to_list() == [None, "so.xlsx"]
    assert "duplicate_file" in twice.tables["issues"]["code"].to_list()


def test_a_folder_with_one_corrupt_file_is_analysed_partly(tmp_path):
    good = _agency(tmp_path / "so_a.csv", 6, 1)
    (tmp_path / "hong.xlsx").write_bytes(b"PK\x03\x04 damaged zip")
    res = CliRunner().invoke(main, ["analyze", str(tmp_path), "--as-of", "2026-12-01",
                                    "--no-html", "--out", str(tmp_path / "out")])
    assert res.exit_code == 1, res.output  # partial: said, not silent
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "1/2 tệp không đọc được" in lines[0]
    assert (tmp_path / "out" / f"{tmp_path.name}.streamline.xlsx").is_file()
    r = analyze([tmp_path], as_of=dt.date(2026, 12, 1))
    files = r.tables["files"].sort("file")
    assert files.select("file", "status").rows() == [("hong.xlsx", "unreadable"),
                                                      ("so_a.csv", "read")]
    assert r.tables["staff"].height == 6 and good.exists()
    issue = r.tables["issues"].filter(pl.col("code") == "file_unreadable").row(0, named=True)
    assert issue["file"] == "hong.xlsx" and issue["severity"] == "error"


def test_several_inputs_name_the_outputs_after_their_folder(tmp_path):
    a = _agency(tmp_path / "so_a.csv", 6, 1)
    b = _agency(tmp_path / "so_b.csv", 6, 1)
    assert output_stem([a, b]) == tmp_path.name
    assert output_stem([a]) == "so_a"
    res = CliRunner().invoke(main, ["analyze", str(a), str(b), "--as-of", "2026-12-01",
                                    "--no-html", "--name", "tinh", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "tinh.streamline.xlsx").is_file()


def test_the_same_person_in_two_files_is_counted_once(tmp_path):
    a = _agency(tmp_path / "so_a.csv", 3, 0)
    b = tmp_path / "so_b.csv"
    b.write_text(HEADER + "Người so_a 1,01/01/1981,Nam,Văn phòng,CC,2.34,\n"
                 "Người khác,01/01/1990,Nữ,Văn phòng,CC,2.34,\n", encoding="utf-8")
    r = analyze([a, b], as_of=dt.date(2026, 12, 1))
    assert r.tables["staff"].height == 4  # 3 + 2 − the one already read from so_a.csv
    dup = r.tables["issues"].filter(pl.col("code") == "duplicate_person").row(0, named=True)
    assert dup["file"] == "so_b.csv" and "so_a.csv" in dup["args"]
    counts = r.tables["counts"].filter(pl.col("file") == "so_b.csv").row(0, named=True)
    assert (counts["people"], counts["not_analysed"]) == (1, 1)


def _positions(path: Path) -> Path:
    path.write_text("Đơn vị,Tên vị trí việc làm,Số lượng người làm việc\n"
                    "Văn phòng,Chuyên viên,4\n", encoding="utf-8")
    return path


def test_a_position_list_in_its_own_file_belongs_to_the_staff_file_beside_it(tmp_path):
    staff = _agency(tmp_path / "nhan_su.csv", 6, 1)
    for p in staff, _positions(tmp_path / "vtvl.csv"):
        (tmp_path / "both").mkdir(exist_ok=True)
        shutil.copy(p, tmp_path / "both" / p.name)
    r = analyze([tmp_path / "both"], as_of=dt.date(2026, 12, 1))
    # Its six people hold no position: the list's four places are vacant in their agency.
    assert r.tables["positions"].select("agency", "unit", "position", "quota", "present",
                                        "vacancies").rows() == [
        ("nhan_su.csv", "Văn phòng", "Chuyên viên", 4, 0, 4)]
    assert r.tables["unassigned"].height == 6
    said = r.tables["issues"].filter(pl.col("code").str.starts_with("records_"))
    assert said.select("file", "code", "args", "severity").rows() == [
        ("vtvl.csv", "records_attached", '{"v": "nhan_su.csv"}', "info")]
    # Its rows are counted too, apart from the staff list's: nothing read goes unsaid.
    s = r.tables["summary"].row(0, named=True)
    assert (s["list_rows"], s["list_records"], s["list_not_analysed"]) == (2, 1, 0)
    res = CliRunner().invoke(main, ["analyze", str(tmp_path / "both"), "--as-of", "2026-12-01",
                                    "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert ("Dòng danh mục vị trí việc làm, đơn vị đã đọc 2 = 1 mục + 1 dòng khác (tiêu đề, "
            "dòng trống…) + 0 dòng không phân tích được") in " ".join(res.output.split())


def test_a_position_list_beside_two_staff_files_stays_apart_and_says_so(tmp_path):
    a, b = _agency(tmp_path / "so_a.csv", 3, 0), _agency(tmp_path / "so_b.csv", 4, 0)
    r = analyze([a, b, _positions(tmp_path / "vtvl.csv")], as_of=dt.date(2026, 12, 1))
    assert r.tables["positions"]["agency"].to_list() == ["vtvl.csv"]
    said = r.tables["issues"].filter(pl.col("code").str.starts_with("records_"))
    assert said.select("file", "code", "args", "severity").rows() == [
        ("vtvl.csv", "records_apart", '{"v": "so_a.csv, so_b.csv"}', "warning")]
