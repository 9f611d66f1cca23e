"""Issue 11: every field of every person is recovered from workbooks the importer never saw.

The workbooks come from tests/workbook_generator.py, written from shared/domain/workbooks.md
without reading the importer: randomised header vocabulary (full words, abbreviations, no
diacritics, NFD, English), column order, merged two- and three-row headers, section styles,
staff-group sections, tick columns, one sheet per unit with a summary sheet, subtotals,
footers with signers' names, and mixed value forms. Each test runs the product
(`streamline.analysis.analyze`) and compares its `staff` and `counts` tables with the truth
the generator kept. A failure prints the workbook's header vocabulary and, per wrong field,
the cell as written, so the importer can be fixed for that form.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from streamline.analysis import analyze
from tests.workbook_generator import (
    FLAT,
    LEAVES,
    OPTIONAL,
    PARENTS,
    Built,
    Layout,
    build,
    layouts,
)

AS_OF = dt.date(2025, 3, 1)
CONTRACT_TYPE = {"cadre": "payroll", "civil_servant": "payroll",
                 "public_employee": "working_contract", "contract": "labour_contract"}
ALLOWANCE_FIELDS = ("lead_coef", "tnvk_pct", "region_coef", "prof_seniority_pct", "pref_pct")


def fold(text: str | None) -> str | None:
    """Unit names compare as text, whatever the case the section row was typed in."""
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def expected(layout: Layout, built: Built) -> dict[str, dict]:
    """Per person, the fields the product must give back (only those the workbook carries)."""
    fields = {c.field for c in built.columns}
    out = {}
    for p in built.people:
        e = {
            "unit": fold(p.unit),
            "sex": p.sex,
            "birth_date": p.birth,
            "birth_precision": p.birth_precision,
            "staff_type": p.staff_type,
            "funding": p.funding,
            "in_scope": p.in_scope,
            "grade_code": p.grade_code,
            "coef": p.coef,
        }
        for f in ALLOWANCE_FIELDS:
            if f in fields:
                e[f] = getattr(p, f)
        if "si_years" in fields:
            e["si_years"] = Decimal(p.si_years)
        if "join_date" in fields:
            e["join_date"] = p.join_date
        if "step" in fields:
            e["step"] = p.step
        if "contract" in fields:  # HĐLV / HĐ111 / Biên chế: what kind of contract
            e["contract_type"] = CONTRACT_TYPE[p.staff_type]
        # The funding of a person: from the row's own column, else assumed (no units sheet).
        e["funding_source"] = "person" if layout.funding_col else "assumed"
        out[p.name] = e
    return out


def same(field: str, want, got) -> bool:
    if field == "unit":
        return fold(got) == want
    if field in ALLOWANCE_FIELDS:  # no allowance: an empty cell, read as NULL or 0
        return Decimal(got if got is not None else 0) == want
    if isinstance(want, Decimal):
        return got is not None and Decimal(got) == want
    return got == want


def mismatches(layout: Layout, built: Built, result) -> list[str]:
    """Every difference between the truth and the product's tables, one line each."""
    staff = result.tables["staff"]
    rows: dict[str, list[dict]] = {}
    for r in staff.to_dicts():
        rows.setdefault(r["full_name"], []).append(r)
    out = []
    source = {c.field: " / ".join(c.path) for c in built.columns}
    if "birth_date" not in source:
        source["birth_date"] = f"{source.get('birth_male')} | {source.get('birth_female')}"
    source.setdefault("sex", source.get("female_tick") or source["birth_date"])
    source["birth_precision"] = source["birth_date"]
    for name, want in expected(layout, built).items():
        got = rows.get(name)
        if not got:
            out.append(f"{name}: person lost")
            continue
        if len(got) > 1:
            out.append(f"{name}: read {len(got)} times")
        for f, w in want.items():
            if f not in got[0]:
                continue  # a column the product does not have (yet)
            g = got[0][f]
            if not same(f, w, g):
                keys = {"sex": ("sex", "female_tick", "birth_male", "birth_female"),
                        "birth_date": ("birth_date", "birth_male", "birth_female"),
                        "birth_precision": ("birth_date", "birth_male", "birth_female")}
                written = next((built.cells[(name, k)] for k in keys.get(f, (f,))
                                if built.cells.get((name, k)) is not None), None)
                label = source.get(f, "(no column: section, sheet or default)")
                out.append(f"{name}: {f} expected {w!r}, got {g!r} "
                           f"[header {label!r}, cell {written!r}]")
    for extra in sorted(set(rows) - {p.name for p in built.people}, key=str):
        out.append(f"{extra!r}: read as a person but is not one")
    counts = result.tables["counts"]
    people = counts["people"].sum()
    if people != len(built.people):
        out.append(f"counts: people {people}, expected {len(built.people)}")
    if counts["not_analysed"].sum() != 0:
        out.append(f"counts: not_analysed {counts['not_analysed'].sum()}, expected 0")
        issues = result.tables["issues"]
        for i in issues.filter(issues["severity"] == "error").to_dicts():
            out.append(f"  row not analysed: {i['sheet']}!{i['column']}{i['row']} "
                       f"{i['value']!r} {i['code']}")
    for sheet, n in built.sheets.items():
        mine = counts.filter(counts["sheet"] == sheet)
        if mine.height != 1 or mine["rows"][0] != n:
            out.append(f"counts: sheet {sheet!r} rows {mine['rows'].to_list()}, "
                       f"expected {n} (every row accounted for)")
    summary = result.tables["summary"]
    s = summary.to_dicts()[0]
    if s["rows_read"] != s["people"] + s["non_person_rows"] + s["not_analysed"]:
        out.append(f"summary: rows don't add up {s}")
    if "staff_group" in staff.columns:  # staff-group sections kept as a group, not as units
        for r in staff.to_dicts():
            truth = next((p for p in built.people if p.name == r["full_name"]), None)
            if truth and fold(r["staff_group"]) != fold(truth.group):
                out.append(f"{truth.name}: staff_group expected {truth.group!r}, "
                           f"got {r['staff_group']!r}")
    return out


