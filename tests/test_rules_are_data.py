"""Rules are data: no number that the parameter files hold as a legal value stands as a literal
in the SQL or the Python. A new base salary, threshold or rate is one edit of a data file."""

from __future__ import annotations

import ast
import re
import sys
from decimal import Decimal
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
# Arithmetic conventions, not rules: nothing, one, halves in half-up rounding, months in a
# year, per cent.
CONVENTIONS = {Decimal(x) for x in ("0", "1", "2", "12", "100", "0.01")}
# Literals that look like a legal value but are something else, with the reason.
EXCEPTIONS = {
    ("payout_input.sql", "0.5"): "the half year of the decrees' rounding (the threshold is data)",
    ("summary.sql", "0.1"): "tenths of a month (payback shown to one decimal)",
    ("issues.sql", "3"): "the third part of the issue list (sort order)",
    ("streamline/ingest/reader.py", "300"): "rows scanned to find a sheet's first cell",
}


def _numbers(value, out: set[Decimal]) -> set[Decimal]:
    if isinstance(value, bool):
        return out
    if isinstance(value, (int, float, Decimal)):
        out.add(Decimal(str(value)).normalize())
    elif isinstance(value, dict):
        for key, v in value.items():
            if key not in ("from", "to"):
                _numbers(v, out)
    elif isinstance(value, list):
        for v in value:
            _numbers(v, out)
    return out


def legal_values() -> set[Decimal]:
    found: set[Decimal] = set()
    for path in (ROOT / "streamline" / "params" / "data").glob("*.toml"):
        _numbers(tomllib.loads(path.read_text("utf-8"), parse_float=Decimal), found)
    return found - CONVENTIONS


def sql_literals(text: str) -> list[str]:
    """Numeric literals of a SQL text: comments, strings, type declarations and rounding
    precisions left out."""
    text = re.sub(r"--[^\n]*|'(?:[^']|'')*'", " ", text)
    text = re.sub(r"DECIMAL\(\d+,\s*\d+\)|,\s*\d+\)(?=\s*(?:AS|,|\)|::|$))", " ", text)
    return re.findall(r"(?<![\w.$])(\d+(?:\.\d+)?)(?![\w.])", text)


def test_sql_has_no_legal_values():
    legal = legal_values()
    found = [
        (path.name, lit)
        for path in sorted((ROOT / "queries").glob("*.sql"))
        for lit in sql_literals(path.read_text("utf-8"))
        if Decimal(lit).normalize() in legal and (path.name, lit) not in EXCEPTIONS
    ]
    assert not found


def test_python_has_no_legal_values():
    """Amounts, ages in months, thresholds (≥ 100) and rates written as text ("0.6"): small
    integers are everywhere in layout code and are not checked here."""
    legal = legal_values()
    distinct = {v for v in legal if v >= 100 or v != v.to_integral_value()} - {Decimal("0.5")}
    found = []
    for path in sorted((ROOT / "streamline").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
                continue
            if isinstance(node.value, (int, float)):
                value = Decimal(str(node.value)).normalize()
                if value >= 100 and value in distinct and (rel, str(node.value)) not in EXCEPTIONS:
                    found.append((rel, node.lineno, node.value))
            elif isinstance(node.value, str) and re.fullmatch(r"\d*\.\d+|\d{3,}", node.value):
                if Decimal(node.value).normalize() in distinct:
                    found.append((rel, node.lineno, node.value))
    assert not found


def test_the_scan_can_fail():
    """The scanner sees what the issue named: 120 months, 300 sick days, 0.6, a base salary."""
    legal = legal_values()
    assert {Decimal("120"), Decimal("300"), Decimal("0.6"), Decimal("2530000")} <= legal
    assert sql_literals("SELECT least(x, 120) / 120, y >= 300 -- 2530000\n FROM t") == [
        "120", "120", "300"]
    assert sql_literals("SELECT round(a / b, 4)::DECIMAL(10, 1) FROM t") == []
