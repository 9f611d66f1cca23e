"""The papers an HR office signs and sends upward, from one analysis (forms.md).

`<stem>.bieu_mau.xlsx` — the lists: for each route with people proposed, a list in the layout
of the decree appendices (issuing body and national motto, a title naming the decree, STT, the
people proposed and their allowances, a total row, the signature block); the surplus-headcount
sheet per unit; the cost estimate per route and decree. Only the people proposed appear; the
full ranked candidate list stays in the main workbook.

`<stem>.de_an_vtvl.xlsx` — the job-position project: per unit, the positions in their groups
with quota and present; the people to rearrange (below the position's grade, over quota, no
position); a job-description skeleton per position with the template's headings, prefilled with
what the data knows.

Cells hold values, never formulas (names and units come from other people's files and must
stay inert text); every word a person reads comes from the catalogue ([forms] and the shared
sections). Printed A4, header rows repeated on every page, one page wide.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl
import xlsxwriter

from streamline.report import atomic_write, coverage_sentence, i18n, with_text
from streamline.report.excel import A4, CAPITAL
from streamline.report.excel import unique_sheet_name as _unique
from streamline.result import AnalysisResult

OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
}
FONT = "Times New Roman"  # the font of Vietnamese administrative documents
SIZE = 11
LINE = 15  # points per line of text at SIZE
VND = "#,##0"  # Excel shows 1.234.567 under a Vietnamese locale
DATE = "dd/mm/yyyy"
SIGNED = "+#,##0;-#,##0;0"

ROUTES = ("early_retirement", "quit", "training", "transfer", "commune_parttime")
# The allowance columns each regime pays on a route (law.md §3; the other components are 0 by
# law). A route or regime not listed shows its three; a column holding money is always shown.
COMPONENTS = {
    ("decree-29", "early_retirement"): ("a2", "a3"),
    ("decree-29", "quit"): ("b2", "b3"),
    ("decree-154", "early_retirement"): ("a2", "a3"),
    ("decree-154", "quit"): ("b2", "b3"),
    ("decree-154", "transfer"): ("b2", "b3"),
}
# Reason codes that are grounds for the proposal (the "Căn cứ" column: a ground of the regime
# or the person's own request); the others go to the notes, but for what the list says itself.
GROUND_PREFIXES = ("surplus", "training", "rating_", "sick_", "volunteer", "stated_route")
SILENT_REASONS = {"er_eligible"}
CATEGORIES = ("leadership", "professional", "sector", "shared", "support")
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

KINDS = {
    "stt": {"num_format": "0", "align": "center"},
    "text": {"text_wrap": True, "align": "left"},
    "center": {"text_wrap": True, "align": "center"},
    "date": {"num_format": DATE, "align": "center"},
    "year": {"num_format": "0", "align": "center"},
    "count": {"num_format": VND, "align": "center"},
    "signed": {"num_format": SIGNED, "align": "center"},
    "dec": {"num_format": "0.0", "align": "center"},
    "money": {"num_format": VND, "align": "right"},
}


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------

def write_forms(result: AnalysisResult, path: str | os.PathLike, agency: str | None = None,
                lang: str | None = None) -> Path:
    """The lists to send upward (`<stem>.bieu_mau.xlsx`), written atomically."""
    lang = lang or result.lang
    return atomic_write(path, lambda tmp: _write_forms(result, tmp, agency, lang),
                        inputs=result.inputs)


def write_vtvl(result: AnalysisResult, path: str | os.PathLike, agency: str | None = None,
               lang: str | None = None) -> Path:
    """The job-position project workbook (`<stem>.de_an_vtvl.xlsx`), written atomically."""
    lang = lang or result.lang
    return atomic_write(path, lambda tmp: _write_vtvl(result, tmp, agency, lang),
                        inputs=result.inputs)


def route_lists(result: AnalysisResult) -> list[tuple[str | None, str | None, pl.DataFrame]]:
    """(route, regime, people) for each list the forms workbook holds, in the order of the
    decrees' routes: one row per person proposed, with the payout and the staff facts."""
    people = proposed_people(result)
    if people.is_empty():
        return []
    order = {r: i for i, r in enumerate(ROUTES)}
    keys = people.select("route", "regime").unique(maintain_order=True).rows()
    keys.sort(key=lambda k: (order.get(k[0], len(order)), k[0] or "", k[1] or ""))
    return [(route, regime, people.filter(pl.col("route").eq_missing(route)
                                          & pl.col("regime").eq_missing(regime)))
            for route, regime in keys]


def proposed_people(result: AnalysisResult) -> pl.DataFrame:
    """Everyone proposed (candidates.proposed), each with the payout of the route proposed
    (amounts stay NULL when unknown) and the staff facts the lists show; units in the order of
    the targets table, people by their rank in the unit."""
    cand = result.tables.get("candidates")
    if cand is None or cand.is_empty():
        return pl.DataFrame()
    cand = cand.filter(pl.col("proposed")).select(
        "person_id", "employee_id", "full_name", "unit", "position", "staff_type", "route",
        "rank_in_unit", "reason_codes")
    pay = result.tables.get("payouts")
    if pay is not None and not pay.is_empty():
        keep = [c for c in pay.columns if c not in ("employee_id", "full_name", "unit",
                                                    "position", "staff_type")]
        worded = [with_text("payouts", pay, lang, result.facts) for lang in ("vi", "en")]
        pay = pay.select(keep).with_columns(
            frame["unconfirmed"].alias(f"unconfirmed_{lang}")
            for lang, frame in zip(("vi", "en"), worded, strict=True)
            if "unconfirmed" in frame.columns)
        cand = cand.join(pay, on=["person_id", "route"], how="left", nulls_equal=True)
    staff = result.tables.get("staff")
    if staff is not None:
        facts = [c for c in ("birth_date", "birth_precision", "grade_code", "grade_name",
                             "salary_type", "title", "join_date", "reorg_date", "rating_1",
                             "rating_2", "rating_3") if c in staff.columns]
        cand = cand.join(staff.select("person_id", *facts), on="person_id", how="left")
    if "regime" not in cand.columns:
        cand = cand.with_columns(regime=pl.lit(None, pl.String))
    cand = cand.with_columns(pl.col("regime").fill_null(pl.lit(result.policy, pl.String)))
    targets = result.tables.get("targets")
    units = targets["unit"].to_list() if targets is not None else []
    rank = {u: i for i, u in enumerate(units)}
    return (cand.with_row_index("_seq")
            .with_columns(_unit=pl.col("unit").replace_strict(rank, default=len(rank),
                                                               return_dtype=pl.Int64))
            .sort("_unit", "rank_in_unit", "_seq", nulls_last=True)
            .drop("_unit", "_seq"))


