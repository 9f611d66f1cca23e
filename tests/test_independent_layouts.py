"""The product against layouts written by someone who has not read the importer.

Each module of tests/independent/ builds one real-world kind of office's workbook and holds the
truth about its people; tests/independent/oracle.py computes from law.md, with Decimal, the
figures the product must report. Every test here runs the product (`analyze` or the CLI) and
compares its result tables with that truth: every person found, each person's key fields and
pay, the monthly salary fund, the in-scope count and the reduction target.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from streamline.analysis import analyze
from tests.independent import AS_OF, HORIZON, RATE, cdc, hr_export, ministry, university
from tests.independent.oracle import (
    expected_fund_by_type,
    expected_person,
    expected_summary,
    fold,
)

LAYOUTS = {"ministry": ministry, "university": university, "cdc": cdc, "hr_export": hr_export}


# The figures each layout was designed for (people, in scope, target, in-scope retirements by
# the horizon), so a change to a layout's people is deliberate; every test below compares the
# product with the oracle, and this pins the oracle itself.
DESIGNED = {
    # 14 people; the "HĐ 111" driver is out of scope → 13; ⌈0.2 × 13⌉ = ⌈2.6⌉ = 3; retiring
    # by 31/12/2030: An (M 02/1968 → 62 y, 02/2030), Thịnh (M 08/1965 → 61 y 9 m, 05/2027),
    # Vinh (M 10/1967 → 62 y, 10/2029), Lan Anh (F 04/1970 → 57 y 4 m, 08/2027).
    "ministry": (14, 13, 3, 4),
    # 13 people; 3 labour contracts and Chi (paid from "Tự chủ") out → 9 ("Tự chủ một phần"
    # stays in scope); ⌈1.8⌉ = 2; Bảo (M 05/1966 → 05/2028), Lan (F 02/1970 → 06/2027).
    "university": (13, 9, 2, 2),
    # 12 people; 5 labour contracts out → 7; ⌈1.4⌉ = 2; Thái (M 09/1967 → 09/2029).
    "cdc": (12, 7, 2, 1),
    # 12 people; 2 "HDLD" and the 2 self-funded centre staff ("TU CHU") out → 8; ⌈1.6⌉ = 2;
    # Hải (M 10/1966 → 10/2028), Lý (F 04/1971 → 57 y 8 m, 12/2028).
    "hr_export": (12, 8, 2, 2),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each layout's workbook, written once."""
    folder = tmp_path_factory.mktemp("layouts")
    paths = {}
    for key, layout in LAYOUTS.items():
        paths[key] = folder / layout.FILE_NAME
        layout.build(paths[key])
    return paths


@pytest.fixture(scope="module")
def result_of(built):
    """The product's analysis of a layout, run once per layout when first asked for."""
    done = {}

    def result(key: str):
        if key not in done:
            done[key] = analyze([built[key]], as_of=AS_OF, horizon=HORIZON, rate=RATE)
        return done[key]

    return result


def nfc(text):
    return unicodedata.normalize("NFC", text).strip() if isinstance(text, str) else text


def staff_by_name(result) -> dict[str, dict]:
    return {nfc(r["full_name"]): r for r in result.tables["staff"].to_dicts()}


# Allowance coefficients and percentages: an empty cell is no allowance, whether the product
# keeps it as NULL or as 0.
ALLOWANCES = {"lead_coef", "tnvk_pct", "region_coef", "pref_pct", "prof_seniority_pct"}
KEY_FIELDS = ["sex", "birth_date", "birth_precision", "staff_type", "grade_code", "coef",
              *sorted(ALLOWANCES), "funding", "in_scope"]
PAY_FIELDS = ["salary", "leadership", "seniority", "regional", "public_service",
              "profession_pref", "prof_seniority", "monthly_salary", "insurance_base",
              "employer_contrib"]


def field_diffs(layout, result, fields) -> list[str]:
    got = staff_by_name(result)
    diffs = []
    for p in layout.PEOPLE:
        row = got.get(p.name)
        if row is None:
            diffs.append(f"{p.name}: not in the staff table")
            continue
        exp = expected_person(p, AS_OF)
        for f in fields:
            have = row[f]
            if f in ALLOWANCES and have is None:
                have = 0
            if have != exp[f]:
                diffs.append(f"{p.name}: {f}: expected {exp[f]!r}, got {have!r}")
    return diffs


