"""The projection's workbook, HTML page and console table (`streamline project`).

Labels come from the catalogue (namespaces `projection` and `projection_col`); numbers keep
their types in the workbook (money as #,##0, which a Vietnamese Excel shows as 1.234.567) and
text from the inputs or scenario files is always written as a string, never a formula, and
escaped in the HTML.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from decimal import Decimal
from pathlib import Path

import plotly.colors
import plotly.graph_objects as go
import plotly.offline
import polars as pl

from streamline.projection import ProjectionResult, scenario_parameters
from streamline.report import atomic_write, i18n, parameter_value
from streamline.report.excel import A4, unique_sheet_name
from streamline.report.html import CSS, _chart_block, _e

MONEY = ("salary_fund", "bonus_fund", "employer_contrib", "one_off_cost", "total_cost",
         "diff_vs_first", "diff_total", "base_salary_effect", "step_effect",
         "headcount_effect", "one_off_effect")
DEFINITIONS = ("def_paid", "def_salary", "def_steps", "def_salary_table", "def_replacement",
               "def_reduction", "def_yearly", "def_effects")
COMPONENTS = ("salary_fund", "bonus_fund", "employer_contrib", "one_off_cost")
EFFECTS = ("base_salary_effect", "step_effect", "headcount_effect", "one_off_effect")
# Plotly's own first colours, fixed per component or effect across the scenarios' bars.
PALETTE = plotly.colors.qualitative.Plotly


def col(name: str, lang: str) -> str:
    return i18n.label(f"projection_col.{name}", lang, i18n.column(name, lang))


def scenario_label(result: ProjectionResult, scenario_id: str, lang: str) -> str:
    """The scenario's own label, else its name ("current law" in the reader's language)."""
    for sc in result.scenarios:
        if sc.name == scenario_id:
            if sc.label:
                return sc.label
            return i18n.label("projection.current_law", lang) if sc.source is None else sc.name
    return scenario_id


def notes(result: ProjectionResult, lang: str) -> list[str]:
    """What the projection assumed of people it cannot follow (projection_notes.sql), one
    sentence per kind that occurs: the first lines of every projection output."""
    row = result.tables["projection_notes"].row(0, named=True)
    lines = [i18n.message(f"projection.note_{k}", {"n": n}, lang) for k, n in row.items() if n]
    # A first or last year of fewer months is no year to compare with a whole one.
    first, last = result.start, result.end
    for year in sorted({first.year, last.year}):
        lo = first.month if year == first.year else 1
        hi = last.month if year == last.year else 12
        if hi - lo + 1 < 12:
            lines.append(i18n.message("projection.note_part_year", {
                "year": str(year), "n": hi - lo + 1, "from": dt.date(year, lo, 1),
                "to": dt.date(year, hi, 1)}, lang))
    return lines


def comparison(result: ProjectionResult, lang: str) -> pl.DataFrame:
    """Years down, scenarios across: each scenario's total cost, then its difference from the
    first (empty while a payout is unknown)."""
    yearly = (result.tables["projection"]
              .group_by("scenario_id", "year", maintain_order=True)
              .agg(pl.col("total_cost").sum(), pl.col("total_cost").is_null().any()
                   .alias("unknown"))
              .with_columns(pl.when(pl.col("unknown")).then(None)
                            .otherwise(pl.col("total_cost")).alias("total_cost")))
    years = sorted(yearly["year"].unique().to_list())
    out = pl.DataFrame({col("year", lang): years})
    first = None
    for sc in result.scenarios:
        rows = yearly.filter(pl.col("scenario_id") == sc.name)
        by_year = dict(zip(rows["year"].to_list(), rows["total_cost"].to_list(), strict=True))
        totals = [by_year.get(y) for y in years]
        label = scenario_label(result, sc.name, lang)
        out = out.with_columns(pl.Series(i18n.message("projection.total_of", {"label": label},
                                                      lang), totals, dtype=pl.Int64))
        if first is None:
            first = totals
            continue
        diffs = [None if a is None or b is None else a - b
                 for a, b in zip(totals, first, strict=True)]
        out = out.with_columns(pl.Series(i18n.message("projection.diff_of", {"label": label},
                                                      lang), diffs, dtype=pl.Int64))
    return out


def _labelled(result: ProjectionResult, name: str, lang: str) -> pl.DataFrame:
    """A table with each scenario's display label in place of its code."""
    labels = {sc.name: scenario_label(result, sc.name, lang) for sc in result.scenarios}
    frame = result.tables[name]
    return frame.with_columns(pl.col("scenario_id").replace_strict(labels)
                              .alias("scenario_label")).drop("scenario_id")


