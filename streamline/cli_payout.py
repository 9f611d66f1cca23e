"""`streamline payout`: one person's streamlining payout from command-line options.

    streamline payout --coef 4.65 --lead 0.6 --staff-type civil-servant --sex M \
        --birth 1966-01-20 --leave 2025-04-30 --si-years 22 --route early-retirement \
        --policy decree-178 --as-of 2025-03-01

Routes: early-retirement, quit, and Decree 154's training, transfer and commune-parttime
(`--allowance P`: the commune part-timer's monthly allowance, the base of that route).

Runs the same SQL as `analyze` (streamline.streamlining.single_payout) and prints each
component and the total. Only click is imported at module level, so `--help` stays instant.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import click

from streamline.cli_options import (
    BirthDay,
    Day,
    UserError,
    as_of_option,
    lang_option,
    params_option,
    policy_option,
    user_errors,
)

STAFF_TYPES = {"civil-servant": "civil_servant", "cadre": "cadre",
               "public-employee": "public_employee"}
ROUTES = {"early-retirement": "early_retirement", "quit": "quit", "training": "training",
          "transfer": "transfer", "commune-parttime": "commune_parttime"}
MONEY = ("s_salary", "s_leadership", "s_seniority", "s_prof_seniority", "s_profession_pref",
         "s_responsibility", "s_public_service", "s_party_union", "s_regional", "s_reserved",
         "s_excluded", "s_current", "s_avg", "a1", "a2", "a3", "b1", "b2", "b3", "total",
         "annual_saving")


def _decimal(value: str | None, option: str):
    if value is None:
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise UserError(option, "not_number", value=str(value)) from None


def _money_option(value: str | None, option: str) -> int | None:
    """A VND amount: digits with optional . , or space grouping (30.000.000, 30,000,000)."""
    if value is None:
        return None
    digits = str(value).replace(".", "").replace(",", "").replace(" ", "").replace("_", "")
    if not digits.isdigit():
        raise UserError(option, "not_money", value=str(value))
    return int(digits)


@click.command()
@click.option("--coef", help="Salary coefficient (hệ số lương), e.g. 4.65.")
@click.option("--lead", help="Leadership allowance coefficient, e.g. 0.6.")
@click.option("--tnvk", help="Seniority beyond the last step, percent (e.g. 5).")
@click.option("--prof-seniority", help="Professional seniority allowance, percent.")
@click.option("--pref", help="Preferential allowance by profession, percent.")
@click.option("--party", help="Party/union work allowance, percent.")
@click.option("--reserved", help="Reserved difference coefficient (hệ số chênh lệch bảo lưu).")
@click.option("--salary", "salary", help="Current salary S in VND, given directly (replaces "
              "the coefficients), e.g. 30000000.")
@click.option("--allowance", help="Monthly allowance P of a commune part-time worker in VND "
              "(Decree 154 Art. 9; --route commune-parttime), given directly like --salary.")
@click.option("--avg-salary", help="Average monthly salary of the last 60 months (Decree 29).")
@click.option("--staff-type", type=click.Choice(list(STAFF_TYPES)), default="civil-servant",
              show_default=True)
@click.option("--sex", type=click.Choice(["M", "F"]), help="Sex (retirement age differs).")
@click.option("--birth", type=BirthDay(), help="Birth date (a month mm/yyyy or a year alone: "
              "its first month, law.md §2).")
@click.option("--months-early", type=int, help="Months to retirement age at leaving, given "
              "directly (instead of --sex/--birth).")
@click.option("--leave", type=Day(), help="Leave date (default: end of "
              "the month after --as-of).")
@click.option("--si-years", help="Compulsory social-insurance years, e.g. 22 or 35.5.")
@click.option("--si-months", type=int, help="Compulsory social-insurance months.")
@click.option("--si-start", type=Day(), help="First month of compulsory "
              "social insurance (counted to the leave date, assuming no gaps).")
@click.option("--reorg-date", type=Day(), help="Effective date of the "
              "reorganisation decision (first 12 months are counted from it).")
@click.option("--first12/--later", "first12", default=None, help="Leaving within the first 12 "
              "months of the reorganisation, or later (default: assumed first 12 months).")
@click.option("--route", type=click.Choice(list(ROUTES)), default="early-retirement",
              show_default=True)
@policy_option
@as_of_option("Analysis date (default: today); picks the rules and the base salary in force.")
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (codes, not "
              "sentences).")
@params_option
def payout(coef, lead, tnvk, prof_seniority, pref, party, reserved, salary, allowance, avg_salary,
           staff_type, sex, birth, months_early, leave, si_years, si_months, si_start,
           reorg_date, first12, route, policy, as_of, lang, as_json, param_files):
    """One person's streamlining payout: each component and the total."""
    import datetime as dt

    precision = click.get_current_context().meta.get("birth_precision", "day")
    with user_errors(lang):
        regime, row = compute(
            coef=coef, lead=lead, tnvk=tnvk, prof_seniority=prof_seniority, pref=pref,
            party=party, reserved=reserved, salary=salary, allowance=allowance,
            avg_salary=avg_salary,
            staff_type=staff_type, sex=sex, birth=birth, months_early=months_early,
            leave=leave, si_years=si_years, si_months=si_months, si_start=si_start,
            reorg_date=reorg_date, first12=first12, route=route, policy=policy,
            as_of=as_of or dt.date.today(), param_files=tuple(param_files),
            birth_precision=precision,
        )
    if as_json:
        click.echo(json.dumps(row, default=str, ensure_ascii=False, indent=1))
        return
    render(regime, row, lang, year_only=birth.year if precision == "year" else None)


