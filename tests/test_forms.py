"""`streamline forms`: the lists an HR office signs and sends upward (bieu_mau) and the
job-position project (de_an_vtvl), read back as a person would read them — one list per route
with exactly the people proposed, the decree's columns in order, totals that match the payouts,
the signature block, A4 landscape with repeated header rows, values and never formulas."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from streamline.analysis import analyze
from streamline.cli import main
from streamline.params import load_params
from streamline.report import i18n
from streamline.report.forms import rearrange_people, write_forms, write_vtvl

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "so_noi_vu.xlsx"
DATES = (dt.date(2025, 3, 1), dt.date(2026, 12, 1))
AGENCY = "UBND TỈNH NGHỆ AN / SỞ NỘI VỤ"
# forms.md's columns, in its order (those the sample's data has).
QUIT_HEADERS = ["STT", "Họ và tên", "Năm sinh", "Ngạch, chức danh nghề nghiệp", "Chức vụ",
                "Thời điểm bắt đầu công tác", "Thời điểm thôi việc hưởng trợ cấp",
                "Lương tháng hiện hưởng (S)", "Số năm công tác có đóng BHXH bắt buộc",
                "Tổng cộng"]
ER_HEADERS = ["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Ngạch, chức danh nghề nghiệp",
              "Chức vụ",
              "Thời điểm nghỉ hưu hưởng trợ cấp (ngày nghỉ việc)", "Lương tháng hiện hưởng (S)",
              "Số tháng nghỉ hưu trước tuổi", "Số năm nghỉ hưu trước tuổi",
              "Số năm công tác có đóng BHXH bắt buộc", "Tổng cộng"]
COMPONENTS = ("a1", "a2", "a3", "b1", "b2", "b3")


def run(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture(scope="module", params=DATES, ids=str)
def sample(request, tmp_path_factory):
    """The sample analysed on each date: the result and the two workbooks the command wrote."""
    day = request.param
    out = tmp_path_factory.mktemp(f"forms{day:%Y}")
    res = run("forms", SAMPLE, "--out", out, "--as-of", day.isoformat(), "--agency", AGENCY)
    result = analyze([SAMPLE], as_of=day)
    return result, out / "so_noi_vu.bieu_mau.xlsx", out / "so_noi_vu.de_an_vtvl.xlsx", res


def texts(ws) -> list[str]:
    return [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def read_list(ws, stt: str = "STT", total: str = "Tổng cộng") -> dict:
    """A list as a reader sees it: the column headers (the lower header cell under a group),
    the people rows (a whole number in STT), the section rows, the total row."""
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == stt)
    numbers = next(i for i in range(top, len(rows)) if rows[i][0] == "(1)")
    headers = [next((rows[i][c] for i in range(numbers - 1, top - 1, -1) if rows[i][c]), None)
               for c in range(len(rows[top]))]
    people, sections, total_row = [], [], None
    for r in rows[numbers + 1:]:
        if r[1] == total:
            total_row = dict(zip(headers, r, strict=True))
            break
        if isinstance(r[0], int):
            people.append(dict(zip(headers, r, strict=True)))
        elif r[0]:
            sections.append((r[0], r[1]))
    return {"headers": headers, "people": people, "sections": sections, "total": total_row,
            "header_rows": (top + 1, numbers + 1)}


def route_sheets(wb, lang: str = "vi") -> dict[str, object]:
    names = {i18n.label(f"forms.sheet.{r}", lang): r for r in
             ("early_retirement", "quit", "training", "transfer", "commune_parttime")}
    return {names[ws.title]: ws for ws in wb.worksheets if ws.title in names}


def in_order(headers: list, expected: list[str]) -> bool:
    where = [headers.index(h) for h in expected]
    return where == sorted(where)


def no_formulas(path: Path) -> None:
    """No formula anywhere: no <f> element in any sheet and no text cell starting with "="."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode() and "<f " not in z.read(name).decode()
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), (
                    ws.title, cell.coordinate, cell.value)


