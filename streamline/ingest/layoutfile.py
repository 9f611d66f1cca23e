"""A form's reading, saved once and reused: offices send the same form every month.

`streamline inspect FILE --save form.toml` writes how each column of FILE was read;
`--layout form.toml` reads every later file of the same form that way (a --map item still wins).

    # streamline layout
    date_order = "dmy"
    [columns]
    "Họ và tên" = "full_name"
    "Phụ cấp / CV" = "lead_coef"
    "Cột phụ" = "ignore"
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import polars as pl

from streamline.errors import InputError

DATE_ORDERS = ("dmy", "mdy")


def _known_fields() -> set[str]:
    from streamline.ingest import layout as lay
    from streamline.ingest.schema import POSITION_FIELDS, STAFF_FIELDS, UNIT_FIELDS

    return (set(STAFF_FIELDS) | set(POSITION_FIELDS) | set(UNIT_FIELDS) | set(lay.DERIVED)
            | lay.PASSIVE | {"ignore"})


def load_layout(path: Path) -> tuple[dict[str, str], str | None]:
    """(header label → field, date order) from a layout file; InputError naming the file and
    what is wrong with it."""
    try:
        doc = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(path), "bad_layout_file", detail=str(exc)) from None
    unknown = set(doc) - {"columns", "date_order"}
    if unknown:
        raise InputError(str(path), "bad_layout_file", detail=", ".join(sorted(unknown)))
    columns = doc.get("columns", {})
    fields = _known_fields()
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise InputError(str(path), "bad_layout_file", detail="[columns]")
    bad = sorted(v for v in columns.values() if v not in fields)
    if bad:
        raise InputError(str(path), "bad_layout_file", detail=", ".join(bad))
    order = doc.get("date_order")
    if order is not None and order not in DATE_ORDERS:
        raise InputError(str(path), "bad_layout_file", detail=f"date_order = {order!r}")
    return dict(columns), order


def layout_text(mapping: pl.DataFrame, date_order: str | None) -> str:
    """The layout file for what was read: every column of the sheets that held a table, by
    its header label (unread columns as "ignore", so a later file reads them the same way)."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["# streamline layout: how to read this form (streamline inspect --save)"]
    if date_order:
        lines.append(f"date_order = {quoted(date_order)}")
    lines.append("[columns]")
    done: set[str] = set()
    for row in mapping.filter(pl.col("role") != "ignored").iter_rows(named=True):
        label = row["source_label"]
        if label in done:
            continue
        done.add(label)
        lines.append(f"{quoted(label)} = {quoted(row['field'] or 'ignore')}")
    return "\n".join(lines) + "\n"