def _localised(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Codes in words (staff types) and headers in the reader's language."""
    if "staff_type" in frame.columns:
        frame = frame.with_columns(pl.col("staff_type").replace(i18n.codes("staff_type", lang)))
    return frame.rename({c: col(c, lang) for c in frame.columns})


def _parameters(result: ProjectionResult, lang: str) -> pl.DataFrame:
    """The scenarios' settings and changed parameters in the reader's words: the scenario by
    its label, each setting named beside the key a scenario file writes, switches as yes or
    no, numbers and dates in the reader's format, confirmed or not in words."""
    frame = scenario_parameters(result)
    # Its parameter rows come from the scenarios' own trees: their labels are there.
    specs = {name: spec for sc in result.scenarios if sc.params is not None
             for name, spec in sc.params.tree.items()}
    side = "label_en" if lang == "en" else "label_vi"

    def label(key: str) -> str:
        if key.startswith("scenario."):
            return i18n.label(f"setting.{key.removeprefix('scenario.').replace('.', '_')}", lang)
        _, _, item = key.partition(": ")  # "salary_table: <grade or post>"
        if item:
            return f"{i18n.label('setting.salary_table', lang)}: {item}"
        return specs.get(key, {}).get(side) or key

    def value(text: str | None) -> str | None:
        if text in ("true", "false"):
            return i18n.label(f"bool.{text}", lang)
        return parameter_value(text, lang)

    return frame.select(
        pl.col("scenario_id").map_elements(lambda v: scenario_label(result, v, lang),
                                           return_dtype=pl.String).alias("scenario_label"),
        pl.col("name"),
        pl.col("name").map_elements(label, return_dtype=pl.String).alias("label"),
        pl.col("value").map_elements(value, return_dtype=pl.String),
        "valid_from", "source",
        pl.col("confirmed").replace_strict(
            {True: i18n.label("confirmed.true", lang), False: i18n.label("confirmed.false", lang)},
            default=None, return_dtype=pl.String),
    )


def write_workbook(result: ProjectionResult, path: str | os.PathLike) -> Path:
    return atomic_write(path, lambda tmp: _write(result, tmp, result.lang),
                        inputs=result.inputs)


def _write(result: ProjectionResult, path: Path, lang: str) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                         "strings_to_urls": False})
    fmt = {
        "head": wb.add_format({"bold": True, "text_wrap": True, "valign": "top",
                               "bg_color": "#DDEBF7", "border": 1}),
        "money": wb.add_format({"num_format": "#,##0"}),
        "dec": wb.add_format({"num_format": "#,##0.00"}),
        "date": wb.add_format({"num_format": "mm/yyyy"}),
        "day": wb.add_format({"num_format": "dd/mm/yyyy"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "title": wb.add_format({"bold": True, "font_size": 13}),
    }
    used: set[str] = set()
    period = i18n.message("projection.period", {"start": result.start, "end": result.end,
                                                 "as_of": result.as_of}, lang)
    sheets = [(i18n.label("projection.sheet_compare", lang), comparison(result, lang),
               [period, *notes(result, lang)])]
    sheets.append((i18n.label("projection.sheet_effects", lang),
                   _localised(_labelled(result, "projection_effects", lang), lang), []))
    for sc in result.scenarios:
        rows = result.tables["projection"].filter(pl.col("scenario_id") == sc.name)
        sheets.append((scenario_label(result, sc.name, lang),
                       _localised(rows.drop("scenario_id", "scenario_label"), lang),
                       [scenario_label(result, sc.name, lang)]))
    sheets.append((i18n.label("projection.sheet_monthly", lang),
                   _localised(_labelled(result, "projection_monthly", lang), lang), []))
    sheets.append((i18n.label("projection.sheet_params", lang),
                   _localised(_parameters(result, lang), lang), []))
    for title, frame, caption in sheets:
        _write_sheet(wb, unique_sheet_name(title, used), frame, fmt, caption, lang)
    ws = wb.add_worksheet(unique_sheet_name(i18n.label("projection.sheet_defs", lang), used))
    ws.set_column(0, 0, 110)
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.write_string(0, 0, i18n.label("projection.definition", lang), fmt["head"])
    for r, key in enumerate(DEFINITIONS, start=1):
        ws.write_string(r, 0, i18n.label(f"projection.{key}", lang), fmt["wrap"])
    wb.close()


def _write_sheet(wb, name: str, frame: pl.DataFrame, fmt: dict, caption: list[str],
                 lang: str) -> None:
    """`caption`: the lines above the table, the first as its title."""
    ws = wb.add_worksheet(name)
    for r, line in enumerate(caption):
        ws.write_string(r, 0, line, fmt["title"] if r == 0 else None)
    top = len(caption) + 1 if caption else 0
    money_heads = {col(c, lang) for c in MONEY}
    widths = []
    for c, head in enumerate(frame.columns):
        ws.write_string(top, c, head, fmt["head"])
        dtype = frame.schema[head]
        is_money = head in money_heads or head.startswith(
            (i18n.message("projection.total_of", {"label": ""}, lang),
             i18n.message("projection.diff_of", {"label": ""}, lang)))
        if head == col("year", lang):
            cell = None
        elif is_money or dtype.is_integer():
            cell = fmt["money"]
        elif isinstance(dtype, pl.Decimal):
            cell = fmt["dec"]
        else:
            cell = fmt["date"] if dtype == pl.Date else None
        for r, v in enumerate(frame[head].to_list(), start=top + 1):
            if v is None:
                continue
            if isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, (int, float, Decimal)):
                ws.write_number(r, c, float(v), cell)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), cell or fmt["day"])
            else:
                ws.write_string(r, c, str(v))
        widths.append(18 if is_money else 14)
        ws.set_column(c, c, widths[-1])
    # The header's wrapped lines need their height set: LibreOffice keeps one line and the
    # rest overprints the first rows.
    lines = max((math.ceil(len(h) / (w - 2)) for h, w in zip(frame.columns, widths,
                                                              strict=True)), default=1)
    ws.set_row(top, 15 * lines)
    ws.freeze_panes(top + 1, 0)
    if frame.height:
        ws.autofilter(top, 0, top + frame.height, max(frame.width - 1, 0))
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(top)


