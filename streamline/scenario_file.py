"""Scenarios for `streamline project`: read, validated, and a template to fill in.

A scenario is the parameter overlay `--params` reads plus a `[scenario]` table (name, label,
step_increases, replacement_rate, reduction = { rate, by, mode }, salary_table = a CSV/xlsx of
monthly amounts by grade code or position from a date), or the same as an Excel
sheet "Kịch bản" with the columns Tên tham số | Giá trị | Ngày hiệu lực, or one line
`--base DATE=AMOUNT`. Every mistake is an InputError naming the file and line (or Excel row),
so the CLI shows one line and exits 2.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import polars as pl

from streamline.errors import InputError
from streamline.params import SCENARIO_SECTION, Params, load_params, with_overlay

SHEET = "Kịch bản"
HEADERS = ("Tên tham số", "Giá trị", "Ngày hiệu lực")
MODES = ("proposals", "even")
SCENARIO_KEYS = ("name", "label", "step_increases", "replacement_rate", "reduction",
                 "salary_table")
# The columns of a salary table (law.md §5: the reform's amounts by grade or post), with the
# Vietnamese headers a modeller may write instead.
TABLE_COLUMNS = {"grade_code": "grade_code", "mã ngạch": "grade_code", "position": "position",
                 "vị trí": "position", "amount": "amount", "mức lương": "amount",
                 "from": "from", "từ ngày": "from"}
TABLE_SCHEMA = {"grade_code": pl.String, "position": pl.String, "amount": pl.Int64,
                "valid_from": pl.Date}
REDUCTION_KEYS = ("rate", "by", "mode")
CURRENT_LAW = "current_law"
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")
_VND = re.compile(r"\d{1,3}(?:\.\d{3})+")


@dataclass(frozen=True)
class Reduction:
    rate: Decimal
    by: dt.date
    mode: str


@dataclass(frozen=True)
class Scenario:
    """One column of the comparison: its parameters and its staffing assumptions."""

    name: str
    label: str | None = None
    params: Params | None = field(default=None, compare=False, repr=False)
    step_increases: bool = True
    replacement_rate: Decimal = Decimal(0)
    reduction: Reduction | None = None
    source: str | None = None  # the file (or option) it came from, shown in the outputs
    # Monthly amounts by grade code or position from a date (TABLE_SCHEMA), and its file.
    salary_table: pl.DataFrame | None = field(default=None, compare=False, repr=False)
    salary_table_source: str | None = None


def current_law(params: Params | None = None) -> Scenario:
    """The scenario run when none is given: the shipped rules, nobody replaced or reduced."""
    return Scenario(CURRENT_LAW, None, params or load_params())


def read_scenario(path: Path | str) -> Scenario:
    """A scenario from a .toml file or the "Kịch bản" sheet of an .xlsx file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "param_file_missing")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_sheet(path)
    text = path.read_text(encoding="utf-8")
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), "bad_param_file", detail=str(exc)) from exc
    table = doc.get(SCENARIO_SECTION, {})
    params = load_params([path])  # the overlay, checked with file and line

    def where(key: str) -> str:
        for n, line in enumerate(text.splitlines(), start=1):
            if re.match(rf"\s*{re.escape(key)}\s*=", line):
                return f"{path}:{n}"
        return str(path)

    return _scenario(table, params, str(path), where, path.stem, path.parent)


def base_scenario(text: str, params: Params | None = None) -> Scenario:
    """`--base 2027-07-01=2800000`: the base salary from a date, nothing else changed."""
    day, sep, amount = text.partition("=")
    try:
        on = dt.date.fromisoformat(day.strip())
    except ValueError:
        raise InputError("--base", "bad_date", value=day.strip()) from None
    value = _amount(amount.strip()) if sep else None
    if value is None or value <= 0:
        raise InputError("--base", "not_money", value=amount.strip())
    doc = {"base_salary": {"values": [
        {"from": on, "value": value, "source": f"--base {text}", "confirmed": False}]}}
    merged = with_overlay(params or load_params(), doc, "--base")
    return Scenario(f"base_{on.isoformat()}", None, merged, source=f"--base {text}")


def _amount(text: str) -> int | None:
    """Whole đồng from 2800000, "2.800.000" or "2,800,000"; None when it is not one."""
    t = text.replace(" ", "")
    if _VND.fullmatch(t) or re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):
        return int(re.sub(r"[.,]", "", t))
    return int(t) if t.isdigit() else None


