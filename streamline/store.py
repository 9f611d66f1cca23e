"""The store: many unit files in one DuckDB file, read once, analysed together.

`streamline import FILES/DIRS --db store.duckdb` reads each file with the importer (in
parallel processes: reading is CPU-bound Python) and keeps its canonical frames keyed by the
file's resolved path and the sha256 of its bytes: the same content again is not read again
(said), a changed file replaces its rows in one transaction, and each row keeps its
provenance (file, sheet, row, imported_at). `load` gives the stored frames back as one
`Ingested`, so `analyze --db` runs exactly the analysis of the same files read directly.

The store holds data, never computations, and is written without SQL statements (SQL runs
only in streamline.engine): rows go in through DuckDB's relational API, append-only. Each
import of a file is an event in the `files` log (its status: imported, unchanged, replaced,
unreadable); its rows carry the event's `import_id`, and the latest event of a path says
which rows are current — a replaced file's earlier rows stay as the history of earlier
rounds and are never analysed again. Every number is still made by the SQL steps
(streamline.pipeline) on the loaded frames.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

import duckdb
import polars as pl

from streamline.errors import InputError
from streamline.ingest import Ingested, first_records, repeat_place, with_agencies
from streamline.ingest.reader import SUPPORTED
from streamline.ingest.schema import (
    COUNT_SCHEMA,
    FILE_SCHEMA,
    ISSUE_SCHEMA,
    MAPPING_SCHEMA,
    POSITION_FIELDS,
    UNIT_FIELDS,
    issue_row,
    staff_schema,
)

_OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_PROVENANCE = {"source_file": pl.String, "source_sheet": pl.String, "source_row": pl.Int64}

# Ingested frame → (its schema, the column naming the input file).
FRAMES: dict[str, tuple[Callable[[], dict], str]] = {
    "staff": (staff_schema, "source_file"),
    "positions": (lambda: {k: t for k, (_, t) in POSITION_FIELDS.items()} | _PROVENANCE,
                  "source_file"),
    "units": (lambda: {k: t for k, (_, t) in UNIT_FIELDS.items()} | _PROVENANCE, "source_file"),
    "issues": (lambda: ISSUE_SCHEMA, "file"),
    "mapping": (lambda: MAPPING_SCHEMA, "file"),
    "counts": (lambda: COUNT_SCHEMA, "file"),
    "files": (lambda: FILE_SCHEMA, "file"),
}
# Provenance of every stored row: the import event, the row's place in its frame, the file.
ROW_META = {"import_id": pl.Int64, "store_row": pl.Int64, "store_path": pl.String,
            "imported_at": pl.Datetime("us")}
# The import log: one row per file per import; a path's latest row is its status.
LOG = {
    "seq": pl.Int64,  # the event's number, and the import_id of the rows it stored
    "path": pl.String,  # resolved path: a file's identity in the store
    "file": pl.String,
    "agency": pl.String,  # the agency folder it was imported from (None: none)
    "sha256": pl.String,  # of the bytes read
    "status": pl.String,  # imported | unchanged | replaced | unreadable
    "same_as": pl.String,  # the stored path with the same content (not stored twice)
    "error": pl.String,
    "error_args": pl.String,
    "people": pl.Int64,
    "data_id": pl.Int64,  # the import whose rows are this path's current ones (None: none)
    "tables": pl.String,  # JSON: frame → the table holding its rows
    "imported_at": pl.Datetime("us"),
}


@dataclasses.dataclass(frozen=True)
class Source:
    """A file to import and the agency folder it sits in (None: the file is its own root)."""

    path: Path
    agency: str | None


def sources(paths: list[Path]) -> list[Source]:
    """Files as given (their own root); a folder gives every supported file below it, rooted
    at the first folder level under it (a folder per agency) or, directly inside it, at the
    file itself."""
    out: list[Source] = []
    for p in paths:
        if not p.is_dir():
            out.append(Source(p, None))
            continue
        for f in sorted(p.rglob("*")):
            if (f.is_file() and f.suffix.lower() in SUPPORTED
                    and not f.name.startswith(("~$", ".")) and ".streamline." not in f.name):
                rel = f.relative_to(p).parts
                out.append(Source(f, rel[0] if len(rel) > 1 else None))
    if not out:
        raise InputError(", ".join(map(str, paths)), "no_spreadsheets")
    return out


def _connect(db: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(db), read_only=read_only, config=_OFFLINE)
    except duckdb.Error as exc:
        raise InputError(str(db), "not_a_store", detail=str(exc).splitlines()[0]) from None


def _stored(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame | None:
    """A stored table as a frame (None when the store has no such table yet)."""
    try:
        return con.table(name).pl()
    except duckdb.CatalogException:
        return None


def _current(log: pl.DataFrame) -> pl.DataFrame:
    """Each path's latest event: its status now and which rows are current."""
    return log.sort("seq").group_by("path", maintain_order=True).last().sort("path")


