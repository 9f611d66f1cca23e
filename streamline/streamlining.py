"""Streamlining (tinh giản biên chế): who could leave, on which route, at what cost (law.md §3).

The rules are the dated packs in params/data/policy_decree*.toml, rating_bands.toml and
scoring.toml; the computations are the SQL files in queries/ run in this order on an Engine that
already holds `staff`, `units`, `people` and `targets`:

    leave_dates → people (once per base salary in force on a leave date) → payout_input
    → payout_<regime> (both routes' factors per person) → payout_routes (amounts)
    → deferred → candidates → payout_choice → payouts → proposals

This module only picks the regime, hands each query its parameters and turns the codes the
queries emit into Vietnamese (or English) text.

    from streamline.streamlining import single_payout
    row = single_payout(params, as_of, person={...}, regime="decree-178")
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from streamline.engine import Engine, query_text
from streamline.errors import InputError
from streamline.params import Params

# Regime code (the --policy value) → (parameter pack, payout query).
REGIMES = {
    "decree-29": ("policy_decree29", "payout_29"),
    "decree-178": ("policy_decree178", "payout_178"),
    "decree-154": ("policy_decree154", "payout_154"),
}
ROUTES = ("early_retirement", "quit")
FAR_FUTURE = dt.date(9999, 12, 31)

# Codes the queries emit → (Vietnamese, English). {fields} come from `_context`.
MESSAGES: dict[str, tuple[str, str]] = {
    # Payout notes: defaults and assumptions, shown per person.
    "leave_default": (
        "Chưa có ngày nghỉ: giả định nghỉ cuối tháng sau ngày phân tích",
        "No leave date: assumed the end of the month after the as-of date",
    ),
    "first12_assumed": (
        "Chưa có ngày quyết định sắp xếp: giả định nghỉ trong 12 tháng đầu",
        "No reorganisation date: assumed to leave within the first 12 months",
    ),
    "first12_from_reorg": (
        "12 tháng đầu tính từ ngày quyết định sắp xếp",
        "First 12 months counted from the reorganisation decision",
    ),
    "si_from_join_date": (
        "Không có số liệu BHXH: tính từ ngày tuyển dụng đến ngày nghỉ, giả định đóng liên tục",
        "No SI figures: counted from the recruitment date to the leave date, assuming no gaps",
    ),
    "si_from_start": (
        "Số năm BHXH tính từ ngày bắt đầu đóng đến ngày nghỉ, giả định đóng liên tục",
        "SI years counted from the SI start date to the leave date, assuming no gaps",
    ),
    "avg_missing": (
        "Chưa có tiền lương bình quân 60 tháng: tạm dùng tiền lương hiện hưởng",
        "No 60-month average salary: the current salary is used instead",
    ),
    "salary_given": ("Tiền lương S nhập trực tiếp", "Salary S given directly"),
    "months_given": ("Số tháng nghỉ sớm nhập trực tiếp", "Months early given directly"),
    "leave_outside_regime": (
        "Ngày nghỉ nằm ngoài thời gian áp dụng của {regime_name}",
        "Leave date outside the period of {regime_name}",
    ),
    "under2_pension_only": (
        "Còn dưới 2 năm: chỉ hưởng lương hưu không bị trừ tỷ lệ (chưa xác nhận)",
        "Under 2 years left: uncut pension only (unconfirmed)",
    ),
    # Why a route is not open to the person.
    "no_birth": (
        "Thiếu ngày sinh hoặc giới tính: không tính được thời gian còn lại đến tuổi nghỉ hưu",
        "Birth date or sex missing: time to retirement age unknown",
    ),
    "past_retirement": (
        "Đã đến tuổi nghỉ hưu tại ngày nghỉ",
        "At or past retirement age on the leave date",
    ),
    "too_far": (
        "Còn hơn {er_max_years} năm đến tuổi nghỉ hưu: không thuộc diện nghỉ hưu trước tuổi",
        "More than {er_max_years} years to retirement age: not eligible for early retirement",
    ),
    "under_2_years": (
        "Còn dưới 2 năm đến tuổi nghỉ hưu",
        "Less than 2 years to retirement age",
    ),
    "si_unknown": (
        "Thiếu số năm đóng BHXH bắt buộc",
        "Compulsory SI years missing",
    ),
    "si_short": (
        "Chưa đủ số năm đóng BHXH để hưởng lương hưu",
        "Not enough SI years for a pension",
    ),
    "early_retirement_instead": (
        "Đủ điều kiện nghỉ hưu trước tuổi: không thuộc diện thôi việc ngay",
        "Eligible for early retirement, so not for quitting at once",
    ),
    # Why a person is a candidate (or is not proposed).
    "stated_route": (
        "Đã có hình thức nghỉ trong danh sách (giữ nguyên)",
        "Route stated in the input (taken as it is)",
    ),
    "surplus": (
        "Dôi dư do sắp xếp tổ chức hoặc cơ cấu lại vị trí việc làm",
        "Surplus after reorganisation or job-position restructuring",
    ),
    "training": (
        "Chưa đạt chuẩn trình độ đào tạo của vị trí việc làm",
        "Does not meet the training standard of the job position",
    ),
    "rating_d29": (
        "Xếp loại: không hoàn thành nhiệm vụ năm liền kề, hoặc 1 năm hoàn thành và "
        "1 năm không hoàn thành trong 2 năm liền kề (NĐ 29/2023)",
        "Ratings: not completed last year, or completed and not completed in the last two "
        "years (Decree 29/2023)",
    ),
    "rating_d154": (
        "Xếp loại: không hoàn thành nhiệm vụ năm liền kề (NĐ 154/2025)",
        "Rating: not completed last year (Decree 154/2025)",
    ),
    "sick_d29": (
        "Nghỉ ốm bằng hoặc vượt mức tối đa hưởng BHXH (cần kiểm tra 2 năm liên tiếp)",
        "Sick leave at the SI maximum (check two years running)",
    ),
    "sick_d154": (
        "Nghỉ ốm từ {sick_days_trigger} ngày trở lên trong năm",
        "Sick leave of {sick_days_trigger} days or more in the year",
    ),
    "volunteer": ("Tự nguyện", "Volunteers"),
    "er_eligible": (
        "Đủ điều kiện nghỉ hưu trước tuổi",
        "Eligible for early retirement",
    ),
    "low_score": (
        "Điểm đánh giá thấp trong đơn vị",
        "Low evaluation score within the unit",
    ),
    "stays": (
        "Điểm tiêu chí đạt ngưỡng giữ lại: không đề xuất",
        "Criterion score at the keep threshold: not proposed",
    ),
    "no_route": (
        "Không đủ điều kiện nghỉ hưu trước tuổi hay thôi việc",
        "Eligible for neither early retirement nor quitting",
    ),
    "payout_pending_si": (
        "Thiếu số năm đóng BHXH: chưa tính được kinh phí, cần bổ sung trước khi trình",
        "SI years missing: payout not computed; add them before submitting",
    ),
    "stated_not_eligible": (
        "Hình thức đã chọn chưa đủ điều kiện (xem trang Kinh phí chi trả)",
        "The stated route is not open (see Payouts)",
    ),
    "retiring_anyway": (
        "Nghỉ hưu tự nhiên trước mốc: không tính thêm vào chỉ tiêu",
        "Retires naturally by the horizon: does not add to the target",
    ),
    "score_computed": (
        "Điểm tính theo bộ tiêu chí {preset}; tiêu chí đơn vị tự chấm được tính đủ điểm",
        "Score from the {preset} criteria; criteria the unit assesses count in full",
    ),
    # Deferred.
    "pregnant": ("Đang mang thai", "Pregnant"),
    "maternity": ("Đang nghỉ thai sản", "On maternity leave"),
    "child_under_36m": ("Đang nuôi con dưới 36 tháng tuổi", "Raising a child under 36 months"),
    "discipline": (
        "Đang bị xem xét kỷ luật, truy cứu trách nhiệm hình sự hoặc thanh tra, kiểm tra",
        "Under discipline, prosecution or inspection",
    ),
}

TEXT: dict[str, tuple[str, str]] = {
    "review": (
        "Danh sách đề xuất chỉ là khuyến nghị để xem xét, không phải quyết định",
        "The proposal list is a recommendation for review, not a decision",
    ),
    "unconfirmed": ("⚠ chưa xác nhận: ", "⚠ unconfirmed: "),
    "defaulted": ("mặc định theo ngày phân tích", "default for the analysis date"),
    "policy_label": ("Chế độ tinh giản áp dụng", "Streamlining regime applied"),
}


def _t(key: str, lang: str, table: dict = TEXT) -> str:
    pair = table[key]
    return pair[1] if lang == "en" else pair[0]


@dataclass
class Regime:
    """One regime's pack as in force for this run."""

    code: str
    row: dict
    items: dict
    unconfirmed: list[str]
    at: dt.date
    defaulted: bool
    notes: dict[str, str]  # item → what the rule says (Vietnamese), for unconfirmed flags

    @property
    def pack(self) -> str:
        return REGIMES[self.code][0]

    @property
    def query(self) -> str:
        return REGIMES[self.code][1]

    def name(self, lang: str = "vi") -> str:
        return self.row["name_en"] if lang == "en" else self.row["name_vi"]


