"""The salary fund month by month under several scenarios, side by side (`streamline project`).

    from streamline.projection import project
    from streamline.scenario_file import read_scenario
    result = project(["unit.xlsx"], [read_scenario("raise.toml")], date(2026, 1, 1),
                     date(2030, 12, 31))
    result.tables["projection"]

Python reads the inputs and scenarios and registers them; every number is computed by the
queries/projection*.sql steps in DuckDB (people × months are joined and summed there, never
held in Python). The people, their retirement month and scope come from the analysis steps
(queries/people.sql) as of the as-of date; the proposal list of a "proposals" reduction from
queries/candidates.sql and payouts.sql under that scenario's rate and horizon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from streamline.analysis import grade_names, scenarios, type_patterns
from streamline.engine import Engine
from streamline.ingest import Ingested, read_inputs
from streamline.params import Params, load_params
from streamline.pipeline import PIPELINE, Pipeline, Step
from streamline.regimes import select_regime
from streamline.rules import register_rules
from streamline.scenario_file import TABLE_SCHEMA, Scenario, current_law

# The tables a projection returns, in the order the outputs show them.
RESULTS = ("projection", "projection_monthly", "projection_effects", "projection_notes")
# Tables projection.py registers before its steps run, besides the analysis' `people`.
SOURCES = ("people", "pj_scenario", "pj_series", "pj_salary_scale", "pj_employer_contribution",
           "pj_seniority_beyond_frame", "pj_proposals", "pj_salary_table")
# The projection's steps (each queries/<table>.sql), declared like the analysis' own.
PROJECTION = Pipeline((
    Step("projection_months", ("pj_scenario", "people", "pj_series",
                               "pj_employer_contribution")),
    Step("projection_people", ("pj_scenario", "people", "pj_proposals")),
    Step("projection_newcomers", ("projection_people", "pj_scenario", "people",
                                  "pj_salary_table")),
    Step("projection_units", ("people", "projection_newcomers")),
    Step("projection_sigs", ("people", "projection_newcomers")),
    Step("projection_members", ("pj_scenario", "projection_people", "people",
                                "projection_newcomers", "projection_units", "projection_sigs",
                                "pj_salary_scale", "pj_seniority_beyond_frame")),
    Step("projection_prices", ("projection_members", "projection_sigs", "pj_scenario",
                               "projection_months", "pj_salary_table")),
    Step("projection_pay", ("projection_members", "projection_months", "projection_prices",
                            "pj_scenario", "pj_salary_table"),
         each=("scenario_id", "pj_scenario", "scenario_id")),
    Step("projection_one_off", ("projection_people", "pj_scenario", "pj_proposals",
                                "projection_units")),
    # The one-off costs first: projection_people is then dropped before projection_pay runs.
    Step("projection_cells", ("projection_one_off", "projection_pay")),
    Step("projection", ("projection_cells", "pj_scenario", "projection_units")),
    Step("projection_monthly", ("projection_cells", "pj_scenario")),
    Step("projection_effects", ("projection_cells", "pj_scenario")),
    Step("projection_notes", ("people", "pj_scenario", "pj_salary_scale")),
), SOURCES)
# Dated parameter tables each scenario brings (besides its series).
SCENARIO_TABLES = ("salary_scale", "employer_contribution", "seniority_beyond_frame")
EXACT = pl.Decimal(18, 6)
# Weights (replacement, even attrition) are integers of 1 / WEIGHT_SCALE of a person, so every
# weighted sum is an exact integer; a weight of 1/3 is 333,333,333 units.
WEIGHT_SCALE = 1_000_000_000

SCENARIO_SCHEMA = {
    "scenario_id": pl.String,
    "ord": pl.Int32,
    "label": pl.String,
    "step_increases": pl.Boolean,
    "replacement_rate": EXACT,
    "reduction_rate": EXACT,
    "reduction_by": pl.Date,
    "reduction_mode": pl.String,
    "start_idx": pl.Int64,
    "end_idx": pl.Int64,
    "as_of_idx": pl.Int64,
    "source": pl.String,
}
PROPOSAL_SCHEMA = {"scenario_id": pl.String, "person_id": pl.Int64, "leave_idx": pl.Int64,
                   "one_off": pl.Int64}


@dataclass
class ProjectionResult:
    """The projection tables, the scenarios as run and the people table they start from."""

    start: dt.date
    end: dt.date
    as_of: dt.date
    scenarios: list[Scenario]
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    lang: str = "vi"


def month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def project(
    inputs: list[Path | str],
    scenario_list: list[Scenario] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.date | None = None,
    ingested: Ingested | None = None,
) -> ProjectionResult:
    """Project the salary fund from `start`'s month to `end`'s month under each scenario (the
    first is the one the others are compared with; none: the current law). People are read
    as of `as_of` (default: `start`)."""
    base = load_params()
    runs = _named(scenario_list or [current_law(base)])
    as_of = as_of or start or dt.date.today()
    start = start or as_of
    end = end or dt.date.fromisoformat(str(base.value("reduction_horizon", as_of)))
    paths = [Path(p) for p in inputs]
    ing = ingested or read_inputs(paths, None, grade_names(base), type_patterns(base))
    main = runs[0].params or base
    regime = select_regime(main, as_of, None)

    with Engine() as eng:
        register_rules(eng, main, as_of)
        for name, frame in (("staff", ing.staff), ("position_list", ing.positions),
                            ("units", ing.units), ("ingest_issues", ing.issues),
                            ("counts", ing.counts)):
            eng.register(name, frame)
        # The people as of the as-of date need the main scenario only (not the newest base
        # salary's row, which would price everyone once more).
        eng.register("scenario", scenarios(main, as_of, None, None, regime)
                     .filter(pl.col("is_main")))
        PIPELINE.run(eng, ("people",), regime.values(),
                     variants={"payout_factors": regime.query})
        proposals = _proposals(eng, runs, main, as_of, regime)
        # The analysis' other tables are not read by the projection: dropped, so that its
        # steps have DuckDB's memory to themselves (a national run spilled gigabytes else).
        for name in eng.tables():
            if name != "people":
                eng.drop(name)
        eng.build("people", "projection_roster", {})
        eng.register("pj_proposals", proposals)
        eng.register("pj_scenario", _scenario_rows(runs, start, end, as_of))
        _register_scenario_params(eng, runs, base)
        eng.register("pj_salary_table", _salary_tables(runs))
        PROJECTION.run(eng, RESULTS, {"weight_scale": WEIGHT_SCALE}, keep=RESULTS)
        tables = {name: eng.table(name) for name in RESULTS}
    return ProjectionResult(start=start, end=end, as_of=as_of, scenarios=runs, tables=tables,
                            inputs=[str(p.resolve()) for p in paths])


def _named(runs: list[Scenario]) -> list[Scenario]:
    """Scenario names made unique (a second "raise" becomes "raise_2"), and each scenario
    with its parameters loaded."""
    seen: set[str] = set()
    out = []
    for sc in runs:
        name, n = sc.name, 1
        while name in seen:
            n += 1
            name = f"{sc.name}_{n}"
        seen.add(name)
        out.append(replace(sc, name=name, params=sc.params or load_params()))
    return out


def _scenario_rows(runs: list[Scenario], start: dt.date, end: dt.date,
                   as_of: dt.date) -> pl.DataFrame:
    rows = [{
        "scenario_id": sc.name,
        "ord": i,
        "label": sc.label,
        "step_increases": sc.step_increases,
        "replacement_rate": sc.replacement_rate,
        "reduction_rate": sc.reduction.rate if sc.reduction else None,
        "reduction_by": sc.reduction.by if sc.reduction else None,
        "reduction_mode": sc.reduction.mode if sc.reduction else None,
        "start_idx": month_index(start),
        "end_idx": month_index(end),
        "as_of_idx": month_index(as_of),
        "source": sc.source,
    } for i, sc in enumerate(runs)]
    return pl.DataFrame(rows, schema=SCENARIO_SCHEMA, orient="row")


def _register_scenario_params(eng: Engine, runs: list[Scenario], base: Params) -> None:
    """Each scenario's dated parameters, keyed by scenario: its series periods and tables."""
    def keyed(frames: list[pl.DataFrame]) -> pl.DataFrame:
        out = pl.concat(frames, how="diagonal_relaxed")
        return out.with_columns(
            pl.col(c).cast(EXACT) for c, t in out.schema.items() if isinstance(t, pl.Decimal))

    def tag(frame: pl.DataFrame, sc: Scenario) -> pl.DataFrame:
        return frame.with_columns(pl.lit(sc.name).alias("scenario_id"))

    eng.register("pj_series", keyed([tag(sc.params.series_periods(), sc) for sc in runs]))
    for name in SCENARIO_TABLES:
        eng.register(f"pj_{name}",
                     keyed([tag(sc.params.dated_table(name), sc) for sc in runs]))


