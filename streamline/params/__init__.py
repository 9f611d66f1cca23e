"""Dated legal parameters: TOML data files with a source and a `confirmed` flag per value.

A *series* is a list of dated values (`base_salary`); a *table* is a list of dated rows with a
natural key (`salary_scale` keyed by scale and salary type). The value in force on a date is the
entry with the latest `from` not after that date (and no `to` before it). Scenario files use the
same format and are overlaid on the shipped tree: an entry with the same key and `from` replaces
the shipped one, anything else is added.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import polars as pl

from streamline.errors import InputError

META = ("from", "to", "source", "confirmed")
# Descriptions, not values: left out of the listing's value text.
DESCRIPTIONS = ("note", "note_en", "name_vi", "name_en")
LISTING_SCHEMA = {
    "name": pl.String,
    "label_vi": pl.String,
    "label_en": pl.String,
    "value": pl.String,
    "valid_from": pl.Date,
    "source": pl.String,
    "confirmed": pl.Boolean,
}
# valid_to of a value with no end: the value stays in force until a later entry replaces it.
OPEN_END = dt.date(9999, 12, 31)
CHANGES_SCHEMA = {
    "name": pl.String,
    "key": pl.String,
    "change": pl.String,
    "old_value": pl.String,
    "new_value": pl.String,
    "valid_from": pl.Date,
    "source": pl.String,
    "confirmed": pl.Boolean,
}


def _read_toml(path: Path | Any) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), "bad_param_file", detail=str(exc)) from exc


def _check_entry(name: str, entry: dict) -> None:
    for key in ("from", "source", "confirmed"):
        if key not in entry:
            raise InputError(name, "param_missing_field", field=key, entry=str(entry))


def _in_force(entry: dict, at: dt.date) -> bool:
    return entry["from"] <= at and ("to" not in entry or at <= entry["to"])


@dataclass
class Params:
    """The parameter tree: name → spec (kind, labels, dated entries)."""

    tree: dict[str, dict] = field(default_factory=dict)

    def spec(self, name: str) -> dict:
        try:
            return self.tree[name]
        except KeyError:
            raise KeyError(f"unknown parameter: {name}") from None

    def entry(self, name: str, at: dt.date) -> dict:
        """The series entry in force at `at` (value, from, source, confirmed)."""
        hit = self.in_force(name, at).get(None)
        if hit is None:
            raise InputError(name, "no_value_on", date=at)
        return hit

    def value(self, name: str, at: dt.date) -> Any:
        return self.entry(name, at)["value"]

    def latest(self, name: str) -> dict:
        """The series entry with the latest `from` date (e.g. the newest base salary)."""
        return max(self.spec(name)["values"], key=lambda e: e["from"])

    def rows(self, name: str, at: dt.date) -> list[dict]:
        """Table rows in force at `at`: per key, the row with the latest `from`."""
        spec = self.spec(name)
        keys = spec.get("key", [])
        best: dict[tuple, dict] = {}
        for row in spec["rows"]:
            if not _in_force(row, at):
                continue
            k = tuple(row[c] for c in keys)
            if k not in best or row["from"] > best[k]["from"]:
                best[k] = row
        return list(best.values())

    def table(self, name: str, at: dt.date) -> pl.DataFrame:
        """Table rows in force as a frame (Decimal columns stay exact)."""
        rows = self.rows(name, at)
        cols = [c for c in self.spec(name)["rows"][0] if c not in ("to",)]
        return pl.DataFrame(
            {c: [r.get(c) for r in rows] for c in cols},
            strict=False,
        ).rename({"from": "valid_from"})

    def dated(self, name: str) -> list[dict]:
        """Every entry of a series or table with `valid_from`/`valid_to`: the days on which it
        is the one in force for its key (the same rule as `entry` and `rows`)."""
        spec = self.spec(name)
        keys = spec.get("key", []) if spec["kind"] == "table" else []
        entries = spec["values"] if spec["kind"] == "series" else spec["rows"]
        by_key: dict[tuple, list[dict]] = {}
        for e in entries:
            by_key.setdefault(tuple(e.get(k) for k in keys), []).append(e)
        out = []
        for group in by_key.values():
            cuts = sorted({e["from"] for e in group}
                          | {e["to"] + dt.timedelta(days=1) for e in group if "to" in e})
            for start, nxt in zip(cuts, [*cuts[1:], None], strict=True):
                live = [e for e in group if _in_force(e, start)]
                if not live:
                    continue
                best = max(live, key=lambda e: e["from"])
                end = OPEN_END if nxt is None else nxt - dt.timedelta(days=1)
                before = start - dt.timedelta(days=1)
                if out and out[-1]["_entry"] is best and out[-1]["valid_to"] == before:
                    out[-1]["valid_to"] = end
                else:
                    out.append({**best, "_entry": best, "valid_from": start, "valid_to": end})
        for e in out:
            del e["_entry"]
        return out

    def dated_table(self, name: str) -> pl.DataFrame:
        """A table parameter with every dated row, so SQL can pick the row in force on any date
        (`d BETWEEN valid_from AND valid_to`). Numbers stay exact (Decimal)."""
        rows = self.dated(name)
        cols = [c for c in rows[0] if c not in ("from", "to")]
        for extra in {c for r in rows for c in r} - set(cols) - {"from", "to"}:
            cols.append(extra)
        return pl.DataFrame({c: _column([r.get(c) for r in rows]) for c in cols}, strict=False)

    def series_periods(self) -> pl.DataFrame:
        """Every series as one column, one row per period in which no series changes: the
        value of each series in force on any date is one range join away."""
        names = [n for n, s in self.tree.items() if s["kind"] == "series"]
        dated = {n: self.dated(n) for n in names}
        starts = sorted({e["valid_from"] for rows in dated.values() for e in rows}
                        | {e["valid_to"] + dt.timedelta(days=1) for rows in dated.values()
                           for e in rows if e["valid_to"] < OPEN_END})
        ends = [s - dt.timedelta(days=1) for s in starts[1:]] + [OPEN_END]
        columns: dict[str, list] = {"valid_from": starts, "valid_to": ends}
        for n in names:
            columns[n] = _column([
                next((e["value"] for e in dated[n] if e["valid_from"] <= s <= e["valid_to"]),
                     None)
                for s in starts
            ])
        return pl.DataFrame(columns, strict=False)

    def series_sources(self) -> pl.DataFrame:
        """Each series value's source and `confirmed` flag, by name and validity."""
        rows = [
            {"name": n, "valid_from": e["valid_from"], "valid_to": e["valid_to"],
             "source": e["source"], "confirmed": bool(e["confirmed"])}
            for n, s in self.tree.items() if s["kind"] == "series" for e in self.dated(n)
        ]
        return pl.DataFrame(rows, schema={"name": pl.String, "valid_from": pl.Date,
                                          "valid_to": pl.Date, "source": pl.String,
                                          "confirmed": pl.Boolean}, orient="row")

    def listing(self, at: dt.date) -> pl.DataFrame:
        """Every value in force at `at`: name, label_vi, label_en, value, valid_from, source,
        confirmed."""
        out: list[dict] = []
        for name, spec in self.tree.items():
            labels = {"label_vi": spec.get("label_vi", name),
                      "label_en": spec.get("label_en", spec.get("label_vi", name))}
            keys = spec.get("key", [])
            entries = sorted(self.in_force(name, at).items(),
                             key=lambda kv: [str(kv[1][k]) for k in keys])
            for key, entry in entries:
                ident = name if key is None else f"{name}[{key}]"
                out.append(_listing_row(ident, labels, _value_text(spec, entry), entry))
        return pl.DataFrame(out, schema=LISTING_SCHEMA, orient="row")

    def in_force(self, name: str, at: dt.date) -> dict[str | None, dict]:
        """The entries of a series or table in force at `at`, by key: a series' one entry
        under None; a table's rows under their key values joined with "/" (as in `listing`)."""
        spec = self.spec(name)
        if spec["kind"] == "series":
            live = [e for e in spec["values"] if _in_force(e, at)]
            return {None: max(live, key=lambda e: e["from"])} if live else {}
        keys = spec.get("key", [])
        return {"/".join(str(r[k]) for k in keys): r for r in self.rows(name, at)}

    def changes(self, from_date: dt.date, to_date: dt.date) -> pl.DataFrame:
        """What changed between two dates — the entries in force on `from_date` beside those
        in force on `to_date`, per series and per table row (key), e.g. before redoing last
        year's report under today's rules. One row per difference: `change` is `new` (nothing
        in force on `from_date`), `ended` (nothing in force on `to_date`) or `changed` (another
        entry: a new value, or the same value under a new citation). `valid_from`, `source`
        and `confirmed` are those of the entry in force on `to_date`; for `ended`, the day
        after the old entry's last day and the old entry's source and flag. Values are text as
        in `listing`; `key` is empty for a series."""
        out: list[dict] = []
        for name, spec in self.tree.items():
            old, new = self.in_force(name, from_date), self.in_force(name, to_date)
            for key in sorted(old.keys() | new.keys(), key=lambda k: "" if k is None else k):
                before, after = old.get(key), new.get(key)
                if before is after:
                    continue
                if after is not None:
                    change = "new" if before is None else "changed"
                    entry, start = after, after["from"]
                else:
                    change, entry = "ended", before
                    start = before["to"] + dt.timedelta(days=1) if "to" in before else None
                out.append({
                    "name": name,
                    "key": key,
                    "change": change,
                    "old_value": None if before is None else _value_text(spec, before),
                    "new_value": None if after is None else _value_text(spec, after),
                    "valid_from": start,
                    "source": entry["source"],
                    "confirmed": bool(entry["confirmed"]),
                })
        return pl.DataFrame(out, schema=CHANGES_SCHEMA, orient="row")


