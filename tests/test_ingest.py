"""Importer: every layout pattern and cell-value form of workbooks.md, built inside the tests."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streamline.analysis import analyze, type_patterns
from streamline.errors import InputError
from streamline.ingest import parse_overrides, read_inputs
from streamline.params import load_params
from streamline.report import i18n

BANNER = [
    ["UBND TỈNH NGHỆ AN", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    [None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    ["DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2025"],
    ["(Kèm theo Công văn số 123/SNV-TCBC)"],
]
HEAD1 = [
    "STT",
    "Họ và tên",
    "Ngày, tháng, năm sinh",
    None,
    "Loại",
    "Ngạch",
    None,
    "Lương hiện hưởng",
    None,
    "Phụ cấp",
    None,
    "Xếp loại chất lượng",
    None,
    "Ghi chú",
]
HEAD2 = [
    None,
    None,
    "Nam",
    "Nữ",
    None,
    "Tên ngạch",
    "Mã số",
    "Bậc",
    "Hệ số",
    "Chức vụ",
    "Thâm niên vượt khung (%)",
    "2023",
    "2024",
    None,
]
MERGES = ["C{r}:D{r}", "F{r}:G{r}", "H{r}:I{r}", "J{r}:K{r}", "L{r}:M{r}"]


def xlsx(
    path: Path,
    sheets: dict[str, list[list]],
    merges: dict[str, list[str]] | None = None,
    hidden: tuple[str, ...] = (),
) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def department(tmp_path: Path, people: list[list], extra: list[list] | None = None) -> Path:
    """Banner, two-row merged header, column-number row, sections, subtotals, footer."""
    header_row = len(BANNER) + 2
    rows = BANNER + [[]] + [HEAD1, HEAD2, [f"({i})" for i in range(1, 15)]]
    rows += people + (extra or [])
    merges = [m.format(r=header_row) for m in MERGES]
    merges += [f"{c}{header_row}:{c}{header_row + 1}" for c in "ABEN"]
    return xlsx(tmp_path / "so.xlsx", {"Danh sach": rows}, {"Danh sach": merges})


PEOPLE = [
    ["I. LÃNH ĐẠO SỞ"],
    [
        1,
        "Nguyễn Văn An",
        dt.datetime(1966, 1, 20),
        None,
        "CC",
        "Chuyên viên chính",
        1.002,
        3,
        "4,65",
        0.7,
        None,
        "HTTNV",
        "HTXSNV",
    ],
    [
        2,
        "Trần Thị Bình ",
        None,
        "12/03/1975",
        "CC",
        "Chuyên viên",
        "01.003",
        4,
        3.33,
        0.5,
        "5%",
        "Hoàn thành tốt nhiệm vụ",
        "HTNV",
    ],
    ["Cộng", None, None, None, None, None, None, None, 7.98, 1.2],
    ["II. VĂN PHÒNG SỞ"],
    [3, "Lê Văn Cường", "1980", None, "HĐ111", "Nhân viên", "01.005", 2, 2.06],
    [],
    [4, "Phạm Thị Dung", None, "3/1990", "CC", "Chuyên viên", "01.003", 2, "2,67", None, 0.06],
    [5, "Hoàng Văn Em", 27466, None, "CB", "Chuyên viên", "01.003", 1, 2.34],
    ["Cộng (II)", None, None, None, None, None, None, None, 9.00],
    ["Tổng cộng", None, None, None, None, None, None, None, 17.05],
    [],
    [None, None, None, None, None, None, "Nghệ An, ngày 01 tháng 3 năm 2025"],
    [None, "Người lập biểu", None, None, None, None, "Thủ trưởng đơn vị"],
    [None, "(Ký, ghi rõ họ tên)", None, None, None, None, "(Ký tên, đóng dấu)"],
    [None, "Nguyễn Thị Lập", None, None, None, None, "Trần Văn Duyệt"],
]


@pytest.fixture
def dept(tmp_path):
    return read_inputs([department(tmp_path, PEOPLE)])


def by_name(ing):
    return {r["full_name"]: r for r in ing.staff.iter_rows(named=True)}


def test_header_found_below_banner_with_excel_row_numbers(dept):
    people = by_name(dept)
    assert list(people) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
    ]
    assert (
        people["Nguyễn Văn An"]["source_row"] == 10
    )  # banner 4 + blank + 2 header + number row + section


def test_merged_header_paths_mapped(dept):
    mapping = {r["source_label"]: r["field"] for r in dept.mapping.iter_rows(named=True)}
    assert mapping["Phụ cấp / Chức vụ"] == "lead_coef"
    assert mapping["Lương hiện hưởng / Hệ số"] == "coef"
    assert mapping["Ngạch / Mã số"] == "grade_code"
    assert mapping["Ngày, tháng, năm sinh / Nữ"] == "birth_female"
    assert mapping["Xếp loại chất lượng / 2024"] == "rating_1"
    assert mapping["Xếp loại chất lượng / 2023"] == "rating_2"


def test_birth_split_by_sex_and_date_forms(dept):
    p = by_name(dept)
    assert (p["Nguyễn Văn An"]["sex"], p["Nguyễn Văn An"]["birth_date"]) == (
        "M",
        dt.date(1966, 1, 20),
    )
    assert (p["Trần Thị Bình"]["sex"], p["Trần Thị Bình"]["birth_date"]) == (
        "F",
        dt.date(1975, 3, 12),
    )
    assert (p["Lê Văn Cường"]["birth_date"], p["Lê Văn Cường"]["birth_precision"]) == (
        dt.date(1980, 1, 1),
        "year",
    )
    assert (p["Phạm Thị Dung"]["birth_date"], p["Phạm Thị Dung"]["birth_precision"]) == (
        dt.date(1990, 3, 1),
        "month",
    )
    assert p["Hoàng Văn Em"]["birth_date"] == dt.date(1975, 3, 13)  # Excel serial 27466


def test_unreadable_birth_date_keeps_its_column_s_sex(tmp_path):
    """workbooks.md item 3: the date is written in the column of the person's sex, so a date
    that cannot be read still tells the sex — on a plain row and on a row read the long way
    (a merged cell on it)."""
    people = [["I. VĂN PHÒNG"],
              [1, "Nguyễn Thị Dung", None, "31/02/1970", "CC", "Chuyên viên", "01.003", 2, 2.67],
              [2, "Lê Văn Hải", "30/02/1971", None, "CC", "Chuyên viên", "01.003", 2, 2.67,
               None, None, "HTTNV"],
              [3, "Trần Văn Hòa", "01/01/1972", None, "CC", "Chuyên viên", "01.003", 2, 2.67,
               None, None, None]]
    path = department(tmp_path, people)
    wb = openpyxl.load_workbook(path)
    wb["Danh sach"].merge_cells("L11:L12")  # rows 11–12: Hải and Hòa, read the long way
    wb.save(path)
    ing = read_inputs([path])
    p = by_name(ing)
    assert [(p[n]["sex"], p[n]["birth_date"]) for n in p] == [("F", None), ("M", None),
                                                             ("M", dt.date(1972, 1, 1))]
    assert "sex_unknown" not in ing.issues["code"].to_list()
    assert ing.issues.filter(pl.col("code") == "not_date")["column"].to_list() == ["D", "C"]


def test_a_value_merged_over_several_people_is_each_one_s(tmp_path):
    """A regional allowance merged over a group (workbooks.md: merged cells inside the data
    area) is each person's, said per person; the subtotal below, Excel's own SUM over the
    merged range, counts it once and is not a mismatch. A coefficient merged over two
    people stays nobody's."""
    people = [["I. VĂN PHÒNG"],
              [1, "A", "01/01/1970", None, "CC", "Chuyên viên", "01.003", 2, 2.67, 0.2],
              [2, "B", "01/01/1971", None, "CC", "Chuyên viên", "01.003", 2, None, None],
              [3, "C", "01/01/1972", None, "CC", "Chuyên viên", "01.003", 3, 3.0, None],
              [4, "D", "01/01/1973", None, "CC", "Chuyên viên", "01.003", 3, None, 0.3],
              ["Cộng", None, None, None, None, None, None, None, None, 0.5]]
    path = department(tmp_path, people)
    wb = openpyxl.load_workbook(path)
    wb["Danh sach"].merge_cells("J10:J12")  # "Phụ cấp / Chức vụ" of A, B, C
    wb["Danh sach"].merge_cells("I12:I13")  # C's and D's coefficient
    wb.save(path)
    ing = read_inputs([path])
    assert ing.staff["lead_coef"].to_list() == [Decimal("0.2")] * 3 + [Decimal("0.3")]
    assert ing.staff["coef"].to_list() == [Decimal("2.67"), None, None, None]
    shared = ing.issues.filter(pl.col("code") == "merged_shared")
    assert shared.select("row", "column", "value").rows() == [(11, "J", "0.2"),
                                                             (12, "J", "0.2")]
    assert ing.issues.filter(pl.col("code") == "merged_over_people")["row"].to_list() == [
        12, 13]
    assert "subtotal_mismatch" not in ing.issues["code"].to_list()