def _read(path: str, reading: dict, param_files: tuple[Path, ...]):
    """One file through the importer, in a worker process: ("ok", Ingested) or
    ("unreadable", code, details). `reading` holds read_inputs' keywords (overrides,
    date_order, saved: the --map, --date-order and --layout options)."""
    from streamline.analysis import grade_names, type_patterns
    from streamline.ingest import read_inputs
    from streamline.params import load_params

    params = load_params(param_files)
    try:
        return ("ok", read_inputs([Path(path)], grade_names=grade_names(params),
                                  type_patterns=type_patterns(params), records_suffice=True,
                                  **reading))
    except InputError as exc:
        return ("unreadable", exc.code, {k: str(v) for k, v in exc.details.items()})


def import_files(
    paths: list[Path],
    db: Path,
    reading: dict | None = None,
    param_files: tuple[Path, ...] = (),
    workers: int | None = None,
    on_file: Callable[[dict], None] | None = None,
) -> pl.DataFrame:
    """Import files and folders into the store `db` (created when missing); one log row per
    file of this run, in the order given, with its status (imported, unchanged, replaced,
    unreadable). `on_file` is called with each row as soon as it is decided."""
    todo = sources(paths)
    con = _connect(db)
    try:
        log = _stored(con, "files")
        now_rows = _current(log) if log is not None else pl.DataFrame(schema=LOG)
        current = {r["path"]: r for r in now_rows.iter_rows(named=True)}
        by_hash = {r["sha256"]: r["path"] for r in current.values() if r["data_id"] is not None}
        seq = [0 if log is None or log.is_empty() else log["seq"].max()]
        rows: list[dict] = []

        def decide(row: dict, frames: Ingested | None = None) -> None:
            seq[0] += 1
            row = {**row, "seq": seq[0],
                   "imported_at": dt.datetime.now().replace(microsecond=0)}
            if frames is not None:
                row["data_id"] = row["seq"]
            _write(con, row, frames)
            rows.append(row)
            if on_file:
                on_file(row)

        to_read: dict[str, dict] = {}
        for src in todo:
            key = str(src.path.resolve())
            digest = hashlib.sha256(src.path.read_bytes()).hexdigest()
            now = current.get(key)
            # A file given on its own keeps the agency folder it was first imported under.
            agency = src.agency if src.agency is not None or now is None else now["agency"]
            row = {"path": key, "file": src.path.name, "agency": agency, "sha256": digest,
                   "status": None, "same_as": None, "error": None, "error_args": None,
                   "people": None, "data_id": None, "tables": None}
            if now is not None and now["data_id"] is not None and now["sha256"] == digest:
                decide({**row, "status": "unchanged", "people": now["people"],
                        "data_id": now["data_id"], "tables": now["tables"]})
            elif key in to_read:
                continue  # given twice in this run
            elif (first := by_hash.get(digest)) is not None and first != key:
                # The same content under another path: one copy is analysed, never two.
                decide({**row, "status": "unchanged", "same_as": first})
            else:
                stored = now is not None and now["data_id"] is not None
                to_read[key] = {**row, "status": "replaced" if stored else "imported"}
                by_hash[digest] = key
        for key, outcome in _read_all(list(to_read), reading or {}, param_files, workers):
            row = to_read[key]
            if outcome[0] == "ok":
                decide({**row, "people": outcome[1].staff.height}, outcome[1])
            else:
                args = json.dumps({"error": outcome[1], **outcome[2]}, ensure_ascii=False)
                decide({**row, "status": "unreadable", "error": outcome[1],
                        "error_args": args})
    finally:
        con.close()
    order = {str(src.path.resolve()): i for i, src in enumerate(todo)}
    rows.sort(key=lambda r: order[r["path"]])  # as given, whatever finished first
    return pl.DataFrame(rows, schema=LOG, orient="row")


