"""`streamline project` from the command line (in-process), its outputs and its errors."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from streamline.cli import main
from streamline.engine import query_text
from streamline.projection import PROJECTION
from tests.test_pipeline import _tables_read

SAMPLE = "samples/so_noi_vu.xlsx"


def run(*args):
    return CliRunner().invoke(main, ["project", *map(str, args)])


@pytest.mark.parametrize("step", PROJECTION.steps.values(), ids=lambda s: s.table)
def test_declared_needs_are_what_the_sql_reads(step):
    assert _tables_read(query_text(step.table)) == set(step.needs)


def test_three_scenarios_on_the_sample(tmp_path):
    scenario = tmp_path / "tang_luong.toml"
    scenario.write_text(
        '[scenario]\nname = "raise"\nlabel = "=HYPERLINK(\\"x\\")"\nreplacement_rate = 0.5\n'
        'reduction = { rate = 0.20, by = 2030-12-31, mode = "proposals" }\n\n'
        '[base_salary]\nvalues = [\n  { from = 2027-07-01, value = "2.800.000", '
        'source = "Kịch bản", confirmed = false },\n]\n', encoding="utf-8")
    res = run(SAMPLE, "--scenario", scenario, "--base", "2028-01-01=3000000",
              "--from", "2026-01", "--to", "2030-12", "--as-of", "2026-01-01",
              "--out", tmp_path, "--tables", tmp_path / "t", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Current law" in res.output and "Written:" in res.output
    proj = pl.read_parquet(tmp_path / "t" / "projection.parquet")
    assert proj["scenario_id"].unique().sort().to_list() == [
        "base_2028-01-01", "current_law", "raise"]
    assert proj["year"].unique().sort().to_list() == [2026, 2027, 2028, 2029, 2030]
    # Identical to the current law until the --base scenario's raise in 2028.
    cur = proj.filter(pl.col("scenario_id") == "current_law", pl.col("year") == 2027)
    base = proj.filter(pl.col("scenario_id") == "base_2028-01-01", pl.col("year") == 2027)
    assert cur["total_cost"].sum() == base["total_cost"].sum()
    # The proposals' payouts are one-off costs in their leave months.
    raised = proj.filter(pl.col("scenario_id") == "raise")
    assert (raised["one_off_cost"].fill_null(0) > 0).any() or raised["one_off_unknown"].sum() > 0
    wb = openpyxl.load_workbook(tmp_path / "so_noi_vu.projection.xlsx")
    assert wb.sheetnames[0] == "Scenario comparison"
    assert "Definitions" in wb.sheetnames
    assert {ws.page_setup.paperSize for ws in wb} == {9}  # A4 on every sheet
    # Scenario settings by name in the reader's words, switches as yes or no.
    params = [r for r in wb["Scenario parameters"].iter_rows(values_only=True)]
    assert params[0][:4] == ("Scenario name", "Key", "Parameter", "Value")
    assert ("scenario.step_increases", "Step increases by seniority", "Yes") in {
        r[1:4] for r in params}
    # A header's wrapped lines have the row height they need (else they overprint the data).
    compare = wb["Scenario comparison"]
    head = int(compare.freeze_panes.lstrip("A")) - 1
    longest = max(len(str(c.value or "")) for c in compare[head])
    assert longest > 16 and compare.row_dimensions[head].height >= 30
    # A label that looks like a formula stays text.
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    html = (tmp_path / "so_noi_vu.projection.html").read_text("utf-8")
    assert "=HYPERLINK(&quot;x&quot;)" in html or "HYPERLINK" not in html
    # Years are an axis of labels (Plotly would tick "2.026,5" between numbers).
    assert '"xaxis":{"type":"category"' in html.replace(" ", "")
    # The headcount's months tick as 12/2026, in no language's month names.
    assert '"xaxis":{"tickformat":"%m\\u002f%Y","hoverformat":"%m\\u002f%Y"' in html


def test_template_round_trip(tmp_path):
    template = tmp_path / "kich_ban.xlsx"
    assert run("--template", template).exit_code == 0
    wb = openpyxl.load_workbook(template)
    ws = wb["Kịch bản"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["base_salary"][1].value == 2_530_000
    rows["scenario.name"][1].value = "from_sheet"
    rows["base_salary"][1].value = "2.800.000"
    rows["base_salary"][2].value = dt.datetime(2027, 7, 1)
    wb.save(template)
    res = run(SAMPLE, "--scenario", template, "--from", "2027-01", "--to", "2027-12",
              "--as-of", "2026-01-01", "--out", tmp_path, "--tables", tmp_path / "t",
              "--no-html", "--no-workbook")
    assert res.exit_code == 0, res.output
    proj = pl.read_parquet(tmp_path / "t" / "projection.parquet")
    totals = proj.group_by("scenario_id").agg(pl.col("salary_fund").sum())
    by = dict(zip(totals["scenario_id"], totals["salary_fund"], strict=True))
    assert by["from_sheet"] > by["current_law"]


@pytest.mark.parametrize(("text", "line", "words"), [
    ('[scenario]\nname = "a"\nreplacment_rate = 0.3\n', 3, "replacment_rate"),
    ('[scenario]\nreduction = { rate = 0.2, by = 2030-12-31, mode = "fast" }\n', 2, "mode"),
    ('[scenario]\nreplacement_rate = 1.5\n', 2, "replacement_rate"),
    ('[base_salry]\nvalues = [{ from = 2027-07-01, value = 2800000, source = "x", '
     'confirmed = false }]\n', 1, "base_salry"),
    # A field the section does not have: the message shows the shape it takes.
    ('[base_salary]\nvalue = 2800000\n', 2,
     "(use: values = [{ from, to, source, confirmed, value }, …])"),
    ('[base_salary]\nvalues = [{ from = 2027-07-01, valu = 2800000, source = "x", '
     'confirmed = false }]\n', 2, "(use: from, to, source, confirmed, value)"),
    ('[base_salary]\nvalues = [\n  { from = 2027-07-01, value = "2,8 triệu", source = "x", '
     'confirmed = false },\n]\n', 3, "2,8 triệu"),
    ('[base_salary]\nvalues = [\n  { from = 2028-07-01, value = 2900000, source = "x", '
     'confirmed = false },\n  { from = 2027-07-01, value = 2800000, source = "x", '
     'confirmed = false },\n]\n', 4, "order"),
])
def test_scenario_mistakes_name_file_and_line(tmp_path, text, line, words):
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    res = run(SAMPLE, "--scenario", bad, "--lang", "en", "--no-html", "--no-workbook")
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output
    assert re.search(rf"bad\.toml:{line}:", lines[0]) and words in lines[0], lines[0]


def test_analyze_params_reads_vnd_text_and_rejects_a_misspelled_section(tmp_path):
    from streamline.params import load_params

    good = tmp_path / "good.toml"
    good.write_text('[base_salary]\nvalues = [{ from = 2027-07-01, value = "2.700.000", '
                    'source = "x", confirmed = false }]\n', encoding="utf-8")
    assert load_params([good]).value("base_salary", dt.date(2027, 8, 1)) == 2_700_000
    bad = tmp_path / "bad.toml"
    bad.write_text('[base_salary]\nvalues = [{ from = 2027-07-01, valeu = 2700000, '
                   'source = "x", confirmed = false }]\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["analyze", SAMPLE, "--params", str(bad), "--no-html",
                                    "--no-workbook", "--lang", "en"])
    assert res.exit_code == 2
    assert "bad.toml:2:" in res.output and "valeu" in res.output


def test_base_option_mistake(tmp_path):
    res = run(SAMPLE, "--base", "2027-07-01=abc", "--lang", "en")
    assert res.exit_code == 2 and "--base" in res.output


def test_proposals_leave_and_their_payouts_are_the_analysis_ones():
    """Mode "proposals": the people `analyze` proposes (same date, rate and horizon) stop
    being paid after their leave date, and their payouts are the one-off costs."""
    from decimal import Decimal
    from pathlib import Path

    from streamline.analysis import analyze
    from streamline.projection import project
    from streamline.scenario_file import Reduction, Scenario, current_law

    as_of, start, end = dt.date(2026, 12, 1), dt.date(2026, 12, 1), dt.date(2030, 12, 31)
    plan = Scenario("plan", reduction=Reduction(Decimal("0.2"), end, "proposals"))
    r = project([Path(SAMPLE)], [current_law(), plan], start, end, as_of)
    a = analyze([Path(SAMPLE)], as_of=as_of, horizon=end, rate=Decimal("0.2"))
    proposed = a.tables["candidates"].filter(pl.col("proposed"))["person_id"]
    pay = a.tables["payouts"].filter(pl.col("person_id").is_in(proposed.implode()))
    first_unpaid = pay["leave_date"] + dt.timedelta(days=1)
    inside = pay.filter((first_unpaid >= start) & (first_unpaid <= end))
    proj = r.tables["projection"].filter(pl.col("scenario_id") == "plan")
    assert proj["one_off_unknown"].sum() == inside["total"].null_count()
    if inside["total"].null_count() == 0:
        assert proj["one_off_cost"].sum() == inside["total"].sum() > 0
    # The months carry the same one-off costs and salary fund as the years.
    months = r.tables["projection_monthly"].filter(pl.col("scenario_id") == "plan")
    assert months["one_off_unknown"].sum() == proj["one_off_unknown"].sum()
    assert months["one_off_cost"].sum() == proj["one_off_cost"].sum()
    assert months["salary_fund"].sum() == pytest.approx(proj["salary_fund"].sum(), abs=len(proj))


def test_salary_table_mistake_is_one_line(tmp_path):
    (tmp_path / "t.csv").write_text("grade_code,amount,from\n01.003,9000000,2027-01-01\n"
                                    "01.002,9.000.000đ,2027-01-01\n", encoding="utf-8")
    (tmp_path / "a.toml").write_text('[scenario]\nsalary_table = "t.csv"\n', encoding="utf-8")
    res = run(SAMPLE, "--scenario", tmp_path / "a.toml", "--lang", "en", "--no-html",
              "--no-workbook")
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output
    assert "t.csv:3:" in lines[0] and "9.000.000đ" in lines[0], lines[0]


def test_salary_table_in_the_workbook_parameters(tmp_path):
    (tmp_path / "t.csv").write_text("grade_code,amount,from\n01.003,9000000,2027-01-01\n",
                                    encoding="utf-8")
    (tmp_path / "a.toml").write_text('[scenario]\nsalary_table = "t.csv"\n', encoding="utf-8")
    res = run(SAMPLE, "--scenario", tmp_path / "a.toml", "--from", "2027-01", "--to",
              "2027-03", "--as-of", "2026-01-01", "--out", tmp_path, "--no-html")
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(next(tmp_path.glob("*.projection.xlsx")), read_only=True)
    cells = {str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None}
    # The key a scenario file writes, the setting in words, the amount in the reader's format.
    assert {"salary_table: 01.003", "Bảng lương mới: 01.003", "9.000.000"} <= cells