def compute(*, coef=None, lead=None, tnvk=None, prof_seniority=None, pref=None, party=None,
            reserved=None, salary=None, allowance=None, avg_salary=None,
            staff_type="civil-servant", sex=None,
            birth=None, months_early=None, leave=None, si_years=None, si_months=None,
            si_start=None, reorg_date=None, first12=None, route="early-retirement",
            policy=None, as_of=None, param_files=(), birth_precision="day"):
    """Options → (regime, payout row of codes and numbers). Raises UserError or InputError for
    a user's mistake."""
    from streamline.params import load_params
    from streamline.payout import single_payout

    s_given = _money_option(salary, "--salary")
    # A commune part-timer's allowance P is the base of that route (Decree 154 Art. 9): it
    # travels as the amount given directly (payout_154.sql reads it only on that route).
    p_given = _money_option(allowance, "--allowance")
    if p_given is not None and s_given is not None:
        raise UserError("--allowance", "allowance_with_salary")
    s_given = p_given if p_given is not None else s_given
    if s_given is None and coef is None:
        raise UserError("--coef", "need_coef")
    if months_early is None and (sex is None or birth is None):
        raise UserError("--birth", "need_birth")
    if si_years is None and si_months is None and si_start is None:
        raise UserError("--si-years", "need_si")
    person = {
        "coef": _decimal(coef, "--coef"),
        "lead_coef": _decimal(lead, "--lead"),
        "tnvk_pct": _decimal(tnvk, "--tnvk"),
        "prof_seniority_pct": _decimal(prof_seniority, "--prof-seniority"),
        "pref_pct": _decimal(pref, "--pref"),
        "party_pct": _decimal(party, "--party"),
        "reserved_coef": _decimal(reserved, "--reserved"),
        "avg_salary_60m": _money_option(avg_salary, "--avg-salary"),
        "staff_type": STAFF_TYPES[staff_type],
        "sex": sex,
        "birth_date": birth,
        "birth_precision": birth_precision,
        "leave_date": leave,
        "si_years": _decimal(si_years, "--si-years"),
        "si_months": si_months,
        "si_start": si_start,
        "reorg_date": reorg_date,
        "first12": first12,
        "route": ROUTES[route],
    }
    for key in ("coef", "si_years"):
        if person[key] is not None and person[key] < 0:
            raise UserError(f"--{key.replace('_', '-')}", "negative")
    params = load_params(param_files)
    return single_payout(params, as_of, person, policy, salary=s_given, months=months_early)


def render(regime, row: dict, lang: str = "vi", year_only: int | None = None) -> None:
    """The payout as a two-column table: each item in words, each amount 1.234.567;
    `year_only`: the birth year given alone (said: January is taken)."""
    import datetime as dt

    import polars as pl
    from rich.console import Console
    from rich.table import Table

    from streamline.analysis import facts
    from streamline.report import default_regime, i18n, with_text

    worded = with_text("payouts", pl.DataFrame([row]), lang, facts(regime)).row(0, named=True)

    def label(key: str) -> str:
        return i18n.label(f"payout.{key}", lang)

    table = Table(title=f"{label('title')} — {i18n.coded('regime', regime.code, lang)}")
    table.add_column(label("item"))
    table.add_column(label("amount"), justify="right", overflow="fold")

    def add(key: str, value=None, style: str | None = None, name: str | None = None):
        v = worded.get(key) if value is None else value
        if key in MONEY:
            text = "" if v is None else i18n.integer(v, lang)
        elif isinstance(v, bool):
            text = label("yes") if v else label("no")
        elif key == "retirement_month":
            text = i18n.month(v)
        elif isinstance(v, dt.date):
            text = i18n.date(v)
        else:
            text = "" if v is None else i18n.value(v, lang)
        table.add_row(name or label(key), text, style=style)

    add("regime", i18n.coded("regime", regime.code, lang)
        + (default_regime(regime.code, lang) if regime.defaulted else ""))
    add("route", label(row["route"]))
    for key in ("s_salary", "s_leadership", "s_seniority", "s_prof_seniority",
                "s_profession_pref", "s_responsibility", "s_public_service", "s_party_union",
                "s_regional", "s_reserved", "s_excluded"):
        if row.get(key):
            add(key)
    add("s_current", style="bold",  # P for a commune part-timer
        name=i18n.label(f"payout.s_current_{row['route']}", lang, label("s_current")))
    if "avg_months" in regime.items:
        add("s_avg")
    for key in ("leave_date", "retirement_month", "months_early", "years_early", "si_years"):
        add(key)
    if row["first12"] is not None:
        add("first12")
    parts = ("a1", "a2", "a3") if row["route"] == "early_retirement" else ("b1", "b2", "b3")
    for key in parts:  # what B1–B3 mean depends on the route (payout_154.sql)
        add(key, name=i18n.label(f"payout.{key}_{row['route']}", lang, label(key)))
    add("total", style="bold")
    if row["route"] == "early_retirement":
        add("pension_waiver")
    add("eligible")
    if worded.get("reason"):
        add("reason", style="red")
    if worded.get("notes"):
        add("notes")
    if year_only is not None:
        add("notes", i18n.message("issue.date_year_only", {"v": str(year_only)}, lang))
    if worded.get("unconfirmed"):
        add("unconfirmed", style="yellow")
    Console(width=max(Console().width, 100)).print(table)