# --------------------------------------------------------------------------------------------
# Layout: a printed page with its heading, a table, notes and the signature block
# --------------------------------------------------------------------------------------------

@dataclass
class Col:
    key: str
    header: str
    width: float
    kind: str = "text"
    group: str | None = None


def _t(key: str, lang: str, **args) -> str:
    return i18n.message(f"forms.{key}", args, lang)


def _lines(text: str | None, width: float) -> int:
    """Lines a wrapped text takes in a cell `width` characters wide (capitals are wider)."""
    if not text:
        return 1
    room = max(width * 1.3 - 1.0, 1.0)
    total = 0
    for para in str(text).split("\n"):
        units = sum(CAPITAL if ch.isupper() else 1.0 for ch in para)
        total += max(1, math.ceil(units / room))
    return total


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


class _Styles:
    """Cell formats created once per workbook and shared."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self._cache: dict[tuple, object] = {}

    def __call__(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format(
                {"font_name": FONT, "font_size": SIZE, "valign": "vcenter", **props})
        return self._cache[key]


class _Page:
    """One printed sheet, written top to bottom."""

    def __init__(self, wb, st: _Styles, name: str, cols: list[Col], lang: str):
        self.ws = wb.add_worksheet(name)
        self.st, self.cols, self.lang = st, cols, lang
        self.widths = [c.width for c in cols]
        self.row = 0
        self.header_rows: tuple[int, int] | None = None
        for c, w in enumerate(self.widths):
            self.ws.set_column(c, c, w)
        self.ws.hide_gridlines(2)

    @property
    def last(self) -> int:
        return len(self.widths) - 1

    def span(self, c0: int, c1: int) -> float:
        return sum(self.widths[c0:c1 + 1])

    def blocks(self) -> tuple[int, int]:
        """Last column of the left block (issuing body, preparer) and first of the right one
        (motto, head of unit)."""
        total = sum(self.widths)
        left_end, acc = 0, 0.0
        for c, w in enumerate(self.widths):
            acc, left_end = acc + w, c
            if acc >= min(40, total * 0.4):
                break
        right_start, acc = self.last, 0.0
        for c in range(self.last, -1, -1):
            acc, right_start = acc + self.widths[c], c
            if acc >= min(48, total * 0.5):
                break
        if right_start <= left_end:
            mid = max(len(self.widths) // 2, 1)
            left_end, right_start = mid - 1, mid
        return left_end, right_start

    def put(self, r: int, c0: int, c1: int, text: str, fmt) -> int:
        """Text over columns c0..c1 of row r (merged when wider than one column); the lines
        it takes."""
        if c1 > c0:
            self.ws.merge_range(r, c0, r, c1, None, fmt)
        if text:
            self.ws.write_string(r, c0, text, fmt)
        else:
            self.ws.write_blank(r, c0, None, fmt)
        return _lines(text, self.span(c0, c1))

    def text_row(self, text: str, c0: int = 0, c1: int | None = None, size: int = SIZE,
                 **fmt) -> None:
        c1 = self.last if c1 is None else c1
        style = self.st(text_wrap=True, font_size=size, **fmt)
        lines = self.put(self.row, c0, c1, text, style)
        self.ws.set_row(self.row, lines * LINE * size / SIZE + 2)
        self.row += 1

    def heading(self, agency: list[str], title: str, subtitle: str | None = None,
                unit_line: str | None = None) -> None:
        """Issuing body top left, national motto top right, the title, the attachment line."""
        left_end, right_start = self.blocks()
        left = [(line, {"bold": i == len(agency) - 1 and len(agency) > 1})
                for i, line in enumerate(agency)]
        right = [(i18n.label("forms.motto_1", self.lang), {"bold": True}),
                 (i18n.label("forms.motto_2", self.lang), {"bold": True, "underline": 1})]
        for i in range(max(len(left), len(right))):
            lines = 1
            if i < len(left):
                text, props = left[i]
                style = self.st(align="center", text_wrap=True, **props)
                lines = max(lines, self.put(self.row, 0, left_end, text, style))
            if i < len(right):
                text, props = right[i]
                style = self.st(align="center", text_wrap=True, **props)
                lines = max(lines, self.put(self.row, right_start, self.last, text, style))
            self.ws.set_row(self.row, lines * LINE + 2)
            self.row += 1
        self.row += 1
        self.text_row(title, bold=True, align="center", size=SIZE + 2)
        if subtitle:
            self.text_row(subtitle, italic=True, align="center")
        if unit_line:
            self.text_row(unit_line, italic=True, align="right")
        self.row += 1

    def table(self, rows: list[dict], total: dict | None = None, numbering: bool = True,
              sections: dict[int, list[tuple[str, str, str]]] | None = None) -> None:
        """The header (two rows when columns are grouped), the column numbers, the rows, the
        total row. `sections`: before the row of that index, rows (key, text, style) —
        a unit or group heading inside the table."""
        ws, st, cols = self.ws, self.st, self.cols
        head = st(bold=True, text_wrap=True, align="center", border=1)
        top = self.row
        if any(c.group for c in cols):
            group_lines, sub_lines, whole_lines = 1, 1, 1
            c = 0
            while c < len(cols):
                group = cols[c].group
                if group is None:
                    ws.merge_range(top, c, top + 1, c, cols[c].header, head)
                    whole_lines = max(whole_lines, _lines(cols[c].header, cols[c].width))
                    c += 1
                    continue
                end = c
                while end + 1 < len(cols) and cols[end + 1].group == group:
                    end += 1
                group_lines = max(group_lines, self.put(top, c, end, group, head))
                for k in range(c, end + 1):
                    ws.write_string(top + 1, k, cols[k].header, head)
                    sub_lines = max(sub_lines, _lines(cols[k].header, cols[k].width))
                c = end + 1
            sub_lines = max(sub_lines, whole_lines - group_lines)
            ws.set_row(top, group_lines * LINE + 4)
            ws.set_row(top + 1, sub_lines * LINE + 4)
            self.row = top + 2
        else:
            lines = max(_lines(c.header, c.width) for c in cols)
            for k, col in enumerate(cols):
                ws.write_string(top, k, col.header, head)
            ws.set_row(top, lines * LINE + 4)
            self.row = top + 1
        if numbering:
            style = st(italic=True, align="center", border=1, font_size=SIZE - 1)
            for k in range(len(cols)):
                ws.write_string(self.row, k, f"({k + 1})", style)
            self.row += 1
        self.header_rows = (top, self.row - 1)
        for i, values in enumerate(rows):
            for key, text, style in (sections or {}).get(i, []):
                self._section(key, text, style)
            self._row(values, bold=bool(values.get("_subtotal")))
        if total is not None:
            self._row(total, bold=True)

    def _section(self, key: str, text: str, style: str) -> None:
        """A heading row inside the table: its number in the first column, its text across
        the others."""
        props = {"bold": True, "border": 1, "text_wrap": True}
        if style == "group":
            props["italic"] = True
        else:
            props["bg_color"] = "#F2F2F2"
        fmt = self.st(**props)
        self.ws.write_string(self.row, 0, key, self.st(align="center", **props))
        lines = self.put(self.row, 1, self.last, text, fmt)
        self.ws.set_row(self.row, lines * LINE + 2)
        self.row += 1

    def _row(self, values: dict, bold: bool) -> None:
        lines = 1
        for k, col in enumerate(self.cols):
            v = values.get(col.key)
            props = dict(KINDS[col.kind], border=1)
            if bold:
                props["bold"] = True
            if isinstance(v, str) and col.kind not in ("text", "center"):
                props = {"align": "center", "text_wrap": True, "border": 1, "bold": bold}
            fmt = self.st(**props)
            if v is None or v == "":
                self.ws.write_blank(self.row, k, None, fmt)
            elif isinstance(v, bool):
                self.ws.write_string(self.row, k, i18n.label(f"bool.{str(v).lower()}",
                                                             self.lang), fmt)
            elif isinstance(v, (int, float, Decimal)):
                self.ws.write_number(self.row, k, float(v) if isinstance(v, Decimal) else v,
                                     fmt)
            elif isinstance(v, dt.date):
                self.ws.write_datetime(self.row, k, v, fmt)
            else:
                self.ws.write_string(self.row, k, str(v), fmt)
                lines = max(lines, _lines(str(v), col.width))
        self.ws.set_row(self.row, lines * LINE + 3)
        self.row += 1

    def note(self, text: str, **fmt) -> None:
        self.text_row(text, align="left", **fmt)

    def signature(self) -> None:
        """"Người lập biểu" left; place and date, "THỦ TRƯỞNG ĐƠN VỊ (Ký tên, đóng dấu)" right."""
        self.row += 1
        left_end, right_start = self.blocks()
        lang = self.lang

        def pair(left: str | None, right: str | None, **props) -> None:
            style = self.st(align="center", text_wrap=True, **props)
            lines = 1
            if left:
                lines = max(lines, self.put(self.row, 0, left_end, left, style))
            if right:
                lines = max(lines, self.put(self.row, right_start, self.last, right, style))
            self.ws.set_row(self.row, lines * LINE + 2)
            self.row += 1

        pair(None, i18n.label("forms.place_date", lang), italic=True)
        pair(i18n.label("forms.preparer", lang), i18n.label("forms.head", lang), bold=True)
        pair(i18n.label("forms.preparer_sign", lang), i18n.label("forms.head_sign", lang),
             italic=True)
        self.row += 4  # room to sign and stamp

    def print_setup(self, landscape: bool = True) -> None:
        ws = self.ws
        ws.set_paper(A4)
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)
        if self.header_rows:
            ws.repeat_rows(*self.header_rows)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.center_horizontally()
        ws.set_footer("&C" + i18n.label("forms.page", self.lang))
        ws.print_area(0, 0, max(self.row - 1, 0), self.last)


def _agency(agency: str | None, lang: str) -> list[str]:
    """"UBND TỈNH NGHỆ AN / SỞ NỘI VỤ" → its lines; a blank line to fill by hand when none."""
    lines = [p.strip() for p in re.split(r"[/\n]", agency or "") if p.strip()]
    return lines or [i18n.label("forms.agency_blank", lang)]


# --------------------------------------------------------------------------------------------
# The lists to send upward
# --------------------------------------------------------------------------------------------

def _write_forms(result: AnalysisResult, path: Path, agency: str | None, lang: str) -> None:
    wb = xlsxwriter.Workbook(str(path), OPTIONS)
    st = _Styles(wb)
    used: set[str] = set()
    lines = _agency(agency, lang)
    lists = route_lists(result)
    for route, regime, people in lists:
        _route_sheet(wb, st, used, result, route, regime, people, lines, lang)
    _targets_sheet(wb, st, used, result, lines, lang)
    _cost_sheet(wb, st, used, result, lists, lines, lang)
    wb.close()


def _decree(regime: str | None, lang: str) -> str:
    if regime is None:
        return "…"
    return i18n.label(f"forms.decree.{regime}", lang, i18n.coded("regime", regime, lang))


def _components(route: str | None, regime: str | None, people: pl.DataFrame) -> list[str]:
    family = ("a1", "a2", "a3") if route == "early_retirement" else ("b1", "b2", "b3")
    shown = set(COMPONENTS.get((regime, route), family))
    for c in family:
        if c in people.columns and people[c].fill_null(0).abs().sum() > 0:
            shown.add(c)
    return [c for c in family if c in shown]


def _rating_years(result: AnalysisResult) -> dict[str, str]:
    """rating_1 → "2024" when the input's headers said which year each rating column is."""
    mapping = result.tables.get("mapping")
    if mapping is None or "note_arg" not in mapping.columns:
        return {}
    years = {}
    for field in ("rating_1", "rating_2", "rating_3"):
        found = mapping.filter((pl.col("field") == field) & (pl.col("note") == "rating_year"))
        values = set(found["note_arg"].drop_nulls().to_list())
        if len(values) == 1:
            years[field] = values.pop()
    return years


