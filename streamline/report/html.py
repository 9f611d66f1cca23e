"""A single self-contained HTML report: the director's headline, the charts that matter, then
the tables (long ones collapsed).

The first screen (1366×768) holds the headline: large figures (people in scope, the target and
how it is covered, the one-off cost, the yearly saving, the payback) and one sentence saying what
is unknown or unconfirmed. Many agencies have no internet, so plotly.js is inlined (once; every
figure reuses it) and the page references nothing outside itself. Every string that came from an
input file is escaped, including those handed to plotly, which renders a subset of HTML inside
labels. Numbers follow the page's language (1.234.567 and 19,2 in Vietnamese), in the text, the
tables and the charts; the page prints on A4.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from decimal import Decimal
from pathlib import Path

import plotly.graph_objects as go
import plotly.io
import plotly.offline
import polars as pl

from streamline.report import (
    atomic_write,
    i18n,
    incomplete_sentence,
    left_out,
    localize,
    run_dates,
    shows_units,
    summary_items,
    tables_note,
    tree_that_fits,
    unconfirmed_count,
    with_total,
)
from streamline.result import AnalysisResult

TOP_N = 30
LABEL_CHARS = 60
LONG_TABLE = 12  # tables with more rows start collapsed
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
# plotly_white without its 3-D, map and polar parts: the same look at ~1 KB a chart, not ~7 KB.
_WHITE = plotly.io.templates["plotly_white"]
TEMPLATE = go.layout.Template(
    layout={k: _WHITE.layout[k] for k in ("colorway", "font", "hovermode", "hoverlabel",
                                          "paper_bgcolor", "plot_bgcolor", "xaxis", "yaxis",
                                          "title")},
    data={"bar": _WHITE.data.bar, "scatter": _WHITE.data.scatter},
)
INT = ",d"  # d3 format: grouped with the page's separators (1.234.567 in Vietnamese)
CSS = (
    f"body{{font-family:{FONT};margin:0 auto;max-width:1200px;padding:12px 24px}}"
    + """