@dataclass
class Streamlining:
    regime: Regime
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)


def normalise_policy(policy: str | None) -> str | None:
    if policy is None:
        return None
    text = re.sub(r"[^0-9]", "", str(policy))
    code = f"decree-{text}"
    if code not in REGIMES:
        raise InputError("--policy", f"chế độ không hợp lệ: {policy!r} ({'|'.join(REGIMES)})")
    return code


def select_regime(params: Params, as_of: dt.date, policy: str | None = None) -> Regime:
    """The regime asked for, or the default for the as-of date (policy_regime rows)."""
    rows = {}
    for row in params.spec("policy_regime")["rows"]:
        if row["regime"] not in rows or row["from"] > rows[row["regime"]]["from"]:
            rows[row["regime"]] = row
    code = normalise_policy(policy)
    defaulted = code is None
    if code is None:
        hits = [r for r in rows.values() if r["default_from"] <= as_of <= r["default_to"]]
        if hits:
            code = hits[0]["regime"]
        else:  # before the first or after the last regime: the nearest one
            ordered = sorted(rows.values(), key=lambda r: r["in_force_from"])
            code = (ordered[0] if as_of < ordered[0]["in_force_from"] else ordered[-1])["regime"]
    row = rows[code]
    at = min(max(as_of, row["in_force_from"]), row["in_force_to"])
    pack_rows = params.rows(REGIMES[code][0], at)
    items = {r["item"]: r["value"] for r in pack_rows}
    unconfirmed = sorted(r["item"] for r in pack_rows if not r["confirmed"])
    notes = {r["item"]: r.get("note") or r["item"] for r in pack_rows}
    return Regime(code, row, items, unconfirmed, at, defaulted, notes)