def _scenario(table: dict, params: Params, origin: str, where, stem: str,
              folder: Path) -> Scenario:
    """Validate the [scenario] table (or the sheet's scenario.* rows)."""
    if not isinstance(table, dict):
        raise InputError(origin, "scenario_bad_value", key=SCENARIO_SECTION, value=str(table))
    for key in table:
        if key not in SCENARIO_KEYS:
            raise InputError(where(key), "scenario_unknown_key", key=key)
    name = table.get("name", stem)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InputError(where("name"), "scenario_bad_name", value=str(name))
    label = table.get("label")
    if label is not None and not isinstance(label, str):
        raise InputError(where("label"), "scenario_bad_value", key="label", value=str(label))
    steps = table.get("step_increases", True)
    if not isinstance(steps, bool):
        raise InputError(where("step_increases"), "scenario_bad_value", key="step_increases",
                         value=str(steps))
    rate = _share(table.get("replacement_rate", 0), where("replacement_rate"),
                  "replacement_rate", allow_zero=True)
    reduction = None
    if "reduction" in table:
        red = table["reduction"]
        if not isinstance(red, dict):
            raise InputError(where("reduction"), "scenario_bad_value", key="reduction",
                             value=str(red))
        for key in red:
            if key not in REDUCTION_KEYS:
                raise InputError(where("reduction"), "scenario_unknown_key",
                                 key=f"reduction.{key}")
        by, mode = red.get("by"), red.get("mode", "proposals")
        if not isinstance(by, dt.date) or isinstance(by, dt.datetime):
            raise InputError(where("reduction"), "scenario_bad_value", key="reduction.by",
                             value=str(by))
        if mode not in MODES:
            raise InputError(where("reduction"), "scenario_bad_mode", value=str(mode))
        reduction = Reduction(_share(red.get("rate"), where("reduction"), "reduction.rate"),
                              by, mode)
    salary_table, table_source = None, None
    if "salary_table" in table:
        named = table["salary_table"]
        if not isinstance(named, str) or not named.strip():
            raise InputError(where("salary_table"), "scenario_bad_value", key="salary_table",
                             value=str(named))
        table_path = folder / named.strip()
        if not table_path.is_file():
            raise InputError(where("salary_table"), "param_file_missing")
        salary_table, table_source = read_salary_table(table_path), str(table_path)
    return Scenario(name, label, params, steps, rate, reduction, origin, salary_table,
                    table_source)


def read_salary_table(path: Path) -> pl.DataFrame:
    """A salary table (.csv or .xlsx, first sheet): one row per grade code or position with
    its monthly amount in whole đồng ("8.500.000" reads as 8,500,000) and the date it is paid
    from. Errors name the file and line."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file it cannot open
            raise InputError(str(path), "unreadable", detail=type(exc).__name__) from None
        rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    else:
        import csv

        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    if not rows:
        raise InputError(str(path), "salary_table_columns", columns="")
    heads = [str(h).strip() if h is not None else "" for h in rows[0]]
    fields = []
    for head in heads:
        if head.lower() not in TABLE_COLUMNS:
            raise InputError(f"{path}:1", "salary_table_column", column=head)
        fields.append(TABLE_COLUMNS[head.lower()])
    if "amount" not in fields or "from" not in fields or not (
            {"grade_code", "position"} & set(fields)):
        raise InputError(f"{path}:1", "salary_table_columns", columns=", ".join(heads))
    out = []
    for n, row in enumerate(rows[1:], start=2):
        cells = dict(zip(fields, [*row, *[None] * len(fields)], strict=False))
        if all(c is None or str(c).strip() == "" for c in cells.values()):
            continue
        where = f"{path}:{n}"
        grade = _text(cells.get("grade_code"))
        post = _text(cells.get("position"))
        if (grade is None) == (post is None):
            raise InputError(where, "salary_table_key")
        amount = cells["amount"]
        value = _cell_amount(amount)
        if value is None or value <= 0:
            raise InputError(where, "not_money", value="" if amount is None else str(amount))
        out.append({"grade_code": grade, "position": post, "amount": value,
                    "valid_from": _day(cells["from"], where)})
    frame = pl.DataFrame(out, schema=TABLE_SCHEMA, orient="row")
    twice = frame.filter(pl.struct("grade_code", "position", "valid_from").is_duplicated())
    if twice.height:
        raise InputError(str(path), "salary_table_twice",
                         key=twice["grade_code"][0] or twice["position"][0],
                         day=twice["valid_from"][0].isoformat())
    return frame


def _cell_amount(value) -> int | None:
    """Whole đồng from a number cell or text like "8.500.000"; None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    return _amount(str(value).strip())