def _has(people: pl.DataFrame, col: str) -> bool:
    return col in people.columns and people[col].null_count() < people.height


def _list_columns(route: str | None, regime: str | None, people: pl.DataFrame,
                  years: dict[str, str], lang: str) -> list[Col]:
    """forms.md's columns, in its order, as far as the data has them."""
    def h(key: str) -> str:
        return i18n.label(f"forms.col.{key}", lang)

    er = route == "early_retirement"
    name_w = min(max(int(people["full_name"].str.len_chars().max() or 0) * 0.8 + 2, 15), 22)
    cols = [Col("stt", h("stt"), 4.5, "stt"), Col("full_name", h("full_name"), name_w)]
    cols.append(Col("birth", h("birth_date"), 10, "date") if er
                else Col("birth_year", h("birth_year"), 6.5, "year"))
    cols.append(Col("grade", h("grade"), 11))
    # Every template of forms.md has Chức vụ: blank for people who hold no post.
    cols.append(Col("title", h("title"), 11))
    if _has(people, "join_date"):
        cols.append(Col("join_date", h("join_date"), 10, "date"))
    if not er:
        group = h("ratings")
        for field in ("rating_3", "rating_2", "rating_1"):
            if _has(people, field):
                head = years.get(field) or h(field)
                cols.append(Col(field, head, 7, "center", group))
    if _has(people, "reorg_date"):
        cols.append(Col("reorg_date", h("reorg_date"), 10, "date"))
    cols.append(Col("leave_date", h("leave_er" if er else "leave_quit"), 10, "date"))
    cols.append(Col("s_current", h("s_commune" if route == "commune_parttime" else "s_current"),
                    12, "money"))
    if er:
        cols += [Col("months_early", h("months_early"), 7, "count"),
                 Col("years_early", h("years_early"), 7, "dec")]
    cols.append(Col("si_years", h("si_years"), 7.5, "dec"))
    group = h("allowances")
    for c in _components(route, regime, people):
        label = i18n.label(f"payout.{c}_{route}", lang, i18n.label(f"payout.{c}", lang))
        cols.append(Col(c, label, 13, "money", group))
    cols.append(Col("total", h("total"), 14, "money"))
    cols.append(Col("grounds", h("grounds"), 13))
    cols.append(Col("note", h("note"), 12))
    return cols


