"""law.md and the parameter files read together: a number in one and not in the other fails.

Covers the base-salary table of law.md §1 (every row: date, amount, instrument, confidence) and
the leadership allowance table of §1 (every row: coefficients, dates, confidence). Confidence
→ flag (law.md, top): H → confirmed; M → confirmed with "[nguồn thứ cấp]" in the source; U →
not confirmed; a split mark counts as its lower mark.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from streamline.params import load_params

LAW = Path(__file__).resolve().parent.parent.parent / "shared" / "domain" / "law.md"
SECONDARY = "[nguồn thứ cấp]"

pytestmark = pytest.mark.skipif(
    not LAW.is_file(), reason=f"law.md not found at {LAW} (the shared domain notes are absent)"
)


def _table(heading: str) -> list[list[str]]:
    """The body rows of the first Markdown table under `heading`, as stripped cells."""
    text = LAW.read_text("utf-8")
    start = text.index(heading)
    rows = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows:
            break
    assert rows, f"no table under {heading!r} in law.md"
    return [r for r in rows[1:] if not set("".join(r)) <= set("-: ")]  # header, rule left out


def _mark(cell: str) -> str:
    """The lowest confidence mark of a cell: "H (end date M)" → M, "M/H" → M."""
    marks = set(re.findall(r"\b([HMU])\b", cell))
    assert marks, f"no confidence mark in {cell!r}"
    return next(m for m in ("U", "M", "H") if m in marks)


def _flag_problem(mark: str, entry: dict) -> str | None:
    confirmed, secondary = bool(entry["confirmed"]), SECONDARY in entry["source"]
    expected = {"H": (True, False), "M": (True, True), "U": (False, None)}[mark]
    if confirmed != expected[0] or (expected[1] is not None and secondary != expected[1]):
        return f"mark {mark} but confirmed={confirmed}, source={entry['source']!r}"
    return None


# ------------------------------------------------------------------------------ base salary


def test_base_salary_table_matches_law_md():
    law = {}
    for date, amount, instrument, conf in _table("### Base salary"):
        law[dt.date.fromisoformat(date)] = (int(amount.replace(",", "")), instrument, conf)
    values = {e["from"]: e for e in load_params().spec("base_salary")["values"]}
    assert sorted(law) == sorted(values), "dates differ between law.md and salary.toml"
    problems = []
    for date, (amount, instrument, conf) in law.items():
        e = values[date]
        if int(e["value"]) != amount:
            problems.append(f"{date}: law.md {amount}, salary.toml {e['value']}")
        number = re.search(r"\d+/\d{4}", instrument).group()
        if number not in e["source"]:
            problems.append(f"{date}: source {e['source']!r} does not cite {number}")
        if "to" in e:
            problems.append(f"{date}: salary.toml ends the row; law.md does not")
        if problem := _flag_problem(_mark(conf), e):
            problems.append(f"{date}: {problem}")
    assert not problems


# ------------------------------------------------------------------------------ leadership

# law.md row (a text its post cell contains) → the leadership.toml rows, one group per number
# of the coefficient cell, in the cell's order; every row of a group has that coefficient.
T1, T2 = "department_type1", "department_type2"
LEADERSHIP = {
    "Deputy minister": [[("Thứ trưởng", "ministry", "all")]],
    "general department (tổng cục)": [
        [("Tổng cục trưởng", "general_department", "all")],
        [("Phó Tổng cục trưởng", "general_department", "all")],
    ],
    "Cục trưởng / Phó, to 2025-12-31": [
        [("Cục trưởng", "department_of_ministry", "all")],
        [("Phó Cục trưởng", "department_of_ministry", "all")],
    ],
    "cục type 1 / type 2: Cục trưởng; Phó Cục trưởng": [
        [("Cục trưởng", T1, "all")], [("Cục trưởng", T2, "all")],
        [("Phó Cục trưởng", T1, "all")], [("Phó Cục trưởng", T2, "all")],
    ],
    "Same table, cục type 1 / type 2": [
        [("Chi cục trưởng", T1, "hn_hcm")], [("Chi cục trưởng", T2, "hn_hcm")],
        [(t, T1, "all") for t in ("Trưởng ban", "Trưởng phòng", "Chánh Văn phòng")],
        [(t, T2, "all") for t in ("Trưởng ban", "Trưởng phòng", "Chánh Văn phòng")],
    ],
    "Thanh tra of a ministry": [],  # not legible in the copies seen: nothing encoded
    "Chi cục under a sở": [
        [(t, "branch", region)]
        for region in ("hn_hcm", "other")
        for t in ("Chi cục trưởng", "Phó Chi cục trưởng", "Trưởng phòng", "Phó Trưởng phòng")
    ],
    "Commune level": [
        [(t, "commune", region)]
        for region in ("hn_hcm", "other")
        for t in ("Chủ tịch", "Phó Chủ tịch", "Trưởng phòng", "Phó Trưởng phòng")
    ],
    "Giám đốc sở": [
        [(t, "provincial_department", region)]
        for region in ("hn_hcm", "other")
        for t in ("Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Phó Trưởng phòng")
    ],
    "Vụ trưởng": [
        [(t, "ministry", "all")]
        for t in ("Vụ trưởng", "Phó Vụ trưởng", "Trưởng phòng", "Phó Trưởng phòng")
    ],
}
# Rows law.md does not list, read from a row it does: same coefficient, same dates, and
# unconfirmed (the reading is streamline's). The commune office (Văn phòng HĐND-UBND) is a
# commune division (law.md §4), so its Chánh Văn phòng / Phó take the division head / deputy.
# An office's head and deputy ranked as a division's (the commune's, the sở's): inferences.
INFERRED = {
    (f"{deputy}Chánh Văn phòng", level, r): (f"{deputy}Trưởng phòng", level, r)
    for deputy in ("", "Phó ") for level in ("commune", "provincial_department")
    for r in ("hn_hcm", "other")
}
DATE = re.compile(r"\b(from|to) (\d{4}-\d{2}-\d{2})", re.I)


def _leadership_rows() -> dict[tuple, list[dict]]:
    rows: dict[tuple, list[dict]] = {}
    for r in load_params().spec("leadership_allowance")["rows"]:
        rows.setdefault((r["title"], r["context"], r["region"]), []).append(r)
    return rows


def test_every_leadership_row_of_law_md_is_mapped_once():
    posts = [post for post, _, _ in _table("### Leadership allowance coefficients")]
    for post in posts:
        hits = [k for k in LEADERSHIP if k in post]
        assert len(hits) == 1, f"law.md row {post!r} matches {hits} (map it in LEADERSHIP)"
    for k in LEADERSHIP:
        assert sum(k in p for p in posts) == 1, f"{k!r} matches no single row of law.md"


def test_leadership_table_matches_law_md():
    toml = _leadership_rows()
    problems = []
    seen: set[tuple] = set()
    for post, cell, conf in _table("### Leadership allowance coefficients"):
        groups = next(g for k, g in LEADERSHIP.items() if k in post)
        numbers = [Decimal(n) for n in re.findall(r"\d+\.\d+", cell)]
        if len(numbers) != len(groups):
            problems.append(f"{post!r}: law.md gives {len(numbers)} coefficients, "
                            f"{len(groups)} mapped")
            continue
        dates = {kind.lower(): dt.date.fromisoformat(d) for kind, d in DATE.findall(post)}
        mark = _mark(conf)
        for number, group in zip(numbers, groups, strict=True):
            for key in group:
                seen.add(key)
                entries = toml.get(key, [])
                if len(entries) != 1:
                    problems.append(f"{key}: {len(entries)} rows in leadership.toml, expected 1")
                    continue
                e = entries[0]
                if Decimal(str(e["coef"])) != number:
                    problems.append(f"{key}: law.md {number}, leadership.toml {e['coef']}")
                if "from" in dates and e["from"] != dates["from"]:
                    problems.append(f"{key}: law.md from {dates['from']}, toml {e['from']}")
                if e.get("to") != dates.get("to"):
                    problems.append(f"{key}: law.md to {dates.get('to')}, toml {e.get('to')}")
                if problem := _flag_problem(mark, e):
                    problems.append(f"{key}: {problem}")
    for key, basis in INFERRED.items():
        seen.add(key)
        (e,), (b,) = toml[key], toml[basis]
        if (e["coef"], e["from"], e.get("to")) != (b["coef"], b["from"], b.get("to")):
            problems.append(f"{key}: inferred from {basis} but differs from it")
        if e["confirmed"]:
            problems.append(f"{key}: an inference law.md does not state must be unconfirmed")
    problems += [f"{key}: in leadership.toml, not in law.md" for key in toml if key not in seen]
    assert not problems


def test_decree_07_2026_dates():
    # Decree 07/2026: allowances from 2026-01-01; the repealed Decree 204 rows end the day
    # before; nothing for a type-1 / type-2 cục or the new commune rows before it.
    p = load_params()
    before = {(r["title"], r["context"]) for r in p.rows("leadership_allowance",
                                                          dt.date(2025, 12, 31))}
    after = {(r["title"], r["context"]) for r in p.rows("leadership_allowance",
                                                         dt.date(2026, 1, 1))}
    assert ("Tổng cục trưởng", "general_department") in before - after
    assert ("Phó Cục trưởng", "department_of_ministry") in before - after
    assert {("Cục trưởng", T1), ("Chủ tịch", "commune")} <= after - before
