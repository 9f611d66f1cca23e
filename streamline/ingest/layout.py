"""Understanding one sheet: where its header is, what each column means, what each row is.

The header is found by scoring the first rows against known labels; a multi-row header is
named by each column's full path (a merged parent cell is written only in its first column, so
it is carried right over the columns that have a label below it). Rows below the header are
classified as person/record, section (names the unit of the rows below), subtotal (checked
against the rows above), footer, blank, column-number row, or not analysed — every row lands in
exactly one class, so the counts add up.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from dataclasses import field as dc_field
from decimal import Decimal
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from streamline.ingest import content, headers
from streamline.ingest.reader import Grid
from streamline.ingest.schema import POSITION_FIELDS, STAFF_FIELDS, UNIT_FIELDS
from streamline.ingest.text import HAS_TEXT, clean, fold, fold_label

ROLE_FIELDS = {"staff": STAFF_FIELDS, "positions": POSITION_FIELDS, "units": UNIT_FIELDS}
# Recognised but not stored: the row number.
PASSIVE = {"seq"}
# Besides a name, a staff sheet (and a person row) has data in at least one of these.
PERSON_FIELDS = {
    "birth_date",
    "birth_male",
    "birth_female",
    "coef",
    "grade_code",
    "grade_name",
    "step",
    "employee_id",
    "staff_type",
    "sex",
    "position",
    "lead_coef",
}
# Staff fields read from special columns, not stored under their own name.
DERIVED = {"birth_male": "date", "birth_female": "date", "female_marker": "bool"}
HEADER_SCAN = 30
MAX_HEADER_ROWS = 3

# A section number of any length and depth: "1", "100", "1.10.2". A multi-level number may
# be followed by a space alone ("1.10.2 Tổ …"); a plain one needs a mark ("100. PHÒNG …").
_SECTION_NUMBER = r"\d+(?:\.\d+)*"
_ORDINAL = re.compile(
    r"^\s*(?P<mark>[IVXLC]{1,6}|[A-ZĐ]|\d+(?P<levels>(?:\.\d+)+)?)"
    r"(?(levels)(?:\s*[.)\-:/]|\s)|\s*[.)\-:/])\s*(?P<text>\S.*)$"
)
_ROMAN = re.compile(r"^[IVXLC]{1,6}$")
_LETTER = re.compile(r"^[A-ZĐ]$")
_NUMBER_CELL = re.compile(r"^\(?\s*\d{1,3}\s*\)?$")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_RATING_WORDS = re.compile(r"\b(xep loai|danh gia|phan loai)\b")
_SUBTOTAL = re.compile(r"^(tong cong|tong so|tong|cong|total|subtotal|sum)\b")
_FOOTER = re.compile(
    r"(nguoi lap bieu|nguoi lap|thu truong|ky ten|ky ghi ro ho ten|dong dau|xac nhan cua"
    r"|ngay\s+\S*\s*thang\s+\S*\s*nam)"
)
_UNIT_WORDS = (
    "phong",
    "ban ",
    "khoa",
    "van phong",
    "trung tam",
    "chi cuc",
    "to ",
    "bo phan",
    "doi ",
    "tram",
    "truong",
    "khoi",
    "lanh dao",
    "thanh tra",
    "cuc ",
    "vu ",
    "so ",
    "ubnd",
)


def _load_staff_groups() -> dict[str, dict[str, str]]:
    doc = tomllib.loads(
        resources.files("streamline.ingest").joinpath("synonyms.toml").read_text("utf-8")
    )
    return {fold(name): implied for name, implied in doc["staff_groups"].items()}


STAFF_GROUPS = _load_staff_groups()


_BANNER_UNIT = re.compile(r"^\s*(?:tên\s+)?đơn\s+vị(?:\s+công\s+tác)?\s*:\s*(\S.*)$", re.I)


def banner_unit(rows: list[list[str | None]]) -> str | None:
    """The unit a sheet's banner names ("Đơn vị: Trường THCS Nguyễn Du"), if any."""
    for row in rows:
        for cell in row:
            if cell and (m := _BANNER_UNIT.match(clean(str(cell)) or "")):
                return m.group(1).strip()
    return None


