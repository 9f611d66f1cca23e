"""Outputs rendered from an AnalysisResult: Excel workbook, HTML report, console summary.

Helpers shared by the renderers live here: safe file replacement, VND formatting, and turning
a result table's codes into the labels a reader sees.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import polars as pl

from streamline.errors import InputError
from streamline.report import i18n

# Columns holding codes, and the catalogue kind that labels them.
CODED_COLUMNS = {
    "staff_type": "staff_type",
    "sex": "sex",
    "severity": "severity",
    "category": "category",
    "role": "role",
    "route": "route",
    "check_code": "check",
    "rating_1": "rating",
    "rating_2": "rating",
    "rating_3": "rating",
    "funding": "funding",
    "funding_source": "funding_source",
    "contract_type": "contract_type",
    "scale": "scale",
    "birth_precision": "precision",
    "unit_kind": "unit_kind",
    "route_source": "source",
    "score_source": "source",
    "first12_source": "source",
    "s_basis": "source",
    "regime": "regime",
    "scenario_id": "scenario",
    "field": "col",
    "suggestion": "col",
    "evidence": "evidence",
    "pattern": "pattern",
    "status": "file_status",
    "title": "title_group",  # only masked titles are codes; real titles match no entry
}
# Codes kept for machines (the --tables files); sheets and pages show their words instead.
CODE_ONLY = {
    "issues": ("code", "args"),
    "candidates": ("reason_codes",),
    "payouts": ("reason_code", "note_codes", "unconfirmed_codes"),
    "deferred": ("reason_codes",),
    "mapping": ("note_arg",),
    "files": ("error", "error_args"),
    "parameters": ("label_vi", "label_en", "defaulted"),
}
# The key figures of the one-row `summary` table, in reading order.
SUMMARY_KEYS = (
    "rows_read", "people", "non_person_rows", "not_analysed", "warnings", "in_scope",
    "out_of_scope", "target_total", "retiring_total", "retiring_counted_total", "gap_total",
    "monthly_fund", "yearly_fund", "yearly_total", "yearly_total_newest", "yearly_difference",
    "base_salary", "newest_base_salary", "policy", "proposed_total", "proposed_toward_gap",
    "remaining_gap_total", "deferred_total", "one_off_cost", "annual_saving", "payback_months",
    "as_of", "horizon", "rate",
)
# What a run could not compute (summary.not_computed codes, in the order worded): the count of
# people left out, and the key figures that leave them out — NULL when nobody could be computed.
NOT_COMPUTED = {
    "scope_no_staff_type": ("people_without_scope", (
        "in_scope", "out_of_scope", "target_total", "retiring_total", "retiring_counted_total",
        "gap_total", "remaining_gap_total")),
    "salary_no_coef": ("people_without_salary", (
        "monthly_fund", "yearly_fund", "yearly_total", "yearly_total_newest",
        "yearly_difference")),
    "retirement_no_birth_date": ("people_without_retirement", (
        "retiring_total", "retiring_counted_total", "gap_total", "remaining_gap_total")),
}

# Tables shown with a total line (workbook and HTML): the label column and the summed columns.
TOTALS = {
    "targets": (
        "unit",
        (
            "baseline",
            "target",
            "target_rounded_up",
            "retiring_by_horizon",
            "past_retirement",
            "retiring_counted",
            "gap",
            "proposed",
            "proposed_toward_gap",
            "remaining_gap",
            "people_without_scope",
            "people_without_retirement",
            "one_off_cost",
            "one_off_cost_known",
            "payouts_unknown",
            "annual_saving",
        ),
    ),
    "fund": (
        "unit",
        (
            "headcount",
            "people_without_salary",
            "monthly_fund",
            "bonus_fund",
            "yearly_fund",
            "employer_contrib",
            "yearly_employer_contrib",
            "yearly_union_fee",
            "yearly_total",
            "monthly_fund_newest",
            "yearly_total_newest",
            "yearly_difference",
        ),
    ),
    "payouts": ("full_name", ("a1", "a2", "a3", "b1", "b2", "b3", "total", "annual_saving")),
}


# Tables whose sums leave out people counted beside them: (headcount column, column counting
# the people left out). A row where everyone is left out has no sums (NULL, not 0) and adds
# nothing known to the total line, whose count column says who is missing — as the row with
# some people left out does (fund.sql).
LEFT_OUT = {"fund": ("headcount", "people_without_salary")}

# Tables with a row per unit (× position, category, staff type, scenario). A province's files
# hold a few hundred to two thousand units; past UNIT_DETAIL_MAX (a ministry, the nation) such
# a table runs to hundreds of thousands of rows nobody reads in a workbook or a page, and
# writing them was most of a national run's output time. The workbook and the page then
# aggregate: they show the unit tree (the rollup table, every level summed) down to the depth
# that fits, and the unit tables stay whole in --tables, as does the staff list (500,000
# people were 21 M cells, most of a run's time).
UNIT_TABLES = ("positions", "positions_by_category", "targets", "fund", "fund_by_scenario")
UNIT_DETAIL_MAX = 5_000


def unit_count(result) -> int:
    targets = result.tables.get("targets")
    return 0 if targets is None else targets.height


def shows_units(result) -> bool:
    """Whether the workbook and the page list the units one by one (see UNIT_DETAIL_MAX)."""
    return unit_count(result) <= UNIT_DETAIL_MAX


def tree_that_fits(rollup: pl.DataFrame) -> pl.DataFrame:
    """The unit tree's top levels: as many as keep it within UNIT_DETAIL_MAX nodes (the root
    alone at least)."""
    per_level = rollup["level"].value_counts().sort("level")
    depth = per_level.filter(pl.col("count").cum_sum() <= UNIT_DETAIL_MAX)["level"].max()
    return rollup.filter(pl.col("level") <= (depth or rollup["level"].min()))


def table_file(result, name: str) -> str:
    """Where a result table is to be found, as a reader is told: the file written, or the
    option that writes it."""
    if result.tables_dir:
        return f"{result.tables_dir}/{name}.{result.tables_format}"
    return f"{name}.{result.tables_format} (--tables)"


def tables_note(result, name: str, key: str, lang: str, **extra) -> str:
    """The sentence that sends a reader from the workbook or the page to a table's file (`key`:
    report.in_tables, units_in_tables, people_in_tables, truncated)."""
    return i18n.label(key, lang).format(
        sheet=i18n.sheet(name, lang), height=i18n.integer(result.tables[name].height, lang),
        table=table_file(result, name), units=i18n.integer(unit_count(result), lang),
        tree=i18n.sheet("rollup", lang), **extra)


def with_total(name: str, frame: pl.DataFrame, lang: str) -> tuple[pl.DataFrame, bool]:
    """The table plus its "Tổng cộng" line, when it has one; True if a line was added."""
    spec = TOTALS.get(name)
    if spec is None or frame.is_empty() or spec[0] not in frame.columns:
        return frame, False
    label_col, summed = spec
    row = {label_col: i18n.label("report.total", lang)}
    known = frame
    if name in LEFT_OUT and set(LEFT_OUT[name]) <= set(frame.columns):
        heads, left_out = LEFT_OUT[name]
        known = frame.filter(pl.col(heads) != pl.col(left_out))
    # A column with an unknown value has an unknown total (never a partial sum), and so has
    # one that nothing known adds to (never 0).
    row |= {c: frame[c].sum() if c in LEFT_OUT.get(name, ()) else
            None if known[c].null_count() or known.is_empty() else known[c].sum()
            for c in summed if c in frame.columns}
    total = pl.DataFrame([row]).cast({c: frame.schema[c] for c in row})
    return pl.concat([frame, total], how="diagonal_relaxed"), True


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def atomic_write(
    path: str | os.PathLike,
    write_fn: Callable[[Path], object],
    inputs: list[str] | tuple[str, ...] = (),
) -> Path:
    """Call `write_fn(tmp)` on a temporary file beside `path`, then rename it over `path`.

    A crash or Ctrl-C mid-write leaves the previous output intact instead of a half-written
    workbook, and an output path that names one of the inputs is refused: HR officers often
    write next to their only copy of the staff list.
    """
    target = Path(path)
    for source in inputs:
        if _same_file(target, Path(source)):
            raise InputError(str(target), "output_is_input")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        write_fn(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def format_vnd(n: int | float | Decimal | None) -> str:
    """1234567 → "1.234.567": the grouping Vietnamese readers expect, whatever the locale."""
    if n is None:
        return ""
    return i18n.integer(n, "vi")


def left_out(result, key: str | None, lang: str) -> list[str]:
    """"3 người thiếu hệ số lương", … : the people a key figure leaves out (all figures when
    `key` is None), in words."""
    codes = (result.figure("not_computed") or "").split(",")
    return [i18n.message(f"not_computed.{code}", {"n": result.figure(count)}, lang)
            for code, (count, keys) in NOT_COMPUTED.items()
            if code in codes and (key is None or key in keys)]


def incomplete_sentence(result, lang: str) -> str | None:
    """"Kết quả chưa đầy đủ: 3 người thiếu hệ số lương; …": the one sentence every output
    leads with when the run could not compute everything (None when it could)."""
    if not result.figure("incomplete"):
        return None
    return i18n.message("report.incomplete", {"what": "; ".join(left_out(result, None, lang))},
                        lang)


def default_regime(code: str, lang: str) -> str:
    """What follows a regime chosen by default: "(default)", or what that default assumes of
    the case (Decree 178 in 2025 takes every leaver for a reorganisation case)."""
    plain = i18n.label("report.default", lang)
    return f" ({i18n.label(f'report.default_regime_{code}', lang, plain)})"


def figure_text(result, key: str, lang: str) -> str:
    """A key figure as a reader expects it: 1.234.567, 31/12/2030 (mặc định), 20 %, the
    regime's name; "chưa tính" when none of its people could be computed, "… (chưa đủ: 3 người
    thiếu hệ số lương)" when some could not; "" when the run has no such figure."""
    value = result.figure(key)
    missing = left_out(result, key, lang)
    if value is None and missing:
        return i18n.label("report.not_computed", lang)
    if missing:
        return i18n.message("report.figure_incomplete", {
            "value": i18n.value(value, lang), "what": "; ".join(missing)}, lang)
    if value is None and key != "one_off_cost":
        return ""
    if key == "rate":
        return i18n.percent(value, lang)
    if key == "policy":
        text = i18n.coded("regime", value, lang)
        return text + (default_regime(value, lang) if result.figure("policy_defaulted") else "")
    if key == "one_off_cost" and result.figure("payouts_unknown"):
        return i18n.message("report.cost_partial", {
            "unknown": result.figure("payouts_unknown"),
            "proposed": result.figure("proposed_total"),
            "known": result.figure("one_off_cost_known")}, lang)
    if key == "horizon":
        return i18n.date(value) + (f" ({i18n.label('report.default', lang)})"
                                   if result.figure("horizon_defaulted") else "")
    return i18n.value(value, lang)


