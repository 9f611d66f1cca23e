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
    "fund_by_scenario",
    "rollup",
    "org_checks",
    "candidates",
    "payouts",
    "deferred",
    "issues",
    "mapping",
    "counts",
    "files",
    "parameters",
    "scenario",
)


@dataclass
class AnalysisResult:
    inputs: list[str]
    as_of: dt.date
    horizon: dt.date
    rate: Decimal
    masked: bool = False
    policy: str | None = None
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    # What the report's sentences quote (regime, thresholds, rule notes): numbers and
    # codes, not text.
    facts: dict = field(default_factory=dict)
    # The language outputs are rendered in; the tables themselves hold no text.
    lang: str = "vi"
    # Where the result tables are written (as the workbook's reader is told), when they are.
    tables_dir: str | None = None
    tables_format: str = "parquet"

    def table(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    def figure(self, key: str):
        """One key figure: a column of the one-row `summary` table (None when absent)."""
        s = self.tables.get("summary")
        return s[key][0] if s is not None and key in s.columns and s.height else None
