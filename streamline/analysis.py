"""The main job as a plain function: inputs → AnalysisResult (what `streamline analyze` runs).

from streamline.analysis import analyze
result = analyze(["unit.xlsx"], as_of=date(2025, 3, 1))
result.tables["targets"]

Reading, registering and orchestration only: every number is computed by the declared SQL
steps (streamline.pipeline), and every table holds codes, numbers and dates — the report
layer words them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl

from streamline.engine import Engine, step_sessions
from streamline.ingest import Ingested, read_inputs
from streamline.ingest.text import fold
from streamline.params import LISTING_SCHEMA, Params, load_params
from streamline.pipeline import PIPELINE
from streamline.privacy import Masking, mask_result
from streamline.regimes import Regime, select_regime
from streamline.result import TABLE_ORDER, AnalysisResult
from streamline.rules import register_rules

# Result tables built by the steps ("staff" is the step table "people").
STEP_RESULTS = tuple(t for t in TABLE_ORDER if t not in (
    "staff", "mapping", "counts", "files", "parameters", "scenario")) + ("people",)
MAIN, NEWEST = "current", "newest_base"

SCENARIO_SCHEMA = {
    "scenario_id": pl.String,
    "is_main": pl.Boolean,
    "as_of": pl.Date,
    "salary_on": pl.Date,
    "horizon": pl.Date,
    "horizon_defaulted": pl.Boolean,
    "rate": pl.Decimal(9, 4),
    "rate_defaulted": pl.Boolean,
    "regime": pl.String,
    "regime_defaulted": pl.Boolean,
    "overlay": pl.String,
}


def scenarios(params: Params, as_of: dt.date, horizon: dt.date | None, rate: Decimal | None,
              regime: Regime, overlays: tuple[Path, ...] = ()) -> pl.DataFrame:
    """The run's scenarios as rows: the main one (rules of the as-of date), and the same staff
    under the newest base salary in the parameters (from the date it takes effect)."""
    newest_from = params.latest("base_salary")["from"]
    common = {
        "as_of": as_of,
        "horizon": horizon or dt.date.fromisoformat(str(params.value("reduction_horizon", as_of))),
        "horizon_defaulted": horizon is None,
        "rate": rate if rate is not None else Decimal(str(params.value("reduction_rate", as_of))),
        "rate_defaulted": rate is None,
        "regime": regime.code,
        "regime_defaulted": regime.defaulted,
        "overlay": ", ".join(str(p) for p in overlays),
    }
    rows = [
        {"scenario_id": MAIN, "is_main": True, "salary_on": as_of, **common},
        {"scenario_id": NEWEST, "is_main": False, "salary_on": max(as_of, newest_from),
         **common},
    ]
    return pl.DataFrame(rows, schema=SCENARIO_SCHEMA, orient="row")


def unit_roots(staff: pl.DataFrame, roots: dict[str, str] | None = None) -> pl.DataFrame:
    """Per person: the root of its unit tree (its file's agency, None: the file itself) and
    its nested unit path when the importer gives one — the `unit_roots` source of rollup.sql."""
    path = (pl.col("unit_path") if "unit_path" in staff.columns else pl.lit(None)).cast(pl.String)
    root = (pl.col("source_file").replace_strict(roots, default=None, return_dtype=pl.String)
            if roots else pl.lit(None, pl.String))
    return staff.select("person_id", root.alias("root"), path.alias("unit_path"))


def grade_names(params: Params) -> dict[str, str]:
    """Folded grade name → grade code, for sheets that give only the grade's name."""
    return {fold(r["grade_name"]): r["grade_code"] for r in params.spec("grade_code")["rows"]}


def type_patterns(params: Params) -> list[tuple[str, str]]:
    """Grade-code pattern → staff type, for lists without a staff-type column."""
    return [(r["pattern"], r["staff_type"])
            for r in params.spec("staff_type_by_grade_code")["rows"]]


# Columns of people.sql named like an input (staff) column but holding the query's own value;
# every other column of that name is the input's, unchanged.
PEOPLE_OWN = frozenset({"person_id", "staff_type", "funding", "grade_name"})


def _staff_table(eng: Engine, staff: pl.DataFrame) -> pl.DataFrame:
    """The step table `people` as the result's staff table, in input order. The columns
    people.sql copies from the input are taken from the input frame (the same values, already
    in person_id order); only the query's own columns leave DuckDB, sorted here rather than in
    people.sql (the projection, which reads `people` but never shows it, skips the sort). A
    national run so neither converts nor sorts 2.5 M × 50 input values a second time."""
    columns = eng.columns("people")
    copied = [c for c in columns if c in staff.columns and c not in PEOPLE_OWN]
    own = _in_order(eng.take("people", [c for c in columns if c not in copied]), "person_id")
    if own["person_id"].equals(staff["person_id"]):
        inputs = staff.select(copied)
    else:  # people.sql dropped or repeated someone: matched by person_id
        inputs = own.select("person_id").join(staff.select("person_id", *copied),
                                              on="person_id", how="left").drop("person_id")
    return pl.DataFrame([own[c] if c in own.columns else inputs[c] for c in columns])


def _in_order(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """The frame sorted by `column`, built one column at a time while the unsorted columns are
    let go: a national staff table (2.5 M × 82) is never held twice."""
    if frame[column].is_sorted():
        return frame
    order = frame[column].arg_sort()
    return pl.DataFrame([frame.drop_in_place(name).gather(order) for name in list(frame.columns)])


def analyze(
    inputs: list[Path | str],
    as_of: dt.date | None = None,
    horizon: dt.date | None = None,
    rate: Decimal | None = None,
    overrides: dict[str, str] | None = None,
    mask: bool | Masking = False,
    param_files: tuple[Path, ...] = (),
    ingested: Ingested | None = None,
    policy: str | None = None,
    roots: dict[str, str] | None = None,
    date_order: str | None = None,
    saved: dict[str, str] | None = None,
) -> AnalysisResult:
    """`roots` (input file → agency, e.g. its folder in a store) roots the unit tree of the
    `rollup` table; by default each input file is its own root."""
    as_of = as_of or dt.date.today()
    params = load_params(param_files)
    paths = [Path(p) for p in inputs]
    ing = ingested or read_inputs(paths, overrides, grade_names(params), type_patterns(params),
                                  date_order=date_order, saved=saved)
    regime = select_regime(params, as_of, policy)
    scenario = scenarios(params, as_of, horizon, rate, regime, tuple(param_files))

    with Engine() as eng:
        register_rules(eng, params, as_of)
        for name, frame in (("position_list", ing.positions), ("units", ing.units),
                            ("ingest_issues", ing.issues), ("mapping", ing.mapping),
                            ("counts", ing.counts),
                            ("scenario", scenario)):
            eng.register(name, frame)
        # The person-level inputs are read in place: the result keeps the staff frame anyway.
        eng.expose("staff", ing.staff)
        eng.expose("unit_roots", unit_roots(ing.staff, roots))
        # `checks` is asked for itself, so it runs in its declared place, before the payout
        # steps, rather than at the end for `issues`, and `staff` is let go before them. (That
        # kept a national run from spilling while `staff` was a copy inside DuckDB's cap; read
        # in place, it costs DuckDB no memory either way.)
        PIPELINE.run(eng, (*STEP_RESULTS, "checks"), regime.values(),
                     variants={"payout_factors": regime.query}, keep=STEP_RESULTS,
                     sessions=step_sessions(ing.staff.height))
        tables = {name: eng.take(name) for name in STEP_RESULTS if name != "people"}
        tables["staff"] = _staff_table(eng, ing.staff)
    tables["scenario"] = scenario
    tables["mapping"] = ing.mapping
    tables["counts"] = ing.counts
    tables["files"] = ing.files
    tables["parameters"] = parameters(params, scenario, regime)
    result = AnalysisResult(
        inputs=[str(p.resolve()) for p in paths],
        as_of=as_of,
        horizon=scenario["horizon"][0],
        rate=scenario["rate"][0],
        masked=bool(mask),
        policy=regime.code,
        tables={name: tables[name] for name in TABLE_ORDER if name in tables},
        facts=facts(regime),
    )
    if mask:  # True: a one-off key; the CLI passes Masking(the user's key)
        mask_result(result, mask)
    return result


def facts(regime: Regime) -> dict:
    """The numbers and codes that the report's sentences quote (the regime and its
    thresholds) and the regime's notes on each rule, for flagging unconfirmed ones."""
    er_max = regime.items.get("er_max_months")
    return {
        "regime": regime.code,
        "er_max_years": None if er_max is None else Decimal(str(er_max)) / 12,
        "sick_days_trigger": regime.items.get("sick_days_trigger"),
        "refund_window_months": regime.items.get("refund_window_months"),
        "rule_notes": regime.notes,
        "rule_notes_en": regime.notes_en,
    }


PARAMETER_SCHEMA = {**LISTING_SCHEMA, "defaulted": pl.Boolean}


def parameters(params: Params, scenario: pl.DataFrame, regime: Regime) -> pl.DataFrame:
    """The run's settings (as_of, horizon, rate, regime, newest base salary; labels come from
    the message catalogue) and then every parameter in force on the as-of date."""
    main = scenario.row(0, named=True)
    as_of = main["as_of"]
    newest = params.latest("base_salary")

    def run_row(name, value, valid_from, source, confirmed, defaulted=False):
        return {"name": name, "label_vi": None, "label_en": None, "value": value,
                "valid_from": valid_from, "source": source, "confirmed": confirmed,
                "defaulted": defaulted}

    rows = [
        run_row("run.as_of", as_of.isoformat(), as_of, "--as-of", True),
        run_row("run.horizon", main["horizon"].isoformat(), as_of,
                "reduction_horizon" if main["horizon_defaulted"] else "--horizon",
                not main["horizon_defaulted"], main["horizon_defaulted"]),
        run_row("run.rate", str(main["rate"].normalize()), as_of,
                "reduction_rate" if main["rate_defaulted"] else "--target", True,
                main["rate_defaulted"]),
        run_row("run.policy", regime.code, regime.row["in_force_from"],
                ("policy_regime; " if regime.defaulted else "--policy; ") + regime.row["source"],
                not regime.defaulted, regime.defaulted),
        run_row("base_salary.newest", str(newest["value"]), newest["from"], newest["source"],
                bool(newest["confirmed"])),
    ]
    listing = params.listing(as_of).with_columns(pl.lit(False).alias("defaulted"))
    return pl.concat([pl.DataFrame(rows, schema=PARAMETER_SCHEMA, orient="row"),
                      listing.select(list(PARAMETER_SCHEMA))])