def _used(sql: str, values: dict) -> dict:
    """Exactly the $names a query uses (DuckDB refuses unused named parameters)."""
    code = re.sub(r"--[^\n]*", "", sql)
    names = set(re.findall(r"\$(\w+)", code))
    missing = names - set(values)
    if missing:
        raise InputError("params", f"thiếu tham số cho truy vấn: {', '.join(sorted(missing))}")
    return {k: v for k, v in values.items() if k in names}


def _run(eng: Engine, name: str, as_: str | None = None, **values) -> str:
    return eng.run(name, as_=as_, **_used(query_text(name), values))


def input_params(regime: Regime, as_of: dt.date, salary: int | None = None,
                 months: int | None = None) -> dict:
    """The $named parameters of payout_input.sql for one regime."""
    it = regime.items
    return {
        "as_of": as_of,
        "regime": regime.code,
        "s_parts": [p.strip() for p in str(it["s_parts"]).split(",")],
        "y_half": int(it["y_half_max_months"]),
        "n_half": int(it["n_half_max_months"]),
        "first12_window": int(it.get("first12_window_months", 12)),
        "uses_first12": "b1_first12" in it,
        "uses_avg": "avg_months" in it,
        "si_switch_date": it.get("si_switch_date", FAR_FUTURE),
        "in_force_from": regime.row["in_force_from"],
        "in_force_to": regime.row["in_force_to"],
        "salary_override": salary,
        "months_override": months,
    }


