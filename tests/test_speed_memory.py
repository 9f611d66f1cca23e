"""Issue 10, speed and memory: the split position join, intermediates dropped early, DuckDB's
memory cap and spill folder, and a workbook written by the fast writer that reads back as the
tables it was written from. Speed itself is measured in benchmarks/, never asserted here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import fastexcel
import polars as pl
import pytest

import streamline.engine as engine_module
from streamline.analysis import analyze
from streamline.engine import Engine
from streamline.pipeline import Pipeline, Step
from streamline.report import i18n
from streamline.report.excel import EXCEL_EPOCH, write_workbook

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "so_noi_vu.xlsx"
CV, KT = "Chuyên viên", "Kế toán viên"


def _person(unit: str, position: str) -> dict:
    return {"full_name": f"{unit} {position}", "unit": unit, "position": position, "sex": "F",
            "birth_date": dt.date(1980, 1, 1), "coef": 2.34, "staff_type": "civil_servant"}


def test_positions_listed_with_and_without_unit(analyse):
    # Unit A lists 1 Chuyên viên and has 2; unit B has 1 Chuyên viên it does not list. Kế toán
    # viên is listed once for the whole agency (no unit), quota 2, held by 1 person in A.
    # A's row must count A's 2 holders only (not B's): present 2, difference +1, surplus 1.
    # The unit-less row counts the agency's holders of the title: present 1, difference −1.
    people = [_person("A", CV), _person("A", CV), _person("B", CV), _person("A", KT)]
    positions = [{"unit": "A", "position": CV, "quota": 1},
                 {"unit": None, "position": KT, "quota": 2}]
    result = analyse(people, positions=positions)
    rows = result.tables["positions"].select(
        "unit", "position", "quota", "present", "difference", "vacancies", "surplus").rows()
    assert rows == [("A", CV, 1, 2, 1, 0, 1), (None, KT, 2, 1, -1, 1, 0)]


def test_kept_tables_only_survive_a_run(monkeypatch):
    # src → a → b → c, keep c: a is dropped after b reads it, b after c, src after a.
    sql = {"a": "SELECT x + 1 AS x FROM src", "b": "SELECT x * 2 AS x FROM a",
           "c": "SELECT x FROM b"}
    monkeypatch.setattr(engine_module, "query_text", sql.__getitem__)
    pipeline = Pipeline([Step("a", ("src",)), Step("b", ("a",)), Step("c", ("b",))], ["src"])
    with Engine() as eng:
        eng.register("src", pl.DataFrame({"x": [1, 2]}))
        pipeline.run(eng, ["c"], {}, keep=["c"])
        left = {r[0] for r in eng.con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert left == {"c"}
        assert eng.take("c")["x"].to_list() == [4, 6]  # (1 + 1) × 2, (2 + 1) × 2
        assert not eng.con.sql("SELECT * FROM duckdb_tables()").fetchall()
    with Engine() as eng:  # without `keep` every table stays, as other callers expect
        eng.register("src", pl.DataFrame({"x": [1]}))
        pipeline.run(eng, ["c"], {})
        assert len(eng.con.sql("SELECT * FROM duckdb_tables()").fetchall()) == 4


def test_engine_memory_cap_and_spill_folder(monkeypatch):
    monkeypatch.setenv("STREAMLINE_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("STREAMLINE_THREADS", "1")
    eng = Engine()
    settings = dict(eng.con.sql(
        "SELECT name, value FROM duckdb_settings() WHERE name IN "
        "('memory_limit', 'temp_directory', 'threads', 'autoinstall_known_extensions')"
    ).fetchall())
    spill = Path(settings["temp_directory"])
    assert settings["memory_limit"] in ("286.1 MiB", "300.0 MB")  # 300 MB, as DuckDB words it
    assert settings["threads"] == "1" and settings["autoinstall_known_extensions"] == "false"
    assert spill.is_dir() and spill.name.startswith("streamline-spill-")
    eng.close()
    assert not spill.exists()


@pytest.fixture(scope="module")
def sample_workbook(tmp_path_factory):
    result = analyze([SAMPLE], as_of=dt.date(2026, 12, 1))
    return result, write_workbook(result, tmp_path_factory.mktemp("wb") / "kq.xlsx")


def test_workbook_reads_back_as_its_tables(sample_workbook):
    """Every person and figure of the staff and payout sheets, read back with calamine, is the
    table's value: names, money (whole đồng), dates (dd/mm/yyyy serials) and coefficients."""
    result, path = sample_workbook
    book = fastexcel.read_excel(path)
    assert book.sheet_names[:2] == ["Tổng hợp", "Nhân sự"]
    staff = book.load_sheet("Nhân sự").to_polars()
    table = result.tables["staff"]
    assert staff.height == table.height == 150
    col = {c: i18n.column(c, "vi") for c in ("full_name", "salary", "birth_date", "coef")}
    assert staff[col["full_name"]].to_list() == table["full_name"].to_list()
    assert staff[col["salary"]].cast(pl.Int64).to_list() == table["salary"].to_list()
    assert staff[col["coef"]].to_list() == table["coef"].cast(pl.Float64).to_list()
    born = staff[col["birth_date"]].cast(pl.Date)
    assert born.to_list() == table["birth_date"].to_list()
    assert born.min() > EXCEL_EPOCH
    payouts = book.load_sheet(i18n.sheet("payouts", "vi"), header_row=1).to_polars()
    total = payouts[i18n.column("total", "vi")]
    # The sheet ends with its total line: the sum of the rows above it, to the đồng.
    assert total[-1] == total[:-1].sum() == result.tables["payouts"]["total"].sum()


def test_workbook_sheets_hold_every_row(sample_workbook):
    """Each table's sheet has one row per table row it lists (plus its total line), nothing
    cut."""
    result, path = sample_workbook
    book = fastexcel.read_excel(path)
    for name in ("staff", "positions", "candidates", "fund", "targets", "parameters"):
        sheet = book.load_sheet(i18n.sheet(name, "vi"),
                                header_row=1 if name == "candidates" else 0).to_polars()
        total = name in ("fund", "targets")
        assert 0 < result.tables[name].height == sheet.height - total, name