def test_sections_give_units(dept):
    units = {r["full_name"]: r["unit"] for r in dept.staff.iter_rows(named=True)}
    assert units["Nguyễn Văn An"] == "LÃNH ĐẠO SỞ"
    assert units["Phạm Thị Dung"] == "VĂN PHÒNG SỞ"


def test_values_decimal_comma_percent_codes_abbreviations(dept):
    p = by_name(dept)
    assert p["Nguyễn Văn An"]["coef"] == Decimal("4.65")
    assert p["Nguyễn Văn An"]["grade_code"] == "01.002"  # Excel ate the leading zero
    assert p["Trần Thị Bình"]["tnvk_pct"] == Decimal(5)
    assert p["Phạm Thị Dung"]["tnvk_pct"] == Decimal(6)  # 0.06 read as a fraction
    assert p["Phạm Thị Dung"]["coef"] == Decimal("2.67")
    assert [p[n]["staff_type"] for n in p] == [
        "civil_servant",
        "civil_servant",
        "contract",
        "civil_servant",
        "cadre",
    ]
    assert (p["Nguyễn Văn An"]["rating_1"], p["Nguyễn Văn An"]["rating_2"]) == ("excellent", "good")
    assert p["Trần Thị Bình"]["rating_2"] == "good"  # written in full words