def _people_at_leave(eng: Engine, params: Params, people_values: dict) -> None:
    """people_leave: people.sql at the base salary in force on each person's leave date."""
    _run(eng, "leave_dates", as_of=people_values["as_of"])
    dates = eng.frame("leave_dates")
    bases = {d: int(params.value("base_salary", d)) for d in dates["leave_on"].unique().to_list()}
    eng.register("leave_base", dates.with_columns(
        pl.col("leave_on").replace_strict(bases, return_dtype=pl.Int64).alias("base")
    ).select("person_id", "base"))
    eng.con.execute('CREATE OR REPLACE TABLE people_leave AS SELECT * FROM people WHERE false')
    for base in sorted(set(bases.values())):
        table = f"people_base_{base}"
        eng.run("people", as_=table, **{**people_values, "base": base})
        eng.con.execute(
            f'INSERT INTO people_leave SELECT p.* FROM "{table}" p '
            "JOIN leave_base l ON l.person_id = p.person_id WHERE l.base = $base",
            {"base": base},
        )


def run_payouts(eng: Engine, params: Params, regime: Regime, as_of: dt.date,
                people_values: dict, salary: int | None = None,
                months: int | None = None) -> None:
    """payout_input and payout_routes (both routes, every person) on the engine."""
    _people_at_leave(eng, params, people_values)
    _run(eng, "payout_input", **input_params(regime, as_of, salary, months))
    _run(eng, regime.query, as_="payout_factors", **regime.items)
    _run(eng, "payout_routes", **regime.items)


def _first_in_force(params: Params, name: str, as_of: dt.date):
    """A series' value on `as_of`, or its first value when `as_of` is earlier (tool settings
    such as the scoring preset also apply to analyses of earlier dates)."""
    first = min(e["from"] for e in params.spec(name)["values"])
    return params.value(name, max(as_of, first))


def _scoring_tables(eng: Engine, params: Params, as_of: dt.date) -> str:
    preset = str(_first_in_force(params, "scoring_preset", as_of))

    def rows(name: str) -> list[dict]:
        first = min(r["from"] for r in params.spec(name)["rows"])
        return params.rows(name, max(as_of, first))

    criteria = [r for r in rows("scoring_criterion") if r["preset"] == preset]
    if not criteria:
        raise InputError("scoring_preset", f"không có bộ tiêu chí '{preset}'")
    eng.register("p_scoring", pl.DataFrame(
        [{"criterion": r["criterion"], "points": Decimal(str(r["points"])),
          "basis": r["basis"], "keep_min": Decimal(str(r["keep_min"]))} for r in criteria],
        schema={"criterion": pl.String, "points": pl.Decimal(9, 4), "basis": pl.String,
                "keep_min": pl.Decimal(9, 4)}, orient="row"))
    eng.register("p_rating_share", pl.DataFrame(
        [{"band": r["band"], "share": Decimal(str(r["share"]))} for r in rows("rating_share")],
        schema={"band": pl.String, "share": pl.Decimal(9, 4)}, orient="row"))
    eng.register("p_rating_band", pl.DataFrame(
        [{"band": r["band"], "min_score": Decimal(str(r["min_score"]))}
         for r in rows("rating_band")],
        schema={"band": pl.String, "min_score": pl.Decimal(9, 4)}, orient="row"))
    eng.register("p_sick_leave_si_max", pl.DataFrame(
        [{"min_si_years": Decimal(str(r["min_si_years"])), "days": int(r["days"])}
         for r in rows("sick_leave_si_max")],
        schema={"min_si_years": pl.Decimal(9, 4), "days": pl.Int32}, orient="row"))
    return preset


def _context(params: Params, regime: Regime, preset: str, lang: str) -> dict:
    it = regime.items
    trigger = it.get("sick_days_trigger")
    if trigger is None:
        first = min(r["from"] for r in params.spec("policy_decree154")["rows"])
        trigger = {r["item"]: r["value"] for r in params.rows("policy_decree154", first)}.get(
            "sick_days_trigger", 300)
    return {
        "regime_name": regime.name(lang),
        "er_max_years": _years(it.get("er_max_months", 120)),
        "sick_days_trigger": trigger,
        "preset": preset,
    }