def _read_all(keys: list[str], reading: dict, param_files: tuple[Path, ...],
              workers: int | None) -> Iterator[tuple[str, tuple]]:
    """Each file's outcome as it completes: one process per core (spawned, so no DuckDB or
    polars thread is forked), or in this process when one file or one core is all there is."""
    n = min(workers or os.cpu_count() or 1, len(keys))
    if n <= 1:
        for key in keys:
            yield key, _read(key, reading, param_files)
        return
    with ProcessPoolExecutor(n, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(_read, key, reading, param_files): key for key in keys}
        for done in as_completed(futures):
            yield futures[done], done.result()


def _write(con: duckdb.DuckDBPyConnection, row: dict, frames: Ingested | None) -> None:
    """One file's outcome in one transaction: its rows (if read) and its log row. Each frame
    goes to the table of its schema (`<frame>_<fingerprint>`), so a newer importer's columns
    start a new table instead of being dropped; the log row names the tables."""
    con.begin()
    try:
        if frames is not None:
            tables = {}
            for name, (schema, _) in FRAMES.items():
                data = _conform(getattr(frames, name), schema()).with_row_index(
                    "store_row").with_columns(
                    import_id=pl.lit(row["seq"], pl.Int64),
                    store_path=pl.lit(row["path"]),
                    imported_at=pl.lit(row["imported_at"], pl.Datetime("us")),
                ).select(*ROW_META, *schema()).cast(ROW_META)
                tables[name] = table = f"{name}_{_fingerprint(data.schema)}"
                _append(con, table, data)
            row["tables"] = json.dumps(tables)
        _append(con, "files", pl.DataFrame([row], schema=LOG, orient="row"))
        con.commit()
    except BaseException:
        con.rollback()
        raise


def _fingerprint(schema: pl.Schema) -> str:
    return hashlib.sha256(repr(list(schema.items())).encode()).hexdigest()[:10]


def _append(con: duckdb.DuckDBPyConnection, table: str, data: pl.DataFrame) -> None:
    rel = con.from_arrow(data.to_arrow())
    if _stored_exists(con, table):
        rel.insert_into(table)
    else:
        rel.create(table)


def _stored_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    try:
        con.table(table)
    except duckdb.CatalogException:
        return False
    return True