def test_rows_accounted_for(dept):
    c = dept.counts.row(0, named=True)
    assert c["people"] == 5
    assert (c["section"], c["subtotal"], c["footer"], c["blank"]) == (2, 3, 4, 2)
    assert c["header"] == 8  # 4 banner + 1 blank + 2 header + 1 column-number row
    assert (
        c["rows"]
        == c["people"]
        + c["header"]
        + c["blank"]
        + c["section"]
        + c["subtotal"]
        + c["footer"]
        + c["not_analysed"]
    )


def test_subtotal_mismatch_reported(dept):
    # Cộng (I) = 7.98 is right; Cộng (II) says 9.00 but 2.06 + 2.67 + 2.34 = 7.07;
    # Tổng cộng says 17.05 but the total is 15.05.
    msgs = dept.issues.filter(pl.col("code") == "subtotal_mismatch")
    assert sorted(msgs["row"].to_list()) == [18, 19]
    args = msgs.filter(pl.col("row") == 18)["args"][0]
    assert json.loads(args) == {"label": "Cộng (II)", "column": "Lương hiện hưởng / Hệ số",
                                "written": 9, "total": 7.07}
    assert i18n.message("issue.subtotal_mismatch", args, "vi").endswith(
        "Lương hiện hưởng / Hệ số = 9 ≠ 7,07")


def test_issue_rows_name_file_sheet_row_column_value(dept):
    code = dept.issues.filter(pl.col("value") == "1.002").row(0, named=True)
    assert (code["file"], code["sheet"], code["row"], code["column"]) == (
        "so.xlsx",
        "Danh sach",
        10,
        "G",
    )
    assert code["code"] == "code_recovered" and "01.002" in json.loads(code["args"])["v"]


def test_row_with_data_but_no_name_is_not_analysed(tmp_path):
    rows = PEOPLE[:3] + [[9, None, dt.datetime(1970, 1, 1), None, "CC", None, None, None, 2.34]]
    ing = read_inputs([department(tmp_path, rows)])
    assert ing.counts["not_analysed"][0] == 1
    err = ing.issues.filter(pl.col("severity") == "error").row(0, named=True)
    assert err["row"] == 12 and err["code"] == "no_name"


