"""One language at a time: `--lang en` shows no Vietnamese sentence of the tool's own (input data
aside) in the console, the workbook or the HTML; the default Vietnamese output shows no
English code word (`state`, `discipline`, `decree-154`, …). Every catalogue entry has both
languages, and every code the tables can hold has an entry."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from streamline.cli import main
from streamline.ingest import read_inputs
from streamline.report import CODED_COLUMNS, i18n

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "so_noi_vu.xlsx"
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I
)
# Technical reference columns left as they are in both languages: parameter names and their
# raw values (identifiers, grade and post names of the legal tables) and legal citations.
REFERENCE = {
    i18n.sheet("parameters", lang): {i18n.column(c, lang) for c in ("name", "value", "source")}
    for lang in ("vi", "en")
}


def _input_strings() -> list[str]:
    """Every text the input file holds (names, units, titles, headers, sheet names…): output may
    quote them in any language."""
    ing = read_inputs([SAMPLE])
    out = {SAMPLE.name, SAMPLE.stem}
    for frame in (ing.staff, ing.positions, ing.units, ing.mapping, ing.counts, ing.issues):
        for col, dtype in frame.schema.items():
            if dtype == pl.String and col not in ("code", "args", "severity", "role", "field"):
                out |= {v for v in frame[col].drop_nulls().to_list() if v}
    for raw in ing.issues["args"].drop_nulls():
        out |= {str(v) for v in json.loads(raw).values() if v}
    return sorted(out, key=len, reverse=True)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    runs = {}
    for lang in ("vi", "en"):
        folder = tmp_path_factory.mktemp(lang)
        res = CliRunner().invoke(main, ["analyze", str(SAMPLE), "--as-of", "2025-03-01",
                                        "--lang", lang, "--out", str(folder)])
        assert res.exit_code == 0, res.output
        runs[lang] = (folder, res.output)
    return runs, _input_strings()


def _workbook_texts(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    texts = []
    for ws in wb.worksheets:
        texts.append(ws.title)
        rows = list(ws.iter_rows(values_only=True))
        header = next((r for r in rows if r and sum(v is not None for v in r) > 2), ())
        skip = {i for i, h in enumerate(header) if h in REFERENCE.get(ws.title, ())}
        for row in rows:
            texts += [v for i, v in enumerate(row) if isinstance(v, str) and i not in skip]
    return texts


def _html_texts(path: Path) -> list[str]:
    page = path.read_text("utf-8")
    # The plotly.js library is not ours; the figures' JSON and the visible text are.
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, re.S)[1:]
    strings = [json.loads(s) for script in scripts
               for s in re.findall(r'"(?:[^"\\]|\\.)*"', script)]
    page = re.sub(r"<script[^>]*>.*?</script>|<style>.*?</style>", " ", page, flags=re.S)
    # The parameters table is a technical reference (see REFERENCE).
    page = re.sub(r"<h2>(Parameters|Tham số)</h2>.*", " ", page, flags=re.S)
    visible = [html.unescape(t) for t in re.split(r"<[^>]+>", page)]
    return [t for t in visible + strings if isinstance(t, str) and t.strip()]


def _without_inputs(text: str, inputs: list[str]) -> str:
    """The text less every input string it quotes, whole or shortened to a chart label
    ("PHÒNG TỔ CHỨC, BIÊN CHẾ V…")."""
    kept = []
    for piece in re.split(r" — |\n", text):
        if piece.endswith("…") and any(s.startswith(piece[:-1].strip()) for s in inputs):
            continue
        for s in inputs:
            if s in piece:
                piece = piece.replace(s, " ")
        kept.append(piece)
    return " — ".join(kept)


def test_english_output_has_no_vietnamese_of_its_own(outputs):
    runs, inputs = outputs
    folder, console = runs["en"]
    texts = (console.splitlines() + _workbook_texts(folder / "so_noi_vu.streamline.xlsx")
             + _html_texts(folder / "so_noi_vu.streamline.html"))
    leaks = sorted({t for t in texts if VIETNAMESE.search(_without_inputs(t, inputs))})
    assert not leaks, leaks[:20]


def _codes() -> set[str]:
    """Code words a reader must never see: the coded values, issue and reason codes."""
    kinds = set(CODED_COLUMNS.values()) | {"issue", "reason", "regime"}
    codes = set()
    for key in i18n.catalogue():
        kind, _, code = key.partition(".")
        if kind in kinds - {"col", "sex"} and ("_" in code or "-" in code or len(code) > 4):
            codes.add(code)
    return codes


def test_vietnamese_output_has_no_english_code_words(outputs):
    runs, inputs = outputs
    folder, console = runs["vi"]
    texts = (console.splitlines() + _workbook_texts(folder / "so_noi_vu.streamline.xlsx")
             + _html_texts(folder / "so_noi_vu.streamline.html"))
    codes = _codes()
    assert {"state", "discipline", "decree-154", "civil_servant"} <= codes
    found = sorted({w for t in texts for w in re.findall(r"[\w-]+", _without_inputs(t, inputs))
                    if w in codes})
    assert not found



def test_every_column_shown_has_its_header_worded(outputs):
    """A result-table column the workbook shows is headed from the catalogue in both
    languages, never by its raw name ("agency" headed 8 sheets before it had an entry)."""
    runs, _ = outputs
    # A raw name: lower-case ASCII words joined by "_" (in English, only those with a "_":
    # "numbers" and "dates" are words there).
    for lang, name in (("vi", r"[a-z]+(_[a-z0-9]+)*"), ("en", r"[a-z]+(_[a-z0-9]+)+")):
        texts = _workbook_texts(runs[lang][0] / "so_noi_vu.streamline.xlsx")
        raw = {t for t in texts if re.fullmatch(name, t)}
        assert not raw, (lang, sorted(raw))

def test_catalogue_has_both_languages():
    for key, pair in i18n.catalogue().items():
        assert set(pair) == {"vi", "en"}, key
        assert pair["vi"].strip() and pair["en"].strip(), key
        # The same arguments in both languages.
        args = [sorted(re.findall(r"{(\w+)", pair[lang])) for lang in ("vi", "en")]
        assert args[0] == args[1], key


def test_every_emitted_code_is_worded():
    """Codes the SQL and the importer can emit, read from their source, all have an entry."""
    root = Path(__file__).resolve().parent.parent
    cat = i18n.catalogue()
    sql = "\n".join(p.read_text("utf-8") for p in (root / "queries").glob("*.sql"))
    emitted = set(re.findall(r"THEN '([a-z0-9_]+)' END", sql))
    emitted |= {"rating_d29", "rating_d154", "sick_d29", "sick_d154"}  # 'rating_' || rule
    missing = [c for c in emitted if not any(k.endswith(f".{c}") for k in cat)]
    assert not missing
    for m in re.findall(r"'([a-z_]+)' AS code", sql):
        assert f"issue.{m}" in cat
    py = "\n".join(p.read_text("utf-8") for p in (root / "streamline").rglob("*.py"))
    for code in re.findall(r'InputError\([^,]+,\s*"([a-z_]+)"', py):
        assert f"error.{code}" in cat, code
    for code in re.findall(r'self\.issue\([^)]*?"([a-z_]+)",\s*"(?:info|warning|error)"', py):
        assert f"issue.{code}" in cat, code


def _rule_items() -> set[str]:
    """The rule names of the payout regimes' packs (a2_gt5, n_half_max_months, …)."""
    data = Path(__file__).resolve().parent.parent / "streamline" / "params" / "data"
    return {m for f in data.glob("policy_*.toml")
            for m in re.findall(r'item = "([a-z0-9_]+)"', f.read_text("utf-8"))}


def test_english_unconfirmed_rules_are_worded_not_named(tmp_path):
    """A payout's unconfirmed rule reads as what it says, in English, never as its name."""
    res = CliRunner().invoke(main, ["analyze", str(SAMPLE), "--as-of", "2026-12-01",
                                    "--lang", "en", "--out", str(tmp_path), "--no-html"])
    assert res.exit_code == 0, res.output
    texts = res.output.splitlines() + _workbook_texts(tmp_path / "so_noi_vu.streamline.xlsx")
    flagged = [t for t in texts if t.startswith("⚠ unconfirmed: ")]
    # Decree 154's rounding of remaining months, as the sample's payouts apply it.
    assert any("Remaining months of social insurance" in t for t in flagged), flagged[:3]
    items = _rule_items()
    assert {"a2_gt5", "n_half_max_months"} <= items
    assert not {w for t in texts for w in re.findall(r"\w+", t) if w in items}
