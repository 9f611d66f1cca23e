"""The store (`streamline import --db`, `analyze --db`): the demo's numbers are the same read
from the store as read directly; a changed file replaces its rows, the same content is not
stored twice, an unreadable file is listed and the import goes on with exit status 1."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner
from polars.testing import assert_frame_equal

from streamline.analysis import analyze
from streamline.cli import main
from streamline.store import import_files, load

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "samples" / "so_noi_vu.xlsx"
DEMO_DAY = dt.date(2026, 12, 1)
ENV = {"COLUMNS": "200", "FORCE_COLOR": None, "TTY_COMPATIBLE": None}

STAFF_HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị", "Vị trí việc làm",
                 "Chức vụ", "Loại CBCCVC", "Mã ngạch", "Hệ số lương", "Số năm đóng BHXH",
                 "Tự nguyện"]


def write_book(path: Path, people: list[dict], positions: list[tuple] | None = None,
               units: list[tuple] | None = None) -> Path:
    """A unit's workbook: a staff sheet, and optionally a job-position sheet (unit, position,
    category, grade code, quota) and a units sheet (unit, parent, kind)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sach"
    ws.append(STAFF_HEADERS)
    for i, p in enumerate(people, 1):
        ws.append([i, p["name"], p["birth"], p.get("sex", "Nam"), p.get("unit"),
                   p.get("position"), p.get("title"), p.get("type", "Công chức"),
                   p.get("grade", "01.003"), p.get("coef", 3.0), p.get("si"),
                   "x" if p.get("volunteer") else None])
    for title, header, rows in (
        ("VTVL", ["STT", "Đơn vị", "Tên vị trí việc làm", "Nhóm vị trí", "Mã ngạch", "Số lượng"],
         positions),
        ("Don vi", ["STT", "Tên đơn vị", "Đơn vị cấp trên", "Loại đơn vị"], units),
    ):
        if rows:
            sheet = wb.create_sheet(title)
            sheet.append(header)
            for i, r in enumerate(rows, 1):
                sheet.append([i, *r])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def cli(*args):
    return CliRunner(env=ENV).invoke(main, [str(a) for a in args])


PEOPLE = [
    {"name": "Nguyễn Văn An", "birth": dt.date(1970, 5, 1), "unit": "Văn phòng",
     "position": "Chuyên viên"},
    {"name": "Trần Thị Bình", "birth": dt.date(1982, 2, 1), "sex": "Nữ", "unit": "Văn phòng",
     "position": "Kế toán"},
]


# --------------------------------------------------------------------------------------------
# The demo: every table the same with --db as without
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "demo.duckdb"
    import_files([DEMO], db)
    return db


def test_demo_numbers_are_the_same_with_db(demo_store):
    direct = analyze([DEMO], as_of=DEMO_DAY)
    ingested, roots = load(demo_store)
    stored = analyze([demo_store], as_of=DEMO_DAY, ingested=ingested, roots=roots)
    assert list(stored.tables) == list(direct.tables)
    for name, frame in direct.tables.items():
        assert_frame_equal(stored.tables[name], frame, check_exact=True), name
    assert direct.tables["summary"]["target_total"][0] > 0


def test_analyze_db_on_the_command_line(demo_store, tmp_path):
    res = cli("analyze", "--db", demo_store, "--as-of", "2026-12-01", "--out", tmp_path,
              "--no-html", "--level", "1")
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(tmp_path / "demo.streamline.xlsx", read_only=True)
    tree = list(book["Cây đơn vị"].iter_rows(values_only=True))
    # --level 1: the root only (the demo file), under its header row (+ a total line at most).
    assert tree[1][0] == "so_noi_vu.xlsx"
    assert all(row[0] != "so_noi_vu.xlsx > VĂN PHÒNG SỞ" for row in tree)


def test_analyze_needs_inputs_or_db_and_knows_its_nodes(demo_store, tmp_path):
    both = cli("analyze", DEMO, "--db", demo_store)
    assert both.exit_code == 2 and "--db" in both.output
    unknown = cli("analyze", "--db", demo_store, "--unit", "Nowhere", "--out", tmp_path,
                  "--no-html", "--no-workbook")
    assert unknown.exit_code == 2
    assert len(unknown.output.strip().splitlines()) == 1 and "Nowhere" in unknown.output


# --------------------------------------------------------------------------------------------
# Import: replace, never duplicate; same content once; unreadable files listed
# --------------------------------------------------------------------------------------------