def staff_group(name: str) -> dict[str, str] | None:
    """The fields a staff-group section implies ({} for none) when the section names a group
    of staff rather than a unit; None for a unit."""
    f = fold(name)
    if f in STAFF_GROUPS:
        return STAFF_GROUPS[f]
    # "Giáo viên tiểu học", "Hợp đồng theo Nghị định 111": a longer group name.
    for group, implied in STAFF_GROUPS.items():
        if " " in group and f.startswith(group + " "):
            return implied
    return None


def _label_score(text: str | None) -> int:
    return int(bool(text) and headers.names_a_field(str(text)))


def match_field(role: str, path: list[str]) -> str | None:
    """The best field for a column with this header path (labels as written), or None."""
    best = headers.path_scores(role, path)
    return best[0][0] if best else None


def rating_year(path: list[str]) -> int | None:
    joined = " ".join(path)
    if _RATING_WORDS.search(joined) and (m := _YEAR.search(path[-1]) or _YEAR.search(joined)):
        return int(m.group(1))
    return None


@dataclass
class Column:
    index: int  # position in the grid row
    letter: str
    label: str  # "Parent / Leaf" as written
    path: list[str]  # folded parts
    field: str | None = None
    note: str | None = None
    year: int | None = None  # for rating columns
    confidence: float | None = None  # 0–1: how sure the reading is
    evidence: str | None = None  # header | phrase | values | override | layout_file
    pattern: str | None = None  # what the values look like (content.describe)
    values: list[str] = dc_field(default_factory=list, repr=False)  # a sample of the cells
    suggestion: str | None = None  # for an unread column: the field it most looks like


@dataclass
class Layout:
    role: str  # staff | positions | units | ignored
    header_top: int = -1  # grid indexes
    header_bottom: int = -1
    number_row: int | None = None
    columns: list[Column] = field(default_factory=list)

    def by_field(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns if c.field}


def excel_letter(index: int) -> str:
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def nonempty(row: list[str | None]) -> list[int]:
    """Indexes of the cells holding something other than whitespace."""
    return [i for i, v in enumerate(row) if v is not None and str(v).strip()]


def is_number_row(row: list[str | None], idx: list[int] | None = None) -> bool:
    """A column-number row ("1 2 3 …", "(1) (2) …"); `idx`: its non-empty cells, if known."""
    cells = [str(row[i]).strip() for i in (nonempty(row) if idx is None else idx)]
    return len(cells) >= 3 and all(_NUMBER_CELL.match(c) for c in cells)


def find_layout(grid: Grid, overrides: dict[str, str],
                saved: dict[str, str] | None = None) -> Layout:
    """The sheet's header, role and column mapping. `overrides` (--map) and `saved` (a
    --layout file) name fields by header label; --map wins."""
    rows = grid.rows
    scan = rows[:HEADER_SCAN]
    scores = [sum(_label_score(c) for c in r) for r in scan]
    if not scores or max(scores) < 2:
        return Layout("ignored")
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    top = best
    while (
        top > 0
        and best - top < MAX_HEADER_ROWS - 1
        and len(nonempty(rows[top - 1])) >= 2
        and scores[top - 1] >= 1
    ):
        top -= 1
    bottom = best
    while bottom + 1 < len(rows) and bottom - top < MAX_HEADER_ROWS - 1:
        nxt = rows[bottom + 1]
        cells = nonempty(nxt)
        # A continuation row may hold a single label ("Hệ số" under "Lương" under "Lương và
        # phụ cấp"); it names at least one field or group either way.
        if is_number_row(nxt) or not cells or scores_at(scores, bottom + 1) < 1:
            break
        # A continuation row leaves the vertically merged name column empty; a data row doesn't.
        name_col = _name_column(rows, top, bottom)
        if name_col is not None and name_col < len(nxt) and nxt[name_col] not in (None, ""):
            break
        bottom += 1
    columns = _columns(grid, top, bottom)
    number_row = bottom + 1 if bottom + 1 < len(rows) and is_number_row(rows[bottom + 1]) else None
    _sample(grid, columns, bottom + 1 + (number_row is not None))
    layout = _assign(columns, overrides, saved or {})
    layout.header_top, layout.header_bottom = top, bottom
    layout.number_row = number_row
    return layout


