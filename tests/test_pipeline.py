"""The declared pipeline: order derived from the declarations, errors at start-up, the
declarations true to the SQL, one binder, no import cycle, no SQL outside the engine."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polars as pl
import pytest

from streamline.engine import Engine, MissingParameter, query_text, sql_parameters
from streamline.params import load_params
from streamline.pipeline import PIPELINE, SOURCES, STEPS, Pipeline, PipelineError, Step
from streamline.regimes import regime_rows

ROOT = Path(__file__).resolve().parent.parent


def test_every_need_is_built_before_it_is_read():
    order = PIPELINE.plan([s.table for s in STEPS])
    seen = set(SOURCES)
    for step in order:
        assert set(step.needs) <= seen, step.table
        seen.add(step.table)
    assert len(order) == len(STEPS)


def test_plan_builds_only_what_a_target_needs():
    tables = [s.table for s in PIPELINE.plan(["fund"])]
    assert tables[-1] == "fund" and "candidates" not in tables
    assert {"pay", "people", "fund_by_scenario"} <= set(tables)
    given = [s.table for s in PIPELINE.plan(["payouts"], provided=["payout_choice"])]
    assert "candidates" not in given and "payout_choice" not in given


def test_the_input_staff_table_leaves_duckdb_before_the_payout_steps(monkeypatch):
    """The analysis asks for `checks` itself, so it runs in its declared place and not at the
    end for `issues`: `staff` (2.5 M × 56 nationally), which checks reads last, leaves DuckDB
    before the payout and candidate steps."""
    import datetime as dt

    import streamline.analysis
    from streamline.analysis import analyze

    events = []
    build, drop = Engine.build, Engine.drop
    monkeypatch.setattr(Engine, "build", lambda self, table, *a: (
        events.append(("build", table)), build(self, table, *a))[1])
    monkeypatch.setattr(Engine, "drop", lambda self, name: (
        events.append(("drop", name)), drop(self, name))[1])
    # a national list's steps run one at a time (step_sessions)
    monkeypatch.setattr(streamline.analysis, "step_sessions", lambda rows: 1)
    analyze([ROOT / "samples" / "so_noi_vu.xlsx"], as_of=dt.date(2026, 12, 1))
    assert events.index(("drop", "staff")) < events.index(("build", "payout_input"))


def test_steps_side_by_side_build_what_one_at_a_time_builds(monkeypatch):
    """A short list's steps run side by side, each in a session of its own: the same tables
    as one at a time, built on more than one connection, every intermediate dropped."""
    import datetime as dt
    import os

    import streamline.analysis
    from streamline.analysis import analyze
    from streamline.engine import ROW_GROUP, step_sessions

    assert step_sessions(ROW_GROUP) == 1 and step_sessions(ROW_GROUP - 1) == (os.cpu_count() or 1)
    results, connections, left = {}, set(), []
    build, close = Engine.build, Engine.close
    monkeypatch.setattr(Engine, "build", lambda self, table, *a: (
        connections.add(id(self.con)), build(self, table, *a))[1])
    monkeypatch.setattr(Engine, "close", lambda self: (left.append(self.tables()), close(self)))
    for sessions in (1, 3):
        monkeypatch.setattr(streamline.analysis, "step_sessions", lambda rows, n=sessions: n)
        connections.clear()
        results[sessions] = analyze([ROOT / "samples" / "so_noi_vu.xlsx"],
                                    as_of=dt.date(2026, 12, 1))
        assert (len(connections) > 1) == (sessions > 1)
    one, side = results[1].tables, results[3].tables
    assert one.keys() == side.keys()
    for name in one:
        assert one[name].equals(side[name], null_equal=True), name
    assert left[0] == left[1]


def test_a_view_is_never_stored_and_its_tables_outlive_its_last_reader(monkeypatch):
    """`pay` is a view over pay_rows and pay_prices: a national run never holds its 7.4 M
    priced rows. The tables under it are dropped only after the last step reading the view
    (payout_input), not after the view itself is declared."""
    import datetime as dt

    from streamline.analysis import analyze

    events = []
    build, view, drop = Engine.build, Engine.build_view, Engine.drop
    monkeypatch.setattr(Engine, "build", lambda self, table, *a: (
        events.append(("build", table)), build(self, table, *a))[1])
    monkeypatch.setattr(Engine, "build_view", lambda self, name, query: (
        events.append(("view", name)), view(self, name, query))[1])
    monkeypatch.setattr(Engine, "drop", lambda self, name: (
        events.append(("drop", name)), drop(self, name))[1])
    analyze([ROOT / "samples" / "so_noi_vu.xlsx"], as_of=dt.date(2026, 12, 1))
    assert ("view", "pay") in events and ("build", "pay") not in events
    last_reader = events.index(("build", "payout_input"))
    for table in ("pay", "pay_rows", "pay_prices"):
        assert events.index(("drop", table)) > last_reader, table


def test_a_cycle_or_a_missing_need_fails_at_start_up():
    with pytest.raises(PipelineError, match="cycle"):
        Pipeline([Step("a", ("b",)), Step("b", ("a",))], sources=())
    with pytest.raises(PipelineError, match="nothing provides"):
        Pipeline([Step("a", ("nowhere",))], sources=())
    with pytest.raises(PipelineError, match="replace a source"):
        Pipeline([Step("staff", ())], sources=("staff",))
    with pytest.raises(PipelineError, match="cannot run per value"):
        Pipeline([Step("a", ("b",), view=True, variant=True), Step("b", ())], sources=())
    with pytest.raises(PipelineError, match="does not need"):
        Pipeline([Step("a", (), each=("scenario_id", "scenario", "scenario_id"))],
                 sources=("scenario",))


def _tables_read(sql: str) -> set[str]:
    """Table names after FROM / JOIN, less the file's own CTEs and table functions."""
    code = re.sub(r"--[^\n]*|'(?:[^']|'')*'", " ", sql)
    code = re.sub(r"\bDISTINCT\s+FROM\b", " ", code, flags=re.I)
    ctes = set(re.findall(r"\b(\w+)\s+AS\s*\(\s*(?:SELECT|WITH)\b", code, re.I))
    names = set(re.findall(r"\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)(?!\s*\()", code, re.I))
    return names - ctes - {"LATERAL", "SELECT"}


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.table)
def test_declared_needs_are_what_the_sql_reads(step):
    if step.variant:  # one file per regime, each reading the same tables
        queries = [r["query"] for r in regime_rows(load_params()).values()]
    else:
        queries = [step.query or step.table]
    for query in queries:
        assert _tables_read(query_text(query)) == set(step.needs), query