def assert_printed(ws, header_rows: tuple[int, int] | None, landscape: bool = True) -> None:
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    if header_rows:
        assert ws.print_title_rows == f"${header_rows[0]}:${header_rows[1]}"


# --------------------------------------------------------------------------------------------
# The lists to send upward
# --------------------------------------------------------------------------------------------

def test_one_list_per_route_with_exactly_the_people_proposed(sample):
    result, forms, _, res = sample
    cand = result.tables["candidates"].filter(pl.col("proposed"))
    pay = result.tables["payouts"]
    sheets = route_sheets(openpyxl.load_workbook(forms))
    assert set(sheets) == set(cand["route"].to_list())
    seen = 0
    for route, ws in sheets.items():
        table = read_list(ws)
        people = table["people"]
        assert [p["STT"] for p in people] == list(range(1, len(people) + 1))
        names = cand.filter(pl.col("route") == route)["full_name"].to_list()
        assert Counter(p["Họ và tên"] for p in people) == Counter(names)
        route_pay = pay.filter(pl.col("route") == route)
        assert table["total"]["Tổng cộng"] == route_pay["total"].sum()
        assert [p["Tổng cộng"] for p in people] == [
            dict(zip(route_pay["full_name"], route_pay["total"], strict=True))[p["Họ và tên"]]
            for p in people]
        # Each allowance column adds up to its component, with the decree's label.
        for c in COMPONENTS:
            label = i18n.label(f"payout.{c}_{route}", "vi", i18n.label(f"payout.{c}", "vi"))
            if label in table["headers"]:
                assert table["total"][label] == route_pay[c].sum()
        # The people of each unit under its name.
        assert {name for _, name in table["sections"]} == set(
            cand.filter(pl.col("route") == route)["unit"].to_list())
        seen += len(people)
    assert seen == result.figure("proposed_total") == cand.height
    assert f"{seen} người" in res.output


def test_lists_carry_the_decrees_columns_title_and_signature(sample):
    result, forms, _, _ = sample
    wb = openpyxl.load_workbook(forms)
    decree = {"decree-178": "178/2024/NĐ-CP", "decree-154": "154/2025/NĐ-CP"}[result.policy]
    for route, ws in route_sheets(wb).items():
        table = read_list(ws)
        assert in_order(table["headers"], ER_HEADERS if route == "early_retirement"
                        else QUIT_HEADERS)
        assert table["headers"][-2:] == ["Căn cứ đề nghị", "Ghi chú"]
        words = texts(ws)
        title = next(t for t in words if t.startswith("DANH SÁCH ĐỀ NGHỊ GIẢI QUYẾT CHÍNH SÁCH"))
        assert f"THEO NGHỊ ĐỊNH SỐ {decree}" in title
        for expected in ("UBND TỈNH NGHỆ AN", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ",
                         "(Ký tên, đóng dấu)", "……, ngày …… tháng …… năm ……"):
            assert expected in words, expected
        assert any(t.startswith("(Kèm theo Tờ trình số") for t in words)
        # Ratings print as abbreviations, spelled out once under the quitting list's table.
        legend = ("Xếp loại: HTXSNV – Hoàn thành xuất sắc nhiệm vụ; HTTNV – Hoàn thành tốt "
                  "nhiệm vụ; HTNV – Hoàn thành nhiệm vụ; KHTNV – Không hoàn thành nhiệm vụ")
        assert (legend in words) == (route == "quit"), route
        # The issuing body top left, the motto top right, on the first row.
        first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True))
        assert first[0] == "UBND TỈNH NGHỆ AN" and "CỘNG HÒA" in [v for v in first if v][-1]
        assert_printed(ws, table["header_rows"])
        total_col = table["headers"].index("Tổng cộng") + 1
        first_person = table["header_rows"][1] + 2  # the unit's row comes first
        assert ws.cell(first_person, total_col).number_format == "#,##0"