@pytest.mark.parametrize("key", LAYOUTS)
def test_every_person_found_once(key, result_of):
    layout = LAYOUTS[key]
    result = result_of(key)
    names = [nfc(n) for n in result.tables["staff"]["full_name"].to_list()]
    want = [p.name for p in layout.PEOPLE]
    assert sorted(names) == sorted(want), (
        f"{key}: expected {len(want)} people, got {len(names)}; "
        f"extra {sorted(set(names) - set(want))}; missing {sorted(set(want) - set(names))}")
    summary = result.tables["summary"].row(0, named=True)
    assert summary["people"] == len(want)
    assert summary["not_analysed"] == 0, result.tables["issues"].filter(
        result.tables["issues"]["severity"] == "error").to_dicts()


@pytest.mark.parametrize("key", LAYOUTS)
def test_key_fields_of_each_person(key, result_of):
    diffs = field_diffs(LAYOUTS[key], result_of(key), KEY_FIELDS)
    assert not diffs, f"{key}: {len(diffs)} field(s) misread:\n" + "\n".join(diffs)


@pytest.mark.parametrize("key", LAYOUTS)
def test_unit_of_each_person(key, result_of):
    """The unit as the layout names it (section row, sheet name, banner or column): compared
    without case and diacritics, and inside a unit path when the product builds one."""
    layout = LAYOUTS[key]
    aliases = getattr(layout, "UNIT_ALIASES", {})
    got = staff_by_name(result_of(key))
    diffs = []
    for p in layout.PEOPLE:
        unit = fold(got[p.name]["unit"] or "") if p.name in got else None
        names = {p.unit, *aliases.get(p.unit, ())}
        if unit is not None and not any(fold(n) in unit for n in names):
            diffs.append(f"{p.name}: expected unit {p.unit!r}, got {got[p.name]['unit']!r}")
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("key", LAYOUTS)
def test_pay_of_each_person(key, result_of):
    diffs = field_diffs(LAYOUTS[key], result_of(key), PAY_FIELDS)
    assert not diffs, f"{key}: {len(diffs)} pay figure(s) differ:\n" + "\n".join(diffs)


@pytest.mark.parametrize("key", LAYOUTS)
def test_retirement_of_each_person(key, result_of):
    diffs = field_diffs(LAYOUTS[key], result_of(key),
                        ["retirement_month", "pension_start"])
    assert not diffs, f"{key}: {len(diffs)} retirement(s) differ:\n" + "\n".join(diffs)


@pytest.mark.parametrize("key", LAYOUTS)
def test_fund_scope_and_target(key, result_of):
    layout = LAYOUTS[key]
    result = result_of(key)
    exp = expected_summary(layout.PEOPLE, AS_OF, HORIZON, RATE)
    assert (exp["people"], exp["in_scope"], exp["target_total"], exp["retiring_in_scope"]) \
        == DESIGNED[key]
    s = result.tables["summary"].row(0, named=True)
    got = {k: s[k] for k in ("people", "in_scope", "out_of_scope", "target_total",
                             "monthly_fund")}
    targets = result.tables["targets"]
    got["retiring_in_scope"] = int(targets["retiring_by_horizon"].sum())
    assert got == exp


