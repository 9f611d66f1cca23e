"""Every word a person reads, from one catalogue (catalogue.toml beside this file), in
Vietnamese (default) or English, and the formats each language expects.

Result tables keep English snake_case names and codes (a public contract); only the report
layer and the CLI's messages turn them into text, here. Keys are namespaced ("col.unit",
"sheet.staff", "sex.F", "issue.off_scale") so one identifier can carry different labels in
different places; unknown keys fall back to the key itself, or to the caller's default, so a
new column still shows up rather than disappearing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
import sys
from decimal import Decimal
from functools import cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LANGS = ("vi", "en")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Flat key → {"vi": …, "en": …} from catalogue.toml."""
    text = resources.files("streamline.report").joinpath("catalogue.toml").read_text("utf-8")
    return {
        f"{ns}.{key}": pair
        for ns, entries in tomllib.loads(text).items()
        for key, pair in entries.items()
    }


def label(key: str, lang: str = "vi", default: str | None = None) -> str:
    """The display label of `key`, else `default`, else the key itself."""
    pair = catalogue().get(key)
    if pair is None:
        return key if default is None else default
    return pair["en" if lang == "en" else "vi"]


def column(name: str, lang: str = "vi") -> str:
    """Header for a result-table column; an unknown column keeps its raw name."""
    return label(f"col.{name}", lang, name)


def sheet(name: str, lang: str = "vi") -> str:
    """Worksheet name for a result table; unknown tables keep their own name."""
    return label(f"sheet.{name}", lang, name)


def coded(kind: str, code: str | None, lang: str = "vi") -> str | None:
    """Label of a coded value (kind "sex", code "F" → "Nữ"); unknown codes pass through."""
    if code is None:
        return None
    return label(f"{kind}.{code}", lang, code)


def codes(kind: str, lang: str = "vi") -> dict[str, str]:
    """All code → label pairs of one kind, for vectorised replacement in a whole column."""
    prefix = f"{kind}."
    side = "en" if lang == "en" else "vi"
    return {k[len(prefix):]: v[side] for k, v in catalogue().items() if k.startswith(prefix)}


# Number and date formats.

def integer(n, lang: str = "vi") -> str:
    """1234567 → 1.234.567 (vi) or 1,234,567 (en)."""
    text = f"{round(n):,}"
    return text if lang == "en" else text.replace(",", ".")


def decimal(x, lang: str = "vi") -> str:
    """19.2 → 19,2 (vi) or 19.2 (en); whole values without decimals, thousands grouped."""
    d = Decimal(str(x))
    if d == d.to_integral_value():
        return integer(d, lang)
    whole, _, frac = f"{d.normalize():f}".partition(".")
    head = integer(Decimal(whole), lang) if whole not in ("-0", "") else whole
    return f"{head}{'.' if lang == 'en' else ','}{frac}"


def percent(share, lang: str = "vi") -> str:
    """0.65 → 65 %; 0.655 → 65,5 % (one decimal at most)."""
    return decimal(round(Decimal(str(share)) * 100, 1), lang) + " %"


def _day(d: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(d[:10]) if isinstance(d, str) else d


def date(d: dt.date | str | None) -> str:
    """dd/mm/yyyy in both languages (an unambiguous order for Vietnamese and English readers)."""
    return "" if d is None else _day(d).strftime("%d/%m/%Y")


def month(d: dt.date | str | None) -> str:
    """mm/yyyy: a month (stored as its first day)."""
    return "" if d is None else _day(d).strftime("%m/%Y")


def value(v, lang: str = "vi") -> str:
    """Any argument as a reader expects it: numbers in the language's format, dates dd/mm/yyyy;
    text as it is."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return label(f"bool.{str(v).lower()}", lang)
    if isinstance(v, list):  # a list argument ("0,3; 0,4"), each value in the language's format
        return "; ".join(value(x, lang) for x in v)
    if isinstance(v, int):
        return integer(v, lang)
    if isinstance(v, (float, Decimal)):
        return decimal(v, lang)
    if isinstance(v, dt.date):
        return date(v)
    if isinstance(v, str) and _ISO_DATE.fullmatch(v):
        try:
            return date(v)
        except ValueError:  # looks like a date but is none (2025-13-01): quoted as typed
            return v
    return str(v)


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def get_value(self, key, args, kwargs):
        return kwargs.get(key, "…") if isinstance(key, str) else super().get_value(key, args,
                                                                                    kwargs)

    def format_field(self, v, spec):
        if v == "…":
            return v
        if spec == "%":
            return percent(v, self.lang)
        if spec == "date":
            return date(v)
        if spec == "month":
            return month(v)
        if spec:  # a catalogue kind: the code's label ("{regime:regime}")
            return coded(spec, v, self.lang)
        return value(v, self.lang)


def message(key: str, args: dict | str | None = None, lang: str = "vi") -> str:
    """The catalogue text of `key` with its arguments (a dict or a JSON object) filled in and
    formatted for `lang`; a missing argument shows as "…"."""
    if isinstance(args, str):
        args = json.loads(args, parse_float=Decimal)
    return _Formatter(lang).format(label(key, lang), **(args or {}))
