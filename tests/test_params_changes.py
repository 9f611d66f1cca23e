"""`streamline params --changes FROM TO` and Params.changes: what changed between two dates,
for an HR officer about to redo last year's report under today's rules."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from streamline.cli import main
from streamline.params import CHANGES_SCHEMA, load_params

FROM, TO = dt.date(2025, 1, 1), dt.date(2026, 12, 1)
WIDE = {"COLUMNS": "250"}  # one line per cell: rich folds narrow columns


@pytest.fixture(scope="module")
def changes():
    return load_params().changes(FROM, TO)


def row(frame, name: str, key: str | None = None) -> dict:
    hits = [r for r in frame.iter_rows(named=True) if r["name"] == name and r["key"] == key]
    assert len(hits) == 1, (name, key, hits)
    return hits[0]


def test_library_lists_value_and_citation_changes(changes):
    assert dict(changes.schema) == CHANGES_SCHEMA
    base = row(changes, "base_salary")
    assert (base["change"], base["old_value"], base["new_value"]) == (
        "changed", "2340000", "2530000")
    assert base["valid_from"] == dt.date(2026, 7, 1) and "161/2026" in base["source"]
    state = row(changes, "trade_union_fee", "state")
    assert (state["change"], state["old_value"], state["new_value"]) == (
        "changed", "rate=0.02", "rate=0")
    assert state["valid_from"] == dt.date(2026, 5, 16) and state["confirmed"] is False
    # Same rate, new citation: still listed, so the report cites the rule in force.
    own = row(changes, "trade_union_fee", "self")
    assert own["old_value"] == own["new_value"] == "rate=0.02"
    assert "105/2026" in own["source"] and own["confirmed"] is True
    bonus = row(changes, "bonus_fund_pct")
    assert bonus["new_value"] == "0.10" and "161/2026" in bonus["source"]
    regime = row(changes, "policy_regime", "decree-154")
    assert regime["change"] == "new" and regime["old_value"] is None
    assert regime["valid_from"] == dt.date(2025, 6, 16)


def test_unchanged_values_are_left_out(changes):
    """A series or table row is listed exactly when another entry is in force on TO."""
    p = load_params()
    listed = {(r["name"], r["key"]) for r in changes.iter_rows(named=True)}
    for name in p.tree:
        before, after = p.in_force(name, FROM), p.in_force(name, TO)
        for key in before.keys() | after.keys():
            assert ((name, key) in listed) == (before.get(key) is not after.get(key)), (name, key)
    assert p.changes(TO, TO).is_empty()


def test_ended_rows(tmp_path):
    overlay = tmp_path / "s.toml"
    overlay.write_text(
        '[trade_union_fee]\nrows = [{ funding = "cooperative", rate = 0.02, from = 2025-01-01, '
        'to = 2025-12-31, source = "Kịch bản", confirmed = false }]\n', encoding="utf-8")
    out = load_params([overlay]).changes(dt.date(2025, 3, 1), dt.date(2026, 3, 1))
    ended = row(out, "trade_union_fee", "cooperative")
    assert (ended["change"], ended["old_value"], ended["new_value"]) == (
        "ended", "rate=0.02", None)
    assert ended["valid_from"] == dt.date(2026, 1, 1)


def run(*args):
    return CliRunner().invoke(main, ["params", *args], env=WIDE)


def test_cli_vietnamese_by_default():
    res = run("--changes", "2025-01-01", "2026-12-01")
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "Tham số thay đổi từ 01/01/2025 đến 01/12/2026" in out
    assert "2.340.000" in out and "2.530.000" in out and "161/2026" in out
    assert "trade_union_fee[state]" in out and "105/2026" in out
    assert "policy_regime[decree-154]" in out and "Mới" in out
    assert "[nguồn thứ cấp]" in out  # citations print as they are, not as markup
    assert "⚠ chưa xác nhận" in out
    assert "16/05/2026" in out and "01/07/2026" in out


def test_cli_english_and_dd_mm_yyyy_dates():
    res = run("--changes", "01/01/2025", "01/12/2026", "--lang", "en")
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "Parameters changed from 01/01/2025 to 01/12/2026" in out
    assert "2,340,000" in out and "2,530,000" in out
    assert "Changed" in out and "New" in out and "⚠ unconfirmed" in out
    assert "Base salary (VND/month)" in out


def test_cli_no_change_and_bad_input():
    same = run("--changes", "2026-12-01", "2026-12-01", "--lang", "en")
    assert same.exit_code == 0 and "No parameter changed" in same.stdout
    bad = run("--changes", "hôm qua", "2026-12-01")
    assert bad.exit_code == 2 and "không phải ngày" in bad.output
    both = run("--changes", "2025-01-01", "2026-12-01", "--at", "2025-01-01", "--lang", "en")
    assert both.exit_code == 2 and "not both" in both.output
