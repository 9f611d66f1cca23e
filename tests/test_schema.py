"""Every result table matches its declared schema (queries/schema.toml), and the README's
"Result tables (contract)" section lists the same tables and columns.

A table matches when it has exactly the declared columns in the declared order, each of the
declared type, a row count as declared (when fixed), a unique key, no NULL in the `not_null`
columns, integer money columns, and no row for which a check is FALSE (checks are SQL run by
DuckDB over the frame; NULL passes, as in an SQL CHECK constraint).
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl
import pytest

from streamline.analysis import analyze
from streamline.result import TABLE_ORDER

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SCHEMA: dict[str, dict] = tomllib.loads(
    resources.files("streamline.queries").joinpath("schema.toml").read_text("utf-8")
)

# The type vocabulary of schema.toml → the polars dtype (class) a column of that type has.
# Decimals match whatever their precision and scale.
TYPES: dict[str, type[pl.DataType]] = {
    "string": pl.String,
    "int": pl.Int32,
    "bigint": pl.Int64,
    "decimal": pl.Decimal,
    "date": pl.Date,
    "bool": pl.Boolean,
    "float": pl.Float64,
}
# A concrete dtype per type, to build an empty frame of the declared schema.
EMPTY_TYPES = {**TYPES, "decimal": pl.Decimal(18, 4)}

SAMPLES = ("so_noi_vu.xlsx", "benh_vien.xlsx", "danh_sach_xa.csv")
AS_OF = (dt.date(2025, 3, 1), dt.date(2026, 12, 1))
CASES = [(s, d) for s in SAMPLES for d in AS_OF]


# --------------------------------------------------------------------------------------------
# The checker
# --------------------------------------------------------------------------------------------


def check_failures(frame: pl.DataFrame, checks: list[str]) -> dict[str, tuple[int, list]]:
    """For each SQL check that some row makes FALSE: how many rows, and the first few.

    All checks are counted in one query over the frame (one DuckDB session per frame)."""
    if not checks:
        return {}
    # Offline like streamline.engine: no extension is fetched.
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    try:
        con.register("t", frame.to_arrow())
        counts = con.execute(
            "SELECT " + ", ".join(f"count(*) FILTER (WHERE NOT ({c}))" for c in checks)
            + " FROM t"
        ).fetchone()
        return {
            check: (n, con.execute(f"SELECT * FROM t WHERE NOT ({check}) LIMIT 3").fetchall())
            for check, n in zip(checks, counts, strict=True)
            if n
        }
    finally:
        con.close()


def schema_problems(name: str, frame: pl.DataFrame) -> list[str]:
    """Every way `frame` departs from the schema declared for table `name` (empty: it matches)."""
    spec = SCHEMA[name]
    declared = spec["columns"]
    problems = []
    if frame.columns != list(declared):
        missing = [c for c in declared if c not in frame.columns]
        extra = [c for c in frame.columns if c not in declared]
        problems.append(f"{name}: columns differ (missing {missing}, extra {extra}, "
                        f"order {frame.columns})")
    for col, dtype in frame.schema.items():
        want = declared.get(col)
        if want is not None and dtype.base_type() is not TYPES[want]:
            problems.append(f"{name}.{col}: dtype {dtype}, declared {want}")
    if "rows" in spec and frame.height != spec["rows"]:
        problems.append(f"{name}: {frame.height} rows, declared {spec['rows']}")
    present = set(frame.columns)
    key = spec["key"]
    if key and set(key) <= present:
        dupes = frame.height - frame.select(key).unique().height
        if dupes:
            problems.append(f"{name}: key {key} not unique ({dupes} duplicate rows)")
    for col in spec["not_null"]:
        if col in present and (n := frame[col].null_count()):
            problems.append(f"{name}.{col}: {n} NULL values in a not_null column")
    for col in spec["money"]:
        if col in present and not frame.schema[col].is_integer():
            problems.append(f"{name}.{col}: money column of dtype {frame.schema[col]}")
    if problems:  # the checks would only fail again on missing or mistyped columns
        return problems
    for check, (n, rows) in check_failures(frame, spec["checks"]).items():
        problems.append(f"{name}: {n} rows break `{check}`, e.g. {rows}")
    return problems


# --------------------------------------------------------------------------------------------
# The schema file itself
# --------------------------------------------------------------------------------------------


def test_schema_declares_every_result_table_in_order():
    assert list(SCHEMA) == list(TABLE_ORDER)


@pytest.mark.parametrize("name", TABLE_ORDER)
def test_schema_entry_is_well_formed(name):
    spec = SCHEMA[name]
    assert set(spec) <= {"columns", "rows", "key", "not_null", "money", "checks"}, spec.keys()
    columns = spec["columns"]
    assert columns and set(columns.values()) <= set(TYPES), columns
    for field in ("key", "not_null", "money"):
        unknown = [c for c in spec[field] if c not in columns]
        assert not unknown, f"{name}.{field} names unknown columns {unknown}"
    assert all(columns[c] == "bigint" for c in spec["money"]), "money is whole đồng: bigint"
    assert spec["key"] or spec.get("rows") == 1 or name == "issues"
    # Every check is valid SQL over the declared columns (and names no other column).
    empty = pl.DataFrame(schema={c: EMPTY_TYPES[t] for c, t in columns.items()})
    assert check_failures(empty, spec["checks"]) == {}


# --------------------------------------------------------------------------------------------
# The samples: every table of every run matches its schema
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=CASES, ids=[f"{s}@{d}" for s, d in CASES])
def result(request):
    sample, as_of = request.param
    return analyze([ROOT / "samples" / sample], as_of=as_of)


def test_result_has_every_table(result):
    assert list(result.tables) == list(TABLE_ORDER)


@pytest.mark.parametrize("name", TABLE_ORDER)
def test_sample_table_matches_schema(result, name):
    assert schema_problems(name, result.tables[name]) == []


# --------------------------------------------------------------------------------------------
# A payout-heavy case: stated routes, missing data, deferred people, under every regime
# --------------------------------------------------------------------------------------------


def heavy_people() -> list[dict]:
    civil = {"unit": "Phòng A", "staff_type": "civil_servant", "sex": "M"}
    return [
        # MOHA Mr C (early retirement) and Mr M (quitting), routes stated.
        {**civil, "full_name": "Mr C", "birth_date": dt.date(1966, 1, 20), "coef": 4.65,
         "lead_coef": 0.6, "leave_date": dt.date(2025, 4, 30), "si_years": 22,
         "route": "early_retirement"},
        {**civil, "full_name": "Mr M", "birth_date": dt.date(1980, 5, 1), "coef": 3.66,
         "leave_date": dt.date(2025, 4, 30), "si_years": 15, "route": "quit"},
        # Recommended routes: a failed rating, a surplus post, a volunteer, SI from the
        # recruitment date, unknown SI.
        {**civil, "full_name": "Rating", "birth_date": dt.date(1968, 3, 1), "coef": 3.0,
         "rating_1": "not_completed", "si_months": 300},
        {**civil, "full_name": "Surplus", "sex": "F", "birth_date": dt.date(1972, 6, 1),
         "coef": 2.67, "surplus": True, "join_date": dt.date(2000, 1, 1)},
        {**civil, "full_name": "Volunteer", "unit": "Phòng B", "birth_date": dt.date(1975, 1, 1),
         "coef": 4.0, "volunteer": True, "staff_type": "public_employee", "tnvk_pct": 8},
        {**civil, "full_name": "No SI", "unit": "Phòng B", "birth_date": dt.date(1985, 1, 1),
         "coef": 3.0, "rating_1": "not_completed"},
        # Stated route without a birth date: a payout row that is not eligible.
        {**civil, "full_name": "No birth", "coef": 2.34, "route": "quit", "si_years": 10},
        # Deferred, past retirement, out of scope, unknown sex and unknown staff type.
        {**civil, "full_name": "Pregnant", "sex": "F", "birth_date": dt.date(1990, 1, 1),
         "coef": 2.34, "pregnant": True},
        {**civil, "full_name": "Discipline", "birth_date": dt.date(1970, 1, 1), "coef": 3.33,
         "discipline": True, "route": "quit"},
        {**civil, "full_name": "Old", "birth_date": dt.date(1955, 1, 1), "coef": 5.0},
        {**civil, "full_name": "Contract", "staff_type": "contract",
         "birth_date": dt.date(1988, 1, 1), "coef": 1.86},
        {**civil, "full_name": "No sex", "sex": None, "birth_date": dt.date(1970, 1, 1),
         "coef": 2.0, "staff_type": "cadre"},
        {**civil, "full_name": "No type", "staff_type": None, "birth_date": dt.date(1970, 1, 1),
         "coef": 2.0},
    ] + [
        {**civil, "full_name": f"Staff {i}", "birth_date": dt.date(1980 + i, 1, 1), "coef": 2.67,
         "rating_1": "good", "si_years": 15}
        for i in range(6)
    ]


@pytest.mark.parametrize("policy", ["decree-178", "decree-154", "decree-29"])
def test_payout_heavy_case_matches_schema(analyse, policy):
    r = analyse(heavy_people(), policy=policy)
    assert r.tables["payouts"].height >= 3
    problems = [p for name in TABLE_ORDER for p in schema_problems(name, r.tables[name])]
    assert problems == []


# --------------------------------------------------------------------------------------------
# The checker fails on a wrong table
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return analyze([ROOT / "samples" / "so_noi_vu.xlsx"], as_of=AS_OF[0])


BREAKAGES = {
    "wrong type": ("staff", lambda t: t.with_columns(pl.col("person_id").cast(pl.String))),
    "int for bigint": ("staff", lambda t: t.with_columns(pl.col("salary").cast(pl.Int32))),
    "string for date": ("summary", lambda t: t.with_columns(pl.col("as_of").cast(pl.String))),
    "float money": ("fund", lambda t: t.with_columns(pl.col("monthly_fund").cast(pl.Float64))),
    "missing column": ("payouts", lambda t: t.drop("reason_code")),
    "extra column": ("targets", lambda t: t.with_columns(pl.lit(1).alias("extra"))),
    "column order": ("scenario", lambda t: t.select(reversed(t.columns))),
    "duplicate key": ("fund", lambda t: pl.concat([t, t.head(1)])),
    "second summary row": ("summary", lambda t: pl.concat([t, t])),
    "null in not_null": (
        "staff", lambda t: t.with_columns(pl.lit(None, pl.String).alias("full_name"))),
    "broken sum": ("staff", lambda t: t.with_columns(pl.col("monthly_salary") + 1)),
    "negative headcount": ("fund", lambda t: t.with_columns(-pl.col("headcount"))),
    "broken summary": ("summary", lambda t: t.with_columns(pl.col("rows_read") + 1)),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_checker_catches(sample, breakage):
    name, damage = BREAKAGES[breakage]
    assert schema_problems(name, sample.tables[name]) == []
    assert schema_problems(name, damage(sample.tables[name]))


# --------------------------------------------------------------------------------------------
# README: "Result tables (contract)" lists every table and every column
# --------------------------------------------------------------------------------------------


def contract_section(readme: str) -> str:
    start = readme.index("## Result tables (contract)")
    end = readme.find("\n## ", start + 1)
    return readme[start:] if end < 0 else readme[start:end]


def readme_problems(readme: str) -> list[str]:
    section = contract_section(readme)
    rows = {}
    for line in section.splitlines():
        if m := re.match(r"\|\s*`(\w+)`\s*\|(.*)", line):
            rows[m.group(1)] = set(re.findall(r"\w+", m.group(2)))
    problems = []
    if sorted(rows) != sorted(SCHEMA):
        problems.append(f"README tables {sorted(rows)} ≠ schema tables {sorted(SCHEMA)}")
    for name, spec in SCHEMA.items():
        missing = [c for c in spec["columns"] if c not in rows.get(name, set())]
        if missing:
            problems.append(f"README row of `{name}` does not name {missing}")
    if "queries/schema.toml" not in section:
        problems.append("README does not name queries/schema.toml as the source")
    return problems


def test_readme_lists_every_table_and_column():
    assert readme_problems((ROOT / "README.md").read_text("utf-8")) == []


def test_readme_check_catches_a_missing_column_and_table():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert readme_problems(readme.replace("unconfirmed_codes", "unconfirmed"))
    assert readme_problems(re.sub(r"\n\| `scenario` \|[^\n]*", "", readme))
