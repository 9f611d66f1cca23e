"""Streamlining regimes (law.md §3): which one applies, and its pack of coefficients.

A regime is a row of the `policy_regime` table (params/data/policy_decree*.toml: its code,
its pack of items and its payout query) — so a new regime is a data file plus its SQL, and
the `--policy` choices are read from the parameters, not from code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from streamline.errors import InputError
from streamline.params import Params


@dataclass
class Regime:
    """One regime's pack as in force for this run."""

    code: str
    row: dict
    items: dict
    unconfirmed: list[str]
    defaulted: bool
    notes: dict[str, str]  # item → what the rule says (Vietnamese, from the pack)
    notes_en: dict[str, str]  # the same in English (note_en; else the Vietnamese note)

    @property
    def query(self) -> str:
        return self.row["query"]

    def values(self, salary: int | None = None, months: int | None = None) -> dict:
        """The $parameters the payout and candidate queries bind: the pack's items and what
        the queries derive from them; `salary`/`months` replace S and the months early."""
        it = self.items
        return {
            **it,
            "regime": self.code,
            "s_parts": [p.strip() for p in str(it["s_parts"]).split(",")],
            "y_half": int(it["y_half_max_months"]),
            "n_half": int(it["n_half_max_months"]),
            "first12_window": it.get("first12_window_months"),
            "uses_first12": "b1_first12" in it,
            "uses_avg": "avg_months" in it,
            "si_switch_date": it.get("si_switch_date"),
            "in_force_from": self.row["in_force_from"],
            "in_force_to": self.row["in_force_to"],
            "rating_rule": it.get("rating_rule"),
            "sick_rule": it.get("sick_rule"),
            "sick_days_trigger": it.get("sick_days_trigger"),
            "unconfirmed": self.unconfirmed or [""],
            "salary_override": salary,
            "months_override": months,
        }


def regime_rows(params: Params) -> dict[str, dict]:
    """Regime code → its newest `policy_regime` row."""
    rows: dict[str, dict] = {}
    for row in params.spec("policy_regime")["rows"]:
        if row["regime"] not in rows or row["from"] > rows[row["regime"]]["from"]:
            rows[row["regime"]] = row
    return rows


def normalise_policy(params: Params, policy: str | None) -> str | None:
    """"178", "decree-178", "NĐ 178" → "decree-178"; an unknown regime is the user's error."""
    if policy is None:
        return None
    codes = regime_rows(params)
    digits = re.sub(r"[^0-9]", "", str(policy))
    hit = next((c for c in codes if re.sub(r"[^0-9]", "", c) == digits and digits), None)
    if hit is None:
        raise InputError("--policy", "bad_policy", value=str(policy), choices="|".join(codes))
    return hit


def select_regime(params: Params, as_of: dt.date, policy: str | None = None) -> Regime:
    """The regime asked for, or the default for the as-of date (policy_regime rows)."""
    rows = regime_rows(params)
    code = normalise_policy(params, policy)
    defaulted = code is None
    if code is None:
        hits = [r for r in rows.values() if r["default_from"] <= as_of <= r["default_to"]]
        if hits:
            code = hits[0]["regime"]
        else:  # before the first or after the last regime: the nearest one
            ordered = sorted(rows.values(), key=lambda r: r["in_force_from"])
            code = (ordered[0] if as_of < ordered[0]["in_force_from"] else ordered[-1])["regime"]
    row = rows[code]
    at = min(max(as_of, row["in_force_from"]), row["in_force_to"])  # the pack of its period
    pack_rows = params.rows(row["pack"], at)
    items = {r["item"]: r["value"] for r in pack_rows}
    unconfirmed = sorted(r["item"] for r in pack_rows if not r["confirmed"])
    notes = {r["item"]: r.get("note") or r["item"] for r in pack_rows}
    notes_en = {r["item"]: r.get("note_en") or notes[r["item"]] for r in pack_rows}
    return Regime(code, row, items, unconfirmed, defaulted, notes, notes_en)
