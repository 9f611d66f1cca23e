"""Masked outputs (`streamline analyze --mask`): what an HR office can send upward.

Every table of a masked result keeps its columns and types; what could single a person out
is replaced or coarsened:

- names and employee IDs → keyed pseudonyms `NGUOI-…` / `ID-…` (HMAC-SHA256 with a key the
  user keeps: the same person gets the same pseudonym month after month, and nobody without
  the key can recompute or reverse them — unlike a plain hash of a name);
- birth date → 1 January of its year, `birth_precision` = 'year';
- exact title → its group: the leadership word when the person has a title or a leadership
  coefficient, else empty;
- `source_row`, free-text notes and the deferral flags (pregnant, maternity, child under 36
  months, discipline) → empty; the deferred table's reasons → the one code `masked`;
- issues: a row that points at a person loses its row number, and a value or arguments that
  quote a name, an ID, a title, a birth date or any personal column are blanked.

The parameters table gains a `run.mask` row saying all this (and naming the key by a
fingerprint that reveals nothing of it), so every output states how it was masked. Masking
is pseudonymisation, not anonymisation: unit, position, pay and retirement month stay, as
the analysis needs them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from streamline.errors import InputError
from streamline.ingest.text import fold
from streamline.result import AnalysisResult

KEY_FILE = "streamline-mask.key"
KEY_BYTES = 32
MIN_KEY_BYTES = 16
DIGEST_CHARS = 10  # 40 bits: no two of 100,000 people are expected to share a pseudonym
MASKED_REASON = "masked"
# The group a masked title is coarsened to (worded by the report, kind "title_group").
TITLE_GROUP = "leadership"
BLANKED = "***"
# Staff columns whose values are never shown under --mask.
DROPPED = ("source_row", "notes", "pregnant", "maternity", "child_under_36m", "discipline")
# Input fields whose raw cells an issue must not quote.
PERSONAL_FIELDS = frozenset({
    "full_name", "employee_id", "birth_date", "birth_male", "birth_female", "title", "notes",
    "pregnant", "maternity", "child_under_36m", "discipline",
})
# Words of an issue's value or arguments, for looking them up in sets of IDs and dates.
_TOKEN = re.compile(r"[^\s,;:'\"«»(){}\[\]]+")


@dataclass(frozen=True)
class Masking:
    """How to mask: the secret key of the pseudonyms."""

    key: bytes = field(repr=False)  # a traceback or a log line never shows it

    @classmethod
    def ephemeral(cls) -> Masking:
        """A fresh random key: pseudonyms that match no other run."""
        return cls(secrets.token_bytes(KEY_BYTES))

    def pseudonym(self, prefix: str, *parts: str) -> str:
        message = "\x1f".join((prefix, *parts)).encode("utf-8")
        digest = hmac.new(self.key, message, hashlib.sha256).hexdigest()
        return f"{prefix}-{digest[:DIGEST_CHARS].upper()}"

    def fingerprint(self) -> str:
        """Names the key (two runs used the same key when these agree) without revealing it."""
        return hmac.new(self.key, b"streamline key fingerprint", hashlib.sha256).hexdigest()[:8]


def default_key_path(first_input: Path | str) -> Path:
    """`streamline-mask.key` beside the first input: in the folder that holds the file (or,
    for a folder input, next to that folder) — never inside a separate output folder."""
    return Path(first_input).resolve().parent / KEY_FILE


def load_key(path: Path | str) -> tuple[bytes, bool]:
    """The key held in `path`; when the file does not exist it is created with 32 random bytes
    (readable by its owner only where the system allows). Returns (key, created)."""
    path = Path(path)
    if path.exists():
        key = path.read_bytes()
        if len(key) < MIN_KEY_BYTES:
            raise InputError(str(path), "mask_key_short", min=MIN_KEY_BYTES)
        return key, False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    try:
        with open(path, "xb") as out:
            out.write(key)
        path.chmod(0o600)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return key, True


def mask_result(result: AnalysisResult, masking: Masking | bool = True) -> None:
    """Mask every table of `result` in place (see the module's docstring). `True` masks with an
    ephemeral key: pseudonyms then match no other run."""
    if not isinstance(masking, Masking):
        masking = Masking.ephemeral()
    tables = result.tables
    staff = tables["staff"]
    people = _people(staff, masking)
    tables["issues"] = _mask_issues(tables["issues"], staff, tables.get("mapping"), masking)
    for name, table in list(tables.items()):
        tables[name] = _mask_table(name, table, people, masking)
    if "parameters" in tables:
        tables["parameters"] = _with_mask_row(tables["parameters"], result.as_of, masking)


def _normal(text: str) -> str:
    """One spelling per name: NFC, single spaces, case folded (not accents: Lê ≠ Lệ)."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _people(staff: pl.DataFrame, masking: Masking) -> pl.DataFrame:
    """person_id → pseudonymous name and ID. The name's pseudonym is keyed on the name and the
    birth date, so two namesakes differ while one person keeps hers from month to month."""
    names = [
        None if name is None else masking.pseudonym(
            "NGUOI", _normal(name), "" if born is None else born.isoformat())
        for name, born in zip(staff["full_name"], staff["birth_date"], strict=True)
    ]
    ids = [None if i is None else masking.pseudonym("ID", i.strip())
           for i in staff["employee_id"]]
    return pl.DataFrame({"person_id": staff["person_id"],
                         "full_name": pl.Series(names, dtype=pl.String),
                         "employee_id": pl.Series(ids, dtype=pl.String)})


def _mask_table(name: str, table: pl.DataFrame, people: pl.DataFrame,
                masking: Masking) -> pl.DataFrame:
    cols = table.columns
    exprs = []
    for col in ("full_name", "employee_id"):
        if col not in cols:
            continue
        if "person_id" in cols:
            mapping = dict(zip(people["person_id"], people[col], strict=True))
            exprs.append(pl.col("person_id").replace_strict(
                mapping, default=None, return_dtype=pl.String).alias(col))
        else:  # a table of people without person_id: the name (or ID) alone
            prefix = "NGUOI" if col == "full_name" else "ID"
            exprs.append(pl.col(col).map_elements(
                lambda v, p=prefix: masking.pseudonym(p, _normal(v)), return_dtype=pl.String))
    if "title" in cols:  # a code: the report words it ("title_group" kind)
        lead = pl.col("lead_coef").fill_null(0) > 0 if "lead_coef" in cols else pl.lit(False)
        has_title = pl.col("title").str.strip_chars().str.len_chars().fill_null(0) > 0
        exprs.append(pl.when(has_title | lead).then(pl.lit(TITLE_GROUP)).otherwise(None)
                     .cast(pl.String).alias("title"))
    if "birth_date" in cols:
        exprs.append(pl.date(pl.col("birth_date").dt.year(), 1, 1).alias("birth_date"))
        if "birth_precision" in cols:
            exprs.append(pl.when(pl.col("birth_date").is_not_null()).then(pl.lit("year"))
                         .otherwise(pl.col("birth_precision")).alias("birth_precision"))
    exprs += [pl.lit(None, table.schema[c]).alias(c) for c in DROPPED if c in cols]
    if name == "deferred" and "reason_codes" in cols:
        exprs.append(pl.lit(MASKED_REASON, pl.String).alias("reason_codes"))
    return table.with_columns(exprs) if exprs else table


def _mask_issues(issues: pl.DataFrame, staff: pl.DataFrame, mapping: pl.DataFrame | None,
                 masking: Masking) -> pl.DataFrame:
    """An issue on a person's row loses the row number; its value and arguments are blanked
    when they come from a personal column or quote a name, ID, title or birth date."""
    if issues.is_empty():
        return issues
    person_rows = staff.select(
        pl.col("source_file").alias("file"), pl.col("source_sheet").alias("sheet"),
        pl.col("source_row").alias("row"), pl.lit(True).alias("_person"),
    ).unique(["file", "sheet", "row"])
    marked = issues.with_row_index("_i").join(person_rows, on=["file", "sheet", "row"],
                                              how="left")
    if mapping is not None and not mapping.is_empty():
        fields = mapping.select("file", "sheet", "column", "field").unique(
            ["file", "sheet", "column"])
        marked = marked.join(fields, on=["file", "sheet", "column"], how="left")
    else:
        marked = marked.with_columns(pl.lit(None, pl.String).alias("field"))
    marked = marked.sort("_i")
    on_person = marked["_person"].fill_null(False)

    names_in = name_finder(_longer_than_2(staff["full_name"]))
    titles_in = name_finder(_longer_than_2(staff["title"]))
    tokens = set(staff["employee_id"].drop_nulls().str.strip_chars().to_list())
    tokens |= _date_forms(staff["birth_date"].drop_nulls().unique().to_list())

    def quotes(text: str | None, person: bool) -> bool:
        if not text:
            return False
        return (names_in(text) or (person and titles_in(text))
                or any(t in tokens for t in _TOKEN.findall(text)))

    blank = [
        field in PERSONAL_FIELDS or quotes(value, person) or quotes(args, person)
        for field, value, args, person in zip(
            marked["field"], marked["value"], marked["args"], on_person, strict=True)
    ]
    blank = pl.Series(blank, dtype=pl.Boolean)
    return issues.with_columns(
        pl.when(on_person).then(None).otherwise(pl.col("row")).alias("row"),
        pl.when(blank & pl.col("value").is_not_null()).then(pl.lit(BLANKED))
        .otherwise(pl.col("value")).alias("value"),
        pl.when(blank).then(pl.lit(None, pl.String)).otherwise(pl.col("args")).alias("args"),
    )


def _longer_than_2(column: pl.Series) -> list[str]:
    """Distinct texts worth looking for: "An" alone would blank every issue that says "an"."""
    return [t for t in column.drop_nulls().unique().to_list() if len(t.strip()) > 2]


def _date_forms(days: list[dt.date]) -> set[str]:
    """Every way a birth date may be written in an issue: 2025-03-01, 01/03/2025, 1/3/2025,
    and Excel's serial number (45717)."""
    forms: set[str] = set()
    for d in days:
        forms |= {d.isoformat(), d.strftime("%d/%m/%Y"), f"{d.day}/{d.month}/{d.year}",
                  str((d - dt.date(1899, 12, 30)).days)}
    return forms


def _with_mask_row(parameters: pl.DataFrame, as_of: dt.date, masking: Masking) -> pl.DataFrame:
    """The parameters table with a `run.mask` row after the other run settings: what was
    masked, in both languages, and the key's fingerprint."""
    from streamline.report import i18n

    label = i18n.catalogue()["privacy.run_mask"]
    value = (f"hmac-sha256 key {masking.fingerprint()}; birth_date=year; title=group; "
             f"source_row=null; notes=null; deferral=masked")
    row = pl.DataFrame([{
        "name": "run.mask", "label_vi": label["vi"], "label_en": label["en"], "value": value,
        "valid_from": as_of, "source": "--mask", "confirmed": True, "defaulted": False,
    }]).cast({c: parameters.schema[c] for c in parameters.columns}).select(parameters.columns)
    runs = parameters["name"].str.starts_with("run.").fill_null(False)
    at = int(runs.arg_true().max()) + 1 if runs.any() else 0
    return pl.concat([parameters.head(at), row, parameters.slice(at)])


def name_finder(names: list[str]):
    """A test "does this text contain one of these names?" costing a few set lookups per
    word of the text, not one scan per name (100,000 names × thousands of issues)."""
    folded = {f for f in map(fold, names) if f}
    longest = max((len(f.split()) for f in folded), default=0)

    def contains(text: str) -> bool:
        words = fold(text).split()
        return any(
            " ".join(words[i:j]) in folded
            for i in range(len(words))
            for j in range(i + 1, min(len(words), i + longest) + 1)
        )

    return contains