def summary_items(result, lang: str) -> list[tuple[str, str, object]]:
    """(key, label, value) of each key figure the run has: a whole number stays a number (the
    workbook writes it as one); anything else is its text. An incomplete run leads with its
    sentence, and the figures it leaves people out of say so in words."""
    items = []
    if sentence := incomplete_sentence(result, lang):
        items.append(("incomplete", i18n.label("summary.incomplete", lang), sentence))
    for key in SUMMARY_KEYS:
        value = result.figure(key)
        if value is None and key in ("payback_months",):
            continue
        whole = isinstance(value, int) and not isinstance(value, bool)
        shown = value if whole and not left_out(result, key, lang) else (
            figure_text(result, key, lang))
        items.append((key, i18n.label(f"summary.{key}", lang, key), shown))
    return items


def coverage_sentence(result, lang: str) -> str | None:
    """"Target 23 = 15 natural retirements + 7 proposals on legal grounds + 1 not coverable by
    current grounds": how the one target is covered, in one line."""
    keys = ("target_total", "retiring_counted_total", "proposed_toward_gap",
            "remaining_gap_total")
    values = {k: result.figure(k) for k in keys}
    if any(v is None for v in values.values()):
        return None
    return i18n.message("report.coverage", values, lang)


def run_dates(result, lang: str) -> tuple[str, str]:
    """As-of date and horizon as shown; the horizon says when it is the default."""
    horizon = figure_text(result, "horizon", lang) or i18n.date(result.horizon)
    return i18n.date(result.as_of), horizon


