"""`streamline payout`: one person's streamlining payout from command-line options.

    streamline payout --coef 4.65 --lead 0.6 --staff-type civil-servant --sex M \
        --birth 1966-01-20 --leave 2025-04-30 --si-years 22 --route early-retirement \
        --policy decree-178 --as-of 2025-03-01

Runs the same SQL as `analyze` (streamline.streamlining.single_payout) and prints each
component and the total. Only click is imported at module level, so `--help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
STAFF_TYPES = {"civil-servant": "civil_servant", "cadre": "cadre",
               "public-employee": "public_employee"}
ROUTES = {"early-retirement": "early_retirement", "quit": "quit"}

# Row labels: key → (Vietnamese, English).
LABELS = {
    "title": ("Kinh phí tinh giản biên chế", "Streamlining payout"),
    "item": ("Khoản", "Item"),
    "amount": ("Giá trị", "Amount"),
    "regime": ("Chế độ", "Regime"),
    "route": ("Hình thức", "Route"),
    "early_retirement": ("Nghỉ hưu trước tuổi", "Early retirement"),
    "quit": ("Thôi việc", "Quitting"),
    "s_salary": ("  Lương theo ngạch, bậc", "  Grade salary"),
    "s_leadership": ("  Phụ cấp chức vụ", "  Leadership allowance"),
    "s_seniority": ("  Phụ cấp thâm niên vượt khung", "  Seniority beyond the last step"),
    "s_prof_seniority": ("  Phụ cấp thâm niên nghề", "  Professional seniority"),
    "s_profession_pref": ("  Phụ cấp ưu đãi nghề", "  Preferential by profession"),
    "s_responsibility": ("  Phụ cấp trách nhiệm", "  Responsibility allowance"),
    "s_public_service": ("  Phụ cấp công vụ", "  Public-service allowance"),
    "s_party_union": ("  Phụ cấp công tác Đảng, đoàn thể", "  Party/union allowance"),
    "s_regional": ("  Phụ cấp khu vực", "  Regional allowance"),
    "s_reserved": ("  Chênh lệch bảo lưu", "  Reserved difference"),
    "s_excluded": ("  (không tính vào S)", "  (not counted in S)"),
    "s_current": ("Tiền lương hiện hưởng S", "Current salary S"),
    "s_avg": ("Tiền lương bình quân 60 tháng", "Average salary, last 60 months"),
    "leave_date": ("Ngày nghỉ", "Leave date"),
    "retirement_month": ("Tháng đủ tuổi nghỉ hưu", "Retirement-age month"),
    "months_early": ("Số tháng còn lại đến tuổi nghỉ hưu", "Months to retirement age"),
    "years_early": ("Số năm (đã làm tròn)", "Years (rounded)"),
    "si_years": ("Số năm đóng BHXH (đã làm tròn)", "SI years (rounded)"),
    "first12": ("Trong 12 tháng đầu", "Within the first 12 months"),
    "a1": ("A1 — trợ cấp theo số tháng nghỉ sớm", "A1 — per month early"),
    "a2": ("A2 — trợ cấp theo số năm nghỉ sớm", "A2 — per year early"),
    "a3": ("A3 — trợ cấp theo số năm đóng BHXH", "A3 — for SI years"),
    "b1": ("B1 — trợ cấp theo số tháng đóng BHXH", "B1 — per SI month"),
    "b2": ("B2 — trợ cấp theo số năm đóng BHXH", "B2 — per SI year"),
    "b3": ("B3 — trợ cấp tìm việc làm", "B3 — job-search allowance"),
    "total": ("Tổng cộng", "Total"),
    "pension_waiver": ("Không bị trừ tỷ lệ lương hưu", "No pension reduction"),
    "annual_saving": ("Tiết kiệm hằng năm (lương + BH)", "Annual saving (salary + insurance)"),
    "payback_months": ("Số tháng hoàn vốn", "Payback (months)"),
    "eligible": ("Đủ điều kiện", "Eligible"),
    "reason": ("Lý do", "Reason"),
    "notes": ("Ghi chú", "Notes"),
    "unconfirmed": ("Quy định chưa xác nhận", "Unconfirmed rules"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "default": ("mặc định", "default"),
}
MONEY = ("s_salary", "s_leadership", "s_seniority", "s_prof_seniority", "s_profession_pref",
         "s_responsibility", "s_public_service", "s_party_union", "s_regional", "s_reserved",
         "s_excluded", "s_current", "s_avg", "a1", "a2", "a3", "b1", "b2", "b3", "total",
         "annual_saving")


def _l(key: str, lang: str) -> str:
    pair = LABELS[key]
    return pair[1] if lang == "en" else pair[0]


def money(n, lang: str = "vi") -> str:
    """15356250 → 15.356.250 (vi) or 15,356,250 (en)."""
    if n is None:
        return ""
    text = f"{int(n):,}"
    return text if lang == "en" else text.replace(",", ".")


def _decimal(value: str | None, option: str):
    from streamline.errors import InputError

    if value is None:
        return None
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise InputError(option, f"không phải số: {value!r}") from None


def _money_option(value: str | None, option: str) -> int | None:
    """A VND amount: digits with optional . , or space grouping (30.000.000, 30,000,000)."""
    from streamline.errors import InputError

    if value is None:
        return None
    digits = str(value).replace(".", "").replace(",", "").replace(" ", "").replace("_", "")
    if not digits.isdigit():
        raise InputError(option, f"không phải số tiền: {value!r}")
    return int(digits)


def _date(value):
    return value.date() if value else None


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
@click.option("--avg-salary", help="Average monthly salary of the last 60 months (Decree 29).")
@click.option("--staff-type", type=click.Choice(list(STAFF_TYPES)), default="civil-servant",
              show_default=True)
@click.option("--sex", type=click.Choice(["M", "F"]), help="Sex (retirement age differs).")
@click.option("--birth", type=click.DateTime(DATE_FORMATS), help="Birth date.")
@click.option("--months-early", type=int, help="Months to retirement age at leaving, given "
              "directly (instead of --sex/--birth).")
@click.option("--leave", type=click.DateTime(DATE_FORMATS), help="Leave date (default: end of "
              "the month after --as-of).")
@click.option("--si-years", help="Compulsory social-insurance years, e.g. 22 or 35.5.")
@click.option("--si-months", type=int, help="Compulsory social-insurance months.")
@click.option("--si-start", type=click.DateTime(DATE_FORMATS), help="First month of compulsory "
              "social insurance (counted to the leave date, assuming no gaps).")
@click.option("--reorg-date", type=click.DateTime(DATE_FORMATS), help="Effective date of the "
              "reorganisation decision (first 12 months are counted from it).")
@click.option("--first12/--later", "first12", default=None, help="Leaving within the first 12 "
              "months of the reorganisation, or later (default: assumed first 12 months).")
@click.option("--route", type=click.Choice(list(ROUTES)), default="early-retirement",
              show_default=True)
@click.option("--policy", type=click.Choice(["decree-29", "decree-178", "decree-154"]),
              help="Regime (default: the one for --as-of).")
@click.option("--as-of", type=click.DateTime(DATE_FORMATS), help="Analysis date (default: "
              "today); picks the rules and the base salary in force.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--params", "param_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Scenario parameter file(s) overlaid on the shipped ones.")
def payout(coef, lead, tnvk, prof_seniority, pref, party, reserved, salary, avg_salary,
           staff_type, sex, birth, months_early, leave, si_years, si_months, si_start,
           reorg_date, first12, route, policy, as_of, lang, as_json, param_files):
    """One person's streamlining payout: each component and the total."""
    from streamline.errors import InputError

    try:
        regime, row = compute(
            coef=coef, lead=lead, tnvk=tnvk, prof_seniority=prof_seniority, pref=pref,
            party=party, reserved=reserved, salary=salary, avg_salary=avg_salary,
            staff_type=staff_type, sex=sex, birth=_date(birth), months_early=months_early,
            leave=_date(leave), si_years=si_years, si_months=si_months,
            si_start=_date(si_start), reorg_date=_date(reorg_date), first12=first12,
            route=route, policy=policy, as_of=_date(as_of) or dt.date.today(), lang=lang,
            param_files=tuple(param_files),
        )
    except InputError as exc:
        click.echo(f"streamline: lỗi: {exc.where}: {exc.reason}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(row, default=str, ensure_ascii=False, indent=1))
        return
    render(regime, row, lang)


def compute(*, coef=None, lead=None, tnvk=None, prof_seniority=None, pref=None, party=None,
            reserved=None, salary=None, avg_salary=None, staff_type="civil-servant", sex=None,
            birth=None, months_early=None, leave=None, si_years=None, si_months=None,
            si_start=None, reorg_date=None, first12=None, route="early-retirement",
            policy=None, as_of=None, lang="vi", param_files=()):
    """Options → (regime, payout row). Raises InputError for a user's mistake."""
    from streamline.errors import InputError
    from streamline.params import load_params
    from streamline.streamlining import single_payout

    s_given = _money_option(salary, "--salary")
    if s_given is None and coef is None:
        raise InputError("--coef", "cần --coef (hệ số lương) hoặc --salary (tiền lương S)")
    if months_early is None and (sex is None or birth is None):
        raise InputError("--birth", "cần --sex và --birth, hoặc --months-early")
    if si_years is None and si_months is None and si_start is None:
        raise InputError("--si-years", "cần --si-years, --si-months hoặc --si-start")
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
            raise InputError(f"--{key.replace('_', '-')}", "không được âm")
    params = load_params(param_files)
    return single_payout(params, as_of, person, policy, salary=s_given, months=months_early,
                         lang=lang)


def render(regime, row: dict, lang: str = "vi") -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{_l('title', lang)} — {regime.name(lang)}")
    table.add_column(_l("item", lang))
    table.add_column(_l("amount", lang), justify="right", overflow="fold")
    yes, no = _l("yes", lang), _l("no", lang)

    def add(key: str, value=None, style: str | None = None):
        v = row.get(key) if value is None else value
        if key in MONEY:
            text = money(v, lang)
        elif isinstance(v, bool):
            text = yes if v else no
        elif isinstance(v, dt.date):
            text = v.strftime("%d/%m/%Y")
        else:
            text = "" if v is None else str(v)
        table.add_row(_l(key, lang), text, style=style)

    add("regime", regime.code + (f" ({_l('default', lang)})" if regime.defaulted else ""))
    add("route", _l(row["route"], lang))
    for key in ("s_salary", "s_leadership", "s_seniority", "s_prof_seniority",
                "s_profession_pref", "s_responsibility", "s_public_service", "s_party_union",
                "s_regional", "s_reserved", "s_excluded"):
        if row.get(key):
            add(key)
    add("s_current", style="bold")
    if row["regime"] == "decree-29":
        add("s_avg")
    for key in ("leave_date", "retirement_month", "months_early", "years_early", "si_years"):
        add(key)
    if row["regime"] == "decree-178":
        add("first12")
    parts = ("a1", "a2", "a3") if row["route"] == "early_retirement" else ("b1", "b2", "b3")
    for key in parts:
        add(key)
    add("total", style="bold")
    if row["route"] == "early_retirement":
        add("pension_waiver")
    add("eligible")
    if row.get("reason"):
        add("reason", style="red")
    if row.get("notes"):
        add("notes")
    if row.get("unconfirmed"):
        add("unconfirmed", style="yellow")
    Console(width=max(Console().width, 100)).print(table)