def _reason(code: str, facts: dict, lang: str) -> str:
    return i18n.message(f"reason.{code}", facts, lang)


def _birth(row: dict):
    """The birth date as the input gave it: a date, mm/yyyy or the year alone."""
    born, precision = row.get("birth_date"), row.get("birth_precision")
    if born is None:
        return None
    if precision == "year":
        return str(born.year)
    if precision == "month":
        return i18n.month(born)
    return born


def _person_row(n: int, row: dict, comps: list[str], facts: dict, lang: str
                ) -> tuple[dict, list[str], list[str]]:
    """The cells of one person; what is said of this person alone (an amount not computed or
    not due, a payout pending); the stated defaults and unconfirmed rules behind the amounts
    (said once under the table when every row has them)."""
    codes = [c for c in (row.get("reason_codes") or "").split(",") if c]
    grounds = [i18n.label(f"forms.ground.{c}", lang, _reason(c, facts, lang))
               for c in codes if c.startswith(GROUND_PREFIXES)]
    own = [_reason(c, facts, lang) for c in codes
           if not c.startswith(GROUND_PREFIXES) and c not in SILENT_REASONS]
    if row.get("total") is None:
        code = row.get("reason_code")
        own.insert(0, _reason(code, facts, lang) if code
                   else i18n.label("forms.amount_unknown", lang))
    elif row.get("eligible") is False and row.get("reason_code"):
        own.insert(0, _reason(row["reason_code"], facts, lang))
    general = [_reason(c, facts, lang) for c in (row.get("note_codes") or "").split(",") if c]
    unconfirmed = row.get(f"unconfirmed_{'en' if lang == 'en' else 'vi'}")
    if unconfirmed:
        general.append(unconfirmed)
    born = row.get("birth_date")
    rating = {f: i18n.label(f"forms.rating.{row[f]}", lang, row[f])
              for f in ("rating_1", "rating_2", "rating_3") if row.get(f)}
    cells = {
        "stt": n,
        "full_name": row.get("full_name"),
        "birth": _birth(row),
        "birth_year": born.year if born else None,
        "grade": row.get("grade_name") or row.get("grade_code"),
        "title": row.get("title"),
        "unit": row.get("unit"),
        "join_date": row.get("join_date"),
        "reorg_date": row.get("reorg_date"),
        "leave_date": row.get("leave_date"),
        "s_current": row.get("s_current"),
        "months_early": row.get("months_early"),
        "years_early": row.get("years_early"),
        "si_years": row.get("si_years"),
        "total": row.get("total"),
        "grounds": "; ".join(grounds),
        **rating,
        **{c: row.get(c) for c in comps},
    }
    return cells, own, general