def load(db: Path) -> tuple[Ingested, dict[str, str]]:
    """The current rows of the store as one `Ingested` (files in path order, people numbered
    in that order) and each file's agency folder (file label → agency) for the unit tree. A
    file is labelled by its name, or by agency/name when two stored files share a name."""
    con = _connect(db, read_only=True)
    try:
        log = _stored(con, "files")
        if log is None:
            raise InputError(str(db), "store_empty")
        files = _current(log).with_columns(
            label=pl.when(pl.len().over("file") > 1)
            .then(pl.coalesce(pl.col("agency") + "/" + pl.col("file"), pl.col("path")))
            .otherwise(pl.col("file")),
            order=pl.int_range(pl.len(), dtype=pl.Int64),
        )
        held = files.filter(pl.col("data_id").is_not_null())
        label = dict(zip(held["data_id"], held["label"], strict=True))
        order = dict(zip(held["data_id"], held["order"], strict=True))
        wanted = ", ".join(str(i) for i in held["data_id"])
        frames = {}
        with tempfile.TemporaryDirectory(prefix="streamline-") as spool:
            for name, (schema, file_col) in FRAMES.items():
                tables = sorted({json.loads(t)[name] for t in held["tables"]})
                parts = [_filled(con.table(t).filter(f"import_id IN ({wanted})"), Path(spool))
                         for t in tables]
                data = (pl.concat([_conform(p, {**ROW_META, **schema()}) for p in parts])
                        if parts else pl.DataFrame(schema={**ROW_META, **schema()}))
                data = _in_order(data.with_columns(
                    pl.col("import_id").replace_strict(label, return_dtype=pl.String)
                    .alias(file_col)), pl.col("import_id").replace_strict(order))
                frames[name] = _conform(data, schema())
    finally:
        con.close()
    staff = frames["staff"]
    if staff.is_empty():
        raise InputError(str(db), "store_empty")
    staff, duplicates = _drop_repeated_people(staff, frames["counts"])
    frames["counts"] = duplicates["counts"]
    frames["issues"] = pl.concat([frames["issues"], duplicates["issues"]])
    frames["staff"] = staff.with_columns(
        pl.int_range(1, staff.height + 1, dtype=pl.Int64).alias("person_id"))
    # An unreadable file is said in the issues, as when the files are read directly.
    bad = files.filter(pl.col("status") == "unreadable").select(
        file=pl.col("label"), code=pl.lit("file_unreadable"), args=pl.col("error_args"),
        severity=pl.lit("error"))
    frames["issues"] = pl.concat([frames["issues"], _conform(bad, ISSUE_SCHEMA)])
    # The files read are listed as the importer listed them; a content stored under another
    # path is a duplicate of it, an unreadable one is listed with its reason.
    label = dict(zip(files["path"], files["label"], strict=True))
    others = files.filter(pl.col("data_id").is_null()).with_columns(
        file=pl.col("label"),
        status=pl.when(pl.col("status") == "unreadable").then(pl.lit("unreadable"))
        .otherwise(pl.lit("duplicate")),
        duplicate_of=pl.col("same_as").replace_strict(label, default=None),
    )
    order = dict(zip(files["label"], files["order"], strict=True))
    frames["files"] = (
        pl.concat([frames["files"], _conform(others, FILE_SCHEMA)])
        .sort(pl.col("file").replace_strict(order, default=None), maintain_order=True)
    )
    roots = {r["label"]: r["agency"] for r in files.iter_rows(named=True) if r["agency"]}
    folders = {r["label"]: str(Path(r["path"]).parent) for r in held.iter_rows(named=True)}
    return with_agencies(Ingested(**frames), folders), roots


def _filled(rows: duckdb.DuckDBPyRelation, spool: Path) -> pl.DataFrame:
    """The rows, with the columns that hold a value (_conform makes the others constant
    nulls, as the importer does). They travel through a (temporary, lz4: the fastest here)
    Parquet file, not Arrow: DuckDB hands a column over inside its whole batch, an empty text
    column as a 16-byte slot per row, and the national staff list came out 0.9 GB larger than
    the same rows read from Parquet (compute then peaked over 6 GB)."""
    held = rows.aggregate(", ".join(f'count("{c}") > 0' for c in rows.columns)).fetchall()[0]
    path = spool / "rows.parquet"
    filled = [f'"{c}"' for c, h in zip(rows.columns, held, strict=True)
              if h or c in ("import_id", "store_row")]
    rows.select(*filled).to_parquet(str(path), compression="lz4")
    try:
        return pl.read_parquet(path)
    finally:
        path.unlink()


def _in_order(data: pl.DataFrame, file_order: pl.Expr) -> pl.DataFrame:
    """The rows in file order, then in each file's own order. Sorted only when they did not
    come that way: gathering a national staff frame's 60 columns took seconds."""
    at = data.select(pl.arg_sort_by(file_order, "store_row")).to_series()
    if (at == pl.int_range(data.height, eager=True, dtype=at.dtype)).all():
        return data
    return data[at]


def _folded(column: str) -> pl.Expr:
    """streamline.ingest.text.fold as a column expression: lower case, no diacritics (đ → d),
    punctuation to single spaces."""
    return (pl.col(column).str.replace_all("đ", "d").str.replace_all("Đ", "D")
            .str.normalize("NFD").str.to_lowercase().str.replace_all(r"\p{Mn}", "")
            .str.replace_all(r"[^0-9a-z]+", " ").str.strip_chars())


