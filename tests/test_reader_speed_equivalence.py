"""The importer's columnar shortcuts (rowframe.py: plain person and record rows found by column
expressions and read through tables of distinct values; layout._sample_columns; lazy rows) read
every workbook exactly as the row-by-row walk does: the same staff, positions, units, issues,
mapping and counts, value for value, in the same order."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from polars.testing import assert_frame_equal

import streamline.ingest as ingest
from streamline.ingest import layout as lay
from streamline.ingest import reader
from streamline.ingest.text import fold
from tests.workbook_generator import build, layouts

FRAMES = ("staff", "positions", "units", "issues", "mapping", "counts")
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _row_by_row(monkeypatch) -> None:
    """The importer without its shortcuts: every row walked, every column sampled by rows."""
    monkeypatch.setattr(ingest._Sheet, "plain_rows", lambda self, start: None)
    monkeypatch.setattr(lay, "_sample_columns", lambda grid, columns, start: False)
    monkeypatch.setattr(reader, "FrameRows", lambda frame: [list(r) for r in frame.rows()])


def _read_both(path: Path, monkeypatch, **options) -> tuple:
    fast = ingest.read_inputs([path], **options)
    with monkeypatch.context() as m:
        _row_by_row(m)
        slow = ingest.read_inputs([path], **options)
    return fast, slow


def _assert_same(fast, slow) -> None:
    for name in FRAMES:
        assert_frame_equal(getattr(fast, name), getattr(slow, name), check_exact=True)
    assert_frame_equal(fast.files.drop("path"), slow.files.drop("path"), check_exact=True)


@pytest.mark.parametrize("name", ["so_noi_vu.xlsx", "benh_vien.xlsx"])
def test_samples_read_the_same_both_ways(name, monkeypatch):
    fast, slow = _read_both(SAMPLES / name, monkeypatch)
    assert fast.staff.height > 0
    _assert_same(fast, slow)


@settings(max_examples=12, derandomize=True, database=None, deadline=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(layouts())
def test_generated_workbooks_read_the_same_both_ways(monkeypatch, layout):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "so.xlsx"
        build(layout, path)
        fast, slow = _read_both(path, monkeypatch, grade_names={}, type_patterns=[])
        _assert_same(fast, slow)


def test_odd_rows_between_people_take_the_long_way(tmp_path, monkeypatch):
    """Header repeats, subtotal words, footers, error values and formulas among people: the
    rows around them are still read as by the walk."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Hệ số lương", "Đơn vị"])
    people = [
        [1, "Nguyễn Văn An", "12/03/1975", "Nam", "4,65", "Phòng A"],
        [2, "Cộng Văn Hải", "01/01/1980", "Nam", "3,00", ""],
        [None, "Họ và tên", "Ngày sinh", "Giới tính", "Hệ số lương", "Đơn vị"],
        [3, "Trần Thị Bình", "1979", "Nữ", "2.34", "Phòng B"],
        ["Cộng", None, None, None, "7,65", None],
        [4, "Lê Văn Cường", "#N/A", "nam", "=E2+E3", "Phòng B"],
        [5, "Phạm Thị Dung", "30/02/1990", "X", "abc", None],
        [None, "Người lập biểu", None, None, None, None],
        [6, "Hoàng Văn Em", "05/06/1985", "Nam", "2,67", "Phòng C"],
    ]
    for row in people:
        ws.append(row)
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    fast, slow = _read_both(path, monkeypatch)
    assert fast.staff.height >= 4
    _assert_same(fast, slow)