def test_parameters_are_read_from_the_file():
    sql = "SELECT $a, '$not_a_param' -- $nor_this\n/* $nor\n this */ FROM t WHERE x = $b_2"
    assert sql_parameters(sql) == {"a", "b_2"}


def test_a_missing_parameter_is_named():
    with Engine() as eng, pytest.raises(MissingParameter, match=r"\$pension_waiver"):
        eng.build("payout_routes", "payout_routes", {})
    with Engine() as eng, pytest.raises(MissingParameter, match="view"):
        eng.build_view("payout_routes", "payout_routes")  # a view keeps no parameter values


def _imports(path: Path, package: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m.startswith(package)}


def test_no_import_cycle_inside_the_package():
    modules = {}
    for path in (ROOT / "streamline").rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        modules[".".join(parts)] = path
    graph = {m: {i for i in _imports(p, "streamline") if i in modules and i != m}
             for m, p in modules.items()}
    # A package's __init__ importing its own submodules is not a cycle of modules.
    graph = {m: {i for i in deps if not i.startswith(m + ".")} for m, deps in graph.items()}
    state: dict[str, str] = {}

    def visit(m, path):
        if state.get(m) == "done":
            return
        assert state.get(m) != "visiting", " → ".join((*path, m))
        state[m] = "visiting"
        for dep in graph[m]:
            visit(dep, (*path, m))
        state[m] = "done"

    for m in graph:
        visit(m, ())


def test_sql_runs_only_in_the_engine():
    for path in (ROOT / "streamline").rglob("*.py"):
        if path.name == "engine.py":
            continue
        text = path.read_text("utf-8")
        assert not re.search(r"\.(execute|sql)\(", text), path