def _value_text(spec: dict, entry: dict) -> str:
    """A series value, or a table row's values (key and descriptions left out) as in
    `listing`."""
    if spec["kind"] == "series":
        return _fmt(entry["value"])
    keys = spec.get("key", [])
    return "; ".join(
        f"{c}={_fmt(v)}" for c, v in entry.items()
        if c not in META and c not in keys and c not in DESCRIPTIONS
    )


def _column(values: list) -> list:
    """Whole numbers next to decimals become Decimal, so one column keeps one exact type."""
    if any(isinstance(v, Decimal) for v in values):
        return [Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else v
                for v in values]
    return values


def _listing_row(name: str, labels: dict, value: str, entry: dict) -> dict:
    return {
        "name": name,
        **labels,
        "value": value,
        "valid_from": entry["from"],
        "source": entry["source"],
        "confirmed": bool(entry["confirmed"]),
    }


def _fmt(v: Any) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v == v.to_integral() else str(v)
    return str(v)


def _merge(tree: dict, doc: dict, origin: str) -> None:
    for name, spec in doc.items():
        if not isinstance(spec, dict):
            raise InputError(origin, "param_not_table", name=name)
        kind = spec.get("kind") or tree.get(name, {}).get("kind")
        if kind not in ("series", "table"):
            raise InputError(origin, "param_bad_kind", name=name)
        entries_key = "values" if kind == "series" else "rows"
        entries = spec.get(entries_key, [])
        for e in entries:
            _check_entry(f"{origin}: {name}", e)
        if name not in tree:
            tree[name] = {**spec, "kind": kind, entries_key: list(entries)}
            continue
        target = tree[name]
        keys = target.get("key", [])
        for e in entries:
            ident = (tuple(e.get(k) for k in keys), e["from"])
            target[entries_key] = [
                old
                for old in target[entries_key]
                if (tuple(old.get(k) for k in keys), old["from"]) != ident
            ] + [e]
        for meta in ("label_vi", "label_en"):
            if meta in spec:
                target[meta] = spec[meta]


