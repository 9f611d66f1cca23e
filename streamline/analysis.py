"""The main job as a plain function: inputs → AnalysisResult (what `streamline analyze` runs).

from streamline.analysis import analyze
result = analyze(["unit.xlsx"], as_of=date(2025, 3, 1))
result.tables["targets"]
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import polars as pl

from streamline import streamlining
from streamline.engine import Engine
from streamline.ingest import Ingested, read_inputs
from streamline.ingest.schema import ISSUE_SCHEMA
from streamline.ingest.text import fold
from streamline.params import Params, load_params
from streamline.result import AnalysisResult

CHECK_MESSAGES = {
    "grade_unknown": (
        "Mã ngạch không có trong bảng tham số: không xác định được loại lương",
        "Grade code not in the parameter tables: salary type unknown",
    ),
    "off_scale": (
        "Hệ số lương không khớp bảng lương theo bậc",
        "Salary coefficient does not match the scale at this step",
    ),
    "lead_mismatch": (
        "Hệ số phụ cấp chức vụ không khớp bảng phụ cấp của chức danh ({v})",
        "Leadership coefficient matches no value of the title's post ({v})",
    ),
    "no_retirement": (
        "Thiếu ngày sinh hoặc giới tính: không tính được tuổi nghỉ hưu",
        "Birth date or sex missing: retirement cannot be computed",
    ),
    "past_retirement": (
        "Đã quá tuổi nghỉ hưu tại ngày phân tích (tháng đủ tuổi: {v})",
        "Past retirement age at the analysis date (month the age was reached: {v})",
    ),
}


def settings(params: Params, as_of: dt.date, horizon: dt.date | None, rate: Decimal | None):
    """Horizon and rate default from the parameters in force; says which were defaulted."""
    horizon_default = horizon is None
    if horizon is None:
        horizon = dt.date.fromisoformat(str(params.value("reduction_horizon", as_of)))
    if rate is None:
        rate = Decimal(str(params.value("reduction_rate", as_of)))
    return horizon, rate, horizon_default


def people_params(params: Params, as_of: dt.date, horizon: dt.date, base: int) -> dict:
    """The $named parameters of queries/people.sql, all from the dated parameter files."""
    return {
        "base": base,
        "as_of": as_of,
        "horizon": horizon,
        "ps_pct": params.value("public_service_allowance_pct", as_of),
        "ps_types": str(params.value("public_service_allowance_staff_types", as_of)).split(","),
        "bonus_pct": params.value("bonus_fund_pct", as_of),
        "cap_mult": params.value("insurance_base_cap_multiple", as_of),
        "scope_types": str(params.value("in_scope_staff_types", as_of)).split(","),
        "max_early_years": params.value("early_retirement_max_years_hazardous", as_of),
    }


def grade_names(params: Params) -> dict[str, str]:
    """Folded grade name → grade code, for sheets that give only the grade's name."""
    return {fold(r["grade_name"]): r["grade_code"] for r in params.spec("grade_code")["rows"]}


