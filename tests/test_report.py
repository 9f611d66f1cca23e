"""Workbook, HTML report, console summary and atomic writes, on a small synthetic result."""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import plotly.offline
import polars as pl
import pytest
from rich.console import Console

from streamline.errors import InputError
from streamline.report import (
    atomic_write,
    format_vnd,
    i18n,
    localize,
    parameter_value,
    with_total,
)
from streamline.report.console import print_summary
from streamline.report.excel import _pages_wide, write_workbook
from streamline.report.html import write_html
from streamline.result import TABLE_ORDER, AnalysisResult

EVIL_NAME = '=HYPERLINK("http://evil","x")'
EVIL_UNIT = "<script>alert(1)</script>"
UNITS = ["Văn phòng Sở", "Phòng Tổ chức cán bộ", "Thanh tra Sở",
         "Trung tâm Phục vụ hành chính công", EVIL_UNIT]
POSITIONS = ["Chuyên viên tổng hợp", "Kế toán viên", "Thanh tra viên", "Văn thư", "Lái xe",
             "Chánh Văn phòng", "Trưởng phòng"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
MIDDLE_M, MIDDLE_F = ["Văn", "Đức", "Minh", "Quốc"], ["Thị", "Ngọc", "Thu", "Thanh"]
GIVEN_M, GIVEN_F = ["Hùng", "Dũng", "Tuấn", "Quang"], ["Hương", "Lan", "Hà", "Thủy"]
MONEY = ["salary", "leadership", "seniority", "regional", "responsibility", "public_service",
         "profession_pref", "prof_seniority", "party_union", "reserved", "monthly_salary",
         "insurance_base", "employer_contrib"]
COEF = pl.Decimal(12, 4)
AS_OF = dt.date(2026, 1, 1)
HORIZON = dt.date(2030, 12, 31)
BASE = 2_340_000


def _staff(n: int, seed: int = 7) -> pl.DataFrame:
    """Plausible staff rows; row 0 carries the malicious name and row 1 the malicious unit."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        sex = "F" if rnd.random() < 0.55 else "M"
        name = " ".join([rnd.choice(FAMILY),
                         rnd.choice(MIDDLE_F if sex == "F" else MIDDLE_M),
                         rnd.choice(GIVEN_F if sex == "F" else GIVEN_M)])
        age = rnd.randint(23, 62)
        birth = dt.date(AS_OF.year - age, rnd.randint(1, 12), rnd.randint(1, 28))
        retire_age = 60 if sex == "F" else 62
        retire = dt.date(birth.year + retire_age, birth.month, 1)
        months = (retire.year - AS_OF.year) * 12 + retire.month - AS_OF.month
        coef = Decimal("2.34") + Decimal("0.33") * rnd.randint(0, 8)
        lead = rnd.choice([Decimal("0"), Decimal("0"), Decimal("0.3"), Decimal("0.6")])
        stype = rnd.choice(["civil_servant", "civil_servant", "public_employee", "cadre",
                            "contract"])
        salary = int(coef * BASE)
        leadership = int(lead * BASE)
        public_service = (salary + leadership) // 4 if stype in ("cadre", "civil_servant") else 0
        regional = rnd.choice([0, 0, 234_000])
        monthly = salary + leadership + public_service + regional
        employer = (salary + leadership) * 205 // 1000
        rows.append({
            "person_id": i + 1,
            "employee_id": f"{i + 1:06d}",
            "full_name": EVIL_NAME if i == 0 else name,
            "unit": EVIL_UNIT if i == 1 else UNITS[i % (len(UNITS) - 1)],
            "position": rnd.choice(POSITIONS),
            "title": rnd.choice([None, None, "Phó Trưởng phòng", "Trưởng phòng"]),
            "staff_type": stype,
            "sex": sex,
            "birth_date": birth,
            "grade_code": "01.003",
            "grade_name": "Chuyên viên",
            "salary_type": "A1",
            "step": rnd.randint(1, 9),
            "coef": coef,
            "scale_coef": coef,
            "off_scale": i % 17 == 3,
            "lead_coef": lead,
            "tnvk_pct": Decimal("0"),
            "salary": salary,
            "leadership": leadership,
            "seniority": 0,
            "regional": regional,
            "responsibility": 0,
            "public_service": public_service,
            "profession_pref": 0,
            "prof_seniority": 0,
            "party_union": 0,
            "reserved": 0,
            "monthly_salary": monthly,
            "insurance_base": salary + leadership,
            "employer_contrib": employer,
            "age": age,
            "retirement_month": dt.date(retire.year, retire.month, 1),
            "pension_start": dt.date(retire.year + (retire.month == 12), retire.month % 12 + 1, 1),
            "months_to_retirement": months,
            "past_retirement": months < 0,
            "retiring_by_horizon": retire <= HORIZON,
            "in_scope": stype != "contract",
            "funding": "Ngân sách nhà nước",
            "source_file": "so_noi_vu.xlsx",
            "source_sheet": "DS CBCC",
            "source_row": i + 12,
        })
    schema = {"coef": COEF, "scale_coef": COEF, "lead_coef": COEF, "tnvk_pct": COEF,
              "birth_date": pl.Date, "pension_start": pl.Date, "title": pl.String,
              **{m: pl.Int64 for m in MONEY}}
    return pl.DataFrame(rows, schema_overrides=schema, infer_schema_length=None)


def make_result(n_staff: int = 60, lang: str = "vi", inputs: list[str] | None = None
                ) -> AnalysisResult:
    """A complete AnalysisResult with every known table (the engine is built elsewhere)."""
    staff = _staff(n_staff)
    positions = (
        staff.group_by("unit", "position").agg(pl.len().cast(pl.Int64).alias("present"))
        .sort("unit", "position")
        .with_columns(
            category=pl.when(pl.col("position").str.starts_with("Tr")
                             | pl.col("position").str.starts_with("Ch"))
            .then(pl.lit("leadership"))
            .when(pl.col("position").is_in(["Văn thư", "Lái xe"])).then(pl.lit("support"))
            .otherwise(pl.lit("professional")),
            grade_code=pl.lit("01.003"), salary_type=pl.lit("A1"),
            quota=pl.when(pl.col("position") == "Lái xe").then(None)
            .otherwise(pl.col("present") + (pl.col("present") % 3) - 1).cast(pl.Int64),
        )
        .with_columns(difference=pl.col("present") - pl.col("quota"))
        .with_columns(vacancies=(-pl.col("difference")).clip(0),
                      surplus=pl.col("difference").clip(0), below_grade=pl.lit(0, pl.Int64))
        .select("unit", "position", "category", "grade_code", "salary_type", "quota", "present",
                "difference", "vacancies", "surplus", "below_grade")
    )
    by_cat = (positions.group_by("unit", "category")
              .agg(pl.col("quota").sum(), pl.col("present").sum())
              .with_columns(difference=pl.col("present") - pl.col("quota"))
              .sort("unit", "category"))
    in_scope = staff.filter("in_scope")
    targets = (
        in_scope.group_by("unit").agg(
            baseline=pl.len().cast(pl.Int64),
            retiring_by_horizon=pl.col("retiring_by_horizon").sum().cast(pl.Int64),
            past_retirement=pl.col("past_retirement").sum().cast(pl.Int64))
        .sort("unit")
        .with_columns(rate=pl.lit(Decimal("0.20"), COEF),
                      target=(pl.col("baseline") * 2 + 9) // 10)
        .with_columns(gap=(pl.col("target") - pl.col("retiring_by_horizon")).clip(0))
        .select("unit", "baseline", "rate", "target", "retiring_by_horizon", "past_retirement",
                "gap")
    )
    total = targets.select(
        pl.lit(None, pl.String).alias("unit"), pl.col("baseline").sum(),
        pl.lit(Decimal("0.20"), COEF).alias("rate"), pl.col("target").sum(),
        pl.col("retiring_by_horizon").sum(), pl.col("past_retirement").sum(), pl.col("gap").sum())
    targets = pl.concat([targets, total])
    fund = (
        staff.group_by("unit", "staff_type").agg(
            headcount=pl.len().cast(pl.Int64), monthly_fund=pl.col("monthly_salary").sum(),
            bonus_fund=(pl.col("salary").sum() * 12 // 10),
            employer_contrib=pl.col("employer_contrib").sum())
        .sort("unit", "staff_type")
        .with_columns(yearly_fund=pl.col("monthly_fund") * 12,
                      yearly_employer_contrib=pl.col("employer_contrib") * 12)
        .with_columns(yearly_total=pl.col("yearly_fund") + pl.col("bonus_fund")
                      + pl.col("yearly_employer_contrib"),
                      monthly_fund_newest=pl.col("monthly_fund") * 253 // 234)
        .with_columns(yearly_total_newest=pl.col("yearly_total") * 253 // 234)
        .with_columns(yearly_difference=pl.col("yearly_total_newest") - pl.col("yearly_total"))
        .select("unit", "staff_type", "headcount", "monthly_fund", "bonus_fund", "yearly_fund",
                "employer_contrib", "yearly_employer_contrib", "yearly_total",
                "monthly_fund_newest", "yearly_total_newest", "yearly_difference")
    )
    monthly = fund["monthly_fund"].sum()
    figures = {
        "rows_read": n_staff + 14, "people": n_staff + 2, "non_person_rows": 12,
        "not_analysed": 2, "in_scope": in_scope.height,
        "out_of_scope": staff.height - in_scope.height,
        "target_total": total["target"][0], "retiring_total": total["retiring_by_horizon"][0],
        "gap_total": total["gap"][0], "monthly_fund": monthly, "yearly_fund": monthly * 12,
        "yearly_total": fund["yearly_total"].sum(),
        "yearly_total_newest": fund["yearly_total_newest"].sum(),
        "yearly_difference": fund["yearly_difference"].sum(), "base_salary": BASE,
        "newest_base_salary": 2_530_000,
    }
    summary = pl.DataFrame([{**figures, "as_of": AS_OF, "horizon": HORIZON,
                             "horizon_defaulted": True, "rate": Decimal("0.20")}])
    unassigned = pl.DataFrame({
        "person_id": [n_staff + 1, n_staff + 2], "employee_id": ["X1", "X2"],
        "full_name": ["Đỗ Thị Mai", "+1"], "unit": ["Văn phòng Sở", EVIL_UNIT],
        "position": ["Cán sự lưu trữ", None]})
    issues = pl.DataFrame({
        "file": ["so_noi_vu.xlsx"] * 3, "sheet": ["DS CBCC"] * 3, "row": [40, 41, 55],
        "column": ["F", "H", None], "value": ["31/02/1970", EVIL_UNIT, None],
        "code": ["not_date", "not_number", "subtotal_mismatch"],
        "args": ['{"v": "31/02/1970"}', '{"v": "' + EVIL_UNIT.replace('"', '\\"') + '"}',
                 '{"v": "Cộng: 12 ≠ 13"}'],
        "severity": ["error", "error", "warning"]})
    mapping = pl.DataFrame({
        "file": ["so_noi_vu.xlsx"] * 3, "sheet": ["DS CBCC"] * 3,
        "role": ["staff", "staff", "staff"], "column": ["B", "C", "Z"],
        "source_label": ["Họ và tên", "Ngày, tháng, năm sinh / Nam", "Ghi chú"],
        "field": ["full_name", "birth_date", None], "note": [None, "birth_male", None],
        "note_arg": [None, None, None]})
    counts = pl.DataFrame({
        "file": ["so_noi_vu.xlsx"], "sheet": ["DS CBCC"], "role": ["staff"],
        "rows": [n_staff + 14], "people": [n_staff + 2], "not_analysed": [2], "header": [8],
        "blank": [1], "section": [2], "subtotal": [1], "footer": [0], "records": [0]})
    parameters = pl.DataFrame({
        "name": ["base_salary", "reduction_rate", "reduction_horizon"],
        "label_vi": ["Lương cơ sở", "Tỷ lệ tinh giản biên chế tối thiểu",
                     "Mốc hoàn thành chỉ tiêu mặc định"],
        "label_en": ["Base salary", "Minimum payroll reduction rate", "Default target horizon"],
        "value": ["2.340.000", "0,20", "31/12/2030"],
        "valid_from": [dt.date(2024, 7, 1), dt.date(2025, 1, 1), dt.date(2025, 1, 1)],
        "source": ["Nghị định 73/2024/NĐ-CP", "Bộ Nội vụ, 01/2025", "Bộ Nội vụ, 01/2025"],
        "confirmed": [True, True, False], "defaulted": [False, False, False]})
    tables = {"summary": summary, "staff": staff, "positions": positions,
              "positions_by_category": by_cat, "unassigned": unassigned, "targets": targets,
              "fund": fund, "issues": issues, "mapping": mapping, "counts": counts,
              "parameters": parameters}
    return AnalysisResult(
        inputs=inputs or ["/nonexistent/so_noi_vu.xlsx"], as_of=AS_OF, horizon=HORIZON,
        rate=Decimal("0.20"), lang=lang, tables=tables)


@pytest.fixture
def result() -> AnalysisResult:
    return make_result()


def _sheet(wb, name: str, lang: str = "vi"):
    return wb[i18n.sheet(name, lang)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_workbook_sheets_in_order(tmp_path, lang):
    path = write_workbook(make_result(lang=lang), tmp_path / "kq.xlsx")
    wb = openpyxl.load_workbook(path)
    expected = [i18n.sheet(n, lang) for n in
                ("summary", "staff", "positions", "positions_by_category", "unassigned",
                 "targets", "fund", "issues", "mapping", "counts", "parameters")]
    assert wb.sheetnames == expected
    assert all(len(name) <= 31 for name in wb.sheetnames)
    if lang == "vi":
        assert wb.sheetnames[:3] == ["Tổng hợp", "Nhân sự", "Vị trí việc làm"]
    else:
        assert wb.sheetnames[:3] == ["Summary", "Staff", "Job positions"]


def test_workbook_lang_argument_overrides_result(tmp_path, result):
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx", lang="en"))
    assert wb.sheetnames[0] == "Summary"


def test_workbook_headers_frozen_filtered_and_translated(tmp_path, result):
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    staff = _sheet(wb, "staff")
    assert staff.freeze_panes.endswith("2")  # header row frozen (name column too)
    assert staff.auto_filter.ref.startswith("A1:")
    headers = [c.value for c in staff[1]]
    assert headers[:4] == ["Mã nội bộ", "Mã nhân sự", "Họ và tên", "Đơn vị"]
    assert staff.max_row == result.tables["staff"].height + 1
    positions = _sheet(wb, "positions")
    assert positions.freeze_panes == "A2"
    assert positions.print_title_rows == "$1:$1"
    assert positions.page_setup.orientation == "landscape"
    assert positions.sheet_properties.pageSetUpPr.fitToPage
    assert positions.page_setup.fitToWidth in (None, 1)  # 1 page wide (Excel's default)
    assert positions.page_setup.fitToHeight == 0  # as many pages long as needed


def test_workbook_keeps_malicious_text_as_text(tmp_path, result):
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    staff = _sheet(wb, "staff")
    name, unit = staff["C2"], staff["D3"]
    assert (name.value, name.data_type) == (EVIL_NAME, "s")
    assert (unit.value, unit.data_type) == (EVIL_UNIT, "s")
    plus_one = _sheet(wb, "unassigned")["C3"]
    assert (plus_one.value, plus_one.data_type) == ("+1", "s")
    assert not any(c.hyperlink for row in staff.iter_rows(max_row=5) for c in row)


def test_workbook_money_dates_and_codes(tmp_path, result):
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    staff = _sheet(wb, "staff")
    headers = {c.value: c.column_letter for c in staff[1]}
    salary = staff[f"{headers['Lương theo hệ số']}2"]
    assert salary.data_type == "n"
    assert salary.value == result.tables["staff"]["salary"][0]
    assert salary.number_format == "#,##0"
    coef = staff[f"{headers['Hệ số lương']}2"]
    assert coef.number_format == "0.00"
    assert coef.value == pytest.approx(float(result.tables["staff"]["coef"][0]))
    birth = staff[f"{headers['Ngày sinh']}2"]
    assert birth.is_date and birth.number_format == "dd/mm/yyyy"
    assert birth.value.date() == result.tables["staff"]["birth_date"][0]
    assert staff[f"{headers['Giới tính']}2"].value in ("Nam", "Nữ")
    assert staff[f"{headers['Loại nhân sự']}2"].value in (
        "Cán bộ", "Công chức", "Viên chức", "Hợp đồng lao động")
    fund = _sheet(wb, "fund")
    assert fund["D2"].data_type == "n" and fund["D2"].number_format == "#,##0"


def test_workbook_targets_total_row(tmp_path, result):
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    targets = _sheet(wb, "targets")
    last = targets.max_row
    assert targets.cell(last, 1).value == "Tổng cộng"
    assert targets.cell(last, 1).font.b
    assert targets.cell(2, 3).number_format == "0%"


def test_fund_total_line_adds_what_its_rows_add():
    """The fund's rows leave out the people without a coefficient (counted beside them) and
    a row where nobody is priced has no sums: the total line adds the known rows with the
    count of those left out — the same figure as the summary —, not a blank in one file and a
    partial sum in another; with nobody priced at all it is blank, never 0. Any other
    unknown still blanks its column."""
    fund = pl.DataFrame({"unit": ["A", "B", "C"], "headcount": [3, 2, 1],
                         "people_without_salary": [1, 0, 1],
                         "monthly_fund": [20_000_000, 15_000_000, None],
                         "yearly_union_fee": [1_000, None, None]})
    total = with_total("fund", fund, "vi")[0].row(-1, named=True)
    assert (total["headcount"], total["people_without_salary"], total["monthly_fund"],
            total["yearly_union_fee"]) == (6, 2, 35_000_000, None)
    nobody = with_total("fund", fund.filter(pl.col("unit") == "C"), "vi")[0].row(-1, named=True)
    assert (nobody["people_without_salary"], nobody["monthly_fund"]) == (1, None)
    targets = pl.DataFrame({"unit": ["A", "B"], "one_off_cost": [5, None]})
    assert with_total("targets", targets, "vi")[0].row(-1, named=True)["one_off_cost"] is None


def test_workbook_summary_states_dates_and_unconfirmed_rules(tmp_path, result):
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    text = [c.value for c in _sheet(wb, "summary")["A"] if c.value]
    assert any("01/01/2026" in t and "31/12/2030 (mặc định)" in t for t in text)
    assert any("⚠ quy định chưa xác nhận" in t for t in text)
    assert "Chỉ tiêu tinh giản" in text


def test_workbook_no_warning_when_all_rules_confirmed(tmp_path, result):
    result.tables["parameters"] = result.tables["parameters"].with_columns(confirmed=True)
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    assert not any("⚠" in str(c.value) for c in _sheet(wb, "summary")["A"])


def test_workbook_highlights(tmp_path, result):
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    rules = {ws: [r for cf in _sheet(wb, ws).conditional_formatting for r in cf.rules]
             for ws in ("positions", "staff", "parameters")}
    assert {(r.operator, tuple(r.formula)) for r in rules["positions"]} == {
        ("greaterThan", ("0",)), ("lessThan", ("0",))}
    # Off scale colours its cell by value; whole rows are coloured by static formats chosen
    # from the flags the SQL computed (past retirement; an unconfirmed parameter).
    assert len(rules["staff"]) == 1 and '"Có"' in rules["staff"][0].formula[0]
    assert not rules["parameters"]
    staff, past = _sheet(wb, "staff"), result.tables["staff"]["past_retirement"].to_list()
    name_col = [c.value for c in staff[1]].index("Họ và tên") + 1
    fills = [staff.cell(r + 2, name_col).fill.fgColor.rgb for r in range(len(past))]
    assert fills == ["FFF8CBAD" if p else "00000000" for p in past] and any(past)
    params = _sheet(wb, "parameters")
    assert [params.cell(r, 1).fill.fgColor.rgb for r in (2, 3, 4)] == [
        "00000000", "00000000", "FFFFE699"]  # only the third rule is unconfirmed


def test_workbook_unknown_table_written_generically(tmp_path, result):
    # `deferred` has no curated column view: every column is written, lists and records as text.
    result.tables["deferred"] = pl.DataFrame({
        "person_id": [1], "full_name": ["Trần Văn Hùng"], "reason_code": ["age"],
        "codes": [["age", "rating"]], "extra": [{"a": 1}]})
    result.tables["scenario_x"] = pl.DataFrame({"unit": ["Văn phòng Sở"], "delta": [3]})
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    deferred = i18n.sheet("deferred", "vi")
    assert wb.sheetnames.index(deferred) == wb.sheetnames.index("Chỉ tiêu tinh giản") + 2
    cand = wb[deferred]
    assert [c.value for c in cand[1]] == ["Mã nội bộ", "Họ và tên", "Mã lý do", "codes", "extra"]
    assert [c.value for c in cand[2]][3:] == ["age, rating", '{"a":1}']
    assert wb.sheetnames[-1] == "scenario_x"
    assert [c.value for c in wb["scenario_x"][1]] == ["Đơn vị", "delta"]


def test_workbook_omits_only_columns_that_say_nothing(tmp_path, result):
    """An optional input the source lacked is left out, with an allowance priced from it (0
    on every row), and a one-sheet list's file and sheet; a column with any value stays."""
    result.tables["staff"] = result.tables["staff"].with_columns(
        notes=pl.lit(None, pl.String), region_coef=pl.lit(None, COEF),
        resp_coef=pl.lit(Decimal("0.1"), COEF))
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    headers = [c.value for c in _sheet(wb, "staff")[1]]
    gone = {"Ghi chú", "Hệ số PC khu vực", "PC khu vực", "Tệp nguồn", "Trang nguồn"}
    assert not gone & set(headers)
    assert len(headers) == len(result.tables["staff"].columns) - len(gone)
    # Each rule checks what it must: a mostly empty title, an allowance whose input is
    # given (its amount here 0), a second file.
    assert {"Chức vụ", "PC trách nhiệm", "Hệ số PC trách nhiệm", "Dòng nguồn"} <= set(headers)
    staff = result.tables["staff"]
    result.tables["staff"] = staff.with_columns(
        source_file=pl.when(pl.col("person_id") == 1).then(pl.lit("b.xlsx"))
        .otherwise(pl.col("source_file")))
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq2.xlsx"))
    headers = [c.value for c in _sheet(wb, "staff")[1]]
    assert "Tệp nguồn" in headers and "Trang nguồn" in headers  # two files: both tell


def test_workbook_empty_tables(tmp_path, result):
    for name in ("staff", "positions", "issues"):
        result.tables[name] = result.tables[name].clear()
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    assert _sheet(wb, "staff").max_row == 1
    assert _sheet(wb, "staff").max_column == len(result.tables["staff"].columns)
    write_html(result, tmp_path / "kq.html")
    page = (tmp_path / "kq.html").read_text("utf-8")
    assert page.count(i18n.label("report.no_data")) >= 4


def _outside_plotlyjs(page: str) -> str:
    """The page minus the inlined plotly.js bundle (its code mentions URLs in strings)."""
    start = page.index("<script type=\"text/javascript\">")
    end = page.index("</script>", start)
    return page[:start] + page[end:]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_self_contained_and_escaped(tmp_path, lang):
    path = write_html(make_result(lang=lang), tmp_path / "kq.html")
    page = path.read_text("utf-8")
    assert page.count(plotly.offline.get_plotlyjs()) == 1
    assert page.count("Plotly.newPlot") == 5
    assert 'src="http' not in page and "src='http" not in page
    rest = _outside_plotlyjs(page)
    assert "http://" not in rest.replace('http://evil', '') and "https://" not in rest
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;" in page  # escaped for plotly (inside its JSON)
    assert f'<html lang="{lang}">' in page
    title = i18n.label("chart.targets", lang)
    assert f"<h2>{html.escape(title)}</h2>" in page


def test_html_escapes_every_input_string(tmp_path, result):
    result.inputs = ['/data/<img src=x onerror=alert(2)>.xlsx']
    result.tables["issues"] = result.tables["issues"].with_columns(
        severity=pl.lit('<b onclick="x">err</b>'))
    page = write_html(result, tmp_path / "kq.html").read_text("utf-8")
    assert "<img src=x" not in page and "<b onclick" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;.xlsx" in page


def test_console_summary(result):
    out = io.StringIO()
    print_summary(result, ["out/kq.xlsx", Path("out/kq.html")],
                  console=Console(file=out, width=100, color_system=None))
    text = out.getvalue()
    assert "Chỉ tiêu tinh giản" in text and "out/kq.html" in text
    assert format_vnd(result.figure("monthly_fund")) in text
    assert "⚠ quy định chưa xác nhận" in text


@pytest.mark.parametrize("n, text", [(0, "0"), (999, "999"), (1234567, "1.234.567"),
                                     (-1234, "-1.234"), (Decimal("2340000.4"), "2.340.000"),
                                     (None, "")])
def test_format_vnd(n, text):
    assert format_vnd(n) == text


def test_i18n_fallbacks():
    assert i18n.label("sheet.staff") == "Nhân sự" and i18n.label("sheet.staff", "en") == "Staff"
    assert i18n.label("no.such.key") == "no.such.key"
    assert i18n.column("mystery_column") == "mystery_column"
    assert i18n.coded("sex", "F") == "Nữ" and i18n.coded("sex", "X") == "X"
    assert all(len(i18n.sheet(n, lang)) <= 31 for n in TABLE_ORDER for lang in i18n.LANGS)


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "kq.xlsx"
    target.write_text("old")
    atomic_write(target, lambda tmp: tmp.write_text("new"))
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["kq.xlsx"]


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "kq.xlsx"
    target.write_text("old")

    def crash(tmp):
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, crash)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["kq.xlsx"]
    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "new.xlsx", crash)
    assert os.listdir(tmp_path) == ["kq.xlsx"]