def check(layout: Layout, directory: Path) -> None:
    path = directory / "generated.xlsx"
    built = build(layout, path)
    result = analyze([path], as_of=AS_OF)
    wrong = mismatches(layout, built, result)
    shape = {k: getattr(layout, k) for k in (
        "unit_mode", "section_style", "groups", "depth", "grouped", "vmerge", "sex_mode",
        "type_mode", "funding_col", "label_style", "values_nfd", "number_row", "footer",
        "subtotals", "total", "summary_sheet")}
    assert not wrong, (
        "importer misread a generated workbook\nlayout: " + repr(shape)
        + "\nheader vocabulary (field ← header path):\n" + built.describe()
        + "\nmismatches:\n  " + "\n  ".join(wrong[:40])
    )


# ----------------------------------------------------------------------------------------
# The property: any mix of the choices.
# ----------------------------------------------------------------------------------------


# Deterministic (derandomize, no example database) and without shrinking, so a failing run
# stays short: the message already names every misread header and cell.
@settings(max_examples=30, derandomize=True, database=None, deadline=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(layouts())
def test_every_field_of_every_person_is_recovered(layout):
    with tempfile.TemporaryDirectory() as d:
        check(layout, Path(d))


# ----------------------------------------------------------------------------------------
# One choice at a time on a plain layout: each failure names one label or one value form.
# ----------------------------------------------------------------------------------------

PLAIN = Layout(seed=11, n_people=8, n_units=2, unit_mode="column", depth=1, grouped=False,
               sex_mode="column", type_mode="type", funding_col=True, banner=2,
               number_row="none", subtotals=False, total=False, footer="plain",
               birth_forms=frozenset({"date"}), coef_forms=frozenset({"number"}),
               pct_forms=frozenset({"int"}), grade_forms=frozenset({"text"}),
               word_forms=frozenset({"abbr"}))


def with_label(layout: Layout, key: str, label: str) -> Layout:
    return replace(layout, labels=tuple((k, v) for k, v in layout.labels if k != key)
                   + ((key, label),))


FLAT_CASES = [(f, label) for f, pool in FLAT.items() for label in pool
              if f not in ("female_tick", "unit")]


@pytest.mark.parametrize(("field", "label"), FLAT_CASES)
def test_flat_header_label(field, label, tmp_path):
    """Each label of workbooks.md read in a one-row header of an otherwise plain list."""
    check(with_label(PLAIN, field, label), tmp_path)


@pytest.mark.parametrize("label", FLAT["unit"])
def test_unit_column_label(label, tmp_path):
    check(with_label(PLAIN, "unit", label), tmp_path)


@pytest.mark.parametrize("label", FLAT["female_tick"])
def test_female_tick_column(label, tmp_path):
    """Sex given only by a tick column: "x" under "Nữ" is female, blank is male."""
    check(with_label(replace(PLAIN, sex_mode="tick"), "female_tick", label), tmp_path)


LEAF_CASES = [(f, label) for f, pool in LEAVES.items() for label in pool
              if not f.startswith("birth")]


@pytest.mark.parametrize(("field", "label"), LEAF_CASES)
def test_leaf_under_merged_parent(field, label, tmp_path):
    """Short sub-column labels ("CV", "TNVK", "HS", "Mã số") under their merged parent."""
    layout = replace(PLAIN, depth=2, grouped=True)
    check(with_label(layout, "leaf:" + field, label), tmp_path)


@pytest.mark.parametrize(("parent", "label"),
                         [(k, label) for k, pool in PARENTS.items() for label in pool])
def test_merged_parent_label(parent, label, tmp_path):
    """Each parent label over its sub-columns; "birth" over "Nam" | "Nữ" (no sex column)."""
    layout = replace(PLAIN, depth=3 if parent == "pay" else 2, grouped=True,
                     sex_mode="split" if parent == "birth" else "column")
    check(with_label(layout, "parent:" + parent, label), tmp_path)


@pytest.mark.parametrize("style", ["nfd", "plain", "upper", "lower"])
def test_label_spelling(style, tmp_path):
    """Every label in NFD, without diacritics, in upper or lower case."""
    check(replace(PLAIN, label_style=style, depth=2, grouped=True), tmp_path)


@pytest.mark.parametrize(("option", "forms"), [
    ("birth_forms", {"text"}), ("birth_forms", {"short"}), ("birth_forms", {"dots"}),
    ("birth_forms", {"serial"}), ("birth_forms", {"month"}), ("birth_forms", {"year"}),
    ("birth_forms", {"date", "text", "serial", "year"}),
    ("coef_forms", {"comma"}), ("coef_forms", {"number", "comma"}),
    ("pct_forms", {"text"}), ("pct_forms", {"fraction"}),
    ("pct_forms", {"int", "text", "fraction"}),
    ("grade_forms", {"number"}),
    ("word_forms", {"word"}), ("word_forms", {"plain"}),
])
def test_value_form(option, forms, tmp_path):
    """One value form (or a mix in one column) on the plain layout."""
    check(replace(PLAIN, **{option: frozenset(forms)}), tmp_path)


@pytest.mark.parametrize("type_mode", ["contract", "both"])
def test_contract_type_column(type_mode, tmp_path):
    """A "Loại hợp đồng" column (HĐLV / HĐ111 / Biên chế) decides staff type and scope."""
    check(replace(PLAIN, type_mode=type_mode), tmp_path)


@pytest.mark.parametrize("style", ["roman", "letter", "arabic", "bold", "split"])
def test_section_rows_name_the_unit(style, tmp_path):
    """No unit column: section rows name the unit; "Cộng (I)" subtotals, total, signers."""
    check(replace(PLAIN, unit_mode="sections", section_style=style, subtotals=True,
                  total=True, footer="signers", depth=2, grouped=True, number_row="paren"),
          tmp_path)


@pytest.mark.parametrize(("unit_mode", "groups"), [
    ("column", "school"), ("column", "type"), ("sections", "school"), ("sections", "type"),
    ("sheets", "school"),
])
def test_staff_group_sections_are_not_units(unit_mode, groups, tmp_path):
    """ "Giáo viên", "Cán bộ quản lý", "Viên chức", "Hợp đồng" section rows are groups."""
    check(replace(PLAIN, unit_mode=unit_mode, groups=groups, n_units=2, n_people=10), tmp_path)


@pytest.mark.parametrize("summary_sheet", [True, False])
def test_one_sheet_per_unit(summary_sheet, tmp_path):
    """One sheet per unit (the sheet name is the unit), with or without a "Tổng hợp" sheet
    of totals that holds nobody."""
    check(replace(PLAIN, unit_mode="sheets", n_units=3, n_people=9,
                  summary_sheet=summary_sheet, subtotals=True), tmp_path)


def test_optional_columns_absent(tmp_path):
    """Only the essential columns: name, birth, sex, type, grade, coefficient, unit."""
    check(replace(PLAIN, optional=frozenset(), funding_col=False), tmp_path)


def test_every_optional_column_present(tmp_path):
    check(replace(PLAIN, optional=frozenset(OPTIONAL), depth=3, grouped=True,
                  number_row="plain", banner=6, values_nfd=True), tmp_path)


@pytest.mark.parametrize(("male", "female"), [("Nam", "Nữ"), ("Male", "Female")])
def test_birth_date_split_by_sex(male, female, tmp_path):
    """ "Ngày, tháng, năm sinh" over "Nam" | "Nữ" (or an export's "Male" | "Female"): the
    column holding the date gives the sex; there is no sex column."""
    layout = with_label(with_label(replace(PLAIN, depth=2, sex_mode="split"),
                                   "leaf:birth_male", male), "leaf:birth_female", female)
    check(layout, tmp_path)


# ----------------------------------------------------------------------------------------
# The generator's own check: what it wrote decodes back to the truth it keeps, so that a
# failure above is the importer's and not the generator's. Decoded here from the cells as
# openpyxl reads them, by rules of workbooks.md, independently of the generator's encoders.
# ----------------------------------------------------------------------------------------


def header_path(ws, col: int, top: int, bottom: int) -> tuple[str, ...]:
    """The labels above a column, top to bottom; a merged cell counts once."""
    path, seen = [], set()
    for row in range(top, bottom + 1):
        value, key = ws.cell(row, col).value, (row, col)
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                value, key = ws.cell(rng.min_row, rng.min_col).value, (rng.min_row, rng.min_col)
                break
        if value is not None and key not in seen:
            seen.add(key)
            path.append(value)
    return tuple(path)


def decode_date(v) -> tuple[dt.date, str]:
    if isinstance(v, dt.datetime):
        return v.date(), "day"
    if isinstance(v, int):
        if v < 3000:
            return dt.date(v, 1, 1), "year"
        return dt.date(1899, 12, 30) + dt.timedelta(days=v), "day"
    parts = [int(x) for x in v.replace(".", "/").split("/")]
    if len(parts) == 2:
        return dt.date(parts[1], parts[0], 1), "month"
    return dt.date(parts[2], parts[1], parts[0]), "day"


def decode_number(v, percent: bool = False) -> Decimal:
    if v is None:
        return Decimal(0)
    if isinstance(v, str):
        return Decimal(v.rstrip("%").replace(",", "."))
    x = Decimal(str(v))
    return x * 100 if percent and x < 1 else x


@settings(max_examples=60, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(layouts())
def test_generator_writes_the_truth(layout):
    import openpyxl

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "g.xlsx"
        built = build(layout, path)
        wb = openpyxl.load_workbook(path)
    index = {c.field: k for k, c in enumerate(built.columns, start=1)}
    for sheet, last in built.sheets.items():
        ws = wb[sheet]
        assert ws.max_row == last
        top, bottom = built.header[sheet]
        for c in built.columns:
            assert header_path(ws, index[c.field], top, bottom) == c.path, (sheet, c)
    names = [p.name for p in built.people]
    assert len(set(names)) == len(names) == layout.n_people
    for p in built.people:
        sheet, row = built.rows[p.name]
        ws = wb[sheet]

        def cell(f, ws=ws, row=row):
            return ws.cell(row, index[f]).value if f in index else None

        assert unicodedata.normalize("NFC", cell("full_name")) == p.name
        if layout.unit_mode == "column":
            assert unicodedata.normalize("NFC", cell("unit")) == p.unit
        if layout.unit_mode == "sheets":
            assert sheet == p.unit
        birth = cell("birth_date") or cell("birth_male") or cell("birth_female")
        assert decode_date(birth) == (p.birth, p.birth_precision), (birth, p)
        if "birth_male" in index:
            assert (cell("birth_male") is not None) == (p.sex == "M")
        elif "female_tick" in index:
            assert (cell("female_tick") is not None) == (p.sex == "F")
        else:
            sex = strip_marks_nfc(cell("sex")).lower()
            assert sex == {"M": "nam", "F": "nu"}[p.sex], (sex, p.sex)
        assert decode_number(cell("coef")) == p.coef
        for f in ALLOWANCE_FIELDS:
            if f in index:
                assert decode_number(cell(f), percent=f.endswith("_pct")) == getattr(p, f), f
        code = cell("grade_code")
        assert (code if isinstance(code, str) else f"{code:06.3f}") == p.grade_code


def strip_marks_nfc(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