def write_html(result: ProjectionResult, path: str | os.PathLike) -> Path:
    page = render_html(result, result.lang)
    return atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"),
                        inputs=result.inputs)


def render_html(result: ProjectionResult, lang: str) -> str:
    """Total cost per year by scenario (lines), its components stacked, the headcount path and
    each scenario's difference from the first by cause; then the comparison table."""
    t = result.tables
    yearly = t["projection"].group_by("scenario_id", "year", maintain_order=True).agg(
        *(pl.col(c).sum() for c in (*COMPONENTS, "total_cost")))
    label = {sc.name: scenario_label(result, sc.name, lang) for sc in result.scenarios}

    total = go.Figure()
    parts = go.Figure()
    heads = go.Figure()
    effects = go.Figure()
    for sc in result.scenarios:
        rows = yearly.filter(pl.col("scenario_id") == sc.name)
        name = _e(label[sc.name])
        # Years as labels, not numbers: an axis of numbers reads "2.026,5".
        total.add_trace(go.Scatter(x=[str(y) for y in rows["year"].to_list()],
                                   y=rows["total_cost"].to_list(), mode="lines+markers",
                                   name=name))
        # One colour per component in every scenario's bar, as the legend shows it.
        for c, colour in zip(COMPONENTS, PALETTE, strict=False):
            parts.add_trace(go.Bar(x=[[str(y) for y in rows["year"].to_list()],
                                      [name] * rows.height],
                                   y=rows[c].to_list(), name=_e(col(c, lang)),
                                   marker_color=colour, legendgroup=c,
                                   showlegend=sc is result.scenarios[0]))
        monthly = t["projection_monthly"].filter(pl.col("scenario_id") == sc.name).group_by(
            "month", maintain_order=True).agg(pl.col("headcount").sum())
        heads.add_trace(go.Scatter(x=monthly["month"].to_list(),
                                   y=[float(v) for v in monthly["headcount"].to_list()],
                                   mode="lines", name=name))
        if sc is not result.scenarios[0]:
            eff = t["projection_effects"].filter(pl.col("scenario_id") == sc.name)
            for c, colour in zip(EFFECTS, PALETTE, strict=False):
                effects.add_trace(go.Bar(x=[[str(y) for y in eff["year"].to_list()],
                                            [name] * eff.height],
                                         y=eff[c].to_list(), name=_e(col(c, lang)),
                                         marker_color=colour, legendgroup=c,
                                         showlegend=sc is result.scenarios[1]))
    total.update_xaxes(type="category")  # Plotly reads "2026" as a number unless told
    # Months as 12/2026: Plotly's own ticks name them in English ("Dec 2026").
    heads.update_xaxes(tickformat="%m/%Y", hoverformat="%m/%Y")
    parts.update_layout(barmode="stack")
    effects.update_layout(barmode="relative")
    blocks = [(i18n.label("projection.chart_total", lang), total),
              (i18n.label("projection.chart_components", lang), parts),
              (i18n.label("projection.chart_headcount", lang), heads)]
    if len(result.scenarios) > 1:
        blocks.append((i18n.label("projection.chart_effects", lang), effects))
    body = [f"<h1>{_e(i18n.label('projection.title', lang))}</h1>",
            "<p>" + _e(i18n.message("projection.period", {
                "start": result.start, "end": result.end, "as_of": result.as_of}, lang))
            + "</p>"]
    body += [f'<p class="warn">{_e(line)}</p>' for line in notes(result, lang)]
    body += [_chart_block(title, fig, None, lang) for title, fig in blocks]
    body.append(_table_html(comparison(result, lang), lang))
    body.append("<h2>" + _e(i18n.label("projection.sheet_defs", lang)) + "</h2><ul>"
                + "".join(f"<li>{_e(i18n.label(f'projection.{k}', lang))}</li>"
                          for k in DEFINITIONS) + "</ul>")
    return (f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_e(i18n.label('projection.title', lang))}</title>\n<style>{CSS}</style>\n"
            f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>\n'
            "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _table_html(frame: pl.DataFrame, lang: str) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    rows = "".join(
        f"<tr><td>{row[0]}</td>"
        + "".join(f'<td class="num">{_e(i18n.value(v, lang))}</td>' for v in row[1:]) + "</tr>"
        for row in frame.iter_rows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"



def print_comparison(result: ProjectionResult, outputs: list[Path]) -> None:
    """The comparison table on the console, then where the files are."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    lang = result.lang
    console = Console(width=max(110, Console().width))
    frame = comparison(result, lang)
    table = Table(title=i18n.label("projection.title", lang))
    for c in frame.columns:  # Text: a scenario label is never read as rich markup
        table.add_column(Text(c), justify="right", min_width=16, overflow="fold")
    for row in frame.iter_rows():
        table.add_row(str(row[0]), *(i18n.value(v, lang) for v in row[1:]))
    console.print(Text(i18n.message("projection.period", {
        "start": result.start, "end": result.end, "as_of": result.as_of}, lang)))
    for line in notes(result, lang):
        console.print(Text(line))
    console.print(table)
    for path in outputs:
        console.print(f"{i18n.label('projection.outputs', lang)}: {path}", soft_wrap=True,
                      markup=False, highlight=False)
