"""Bad and odd input files, generated here (never committed binaries): each run of `analyze`
ends with exit status 0 and its people, or 2 and one line naming the file and the reason —
never a traceback."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tests.test_cli import run, why
from tests.test_ingest import PEOPLE, department

HEADER = "Họ và tên,Ngày sinh,Giới tính,Hệ số lương\n"
ROWS = "Nguyễn Văn An,20/01/1966,Nam,4.65\nTrần Thị Bình,03/05/1980,Nữ,3.33\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _workbook_bytes(tmp: Path) -> bytes:
    return department(tmp, PEOPLE).read_bytes()


def _zip(members: dict[str, bytes], stored: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _crc_damaged(tmp: Path) -> bytes:
    """The workbook stored uncompressed with one letter of a name changed: a bad CRC."""
    with zipfile.ZipFile(io.BytesIO(_workbook_bytes(tmp))) as z:
        data = _zip({n: z.read(n) for n in z.namelist()}, stored=True)
    at = data.find("Nguyễn Văn An".encode())
    return data[:at] + b"X" + data[at + 1:]


def _ole(stream: str) -> bytes:
    return OLE + b"\x00" * 512 + stream.encode("utf-16-le") + b"\x00" * 512


def _parquet(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


PEOPLE_FRAME = {"Họ và tên": ["Nguyễn Văn An"], "Ngày sinh": ["20/01/1966"],
                "Giới tính": ["Nam"], "Hệ số lương": ["4.65"]}

# name, bytes (or a builder taking tmp_path), exit status, phrase of the line or people count
CORPUS = [
    ("empty.xlsx", b"", 2, "tệp rỗng"),
    ("empty.csv", b"", 2, "tệp rỗng"),
    ("blank.csv", b"\r\n\r\n  \n", 2, "tệp rỗng"),
    ("empty.parquet", b"", 2, "tệp rỗng"),
    ("truncated.xlsx", lambda t: _workbook_bytes(t)[:3000], 2, "bị hỏng"),
    ("crc.xlsx", _crc_damaged, 2, "bị hỏng"),
    ("zip_no_workbook.xlsx", _zip({"readme.txt": b"hello"}), 2, "không đọc được"),
    ("text.xlsx", b"just some text, not a workbook", 2, "không đọc được"),
    ("garbage.xls", b"\x01\x02\x03garbage" * 50, 2, "không đọc được"),
    ("report.pdf.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", 2, "tài liệu PDF"),
    ("report.pdf.csv", b"%PDF-1.4\n1 0 obj\n<<>>\n", 2, "tài liệu PDF được đổi đuôi thành .csv"),
    ("letter.docx.xlsx", _zip({"word/document.xml": b"<w:document/>"}), 2, "văn bản Word"),
    ("letter.docx.csv", _zip({"word/document.xml": b"<w:document/>"}), 2, "văn bản Word"),
    ("letter.doc.xls", _ole("WordDocument"), 2, "văn bản Word"),
    ("slides.pptx.xlsx", _zip({"ppt/presentation.xml": b"<p/>"}), 2, "PowerPoint"),
    ("locked.xlsx", _ole("EncryptedPackage"), 2, "mã hoá"),
    ("locked_zeros.xlsx", OLE + b"\x00" * 1024, 2, "mã hoá"),
    # A web page saved as .xls is read by its content: this one holds no staff table.
    ("export.html.xls", b"<html><body><table><tr><td>A</td></tr></table></body></html>", 2,
     "không tìm thấy dòng tiêu đề"),
    ("photo.png.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 2, "tệp ảnh"),
    ("binary.csv", b"\x00\x01\x02\x03" * 100 + b"\xff" * 100, 2, "không phải tệp văn bản CSV"),
    ("text.parquet", HEADER.encode(), 2, "không phải tệp Parquet"),
    ("utf8_bad_byte.csv", (HEADER + ROWS).encode() + "Lê Văn C".encode() + b"\xff\xfe"
     + b",01/01/1970,Nam,2.34\n", 2, "dòng 4"),
    ("utf8_bom_bad_byte.csv", b"\xef\xbb\xbf" + HEADER.encode() + b"L\xc3\x28,1/1/1970,Nam,2\n",
     2, "dòng 2"),
    ("utf16_bad_char.csv", b"\xff\xfe" + HEADER.encode("utf-16-le") + b"\x00\xd8A\x00"
     + ROWS.encode("utf-16-le"), 2, "UTF-16"),
    ("utf16.csv", (HEADER + ROWS).encode("utf-16"), 0, 2),
    ("utf16_no_bom.csv", (HEADER + ROWS).encode("utf-16-le"), 0, 2),
    ("cp1258.csv", (HEADER + ROWS).encode("cp1258", errors="replace"), 2, "tiêu đề"),
    ("unbalanced_quote.csv", (HEADER + 'Nguyễn Văn An,"20/01/1966,Nam,4.65\n' + ROWS * 5
                              ).encode(), 2, "dòng 2 mở dấu ngoặc kép"),
    ("unclosed_quote.csv", (HEADER + '"Nguyễn Văn An,20/01/1966,Nam,4.65\n' + ROWS * 5
                            ).encode(), 2, "ngoặc kép"),
    ("huge_field.csv", (HEADER + '"' + "x" * 200_000 + '",1/1/1970,Nam,2\n').encode(), 2,
     "dòng 2"),
    ("semicolon.csv", (HEADER + ROWS).replace(",", ";").encode(), 0, 2),
    ("tab.csv", (HEADER + ROWS).replace(",", "\t").encode(), 0, 2),
    ("header_only.csv", HEADER.encode(), 2, "không có người"),
    ("absurd_numbers.csv", (HEADER + "Nguyễn Văn An,20/01/1966,Nam,NaN\nTrần Thị Bình,"
                            "03/05/1980,Nữ,1e308\nLê Văn Cường,1/1/1970,Nam,inf\n").encode(),
     0, 3),
    ("nested_list.parquet", _parquet(pl.DataFrame({**PEOPLE_FRAME, "Con": [["a", "b"]]})), 2,
     "cột «Con» có kiểu lồng nhau"),
    ("nested_struct.parquet", _parquet(pl.DataFrame({**PEOPLE_FRAME, "Địa chỉ": [{"x": 1}]})),
     2, "cột «Địa chỉ»"),
    ("rows_empty.parquet", _parquet(pl.DataFrame(PEOPLE_FRAME).head(0)), 2, "không có người"),
    ("people.parquet", _parquet(pl.DataFrame(PEOPLE_FRAME)), 0, 1),
    ("workbook.xlsx.csv", _workbook_bytes, 0, 5),
]


def _write(tmp: Path, name: str, content) -> Path:
    path = tmp / name
    path.write_bytes(content(tmp / "src") if callable(content) else content)
    return path


def check(res, status: int, expect, name: str) -> None:
    """Exit status, then the one error line (naming the file, holding the phrase) or the
    people count; never an uncaught exception."""
    assert res.exception is None or isinstance(res.exception, SystemExit), why(res)
    assert "Traceback" not in res.stderr
    assert res.exit_code == status, why(res)
    if status == 2:
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1, res.stderr
        assert lines[0].startswith("streamline: lỗi: ") and name in lines[0], lines[0]
        assert expect in lines[0], lines[0]
    else:
        people = re.search(r"= (\d+) người", res.stdout)
        assert people and int(people.group(1)) == expect, res.stdout


@pytest.mark.parametrize("name, content, status, expect", CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus(tmp_path, name, content, status, expect):
    (tmp_path / "src").mkdir()
    path = _write(tmp_path, name, content)
    res = run("analyze", path, "--as-of", "2025-03-01", "--no-html", "--no-workbook")
    check(res, status, expect, name)


def test_english_reason(tmp_path):
    path = _write(tmp_path, "report.csv", b"%PDF-1.4\n")
    res = run("analyze", path, "--lang", "en")
    assert res.exit_code == 2
    assert res.stderr.strip() == f"streamline: error: {path}: this is a PDF document renamed " \
                                 ".csv, not a spreadsheet"


def _people_sheet(path: Path, blank_rows: int = 0, formula: bool = False,
                  hidden: bool = False) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(blank_rows):
        ws.append([])
    ws.append(HEADER.strip().split(","))
    for line in ROWS.strip().splitlines():
        ws.append(line.split(","))
    if formula:
        ws.cell(ws.max_row, 4).value = "=1+2"  # openpyxl writes no cached value
    if hidden:
        ws.sheet_state = "hidden"
        wb.create_sheet("Ẩn 2").sheet_state = "hidden"
        wb.active = 1
        wb.create_sheet("Bìa")  # a visible sheet is required: an empty one
    wb.save(path)
    return wb


def test_stray_cell_far_away_is_trimmed(tmp_path):
    src = department(tmp_path, PEOPLE)
    wb = openpyxl.load_workbook(src)
    wb.active["XFD1048576"] = "x"
    wb.save(src)
    res = run("analyze", src, "--as-of", "2025-03-01", "--no-html", "--no-workbook")
    check(res, 0, 5, src.name)


def test_many_cells_far_away_are_refused(tmp_path):
    path = tmp_path / "far.xlsx"
    wb = _people_sheet(path)
    for col in range(1, 30):
        wb.active.cell(1_048_000, col * 500).value = "x"
    wb.save(path)
    res = run("analyze", path)
    check(res, 2, "khai 14.500 cột × 1.048.000 dòng nhưng chỉ có 41 ô", path.name)


def test_formula_without_cached_value(tmp_path):
    path = tmp_path / "formula.xlsx"
    _people_sheet(path, formula=True)
    check(run("analyze", path, "--as-of", "2025-03-01", "--no-html", "--no-workbook"), 0, 2,
          path.name)


def test_hidden_sheets_only(tmp_path):
    path = tmp_path / "hidden.xlsx"
    _people_sheet(path, hidden=True)
    check(run("analyze", path), 2, "tiêu đề", path.name)


def test_ten_thousand_empty_rows_then_people(tmp_path):
    path = tmp_path / "deep.xlsx"
    _people_sheet(path, blank_rows=10_000)
    wb = openpyxl.load_workbook(path)
    wb.active.cell(10_000, 1).value = " "  # a touched cell keeps the blank rows in the file
    wb.save(path)
    check(run("analyze", path, "--as-of", "2025-03-01", "--no-html", "--no-workbook"), 0, 2,
          path.name)


@pytest.mark.parametrize(
    "args, phrase",
    [
        ([], "cần tệp/thư mục đầu vào"),
        (["nope.xlsx"], "nope.xlsx: không tìm thấy tệp"),
        (["--bogus"], "No such option"),
    ],
)
def test_usage_errors_one_line(args, phrase):
    res = run("analyze", *args)
    assert res.exit_code == 2, why(res)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("streamline: lỗi: ") and phrase in lines[0]


def test_out_is_a_file_one_line_in_english(tmp_path):
    src = department(tmp_path, PEOPLE)
    blocker = tmp_path / "f"
    blocker.write_text("x")
    res = run("analyze", src, "--out", blocker, "--lang", "en")
    assert res.exit_code == 2
    assert res.stderr.strip() == f"streamline: error: {blocker}: is a file; a folder is needed"


def test_unexpected_exception_exit_3_and_debug(tmp_path, monkeypatch):
    import streamline.ingest as ingest

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(ingest, "read_inputs", boom)
    src = department(tmp_path, PEOPLE)
    res = run("analyze", src)
    assert res.exit_code == 3 and isinstance(res.exception, SystemExit), why(res)
    line = res.stderr.strip()
    assert line.startswith("streamline: lỗi nội bộ: RuntimeError: kaboom — hãy gửi tệp")
    assert "--debug" in line and "Traceback" not in res.stderr and len(line.splitlines()) == 1
    debug = run("--debug", "analyze", src, "--lang", "en")
    assert debug.exit_code == 3 and "Traceback" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1].startswith("streamline: internal error:")