def test_surplus_headcount_and_cost_sheets(sample):
    result, forms, _, _ = sample
    wb = openpyxl.load_workbook(forms)
    ws = wb[i18n.label("forms.sheet.targets", "vi")]
    table = read_list(ws)
    targets = result.tables["targets"]
    cols = {"Biên chế có mặt thuộc phạm vi tinh giản": "baseline",
            "Chỉ tiêu tinh giản": "target",
            "Nghỉ hưu tự nhiên tính vào chỉ tiêu": "retiring_counted",
            "Đề nghị giải quyết chính sách, có căn cứ pháp lý": "proposed_toward_gap",
            "Chưa bù được bằng căn cứ hiện có": "remaining_gap"}
    assert in_order(table["headers"], ["Tên đơn vị", *cols])
    assert [p["Tên đơn vị"] for p in table["people"]] == targets["unit"].to_list()
    for header, col in cols.items():
        assert [p[header] for p in table["people"]] == targets[col].to_list()
        assert table["total"][header] == targets[col].sum()
    assert table["total"]["Chỉ tiêu tinh giản"] == result.figure("target_total")
    assert "NGƯỜI LẬP BIỂU" in texts(ws)
    assert_printed(ws, table["header_rows"])

    ws = wb[i18n.label("forms.sheet.cost", "vi")]
    table = read_list(ws)
    assert table["total"]["Tổng kinh phí"] == result.figure("one_off_cost")
    assert table["total"]["Số người"] == result.figure("proposed_total")
    assert_printed(ws, table["header_rows"])


def test_no_formulas_anywhere(sample):
    _, forms, vtvl, _ = sample
    no_formulas(forms)
    no_formulas(vtvl)


# --------------------------------------------------------------------------------------------
# The job-position project
# --------------------------------------------------------------------------------------------

def test_vtvl_holds_every_units_positions_with_quota_and_present(sample):
    result, _, vtvl, _ = sample
    wb = openpyxl.load_workbook(vtvl)
    ws = wb[i18n.label("forms.sheet.positions", "vi")]
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] == "STT")
    headers = list(rows[top])
    got, unit = [], None
    for r in rows[top + 2:]:
        if r[1] == "Tổng cộng":
            break
        if isinstance(r[0], str) and re.fullmatch(r"[IVXLCDM]+", r[0]):
            unit = r[1]
        elif isinstance(r[0], int):
            row = dict(zip(headers, r, strict=True))
            got.append((unit, row["Tên vị trí việc làm"], row["Số lượng được giao"],
                        row["Hiện có"], row["Dưới ngạch của vị trí"]))
    pos = result.tables["positions"]
    expected = [(u, p, q, n, b) for u, p, q, n, b in pos.select(
        "unit", "position", "quota", "present", "below_grade").iter_rows()]
    assert sorted(got, key=str) == sorted(expected, key=str)
    assert_printed(ws, (top + 1, top + 2))
    assert "NGƯỜI LẬP BIỂU" in texts(ws)


def test_vtvl_people_to_rearrange_match_the_positions_table(sample):
    result, _, vtvl, _ = sample
    people = rearrange_people(result)
    below = Counter((p["unit"], p["position"]) for p in people if p["code"] == "below_grade")
    pos = result.tables["positions"]
    assert below == Counter({(u, p): b for u, p, b in pos.select(
        "unit", "position", "below_grade").iter_rows() if b})
    over = Counter()
    for p in people:
        if p["code"] == "over_quota":
            over[(p["unit"], p["position"])] += 1
        elif p["code"] == "over_quota_open":
            over[(p["unit"], p["position"])] += p["n"]
    surplus = {(u, p): s for u, p, s in pos.select("unit", "position", "surplus").iter_rows()
               if s}
    assert set(over) == set(surplus) and all(over[k] >= surplus[k] for k in surplus)
    unassigned = result.tables["unassigned"]
    assert sorted(p["person_id"] for p in people if p["code"] in ("no_position", "not_listed")
                  ) == sorted(unassigned["person_id"].to_list())
    ws = openpyxl.load_workbook(vtvl)[i18n.label("forms.sheet.rearrange", "vi")]
    assert len(read_list(ws, total="…")["people"]) == len(people)