@pytest.mark.parametrize("key, name, monthly", [
    # Vụ trưởng, civil servant: (7.28 + 1.00) × 2,530,000 = 20,948,400, + 25 % public
    # service = 26,185,500.
    ("ministry", "Nguyễn Văn An", 26_185_500),
    # PGS, public employee: (6.92 + 0.50) × 2,530,000 = 18,772,600, + 25 % seniority as a
    # teacher + 25 % preferential = 28,158,900.
    ("university", "Trần Quốc Bảo", 28_158_900),
    # Public employee at a CDC: 4.65 + 0.30 lead = 4.95 × 2,530,000 = 12,523,500; no public
    # service allowance (viên chức), no preferential allowance in the administration office.
    ("cdc", "Vương Thị Lệ", 12_523_500),
    # Civil servant: (6.78 + 0.90 + 6 % × 6.78) × 2,530,000 = (7.68 + 0.4068) × 2,530,000
    # = 20,459,604; + 25 % = 25,574,505; + regional 0.1 × 2,530,000 = 253,000 → 25,827,505.
    ("hr_export", "Trần Văn Hải", 25_827_505),
], ids=["ministry", "university", "cdc", "hr_export"])
def test_salaries_computed_by_hand(key, name, monthly, result_of):
    truth = next(p for p in LAYOUTS[key].PEOPLE if p.name == name)
    assert expected_person(truth, AS_OF)["monthly_salary"] == monthly
    row = staff_by_name(result_of(key)).get(name)
    assert row is not None, f"{name} is not in the staff table"
    assert (row["staff_type"], row["monthly_salary"]) == (truth.staff_type, monthly)


@pytest.mark.parametrize("key", LAYOUTS)
def test_fund_by_staff_type_and_funding(key, result_of):
    fund = result_of(key).tables["fund"]
    got: dict[tuple, dict] = {}
    for r in fund.to_dicts():
        row = got.setdefault((r["staff_type"], r["funding"]),
                             {"headcount": 0, "monthly_fund": 0, "employer_contrib": 0})
        for c in row:
            row[c] += r[c]
    assert got == expected_fund_by_type(LAYOUTS[key].PEOPLE, AS_OF)


@pytest.mark.parametrize("key", LAYOUTS)
def test_inspect_names_the_fields(key, built, tmp_path):
    """`streamline inspect` reads the layout without computing: exit 0, each sheet named, and
    the reading it saves (`--save`, the layout file `--layout` reuses) gives every column the
    layout's author meant its field."""
    from streamline.cli import main
    from streamline.cli_options import tomllib

    saved = tmp_path / "layout.toml"
    run = CliRunner().invoke(main, ["inspect", str(built[key]), "--save", str(saved)])
    assert run.exit_code == 0, run.output
    assert "%" in run.output  # a confidence per column
    fields = set(tomllib.loads(saved.read_text(encoding="utf-8"))["columns"].values())
    missing = sorted(LAYOUTS[key].INSPECT_FIELDS - fields)
    assert not missing, f"inspect did not read {missing}:\n{run.output}"


# ----------------------------------------------------------------------------------------
# What each layout adds.
# ----------------------------------------------------------------------------------------


def test_ministry_block_subtotal_over_nested_divisions_is_not_a_mismatch(result_of):
    """The cục's "Cộng" adds both of its divisions (7.64 + 6.78 + 5.76 + 3.99 + 3.33 + 2.77
    = 30.27), as the "Cộng" of each vụ adds its people: no subtotal is wrong."""
    issues = result_of("ministry").tables["issues"]
    wrong = issues.filter(issues["code"] == "subtotal_mismatch").to_dicts()
    assert not wrong, wrong


def test_university_summary_sheet_is_skipped_and_said(result_of):
    """"Tổng hợp" holds totals per unit: never people, and the skip is said."""
    result = result_of("university")
    counts = {r["sheet"]: r for r in result.tables["counts"].to_dicts()}
    assert counts["Tổng hợp"]["role"] == "ignored"
    assert not counts["Tổng hợp"]["people"]
    issues = result.tables["issues"]
    assert issues.filter(issues["sheet"] == "Tổng hợp").height >= 1


def test_cdc_quota_sheet_and_hidden_list(result_of):
    """Each job position's "Số người làm việc được giao" is its quota (not the Decree 111
    contract column beside it); the hidden drop-down sheet is skipped."""
    result = result_of("cdc")
    got = {(fold(r["unit"] or ""), fold(r["position"])): r
           for r in result.tables["positions"].to_dicts()}
    diffs = []
    for unit, position, group, category, quota, _ in cdc.POSITIONS:
        row = got.get((fold(unit), fold(position)))
        if row is None:
            diffs.append(f"{unit} / {position}: no positions row")
            continue
        if row["quota"] != quota:
            diffs.append(f"{unit} / {position}: quota expected {quota}, got {row['quota']}")
        # "Chuyên môn dùng chung" may stay "shared" or become "professional" (law.md §4).
        if "dung chung" not in fold(group) and row["category"] != category:
            diffs.append(f"{unit} / {position}: category expected {category}, "
                         f"got {row['category']}")
    assert not diffs, "\n".join(diffs)
    roles = {r["sheet"]: r["role"] for r in result.tables["counts"].to_dicts()}
    assert roles["DM"] == "hidden"