def load_params(overlays: list[Path] | tuple[Path, ...] = ()) -> Params:
    """Load the shipped parameter files, then each overlay (scenario) file in order."""
    tree: dict[str, dict] = {}
    data = resources.files("streamline.params.data")
    for item in sorted(data.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            _merge(tree, _read_toml(item), item.name)
    for path in overlays:
        path = Path(path)
        if not path.is_file():
            raise InputError(str(path), "param_file_missing")
        doc = _read_toml(path)
        doc.pop(SCENARIO_SECTION, None)  # read by streamline.scenario_file
        _check_overlay(tree, doc, str(path), path.read_text(encoding="utf-8"))
        _merge(tree, doc, str(path))
    return Params(tree)


def with_overlay(params: Params, doc: dict, origin: str) -> Params:
    """`params` with one more overlay given as data (a scenario's Excel sheet, `--base`),
    checked as a file overlay is; `params` itself is left as it was."""
    tree = copy.deepcopy(params.tree)
    _check_overlay(tree, doc, origin, None)
    _merge(tree, doc, origin)
    return Params(tree)


# A scenario file is an overlay plus this table (streamline.scenario_file reads it).
SCENARIO_SECTION = "scenario"
# "2.700.000": an amount with Vietnamese thousands dots, read as whole đồng.
_VND_TEXT = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _kind_of(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, Decimal)):
        return "number"
    if isinstance(v, dt.date):
        return "date"
    return "text"