def test_atomic_write_refuses_to_overwrite_an_input(tmp_path, monkeypatch):
    source = tmp_path / "ds.xlsx"
    source.write_bytes(b"staff list")
    result = make_result(inputs=[str(source)])
    with pytest.raises(InputError):
        write_workbook(result, source)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError):
        write_html(result, "./sub/../ds.xlsx")
    assert source.read_bytes() == b"staff list"
    (tmp_path / "link.xlsx").symlink_to(source)
    with pytest.raises(InputError):
        atomic_write(tmp_path / "link.xlsx", lambda tmp: tmp.write_text("x"), [str(source)])
    assert sorted(os.listdir(tmp_path)) == ["ds.xlsx", "link.xlsx"]


def test_workbook_over_excel_row_limit_says_so(tmp_path, result, monkeypatch):
    import streamline.report.excel as excel

    monkeypatch.setattr(excel, "MAX_ROWS", 21)
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    # A person list is never cut: past a sheet's size it is left to --tables, and said so.
    assert i18n.sheet("staff", "vi") not in wb.sheetnames
    notes = [c.value for c in _sheet(wb, "summary")["A"] if c.value and "⚠ Nhân sự" in c.value]
    assert notes == ["⚠ Nhân sự: 60 dòng, quá giới hạn một trang của Excel — danh sách đầy đủ "
                     "ở tệp staff.parquet (--tables), không ghi vào sổ này"]