def test_labels_without_diacritics_or_decomposed(tmp_path):
    nfd = unicodedata.normalize("NFD", "Ngày sinh")
    rows = [
        ["STT", "HO VA TEN", nfd, "GIOI TINH", "he so luong", "Mã ngạch"],
        [1, "Nguyễn Văn A", "01-02-1970", "Nam", 2.34, 1.003],
        [2, unicodedata.normalize("NFD", "Lê Thị Bé"), "15/6/1985", "Nữ", 3.0, "01.003"],
    ]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"DS": rows})],
                      type_patterns=type_patterns(load_params()))
    s = by_name(ing)
    assert s["Nguyễn Văn A"]["birth_date"] == dt.date(1970, 2, 1)
    assert s["Lê Thị Bé"]["sex"] == "F"  # name normalised to NFC
    assert s["Nguyễn Văn A"]["grade_code"] == "01.003"
    # No staff-type column: inferred from the grade code, said once for the sheet.
    assert s["Nguyễn Văn A"]["staff_type"] == "civil_servant"
    assert ing.issues.filter(pl.col("code") == "staff_type_inferred_sheet").height == 1


def test_several_sheets_found_by_content(tmp_path):
    staff = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị", "Vị trí việc làm", "Hệ số lương"],
        ["A", "01/01/1970", "Nam", "Phòng X", "Chuyên viên", 2.34],
        ["B", "01/01/1980", "Nữ", "Phòng X", "Chuyên viên", 2.67],
    ]
    vtvl = [
        ["DANH MỤC VỊ TRÍ VIỆC LÀM"],
        [],
        ["STT", "Đơn vị", "Tên vị trí việc làm", "Nhóm vị trí", "Mã ngạch", "Số lượng"],
        [1, "Phòng X", "Chuyên viên", "Chuyên môn, nghiệp vụ chuyên ngành", "01.003", 1],
    ]
    units = [
        ["Tên đơn vị", "Đơn vị cấp trên", "Loại đơn vị", "Nguồn kinh phí"],
        ["Phòng X", "Sở Y", "Phòng thuộc sở", "Tự chủ"],
    ]
    guide = [["Hướng dẫn: điền đủ các cột"], ["Không sửa tiêu đề"]]
    ing = read_inputs(
        [
            xlsx(
                tmp_path / "m.xlsx",
                {"VTVL": vtvl, "Nhan su": staff, "Don vi": units, "Huong dan": guide, "Cu": staff},
                hidden=("Cu",),
            )
        ]
    )
    roles = dict(zip(ing.counts["sheet"], ing.counts["role"], strict=True))
    assert roles == {
        "VTVL": "positions",
        "Nhan su": "staff",
        "Don vi": "units",
        "Huong dan": "ignored",
        "Cu": "hidden",
    }
    assert ing.positions.row(0, named=True)["quota"] == 1
    assert ing.positions["category"][0] == "professional"
    assert ing.units.filter(pl.col("unit") == "Phòng X")["funding"][0] == "self"
    assert ing.staff.height == 2  # the hidden copy is not read twice


def test_csv_utf8_bom_and_utf16(tmp_path):
    text = (
        "STT,Họ và tên,Giới tính,Ngày sinh,Hệ số lương,Loại CBCCVC\n"
        '1,Nguyễn Văn A,Nam,12/03/1975,"2,34",VC\n2,Trần B,Nữ,01/01/1980,"3,00",HĐ68\n'
    )
    (tmp_path / "a.csv").write_bytes("\ufeff".encode() + text.encode("utf-8"))
    (tmp_path / "b.csv").write_bytes(text.encode("utf-16"))
    for name in ("a.csv", "b.csv"):
        ing = read_inputs([tmp_path / name])
        assert ing.staff["full_name"].to_list() == ["Nguyễn Văn A", "Trần B"]
        assert ing.staff["coef"].to_list() == [Decimal("2.34"), Decimal("3.00")]
        assert ing.staff["staff_type"].to_list() == ["public_employee", "contract"]


def test_parquet_and_folder_input(tmp_path):
    pl.DataFrame(
        {
            "Họ và tên": ["A", "B"],
            "Ngày sinh": ["1970-01-01", "1980-05-05"],
            "Giới tính": ["Nam", "Nữ"],
            "Hệ số lương": [2.34, 4.4],
        }
    ).write_parquet(tmp_path / "x.parquet")
    ing = read_inputs([tmp_path])
    assert ing.staff["birth_date"].to_list() == [dt.date(1970, 1, 1), dt.date(1980, 5, 5)]