def test_vtvl_job_description_per_position(sample):
    result, _, vtvl, _ = sample
    ws = openpyxl.load_workbook(vtvl)[i18n.label("forms.sheet.descriptions", "vi")]
    words = texts(ws)
    pos = result.tables["positions"]
    for unit, position in pos.select("unit", "position").iter_rows():
        assert f"Vị trí việc làm: {position} — {unit}" in words
    for heading in ("I. THÔNG TIN CHUNG", "II. MỤC TIÊU CỦA VỊ TRÍ VIỆC LÀM",
                    "VI. KHUNG NĂNG LỰC", "IX. YÊU CẦU VỀ TRÌNH ĐỘ, KINH NGHIỆM, PHẨM CHẤT"):
        assert words.count(heading) == pos.height
    assert words.count("Tiêu chí đánh giá") == 3 * pos.height
    assert_printed(ws, None, landscape=False)


# --------------------------------------------------------------------------------------------
# Every route, unknown amounts, English
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def routes(tmp_path_factory):
    """The Decree 154 workbook of test_decree154: early retirement, quitting, training and
    transfer, each stated in the input."""
    from tests.test_decree154 import AS_OF, HEADER, ROWS

    folder = tmp_path_factory.mktemp("routes")
    path = folder / "nd154.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH"])
    ws.append(HEADER)
    for i, row in enumerate(ROWS, start=1):
        ws.append([i, *row])
    wb.save(path)
    result = analyze([path], as_of=AS_OF, horizon=dt.date(2027, 12, 31), policy="decree-154")
    return result, write_forms(result, folder / "nd154.bieu_mau.xlsx"), path


def test_every_route_gets_its_list_and_the_regimes_allowances(routes):
    result, forms, _ = routes
    wb = openpyxl.load_workbook(forms)
    sheets = route_sheets(wb)
    assert list(sheets) == ["early_retirement", "quit", "training", "transfer"]
    assert [ws.title for ws in wb.worksheets][:4] == [
        i18n.label(f"forms.sheet.{r}", "vi") for r in sheets]
    pay = result.tables["payouts"]
    for route, ws in sheets.items():
        table = read_list(ws)
        assert table["total"]["Tổng cộng"] == pay.filter(pl.col("route") == route)["total"].sum()
        assert "Theo hình thức nghỉ đã đăng ký" in {p["Căn cứ đề nghị"] for p in table["people"]}
    er = read_list(sheets["early_retirement"])
    assert in_order(er["headers"], ER_HEADERS)
    # Decree 154 pays no months-based A1: its column is left out; A2 and A3 are there.
    assert not any(str(h).startswith("A1") for h in er["headers"])
    assert {p["Họ và tên"]: p["Tổng cộng"] for p in er["people"]} == {
        "Nguyễn Văn Hưu": 377_369_487, "Trần Văn Mười": 320_408_055}
    training = read_list(sheets["training"])["headers"]
    assert sum(str(h).startswith(("B1", "B2", "B3")) for h in training) == 3
    assert "Phạm Thị Nghề" in [p["Họ và tên"] for p in read_list(sheets["training"])["people"]]
    assert "1990" not in texts(sheets["training"])  # year of birth as a number, not text
    no_formulas(forms)


def test_unknown_payout_stays_empty_with_its_reason(analyse, tmp_path):
    people = [{"full_name": f"N{i}", "unit": "P", "sex": "F", "birth_date": dt.date(1985, 1, 1),
               "staff_type": "civil_servant", "coef": 3.0, "rating_1": "not_completed"}
              for i in range(10)]
    result = analyse(people, policy="decree-154")
    assert result.figure("payouts_unknown") == 2
    ws = openpyxl.load_workbook(write_forms(result, tmp_path / "x.bieu_mau.xlsx")).worksheets[0]
    table = read_list(ws)
    assert len(table["people"]) == 2
    for p in table["people"]:
        assert p["Tổng cộng"] is None  # empty, never 0
        assert "BHXH" in p["Ghi chú"]
    assert table["total"]["Tổng cộng"] is None
    assert "2 người" in table["total"]["Ghi chú"]
    cost = read_list(openpyxl.load_workbook(tmp_path / "x.bieu_mau.xlsx")[
        i18n.label("forms.sheet.cost", "vi")])
    assert cost["total"]["Tổng kinh phí"] is None
    assert cost["total"]["Số người chưa tính được kinh phí"] == 2


