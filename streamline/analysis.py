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
import hashlib
from decimal import Decimal
from pathlib import Path

import polars as pl

from streamline.engine import Engine
from streamline.ingest import Ingested, read_inputs
from streamline.ingest.text import fold
from streamline.params import LISTING_SCHEMA, Params, load_params
from streamline.pipeline import PIPELINE
from streamline.regimes import Regime, select_regime
from streamline.result import TABLE_ORDER, AnalysisResult
from streamline.rules import register_rules

# Result tables built by the steps ("staff" is the step table "people").
STEP_RESULTS = tuple(t for t in TABLE_ORDER if t not in ("staff", "mapping", "counts",
                                                        "parameters", "scenario")) + ("people",)
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


def grade_names(params: Params) -> dict[str, str]:
    """Folded grade name → grade code, for sheets that give only the grade's name."""
    return {fold(r["grade_name"]): r["grade_code"] for r in params.spec("grade_code")["rows"]}


def type_patterns(params: Params) -> list[tuple[str, str]]:
    """Grade-code pattern → staff type, for lists without a staff-type column."""
    return [(r["pattern"], r["staff_type"])
            for r in params.spec("staff_type_by_grade_code")["rows"]]


def analyze(
    inputs: list[Path | str],
    as_of: dt.date | None = None,
    horizon: dt.date | None = None,
    rate: Decimal | None = None,
    overrides: dict[str, str] | None = None,
    mask: bool = False,
    param_files: tuple[Path, ...] = (),
    ingested: Ingested | None = None,
    policy: str | None = None,
) -> AnalysisResult:
    as_of = as_of or dt.date.today()
    params = load_params(param_files)
    paths = [Path(p) for p in inputs]
    ing = ingested or read_inputs(paths, overrides, grade_names(params), type_patterns(params))
    regime = select_regime(params, as_of, policy)
    scenario = scenarios(params, as_of, horizon, rate, regime, tuple(param_files))

    with Engine() as eng:
        register_rules(eng, params, as_of)
        for name, frame in (("staff", ing.staff), ("position_list", ing.positions),
                            ("units", ing.units), ("ingest_issues", ing.issues),
                            ("counts", ing.counts), ("scenario", scenario)):
            eng.register(name, frame)
        PIPELINE.run(eng, STEP_RESULTS, regime.values(),
                     variants={"payout_factors": regime.query})
        tables = {name: eng.table(name) for name in STEP_RESULTS}

    tables["staff"] = tables.pop("people")
    tables["scenario"] = scenario
    tables["mapping"] = ing.mapping
    tables["counts"] = ing.counts
    tables["parameters"] = parameters(params, scenario, regime)
    result = AnalysisResult(
        inputs=[str(p.resolve()) for p in paths],
        as_of=as_of,
        horizon=scenario["horizon"][0],
        rate=scenario["rate"][0],
        masked=mask,
        policy=regime.code,
        tables={name: tables[name] for name in TABLE_ORDER if name in tables},
        facts=facts(regime),
    )
    if mask:
        mask_result(result)
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


def pseudonym(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8].upper()}"


def mask_result(result: AnalysisResult) -> None:
    """Replace names and IDs with stable pseudonyms in every table; an issue whose value or
    arguments name a person loses them."""
    staff = result.tables["staff"]
    names = [n for n in staff["full_name"].drop_nulls().unique().to_list() if len(n) > 2]
    for name, table in list(result.tables.items()):
        exprs = []
        if "full_name" in table.columns:
            exprs.append(
                pl.col("full_name").map_elements(
                    lambda n: pseudonym("NGUOI", n), return_dtype=pl.String
                )
            )
        if "employee_id" in table.columns:
            exprs.append(
                pl.col("employee_id").map_elements(
                    lambda n: pseudonym("ID", n), return_dtype=pl.String
                )
            )
        if exprs:
            result.tables[name] = table.with_columns(exprs)
    names_in = name_finder(names)
    issues = result.tables["issues"]
    named = issues["value"].map_elements(names_in, return_dtype=pl.Boolean).fill_null(False) | (
        issues["args"].map_elements(names_in, return_dtype=pl.Boolean).fill_null(False)
    )
    result.tables["issues"] = issues.with_columns(
        pl.when(named).then(pl.lit("***")).otherwise(pl.col("value")).alias("value"),
        pl.when(named).then(pl.lit(None, pl.String)).otherwise(pl.col("args")).alias("args"),
    )


def name_finder(names: list[str]):
    """A test "does this text contain one of these names?" costing a few set lookups per
    word of the text, not one scan per name (100,000 names × thousands of issues)."""
    folded = {f for f in map(fold, names) if f}
    longest = max((len(f.split()) for f in folded), default=0)

    def contains(text: str) -> bool:
        words = fold(text).split()
        return any(
            " ".join(words[i:j]) in folded
            for i in range(len(words))
            for j in range(i + 1, min(len(words), i + longest) + 1)
        )

    return contains
