"""Result tables on disk: CSV files that Excel opens without running input text as a formula."""

from __future__ import annotations

import polars as pl
from click.testing import CliRunner

from streamline.cli import main
from streamline.report.tables import formula_safe

EVIL = ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tTab"]


def test_formula_safe_prefixes_only_text_that_starts_a_formula():
    frame = pl.DataFrame({"name": [*EVIL, "Nguyễn Văn A", None], "n": [1, 2, 3, 4, 5, 6, 7]})
    safe = formula_safe(frame)
    assert safe["name"].to_list() == [f"'{v}" for v in EVIL] + ["Nguyễn Văn A", None]
    assert safe["n"].to_list() == frame["n"].to_list()  # numbers stay numbers


def test_csv_tables_are_safe_unless_raw(tmp_path):
    src = tmp_path / "ds.csv"
    src.write_text("Họ và tên,Ngày sinh,Giới tính,Đơn vị,Loại,Hệ số lương\n"
                   "=1+1,01/01/1980,Nam,Phòng A,CC,2.34\n"
                   "Trần Thị Bình,01/01/1985,Nữ,Phòng A,CC,2.67\n", encoding="utf-8")
    for flag, expected in (([], "'=1+1"), (["--raw-csv"], "=1+1")):
        out = tmp_path / ("raw" if flag else "safe")
        res = CliRunner().invoke(main, ["analyze", str(src), "--as-of", "2025-03-01",
                                        "--no-html", "--no-workbook", "--tables", str(out),
                                        "--tables-format", "csv", *flag])
        assert res.exit_code == 0, res.output
        staff = pl.read_csv(out / "staff.csv", infer_schema_length=0)
        assert expected in staff["full_name"].to_list()
    parquet = tmp_path / "pq"
    res = CliRunner().invoke(main, ["analyze", str(src), "--as-of", "2025-03-01", "--no-html",
                                    "--no-workbook", "--tables", str(parquet)])
    assert res.exit_code == 0, res.output
    assert "=1+1" in pl.read_parquet(parquet / "staff.parquet")["full_name"].to_list()
