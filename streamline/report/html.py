"""A single self-contained HTML report: key figures, charts and small tables.

Many agencies have no internet, so plotly.js is inlined (once; every figure reuses it) and the
page references nothing outside itself. Every string that came from an input file is escaped,
including those handed to plotly, which renders a subset of HTML inside labels.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from decimal import Decimal
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline
import polars as pl

from streamline.report import (
    atomic_write,
    coverage_sentence,
    i18n,
    localize,
    run_dates,
    summary_items,
    unconfirmed_count,
    with_total,
)
from streamline.result import AnalysisResult

TOP_N = 30
LABEL_CHARS = 60
FONT = "Segoe UI, Roboto, Noto Sans, DejaVu Sans, Arial, sans-serif"
# Salary-fund parts shown separately; every other allowance is summed as "other".
FUND_PARTS = ("salary", "leadership", "seniority", "public_service")
OTHER_ALLOWANCES = (
    "regional",
    "responsibility",
    "profession_pref",
    "prof_seniority",
    "party_union",
    "reserved",
)
COLORS = {
    "present": "#2E75B6",
    "quota": "#A9A9A9",
    "target": "#2E75B6",
    "retiring_by_horizon": "#70AD47",
    "gap": "#C00000",
    "M": "#2E75B6",
    "F": "#D9598C",
    "retiring_counted": "#70AD47",
    "proposed_toward_gap": "#ED7D31",
    "remaining_gap": "#D9D9D9",
    "one_off_cost_known": "#C00000",
    "annual_saving": "#70AD47",
}
# Offline page: no "edit in Chart Studio" link; only the buttons an HR officer needs.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": [
        "zoom2d",
        "pan2d",
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
    ],
}
CSS = (
    f"body{{font-family:{FONT};margin:0 auto;max-width:1200px;padding:16px 24px}}"
    + """
body{color:#222} h1{font-size:1.6em;margin-bottom:4px} h2{font-size:1.25em;margin-top:32px;
border-bottom:2px solid #DDEBF7;padding-bottom:4px}
.meta{color:#555} .warn{background:#FFF2CC;border-left:4px solid #C00000;padding:8px 12px;
margin:12px 0;font-weight:600} .note{color:#777;font-style:italic}
table{border-collapse:collapse;margin:8px 0;font-size:0.92em}
th,td{border:1px solid #D0D7DE;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#DDEBF7} td.n{text-align:right;white-space:nowrap}
tr.total td{font-weight:700;background:#F2F2F2} tr.flag td{background:#FFF2CC}
@media print{.chart{page-break-inside:avoid}}
"""
)


def write_html(result: AnalysisResult, path: str | os.PathLike, lang: str | None = None) -> Path:
    """Write the report atomically; `lang` defaults to the run's language."""
    page = render_html(result, lang or result.lang)
    return atomic_write(
        path, lambda tmp: tmp.write_text(page, encoding="utf-8"), inputs=result.inputs
    )


def render_html(result: AnalysisResult, lang: str) -> str:
    """The whole page as one string."""
    t = result.tables
    staff = t.get("staff", pl.DataFrame())
    charts = [
        (i18n.label("chart.positions", lang), _positions_chart(t.get("positions"), lang)),
        (i18n.label("chart.targets", lang), _targets_chart(t.get("targets"), lang)),
        (i18n.label("chart.coverage", lang), _coverage_chart(t.get("targets"), lang)),
        (i18n.label("chart.cost_saving", lang), _cost_saving_chart(t.get("targets"), lang)),
        (i18n.label("chart.fund", lang), _fund_chart(staff, lang)),
        (i18n.label("chart.age", lang), _age_chart(staff, lang)),
        (i18n.label("chart.retirements", lang), _retirement_chart(result, staff, lang)),
    ]
    parts = [_header(result, lang), _key_figures(result, lang)]
    for title, fig in charts:
        parts.append(f"<h2>{_e(title)}</h2>")
        if fig is None:
            parts.append(f'<p class="note">{_e(i18n.label("report.no_data", lang))}</p>')
        else:
            fig.update_layout(
                template="plotly_white",
                font={"family": FONT},
                separators=",." if lang != "en" else ".,",
                margin={"t": 70, "r": 20},
                legend={
                    "orientation": "h",
                    "x": 0,
                    "xanchor": "left",
                    "y": 1.0,
                    "yanchor": "top",
                    "yref": "container",
                },
            )
            parts.append(
                '<div class="chart">'
                + fig.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG)
                + "</div>"
            )
    for name in ("targets", "issues", "parameters"):
        if name in t:
            parts.append(f"<h2>{_e(i18n.sheet(name, lang))}</h2>")
            parts.append(_section_table(name, t[name], lang, result.facts))
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(i18n.label('report.title', lang))}</title>\n<style>{CSS}</style>\n"
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>\n'
        "</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n"
    )


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _plot_label(value: object) -> str:
    """Shortened and escaped: plotly would otherwise interpret <b>, <a href> … in input text."""
    text = "" if value is None else str(value)
    if len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1] + "…"
    return html.escape(text)


