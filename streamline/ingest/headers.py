"""Header understanding by tokens: a column's header path is folded, its abbreviations expanded
(workbooks.md: "HS lương", "PC TNVK", "DOB" …), and scored against every field's labels.

A label matches a header exactly (score 1), or as a phrase inside it ("Hệ số lương" inside
"Hệ số lương hiện hưởng"): the more of the header the label covers, the higher the score, so
"Phụ cấp chức vụ" beats "Chức vụ" on "HS PC CV". The labels and abbreviations are data
(synonyms.toml); this module only scores.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from streamline.ingest.text import fold, fold_label

# A phrase match below this score is not taken as the header naming the field.
MIN_SCORE = 0.6
EXACT, EXPANDED = 1.0, 0.95


@dataclass(frozen=True)
class Label:
    field: str
    parts: tuple[tuple[str, ...], ...]  # folded, expanded tokens per path part ("Parent > Leaf")
    star: tuple[bool, ...]  # a part ending in * matches any continuation


def _doc() -> dict:
    return tomllib.loads(
        resources.files("streamline.ingest").joinpath("synonyms.toml").read_text("utf-8")
    )


def _load():
    doc = _doc()
    abbreviations = {fold_label(k): tuple(fold_label(v).split())
                     for k, v in doc.pop("abbreviations").items()}
    contextual = {
        (fold_label(k), fold_label(nxt).split()[0]): tuple(fold_label(v).split())
        for k, rules in doc.pop("abbreviations_before").items() for nxt, v in rules.items()
    }
    groups = doc.pop("groups")
    doc.pop("staff_groups")
    return abbreviations, contextual, groups, doc


ABBREVIATIONS, CONTEXTUAL, GROUP_LABELS, _ROLES = _load()


@lru_cache(maxsize=65536)
def tokens(text: str, hints: bool = False) -> tuple[str, ...]:
    """Folded tokens of a label with its abbreviations expanded: "PC TNVK (%)" →
    phu cap tham nien vuot khung. `hints` keeps parenthesised words ("Hình thức (BC/HĐ)")."""
    words = (fold(text) if hints else fold_label(text)).split()
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        expansion = CONTEXTUAL.get((w, nxt)) or ABBREVIATIONS.get(w)
        out.extend(expansion or (w,))
    return tuple(out)


def _label(fld: str, text: str) -> Label:
    parts = [p.strip() for p in text.split(">")]
    return Label(fld, tuple(tokens(p.rstrip("*").strip()) for p in parts),
                 tuple(p.endswith("*") for p in parts))


# Every field is also named by its own canonical name ("lead_coef"): the tool's own tables
# and exports read back as they were written.
LABELS: dict[str, list[Label]] = {
    role: [_label(fld, text) for fld, texts in table.items() for text in (*texts, fld)]
    for role, table in _ROLES.items()
}


def _contains(hay: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def _part_score(label: tuple[str, ...], star: bool, part: tuple[str, ...]) -> float:
    if part == label or (star and part[:len(label)] == label and label):
        return EXACT
    # A one-word label ("Loại", "Bậc") names a column only when it is most of the header.
    if len(label) == 1 and len(part) > 2:
        return 0.0
    if _contains(part, label):
        return 0.5 + 0.45 * len(label) / len(part)
    return 0.0


def label_score(lab: Label, path: tuple[tuple[str, ...], ...]) -> float:
    """How well one label names a column with this header path (tokens per part)."""
    k = len(lab.parts)
    if not path:
        return 0.0
    if k > 1:  # "Parent > Leaf": the path's last parts, each matching
        if len(path) < k:
            return 0.0
        scores = [_part_score(lp, st, pp)
                  for lp, st, pp in zip(lab.parts, lab.star, path[-k:], strict=True)]
        return min(scores) if all(s >= EXACT for s in scores[:-1]) else 0.0
    # A label naming only the leaf of a deeper path says less than one naming the whole path.
    leaf = _part_score(lab.parts[0], lab.star[0], path[-1]) * (0.97 if len(path) > 1 else 1)
    # The whole path read as one phrase ("Phụ cấp" over "Chức vụ" → phụ cấp chức vụ).
    joined = tuple(t for p in path for t in p)
    whole = _part_score(lab.parts[0], lab.star[0], joined) if len(path) > 1 else 0.0
    return max(leaf, whole)


# Each label with the set of its tokens: a label scores only on a path holding all of them
# (every part it matches contains it), so the others are passed over by a set comparison.
_LABEL_TOKENS = {role: [(lab, frozenset(t for part in lab.parts for t in part)) for lab in labels]
                 for role, labels in LABELS.items()}


@lru_cache(maxsize=65536)
def scores(role: str, path: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, float], ...]:
    """(field, best score) for every field whose labels name this path, best first."""
    best: dict[str, float] = {}
    present = {t for part in path for t in part}
    for lab, needed in _LABEL_TOKENS[role]:
        if not needed <= present:
            continue
        s = label_score(lab, path)
        if s >= MIN_SCORE and s > best.get(lab.field, 0.0):
            best[lab.field] = s
    return tuple(sorted(best.items(), key=lambda kv: -kv[1]))


def path_tokens(parts: list[str], hints: bool = False) -> tuple[tuple[str, ...], ...]:
    return tuple(t for t in (tokens(p, hints) for p in parts) if t)


def path_scores(role: str, parts: list[str]) -> tuple[tuple[str, float], ...]:
    """scores() of a header path, read without its parenthesised hints ("Thâm niên vượt
    khung (%)") and with them ("Hình thức (BC/HĐ)"): the better of the two per field."""
    best = dict(scores(role, path_tokens(parts)))
    for fld, s in scores(role, path_tokens(parts, hints=True)):
        best[fld] = max(s, best.get(fld, 0.0))
    return tuple(sorted(best.items(), key=lambda kv: -kv[1]))


def is_label_of(role: str, fld: str, text: str) -> bool:
    """Whether a cell is exactly one of a field's labels ("Họ và tên" in the name column of a
    repeated header): a set look-up, cheap enough for every row. A word that is no label's
    token and no abbreviation stays a token of its own, so such a cell (a person's name) is
    told without expanding it."""
    if not all(w in _LABEL_WORDS for w in fold_label(text).split()):
        return False
    return tokens(text) in _EXACT[role].get(fld, ())


_EXACT: dict[str, dict[str, set[tuple[str, ...]]]] = {
    role: {fld: {lab.parts[0] for lab in labels if lab.field == fld and len(lab.parts) == 1}
           for fld in {lab.field for lab in labels}}
    for role, labels in LABELS.items()
}
_LABEL_WORDS = ({t for by_field in _EXACT.values() for labels in by_field.values()
                 for label in labels for t in label}
                | set(ABBREVIATIONS) | {w for w, _ in CONTEXTUAL})


@lru_cache(maxsize=65536)
def names_a_field(text: str) -> bool:
    """Whether a header cell on its own names some field or a column group. A cell sharing
    no token with any label or group (a name, a date, a number) names none: every score
    needs one label's tokens among the cell's."""
    path = (tokens(text),)
    if not path[0] or _ANY_LABEL_TOKEN.isdisjoint(path[0]):
        return False
    return any(scores(role, path) for role in LABELS) or _is_group(path[0])


_ANY_LABEL_TOKEN = ({t for labels in LABELS.values() for lab in labels for part in lab.parts
                     for t in part}
                    | {t for g in GROUP_LABELS for t in tokens(g.rstrip("*").strip())})


def _is_group(toks: tuple[str, ...]) -> bool:
    for g in GROUP_LABELS:
        gt = tokens(g.rstrip("*").strip())
        if toks == gt or (g.endswith("*") and toks[:len(gt)] == gt):
            return True
    return False


def close_labels(label: str, candidates: list[str], n: int = 3) -> list[str]:
    """The candidates nearest a label the user typed (for an unmatched --map)."""
    import difflib

    folded = {fold_label(c): c for c in candidates}
    hits = difflib.get_close_matches(fold_label(label), list(folded), n=n, cutoff=0.5)
    return [folded[h] for h in hits]