def _years(months) -> str:
    return format((Decimal(str(months)) / 12).normalize(), "f")


def explain(codes, lang: str, ctx: dict) -> str:
    """Codes → one line of text in the run's language ("; "-separated)."""
    if codes is None:
        return ""
    if isinstance(codes, str):
        codes = [codes]
    i = 1 if lang == "en" else 0
    return "; ".join(MESSAGES[c][i].format(**ctx) if c in MESSAGES else c for c in codes)


def _texts(frame: pl.DataFrame, column: str, out: str, lang: str, ctx: dict) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(column).map_elements(lambda c: explain(c, lang, ctx), return_dtype=pl.String)
        .alias(out)
    )


def _codes(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """A list column of codes → comma-separated text (the workbook takes no lists)."""
    return frame.with_columns(pl.col(column).list.join(","))


def finish_payouts(frame: pl.DataFrame, regime: Regime, lang: str, ctx: dict) -> pl.DataFrame:
    """Reason and notes as text; unconfirmed rules marked."""
    flag = _t("unconfirmed", lang)
    out = _texts(frame, "reason_code", "reason", lang, ctx)
    out = _texts(out, "note_codes", "notes", lang, ctx)
    def described(codes: str) -> str:
        """ "A2:a2_gt5, B3:b3_public_employee" → each component with what its rule says."""
        parts = []
        for code in codes.split(", "):
            component, _, item = code.partition(":")
            text = regime.notes.get(item, item) if lang != "en" else item
            parts.append(f"{component}: {text}")
        return flag + "; ".join(parts)

    out = out.with_columns(
        pl.col("unconfirmed").alias("unconfirmed_codes"),
        pl.when(pl.col("unconfirmed") != "")
        .then(pl.col("unconfirmed").map_elements(described, return_dtype=pl.String))
        .otherwise(pl.lit(""))
        .alias("unconfirmed")
    )
    return _codes(out, "note_codes")


def run(eng: Engine, params: Params, as_of: dt.date, people_values: dict,
        policy: str | None = None, lang: str = "vi") -> Streamlining:
    """Candidates, payouts, deferred and per-unit proposals on an engine holding `people`,
    `staff` and `targets` (what analysis.analyze() has built)."""
    regime = select_regime(params, as_of, policy)
    run_payouts(eng, params, regime, as_of, people_values)
    preset = _scoring_tables(eng, params, as_of)
    ctx = _context(params, regime, preset, lang)
    it = regime.items
    share = {r["band"]: r["share"] for r in params.spec("rating_share")["rows"]}
    eng.run("deferred")
    _run(eng, "candidates",
         rating_rule=str(it.get("rating_rule", "d154")),
         sick_rule=str(it.get("sick_rule", "d154")),
         sick_days_trigger=int(ctx["sick_days_trigger"]),
         sick_zero_days=Decimal(str(_first_in_force(params, "scoring_sick_days_zero", as_of))),
         missing_share=Decimal(str(share.get("completed", "0.6"))),
         preset=preset)
    eng.run("payout_choice")
    _run(eng, "payouts", unconfirmed=regime.unconfirmed or [""])
    eng.run("proposals")

    candidates = _codes(_texts(eng.frame("candidates"), "reason_codes", "reasons", lang, ctx),
                        "reason_codes")
    payouts = finish_payouts(eng.frame("payouts"), regime, lang, ctx)
    deferred = _codes(_texts(eng.frame("deferred"), "reason_codes", "reason", lang, ctx),
                      "reason_codes")
    proposals = eng.frame("proposals")
    one_off = int(payouts["total"].sum()) if payouts.height else 0
    saving = int(payouts["annual_saving"].sum()) if payouts.height else 0
    figures = {
        "policy": regime.code + (f" ({_t('defaulted', lang)})" if regime.defaulted else ""),
        "policy_name": regime.name(lang),
        "proposed_total": str(int(candidates["proposed"].sum())),
        "proposed_toward_gap": str(int(candidates["counts_toward_gap"].sum())),
        "remaining_gap_total": str(int(proposals["remaining_gap"].sum())),
        "deferred_total": str(deferred.height),
        "one_off_cost": str(one_off),
        "annual_saving": str(saving),
        "payback_months": str(round(Decimal(one_off) * 12 / saving, 1)) if saving else "",
        "proposals_note": _t("review", lang),
    }
    tables = {"candidates": candidates, "payouts": payouts, "deferred": deferred,
              "targets": proposals}
    return Streamlining(regime, tables, figures)


def parameter_rows(regime: Regime, lang: str) -> list[dict]:
    """The run's regime as a Parameters row (name, label, value, valid_from, source, confirmed)."""
    return [{
        "name": "run.policy",
        "label": _t("policy_label", lang),
        "value": f"{regime.code} — {regime.name(lang)}",
        "valid_from": regime.row["in_force_from"],
        "source": (_t("defaulted", lang) if regime.defaulted else "--policy")
        + f"; {regime.row['source']}",
        "confirmed": not regime.defaulted,
    }]


def single_payout(params: Params, as_of: dt.date, person: dict, policy: str | None = None,
                  salary: int | None = None, months: int | None = None,
                  lang: str = "vi") -> tuple[Regime, dict]:
    """One person's payout from options (`streamline payout`), through the same SQL as analyze.

    `person` holds staff fields (coef, lead_coef, staff_type, sex, birth_date, route,
    leave_date, si_years, …); `salary` replaces S, `months` the months early.
    """
    regime, frame = payout_rows(params, as_of, [person], policy, salary, months, lang)
    return regime, frame.to_dicts()[0]


def payout_rows(params: Params, as_of: dt.date, persons: list[dict], policy: str | None = None,
                salary: int | None = None, months: int | None = None,
                lang: str = "vi") -> tuple[Regime, pl.DataFrame]:
    """Payouts for a list of people given as staff fields (person_id = position + 1), each on
    its `route` (default early retirement), outside any workbook."""
    from streamline.analysis import people_params
    from streamline.ingest.schema import UNIT_FIELDS, empty, staff_schema

    regime = select_regime(params, as_of, policy)
    schema = staff_schema()
    rows = []
    for i, person in enumerate(persons, start=1):
        row = {k: None for k in schema}
        row.update(person_id=i, birth_precision="day", employee_id=str(i))
        row.update({k: v for k, v in person.items() if k in schema})
        rows.append(row)
    staff = pl.DataFrame(rows, schema=schema, orient="row")
    eng = Engine(params, as_of)
    try:
        eng.register("staff", staff)
        eng.register("units", empty({k: t for k, (_, t) in UNIT_FIELDS.items()}))
        pp = people_params(params, as_of, as_of, int(params.value("base_salary", as_of)))
        eng.run("retirement", **pp)
        eng.run("people", **pp)
        run_payouts(eng, params, regime, as_of, pp, salary, months)
        eng.register("payout_choice", pl.DataFrame({
            "person_id": staff["person_id"],
            "route": staff["route"].fill_null("early_retirement"),
            "route_source": ["input"] * staff.height,
        }))
        _run(eng, "payouts", unconfirmed=regime.unconfirmed or [""])
        ctx = _context(params, regime, "-", lang)
        frame = finish_payouts(eng.frame("payouts"), regime, lang, ctx)
    finally:
        eng.close()
    return regime, frame.sort("person_id")


def with_policy_row(parameters: pl.DataFrame, regime: Regime, lang: str) -> pl.DataFrame:
    """The Parameters table with the run's regime first (after the run.* rows)."""
    row = pl.DataFrame(parameter_rows(regime, lang), schema=parameters.schema, orient="row")
    return pl.concat([row, parameters])


def with_figures(summary: pl.DataFrame, sl: Streamlining) -> pl.DataFrame:
    """The summary (key, value) with the streamlining figures appended."""
    extra = pl.DataFrame({"key": list(sl.figures), "value": list(sl.figures.values())},
                         schema=summary.schema)
    return pl.concat([summary, extra])