def test_xls_and_ods(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("DS")
    for r, row in enumerate(
        [
            ["Họ và tên", "Ngày sinh", "Giới tính", "Hệ số"],
            ["Nguyễn A", "01/02/1970", "Nam", "2,34"],
        ]
    ):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.save(str(tmp_path / "a.xls"))
    assert read_inputs([tmp_path / "a.xls"]).staff["coef"][0] == Decimal("2.34")
    ods = tmp_path / "a.ods"
    write_ods(ods, [["Họ và tên", "Ngày sinh", "Giới tính"], ["Lê B", "03/04/1985", "Nữ"]])
    s = read_inputs([ods]).staff.row(0, named=True)
    assert (s["full_name"], s["birth_date"], s["sex"]) == ("Lê B", dt.date(1985, 4, 3), "F")


def write_ods(path: Path, rows: list[list[str]]) -> None:
    """A minimal OpenDocument spreadsheet (string cells only)."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="DS">{cells}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)


def test_unit_column_merged_down_and_leading_zero_ids(tmp_path):
    rows = [
        ["Mã CB", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị"],
        ["00123", "A", "01/01/1970", "Nam", "Khoa Nội"],
        [124, "B", "01/01/1971", "Nữ", None],
        ["00125", "C", "01/01/1972", "Nữ", "Khoa Ngoại"],
    ]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"DS": rows})])
    assert ing.staff["unit"].to_list() == ["Khoa Nội", "Khoa Nội", "Khoa Ngoại"]
    assert ing.staff["employee_id"].to_list() == ["00123", "00124", "00125"]


def test_map_override(tmp_path):
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Mức A"], ["A", "01/01/1970", "Nam", 2.34]]
    path = xlsx(tmp_path / "a.xlsx", {"DS": rows})
    assert read_inputs([path]).staff["coef"][0] is None
    ing = read_inputs([path], overrides=parse_overrides(["Mức A=coef"]))
    assert ing.staff["coef"][0] == Decimal("2.34")
    assert ing.mapping.filter(pl.col("source_label") == "Mức A")["field"][0] == "coef"
    with pytest.raises(InputError):
        parse_overrides(["Mức A=nonsense"])


def test_abbreviated_headers_read_by_tokens(tmp_path):
    """Headers typed the way offices abbreviate them (workbooks.md) name their fields."""
    rows = [["Họ tên", "DOB", "GT", "HS lương", "HS PC CV", "PC TNVK (%)", "TN nghề",
             "Mã CD", "CC/VC", "Nguồn chi trả lương", "Biên chế/Hợp đồng"],
            ["Lê Văn A", "01/02/1970", "Nam", "4,98", "0,5", "7", "15", "V.07.05.13", "VC",
             "NSNN", "HĐLV"],
            ["Đỗ Thị B", "03/04/1985", "Nữ", "2,34", None, None, "10", "V.07.05.13", "VC",
             "Tự chủ", "HĐ 111"]]
    path = xlsx(tmp_path / "a.xlsx", {"DS": rows})
    ing = read_inputs([path])
    fields = dict(zip(ing.mapping["source_label"], ing.mapping["field"], strict=True))
    assert fields == {
        "Họ tên": "full_name", "DOB": "birth_date", "GT": "sex", "HS lương": "coef",
        "HS PC CV": "lead_coef", "PC TNVK (%)": "tnvk_pct", "TN nghề": "prof_seniority_pct",
        "Mã CD": "grade_code", "CC/VC": "staff_type", "Nguồn chi trả lương": "funding",
        "Biên chế/Hợp đồng": "contract_type",
    }
    a, b = ing.staff.iter_rows(named=True)
    assert (a["coef"], a["lead_coef"], a["tnvk_pct"]) == (Decimal("4.98"), Decimal("0.5"), 7)
    assert (a["funding"], a["contract_type"]) == ("state", "working_contract")
    assert (b["funding"], b["contract_type"], b["sex"]) == ("self", "labour_contract", "F")


def test_hr_system_export_headers_and_contract_words_as_staff_types(tmp_path):
    """An English export (workbooks.md): "Leadership coef" is the leadership coefficient;
    a contract word in the staff-type column makes the type its contract makes — HĐLV a
    public employee (payroll), KCT a commune part-timer (not payroll); a column nobody reads
    is never told to become a field another column already gives (--map would take it)."""
    rows = [["No.", "Name", "DOB", "Sex", "Coefficient", "Leadership coef", "Staff type",
             "Leader coef (old)"],
            [1, "Lê Văn A", "01/02/1970", "Male", 4.4, 0.6, "CB", 0.5],
            [2, "Đỗ Thị B", "03/04/1985", "Female", 2.34, None, "HĐLV", None],
            [3, "Hà Văn C", "05/06/1960", "Male", None, None, "KCT", None]]
    path = xlsx(tmp_path / "export.xlsx", {"Staff": rows})
    ing = read_inputs([path])
    fields = dict(zip(ing.mapping["source_label"], ing.mapping["field"], strict=True))
    assert (fields["Coefficient"], fields["Leadership coef"]) == ("coef", "lead_coef")
    old = ing.mapping.filter(pl.col("source_label") == "Leader coef (old)").row(0, named=True)
    assert (old["field"], old["suggestion"]) == (None, None)  # not "coef"
    assert ing.staff["lead_coef"].to_list() == [Decimal("0.6"), None, None]
    assert ing.staff["staff_type"].to_list() == ["cadre", "public_employee", "commune_parttime"]
    assert "bad_staff_type" not in ing.issues["code"].to_list()
    staff = analyze([path], as_of=dt.date(2026, 12, 1)).tables["staff"]
    assert staff["in_scope"].to_list() == [True, True, False]
    # (4.40 + 0.60) × 2,530,000 × 1.25 (the cadre's 25 % public-service allowance).
    assert staff["monthly_salary"][0] == 15_812_500


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"just some text, not a workbook", "unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted"),
    ],
)
def test_unreadable_files_raise_input_error(tmp_path, content, reason):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_inputs([path])
    assert err.value.code == reason


def test_no_header_and_no_people(tmp_path):
    with pytest.raises(InputError) as err:
        read_inputs([xlsx(tmp_path / "a.xlsx", {"S": [["xin chào"], [1, 2, 3]]})])
    assert err.value.code == "no_header"
    with pytest.raises(InputError) as err:
        read_inputs([xlsx(tmp_path / "b.xlsx", {"S": [["Họ và tên", "Ngày sinh", "Giới tính"]]})])
    assert err.value.code == "no_people"


ROW_KINDS = st.sampled_from(["person", "section", "subtotal", "blank", "noname"])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kinds=st.lists(ROW_KINDS, min_size=1, max_size=30), footer=st.booleans())
def test_row_conservation(tmp_path_factory, kinds, footer):
    """Rows read = people + non-person rows + not analysed, for any mix of row kinds."""
    rows, n = [], 0
    for k in kinds:
        n += 1
        rows.append(
            {
                "person": [
                    n,
                    f"Người {n}",
                    dt.datetime(1970 + n % 30, 1, 1),
                    None,
                    "CC",
                    None,
                    None,
                    1,
                    2.34,
                ],
                "section": [f"{n}. Phòng số {n}"],
                "subtotal": ["Cộng", None, None, None, None, None, None, None, 0],
                "blank": [],
                "noname": [n, None, dt.datetime(1980, 1, 1), None, "CC"],
            }[k]
        )
    extra = [["Người lập biểu"], ["Nguyễn Văn Ký"]] if footer else []
    if "person" not in kinds:
        rows.append([999, "Người cuối", dt.datetime(1970, 1, 1), None, "CC"])
    path = department(tmp_path_factory.mktemp("wb"), rows, extra)
    c = read_inputs([path]).counts.row(0, named=True)
    expected_people = max(kinds.count("person"), 1 if "person" not in kinds else 0)
    assert c["people"] == expected_people
    assert c["not_analysed"] == kinds.count("noname")
    assert c["rows"] == sum(
        c[k] for k in ("people", "not_analysed", "header", "blank", "section", "subtotal", "footer")
    )
    # Trailing blank rows vanish in the file itself; every other row is read.
    assert c["rows"] == 8 + len(rows) + len(extra) - _trailing_blanks(rows, extra)


def _trailing_blanks(rows, extra):
    if extra:
        return 0
    n = 0
    for r in reversed(rows):
        if r:
            break
        n += 1
    return n


def test_nested_letter_roman_number_sections_and_hinted_labels(tmp_path):
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đối tượng (CB, CC, VC, HĐ)"],
        ["A. KHỐI QUẢN LÝ NHÀ NƯỚC"],
        ["I. Văn phòng"],
        [1, "An", "01/01/1970", "Nam", "CB"],
        ["II. Phòng Kinh tế"],
        ["1. Tổ Nông nghiệp"],
        [2, "Bình", "01/01/1971", "Nữ", "HĐ"],
        ["B", "KHỐI SỰ NGHIỆP"],
        ["I", "Trường Mầm non"],
        [3, "Cường", "01/01/1972", "Nam", "VC"],
    ]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"DS": rows})])
    assert ing.staff["unit"].to_list() == ["Văn phòng", "Tổ Nông nghiệp", "Trường Mầm non"]
    assert ing.staff["staff_type"].to_list() == ["cadre", "contract", "public_employee"]
    parents = dict(zip(ing.units["unit"], ing.units["parent"], strict=True))
    assert parents["Tổ Nông nghiệp"] == "Phòng Kinh tế"
    assert parents["Phòng Kinh tế"] == "KHỐI QUẢN LÝ NHÀ NƯỚC"
    assert parents["Trường Mầm non"] == "KHỐI SỰ NGHIỆP"


def test_section_numbers_of_any_length_are_stripped(tmp_path):
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đối tượng (CB, CC, VC, HĐ)"],
        ["100. PHÒNG HÀNH CHÍNH"],
        [1, "An", "01/01/1970", "Nam", "CC"],
        ["1.10 Phòng Kinh tế"],
        ["1.10.2 Tổ Nông nghiệp"],
        [2, "Bình", "01/01/1971", "Nữ", "CC"],
        ["12.3.45. Tổ Thủy lợi"],
        [3, "Cường", "01/01/1972", "Nam", "CC"],
        ["101", "Phòng Tư pháp"],
        [4, "Dung", "01/01/1973", "Nữ", "CC"],
        ["2.10", "Tổ Hộ tịch"],
        [5, "Em", "01/01/1974", "Nam", "CC"],
    ]
    ing = read_inputs([xlsx(tmp_path / "a.xlsx", {"DS": rows})])
    assert ing.staff["unit"].to_list() == [
        "PHÒNG HÀNH CHÍNH", "Tổ Nông nghiệp", "Tổ Thủy lợi", "Phòng Tư pháp", "Tổ Hộ tịch"]
    parents = dict(zip(ing.units["unit"], ing.units["parent"], strict=True))
    assert parents["Tổ Nông nghiệp"] == "Phòng Kinh tế"


@pytest.mark.parametrize("name, kind", [("a.xls", "xlsx"), ("b.xlsx", "csv"), ("c.xls", "html")])
def test_format_decided_by_content_not_name(tmp_path, name, kind):
    """An .xlsx saved as .xls, a CSV called .xlsx and a web application's HTML table called
    .xls are read by what their bytes are, and the files table says so."""
    rows = [["Họ và tên", "Ngày sinh", "Giới tính", "Hệ số lương"],
            ["Lê Văn A", "01/02/1970", "Nam", "2,34"], ["Lê Thị B", "05/06/1980", "Nữ", "3,00"]]
    path = tmp_path / name
    if kind == "xlsx":
        xlsx(tmp_path / "x.xlsx", {"DS": rows}).rename(path)
    elif kind == "csv":
        path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows), "utf-8")
    else:
        cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        path.write_text(f"<html><body><table>{cells}</table></body></html>", "utf-8")
    ing = read_inputs([path])
    assert ing.files["read_as"].to_list() == [kind]
    assert ing.staff["coef"].to_list() == [Decimal("2.34"), Decimal("3.00")]
    assert ing.staff["birth_date"].to_list() == [dt.date(1970, 2, 1), dt.date(1980, 6, 5)]
    assert "read_by_content" in ing.issues["code"].to_list()