def test_outputs_of_many_units_aggregate_and_say_where_the_units_are(
        tmp_path, result, monkeypatch):
    """Past UNIT_DETAIL_MAX units (a ministry, the nation) the workbook's unit-by-unit sheets
    and the staff list go to --tables and its summary says so (the unit tree and the lists of
    people proposed, paid or deferred stay); the page shows the unit tree's top levels, as many
    as fit, instead of the targets per unit."""
    import streamline.report as report

    result.tables["rollup"] = pl.DataFrame({
        "node_path": ["Tỉnh", "Tỉnh > Sở A", "Tỉnh > Sở A > Phòng 1"], "level": [1, 2, 3],
        "node_name": ["Tỉnh", "Sở A", "Phòng 1"], "parent_path": [None, "Tỉnh", "Tỉnh > Sở A"],
        "headcount": [60, 60, 20], "target": [12, 12, 4]})
    units = result.tables["targets"].height
    monkeypatch.setattr(report, "UNIT_DETAIL_MAX", units)
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    assert i18n.sheet("positions", "vi") in wb.sheetnames  # at the limit: still shown
    page = write_html(result, tmp_path / "kq.html").read_text("utf-8")
    assert i18n.sheet("targets", "vi") in page and "Phòng 1" not in page

    monkeypatch.setattr(report, "UNIT_DETAIL_MAX", 2)
    assert units > 2
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq2.xlsx"))
    for name in ("positions", "positions_by_category", "targets", "fund", "staff"):
        assert i18n.sheet(name, "vi") not in wb.sheetnames, name
    assert {i18n.sheet(n, "vi") for n in ("rollup", "issues")} <= set(wb.sheetnames)
    # The tree's node name and parent path repeat its path: kept last, left off paper.
    tree = _sheet(wb, "rollup")
    assert [c.value for c in tree[1]] == ["Nhánh đơn vị", "Cấp", "Số người", "Chỉ tiêu tinh giản",
                                          "Tên đơn vị", "Thuộc nhánh"]
    assert tree.print_area.endswith("$A$1:$D$4")
    notes = [c.value for c in _sheet(wb, "summary")["A"] if c.value and c.value.startswith(
        ("⚠ Vị trí việc làm:", "⚠ Nhân sự:"))]
    height, people = result.tables["positions"].height, result.tables["staff"].height
    assert notes == [
        f"⚠ Nhân sự: {people} người của {units} đơn vị — danh sách đầy đủ ở tệp staff.parquet "
        "(--tables), không ghi vào sổ này; trang Cây đơn vị cộng dồn theo từng cấp",
        f"⚠ Vị trí việc làm: {height} dòng cho {units} đơn vị — bảng theo từng đơn vị ở tệp "
        "positions.parquet (--tables), không ghi vào sổ này; trang Cây đơn vị cộng dồn theo "
        "từng cấp"]
    page = write_html(result, tmp_path / "kq2.html").read_text("utf-8")
    assert "bảng theo từng đơn vị ở tệp targets.parquet" in page
    assert "Tỉnh &gt; Sở A" in page and "Phòng 1" not in page  # two levels fit, not three