def scores_at(scores: list[int], i: int) -> int:
    return scores[i] if i < len(scores) else 0


def _name_column(rows, top: int, bottom: int) -> int | None:
    for r in range(top, bottom + 1):
        for i, v in enumerate(rows[r]):
            if v and match_field("staff", [str(v)]) == "full_name":
                return i
    return None


def _columns(grid: Grid, top: int, bottom: int) -> list[Column]:
    rows = grid.rows[top : bottom + 1]
    width = max(len(r) for r in grid.rows[: bottom + 1 + 200]) if grid.rows else 0
    cell = [[clean(r[c]) if c < len(r) else None for c in range(width)] for r in rows]
    filled = [row[:] for row in cell]
    depth = len(rows)
    for h in range(depth - 1):
        for c in range(1, width):
            below = any(cell[k][c] for k in range(h + 1, depth))
            left_below = any(cell[k][c - 1] for k in range(h + 1, depth))
            if filled[h][c] is None and below and left_below:
                filled[h][c] = filled[h][c - 1]
    columns = []
    for c in range(width):
        parts: list[str] = []
        for h in range(depth):
            v = filled[h][c]
            if v and (not parts or parts[-1] != v):
                parts.append(v)
        if parts:
            columns.append(
                Column(
                    c,
                    excel_letter(c + grid.col0),
                    " / ".join(parts),
                    [fold_label(p) for p in parts],
                )
            )
    return columns


# Fields a sheet may hold more than once by design.
REPEATABLE = PASSIVE | {"notes"}
# Below this, a reading is not taken (the column is left unread and said).
MIN_CONFIDENCE = 0.4
# Fields the values alone may name when no header does (content.guess).
BY_VALUES = ("grade_code", "sex", "contract_type", "staff_type", "funding", "birth_date",
             "coef")


def _sample(grid: Grid, columns: list[Column], start: int) -> None:
    """Each column's first non-empty cells below the header (the values that score it), from
    rows holding more than one cell: a lone cell is a section heading, not a value."""
    if _sample_columns(grid, columns, start):
        return
    full = sum(len(col.values) >= content.SAMPLE for col in columns)
    for row in grid.rows[start:]:
        if full == len(columns):
            break  # every column has its sample: the rows below add nothing
        if len(nonempty(row)) < 2:
            continue
        for col in columns:
            if len(col.values) < content.SAMPLE and col.index < len(row):
                v = clean(row[col.index])
                if v is not None:
                    col.values.append(v)
                    full += len(col.values) == content.SAMPLE


def _sample_columns(grid: Grid, columns: list[Column], start: int) -> bool:
    """_sample read from the grid's frame (calamine's columns): which rows hold two cells, and
    each column's first values among them, by column expressions (only the sample is
    cleaned). False when the grid has no frame matching its rows."""
    import polars as pl

    frame, rows = grid.frame, grid.rows
    if (not isinstance(frame, pl.DataFrame) or frame.height != len(rows) or not frame.width
            or start >= len(rows) or any(len(rows[i]) != frame.width for i in (0, -1))):
        return False
    body = frame.slice(start).select(pl.all().cast(pl.String))
    filled = body.select(pl.all().str.contains(HAS_TEXT).fill_null(False))  # nonempty()
    two = filled.select(pl.sum_horizontal(pl.all()) >= 2).to_series()
    for col in columns:
        need = content.SAMPLE - len(col.values)
        if col.index >= body.width or need <= 0:
            continue
        found = body.to_series(col.index).filter(two & filled.to_series(col.index))
        col.values.extend(clean(v) for v in found.head(need).to_list())
    return True


def _kind(role: str, fld: str) -> str:
    return DERIVED.get(fld) or ROLE_FIELDS[role][fld][0]


def _readings(role: str, col: Column) -> list[tuple[float, str, str]]:
    """(confidence, field, evidence) for every field the header names, the values weighing in."""
    out = []
    for fld, score in headers.path_scores(role, col.label.split(" / ")):
        if fld not in ROLE_FIELDS[role] and fld not in DERIVED and fld not in PASSIVE:
            continue
        if fld in PASSIVE:
            out.append((score, fld, "header"))
            continue
        exact = score >= headers.EXPANDED * 0.97
        conf = score * content.fit(_kind(role, fld), col.values, exact)
        out.append((conf, fld, "header" if exact else "phrase"))
    return out


