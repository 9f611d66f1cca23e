"""The outcome of one analysis: every result table plus the run's settings.

Table names and their English snake_case columns are a public contract (README, "Result
tables"): finance modellers read them from `--tables DIR`, and the workbook and HTML report are
rendered from the same frames, so the three always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

# Order in which tables are written and shown.
TABLE_ORDER = (
    "summary",
    "staff",
    "positions",
    "positions_by_category",
    "unassigned",
    "targets",
    "fund",
    "org_checks",
    "candidates",
    "payouts",
    "deferred",
    "issues",
    "mapping",
    "counts",
    "parameters",
)


@dataclass
class AnalysisResult:
    inputs: list[str]
    as_of: dt.date
    horizon: dt.date
    rate: Decimal
    lang: str
    base_salary: int
    newest_base_salary: int
    newest_base_from: dt.date
    masked: bool = False
    policy: str | None = None
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    def table(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    def figure(self, key: str):
        """One key figure from the `summary` table (key, value)."""
        s = self.tables["summary"]
        hit = s.filter(pl.col("key") == key)
        return hit["value"][0] if hit.height else None