def unconfirmed_count(result) -> int:
    """Parameters in force whose legal basis is not confirmed: every output must say so."""
    params = result.tables.get("parameters")
    if params is None or "confirmed" not in params.columns:
        return 0
    return params.filter(pl.col("confirmed").not_()).height


def _issue_text(code: str, args: str | None, lang: str) -> str:
    """An issue row in words; a file that could not be read quotes the error's own words."""
    text = i18n.message(f"issue.{code}", args, lang)
    if code == "file_unreadable" and args:
        error = json.loads(args)
        text += ": " + i18n.message(f"error.{error.pop('error')}", error, lang)
    return text


def _reasons(codes: str | None, lang: str, facts: dict) -> str | None:
    """"surplus,er_eligible" → the reasons in words, "; "-separated."""
    if codes is None:
        return None
    return "; ".join(i18n.message(f"reason.{c}", facts, lang) for c in codes.split(",") if c)


def _unconfirmed(codes: str | None, lang: str, facts: dict) -> str | None:
    """"A2:a2_gt5, B3:b3_public_employee" → each component with what its rule says (the
    pack's note, or its note_en in English)."""
    if not codes:
        return ""
    notes = facts.get("rule_notes_en" if lang == "en" else "rule_notes", {})
    parts = []
    for code in codes.split(", "):
        component, _, item = code.partition(":")
        parts.append(f"{component}: {notes.get(item, item)}")
    return i18n.label("text.unconfirmed", lang) + "; ".join(parts)