def test_tables_the_workbook_leaves_out_are_written_beside_it(tmp_path, result, monkeypatch):
    """Without --tables, a run whose workbook sends its reader to the tables (past
    UNIT_DETAIL_MAX units) writes them to <stem>.tables beside it, and the notes name them."""
    import streamline.report as report
    from streamline.report.outputs import write_outputs

    result.tables["rollup"] = pl.DataFrame({"node_path": ["Tỉnh"], "level": [1],
                                            "node_name": ["Tỉnh"], "parent_path": [None]})
    write_outputs(result, tmp_path / "small", "kq")
    assert not (tmp_path / "small" / "kq.tables").exists()  # nothing left out: no tables

    monkeypatch.setattr(report, "UNIT_DETAIL_MAX", 2)
    book, page, tables = write_outputs(result, tmp_path, "kq")
    assert tables == tmp_path / "kq.tables"  # listed with the outputs, so the CLI names it
    assert pl.read_parquet(tables / "positions.parquet").equals(result.tables["positions"])
    notes = [c.value for c in openpyxl.load_workbook(book)[i18n.sheet("summary", "vi")]["A"]
             if c.value and c.value.startswith("⚠ Vị trí việc làm:")]
    assert len(notes) == 1 and "ở tệp kq.tables/positions.parquet, không ghi" in notes[0]
    assert "ở tệp kq.tables/targets.parquet, không ghi" in page.read_text("utf-8")