def _sum(values: list) -> int | None:
    """The total of a column; unknown when one of its values is unknown (never a partial
    sum)."""
    return None if any(v is None for v in values) else sum(values)


def _route_sheet(wb, st, used, result, route, regime, people, agency, lang) -> None:
    facts = result.facts
    cols = _list_columns(route, regime, people, _rating_years(result), lang)
    comps = [c.key for c in cols if c.key in ("a1", "a2", "a3", "b1", "b2", "b3")]
    rows, own, general = [], [], []
    sections: dict[int, list[tuple[str, str, str]]] = {}
    unit: object = ()
    for n, row in enumerate(people.iter_rows(named=True), start=1):
        if row["unit"] != unit:  # the people of each unit under its name, as lists are kept
            unit = row["unit"]
            name = unit or i18n.label("forms.no_unit", lang)
            sections[n - 1] = [(_roman(len(sections) + 1), name, "unit")]
        cells, mine, behind = _person_row(n, row, comps, facts, lang)
        rows.append(cells)
        own.append(mine)
        general.append(behind)
    # A stated default or rule every row rests on is said once, under the table.
    common = [x for x in dict.fromkeys(general[0]) if all(x in g for g in general)]
    for cells, mine, behind in zip(rows, own, general, strict=True):
        cells["note"] = "; ".join(dict.fromkeys(
            [*mine, *(x for x in behind if x not in common)]))
    total = {"full_name": i18n.label("report.total", lang)}
    for key in (*comps, "total"):
        total[key] = _sum([r.get(key) for r in rows])
    unknown = sum(r.get("total") is None for r in rows)
    if unknown:
        total["note"] = _t("total_unknown", lang, unknown=unknown)

    if any(r.get("note") for r in (*rows, total)):
        cols[-1].width = 24
    key = route if route in ROUTES else "other"
    page = _Page(wb, st, _unique(i18n.label(f"forms.sheet.{key}", lang), used), cols, lang)
    title = _t(f"title_{key}", lang, decree=_decree(regime, lang)).upper()
    page.heading(agency, title, i18n.label("forms.attached", lang),
                 i18n.label("forms.unit_vnd", lang))
    page.table(rows, total, sections=sections)
    page.row += 1
    if common:
        page.note(_t("common_notes", lang, notes="; ".join(common)), italic=True)
    if lang != "en" and any(c.key.startswith("rating_") for c in cols):
        # The ratings print as the abbreviations offices use: spelled out once for a reader
        # outside the HR office (the English list writes the words themselves).
        words = i18n.codes("rating", lang)
        page.note(_t("rating_legend", lang, ratings="; ".join(
            f"{short} – {words[r]}" for r, short in i18n.codes("forms.rating", lang).items())),
            italic=True)
    page.note(_t("as_of_line", lang, as_of=result.as_of, regime=regime or ""), italic=True)
    page.signature()
    page.ws.freeze_panes(page.header_rows[1] + 1, 2)
    page.print_setup()


def _targets_sheet(wb, st, used, result, agency, lang) -> None:
    """Per unit: payroll in scope, target, retirements counted, proposals on legal grounds,
    the part not coverable by current grounds (Phụ lục 01A's surplus headcount)."""
    targets = result.tables.get("targets")
    if targets is None:
        return

    def h(key: str) -> str:
        return i18n.label(f"forms.col.{key}", lang)

    unit_w = min(max(int(targets["unit"].str.len_chars().max() or 0) * 0.9 + 2, 24), 40)
    keys = ("baseline", "target", "retiring_counted", "proposed_toward_gap", "remaining_gap",
            "proposed")
    cols = [Col("stt", h("stt"), 5, "stt"), Col("unit", h("unit_name"), unit_w)]
    cols += [Col(k, h(k), 14, "count") for k in keys if k in targets.columns]
    cols.append(Col("note", h("note"), 16))
    rows = []
    for n, row in enumerate(targets.iter_rows(named=True), start=1):
        rows.append({"stt": n, "unit": row["unit"] or i18n.label("forms.no_unit", lang),
                     **{k: row.get(k) for k in keys}})
    total = {"unit": i18n.label("report.total", lang),
             **{k: _sum([r.get(k) for r in rows]) for k in keys if k in targets.columns}}
    page = _Page(wb, st, _unique(i18n.label("forms.sheet.targets", lang), used), cols, lang)
    page.heading(agency, _t("title_targets", lang).upper(),
                 _t("targets_sub", lang, as_of=result.as_of, horizon=result.horizon,
                    rate=result.rate),
                 i18n.label("forms.unit_people", lang))
    page.table(rows, total if rows else None)
    page.row += 1
    if sentence := coverage_sentence(result, lang):
        page.note(sentence, italic=True)
    page.signature()
    page.print_setup()