_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def _number_text(text: str, lang: str) -> str:
    """A number as the parameter files write it ("1234567", "0.20") in the page's format,
    its decimals kept as written: 1.234.567 and 0,20 in Vietnamese."""
    whole, _, frac = text.partition(".")
    head = i18n.integer(int(whole), lang)
    if whole.startswith("-") and head[0] != "-":  # "-0.5"
        head = "-" + head
    return head + (("." if lang == "en" else ",") + frac if frac else "")


def parameter_value(text: object, lang: str) -> object:
    """A parameter's value in the page's formats: numbers, dates, lists of numbers and the
    "key=value; …" records; identifiers (A3.1, 01.003, decree-154) are left as they are."""
    if not isinstance(text, str):
        return text

    def one(v: str) -> str:
        if _NUMBER.fullmatch(v):
            return _number_text(v, lang)
        if i18n._ISO_DATE.fullmatch(v):
            return i18n.value(v, lang)
        items = v.split(",")
        if len(items) > 1 and all(_NUMBER.fullmatch(i) for i in items):
            return ("; " if lang != "en" else ", ").join(_number_text(i, lang) for i in items)
        return v

    parts = []
    for part in text.split("; "):
        key, eq, v = part.partition("=")
        # A year is a name, not an amount: 2021, never 2.021.
        parts.append((f"{key}={v}" if key.endswith("year") else f"{key}={one(v)}") if eq
                     else one(part))
    return "; ".join(parts)


