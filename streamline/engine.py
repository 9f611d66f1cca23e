"""One DuckDB session: registers frames, builds tables from the SQL files in queries/.

Each file in queries/ is one SELECT with `$named` parameters; `build(table, query, values)`
materialises it as a table, binding exactly the parameters the file uses (read from its text,
comments and string literals ignored). This is the only place SQL is executed.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from functools import cache
from importlib import resources

import duckdb
import polars as pl

_COMMENT_OR_STRING = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.S)
_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


@cache
def query_text(name: str) -> str:
    return resources.files("streamline.queries").joinpath(f"{name}.sql").read_text("utf-8")


def sql_parameters(sql: str) -> set[str]:
    """The $names a SQL text binds, outside comments and string literals."""
    return set(_PARAMETER.findall(_COMMENT_OR_STRING.sub(" ", sql)))


class MissingParameter(Exception):
    """A query needs a $parameter the caller did not give: a bug, reported by name."""


def default_memory_limit() -> str:
    """Half the machine's memory: the polars frames and the report writers need the rest
    (DuckDB's own default, 80 %, let a national run push the machine into swap)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return "4GB"
    return f"{max(total // 2 // 2**20, 256)}MB"


# DuckDB splits a table's scan across threads by row groups of this many rows.
ROW_GROUP = 122_880


def step_sessions(rows: int) -> int:
    """How many sessions a pipeline's steps run in over a list of `rows` people: one per core
    when each query would run on one core anyway (the list is shorter than a row group),
    else one (a long list's queries use every core, and two at once would hold two working
    sets under the memory cap)."""
    return (os.cpu_count() or 1) if rows < ROW_GROUP else 1


class Engine:
    """`memory_limit` ("4GB"; default STREAMLINE_MEMORY_LIMIT, else half the machine's memory)
    caps DuckDB; past it, joins, sorts and tables spill to `temp_directory` (default: a fresh
    folder removed on close). `threads`: default STREAMLINE_THREADS, else every core."""

    def __init__(self, threads: int | None = None, memory_limit: str | None = None,
                 temp_directory: str | os.PathLike | None = None):
        self._spill = None
        self._exposed: dict[str, object] = {}  # frames read in place (expose): their Arrow
        self._registered: set[str] = set()  # those this session's connection holds
        self._sql_views: set[str] = set()  # queries kept as views (build_view)
        self._sessions: list[Engine] = []  # the sessions beside this one (session())
        if temp_directory is None:
            temp_directory = self._spill = tempfile.mkdtemp(prefix="streamline-spill-")
        config = {
            # The Excel/HTTP extensions would try the internet; users are often offline.
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": memory_limit or os.environ.get("STREAMLINE_MEMORY_LIMIT")
            or default_memory_limit(),
            "temp_directory": str(temp_directory),
            # Tables are built in any row order (every result query that is shown ends in an
            # ORDER BY): a national run builds its large tables in parallel and in less memory.
            "preserve_insertion_order": False,
        }
        threads = threads or int(os.environ.get("STREAMLINE_THREADS") or 0)
        if threads:
            config["threads"] = threads
        self.con = duckdb.connect(database=":memory:", config=config)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for other in self._sessions:
            other.con.close()
        self.con.close()
        if self._spill:
            shutil.rmtree(self._spill, ignore_errors=True)

    def register(self, name: str, frame: pl.DataFrame) -> None:
        """Expose a polars frame to SQL as a real table (Arrow in, no copy through Python), its
        rows in the frame's order: a query may read that order as rowid (issues.sql keeps the
        importer's order so), and a parallel copy of a long frame would shuffle it."""
        self.con.register(f"_{name}_view", frame.to_arrow())
        self.con.execute("SET preserve_insertion_order = true")
        try:
            self.con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM "_{name}_view"')
        finally:
            self.con.execute("SET preserve_insertion_order = false")
        self.con.unregister(f"_{name}_view")

    def expose(self, name: str, frame: pl.DataFrame) -> None:
        """Expose a polars frame to SQL without copying it: a view over its Arrow buffers, its
        rows in no particular order. For the large person-level inputs (a national staff list
        is 2.5 M × 56), which a copy would hold twice and push DuckDB's memory cap into spilling."""
        self._exposed[name] = frame.to_arrow()
        for session in (self, *self._sessions):
            session.con.register(name, self._exposed[name])
            session._registered.add(name)

    def session(self) -> Engine:
        """A second session on the same database, to build a table beside this one's (a
        query runs in the thread that asks it, without Python's lock). It sees every table
        and view, and the frames exposed here (a registration is a session's own); tables are
        dropped and frames let go by this one, for both."""
        other = object.__new__(Engine)
        other.con, other._spill, other._sessions = self.con.cursor(), None, []
        other._exposed, other._sql_views = self._exposed, self._sql_views
        other._registered = set(self._exposed)
        for name, table in self._exposed.items():
            other.con.register(name, table)
        self._sessions.append(other)
        return other

    def _let_go(self) -> None:
        """Unregister here the frames dropped since (a session busy with a query cannot be
        asked to at the time: it lets them go before its next one)."""
        for name in self._registered - self._exposed.keys():
            self.con.unregister(name)
            self._registered.discard(name)

    def build(self, table: str, query: str, values: Mapping[str, object]) -> None:
        """Run queries/<query>.sql into `table`, binding the parameters it uses from `values`."""
        self._let_go()
        self._run(f'CREATE OR REPLACE TABLE "{table}" AS', query, values)

    def build_view(self, name: str, query: str) -> None:
        """queries/<query>.sql as a view: run by each query that reads it, never stored. A view
        keeps no parameter values, so its file may use none."""
        sql = query_text(query)
        if sql_parameters(sql):
            raise MissingParameter(f"{query}.sql is a view and cannot take $parameters")
        self._let_go()
        self.con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')
        self._sql_views.add(name)

    def build_each(self, table: str, query: str, values: Mapping[str, object],
                   each: tuple[str, str, str]) -> None:
        """`build` once per distinct value of a column, all into one table: each = (parameter,
        source table, column); the value is bound to $parameter. A step whose working set for
        every value at once would spill to disk is run one value at a time."""
        name, source, column = each
        self._let_go()
        keys = [row[0] for row in self.con.execute(
            f'SELECT DISTINCT "{column}" FROM "{source}" ORDER BY 1').fetchall()]
        for i, key in enumerate(keys or [None]):  # no key: the empty table, with its columns
            self._run(f'CREATE OR REPLACE TABLE "{table}" AS' if i == 0
                      else f'INSERT INTO "{table}"', query, {**values, name: key})

    def _run(self, statement: str, query: str, values: Mapping[str, object]) -> None:
        """`statement` followed by queries/<query>.sql, binding exactly the parameters the file
        uses; one it needs and `values` lacks is named."""
        sql = query_text(query)
        names = sql_parameters(sql)
        missing = names - set(values)
        if missing:
            raise MissingParameter(f"{query}.sql needs ${', $'.join(sorted(missing))}")
        self.con.execute(f"{statement} {sql}", {k: values[k] for k in names})

    def table(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        """The table (or those of its columns) as a frame."""
        shown = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        return pl.from_arrow(self.con.sql(f'SELECT {shown} FROM "{name}"').to_arrow_table())

    def columns(self, name: str) -> list[str]:
        return [row[0] for row in self.con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "ORDER BY column_index", [name]).fetchall()]

    def take(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        """The table as a frame, dropped from DuckDB: the data is held once, not twice."""
        frame = self.table(name, columns)
        self.drop(name)
        return frame

    def tables(self) -> list[str]:
        """The tables the session holds (registered and built, and the views built)."""
        return sorted([row[0] for row in self.con.execute(
            "SELECT table_name FROM duckdb_tables()").fetchall()] + list(self._sql_views))

    def drop(self, name: str) -> None:
        if name in self._exposed:
            del self._exposed[name]
            self._let_go()
        elif name in self._sql_views:
            self._sql_views.discard(name)
            self.con.execute(f'DROP VIEW IF EXISTS "{name}"')
        else:
            self.con.execute(f'DROP TABLE IF EXISTS "{name}"')