def test_reimport_replaces_never_duplicates(tmp_path):
    db = tmp_path / "s.duckdb"
    book = write_book(tmp_path / "in" / "don_vi.xlsx", PEOPLE)
    first = cli("import", book, "--db", db)
    assert first.exit_code == 0, first.output
    assert "đã nhập 2 người" in first.output

    again = cli("import", book, "--db", db, "--lang", "en")
    assert again.exit_code == 0 and "unchanged, skipped" in again.output

    # The file changes (a third person): its rows are replaced, not added to.
    write_book(book, [*PEOPLE, {"name": "Lê Văn Cường", "birth": dt.date(1990, 1, 1),
                                "unit": "Văn phòng", "position": "Chuyên viên"}])
    changed = cli("import", book, "--db", db, "--lang", "en")
    assert changed.exit_code == 0 and "changed, its rows replaced (3 people)" in changed.output
    ingested, _ = load(db)
    assert ingested.staff["full_name"].to_list() == ["Nguyễn Văn An", "Trần Thị Bình",
                                                     "Lê Văn Cường"]
    assert ingested.staff["person_id"].to_list() == [1, 2, 3]
    with duckdb.connect(str(db), read_only=True) as con:
        log = con.table("files").order("seq").pl()
        staff = con.table(json.loads(log["tables"][2])["staff"]).order(
            "import_id, store_row").pl()
    # The import log: one row per file per import; the latest says which rows are current.
    assert log["status"].to_list() == ["imported", "unchanged", "replaced"]
    assert log["data_id"].to_list() == [1, 1, 3]
    # The first version's rows stay as history under their own import, never loaded again.
    assert staff.group_by("import_id").len().sort("import_id")["len"].to_list() == [2, 3]
    # Provenance per row: the file, sheet and row, and when it was imported.
    current = staff.filter(pl.col("import_id") == 3)
    assert current["source_row"].to_list() == [2, 3, 4]
    assert current["store_path"].unique().to_list() == [str(book.resolve())]
    assert current["source_sheet"].unique().to_list() == ["Danh sach"]
    assert current["imported_at"].null_count() == 0


def test_same_content_under_another_path_is_stored_once(tmp_path):
    db = tmp_path / "s.duckdb"
    book = write_book(tmp_path / "a" / "don_vi.xlsx", PEOPLE)
    copy = tmp_path / "b" / "ban_sao.xlsx"
    copy.parent.mkdir()
    shutil.copy(book, copy)
    rows = import_files([book, copy], db)
    assert rows["status"].to_list() == ["imported", "unchanged"]
    assert rows["same_as"].to_list() == [None, str(book.resolve())]
    ingested, _ = load(db)
    assert ingested.staff.height == 2
    assert ingested.files["status"].to_list() == ["read", "duplicate"]


def test_an_unreadable_file_is_listed_and_the_import_goes_on(tmp_path):
    db = tmp_path / "s.duckdb"
    folder = tmp_path / "in"
    write_book(folder / "tot.xlsx", PEOPLE)
    (folder / "hong.xlsx").write_bytes(b"not a workbook at all")
    res = cli("import", folder, "--db", db, "--workers", "1")
    assert res.exit_code == 1
    assert "hong.xlsx: không đọc được" in res.output
    ingested, _ = load(db)
    assert ingested.staff.height == 2
    assert sorted(ingested.files["status"].to_list()) == ["read", "unreadable"]
    assert "file_unreadable" in ingested.issues["code"].to_list()


def test_a_file_that_is_not_a_store_is_one_line(tmp_path):
    bad = tmp_path / "x.duckdb"
    bad.write_text("hello")
    res = cli("analyze", "--db", bad)
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1


def test_an_empty_store_says_so(tmp_path):
    db = tmp_path / "s.duckdb"
    (tmp_path / "hong.xlsx").write_bytes(b"junk")
    assert cli("import", tmp_path / "hong.xlsx", "--db", db).exit_code == 1
    res = cli("analyze", "--db", db, "--lang", "en")
    assert res.exit_code == 2 and "run streamline import first" in res.output


def test_stored_frames_keep_the_importer_schema(demo_store):
    ingested, roots = load(demo_store)
    assert roots == {}
    assert isinstance(ingested.staff, pl.DataFrame)
    assert ingested.staff["source_file"].unique().to_list() == ["so_noi_vu.xlsx"]


def _stored_and_direct(tmp_path: Path, a_people: list[dict], b_people: list[dict],
                       imported: str):
    """a.xlsx and b.xlsx imported one at a time in the `imported` order ("ab" or "ba"): the
    stored frames, and the analysis of the two files read together."""
    books = {"a": write_book(tmp_path / "a.xlsx", a_people),
             "b": write_book(tmp_path / "b.xlsx", b_people)}
    db = tmp_path / "store.duckdb"
    for name in imported:
        import_files([books[name]], db)
    return load(db)[0], analyze([books["a"], books["b"]], as_of=DEMO_DAY)