def _role(columns: list[Column]) -> str:
    for role, need in (("staff", None), ("positions", {"position", "quota"}),
                       ("units", None)):
        fields = {f for c in columns for _, f, _ in _readings(role, c)}
        if role == "staff" and "full_name" in fields and fields & PERSON_FIELDS:
            return role
        if need and need <= fields:
            return role
        if role == "units" and "unit" in fields and fields & {"funding", "unit_kind", "parent"}:
            return role
    return "ignored"


def _assign(columns: list[Column], overrides: dict[str, str], saved: dict[str, str]) -> Layout:
    """Pick the sheet's role and map its columns jointly: every (column, field) reading is
    scored by header tokens and values, and the best readings are taken first, each field at
    most once (unless it repeats by design) and each column once. User overrides win."""
    told = {**{fold(k): (v, "layout_file") for k, v in saved.items()},
            **{fold(k): (v, "override") for k, v in overrides.items()}}
    role = _role(columns)
    if role == "ignored" and "full_name" in {v for v, _ in told.values()}:
        role = "staff"
    layout = Layout(role, columns=columns)
    for col in columns:
        col.pattern = content.describe(col.values)
    if role == "ignored":
        return layout
    seen: set[str] = set()
    free: list[Column] = []
    for col in columns:
        forced, source = told.get(fold(col.label)) or told.get(col.path[-1]) or (None, None)
        if forced:
            col.field = None if forced == "ignore" else forced
            col.note, col.evidence, col.confidence = source, source, 1.0
            seen.add(col.field)
        else:
            free.append(col)
    readings = sorted(
        ((conf, -col.index, fld, ev, col) for col in free
         for conf, fld, ev in _readings(role, col) if conf >= MIN_CONFIDENCE),
        key=lambda r: (-r[0], -r[1]),
    )
    for conf, _, fld, ev, col in readings:
        if col.field or col.note:
            continue
        if fld in seen and fld not in REPEATABLE:
            if ev == "header":
                col.note = f"duplicate:{fld}"  # a second column with the very same name
            continue
        col.field, col.confidence, col.evidence = fld, round(conf, 2), ev
        seen.add(fld)
    years: list[Column] = []
    for col in free:
        year = rating_year([fold(p) for p in col.label.split(" / ")])
        if col.field is None and not col.note and role == "staff" and year:
            col.year = year
            years.append(col)
    for rank, col in enumerate(sorted(years, key=lambda c: -c.year)[:3], start=1):
        col.field, col.note = f"rating_{rank}", f"year:{col.year}"
        col.confidence, col.evidence = 0.9, "header"
    if role == "staff":
        _by_values(columns, seen)
    # A suggestion never names a field another column already gives: following it (--map)
    # would take that field from the column that holds it.
    def open_field(fld: str) -> bool:
        return fld not in seen or fld in REPEATABLE

    for col in free:
        if not col.field and col.values:
            weak = [w for w in _readings(role, col) if open_field(w[1])]
            guessed = content.guess(col.values)  # (field, share) or None
            by_values = guessed[0] if guessed and open_field(guessed[0]) else None
            col.suggestion = (max(weak)[1] if weak else None) or by_values
    return layout


def _by_values(columns: list[Column], seen: set[str]) -> None:
    """Name an essential field no header named from a column whose values say what it is
    (a "Công chức/Viên chức" column under an unknown header, dates of birth under "Ngày")."""
    for col in columns:
        if col.field or col.note or col.year:
            continue
        found = content.guess(col.values)
        if found and found[0] in BY_VALUES and found[0] not in seen:
            col.field, col.evidence = found[0], "values"
            col.confidence = round(0.5 + 0.3 * found[1], 2)
            seen.add(found[0])


# ---------------------------------------------------------------- row classification


