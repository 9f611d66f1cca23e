"""The command line as a user runs it: outputs, exit statuses, masking, languages."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import traceback
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner, Result

from streamline.cli import main
from tests.test_ingest import PEOPLE, department

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]

# In-process runs see the same environment as the user's shell, except: a wide terminal so
# rich does not wrap the console lines the tests read, and no forced colour/terminal codes.
ENV = {"COLUMNS": "200", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}


def run(*args) -> Result:
    """`streamline ARGS` in this process. Click >= 8.2 keeps the streams apart: `.stdout` is
    what the user sees on stdout, `.stderr` the error lines (`.output` would mix both)."""
    return CliRunner(env=ENV).invoke(main, [str(a) for a in args])


def run_subprocess(*args) -> subprocess.CompletedProcess:
    """`python -m streamline ARGS` as the user runs it: kept for the two end-to-end tests."""
    return subprocess.run(
        [sys.executable, "-m", "streamline", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def why(res: Result) -> str:
    """What went wrong in an in-process run: its output and any uncaught exception."""
    if res.exc_info and not isinstance(res.exception, SystemExit):
        return res.output + "".join(traceback.format_exception(*res.exc_info))
    return res.output


def assert_one_error_line(res: Result) -> str:
    """A user's mistake: exit status 2, one line on stderr, and no uncaught exception (which
    CliRunner would report as exit status 1 and a traceback)."""
    assert res.exit_code == 2, why(res)
    assert isinstance(res.exception, SystemExit), why(res)
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    return lines[0]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """End to end through the real entry point: `python -m streamline analyze` in a
    subprocess, writing the workbook, the HTML report and the tables."""
    tmp = tmp_path_factory.mktemp("cli")
    src = department(tmp, PEOPLE)
    before = src.read_bytes()
    proc = run_subprocess("analyze", src, "--as-of", "2025-03-01", "--tables", tmp / "tables")
    return tmp, src, before, proc


def test_analyze_writes_workbook_html_and_tables(analysed):
    tmp, src, before, proc = analysed
    assert proc.returncode == 0, proc.stderr
    assert (tmp / "so.streamline.xlsx").is_file() and (tmp / "so.streamline.html").is_file()
    for name in ("staff", "positions", "targets", "fund", "issues", "parameters", "mapping"):
        assert (tmp / "tables" / f"{name}.parquet").is_file()
    assert src.read_bytes() == before  # the input is never touched
    assert not list(tmp.glob(".*.tmp"))  # no temporary leftovers
    assert "so.streamline.xlsx" in proc.stdout
    # The console prints the row balance, and it adds up: 24 = 5 + 19 + 0.
    balance = re.search(
        r"Dòng đã đọc (\d+) = (\d+) người \+ (\d+) .*?\+ (\d+) dòng", proc.stdout, re.S
    )
    rows, people, other, flagged = map(int, balance.groups())
    assert (rows, people, flagged) == (24, 5, 0) and rows == people + other + flagged


def test_counts_add_up_in_tables(analysed):
    tmp = analysed[0]
    counts = pl.read_parquet(tmp / "tables" / "counts.parquet").row(0, named=True)
    parts = ("people", "not_analysed", "header", "blank", "section", "subtotal", "footer")
    assert counts["rows"] == sum(counts[k] for k in parts)
    summary = pl.read_parquet(tmp / "tables" / "summary.parquet").row(0, named=True)
    assert summary["rows_read"] == (
        summary["people"] + summary["non_person_rows"] + summary["not_analysed"])


def test_workbook_numbers_equal_tables(analysed):
    tmp = analysed[0]
    staff = pl.read_parquet(tmp / "tables" / "staff.parquet")
    wb = openpyxl.load_workbook(tmp / "so.streamline.xlsx", read_only=True)
    assert wb.sheetnames[0] == "Tổng hợp"
    sheet = wb["Nhân sự"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    monthly = header.index(
        next(
            h
            for h in header
            if h and "tháng" in h.lower() and "lương" in h.lower() and "tổng" in h.lower()
        )
    )
    in_book = [r[monthly] for r in rows[1:] if r[monthly] is not None]
    assert in_book == staff["monthly_salary"].to_list()
    # Nguyễn Văn An: (4.65 + 0.7) × 2,340,000 × 1.25 = 15,648,750
    assert in_book[0] == 15_648_750


@pytest.mark.parametrize("lang, sheet", [("en", "Summary")])
def test_lang_en(tmp_path, lang, sheet):
    src = department(tmp_path, PEOPLE)
    res = run("analyze", src, "--as-of", "2025-03-01", "--lang", lang, "--no-html")
    assert res.exit_code == 0, why(res)
    wb = openpyxl.load_workbook(tmp_path / "so.streamline.xlsx", read_only=True)
    assert wb.sheetnames[0] == sheet


def test_mask_leaves_no_name_in_any_output(tmp_path):
    src = department(tmp_path, PEOPLE)
    out = tmp_path / "out"
    res = run(
        "analyze",
        src,
        "--as-of",
        "2025-03-01",
        "--mask",
        "--out",
        out,
        "--tables",
        out / "t",
        "--tables-format",
        "csv",
    )
    assert res.exit_code == 0, why(res)
    texts = [res.output]  # everything printed, stdout and stderr
    with zipfile.ZipFile(out / "so.streamline.xlsx") as zf:
        texts += [zf.read(n).decode("utf-8", "replace") for n in zf.namelist()]
    texts.append((out / "so.streamline.html").read_text("utf-8"))
    texts += [p.read_text("utf-8") for p in (out / "t").glob("*.csv")]
    blob = "\n".join(texts)
    for name in NAMES:
        assert name not in blob
        assert name.split()[-1] + "\n" not in blob
    staff = pl.read_csv(out / "t" / "staff.csv")
    assert staff["full_name"].str.starts_with("NGUOI-").all()
    # Pseudonyms are stable from run to run: keyed on the key file the first run created beside
    # the input (streamline-mask.key), not on the process, so a second run in this process
    # checks the same thing as a second process would.
    again = run(
        "analyze",
        src,
        "--as-of",
        "2025-03-01",
        "--mask",
        "--out",
        out / "again",
        "--tables",
        out / "again" / "t",
        "--tables-format",
        "csv",
        "--no-html",
    )
    assert again.exit_code == 0, why(again)
    assert (
        pl.read_csv(out / "again" / "t" / "staff.csv")["full_name"].to_list()
        == staff["full_name"].to_list()
    )


def _bad(tmp: Path, name: str, content: bytes) -> Path:
    path = tmp / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("notes.docx", b"PK\x03\x04 not a sheet", "không phải bảng tính"),
        ("broken.xlsx", b"this is not a zip file at all", "không đọc được bảng tính"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024, "mã hoá"),
    ],
)
def test_bad_files_exit_2_with_one_line(tmp_path, name, content, reason):
    line = assert_one_error_line(run("analyze", _bad(tmp_path, name, content)))
    assert line.startswith("streamline: lỗi: ")
    assert name in line and reason in line


def test_no_header_and_no_people_exit_2(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Xin chào"])
    wb.save(tmp_path / "empty.xlsx")
    assert "tiêu đề" in assert_one_error_line(run("analyze", tmp_path / "empty.xlsx"))
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Ngày sinh", "Giới tính", "Hệ số lương"])
    wb.save(tmp_path / "nobody.xlsx")
    assert "không có người" in assert_one_error_line(run("analyze", tmp_path / "nobody.xlsx"))


def test_bad_option_values_exit_2(tmp_path):
    src = department(tmp_path, PEOPLE)
    assert run("analyze", src, "--target", "abc").exit_code == 2
    assert "--map" in assert_one_error_line(run("analyze", src, "--map", "Hệ số"))


def test_version_end_to_end():
    """The real entry point, `python -m streamline`, in a subprocess."""
    proc = run_subprocess("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("streamline, version")


def test_help():
    for cmd in ("analyze", "params"):
        res = run(cmd, "--help")
        assert res.exit_code == 0 and "--" in res.stdout


def test_params_command_shows_sources():
    res = run("params", "--at", "2025-03-01")
    assert res.exit_code == 0, why(res)
    assert "2.340.000" in res.stdout and "73/2024" in res.stdout
    later = run("params", "--at", "2026-07-01", "--lang", "en")
    assert "2,530,000" in later.stdout and "unconfirmed" in later.stdout


def test_scenario_overlay_changes_base_salary(tmp_path):
    overlay = tmp_path / "scenario.toml"
    overlay.write_text(
        '[base_salary]\nkind = "series"\nvalues = [{ from = 2027-07-01, value = 2800000, '
        'source = "Kịch bản", confirmed = false }]\n',
        encoding="utf-8",
    )
    src = department(tmp_path, PEOPLE)
    res = run(
        "analyze",
        src,
        "--as-of",
        dt.date(2027, 8, 1).isoformat(),
        "--params",
        overlay,
        "--tables",
        tmp_path / "t",
        "--no-html",
    )
    assert res.exit_code == 0, why(res)
    staff = pl.read_parquet(tmp_path / "t" / "staff.parquet")
    assert staff["salary"][0] == 13_020_000  # 4.65 × 2,800,000


def test_tables_only_run(tmp_path):
    src = department(tmp_path, PEOPLE)
    res = run("analyze", src, "--as-of", "2025-03-01", "--no-workbook", "--no-html",
              "--tables", tmp_path / "t")
    assert res.exit_code == 0, why(res)
    assert not list(tmp_path.glob("*.streamline.*"))
    assert pl.read_parquet(tmp_path / "t" / "staff.parquet").height == 5


def test_name_finder_matches_whole_names_in_any_form():
    from streamline.privacy import name_finder

    contains = name_finder(["Nguyễn Văn An", "Lê Thị Bé"])
    assert contains("Giới tính không rõ: NGUYEN VAN AN")
    assert contains(unicodedata.normalize("NFD", "dòng của Lê Thị Bé, phòng X"))
    assert not contains("Nguyễn Văn Anh")  # another person
    assert not contains("Văn An")


def test_unwritable_output_exits_2(tmp_path):
    src = department(tmp_path, PEOPLE)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the output folder should be")
    line = assert_one_error_line(run("analyze", src, "--out", blocked / "sub", "--no-html"))
    assert "blocked" in line