def test_summary_figures_from_typed_values(tmp_path, result):
    """The summary holds numbers and dates; readers get 1.234.567, 20 % and 31/12/2030."""
    result.tables["summary"] = pl.DataFrame([{
        "people": 150, "monthly_fund": 2025996049, "as_of": dt.date(2026, 1, 1),
        "horizon": dt.date(2030, 12, 31), "horizon_defaulted": True, "rate": Decimal("0.20")}])
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    cells = {r[0].value: r[1] for r in _sheet(wb, "summary").iter_rows() if r[0].value}
    fund = cells["Quỹ lương tháng (đồng)"]
    assert (fund.value, fund.data_type, fund.number_format) == (2025996049, "n", "#,##0")
    assert cells["Tỷ lệ tinh giản"].value == "20 %"
    assert any("Ngày tính: 01/01/2026" in str(k) and "31/12/2030 (mặc định)" in str(k)
               for k in cells)
    page = write_html(result, tmp_path / "kq.html", lang="en").read_text("utf-8")
    assert "2,025,996,049" in page and "31/12/2030 (default)" in page  # English grouping


def test_html_keeps_bars_with_equal_labels_apart():
    """Two units whose names shorten to the same label must still be two bars."""
    from streamline.report.html import _categories

    long_name = "Trung tâm Dịch vụ việc làm và Giáo dục nghề nghiệp tỉnh, cơ sở số "
    labels = _categories([long_name + "1", long_name + "2", "<b>Văn phòng</b>"])
    assert len(set(labels)) == 3
    assert labels[1].endswith("… (2)") and labels[2] == "&lt;b&gt;Văn phòng&lt;/b&gt;"