def _cost_sheet(wb, st, used, result, lists, agency, lang) -> None:
    """People and amounts per route and decree."""
    def h(key: str) -> str:
        return i18n.label(f"forms.col.{key}", lang)

    cols = [Col("stt", h("stt"), 5, "stt"), Col("regime", h("regime"), 30),
            Col("route", h("route"), 30), Col("people", h("people"), 10, "count"),
            Col("unknown", h("people_unknown"), 13, "count"),
            Col("known", h("cost_known"), 17, "money"), Col("cost", h("cost"), 17, "money"),
            Col("saving", h("annual_saving"), 17, "money"), Col("note", h("note"), 18)]
    rows = []
    for n, (route, regime, people) in enumerate(lists, start=1):
        totals = (people["total"].to_list() if "total" in people.columns
                  else [None] * people.height)
        savings = (people["annual_saving"].to_list() if "annual_saving" in people.columns
                   else [None] * people.height)
        unknown = sum(v is None for v in totals)
        rows.append({
            "stt": n,
            "regime": i18n.coded("regime", regime, lang) if regime else None,
            "route": i18n.coded("route", route, lang) if route else
            i18n.label("forms.route_unknown", lang),
            "people": people.height,
            "unknown": unknown,
            "known": sum(v for v in totals if v is not None),
            "cost": _sum(totals),
            "saving": _sum(savings),
            "note": _t("total_unknown", lang, unknown=unknown) if unknown else None,
        })
    total = {"regime": i18n.label("report.total", lang),
             **{k: _sum([r[k] for r in rows]) for k in ("people", "unknown", "known", "cost",
                                                         "saving")}}
    page = _Page(wb, st, _unique(i18n.label("forms.sheet.cost", lang), used), cols, lang)
    page.heading(agency, _t("title_cost", lang).upper(), i18n.label("forms.attached", lang),
                 i18n.label("forms.unit_vnd", lang))
    if rows:
        page.table(rows, total)
    else:
        page.table([], None)
        page.note(i18n.label("forms.nobody_proposed", lang), italic=True)
    page.row += 1
    page.note(_t("as_of_line", lang, as_of=result.as_of, regime=result.policy or ""),
              italic=True)
    page.signature()
    page.print_setup()


# --------------------------------------------------------------------------------------------
# The job-position project
# --------------------------------------------------------------------------------------------

def _write_vtvl(result: AnalysisResult, path: Path, agency: str | None, lang: str) -> None:
    wb = xlsxwriter.Workbook(str(path), OPTIONS)
    st = _Styles(wb)
    used: set[str] = set()
    lines = _agency(agency, lang)
    positions = result.tables.get("positions", pl.DataFrame())
    grades = _grade_names(result)
    _positions_sheet(wb, st, used, result, positions, grades, lines, lang)
    _rearrange_sheet(wb, st, used, result, positions, grades, lines, lang)
    _descriptions_sheet(wb, st, used, result, positions, grades, lang)
    wb.close()


def _params(result: AnalysisResult):
    """The parameters of the run (the shipped ones plus its --params overlays, when they can
    still be read)."""
    from streamline.errors import InputError
    from streamline.params import load_params

    scenario = result.tables.get("scenario")
    overlay = ""
    if scenario is not None and "overlay" in scenario.columns and scenario.height:
        overlay = scenario["overlay"][0] or ""
    files = [Path(p) for p in overlay.split(", ") if p]
    try:
        return load_params(tuple(files))
    except (InputError, OSError, ValueError):
        return load_params()


def _grade_names(result: AnalysisResult) -> dict[str, str]:
    """Grade code → its name: the parameter table, else the name the staff list gives."""
    names: dict[str, str] = {}
    staff = result.tables.get("staff")
    if staff is not None and {"grade_code", "grade_name"} <= set(staff.columns):
        for code, name in staff.select("grade_code", "grade_name").drop_nulls().iter_rows():
            names.setdefault(code, name)
    try:
        for row in _params(result).rows("grade_code", result.as_of):
            names[row["grade_code"]] = row["grade_name"]
    except KeyError:
        pass
    return names


def _grade_text(code: str | None, names: dict[str, str]) -> str | None:
    if not code:
        return None
    name = names.get(code)
    return f"{name} ({code})" if name else code


def _units(result: AnalysisResult, positions: pl.DataFrame) -> list[str | None]:
    """Units in the order of the targets table (the input's), then any other."""
    order: list[str | None] = []
    targets = result.tables.get("targets")
    if targets is not None:
        order += targets["unit"].to_list()
    for u in positions["unit"].to_list() if "unit" in positions.columns else []:
        if u not in order:
            order.append(u)
    return order


def _positions_sheet(wb, st, used, result, positions, grades, agency, lang) -> None:
    def h(key: str) -> str:
        return i18n.label(f"forms.col.{key}", lang)

    cols = [Col("stt", h("stt"), 5, "stt"), Col("position", h("position"), 34),
            Col("grade", h("position_grade"), 22), Col("salary_type", h("salary_type"), 9,
                                                       "center"),
            Col("quota", h("quota"), 10, "count"), Col("present", h("present"), 9, "count"),
            Col("difference", h("difference"), 10, "signed"),
            Col("vacancies", h("vacancies"), 9, "count"),
            Col("surplus", h("surplus"), 9, "count"),
            Col("below_grade", h("below_grade"), 10, "count"), Col("note", h("note"), 20)]
    counts = ("quota", "present", "difference", "vacancies", "surplus", "below_grade")
    rows: list[dict] = []
    sections: dict[int, list[tuple[str, str, str]]] = {}
    grand: list[dict] = []
    units = [u for u in _units(result, positions)
             if not positions.filter(pl.col("unit").eq_missing(u)).is_empty()]
    for i, unit in enumerate(units, start=1):
        block = positions.filter(pl.col("unit").eq_missing(unit))
        heads = [(_roman(i), unit or i18n.label("forms.no_unit", lang), "unit")]
        kinds = [c for c in CATEGORIES if c in block["category"].to_list()]
        if block["category"].null_count():
            kinds.append(None)
        n, unit_rows = 0, []
        for j, category in enumerate(kinds, start=1):
            group = block.filter(pl.col("category").eq_missing(category))
            label = (i18n.coded("category", category, lang) if category
                     else i18n.label("forms.no_category", lang))
            heads.append((str(j), label, "group"))
            sections[len(rows)] = heads
            heads = []
            for row in group.iter_rows(named=True):
                n += 1
                cells = {"stt": n, "position": row["position"],
                         "grade": _grade_text(row["grade_code"], grades),
                         "salary_type": row["salary_type"],
                         **{k: row[k] for k in counts},
                         "note": None if row["quota"] is not None
                         else i18n.label("forms.quota_missing", lang)}
                rows.append(cells)
                unit_rows.append(cells)
        subtotal = _subtotal(unit_rows, counts, i18n.label("forms.unit_total", lang), lang)
        rows.append(subtotal)
        grand.append(subtotal)
    page = _Page(wb, st, _unique(i18n.label("forms.sheet.positions", lang), used), cols, lang)
    page.heading(agency, _t("title_positions", lang).upper(),
                 _t("positions_sub", lang, as_of=result.as_of),
                 i18n.label("forms.unit_people", lang))
    total = None
    if grand:
        total = {"position": i18n.label("report.total", lang),
                 **{k: sum(r[k] or 0 for r in grand) for k in counts if k != "difference"}}
        missing = sum(r["_missing"] for r in grand)
        total["difference"] = total["present"] - total["quota"] if not missing else None
        if missing:
            total["note"] = _t("quota_partial", lang, n=missing)
    page.table(rows, total, sections=sections)
    if not rows:
        page.note(i18n.label("forms.no_positions", lang), italic=True)
    page.row += 1
    page.signature()
    page.ws.freeze_panes(page.header_rows[1] + 1, 2)
    page.print_setup()