def _drop_repeated_people(staff: pl.DataFrame, counts: pl.DataFrame
                          ) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """The same person in two stored files (the same employee ID and name, or the same name and
    birth date) is counted once, as when the files are read together: the later file's row is
    "not analysed: duplicate of file › row" in its sheet's counts. Each file was already
    checked against itself when imported, so only rows whose key is in another file are
    walked, in file order, with the row reader's rule (ingest.first_records)."""
    if staff["source_file"].n_unique() < 2:  # one file: already checked against itself
        return staff, {"counts": counts, "issues": pl.DataFrame(schema=ISSUE_SCHEMA)}
    name = _folded("full_name")
    eid = pl.col("employee_id").str.strip_chars()
    keyed = staff.with_row_index("_at").with_columns(
        _by_id=pl.when(eid.is_not_null() & (eid != "")).then(
            pl.concat_str([eid, name], separator="\x1f")),
        _by_birth=pl.when(pl.col("birth_date").is_not_null()).then(
            pl.concat_str([name, pl.col("birth_date").cast(pl.String)], separator="\x1f")),
    )
    shared = keyed.filter(
        (pl.col("_by_id").is_not_null()
         & (pl.col("source_file").n_unique().over("_by_id") > 1))
        | (pl.col("_by_birth").is_not_null()
           & (pl.col("source_file").n_unique().over("_by_birth") > 1)))
    dropped, issues = [], []
    for row, first in first_records(shared.sort("_at").iter_rows(named=True)):
        if first is not None:
            issues.append(issue_row(row["source_file"], row["source_sheet"], row["source_row"],
                                    None, (row["employee_id"] or "").strip() or row["full_name"],
                                    "duplicate_person", "error", repeat_place(row, first)))
            dropped.append(row)
    if not dropped:
        return staff, {"counts": counts, "issues": pl.DataFrame(schema=ISSUE_SCHEMA)}
    per_sheet = (pl.DataFrame(dropped).group_by("source_file", "source_sheet").len()
                 .rename({"source_file": "file", "source_sheet": "sheet", "len": "_n"}))
    counts = (counts.join(per_sheet, on=["file", "sheet"], how="left", nulls_equal=True)
              .with_columns(people=pl.col("people") - pl.col("_n").fill_null(0),
                            not_analysed=pl.col("not_analysed") + pl.col("_n").fill_null(0))
              .select(counts.columns))
    gone = pl.Series([r["_at"] for r in dropped], dtype=pl.UInt32)
    kept = keyed.filter(~pl.col("_at").is_in(gone.implode())).select(staff.columns)
    return kept, {"counts": counts,
                  "issues": pl.DataFrame(issues, schema=ISSUE_SCHEMA, orient="row")}


def _conform(data: pl.DataFrame | None, schema: dict) -> pl.DataFrame:
    """A stored table in the importer's current schema: its columns in order and type, a
    column the store lacks (an older import) empty."""
    if data is None:
        return pl.DataFrame(schema=schema)
    return data.select([
        (pl.col(c) if c in data.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in schema.items()
    ])


def select_nodes(rollup: pl.DataFrame, unit: str | None, level: int | None) -> pl.DataFrame:
    """The roll-up rows asked for: the subtree of `unit` (a node path, segments joined with
    ">", spaces around them optional) and the tree down to depth `level` (counted from the
    root, or from `unit` when given). InputError when no node has that path."""
    if unit is not None:
        path = " > ".join(s.strip() for s in unit.split(">"))
        here = rollup.filter(pl.col("node_path") == path)
        if here.is_empty():
            raise InputError("--unit", "unknown_unit", unit=unit)
        top = here["level"][0] - 1
        rollup = rollup.filter((pl.col("node_path") == path)
                               | pl.col("node_path").str.starts_with(path + " > "))
    else:
        top = 0
    if level is not None:
        rollup = rollup.filter(pl.col("level") - top <= level)
    return rollup
