"""The dated legal parameters as SQL tables, so every step can pick the value in force on any
date (`d BETWEEN valid_from AND valid_to`):

- `p_series`: every series as a column, one row per period in which none changes;
- `p_series_source`: each series value's source and `confirmed` flag;
- `p_<table>`: each table parameter with all its dated rows;
- `p_rating_band`, `p_sick_leave_si_max`: the rating bands and sick-leave maxima of the
  as-of date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from streamline.engine import Engine
from streamline.params import Params

DATED_TABLES = (
    "salary_scale",
    "grade_code",
    "employer_contribution",
    "trade_union_fee",
    "retirement_age",
    "leadership_allowance",
    "org_min_staff",
    "org_max_deputies",
    "org_grade_cap",
    "position_category_merge",
)

EXACT = pl.Decimal(18, 6)


def register_rules(eng: Engine, params: Params, as_of: dt.date) -> None:
    eng.register("p_series", _exact(params.series_periods()))
    eng.register("p_series_source", params.series_sources())
    for name in DATED_TABLES:
        eng.register(f"p_{name}", _exact(params.dated_table(name)))
    _register_rating_rules(eng, params, as_of)


def _exact(frame: pl.DataFrame) -> pl.DataFrame:
    """Decimal columns at one precision, so SQL arithmetic on them stays exact and in range."""
    return frame.with_columns(
        pl.col(c).cast(EXACT) for c, t in frame.schema.items() if isinstance(t, pl.Decimal)
    )


def first_in_force(params: Params, name: str, as_of: dt.date) -> dt.date:
    """`as_of`, or the first date the parameter has a value when `as_of` is earlier: tool
    settings such as the rating bands also apply to analyses of earlier dates."""
    spec = params.spec(name)
    entries = spec["values"] if spec["kind"] == "series" else spec["rows"]
    return max(as_of, min(e["from"] for e in entries))


def _register_rating_rules(eng: Engine, params: Params, as_of: dt.date) -> None:
    """The 0–100 score bands and Decree 29's sick-leave maxima in force on the as-of date (or
    their first rows for earlier dates: they then apply as the closest rule known)."""
    def rows(name: str) -> list[dict]:
        return params.rows(name, first_in_force(params, name, as_of))

    eng.register("p_rating_band", pl.DataFrame(
        [{"band": r["band"], "min_score": Decimal(str(r["min_score"]))}
         for r in rows("rating_band")],
        schema={"band": pl.String, "min_score": pl.Decimal(9, 4)}, orient="row"))
    eng.register("p_sick_leave_si_max", pl.DataFrame(
        [{"min_si_years": Decimal(str(r["min_si_years"])), "days": int(r["days"])}
         for r in rows("sick_leave_si_max")],
        schema={"min_si_years": pl.Decimal(9, 4), "days": pl.Int32}, orient="row"))
