"""Shared helpers: build canonical frames or real workbooks inside the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from streamline.ingest import Ingested
from streamline.ingest.schema import (
    COUNT_SCHEMA,
    ISSUE_SCHEMA,
    MAPPING_SCHEMA,
    POSITION_FIELDS,
    UNIT_FIELDS,
    empty,
    staff_schema,
)


def ingested(
    people: list[dict], positions: list[dict] | None = None, units: list[dict] | None = None
) -> Ingested:
    """Canonical frames from plain dicts (missing fields empty), bypassing the importer."""
    schema = staff_schema()
    rows = []
    for n, p in enumerate(people, start=1):
        row = {k: None for k in schema}
        row.update(
            {"person_id": n, "source_file": "t.xlsx", "source_sheet": "S", "source_row": n + 1}
        )
        for k, v in p.items():
            row[k] = Decimal(str(v)) if isinstance(v, float) else v
        rows.append(row)

    def frame(records, fields):
        sch = {k: t for k, (_, t) in fields.items()} | {
            "source_file": pl.String,
            "source_sheet": pl.String,
            "source_row": pl.Int64,
        }
        # Every record comes from the one input file, as the importer gives it.
        return pl.DataFrame(
            [{k: r.get(k) for k in sch} | {"source_file": r.get("source_file", "t.xlsx")}
             for r in records or []], schema=sch, orient="row"
        )

    return Ingested(
        staff=pl.DataFrame(rows, schema=schema, orient="row"),
        positions=frame(positions, POSITION_FIELDS),
        units=frame(units, UNIT_FIELDS),
        issues=empty(ISSUE_SCHEMA),
        mapping=empty(MAPPING_SCHEMA),
        counts=pl.DataFrame(
            [
                {
                    "file": "t.xlsx",
                    "sheet": "S",
                    "role": "staff",
                    "rows": len(rows),
                    "people": len(rows),
                    "not_analysed": 0,
                }
            ],
            schema=COUNT_SCHEMA,
            orient="row",
        ),
    )


@pytest.fixture
def analyse():
    """analyze() over canonical frames: analyse(people, as_of=..., positions=..., units=...)."""
    from streamline.analysis import analyze

    def run(people, as_of=dt.date(2025, 3, 1), positions=None, units=None, **kw):
        return analyze([], as_of=as_of, ingested=ingested(people, positions, units), **kw)

    return run