def analyze(
    inputs: list[Path | str],
    as_of: dt.date | None = None,
    horizon: dt.date | None = None,
    rate: Decimal | None = None,
    overrides: dict[str, str] | None = None,
    lang: str = "vi",
    mask: bool = False,
    param_files: tuple[Path, ...] = (),
    ingested: Ingested | None = None,
    policy: str | None = None,
) -> AnalysisResult:
    as_of = as_of or dt.date.today()
    params = load_params(param_files)
    paths = [Path(p) for p in inputs]
    ing = ingested or read_inputs(paths, overrides, lang, grade_names(params))
    horizon, rate, horizon_default = settings(params, as_of, horizon, rate)
    base = int(params.value("base_salary", as_of))
    newest = params.latest("base_salary")

    eng = Engine(params, as_of)
    try:
        eng.register("staff", ing.staff)
        eng.register("positions", ing.positions)
        eng.register("units", ing.units)
        pp = people_params(params, as_of, horizon, base)
        eng.run("retirement", **pp)
        eng.run("people", **pp)
        eng.run("people", as_="people_newest", **{**pp, "base": int(newest["value"])})
        eng.run("position_match")
        eng.run("positions", as_="positions_result")
        eng.run("positions_by_category")
        eng.run("unassigned")
        eng.run("targets", rate=rate)
        eng.run("fund", union_pct=params.value("trade_union_fee_pct", as_of))
        eng.run("checks")
        professional = params.entry("org_professional_share_min", as_of)
        eng.run(
            "org_checks",
            professional_min=professional["value"],
            professional_source=professional["source"],
        )
        tables = {
            "staff": eng.frame("people"),
            "positions": eng.frame("positions_result"),
            "positions_by_category": eng.frame("positions_by_category"),
            "unassigned": eng.frame("unassigned"),
            "targets": eng.frame("targets"),
            "fund": eng.frame("fund"),
            "org_checks": _org_checks(eng.frame("org_checks"), lang),
        }
        checks = eng.frame("checks")
        # Issue 3: candidates, payouts, deferred; targets gain the proposal columns.
        sl = streamlining.run(eng, params, as_of, pp, policy, lang)
        tables.update(sl.tables)
    finally:
        eng.close()

    tables["issues"] = pl.concat(
        [ing.issues, _check_issues(checks, lang), _org_issues(tables["org_checks"], paths)]
    )
    tables["mapping"] = ing.mapping
    tables["counts"] = ing.counts
    tables["parameters"] = _parameters(params, as_of, horizon, rate, horizon_default, newest, lang)
    tables["parameters"] = streamlining.with_policy_row(tables["parameters"], sl.regime, lang)
    result = AnalysisResult(
        inputs=[str(p.resolve()) for p in paths],
        as_of=as_of,
        horizon=horizon,
        rate=rate,
        lang=lang,
        base_salary=base,
        newest_base_salary=int(newest["value"]),
        newest_base_from=newest["from"],
        masked=mask,
        policy=sl.regime.code,
        tables=tables,
    )
    tables["summary"] = streamlining.with_figures(summary(result, horizon_default), sl)
    if mask:
        mask_result(result)
    return result


def _check_issues(checks: pl.DataFrame, lang: str) -> pl.DataFrame:
    idx = 1 if lang == "en" else 0
    rows = [
        {
            "file": r["source_file"],
            "sheet": r["source_sheet"],
            "row": r["source_row"],
            "column": None,
            "value": r["value"],
            "message": CHECK_MESSAGES[r["code"]][idx].format(v=r["value"]),
            "severity": "info" if r["code"] == "past_retirement" else "warning",
        }
        for r in checks.iter_rows(named=True)
    ]
    return pl.DataFrame(rows, schema=ISSUE_SCHEMA, orient="row")


ORG_MESSAGES = {
    "min_staff": (
        "Biên chế công chức {a:g} (tối thiểu {l:g})",
        "Civil-servant payroll {a:g} (minimum {l:g})",
    ),
    "max_deputies": ("Số cấp phó {a:g} (tối đa {l:g})", "Deputies {a:g} (maximum {l:g})"),
    "professional_share": (
        "Viên chức ở vị trí chuyên môn {a:.0%} (tối thiểu {l:.0%})",
        "Public employees in professional positions {a:.0%} (minimum {l:.0%})",
    ),
    "grade_cap": (
        "Chuyên viên chính và tương đương {a:.0%} công chức (tối đa {l:.0%}, hạn {d})",
        "Principal specialists and equivalents {a:.0%} of civil servants (max {l:.0%}, due {d})",
    ),
}