def _texts(lang: str, facts: dict) -> dict[str, list[tuple[str, tuple[str, ...], Callable]]]:
    """Per table: (column made, columns it is made from, how) — the sentences of each table."""
    default = f" ({i18n.label('report.default', lang)})"
    side = "label_en" if lang == "en" else "label_vi"

    def reasons(codes):
        return _reasons(codes, lang, facts)

    return {
        "issues": [("message", ("code", "args"), lambda c, a: _issue_text(c, a, lang))],
        "files": [("reason", ("error", "error_args"),
                   lambda e, a: i18n.message(f"error.{e}", a, lang) if e else None)],
        "org_checks": [("message", ("check_code", "unit", "actual", "limit_value", "due"),
                        lambda c, u, a, lim, d: i18n.message(
                            f"issue.org_{c}", {"unit": u, "actual": a, "limit": lim, "due": d},
                            lang))],
        "candidates": [("reasons", ("reason_codes",), reasons)],
        "deferred": [("reason", ("reason_codes",), reasons)],
        "payouts": [("reason", ("reason_code",), reasons),
                    ("notes", ("note_codes",), reasons),
                    ("unconfirmed", ("unconfirmed_codes",),
                     lambda c: _unconfirmed(c, lang, facts))],
        "mapping": [("note", ("note", "note_arg"),
                     lambda n, a: i18n.message(f"mapping_note.{n}", {"v": a}, lang)
                     if n else None)],
        "parameters": [("label", ("name", side),
                        lambda n, lab: lab or i18n.label(f"param.{n}", lang, n)),
                       ("value", ("name", "value"),
                        lambda n, v: i18n.coded("regime", v, lang) if n == "run.policy"
                        else parameter_value(v, lang)),
                       ("source", ("source", "defaulted"),
                        lambda s, d: s + default if d else s)],
    }


def with_text(name: str, frame: pl.DataFrame, lang: str, facts: dict | None = None
              ) -> pl.DataFrame:
    """The table with its codes worded: issue messages, reasons, notes, labels. The result
    tables hold only the codes; this is the one place that turns them into sentences. A
    table without the code columns (an aggregate, say) is returned as it is."""
    made = []
    for out, sources, fn in _texts(lang, facts or {}).get(name, []):
        if all(c in frame.columns for c in sources):
            # Worded once per distinct combination (codes repeat on most rows), then looked up.
            worded = {row: fn(*row) for row in frame.select(sources).unique().iter_rows()}
            values = list(map(worded.__getitem__,
                              zip(*(frame[c] for c in sources), strict=True)))
            made.append(pl.Series(out, values, dtype=pl.String))
    if not made:
        return frame
    frame = frame.with_columns(made)
    if name == "parameters":  # the label next to the name
        return frame.select("name", "label", pl.exclude("name", "label"))
    return frame


def localize(name: str, frame: pl.DataFrame, lang: str, facts: dict | None = None
             ) -> pl.DataFrame:
    """What a reader sees of a result table: codes worded (with_text), coded values labelled
    (staff type, sex, ratings, routes …), booleans as Có/Không, machine-only code columns left
    out. Labels are replaced on whole columns, so the 100,000-row staff table costs
    milliseconds."""
    frame = with_text(name, frame, lang, facts)
    frame = frame.drop([c for c in CODE_ONLY.get(name, ()) if c in frame.columns])
    exprs = []
    for col, dtype in frame.schema.items():
        if col in CODED_COLUMNS and dtype == pl.String:
            mapping = i18n.codes(CODED_COLUMNS[col], lang)
            exprs.append(pl.col(col).replace(mapping))
        elif dtype == pl.Boolean:
            kind = "confirmed" if col == "confirmed" else "bool"
            exprs.append(
                pl.when(pl.col(col))
                .then(pl.lit(i18n.label(f"{kind}.true", lang)))
                .when(pl.col(col).not_())
                .then(pl.lit(i18n.label(f"{kind}.false", lang)))
                .alias(col)
            )
    return frame.with_columns(exprs) if exprs else frame