body{color:#222} h1{font-size:1.5em;margin:0 0 4px} h2{font-size:1.25em;margin-top:28px;
border-bottom:2px solid #DDEBF7;padding-bottom:4px}
.meta{color:#555;margin:0 0 10px} .note{color:#555;font-style:italic}
.headline{margin:8px 0 4px}
.cards{display:flex;flex-wrap:wrap;align-items:stretch;gap:8px;margin:0 0 10px}
.card{flex:1 1 150px;background:#F5F8FC;border-top:4px solid #2E75B6;border-radius:4px;
padding:8px 12px;min-width:0}
.card .big{font-size:2.4em;font-weight:700;line-height:1.15;color:#1F3864;
font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.card .unit{font-size:0.45em;font-weight:600;color:#555}
.card .lbl{font-weight:600;color:#333;margin-top:2px}
.card .sub{color:#555;font-size:0.88em;margin-top:2px}
.card.scope{border-top-color:#7F7F7F;flex-grow:1.3} .card.target{border-top-color:#1F1F1F}
.card.retiring{border-top-color:#70AD47} .card.proposed{border-top-color:#ED7D31}
.card.remaining{border-top-color:#BFBFBF} .card.bad .big{color:#C00000}
.card.cost{border-top-color:#C00000} .card.saving{border-top-color:#70AD47}
.card.payback{border-top-color:#2E75B6} .card.money{flex-basis:260px}
.card.unknown .big{font-size:1.6em;color:#C00000}
.op{align-self:center;font-size:2em;font-weight:700;color:#555;padding:0 2px}
.sep{flex:0 0 12px}
.warn{background:#FFF2CC;border-left:4px solid #C00000;padding:8px 12px;margin:8px 0;
font-weight:600}
.tw{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:8px 0;font-size:0.92em;max-width:100%}
th,td{border:1px solid #D0D7DE;padding:4px 8px;text-align:left;vertical-align:top;
overflow-wrap:break-word;hyphens:auto}
th{background:#DDEBF7} td.n{text-align:right;white-space:nowrap} td:first-child{min-width:9em}
tr.total td{font-weight:700;background:#F2F2F2} tr.flag td{background:#FFF2CC}
details{margin:16px 0} summary{cursor:pointer} summary h2{display:inline;border:0;margin:0}
summary .count{color:#555;margin-left:8px}
@page{size:A4;margin:12mm}
@page wide{size:A4 landscape;margin:10mm}
@media print{
body{max-width:none;padding:0;font-size:10pt}
.cards{break-inside:avoid;flex-wrap:nowrap;gap:6px} .warn{break-inside:avoid}
.card{flex:1 1 0;padding:6px 8px} .card .big{font-size:1.7em} .card.money{flex-basis:0}
.card.unknown .big{font-size:1.2em} .op{font-size:1.5em} .sep{flex:0 0 4px}
section.sec{break-before:page} h2{break-after:avoid} section.sec>:first-child h2{margin-top:0}
.block{break-inside:avoid} section.tables{page:wide}
.chart{max-width:100%;overflow:hidden}
.modebar-container{display:none}
.tw{overflow:visible} table{font-size:7.5pt} th,td{padding:2px 4px}
thead{display:table-header-group} tr{break-inside:avoid}
}
"""
)
# Charts are drawn for the screen's width; on paper they are redrawn for the page (A4 portrait,
# 12 mm margins: 186 mm ≈ 703 px), then back after printing.
PRINT_JS = """(function () {
  var plots = function () { return document.querySelectorAll('.js-plotly-plot'); };
  window.addEventListener('beforeprint', function () {
    plots().forEach(function (gd) { Plotly.relayout(gd, {width: 680}); });
  });
  window.addEventListener('afterprint', function () {
    plots().forEach(function (gd) { Plotly.relayout(gd, {width: null, autosize: true}); });
  });
})();"""


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
    targets = t.get("targets")
    coverage = _coverage_chart(targets, lang)
    positions, positions_note = _positions_chart(t.get("positions"), lang)
    # Three groups, each starting a page on paper: the target (under the headline; the
    # coverage chart answers what the targets chart does, and how the rest is covered), the
    # positions and the money, the people.
    groups: list[list[tuple[str, go.Figure | None, str | None]]] = [
        [(i18n.label("chart.coverage", lang), coverage, None) if coverage is not None
         else (i18n.label("chart.targets", lang), _targets_chart(targets, lang), None)],
        [(i18n.label("headline.positions_chart", lang), positions, positions_note)],
        [(i18n.label("chart.retirements", lang), _retirement_chart(result, staff, lang), None),
         (i18n.label("chart.age", lang), _age_chart(staff, lang), None),
         (i18n.label("chart.fund", lang), _fund_chart(staff, lang), None)],
    ]
    if _units_with(targets, ("one_off_cost_known", "annual_saving")) is not None:
        groups[1].append(
            (i18n.label("chart.cost_saving", lang), _cost_saving_chart(targets, lang), None))
    parts = [_header(result, lang), _headline(result, lang)]
    for i, group in enumerate(groups):
        parts.append('<section class="first">' if i == 0 else '<section class="sec">')
        parts += [_chart_block(title, fig, note, lang) for title, fig, note in group]
        parts.append("</section>")
    parts.append(_tables(result, lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(i18n.label('report.title', lang))}</title>\n<style>{CSS}</style>\n"
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>\n'
        "</head>\n<body>\n" + "\n".join(parts)
        + f"\n<script>{PRINT_JS}</script>\n</body>\n</html>\n"
    )


def _chart_block(title: str, fig: go.Figure | None, note: str | None, lang: str) -> str:
    """A chart under its heading (kept on one page when printed), or a line saying why not."""
    out = [f'<div class="block">\n<h2>{_e(title)}</h2>']
    if note:
        out.append(f'<p class="note">{_e(note)}</p>')
    if fig is None:
        if not note:
            out.append(f'<p class="note">{_e(i18n.label("report.no_data", lang))}</p>')
    else:
        fig.update_layout(
            template=TEMPLATE,
            font={"family": FONT},
            separators=",." if lang != "en" else ".,",
            margin={"t": 70, "r": 20},
            legend={  # from the page's left edge: the labels' margin leaves it no room
                "orientation": "h",
                "x": 0,
                "xref": "container",
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "top",
                "yref": "container",
            },
        )
        # Every number grouped in the page's way (1.000, not 1000 nor 1k; no "1B").
        fig.update_xaxes(separatethousands=True, exponentformat="none")
        fig.update_yaxes(separatethousands=True, exponentformat="none")
        out.append(
            '<div class="chart">'
            + fig.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG)
            + "</div>"
        )
    out.append("</div>")
    return "\n".join(out)


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
    return (f'<div class="tw"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def _header(result: AnalysisResult, lang: str) -> str:
    as_of, horizon = run_dates(result, lang)
    files = ", ".join(Path(p).name for p in result.inputs)
    return (
        f"<h1>{_e(i18n.label('report.title', lang))}</h1>\n"
        f'<p class="meta">{_e(i18n.label("report.as_of", lang))}: <b>{_e(as_of)}</b> · '
        f"{_e(i18n.label('report.horizon', lang))}: <b>{_e(horizon)}</b> · "
        f"{_e(i18n.label('report.inputs', lang))}: {_e(files)}</p>"
    )


def _card(big: str, label: str, cls: str, unit: str = "", sub: str = "") -> str:
    """One headline figure: the large number, its unit, what it is, and a note under it."""
    unit_html = f' <span class="unit">{_e(unit)}</span>' if unit else ""
    sub_html = f'<div class="sub">{_e(sub)}</div>' if sub else ""
    return (f'<div class="card {cls}"><div class="big">{_e(big)}{unit_html}</div>'
            f'<div class="lbl">{_e(label)}</div>{sub_html}</div>')


def _count_card(result: AnalysisResult, key: str, label: str, cls: str, lang: str,
                sub: str = "") -> str:
    """A count, or "chưa tính" when none of its people could be computed; the people it
    leaves out are said under it."""
    value = result.figure(key)
    if missing := left_out(result, key, lang):
        short = i18n.message("report.figure_short", {"what": "; ".join(missing)}, lang)
        sub = f"{sub}; {short}" if sub else short
    if value is None:
        return _card(i18n.label("report.not_computed", lang), label, f"{cls} unknown", sub=sub)
    return _card(i18n.integer(value, lang), label, cls, sub=sub)


def _shown(result: AnalysisResult, key: str, lang: str) -> bool:
    """The run has this figure, or says why it is not computed."""
    return result.figure(key) is not None or bool(left_out(result, key, lang))


def _people_cards(result: AnalysisResult, lang: str) -> list[str]:
    """People in scope, then the target as a sum: retirements + proposals + not coverable."""
    f = result.figure
    cards = []
    if _shown(result, "in_scope", lang):
        cards.append(_count_card(result, "in_scope", i18n.label("headline.in_scope", lang),
                                 "scope", lang))
    if not _shown(result, "target_total", lang):
        return cards
    if cards:
        cards.append('<div class="sep"></div>')
    rate = i18n.message("headline.target_rate", {"horizon": f("horizon"), "rate": f("rate")},
                        lang).replace(" %", "\u00a0%")  # "20 %" kept on one line
    cards.append(_count_card(result, "target_total", i18n.label("headline.target", lang),
                             "target", lang, rate))
    parts = ("retiring_counted_total", "proposed_toward_gap", "remaining_gap_total")
    if all(f(k) is not None for k in parts):
        proposed, toward = f("proposed_total"), f("proposed_toward_gap")
        more = (i18n.message("headline.proposed_all", {"n": proposed}, lang)
                if proposed is not None and proposed != toward else "")
        retiring, counted = f("retiring_total"), f("retiring_counted_total")
        beyond = (i18n.message("headline.retiring_all", {"n": retiring}, lang)
                  if retiring is not None and retiring != counted else "")
        cards += [
            '<div class="op">=</div>',
            _count_card(result, "retiring_counted_total",
                        i18n.label("headline.retiring", lang), "retiring", lang, beyond),
            '<div class="op">+</div>',
            _count_card(result, "proposed_toward_gap", i18n.label("headline.proposed", lang),
                        "proposed", lang, more),
            '<div class="op">+</div>',
            _count_card(result, "remaining_gap_total", i18n.label("headline.remaining", lang),
                        "remaining bad" if f("remaining_gap_total") else "remaining", lang),
        ]
    else:  # a run without proposals: retirements by the horizon and what is left
        for key, cls in (("retiring_total", "retiring"), ("gap_total", "remaining")):
            if _shown(result, key, lang):
                cards.append(_count_card(result, key, i18n.label(f"summary.{key}", lang), cls,
                                         lang))
    return cards


def _money_cards(result: AnalysisResult, lang: str) -> list[str]:
    """One-off cost (or what is known of it), yearly saving, payback in months."""
    f = result.figure
    if f("proposed_total") is None:
        return []
    vnd = i18n.label("headline.vnd", lang)
    unknown = f("payouts_unknown") or 0
    not_computed = i18n.label("headline.not_computed", lang)
    cost_label = i18n.label("headline.cost", lang)
    if f("one_off_cost") is not None:
        cost = _card(i18n.integer(f("one_off_cost"), lang), cost_label, "money cost", vnd)
    else:
        known = i18n.message("headline.cost_known", {
            "known": f("one_off_cost_known") or 0, "unknown": unknown,
            "proposed": f("proposed_total")}, lang) if unknown else ""
        cost = _card(not_computed, cost_label, "money cost unknown", sub=known)
    saving_label = i18n.label("headline.saving", lang)
    if f("annual_saving") is not None:
        saving = _card(i18n.integer(f("annual_saving"), lang), saving_label, "money saving",
                       vnd)
    else:
        saving = _card(not_computed, saving_label, "money saving unknown")
    payback_label = i18n.label("headline.payback", lang)
    how = i18n.label("headline.payback_how", lang)
    months = f("payback_months")
    if months is not None:
        payback = _card(i18n.decimal(round(Decimal(str(months)), 1), lang), payback_label,
                        "payback", i18n.label("headline.months", lang), how)
    elif unknown or f("one_off_cost") is None:
        payback = _card(not_computed, payback_label, "payback unknown", sub=how)
    else:  # nothing proposed, nothing saved
        payback = _card(i18n.label("headline.none", lang), payback_label, "payback")
    return [cost, saving, payback]


def _warning(result: AnalysisResult, lang: str) -> str:
    """One sentence on what the figures above do not know or have not confirmed."""
    f = result.figure
    parts = []
    if f("payouts_unknown"):
        parts.append(i18n.message("headline.warn_payouts", {
            "unknown": f("payouts_unknown"), "proposed": f("proposed_total")}, lang))
    if n := unconfirmed_count(result):
        parts.append(i18n.message("headline.warn_unconfirmed", {"n": n}, lang))
    if f("not_analysed"):
        parts.append(i18n.message("headline.warn_not_analysed", {"n": f("not_analysed")}, lang))
    if result.masked:
        parts.append(i18n.label("headline.warn_masked", lang))
    if not parts:
        return ""
    return f'<p class="warn">{_e(i18n.label("headline.warn_lead", lang) + "; ".join(parts))}.</p>'


def _headline(result: AnalysisResult, lang: str) -> str:
    """The director's first screen: what the run could not compute (when it could not), large
    figures, then one sentence of warning."""
    summary = result.tables.get("summary")
    rows = []
    if summary is not None and not summary.is_empty():
        rows = [r for r in (_people_cards(result, lang), _money_cards(result, lang)) if r]
    body = "".join(f'<div class="cards">{"".join(r)}</div>' for r in rows)
    sentence = incomplete_sentence(result, lang)
    lead = f'<p class="warn incomplete">{_e(sentence)}</p>' if sentence else ""
    return (f'<section id="headline" class="headline">{lead}{body}{_warning(result, lang)}'
            "</section>")


def _collapsible(title: str, table: str, rows: int, lang: str) -> str:
    """A table under its heading; long ones start closed (the heading opens them)."""
    opened = " open" if rows <= LONG_TABLE else ""
    count = _e(i18n.message("headline.rows", {"n": rows}, lang))
    return (f"<details{opened}><summary><h2>{_e(title)}</h2>"
            f'<span class="count">({count})</span></summary>{table}</details>')


def _tables(result: AnalysisResult, lang: str) -> str:
    """Targets per unit (past UNIT_DETAIL_MAX units, the unit tree's top levels instead),
    every key figure, data issues, then the parameters (always last)."""
    t = result.tables
    out = []
    if "targets" in t and shows_units(result):
        out.append(_collapsible(i18n.sheet("targets", lang),
                                *_section_table("targets", t["targets"], lang, result.facts),
                                lang))
    elif "targets" in t and "rollup" in t:
        note = tables_note(result, "targets", "report.units_in_tables", lang)
        tree = tree_that_fits(t["rollup"]).drop("node_name", "parent_path")
        table, rows = _section_table("rollup", tree, lang, result.facts)
        out.append(_collapsible(i18n.sheet("rollup", lang),
                                f'<p class="note">{_e(note)}</p>{table}', rows, lang))
    summary = t.get("summary")
    if summary is not None and not summary.is_empty():
        items = [[label, value] for _, label, value in summary_items(result, lang)]
        headers = [i18n.column("key", lang), i18n.column("value", lang)]
        out.append(_collapsible(i18n.label("report.key_figures", lang),
                                _html_table(items, headers, ["key", "figure"], lang),
                                len(items), lang))
    for name in ("issues", "parameters"):
        if name in t:
            out.append(_collapsible(i18n.sheet(name, lang),
                                    *_section_table(name, t[name], lang, result.facts), lang))
    if not out:
        return ""
    return '<section class="sec tables">\n' + "\n".join(out) + "\n</section>"


def _section_table(name: str, frame: pl.DataFrame, lang: str, facts: dict
                   ) -> tuple[str, int]:
    """Targets per unit, issue counts by severity, parameters with unconfirmed rows flagged;
    and the number of rows shown (the total line aside)."""
    if name == "issues":
        frame = (
            frame.group_by("severity")
            .agg(pl.len().cast(pl.Int64).alias("count"))
            .sort("count", descending=True)
        )
        if frame.is_empty():
            return f'<p class="note">{_e(i18n.label("report.no_data", lang))}</p>', 0
    if name == "targets":
        if "payouts_unknown" in frame.columns and not frame["payouts_unknown"].fill_null(0).sum():
            # Every payout is known: the known cost is the cost, and nobody is unknown.
            frame = frame.drop(c for c in ("one_off_cost_known", "payouts_unknown")
                               if c in frame.columns)
    rows = frame.height
    frame, has_total = with_total(name, frame, lang)
    shown = localize(name, frame, lang, facts)
    if name == "parameters" and "label" in shown.columns:  # "(due 2027-07-01)" → 01/07/2027
        shown = shown.with_columns(pl.col("label").str.replace_all(
            r"\b(\d{4})-(\d{2})-(\d{2})\b", "${3}/${2}/${1}"))
    classes = None
    if has_total:
        classes = [""] * (frame.height - 1) + ["total"]
    if name == "parameters" and "confirmed" in frame.columns:
        classes = ["" if ok else "flag" for ok in frame["confirmed"].to_list()]
    headers = [i18n.column(c, lang) for c in shown.columns]
    return _html_table(shown.rows(), headers, shown.columns, lang, classes), rows


def _top(frame: pl.DataFrame, by: pl.Expr) -> pl.DataFrame:
    return frame.sort(by, descending=True, nulls_last=True).head(TOP_N)


def _hbar_layout(fig: go.Figure, n: int, x_title: str, **extra) -> go.Figure:
    """Horizontal bars: long Vietnamese position and unit names stay readable."""
    fig.update_layout(height=max(260, 130 + 26 * n), **extra)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(automargin=True)
    return fig


def _positions_chart(positions: pl.DataFrame | None, lang: str
                     ) -> tuple[go.Figure | None, str | None]:
    """Only the positions over or under quota, the largest difference on top, and a line on
    the rest (at quota, without a quota)."""
    if positions is None or positions.is_empty():
        return None, None
    off = positions.filter(pl.col("difference").is_not_null() & (pl.col("difference") != 0))
    at_quota = positions.filter(pl.col("difference") == 0).height
    no_quota = positions.filter(pl.col("difference").is_null()).height
    rest = []
    if off.height and at_quota:
        rest.append(i18n.message("headline.positions_at_quota", {"n": at_quota}, lang))
    if no_quota:
        rest.append(i18n.message("headline.positions_no_quota", {"n": no_quota}, lang))
    if off.is_empty():
        lead = (i18n.message("headline.positions_all_at_quota", {"n": at_quota}, lang)
                if at_quota else "")
        return None, " ".join([lead, "; ".join(rest)]).strip() or None
    if off.height > TOP_N:
        lead = i18n.message("headline.positions_top", {"shown": TOP_N, "n": off.height}, lang)
    else:
        lead = i18n.message("headline.positions_shown", {"n": off.height}, lang)
    note = "; ".join([lead, *rest]) + "."
    several_units = positions["unit"].n_unique() > 1
    top = _top(off, pl.col("difference").abs()).reverse()
    labels = _categories(
        [
            f"{p} — {u}" if several_units else p
            for p, u in zip(top["position"].to_list(), top["unit"].to_list(), strict=True)
        ]
    )
    diff_name = _plot_label(i18n.column("difference", lang))
    fig = go.Figure()
    for col in ("quota", "present"):
        fig.add_bar(
            y=labels,
            x=top[col].to_list(),
            name=_plot_label(i18n.column(col, lang)),
            orientation="h",
            marker_color=COLORS[col],
            customdata=top["difference"].to_list(),
            # The difference written beside the bar of people present: +2, −1.
            text=[f"{d:+d}".replace("-", "−") for d in top["difference"]]
            if col == "present" else None,
            textposition="outside",
            textfont={"size": 12},
            constraintext="none",
            cliponaxis=False,
            hovertemplate=f"%{{y}}<br>%{{fullData.name}}: %{{x:{INT}}}<br>{diff_name}: "
            f"%{{customdata:+{INT}}}<extra></extra>",
        )
    return _hbar_layout(
        fig,
        len(labels),
        i18n.label("chart.people", lang),
        barmode="group",
        legend_traceorder="reversed",
    ), note


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
            hovertemplate=f"%{{y}}: %{{x:{INT}}}<extra>%{{fullData.name}}</extra>",
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
        hovertemplate=f"%{{y}}: %{{x:{INT}}}<extra>%{{fullData.name}}</extra>",
    )
    return _hbar_layout(fig, len(labels), i18n.label("chart.people", lang), barmode="stack",
                        legend_traceorder="normal")


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
    fig.update_xaxes(tickformat=INT)
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
            hovertemplate=f"%{{y}}: %{{x:{INT}}}<extra>%{{fullData.name}}</extra>",
        )
    return _hbar_layout(
        fig,
        len(labels),
        i18n.label("chart.vnd", lang),
        barmode="stack",
        legend_traceorder="normal",
        xaxis_tickformat=INT,
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
            hovertemplate=f"%{{y}}: %{{customdata:{INT}}}<extra>%{{fullData.name}}</extra>",
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
        xaxis={"tickvals": ticks, "ticktext": [i18n.integer(abs(v), lang) for v in ticks]},
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
            text=[i18n.integer(v, lang) for v in y],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            hovertemplate=f"%{{x}}: %{{y:{INT}}}<extra></extra>",
        )
    )
    fig.update_layout(
        height=380,
        yaxis_title=i18n.label("chart.people", lang),
        xaxis={"type": "category", "title": i18n.label("chart.year", lang)},
    )
    return fig