def test_html_streamlining_charts_when_proposals_exist(tmp_path):
    """Target coverage and cost-vs-saving charts appear once targets carry proposal figures."""
    result = make_result()
    targets = result.tables["targets"]
    result.tables["targets"] = targets.with_columns(
        retiring_counted=pl.min_horizontal("retiring_by_horizon", "target"),
        proposed_toward_gap=pl.lit(1, pl.Int32),
        remaining_gap=pl.lit(0, pl.Int32),
        one_off_cost=pl.lit(744_778_125, pl.Int64),
        one_off_cost_known=pl.lit(744_778_125, pl.Int64),
        annual_saving=pl.lit(230_000_000, pl.Int64),
    )
    page = write_html(result, tmp_path / "kq.html").read_text("utf-8")
    # The coverage chart takes the place of the targets chart (it shows the target too).
    assert page.count("Plotly.newPlot") == 6
    for key in ("chart.coverage", "chart.cost_saving"):
        assert f"<h2>{html.escape(i18n.label(key, 'vi'))}</h2>" in page
    assert f"<h2>{html.escape(i18n.label('chart.targets', 'vi'))}</h2>" not in page
    assert "744778125" in page


def test_workbook_total_lines_and_staff_print_area(tmp_path, result):
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    targets = result.tables["targets"]
    sheet = _sheet(wb, "targets")
    last = [c.value for c in sheet[sheet.max_row]]
    headers = [c.value for c in sheet[1]]
    assert last[0] == "Tổng cộng" and sheet[sheet.max_row][0].font.b
    assert last[headers.index(i18n.column("baseline", "vi"))] == targets["baseline"].sum()
    assert sheet.max_row == targets.height + 2
    fund = _sheet(wb, "fund")
    fund_headers = [c.value for c in fund[1]]
    col = fund_headers.index(i18n.column("monthly_fund", "vi"))
    assert fund[fund.max_row][col].value == result.tables["fund"]["monthly_fund"].sum()
    # The staff sheet is wide; paper gets its first 14 (key) columns.
    assert _sheet(wb, "staff").print_area.startswith("'Nhân sự'!$A$1:$N$")