def test_a_registered_frame_keeps_its_row_order():
    """rowid is the frame's row order even for a frame of many row groups, which a parallel
    copy would shuffle (issues.sql orders the importer's issues by it)."""
    n = 600_000
    with Engine() as eng:
        eng.register("long", pl.DataFrame({"seq": range(n), "text": ["x" * 12] * n}))
        assert eng.con.execute(
            "SELECT count(*) FROM long WHERE rowid <> seq").fetchall() == [(0,)]


@pytest.mark.parametrize("people_ids", [[3, 1, 2], [3, 1]])
def test_staff_table_is_people_in_input_order_with_the_input_columns_it_copies(people_ids):
    """The analysis' staff table is `people` sorted by person_id; the columns people.sql copies
    come from the input frame, its own (staff_type, salary) from DuckDB, each with its row —
    also when people.sql left someone out."""
    from streamline.analysis import _staff_table

    own = {3: ("x", 30), 1: ("y", 10), 2: ("z", 20)}
    staff = pl.DataFrame({"person_id": [1, 2, 3], "full_name": ["A", "B", "C"],
                          "staff_type": ["raw"] * 3, "notes": ["n1", None, "n3"]})
    with Engine() as eng:
        eng.register("people", pl.DataFrame({
            "person_id": people_ids, "full_name": [" wrong "] * len(people_ids),
            "staff_type": [own[i][0] for i in people_ids],
            "salary": [own[i][1] for i in people_ids]}))
        out = _staff_table(eng, staff)
        assert "people" not in eng.tables()
    assert out.columns == ["person_id", "full_name", "staff_type", "salary"]
    names = dict(zip([1, 2, 3], "ABC", strict=True))
    assert out.rows() == [(i, names[i], *own[i]) for i in sorted(people_ids)]


def test_staff_table_holds_what_people_sql_computes(tmp_path, monkeypatch):
    """PEOPLE_OWN names every column people.sql computes under an input column's name (a
    labour contract makes a public employee `contract`; a blank funding is the state's; a
    grade given by its code is named from the grade table): the staff table built from the
    input's columns equals `people` taken whole from DuckDB."""
    import datetime as dt

    from polars.testing import assert_frame_equal

    import streamline.analysis as analysis

    path = tmp_path / "hop_dong.csv"
    path.write_text(
        "STT,Họ và tên,Giới tính,Ngày sinh,Đơn vị,Loại CBCCVC,Loại hợp đồng,Mã ngạch,Bậc,"
        "Hệ số lương\n"
        '1,Nguyễn Văn An,Nam,05/09/1976,Văn phòng,VC,Hợp đồng lao động,01.003,4,"3,33"\n'
        '2,Trần Thị Bình,Nữ,22/03/1983,Văn phòng,VC,,01.003,6,"3,99"\n', encoding="utf-8")
    ing = analysis.read_inputs([path])
    assert ing.staff["staff_type"].to_list() == ["public_employee"] * 2
    fast = analysis.analyze([path], as_of=dt.date(2026, 12, 1), ingested=ing)
    assert fast.tables["staff"]["staff_type"].to_list() == ["contract", "public_employee"]
    assert fast.tables["staff"]["funding"].to_list() == ["state", "state"]
    assert fast.tables["staff"]["grade_name"].to_list() == ["Chuyên viên", "Chuyên viên"]
    monkeypatch.setattr(analysis, "_staff_table", lambda eng, staff: analysis._in_order(
        eng.take("people"), "person_id"))
    whole = analysis.analyze([path], as_of=dt.date(2026, 12, 1), ingested=ing)
    assert_frame_equal(fast.tables["staff"], whole.tables["staff"], check_exact=True)


def test_staff_is_put_in_input_order_without_losing_a_column():
    """DuckDB hands `people` over in any order; the analysis sorts it by person_id column by
    column (analysis._in_order), each value staying with its row."""
    from streamline.analysis import _in_order

    frame = pl.DataFrame({"person_id": [3, 1, 2], "name": ["c", "a", "b"],
                          "coef": [None, 2.34, 3.0]})
    out = _in_order(frame, "person_id")
    assert out.columns == ["person_id", "name", "coef"]
    assert out.rows() == [(1, "a", 2.34), (2, "b", 3.0), (3, "c", None)]