def _salary_tables(runs: list[Scenario]) -> pl.DataFrame:
    """Each scenario's salary table (law.md §5), keyed by scenario, each row with the last day
    it is in force (the day before the next row for the same grade code or position)."""
    frames = [sc.salary_table.with_columns(pl.lit(sc.name).alias("scenario_id"))
              for sc in runs if sc.salary_table is not None]
    schema = {"scenario_id": pl.String, **TABLE_SCHEMA}
    table = pl.concat(frames).select(*schema) if frames else pl.DataFrame(schema=schema)
    return table.sort("valid_from").with_columns(
        (pl.col("valid_from").shift(-1).over("scenario_id", "grade_code", "position")
         - pl.duration(days=1)).fill_null(dt.date(9999, 12, 31)).alias("valid_to"))


def _proposals(eng: Engine, runs: list[Scenario], main: Params, as_of: dt.date,
               regime) -> pl.DataFrame:
    """The people each "proposals" scenario has leave: the proposal list of the analysis run
    with that scenario's rate and horizon (`by`), their first unpaid month (the month of the
    day after the leave date) and payout (empty when unknown)."""
    frames = []
    for sc in runs:
        if sc.reduction is None or sc.reduction.mode != "proposals":
            continue
        eng.register("scenario", scenarios(main, as_of, sc.reduction.by, sc.reduction.rate,
                                           regime))
        PIPELINE.run(eng, ("payouts",), regime.values(),
                     variants={"payout_factors": regime.query})
        payouts = eng.table("payouts").select("person_id", "leave_date", "total")
        proposed = eng.table("candidates").filter(pl.col("proposed")).select("person_id")
        frames.append(proposed.join(payouts, on="person_id", how="left").select(
            pl.lit(sc.name).alias("scenario_id"),
            pl.col("person_id").cast(pl.Int64),
            ((pl.col("leave_date") + pl.duration(days=1)).dt.year() * 12
             + (pl.col("leave_date") + pl.duration(days=1)).dt.month() - 1)
            .cast(pl.Int64).alias("leave_idx"),
            pl.col("total").cast(pl.Int64).alias("one_off"),
        ))
    # `people` does not depend on the rate or horizon: the last run's table serves them all.
    return pl.concat(frames) if frames else pl.DataFrame(schema=PROPOSAL_SCHEMA)