def _line_of(text: str | None, needle: str, start: int = 0) -> int | None:
    """1-based number of the first line from `start` (0-based) holding `needle`, else that
    start: error lines name where to look even when the text is written unusually."""
    if text is None:
        return None
    lines = text.splitlines()
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    return start + 1


def _check_overlay(tree: dict, doc: dict, origin: str, text: str | None) -> None:
    """An overlay may only give new dated entries of the shipped parameters, with the shipped
    fields and their types, in date order: a misspelled section or field, a number written as
    text or dates out of order is an error naming the file and line, never silently ignored
    or a crash later. A "2.700.000" amount is read as 2700000 đồng."""
    def at(line: int | None) -> str:
        return origin if line is None else f"{origin}:{line}"

    for name, spec in doc.items():
        found = _line_of(text, f"[{name}]")
        section = 0 if found is None else found - 1
        if name not in tree or not isinstance(spec, dict):
            raise InputError(at(found), "param_unknown", name=name)
        shipped = tree[name]
        entries_key = "values" if shipped["kind"] == "series" else "rows"
        allowed = {"kind", "key", "label_vi", "label_en", entries_key}
        kinds = {"from": "date", "to": "date", "source": "text", "confirmed": "bool"}
        for e in shipped[entries_key]:
            for k, v in e.items():
                kinds.setdefault(k, _kind_of(v))
        # What a mistaken field is told to use instead: the section's entries and their fields.
        entry_fields = ", ".join(kinds)
        for extra in sorted(set(spec) - allowed):
            raise InputError(at(_line_of(text, extra, section)), "param_unknown_field",
                             name=name, field=extra,
                             fields=f"{entries_key} = [{{ {entry_fields} }}, …]")
        last: dict[tuple, dt.date] = {}
        for e in spec.get(entries_key, []):
            where = at(_line_of(text, str(e.get("from", "")), section))
            for k, v in list(e.items()):
                want = kinds.get(k) or ("text" if k in DESCRIPTIONS else None)
                if want is None:
                    raise InputError(where, "param_unknown_field", name=name, field=k,
                                     fields=entry_fields)
                got = _kind_of(v)
                if want == "number" and got == "text" and _VND_TEXT.fullmatch(v.strip()):
                    e[k] = int(v.strip().replace(".", ""))
                elif got != want:
                    raise InputError(where, "param_bad_type", name=name, field=k,
                                     value=str(v), kind=want)
            _check_entry(where, e)
            if "to" in e and e["to"] < e["from"]:
                raise InputError(where, "param_dates_order", name=name)
            ident = tuple(e.get(k) for k in shipped.get("key", []))
            if ident in last and e["from"] <= last[ident]:
                raise InputError(where, "param_dates_order", name=name)
            last[ident] = e["from"]