def _text(value) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _day(value, where: str) -> dt.date:
    """A date cell or text: 2027-07-01 or 01/07/2027."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = "" if value is None else str(value).strip()
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            pass
    raise InputError(where, "bad_date", value=text)


def _share(value, where: str, key: str, allow_zero: bool = False) -> Decimal:
    """A share between 0 and 1 (0.2, "20%", "0,2")."""
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        text = str(value).strip()
        share = Decimal(text.rstrip("%").replace(",", "."))
        share = share / 100 if text.endswith("%") else share
    except InvalidOperation:
        raise InputError(where, "scenario_bad_share", key=key, value=str(value)) from None
    if not (0 <= share <= 1) or (share == 0 and not allow_zero):
        raise InputError(where, "scenario_bad_share", key=key, value=str(value))
    return share


def _read_sheet(path: Path) -> Scenario:
    """The "Kịch bản" sheet: scenario.* rows set the scenario; any other row names a series
    parameter with its value and the date it takes effect (Excel row numbers in errors)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file it cannot open
        raise InputError(str(path), "unreadable", detail=type(exc).__name__) from None
    if SHEET not in wb.sheetnames:
        raise InputError(str(path), "scenario_no_sheet", sheet=SHEET)
    table: dict = {}
    rows: dict[str, int] = {}
    entries: dict[str, list] = {}
    base = load_params()
    for n, row in enumerate(wb[SHEET].iter_rows(values_only=True), start=1):
        cells = [*row, None, None, None][:3]
        key = str(cells[0]).strip() if cells[0] is not None else ""
        if n == 1 or not key:
            continue
        where = f"{path}:{n}"
        value, day = cells[1], cells[2]
        if key.startswith(SCENARIO_SECTION + "."):
            if value is None or value == "":
                continue  # left empty: the default
            *parents, leaf = key.split(".")[1:]
            target = table
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = _sheet_value(value, leaf)
            rows[key.split(".")[1]] = n
            continue
        if key not in base.tree or base.tree[key]["kind"] != "series":
            raise InputError(where, "param_unknown", name=key)
        if isinstance(day, dt.datetime):
            day = day.date()
        if not isinstance(day, dt.date):
            raise InputError(where, "bad_date", value="" if day is None else str(day))
        shipped = base.in_force(key, day).get(None)
        got = _sheet_number(value)
        if got is not None and got == got.to_integral():
            got = int(got)  # whole đồng stay integers, as in the shipped files
        if got is None:
            raise InputError(where, "not_number", value="" if value is None else str(value))
        if shipped is not None and shipped["from"] == day and Decimal(str(shipped["value"])) == got:
            continue  # the template's own row, unchanged
        entries.setdefault(key, []).append(
            {"from": day, "value": got, "source": f"{path.name}:{n}", "confirmed": False})
    params = with_overlay(base, {k: {"values": v} for k, v in entries.items()}, str(path))

    def where(key: str) -> str:
        return f"{path}:{rows[key]}" if key in rows else str(path)

    return _scenario(table, params, str(path), where, path.stem, path.parent)


def _sheet_value(value, leaf: str):
    """A cell of a scenario.* row: yes/no words, dates as dates, numbers as written."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and leaf == "step_increases":
        word = value.strip().lower()
        return {"có": True, "yes": True, "true": True, "không": False, "no": False,
                "false": False}.get(word, value)
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def _sheet_number(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = str(value).strip()
    amount = _amount(text)
    if amount is not None:
        return Decimal(amount)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def write_template(path: Path | str, today: dt.date | None = None) -> Path:
    """An .xlsx with the "Kịch bản" sheet to fill in: the scenario rows with their defaults
    and every numeric series parameter with the value in force today and its date."""
    import xlsxwriter

    from streamline.report import atomic_write

    today = today or dt.date.today()
    params = load_params()
    rows: list[tuple[str, object, dt.date | None]] = [
        ("scenario.name", "kich_ban_1", None),
        ("scenario.label", "", None),
        ("scenario.step_increases", True, None),
        ("scenario.replacement_rate", 0, None),
        ("scenario.reduction.rate", None, None),
        ("scenario.reduction.by", None, None),
        ("scenario.reduction.mode", None, None),
        ("scenario.salary_table", None, None),
    ]
    # A fourth column the reader ignores: what each scenario row accepts.
    notes = {"scenario.name": "a-z 0-9 _ . -", "scenario.step_increases": "true | false",
             "scenario.replacement_rate": "0 – 1", "scenario.reduction.rate": "0 – 1",
             "scenario.reduction.by": "dd/mm/yyyy", "scenario.reduction.mode": "proposals | even",
             "scenario.salary_table": "bang_luong.csv: grade_code | position | amount | from"}
    for name, spec in params.tree.items():
        if spec["kind"] != "series":
            continue
        entry = params.in_force(name, today).get(None)
        if entry is not None and isinstance(entry["value"], (int, Decimal)) \
                and not isinstance(entry["value"], bool):
            rows.append((name, entry["value"], entry["from"]))

    def write(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp))
        ws = wb.add_worksheet(SHEET)
        bold = wb.add_format({"bold": True})
        day = wb.add_format({"num_format": "dd/mm/yyyy"})
        number = wb.add_format({"num_format": "#,##0.######"})
        ws.write_row(0, 0, HEADERS, bold)
        for r, (name, value, on) in enumerate(rows, start=1):
            ws.write_string(r, 0, name)
            if isinstance(value, bool):
                ws.write_boolean(r, 1, value)
            elif isinstance(value, (int, Decimal)):
                ws.write_number(r, 1, float(value), number)
            elif value:
                ws.write_string(r, 1, str(value))
            if on is not None:
                ws.write_datetime(r, 2, dt.datetime.combine(on, dt.time()), day)
            if name in notes:
                ws.write_string(r, 3, notes[name])
        ws.set_column(0, 0, 40)
        ws.set_column(1, 3, 18)
        ws.freeze_panes(1, 0)
        wb.close()

    return atomic_write(path, write)