def section_of(row: list[str | None], idx: list[int], has_data: bool) -> tuple[str, str] | None:
    """(mark, unit name) when the row (non-empty cells at `idx`) is a section heading."""
    if has_data or not idx or len(idx) > 2:
        return None
    texts = [clean(row[i]) for i in idx]
    if len(idx) == 2:
        mark, text = texts
        if _ROMAN.match(mark) or _LETTER.match(mark):
            return mark, text
        if m := _ORDINAL.match(f"{mark}. {text}") if re.fullmatch(_SECTION_NUMBER, mark) else None:
            return (m["mark"], m["text"]) if _looks_like_unit(text) else None
        return None
    text = texts[0]
    if m := _ORDINAL.match(text):
        return m["mark"], m["text"].strip()
    if text.isupper() or _looks_like_unit(text) or staff_group(text) is not None:
        return "", text
    return None


def _looks_like_unit(text: str) -> bool:
    return (fold(text) + " ").startswith(_UNIT_WORDS)


def section_level(mark: str, previous_letter: str | None = None) -> int:
    """A (letter) > I (roman) > 1 > 1.1. "I", "V", "X", "L", "C" are roman numerals unless
    they continue a letter sequence (… B, C)."""
    continues_letters = (
        len(mark) == 1 and previous_letter is not None and ord(mark) == ord(previous_letter) + 1
    )
    if _ROMAN.match(mark) and not continues_letters:
        return 2
    if _LETTER.match(mark):
        return 1
    if not mark:
        return 2
    return 3 + mark.count(".")


# The subtotal words as written: a folded match must also be one of these (or plain ASCII), so
# the surnames Tống and Công ("Tống Văn Cộng", "Công Thị Hoa") never start a subtotal.
_SUBTOTAL_WORDS = {"tổng cộng", "tổng số", "tổng", "cộng", "total", "subtotal", "sum"}
# A person's name: two to seven capitalised words, letters only.
_NAME_WORD = r"[^\W\d_][^\W\d_]*"
_PERSON_NAME = re.compile(rf"^(?:{_NAME_WORD}\s+){{1,6}}{_NAME_WORD}$")


def looks_like_name(text: str | None) -> bool:
    """A person-like name: 2–7 words of letters, each capitalised ("Cộng Văn Hải")."""
    if not text or not _PERSON_NAME.match(text):
        return False
    return all(w[0].isupper() for w in text.split())


def is_subtotal(row: list[str | None], idx: list[int], person: bool = False) -> str | None:
    """The subtotal label when the row is a subtotal. `person`: the row has a person's data
    (birth date, ID, position…), so a person-like name that merely starts with a subtotal word
    ("Cộng Văn Hải") is a person, not a subtotal."""
    for i in idx[:2]:
        text = clean(str(row[i])) or ""
        m = _SUBTOTAL.match(fold(text))
        if not m:
            continue
        word = text[: len(m.group(1))].lower()
        if word not in _SUBTOTAL_WORDS and not word.isascii():
            continue  # "Tống …", "Công …": a surname
        if person and looks_like_name(text) and text[len(word) :].strip():
            continue  # "Cộng Văn Hải" with a birth date: a person
        if person and fold(text) != m.group(0) and not text[len(word):].lstrip().startswith("("):
            continue  # "Cong chuc" (a staff type typed without diacritics) on a person's row
        return text
    return None


def is_footer(row: list[str | None], idx: list[int]) -> bool:
    return 0 < len(idx) <= 3 and any(_FOOTER.search(fold(str(row[i]))) for i in idx)


def is_header_repeat(row: list[str | None], columns: list[Column]) -> bool:
    """The header written again mid-sheet (a page break, a pasted block): at least two mapped
    columns hold their own header label, or the name column holds a name label."""
    hits = 0
    for col in columns:
        v = row[col.index] if col.index < len(row) else None
        if v is None or not col.field:
            continue
        f = fold_label(str(v))
        if f and f in col.path:
            hits += 1
        if col.field == "full_name" and headers.is_label_of("staff", "full_name", str(v)):
            return True
    return hits >= 2


def subtotal_scope(label: str) -> str | None:
    """'all' for a grand total, a section mark for "Cộng (I)", None for a plain subtotal."""
    f = fold(label)
    if f.startswith(("tong cong", "tong so", "total")):
        return "all"
    if m := re.search(rf"\(\s*([IVXLC]{{1,6}}|[A-Z]|{_SECTION_NUMBER})\s*\)", label):
        return m.group(1)
    return None


def close_enough(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= Decimal("0.005")
