"""A merger of units as a plain function: the files of the units being merged → the merged
unit's analysis plus the merger tables (what `streamline merge` writes).

    from streamline.merge import merge_units
    result = merge_units(["xa_a.xlsx", "xa_b.xlsx"], into="Xã Mới", as_of=date(2026, 12, 1))
    result.tables["merge_positions"]

The merged unit is analysed like any input (`analyze` over the merged frames: its positions
against the new quota, targets, candidates, payouts, fund); the merger tables come from the
SQL files queries/merge_*.sql. Python only reads, relabels and orchestrates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from streamline.analysis import analyze, grade_names, type_patterns
from streamline.engine import Engine
from streamline.errors import InputError
from streamline.ingest import Ingested, read_inputs
from streamline.params import load_params
from streamline.result import AnalysisResult
from streamline.rules import register_rules

# The merger's own tables, in the order they are shown (after the merged unit's analysis).
MERGE_TABLES = ("merge_summary", "merge_positions", "merge_leadership", "merge_candidates")


def merge_units(
    inputs: list[Path | str],
    into: str,
    positions: Path | str | None = None,
    as_of: dt.date | None = None,
    kind: str | None = None,
    policy: str | None = None,
    reading: dict | None = None,
    param_files: tuple[Path, ...] = (),
) -> AnalysisResult:
    """`into` names the merged unit; `positions` is the file with its new job-position list
    (without it, the merged units' own lists are added up: the quota does not change until a
    new list is given); `kind` is the merged unit's kind code (units sheet vocabulary) for the
    deputies rule when no units sheet gives the kind; `reading` holds read_inputs' keywords
    (overrides, date_order, saved)."""
    as_of = as_of or dt.date.today()
    params = load_params(param_files)
    paths = [Path(p) for p in inputs]
    extra = [Path(positions)] if positions else []
    ing = read_inputs(paths + extra, grade_names=grade_names(params),
                      type_patterns=type_patterns(params), **(reading or {}))
    old_list, new_list = _lists(ing, extra)

    def relabel(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(source_file=pl.lit(into, pl.String),
                                  agency=pl.lit(into, pl.String))

    merged_from = ing.staff.select("person_id", "source_file")
    with Engine() as eng:
        eng.register("staff", ing.staff)
        eng.register("new_list", new_list)
        eng.build("merged_list", "merge_list", {"into": into})
        eng.build("merged_staff", "merge_staff", {"into": into})
        staff = eng.table("merged_staff").cast(ing.staff.schema)
        positions = eng.table("merged_list").cast(new_list.schema)
    # Every list is the merged unit's now: what the reader said of a list file's agency
    # (attached to a staff file, or apart) no longer holds.
    said = ing.issues.filter(~pl.col("code").is_in(["records_attached", "records_apart"]))
    merged = Ingested(staff=staff, positions=positions, units=relabel(ing.units),
                      issues=said, mapping=ing.mapping, counts=ing.counts, files=ing.files)
    result = analyze(paths + extra, as_of=as_of, ingested=merged, policy=policy,
                     param_files=param_files)

    with Engine() as eng:
        register_rules(eng, params, as_of)
        for name, frame in (("people", result.tables["staff"]), ("units", merged.units),
                            ("positions", result.tables["positions"]),
                            ("candidates", result.tables["candidates"]),
                            ("fund", result.tables["fund"]), ("old_list", old_list),
                            ("merged_from", merged_from), ("scenario", result.tables["scenario"])):
            eng.register(name, frame)
        values = {"into": into, "kind": kind}
        for name in ("merge_candidates", "merge_positions", "merge_leadership", "merge_summary"):
            eng.build(name, name, values)
        tables = {name: eng.table(name) for name in MERGE_TABLES}
    result.tables.update(tables)
    return result


def _lists(ing: Ingested, extra: list[Path]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The merged units' own job-position lists, and the new one: the --positions file's,
    else the old lists (their quotas add up per unit and position)."""
    if not extra:
        return ing.positions, ing.positions
    name = extra[0].name
    new = ing.positions.filter(pl.col("source_file") == name)
    if new.is_empty():
        raise InputError(str(extra[0]), "no_position_list")
    return ing.positions.filter(pl.col("source_file") != name), new