def _categories(values: list[object]) -> list[str]:
    """Axis labels, made unique: plotly would merge two bars whose shortened labels match."""
    seen: dict[str, int] = {}
    out = []
    for value in values:
        label = _plot_label(value)
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _cell(value: object, col: str, lang: str) -> tuple[str, bool]:
    """Display text of one value and whether it is a number (right-aligned)."""
    if isinstance(value, bool) or value is None:
        return _e(value), False
    if col == "figure":  # key figures arrive as formatted text or whole numbers
        return _e(value if isinstance(value, str) else i18n.integer(value, lang)), True
    if isinstance(value, int):
        return i18n.integer(value, lang), True
    if isinstance(value, (Decimal, float)):
        if col == "rate":
            return i18n.percent(value, lang), True
        return i18n.decimal(round(Decimal(str(value)), 2), lang), True
    if isinstance(value, dt.date):
        return i18n.date(value), False
    return _e(value), False


def _html_table(
    rows: list[list[object]],
    headers: list[str],
    cols: list[str],
    lang: str,
    row_classes: list[str] | None = None,
) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for value, col in zip(row, cols, strict=True):
            text, numeric = _cell(value, col, lang)
            cells.append(f'<td class="n">{text}</td>' if numeric else f"<td>{text}</td>")
        cls = row_classes[i] if row_classes else ""
        body.append((f'<tr class="{cls}">' if cls else "<tr>") + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _header(result: AnalysisResult, lang: str) -> str:
    as_of, horizon = run_dates(result, lang)
    files = ", ".join(Path(p).name for p in result.inputs)
    out = [
        f"<h1>{_e(i18n.label('report.title', lang))}</h1>",
        f'<p class="meta">{_e(i18n.label("report.as_of", lang))}: <b>{_e(as_of)}</b> · '
        f"{_e(i18n.label('report.horizon', lang))}: <b>{_e(horizon)}</b><br>"
        f"{_e(i18n.label('report.inputs', lang))}: {_e(files)}</p>",
    ]
    if sentence := coverage_sentence(result, lang):
        out.append(f'<p class="meta"><b>{_e(sentence)}</b></p>')
    n = unconfirmed_count(result)
    if n:
        out.append(f'<p class="warn">{_e(i18n.label("report.unconfirmed", lang).format(n=n))}</p>')
    if result.masked:
        out.append(f'<p class="warn">{_e(i18n.label("report.masked", lang))}</p>')
    return "\n".join(out)


def _key_figures(result: AnalysisResult, lang: str) -> str:
    summary = result.tables.get("summary")
    if summary is None or summary.is_empty():
        return ""
    rows = [[label, value] for _, label, value in summary_items(result, lang)]
    headers = [i18n.column("key", lang), i18n.column("value", lang)]
    return f"<h2>{_e(i18n.label('report.key_figures', lang))}</h2>" + _html_table(
        rows, headers, ["key", "figure"], lang
    )


def _section_table(name: str, frame: pl.DataFrame, lang: str, facts: dict) -> str:
    """Targets per unit, issue counts by severity, parameters with unconfirmed rows flagged."""
    if name == "issues":
        frame = (
            frame.group_by("severity")
            .agg(pl.len().cast(pl.Int64).alias("count"))
            .sort("count", descending=True)
        )
        if frame.is_empty():
            return f'<p class="note">{_e(i18n.label("report.no_data", lang))}</p>'
    frame, has_total = with_total(name, frame, lang)
    shown = localize(name, frame, lang, facts)
    classes = None
    if has_total:
        classes = [""] * (frame.height - 1) + ["total"]
    if name == "parameters" and "confirmed" in frame.columns:
        classes = ["" if ok else "flag" for ok in frame["confirmed"].to_list()]
    headers = [i18n.column(c, lang) for c in shown.columns]
    return _html_table(shown.rows(), headers, shown.columns, lang, classes)


def _top(frame: pl.DataFrame, by: pl.Expr) -> pl.DataFrame:
    return frame.sort(by, descending=True, nulls_last=True).head(TOP_N)


def _hbar_layout(fig: go.Figure, n: int, x_title: str, **extra) -> go.Figure:
    """Horizontal bars: long Vietnamese position and unit names stay readable."""
    fig.update_layout(height=max(260, 130 + 26 * n), **extra)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(automargin=True)
    return fig


def _positions_chart(positions: pl.DataFrame | None, lang: str) -> go.Figure | None:
    if positions is None or positions.is_empty():
        return None
    several_units = positions["unit"].n_unique() > 1
    top = _top(positions, pl.col("difference").abs()).reverse()
    labels = _categories(
        [
            f"{p} — {u}" if several_units else p
            for p, u in zip(top["position"].to_list(), top["unit"].to_list(), strict=True)
        ]
    )
    fig = go.Figure()
    for col in ("quota", "present"):
        fig.add_bar(
            y=labels,
            x=top[col].to_list(),
            name=_plot_label(i18n.column(col, lang)),
            orientation="h",
            marker_color=COLORS[col],
        )
    title = ""
    if positions.height > TOP_N:
        title = _plot_label(i18n.label("report.top_note", lang).format(n=TOP_N))
    return _hbar_layout(
        fig,
        len(labels),
        i18n.label("chart.people", lang),
        barmode="group",
        legend_traceorder="reversed",
        title={"text": title, "font": {"size": 12}},
    )


def _unit_bars(
    units: pl.DataFrame, order_by: str, cols: tuple[str, ...], lang: str
) -> tuple[go.Figure, list[str], pl.DataFrame]:
    """Horizontal bars per unit (the largest `order_by` on top), one trace per column."""
    top = _top(units, pl.col(order_by)).reverse()
    labels = _categories(top["unit"].to_list())
    fig = go.Figure()
    for col in cols:
        fig.add_bar(
            y=labels,
            x=top[col].to_list(),
            name=_plot_label(i18n.column(col, lang)),
            orientation="h",
            marker_color=COLORS[col],
        )
    return fig, labels, top


def _targets_chart(targets: pl.DataFrame | None, lang: str) -> go.Figure | None:
    if targets is None:
        return None
    units = targets.filter(pl.col("unit").is_not_null())
    if units.is_empty():
        return None
    fig, labels, _ = _unit_bars(units, "target", ("gap", "retiring_by_horizon", "target"), lang)
    return _hbar_layout(
        fig,
        len(labels),
        i18n.label("chart.people", lang),
        barmode="group",
        legend_traceorder="reversed",
    )


def _units_with(targets: pl.DataFrame | None, cols: tuple[str, ...]) -> pl.DataFrame | None:
    """Unit rows of the targets table when it carries `cols` (the streamlining figures)."""
    if targets is None or not set(cols) <= set(targets.columns):
        return None
    units = targets.filter(pl.col("unit").is_not_null() & (pl.col("target") > 0))
    return None if units.is_empty() else units


def _coverage_chart(targets: pl.DataFrame | None, lang: str) -> go.Figure | None:
    """Retirements and proposals stacked against each unit's target (a tick)."""
    units = _units_with(targets, ("proposed_toward_gap", "retiring_counted", "remaining_gap"))
    if units is None:
        return None
    fig, labels, top = _unit_bars(
        units, "target", ("retiring_counted", "proposed_toward_gap", "remaining_gap"), lang
    )
    fig.add_scatter(
        y=labels,
        x=top["target"].to_list(),
        mode="markers",
        name=_plot_label(i18n.column("target", lang)),
        marker={"symbol": "line-ns-open", "size": 22, "line": {"width": 3}, "color": "#1F1F1F"},
    )
    return _hbar_layout(fig, len(labels), i18n.label("chart.people", lang), barmode="stack")


def _cost_saving_chart(targets: pl.DataFrame | None, lang: str) -> go.Figure | None:
    """What the proposals cost once, beside what they save each year."""
    units = _units_with(targets, ("one_off_cost_known", "annual_saving"))
    if units is None:
        return None
    units = units.filter((pl.col("one_off_cost_known") > 0) | (pl.col("annual_saving") > 0))
    if units.is_empty():
        return None
    fig, labels, _ = _unit_bars(
        units, "one_off_cost_known", ("annual_saving", "one_off_cost_known"), lang)
    fig.update_xaxes(tickformat=",d")
    return _hbar_layout(
        fig,
        len(labels),
        i18n.label("chart.vnd_total", lang),
        barmode="group",
        legend_traceorder="reversed",
    )


def _fund_chart(staff: pl.DataFrame, lang: str) -> go.Figure | None:
    if staff.is_empty() or "unit" not in staff.columns:
        return None

    def money(cols: tuple[str, ...]) -> pl.Expr:
        present = [pl.col(c).fill_null(0) for c in cols if c in staff.columns]
        return pl.sum_horizontal(present) if present else pl.lit(0)

    parts = {c: money((c,)) for c in FUND_PARTS}
    parts["other"] = money(OTHER_ALLOWANCES)
    parts["employer_contrib"] = money(("employer_contrib",))
    by_unit = staff.group_by("unit").agg(**{k: e.sum() for k, e in parts.items()})
    by_unit = _top(by_unit, pl.sum_horizontal(list(parts))).reverse()
    labels = _categories(by_unit["unit"].to_list())
    fig = go.Figure()
    for key in parts:
        name = (
            i18n.label("report.other_allowances", lang)
            if key == "other"
            else i18n.column(key, lang)
        )
        fig.add_bar(
            y=labels,
            x=by_unit[key].to_list(),
            name=_plot_label(name),
            orientation="h",
            hovertemplate="%{y}: %{x:,.0f}<extra>%{fullData.name}</extra>",
        )
    return _hbar_layout(
        fig,
        len(labels),
        i18n.label("chart.vnd", lang),
        barmode="stack",
        legend_traceorder="normal",
        xaxis_tickformat=",.0f",
    )


def _age_chart(staff: pl.DataFrame, lang: str) -> go.Figure | None:
    if staff.is_empty() or not {"age", "sex"} <= set(staff.columns):
        return None
    bands = (
        staff.filter(pl.col("age").is_not_null() & pl.col("sex").is_in(["M", "F"]))
        .with_columns(band=(pl.col("age") // 5 * 5))
        .group_by("band", "sex")
        .agg(pl.len().alias("n"))
    )
    if bands.is_empty():
        return None
    lo, hi = bands["band"].min(), bands["band"].max()
    order = list(range(lo, hi + 5, 5))
    names = [f"{b}–{b + 4}" for b in order]
    counts = {(b, s): n for b, s, n in bands.select("band", "sex", "n").iter_rows()}
    fig = go.Figure()
    for sex, sign in (("M", -1), ("F", 1)):
        values = [counts.get((b, sex), 0) for b in order]
        fig.add_bar(
            y=names,
            x=[sign * v for v in values],
            customdata=values,
            orientation="h",
            name=_plot_label(i18n.coded("sex", sex, lang)),
            marker_color=COLORS[sex],
            hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>",
        )
    peak = max(counts.values())
    step = max(1, round(peak / 4))
    ticks = list(range(-step * 4, step * 4 + 1, step))
    return _hbar_layout(
        fig,
        len(names),
        i18n.label("chart.people", lang),
        barmode="relative",
        bargap=0.05,
        xaxis={"tickvals": ticks, "ticktext": [abs(v) for v in ticks]},
        yaxis_title=i18n.label("chart.age_band", lang),
    )


def _retirement_chart(result: AnalysisResult, staff: pl.DataFrame, lang: str) -> go.Figure | None:
    """Natural retirements per year up to the horizon (in-scope staff, the target's baseline)."""
    if staff.is_empty() or "retirement_month" not in staff.columns:
        return None
    people = staff.filter(pl.col("in_scope")) if "in_scope" in staff.columns else staff
    years = people.select(
        year=pl.col("retirement_month").dt.year(),
        past=pl.col("past_retirement") if "past_retirement" in people.columns else pl.lit(False),
    )
    past = int(years["past"].sum())
    per_year = dict(years.filter(~pl.col("past")).group_by("year").len().iter_rows())
    span = range(result.as_of.year, result.horizon.year + 1)
    if not past and not any(per_year.get(y) for y in span):
        return None
    x = [_plot_label(i18n.label("report.past_retirement", lang))] + [str(y) for y in span]
    y = [past] + [per_year.get(year, 0) for year in span]
    fig = go.Figure(
        go.Bar(
            x=x,
            y=y,
            marker_color=["#C00000"] + ["#2E75B6"] * len(span),
            text=y,
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
        )
    )
    fig.update_layout(
        height=380,
        yaxis_title=i18n.label("chart.people", lang),
        xaxis={"type": "category", "title": i18n.label("chart.year", lang)},
    )
    return fig