def test_nobody_proposed_still_writes_the_summary_sheets(analyse, tmp_path):
    people = [{"full_name": f"N{i}", "unit": "P", "sex": "F", "birth_date": dt.date(1985, 1, 1),
               "staff_type": "civil_servant", "coef": 3.0} for i in range(3)]
    result = analyse(people)
    wb = openpyxl.load_workbook(write_forms(result, tmp_path / "x.bieu_mau.xlsx"))
    assert not route_sheets(wb)
    assert [ws.title for ws in wb.worksheets] == [
        i18n.label("forms.sheet.targets", "vi"), i18n.label("forms.sheet.cost", "vi")]
    vtvl = openpyxl.load_workbook(write_vtvl(result, tmp_path / "x.de_an_vtvl.xlsx"))
    assert len(vtvl.worksheets) == 3


def test_english_forms_have_no_vietnamese_of_their_own(tmp_path):
    from tests.test_language import VIETNAMESE, _input_strings, _without_inputs

    run("forms", SAMPLE, "--out", tmp_path, "--as-of", "2025-03-01", "--lang", "en")
    # Grade names of the parameter tables are legal names, quoted as they are.
    grades = {r["grade_name"] for r in load_params().rows("grade_code", DATES[0])}
    reference = sorted({*_input_strings(), *grades}, key=len, reverse=True)
    for name in ("so_noi_vu.bieu_mau.xlsx", "so_noi_vu.de_an_vtvl.xlsx"):
        wb = openpyxl.load_workbook(tmp_path / name)
        for ws in wb.worksheets:
            assert len(ws.title) <= 31
            assert not VIETNAMESE.search(ws.title), ws.title
            leaks = {t for t in texts(ws) if VIETNAMESE.search(_without_inputs(t, reference))}
            assert not leaks, (ws.title, sorted(leaks)[:10])
    wb = openpyxl.load_workbook(tmp_path / "so_noi_vu.bieu_mau.xlsx")
    ws = wb[i18n.label("forms.sheet.quit", "en")]
    table = read_list(ws, stt="No.", total="Total")
    assert len(table["people"]) == 7
    assert "SOCIALIST REPUBLIC OF VIETNAM" in texts(ws)
    assert any("UNDER DECREE 178/2024/ND-CP" in t for t in texts(ws))


def test_the_input_is_never_overwritten(routes, tmp_path):
    result, _, path = routes
    before = path.read_bytes()
    with pytest.raises(Exception, match="output_is_input"):
        write_forms(result, path)
    assert path.read_bytes() == before


def test_out_is_required():
    res = CliRunner().invoke(main, ["forms", str(SAMPLE)])
    assert res.exit_code == 2 and "--out" in res.output


def test_the_rank_column_names_the_grade_when_the_list_gives_only_its_code(analyse, tmp_path):
    # forms.md: "Cấp bậc" (grade). A list giving only the code 01.002 shows the grade's name
    # from the grade table (it printed the code).
    people = [{"full_name": f"N{i}", "unit": "P", "sex": "F", "birth_date": dt.date(1985, 1, 1),
               "staff_type": "civil_servant", "coef": 4.4, "grade_code": "01.002",
               "si_years": 15.0, "rating_1": "not_completed" if i == 0 else "good"}
              for i in range(5)]
    result = analyse(people, policy="decree-154")
    sheets = route_sheets(openpyxl.load_workbook(
        write_forms(result, tmp_path / "x.bieu_mau.xlsx")))
    table = read_list(sheets["quit"])
    assert [p["Ngạch, chức danh nghề nghiệp"] for p in table["people"]] == ["Chuyên viên chính"]