def _org_checks(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Every organisational check made, with a plain-language line saying what was found."""
    idx = 1 if lang == "en" else 0
    messages = [
        ORG_MESSAGES[r["check_code"]][idx].format(
            a=r["actual"], l=r["limit_value"], d=r["due"].strftime("%d/%m/%Y") if r["due"] else ""
        )
        for r in frame.iter_rows(named=True)
    ]
    return frame.with_columns(pl.Series("message", messages, dtype=pl.String))


def _org_issues(org: pl.DataFrame, paths: list[Path]) -> pl.DataFrame:
    """A warning row in Issues for each organisational check that fails."""
    failed = org.filter(~pl.col("ok"))
    return pl.DataFrame(
        {
            "file": [paths[0].name if paths else None] * failed.height,
            "sheet": [None] * failed.height,
            "row": [None] * failed.height,
            "column": [None] * failed.height,
            "value": failed["unit"],
            "message": failed["message"],
            "severity": ["warning"] * failed.height,
        },
        schema=ISSUE_SCHEMA,
    )


def _parameters(params, as_of, horizon, rate, horizon_default, newest, lang) -> pl.DataFrame:
    """Every parameter in force, plus this run's settings and the newest base salary."""
    listing = params.listing(as_of, lang)
    en = lang == "en"
    run_rows = [
        {
            "name": "run.as_of",
            "label": "As-of date" if en else "Ngày phân tích",
            "value": as_of.isoformat(),
            "valid_from": as_of,
            "source": "--as-of" if not en else "--as-of",
            "confirmed": True,
        },
        {
            "name": "run.horizon",
            "label": "Target horizon" if en else "Mốc tính chỉ tiêu",
            "value": horizon.isoformat(),
            "valid_from": as_of,
            "source": ("default (reduction_horizon)" if en else "mặc định (reduction_horizon)")
            if horizon_default
            else "--horizon",
            "confirmed": not horizon_default,
        },
        {
            "name": "run.rate",
            "label": "Reduction rate used" if en else "Tỷ lệ tinh giản áp dụng",
            "value": str(rate),
            "valid_from": as_of,
            "source": "--target / reduction_rate",
            "confirmed": True,
        },
        {
            "name": "base_salary.newest",
            "label": "Newest base salary (comparison)" if en else "Lương cơ sở mới nhất (so sánh)",
            "value": str(newest["value"]),
            "valid_from": newest["from"],
            "source": newest["source"],
            "confirmed": bool(newest["confirmed"]),
        },
    ]
    return pl.concat([pl.DataFrame(run_rows, schema=listing.schema, orient="row"), listing])


def summary(result: AnalysisResult, horizon_default: bool) -> pl.DataFrame:
    """Key figures, already totalled, shown first everywhere."""
    t = result.tables
    staff, counts, targets, fund = t["staff"], t["counts"], t["targets"], t["fund"]
    in_scope = int(staff["in_scope"].sum())
    target_total = int((result.rate * in_scope).to_integral_value(rounding="ROUND_CEILING"))
    retiring = int(staff.filter(pl.col("in_scope") & pl.col("retiring_by_horizon")).height)
    staff_rows = counts.filter(pl.col("role") == "staff")
    rows_read = int(staff_rows["rows"].sum())
    people = int(staff_rows["people"].sum())
    not_analysed = int(staff_rows["not_analysed"].sum())

    def total(col: str) -> int:
        return int(fund[col].sum())

    figures = {
        "rows_read": rows_read,
        "people": people,
        "non_person_rows": rows_read - people - not_analysed,
        "not_analysed": not_analysed,
        "warnings": int(t["issues"].filter(pl.col("severity") != "info").height),
        "in_scope": in_scope,
        "out_of_scope": people - in_scope,
        "target_total": target_total,
        "target_sum_of_units": int(targets["target"].sum()),
        "retiring_total": retiring,
        "gap_total": max(target_total - retiring, 0),
        "monthly_fund": total("monthly_fund"),
        "yearly_fund": total("yearly_fund"),
        "yearly_total": total("yearly_total"),
        "yearly_total_newest": total("yearly_total_newest"),
        "yearly_difference": total("yearly_difference"),
        "base_salary": result.base_salary,
        "newest_base_salary": result.newest_base_salary,
        "as_of": result.as_of.isoformat(),
        "horizon": result.horizon.isoformat() + (" (mặc định)" if horizon_default else ""),
        "rate": str(result.rate),
    }
    return pl.DataFrame(
        {"key": list(figures), "value": [str(v) for v in figures.values()]},
        schema={"key": pl.String, "value": pl.String},
    )


def pseudonym(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8].upper()}"


def mask_result(result: AnalysisResult) -> None:
    """Replace names and IDs with stable pseudonyms in every table (and issue values)."""
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
    result.tables["issues"] = result.tables["issues"].with_columns(
        pl.col(c).map_elements(lambda v: "***" if names_in(v) else v, return_dtype=pl.String)
        for c in ("value", "message")
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