def _printed_font(sheet) -> float:
    """The point size Calibri 11 prints at: the printed columns' width against the pages
    across (A4 landscape, 0.4" side margins), the repeated columns counted on every page."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    last = sheet.max_column
    if sheet.print_area:
        last = column_index_from_string(
            sheet.print_area.split(":")[-1].strip("$").rstrip("0123456789").strip("$"))
    # A stored width W (characters, padding included) is 7·W pixels, 0.75 pt each.
    points = [7 * (sheet.column_dimensions[get_column_letter(i)].width or 8.43) * 0.75
              for i in range(1, last + 1)]
    pages = sheet.page_setup.fitToWidth or 1
    repeated = sheet.print_title_cols
    keep = column_index_from_string(repeated.split(":")[1].strip("$")) if repeated else 0
    return 11 * min(1.0, pages * 784 / (sum(points) + (pages - 1) * sum(points[:keep])))


def test_wide_sheets_print_readable_on_pages_across(tmp_path, result):
    """No sheet prints under 7.7 pt (70 %): a wide one goes on more pages across, its row
    names (the unit, the person) repeated at the left of each; a narrow one stays one page."""
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    for sheet in wb.worksheets:
        assert _printed_font(sheet) >= 7.7, (sheet.title, _printed_font(sheet))
    staff = _sheet(wb, "staff")  # its 14 key columns would print at 5.3 pt on one page
    assert staff.page_setup.fitToWidth == 2
    assert [c.value for c in staff[1]][:3] == ["Mã nội bộ", "Mã nhân sự", "Họ và tên"]
    assert staff.print_title_cols == "$A:$C"  # through the name
    positions = _sheet(wb, "positions")
    assert positions.page_setup.fitToWidth in (None, 1) and positions.print_title_cols is None
    # A unit table of two 30-character name columns and 17 of 13: 784 pt on one page for
    # 1,546.5 pt is 51 %; on two, the names printed twice, 1,568 / 1,869 = 84 %.
    assert _pages_wide([30, 30] + [13] * 17, keep=2) == 2
    assert _pages_wide([13] * 8, keep=2) == 1


def test_ratings_and_routes_shown_in_words():
    frame = pl.DataFrame({"rating_1": ["not_completed", "85"], "route": ["quit", None]})
    shown = localize("candidates", frame, "vi")
    assert shown["rating_1"].to_list() == ["Không hoàn thành nhiệm vụ", "85"]
    assert shown["route"].to_list() == ["Thôi việc", None]


def test_proposal_sheets_say_they_are_recommendations(tmp_path, result):
    result.tables["payouts"] = pl.DataFrame({
        "employee_id": ["01", "02"], "full_name": ["Nguyễn Văn C", "Trần Văn M"],
        "route": ["early_retirement", "quit"], "total": [744_778_125, 786_854_250]})
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    sheet = _sheet(wb, "payouts")
    assert sheet["A1"].value == i18n.label("report.recommendation", "vi")
    assert [c.value for c in sheet[2]] == [
        i18n.column(c, "vi") for c in ("employee_id", "full_name", "route", "total")]
    assert [c.value for c in sheet[5]] == [None, "Tổng cộng", None, 1_531_632_375]
    assert sheet.freeze_panes == "C3"


def test_long_reasons_wrap_and_org_check_counts_have_no_decimals(tmp_path, result):
    """A reason or a legal source longer than a column may be wraps in its cell (cut at the
    column's edge it would not print); a check's head count shows 2, not 2,00."""
    long = "Nghị định 150/2025/NĐ-CP, sửa đổi bởi Nghị định 370/2025/NĐ-CP (phòng thuộc sở)"
    capitals = "PHÒNG TỔ CHỨC CÁN BỘ, SỞ NỘI VỤ TỈNH NGHỆ AN"  # 44 characters, 33 capitals
    result.tables["org_checks"] = pl.DataFrame({
        "unit": ["A", "B", "C"], "check_code": ["max_deputies", "min_staff", "min_staff"],
        "actual": [2.0, 22.0, 9.0], "limit_value": [1.0, 12.0, 7.0], "ok": [False, True, True],
        "source": [long, "ngắn", capitals]})
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    sheet = _sheet(wb, "org_checks")
    heads = [c.value for c in sheet[2]]
    source = sheet.cell(3, heads.index(i18n.column("source", "vi")) + 1)
    assert source.value == long and source.alignment.wrap_text
    assert sheet.column_dimensions[source.column_letter].width <= 52
    # Its row is as tall as its lines (82 characters, 10 of them capitals at 1.4: 86 in
    # all, 48 a line: 2), not left at one line
    # for its second to overprint the next row; a row of short text keeps the default.
    assert sheet.row_dimensions[3].height == 30 and sheet.row_dimensions[4].height is None
    # Capitals are wider: 44 characters fit a 48-character line, 44 + 0.4 × 33 = 57.2 do not.
    assert sheet.row_dimensions[5].height == 30
    actual = sheet.cell(3, heads.index(i18n.column("actual", "vi")) + 1)
    assert (actual.value, actual.number_format) == (2, "General")
    unit = sheet.cell(3, heads.index(i18n.column("unit", "vi")) + 1)
    assert not unit.alignment.wrap_text  # short text keeps its plain cell


def test_proposal_sheet_says_who_it_lists_and_highlights_the_proposed(tmp_path, result):
    """The candidates table holds only people a ground, a request or a stated route puts there
    (queries/grounds.sql); the sheet's note says so, and the proposed rows are green."""
    result.tables["candidates"] = pl.DataFrame({
        "full_name": ["Có căn cứ", "Ghi sẵn", "Nguyện vọng"],
        "has_ground": [True, False, True],
        "route_source": ["recommended", "input", None],
        "proposed": [True, True, False],
        "reason_codes": ["surplus", "stated_route", "volunteer,beyond_gap"]})
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    sheet = _sheet(wb, "candidates")
    assert sheet["A1"].value == i18n.label("report.candidates_note", "vi")
    assert [sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)] == [
        "Có căn cứ", "Ghi sẵn", "Nguyện vọng"]
    assert [sheet.cell(r, 1).fill.fgColor.rgb for r in range(3, 6)] == [
        "FFC6EFCE", "FFC6EFCE", "00000000"]


