"""Organisational checks of law.md §4, each a dated rule that yields a warning, never a crash."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest


def staff(unit, n, deputies=0, staff_type="civil_servant", position=None, grade="01.003"):
    return [
        {
            "full_name": f"{unit} {i}",
            "unit": unit,
            "sex": "M",
            "birth_date": dt.date(1980, 1, 1),
            "staff_type": staff_type,
            "grade_code": grade,
            "coef": 2.34,
            "position": position,
            "title": "Phó Trưởng phòng" if i < deputies else None,
        }
        for i in range(n)
    ]


UNITS = [
    {"unit": "Phòng A", "unit_kind": "division", "parent": "Sở"},
    {"unit": "Phòng B", "unit_kind": "division", "parent": "Sở"},
    {"unit": "Chi cục C", "unit_kind": "branch", "parent": "Sở"},
    {"unit": "Phòng C1", "unit_kind": "branch_division", "parent": "Chi cục C"},
]


def checks(analyse, people, positions=None, as_of=dt.date(2025, 9, 1), units=UNITS):
    r = analyse(people, as_of=as_of, units=units, positions=positions)
    return {
        (c["unit"], c["check_code"]): c for c in r.tables["org_checks"].iter_rows(named=True)
    }, r


def test_minimum_payroll_and_deputies(analyse):
    # Phòng A: 6 civil servants < 7; 2 deputies with < 10 staff > 1 allowed.
    # Phòng B: 12 staff, 2 deputies: allowed 2. Chi cục C: 3 own + 10 in Phòng C1 = 13 ≥ 12.
    people = (
        staff("Phòng A", 6, deputies=2)
        + staff("Phòng B", 12, deputies=2)
        + staff("Chi cục C", 3, deputies=2)
        + staff("Phòng C1", 10)
    )
    c, r = checks(analyse, people)
    assert (c[("Phòng A", "min_staff")]["actual"], c[("Phòng A", "min_staff")]["ok"]) == (6, False)
    assert (
        c[("Phòng A", "max_deputies")]["limit_value"],
        c[("Phòng A", "max_deputies")]["ok"],
    ) == (1, False)
    assert c[("Phòng B", "max_deputies")]["ok"] and c[("Phòng B", "min_staff")]["ok"]
    assert c[("Chi cục C", "min_staff")]["actual"] == 13
    assert not c[("Chi cục C", "max_deputies")]["ok"]  # 1 division → 1 deputy allowed, 2 found
    warnings = r.tables["issues"].filter(pl.col("severity") == "warning")
    assert warnings.filter(pl.col("code") == "org_min_staff")["value"].to_list() == ["Phòng A"]


def test_rules_not_yet_in_force_are_not_applied(analyse):
    c, _ = checks(analyse, staff("Phòng A", 3), as_of=dt.date(2025, 3, 1))
    assert not [k for k in c if k[1] in ("min_staff", "max_deputies")]


def test_public_employee_professional_share(analyse):
    positions = [
        {"unit": "Trường X", "position": "Giáo viên", "category": "professional", "quota": 10},
        {"unit": "Trường X", "position": "Bảo vệ", "category": "support", "quota": 5},
    ]
    people = staff("Trường X", 6, staff_type="public_employee", position="Giáo viên") + staff(
        "Trường X", 4, staff_type="public_employee", position="Bảo vệ"
    )
    c, _ = checks(analyse, people, positions)
    share = c[("Trường X", "professional_share")]
    assert (share["actual"], share["limit_value"], share["ok"]) == (0.6, 0.65, False)


def test_grade_cap_of_a_department(analyse):
    # Decree 361/2025 is dated and in force 2025-12-31 (law.md §4): not applied the day before.
    people = staff("Phòng A", 4, grade="01.002") + staff("Phòng B", 4, grade="01.003")
    c, _ = checks(analyse, people, as_of=dt.date(2026, 1, 15))
    cap = c[(None, "grade_cap")]
    assert (cap["actual"], cap["ok"], cap["due"]) == (0.5, True, dt.date(2027, 7, 1))
    assert cap["confirmed"] and "[nguồn thứ cấp]" in cap["source"]  # M/H → M
    c, _ = checks(analyse, people, as_of=dt.date(2025, 12, 30))
    assert (None, "grade_cap") not in c


def test_grade_cap_leaves_out_commune_staff(analyse):
    units = UNITS + [
        {"unit": "Xã Y", "unit_kind": "commune", "parent": None},
        {"unit": "Phòng Kinh tế", "unit_kind": "commune_division", "parent": "Xã Y"},
    ]
    people = (staff("Phòng A", 4, grade="01.002") + staff("Phòng B", 4, grade="01.003")
              + staff("Phòng Kinh tế", 4, grade="01.002"))
    r = analyse(people, as_of=dt.date(2026, 1, 15), units=units)
    cap = r.tables["org_checks"].filter(pl.col("check_code") == "grade_cap").row(0, named=True)
    assert cap["actual"] == 0.5  # 4 of the department's 8, not 8 of 12


COMMUNE = [
    {"unit": "Xã Y", "unit_kind": "commune", "parent": None},
    {"unit": "Phòng Kinh tế", "unit_kind": "commune_division", "parent": "Xã Y"},
    {"unit": "Văn phòng HĐND và UBND", "unit_kind": "commune_division", "parent": "Xã Y"},
    {"unit": "Trung tâm Phục vụ hành chính công", "unit_kind": "commune_division",
     "parent": "Xã Y"},
]


def test_commune_divisions_have_their_own_rules(analyse):
    # law.md §4: a commune division is not a phòng thuộc sở — no ≥ 7 minimum, no 1/2/3 scale;
    # 2 deputies per division or centre (Resolution 332/NQ-CP, 15/10/2025; M/H → M).
    people = (
        staff("Phòng Kinh tế", 4, deputies=2)  # a phòng thuộc sở: < 7 and 1 deputy at most
        + staff("Văn phòng HĐND và UBND", 15, deputies=3)  # a phòng thuộc sở could have 3
        + staff("Trung tâm Phục vụ hành chính công", 2, deputies=2)
    )
    r = analyse(people, as_of=dt.date(2026, 2, 1), units=COMMUNE)
    c = {(x["unit"], x["check_code"]): x for x in r.tables["org_checks"].iter_rows(named=True)}
    assert not [k for k in c if k[1] == "min_staff"]  # no minimum payroll for any of them
    assert not [k for k in c if k[0] == "Xã Y"]  # no rule for the commune itself
    kt, vp = c[("Phòng Kinh tế", "max_deputies")], c[("Văn phòng HĐND và UBND", "max_deputies")]
    assert (kt["limit_value"], kt["ok"]) == (2, True)
    assert (vp["actual"], vp["limit_value"], vp["ok"]) == (3, 2, False)
    assert c[("Trung tâm Phục vụ hành chính công", "max_deputies")]["ok"]
    assert "332/NQ-CP" in vp["source"] and "[nguồn thứ cấp]" in vp["source"] and vp["confirmed"]
    flagged = r.tables["issues"].filter(pl.col("code") == "org_max_deputies")["value"].to_list()
    assert flagged == ["Văn phòng HĐND và UBND"]
    # Before Resolution 332/NQ-CP: no deputy rule for commune divisions.
    early = analyse(people, as_of=dt.date(2025, 10, 14), units=COMMUNE)
    assert early.tables["org_checks"].is_empty()


def test_branch_deputies_by_number_of_divisions(analyse):
    # law.md §4: 1 deputy with 1–3 divisions; up to 2 with no division or with 4 or more.
    units = [{"unit": f"Chi cục {n}", "unit_kind": "branch", "parent": "Sở"} for n in (0, 1, 4)]
    units += [{"unit": "Phòng 1.1", "unit_kind": "branch_division", "parent": "Chi cục 1"}]
    units += [{"unit": f"Phòng 4.{i}", "unit_kind": "branch_division", "parent": "Chi cục 4"}
              for i in range(1, 5)]
    people = (staff("Chi cục 0", 12, deputies=2) + staff("Chi cục 1", 12, deputies=2)
              + staff("Chi cục 4", 12, deputies=3))
    for as_of in (dt.date(2025, 9, 1), dt.date(2026, 2, 1)):
        r = analyse(people, as_of=as_of, units=units)
        dep = {x["unit"]: x for x in r.tables["org_checks"].iter_rows(named=True)
               if x["check_code"] == "max_deputies"}
        assert (dep["Chi cục 0"]["limit_value"], dep["Chi cục 0"]["ok"]) == (2, True)
        assert (dep["Chi cục 1"]["limit_value"], dep["Chi cục 1"]["ok"]) == (1, False)
        assert (dep["Chi cục 4"]["limit_value"], dep["Chi cục 4"]["ok"]) == (2, False)


def test_decree_150_rows_carry_their_assumed_date(analyse):
    # Decree 150/2025's effective date was not found as of mid-2026: its rows use 2025-07-01 as
    # an assumed date, say so and stay unconfirmed; from 2026-01-01 (Decree 370/2025) H.
    people = staff("Phòng A", 6, deputies=2)
    c, _ = checks(analyse, people, as_of=dt.date(2025, 9, 1))
    for code in ("min_staff", "max_deputies"):
        row = c[("Phòng A", code)]
        assert not row["confirmed"] and "giả định" in row["source"], row
    c, _ = checks(analyse, people, as_of=dt.date(2026, 1, 1))
    for code in ("min_staff", "max_deputies"):
        row = c[("Phòng A", code)]
        assert row["confirmed"] and "370/2025" in row["source"], row
        assert (row["ok"], row["limit_value"]) == (False, 7 if code == "min_staff" else 1)


MINISTRY = [
    {"unit": "Vụ Tổ chức cán bộ", "unit_kind": "ministry_department", "parent": "Bộ"},
    {"unit": "Cục Việc làm", "unit_kind": "cuc", "parent": "Bộ"},
    {"unit": "Văn phòng Bộ", "unit_kind": None, "parent": "Bộ"},
    {"unit": "Phòng Hành chính", "unit_kind": "ministry_office_division", "parent": "Văn phòng Bộ"},
    {"unit": "Phòng Tổng hợp", "unit_kind": "ministry_office_division", "parent": "Văn phòng Bộ"},
    {"unit": "Phòng Chính sách", "unit_kind": "cuc_type2_division", "parent": "Cục Việc làm"},
]


def test_ministry_level_rules(analyse):
    # Decree 303/2025, in force 2025-11-20: vụ ≥ 15, cục ≥ 30, division under the ministry
    # office ≥ 7; deputies of such a division or of a type-2 cục's: 7–9 → 1, 10–15 → 2, ≥ 16 → 3.
    people = (
        staff("Vụ Tổ chức cán bộ", 14)
        + staff("Cục Việc làm", 14) + staff("Phòng Chính sách", 16, deputies=3)
        + staff("Phòng Hành chính", 8, deputies=2)
        + staff("Phòng Tổng hợp", 10, deputies=2)
    )
    c, _ = checks(analyse, people, as_of=dt.date(2025, 11, 20), units=MINISTRY)
    assert (c[("Vụ Tổ chức cán bộ", "min_staff")]["limit_value"],
            c[("Vụ Tổ chức cán bộ", "min_staff")]["ok"]) == (15, False)
    cuc = c[("Cục Việc làm", "min_staff")]
    assert (cuc["actual"], cuc["limit_value"], cuc["ok"]) == (30, 30, True)  # with its division
    hc, th = c[("Phòng Hành chính", "max_deputies")], c[("Phòng Tổng hợp", "max_deputies")]
    assert (hc["limit_value"], hc["ok"], th["limit_value"], th["ok"]) == (1, False, 2, True)
    assert c[("Phòng Hành chính", "min_staff")]["ok"]
    cs = c[("Phòng Chính sách", "max_deputies")]
    assert (cs["limit_value"], cs["ok"]) == (3, True)
    assert not [k for k in c if k[0] == "Phòng Chính sách" and k[1] == "min_staff"]
    c, _ = checks(analyse, people, as_of=dt.date(2025, 11, 19), units=MINISTRY)
    assert not c


def test_professional_share_ends_when_decree_232_starts(analyse):
    # Decree 106/2020's 65 % rule: in force 2020-11-15, ends 2026-06-30 (Decree 232/2026).
    positions = [
        {"unit": "Trường X", "position": "Giáo viên", "category": "professional", "quota": 10},
    ]
    people = staff("Trường X", 2, staff_type="public_employee", position="Giáo viên")
    last, _ = checks(analyse, people, positions, as_of=dt.date(2026, 6, 30))
    assert last[("Trường X", "professional_share")]["ok"]
    after, _ = checks(analyse, people, positions, as_of=dt.date(2026, 7, 1))
    before, _ = checks(analyse, people, positions, as_of=dt.date(2020, 11, 14))
    assert ("Trường X", "professional_share") not in after | before


def test_career_step_caps_are_data_until_the_staff_data_has_a_step():
    # Decree 232/2026 Art. 10: encoded as a dated table; not checked, because the staff data
    # cannot say a person's career step (STAFF_FIELDS `step` is the salary step). Whoever
    # adds a career-step field must add the check (and this test must then change).
    from streamline.ingest.schema import STAFF_FIELDS
    from streamline.params import load_params
    from streamline.rules import DATED_TABLES

    p = load_params()
    caps = {(r["position_steps"], r["capped_step"]): r["max_share"]
            for r in p.rows("org_career_step_cap", dt.date(2026, 7, 1))}
    assert {k: float(v) for k, v in caps.items()} == {
        ("top_5", "5"): 0.30, ("top_5", "4"): 0.40, ("top_4", "4"): 0.40,
        ("two_steps", "higher"): 0.50}
    assert all(r["due"] == dt.date(2027, 7, 1)
               for r in p.rows("org_career_step_cap", dt.date(2026, 7, 1)))
    assert not p.rows("org_career_step_cap", dt.date(2026, 6, 30))
    assert not [f for f in STAFF_FIELDS if "career" in f]
    assert "org_career_step_cap" not in DATED_TABLES


@pytest.mark.parametrize("text, kind", [
    ("Phòng thuộc sở", "division"),
    ("Chi cục", "branch"),
    ("Phòng thuộc chi cục", "branch_division"),
    ("Sở Lao động - Thương binh và Xã hội", "department"),
    ("Xã", "commune"),
    ("Phường", "commune"),
    ("Đặc khu", "commune"),
    ("UBND xã Nghi Lộc", "commune"),
    ("Phòng Kinh tế", "commune_division"),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", "commune_division"),
    ("Văn phòng HĐND-UBND", "commune_division"),
    ("Phòng Văn hóa - Xã hội", "commune_division"),
    ("Trung tâm Phục vụ hành chính công", "commune_division"),
    ("Phòng thuộc UBND phường", "commune_division"),
    ("commune_division", "commune_division"),
    ("Vụ", "ministry_department"),
    ("Cục", "cuc"),
    ("Tổng cục", "general_department"),
    ("Phòng thuộc Văn phòng Bộ", "ministry_office_division"),
    ("Phòng thuộc Cục loại 2", "cuc_type2_division"),
    ("Phòng thuộc Cục", "cuc_division"),
    ("Phòng thuộc Vụ", "ministry_department_division"),
    ("Đơn vị sự nghiệp", "public_service_unit"),
])
def test_unit_kind_names(text, kind):
    from streamline.ingest.values import parse

    assert parse("unit_kind", text) == (kind, None)


def test_shared_positions_are_professional_under_the_new_regime(analyse):
    # law.md §4: three groups under the new regime; "shared" maps into "professional" (from
    # 2026-07-01 here). Before that, the old regime's four groups stand.
    people = [{"full_name": f"N{i}", "unit": "P", "position": pos, "sex": "M",
               "birth_date": dt.date(1985, 1, 1), "staff_type": "civil_servant", "coef": 3.0}
              for i, pos in enumerate(("Kế toán", "Chuyên viên", "Chuyên viên"))]
    listed = [{"unit": "P", "position": "Kế toán", "category": "shared", "quota": 1},
              {"unit": "P", "position": "Chuyên viên", "category": "professional", "quota": 2}]
    for as_of, groups in ((dt.date(2026, 6, 30), [("professional", 2, 2), ("shared", 1, 1)]),
                          (dt.date(2026, 7, 1), [("professional", 3, 3)])):
        r = analyse(people, as_of=as_of, positions=listed)
        by_group = r.tables["positions_by_category"].select("category", "quota", "present")
        assert sorted(by_group.rows()) == groups, as_of