def test_a_person_in_two_stored_files_is_counted_once_as_when_read_together(tmp_path):
    # Bình moved from unit A to unit B; both lists still carry him (same name and birth
    # date, diacritics typed differently). Read together, the importer counts him once and
    # says so on B's row; imported one file at a time, the store must do the same.
    stored, direct = _stored_and_direct(tmp_path, [
        {"name": "Trần Văn Bình", "birth": dt.date(1980, 5, 1), "unit": "Phòng A"},
        {"name": "Lê Thị Cúc", "birth": dt.date(1985, 2, 3), "unit": "Phòng A"}], [
        {"name": "Hà Văn Dũng", "birth": dt.date(1990, 7, 9), "unit": "Phòng B"},
        {"name": "TRAN VAN BINH", "birth": dt.date(1980, 5, 1), "unit": "Phòng B"}], "ab")
    from_db = analyze([], as_of=DEMO_DAY, ingested=stored)
    assert stored.staff.height == direct.tables["staff"].height == 3
    assert sorted(from_db.tables["staff"]["full_name"]) == ["Hà Văn Dũng", "Lê Thị Cúc",
                                                            "Trần Văn Bình"]
    dup = stored.issues.filter(pl.col("code") == "duplicate_person")
    assert dup.select("file", "sheet", "row", "value", "args").rows() == [
        ("b.xlsx", "Danh sach", 3, "TRAN VAN BINH", '{"v": "a.xlsx › 2"}')]
    same = direct.tables["issues"].filter(pl.col("code") == "duplicate_person")
    assert same.select("file", "row", "args").rows() == dup.select("file", "row", "args").rows()
    b_counts = stored.counts.filter(pl.col("file") == "b.xlsx").row(0, named=True)
    assert (b_counts["people"], b_counts["not_analysed"]) == (1, 1)
    assert_frame_equal(stored.counts.sort("file", "sheet"),
                       direct.tables["counts"].sort("file", "sheet"))


def test_stored_rows_come_in_file_order_whatever_the_import_order(tmp_path):
    """b.xlsx imported before a.xlsx: the store still gives a's people first, numbered as when
    the two files are read together."""
    stored, direct = _stored_and_direct(tmp_path, [
        {"name": "Lê Thị Cúc", "birth": dt.date(1985, 2, 3), "unit": "Phòng A"},
        {"name": "Trần Văn Bình", "birth": dt.date(1980, 5, 1), "unit": "Phòng A"}], [
        {"name": "Hà Văn Dũng", "birth": dt.date(1990, 7, 9), "unit": "Phòng B"}], "ba")
    assert stored.staff.select("person_id", "full_name", "source_file").rows() == [
        (1, "Lê Thị Cúc", "a.xlsx"), (2, "Trần Văn Bình", "a.xlsx"), (3, "Hà Văn Dũng", "b.xlsx")]
    assert (direct.tables["staff"].select("person_id", "full_name").rows()
            == stored.staff.select("person_id", "full_name").rows())


def test_a_file_of_job_positions_alone_is_stored_as_it_is_read_directly(tmp_path):
    """A job-position list in a file of its own has no person: read with the staff file it is
    accepted, so the store keeps it too (it once called it unreadable) and analyses it as the
    two files read together: as the positions of the staff file beside it (they once stood
    apart, every listed position vacant and every person's position unlisted)."""
    staff = write_book(tmp_path / "in" / "nhan_su.xlsx", PEOPLE)
    wb = openpyxl.Workbook()
    wb.active.title = "VTVL"
    wb.active.append(["STT", "Đơn vị", "Tên vị trí việc làm", "Nhóm vị trí", "Mã ngạch",
                      "Số lượng"])
    wb.active.append([1, "Văn phòng", "Chuyên viên", "Chuyên môn", "01.003", 1])
    wb.save(tmp_path / "in" / "vtvl.xlsx")
    db = tmp_path / "store.duckdb"
    log = import_files([tmp_path / "in"], db)
    assert sorted(log.select("file", "status").rows()) == [("nhan_su.xlsx", "imported"),
                                                           ("vtvl.xlsx", "imported")]
    stored, roots = load(db)
    assert stored.positions["position"].to_list() == ["Chuyên viên"]
    from_db = analyze([db], as_of=DEMO_DAY, ingested=stored, roots=roots)
    direct = analyze([staff, tmp_path / "in" / "vtvl.xlsx"], as_of=DEMO_DAY)
    assert_frame_equal(from_db.tables["positions"], direct.tables["positions"])
    assert from_db.tables["positions"].select("agency", "unit", "position", "quota",
                                              "present").rows() == [
        ("nhan_su.xlsx", "Văn phòng", "Chuyên viên", 1, 1)]
    assert from_db.tables["unassigned"]["full_name"].to_list() == ["Trần Thị Bình"]
    for result in (from_db, direct):
        said = result.tables["issues"].filter(pl.col("code") == "records_attached")
        assert said.select("file", "args").rows() == [("vtvl.xlsx", '{"v": "nhan_su.xlsx"}')]
    # The import says what it took from the file, not "0 people".
    res = cli("import", tmp_path / "in", "--db", tmp_path / "cli.duckdb")
    assert "vtvl.xlsx: đã nhập danh mục vị trí việc làm, đơn vị" in res.output