def _subtotal(rows: list[dict], counts: tuple[str, ...], label: str, lang: str) -> dict:
    """A unit's "Cộng" row: quotas add up over the positions that have one (said in the
    note); difference = present − quota only when every position has a quota."""
    missing = sum(r["quota"] is None for r in rows)
    out = {"position": label, "_missing": missing,
           **{k: sum(r[k] or 0 for r in rows) for k in counts if k != "difference"}}
    out["difference"] = None if missing else out["present"] - out["quota"]
    if missing:
        out["note"] = _t("quota_partial", lang, n=missing)
    return {**out, "_subtotal": True}


def _key(text: str | None) -> str | None:
    return text.strip().lower() if isinstance(text, str) else None


def rearrange_people(result: AnalysisResult) -> list[dict]:
    """The people to rearrange: holders below their position's grade, people marked surplus
    in an over-quota position (and the excess nobody is marked for), people with no
    position or one outside the unit's list. Codes and arguments, no text."""
    staff = result.tables.get("staff")
    positions = result.tables.get("positions")
    if staff is None or positions is None:
        return []
    params = _params(result)
    try:
        scales = {(r["scale"], r["salary_type"]): r["rank"]
                  for r in params.rows("salary_scale", result.as_of)}
        grade_scale = {r["grade_code"]: r["scale"]
                       for r in params.rows("grade_code", result.as_of)}
    except KeyError:
        scales, grade_scale = {}, {}
    listed: dict[tuple, dict] = {}
    for row in positions.iter_rows(named=True):
        required = scales.get((grade_scale.get(row["grade_code"]), row["salary_type"]))
        listed[(_key(row["unit"]), _key(row["position"]))] = {**row, "rank": required}
    proposed = {}
    cand = result.tables.get("candidates")
    if cand is not None and not cand.is_empty():
        proposed = dict(cand.filter(pl.col("proposed")).select("person_id", "route").rows())
    out: list[dict] = []
    marked: dict[tuple, int] = {}
    unassigned = result.tables.get("unassigned")
    missing_ids = set(unassigned["person_id"].to_list()) if unassigned is not None else set()
    cols = set(staff.columns)
    for p in staff.iter_rows(named=True):
        base = {"person_id": p["person_id"], "full_name": p["full_name"], "unit": p["unit"],
                "position": p["position"], "grade_code": p.get("grade_code"),
                "salary_type": p.get("salary_type"), "route": proposed.get(p["person_id"])}
        if p["person_id"] in missing_ids:
            code = "no_position" if not p["position"] else "not_listed"
            out.append({**base, "code": code})
            continue
        if not p["position"]:
            continue
        pos = (listed.get((_key(p["unit"]), _key(p["position"])))
               or listed.get((None, _key(p["position"]))))
        if pos is None:
            continue
        rank = p.get("grade_rank") if "grade_rank" in cols else None
        if pos["rank"] is not None and rank is not None and rank < pos["rank"]:
            out.append({**base, "code": "below_grade", "required": pos["grade_code"],
                        "required_type": pos["salary_type"]})
        if (pos["surplus"] or 0) > 0 and p.get("surplus"):
            k = (pos["unit"], pos["position"])
            marked[k] = marked.get(k, 0) + 1
            out.append({**base, "code": "over_quota", "quota": pos["quota"],
                        "present": pos["present"]})
    for row in positions.iter_rows(named=True):
        left = (row["surplus"] or 0) - marked.get((row["unit"], row["position"]), 0)
        if left > 0:
            out.append({"person_id": None, "full_name": None, "unit": row["unit"],
                        "position": row["position"], "grade_code": None, "salary_type": None,
                        "route": None, "code": "over_quota_open", "quota": row["quota"],
                        "present": row["present"], "n": left})
    return out