def test_plain_rows_read_as_columns_meet_the_rows_the_walk_reads_itself(tmp_path, monkeypatch):
    """Plain person rows are completed after the walk, as columns (plainpeople.py), while the
    odd rows between them are read on the way: the unit filled down across both kinds, the
    sheet-wide "staff type inferred" said at the first person who needs it, subtotals summing
    both, staff groups, birth columns for men and women, padded IDs and a repeated person —
    all as the walk alone reads them, issue for issue and in the same order."""
    from openpyxl import Workbook

    from streamline.analysis import grade_names, type_patterns
    from streamline.params import load_params

    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    ws.append(["STT", "Mã CB", "Họ và tên", "Ngày sinh", "Giới tính", "Mã ngạch", "Hệ số lương",
               "Đơn vị"])
    for row in [
        ["I", None, "PHÒNG TỔ CHỨC", None, None, None, None, None],
        [1, "0012", "Nguyễn Văn An", "12/03/1975", "Nam", "01.003", "4,65", "Phòng A"],
        [2, "13", "Cộng Văn Hải", "01/01/1980", "Nam", "01.003", "#N/A", None],
        [3, "0014", "Trần Thị Bình", "1979", "Nữ", "01.002", "2.34", None],
        [4, "0017", "Cộng Văn Khoa", "07/07/1971", "Nam", "01.003", "3,33", "Phòng C"],
        [5, "0018", "Mai Thị Nga", "08/08/1982", "Nữ", "01.003", "2,67", None],
        ["Cộng", None, None, None, None, None, "9,99", None],
        ["II", None, "VIÊN CHỨC", None, None, None, None, None],
        [4, "15", "Lê Văn Cường", "30/02/1990", None, "V.07.01.03", "3,00", "Phòng B"],
        [5, "16", "Phạm Thị Dung", "05/06/1985", "Nữ", None, None, None],
        [6, "0012", "Nguyễn Văn An", "12/03/1975", "Nam", "01.003", "4,65", "Phòng A"],
        ["Tổng cộng", None, None, None, None, None, "14,34", None],
    ]:
        ws.append(row)
    ws2 = wb.create_sheet("HD")
    ws2.append(["STT", "Họ và tên", "Ngày sinh", None, "Nữ", "Hệ số lương", "Loại hợp đồng"])
    ws2.append([None, None, "Nam", "Nữ", None, None, None])
    for row in [
        ["A", "HỢP ĐỒNG", None, None, None, None, None],
        [1, "Đỗ Văn Giang", "02/02/1970", None, None, "2,1", None],
        [2, "Vũ Thị Hoa", None, "03/03/1988", "x", "2,34", "HĐLV"],
        [3, "Bùi Thị Lan", "04/04/1977", "05/05/1979", None, None, None],
        [4, "Đinh Văn Minh", "1966", None, None, "=F3+F4", None],
    ]:
        ws2.append(row)
    path = tmp_path / "mixed.xlsx"
    wb.save(path)
    params = load_params()
    options = {"grade_names": grade_names(params), "type_patterns": type_patterns(params)}
    fast, slow = _read_both(path, monkeypatch, **options)
    codes = set(fast.issues["code"])
    assert {"unit_filled_down", "staff_type_inferred_sheet", "subtotal_mismatch", "id_padded",
            "duplicate_person", "from_group", "both_birth_columns"} <= codes, codes
    _assert_same(fast, slow)
    assert fast.staff.height == 11  # 12 people, one of them twice
    units = dict(zip(fast.staff["full_name"], fast.staff["unit"], strict=True))
    assert [units[n] for n in ("Cộng Văn Hải", "Trần Thị Bình", "Mai Thị Nga")] == [
        "Phòng A", "Phòng A", "Phòng C"]


def test_fold_drops_marks_as_before():
    """fold() by a translation table: the same text as dropping category-Mn characters one by
    one, for Vietnamese and for every other mark."""
    import re
    import unicodedata

    def by_category(text: str) -> str:
        s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).lower()
        s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
        return re.sub(r"[^0-9a-z]+", " ", s).strip()

    texts = ["Hệ số lương (%)", "ĐƠN VỊ", "Nguyễn Thị Ánh", "Ñandú", "a\u0301\u0323b", "Ǆ ǅ ǆ",
             "İstanbul", "ﬁle", "x" * 3, "", "  ", "Cộng", "Tổng cộng"]
    texts += [chr(cp) + "a" for cp in range(0x300, 0x370)]
    for text in texts:
        assert fold.__wrapped__(text) == by_category(text), text