def test_hr_export_xlsx_under_xls_name_and_codes_kept(result_of):
    result = result_of("hr_export")
    files = result.tables["files"].to_dicts()
    assert [f["status"] for f in files] == ["read"]
    # The content, not the name, decided the format — and the run says so.
    said = [r for r in result.tables["issues"].to_dicts() if "content" in r["code"]]
    assert said, result.tables["issues"].to_dicts()
    ids = {nfc(r["full_name"]): r["employee_id"] for r in result.tables["staff"].to_dicts()}
    # Employee numbers keep their leading zeros: the export's first row is 00012.
    assert ids["Trần Văn Hải"] == "00012"
    assert ids["Tăng Văn Hòa"] == "00023"


@pytest.fixture(scope="module")
def ambiguous(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ambiguous") / hr_export.AMBIGUOUS_FILE_NAME
    hr_export.build_ambiguous(path)
    return path


def test_hr_export_ambiguous_dates_are_reported_by_default(ambiguous):
    """Every date of the column fits day/month and month/day: the product must say so for
    the birth-date column (C) rather than pick one order silently."""
    result = analyze([ambiguous], as_of=AS_OF, horizon=HORIZON, rate=RATE)
    said = [r for r in result.tables["issues"].to_dicts()
            if r["column"] == "C" and ("ambig" in r["code"] or "order" in r["code"])]
    said += [r for r in result.tables["mapping"].to_dicts()
             if r["column"] == "C" and any(w in (r["note"] or "") for w in ("ambig", "order"))]
    assert said, result.tables["issues"].to_dicts()


def test_hr_export_date_order_option_settles_the_order(ambiguous, tmp_path):
    import polars as pl

    from streamline.cli import main

    tables = tmp_path / "tables"
    run = CliRunner().invoke(main, [
        "analyze", str(ambiguous), "--as-of", AS_OF.isoformat(), "--horizon",
        HORIZON.isoformat(), "--target", str(RATE), "--date-order", "mdy",
        "--tables", str(tables), "--out", str(tmp_path), "--no-html", "--no-workbook",
    ])
    assert run.exit_code == 0, run.output
    staff = {nfc(r["full_name"]): r for r in pl.read_parquet(tables / "staff.parquet").to_dicts()}
    diffs = []
    for p in hr_export.AMBIGUOUS_PEOPLE:
        exp = expected_person(p, AS_OF)
        for f in ("birth_date", "retirement_month", "monthly_salary"):
            have = staff[p.name][f] if p.name in staff else "absent"
            if have != exp[f]:
                diffs.append(f"{p.name}: {f}: expected {exp[f]!r}, got {have!r}")
    assert not diffs, "\n".join(diffs)


def test_cdc_map_option_reads_the_title_code_column(built, tmp_path):
    """`--map` names the column the user sees ("Mã số" under "Chức danh nghề nghiệp") as the
    grade code: every code is then read as written."""
    import polars as pl

    from streamline.cli import main

    tables = tmp_path / "tables"
    run = CliRunner().invoke(main, [
        "analyze", str(built["cdc"]), "--as-of", AS_OF.isoformat(), "--horizon",
        HORIZON.isoformat(), "--target", str(RATE), "--map", "Mã số=grade_code",
        "--tables", str(tables), "--out", str(tmp_path), "--no-html", "--no-workbook",
    ])
    assert run.exit_code == 0, run.output
    staff = {nfc(r["full_name"]): r for r in pl.read_parquet(tables / "staff.parquet").to_dicts()}
    diffs = [f"{p.name}: expected {p.grade_code!r}, got {staff[p.name]['grade_code']!r}"
             for p in cdc.PEOPLE if p.name in staff and staff[p.name]["grade_code"] != p.grade_code]
    assert len(staff) == len(cdc.PEOPLE)
    assert not diffs, "\n".join(diffs)