def scenario_parameters(result: ProjectionResult) -> pl.DataFrame:
    """Each scenario's settings and the parameters it changes from the shipped ones (with
    their sources), for the workbook: scenario_id, name, value, valid_from, source,
    confirmed."""
    base = load_params()
    rows = []
    for sc in result.scenarios:
        settings = [
            ("scenario.source", sc.source or "", None),
            ("scenario.step_increases", str(sc.step_increases).lower(), None),
            ("scenario.replacement_rate", str(sc.replacement_rate.normalize()), None),
        ]
        if sc.salary_table_source:
            settings.append(("scenario.salary_table", sc.salary_table_source, None))
        if sc.reduction:
            settings += [("scenario.reduction.rate", str(sc.reduction.rate.normalize()), None),
                         ("scenario.reduction.by", sc.reduction.by.isoformat(), None),
                         ("scenario.reduction.mode", sc.reduction.mode, None)]
        for name, value, _ in settings:
            rows.append({"scenario_id": sc.name, "name": name, "value": value,
                         "valid_from": None, "source": sc.source, "confirmed": None})
        for grade, post, amount, on in (sc.salary_table.rows()
                                        if sc.salary_table is not None else []):
            rows.append({"scenario_id": sc.name, "name": f"salary_table: {grade or post}",
                         "value": str(amount), "valid_from": on,
                         "source": sc.salary_table_source, "confirmed": False})
        for name, spec in sc.params.tree.items():
            entries = spec["values"] if spec["kind"] == "series" else spec["rows"]
            shipped = base.tree.get(name, {})
            old = shipped.get("values" if spec["kind"] == "series" else "rows", [])
            for e in entries:
                if any(e is o or e == o for o in old):
                    continue
                value = e.get("value", "; ".join(f"{k}={v}" for k, v in e.items()
                                                 if k not in ("from", "to", "source",
                                                              "confirmed")))
                rows.append({"scenario_id": sc.name, "name": name, "value": str(value),
                             "valid_from": e["from"], "source": e["source"],
                             "confirmed": bool(e["confirmed"])})
        if sc.params is not None and not any(r["scenario_id"] == sc.name and r["valid_from"]
                                             for r in rows):
            main = sc.params.entry("base_salary", result.start)
            rows.append({"scenario_id": sc.name, "name": "base_salary",
                         "value": str(main["value"]), "valid_from": main["from"],
                         "source": main["source"], "confirmed": bool(main["confirmed"])})
    return pl.DataFrame(rows, schema={"scenario_id": pl.String, "name": pl.String,
                                      "value": pl.String, "valid_from": pl.Date,
                                      "source": pl.String, "confirmed": pl.Boolean},
                        orient="row")

