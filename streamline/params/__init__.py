"""Dated legal parameters: TOML data files with a source and a `confirmed` flag per value.

A *series* is a list of dated values (`base_salary`); a *table* is a list of dated rows with a
natural key (`salary_scale` keyed by scale and salary type). The value in force on a date is the
entry with the latest `from` not after that date (and no `to` before it). Scenario files use the
same format and are overlaid on the shipped tree: an entry with the same key and `from` replaces
the shipped one, anything else is added.
"""

from __future__ import annotations

import datetime as dt
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


def _read_toml(path: Path | Any) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), f"tệp tham số không hợp lệ: {exc}") from exc


def _check_entry(name: str, entry: dict) -> None:
    for key in ("from", "source", "confirmed"):
        if key not in entry:
            raise InputError(name, f"tham số thiếu trường '{key}': {entry}")


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
        spec = self.spec(name)
        live = [e for e in spec["values"] if _in_force(e, at)]
        if not live:
            raise InputError(name, f"không có giá trị hiệu lực ngày {at.isoformat()}")
        return max(live, key=lambda e: e["from"])

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

    def listing(self, at: dt.date, lang: str = "vi") -> pl.DataFrame:
        """Every value in force at `at`: name, label, value, valid_from, source, confirmed."""
        out: list[dict] = []
        for name, spec in self.tree.items():
            label = spec.get(f"label_{lang}", spec.get("label_vi", name))
            if spec["kind"] == "series":
                live = [e for e in spec["values"] if _in_force(e, at)]
                if not live:
                    continue
                e = max(live, key=lambda e: e["from"])
                out.append(_listing_row(name, label, _fmt(e["value"]), e))
            else:
                keys = spec.get("key", [])
                for row in sorted(self.rows(name, at), key=lambda r: [str(r[k]) for k in keys]):
                    ident = "/".join(str(row[k]) for k in keys)
                    value = "; ".join(
                        f"{c}={_fmt(v)}" for c, v in row.items() if c not in META and c not in keys
                    )
                    out.append(_listing_row(f"{name}[{ident}]", label, value, row))
        return pl.DataFrame(
            out,
            schema={
                "name": pl.String,
                "label": pl.String,
                "value": pl.String,
                "valid_from": pl.Date,
                "source": pl.String,
                "confirmed": pl.Boolean,
            },
            orient="row",
        )


def _listing_row(name: str, label: str, value: str, entry: dict) -> dict:
    return {
        "name": name,
        "label": label,
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
            raise InputError(origin, f"tham số '{name}' phải là một bảng TOML")
        kind = spec.get("kind") or tree.get(name, {}).get("kind")
        if kind not in ("series", "table"):
            raise InputError(origin, f"tham số '{name}': kind phải là 'series' hoặc 'table'")
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
            raise InputError(str(path), "không tìm thấy tệp tham số")
        _merge(tree, _read_toml(path), str(path))
    return Params(tree)