def test_span_of_cells_read_as_columns():
    """_count_and_span: the count and span _ANY_CELL and _span give, from the XML."""
    cells = [(5, 0), (7, 2), (1048576, 16383), (3, 27)]
    xml = b"".join(b'<c r="%s%d" t="n"><v>1</v></c>' % (lay.excel_letter(c).encode(), r)
                   for r, c in cells) + b'<c r="ABCD1"/><c r="A12345678"/>'
    assert reader._count_and_span(xml) == (len(cells), reader._span(cells))
    assert reader._count_and_span(b"<sheetData/>") == (0, 0)


def test_frame_rows_are_the_frame_rows():
    frame = pl.DataFrame({"a": ["x", None, "z"], "b": [None, "q", "r"]})
    rows = reader.FrameRows(frame)
    assert len(rows) == 3 and rows[1] == [None, "q"] and rows[-1] == ["z", "r"]
    rows[0].append("kept")
    assert rows[0:2] == [["x", None, "kept"], [None, "q"]]
    assert list(rows) == [["x", None, "kept"], [None, "q"], ["z", "r"]]
    with pytest.raises(IndexError):
        rows[3]


def test_has_text_is_what_clean_keeps():
    """HAS_TEXT (a polars regex) matches a cell exactly when clean() keeps something of it:
    every code point alone, and whitespace around a letter."""
    import sys

    from streamline.ingest.text import HAS_TEXT, clean

    cells = [chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF]
    cells += ["", "\u3000\x1c a \x85", "\t\n"]
    found = pl.Series(cells, dtype=pl.String).str.contains(HAS_TEXT).to_list()
    assert [clean(c) is not None for c in cells] == found
    # the 29 characters Python calls whitespace, the empty cell, a tab with a newline
    assert found.count(False) == 31


@pytest.mark.parametrize("pad", range(32))
def test_claimed_range_counted_as_the_xml_inflates(pad):
    """_unless_filled counts a sheet's cells chunk by chunk, stopping once they fill the
    range its dimension claims: a cell tag cut between chunks counts once (the padding moves
    the cuts through a cell's bytes), so a claim filled by exactly enough cells is let
    through and one cell fewer is not."""
    import io
    import zipfile

    claim_rows = 100_000  # A1:Z100000: 2.6 M positions, above MAX_SPAN
    need = -(-26 * claim_rows // reader.SPARSE)

    def sheet(cells: int) -> zipfile.ZipFile:
        xml = (b'<worksheet><dimension ref="A1:Z%d"/>' % claim_rows + b" " * pad
               + b"<sheetData>" + b"".join(b'<c r="A%d"><v>%d</v></c>' % (i, i)
                                           for i in range(1, cells + 1))
               + b"</sheetData></worksheet>")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("s.xml", xml)
        return zipfile.ZipFile(buf)

    assert 26 * claim_rows > reader.MAX_SPAN
    assert reader._unless_filled(sheet(need), "s.xml") is None
    fewer = reader._unless_filled(sheet(need - 1), "s.xml")
    assert fewer is not None and fewer.count(b'<c r="') == need - 1


def test_header_scores_pass_over_only_labels_that_cannot_score():
    """headers.scores compares a path only with the labels whose tokens it holds: the same
    scores as every label compared, on paths made of the labels themselves, two labels in
    one cell, a parent over a leaf, and words that are no label's."""
    from streamline.ingest import headers

    def every_label(role, path):
        best = {}
        for lab in headers.LABELS[role]:
            s = headers.label_score(lab, path)
            if s >= headers.MIN_SCORE and s > best.get(lab.field, 0.0):
                best[lab.field] = s
        return tuple(sorted(best.items(), key=lambda kv: -kv[1]))

    parts = sorted({p for labels in headers.LABELS.values() for lab in labels
                    for p in lab.parts})
    paths = [(p,) for p in parts]
    paths += [(a + b,) for a, b in zip(parts, parts[7:], strict=False)]
    paths += [(a, b) for a, b in zip(parts, parts[3:], strict=False)]
    paths += [(("ghi", "chu", "khac"),), (("nguyen", "van", "an"),), (("1980",),)]
    for role in headers.LABELS:
        for path in paths:
            assert headers.scores.__wrapped__(role, path) == every_label(role, path), path
    assert sum(bool(headers.scores(r, p)) for r in headers.LABELS for p in paths) > 500