def test_failed_organisation_checks_highlighted(tmp_path, result):
    result.tables["org_checks"] = pl.DataFrame({
        "unit": ["Phòng A", "Phòng B"], "check_code": ["min_staff", "min_staff"],
        "actual": [6.0, 9.0], "limit_value": [7.0, 7.0], "ok": [False, True],
        "message": ["Biên chế công chức 6 (tối thiểu 7)", "Biên chế công chức 9 (tối thiểu 7)"]})
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    sheet = wb["Kiểm tra tổ chức"]
    # Its note says which units are checked (a unit without a kind is not).
    assert sheet["A1"].value == i18n.label("report.org_checks_note", "vi")
    assert [c.value for c in sheet[3]][:3] == ["Phòng A", "Biên chế tối thiểu", 6]
    assert [sheet.cell(r, 1).fill.fgColor.rgb for r in (3, 4)] == ["FFF8CBAD", "00000000"]


def test_sheet_rows_written_once_in_order_with_text_as_typed(tmp_path, result):
    """Table rows are written by sheetrows.py, spliced into the Rust writer's workbook: each
    row once and in order in every sheet (the writer repeated a last row that has a format or
    a height, such as the total line, which the format forbids), the dimension
    reaching the last row, and text arriving as typed: markup, spaces at either end, a
    literal _x0041_, a control character (as Excel's _x0001_), at most Excel's 32,767
    characters; empty text and a number that is not finite are empty cells."""
    import re
    import zipfile

    texts = ["A & B <c>", "  đầu", "cuối ", "_x0041_", "tab\tx", "ctl\x01x", EVIL_NAME,
             "y" * 40_000, None, ""]
    result.tables["org_checks"] = pl.DataFrame({
        "unit": texts, "check_code": ["min_staff"] * 10, "ok": [True] * 10,
        "actual": [1.5, float("nan"), float("inf"), 1e-7, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    path = write_workbook(result, tmp_path / "kq.xlsx")
    with zipfile.ZipFile(path) as z:
        for part in (n for n in z.namelist() if n.startswith("xl/worksheets/")):
            xml = z.read(part).decode()
            numbers = [int(r) for r in re.findall(r'<row r="(\d+)"', xml)]
            assert numbers == sorted(set(numbers)), part
            last = re.search(r'<dimension ref="A1:[A-Z]+(\d+)"/>', xml)
            assert last and int(last.group(1)) == numbers[-1], part
    sheet = pl.read_excel(path, sheet_name=i18n.sheet("org_checks", "vi"), read_options={
        "header_row": 1})
    assert sheet[:, 0].to_list() == [*texts[:5], "ctl\x01x", EVIL_NAME, "y" * 32_767, None, None]
    actual = sheet[i18n.column("actual", "vi")].to_list()
    assert actual[:4] == [1.5, None, None, 1e-7]
    # a total line is its sheet's last row, bold
    targets = openpyxl.load_workbook(path)[i18n.sheet("targets", "vi")]
    last = targets.max_row
    assert targets.cell(last, 1).value == "Tổng cộng"
    assert targets.cell(last, 1).font.b and not targets.cell(last - 1, 1).font.b


def test_rows_built_in_slices_read_as_built_in_one_piece(tmp_path, result, monkeypatch):
    """A sheet's rows are built and deflated in slices on every core: cut into slices of a
    row or two (a highlighted row, the total line and a tall wrapped row falling in slices of
    their own), every sheet's XML is the same as built in one piece."""
    import zipfile

    from streamline.report import sheetrows

    monkeypatch.setattr(sheetrows, "PIECE_CELLS", 1 << 30)
    whole = write_workbook(result, tmp_path / "whole.xlsx")
    monkeypatch.setattr(sheetrows, "PIECE_CELLS", 7)
    sliced = write_workbook(result, tmp_path / "sliced.xlsx")
    with zipfile.ZipFile(whole) as a, zipfile.ZipFile(sliced) as b:
        sheets = [n for n in a.namelist() if n.startswith("xl/worksheets/")]
        assert sheets == [n for n in b.namelist() if n.startswith("xl/worksheets/")]
        for part in sheets:
            assert a.read(part) == b.read(part), part
        rows = sum(a.read(part).count(b"<row ") for part in sheets)
        tall = sum(a.read(part).count(b'customHeight="1"') for part in sheets)
        assert rows > 100 and tall > 0


def test_outputs_written_side_by_side_and_a_workbook_failure_is_raised(tmp_path, result,
                                                                         monkeypatch):
    """write_outputs writes the workbook in a second thread: its files come back in order,
    and an error in that thread reaches the caller once the other outputs are done, with no
    temporary file left in the folder."""
    from streamline.report import excel, outputs

    paths = outputs.write_outputs(result, tmp_path, "don_vi", tables_dir=tmp_path / "t")
    assert paths == [tmp_path / "don_vi.streamline.xlsx", tmp_path / "don_vi.streamline.html",
                     tmp_path / "t"]
    assert all(p.exists() for p in paths) and (tmp_path / "t" / "targets.parquet").exists()

    def broken(book, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(excel.rx.FastExcel, "save", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        outputs.write_outputs(result, tmp_path / "again", "don_vi")
    assert (tmp_path / "again" / "don_vi.streamline.html").exists()
    assert not [p for p in (tmp_path / "again").iterdir() if p.name.endswith(".tmp")]


def test_parameter_values_are_worded_in_the_reader_s_format():
    text = "start_year=2021; to_staff=100000; coef=0.20; from=2025-07-01"
    assert parameter_value(text, "vi") == (
        "start_year=2021; to_staff=100.000; coef=0,20; from=01/07/2025")
    assert parameter_value(text, "en") == (
        "start_year=2021; to_staff=100,000; coef=0.20; from=01/07/2025")