def _rearrange_sheet(wb, st, used, result, positions, grades, agency, lang) -> None:
    def h(key: str) -> str:
        return i18n.label(f"forms.col.{key}", lang)

    people = rearrange_people(result)
    order = {u: i for i, u in enumerate(_units(result, positions))}
    reason_order = {"below_grade": 0, "over_quota": 1, "over_quota_open": 2, "not_listed": 3,
                    "no_position": 4}
    people.sort(key=lambda r: (order.get(r["unit"], len(order)), reason_order[r["code"]],
                               r["position"] or "", r["person_id"] or 0))
    name_w = min(max(max((len(r["full_name"] or "") for r in people), default=0) * 0.9 + 2,
                     16), 26)
    cols = [Col("stt", h("stt"), 5, "stt"), Col("full_name", h("full_name"), name_w),
            Col("position", h("current_position"), 28), Col("grade", h("held_grade"), 22),
            Col("reason", h("reason"), 44), Col("note", h("note"), 22)]
    rows = []
    sections: dict[int, list[tuple[str, str, str]]] = {}
    unit: object = ()
    for n, r in enumerate(people, start=1):
        if r["unit"] != unit:
            unit = r["unit"]
            name = unit or i18n.label("forms.no_unit", lang)
            sections[n - 1] = [(_roman(len(sections) + 1), name, "unit")]
        held = _grade_text(r["grade_code"], grades)
        if held and r["salary_type"]:
            held += f", {r['salary_type']}"
        args = {"position": r["position"], "quota": r.get("quota"), "present": r.get("present"),
                "n": r.get("n"),
                "required": (_grade_text(r.get("required"), grades) or "…")
                + (f", {r['required_type']}" if r.get("required_type") else "")}
        rows.append({"stt": n, "full_name": r["full_name"], "unit": r["unit"],
                     "position": r["position"], "grade": held,
                     "reason": _t(f"why.{r['code']}", lang, **args),
                     "note": _t("note_proposed", lang, route=r["route"]) if r["route"]
                     else None})
    page = _Page(wb, st, _unique(i18n.label("forms.sheet.rearrange", lang), used), cols, lang)
    page.heading(agency, _t("title_rearrange", lang).upper(),
                 _t("positions_sub", lang, as_of=result.as_of))
    page.table(rows, sections=sections)
    if not rows:
        page.note(i18n.label("forms.nobody_rearrange", lang), italic=True)
    page.row += 1
    page.signature()
    page.print_setup()


def _descriptions_sheet(wb, st, used, result, positions, grades, lang) -> None:
    """Per position, the job-description template (Decree 232/2026 Phụ lục IV Part B) with
    what the data knows filled in; one block per position, each on its own page."""
    widths = [8, 20, 17, 17, 17, 17, 17]
    cols = [Col(f"c{i}", "", w) for i, w in enumerate(widths)]
    page = _Page(wb, st, _unique(i18n.label("forms.sheet.descriptions", lang), used), cols,
                 lang)
    ws = page.ws
    box = st(border=1, text_wrap=True, valign="top")
    head = st(border=1, bold=True, text_wrap=True, align="center")
    label = st(border=1, text_wrap=True)
    value = st(border=1, text_wrap=True, bold=True)

    def jd(key: str, **args) -> str:
        return _t(f"jd.{key}", lang, **args)

    def cells(spans: list[tuple[int, int]], texts: list[str], style, height: int = 1) -> None:
        """One row of the template: each text over its columns (`style`: one format, or one
        per cell)."""
        styles = style if isinstance(style, list) else [style] * len(spans)
        lines = height
        for (c0, c1), text, fmt in zip(spans, texts, styles, strict=True):
            lines = max(lines, page.put(page.row, c0, c1, text, fmt))
        ws.set_row(page.row, lines * LINE + 3)
        page.row += 1

    def section(key: str) -> None:
        page.row += 1
        page.text_row(jd(key), bold=True, align="left")

    def blank_box(lines: int = 2) -> None:
        cells([(0, 6)], [""], box, lines)

    breaks = []
    units = _units(result, positions)
    ordered = sorted(positions.iter_rows(named=True),
                     key=lambda r: (units.index(r["unit"]) if r["unit"] in units
                                    else len(units),
                                    CATEGORIES.index(r["category"])
                                    if r["category"] in CATEGORIES else len(CATEGORIES)))
    for row in ordered:
        if page.row:
            breaks.append(page.row)
        unit = row["unit"] or i18n.label("forms.no_unit", lang)
        page.text_row(jd("title"), bold=True, align="center", size=SIZE + 2)
        page.text_row(jd("position_line", position=row["position"], unit=unit), italic=True,
                      align="center")
        section("s1")
        category = (i18n.coded("category", row["category"], lang) if row["category"]
                    else "")
        quota = row["quota"] if row["quota"] is not None else \
            i18n.label("forms.quota_missing", lang)
        grade = _grade_text(row["grade_code"], grades) or ""
        if row["salary_type"]:
            grade = f"{grade}, {row['salary_type']}" if grade else row["salary_type"]
        info = [("name", row["position"]), ("group", category), ("steps", ""),
                ("grade", grade), ("field", ""), ("unit", unit), ("level", ""),
                ("related", ""),
                ("people", jd("people_value", quota=quota, present=row["present"]))]
        for k, (key, text) in enumerate(info, start=1):
            cells([(0, 1), (2, 6)], [f"{k}. {jd(key)}", text or ""], [label, value])
        section("s2")
        blank_box()
        for key in ("s3", "s4", "s5"):
            section(key)
            cells([(0, 0), (1, 2), (3, 4), (5, 6)],
                  [jd("step"), jd("task"), jd("output"), jd("criteria")], head)
            for _ in range(2):
                cells([(0, 0), (1, 2), (3, 4), (5, 6)], ["", "", "", ""], box, 2)
        section("s6")
        cells([(0, 1)] + [(c, c) for c in range(2, 7)],
              [jd("competency")] + [jd("level_n", n=str(n)) for n in range(1, 6)], head)
        for key in ("comp_general", "comp_professional", "comp_management"):
            cells([(0, 1)] + [(c, c) for c in range(2, 7)], [jd(key)] + [""] * 5, box, 2)
        section("s7")
        blank_box()
        section("s8")
        blank_box()
        section("s9")
        cells([(0, 1), (2, 6)], [jd("req_group"), jd("req_detail")], head)
        for key in ("req_education", "req_training", "req_experience", "req_qualities",
                    "req_other"):
            cells([(0, 1), (2, 6)], [jd(key), ""], box, 2)
    if not ordered:
        page.note(i18n.label("forms.no_positions", lang), italic=True)
    if breaks:
        ws.set_h_pagebreaks(breaks[:1023])
    page.print_setup(landscape=False)
