"""`--mask`: nothing that names a person leaves the office.

The demo sample is analysed with --mask as a user runs it (CliRunner), and every output is
searched for what the input holds about each person: names, employee IDs, exact birth dates
(dd/mm/yyyy, yyyy-mm-dd, Excel serial), exact titles, notes and deferral reasons. The
workbook is unzipped and its XML searched, the HTML page, the Parquet and CSV tables (read
back with polars and searched as text) and the console output too. Pseudonyms are keyed:
the same key gives the same pseudonyms run after run, another key other ones.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner, Result

from streamline.analysis import analyze
from streamline.cli import main
from streamline.ingest import read_inputs
from streamline.privacy import KEY_FILE, Masking, mask_result
from streamline.report import i18n
from tests.test_ingest import PEOPLE, department

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "so_noi_vu.xlsx"
AS_OF = "2026-12-01"
ENV = {"COLUMNS": "200", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
STAFF_SHEET = "Danh sach CBCC"
EXCEL_EPOCH = dt.date(1899, 12, 30)


def run(*args) -> Result:
    return CliRunner(env=ENV).invoke(main, [str(a) for a in args])


def with_employee_ids(path: Path) -> Path:
    """The demo sample with an employee-ID column (it has none), so IDs are checked too."""
    wb = openpyxl.load_workbook(path)
    ws = wb[STAFF_SHEET]
    col = ws.max_column + 1
    ws.cell(7, col, "Mã cán bộ")
    ws.merge_cells(start_row=7, start_column=col, end_row=8, end_column=col)
    ws.cell(9, col, f"({col})")
    n = 0
    for row in range(10, ws.max_row + 1):
        if isinstance(ws.cell(row, 1).value, int) and ws.cell(row, 2).value:
            n += 1
            ws.cell(row, col, f"SNV{n:05d}")
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("input")
    return with_employee_ids(Path(shutil.copy(SAMPLE, folder / SAMPLE.name)))


@pytest.fixture(scope="module")
def secrets_of_input(sample) -> dict[str, set[str]]:
    """What the input says about each person, as it might be written in an output."""
    staff = read_inputs([sample]).staff
    # A birth date that is also another date of the input (someone's recruitment date, say)
    # may rightly show as that date.
    other_dates = {d for col, dtype in staff.schema.items() if dtype == pl.Date
                   and col != "birth_date" for d in staff[col].drop_nulls()}
    exact_births = [d for d, p in zip(staff["birth_date"], staff["birth_precision"], strict=True)
                    if d is not None and p == "day" and (d.month, d.day) != (1, 1)
                    and d not in other_dates]
    unmasked = analyze([sample], as_of=dt.date.fromisoformat(AS_OF))
    reasons = {c for codes in unmasked.tables["deferred"]["reason_codes"]
               for c in codes.split(",")}
    assert staff["employee_id"].drop_nulls().len() == staff.height
    assert len(exact_births) > 100 and reasons and staff["notes"].drop_nulls().len()
    return {
        "names": set(staff["full_name"]),
        "ids": set(staff["employee_id"]),
        "titles": set(staff["title"].drop_nulls()),
        "notes": set(staff["notes"].drop_nulls()),
        "dates": {f(d) for d in exact_births
                  for f in (lambda d: d.strftime("%d/%m/%Y"), dt.date.isoformat)},
        "serials": {str((d - EXCEL_EPOCH).days) for d in exact_births},
        "reason_codes": reasons,
        "reason_texts": {i18n.message(f"reason.{c}", {}, lang) for c in reasons
                         for lang in ("vi", "en")},
    }


@pytest.fixture(scope="module")
def masked(sample, tmp_path_factory) -> dict:
    """One masked run with the workbook, the HTML and Parquet tables, one with CSV tables."""
    out = tmp_path_factory.mktemp("out")
    full = run("analyze", sample, "--as-of", AS_OF, "--mask", "--out", out,
               "--tables", out / "parquet")
    assert full.exit_code == 0, full.output
    csv = run("analyze", sample, "--as-of", AS_OF, "--mask", "--no-workbook", "--no-html",
              "--tables", out / "csv", "--tables-format", "csv")
    assert csv.exit_code == 0, csv.output
    return {"out": out, "runs": [full, csv]}


def _values_text(frame: pl.DataFrame) -> str:
    """Every value of a table as text, one row a line (column names left out: `discipline`
    names a column, not a person's reason)."""
    return frame.select(pl.all().cast(pl.String)).write_csv(include_header=False)


def output_texts(masked) -> dict[str, str]:
    out = masked["out"]
    texts = {}
    with zipfile.ZipFile(out / "so_noi_vu.streamline.xlsx") as zf:
        for name in zf.namelist():
            texts[f"xlsx:{name}"] = html.unescape(zf.read(name).decode("utf-8", "replace"))
    texts["html"] = html.unescape((out / "so_noi_vu.streamline.html").read_text("utf-8"))
    for path in sorted((out / "parquet").glob("*.parquet")):
        texts[f"parquet:{path.stem}"] = _values_text(pl.read_parquet(path))
    for path in sorted((out / "csv").glob("*.csv")):
        texts[f"csv:{path.stem}"] = _values_text(pl.read_csv(path, infer_schema=False))
    for i, res in enumerate(masked["runs"]):
        texts[f"console:{i}"] = res.stdout + res.stderr
    return {k: unicodedata.normalize("NFC", v) for k, v in texts.items()}


def leaks(texts: dict[str, str], needles: set[str], whole_number: bool = False) -> list:
    found = []
    for needle in needles:
        # A whole number stands alone: not inside a longer number ("1.027.920") nor inside a
        # pseudonym's hex digest ("NV-A27920F1" is no birth date; it made this test flaky).
        pattern = (rf"(?<![\w.,]){re.escape(needle)}(?![\w.,])" if whole_number
                   else re.escape(unicodedata.normalize("NFC", needle)))
        found += [(needle, where) for where, text in texts.items() if re.search(pattern, text)]
    return sorted(found)


def test_a_birth_serial_is_found_as_a_cell_value_not_inside_a_pseudonym_or_a_number():
    texts = {"xlsx": "<c r='F2'><v>27920</v></c>", "csv": "NGUOI-A27920F1B2C,1.027.920"}
    assert leaks(texts, {"27920"}, whole_number=True) == [("27920", "xlsx")]


def test_masked_outputs_hold_no_name_id_birth_date_or_deferral_reason(masked,
                                                                       secrets_of_input):
    s = secrets_of_input
    texts = output_texts(masked)
    assert any(k.startswith("xlsx:xl/worksheets") for k in texts)
    assert {"parquet:staff", "csv:staff", "parquet:deferred", "csv:issues"} <= set(texts)
    assert leaks(texts, s["names"]) == []
    assert leaks(texts, s["ids"]) == []
    assert leaks(texts, s["dates"]) == []
    assert leaks(texts, s["serials"], whole_number=True) == []
    assert leaks(texts, s["notes"]) == []
    assert leaks(texts, s["reason_texts"]) == []
    person_tables = ("staff", "unassigned", "candidates", "payouts", "deferred", "issues")
    person_texts = {k: v for k, v in texts.items() if k.split(":")[-1] in person_tables}
    assert leaks(person_texts, s["reason_codes"]) == []


def test_masked_tables_coarsen_and_say_so(masked, secrets_of_input):
    t = masked["out"] / "parquet"
    staff = pl.read_parquet(t / "staff.parquet")
    assert staff["full_name"].str.contains(r"^NGUOI-[0-9A-F]{10}$").all()
    assert staff["employee_id"].str.contains(r"^ID-[0-9A-F]{10}$").all()
    assert staff["full_name"].n_unique() == staff.height
    # Birth date: 1 January of its year, said by the precision column; the type is unchanged.
    assert staff.schema["birth_date"] == pl.Date
    born = staff["birth_date"].drop_nulls()
    assert ((born.dt.month() == 1) & (born.dt.day() == 1)).all()
    assert set(staff.filter(pl.col("birth_date").is_not_null())["birth_precision"]) == {"year"}
    # Title: the group only — leadership when a title or a leadership coefficient is given.
    leader = "leadership"  # a code; the report words it (title_group.leadership)
    assert set(staff["title"].drop_nulls()) == {leader}
    assert not secrets_of_input["titles"] & set(staff["title"].drop_nulls())
    with_coef = staff.filter(pl.col("lead_coef").fill_null(0) > 0)
    assert (with_coef["title"] == leader).all() and with_coef.height
    for col in ("source_row", "notes", "pregnant", "maternity", "child_under_36m", "discipline"):
        assert staff[col].null_count() == staff.height, col
    deferred = pl.read_parquet(t / "deferred.parquet")
    assert deferred.height and set(deferred["reason_codes"]) == {"masked"}
    issues = pl.read_parquet(t / "issues.parquet")
    person_rows = issues.filter(pl.col("sheet") == STAFF_SHEET)
    assert person_rows.height and person_rows["row"].null_count() == person_rows.height
    # Every output says how it was masked: the parameters table (workbook and HTML too).
    params = pl.read_parquet(t / "parameters.parquet")
    row = params.filter(pl.col("name") == "run.mask").row(0, named=True)
    assert "01/01" in row["label_vi"] and "1 January" in row["label_en"]
    page = (masked["out"] / "so_noi_vu.streamline.html").read_text("utf-8")
    assert html.escape(row["label_vi"]) in page or row["label_vi"] in html.unescape(page)


def test_deferred_sheet_words_the_masked_reason(masked):
    wb = openpyxl.load_workbook(masked["out"] / "so_noi_vu.streamline.xlsx", read_only=True)
    sheet = wb[i18n.sheet("deferred", "vi")]
    cells = {v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert i18n.message("reason.masked", {}, "vi") in cells
    assert "masked" not in cells


def _pseudonyms(tmp_path: Path, src: Path, key: Path, name: str) -> list[str]:
    res = run("analyze", src, "--as-of", AS_OF, "--mask-key", key, "--no-workbook",
              "--no-html", "--tables", tmp_path / name, "--tables-format", "csv")
    assert res.exit_code == 0, res.output
    return pl.read_csv(tmp_path / name / "staff.csv")["full_name"].to_list()


def test_same_key_same_pseudonyms_other_key_other_ones(tmp_path):
    src = department(tmp_path, PEOPLE)
    keys = tmp_path / "keys"
    first = _pseudonyms(tmp_path, src, keys / "a.key", "one")
    assert (keys / "a.key").stat().st_size == 32  # --mask-key creates a missing key
    again = _pseudonyms(tmp_path, src, keys / "a.key", "two")
    other = _pseudonyms(tmp_path, src, keys / "b.key", "three")
    assert first == again
    assert all(p.startswith("NGUOI-") for p in first) and len(set(first)) == len(first)
    assert not set(first) & set(other)


def test_pseudonyms_are_keyed_not_a_hash_of_the_name():
    result = analyze([SAMPLE], as_of=dt.date.fromisoformat(AS_OF))
    one = Masking(b"k" * 32)
    mask_result(result, one)
    names = set(result.tables["staff"]["full_name"])
    another = analyze([SAMPLE], as_of=dt.date.fromisoformat(AS_OF), mask=Masking(b"j" * 32))
    assert not names & set(another.tables["staff"]["full_name"])
    assert one.pseudonym("ID", "SNV00001") != Masking(b"j" * 32).pseudonym("ID", "SNV00001")


def test_default_key_is_created_beside_the_input_once_with_a_note(tmp_path):
    src = department(tmp_path, PEOPLE)
    out = tmp_path / "out"
    first = run("analyze", src, "--mask", "--out", out, "--no-html")
    assert first.exit_code == 0, first.output
    key = tmp_path / KEY_FILE
    assert key.stat().st_size == 32 and not (out / KEY_FILE).exists()
    notes = first.stderr.strip().splitlines()
    assert len(notes) == 1 and str(key) in notes[0]
    second = run("analyze", src, "--mask", "--out", out, "--no-html")
    assert second.exit_code == 0 and second.stderr == ""


def test_short_key_exits_2_with_one_line(tmp_path):
    src = department(tmp_path, PEOPLE)
    key = tmp_path / "weak.key"
    key.write_bytes(b"1234")
    res = run("analyze", src, "--mask-key", key, "--no-html")
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(key) in lines[0] and "16" in lines[0]
    assert key.read_bytes() == b"1234"


def test_quiet_runs_print_no_progress(tmp_path):
    """stderr is no terminal here (as in a pipe): no progress line, whatever the run's length."""
    src = department(tmp_path, PEOPLE)
    res = run("analyze", src, "--no-html")
    assert res.exit_code == 0 and res.stderr == ""


def test_issues_lose_person_rows_and_quoted_personal_values(tmp_path):
    src = department(tmp_path, PEOPLE)  # birth date 27466 (an Excel serial) on row 17
    plain = analyze([src], as_of=dt.date(2025, 3, 1)).tables["issues"]
    assert "27466" in plain["value"].to_list()
    issues = analyze([src], as_of=dt.date(2025, 3, 1), mask=True).tables["issues"]
    assert "27466" not in " ".join(issues["value"].drop_nulls().to_list()
                                   + issues["args"].drop_nulls().to_list())
    people = issues.filter(pl.col("code") != "subtotal_mismatch")
    assert people["row"].null_count() == people.height
    subtotals = issues.filter(pl.col("code") == "subtotal_mismatch")
    assert subtotals.height and subtotals["row"].null_count() == 0  # no person's row
