"""Vietnamese text normalisation for matching labels and codes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# A regex (Rust's, for polars) matching any character that is not Python whitespace
# (str.isspace, what clean() drops; all of it lies below U+3001): a cell matches when clean()
# keeps something of it. Rust's own \s differs (U+001C–U+001F are not in it).
HAS_TEXT = "[^" + "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, range(0x3001))
                          if c.isspace()) + "]"


class _NoMarks(dict):
    """str.translate table dropping combining marks (category Mn), filled as characters come."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = kept
        return kept


_NO_MARKS = _NoMarks()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, no diacritics (đ → d), punctuation to single spaces: "Hệ số (%)" → "he so"."""
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).lower()
    return _NON_ALNUM.sub(" ", s.translate(_NO_MARKS)).strip()


_HINT = re.compile(r"\([^()]*\)")


def fold_label(text: str) -> str:
    """fold() of a header label without parenthesised hints: "Đối tượng (CB, CC, VC)" and
    "Thâm niên vượt khung (%)" match their plain labels."""
    return fold(_HINT.sub(" ", text)) or fold(text)


def clean(text: str | None) -> str | None:
    """NFC, trimmed, inner whitespace collapsed; None for blank cells."""
    if text is None:
        return None
    return _clean(str(text))


@lru_cache(maxsize=262144)
def _clean(text: str) -> str | None:
    return " ".join(unicodedata.normalize("NFC", text).split()) or None
