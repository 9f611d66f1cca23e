"""One DuckDB session: registers frames and parameter tables, runs the SQL files in queries/.

Each file in queries/ is one SELECT with `$named` parameters; `run(name, **params)` materialises
it as a table of the same name (or `as_`) so later queries can build on it.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

import duckdb
import polars as pl

from streamline.params import Params

# Parameter tables every query may join (registered at their value on the as-of date).
PARAM_TABLES = (
    "salary_scale",
    "grade_code",
    "employer_contribution",
    "retirement_age",
    "reduction_rate_by_staff_type",
    "org_min_staff",
    "org_max_deputies",
    "org_grade_cap",
    "leadership_allowance",
)


def query_text(name: str) -> str:
    return resources.files("streamline.queries").joinpath(f"{name}.sql").read_text("utf-8")


class Engine:
    def __init__(self, params: Params, as_of: dt.date, threads: int | None = None):
        config = {
            # The Excel/HTTP extensions would try the internet; users are often offline.
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        if threads:
            config["threads"] = threads
        self.con = duckdb.connect(database=":memory:", config=config)
        self.params = params
        self.as_of = as_of
        for name in PARAM_TABLES:
            self.register(f"p_{name}", params.table(name, as_of))

    def register(self, name: str, frame: pl.DataFrame) -> None:
        """Expose a polars frame to SQL as a real table (Arrow in, no copy through Python)."""
        self.con.register(f"_{name}_view", frame.to_arrow())
        self.con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM "_{name}_view"')
        self.con.unregister(f"_{name}_view")

    def run(self, name: str, as_: str | None = None, **params) -> str:
        """Run queries/<name>.sql into table `as_` (default: name); returns the table name."""
        target = as_ or name
        sql = query_text(name)
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        self.con.execute(f'CREATE OR REPLACE TABLE "{target}" AS {sql}', used)
        return target

    def frame(self, sql_or_table: str, **params) -> pl.DataFrame:
        """A table (by name) or a SELECT's result as a polars frame."""
        sql = sql_or_table if " " in sql_or_table else f'SELECT * FROM "{sql_or_table}"'
        return pl.from_arrow(self.con.sql(sql, params=params or None).to_arrow_table())

    def close(self) -> None:
        self.con.close()
